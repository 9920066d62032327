"""Validation on the models (reached the same way by services, forms, imports and the API)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal as D
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hezuo.regions.models import Program
from hezuo.zonedesk.models import AftercareVisit, Enquiry, ExchangeRate, ZoneSettings

pytestmark = pytest.mark.django_db


def errors_of(obj: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


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
