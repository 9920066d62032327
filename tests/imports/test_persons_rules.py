"""Issue 6, the persons ledger's rules beyond the values: the importing user's reach is checked
before anything is written (the preview says so too), a status set by a file is kept in the
household's status history, and the income per head is compared with the latest income.

Uses the world of assistance records of test_ledgers_more (fixture ``records``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from hezuo.assistance import models as m
from hezuo.assistance.selectors import status_on

from .helpers import PERSON_HEADERS, checksum, id_number, write_csv, write_xlsx
from .test_imports2 import far, office  # noqa: F401 - the fixture
from .test_ledgers_more import errors, export, records, run  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

LIUZHI_VILLAGE = "520203001001"
FAR_VILLAGE = "520201001001"


def person(number: str, index: int, village: str, status: str = "registered_poor") -> list[str]:
    return [number, id_number(index), f"测试{index}", "head", village, status, "6000", ""]


def status_of(household: m.Household, day: date) -> str:
    return str(
        m.Household.objects.filter(pk=household.pk)
        .annotate(then=status_on(day))
        .values_list("then", flat=True)
        .get()
    )


# --- reach ---------------------------------------------------------------------------------------


def test_a_household_beyond_ones_reach_is_a_row_error_in_the_preview_too(
    tmp_path: Path,
    far,  # noqa: F811
) -> None:
    liuzhi = office("liuzhi-office", "520203")
    rows = [person("NEW-IN", 801, LIUZHI_VILLAGE), person("NEW-OUT", 802, FAR_VILLAGE)]
    path = write_csv(tmp_path / "p.csv", PERSON_HEADERS, rows)
    before = checksum(m.Household, m.HouseholdMember, m.HouseholdIncome)
    for dry_run in (True, False):
        result = run(path, "persons", user=liuzhi, dry_run=dry_run)
        assert not result.ok
        found = errors(result)
        assert [(e["row"], e["column"], e["value"], e["code"]) for e in found] == [
            (3, "village_code", FAR_VILLAGE, "out_of_scope")
        ]
    assert checksum(m.Household, m.HouseholdMember, m.HouseholdIncome) == before
    for lang in ("zh-hans", "ja", "en"):
        with translation.override(lang):
            (error,) = errors(run(path, "persons", user=liuzhi, dry_run=True))
            expected = gettext("You may not add or change records in %(value)s.")
            assert error["message"] == expected % {"value": FAR_VILLAGE}
    # the office of the whole city reaches both
    city = office("city-office", "520200")
    done = run(path, "persons", user=city)
    assert done.ok and done.created == 2, errors(done)


def test_a_household_beyond_ones_reach_that_the_file_leaves_alone_is_no_error(
    tmp_path: Path,
    far,  # noqa: F811
) -> None:
    household, _measure = far
    city = office("city-office", "520200")
    liuzhi = office("liuzhi-office", "520203")
    path = write_csv(tmp_path / "p.csv", PERSON_HEADERS, [person("IMP-FAR", 803, FAR_VILLAGE)])
    household.status = "registered_poor"
    household.save()
    assert run(path, "persons", user=city).ok
    again = run(path, "persons", user=liuzhi)  # nothing would change: nothing to refuse
    assert again.ok and again.unchanged == 1, errors(again)
    changed = write_csv(
        tmp_path / "c.csv", PERSON_HEADERS, [person("IMP-FAR", 803, FAR_VILLAGE, "monitored")]
    )
    refused = run(changed, "persons", user=liuzhi)
    assert [e["code"] for e in errors(refused)] == ["out_of_scope"]
    household.refresh_from_db()
    assert household.status == "registered_poor"


def test_moving_a_household_out_of_ones_reach_is_refused(tmp_path: Path, records) -> None:  # noqa: F811
    liuzhi = office("liuzhi-office", "520203")
    path = write_csv(tmp_path / "p.csv", PERSON_HEADERS, [person("MOVE-1", 804, LIUZHI_VILLAGE)])
    assert run(path, "persons", user=liuzhi).ok
    from hezuo.regions.models import Region

    city = Region.objects.get(code="520200")
    county, _ = Region.objects.get_or_create(
        code="520201", defaults={"name_zh_hans": "钟山区", "level": "county", "parent": city}
    )
    town, _ = Region.objects.get_or_create(
        code="520201001", defaults={"name_zh_hans": "街道", "level": "township", "parent": county}
    )
    Region.objects.get_or_create(
        code=FAR_VILLAGE, defaults={"name_zh_hans": "社区", "level": "village", "parent": town}
    )
    moved = write_csv(tmp_path / "m.csv", PERSON_HEADERS, [person("MOVE-1", 804, FAR_VILLAGE)])
    result = run(moved, "persons", user=liuzhi)
    assert [(e["code"], e["value"]) for e in errors(result)] == [("out_of_scope", FAR_VILLAGE)]
    assert m.Household.objects.get(number="MOVE-1").village.code == LIUZHI_VILLAGE


# --- status history ------------------------------------------------------------------------------


def test_a_status_set_by_a_file_is_kept_in_the_status_history(tmp_path: Path, records) -> None:  # noqa: F811
    first = write_xlsx(tmp_path / "a.xlsx", PERSON_HEADERS, [person("ST-1", 805, LIUZHI_VILLAGE)])
    assert run(first, "persons").ok
    household = m.Household.objects.get(number="ST-1")
    # entered long ago (as an older import would have left it): no status history yet
    m.Household.objects.filter(pk=household.pk).update(status_since=date(2020, 3, 1))
    assert not household.status_changes.exists()
    lifted = write_xlsx(
        tmp_path / "b.xlsx", PERSON_HEADERS, [person("ST-1", 805, LIUZHI_VILLAGE, "lifted")]
    )
    result = run(lifted, "persons")
    assert result.ok, errors(result)
    today = timezone.localdate()
    changes = list(household.status_changes.order_by("since", "pk").values_list("status", "since"))
    assert changes == [("registered_poor", date(2020, 3, 1)), ("lifted", today)]
    assert all(c.history.count() == 1 for c in household.status_changes.all())
    household.refresh_from_db()
    assert (household.status, household.status_since) == ("lifted", today)
    # the assessment reads the status of a past day from that history
    assert status_of(household, date(2023, 6, 30)) == "registered_poor"
    assert status_of(household, today) == "lifted"
    # the same file again changes nothing, and adds no entry
    again = run(lifted, "persons")
    assert again.ok and again.unchanged == 1
    assert household.status_changes.count() == 2
    # a further change adds one entry (the history is no longer empty)
    monitored = write_xlsx(
        tmp_path / "c.xlsx", PERSON_HEADERS, [person("ST-1", 805, LIUZHI_VILLAGE, "monitored")]
    )
    assert run(monitored, "persons").ok
    assert household.status_changes.count() == 3


# --- income --------------------------------------------------------------------------------------


def test_an_income_of_an_earlier_year_imports_back_unchanged(tmp_path: Path, records) -> None:  # noqa: F811
    path = write_csv(tmp_path / "p.csv", PERSON_HEADERS, [person("INC-1", 806, LIUZHI_VILLAGE)])
    assert run(path, "persons").ok
    household = m.Household.objects.get(number="INC-1")
    last_year = timezone.localdate().year - 1
    household.incomes.update(year=last_year)  # the income was recorded a year ago
    exported = export("persons", tmp_path, "csv")
    before = checksum(m.HouseholdIncome)
    result = run(exported, "persons")
    # (the fixture's own members, entered without birth dates, are updated: not the income)
    assert result.ok and result.created == 0, errors(result)
    assert checksum(m.HouseholdIncome) == before
    # a new figure is this year's income; last year's stays as it was
    raised = [*person("INC-1", 806, LIUZHI_VILLAGE)]
    raised[6] = "7200"
    assert run(write_csv(tmp_path / "r.csv", PERSON_HEADERS, [raised]), "persons").ok
    incomes = list(household.incomes.order_by("year").values_list("year", "per_capita"))
    assert incomes == [(last_year, Decimal("6000.00")), (last_year + 1, Decimal("7200.00"))]
