"""The two baselines of the benchmark, ranking the same profiles as the engine.

* ``keyword``: whole-word keyword match. Text is NFKC-normalised and case-folded and cut at
  white space and punctuation (so a Chinese or Japanese sentence is one or a few long "words");
  a profile scores the number of distinct words it shares with the query.
* ``bm25``: BM25 over CJK character bigrams and latin words (the engine's tokenizer) with no
  cross-language knowledge: no traditional / shinjitai → simplified mapping, no glossary, no
  structured fits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from hezuo.core.matching import MatchIndex, Profile, Weights, complement
from hezuo.core.matching.index import Analyzer

WORD = re.compile(r"\w+")


def _words(profile: Profile) -> set[str]:
    text = unicodedata.normalize("NFKC", f"{profile.title}\n{profile.text}").casefold()
    return set(WORD.findall(text))


def keyword_run(profiles: list[Profile], queries: Iterable[Profile], top: int) -> list[str]:
    words = [(p, _words(p)) for p in profiles]
    lines: list[str] = []
    for q in queries:
        qw = _words(q)
        want = complement(q.kind)
        scored = [(len(qw & w), p.id) for p, w in words if p.kind == want]
        scored = [s for s in scored if s[0] > 0]
        scored.sort(key=lambda s: (-s[0], s[1]))
        for rank, (score, pid) in enumerate(scored[:top], start=1):
            lines.append(f"{q.id} Q0 {pid} {rank} {score:.6f} keyword")
    return lines


def bm25_index(profiles: list[Profile]) -> MatchIndex:
    analyzer = Analyzer(glossary=None, simplify=False, title_repeat=1)
    weights = Weights(industry=0.0, region=0.0, quantity=0.0, price=0.0, title=1)
    return MatchIndex.build(profiles, analyzer=analyzer, weights=weights)


def bm25_run(profiles: list[Profile], queries: Iterable[Profile], top: int) -> list[str]:
    index = bm25_index(profiles)
    lines: list[str] = []
    for q in queries:
        for r in index.rank(q, top=top):
            lines.append(f"{q.id} Q0 {r.profile_id} {r.rank} {r.score:.6f} bm25")
    return lines
