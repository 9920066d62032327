"""The monitoring workflow: steps in order, the 15-day deadline, elimination, the public notice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hezuo.assistance import models as m
from hezuo.assistance import selectors, services
from hezuo.assistance.choices import Cause
from hezuo.base.services import SYSTEM
from hezuo.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(ledger):
    ledger.h2.main_cause = "illness"
    ledger.h2.bank_account = "6222021234567890"
    ledger.h2.save()
    return m.MonitoringCase.objects.create(
        household=ledger.h2,
        kind="unstable",
        found_by="data_warning",
        first_lead_on=date(2025, 6, 1),
        consent=True,
    )


def step(case, name: str, on: date, **kwargs):
    return services.advance_case(case=case, step=name, on=on, acting_user=SYSTEM, **kwargs)


def test_steps_deadline_and_status(case, ledger):
    assert case.deadline == date(2025, 6, 16)
    with pytest.raises(ValidationError) as exc:  # a notice of 3 days
        step(case, "village", date(2025, 6, 2), notice_to=date(2025, 6, 4))
    assert "notice_to" in exc.value.message_dict
    with pytest.raises(ValidationError):  # the township before the village
        step(case, "township", date(2025, 6, 8))
    step(case, "village", date(2025, 6, 2), notice_to=date(2025, 6, 6))
    with pytest.raises(ValidationError):  # during the notice
        step(case, "township", date(2025, 6, 6))
    step(case, "township", date(2025, 6, 8))
    decided = step(case, "county", date(2025, 6, 16), decision="included")
    assert not decided.overdue
    ledger.h2.refresh_from_db()
    assert ledger.h2.status == "monitored"
    assert ledger.h2.status_changes.first().status == "monitored"


def test_a_case_decided_after_15_days_is_flagged(case):
    step(case, "village", date(2025, 6, 2), notice_to=date(2025, 6, 6))
    step(case, "township", date(2025, 6, 8))
    late = step(case, "county", date(2025, 6, 17), decision="included")
    assert late.overdue
    overdue = selectors.overdue_cases(case.household.program, date(2025, 12, 31))
    assert case.pk in set(overdue.values_list("pk", flat=True))


def test_open_cases_past_the_deadline_are_flagged(ledger):
    c1, c2, c3, c4 = ledger.cases
    overdue = set(
        selectors.overdue_cases(ledger.program, ledger.today).values_list("pk", flat=True)
    )
    assert overdue == {c2.pk, c4.pk}


def test_risk_eliminated_only_after_six_months_above_the_line(case, ledger):
    step(case, "village", date(2025, 6, 2), notice_to=date(2025, 6, 6))
    step(case, "township", date(2025, 6, 8))
    step(case, "county", date(2025, 6, 10), decision="included")
    with pytest.raises(ValidationError) as exc:  # no line for Guizhou in 2025 yet, no income
        step(case, "eliminate", date(2025, 12, 20), income_above_line_since=date(2025, 6, 1))
    assert "no_line" in {e.code for e in exc.value.error_dict["eliminated_on"]}
    m.MonitoringLine.objects.create(
        province=Region.objects.get(code="520000"), year=2025, national_standard=Decimal(4000)
    )
    m.HouseholdIncome.objects.create(household=ledger.h2, year=2025, members=1, wages=Decimal(7000))
    with pytest.raises(ValidationError):  # five months only
        step(case, "eliminate", date(2025, 12, 20), income_above_line_since=date(2025, 7, 21))
    ledger.h2.housing_secure = False
    ledger.h2.save()
    with pytest.raises(ValidationError):  # housing not secure
        step(case, "eliminate", date(2025, 12, 20), income_above_line_since=date(2025, 6, 1))
    ledger.h2.housing_secure = True
    ledger.h2.save()
    done = step(case, "eliminate", date(2025, 12, 20), income_above_line_since=date(2025, 6, 1))
    assert done.eliminated_on == date(2025, 12, 20)
    ledger.h2.refresh_from_db()
    assert ledger.h2.status == "lifted"


def test_public_notice_is_masked(case, ledger, client_as):
    step(case, "village", date(2025, 6, 2), notice_to=date(2025, 6, 6))
    response = client_as("liupanshui").get(
        reverse("assistance:monitoringcase_notice", args=[case.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "T-H2" in html and "丙" in html  # household number and head's name
    for secret in (ledger.ids["C"], "13912345678", "6222021234567890", str(Cause.ILLNESS.label)):
        assert secret not in html
    assert ledger.ids["C"][:4] + "*" not in html  # not even masked: no ID number at all


def test_case_page_steps_for_the_assisted_side(case, client_as):
    client = client_as("liupanshui")
    url = reverse("assistance:monitoringcase_step", args=[case.pk])
    client.post(url, {"step": "village", "on": "2025-06-02", "notice_to": "2025-06-06"})
    case.refresh_from_db()
    assert case.notice_to == date(2025, 6, 6)
    page = client.get(case.get_absolute_url())
    assert page.status_code == 200 and "step_form" in page.context
    assert (
        client_as("dalian").post(url, {"step": "township", "on": "2025-06-08"}).status_code == 404
    )
