"""Create, edit and delete through the pages: validation next to the field, nothing half-saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hezuo.directory.models import Organisation, OrganisationAlias
from hezuo.regions.models import Region

pytestmark = pytest.mark.django_db


def org_form(**extra):
    data = {
        "kind": "enterprise",
        "name_zh_hans": "大连测试科技有限公司",
        "name_ja": "",
        "name_en": "",
        "country": "CN",
        "uscc": "91110108551385082Q",
        "jp_corporate_number": "",
        "website": "",
        "note": "",
        "organisationalias-TOTAL_FORMS": "1",
        "organisationalias-INITIAL_FORMS": "0",
        "organisationalias-MIN_NUM_FORMS": "0",
        "organisationalias-MAX_NUM_FORMS": "1000",
        "organisationalias-0-name": "大连测试",
        "organisationalias-0-language": "zh-hans",
    }
    data.update(extra)
    return data


def test_create_organisation_with_alias(admin_client):
    response = admin_client.post(reverse("directory:organisation_add"), org_form())
    assert response.status_code == 302
    org = Organisation.objects.get(uscc="91110108551385082Q")
    assert list(org.aliases.values_list("name", flat=True)) == ["大连测试"]
    assert org.history.first().history_user.username == "admin"


@pytest.mark.parametrize("lang", ["zh-hans", "ja", "en"])
def test_bad_uscc_is_refused_next_to_the_field(admin_client, lang):
    admin_client.cookies.load({"django_language": lang})
    before = (Organisation.objects.count(), OrganisationAlias.objects.count())
    response = admin_client.post(
        reverse("directory:organisation_add"), org_form(uscc="91110108551385082A")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "uscc" in form.errors
    assert "91110108551385082A" in form.errors["uscc"][0]
    assert "is-invalid" in response.content.decode()
    assert (Organisation.objects.count(), OrganisationAlias.objects.count()) == before


def test_stale_edit_is_refused(admin_client):
    org = Organisation.objects.create(kind="enterprise", name_zh_hans="并发测试", country="CN")
    url = reverse("directory:organisation_edit", args=[org.pk])
    base = org_form(uscc="", name_zh_hans="并发测试 A", _version=str(org.version))
    base["organisationalias-TOTAL_FORMS"] = "0"
    assert admin_client.post(url, base).status_code == 302  # first save wins
    stale = dict(base, name_zh_hans="并发测试 B")  # still carries the old version
    response = admin_client.post(url, stale)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    org.refresh_from_db()
    assert org.name_zh_hans == "并发测试 A"


def test_delete_with_dependants_is_refused(admin_client):
    dalian = Region.objects.get(code="210200")
    response = admin_client.post(reverse("regions:region_delete", args=[dalian.pk]))
    assert response.status_code == 409
    assert "210213" in response.content.decode()
    assert Region.objects.filter(pk=dalian.pk).exists()


def test_delete_without_dependants(admin_client):
    org = Organisation.objects.create(kind="other", name_zh_hans="可删除", country="CN")
    response = admin_client.post(reverse("directory:organisation_delete", args=[org.pk]))
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=org.pk).exists()


def test_search_finds_alias(admin_client):
    response = admin_client.get(reverse("directory:organisation_list"), {"q": "尼得科"})
    assert response.status_code == 200
    names = [str(row.record.name_zh_hans) for row in response.context["table"].rows]
    assert any("日本电产" in n or "尼得科" in n for n in names)
