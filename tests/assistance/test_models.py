"""Validation on the models (reached by forms, the API and imports alike)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hezuo.assistance import models as m
from hezuo.assistance import services
from hezuo.assistance.forms import MemberFormSet
from hezuo.base.services import SYSTEM

from .conftest import resident_id

pytestmark = pytest.mark.django_db


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


def codes_of(obj) -> dict:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return {k: [e.code for e in v] for k, v in exc.value.error_dict.items()}


def new_member(ledger, number: str, **kwargs) -> m.HouseholdMember:
    values = {"household": ledger.h4, "name": "新成员", "relation": "child", **kwargs}
    return m.HouseholdMember(id_number=number, **values)


class TestIdNumber:
    def test_valid_number_fills_birth_date_and_sex(self, ledger):
        number = resident_id("520203", "20010203", 124)  # 17th digit 4: female
        person = new_member(ledger, number)
        person.full_clean()
        assert person.birth_date == date(2001, 2, 3)
        assert person.sex == "F"

    def test_wrong_check_digit(self, ledger):
        good = resident_id("520203", "20010203", 124)
        bad = good[:-1] + ("0" if good[-1] != "0" else "1")
        assert codes_of(new_member(ledger, bad))["id_number"] == ["ric_checksum"]

    def test_lower_case_x_is_accepted_and_stored_upper_case(self, ledger):
        from stdnum.cn import ric

        body = next(
            f"52020320010203{n:03d}"
            for n in range(1000)
            if ric.calc_check_digit(f"52020320010203{n:03d}0") == "X"
        )
        person = new_member(ledger, body + "x")
        person.full_clean()
        assert person.id_number == body + "X"

    def test_impossible_birth_date(self, ledger):
        number = resident_id("520203", "20010230", 124)  # 30 February
        assert codes_of(new_member(ledger, number))["id_number"] == ["ric_birth_date"]

    def test_given_birth_date_and_sex_must_agree(self, ledger):
        number = resident_id("520203", "20010203", 124)
        assert "birth_date" in errors_of(new_member(ledger, number, birth_date=date(2001, 2, 4)))
        assert "sex" in errors_of(new_member(ledger, number, sex="M"))

    def test_a_number_registered_elsewhere_is_refused(self, ledger):
        errors = errors_of(new_member(ledger, ledger.ids["C"]))
        assert "T-H2" in errors["id_number"][0]


class TestHeadRule:
    def test_a_second_head_is_refused(self, ledger):
        number = resident_id("520203", "19700101", 300)
        assert "relation" in errors_of(
            m.HouseholdMember(household=ledger.h1, name="x", id_number=number, relation="head")
        )

    def test_the_one_head_may_be_saved_again(self, ledger):
        ledger.people["D"].full_clean()

    @pytest.mark.parametrize(
        "relations,valid", [(["head"], True), (["child"], False), (["head", "head"], False)]
    )
    def test_household_form_needs_exactly_one_head(self, relations, valid):
        data = {
            "householdmember-TOTAL_FORMS": str(len(relations)),
            "householdmember-INITIAL_FORMS": "0",
        }
        for i, relation in enumerate(relations):
            data.update(
                {
                    f"householdmember-{i}-name": f"人{i}",
                    f"householdmember-{i}-id_number": resident_id("520203", "19800101", 400 + i),
                    f"householdmember-{i}-relation": relation,
                    f"householdmember-{i}-labour_capacity": "normal",
                }
            )
        formset = MemberFormSet(data, instance=m.Household(), prefix="householdmember")
        assert formset.is_valid() is valid


class TestDisbursement:
    def test_never_beyond_its_allocation(self, ledger):
        # a1: 1000 allocated, 900 paid
        row = m.Disbursement(allocation=ledger.a1, paid_on=date(2025, 6, 1), amount=Decimal(101))
        assert "amount" in errors_of(row)
        m.Disbursement(
            allocation=ledger.a1, paid_on=date(2025, 6, 1), amount=Decimal(100)
        ).full_clean()

    def test_service_checks_under_the_allocation_lock(self, ledger):
        services.record_disbursement(
            allocation=ledger.a1, amount=Decimal(100), paid_on=date(2025, 6, 1), acting_user=SYSTEM
        )
        with pytest.raises(ValidationError):
            services.record_disbursement(
                allocation=ledger.a1,
                amount=Decimal("0.01"),
                paid_on=date(2025, 6, 2),
                acting_user=SYSTEM,
            )
        assert ledger.a1.disbursed() == Decimal(1000)

    def test_allocation_cannot_drop_below_what_was_paid(self, ledger):
        ledger.a1.amount = Decimal(899)
        assert "amount" in errors_of(ledger.a1)


def test_income_total_and_per_head(ledger):
    income = m.HouseholdIncome.objects.create(
        household=ledger.h1,
        year=2025,
        members=3,
        wages=Decimal(6000),
        business=Decimal(2000),
        transfers=Decimal(1500),
        property=Decimal(500),
    )
    assert income.total == Decimal(10000)
    assert income.per_capita == Decimal("3333.33")


def test_monitoring_line_defaults_to_one_and_a_half_times_the_standard():
    from hezuo.regions.models import Region

    line = m.MonitoringLine(
        province=Region.objects.get(code="520000"), year=2030, national_standard=Decimal(4000)
    )
    line.full_clean()
    assert line.line == Decimal("6000.00")


def test_delivery_needs_a_procurement_agreement(ledger):
    from hezuo.events.models import Agreement

    other = Agreement.objects.create(title_zh_hans="框架", kind="framework")
    delivery = m.Delivery(
        agreement=other,
        product=ledger.line1.product,
        delivered_on=date(2025, 1, 1),
        quantity=Decimal(1),
        amount=Decimal(1),
    )
    assert "agreement" in errors_of(delivery)
