"""Every endpoint lists, retrieves, creates and updates for a signed-in user, and refuses strangers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from hezuo.directory.models import IndustryClass, Organisation, OrganisationAlias, Person, Position
from hezuo.events.models import Agreement, AgreementParty, Event, Participation, SourceDocument
from hezuo.projects.models import Project, ProjectParty
from hezuo.regions.models import (
    IndustryDirection,
    Program,
    ProgramParty,
    ProgramTopic,
    Region,
    SubArea,
)


def current_version(obj):
    """The record's version as stored now: an API change must send the version it is made on."""
    return type(obj)._default_manager.get(pk=obj.pk).version


Payload = Callable[[SimpleNamespace], dict[str, Any]]


@dataclass(frozen=True)
class Endpoint:
    route: str
    model: type[Model]
    record: str  # the attribute of the ``records`` fixture this endpoint's detail test reads
    create: Payload
    update: Payload

    def __str__(self) -> str:
        return self.route


ENDPOINTS = [
    Endpoint(
        "regions",
        Region,
        "dalian",
        lambda r: {
            "code": "210213001",
            "level": "township",
            "parent": r.jinzhou.pk,
            "name_zh_hans": "拥政街道",
        },
        lambda r: {"name_en": "Dalian City"},
    ),
    Endpoint(
        "programs",
        Program,
        "zone",
        lambda r: {
            "code": "api-test-tianjin",
            "kind": "zone",
            "name_zh_hans": "接口测试天津示范区",
            "industry_directions": [r.direction.pk],
            "start_date": "2020-04-01",
        },
        lambda r: {"description_en": "Approved by the State Council in 2020."},
    ),
    Endpoint(
        "program-parties",
        ProgramParty,
        "program_party",
        lambda r: {"program": r.zone.pk, "role": "partner_country", "country": "JP"},
        lambda r: {"name_en": "Dalian (host)"},
    ),
    Endpoint(
        "sub-areas",
        SubArea,
        "sub_area",
        lambda r: {
            "program": r.zone.pk,
            "code": "xizhongdao",
            "kind": "sub_area",
            "name_zh_hans": "西中岛",
            "industry_directions": [r.direction.pk],
        },
        lambda r: {"area_km2": "13.00"},
    ),
    Endpoint(
        "program-topics",
        ProgramTopic,
        "topic",
        lambda r: {
            "program": r.zone.pk,
            "kind": "platform",
            "name_zh_hans": "金融服务",
            "position": 3,
        },
        lambda r: {"name_en": "Technology innovation"},
    ),
    Endpoint(
        "industry-directions",
        IndustryDirection,
        "direction",
        lambda r: {
            "code": "api-test-new-materials",
            "name_zh_hans": "接口测试新材料",
            "industry_classes": [r.manufacturing.pk],
        },
        lambda r: {"name_ja": "ハイエンド設備製造"},
    ),
    Endpoint(
        "industry-classes",
        IndustryClass,
        "manufacturing",
        lambda r: {
            "code": "3499",
            "level": "class",
            "parent": r.other_machinery.pk,
            "name_zh_hans": "其他未列明通用设备制造业",
        },
        lambda r: {"name_en": "Manufacturing industry"},
    ),
    Endpoint(
        "organisations",
        Organisation,
        "maker",
        lambda r: {
            "kind": "financial",
            "country": "JP",
            "name_zh_hans": "接口测试银行",
            "name_ja": "インターフェース銀行",
            "industry_classes": [r.manufacturing.pk],
        },
        lambda r: {"website": "https://www.example.com/"},
    ),
    Endpoint(
        "organisation-aliases",
        OrganisationAlias,
        "alias",
        lambda r: {
            "organisation": r.maker.pk,
            "name": "Apitest Motors Corporation",
            "language": "en",
        },
        lambda r: {"language": "zh-hans", "name": "接口测试尼得科集团"},
    ),
    Endpoint(
        "people",
        Person,
        "mayor",
        lambda r: {"name_zh_hans": "接口测试丙", "family_name": "接口"},
        lambda r: {"name_en": "Apitest A"},
    ),
    Endpoint(
        "positions",
        Position,
        "position",
        lambda r: {
            "person": r.guest.pk,
            "organisation": r.maker.pk,
            "title_zh_hans": "会长",
            "title_ja": "会長",
            "start_date": "2014-01-01",
        },
        lambda r: {"end_date": "2022-12-31"},
    ),
    Endpoint(
        "source-documents",
        SourceDocument,
        "source",
        lambda r: {
            "title_zh_hans": "接口测试日报 A1",
            "publication": "接口测试日报",
            "published_on": "2020-08-25",
            "credits": {"editor": "编辑"},
        },
        lambda r: {"printed_date": "2020年8月25日 星期二"},
    ),
    Endpoint(
        "events",
        Event,
        "event",
        lambda r: {
            "title_zh_hans": "接口测试产业对接会",
            "kind": "meeting",
            "date": "2020-08-25",
            "program": r.zone.pk,
            "parent": r.event.pk,
        },
        lambda r: {"venue_zh_hans": "大连国际会议中心"},
    ),
    Endpoint(
        "participations",
        Participation,
        "participation",
        lambda r: {"event": r.event.pk, "person": r.guest.pk, "parts": ["video_address"]},
        lambda r: {"parts": ["address", "signed"], "order": 2},
    ),
    Endpoint(
        "agreements",
        Agreement,
        "agreement",
        lambda r: {
            "title_zh_hans": "接口测试采购协议",
            "kind": "procurement",
            "program": r.zone.pk,
            "amount": "5000000.00",
            "currency": "jpy",
        },
        lambda r: {"subject_en": "New motor plant"},
    ),
    Endpoint(
        "agreement-parties",
        AgreementParty,
        "agreement_party",
        lambda r: {"agreement": r.agreement.pk, "organisation": r.government.pk, "role": "host"},
        lambda r: {"role": "investor"},
    ),
    Endpoint(
        "projects",
        Project,
        "project",
        lambda r: {
            "code": "API-TEST-002",
            "title_zh_hans": "接口测试新材料项目",
            "program": r.zone.pk,
            "sub_area": r.sub_area.pk,
            "stage": "lead",
            "industry_classes": [r.manufacturing.pk],
            "industry_directions": [r.direction.pk],
            "agreements": [r.agreement.pk],
        },
        # the stage moves only through /stage-moves/ (tests/projects/test_stage_pages.py)
        lambda r: {"description": "接口测试：更新说明"},
    ),
    Endpoint(
        "project-parties",
        ProjectParty,
        "project_party",
        lambda r: {"project": r.project.pk, "organisation": r.government.pk, "role": "operator"},
        lambda r: {"role": "partner"},
    ),
]


def url(endpoint: Endpoint | str, pk: int | None = None) -> str:
    base = f"/api/{endpoint if isinstance(endpoint, str) else endpoint.route}/"
    return base if pk is None else f"{base}{pk}/"


def assert_saved(obj: Model, payload: dict[str, Any]) -> None:
    """Assert the record holds what was sent (pks for relations, strings compared as sent)."""
    for name, sent in payload.items():
        field = obj._meta.get_field(name)
        if field.many_to_many:
            assert sorted(getattr(obj, name).values_list("pk", flat=True)) == sorted(sent)
        elif field.is_relation:
            assert getattr(obj, field.attname) == sent, name
        elif name in {"currency", "country"}:
            assert getattr(obj, name) == sent.upper(), name
        elif isinstance(sent, str | int | list | dict):
            value = getattr(obj, name)
            assert (str(value) if isinstance(sent, str) else value) == sent, name


def test_every_model_has_an_endpoint():
    assert {e.route for e in ENDPOINTS} == {
        "regions",
        "programs",
        "program-parties",
        "sub-areas",
        "program-topics",
        "industry-directions",
        "industry-classes",
        "organisations",
        "organisation-aliases",
        "people",
        "positions",
        "source-documents",
        "events",
        "participations",
        "agreements",
        "agreement-parties",
        "projects",
        "project-parties",
    }


def test_api_root_lists_every_endpoint(api):
    response = api.get("/api/")
    assert response.status_code == 200
    assert {e.route for e in ENDPOINTS} <= set(response.json())


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_list(api, records, endpoint):
    response = api.get(url(endpoint))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == endpoint.model.objects.count() > 0
    assert len(body["results"]) == min(body["count"], 50)
    assert {"id", "version", "created", "updated"} <= set(body["results"][0])


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_retrieve(api, records, endpoint):
    obj = getattr(records, endpoint.record)
    response = api.get(url(endpoint, obj.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == obj.pk
    assert body["version"] == obj.version


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_is_refused(anonymous, records, endpoint):
    obj = getattr(records, endpoint.record)
    assert anonymous.get(url(endpoint)).status_code == 401
    assert anonymous.get(url(endpoint, obj.pk)).status_code == 401
    response = anonymous.post(url(endpoint), endpoint.create(records), format="json")
    assert response.status_code == 401
    response = anonymous.patch(url(endpoint, obj.pk), endpoint.update(records), format="json")
    assert response.status_code == 401
    assert anonymous.delete(url(endpoint, obj.pk)).status_code == 401
    assert endpoint.model.objects.filter(pk=obj.pk, version=obj.version).exists()


def test_bad_token_is_refused(records):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(url("regions")).status_code == 401


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_create(api, api_user, records, endpoint):
    payload = endpoint.create(records)
    before = endpoint.model.objects.count()
    response = api.post(url(endpoint), payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"] == 1
    assert endpoint.model.objects.count() == before + 1
    obj = endpoint.model.objects.get(pk=body["id"])
    assert_saved(obj, payload)
    assert obj.history.latest().history_user == api_user


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_update(api, api_user, records, endpoint):
    obj = getattr(records, endpoint.record)
    payload = {**endpoint.update(records), "version": obj.version}
    response = api.patch(url(endpoint, obj.pk), payload, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == obj.version + 1
    obj.refresh_from_db()
    del payload["version"]
    assert_saved(obj, payload)
    latest = obj.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == api_user


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_update_without_version_is_refused(api, records, endpoint):
    """A change that does not say which version it was made on could overwrite another's change
    unseen: 428 Precondition Required (RFC 6585), nothing saved; If-Match may carry it."""
    obj = getattr(records, endpoint.record)
    before = obj.version
    response = api.patch(url(endpoint, obj.pk), endpoint.update(records), format="json")
    assert response.status_code == 428, response.json()
    assert "version" in response.json()["detail"]
    obj.refresh_from_db()
    assert obj.version == before
    response = api.patch(
        url(endpoint, obj.pk),
        endpoint.update(records),
        format="json",
        HTTP_IF_MATCH=f'"{obj.version}"',
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == before + 1


def test_put_replaces_the_record(api, records):
    payload = {
        "code": "210200",
        "level": "city",
        "country": "CN",
        "parent": records.liaoning.pk,
        "name_zh_hans": "大连",
        "version": records.dalian.version,
    }
    response = api.put(url("regions", records.dalian.pk), payload, format="json")
    assert response.status_code == 200, response.json()
    records.dalian.refresh_from_db()
    assert records.dalian.name_zh_hans == "大连"
    assert records.dalian.name_en == "Dalian"  # not sent, so kept


def test_delete(api, records):
    response = api.delete(url("program-topics", records.topic.pk))
    assert response.status_code == 204
    assert not ProgramTopic.objects.filter(pk=records.topic.pk).exists()


def test_create_saves_what_clean_normalises(api, records):
    payload = {"kind": "enterprise", "name_zh_hans": "接口测试公司", "uscc": "91110108551385082q"}
    response = api.post(url("organisations"), payload, format="json")
    # the government's code once upper-cased, so refused as a duplicate
    assert response.status_code == 400, response.json()
    assert Organisation.objects.filter(name_zh_hans="接口测试公司").count() == 0

    Organisation.objects.filter(pk=records.government.pk).update(uscc="")
    response = api.post(url("organisations"), payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["uscc"] == "91110108551385082Q"

    response = api.post(
        url("regions"),
        {"code": "jp-27-apitest2", "country": "jp", "level": "city", "name_zh_hans": "接口测试"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["code"], response.json()["country"]) == ("JP-27-APITEST2", "JP")

    response = api.post(
        url("regions"),
        {
            "code": "２１０２１３００２",
            "level": "township",
            "parent": records.jinzhou.pk,
            "name_zh_hans": "友谊街道",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["code"] == "210213002"


def test_organisation_country_is_upper_cased(api, records):
    response = api.post(
        url("organisations"),
        {"kind": "enterprise", "name_zh_hans": "接口测试公司", "country": "jp"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["country"] == "JP"


def test_nested_lists_for_readers(api, records):
    organisation = api.get(url("organisations", records.maker.pk)).json()
    assert [a["name"] for a in organisation["aliases"]] == ["接口测试尼得科"]
    person = api.get(url("people", records.mayor.pk)).json()
    assert [p["title_zh_hans"] for p in person["positions"]] == ["市长"]
    assert person["positions"][0]["organisation_name"] == "接口测试市人民政府"
    event = api.get(url("events", records.event.pk)).json()
    assert [
        (p["person_name"], p["position_title"], p["parts"]) for p in event["participations"]
    ] == [("接口测试甲", "市长", ["address"])]
    agreement = api.get(url("agreements", records.agreement.pk)).json()
    assert [(p["organisation"], p["organisation_name"]) for p in agreement["parties"]] == [
        (records.maker.pk, "接口测试电产")
    ]
    project = api.get(url("projects", records.project.pk)).json()
    assert [(p["organisation"], p["role"]) for p in project["parties"]] == [
        (records.maker.pk, "investor")
    ]
    assert project["agreements"] == [records.agreement.pk]
    program = api.get(url("programs", records.zone.pk)).json()
    assert [p["display_name"] for p in program["parties"]] == ["大连市"]
    assert [t["name_zh_hans"] for t in program["topics"]] == ["接口测试技术创新"]
    assert program["industry_directions"] == [records.direction.pk]


def test_nested_lists_are_read_only(api, records):
    response = api.patch(
        url("organisations", records.maker.pk),
        {"aliases": [{"name": "X"}], "version": records.maker.version},
        format="json",
    )
    assert response.status_code == 200
    assert list(records.maker.aliases.values_list("name", flat=True)) == ["接口测试尼得科"]


def test_m2m_accepts_a_list_of_pks(api, records):
    path = url("projects", records.project.pk)
    response = api.patch(
        path,
        {
            "industry_classes": [records.machinery.pk, records.other_machinery.pk],
            "version": current_version(records.project),
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert sorted(response.json()["industry_classes"]) == sorted(
        [records.machinery.pk, records.other_machinery.pk]
    )
    response = api.patch(
        path, {"agreements": [], "version": current_version(records.project)}, format="json"
    )
    assert response.status_code == 200
    assert not records.project.agreements.exists()


def test_version_cannot_be_set(api, records):
    version = records.dalian.version
    response = api.patch(
        url("regions", records.dalian.pk), {"version": version, "name_en": "D"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["version"] == version + 1
    response = api.post(url("people"), {"name_zh_hans": "接口测试丁", "version": 99}, format="json")
    assert response.status_code == 201
    assert response.json()["version"] == 1


# (route, query, records that must be listed, records that must not)
FILTERS = [
    ("regions", "level=city&parent__code=210000", ["dalian"], ["liaoning", "jinzhou"]),
    ("regions", "country=JP", ["osaka", "place"], ["dalian"]),
    ("regions", "parent={dalian}", ["jinzhou"], ["dalian", "liaoning"]),
    ("regions", "parent__isnull=true&country=CN", ["liaoning"], ["dalian"]),
    ("regions", "search=接口测试市", ["place"], ["osaka"]),
    ("organisations", "kind=government&search=接口测试", ["government"], ["maker"]),
    ("organisations", "country=JP&search=接口测试", ["maker"], ["government"]),
    ("organisations", "uscc=91110108551385082Q", ["government"], ["maker"]),
    ("organisations", "search=接口测试尼得科", ["maker"], ["government"]),
    ("organisations", "search=Apitest", ["maker"], ["government"]),
    ("projects", "program={zone}&stage=signed", ["project"], []),
    ("projects", "program={zone}&stage=lead", [], ["project"]),
    ("projects", "sub_area={sub_area}", ["project"], []),
    ("events", "program={zone}&kind=ceremony", ["event"], []),
    ("events", "program={zone}&kind=meeting", [], ["event"]),
    ("events", "program={zone}&date=2020-08-24", ["event"], []),
    ("events", "program={zone}&date__gte=2020-08-25", [], ["event"]),
    ("agreements", "program={zone}&currency=CNY", ["agreement"], []),
    ("agreements", "program={zone}&currency=JPY", [], ["agreement"]),
    ("sub-areas", "program={zone}", ["sub_area"], []),
    ("people", "search=接口测试甲", ["mayor"], ["guest"]),
    ("participations", "event={event}", ["participation"], []),
]


@pytest.mark.parametrize(("route", "query", "listed", "unlisted"), FILTERS)
def test_filters(api, records, route, query, listed, unlisted):
    query = query.format(**{k: getattr(v, "pk", None) for k, v in vars(records).items()})
    response = api.get(f"{url(route)}?{query}&limit=1000")
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    assert {getattr(records, name).pk for name in listed} <= ids
    assert not {getattr(records, name).pk for name in unlisted} & ids


def test_ordering(api, records):
    codes = [r["code"] for r in api.get(f"{url('regions')}?ordering=-code").json()["results"]]
    assert codes == sorted(codes, reverse=True)


def _list_queries(api, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_list_queries_do_not_grow_with_rows(api, records, endpoint):
    """A page of twenty costs as many queries as a page of one (no N+1)."""
    response = api.post(url(endpoint), endpoint.create(records), format="json")
    assert response.status_code == 201, response.json()
    assert _list_queries(api, f"{url(endpoint)}?limit=1") == _list_queries(
        api, f"{url(endpoint)}?limit=20"
    )


def test_a_huge_page_limit_is_capped(api, records):
    """2**63 overflows PostgreSQL's bigint: the page size is capped instead (found by the fuzzer)."""
    response = api.get(f"{url('participations')}?limit=9223372036854775808")
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) <= 1000


@pytest.mark.django_db
def test_a_time_offset_the_database_cannot_store_is_refused(admin_client):
    url = "/api/meetings/"
    refused = admin_client.get(url, {"starts_at__gte": "2000-01-01T00:00:00+16:00"})
    assert refused.status_code == 400
    assert "starts_at__gte" in refused.json()
    accepted = admin_client.get(url, {"starts_at__gte": "2000-01-01T00:00:00+15:00"})
    assert accepted.status_code == 200
