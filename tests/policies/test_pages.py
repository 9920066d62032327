"""The policy pages answer, in three languages, to the office and to an enterprise; the list of
who qualifies downloads as .xlsx; the project page shows the policies section."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hezuo.policies.models import Application, Policy


@pytest.fixture
def office(client, users):
    client.force_login(users["zone"])
    return client


@pytest.mark.parametrize("language", ["zh-hans", "ja", "en"])
def test_every_page_answers_in_each_language(
    office, catalogue, iwatani_project, nidec_project, users, language
):
    from hezuo.policies import services

    application = services.apply(
        policy=catalogue["dlz-pre-registration-service"],
        project=nidec_project,
        enterprise=nidec_project.investors[0],
        acting_user=users["zone"],
    )
    energy = catalogue["dlz-xizhongdao-new-energy"]
    award = catalogue["dlz-arrived-investment-award"]
    rule = energy.rules.first()
    office.cookies["django_language"] = language
    for url in [
        reverse("policies:policy_list"),
        reverse("policies:policy_list") + "?q=水素",
        energy.get_absolute_url(),
        reverse("policies:policy_add"),
        reverse("policies:policy_edit", args=[energy.pk]),
        reverse("policies:eligibilityrule_list"),
        rule.get_absolute_url(),
        reverse("policies:eligibilityrule_edit", args=[rule.pk]),
        reverse("policies:application_list"),
        application.get_absolute_url(),
        reverse("policies:qualifying", args=[energy.pk]),
        reverse("policies:grants", args=[award.pk]),
        reverse("policies:automatic"),
        reverse("policies:match_project", args=[iwatani_project.pk]),
        iwatani_project.get_absolute_url(),
    ]:
        response = office.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url


def test_the_search_box_finds_across_scripts(office, catalogue):
    response = office.get(reverse("policies:policy_list"), {"q": "西中島"})
    listed = list(response.context["table"].data.data)
    assert [p.code for p in listed] == ["dlz-xizhongdao-new-energy"]


def test_who_qualifies_exports_to_xlsx(office, catalogue):
    energy = catalogue["dlz-xizhongdao-new-energy"]
    response = office.get(reverse("policies:qualifying", args=[energy.pk]), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2 and rows[1][0] == "DLZ-20200824-08"


def test_the_project_page_shows_its_policies(office, catalogue, iwatani_project):
    html = office.get(iwatani_project.get_absolute_url()).content.decode()
    assert 'id="policies"' in html
    assert catalogue["dlz-xizhongdao-new-energy"].get_absolute_url() in html


def test_the_office_approves_grants_in_one_step(office, catalogue, users):
    from .conftest import make_project

    project = make_project(
        "T-AWARD",
        country="JP",
        stage="registered",
        figures=(("arrived_investment", 50_000_000, "CNY"),),
    )
    award = catalogue["dlz-arrived-investment-award"]
    page = office.get(reverse("policies:grants", args=[award.pk]))
    assert "T-AWARD" in page.content.decode() and "1,000,000.00" in page.content.decode()
    office.post(reverse("policies:grants", args=[award.pk]), {"project": [project.pk]})
    granted = Application.objects.get(project=project, policy=award)
    assert (granted.status, granted.without_application) == ("approved", True)
    assert granted.amount_granted == 1_000_000  # 2% of 50 000 000


def test_an_enterprise_may_not_grant_nor_see_drafts(client, catalogue, users):
    client.force_login(users["nidec"])
    award = catalogue["dlz-arrived-investment-award"]
    assert client.get(reverse("policies:grants", args=[award.pk])).status_code == 403
    draft = catalogue["dlz-land-draft"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    listed = client.get(reverse("policies:policy_list")).context["table"].data.data
    assert draft not in list(listed) and Policy.objects.filter(pk=draft.pk).exists()
