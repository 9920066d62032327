"""The demo's assistance layer: history rows for every record, valid and unique people (the
persons ledger goes out and back in without an error), and gaps for the weekly checks."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from hezuo.assistance import models as m
from hezuo.assistance import selectors
from hezuo.core.validators import validate_resident_id
from hezuo.demo.assistance import CHANGE_REASON, build_assistance
from hezuo.regions.models import Program

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_ledger(db):
    return build_assistance(1, 2020)


def test_every_record_has_the_history_row_of_its_creation(demo_ledger):
    for model in (m.Household, m.HouseholdMember, m.Measure, m.Placement, m.Disbursement):
        records = model.objects.filter(is_synthetic=True)
        history = model.history.filter(history_type="+", history_change_reason=CHANGE_REASON)
        assert records.count() > 0
        assert set(history.values_list("id", flat=True)) == set(
            records.values_list("pk", flat=True)
        )
    household = m.Household.objects.filter(is_synthetic=True).first()
    assert household.history.get().number == household.number
    assert household.created is not None and household.version == 1


def test_records_written_later_get_new_keys(demo_ledger, user_named):
    household = m.Household.objects.filter(is_synthetic=True).order_by("pk").last()
    added = m.Household.objects.create(
        program=household.program, number="X-1", village=household.village
    )
    assert added.pk > household.pk


def test_people_are_valid_and_unique(demo_ledger):
    numbers = list(
        m.HouseholdMember.objects.filter(is_synthetic=True).values_list("id_number", flat=True)
    )
    assert len(numbers) == demo_ledger["members"] > 6000
    assert len(set(numbers)) == len(numbers)
    # the project's GB 11643 check (a region code valid when the number was issued, which
    # python-stdnum's is_valid() does not accept for 水城县's 520221, replaced only in 2020)
    for number in numbers:
        validate_resident_id(number)
    member = m.HouseholdMember.objects.filter(is_synthetic=True).first()
    member.full_clean()  # birth date and sex agree with the number


def test_the_persons_ledger_round_trips_without_an_error(demo_ledger, tmp_path):
    path = tmp_path / "persons.csv"
    call_command("export", "persons", str(path), stdout=io.StringIO())
    out = io.StringIO()
    try:
        call_command("import", "persons", str(path), "--dry-run", "--format", "json", stdout=out)
    except SystemExit:
        pass  # exit status 1 on a refusal; the report below says why
    report = json.loads(out.getvalue())
    assert report["errors"] == []
    assert report["ok"] is True
    assert report["created"] == report["updated"] == 0


def test_the_weekly_checks_find_the_deliberate_gaps(demo_ledger):
    pairing = Program.objects.get(code="dalian-liupanshui")
    missed = selectors.missed_households(pairing, date(2026, 1, 1), date(2026, 10, 31))
    assert 0 < missed.count() < selectors.needing(pairing).count() // 10
    report = selectors.duplicates(pairing)
    assert report.counts == {"same_id": 0, "two_households": 0, "no_head": 2, "two_heads": 0}
    assert len(selectors.fund_overruns(pairing)) == 1
    assert len(selectors.delivery_overruns(pairing)) == 1
