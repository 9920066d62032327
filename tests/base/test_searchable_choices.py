"""Searchable choices (issue 14, item 18): forms carry only their chosen records, and one endpoint
searches the rest through the restricted query path, for registered models only."""

from __future__ import annotations

import json
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from hezuo.directory.models import IndustryClass, Organisation
from hezuo.projects.models import Project
from hezuo.regions.models import Region

pytestmark = pytest.mark.django_db


def login(client, name, language="zh-hans"):
    client.force_login(get_user_model().objects.get(username=name))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def search(client, label, **params):
    response = client.get(reverse("autocomplete", args=[label]), params)
    assert response.status_code == 200, response.status_code
    return response.json()["results"]


def test_the_add_project_form_no_longer_carries_thousands_of_options(client) -> None:
    """Before: 410,174 bytes and 6,686 <option>s for admin (4,595 regions, 1,971 industry
    classes, every organisation); now only the short lists (stages, programs…) remain."""
    html = login(client, "admin").get(reverse("projects:project_add")).content
    options = len(re.findall(rb"<option", html))
    print(f"\nadd-project form: {len(html):,} bytes, {options} <option>s")  # noqa: T201
    assert options < 200
    assert len(html) < 100_000
    assert b'data-hz-search="/autocomplete/regions.region/"' in html
    assert b'data-hz-search="/autocomplete/directory.industryclass/"' in html
    assert b'name="industry_classes"' in html and b"multiple" in html


def test_an_edit_form_carries_the_chosen_records_with_their_labels(client) -> None:
    project = Project.objects.exclude(region=None).first()
    project.industry_classes.set(IndustryClass.objects.filter(code__in=["3411", "C"]))
    html = login(client, "admin").get(reverse("projects:project_edit", args=[project.pk]))
    html = html.content.decode()
    region = project.region
    path = " ".join(r.name_zh_hans for r in [region.parent.parent, region.parent, region] if r)
    assert re.search(rf'<option value="{region.pk}" selected>[^<]*{path}', html), path
    for industry in project.industry_classes.all():
        assert f'<option value="{industry.pk}" selected>{industry.code} ' in html
    select = html.split('name="region"')[1].split("</select>")[0]
    assert select.count("<option") == 2  # the empty choice and the chosen one


def test_a_record_not_among_the_rendered_options_is_still_accepted(client) -> None:
    """What may be submitted is the field's (restricted) queryset, not what the page carried."""
    project = Project.objects.filter(stage="signed").exclude(region=None).first()
    county = Region.objects.get(code="520203")
    industry = IndustryClass.objects.get(code="3411")
    data = {
        "code": project.code,
        "title_zh_hans": project.title_zh_hans,
        "program": project.program_id,
        "region": county.pk,
        "industry_classes": [industry.pk],
        "_version": project.version,
        "projectparty-TOTAL_FORMS": 0,
        "projectparty-INITIAL_FORMS": 0,
    }
    response = login(client, "admin").post(
        reverse("projects:project_edit", args=[project.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    project.refresh_from_db()
    assert project.region == county
    assert list(project.industry_classes.all()) == [industry]


def test_a_region_is_found_by_its_name_and_shown_with_its_full_path(client) -> None:
    results = search(login(client, "admin"), "regions.region", q="六盘水 六枝")
    assert results[0] == {
        "value": str(Region.objects.get(code="520203").pk),
        "text": "贵州省 六盘水市 六枝特区 (520203)",
    }
    by_code = search(client, "regions.region", q="520203")
    assert by_code[0]["text"].endswith("(520203)")


def test_the_source_field_limits_the_search_as_it_limits_the_form(client) -> None:
    """A household's village is a village: the search offers villages only."""
    results = search(
        login(client, "admin"), "regions.region", q="六枝", field="assistance.household.village"
    )
    assert results
    assert all(len(r["text"].rsplit("(", 1)[1]) == len("520203001001)") for r in results)
    # a field that does not point at regions, or does not exist, is not a way in
    for field in ("assistance.household.program", "assistance.household.nothing", "x"):
        url = reverse("autocomplete", args=["regions.region"])
        assert client.get(url, {"q": "六枝", "field": field}).status_code == 404


def test_an_industry_class_shows_its_code_and_name_in_the_users_language(client) -> None:
    login(client, "admin")
    assert search(client, "directory.industryclass", q="A")[0]["text"] == "A 农、林、牧、渔业"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert search(client, "directory.industryclass", q="agriculture")[0]["text"] == (
        "A Agriculture, Forestry, Animal Husbandry and Fishery"
    )


def test_an_organisation_is_found_by_an_alias_and_shows_its_other_names(client) -> None:
    nidec = Organisation.objects.filter(aliases__name__icontains="尼得科").first()
    assert nidec is not None
    results = search(login(client, "admin"), "directory.organisation", q="尼得科")
    found = {r["value"]: r["text"] for r in results}
    assert str(nidec.pk) in found
    assert found[str(nidec.pk)].startswith(nidec.name_zh_hans) and "尼得科" in found[str(nidec.pk)]


def test_the_endpoint_returns_only_what_the_user_may_see(client) -> None:
    """Projects: nidec (an enterprise) sees its own; admin sees every one."""
    everything = {r["value"] for r in search(login(client, "admin"), "projects.project", q="DLZ")}
    assert everything == {
        str(pk) for pk in Project.objects.filter(code__icontains="DLZ").values_list("pk", flat=True)
    }
    nidec_user = get_user_model().objects.get(username="nidec")
    own = {
        str(pk)
        for pk in Project.objects.restrict(nidec_user, "view")
        .filter(code__icontains="DLZ")
        .values_list("pk", flat=True)
    }
    assert 0 < len(own) < Project.objects.filter(code__icontains="DLZ").count()
    seen = {r["value"] for r in search(login(client, "nidec"), "projects.project", q="DLZ")}
    assert seen == own


def test_a_model_not_registered_is_not_searchable(client) -> None:
    login(client, "admin")
    for label in ("accounts.membership", "auth.user", "regions.program", "nothing", "a.b"):
        assert client.get(reverse("autocomplete", args=[label]), {"q": "a"}).status_code == 404


def test_the_endpoint_needs_a_signed_in_user(client) -> None:
    response = client.get(reverse("autocomplete", args=["regions.region"]), {"q": "六盘水"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_households_head_is_masked_unless_the_role_may_see_personal_data(client) -> None:
    from hezuo.assistance import models as m
    from hezuo.regions.models import Program

    village = Region.objects.get(code="520203001001")
    household = m.Household.objects.create(
        program=Program.objects.get(code="dalian-liupanshui"), number="T-9001", village=village
    )
    m.HouseholdMember.objects.create(
        household=household, name="王建国", id_number="520203198005170011", relation="head"
    )
    # the assisted office of the region: unmasked, and found by the head's name
    full = search(login(client, "liupanshui"), "assistance.household", q="王建国")
    assert [r["text"] for r in full] == [f"T-9001 · 王建国 · {village.parent.name} {village.name}"]
    # a leader reads every household but no personal data: the head masked, not searchable
    masked = search(login(client, "leader"), "assistance.household", q="T-9001")
    assert [r["text"] for r in masked] == [f"T-9001 · 王** · {village.parent.name} {village.name}"]
    assert search(client, "assistance.household", q="王建国") == []
    # an enterprise sees no household at all
    assert search(login(client, "nidec"), "assistance.household", q="T-9001") == []


def test_a_new_organisation_is_added_from_the_project_form(client) -> None:
    login(client, "officer")
    html = client.get(reverse("projects:project_add")).content.decode()
    url = reverse("autocomplete-new", args=["directory.organisation"])
    assert f'data-hz-new="{url}?for=id_responsible_organisation"' in html
    # an error is shown in the modal, nothing saved
    headers = {"HX-Request": "true"}
    target = f"{url}?for=id_responsible_organisation"
    response = client.post(target, {"kind": "enterprise", "country": "CN"}, headers=headers)
    assert response.status_code == 200 and "HX-Trigger" not in response
    assert 'name="name_zh_hans"' in response.content.decode()
    # through the organisation form's validation (a credit code with a wrong check character)
    data = {"kind": "enterprise", "country": "CN", "name_zh_hans": "新测试企业有限公司"}
    response = client.post(target, {**data, "uscc": "91210200MA0000000X"}, headers=headers)
    assert (
        "HX-Trigger" not in response
        and not Organisation.objects.filter(name_zh_hans="新测试企业有限公司").exists()
    )
    response = client.post(target, data, headers=headers)
    created = Organisation.objects.get(name_zh_hans="新测试企业有限公司")
    event = json.loads(response["HX-Trigger"])["hz-choice-created"]
    assert event == {
        "value": str(created.pk),
        "text": "新测试企业有限公司",
        "for": "id_responsible_organisation",
    }


def test_only_who_may_add_organisations_gets_the_new_link(client) -> None:
    url = reverse("autocomplete-new", args=["directory.organisation"])
    login(client, "nidec")  # an enterprise changes its own organisation, adds none
    response = client.post(
        url, {"kind": "enterprise", "name_zh_hans": "x"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 403
    # and no other model is added this way
    login(client, "admin")
    assert client.get(reverse("autocomplete-new", args=["regions.region"])).status_code == 404


def test_a_list_filter_over_regions_is_searched_within_its_limits(client) -> None:
    """The county filter of the assistance project list: searched, counties only."""
    html = login(client, "admin").get(reverse("assistance:assistanceproject_list")).content
    select = html.decode().split('name="county"')[1].split("</select>")[0]
    assert 'data-hz-field="assistance.assistanceproject.county"' in select
    assert select.count("<option") == 1  # no county listed, none chosen
    assert "hz-choice-new" not in select  # no "add" in a filter


def test_the_record_forms_search_their_organisations(client) -> None:
    """A visit's organisation (a record form of the project page) is searched, not listed."""
    html = login(client, "officer").get(reverse("zonedesk:visit_add")).content.decode()
    select = html.split('name="organisation"')[1].split("</select>")[0]
    assert 'data-hz-search="/autocomplete/directory.organisation/"' in select
    assert select.count("<option") <= 1
