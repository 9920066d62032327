"""The matching glossary: concepts named in zh / ja / en, found in text of any of the three.

The data is ``data/glossary.toml`` (see its header for the format). A text that names a concept
in any language gets the concept as an extra token (``§<id>``), and the concepts it is narrower
than as well, so that 氢能, 水素エネルギー and "hydrogen energy" meet.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Final

from hezuo.core.matching.text import (
    has_cjk,
    hiragana_folded,
    kana_folded,
    latin_words,
    normalize,
    tokenize_normalized,
)

CONCEPT_PREFIX: Final = "§"
LANGS: Final = ("zh", "ja", "en")


@dataclass(frozen=True, slots=True)
class Concept:
    """One glossary concept: its id, its terms per language, its broader concept."""

    id: str
    terms: Mapping[str, tuple[str, ...]]
    broader: str = ""

    def label(self, lang: str) -> str:
        """The concept's first term in ``lang`` (the id without one)."""
        terms = self.terms.get(lang, ())
        return terms[0] if terms else self.id

    def labels(self) -> dict[str, str]:
        """The concept's label in each language."""
        return {lang: self.label(lang) for lang in LANGS}

    @property
    def token(self) -> str:
        return CONCEPT_PREFIX + self.id


@dataclass(slots=True)
class Glossary:
    """Concepts and the look-up structures that find them in normalised text."""

    concepts: dict[str, Concept]
    _cjk: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _latin: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _cjk_first: frozenset[str] = frozenset()
    _cjk_bigram: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _cjk_bigram_keys: frozenset[str] = frozenset()
    _latin_first: frozenset[str] = frozenset()
    _closure: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_concepts(cls, concepts: Iterable[Concept]) -> Glossary:
        """Build a glossary (and its look-up tables) from concepts."""
        by_id: dict[str, Concept] = {}
        for concept in concepts:
            if concept.id in by_id:
                raise ValueError(f"glossary: concept {concept.id!r} defined twice")
            by_id[concept.id] = concept
        glossary = cls(concepts=by_id)
        for concept in by_id.values():
            if concept.broader and concept.broader not in by_id:
                raise ValueError(
                    f"glossary: concept {concept.id!r} has unknown broader {concept.broader!r}"
                )
            for terms in concept.terms.values():
                for term in terms:
                    glossary._add_term(term, concept.id)
        for concept_id in by_id:
            glossary._closure[concept_id] = glossary._ancestors(concept_id)
        glossary._cjk_first = frozenset(glossary._cjk)
        glossary._cjk_bigram_keys = frozenset(glossary._cjk_bigram)
        glossary._latin_first = frozenset(glossary._latin)
        return glossary

    def _add_term(self, term: str, concept_id: str) -> None:
        norm = normalize(term).strip()
        if not norm:
            return
        if has_cjk(norm):
            # as written, and with its kana all katakana or all hiragana (こんにゃく / コンニャク)
            # Terms that start with two characters of one script run are looked up by that
            # bigram among the text's tokens (kana folded to katakana, as the tokenizer does);
            # the others by their first character.
            lead = tokenize_normalized(norm[:2])
            for variant in {norm, kana_folded(norm), hiragana_folded(norm)}:
                if len(lead) == 1 and len(lead[0]) == 2 and has_cjk(lead[0]):
                    entries = self._cjk_bigram.setdefault(lead[0], [])
                else:
                    entries = self._cjk.setdefault(variant[0], [])
                if (variant, concept_id) not in entries:
                    entries.append((variant, concept_id))
        else:
            # as the tokenizer sees it: stemmed words, stop words dropped
            words = tokenize_normalized(norm) or latin_words(norm)
            if words:
                phrase = " " + " ".join(words) + " "
                self._latin.setdefault(words[0], []).append((phrase, concept_id))

    def _ancestors(self, concept_id: str) -> tuple[str, ...]:
        chain = [concept_id]
        seen = {concept_id}
        broader = self.concepts[concept_id].broader
        while broader and broader not in seen:
            chain.append(broader)
            seen.add(broader)
            broader = self.concepts[broader].broader
        return tuple(chain)

    def find(self, norm: str, tokens: list[str] | None = None) -> set[str]:
        """Ids of the concepts named in normalised text ``norm`` (without broader ones).

        ``tokens`` are the text's tokens (:func:`tokenize_normalized`), if already at hand.
        """
        found: set[str] = set()
        words = tokenize_normalized(norm) if tokens is None else tokens
        for first in self._cjk_first.intersection(norm):
            for term, concept_id in self._cjk[first]:
                if concept_id not in found and term in norm:
                    found.add(concept_id)
        for key in self._cjk_bigram_keys.intersection(words):
            for term, concept_id in self._cjk_bigram[key]:
                if concept_id not in found and term in norm:
                    found.add(concept_id)
        hits = self._latin_first.intersection(words)
        if hits:
            joined = " " + " ".join(words) + " "
            for first in hits:
                for phrase, concept_id in self._latin[first]:
                    if concept_id not in found and phrase in joined:
                        found.add(concept_id)
        return found

    def expand(self, concept_ids: Iterable[str]) -> set[str]:
        """The concepts and every broader concept of each."""
        out: set[str] = set()
        for concept_id in concept_ids:
            out.update(self._closure[concept_id])
        return out

    def concept_tokens(self, norm: str, tokens: list[str] | None = None) -> list[str]:
        """Concept tokens (``§id``) of normalised text, broader concepts included."""
        return [CONCEPT_PREFIX + c for c in sorted(self.expand(self.find(norm, tokens)))]

    def concept_of_token(self, token: str) -> Concept | None:
        """The concept a ``§id`` token stands for (None for any other token)."""
        if not token.startswith(CONCEPT_PREFIX):
            return None
        return self.concepts.get(token[len(CONCEPT_PREFIX) :])


def parse_glossary(text: str) -> Glossary:
    """Parse glossary TOML (the format of ``data/glossary.toml``)."""
    data = tomllib.loads(text)
    concepts: list[Concept] = []
    for entry in data.get("concept", []):
        concept_id = entry.get("id")
        if not isinstance(concept_id, str) or not concept_id:
            raise ValueError(f"glossary: concept without an id: {entry!r}")
        terms: dict[str, tuple[str, ...]] = {}
        for lang in LANGS:
            values = entry.get(lang, [])
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise ValueError(f"glossary: {concept_id}.{lang} must be a list of strings")
            terms[lang] = tuple(values)
        broader = entry.get("broader", "")
        if not isinstance(broader, str):
            raise ValueError(f"glossary: {concept_id}.broader must be a string")
        concepts.append(Concept(id=concept_id, terms=terms, broader=broader))
    return Glossary.from_concepts(concepts)


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    """The glossary shipped in ``hezuo/core/matching/data/glossary.toml`` (read once)."""
    text = (
        resources.files("hezuo.core.matching")
        .joinpath("data", "glossary.toml")
        .read_text(encoding="utf-8")
    )
    return parse_glossary(text)
