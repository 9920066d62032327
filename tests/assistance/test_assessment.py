"""Every figure of the assessment against the value worked out by hand from conftest.py's ledger
(year 2025, computed on 2025-12-31)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from hezuo.assistance import selectors
from hezuo.base.services import SYSTEM

pytestmark = pytest.mark.django_db

D = Decimal

#: indicator → (actual, target, breakdown)
EXPECTED = {
    # 1000 (T-PR1, 六枝) + 300 (T-PR2's 2025 allocation, 盘州); the 2024 allocation is out
    "fiscal_allocated": (1300, 2000, [("六枝特区", 1000), ("盘州市", 300)]),
    # 400 + 500 (T-PR1) + 300 + 100 (T-PR2, the last beyond its allocation); 2024's 2000 out
    "fiscal_disbursed": (1300, None, [("六枝特区", 900), ("盘州市", 400)]),
    "donations": (500, None, []),  # 200 + 300; the 1000 of 2024 is out
    "officials_exchanged": (2, None, []),  # the 5 officials of 2024 are out
    "professionals_exchanged": (4, None, [("teacher", 3), ("doctor", 1)]),
    "projects_started": (1, None, []),  # T-PR1; T-PR2 started 2024, T-PR3 not at all
    "projects_completed": (1, None, []),  # T-PR2
    "parks_built": (1, None, []),  # T-PR2 builds an industrial park
    "enterprises_investing": (1, None, []),  # T-PR1's investor paid in 2025
    "enterprise_investment": (3000, None, []),
    # A, C, D, F (A's 2024 job is out); near home A, F; in the donor region C, D
    "people_employed": (4, None, [("near", 2), ("province", 0), ("donor", 2)]),
    "people_employed_poor": (2, None, []),  # A (registered poor), C (lifted)
    "retained_6_months": (2, None, []),  # A and F; C left, D started too late to tell
    # 600 + 500 + 1400; buyer 2500; product one 1100, product two 1400
    "consumption_sales": (
        2500,
        None,
        [("buyer: 测试采购商", 2500), ("product: 产品一", 1100), ("product: 产品二", 1400)],
    ),
    "households_assisted": (2, 2, []),  # H1, H5
    "households_missed": (2, None, []),  # H2, H3
    "cases_opened": (3, None, []),  # the 2024 case is out
    "cases_in_time": (1, None, []),  # decided in 13 days; one in 19, one still open
}


@pytest.fixture
def figures(ledger):
    with translation.override("en"):  # the breakdown's labels are in the user's language
        return {f.indicator: f for f in selectors.assessment(ledger.program, 2025, ledger.today)}


@pytest.mark.parametrize("indicator", sorted(EXPECTED))
def test_figure(figures, indicator):
    value, target, breakdown = EXPECTED[indicator]
    figure = figures[indicator]
    assert figure.value == D(value)
    assert figure.target == (D(target) if target is not None else None)
    if indicator == "people_employed":
        assert [v for _label, v in figure.breakdown] == [D(v) for _l, v in breakdown]
    elif indicator == "professionals_exchanged":
        assert sorted(v for _label, v in figure.breakdown) == [D(1), D(3)]
    else:
        assert figure.breakdown == [(label, D(v)) for label, v in breakdown]


def test_every_indicator_is_computed(figures):
    from hezuo.assistance.choices import Indicator

    assert set(figures) == set(Indicator.values) == set(EXPECTED)


def test_share_of_target(figures):
    assert figures["fiscal_allocated"].share == D("65.0")
    assert figures["fiscal_allocated"].met is False
    assert figures["households_assisted"].share == D("100.0")
    assert figures["households_assisted"].met is True
    assert figures["donations"].share is None


def test_each_figure_opens_its_rows(figures, ledger):
    assert {h.number for h in figures["households_missed"].rows} == {"T-H2", "T-H3"}
    assert {h.number for h in figures["households_assisted"].rows} == {"T-H1", "T-H5"}
    assert figures["people_employed"].rows.count() == 4
    assert figures["fiscal_allocated"].rows.count() == 2
    assert figures["consumption_sales"].rows.count() == 3


def test_rows_page_shows_only_what_the_role_may_see(ledger, client_as):
    url = reverse("assistance:assessment_rows", args=["households_missed"])
    query = {"program": ledger.program.pk, "year": 2025}
    assisted = client_as("liupanshui").get(url, query)
    assert assisted.status_code == 200
    assert assisted.context["shown"] == assisted.context["total"] >= 2
    donor = client_as("dalian").get(url, query)
    assert donor.status_code == 200
    assert donor.context["shown"] == 0 < donor.context["total"]
    assert "T-H2" not in donor.content.decode()
    funds = client_as("dalian").get(
        reverse("assistance:assessment_rows", args=["fiscal_allocated"]), query
    )
    assert funds.context["shown"] == 2


def test_assessment_page_export_and_print(ledger, client_as):
    client = client_as("dalian")
    url = reverse("assistance:assessment")
    query = {"program": ledger.program.pk, "year": 2025}
    page = client.get(url, query)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("assistance:assessment_rows", args=["fiscal_allocated"]) in html
    sheet = load_workbook(io.BytesIO(client.get(url, {**query, "export": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    first = rows[1]
    assert first[1:3] == (1300, 2000)
    printable = client.get(url, {**query, "print": 1})
    assert printable.status_code == 200
    assert "data-hz-print" in printable.content.decode()
    assert 'class="navbar' not in printable.content.decode()


def test_statuses_are_read_as_of_the_assessed_year(ledger):
    """The status history, not today's status, decides (worked out by hand for 2025):

    - H4 (now "none") was monitored from 2024-01-01 to 2025-02-01: it needed assistance in
      January 2025 and had no measure, so it is missed in 2025.
    - H3 (now "monitored") held "none" from 2020 until 2026-03-01: not missed in 2025.
    - H1 (now "registered poor") held "none" until 2025-06-01; A started a job on 2025-01-10,
      before the household was registered: A is no longer "formerly poor" at the start. C
      (H2: registered poor in 2014, lifted in 2020) still is: 1 instead of 2.
    - H2 stays missed (lifted all 2025, its measure is of 2024).
    """
    from datetime import date

    from hezuo.assistance import services

    def history(h, *changes):
        for status, since in changes:
            services.change_household_status(
                household=h, status=status, since=since, acting_user=SYSTEM
            )

    history(ledger.h4, ("monitored", date(2024, 1, 1)), ("none", date(2025, 2, 1)))
    history(ledger.h3, ("none", date(2020, 1, 1)), ("monitored", date(2026, 3, 1)))
    history(ledger.h1, ("none", date(2015, 1, 1)), ("registered_poor", date(2025, 6, 1)))
    history(ledger.h2, ("registered_poor", date(2014, 10, 1)), ("lifted", date(2020, 6, 1)))
    ledger.h3.refresh_from_db()
    ledger.h4.refresh_from_db()
    assert (ledger.h3.status, ledger.h4.status) == ("monitored", "none")  # today's statuses

    figures = {f.indicator: f for f in selectors.assessment(ledger.program, 2025, ledger.today)}
    assert figures["households_missed"].value == 2
    assert {h.number for h in figures["households_missed"].rows} == {"T-H2", "T-H4"}
    assert figures["people_employed_poor"].value == 1
    assert [p.member.name for p in figures["people_employed_poor"].rows] == ["丙"]
    # 2026: H3 needs assistance from March on and has no measure (nor have H1, H2, H5, which
    # need it all year); H4 needs none all year
    missed = selectors.missed_households(ledger.program, date(2026, 1, 1), date(2026, 12, 31))
    assert sorted(h.number for h in missed) == ["T-H1", "T-H2", "T-H3", "T-H5"]


#: indicator → per line of the breakdown, the rows behind it (counted by hand)
PART_ROWS = {
    "fiscal_allocated": [1, 1],  # T-PR1's allocation (六枝); T-PR2's of 2025 (盘州)
    "fiscal_disbursed": [2, 2],  # 400 + 500 (六枝); 300 + 100 (盘州)
    "people_employed": [2, 0, 2],  # A, F near home; C, D in the donor region
    "consumption_sales": [3, 2, 1],  # the buyer's three deliveries; two of one, one of two
}


@pytest.mark.parametrize("indicator", sorted(PART_ROWS))
def test_each_line_of_a_breakdown_opens_its_rows(figures, indicator):
    figure = figures[indicator]
    counts = [figure.part_rows(i).count() for i, *_rest in figure.parts]
    assert counts == PART_ROWS[indicator]
    assert all(opens for *_rest, opens in figure.parts)
    assert figure.part_rows(len(figure.breakdown)) is None


def test_the_rows_page_of_a_breakdown_line(ledger, client_as):
    url = reverse("assistance:assessment_rows", args=["fiscal_disbursed"])
    query = {"program": ledger.program.pk, "year": 2025}
    client = client_as("dalian")
    page = client.get(url, {**query, "part": 1})
    assert page.status_code == 200
    assert page.context["total"] == 2 and page.context["part"] == ("盘州市", D(400))
    assert client.get(url, {**query, "part": 7}).status_code == 404
    assert client.get(url, {**query, "part": "x"}).status_code == 404
    html = client.get(reverse("assistance:assessment"), query).content.decode()
    assert "fiscal_disbursed/?program=" in html and "&amp;part=1" in html


def test_a_status_set_without_a_history_entry_still_counts(ledger):
    """H4's history says "none" since 2020; its status was then set to "monitored" from
    2025-05-01 without a history entry (as an import may do): from May it needs assistance and
    has no measure, so it is missed in 2025 (with H2 and H3); not in 2024."""
    from datetime import date

    from hezuo.assistance import models as m
    from hezuo.assistance import services

    services.change_household_status(
        household=ledger.h4, status="none", since=date(2020, 1, 1), acting_user=SYSTEM
    )
    m.Household.objects.filter(pk=ledger.h4.pk).update(
        status="monitored", status_since=date(2025, 5, 1)
    )
    missed = selectors.missed_households(ledger.program, date(2025, 1, 1), date(2025, 12, 31))
    assert sorted(h.number for h in missed) == ["T-H2", "T-H3", "T-H4"]
    missed = selectors.missed_households(ledger.program, date(2024, 1, 1), date(2024, 12, 31))
    assert "T-H4" not in {h.number for h in missed}
