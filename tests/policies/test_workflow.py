"""Applications (drafted → submitted → approved | rejected, approved → paid), grants without
application, re-evaluation after a stage change, and rules refused when saved."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from hezuo.base.services import SYSTEM
from hezuo.policies import selectors, services
from hezuo.policies.forms import EligibilityRuleForm
from hezuo.policies.models import Application, EligibilityRule, Policy
from hezuo.projects.services import EvidenceItem, advance_stage

from .conftest import TODAY, make_project


@pytest.fixture
def manufacturer(catalogue):
    return make_project(
        "T-MFG",
        country="JP",
        stage="production",
        classes=("3841",),
        figures=(("arrived_investment", 300_000_000, "CNY"), ("jobs", 80, "")),
        registered_on=date(2021, 3, 1),
    )


# --- the application workflow --------------------------------------------------------------------


def test_an_enterprise_applies_and_the_office_decides_and_pays(catalogue, nidec_project, users):
    pre = catalogue["dlz-pre-registration-service"]
    nidec = nidec_project.investors[0]
    application = services.apply(
        policy=pre, project=nidec_project, enterprise=nidec, acting_user=users["nidec"], on=TODAY
    )
    assert application.status == "submitted"
    assert application.history.count() == 2  # applied, then submitted, both kept
    assert application.history.first().history_user == users["nidec"]

    with pytest.raises(PermissionDenied):  # the enterprise cannot decide on its own application
        services.decide(application=application, approve=True, acting_user=users["nidec"])
    with pytest.raises(ValidationError):  # a rejection needs a note
        services.decide(application=application, approve=False, acting_user=users["zone"])

    approved = services.decide(
        application=application,
        approve=True,
        amount=Decimal(1000),
        note="ok",
        acting_user=users["zone"],
    )
    assert (approved.status, approved.amount_granted, approved.decided_by) == (
        "approved",
        Decimal(1000),
        users["zone"],
    )
    with pytest.raises(ValidationError):  # approved cannot be approved again
        services.decide(application=approved, approve=True, acting_user=users["zone"])
    paid = services.mark_paid(application=approved, acting_user=users["zone"])
    assert paid.status == "paid"
    with pytest.raises(ValidationError):
        services.submit(application=paid, acting_user=users["zone"])


def test_a_second_open_application_for_the_same_project_is_refused(catalogue, nidec_project, users):
    pre = catalogue["dlz-pre-registration-service"]
    nidec = nidec_project.investors[0]
    first = services.apply(
        policy=pre, project=nidec_project, enterprise=nidec, acting_user=users["nidec"]
    )
    with pytest.raises(ValidationError):
        services.apply(
            policy=pre, project=nidec_project, enterprise=nidec, acting_user=users["nidec"]
        )
    services.decide(application=first, approve=False, note="incomplete", acting_user=users["zone"])
    again = services.apply(
        policy=pre, project=nidec_project, enterprise=nidec, acting_user=users["nidec"]
    )
    assert again.status == "submitted"  # after a rejection, a new application may be made


def test_an_enterprise_cannot_apply_for_another_enterprises_project(
    catalogue, iwatani_project, users
):
    with pytest.raises(PermissionDenied):
        services.apply(
            policy=catalogue["dlz-xizhongdao-new-energy"],
            project=iwatani_project,
            enterprise=iwatani_project.investors[0],
            acting_user=users["nidec"],
        )
    assert not Application.objects.filter(project=iwatani_project).exists()


def test_a_draft_policy_cannot_be_applied_for_and_is_hidden_from_readers(
    catalogue, nidec_project, users
):
    draft = catalogue["dlz-land-draft"]
    with pytest.raises(ValidationError):
        services.apply(
            policy=draft,
            project=nidec_project,
            enterprise=nidec_project.investors[0],
            acting_user=users["zone"],
        )
    assert not Policy.objects.restrict(users["nidec"]).filter(pk=draft.pk).exists()
    assert not EligibilityRule.objects.restrict(users["nidec"]).filter(policy=draft).exists()
    assert Policy.objects.restrict(users["zone"]).filter(pk=draft.pk).exists()


def test_granted_without_application_in_one_step(catalogue, manufacturer, users):
    award = catalogue["dlz-arrived-investment-award"]
    rows = selectors.grant_rows(award, on=timezone.localdate(), user=users["zone"])
    assert [r.project.code for r in rows if r.project.code.startswith("T-")] == ["T-MFG"]
    (row,) = [r for r in rows if r.project.code == "T-MFG"]
    # 2% of 300 000 000 = 6 000 000, capped at 5 000 000
    assert row.benefit.uncapped == Decimal("6000000.00") and row.benefit.amount == Decimal(
        5_000_000
    )
    with pytest.raises(PermissionDenied):
        services.grant_without_application(policy=award, acting_user=users["nidec"])
    granted = services.grant_without_application(
        policy=award, acting_user=users["zone"], projects=[manufacturer.pk]
    )
    assert [(a.project, a.status, a.amount_granted, a.without_application) for a in granted] == [
        (manufacturer, "approved", Decimal(5_000_000), True)
    ]
    assert manufacturer not in selectors.qualifying_projects(
        award, on=timezone.localdate(), user=SYSTEM
    )
    with pytest.raises(ValidationError):  # only for policies so marked
        services.grant_without_application(
            policy=catalogue["dlz-loan-interest"], acting_user=users["zone"]
        )


# --- re-evaluation after a stage change ----------------------------------------------------------


def test_a_stage_change_shows_the_newly_qualifying_policies(catalogue, nidec_project, users):
    today = timezone.localdate()
    before = {
        m.policy.code
        for m in selectors.policies_for_project(nidec_project, on=today, user=SYSTEM)
        if m.qualifies
    }
    assert before == {"dlz-pre-registration-service"}
    advance_stage(
        project=nidec_project,
        to_stage="registered",
        happened_on=today,
        acting_user=users["zone"],
        evidence=[EvidenceItem(kind="business_licence", reference="91210213MA0000000X")],
    )
    nidec_project.refresh_from_db()
    after = {
        m.policy.code
        for m in selectors.policies_for_project(nidec_project, on=today, user=SYSTEM)
        if m.qualifies
    }
    assert after == {"dlz-expert-entry-exit"}  # and no longer the pre-registration service
    newly = selectors.newly_qualifying(nidec_project, on=today, user=users["nidec"])
    assert newly is not None and newly.since == today
    assert [m.policy.code for m in newly.matches] == ["dlz-expert-entry-exit"]


def test_a_figure_change_shows_the_newly_qualifying_policies(catalogue, users):
    project = make_project("T-JOBS", country="JP", stage="production", figures=(("jobs", 10, ""),))
    today = timezone.localdate()
    # its figure of 10 jobs (recorded 2025-12-31) opened nothing: the cross-border fast track
    # was met before it too
    assert selectors.newly_qualifying(project, on=today, user=SYSTEM).matches == []
    project.figures.create(kind="jobs", amount=Decimal(60), recorded_on=today)
    newly = selectors.newly_qualifying(project, on=today, user=SYSTEM)
    assert [m.policy.code for m in newly.matches] == ["dlz-jobs-award"]
    jobs = newly.matches[0]
    assert jobs.benefit is not None and jobs.benefit.amount == Decimal(120_000)  # 60 × 2000


def test_a_project_that_never_changed_has_nothing_new(catalogue, iwatani_project):
    assert selectors.newly_qualifying(iwatani_project, on=timezone.localdate(), user=SYSTEM) is None


# --- rules refused when saved ------------------------------------------------------------------


def test_a_rule_with_an_unknown_field_is_refused_with_the_reason(catalogue):
    rule = EligibilityRule(
        policy=catalogue["dlz-loan-interest"],
        rule={"all": [{"field": "turnover", "op": "gte", "value": 1}]},
    )
    with pytest.raises(ValidationError) as exc:
        rule.full_clean()
    message = " ".join(exc.value.message_dict["rule"])
    assert "turnover" in message and "all.0" in message and "jobs_created" in message


def test_the_row_editor_builds_the_rule_and_refuses_an_unknown_operator(catalogue):
    policy = catalogue["dlz-loan-interest"]
    data = {
        "policy": policy.pk,
        "description": "rows",
        "mode": "rows",
        "combine": "any",
        "rule": "{}",
        "row0_field": "stage",
        "row0_op": "gte",
        "row0_value": "registered",
        "row1_negate": "on",
        "row1_field": "investor_country",
        "row1_op": "in",
        "row1_value": "CN, HK",
        "row2_field": "contracted_investment",
        "row2_op": "gte",
        "row2_value": "1000000",
        "row2_currency": "jpy",
    }
    form = EligibilityRuleForm(data)
    assert form.is_valid(), form.errors
    assert form.instance.rule == {
        "any": [
            {"field": "stage", "op": "gte", "value": "registered"},
            {"not": {"field": "investor_country", "op": "in", "value": ["CN", "HK"]}},
            {"field": "contracted_investment", "op": "gte", "value": 1000000, "currency": "JPY"},
        ]
    }
    refused = EligibilityRuleForm({**data, "row0_op": "in", "row0_value": "registered"})
    assert refused.is_valid()  # "in" is an operator of stages
    bad = EligibilityRuleForm({**data, "row0_field": "jobs_created", "row0_op": "in"})
    assert not bad.is_valid()
    assert "jobs_created" in " ".join(bad.errors["rule"])


def test_a_rule_in_json_is_refused_through_the_api_with_the_reason(catalogue, users):
    api = APIClient()
    api.force_authenticate(users["zone"])
    response = api.post(
        "/api/eligibility-rules/",
        {
            "policy": catalogue["dlz-loan-interest"].pk,
            "rule": {"all": [{"field": "colour", "op": "eq", "value": "red"}]},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "colour" in str(response.json())
    ok = api.post(
        "/api/eligibility-rules/",
        {
            "policy": catalogue["dlz-loan-interest"].pk,
            "rule": {"all": [{"field": "jobs_created", "op": "gte", "value": 3}]},
        },
        format="json",
    )
    assert ok.status_code == 201, ok.json()


def test_a_formula_that_is_code_is_refused(catalogue):
    policy = catalogue["dlz-loan-interest"]
    policy.benefit_formula = {"kind": "python", "expr": "__import__('os').system('id')"}
    with pytest.raises(ValidationError) as exc:
        policy.full_clean()
    assert "benefit_formula" in exc.value.message_dict


def test_the_api_workflow_actions(catalogue, nidec_project, users):
    api = APIClient()
    api.force_authenticate(users["nidec"])
    made = api.post(
        "/api/policy-applications/",
        {
            "enterprise": nidec_project.investors[0].pk,
            "project": nidec_project.pk,
            "policy": catalogue["dlz-pre-registration-service"].pk,
            "applied_on": str(timezone.localdate()),
            "status": "paid",  # read-only: ignored
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["status"] == "drafted"
    pk = made.json()["id"]
    assert api.post(f"/api/policy-applications/{pk}/submit/").json()["status"] == "submitted"
    assert api.post(f"/api/policy-applications/{pk}/decide/", {"approve": True}).status_code == 403
    office = APIClient()
    office.force_authenticate(users["zone"])
    decided = office.post(
        f"/api/policy-applications/{pk}/decide/", {"approve": False, "note": "no"}, format="json"
    )
    assert decided.json()["status"] == "rejected"


def test_the_old_state_of_a_project_reads_its_earlier_stage(catalogue, nidec_project, users):
    from hezuo.policies import rules

    today = timezone.localdate()
    advance_stage(
        project=nidec_project,
        to_stage="registered",
        happened_on=today,
        acting_user=users["zone"],
        evidence=[EvidenceItem(kind="business_licence", reference="x")],
    )
    nidec_project.refresh_from_db()
    then = rules.subjects([nidec_project], on=today, as_of=today - timedelta(days=1))
    now = rules.subjects([nidec_project], on=today)
    assert then[nidec_project.pk].stage == "signed"
    assert now[nidec_project.pk].stage == "registered"
    assert now[nidec_project.pk].registered_on == today
    assert then[nidec_project.pk].registered_on is None
