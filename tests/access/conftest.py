"""The access tests' people (one per role and party) and the records that make scopes visible.

Who they are and what each record belongs to is written down in ``cast.py``; here they are made,
once for the whole ``tests/access`` package, inside a transaction that is rolled back when the
package is done (each test still runs in its own savepoint, rolled back after it). The small named
world (tests/world.py) is found in the test database or made, and left as it was.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from hezuo.accounts.models import Membership, Profile
from hezuo.directory.models import (
    IndustryClass,
    Organisation,
    OrganisationAlias,
    Person,
    Position,
)
from hezuo.events.models import Agreement, Event, Participation, SourceDocument
from hezuo.projects.models import Project, ProjectParty
from hezuo.regions.models import (
    IndustryDirection,
    Program,
    ProgramParty,
    ProgramTopic,
    Region,
    SubArea,
)
from tests.assistance.records import build_access_records
from tests.brokerage import access_records as brokerage_records
from tests.matchdesk.records import build_access_records as build_matching_records
from tests.policies import access_records as policy_records
from tests.projects import access_records as project_records
from tests.world import (
    CEREMONY,
    DALIAN_ZONE,
    DASHANG_FRUIT,
    HUASHENG,
    IWATANI,
    JINPU,
    KIWI,
    MIZUHO,
    NIDEC,
    NIDEC_DALIAN,
    ORIX_CHINA,
    PAIRING,
    SYMPOSIUM,
    YANJIAO,
    build_world,
    project_code,
)

from .cast import (
    CAST,
    IWATANI_PHONE,
    LIUPANSHUI_ID,
    LIUPANSHUI_PHONE,
    NIDEC_ID,
    NIDEC_PHONE,
    OTHER_PAIRING,
    PROVINCIAL_DONOR,
    RECORDS,
    SUPERUSER,
    TIANJIN_ZONE,
    Member,
)


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name_zh_hans=name, is_synthetic=False)


def _project(
    code: str, title: str, program: Program, region: str, parties: dict[str, str]
) -> Project:
    project = Project.objects.create(
        code=code,
        title_zh_hans=title,
        program=program,
        region=Region.objects.get(code=region),
        stage="negotiating",
        stage_since=date(2024, 5, 1),
    )
    for name, role in parties.items():
        ProjectParty.objects.create(project=project, organisation=_org(name), role=role)
    return project


def build_records() -> dict[str, Any]:
    """Find the world's records named in cast.RECORDS and make the ones the world lacks."""
    build_world()  # tests/world.py: the small named world, found or made
    zone = Program.objects.get(code=DALIAN_ZONE)
    tianjin = Program.objects.get(code=TIANJIN_ZONE)
    pairing = Program.objects.get(code=PAIRING)
    anshun = Program.objects.create(
        code=OTHER_PAIRING,
        kind="pairing",
        name_zh_hans="青岛·安顺东西部协作",
        name_en="Qingdao–Anshun East–West collaboration (test)",
    )
    ceremony = Event.objects.get(title_zh_hans=CEREMONY, is_synthetic=False)
    symposium = Event.objects.get(title_zh_hans=SYMPOSIUM, is_synthetic=False)
    binhai = Region.objects.get(code="120116")

    r: dict[str, Any] = {
        "region:jinzhou": Region.objects.get(code="210213"),
        "direction:new-materials": IndustryDirection.objects.get(code="new-materials"),
        "industryclass:C": IndustryClass.objects.get(code="C"),
        "source:dalian-evening-news": SourceDocument.objects.get(publication="大连晚报"),
        "program:dalian-zone": zone,
        "program:tianjin-zone": tianjin,
        "program:dalian-liupanshui": pairing,
        "program:qingdao-anshun": anshun,
        "subarea:xizhongdao": SubArea.objects.get(program=zone, code="xizhongdao"),
        "subarea:binhai": SubArea.objects.create(
            program=tianjin, code="binhai", name_zh_hans="滨海新区片区", region=binhai
        ),
        "programparty:dalian-host": ProgramParty.objects.get(program=zone, role="host"),
        "programparty:tianjin-host": ProgramParty.objects.get(program=tianjin, role="host"),
        "programtopic:dalian-platform": ProgramTopic.objects.get(
            program=zone, kind="platform", position=1
        ),
        "programtopic:pairing-line": ProgramTopic.objects.get(
            program=pairing, kind="assistance_line", position=1
        ),
        "organisation:nidec-dalian": _org(NIDEC_DALIAN),
        "organisation:iwatani": _org(IWATANI),
        "organisation:mizuho": _org(MIZUHO),
        "organisation:kiwi": _org(KIWI),
        "organisation:dashang-fruit": _org(DASHANG_FRUIT),
        "organisation:huasheng": _org(HUASHENG),
        "alias:nidec": OrganisationAlias.objects.get(organisation=_org(NIDEC), name="尼得科"),
        "alias:iwatani": OrganisationAlias.objects.get(organisation=_org(IWATANI), name="岩谷"),
        "alias:kiwi": OrganisationAlias.objects.create(
            organisation=_org(KIWI), name="凉都猕猴桃", language="zh-hans"
        ),
    }

    nidec_person = Person.objects.create(
        name_zh_hans="测试联络人甲", family_name="测试", phone=NIDEC_PHONE, id_number=NIDEC_ID
    )
    iwatani_person = Person.objects.create(name_zh_hans="测试联络人乙", phone=IWATANI_PHONE)
    liupanshui_person = Person.objects.create(
        name_zh_hans="测试联络人丙", phone=LIUPANSHUI_PHONE, id_number=LIUPANSHUI_ID
    )
    r["person:nidec"] = nidec_person
    r["person:iwatani"] = iwatani_person
    r["person:liupanshui"] = liupanshui_person
    r["position:nidec"] = Position.objects.create(
        person=nidec_person, organisation=_org(NIDEC), title_zh_hans="中国区联络人"
    )
    Position.objects.create(
        person=iwatani_person, organisation=_org(IWATANI), title_zh_hans="大连事务所所长"
    )
    r["position:liupanshui"] = Position.objects.create(
        person=liupanshui_person, organisation=_org(KIWI), title_zh_hans="销售经理"
    )

    tianjin_event = Event.objects.create(
        title_zh_hans="中日(天津)示范区推介会",
        kind="meeting",
        date=date(2024, 6, 1),
        program=tianjin,
        region=binhai,
    )
    r["event:ceremony"] = ceremony
    r["event:symposium"] = symposium
    r["event:tianjin"] = tianjin_event
    r["participation:symposium"] = Participation.objects.create(
        event=symposium,
        person=liupanshui_person,
        position=r["position:liupanshui"],
        parts=["attended"],
        order=99,
    )
    r["participation:tianjin"] = Participation.objects.create(
        event=tianjin_event, group_zh_hans="天津市代表团", parts=["attended"]
    )

    for sequence in (1, 3, 6, 7, 8):
        r[f"agreement:{sequence}"] = Agreement.objects.get(event=ceremony, sequence=sequence)
    for sequence, key in enumerate(("kiwi", "specialties", "noodles"), start=1):
        r[f"agreement:{key}"] = Agreement.objects.get(event=symposium, sequence=sequence)
    r["agreement:tianjin"] = Agreement.objects.create(
        title_zh_hans="天津示范区合作框架协议", kind="framework", program=tianjin
    )
    r["agreementparty:7-mizuho"] = r["agreement:7"].parties.get(organisation=_org(MIZUHO))
    r["agreementparty:7-jinpu"] = r["agreement:7"].parties.get(organisation=_org(JINPU))
    r["agreementparty:kiwi"] = r["agreement:kiwi"].parties.get(organisation=_org(KIWI))

    for key, sequence in (("nidec", 1), ("nidec-guangzhou", 3), ("iwatani", 8)):
        r[f"project:{key}"] = Project.objects.get(code=project_code(sequence))
    r["project:mizuho"] = _project(
        "ACC-DL-MIZUHO", "瑞穗银行示范区金融服务平台", zone, "210213", {MIZUHO: "partner"}
    )
    r["project:tianjin"] = _project(
        "ACC-TJ-ORIX", "欧力士天津滨海融资租赁项目", tianjin, "120116", {ORIX_CHINA: "investor"}
    )
    r["project:liuzhi"] = _project(
        "ACC-LPS-LIUZHI", "六枝特区岩脚面扩产项目", pairing, "520203", {YANJIAO: "investor"}
    )
    r["project:dashang"] = _project(
        "ACC-LPS-DASHANG",
        "大菜市六盘水农产品直营中心",
        pairing,
        "210200",
        {DASHANG_FRUIT: "investor"},
    )
    r["project:anshun"] = _project(
        "ACC-AS-HUASHENG", "安顺特产大连销售中心", anshun, "520402", {HUASHENG: "investor"}
    )
    r["projectparty:nidec"] = r["project:nidec"].parties.get(organisation=_org(NIDEC))
    r["projectparty:iwatani"] = r["project:iwatani"].parties.get(organisation=_org(IWATANI))
    r["projectparty:liuzhi"] = r["project:liuzhi"].parties.get(organisation=_org(YANJIAO))

    r.update(build_access_records())  # the assistance ledger (tests/assistance/records.py)
    r.update(project_records.build_access_records(r))  # tests/projects/access_records.py
    r.update(build_matching_records())  # tests/matchdesk/records.py
    r.update(policy_records.build_access_records(r))  # tests/policies/access_records.py
    r.update(brokerage_records.build_access_records())  # tests/brokerage/access_records.py

    missing = set(RECORDS) ^ set(r)
    assert not missing, f"cast.RECORDS and build_records() disagree on {sorted(missing)}"
    for key, obj in r.items():
        assert obj._meta.label_lower == RECORDS[key].model, key
    return r


def make_user(member: Member) -> Any:
    """Create the user of ``member`` with its one membership (no password: tests force logins)."""
    user = get_user_model().objects.create_user(
        member.username, is_superuser=member.superuser, is_staff=member.superuser
    )
    Profile.objects.create(user=user, language="zh-hans")
    if member.superuser:
        return user
    membership = Membership.objects.create(
        user=user,
        role=member.role,
        program=Program.objects.get(code=member.program) if member.program else None,
        organisation=_org(member.organisation) if member.organisation else None,
    )
    membership.full_clean()
    if member.regions:
        membership.regions.set(Region.objects.filter(code__in=member.regions))
    return user


@pytest.fixture(scope="package")
def cast(django_db_setup, django_db_blocker) -> Iterator[SimpleNamespace]:
    """Everyone of cast.CAST (plus a superuser), logged in, and every record of cast.RECORDS."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            records = build_records()
            members = [*CAST, SUPERUSER, PROVINCIAL_DONOR]
            users = {m.username: make_user(m) for m in members}
            # One client per member for the whole package: a new test client loads the
            # middleware again, and WhiteNoise (WHITENOISE_USE_FINDERS) then scans every static
            # file, ~0.1 s a client.
            clients, apis = {"": Client()}, {"": APIClient()}
            for name, user in users.items():
                clients[name] = Client()
                clients[name].force_login(user)
                apis[name] = APIClient()
                apis[name].force_authenticate(user=user)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield SimpleNamespace(records=records, users=users, clients=clients, apis=apis)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def records(cast, db) -> dict[str, Any]:
    """The test records by key: copies, so that a test may refresh or save them freely."""
    return {key: copy.copy(obj) for key, obj in cast.records.items()}


@pytest.fixture
def users(cast, db) -> dict[str, Any]:
    return cast.users


@pytest.fixture
def page_as(cast, db):
    """``page_as("enterprise@nidec")``: a test client logged in as that member ("": nobody)."""
    return lambda username: cast.clients[username]


@pytest.fixture
def api_as(cast, db):
    """``api_as("enterprise@nidec")``: an API client authenticated as that member ("": nobody)."""
    return lambda username: cast.apis[username]
