"""Validation on the models (reached the same way by services, forms, imports and the API)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from hezuo.projects.models import ProjectFigure, StageChange, StageEvidence

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
