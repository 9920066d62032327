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
        "regions", Region, "dalian",
        lambda r: {"code": "210213", "level": "county", "parent": r.dalian.pk,
                   "name_zh_hans": "金州区", "name_en": "Jinzhou District"},
        lambda r: {"name_en": "Dalian City"},
    ),
    Endpoint(
        "programs", Program, "zone",
        lambda r: {"code": "cn-jp-tianjin", "kind": "zone", "name_zh_hans": "中日(天津)示范区",
                   "industry_directions": [r.direction.pk], "start_date": "2020-04-01"},
        lambda r: {"description_en": "Approved by the State Council in 2020."},
    ),
    Endpoint(
        "program-parties", ProgramParty, "program_party",
        lambda r: {"program": r.zone.pk, "role": "partner_country", "country": "JP"},
        lambda r: {"name_en": "Dalian (host)"},
    ),
    Endpoint(
        "sub-areas", SubArea, "sub_area",
        lambda r: {"program": r.zone.pk, "code": "xizhongdao", "kind": "sub_area",
                   "name_zh_hans": "西中岛", "industry_directions": [r.direction.pk]},
        lambda r: {"area_km2": "13.00"},
    ),
    Endpoint(
        "program-topics", ProgramTopic, "topic",
        lambda r: {"program": r.zone.pk, "kind": "platform", "name_zh_hans": "金融服务",
                   "position": 3},
        lambda r: {"name_en": "Technology innovation"},
    ),
    Endpoint(
        "industry-directions", IndustryDirection, "direction",
        lambda r: {"code": "new-materials", "name_zh_hans": "新材料",
                   "industry_classes": [r.manufacturing.pk]},
        lambda r: {"name_ja": "ハイエンド設備製造"},
    ),
    Endpoint(
        "industry-classes", IndustryClass, "manufacturing",
        lambda r: {"code": "34", "level": "division", "parent": r.manufacturing.pk,
                   "name_zh_hans": "通用设备制造业"},
        lambda r: {"name_en": "Manufacturing industry"},
    ),
    Endpoint(
        "organisations", Organisation, "nidec",
        lambda r: {"kind": "financial", "country": "JP", "name_zh_hans": "瑞穗银行",
                   "name_ja": "みずほ銀行", "industry_classes": [r.manufacturing.pk]},
        lambda r: {"website": "https://www.nidec.com/"},
    ),
    Endpoint(
        "organisation-aliases", OrganisationAlias, "alias",
        lambda r: {"organisation": r.nidec.pk, "name": "Nidec Corporation", "language": "en"},
        lambda r: {"language": "zh-hans", "name": "尼得科集团"},
    ),
    Endpoint(
        "people", Person, "mayor",
        lambda r: {"name_zh_hans": "李四", "family_name": "李"},
        lambda r: {"name_en": "Chen Shaowang"},
    ),
    Endpoint(
        "positions", Position, "position",
        lambda r: {"person": r.guest.pk, "organisation": r.nidec.pk, "title_zh_hans": "会长",
                   "title_ja": "会長", "start_date": "2014-01-01"},
        lambda r: {"end_date": "2022-12-31"},
    ),
    Endpoint(
        "source-documents", SourceDocument, "source",
        lambda r: {"title_zh_hans": "大连日报 A1", "publication": "大连日报",
                   "published_on": "2020-08-25", "credits": {"editor": "编辑"}},
        lambda r: {"printed_date": "2020年8月25日 星期二"},
    ),
    Endpoint(
        "events", Event, "event",
        lambda r: {"title_zh_hans": "产业对接会", "kind": "meeting", "date": "2020-08-25",
                   "program": r.zone.pk, "parent": r.event.pk},
        lambda r: {"venue_zh_hans": "大连国际会议中心"},
    ),
    Endpoint(
        "participations", Participation, "participation",
        lambda r: {"event": r.event.pk, "person": r.guest.pk, "parts": ["video_address"]},
        lambda r: {"parts": ["address", "signed"], "order": 2},
    ),
    Endpoint(
        "agreements", Agreement, "agreement",
        lambda r: {"title_zh_hans": "采购协议", "kind": "procurement", "program": r.zone.pk,
                   "amount": "5000000.00", "currency": "jpy"},
        lambda r: {"subject_en": "New motor plant"},
    ),
    Endpoint(
        "agreement-parties", AgreementParty, "agreement_party",
        lambda r: {"agreement": r.agreement.pk, "organisation": r.government.pk,
                   "role": "host"},
        lambda r: {"role": "investor"},
    ),
    Endpoint(
        "projects", Project, "project",
        lambda r: {"code": "ZONE-2020-002", "title_zh_hans": "新材料项目",
                   "program": r.zone.pk, "sub_area": r.sub_area.pk, "stage": "lead",
                   "industry_classes": [r.manufacturing.pk],
                   "industry_directions": [r.direction.pk], "agreements": [r.agreement.pk]},
        lambda r: {"stage": "construction", "stage_since": "2021-03-01"},
    ),
    Endpoint(
        "project-parties", ProjectParty, "project_party",
        lambda r: {"project": r.project.pk, "organisation": r.government.pk,
                   "role": "operator"},
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
        "regions", "programs", "program-parties", "sub-areas", "program-topics",
        "industry-directions", "industry-classes", "organisations", "organisation-aliases",
        "people", "positions", "source-documents", "events", "participations", "agreements",
        "agreement-parties", "projects", "project-parties",
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
    assert getattr(records, endpoint.record).pk in {row["id"] for row in body["results"]}


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
def test_create(api, alice, records, endpoint):
    payload = endpoint.create(records)
    before = endpoint.model.objects.count()
    response = api.post(url(endpoint), payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"] == 1
    assert endpoint.model.objects.count() == before + 1
    obj = endpoint.model.objects.get(pk=body["id"])
    assert_saved(obj, payload)
    assert obj.history.latest().history_user == alice


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_update(api, alice, records, endpoint):
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
    assert latest.history_user == alice


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_update_without_version_is_accepted(api, records, endpoint):
    obj = getattr(records, endpoint.record)
    response = api.patch(url(endpoint, obj.pk), endpoint.update(records), format="json")
    assert response.status_code == 200, response.json()


def test_put_replaces_the_record(api, records):
    payload = {"code": "210200", "level": "city", "country": "CN", "parent": records.liaoning.pk,
               "name_zh_hans": "大连", "version": records.dalian.version}
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
    response = api.post(
        url("organisations"),
        {"kind": "enterprise", "name_zh_hans": "某公司", "uscc": "91110108551385082q"},
        format="json",
    )
    assert response.status_code == 400  # the same code as the government's, after normalising
    assert "non_field_errors" in response.json() or "uscc" in response.json()

    records.government.uscc = ""
    records.government.save()
    response = api.post(
        url("organisations"),
        {"kind": "enterprise", "name_zh_hans": "某公司", "uscc": "91110108551385082q"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["uscc"] == "91110108551385082Q"

    response = api.post(
        url("regions"),
        {"code": "jp-13", "country": "jp", "level": "province", "name_zh_hans": "东京都"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["code"], response.json()["country"]) == ("JP-13", "JP")


def test_nested_lists_for_readers(api, records):
    organisation = api.get(url("organisations", records.nidec.pk)).json()
    assert [a["name"] for a in organisation["aliases"]] == ["尼得科"]
    person = api.get(url("people", records.mayor.pk)).json()
    assert [p["title_zh_hans"] for p in person["positions"]] == ["市长"]
    assert person["positions"][0]["organisation_name"] == "大连市人民政府"
    event = api.get(url("events", records.event.pk)).json()
    assert [(p["person_name"], p["parts"]) for p in event["participations"]] == [
        ("陈绍旺", ["address"])
    ]
    agreement = api.get(url("agreements", records.agreement.pk)).json()
    assert [p["organisation"] for p in agreement["parties"]] == [records.nidec.pk]
    project = api.get(url("projects", records.project.pk)).json()
    assert [(p["organisation"], p["role"]) for p in project["parties"]] == [
        (records.nidec.pk, "investor")
    ]
    assert project["agreements"] == [records.agreement.pk]
    program = api.get(url("programs", records.zone.pk)).json()
    assert [p["display_name"] for p in program["parties"]] == ["大连市"]
    assert [t["name_zh_hans"] for t in program["topics"]] == ["技术创新"]


def test_nested_lists_are_read_only(api, records):
    response = api.patch(
        url("organisations", records.nidec.pk),
        {"aliases": [{"name": "X"}], "version": records.nidec.version},
        format="json",
    )
    assert response.status_code == 200
    assert list(records.nidec.aliases.values_list("name", flat=True)) == ["尼得科"]


def test_version_cannot_be_set(api, records):
    response = api.patch(url("regions", records.dalian.pk), {"version": 1, "name_en": "D"},
                         format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2
    response = api.post(
        url("people"), {"name_zh_hans": "王五", "version": 99}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["version"] == 1


@pytest.mark.parametrize(
    ("route", "query", "expected"),
    [
        ("regions", "level=city", ["dalian"]),
        ("regions", "country=JP", ["osaka"]),
        ("regions", "parent__code=210000", ["dalian"]),
        ("regions", "parent__isnull=true&country=CN", ["liaoning"]),
        ("regions", "search=大连", ["dalian"]),
        ("organisations", "kind=government", ["government"]),
        ("organisations", "country=JP", ["nidec"]),
        ("organisations", "uscc=91110108551385082Q", ["government"]),
        ("organisations", "search=尼得科", ["nidec"]),
        ("organisations", "search=Nidec", ["nidec"]),
        ("projects", "stage=signed", ["project"]),
        ("projects", "stage=lead", []),
        ("projects", "program={zone}", ["project"]),
        ("projects", "sub_area={sub_area}", ["project"]),
        ("events", "kind=ceremony", ["event"]),
        ("events", "program={zone}", ["event"]),
        ("events", "date=2020-08-24", ["event"]),
        ("events", "date__gte=2020-08-25", []),
        ("agreements", "currency=CNY", ["agreement"]),
        ("sub-areas", "program={zone}", ["sub_area"]),
        ("people", "search=陈", ["mayor"]),
    ],
)
def test_filters(api, records, route, query, expected):
    query = query.format(zone=records.zone.pk, sub_area=records.sub_area.pk)
    response = api.get(f"{url(route)}?{query}")
    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()["results"]) == sorted(
        getattr(records, name).pk for name in expected
    )


def test_ordering(api, records):
    codes = [r["code"] for r in api.get(f"{url('regions')}?ordering=-code").json()["results"]]
    assert codes == sorted(codes, reverse=True)


def _list_queries(api, route: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url(route)).status_code == 200
    return len(queries)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_list_queries_do_not_grow_with_rows(api, records, endpoint):
    """A list costs the same number of queries for one row as for two (no N+1)."""
    one = _list_queries(api, endpoint.route)
    response = api.post(url(endpoint), endpoint.create(records), format="json")
    assert response.status_code == 201, response.json()
    assert _list_queries(api, endpoint.route) == one
