"""Render bench/matching/results.md from quality.json and scale.json (whichever exist)."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(name: str) -> dict | None:
    path = HERE / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def render() -> None:
    out = ["# Matching engine: benchmark results", ""]
    out.append(
        "Written by `bench/matching/run_quality.py` and `bench/matching/run_scale.py`; "
        "figures also in `quality.json` and `scale.json`."
    )
    out.append("")
    quality = _load("quality.json")
    if quality:
        out += ["## Quality on the development set", ""]
        out.append(f"Command: `{quality['command']}`  ")
        out.append(f"Engine run through the CLI: `{quality['engine_command']}`  ")
        out.append(f"Measured: {quality['when']}")
        out.append("")
        ds = quality["devset"]
        out.append(
            f"Set: {ds['profiles']} profiles, {ds['queries']} queries "
            f"({ds['cross_lingual_queries']} cross-lingual: no grade-3 answer in the query's "
            f"language), {ds['judgements']} graded judgements (bench/matching/devset/)."
        )
        out.append("")
        out.append(
            "| system | NDCG@10 | recall@50 | NDCG@10 cross-lingual | NDCG@10 same-language |"
        )
        out.append("| --- | ---: | ---: | ---: | ---: |")
        for name, m in quality["systems"].items():
            out.append(
                f"| {name} | {m['all']['ndcg@10']:.3f} | {m['all']['recall@50']:.3f} | "
                f"{m['cross']['ndcg@10']:.3f} | {m['same']['ndcg@10']:.3f} |"
            )
        out.append("")
        out.append(
            f"Engine NDCG@10 minus the stronger baseline: **{quality['margin']:+.3f}** "
            "(aim: at least +0.15)."
        )
        out.append("")
    scale = _load("scale.json")
    if scale:
        out += ["## Scale", ""]
        out.append(f"Command: `{scale['command']}`  ")
        out.append(f"Measured: {scale['when']} on {scale['machine']}")
        out.append("")
        idx = scale["index"]
        out.append("| figure | value | target |")
        out.append("| --- | ---: | ---: |")
        out.append(f"| synthetic profiles | {idx['profiles']:,} | 1,000,000 |")
        out.append(f"| profile generation (not part of the build) | {idx['generate_s']:.1f} s | |")
        out.append(
            f"| index build, one core: wall / CPU | {idx['build_s']:.1f} s / {idx.get('build_cpu_s', 0):.1f} s | < 120 s |"
        )
        out.append(
            f"| peak memory (RSS high-water mark, whole process) | {idx['peak_rss_mb']:,.0f} MB | < 4,096 MB |"
        )
        out.append(f"| vocabulary / postings | {idx['vocabulary']:,} / {idx['postings']:,} | |")
        q = scale["query"]
        out.append(
            f"| query top-10 with kind filter, p50 ({q['queries']} queries) | {q['p50_ms']:.1f} ms | |"
        )
        out.append(
            f"| query top-10 with kind filter, p95 wall / CPU | {q['p95_ms']:.1f} ms / {q.get('p95_cpu_ms', 0):.1f} ms | < 50 ms |"
        )
        out.append(f"| query with explanations, p95 | {q['p95_explain_ms']:.1f} ms | |")
        a = scale.get("allocation")
        if a:
            out.append(
                f"| allocation {a['supplies']:,} × {a['demands']:,}, {a['pairs']:,} candidate pairs, "
                f"optimal (OR-Tools min-cost flow), wall / CPU | {a['optimal_s']:.2f} s / {a.get('optimal_cpu_s', 0):.2f} s | < 10 s |"
            )
            out.append(f"| allocation greedy baseline | {a['greedy_s']:.2f} s | |")
            out.append(
                f"| total fit optimal / greedy (gap) | {a['optimal_total']:,.1f} / "
                f"{a['greedy_total']:,.1f} (+{100 * a['gap_ratio']:.2f} %) | |"
            )
        out.append("")
        if scale.get("notes"):
            out += [scale["notes"], ""]
    (HERE / "results.md").write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    render()
