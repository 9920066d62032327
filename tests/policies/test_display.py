"""What the policy pages show in words: reasons with the names of sub-areas, industry classes,
stages, kinds and countries (not their codes), benefit formulas as sentences with the computed
amount's inputs, and the grants page in pages with its one-step approval."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from hezuo.core.eligibility import Amount, Benefit, Subject, Verdict
from hezuo.policies import views
from hezuo.policies.models import Application
from hezuo.policies.templatetags.policies import (
    actual_text,
    benefit_inputs,
    condition_text,
    formula_text,
)

from .conftest import make_project


@pytest.fixture
def office(client, users):
    client.force_login(users["zone"])
    return client


def _verdict(field: str, actual: str, op: str = "in", expected: object = None) -> Verdict:
    return Verdict("condition", True, field=field, op=op, expected=expected, actual=actual)


@pytest.mark.django_db
def test_reasons_name_sub_areas_industries_stages_and_countries():
    with translation.override("zh-hans"):
        assert actual_text(_verdict("sub_area", "xizhongdao")) == "西中岛"
        assert condition_text(
            {"field": "sub_area", "op": "in", "value": ["xizhongdao", "songmudao"]}
        ).endswith("西中岛, 松木岛")
        shown = actual_text(_verdict("industry_class", "38, C"))
        assert shown == "电气机械和器材制造业 (38), 制造业 (C)"
        assert "xizhongdao" not in condition_text(
            {"not": {"field": "sub_area", "op": "eq", "value": "xizhongdao"}}
        )
    with translation.override("ja"):
        assert actual_text(_verdict("sub_area", "xizhongdao")) == "西中島"
        assert actual_text(_verdict("stage", "signed")) == "調印"
    with translation.override("en"):
        assert actual_text(_verdict("investor_country", "JP")).startswith("Japan")
        assert actual_text(_verdict("sub_area", "xizhongdao")) == "Xizhongdao"
        # a code that names nothing is shown as it is, not dropped
        assert actual_text(_verdict("sub_area", "atlantis")) == "atlantis"
        assert (
            actual_text(_verdict("years_since_registration", "5 (2021-03-01)"))
            == "5 (registered on 2021-03-01)"
        )


def test_formulas_in_words():
    share = {"kind": "share", "of": "arrived_investment", "rate": 0.05}
    with translation.override("en"):
        assert formula_text(share, Decimal("2000000")) == (
            "5% of investment arrived, at most 2,000,000 CNY"
        )
        assert formula_text({**share, "cap": 1000}, Decimal("2000000")).endswith(
            "at most 1,000 CNY"
        )
        assert formula_text({"kind": "fixed", "amount": 500000}) == "500,000 CNY"
        assert (
            formula_text({"kind": "per_unit", "of": "jobs_created", "amount": 2000})
            == "2,000 CNY per job created"
        )
        assert formula_text({}, None) == "no amount (a measure, not a payment)"
        assert formula_text({}, Decimal(5)) == "at most 5 CNY"
    for language, label in (("zh-hans", "到位资金"), ("ja", "投資実行額")):
        with translation.override(language):
            text = formula_text(share, Decimal("2000000"))
            assert label in text and "5%" in text and "2,000,000" in text
            assert "{" not in text and "arrived_investment" not in text


def test_the_computed_amount_shows_its_inputs():
    subject = Subject(
        on=date(2026, 6, 30),
        arrived_investment=Amount(Decimal(1_000_000), "JPY", Decimal(50_000)),
    )
    from hezuo.core.eligibility import compute_benefit

    benefit = compute_benefit({"kind": "share", "of": "arrived_investment", "rate": 0.02}, subject)
    assert isinstance(benefit, Benefit) and benefit.amount == Decimal("1000.00")
    with translation.override("en"):
        assert benefit_inputs(benefit) == (
            "2% × investment arrived 1,000,000.00 JPY = 50,000.00 CNY"
        )


def test_the_policy_page_shows_the_formula_in_words_not_json(office, catalogue):
    award = catalogue["dlz-arrived-investment-award"]
    office.cookies["django_language"] = "en"
    page = office.get(award.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2% of investment arrived, at most 5,000,000 CNY" in page
    assert "&quot;kind&quot;" not in page and '"kind"' not in page
    rule = award.rules.first()
    page = office.get(rule.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "investment arrived at least 10,000,000 CNY" in page


def test_the_grants_page_is_paged_and_approves_in_one_step(office, catalogue, monkeypatch):
    monkeypatch.setattr(views, "GRANTS_PER_PAGE", 1)
    made = [
        make_project(
            code,
            country="JP",
            stage="registered",
            figures=(("arrived_investment", 50_000_000, "CNY"),),
        )
        for code in ("T-AWARD-1", "T-AWARD-2")
    ]
    award = catalogue["dlz-arrived-investment-award"]
    url = reverse("policies:grants", args=[award.pk])
    first = office.get(url).context
    waiting = first["page"].paginator.count
    assert waiting >= 2 and len(first["rows"]) == 1
    second = office.get(url, {"page": 2}).context
    assert second["rows"][0].project != first["rows"][0].project
    # the selected row of one page
    office.post(url, {"project": [made[0].pk]})
    assert Application.objects.get(project=made[0], policy=award).without_application
    assert not Application.objects.filter(project=made[1], policy=award).exists()
    # nothing chosen: refused with a message, nothing granted
    response = office.post(url, {}, follow=True)
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        refusal = translation.gettext("Choose at least one project to grant.")
    assert refusal in response.content.decode()
    # every qualifying project at once
    office.post(url, {"all": "1"})
    assert Application.objects.get(project=made[1], policy=award).amount_granted == 1_000_000
    assert office.get(url).context["page"].paginator.count == 0


def test_who_qualifies_is_paged_and_its_export_holds_every_project(office, catalogue, monkeypatch):
    import io

    from openpyxl import load_workbook

    monkeypatch.setattr(views, "QUALIFYING_PER_PAGE", 1)
    for code in ("T-Q-1", "T-Q-2"):
        make_project(code, country="JP", stage="signed")
    policy = catalogue["dlz-pre-registration-service"]
    url = reverse("policies:qualifying", args=[policy.pk])
    page = office.get(url).context["page"]
    total = page.paginator.count
    assert total >= 2 and len(page.object_list) == 1
    assert office.get(url, {"page": 2}).context["page"].object_list[0] != page.object_list[0]
    sheet = load_workbook(io.BytesIO(office.get(url, {"export": "xlsx"}).content)).active
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(codes) == total and {"T-Q-1", "T-Q-2"} <= set(codes)
