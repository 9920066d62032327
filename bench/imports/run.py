"""Benchmark of ledger import and export (issue 6).

    .venv/bin/python bench/imports/run.py --rows 1000000 --xlsx-rows 200000 --db postgres
    .venv/bin/python bench/imports/run.py --rows 1000000 --xlsx-rows 200000 --db sqlite

Builds a fresh database (migrations, the GB/T 2260 divisions of Liupanshui down to villages, the
world of WORLD.md with the Dalian–Liupanshui pairing, the users), writes a persons file of
``--rows`` rows (4 persons per household, valid GB 11643 ID numbers), then measures, each in a
process of its own so that its peak memory (ru_maxrss) is its own:

1. ``hezuo import persons FILE.csv`` — fully validated, one transaction, with history;
   then the same file again (every row unchanged: nothing written);
2. on PostgreSQL, plain ``COPY`` of the same file into a table of the same columns; then the
   floor of the data model: the records the import writes for that file (households, members,
   incomes and a history row for each, into the same indexed tables with their foreign keys)
   written by SQL alone from the copied table, no Python and no checks, in one transaction
   whose deferred foreign keys are checked (SET CONSTRAINTS ALL IMMEDIATE) and which is then
   rolled back (so it runs before the import, on the same empty tables);
3. ``hezuo import persons FILE.xlsx`` with ``--xlsx-rows`` other households;
4. ``hezuo export persons FILE.xlsx`` of everything imported.

Figures are appended to bench/imports/results.md with the command line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
    out = done.stdout.strip().splitlines()[-1][:300] if done.stdout.strip() else ""
    own = re.search(r"([0-9.]+) s\)?$", out)  # the step's own time, as it printed it
    return {
        "step": label,
        "seconds": round(seconds, 1),
        "own": float(own.group(1)) if own else round(seconds, 1),
        "peak_mb": round(peak / 1024),
        "out": out,
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


FLOOR_SCRIPT = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hezuo.settings")
import django
django.setup()
from django.db import connection, transaction
from hezuo.assistance.models import Household, HouseholdIncome, HouseholdMember
from hezuo.regions.models import Program
from hezuo.imports.services import system_user

def insert(model, exprs, source):
    # INSERT INTO model's table: given SQL expressions, the other columns their defaults.
    cols, sel, params = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key and f.attname not in exprs:
            continue
        cols.append(connection.ops.quote_name(f.column))
        if f.attname in exprs:
            sel.append(exprs[f.attname])
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            sel.append("now()")
        elif f.has_default():
            sel.append("%s"); params.append(f.get_default())
        elif f.null:
            sel.append("NULL")
        else:
            sel.append("''")
    return (f"INSERT INTO {model._meta.db_table} ({', '.join(cols)}) SELECT {', '.join(sel)} "
            f"FROM {source}"), params

def history(model, user):
    # the history row of every record just written (this transaction's ids are in ids_<table>)
    h = model.history.model
    cols, sel, params = [], [], []
    own = {f.attname for f in model._meta.concrete_fields}
    for f in h._meta.concrete_fields:
        if f.attname == "history_id":
            continue
        cols.append(connection.ops.quote_name(f.column))
        if f.attname in own:
            sel.append("t." + connection.ops.quote_name(f.column))
        elif f.attname == "history_date":
            sel.append("now()")
        elif f.attname == "history_type":
            sel.append("'+'")
        elif f.attname == "history_change_reason":
            sel.append("'floor'")
        elif f.attname == "history_user_id":
            sel.append("%s"); params.append(user)
        else:
            sel.append("NULL")
    table = model._meta.db_table
    return (f"INSERT INTO {h._meta.db_table} ({', '.join(cols)}) SELECT {', '.join(sel)} "
            f"FROM {table} t WHERE t.id >= %s"), params

program = Program.objects.get(code="dalian-liupanshui").pk
user = system_user().pk
year = 2026
steps = []
with transaction.atomic():
    with connection.cursor() as c:
        c.execute("SELECT coalesce(max(id), 0) + 1 FROM assistance_household"); h0 = c.fetchone()[0]
        c.execute("SELECT coalesce(max(id), 0) + 1 FROM assistance_householdmember"); m0 = c.fetchone()[0]
        c.execute("SELECT coalesce(max(id), 0) + 1 FROM assistance_householdincome"); i0 = c.fetchone()[0]
        started = time.perf_counter()
        c.execute(
            "CREATE TEMP TABLE floor_hh ON COMMIT DROP AS SELECT household_no, min(village_code) "
            "village_code, min(status) status, min(income_per_capita) income, count(*) members, "
            "coalesce(max(phone), '') phone FROM bench_persons_copy GROUP BY household_no"
        )
        steps.append(("group", time.perf_counter() - started))
        for label, sql, params in [
            ("households", *insert(Household, {
                "number": "x.household_no", "phone": "x.phone", "status": "x.status",
                "status_since": "current_date", "program_id": str(program), "village_id": "r.id"},
                "floor_hh x JOIN regions_region r ON r.code = x.village_code")),
            ("household history", *history(Household, user)),
            ("members", *insert(HouseholdMember, {
                "household_id": "h.id", "name": "p.name", "id_number": "p.id_number",
                "relation": "p.relation", "birth_date": "to_date(substr(p.id_number, 7, 8), 'YYYYMMDD')",
                "sex": "'M'", "phone": "coalesce(p.phone, '')"},
                "bench_persons_copy p JOIN assistance_household h ON h.number = p.household_no "
                "AND h.id >= " + str(h0))),
            ("member history", *history(HouseholdMember, user)),
            ("incomes", *insert(HouseholdIncome, {
                "household_id": "h.id", "year": str(year), "members": "x.members",
                "total": "x.income * x.members", "per_capita": "x.income"},
                "floor_hh x JOIN assistance_household h ON h.number = x.household_no "
                "AND h.id >= " + str(h0))),
            ("income history", *history(HouseholdIncome, user)),
        ]:
            t = time.perf_counter()
            start = {"household history": h0, "member history": m0, "income history": i0}.get(label)
            c.execute(sql, [*params, start] if start is not None else params)
            steps.append((label, time.perf_counter() - t))
        t = time.perf_counter()
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the foreign keys COMMIT would check
        steps.append(("foreign keys", time.perf_counter() - t))
        total = time.perf_counter() - started
        transaction.set_rollback(True)
with connection.cursor() as c:
    for table in ("assistance_household", "assistance_householdmember", "assistance_householdincome"):
        c.execute(f"VACUUM ANALYZE {table}")
        c.execute(f"VACUUM ANALYZE assistance_historical{table.split('_', 1)[1]}")
print("; ".join(f"{k} {v:.1f} s" for k, v in steps) + f"; written and checked in {total:.1f} s")
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
    results = []
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
                "rows": args.rows,
                **measure(
                    "SQL alone, same records (floor, rolled back)",
                    [sys.executable, "-c", FLOOR_SCRIPT],
                    env,
                ),
            }
        )
    results += [
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
        "Seconds: the whole command (Python and Django start-up included); own seconds: the "
        "step's own time as it printed it (the import, the COPY, the SQL).\n",
        "| step | rows | seconds | rows/s | own seconds | rows/s (own) | peak memory (MB) | output |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        rows_, wall, own = int(r["rows"]), float(r["seconds"]), float(r["own"])  # type: ignore[arg-type]
        rate = round(rows_ / wall) if wall else 0
        own_rate = round(rows_ / own) if own else 0
        lines.append(
            f"| {r['step']} | {rows_} | {wall} | {rate} | {own} | {own_rate} | {r['peak_mb']} "
            f"| {r['out']} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    print(json.dumps(results))
    with (ROOT / "bench" / "imports" / "results.md").open("a") as target:
        target.write(text)


if __name__ == "__main__":
    main()
