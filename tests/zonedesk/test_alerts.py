"""Stuck projects after each zone's thresholds, and overdue enquiries and their escalation,
at chosen dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from hezuo.base.services import SYSTEM
from hezuo.projects.selectors import stuck_projects
from hezuo.projects.services import EvidenceItem, advance_stage
from hezuo.reports.selectors import pipeline
from hezuo.zonedesk.models import ZoneSettings
from hezuo.zonedesk.selectors import overdue_enquiries, zone_settings
from hezuo.zonedesk.services import (
    answer_enquiry,
    escalate_overdue_enquiries,
    record_enquiry,
    set_zone_settings,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


class TestStuck:
    def test_default_threshold_at_chosen_dates(self, zone: Any, iwatani_project: Any) -> None:
        # signed on 2020-08-24, default threshold for signed: 180 days → stuck from 2021-02-21
        assert zone_settings(zone).thresholds()["signed"] == 180
        on_limit = pipeline(zone, user=SYSTEM, on=date(2021, 2, 20))
        row = next(r for r in on_limit.rows if r.project == iwatani_project)
        assert (row.stage, row.days, row.stuck) == ("signed", 180, False)
        after = pipeline(zone, user=SYSTEM, on=date(2021, 2, 21))
        row = next(r for r in after.rows if r.project == iwatani_project)
        assert row.stuck and row.days == 181
        assert iwatani_project in [r.project for r in stuck_projects(on=date(2021, 2, 21))]
        # all six real projects were signed the same day
        assert after.stuck_counts["signed"] == 6

    def test_zone_threshold(self, zone: Any, zone_admin: Any, iwatani_project: Any) -> None:
        set_zone_settings(program=zone, acting_user=zone_admin, stuck_days={"signed": 30})
        assert not any(r.stuck for r in pipeline(zone, user=SYSTEM, on=date(2020, 9, 23)).rows)
        assert pipeline(zone, user=SYSTEM, on=date(2020, 9, 24)).stuck_counts["signed"] == 6

    def test_a_move_resets_the_clock(self, zone: Any, officer: Any, iwatani_project: Any) -> None:
        advance_stage(
            project=iwatani_project,
            to_stage="registered",
            happened_on=date(2021, 1, 15),
            acting_user=officer,
            evidence=[EvidenceItem("business_licence", reference="营业执照")],
        )
        # seen on 2021-01-10 it was still at signed (139 days); later at registered
        before = next(
            r
            for r in pipeline(zone, user=SYSTEM, on=date(2021, 1, 10)).rows
            if r.project == iwatani_project
        )
        assert (before.stage, before.days) == ("signed", 139)
        later = next(
            r
            for r in pipeline(zone, user=SYSTEM, on=date(2021, 3, 1)).rows
            if r.project == iwatani_project
        )
        assert (later.stage, later.since, later.days, later.stuck) == (
            "registered",
            date(2021, 1, 15),
            45,
            False,
        )
        # nobody is in any stage before they were signed: not in the pipeline of 2020
        assert not pipeline(zone, user=SYSTEM, on=date(2020, 1, 1)).rows

    def test_thresholds_validated(self, zone: Any, zone_admin: Any) -> None:
        for bad in ({"landed": 30}, {"signed": 0}, {"signed": "x"}, ["signed"]):
            with pytest.raises(ValidationError) as exc:
                set_zone_settings(program=zone, acting_user=zone_admin, stuck_days=bad)
            assert "stuck_days" in exc.value.message_dict
        assert not ZoneSettings.objects.exists()


class TestEnquiries:
    def make(self, zone: Any, officer: Any, received: datetime) -> Any:
        return record_enquiry(
            program=zone,
            received_at=received,
            question="西中岛有可用的氢能产业用地吗？",
            investor_name="株式会社サンプル水素",
            language="ja",
            channel="email",
            officer=officer,
            acting_user=officer,
        )

    def test_deadline_from_zone_settings(self, zone: Any, zone_admin: Any, officer: Any) -> None:
        set_zone_settings(program=zone, acting_user=zone_admin, enquiry_response_days=3)
        # 23:30 in Dalian on 1 March is still 1 March there (15:30 UTC)
        e = self.make(zone, officer, datetime(2021, 3, 1, 23, 30, tzinfo=SHANGHAI))
        assert e.respond_by == date(2021, 3, 4)
        assert overdue_enquiries(user=SYSTEM, on=date(2021, 3, 4)) == []
        assert overdue_enquiries(user=SYSTEM, on=date(2021, 3, 5)) == [e]

    def test_escalated_once_to_zone_admins(self, zone: Any, zone_admin: Any, officer: Any) -> None:
        e = self.make(zone, officer, datetime(2021, 3, 1, 9, tzinfo=SHANGHAI))
        assert e.respond_by == date(2021, 3, 6)  # the default: 5 days
        assert escalate_overdue_enquiries(acting_user=SYSTEM, on=date(2021, 3, 6)) == []
        escalations = escalate_overdue_enquiries(acting_user=SYSTEM, on=date(2021, 3, 7))
        assert [x.enquiry for x in escalations] == [e]
        assert list(escalations[0].recipients) == [zone_admin]
        e.refresh_from_db()
        assert e.escalated_at is not None
        assert list(e.escalated_to.all()) == [zone_admin]
        assert escalate_overdue_enquiries(acting_user=SYSTEM, on=date(2021, 3, 8)) == []

    def test_answered_not_escalated(self, zone: Any, officer: Any) -> None:
        e = self.make(zone, officer, datetime(2021, 3, 1, 9, tzinfo=SHANGHAI))
        answer_enquiry(
            enquiry=e,
            answer="はい、区画を案内します。",
            answered_at=datetime(2021, 3, 2, 9, tzinfo=SHANGHAI),
            acting_user=officer,
        )
        assert escalate_overdue_enquiries(acting_user=SYSTEM, on=date(2021, 4, 1)) == []
        assert overdue_enquiries(user=SYSTEM, on=date(2021, 4, 1)) == []

    def test_enquiry_validation(self, zone: Any, officer: Any) -> None:
        with pytest.raises(ValidationError) as exc:
            record_enquiry(
                program=zone,
                received_at=datetime(2021, 3, 1, 9, tzinfo=SHANGHAI),
                question="?",
                acting_user=officer,
            )
        assert "investor" in exc.value.message_dict
