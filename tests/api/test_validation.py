"""The API refuses what the models refuse, names the field, and saves nothing."""

from __future__ import annotations

import pytest

from hezuo.directory.models import Organisation, OrganisationAlias
from hezuo.events.models import Agreement
from hezuo.regions.models import Program, ProgramParty, Region


def current_version(obj):
    """The record's version as stored now: an API change must send the version it is made on."""
    return type(obj)._default_manager.get(pk=obj.pk).version


def errors_of(response) -> dict:
    assert response.status_code == 400, response.json()
    body = response.json()
    assert isinstance(body, dict)
    return body


def assert_named(body: dict, field: str) -> None:
    assert field in body, body
    assert body[field] and all(isinstance(m, str) and m for m in body[field])


def test_bad_uscc_is_refused(api, records):
    before = Organisation.objects.count()
    response = api.post(
        "/api/organisations/",
        {"kind": "enterprise", "name_zh_hans": "接口测试公司", "uscc": "91110108551385082A"},
        format="json",
    )
    assert_named(errors_of(response), "uscc")
    assert Organisation.objects.count() == before


def test_bad_uscc_on_update_is_refused(api, records):
    version = records.maker.version
    response = api.patch(
        f"/api/organisations/{records.maker.pk}/",
        {"uscc": "91110108551385082A", "version": version},
        format="json",
    )
    assert_named(errors_of(response), "uscc")
    records.maker.refresh_from_db()
    assert records.maker.uscc == ""
    assert records.maker.version == version


def test_duplicate_uscc_is_refused(api, records):
    response = api.post(
        "/api/organisations/",
        {"kind": "enterprise", "name_zh_hans": "接口测试另一公司", "uscc": "91110108551385082Q"},
        format="json",
    )
    body = errors_of(response)
    assert "uscc" in body or "non_field_errors" in body
    assert Organisation.objects.filter(uscc="91110108551385082Q").count() == 1


def test_corporate_number_outside_japan_is_refused(api, records):
    # clean() rule: only a Japanese organisation has a corporate number.
    response = api.patch(
        f"/api/organisations/{records.government.pk}/",
        {"jp_corporate_number": "7010401063349", "version": current_version(records.government)},
        format="json",
    )
    assert_named(errors_of(response), "jp_corporate_number")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"code": "2102", "level": "city"}, "code"),  # not 6, 9 or 12 digits
        ({"code": "002100", "level": "county"}, "code"),  # starts with 00
        ({"code": "21021300A", "level": "township"}, "code"),
        # a township's parent is its county, not the city
        ({"code": "210213001", "level": "township", "parent": "dalian"}, "parent"),
        ({"code": "210213001", "level": "township", "parent": "osaka"}, "parent"),
        ({"code": "210213001", "level": "township"}, "parent"),  # needs a parent
        ({"code": "990000", "level": "province", "parent": "liaoning"}, "parent"),
        ({"code": "210213001", "level": "county", "parent": "jinzhou"}, "level"),
        (
            {"code": "210213001", "level": "township", "country": "XX", "parent": "jinzhou"},
            "country",
        ),
        ({"code": "JP-99", "level": "province", "country": "JP"}, "code"),
        ({"code": "KR-11", "level": "province", "country": "JP"}, "code"),
        ({"code": "JP-27-X", "level": "city", "country": "JP", "parent": "dalian"}, "parent"),
        ({"code": "JP", "level": "country", "country": "KR"}, "code"),
    ],
)
def test_bad_region_is_refused(api, records, payload, field):
    payload = {"name_zh_hans": "接口测试地", **payload}
    if "parent" in payload:
        payload["parent"] = getattr(records, payload["parent"]).pk
    before = Region.objects.count()
    response = api.post("/api/regions/", payload, format="json")
    assert_named(errors_of(response), field)
    assert Region.objects.count() == before


def test_bad_region_parent_on_update_is_refused(api, records):
    version = records.dalian.version
    response = api.patch(
        f"/api/regions/{records.dalian.pk}/",
        {"parent": records.osaka.pk, "version": version},
        format="json",
    )
    assert_named(errors_of(response), "parent")
    records.dalian.refresh_from_db()
    assert records.dalian.parent == records.liaoning
    assert records.dalian.version == version


def test_duplicate_region_code_is_refused(api, records):
    response = api.post(
        "/api/regions/",
        {
            "code": "210200",
            "level": "city",
            "parent": records.liaoning.pk,
            "name_zh_hans": "接口测试",
        },
        format="json",
    )
    assert_named(errors_of(response), "code")


def test_full_width_region_code_is_normalised_before_the_unique_check(api, records):
    response = api.post(
        "/api/regions/",
        {
            "code": "２１０２００",
            "level": "city",
            "parent": records.liaoning.pk,
            "name_zh_hans": "x",
        },
        format="json",
    )
    body = errors_of(response)
    assert "code" in body or "non_field_errors" in body
    assert Region.objects.filter(code="210200").count() == 1


def test_bad_currency_is_refused(api, records):
    before = Agreement.objects.count()
    response = api.post(
        "/api/agreements/",
        {
            "title_zh_hans": "接口测试协议",
            "kind": "framework",
            "amount": "100.00",
            "currency": "XYZ",
        },
        format="json",
    )
    assert_named(errors_of(response), "currency")
    assert Agreement.objects.count() == before

    response = api.patch(
        f"/api/agreements/{records.agreement.pk}/",
        {"currency": "XYZ", "version": current_version(records.agreement)},
        format="json",
    )
    assert_named(errors_of(response), "currency")
    records.agreement.refresh_from_db()
    assert records.agreement.currency == "CNY"


def test_amount_without_currency_is_refused(api, records):
    response = api.post(
        "/api/agreements/",
        {"title_zh_hans": "接口测试协议", "kind": "framework", "amount": "100.00"},
        format="json",
    )
    assert_named(errors_of(response), "currency")


def test_negative_amount_is_refused(api, records):
    response = api.patch(
        f"/api/agreements/{records.agreement.pk}/",
        {"amount": "-1.00", "version": current_version(records.agreement)},
        format="json",
    )
    assert_named(errors_of(response), "amount")


def test_bad_country_is_refused(api, records):
    response = api.post(
        "/api/organisations/",
        {"kind": "enterprise", "name_zh_hans": "接口测试公司", "country": "ZZ"},
        format="json",
    )
    assert_named(errors_of(response), "country")


def test_end_before_start_is_refused(api, records):
    response = api.patch(
        f"/api/positions/{records.position.pk}/",
        {"end_date": "2019-01-01", "version": current_version(records.position)},
        format="json",
    )
    assert_named(errors_of(response), "end_date")


def test_sub_area_of_another_zone_is_refused(api, records):
    response = api.post(
        "/api/programs/",
        {"code": "api-test-other-zone", "kind": "zone", "name_zh_hans": "接口测试另一示范区"},
        format="json",
    )
    other = response.json()["id"]
    response = api.patch(
        f"/api/projects/{records.project.pk}/",
        {"program": other, "version": current_version(records.project)},
        format="json",
    )
    assert_named(errors_of(response), "sub_area")


def test_sub_area_outside_a_zone_is_refused(api, records):
    response = api.post(
        "/api/programs/",
        {"code": "api-test-pairing", "kind": "pairing", "name_zh_hans": "接口测试结对"},
        format="json",
    )
    response = api.post(
        "/api/sub-areas/",
        {"program": response.json()["id"], "code": "x", "name_zh_hans": "x"},
        format="json",
    )
    assert_named(errors_of(response), "program")


def test_position_of_another_person_is_refused(api, records):
    response = api.post(
        "/api/participations/",
        {
            "event": records.event.pk,
            "person": records.guest.pk,
            "position": records.position.pk,
            "parts": ["attended"],
        },
        format="json",
    )
    assert_named(errors_of(response), "position")


@pytest.mark.parametrize("parts", [[], ["danced"], "attended"])
def test_bad_parts_are_refused(api, records, parts):
    response = api.post(
        "/api/participations/",
        {"event": records.event.pk, "person": records.guest.pk, "parts": parts},
        format="json",
    )
    assert_named(errors_of(response), "parts")


def test_party_naming_nobody_is_refused_as_non_field_error(api, records):
    before = ProgramParty.objects.count()
    response = api.post(
        "/api/program-parties/", {"program": records.zone.pk, "role": "partner"}, format="json"
    )
    assert_named(errors_of(response), "non_field_errors")
    assert ProgramParty.objects.count() == before


def test_duplicate_alias_is_refused(api, records):
    response = api.post(
        "/api/organisation-aliases/",
        {"organisation": records.maker.pk, "name": "接口测试尼得科"},
        format="json",
    )
    body = errors_of(response)
    assert body.get("non_field_errors") or body.get("name")
    assert OrganisationAlias.objects.filter(organisation=records.maker).count() == 1


def test_unknown_related_pk_is_refused(api, records):
    response = api.post(
        "/api/projects/",
        {
            "code": "API-TEST-X",
            "title_zh_hans": "接口测试",
            "program": records.zone.pk,
            "agreements": [999999],
        },
        format="json",
    )
    assert_named(errors_of(response), "agreements")


def test_errors_follow_the_request_language(api, records):
    response = api.post(
        "/api/organisations/",
        {"kind": "enterprise", "name_zh_hans": "接口测试公司", "uscc": "91110108551385082A"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 400
    assert response["Content-Language"] == "ja"
    message = response.json()["uscc"][0]
    assert isinstance(message, str) and message


def test_display_name_follows_the_request_language(api, records):
    path = f"/api/regions/{records.dalian.pk}/"
    assert api.get(path, HTTP_ACCEPT_LANGUAGE="ja").json()["display_name"] == "大連市"
    assert api.get(path, HTTP_ACCEPT_LANGUAGE="en").json()["display_name"] == "Dalian"
    assert api.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["display_name"] == "大连市"
    # a missing name falls back to another language
    path = f"/api/sub-areas/{records.sub_area.pk}/"
    assert api.get(path, HTTP_ACCEPT_LANGUAGE="en").json()["display_name"] == "接口测试松木岛"
    path = f"/api/positions/{records.position.pk}/"
    assert api.get(path, HTTP_ACCEPT_LANGUAGE="ja").json()["display_title"] == "市长"
    assert api.get(path, HTTP_ACCEPT_LANGUAGE="en").json()["display_title"] == "Mayor"


@pytest.mark.django_db
def test_a_date_time_before_1900_is_refused_with_a_message(admin_user):
    """Before 1901 Asia/Shanghai's offset was +08:05:43 (local mean time), which the API could not
    write back as an RFC 3339 date-time (schemathesis found a 201 answering "0152-…+08:05:43")."""
    from rest_framework.test import APIClient

    from hezuo.zonedesk.models import Enquiry

    client = APIClient()
    client.force_authenticate(admin_user)
    before = Enquiry.objects.count()
    program = Program.objects.get(code="cn-jp-dalian")
    response = client.post(
        "/api/enquiries/",
        {
            "program": program.pk,
            "contact": "x",
            "question": "q",
            "received_at": "0152-12-14T21:03:49-06:03",
            "channel": "website",
            "language": "en",
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "1900" in str(response.json()["received_at"])
    assert Enquiry.objects.count() == before
