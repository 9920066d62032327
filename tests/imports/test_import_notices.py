"""Imports of projects and figures notice newly qualifying policies as saves do.

The ledgers write in bulk and send no signals, so they judge the projects they touch themselves:
an imported figure or stage move makes the same notice as a save of it, once, inside the import's
transaction (a dry run or a refused file notices nothing), and a zone without policies, or an
import that moves no stage, costs no query for it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hezuo.demo.policies import build_policies
from hezuo.demo.world import DALIAN_ZONE
from hezuo.imports.ledgers import get_ledger
from hezuo.imports.ledgers.base import Plan
from hezuo.imports.services import import_file
from hezuo.policies.models import Policy, PolicyNotice
from hezuo.projects.models import Project, ProjectFigure
from hezuo.regions.models import Program, SubArea
from hezuo.zonedesk.models import ExchangeRate
from tests.policies.conftest import JPY, TODAY, make_project

from .helpers import write_csv

pytestmark = pytest.mark.django_db

FIGURE_HEADERS = ["project", "kind", "amount", "currency", "recorded_on"]
PROJECT_HEADERS = ["code", "title_zh_hans", "program", "stage", "stage_evidence"]


@pytest.fixture
def catalogue(db: Any) -> dict[str, Policy]:
    ExchangeRate.objects.create(currency="JPY", date=date(2026, 1, 1), rate=JPY, source="official")
    build_policies(on=TODAY, notices=False)
    return {p.code: p for p in Policy.objects.all()}


def run(path: Path, ledger: str, *, dry_run: bool = False) -> Any:
    admin = get_user_model().objects.get(username="admin")
    with path.open("rb") as stream:
        return import_file(
            get_ledger(ledger), stream, file_name=path.name, user=admin, dry_run=dry_run
        )


def notices(project: Project, *, besides: Collection[int] = ()) -> set[tuple[str, str, date]]:
    """(policy, cause, since) of the project's notices, leaving out those of ``besides``."""
    return {
        (n.policy.code, n.cause, n.since)
        for n in PolicyNotice.objects.filter(project=project).exclude(pk__in=besides)
    }


def existing() -> set[int]:
    return set(PolicyNotice.objects.values_list("pk", flat=True))


def jobs_row(code: str, amount: int = 60) -> list[Any]:
    return [code, "jobs", amount, "", timezone.localdate().isoformat()]


def test_a_figures_import_makes_the_notice_a_save_makes(catalogue, tmp_path: Path) -> None:
    saved = make_project("T-SAVED", country="JP", stage="production", figures=(("jobs", 10, ""),))
    imported = make_project("T-IMP", country="JP", stage="production", figures=(("jobs", 10, ""),))
    before = existing()
    saved.figures.create(kind="jobs", amount=Decimal(60), recorded_on=timezone.localdate())
    expected = notices(saved, besides=before)
    assert expected == {("dlz-jobs-award", "figure", timezone.localdate())}

    result = run(write_csv(tmp_path / "f.csv", FIGURE_HEADERS, [jobs_row("T-IMP")]), "figures")
    assert result.ok and result.created == 1, result.errors
    assert notices(imported, besides=before) == expected
    notice = PolicyNotice.objects.get(project=imported, policy__code="dlz-jobs-award")
    assert notice.history.count() == 1  # kept in history like a save's
    assert not notice.read_by.exists()


def test_a_projects_import_moving_the_stage_makes_a_stage_notice(catalogue, tmp_path: Path) -> None:
    saved = make_project("T-SAVED-ST", country="JP", stage="signed")
    imported = make_project("T-IMP-ST", country="JP", stage="signed")
    before = existing()
    saved.stage = "registered"
    saved.save()
    expected = notices(saved, besides=before)
    assert ("dlz-expert-entry-exit", "stage", timezone.localdate()) in expected

    row = ["T-IMP-ST", imported.title_zh_hans, DALIAN_ZONE, "registered", "营业执照 91210200"]
    result = run(write_csv(tmp_path / "p.csv", PROJECT_HEADERS, [row]), "projects")
    assert result.ok and result.updated == 1, result.errors
    imported.refresh_from_db()
    assert imported.stage == "registered"
    assert notices(imported, besides=before) == expected


def test_importing_the_same_file_again_makes_no_second_notice(catalogue, tmp_path: Path) -> None:
    project = make_project("T-AGAIN", country="JP", stage="production", figures=(("jobs", 10, ""),))
    figures = write_csv(tmp_path / "f.csv", FIGURE_HEADERS, [jobs_row("T-AGAIN")])
    stages = write_csv(
        tmp_path / "p.csv",
        PROJECT_HEADERS,
        [["T-AGAIN", project.title_zh_hans, DALIAN_ZONE, "capacity", "2026 年产值统计报表"]],
    )
    assert run(figures, "figures").ok and run(stages, "projects").ok
    made = list(PolicyNotice.objects.filter(project=project).values_list("pk", "cause", "since"))
    assert made
    history = PolicyNotice.history.filter(project_id=project.pk).count()

    again = run(figures, "figures")
    assert again.ok and again.unchanged == 1
    assert run(stages, "projects").unchanged == 1
    after = list(PolicyNotice.objects.filter(project=project).values_list("pk", "cause", "since"))
    assert after == made
    assert PolicyNotice.history.filter(project_id=project.pk).count() == history


def test_a_larger_figure_of_a_project_already_qualifying_makes_none(catalogue, tmp_path) -> None:
    project = make_project("T-MET", country="JP", stage="production", figures=(("jobs", 60, ""),))
    before = existing()
    result = run(write_csv(tmp_path / "f.csv", FIGURE_HEADERS, [jobs_row("T-MET", 70)]), "figures")
    assert result.ok and result.created == 1
    assert notices(project, besides=before) == set()


def test_a_dry_run_makes_no_notice(catalogue, tmp_path: Path) -> None:
    make_project("T-DRY", country="JP", stage="production", figures=(("jobs", 10, ""),))
    before = existing()
    path = write_csv(tmp_path / "f.csv", FIGURE_HEADERS, [jobs_row("T-DRY")])
    result = run(path, "figures", dry_run=True)
    assert result.ok and result.created == 1
    assert existing() == before
    assert run(path, "figures").ok  # the same file written does make one
    assert existing() != before


def test_a_refused_file_makes_no_notice(catalogue, tmp_path: Path) -> None:
    project = make_project("T-BAD", country="JP", stage="production", figures=(("jobs", 10, ""),))
    before = existing()
    rows = [jobs_row("T-BAD"), jobs_row("NO-SUCH-PROJECT")]
    result = run(write_csv(tmp_path / "f.csv", FIGURE_HEADERS, rows), "figures")
    assert not result.ok and [e.row for e in result.errors] == [3]
    assert existing() == before
    assert project.figures.count() == 1
    # the good row alone is written, and noticed
    assert run(write_csv(tmp_path / "g.csv", FIGURE_HEADERS, rows[:1]), "figures").ok
    assert notices(project, besides=before) == {("dlz-jobs-award", "figure", timezone.localdate())}


def test_a_sub_area_change_written_by_the_ledger_is_a_record_notice(catalogue) -> None:
    # no ledger column carries the sub-area today; the ledger's write judges it all the same
    project = make_project("T-AREA", country="JP", stage="signed")
    before = existing()
    project.sub_area = SubArea.objects.get(program__code=DALIAN_ZONE, code="xizhongdao")
    get_ledger("projects").write(
        Plan(updates=[project], update_fields={"sub_area_id"}), user=None, reason="test"
    )
    assert notices(project, besides=before) == {
        ("dlz-xizhongdao-new-energy", "record", timezone.localdate())
    }


def test_judging_costs_nothing_without_a_stage_move_or_a_policy(catalogue) -> None:
    ledger = get_ledger("projects")
    project = make_project("T-TITLE", country="JP", stage="signed")
    project.title_zh_hans = "改名"
    with CaptureQueriesContext(connection) as queries:
        assert ledger.policy_facts(Plan(updates=[project], update_fields={"title_zh_hans"})) == (
            {},
            {},
        )
    assert len(queries) == 0
    # a zone without a policy in force: one query finds that out, and nothing is read
    other = Program.objects.exclude(policies__status="in_force").first()
    assert other is not None
    moved = Project.objects.create(code="T-ELSEWHERE", title_zh_hans="别处", program=other)
    moved.stage = "registered"
    with CaptureQueriesContext(connection) as queries:
        assert ledger.policy_facts(Plan(updates=[moved], update_fields={"stage"})) == ({}, {})
    assert len(queries) == 1
    figure = ProjectFigure(project=moved, kind="jobs", amount=1, recorded_on=date(2026, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        assert get_ledger("figures").policy_facts(Plan(creates=[figure])) == {}
    assert len(queries) == 1
