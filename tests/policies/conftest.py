"""Fixtures of the policy tests: the synthetic catalogue over the world, hand-built projects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from hezuo.demo.policies import build_policies
from hezuo.demo.world import DALIAN_ZONE, project_code
from hezuo.directory.models import IndustryClass, Organisation
from hezuo.events.models import Agreement
from hezuo.policies.models import Policy
from hezuo.projects.models import Project, ProjectFigure, ProjectParty, StageChange
from hezuo.regions.models import Program, SubArea
from hezuo.zonedesk.models import ExchangeRate

TODAY = date(2026, 6, 30)
#: 1 JPY = 0.05 CNY, an official rate of the tests (round numbers to compute by hand).
JPY = Decimal("0.05")


@pytest.fixture
def catalogue(db: Any) -> dict[str, Policy]:
    ExchangeRate.objects.create(currency="JPY", date=date(2026, 1, 1), rate=JPY, source="official")
    build_policies(on=TODAY, notices=False)
    return {p.code: p for p in Policy.objects.all()}


@pytest.fixture
def users(db: Any) -> dict[str, Any]:
    model = get_user_model()
    return {
        u.username: u
        for u in model.objects.filter(username__in=["zone", "officer", "nidec", "leader"])
    }


@pytest.fixture
def iwatani_project(db: Any) -> Project:
    return Project.objects.get(code=project_code(8))


@pytest.fixture
def nidec_project(db: Any) -> Project:
    return Project.objects.get(code=project_code(1))


def make_project(
    code: str,
    *,
    country: str,
    stage: str,
    kind: str = "enterprise",
    classes: tuple[str, ...] = (),
    figures: tuple[tuple[str, int, str], ...] = (),
    registered_on: date | None = None,
    sub_area: str | None = None,
    agreement: bool = True,
) -> Project:
    """A project of the Dalian zone with one investor of ``country`` and the facts given."""
    zone = Program.objects.get(code=DALIAN_ZONE)
    investor = Organisation.objects.create(
        name_zh_hans=f"测试投资方{code}", kind=kind, country=country, is_synthetic=True
    )
    project = Project.objects.create(
        code=code,
        title_zh_hans=f"测试项目{code}",
        program=zone,
        stage=stage,
        stage_since=registered_on or date(2021, 1, 1),
        sub_area=SubArea.objects.get(program=zone, code=sub_area) if sub_area else None,
        is_synthetic=True,
    )
    ProjectParty.objects.create(project=project, organisation=investor, role="investor")
    project.industry_classes.set(IndustryClass.objects.filter(code__in=classes))
    if agreement:
        project.agreements.set(Agreement.objects.filter(kind="investment_project")[:1])
    for kind_, amount, currency in figures:
        ProjectFigure.objects.create(
            project=project,
            kind=kind_,
            amount=Decimal(amount),
            currency=currency,
            recorded_on=date(2025, 12, 31),
        )
    if registered_on is not None:
        StageChange.objects.create(
            project=project,
            from_stage="signed",
            to_stage="registered",
            happened_on=registered_on,
            move="forward",
        )
    return project
