"""The rule language of hezuo.core.eligibility on hand-built subjects (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hezuo.core import eligibility as e
from hezuo.core.eligibility import Amount, Subject

ON = date(2026, 6, 30)
JPY_RATE = Decimal("0.05")  # 1 JPY = 0.05 CNY in these cases


def to_cny(amount: Decimal, currency: str) -> Decimal | None:
    return {"CNY": amount, "JPY": amount * JPY_RATE, "USD": amount * 7}.get(currency)


IWATANI_LIKE = Subject(
    on=ON,
    organisation_kinds=frozenset({"enterprise"}),
    investor_countries=frozenset({"JP"}),
    industry_classes=frozenset({"4419", "D"}),
    sub_area="xizhongdao",
    stage="registered",
    contracted_investment=Amount(Decimal(1_000_000_000), "JPY", Decimal(50_000_000)),
    arrived_investment=Amount(Decimal(8_000_000), "CNY", Decimal(8_000_000)),
    registered_capital=None,
    jobs_created=Decimal(120),
    registered_on=date(2023, 7, 1),
    agreement_kinds=frozenset({"investment_project"}),
)
BARE = Subject(on=ON)


def met(rule: dict, subject: Subject = IWATANI_LIKE) -> bool:
    assert e.problems(rule) == [], e.problems(rule)
    return e.evaluate(rule, subject, to_cny=to_cny).met


def c(field: str, op: str, value: object = None, **extra: object) -> dict:
    node = {"field": field, "op": op, **extra}
    if value is not None:
        node["value"] = value
    return node


# --- every condition type -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (c("organisation_kind", "eq", "enterprise"), True),
        (c("organisation_kind", "in", ["government", "financial"]), False),
        (c("organisation_kind", "not_in", ["government"]), True),
        (c("organisation_kind", "exists"), True),
        (c("investor_country", "in", ["JP", "KR"]), True),
        (c("investor_country", "eq", "CN"), False),
        (c("investor_country", "not_in", ["CN"]), True),
        (c("industry_class", "in", ["44"]), True),  # 4419 starts with 44
        (c("industry_class", "in", ["441", "C"]), True),
        (c("industry_class", "in", ["C"]), False),  # section D, not C
        (c("industry_class", "in", ["D"]), True),
        (c("industry_class", "not_in", ["38"]), True),
        (c("industry_class", "exists", "44"), True),
        (c("sub_area", "eq", "xizhongdao"), True),
        (c("sub_area", "ne", "xizhongdao"), False),
        (c("sub_area", "in", ["songmudao", "huayuankou"]), False),
        (c("sub_area", "not_in", ["songmudao"]), True),
        (c("sub_area", "exists"), True),
        (c("stage", "eq", "registered"), True),
        (c("stage", "ne", "registered"), False),
        (c("stage", "gte", "signed"), True),  # at least signed
        (c("stage", "gte", "registered"), True),
        (c("stage", "gte", "construction"), False),
        (c("stage", "lte", "registered"), True),
        (c("stage", "lte", "signed"), False),
        (c("stage", "in", ["negotiating", "signed"]), False),
        (c("stage", "not_in", ["terminated"]), True),
        # 1 000 000 000 JPY = 50 000 000 CNY
        (c("contracted_investment", "gte", 50_000_000), True),
        (c("contracted_investment", "gt", 50_000_000), False),
        (c("contracted_investment", "lt", 50_000_001), True),
        (c("contracted_investment", "eq", 50_000_000), True),
        # a threshold in JPY: 900 000 000 JPY = 45 000 000 CNY
        (c("contracted_investment", "gte", 900_000_000, currency="JPY"), True),
        (c("contracted_investment", "gte", 1_100_000_000, currency="JPY"), False),
        (c("arrived_investment", "gte", 10_000_000), False),
        (c("arrived_investment", "lte", 8_000_000), True),
        (c("registered_capital", "gte", 0), False),  # none recorded: never met
        (c("jobs_created", "gte", 50), True),
        (c("jobs_created", "lt", 100), False),
        (c("jobs_created", "ne", 120), False),
        (c("years_since_registration", "gte", 2), True),  # 2023-07-01 → 2026-06-30: 2 whole years
        (c("years_since_registration", "gte", 3), False),
        (c("years_since_registration", "eq", 2), True),
        (c("years_since_registration", "lt", 3), True),
        (c("agreement_kind", "eq", "investment_project"), True),
        (c("agreement_kind", "eq", "framework"), False),
        (c("agreement_kind", "exists"), True),
        (c("agreement_kind", "exists", "procurement"), False),
    ],
)
def test_condition(condition, expected):
    assert met(condition) is expected


@pytest.mark.parametrize(
    "condition",
    [
        c("organisation_kind", "eq", "enterprise"),
        c("industry_class", "in", ["44"]),
        c("sub_area", "eq", "xizhongdao"),
        c("stage", "gte", "lead"),
        c("contracted_investment", "gte", 0),
        c("jobs_created", "gte", 0),
        c("years_since_registration", "gte", 0),
        c("agreement_kind", "exists"),
    ],
)
def test_a_missing_value_never_meets_a_condition_and_its_not_is_met(condition):
    assert met(condition, BARE) is False
    assert met({"not": condition}, BARE) is True


def test_terminated_is_neither_before_nor_after_a_stage():
    ended = Subject(on=ON, stage="terminated")
    assert not met(c("stage", "gte", "lead"), ended)
    assert not met(c("stage", "lte", "expansion"), ended)
    assert met(c("stage", "eq", "terminated"), ended)


def test_a_threshold_in_a_currency_without_a_rate_is_not_met():
    assert not met(c("contracted_investment", "gte", 1, currency="XAU"))


def test_whole_years_counts_like_an_age():
    assert e.whole_years(date(2020, 8, 24), date(2023, 8, 23)) == 2
    assert e.whole_years(date(2020, 8, 24), date(2023, 8, 24)) == 3
    assert e.whole_years(date(2020, 2, 29), date(2021, 2, 28)) == 0


# --- combinations ------------------------------------------------------------------------------

YES = c("investor_country", "eq", "JP")
NO = c("investor_country", "eq", "CN")


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"all": [YES, YES]}, True),
        ({"all": [YES, NO]}, False),
        ({"all": []}, True),
        ({"any": [NO, YES]}, True),
        ({"any": [NO, NO]}, False),
        ({"not": YES}, False),
        ({"not": NO}, True),
        ({"not": {"all": [YES, NO]}}, True),
        ({"all": [YES, {"any": [NO, {"not": NO}]}]}, True),
        ({"any": [{"all": [YES, NO]}, {"not": {"any": [YES]}}]}, False),
        (YES, True),
    ],
)
def test_combination(rule, expected):
    assert met(rule) is expected


def test_the_verdict_explains_each_condition_with_the_value_used():
    rule = {
        "all": [
            c("stage", "gte", "construction"),
            c("investor_country", "in", ["JP"]),
            {"not": c("arrived_investment", "gte", 5_000_000)},
        ]
    }
    verdict = e.evaluate(rule, IWATANI_LIKE, to_cny=to_cny)
    assert verdict.met is False
    leaves = list(verdict.leaves())
    assert [(v.field, v.met) for v in leaves] == [
        ("stage", False),
        ("investor_country", True),
        ("arrived_investment", True),  # the condition is met; its "not" is not
    ]
    assert leaves[0].actual == "registered"
    assert leaves[1].actual == "JP"
    assert leaves[2].actual == "8,000,000.00 CNY"
    assert [v.path for v in leaves] == ["all.0", "all.1", "all.2.not"]
    assert verdict.children[2].kind == "not" and verdict.children[2].met is False


def test_money_shows_the_recorded_amount_and_its_cny_value():
    leaf = next(e.evaluate(c("contracted_investment", "gte", 1), IWATANI_LIKE).leaves())
    assert leaf.actual == "1,000,000,000.00 JPY = 50,000,000.00 CNY"


def test_the_next_stage():
    assert e.next_stage("signed") == "registered"
    assert e.next_stage("expansion") is None
    assert e.next_stage("terminated") is None
    signed = IWATANI_LIKE.at_stage("signed")
    rule = c("stage", "gte", "registered")
    assert not met(rule, signed)
    assert met(rule, signed.at_stage(e.next_stage("signed") or ""))


# --- refused rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "code", "path"),
    [
        (c("turnover", "gte", 1), "unknown_field", "rule"),
        ({"all": [YES, c("employees", "gte", 3)]}, "unknown_field", "all.1"),
        ({"any": [{"not": c("colour", "eq", "red")}]}, "unknown_field", "any.0.not"),
        (c("stage", "like", "sign%"), "unknown_op", "rule"),
        (c("jobs_created", "in", ["1"]), "unknown_op", "rule"),
        (c("stage", "gte", "launched"), "unknown_stage", "rule"),
        (c("jobs_created", "gte", "many"), "value_number", "rule"),
        (c("jobs_created", "gte", -1), "value_negative", "rule"),
        (c("jobs_created", "gte", "1e999999"), "value_number", "rule"),  # beyond any amount
        (c("years_since_registration", "gte", 1.5), "value_whole", "rule"),
        (c("investor_country", "in", "JP"), "value_list", "rule"),
        (c("investor_country", "in", []), "value_list", "rule"),
        (c("sub_area", "eq", ""), "value_text", "rule"),
        (c("stage", "eq", "signed", currency="JPY"), "currency_not_money", "rule"),
        (c("arrived_investment", "gte", 1, currency="yen"), "currency", "rule"),
        ({"field": "stage", "op": "eq", "value": "signed", "weight": 2}, "unknown_key", "rule"),
        ({"any": []}, "empty_any", "any"),
        ({"all": YES}, "group_list", "all"),
        ({"all": [], "any": []}, "one_group", "rule"),
        ({"every": []}, "shape", "rule"),
        ([YES], "shape", "rule"),
        ("stage >= signed", "shape", "rule"),
    ],
)
def test_refused(rule, code, path):
    found = e.problems(rule)
    assert [(p.code, p.path) for p in found] == [(code, path)]


def test_unknown_field_names_it():
    (problem,) = e.problems(c("turnover", "gte", 1))
    assert problem.params["field"] == "turnover"


def test_fields_used():
    rule = {
        "all": [YES, {"not": c("stage", "eq", "signed")}, {"any": [c("jobs_created", "gt", 1)]}]
    }
    assert e.fields_used(rule) == {"investor_country", "stage", "jobs_created"}


# --- benefit formulas --------------------------------------------------------------------------


def test_share_of_arrived_investment_with_a_cap():
    formula = {"kind": "share", "of": "arrived_investment", "rate": 0.02, "cap": 100_000}
    benefit = e.compute_benefit(formula, IWATANI_LIKE)
    assert benefit is not None
    assert benefit.uncapped == Decimal("160000.00")  # 2% of 8 000 000
    assert benefit.amount == Decimal(100_000) and benefit.capped
    assert benefit.base == "arrived_investment" and benefit.base_value == "8,000,000.00 CNY"
    # the policy's cap applies too: the lower one wins
    lower = e.compute_benefit(formula, IWATANI_LIKE, cap=Decimal(50_000))
    assert lower is not None and lower.amount == Decimal(50_000)
    uncapped = e.compute_benefit({**formula, "cap": 1_000_000}, IWATANI_LIKE)
    assert uncapped is not None and uncapped.amount == Decimal("160000.00") and not uncapped.capped


def test_amount_per_job_created():
    benefit = e.compute_benefit(
        {"kind": "per_unit", "of": "jobs_created", "amount": 2000}, IWATANI_LIKE
    )
    assert benefit is not None and benefit.amount == Decimal("240000.00")
    assert benefit.factor == Decimal(2000) and benefit.base_value == "120"


def test_a_share_of_an_amount_in_another_currency_uses_its_cny_value():
    benefit = e.compute_benefit(
        {"kind": "share", "of": "contracted_investment", "rate": "0.005"}, IWATANI_LIKE
    )
    assert benefit is not None and benefit.amount == Decimal("250000.00")  # 0.5% of 50 000 000


def test_fixed_and_missing_bases():
    fixed = e.compute_benefit({"kind": "fixed", "amount": 500000}, BARE)
    assert fixed is not None and fixed.amount == Decimal(500000)
    missing = e.compute_benefit({"kind": "per_unit", "of": "jobs_created", "amount": 1}, BARE)
    assert missing is not None and missing.amount is None
    assert e.compute_benefit({}, IWATANI_LIKE) is None


@pytest.mark.parametrize(
    ("formula", "code"),
    [
        ({"kind": "eval", "expr": "__import__('os')"}, "formula_kind"),
        ({"kind": "share", "of": "arrived_investment"}, "formula_missing"),
        ({"kind": "share", "of": "turnover", "rate": 0.1}, "formula_base"),
        ({"kind": "share", "of": "arrived_investment", "rate": 2}, "formula_rate"),
        ({"kind": "fixed", "amount": -5}, "formula_number"),
        ({"kind": "fixed", "amount": "1e30"}, "formula_number"),
        ({"kind": "fixed", "amount": 5, "expr": "1+1"}, "unknown_key"),
        ("2% of arrived", "formula_shape"),
    ],
)
def test_refused_formula(formula, code):
    assert [p.code for p in e.formula_problems(formula)] == [code]
