"""Fixtures for the API tests: a token-authenticated client and one record of every kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hezuo.directory.models import (
    IndustryClass,
    Organisation,
    OrganisationAlias,
    Person,
    Position,
)
from hezuo.events.models import (
    Agreement,
    AgreementParty,
    Event,
    Participation,
    SourceDocument,
)
from hezuo.projects.models import Project, ProjectParty
from hezuo.regions.models import (
    IndustryDirection,
    Program,
    ProgramParty,
    ProgramTopic,
    Region,
    SubArea,
)

VALID_USCC = "91110108551385082Q"


@pytest.fixture
def alice(db):
    """Zone office staff with an API token."""
    return get_user_model().objects.create_user("alice", password="alice-password-1")


@pytest.fixture
def api(alice) -> APIClient:
    client = APIClient()
    token = Token.objects.create(user=alice)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anonymous(db) -> APIClient:
    return APIClient()


@pytest.fixture
def records(db) -> SimpleNamespace:
    """One saved record of every kind the API serves, linked the way the source describes."""
    r = SimpleNamespace()
    r.liaoning = Region.objects.create(
        code="210000", level="province", name_zh_hans="辽宁省", name_ja="遼寧省",
        name_en="Liaoning",
    )
    r.dalian = Region.objects.create(
        code="210200", level="city", parent=r.liaoning, name_zh_hans="大连市",
        name_ja="大連市", name_en="Dalian",
    )
    r.osaka = Region.objects.create(
        code="JP-27", level="province", country="JP", name_zh_hans="大阪府",
        name_ja="大阪府", name_en="Osaka",
    )
    r.manufacturing = IndustryClass.objects.create(
        code="C", level="section", name_zh_hans="制造业", name_ja="製造業",
        name_en="Manufacturing",
    )
    r.direction = IndustryDirection.objects.create(
        code="high-end-equipment", name_zh_hans="高端装备制造", name_en="High-end equipment"
    )
    r.direction.industry_classes.add(r.manufacturing)
    r.government = Organisation.objects.create(
        kind="government", name_zh_hans="大连市人民政府", region=r.dalian,
        uscc=VALID_USCC,
    )
    r.nidec = Organisation.objects.create(
        kind="enterprise", country="JP", name_zh_hans="日本电产", name_ja="日本電産",
        name_en="Nidec", region=r.osaka,
    )
    r.nidec.industry_classes.add(r.manufacturing)
    r.alias = OrganisationAlias.objects.create(
        organisation=r.nidec, name="尼得科", language="zh-hans"
    )
    r.zone = Program.objects.create(
        code="cn-jp-dalian", kind="zone", region=r.dalian,
        name_zh_hans="中日(大连)地方发展合作示范区", name_ja="日中(大連)地方発展協力モデル区",
        name_en="China–Japan (Dalian) Local Development Cooperation Zone", since_year=2020,
    )
    r.zone.industry_directions.add(r.direction)
    r.program_party = ProgramParty.objects.create(program=r.zone, role="host", region=r.dalian)
    r.sub_area = SubArea.objects.create(
        program=r.zone, code="songmudao", name_zh_hans="松木岛", area_km2=Decimal("12.50")
    )
    r.sub_area.industry_directions.add(r.direction)
    r.topic = ProgramTopic.objects.create(
        program=r.zone, kind="platform", name_zh_hans="技术创新", position=1
    )
    r.mayor = Person.objects.create(name_zh_hans="陈绍旺", family_name="陈")
    r.guest = Person.objects.create(name_zh_hans="永守重信", name_ja="永守重信")
    r.position = Position.objects.create(
        person=r.mayor, organisation=r.government, title_zh_hans="市长", title_en="Mayor",
        start_date=date(2020, 1, 1),
    )
    r.source = SourceDocument.objects.create(
        title_zh_hans="大连晚报 A11", publication="大连晚报", page="A11",
        published_on=date(2020, 8, 25), credits={"reporter": "记者"},
    )
    r.event = Event.objects.create(
        title_zh_hans="示范区项目签约仪式", kind="ceremony", date=date(2020, 8, 24),
        program=r.zone, region=r.dalian, source=r.source,
    )
    r.participation = Participation.objects.create(
        event=r.event, person=r.mayor, position=r.position, parts=["address"]
    )
    r.agreement = Agreement.objects.create(
        title_zh_hans="尼得科新工厂项目", kind="investment_project", program=r.zone,
        event=r.event, amount=Decimal("100000000.00"), currency="CNY",
        signed_on=date(2020, 8, 24), sub_area=r.sub_area,
    )
    r.agreement_party = AgreementParty.objects.create(agreement=r.agreement, organisation=r.nidec)
    r.project = Project.objects.create(
        code="ZONE-2020-001", title_zh_hans="尼得科新工厂", program=r.zone,
        sub_area=r.sub_area, stage="signed",
    )
    r.project.agreements.add(r.agreement)
    r.project_party = ProjectParty.objects.create(
        project=r.project, organisation=r.nidec, role="investor"
    )
    return r
