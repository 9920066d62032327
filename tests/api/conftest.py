"""Fixtures for the API tests: a token-authenticated client and one record of every kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from hezuo.accounts.tokens import issue_token
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
def api_user(db):
    """A signed-in API user (named so as not to clash with the demo world's users)."""
    # A system administrator: these tests are about the API's behaviour; who may do what is
    # tested by tests/access.
    user = get_user_model().objects.create_user("api-tester")  # token only: no password to hash
    user.memberships.create(role="system_admin")
    return user


@pytest.fixture
def api(api_user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(api_user)}")
    return client


@pytest.fixture
def anonymous(db) -> APIClient:
    return APIClient()


def _region(code: str, **values: object) -> Region:
    """Return the region with ``code``, loaded already or made now, holding ``values``."""
    region = Region.objects.filter(code=code).first() or Region(code=code)
    for name, value in values.items():
        setattr(region, name, value)
    # A full save, not update_or_create(): that saves only the changed fields, and
    # HezuoModel.save() would then raise the version in memory but not in the database.
    region.save()
    return region


def _industry(code: str, level: str, parent: IndustryClass | None, name: str) -> IndustryClass:
    industry, _ = IndustryClass.objects.get_or_create(
        code=code, defaults={"level": level, "parent": parent, "name_zh_hans": name}
    )
    return industry


@pytest.fixture
def records(db) -> SimpleNamespace:
    """One saved record of every kind the API serves, linked the way the source describes.

    The test database may already hold the division table, GB/T 4754 and the source's world
    (tests/conftest.py): real codes are reused, and everything made here has a name or code
    starting with 接口测试 / api-test so that no test depends on what else is there.
    """
    r = SimpleNamespace()
    r.liaoning = _region(
        "210000",
        level="province",
        country="CN",
        parent=None,
        name_zh_hans="辽宁省",
        name_ja="遼寧省",
        name_en="Liaoning",
    )
    r.dalian = _region(
        "210200",
        level="city",
        country="CN",
        parent=r.liaoning,
        name_zh_hans="大连市",
        name_ja="大連市",
        name_en="Dalian",
    )
    r.jinzhou = _region(
        "210213",
        level="county",
        country="CN",
        parent=r.dalian,
        name_zh_hans="金州区",
        name_ja="金州区",
        name_en="Jinzhou District",
    )
    r.osaka = _region(
        "JP-27",
        level="province",
        country="JP",
        name_zh_hans="大阪府",
        name_ja="大阪府",
        name_en="Osaka",
    )
    r.place = Region.objects.create(
        code="JP-27-APITEST",
        level="city",
        country="JP",
        parent=r.osaka,
        name_zh_hans="接口测试市",
    )
    r.manufacturing = _industry("C", "section", None, "制造业")
    r.machinery = _industry("34", "division", r.manufacturing, "通用设备制造业")
    r.other_machinery = _industry("349", "group", r.machinery, "其他通用设备制造业")
    # The create test makes this class again through the API.
    IndustryClass.objects.filter(code="3499").delete()
    r.direction = IndustryDirection.objects.create(
        code="api-test-equipment",
        name_zh_hans="接口测试高端装备制造",
        name_en="Apitest high-end equipment",
    )
    r.direction.industry_classes.add(r.manufacturing)
    r.government = Organisation.objects.create(
        kind="government",
        name_zh_hans="接口测试市人民政府",
        region=r.dalian,
        uscc=VALID_USCC,
    )
    r.maker = Organisation.objects.create(
        kind="enterprise",
        country="JP",
        name_zh_hans="接口测试电产",
        name_ja="インターフェース電産",
        name_en="Apitest Motors",
        region=r.place,
    )
    r.maker.industry_classes.add(r.manufacturing)
    r.alias = OrganisationAlias.objects.create(
        organisation=r.maker, name="接口测试尼得科", language="zh-hans"
    )
    r.zone = Program.objects.create(
        code="api-test-zone",
        kind="zone",
        region=r.dalian,
        name_zh_hans="接口测试示范区",
        name_ja="インターフェース試験モデル区",
        name_en="Apitest Cooperation Zone",
        since_year=2020,
    )
    r.zone.industry_directions.add(r.direction)
    r.program_party = ProgramParty.objects.create(program=r.zone, role="host", region=r.dalian)
    r.sub_area = SubArea.objects.create(
        program=r.zone,
        code="songmudao",
        name_zh_hans="接口测试松木岛",
        area_km2=Decimal("12.50"),
    )
    r.sub_area.industry_directions.add(r.direction)
    r.topic = ProgramTopic.objects.create(
        program=r.zone, kind="platform", name_zh_hans="接口测试技术创新", position=1
    )
    r.mayor = Person.objects.create(name_zh_hans="接口测试甲", family_name="接口")
    r.guest = Person.objects.create(name_zh_hans="接口测试乙", name_ja="インターフェース乙")
    r.position = Position.objects.create(
        person=r.mayor,
        organisation=r.government,
        title_zh_hans="市长",
        title_en="Mayor",
        start_date=date(2020, 1, 1),
    )
    r.source = SourceDocument.objects.create(
        title_zh_hans="接口测试晚报 A11",
        publication="接口测试晚报",
        page="A11",
        published_on=date(2020, 8, 25),
        credits={"reporter": "记者"},
    )
    r.event = Event.objects.create(
        title_zh_hans="接口测试签约仪式",
        kind="ceremony",
        date=date(2020, 8, 24),
        program=r.zone,
        region=r.place,
        source=r.source,
    )
    r.participation = Participation.objects.create(
        event=r.event, person=r.mayor, position=r.position, parts=["address"]
    )
    r.agreement = Agreement.objects.create(
        title_zh_hans="接口测试新工厂项目",
        kind="investment_project",
        program=r.zone,
        event=r.event,
        amount=Decimal("100000000.00"),
        currency="CNY",
        signed_on=date(2020, 8, 24),
        sub_area=r.sub_area,
    )
    r.agreement_party = AgreementParty.objects.create(agreement=r.agreement, organisation=r.maker)
    r.project = Project.objects.create(
        code="API-TEST-001",
        title_zh_hans="接口测试新工厂",
        program=r.zone,
        sub_area=r.sub_area,
        stage="signed",
    )
    r.project.agreements.add(r.agreement)
    r.project_party = ProjectParty.objects.create(
        project=r.project, organisation=r.maker, role="investor"
    )
    return r
