"""Fixtures of the project life-cycle tests: the zone, its real projects, named users, rates."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from hezuo.accounts.models import Membership, Profile
from hezuo.demo.world import DALIAN_ZONE, IWATANI, NIDEC, project_code
from hezuo.directory.models import Organisation
from hezuo.projects.choices import ProjectPartyRole
from hezuo.projects.models import Project, ProjectParty
from hezuo.regions.models import Program, SubArea

SIGNING_DAY = date(2020, 8, 24)


@pytest.fixture
def zone(db: Any) -> Program:
    return Program.objects.get(code=DALIAN_ZONE)


@pytest.fixture
def iwatani_project(db: Any) -> Project:
    """日本岩谷大连西中岛氢能利用项目, at ``signed`` since 2020-08-24, on 西中岛."""
    return Project.objects.get(code=project_code(8))


@pytest.fixture
def nidec_project(db: Any) -> Project:
    return Project.objects.get(code=project_code(1))


@pytest.fixture
def iwatani(db: Any) -> Organisation:
    return Organisation.objects.get(name_zh_hans=IWATANI, is_synthetic=False)


@pytest.fixture
def nidec(db: Any) -> Organisation:
    return Organisation.objects.get(name_zh_hans=NIDEC, is_synthetic=False)


@pytest.fixture
def xizhongdao(zone: Program) -> SubArea:
    return SubArea.objects.get(program=zone, code="xizhongdao")


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


@pytest.fixture
def admin(db: Any) -> Any:
    return user("admin")


@pytest.fixture
def zone_admin(db: Any) -> Any:
    """The demo zone administrator (示范区管委会, writes Chinese)."""
    u = user("zone")
    u.email = "zone@example.org"
    u.save()
    return u


@pytest.fixture
def officer(db: Any) -> Any:
    """The demo promotion officer of the zone (writes Japanese)."""
    u = user("officer")
    u.email = "officer@example.org"
    u.save()
    return u


@pytest.fixture
def enterprise(db: Any) -> Any:
    """Nidec's member: sees Nidec's projects, changes none."""
    return user("nidec")


def make_member(
    username: str, *, role: str, language: str, organisation: Any = None, program: Any = None
) -> Any:
    u = get_user_model().objects.create_user(username, email=f"{username}@example.org")
    Profile.objects.create(user=u, language=language)
    Membership.objects.create(user=u, role=role, organisation=organisation, program=program)
    return u


def new_project(
    zone: Program,
    code: str,
    title: str,
    *,
    stage: str = "lead",
    since: date | None = date(2020, 1, 1),
    investor: Organisation | None = None,
    sub_area: SubArea | None = None,
) -> Project:
    project = Project.objects.create(
        code=code,
        title_zh_hans=title,
        program=zone,
        stage=stage,
        stage_since=since,
        sub_area=sub_area,
    )
    if investor is not None:
        ProjectParty.objects.create(
            project=project, organisation=investor, role=ProjectPartyRole.INVESTOR
        )
    return project


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def mail(settings: Any) -> Any:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.core import mail as django_mail

    django_mail.outbox = []
    return django_mail


@pytest.fixture
def rates(db: Any) -> None:
    """The ECB's rates of JPY and USD from August 2020 on, as ``hezuo load_rates`` loads them."""
    from django.core.management import call_command

    call_command(
        "load_rates", "--since=2020-08-01", "--currencies=JPY,USD,EUR", stdout=io.StringIO()
    )


D = Decimal
