"""The persons ledger refuses to change this year's income of a household beyond one's reach.

A file that leaves such a household's persons, village and status alone but gives another
income per head would update the income record of this year: that write is refused like any
other (the plan once compared the income's own key with the households' keys, and let it pass).

Uses the world of assistance records of test_ledgers_more (fixture ``records``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from hezuo.assistance import models as m

from .helpers import PERSON_HEADERS, id_number, write_csv
from .test_imports2 import far, office  # noqa: F401 - the fixture
from .test_ledgers_more import errors, records, run  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

FAR_VILLAGE = "520201001001"


def head_row(income: str) -> list[str]:
    return ["IMP-FAR", id_number(805), "测试805", "head", FAR_VILLAGE, "none", income, ""]


def test_another_income_of_a_household_beyond_ones_reach_is_refused(
    tmp_path: Path,
    far,  # noqa: F811
) -> None:
    household, _measure = far
    city = office("city-office", "520200")
    liuzhi = office("liuzhi-office", "520203")
    first = write_csv(tmp_path / "a.csv", PERSON_HEADERS, [head_row("6000")])
    assert run(first, "persons", user=city).ok
    income = m.HouseholdIncome.objects.get(household=household, year=timezone.localdate().year)
    if income.pk == household.pk:  # keys that differ, or the old mix-up would pass by chance
        income.delete()
        m.HouseholdIncome.objects.create(household=household, year=income.year, members=1)
        assert run(first, "persons", user=city).ok
        income = m.HouseholdIncome.objects.get(household=household, year=income.year)
    assert income.pk != household.pk and income.per_capita == Decimal("6000")

    same = run(first, "persons", user=liuzhi)  # nothing would change: nothing to refuse
    assert same.ok and same.unchanged == 1, errors(same)
    other = write_csv(tmp_path / "b.csv", PERSON_HEADERS, [head_row("7000")])
    for dry_run in (True, False):
        refused = run(other, "persons", user=liuzhi, dry_run=dry_run)
        assert [(e["row"], e["code"], e["value"]) for e in errors(refused)] == [
            (2, "out_of_scope", FAR_VILLAGE)
        ]
    income.refresh_from_db()
    assert income.per_capita == Decimal("6000")
    # the office of the whole city may change it
    assert run(other, "persons", user=city).ok
    income.refresh_from_db()
    assert income.per_capita == Decimal("7000")
