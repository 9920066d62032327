"""Benchmark of "who qualifies for this policy" (issue 8): rules compiled to one query.

    .venv/bin/python bench/policies/run.py --projects 100000 --db sqlite
    .venv/bin/python bench/policies/run.py --projects 100000 --db postgres [--jit on]

Builds a fresh database (migrations, the GB/T 4754 classes, one zone with four sub-areas,
``--projects`` projects and a fifth as many investor organisations, each project with an
investor, a stage, figures in CNY, JPY or USD, industry classes, an agreement and, from
``registered`` on, the move that registered it), then the synthetic policy catalogue of
hezuo.demo.policies, and times, for every policy, ``selectors.qualifying_projects(...)`` to the
list of project ids (best of three, after one warm-up). A sample of 2 000 projects is also judged
in Python (hezuo.core.eligibility) to check that the query and the explanation agree.

Figures are appended to bench/policies/results.md with the command line.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

STAGES = [
    "lead",
    "negotiating",
    "signed",
    "registered",
    "construction",
    "production",
    "capacity",
    "expansion",
    "terminated",
]
COUNTRIES = ["JP"] * 5 + ["KR", "US", "DE", "CN", "CN", "HK", "SG"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--jit",
        choices=["off", "on"],
        default="off",
        help="PostgreSQL's JIT for the timed queries: off as the pages run them "
        "(hezuo.policies.rules.without_jit), or on (the server's default)",
    )
    args = parser.parse_args()

    if args.db == "sqlite":
        path = Path("/tmp/hezuo-bench-policies.sqlite3")
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS hezuo_bench_policies")
            c.execute("CREATE DATABASE hezuo_bench_policies")
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/hezuo_bench_policies"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hezuo.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from hezuo.demo.policies import CATALOGUE
    from hezuo.directory.models import IndustryClass, Organisation
    from hezuo.events.models import Agreement
    from hezuo.policies import rules, selectors
    from hezuo.policies.models import EligibilityRule, Policy
    from hezuo.projects.models import Project, ProjectFigure, ProjectParty, StageChange
    from hezuo.regions.models import Program, SubArea
    from hezuo.zonedesk.models import ExchangeRate

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_industries", verbosity=0)
    print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
    rng = random.Random(args.seed)
    n = args.projects
    today = date.today()
    with transaction.atomic():
        zone = Program.objects.create(code="bench-zone", kind="zone", name_zh_hans="测试示范区")
        areas = [
            SubArea.objects.create(program=zone, kind="sub_area", code=c, name_zh_hans=c)
            for c in ("xizhongdao", "songmudao", "huayuankou", "new-japan-park")
        ]
        ExchangeRate.objects.create(
            currency="JPY", date=date(2020, 1, 1), rate=Decimal("0.05"), source="official"
        )
        ExchangeRate.objects.create(
            currency="USD", date=date(2020, 1, 1), rate=Decimal("7"), source="official"
        )
        agreements = Agreement.objects.bulk_create(
            Agreement(
                title_zh_hans=f"协议{i}",
                kind=rng.choice(["investment_project", "framework", "business_cooperation"]),
                program=zone,
            )
            for i in range(200)
        )
        orgs = Organisation.objects.bulk_create(
            Organisation(
                name_zh_hans=f"投资方{i}",
                kind="enterprise" if rng.random() < 0.95 else "government",
                country=rng.choice(COUNTRIES),
            )
            for i in range(max(1, n // 5))
        )
        classes = list(IndustryClass.objects.filter(level="class").values_list("pk", flat=True))
        projects = Project.objects.bulk_create(
            Project(
                code=f"B-{i:07d}",
                title_zh_hans=f"项目{i}",
                program=zone,
                sub_area=rng.choice(areas) if rng.random() < 0.6 else None,
                stage=rng.choice(STAGES),
                stage_since=date(2021, 1, 1),
            )
            for i in range(n)
        )
        ProjectParty.objects.bulk_create(
            ProjectParty(project=p, organisation=rng.choice(orgs), role="investor")
            for p in projects
        )
        through = Project.industry_classes.through
        through.objects.bulk_create(
            through(project_id=p.pk, industryclass_id=rng.choice(classes))
            for p in projects
            if rng.random() < 0.7
        )
        links = Project.agreements.through
        links.objects.bulk_create(
            links(project_id=p.pk, agreement_id=rng.choice(agreements).pk)
            for p in projects
            if rng.random() < 0.6
        )
        figures = []
        for p in projects:
            currency = rng.choice(["CNY", "CNY", "JPY", "USD"])
            scale = {"CNY": 1, "JPY": 20, "USD": Decimal("0.14")}[currency]
            for kind in ("contracted_investment", "arrived_investment"):
                if rng.random() < 0.7:
                    figures.append(
                        ProjectFigure(
                            project=p,
                            kind=kind,
                            amount=Decimal(rng.randint(1, 200) * 1_000_000) * scale,
                            currency=currency,
                            recorded_on=today - timedelta(days=rng.randint(1, 900)),
                        )
                    )
            if rng.random() < 0.6:
                figures.append(
                    ProjectFigure(
                        project=p,
                        kind="jobs",
                        amount=Decimal(rng.randint(0, 300)),
                        currency="",
                        recorded_on=today - timedelta(days=rng.randint(1, 900)),
                    )
                )
        print(f"projects made in {time.perf_counter() - started:.1f} s", flush=True)
        ProjectFigure.objects.bulk_create(figures, batch_size=5000)
        later = STAGES[3:8]
        StageChange.objects.bulk_create(
            (
                StageChange(
                    project=p,
                    from_stage="signed",
                    to_stage="registered",
                    happened_on=date(2018, 1, 1) + timedelta(days=rng.randint(0, 2500)),
                    move="forward",
                )
                for p in projects
                if p.stage in later
            ),
            batch_size=5000,
        )
        for item in CATALOGUE:
            policy = Policy.objects.create(
                code=item["code"],
                title_zh_hans=item["titles"][0],
                program=zone,
                area=item["area"],
                effective_from=date(2020, 1, 1),
                benefit_kind=item["benefit"],
                benefit_formula=item["formula"],
                benefit_cap=item["cap"],
                status="in_force",
            )
            policy.sub_areas.set([a for a in areas if a.code in item["sub_areas"]])
            for description, rule in item["rules"]:
                EligibilityRule.objects.create(policy=policy, description=description, rule=rule)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    print(f"built {n} projects, {len(orgs)} organisations, {len(figures)} figures in {built:.1f} s")

    lines = []
    sample = list(Project.objects.order_by("?")[:2000])
    facts = rules.subjects(sample, on=today)
    worst = 0.0
    for policy in Policy.objects.order_by("code"):
        quiet = rules.without_jit() if args.jit == "off" else contextlib.nullcontext()
        with quiet:
            list(selectors.qualifying_projects(policy, on=today).values_list("pk", flat=True))
        times = []
        for _ in range(3):
            quiet = rules.without_jit() if args.jit == "off" else contextlib.nullcontext()
            t = time.perf_counter()
            with quiet:
                query = selectors.qualifying_projects(policy, on=today)
                ids = list(query.values_list("pk", flat=True))
            times.append(time.perf_counter() - t)
        best = min(times)
        worst = max(worst, best)
        rule = selectors.policy_rule(policy)
        found = set(ids)
        disagree = sum(
            (selectors.judge(policy, facts[p.pk], rule=rule)[0].met) != (p.pk in found)
            for p in sample
        )
        lines.append(f"| {policy.code} | {len(ids):,} | {best * 1000:.0f} ms | {disagree} |")
        print(lines[-1], flush=True)

    out = ROOT / "bench" / "policies" / "results.md"
    header = "" if out.exists() else "# Who qualifies for a policy: one query\n"
    with out.open("a", encoding="utf-8") as f:
        f.write(header)
        f.write(
            f"\n## {time.strftime('%Y-%m-%d %H:%M')} — {connection.vendor}, {n:,} projects, "
            f"{len(orgs):,} organisations, {len(figures):,} figures\n\n"
            f"`.venv/bin/python bench/policies/run.py --projects {n} --db {args.db}"
            + (f" --jit {args.jit}`" if args.db == "postgres" else "`")
            + "\n\n"
            "| policy | projects that qualify | time (best of 3) | sample disagreements "
            "(of 2 000, query vs Python) |\n|---|---:|---:|---:|\n"
        )
        f.write("\n".join(lines) + "\n")
        f.write(f"\nSlowest policy: {worst * 1000:.0f} ms.\n")


if __name__ == "__main__":
    main()
