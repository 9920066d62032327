"""The matching index: ranks, for one profile, the profiles of the complementary kind.

Score of a profile ``p`` for a query ``q`` (every part is reported in the explanation)::

    score = text + industry + region + quantity + price

* ``text`` = ``weights.text`` × BM25(q, p) / BM25's upper bound for q (``text_norm="bound"``:
  a share of what q could score at most, comparable across queries, so a threshold means the
  same for every query; ``"best"`` divides by the best profile's BM25 for q instead). Tokens are the character
  bigrams and words of :mod:`text` plus the glossary's concept tokens (a concept token counts
  ``weights.concept`` times a plain token on the query side). BM25 statistics are those of the
  complementary kind's profiles. The part of each shared token is reported with the concept's
  labels in zh / ja / en.
* ``industry`` = ``weights.industry`` × :func:`fits.industry_fit`, ``region`` =
  ``weights.region`` × :func:`fits.region_fit`, ``quantity`` = ``weights.quantity`` ×
  :func:`fits.capacity_fit` (the offer side's quantity is its capacity), ``price`` =
  ``weights.price`` × :func:`fits.price_fit` (the request side's price is its budget). A fit
  with nothing to compare counts 0.
* Profiles past their ``valid_until`` on ``today`` are not ranked, nor are profiles that share
  neither a token nor an industry (division or finer) with the query: region, quantity and price
  order the candidates, they do not make one.

The index keeps one partition per kind (so a kind filter costs nothing), each an inverted index in
numpy arrays (CSR: term → sorted local doc ids and precomputed BM25 term-frequency parts) plus
arrays of the structured fields; a query adds up posting lists into a dense score array of the
partition and refines the best few exactly.
"""

from __future__ import annotations

import math
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt

from hezuo.core.matching import fits
from hezuo.core.matching.glossary import Glossary, default_glossary
from hezuo.core.matching.profile import Profile, complement, is_offer
from hezuo.core.matching.text import (
    join_texts,
    normalize,
    shared_spans,
    tokenize_normalized,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]

COMPONENTS: Final = ("text", "industry", "region", "quantity", "price")


@dataclass(frozen=True, slots=True)
class Weights:
    """The engine's weights (tuned on the development set in bench/matching)."""

    text: float = 1.0
    industry: float = 0.3
    region: float = 0.1
    quantity: float = 0.1
    price: float = 0.1
    concept: float = 2.0
    title: int = 2
    text_norm: str = "bound"
    k1: float = 1.2
    b: float = 0.75


@dataclass(frozen=True, slots=True)
class Analyzer:
    """Turns a profile's title and text into tokens.

    ``simplify`` maps traditional / shinjitai to simplified characters; ``glossary`` adds concept
    tokens. With both off this is the plain bigram baseline of the benchmark.
    """

    glossary: Glossary | None = None
    simplify: bool = True
    title_repeat: int = 2

    def normalise(self, text: str) -> str:
        if self.simplify:
            return normalize(text)
        return unicodedata.normalize("NFKC", text).casefold()

    def analyse_text(self, text: str) -> list[str]:
        norm = self.normalise(text)
        tokens = tokenize_normalized(norm)
        if self.glossary is not None:
            tokens.extend(self.glossary.concept_tokens(norm, tokens))
        return tokens

    def analyse(self, profile: Profile) -> list[str]:
        """Tokens of the title (``title_repeat`` times), of the text, and concept tokens."""
        title = self.normalise(profile.title)
        text = self.normalise(profile.text)
        title_tokens = tokenize_normalized(title)
        text_tokens = tokenize_normalized(text)
        tokens = title_tokens * max(1, self.title_repeat) + text_tokens
        if self.glossary is not None:
            tokens.extend(
                self.glossary.concept_tokens(join_texts((title, text)), title_tokens + text_tokens)
            )
        return tokens


def default_analyzer() -> Analyzer:
    """The engine's analyzer: simplification and the shipped glossary."""
    return Analyzer(glossary=default_glossary(), simplify=True, title_repeat=Weights().title)


@dataclass(slots=True)
class _Builder:
    terms: array[int] = field(default_factory=lambda: array("i"))
    docs: array[int] = field(default_factory=lambda: array("i"))
    tfs: array[int] = field(default_factory=lambda: array("I"))
    lengths: array[int] = field(default_factory=lambda: array("i"))
    profiles: list[Profile] = field(default_factory=list)


def _industry_tokens(codes: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for code in codes:
        digits = fits.digits_of(code)
        for level in (2, 3, 4):
            if len(digits) >= level:
                out.add(f"{level}:{digits[:level]}")
    return out


def _region_tokens(region: str) -> set[str]:
    path = fits.region_path(region)
    if not path:
        return set()
    out = {"P:" + "/".join(path[:i]) for i in range(1, len(path) + 1)}
    out.add("X:" + "/".join(path))
    return out


class Partition:
    """The profiles of one kind: postings and structured arrays."""

    def __init__(self, kind: str, builder: _Builder, vocab_size: int, weights: Weights) -> None:
        self.kind = kind
        self.profiles: list[Profile] = builder.profiles
        self.ids: list[str] = [p.id for p in builder.profiles]
        n = len(self.ids)
        self.n = n
        terms = np.frombuffer(builder.terms, dtype=np.int32)
        docs = np.frombuffer(builder.docs, dtype=np.int32)
        tfs = np.frombuffer(builder.tfs, dtype=np.uint32).astype(np.float32)
        lengths = np.frombuffer(builder.lengths, dtype=np.int32).astype(np.float32)
        order = np.argsort(terms, kind="stable")
        counts = np.bincount(terms, minlength=vocab_size)
        self.df: IntArray = counts.astype(np.int32)
        self.indptr = np.zeros(vocab_size + 1, dtype=np.int64)
        np.cumsum(counts, out=self.indptr[1:])
        self.docs: IntArray = docs[order]
        avgdl = float(lengths.mean()) if n else 1.0
        k1, b = weights.k1, weights.b
        tf = tfs[order]
        dl = lengths[self.docs]
        self.tfw = (tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / max(avgdl, 1.0)))).astype(
            np.float32
        )
        del order, tf, dl
        # structured fields
        self.industry: dict[str, IntArray] = {}
        self.region: dict[str, IntArray] = {}
        ind_lists: dict[str, list[int]] = {}
        reg_lists: dict[str, list[int]] = {}
        self.qty_dim = np.full(n, -1, dtype=np.int8)
        self.qty = np.full(n, np.nan, dtype=np.float64)
        self.price = np.full(n, np.nan, dtype=np.float64)
        self.currency = np.zeros(n, dtype=np.int16)
        self.valid_until = np.zeros(n, dtype=np.int32)
        self._dims: dict[str, int] = {}
        self._currencies: dict[str, int] = {"": 0}
        for i, p in enumerate(builder.profiles):
            if p.industry:
                for tok in _industry_tokens(p.industry):
                    ind_lists.setdefault(tok, []).append(i)
            if p.region:
                for tok in _region_tokens(p.region):
                    reg_lists.setdefault(tok, []).append(i)
            if p.quantity is not None:
                base = fits.base_quantity(p.quantity, p.unit)
                if base is not None:
                    self.qty_dim[i] = self._dims.setdefault(base[0], len(self._dims))
                    self.qty[i] = base[1]
            if p.price is not None:
                self.price[i] = p.price
                self.currency[i] = self._currencies.setdefault(p.currency, len(self._currencies))
            if p.valid_until is not None:
                self.valid_until[i] = p.valid_until.toordinal()
        self.industry = {k: np.asarray(v, dtype=np.int32) for k, v in ind_lists.items()}
        self.region = {k: np.asarray(v, dtype=np.int32) for k, v in reg_lists.items()}

    def postings(self, tid: int) -> tuple[IntArray, npt.NDArray[np.float32]]:
        start, stop = int(self.indptr[tid]), int(self.indptr[tid + 1])
        return self.docs[start:stop], self.tfw[start:stop]

    def idf(self, tid: int | None) -> float:
        df = int(self.df[tid]) if tid is not None and tid < len(self.df) else 0
        return math.log(1.0 + (self.n - df + 0.5) / (df + 0.5))

    # -- structured fits as arrays (the same numbers as hezuo.core.matching.fits) --------------

    def industry_fits(self, codes: tuple[str, ...]) -> FloatArray | None:
        if not codes or not any(len(fits.digits_of(c)) >= 2 for c in codes):
            return None
        out = np.zeros(self.n, dtype=np.float64)
        for level in (2, 3, 4):
            value = fits.INDUSTRY_LEVELS[level][1]
            for code in codes:
                digits = fits.digits_of(code)
                if len(digits) >= level:
                    hit = self.industry.get(f"{level}:{digits[:level]}")
                    if hit is not None:
                        out[hit] = np.maximum(out[hit], value)
        return out

    def region_fits(self, region: str) -> FloatArray | None:
        path = fits.region_path(region)
        if not path:
            return None
        out = np.zeros(self.n, dtype=np.float64)
        for depth in range(1, len(path)):
            hit = self.region.get("P:" + "/".join(path[:depth]))
            if hit is not None:
                out[hit] = fits.REGION_SHARED[min(depth, 3)][1]
        contained = [self.region.get("P:" + "/".join(path))]
        contained += [self.region.get("X:" + "/".join(path[:d])) for d in range(1, len(path) + 1)]
        for hit in contained:
            if hit is not None:
                out[hit] = fits.REGION_CONTAINED
        return out

    def quantity_fits(self, query: Profile) -> FloatArray | None:
        base = fits.base_quantity(query.quantity, query.unit)
        if base is None or base[0] not in self._dims:
            return None
        same = self.qty_dim == self._dims[base[0]]
        out = np.zeros(self.n, dtype=np.float64)
        other = self.qty[same]
        with np.errstate(divide="ignore", invalid="ignore"):
            if is_offer(query.kind):  # query's quantity is the capacity, the profile's the need
                vals = np.where(other <= 0, 1.0, np.minimum(1.0, base[1] / other))
            else:
                vals = np.minimum(1.0, other / base[1]) if base[1] > 0 else np.ones_like(other)
        out[same] = vals
        return out

    def price_fits(self, query: Profile) -> FloatArray | None:
        if query.price is None or query.currency not in self._currencies:
            return None
        cur = self._currencies[query.currency]
        same = (self.currency == cur) & ~np.isnan(self.price)
        out = np.zeros(self.n, dtype=np.float64)
        other = self.price[same]
        if is_offer(query.kind):
            price, budget = np.full_like(other, query.price), other
        else:
            price, budget = other, np.full_like(other, query.price)
        with np.errstate(divide="ignore", invalid="ignore"):
            over = np.where(budget > 0, np.maximum(0.0, 1.0 - (price - budget) / budget), 0.0)
        out[same] = np.where(price <= budget, 1.0, over)
        return out


@dataclass(slots=True)
class Result:
    """One ranked profile: its id, score and (when asked) explanation."""

    profile_id: str
    score: float
    rank: int = 0
    explanation: dict[str, Any] | None = None


class MatchIndex:
    """An index of profiles, one partition per kind."""

    def __init__(self, analyzer: Analyzer | None = None, weights: Weights | None = None) -> None:
        self.weights = weights or Weights()
        self.analyzer = analyzer or default_analyzer()
        self.vocab: dict[str, int] = {}
        self.terms: list[str] = []
        self.partitions: dict[str, Partition] = {}

    @classmethod
    def build(
        cls,
        profiles: Iterable[Profile],
        *,
        analyzer: Analyzer | None = None,
        weights: Weights | None = None,
    ) -> MatchIndex:
        """Index ``profiles`` (ids must be unique within a kind)."""
        index = cls(analyzer, weights)
        builders: dict[str, _Builder] = {}
        vocab = index.vocab
        analyse = index.analyzer.analyse
        for profile in profiles:
            builder = builders.get(profile.kind)
            if builder is None:
                builder = builders[profile.kind] = _Builder()
            doc = len(builder.profiles)
            builder.profiles.append(profile)
            tokens = analyse(profile)
            counts = Counter(tokens)
            known = list(map(vocab.get, counts))  # the common case: every token seen before
            tids = (
                [vocab.setdefault(t, len(vocab)) for t in counts]
                if None in known
                else cast("list[int]", known)
            )
            builder.terms.extend(tids)
            builder.docs.extend([doc] * len(tids))
            builder.tfs.extend(counts.values())
            builder.lengths.append(len(tokens))
        index.terms = [""] * len(vocab)
        for term, tid in vocab.items():
            index.terms[tid] = term
        for kind in list(builders):
            index.partitions[kind] = Partition(kind, builders.pop(kind), len(vocab), index.weights)
        return index

    def __len__(self) -> int:
        return sum(p.n for p in self.partitions.values())

    def _query_terms(self, query: Profile) -> list[tuple[str, int | None, float]]:
        counts = Counter(self.analyzer.analyse(query))
        out: list[tuple[str, int | None, float]] = []
        concept_weight = self.weights.concept
        for term in counts:
            qw = concept_weight if term.startswith("§") else 1.0
            out.append((term, self.vocab.get(term), qw))
        return out

    def rank(
        self,
        query: Profile,
        *,
        top: int = 10,
        today: date | None = None,
        explain: bool = False,
    ) -> list[Result]:
        """The ``top`` best profiles of the complementary kind for ``query``, best first.

        Profiles with a score of 0 are not returned; ties are broken by profile id.
        """
        part = self.partitions.get(complement(query.kind))
        if part is None or part.n == 0 or top <= 0:
            return []
        w = self.weights
        qterms = self._query_terms(query)
        total = np.zeros(part.n, dtype=np.float64)
        raw: list[tuple[str, int, float]] = []
        for term, tid, qw in qterms:
            if tid is None or tid >= len(part.df) or part.df[tid] == 0:
                continue
            factor = qw * part.idf(tid)
            docs, tfw = part.postings(tid)
            total[docs] += np.multiply(tfw, factor, dtype=np.float64)
            raw.append((term, tid, factor))
        if w.text_norm == "best":  # the best text match of this query scores weights.text
            norm = float(total.max()) if raw else 0.0
        else:  # "bound": BM25's upper bound for this query
            norm = sum(qw * part.idf(tid) * (w.k1 + 1) for _, tid, qw in qterms)
        text_scale = w.text / norm if norm > 0 else 0.0
        total *= text_scale
        scaled = [(term, tid, factor * text_scale) for term, tid, factor in raw]
        # Only profiles that share a term or an industry with the query are suggested: region,
        # quantity and price refine the order of those, they do not make a match on their own.
        eligible = total > 0
        structured = self._structured(part, query)
        for name, values in structured.items():
            total += getattr(w, name) * values
            if name == "industry":
                eligible |= values > 0
        if today is not None:
            eligible &= ~((part.valid_until > 0) & (part.valid_until < today.toordinal()))
        eligible &= total > 0
        positive = np.flatnonzero(eligible)
        if positive.size == 0:
            return []
        if positive.size > top:
            kth = np.partition(total[positive], positive.size - top)[positive.size - top]
            positive = positive[total[positive] >= kth]
        ids = part.ids
        chosen = sorted(positive.tolist(), key=lambda d: (-total[d], ids[d]))[:top]
        shared = self._shared_terms(part, chosen, scaled) if explain else {}
        results: list[Result] = []
        for rank, doc in enumerate(chosen, start=1):
            result = Result(profile_id=ids[doc], score=float(total[doc]), rank=rank)
            if explain:
                result.explanation = self._explain(
                    part, query, doc, shared.get(doc, []), structured, rank
                )
                # the same score with or without explanations (the parts add up to it within
                # floating-point rounding)
                result.explanation["score"] = result.score
            results.append(result)
        return results

    @staticmethod
    def _shared_terms(
        part: Partition, chosen: list[int], scaled: Sequence[tuple[str, int, float]]
    ) -> dict[int, list[tuple[str, float]]]:
        """Per chosen profile: the query's terms it holds and each one's part of the text score."""
        out: dict[int, list[tuple[str, float]]] = {}
        wanted = np.asarray(chosen, dtype=np.int32)
        for term, tid, factor in scaled:
            docs, tfw = part.postings(tid)
            pos = np.minimum(np.searchsorted(docs, wanted), len(docs) - 1)
            for k in np.flatnonzero(docs[pos] == wanted).tolist():
                out.setdefault(chosen[k], []).append((term, factor * float(tfw[pos[k]])))
        return out

    def _structured(self, part: Partition, query: Profile) -> dict[str, FloatArray]:
        out: dict[str, FloatArray] = {}
        w = self.weights
        if w.industry:
            ind = part.industry_fits(query.industry)
            if ind is not None:
                out["industry"] = ind
        if w.region:
            reg = part.region_fits(query.region)
            if reg is not None:
                out["region"] = reg
        if w.quantity:
            qty = part.quantity_fits(query)
            if qty is not None:
                out["quantity"] = qty
        if w.price:
            price = part.price_fits(query)
            if price is not None:
                out["price"] = price
        return out

    def _explain(
        self,
        part: Partition,
        query: Profile,
        doc: int,
        shared: Sequence[tuple[str, float]],
        structured: dict[str, FloatArray],
        rank: int,
    ) -> dict[str, Any]:
        glossary = self.analyzer.glossary
        terms: list[dict[str, Any]] = []
        text_value = 0.0
        for term, value in shared:
            text_value += value
            entry: dict[str, Any] = {"term": term, "value": value}
            concept = glossary.concept_of_token(term) if glossary else None
            if concept is not None:
                entry["term"] = concept.label(query.lang)
                entry["concept"] = concept.id
                entry["labels"] = concept.labels()
            terms.append(entry)
        profile = part.profiles[doc]
        detail_fits: dict[str, fits.Fit | None] = {
            "industry": fits.industry_fit(query.industry, profile.industry),
            "region": fits.region_fit(query.region, profile.region),
        }
        if is_offer(query.kind):
            detail_fits["quantity"] = fits.capacity_fit(
                query.quantity, query.unit, profile.quantity, profile.unit
            )
            detail_fits["price"] = fits.price_fit(
                query.price, query.currency, profile.price, profile.currency
            )
        else:
            detail_fits["quantity"] = fits.capacity_fit(
                profile.quantity, profile.unit, query.quantity, query.unit
            )
            detail_fits["price"] = fits.price_fit(
                profile.price, profile.currency, query.price, query.currency
            )
        components: list[dict[str, Any]] = [{"name": "text", "value": text_value}]
        for name in COMPONENTS[1:]:
            weight = float(getattr(self.weights, name))
            fit = detail_fits[name]
            arr = structured.get(name)
            value = weight * float(arr[doc]) if arr is not None else 0.0
            component: dict[str, Any] = {"name": name, "value": value, "weight": weight}
            if fit is not None:
                component.update(
                    fit=fit.value, level=fit.level, query=fit.query, profile=fit.profile
                )
            components.append(component)
        score = sum(c["value"] for c in components)
        for c in components:
            c["share"] = c["value"] / score if score else 0.0
        for t in terms:
            t["share"] = t["value"] / score if score else 0.0
        terms.sort(key=lambda t: (-t["value"], t["term"]))
        plain = {t for t, _ in shared if not t.startswith("§")}
        simplify = self.analyzer.simplify
        latin = sorted(t for t in plain if t.isascii())
        phrases = {
            "query": shared_spans(join_texts((query.title, query.text)), plain, simplify=simplify)
            + latin,
            "profile": shared_spans(
                join_texts((profile.title, profile.text)), plain, simplify=simplify
            )
            + latin,
        }
        return {
            "query": query.id,
            "profile": part.ids[doc],
            "rank": rank,
            "score": score,
            "components": components,
            "terms": terms,
            "phrases": phrases,
        }
