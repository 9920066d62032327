"""Scale benchmark: index build, memory and query latency at 1,000,000 synthetic profiles, and the
allocation solver at 10,000 × 2,000 with capacities.

    .venv/bin/python bench/matching/run_scale.py [--profiles 1000000] [--queries 300]
        [--supplies 10000] [--demands 2000] [--pairs-per-supply 50]

Writes scale.json and results.md beside this file. One process, one thread (BLAS / OpenMP pools
limited to one thread); peak memory is the process's RSS high-water mark (profiles kept in memory
included). Synthetic profiles are made from the development set's topic sentences in zh / zh-Hant /
ja / en, mixed with random company names, fillers and a clause of another topic; kinds uniform.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "devset"))
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import report  # noqa: E402
from topics import TOPICS  # noqa: E402

from hezuo.core.matching import MatchIndex, Profile  # noqa: E402
from hezuo.core.matching.allocate import allocate, allocate_greedy  # noqa: E402
from hezuo.core.matching.profile import PAIRS  # noqa: E402

SYLLABLES = {
    "zh": list("华盛源达鑫泰恒瑞丰宏兴隆昌安康明新远腾博凯金银川海山"),
    "ja": ["やま", "かわ", "たか", "ひろ", "みず", "もり", "さか", "ふじ", "あお", "しま"],
    "en": ["nor", "ever", "blu", "stone", "sum", "har", "key", "lo", "tus", "vex", "ora", "dyn"],
}
SUFFIX = {"zh": "有限公司", "ja": "株式会社", "en": " Ltd."}
FILLER = {
    "zh": ["欢迎洽谈。", "可提供样品。", "长期合作。", "价格面议。"],
    "ja": ["お問い合わせください。", "長期取引希望。", "サンプルあり。"],
    "en": ["Contact us.", "Long-term partnership wanted.", "Samples available."],
}
REGIONS = ["520200", "520100", "210200", "440300", "310000", "JP", "JP-13", "CN", "SG"]


def synthetic_profiles(n: int, seed: int = 7) -> list[Profile]:
    import opencc

    s2t = opencc.OpenCC("s2tw")
    rng = random.Random(seed)
    topics = list(TOPICS.values())
    # sentences per (topic, side, script)
    bank: list[tuple[dict, str, str, str, str]] = []
    for topic in topics:
        for side in ("offer", "request"):
            for lang in ("zh", "ja", "en"):
                title, sentence = topic[side][lang]
                bank.append((topic, side, lang, title, sentence))
                if lang == "zh":
                    bank.append((topic, side, "zh-Hant", s2t.convert(title), s2t.convert(sentence)))
    kinds_of = {}
    for topic in topics:
        kinds_of[id(topic)] = {"offer": topic["kind"], "request": PAIRS[topic["kind"]]}
    out: list[Profile] = []
    for i in range(n):
        topic, side, script, title, sentence = bank[rng.randrange(len(bank))]
        lang = "zh" if script.startswith("zh") else script
        other = bank[rng.randrange(len(bank))]
        syl = SYLLABLES[lang]
        company = "".join(rng.choice(syl) for _ in range(rng.randint(2, 4))) + SUFFIX[lang]
        clause = other[4] if other[2] == script else ""
        text = f"{company} {sentence} {clause[: len(clause) // 2]} {rng.choice(FILLER[lang])}"
        out.append(
            Profile(
                id=f"s{i}",
                kind=kinds_of[id(topic)][side],
                lang=lang,
                title=title,
                text=text,
                industry=(topic["industry"],) if rng.random() < 0.6 else (),
                region=rng.choice(REGIONS) if rng.random() < 0.7 else "",
                quantity=float(rng.randint(1, 800)) if rng.random() < 0.3 else None,
                unit="t",
                price=float(rng.randint(5, 80)) if rng.random() < 0.3 else None,
                currency="CNY",
            )
        )
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def bench_index(n: int, n_queries: int) -> tuple[dict, dict]:
    t0 = time.perf_counter()
    profiles = synthetic_profiles(n)
    queries = synthetic_profiles(n_queries, seed=99)
    generate_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    index = MatchIndex.build(profiles)
    build_s, build_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    postings = sum(int(p.docs.size) for p in index.partitions.values())
    # warm-up (first query loads lazily built tables)
    index.rank(queries[0], top=10)
    times, times_explain, cpu = [], [], []
    for q in queries:
        t, c = time.perf_counter(), time.process_time()
        index.rank(q, top=10)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    for q in queries[: max(1, n_queries // 3)]:
        t = time.perf_counter()
        index.rank(q, top=10, explain=True)
        times_explain.append((time.perf_counter() - t) * 1000)
    idx = {
        "profiles": n,
        "generate_s": generate_s,
        "build_s": build_s,
        "build_cpu_s": build_cpu_s,
        "peak_rss_mb": peak_rss_mb(),
        "vocabulary": len(index.vocab),
        "postings": postings,
        "partition_sizes": {k: p.n for k, p in index.partitions.items()},
    }
    qs = {
        "queries": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": float(np.percentile(times, 95)),
        "max_ms": max(times),
        "p95_cpu_ms": float(np.percentile(cpu, 95)),
        "p95_explain_ms": float(np.percentile(times_explain, 95)),
    }
    return idx, qs


def bench_allocation(supplies: int, demands: int, per_supply: int, seed: int = 3) -> dict:
    rng = np.random.default_rng(seed)
    supply_caps = rng.integers(1, 6, size=supplies).tolist()
    demand_caps = rng.integers(5, 41, size=demands).tolist()
    sup = np.repeat(np.arange(supplies), per_supply)
    dem = np.concatenate(
        [rng.choice(demands, size=per_supply, replace=False) for _ in range(supplies)]
    )
    # scores with structure: a demand's attractiveness plus pair noise
    appeal = rng.random(demands)
    score = np.round(0.5 * appeal[dem] + 0.5 * rng.random(sup.size), 4) + 0.0001
    pairs = np.stack([sup, dem, score], axis=1)
    t0, c0 = time.perf_counter(), time.process_time()
    opt = allocate(supply_caps, demand_caps, pairs)
    optimal_s, optimal_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    greedy = allocate_greedy(supply_caps, demand_caps, pairs)
    greedy_s = time.perf_counter() - t0
    return {
        "supplies": supplies,
        "demands": demands,
        "pairs": int(sup.size),
        "supply_capacity": int(sum(supply_caps)),
        "demand_capacity": int(sum(demand_caps)),
        "optimal_s": optimal_s,
        "optimal_cpu_s": optimal_cpu_s,
        "greedy_s": greedy_s,
        "optimal_total": opt.total,
        "greedy_total": greedy.total,
        "gap_ratio": (opt.total - greedy.total) / greedy.total,
        "method": opt.method,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--supplies", type=int, default=10_000)
    parser.add_argument("--demands", type=int, default=2_000)
    parser.add_argument("--pairs-per-supply", type=int, default=50)
    parser.add_argument("--skip-index", action="store_true")
    args = parser.parse_args()
    command = ".venv/bin/python bench/matching/run_scale.py" + "".join(
        f" {a}" for a in sys.argv[1:]
    )
    alloc = bench_allocation(args.supplies, args.demands, args.pairs_per_supply)
    print(json.dumps(alloc), flush=True)
    previous = (
        json.loads((HERE / "scale.json").read_text()) if (HERE / "scale.json").exists() else {}
    )
    if args.skip_index and previous:
        idx, qs = previous["index"], previous["query"]
    else:
        idx, qs = bench_index(args.profiles, args.queries)
    result = {
        "command": command,
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()},"
        f" numpy {np.__version__}, {os.cpu_count()} cores shared (one used)",
        "index": idx,
        "query": qs,
        "allocation": alloc,
        "notes": f"Load average when measured: {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores shared with other work, so wall times run above CPU times.",
    }
    (HERE / "scale.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    report.render()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
