"""Issue 14, item 10: a projects import changes a stage only by a stage move, under the rules.

The rules are those of the project's page (hezuo.core.lifecycle.check_move through
hezuo.projects.services.advance_stage): a dated move, the evidence its stage requires (given in
a file by reference), a reason for a move backward, a termination or a skip over stages.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone, translation

from hezuo.demo.world import DALIAN_ZONE
from hezuo.imports.ledgers import get_ledger
from hezuo.imports.messages import translate
from hezuo.imports.services import import_file
from hezuo.projects.models import Project, StageChange
from hezuo.regions.models import Program

from .helpers import write_csv

pytestmark = pytest.mark.django_db

HEADERS = [
    "code",
    "title_zh_hans",
    "program",
    "stage",
    "stage_since",
    "stage_evidence",
    "stage_reason",
]


@pytest.fixture
def project() -> Project:
    return Project.objects.create(
        code="T-STAGE",
        title_zh_hans="阶段测试项目",
        program=Program.objects.get(code=DALIAN_ZONE),
        stage="lead",
        stage_since=date(2024, 3, 1),
    )


def run(tmp_path: Path, *rows: list[Any], dry_run: bool = False) -> Any:
    path = write_csv(tmp_path / "p.csv", HEADERS, [list(r) for r in rows])
    admin = get_user_model().objects.get(username="admin")
    with path.open("rb") as stream:
        return import_file(
            get_ledger("projects"), stream, file_name=path.name, user=admin, dry_run=dry_run
        )


def row(stage: str, since: str = "", evidence: str = "", reason: str = "") -> list[Any]:
    return ["T-STAGE", "阶段测试项目", DALIAN_ZONE, stage, since, evidence, reason]


def messages(result: Any, lang: str) -> dict[str, str]:
    with translation.override(lang):
        return {e.column: translate(e) for e in result.errors}


def test_lead_to_production_dated_2020_without_evidence_is_refused(project, tmp_path) -> None:
    result = run(tmp_path, row("production", "2020-06-01"))
    assert not result.ok
    found = messages(result, "zh-hans")
    # what is missing, each on its column, in the reader's language
    assert set(found) == {"stage_since", "stage_evidence", "stage_reason"}, found
    assert "竣工验收备案" in found["stage_evidence"]
    assert "stage_evidence" in found["stage_evidence"]  # the column to fill in
    assert "2024-03-01" in found["stage_since"]  # not before the previous move
    assert "洽谈" in found["stage_reason"] or "跳过" in found["stage_reason"]
    assert "completion acceptance record" in messages(result, "en")["stage_evidence"]
    project.refresh_from_db()
    assert project.stage == "lead" and project.stage_since == date(2024, 3, 1)
    assert not StageChange.objects.filter(project=project).exists()


def test_a_move_with_its_evidence_and_reason_is_a_stage_change(project, tmp_path) -> None:
    day = timezone.localdate() - timedelta(days=3)
    preview = run(
        tmp_path,
        row(
            "production",
            day.isoformat(),
            "竣工验收备案 大开建竣备〔2026〕12号",
            "补录：项目早已投产",
        ),
        dry_run=True,
    )
    assert preview.ok and preview.updated == 1, preview.errors
    assert not StageChange.objects.filter(project=project).exists()
    result = run(
        tmp_path,
        row(
            "production",
            day.isoformat(),
            "竣工验收备案 大开建竣备〔2026〕12号",
            "补录：项目早已投产",
        ),
    )
    assert result.ok and result.updated == 1, result.errors
    change = StageChange.objects.get(project=project)
    assert (change.from_stage, change.to_stage, change.happened_on) == ("lead", "production", day)
    assert change.skip_reason == "补录：项目早已投产" and change.reason == ""
    assert change.recorded_by.username == "admin"
    evidence = change.evidence.get()
    assert evidence.kind == "completion_acceptance"
    assert evidence.reference == "竣工验收备案 大开建竣备〔2026〕12号"
    project.refresh_from_db()
    assert (project.stage, project.stage_since) == ("production", day)
    # the same file again: unchanged (the evidence columns are read only for a move)
    again = run(
        tmp_path,
        row(
            "production",
            day.isoformat(),
            "竣工验收备案 大开建竣备〔2026〕12号",
            "补录：项目早已投产",
        ),
    )
    assert again.ok and again.unchanged == 1
    assert StageChange.objects.filter(project=project).count() == 1


def test_a_move_backward_needs_a_reason(project, tmp_path) -> None:
    Project.objects.filter(pk=project.pk).update(stage="signed")
    result = run(tmp_path, row("negotiating"))
    assert not result.ok
    assert set(messages(result, "ja")) == {"stage_reason"}
    assert run(tmp_path, row("negotiating", reason="协议被撤回")).ok
    change = StageChange.objects.get(project=project)
    assert (change.move, change.reason, change.happened_on) == (
        "backward",
        "协议被撤回",
        timezone.localdate(),
    )


def test_the_day_in_stage_cannot_change_without_a_move(project, tmp_path) -> None:
    result = run(tmp_path, row("lead", "2020-01-01"))
    assert not result.ok and [e.column for e in result.errors] == ["stage_since"]
    # an empty stage cell moves nothing (it used to reset the project to the default stage)
    Project.objects.filter(pk=project.pk).update(stage="signed")
    assert run(tmp_path, row("")).unchanged == 1
    project.refresh_from_db()
    assert project.stage == "signed"


def test_the_upload_page_explains_the_stage_columns(admin_client) -> None:
    admin_client.cookies["django_language"] = "zh-hans"
    page = admin_client.get(reverse("imports:upload", args=["projects"])).content.decode()
    assert 'data-help="stage_evidence"' in page and 'data-help="stage"' in page
    assert "stage_reason" in page
