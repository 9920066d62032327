"""Text normalisation and tokenisation for matching across zh-Hans, zh-Hant, ja and en.

Pure Python (no Django). What :func:`normalize` does, in order:

1. Unicode NFKC: full-width latin letters and digits become ASCII (ＡＢＣ１２ → ABC12), half-width
   katakana become full-width (ｴﾈﾙｷﾞｰ → エネルギー), compatibility ideographs become unified ones.
2. Case folding (latin).
3. A character table that maps traditional Chinese and Japanese shinjitai to simplified Chinese,
   so that 日本電産 (ja), 日本電產 (zh-Hant) and 日本电产 (zh-Hans) become the same string. The
   table is derived, character by character, from OpenCC's own dictionaries (``jp2t`` then
   ``t2s``: JPShinjitaiCharacters, TSCharacters) through the maintained ``opencc`` package — it
   is not written by hand here. Character-level (not phrase-level) conversion is deliberate: both
   sides of a match go through the same table, so the mapping only has to be consistent.

:func:`tokenize` then cuts the normalised text into script runs: Han runs give character bigrams
(a run of one character gives that character), kana runs (hiragana folded to katakana) give
bigrams, latin runs give lower-case words with English stop words dropped and a light plural
stemming (semiconductors → semiconductor). No dictionary segmenter is needed, so text without
spaces in any of the three languages is handled the same way.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

# Han ranges converted by the table: CJK Extension A, the unified block, compatibility ideographs.
_HAN_RANGES: Final = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))

_BMP: Final = 0x10000


def _list_table(mapping: dict[int, int]) -> list[int]:
    """A translate table as a list over the BMP: much faster than a dict with str.translate,
    which raises and catches a KeyError for every character a dict does not map."""
    table = list(range(_BMP))
    for src, dst in mapping.items():
        table[src] = dst
    return table


_HIRAGANA_TO_KATAKANA_MAP: Final = {c: c + 0x60 for c in range(0x3041, 0x3097)}
_KATAKANA_TO_HIRAGANA_MAP: Final = {c + 0x60: c for c in range(0x3041, 0x3097)}
_HIRAGANA_TO_KATAKANA: Final = _list_table(_HIRAGANA_TO_KATAKANA_MAP)

# Script runs of normalised text. Groups: 1 Han (with 々 and 〇), 2 katakana (with the long-vowel
# mark ー), 3 hiragana, 4 latin words/digits (inner hyphens, dots and plus kept: "li-ion", "5g").
_RUN_RE: Final = re.compile(
    r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〇]+)"
    r"|([\u30a1-\u30faー]+)"
    r"|([\u3041-\u3096]+)"
    r"|([a-z0-9]+(?:[-+.][a-z0-9]+)*)"
)

EN_STOPWORDS: Final = frozenset(
    """a an and are as at be by can for from has have in into is it its of on or our that the
    their this to we with will you your per who which what would should than also all any
    such other more most very well they them was were been being do does did not no""".split()
)

# Single-character Han tokens that carry no topic on their own (particles and function words).
_HAN_STOP: Final = frozenset("的了和与及在是为对把被等或其之也就都而并")


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=1)
def _han_table() -> dict[int, int]:
    """Return the character table: traditional / shinjitai code point → simplified code point."""
    import opencc  # the maintained binding of OpenCC; see hezuo/core/matching/data/SOURCES.md

    chars = [chr(c) for start, stop in _HAN_RANGES for c in range(start, stop)]
    joined = "\n".join(chars)
    via_jp = opencc.OpenCC("jp2t").convert(joined).split("\n")
    if len(via_jp) != len(chars):  # pragma: no cover - OpenCC keeps one line per line
        raise RuntimeError("OpenCC jp2t changed the number of lines")
    t2s = opencc.OpenCC("t2s")
    simplified = t2s.convert("\n".join(via_jp)).split("\n")
    direct = t2s.convert(joined).split("\n")
    table: dict[int, int] = {}
    for char, converted, plain in zip(chars, simplified, direct, strict=True):
        # t2s first; the shinjitai route only for characters outside GB 2312 (the simplified
        # Chinese character set), so that 研 stays 研 (jp2t would give the variant 硏) and
        # 黒 / 産 / 広 still become 黑 / 产 / 广.
        if plain != char:
            target = plain
        elif not _in_gb2312(char):
            target = converted
        else:
            continue
        if len(target) == 1 and target != char:
            table[ord(char)] = ord(target)
    return table


@lru_cache(maxsize=1)
def _translate_table() -> list[int]:
    return _list_table(_han_table())


def to_simplified(text: str) -> str:
    """Map traditional Chinese and Japanese shinjitai characters of ``text`` to simplified ones."""
    return text.translate(_translate_table())


def normalize(text: str) -> str:
    """Return ``text`` in the matching form: NFKC, case-folded, Han characters simplified."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return folded if folded.isascii() else folded.translate(_translate_table())


def stem_en(word: str) -> str:
    """A light English stemmer: plural endings only (industries → industry, cells → cell)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_STEMS: dict[str, str] = {}


def _stem_cached(word: str) -> str:
    stem = _STEMS.get(word)
    if stem is None:
        stem = stem_en(word)
        if len(_STEMS) < 200_000:
            _STEMS[word] = stem
    return stem


def _bigrams(run: str) -> Iterable[str]:
    return map(operator.add, run[:-1], run[1:])


def tokenize_normalized(norm: str) -> list[str]:
    """Tokens of text that is already :func:`normalize`-d (see the module docstring)."""
    tokens: list[str] = []
    for han, kata, hira, latin in _RUN_RE.findall(norm):
        if han:
            if len(han) == 1:
                if han not in _HAN_STOP:
                    tokens.append(han)
            else:
                tokens.extend(_bigrams(han))
        elif kata or hira:
            run = kata or hira.translate(_HIRAGANA_TO_KATAKANA)
            if len(run) >= 2:
                tokens.extend(_bigrams(run))
        elif latin not in EN_STOPWORDS and not latin.isdigit():
            tokens.append(_stem_cached(latin))
    return tokens


def tokenize(text: str) -> list[str]:
    """Normalise ``text`` and cut it into matching tokens (see the module docstring)."""
    return tokenize_normalized(normalize(text))


def latin_words(norm: str) -> list[str]:
    """The stemmed latin words of normalised text, stop words kept (for phrase look-up)."""
    return [stem_en(w) for w in re.findall(r"[a-z0-9]+(?:[-+.][a-z0-9]+)*", norm)]


def kana_folded(norm: str) -> str:
    """Normalised text with hiragana folded to katakana."""
    return norm.translate(_HIRAGANA_TO_KATAKANA)


def hiragana_folded(norm: str) -> str:
    """Normalised text with katakana folded to hiragana."""
    return norm.translate(_KATAKANA_TO_HIRAGANA_MAP)


def has_cjk(text: str) -> bool:
    """Whether ``text`` contains a Han or kana character."""
    return any(
        "\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
        for ch in text
    )


def join_texts(parts: Iterable[str]) -> str:
    """Join text fields with a separator that never forms a bigram across fields."""
    return "\n".join(p for p in parts if p)


_CJK_RUN_RE: Final = re.compile(
    r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〇]+)|([\u30a1-\u30faー]+)|([\u3041-\u3096]+)"
)


def shared_spans(text: str, shared: set[str], *, simplify: bool = True) -> list[str]:
    """The stretches of ``text`` (in its own script) made of the shared Han / kana tokens.

    For an explanation a person reads: the tokens 燃料 料电 电池 shared with a Chinese profile
    show in a Japanese text as 燃料電池, not as three bigrams. Spans come in order of appearance,
    each once.
    """
    shown = unicodedata.normalize("NFKC", text)
    spans: list[str] = []
    for match in _CJK_RUN_RE.finditer(shown):
        run = match.group(0)
        if match.group(1):
            keyed = to_simplified(run) if simplify else run
        elif match.group(3):
            keyed = run.translate(_HIRAGANA_TO_KATAKANA)
        else:
            keyed = run
        if len(keyed) == 1:
            if keyed in shared:
                spans.append(run)
            continue
        covered = [False] * len(run)
        for i in range(len(keyed) - 1):
            if keyed[i : i + 2] in shared:
                covered[i] = covered[i + 1] = True
        start = None
        for i, flag in enumerate([*covered, False]):
            if flag and start is None:
                start = i
            elif not flag and start is not None:
                spans.append(run[start:i])
                start = None
    return list(dict.fromkeys(spans))
