"""Matching in both directions, against answers worked out by hand from the catalogue's rules.

The catalogue is hezuo.demo.policies; the projects are the world's (every DLZ-20200824-xx is at
``signed`` with an investment-project agreement; Iwatani's is on 西中岛) and four built here:

========  =====  ============  ==================================================================
project   from   stage         facts
========  =====  ============  ==================================================================
T-MFG     JP     production    class 3841 (section C); arrived 20 000 000 CNY; contracted
                               100 000 000 CNY; 80 jobs; registered 2021-03-01
T-JPY     KR     construction  contracted 800 000 000 JPY (= 40 000 000 CNY); registered capital
                               2 000 000 USD (= 14 000 000 CNY)
T-CN      CN     signed        on 西中岛; class 4419 (section D)
T-GOV     JP     capacity      a government investor; no agreement; 30 jobs; arrived 5 000 000
                               JPY (= 250 000 CNY)
========  =====  ============  ==================================================================
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hezuo.base.services import SYSTEM
from hezuo.policies import rules, selectors
from hezuo.policies.models import Policy
from hezuo.projects.models import Project
from hezuo.zonedesk.models import ExchangeRate

from .conftest import TODAY, make_project

WORLD = {f"DLZ-20200824-0{n}" for n in (1, 2, 3, 4, 5, 8)}

EXPECTED = {
    "dlz-xizhongdao-new-energy": {"DLZ-20200824-08"},
    "dlz-pre-registration-service": WORLD | {"T-CN"},
    "dlz-arrived-investment-award": {"T-MFG"},
    "dlz-manufacturing-tax": {"T-MFG"},
    "dlz-expert-entry-exit": {"T-MFG", "T-JPY", "T-GOV"},
    "dlz-cross-border-trade": {"T-MFG"},
    "dlz-loan-interest": {"T-MFG", "T-JPY"},
    "dlz-jobs-award": {"T-MFG"},
}


@pytest.fixture
def hand_built(catalogue) -> dict[str, Project]:
    ExchangeRate.objects.create(
        currency="USD", date=date(2026, 1, 1), rate=Decimal(7), source="official"
    )
    return {
        "T-MFG": make_project(
            "T-MFG",
            country="JP",
            stage="production",
            classes=("3841",),
            figures=(
                ("arrived_investment", 20_000_000, "CNY"),
                ("contracted_investment", 100_000_000, "CNY"),
                ("jobs", 80, ""),
            ),
            registered_on=date(2021, 3, 1),
        ),
        "T-JPY": make_project(
            "T-JPY",
            country="KR",
            stage="construction",
            figures=(
                ("contracted_investment", 800_000_000, "JPY"),
                ("registered_capital", 2_000_000, "USD"),
            ),
        ),
        "T-CN": make_project(
            "T-CN", country="CN", stage="signed", classes=("4419",), sub_area="xizhongdao"
        ),
        "T-GOV": make_project(
            "T-GOV",
            country="JP",
            stage="capacity",
            kind="government",
            agreement=False,
            figures=(("jobs", 30, ""), ("arrived_investment", 5_000_000, "JPY")),
        ),
    }


def codes(projects) -> set[str]:
    return {p.code for p in projects if p.code.startswith(("DLZ-", "T-"))}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_who_qualifies_for_a_policy_is_one_query_with_the_hand_computed_answer(
    code, catalogue, hand_built, django_assert_max_num_queries
):
    policy = catalogue[code]
    with django_assert_max_num_queries(12):  # the policy's rules, rates, currencies, then one
        found = list(
            selectors.qualifying_projects(policy, on=TODAY, not_applied=False, user=SYSTEM)
        )
    assert codes(found) == EXPECTED[code]


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_the_query_and_the_explanation_agree(code, catalogue, hand_built):
    """Every project of the zone: met by the Python evaluation ⇔ returned by the query."""
    policy = catalogue[code]
    projects = list(Project.objects.filter(program=policy.program))
    facts = rules.subjects(projects, on=TODAY)
    rule = selectors.policy_rule(policy)
    judged = {p.code for p in projects if selectors.judge(policy, facts[p.pk], rule=rule)[0].met}
    queried = set(
        rules.qualifying(
            Project.objects.filter(program=policy.program), rule, on=TODAY
        ).values_list("code", flat=True)
    )
    assert judged == queried
    assert codes(Project.objects.filter(code__in=judged)) == EXPECTED[code]


def test_policies_for_a_project_now_and_at_the_next_stage(catalogue, hand_built):
    project = hand_built["T-JPY"]  # construction → production next
    matches = {
        m.policy.code: m for m in selectors.policies_for_project(project, on=TODAY, user=SYSTEM)
    }
    assert "dlz-land-draft" not in matches  # a draft is not in force
    now = {code for code, m in matches.items() if m.qualifies}
    assert now == {"dlz-expert-entry-exit", "dlz-loan-interest"}
    # at production it would add the cross-border fast track (not manufacturing: no class C;
    # not jobs: none recorded)
    nxt = {code for code, m in matches.items() if m.qualifies_next}
    assert nxt == {"dlz-cross-border-trade"}
    loan = matches["dlz-loan-interest"]
    assert loan.benefit is not None and loan.benefit.amount == Decimal("200000.00")
    reasons = {v.field: (v.met, v.actual) for v in loan.conditions}
    assert reasons["stage"] == (True, "construction")
    assert reasons["contracted_investment"] == (
        False,
        "800,000,000.00 JPY = 40,000,000.00 CNY",
    )
    assert reasons["registered_capital"] == (True, "2,000,000.00 USD = 14,000,000.00 CNY")


def test_the_iwatani_project_qualifies_for_the_new_energy_policy_with_its_reasons(
    catalogue, iwatani_project
):
    matches = {
        m.policy.code: m
        for m in selectors.policies_for_project(iwatani_project, on=TODAY, user=SYSTEM)
    }
    assert {c for c, m in matches.items() if m.qualifies} == {
        "dlz-xizhongdao-new-energy",
        "dlz-pre-registration-service",
    }
    energy = matches["dlz-xizhongdao-new-energy"]
    assert [(v.field, v.met, v.actual) for v in energy.conditions] == [
        ("sub_area", True, "xizhongdao"),
        ("investor_country", True, "JP"),
        ("stage", True, "signed"),
        ("agreement_kind", True, "investment_project"),
    ]
    assert energy.benefit is not None and energy.benefit.amount == Decimal(500000)


def test_a_project_at_signed_elsewhere_qualifies_only_for_pre_registration(
    catalogue, nidec_project
):
    matches = selectors.policies_for_project(nidec_project, on=TODAY, user=SYSTEM)
    assert {m.policy.code for m in matches if m.qualifies} == {"dlz-pre-registration-service"}
    # registered, its Japanese investor would open the expert entry-exit facilitation
    assert {m.policy.code for m in matches if m.qualifies_next} == {"dlz-expert-entry-exit"}


def test_policies_already_applied_for_are_not_listed_for_contact(catalogue, hand_built, users):
    from hezuo.policies import services

    loan = catalogue["dlz-loan-interest"]
    project = hand_built["T-MFG"]
    services.apply(
        policy=loan,
        project=project,
        enterprise=project.investors[0],
        acting_user=users["zone"],
        on=TODAY,
    )
    assert codes(selectors.qualifying_projects(loan, on=TODAY, user=SYSTEM)) == {"T-JPY"}
    assert codes(selectors.qualifying_projects(loan, on=TODAY, not_applied=False, user=SYSTEM)) == {
        "T-MFG",
        "T-JPY",
    }


def test_a_user_sees_only_the_projects_in_scope(catalogue, hand_built, users):
    pre = catalogue["dlz-pre-registration-service"]
    seen = codes(selectors.qualifying_projects(pre, on=TODAY, user=users["nidec"]))
    assert seen == {"DLZ-20200824-01", "DLZ-20200824-03"}  # Nidec's and its subsidiary's


def test_years_since_registration_in_the_query_and_in_python(catalogue, hand_built):
    project = hand_built["T-MFG"]  # registered 2021-03-01: 5 whole years on 2026-06-30
    queryset = Project.objects.filter(pk=project.pk)
    facts = rules.subjects([project], on=TODAY)[project.pk]
    from hezuo.core import eligibility

    for op, value, expected in [
        ("gte", 5, True),
        ("gte", 6, False),
        ("gt", 4, True),
        ("gt", 5, False),
        ("eq", 5, True),
        ("ne", 5, False),
        ("lt", 6, True),
        ("lte", 4, False),
    ]:
        rule = {"field": "years_since_registration", "op": op, "value": value}
        assert eligibility.evaluate(rule, facts).met is expected, (op, value)
        assert rules.qualifying(queryset, rule, on=TODAY).exists() is expected, (op, value)


def test_search_in_three_languages(catalogue):
    policies = Policy.objects.all()
    assert [p.code for p in selectors.search(policies, "西中島")][:1] == [
        "dlz-xizhongdao-new-energy"
    ]  # Japanese form of 西中岛
    assert [p.code for p in selectors.search(policies, "hydrogen")] == ["dlz-xizhongdao-new-energy"]
    assert "dlz-loan-interest" in [p.code for p in selectors.search(policies, "贷款贴息")]
    assert "dlz-loan-interest" in [p.code for p in selectors.search(policies, "利子補給")]
    assert selectors.search(policies, "宇宙旅行") == []
