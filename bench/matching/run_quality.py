"""Quality benchmark: the engine (through the CLI) and the two baselines on the development set.

    .venv/bin/python bench/matching/run_quality.py

Writes quality.json and results.md beside this file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import baselines  # noqa: E402
import report  # noqa: E402
import scorer  # noqa: E402

from hezuo.core.matching import MatchIndex, Weights, profile_from_dict  # noqa: E402
from hezuo.core.matching.index import Analyzer  # noqa: E402

DEV = HERE / "devset"
TOP = 50


def load(path: Path) -> list:
    return [profile_from_dict(json.loads(line)) for line in path.read_text("utf-8").splitlines()]


def engine_run(profiles: list, queries: list, weights: Weights, analyzer=None) -> list[str]:
    index = MatchIndex.build(profiles, weights=weights, analyzer=analyzer)
    return [
        f"{q.id} Q0 {r.profile_id} {r.rank} {r.score:.6f} ablation"
        for q in queries
        for r in index.rank(q, top=TOP)
    ]


def main() -> None:
    profiles = load(DEV / "profiles.jsonl")
    queries = load(DEV / "queries.jsonl")
    qrels = scorer.read_qrels(DEV / "qrels.txt")
    raw_queries = [json.loads(x) for x in (DEV / "queries.jsonl").read_text("utf-8").splitlines()]
    cross = [q["id"] for q in raw_queries if q["_cross_lingual"]]
    same = [q["id"] for q in raw_queries if not q["_cross_lingual"]]
    hezuo = ROOT / ".venv" / "bin" / "hezuo"
    engine_cmd = [
        str(hezuo),
        "match",
        "rank",
        "--profiles",
        str(DEV / "profiles.jsonl"),
        "--queries",
        str(DEV / "queries.jsonl"),
        "--top",
        str(TOP),
        "--today",
        "2026-11-28",
    ]
    done = subprocess.run(engine_cmd, capture_output=True, text=True, check=True)  # noqa: S603
    runs = {
        "keyword (whole words)": baselines.keyword_run(profiles, queries, TOP),
        "BM25 (bigrams + words, no cross-language)": baselines.bm25_run(profiles, queries, TOP),
        "hezuo engine": done.stdout.splitlines(),
        "ablation: engine without structured fits": engine_run(
            profiles, queries, Weights(industry=0.0, region=0.0, quantity=0.0, price=0.0)
        ),
        "ablation: text scaled by the best match instead of the bound": engine_run(
            profiles, queries, Weights(text_norm="best")
        ),
        "ablation: engine without glossary": engine_run(
            profiles, queries, Weights(), Analyzer(glossary=None, simplify=True)
        ),
    }
    systems = {}
    for name, lines in runs.items():
        run = scorer.read_run(lines)
        systems[name] = {
            "all": scorer.evaluate(run, qrels, sorted(qrels)),
            "cross": scorer.evaluate(run, qrels, cross),
            "same": scorer.evaluate(run, qrels, same),
        }
    best_baseline = max(
        v["all"]["ndcg@10"] for k, v in systems.items() if k.startswith(("keyword", "BM25"))
    )
    result = {
        "command": ".venv/bin/python bench/matching/run_quality.py",
        "engine_command": " ".join(
            [".venv/bin/hezuo"]
            + [
                str(Path(c).relative_to(ROOT)) if c.startswith(str(ROOT)) else c
                for c in engine_cmd[1:]
            ]
        ),
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "devset": json.loads((DEV / "devset.json").read_text("utf-8")),
        "systems": systems,
        "margin": systems["hezuo engine"]["all"]["ndcg@10"] - best_baseline,
    }
    (HERE / "quality.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    report.render()
    for name, m in systems.items():
        print(
            f"{name:45s} ndcg@10 {m['all']['ndcg@10']:.3f} r@50 {m['all']['recall@50']:.3f} "
            f"cross {m['cross']['ndcg@10']:.3f} same {m['same']['ndcg@10']:.3f}"
        )
    print(f"margin {result['margin']:+.3f}")


if __name__ == "__main__":
    main()
