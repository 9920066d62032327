"""Benchmark of ledger import and export (issue 6).

    .venv/bin/python bench/imports/run.py --rows 1000000 --xlsx-rows 200000 --db postgres
    .venv/bin/python bench/imports/run.py --rows 1000000 --xlsx-rows 200000 --db sqlite

Builds a fresh database (migrations, the GB/T 2260 divisions of Liupanshui down to villages, the
world of WORLD.md with the Dalian–Liupanshui pairing, the users), writes a persons file of
``--rows`` rows (4 persons per household, valid GB 11643 ID numbers), then measures, each in a
process of its own so that its peak memory (ru_maxrss) is its own:

1. ``hezuo import persons FILE.csv`` — fully validated, one transaction, with history;
   then the same file again (every row unchanged: nothing written);
2. on PostgreSQL, plain ``COPY`` of the same file into a table of the same columns;
3. ``hezuo import persons FILE.xlsx`` with ``--xlsx-rows`` other households;
4. ``hezuo export persons FILE.xlsx`` of everything imported.

Figures are appended to bench/imports/results.md with the command line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/hezuo-bench-imports"))
HEADERS = [
    "household_no",
    "id_number",
    "name",
    "relation",
    "village_code",
    "status",
    "income_per_capita",
    "phone",
]
RELATIONS = ["head", "spouse", "child", "parent"]
STATUSES = ["registered_poor", "lifted", "monitored", "none"]


def database_url(db: str) -> str:
    if db == "postgres":
        return os.environ.get(
            "BENCH_PG", "postgresql://postgres@127.0.0.1:5432/hezuo_bench_imports"
        )
    return f"sqlite:///{WORK / 'bench.sqlite3'}"


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hezuo.settings")
    import django

    django.setup()


def rows(count: int, start: int, villages: list[str]) -> object:
    """Yield ``count`` person rows; ID numbers unique over (birth day, sequence)."""
    from stdnum.cn import ric

    first = date(1940, 1, 1)
    for n in range(start, start + count):
        household = n // 4
        born = (first + timedelta(days=n // 1000)).strftime("%Y%m%d")
        body = f"520203{born}{n % 1000:03d}"
        yield [
            f"B{household:08d}",
            body + ric.calc_check_digit(body + "0"),
            f"测试{n}",
            RELATIONS[n % 4],
            villages[household % len(villages)],
            STATUSES[household % 4],
            f"{5000 + household % 5000}.50",
            f"138{n:08d}" if n % 4 == 0 else "",
        ]


def prepare(args: argparse.Namespace) -> None:
    """A fresh database and the files."""
    WORK.mkdir(parents=True, exist_ok=True)
    url = database_url(args.db)
    if args.db == "postgres":
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    else:
        (WORK / "bench.sqlite3").unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": url}
    hezuo = [sys.executable, "-m", "hezuo.manage"]
    subprocess.run([*hezuo, "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    code = (
        "from django.core.management import call_command;"
        "call_command('load_regions', verbosity=0); call_command('load_industries', verbosity=0);"
        "from hezuo.demo.world import build_world; build_world();"
        "from hezuo.demo.users import build_users; build_users()"
    )
    subprocess.run([*hezuo, "shell", "-c", code], env=env, check=True, cwd=ROOT)  # noqa: S603
    django_setup(url)
    from hezuo.core import tabular
    from hezuo.regions.models import Region

    villages = list(
        Region.objects.filter(level="village", code__startswith="5202").values_list(
            "code", flat=True
        )
    )
    csv_path = WORK / f"persons-{args.rows}.csv"
    if not csv_path.exists():
        with csv_path.open("wb") as target:
            tabular.write_csv(target, HEADERS, rows(args.rows, 0, villages))
    xlsx_path = WORK / f"persons-{args.xlsx_rows}.xlsx"
    if not xlsx_path.exists():
        with xlsx_path.open("wb") as target:
            tabular.write_xlsx(target, HEADERS, rows(args.xlsx_rows, 10_000_000, villages))


def measure(label: str, argv: list[str], env: dict[str, str]) -> dict[str, object]:
    """Run one step in its own process; return seconds and the child's peak memory."""
    started = time.perf_counter()
    wrapped = [sys.executable, "-c", WRAP, *argv]
    done = subprocess.run(wrapped, env=env, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
    seconds = time.perf_counter() - started
    peak = int(done.stderr.strip().rsplit("MAXRSS=", 1)[-1]) if "MAXRSS=" in done.stderr else 0
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-4000:], file=sys.stderr)
        raise SystemExit(f"{label} failed")
    return {
        "step": label,
        "seconds": round(seconds, 1),
        "peak_mb": round(peak / 1024),
        "out": done.stdout.strip().splitlines()[-1][:300] if done.stdout.strip() else "",
    }


#: Runs a step as its only child and reports that child's peak resident memory (kB).
WRAP = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print("MAXRSS=%d" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""

COPY_SCRIPT = """
import sys, time, psycopg
url, path = sys.argv[1], sys.argv[2]
with psycopg.connect(url) as conn:
    conn.execute("DROP TABLE IF EXISTS bench_persons_copy")
    conn.execute(
        "CREATE TABLE bench_persons_copy (id bigserial primary key, household_no varchar(30),"
        " id_number varchar(24), name varchar(100), relation varchar(16), village_code varchar(32),"
        " status varchar(16), income_per_capita numeric(16,2), phone varchar(40))"
    )
    conn.commit()
    started = time.perf_counter()
    with conn.cursor() as cur, open(path, "rb") as f:
        with cur.copy(
            "COPY bench_persons_copy (household_no, id_number, name, relation, village_code,"
            " status, income_per_capita, phone) FROM STDIN WITH (FORMAT csv, HEADER true)"
        ) as copy:
            while chunk := f.read(1 << 20):
                copy.write(chunk)
    conn.commit()
    print(f"copied in {time.perf_counter() - started:.1f} s")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=20_000)
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args()
    prepare(args)
    url = database_url(args.db)
    env = {**os.environ, "DATABASE_URL": url}
    hezuo = [sys.executable, "-m", "hezuo.manage"]
    csv_path = WORK / f"persons-{args.rows}.csv"
    xlsx_path = WORK / f"persons-{args.xlsx_rows}.xlsx"
    load_before = os.getloadavg()
    results = [
        {
            "rows": args.rows,
            **measure("import .csv", [*hezuo, "import", "persons", str(csv_path)], env),
        },
        {
            "rows": args.rows,
            **measure(
                "import .csv again (all unchanged)",
                [*hezuo, "import", "persons", str(csv_path)],
                env,
            ),
        },
    ]
    if args.db == "postgres":
        results.append(
            {
                "rows": args.rows,
                **measure(
                    "plain COPY (reference)",
                    [sys.executable, "-c", COPY_SCRIPT, url, str(csv_path)],
                    env,
                ),
            }
        )
    results.append(
        {
            "rows": args.xlsx_rows,
            **measure("import .xlsx", [*hezuo, "import", "persons", str(xlsx_path)], env),
        }
    )
    total = args.rows + args.xlsx_rows
    results.append(
        {
            "rows": total,
            **measure(
                "export .xlsx", [*hezuo, "export", "persons", str(WORK / "export.xlsx")], env
            ),
        }
    )
    lines = [
        f"\n## {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · {args.db} · "
        f"`.venv/bin/python bench/imports/run.py --rows {args.rows} --xlsx-rows {args.xlsx_rows} --db {args.db}`\n",
        f"Load average (1, 5, 15 min) before: {', '.join(f'{x:.1f}' for x in load_before)}; "
        f"after: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (2 CPU cores).\n",
        "| step | rows | seconds | rows/s | peak memory (MB) | output |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        rate = round(int(r["rows"]) / float(r["seconds"])) if r["seconds"] else 0  # type: ignore[arg-type]
        lines.append(
            f"| {r['step']} | {r['rows']} | {r['seconds']} | {rate} | {r['peak_mb']} | {r['out']} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    print(json.dumps(results))
    with (ROOT / "bench" / "imports" / "results.md").open("a") as target:
        target.write(text)


if __name__ == "__main__":
    main()
