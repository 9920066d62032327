"""The weekly checks on the hand-built ledger of conftest.py, with the answers worked out there:
missed H2 and H3; A's number in two households, G's twice in one; H4 without a head, H5 with
two; project T-PR2's fiscal funds 100 beyond allocated; product one delivered 20 beyond 100."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hezuo.assistance import models as m
from hezuo.assistance import selectors, services
from hezuo.base.services import SYSTEM

pytestmark = pytest.mark.django_db


def test_missed_households(ledger):
    missed = selectors.missed_households(ledger.program, date(2025, 1, 1), date(2025, 12, 31))
    assert sorted(h.number for h in missed) == ["T-H2", "T-H3"]
    # H4 needs no assistance (status none); a measure for H3 takes it off the list
    services.add_measure(
        household=ledger.h3, kind="training", on=date(2025, 5, 5), acting_user=SYSTEM
    )
    missed = selectors.missed_households(ledger.program, date(2025, 1, 1), date(2025, 12, 31))
    assert [h.number for h in missed] == ["T-H2"]


def test_duplicates(ledger):
    report = selectors.duplicates(ledger.program)
    people = ledger.people
    assert report.counts == {"same_id": 2, "two_households": 1, "no_head": 1, "two_heads": 1}
    assert {x.pk for x in report.same_id} == {people[k].pk for k in "AEGI"}
    assert {x.pk for x in report.two_households} == {people["A"].pk, people["E"].pk}
    assert [h.number for h in report.no_head] == ["T-H4"]
    assert [h.number for h in report.two_heads] == ["T-H5"]


def test_money_adds_up(ledger):
    funds = selectors.fund_overruns(ledger.program)
    assert [(r.obj.code, r.limit, r.used, r.excess) for r in funds] == [
        ("T-PR2", Decimal(2300), Decimal(2400), Decimal(100))
    ]
    deliveries = selectors.delivery_overruns(ledger.program)
    assert [(r.obj.pk, r.limit, r.used) for r in deliveries] == [
        (ledger.line1.pk, Decimal(100), Decimal(120))
    ]
    # an amendment to 120 settles it
    ledger.line1.amended_quantity = Decimal(120)
    ledger.line1.save()
    assert selectors.delivery_overruns(ledger.program) == []


def rows_of(response) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_missed_page_and_export(ledger, client_as):
    client = client_as("liupanshui")
    url = reverse("assistance:check_missed")
    query = {"program": ledger.program.pk, "start": "2025-01-01", "end": "2025-12-31"}
    response = client.get(url, query)
    assert response.status_code == 200
    assert response.context["count"] == 2
    assert response.context["needing"] == 4
    assert sorted(h.number for h in response.context["rows"]) == ["T-H2", "T-H3"]
    export = client.get(url, {**query, "export": "xlsx"})
    rows = rows_of(export)
    assert sorted(r[0] for r in rows[1:]) == ["T-H2", "T-H3"]


def test_donor_side_sees_the_counts_not_the_households(ledger, client_as):
    response = client_as("dalian").get(
        reverse("assistance:check_missed"),
        {"program": ledger.program.pk, "start": "2025-01-01", "end": "2025-12-31"},
    )
    assert response.status_code == 200
    assert response.context["count"] == 2
    assert response.context["rows"] == []
    assert "T-H2" not in response.content.decode()


def test_duplicates_page_and_export(ledger, client_as):
    client = client_as("liupanshui")
    url = reverse("assistance:check_duplicates")
    response = client.get(url, {"program": ledger.program.pk})
    counts = {key: count for key, _title, count, _objs in response.context["sections"]}
    assert counts == {"same_id": 2, "two_households": 1, "no_head": 1, "two_heads": 1}
    html = response.content.decode()
    assert ledger.ids["A"] not in html  # ID numbers masked in the list
    assert ledger.ids["A"][:2] + "*" * 16 in html  # the province only (test_id_rebuild.py)
    rows = rows_of(client.get(url, {"program": ledger.program.pk, "export": "xlsx"}))
    assert len(rows) == 1 + 4 + 2 + 1 + 1
    assert all(ledger.ids["A"] != r[3] for r in rows)


def test_money_page_and_export(ledger, client_as):
    client = client_as("dalian")  # funds and sales: the donor side sees them
    url = reverse("assistance:check_money")
    response = client.get(url, {"program": ledger.program.pk})
    assert len(response.context["funds"]) == 1
    assert len(response.context["deliveries"]) == 1
    rows = rows_of(client.get(url, {"program": ledger.program.pk, "export": "xlsx"}))
    assert [r[2:] for r in rows[1:]] == [[2300, 2400, 100], [100, 120, 20]]  # numbers, not text


def test_checks_need_a_role_in_the_ledger(ledger, client_as):
    assert client_as("nidec").get(reverse("assistance:check_missed")).status_code == 403
    assert client_as("buyer").get(reverse("assistance:check_money")).status_code == 403


def test_household_without_status_needing_help_is_never_missed(ledger):
    assert not m.Household.objects.filter(
        pk__in=selectors.missed_households(ledger.program, date(2020, 1, 1), date(2030, 1, 1)),
        status="none",
    ).exists()


@pytest.mark.parametrize(
    "query,message",
    [
        ({"start": "2025-13-01"}, "is not a date"),
        ({"start": "2025-06-01", "end": "2025-01-01"}, "starts after it ends"),
    ],
)
def test_a_bad_period_is_said_and_the_default_shown(ledger, client_as, query, message):
    from django.urls import reverse

    client = client_as("admin")  # reads English
    client.cookies["django_language"] = "en"
    page = client.get(reverse("assistance:check_missed"), {"program": ledger.program.pk, **query})
    assert page.status_code == 200
    assert message in page.content.decode()
    assert page.context["start"].month == 1 and page.context["start"].day == 1
