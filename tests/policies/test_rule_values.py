"""A rule value that names nothing (a sub-area of another zone, a misspelt kind, an industry code
no class starts with, a country that does not exist) is refused when saved, with the reason: it
would otherwise make its condition silently never met."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hezuo.core.eligibility import unknown_values
from hezuo.policies.models import EligibilityRule


def test_unknown_values_in_the_core():
    rule = {
        "all": [
            {"field": "sub_area", "op": "in", "value": ["xizhongdao", "atlantis"]},
            {"any": [{"not": {"field": "industry_class", "op": "in", "value": ["38", "9Z"]}}]},
            {"field": "organisation_kind", "op": "exists"},
        ]
    }
    known = {"sub_area": {"xizhongdao"}, "industry_class": {"C", "38", "3841"}}
    found = [(p.code, p.path, p.params["value"]) for p in unknown_values(rule, known)]
    assert found == [
        ("unknown_value", "all.0", "atlantis"),
        ("unknown_value", "all.1.any.0.not", "9Z"),
    ]
    # an industry prefix that some class starts with is known
    assert unknown_values({"field": "industry_class", "op": "in", "value": ["384"]}, known) == []


@pytest.mark.parametrize(
    ("condition", "value"),
    [
        ({"field": "sub_area", "op": "eq", "value": "xizhongdo"}, "xizhongdo"),
        ({"field": "organisation_kind", "op": "in", "value": ["enterprize"]}, "enterprize"),
        ({"field": "agreement_kind", "op": "exists", "value": "investment"}, "investment"),
        ({"field": "investor_country", "op": "not_in", "value": ["CN", "XX"]}, "XX"),
        ({"field": "industry_class", "op": "in", "value": ["99999"]}, "99999"),
    ],
)
def test_a_rule_naming_an_unknown_value_is_refused_with_the_reason(catalogue, condition, value):
    rule = EligibilityRule(policy=catalogue["dlz-loan-interest"], rule={"all": [condition]})
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    message = " ".join(exc.value.message_dict["rule"])
    assert value in message and "all.0" in message


def test_known_values_are_accepted(catalogue):
    rule = EligibilityRule(
        policy=catalogue["dlz-loan-interest"],
        rule={
            "all": [
                {"field": "sub_area", "op": "in", "value": ["xizhongdao", "songmudao"]},
                {"field": "investor_country", "op": "in", "value": ["JP", "KR"]},
                {"field": "industry_class", "op": "in", "value": ["C", "38"]},
                {"field": "organisation_kind", "op": "eq", "value": "enterprise"},
            ]
        },
    )
    rule.full_clean()
