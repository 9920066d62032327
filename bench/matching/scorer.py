"""Scorer for TREC runs against graded qrels: NDCG@10 (gain 2^g - 1) and recall@50.

    .venv/bin/python bench/matching/scorer.py RUN QRELS

Recall counts every judged profile (grade >= 1) as relevant. A query with no result still counts
(as 0). Pure Python; used by run_quality.py.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from pathlib import Path


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            qid, _, doc, grade = line.split()
            qrels[qid][doc] = int(grade)
    return dict(qrels)


def read_run(lines: list[str]) -> dict[str, list[str]]:
    """A TREC run (``QID Q0 DOC RANK SCORE TAG``) as ranked doc lists, by rank."""
    rows: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for line in lines:
        if line.strip():
            qid, _, doc, rank, _score, _tag = line.split()
            rows[qid].append((int(rank), doc))
    return {qid: [d for _, d in sorted(r)] for qid, r in rows.items()}


def ndcg(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** judged.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(judged.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], judged: dict[str, int], k: int = 50) -> float:
    relevant = {d for d, g in judged.items() if g > 0}
    return len(relevant.intersection(ranked[:k])) / len(relevant) if relevant else 0.0


def evaluate(
    run: dict[str, list[str]], qrels: dict[str, dict[str, int]], qids: list[str] | None = None
) -> dict[str, float]:
    qids = qids if qids is not None else sorted(qrels)
    n = len(qids)
    return {
        "ndcg@10": sum(ndcg(run.get(q, []), qrels.get(q, {})) for q in qids) / n,
        "recall@50": sum(recall(run.get(q, []), qrels.get(q, {})) for q in qids) / n,
        "queries": n,
    }


if __name__ == "__main__":
    run_lines = Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
    print(evaluate(read_run(run_lines), read_qrels(Path(sys.argv[2]))))
