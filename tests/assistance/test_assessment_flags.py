"""The assessment warns beside each figure whose rows the weekly checks flag (issue 14, item 15),
with a link to the check, on the page and in the .xlsx. Worked out by hand from conftest.py:

- money: T-PR2's fiscal funds are disbursed beyond their allocation (2400 of 2300), so its 2025
  allocation (1 row of "fiscal allocated") and its two 2025 payments (2 rows of "fiscal
  disbursed") are flagged; product one is delivered beyond its 100 (120), so its two 2025
  deliveries are flagged in "consumption sales"; T-PR1's enterprise money is within.
- duplicates: A's ID number is held by E too (H1, H3), H4 has no head, H5 two heads: of the
  assisted H1 and H5 both are flagged; of the missed H2 and H3, H3; of the people employed in
  2025 (A, C, D, F) A, D (H3) and F (H4).
- missed: the missed households H2 and H3 are the missed check's own rows.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from hezuo.assistance import selectors

pytestmark = pytest.mark.django_db

EXPECTED = {
    "fiscal_allocated": {"money": 1},
    "fiscal_disbursed": {"money": 2},
    "consumption_sales": {"money": 2},
    "households_assisted": {"duplicates": 2},
    "households_missed": {"missed": 2, "duplicates": 1},
    "people_employed": {"duplicates": 3},
    "people_employed_poor": {"duplicates": 1},  # C (H2) is not flagged, A (H1) is
    "retained_6_months": {"duplicates": 2},  # A and F
}


def test_flags_per_figure(ledger):
    figures = selectors.assessment(ledger.program, 2025, ledger.today)
    found = {f.indicator: {x.check: x.count for x in f.flags} for f in figures if f.flags}
    assert found == EXPECTED


def test_page_and_xlsx_show_the_warnings_with_links(ledger, client_as):
    client = client_as("liupanshui")
    query = {"program": ledger.program.pk, "year": 2025}
    with translation.override("en"):
        html = client.get(reverse("assistance:assessment"), query, HTTP_ACCEPT_LANGUAGE="en")
    text = html.content.decode()
    assert text.count("hz-check-flag") == sum(len(v) for v in EXPECTED.values())
    assert f"{reverse('assistance:check_money')}?program={ledger.program.pk}" in text
    assert (
        f"{reverse('assistance:check_missed')}?program={ledger.program.pk}&amp;start=2025" in text
    )
    export = client.get(reverse("assistance:assessment"), {**query, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    by_label = {row[0]: row for row in rows}
    flagged = [row for row in rows[1:] if row[4]]
    assert len(flagged) == len(EXPECTED)
    assert all(len(row) == 5 for row in by_label.values())


def test_money_check_lists_deliveries_at_zero_yuan(ledger, client_as):
    from datetime import date
    from decimal import Decimal

    from hezuo.assistance import models as m

    m.Delivery.objects.create(
        agreement=ledger.agreement,
        product=m.ProcurementLine.objects.get(agreement=ledger.agreement, quantity=50).product,
        delivered_on=date(2025, 8, 1),
        quantity=Decimal(5),
        amount=Decimal(0),
    )
    page = client_as("liupanshui").get(
        reverse("assistance:check_money"), {"program": ledger.program.pk}
    )
    assert [d.quantity for d in page.context["unpriced"]] == [Decimal(5)]
    figures = {f.indicator: f for f in selectors.assessment(ledger.program, 2025, ledger.today)}
    assert {x.check: x.count for x in figures["consumption_sales"].flags} == {"money": 3}
