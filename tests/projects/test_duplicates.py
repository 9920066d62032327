"""Honest counting: possible duplicates are flagged, merged with both histories, counted once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hezuo.accounts.models import AuditEntry
from hezuo.base.services import SYSTEM
from hezuo.projects.models import Project
from hezuo.projects.selectors import (
    active_projects,
    possible_duplicates,
)
from hezuo.projects.services import (
    EvidenceItem,
    add_milestone,
    advance_stage,
    dismiss_duplicate,
    merge_projects,
    record_figure,
)
from hezuo.reports.selectors import pipeline, signings_by_quarter
from hezuo.zonedesk.services import log_service

from .conftest import new_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def twin(zone: Any, iwatani: Any, iwatani_project: Any) -> Project:
    """The Iwatani project entered a second time, from a fair's list, with a slightly other title."""
    project = new_project(
        zone,
        "FAIR-2021-007",
        "岩谷 大连西中岛 氢能利用项目",
        stage="signed",
        since=date(2021, 5, 10),
        investor=iwatani,
    )
    project.agreements.set(iwatani_project.agreements.all())
    return project


def pair_ids(pairs: list[Any]) -> set[tuple[int, int]]:
    return {(p.first.pk, p.second.pk) for p in pairs}


def test_flagged(zone: Any, twin: Project, iwatani_project: Project, iwatani: Any) -> None:
    pairs = possible_duplicates(zone)
    assert pair_ids(pairs) == {tuple(sorted((iwatani_project.pk, twin.pk)))}
    assert pairs[0].similarity >= 0.8 and pairs[0].investors == [iwatani]


def test_not_flagged_other_sub_area_investor_or_title(
    zone: Any, iwatani: Any, nidec: Any, iwatani_project: Project, xizhongdao: Any
) -> None:
    from hezuo.regions.models import SubArea

    other_area = SubArea.objects.filter(program=zone).exclude(pk=xizhongdao.pk).first()
    new_project(
        zone, "X-1", "日本岩谷大连西中岛氢能利用项目", investor=iwatani, sub_area=other_area
    )
    new_project(zone, "X-2", "日本岩谷大连西中岛氢能利用项目", investor=nidec)
    new_project(zone, "X-3", "岩谷大连液化空气分离项目", investor=iwatani)
    assert possible_duplicates(zone) == []


def test_dismissed_pairs_not_flagged_again(
    zone: Any, twin: Project, iwatani_project: Project, zone_admin: Any
) -> None:
    dismiss_duplicate(
        first=twin, second=iwatani_project, reason="a second plant", acting_user=zone_admin
    )
    assert possible_duplicates(zone) == []
    with pytest.raises(ValidationError):
        dismiss_duplicate(first=twin, second=twin, reason="x", acting_user=zone_admin)


def test_merge_keeps_both_histories_and_counts_once(
    zone: Any, twin: Project, iwatani_project: Project, zone_admin: Any, officer: Any, iwatani: Any
) -> None:
    # each copy gathered records of its own before anyone noticed
    advance_stage(
        project=twin,
        to_stage="registered",
        happened_on=date(2021, 6, 1),
        acting_user=officer,
        evidence=[EvidenceItem("business_licence", reference="营业执照 (twin)")],
    )
    add_milestone(
        project=twin, title_zh_hans="开工", planned_on=date(2021, 9, 1), acting_user=officer
    )
    record_figure(
        project=twin,
        kind="jobs",
        amount=D("80"),
        recorded_on=date(2021, 6, 1),
        acting_user=officer,
    )
    log_service(
        project=twin,
        kind="permit",
        provided_on=date(2021, 5, 20),
        description="协助办理营业执照",
        acting_user=officer,
    )
    twin_history = twin.history.count()
    keep_history = iwatani_project.history.count()
    before = active_projects(program=zone).count()

    merge_projects(
        keep=iwatani_project, merge=twin, acting_user=zone_admin, reason="same project, second fair"
    )

    twin.refresh_from_db()
    iwatani_project.refresh_from_db()
    assert twin.merged_into == iwatani_project and twin.is_archived and not twin.is_active
    assert twin.history.count() == twin_history + 1
    assert iwatani_project.history.count() == keep_history + 1
    assert "FAIR-2021-007" in iwatani_project.history.first().history_change_reason
    assert "FAIR-2021-007" in twin.history.first().history_change_reason
    # the twin's records moved, its moves remember where they came from
    change = iwatani_project.stage_changes.get()
    assert change.merged_from == twin and change.evidence.count() == 1
    assert iwatani_project.milestones.count() == 1
    assert iwatani_project.figures.count() == 1
    assert iwatani_project.services.count() == 1
    assert list(iwatani_project.parties.values_list("organisation", flat=True)) == [iwatani.pk]
    assert not twin.parties.exists()
    # the twin's history is still there to read, including its own stage move
    assert twin.history.filter(stage="registered").exists()
    # counted once everywhere
    assert active_projects(program=zone).count() == before - 1
    assert sum(pipeline(zone, user=SYSTEM, on=date(2021, 12, 31)).counts.values()) == before - 1
    quarters, _undated = signings_by_quarter(zone, user=SYSTEM, until=date(2021, 12, 31))
    assert sum(q.count for q in quarters) == before - 1
    assert possible_duplicates(zone) == []
    # keep's own stage is untouched; the twin's merged move does not drive keep's timeline
    assert iwatani_project.stage == "signed"
    row = next(
        r
        for r in pipeline(zone, user=SYSTEM, on=date(2021, 12, 31)).rows
        if r.project == iwatani_project
    )
    assert row.stage == "signed"
    assert AuditEntry.objects.filter(action="archive", object_ids=[str(twin.pk)]).exists()


def test_merge_rules(
    zone: Any, twin: Project, iwatani_project: Project, zone_admin: Any, officer: Any
) -> None:
    with pytest.raises(ValidationError):
        merge_projects(keep=twin, merge=twin, acting_user=zone_admin, reason="x")
    with pytest.raises(ValidationError):
        merge_projects(keep=iwatani_project, merge=twin, acting_user=zone_admin, reason=" ")
    with pytest.raises(PermissionDenied):  # an officer may not archive projects
        merge_projects(keep=iwatani_project, merge=twin, acting_user=officer, reason="dup")
    merge_projects(keep=iwatani_project, merge=twin, acting_user=zone_admin, reason="dup")
    with pytest.raises(ValidationError):  # merged once: it cannot be merged or moved again
        merge_projects(keep=iwatani_project, merge=twin, acting_user=zone_admin, reason="dup")
    with pytest.raises(ValidationError):
        advance_stage(
            project=twin,
            to_stage="terminated",
            happened_on=date(2021, 6, 1),
            acting_user=zone_admin,
            reason="x",
        )
