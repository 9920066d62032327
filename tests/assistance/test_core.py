"""The pure rules of hezuo.core.assistance: ID numbers, heads, monitoring, checks, retention."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hezuo.core import assistance as rules
from hezuo.core.validators import CodeError

VALID = "520203198005171238"  # born 1980-05-17, 17th digit 3: male


def code_of(number: str, **kwargs: object) -> str:
    with pytest.raises(CodeError) as exc:
        rules.parse_person_id(number, **kwargs)  # type: ignore[arg-type]
    return exc.value.code


class TestIdNumbers:
    def test_valid_number_gives_birth_date_and_sex(self):
        parsed = rules.parse_person_id(VALID)
        assert parsed.birth_date == date(1980, 5, 17)
        assert parsed.sex == "M"
        assert parsed.region_code == "520203"

    def test_wrong_check_digit(self):
        assert code_of(VALID[:-1] + "9") == "ric_checksum"

    def test_lower_case_x_is_read_as_upper_case(self):
        body = "52020319900307100"
        from stdnum.cn import ric

        for seq in range(100, 1000):
            candidate = f"52020319900307{seq}"
            if ric.calc_check_digit(candidate + "0") == "X":
                body = candidate
                break
        parsed = rules.parse_person_id(body + "x")
        assert parsed.number == body + "X"

    def test_impossible_birth_date(self):
        from stdnum.cn import ric

        body = "52020319900231123"  # 31 February
        assert code_of(body + ric.calc_check_digit(body + "0")) == "ric_birth_date"

    def test_given_birth_date_and_sex_are_checked_against_the_number(self):
        assert code_of(VALID, birth_date=date(1980, 5, 18)) == "ric_birth_mismatch"
        assert code_of(VALID, sex="F") == "ric_sex_mismatch"
        assert rules.parse_person_id(VALID, birth_date=date(1980, 5, 17), sex="M")


def test_head_rule():
    assert rules.head_problem(["head", "spouse", "child"]) is None
    assert rules.head_problem(["spouse", "child"]) == "no_head"
    assert rules.head_problem([]) == "no_head"
    assert rules.head_problem(["head", "head"]) == "two_heads"


class TestMonitoring:
    def test_deadline_is_15_days_after_the_first_lead(self):
        assert rules.decision_deadline(date(2025, 3, 1)) == date(2025, 3, 16)

    def test_overdue(self):
        lead = date(2025, 3, 1)
        assert not rules.is_overdue(lead, None, date(2025, 3, 16))
        assert rules.is_overdue(lead, None, date(2025, 3, 17))
        assert not rules.is_overdue(lead, date(2025, 3, 16), date(2026, 1, 1))
        assert rules.is_overdue(lead, date(2025, 3, 17), date(2025, 3, 17))

    def steps(self, **changes: object) -> list[str]:
        values: dict[str, object] = {
            "first_lead": date(2025, 3, 1),
            "consent": True,
            "village_review": date(2025, 3, 2),
            "notice_from": date(2025, 3, 2),
            "notice_to": date(2025, 3, 6),
            "township_review": date(2025, 3, 8),
            "county_decision": date(2025, 3, 10),
        }
        values.update(changes)
        return [p.code for p in rules.monitoring_problems(**values)]  # type: ignore[arg-type]

    def test_a_complete_case_in_order(self):
        assert self.steps() == []

    def test_notice_of_at_least_five_days(self):
        assert self.steps(notice_to=date(2025, 3, 5)) == ["notice_short"]

    def test_consent_needed(self):
        assert "consent_needed" in self.steps(consent=False)

    def test_steps_in_order(self):
        assert "during_notice" in self.steps(township_review=date(2025, 3, 6))
        assert "needs_township" in self.steps(township_review=None)
        assert "before_township" in self.steps(county_decision=date(2025, 3, 7))

    def test_elimination_needs_six_months_above_the_line_and_the_guarantees(self):
        secure = dict.fromkeys(rules.GUARANTEES, True)
        ok = {
            "on": date(2025, 9, 1),
            "income_above_line_since": date(2025, 3, 1),
            "income_per_capita": Decimal(7000),
            "line": Decimal(6000),
            "guarantees": secure,
        }
        assert rules.elimination_problems(**ok) == []  # type: ignore[arg-type]

        def codes(**changes: object) -> list[str]:
            return [p.code for p in rules.elimination_problems(**{**ok, **changes})]  # type: ignore[arg-type]

        assert codes(income_above_line_since=date(2025, 3, 2)) == ["not_stable"]
        assert codes(income_per_capita=Decimal(5999)) == ["income_below_line"]
        assert codes(line=None) == ["no_line"]
        assert codes(guarantees={**secure, "housing": False}) == ["guarantees"]

    def test_public_notice_leaves_out_personal_and_health_data(self):
        case = {
            "household_number": "H1",
            "head_name": "张三",
            "village": "青龙社区",
            "members": 3,
            "kind": "edge",
            "cause": "illness",
            "id_number": VALID,
            "phone": "13800001111",
            "bank_account": "6222000011112222",
            "health": "糖尿病",
        }
        notice = rules.public_notice(case)
        assert set(notice) == set(rules.NOTICE_FIELDS)
        assert notice["cause"] == "other"
        for secret in (VALID, "13800001111", "6222000011112222", "糖尿病", "illness"):
            assert secret not in map(str, notice.values())
        assert rules.public_notice({**case, "cause": "water"})["cause"] == "water"

    def test_default_line_is_one_and_a_half_times_the_standard(self):
        assert rules.default_line(Decimal("4000")) == Decimal("6000.00")


class TestChecks:
    def test_missed(self):
        assert rules.missed([1, 2, 3, 4], [3, 1, 9]) == [2, 4]

    def test_duplicates(self):
        rows = [
            rules.MemberRow(1, "h1", "A", "head"),
            rules.MemberRow(2, "h1", "B", "spouse"),
            rules.MemberRow(3, "h2", "A", "head"),  # A in two households
            rules.MemberRow(4, "h3", "C", "child"),  # h3 has no head
            rules.MemberRow(5, "h4", "D", "head"),
            rules.MemberRow(6, "h4", "E", "head"),  # two heads
            rules.MemberRow(7, "h4", "D", "other"),  # D twice in one household
        ]
        found = rules.duplicates(rows, ["h1", "h2", "h3", "h4"])
        assert found.same_id == {"A": [1, 3], "D": [5, 7]}
        assert found.two_households == {"A": ["h1", "h2"]}
        assert found.no_head == ["h3"]
        assert found.two_heads == ["h4"]

    def test_overruns(self):
        found = rules.overruns(
            {"p1": Decimal(100), "p2": Decimal(50)},
            {"p1": Decimal(100), "p2": Decimal(60), "p3": Decimal(1)},
        )
        assert [(o.key, o.excess) for o in found] == [("p2", Decimal(10)), ("p3", Decimal(1))]


def test_retention():
    start = date(2025, 1, 31)
    assert rules.add_months(start, 1) == date(2025, 2, 28)
    assert rules.retained(start, None, 6, date(2025, 7, 31)) is True
    assert rules.retained(start, None, 6, date(2025, 7, 30)) is None  # too early to say
    assert rules.retained(start, date(2025, 7, 30), 6, date(2026, 1, 1)) is False
    assert rules.retained(start, date(2025, 4, 30), 3, date(2026, 1, 1)) is True
    # ended before the mark: known already, before the mark is reached
    assert rules.retained(start, date(2025, 3, 1), 6, date(2025, 4, 1)) is False


def test_per_capita_and_share():
    assert rules.per_capita(Decimal(10000), 3) == Decimal("3333.33")
    assert rules.per_capita(Decimal(10000), 0) == Decimal("0.00")
    assert rules.share(Decimal(1300), Decimal(2000)) == Decimal("65.0")
    assert rules.share(1, 0) is None
