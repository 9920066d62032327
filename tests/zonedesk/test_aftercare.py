"""Aftercare visits: one log shared by every office, and an expansion intention becomes a lead."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from hezuo.base.services import SYSTEM
from hezuo.directory.models import Organisation
from hezuo.zonedesk.selectors import other_offices_visits, visits_to
from hezuo.zonedesk.services import lead_from_visit, record_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(db: Any) -> tuple[Organisation, Organisation]:
    from hezuo.demo.world import JINPU

    jinpu = Organisation.objects.get(name_zh_hans=JINPU, is_synthetic=False)
    bureau = Organisation.objects.create(name_zh_hans="大连市商务局", kind="government")
    return jinpu, bureau


def test_visits_shared_between_offices(zone: Any, iwatani: Any, offices: Any, officer: Any) -> None:
    jinpu, bureau = offices
    first = record_visit(
        program=zone,
        organisation=iwatani,
        visiting_office=jinpu,
        visited_on=date(2021, 4, 1),
        issues="氢气运输审批周期长",
        follow_ups="协调应急管理局",
        acting_user=officer,
    )
    record_visit(
        program=zone,
        organisation=iwatani,
        visiting_office=bureau,
        visited_on=date(2021, 5, 1),
        acting_user=officer,
    )
    assert visits_to(iwatani, user=SYSTEM).count() == 2
    # the bureau, planning a visit in June, sees that Jinpu went in April
    assert list(other_offices_visits(iwatani, office=bureau, on=date(2021, 6, 1), user=SYSTEM)) == [
        first
    ]
    assert (
        list(other_offices_visits(iwatani, office=bureau, on=date(2022, 6, 1), user=SYSTEM)) == []
    )


def test_expansion_intention_becomes_a_lead(
    zone: Any, iwatani: Any, iwatani_project: Any, offices: Any, officer: Any
) -> None:
    jinpu, _bureau = offices
    visit = record_visit(
        program=zone,
        organisation=iwatani,
        visiting_office=jinpu,
        visited_on=date(2023, 3, 1),
        expansion_intention=True,
        expansion_note="计划新增加氢站两座",
        project=iwatani_project,
        acting_user=officer,
    )
    lead = visit.lead
    assert lead is not None
    assert (lead.stage, lead.stage_since, lead.program) == ("lead", date(2023, 3, 1), zone)
    assert lead.sub_area == iwatani_project.sub_area
    assert lead.responsible_organisation == jinpu
    assert [p.organisation for p in lead.parties.all()] == [iwatani]
    assert lead.title_zh_hans.startswith("岩谷产业")
    assert lead.history.first().history_user == officer
    assert lead_from_visit(visit=visit, acting_user=officer) == lead  # made once


def test_no_intention_no_lead(zone: Any, iwatani: Any, offices: Any, officer: Any) -> None:
    visit = record_visit(
        program=zone,
        organisation=iwatani,
        visiting_office=offices[0],
        visited_on=date(2023, 3, 1),
        acting_user=officer,
    )
    assert visit.lead is None
