"""Validation on the models (reached the same way by services, forms, imports and the API)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal as D
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from hezuo.projects.models import (
    AftercareVisit,
    Enquiry,
    ExchangeRate,
    ProjectFigure,
    StageChange,
    StageEvidence,
    ZoneSettings,
)
from hezuo.regions.models import Program

pytestmark = pytest.mark.django_db


def errors_of(obj: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


class TestFigure:
    def figure(self, project: Any, **kw: Any) -> ProjectFigure:
        values = {
            "project": project,
            "kind": "contracted_investment",
            "amount": D("100"),
            "currency": "JPY",
            "recorded_on": date(2021, 1, 1),
        }
        values.update(kw)
        return ProjectFigure(**values)

    def test_valid_and_normalised(self, iwatani_project: Any) -> None:
        f = self.figure(iwatani_project, currency="jpy")
        f.full_clean()
        assert f.currency == "JPY"

    def test_currency_is_iso_4217(self, iwatani_project: Any) -> None:
        with translation.override("en"):
            assert (
                "ISO 4217" in errors_of(self.figure(iwatani_project, currency="RMB"))["currency"][0]
            )
        assert "currency" in errors_of(self.figure(iwatani_project, currency=""))

    def test_jobs(self, iwatani_project: Any) -> None:
        self.figure(iwatani_project, kind="jobs", currency="", amount=D("120")).full_clean()
        assert "currency" in errors_of(self.figure(iwatani_project, kind="jobs", currency="CNY"))
        assert "amount" in errors_of(
            self.figure(iwatani_project, kind="jobs", currency="", amount=D("1.5"))
        )

    def test_not_negative_not_future(self, iwatani_project: Any) -> None:
        assert "amount" in errors_of(self.figure(iwatani_project, amount=D("-1")))
        tomorrow = timezone.localdate() + timedelta(days=1)
        assert "recorded_on" in errors_of(self.figure(iwatani_project, recorded_on=tomorrow))
        with pytest.raises(IntegrityError), transaction.atomic():
            self.figure(iwatani_project, amount=D("-1")).save()


def test_zone_settings_only_for_zones(zone: Any) -> None:
    ZoneSettings(program=zone, stuck_days={"signed": 90}).full_clean()
    pairing = Program.objects.exclude(kind="zone").first()
    assert "program" in errors_of(ZoneSettings(program=pairing))
    with translation.override("en"):
        message = errors_of(ZoneSettings(program=zone, stuck_days={"landed": 9}))["stuck_days"][0]
    assert "landed" in message


def test_exchange_rate_rules(officer: Any) -> None:
    ExchangeRate(
        currency="usd", date=date(2021, 1, 4), rate=D("6.5"), source="official"
    ).full_clean()
    assert "currency" in errors_of(
        ExchangeRate(currency="CNY", date=date(2021, 1, 4), rate=D("1"), source="ecb")
    )
    assert "rate" in errors_of(
        ExchangeRate(currency="USD", date=date(2021, 1, 4), rate=D("0"), source="ecb")
    )


def test_stage_change_model_rules(iwatani_project: Any) -> None:
    base = {"project": iwatani_project, "happened_on": date(2021, 1, 1)}
    assert "reason" in errors_of(StageChange(from_stage="signed", to_stage="lead", **base))
    assert "skip_reason" in errors_of(
        StageChange(from_stage="signed", to_stage="production", **base)
    )
    assert "to_stage" in errors_of(StageChange(from_stage="signed", to_stage="signed", **base))
    ok = StageChange(from_stage="signed", to_stage="lead", reason="talks reopened", **base)
    ok.full_clean()
    assert ok.move == "backward"


def test_evidence_needs_file_or_reference_in_the_database(iwatani_project: Any) -> None:
    change = StageChange.objects.create(
        project=iwatani_project,
        from_stage="signed",
        to_stage="registered",
        happened_on=date(2021, 1, 1),
        move="forward",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        StageEvidence.objects.create(stage_change=change, kind="business_licence")


def test_enquiry_rules(zone: Any) -> None:
    received = datetime(2021, 3, 1, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    e = Enquiry(
        program=zone,
        investor_name="示例",
        received_at=received,
        channel="email",
        language="ja",
        question="?",
        answered_at=received - timedelta(hours=1),
        answer="ok",
    )
    assert "answered_at" in errors_of(e)
    e.answered_at, e.answer = received + timedelta(hours=1), ""
    assert "answer" in errors_of(e)


def test_visit_rules(zone: Any, iwatani: Any) -> None:
    v = AftercareVisit(
        program=zone, organisation=iwatani, visiting_office=iwatani, visited_on=date(2021, 1, 1)
    )
    assert "visiting_office" in errors_of(v)
