"""The synthetic layer: deterministic, flagged, visibly marked, valid, and spread out."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.db import models
from stdnum.cn import uscc
from stdnum.jp import cn as jp_corporate_number

from hezuo.demo.synthetic import COUNTS, LAST_DAY, MARK_EN, MARK_JA, MARK_ZH, build_synthetic
from hezuo.demo.world import DALIAN_ZONE
from hezuo.directory.models import IndustryClass, Organisation, OrganisationAlias, Person, Position
from hezuo.events.models import Agreement, AgreementParty, Event, Participation
from hezuo.projects.choices import Stage
from hezuo.projects.models import Project, ProjectParty, StageChange
from hezuo.projects.selectors import active_projects, pipeline_rows
from hezuo.regions.models import Program, SubArea
from hezuo.zonedesk.models import AftercareVisit, Enquiry

from .conftest import HAS_INDUSTRY_TABLE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("synthetic")]

SEED = 2020
SYNTHETIC_MODELS: tuple[type[models.Model], ...] = (
    Organisation,
    OrganisationAlias,
    Person,
    Position,
    Event,
    Participation,
    Agreement,
    AgreementParty,
    Project,
    ProjectParty,
    Enquiry,
    AftercareVisit,
)

#: What the fingerprint of a layer covers: every model, its content and its links by name.
FINGERPRINT: tuple[tuple[type[models.Model], tuple[str, ...]], ...] = (
    (
        Organisation,
        (
            "name_zh_hans",
            "name_ja",
            "name_en",
            "kind",
            "country",
            "region__code",
            "parent__name_zh_hans",
            "uscc",
            "jp_corporate_number",
        ),
    ),
    (OrganisationAlias, ("organisation__name_zh_hans", "name", "language")),
    (Person, ("name_zh_hans", "name_ja", "name_en", "family_name")),
    (
        Position,
        ("person__name_zh_hans", "organisation__name_zh_hans", "title_zh_hans", "start_date"),
    ),
    (
        Event,
        (
            "title_zh_hans",
            "title_en",
            "kind",
            "status",
            "date",
            "region__code",
            "program__code",
            "venue_zh_hans",
        ),
    ),
    (Participation, ("event__title_zh_hans", "person__name_zh_hans", "parts", "order")),
    (
        Agreement,
        (
            "title_zh_hans",
            "kind",
            "signed_on",
            "amount",
            "currency",
            "event__title_zh_hans",
            "sequence",
            "subject_zh_hans",
            "sub_area__code",
        ),
    ),
    (AgreementParty, ("agreement__title_zh_hans", "organisation__name_zh_hans", "role")),
    (
        Project,
        (
            "code",
            "title_zh_hans",
            "title_en",
            "stage",
            "stage_since",
            "sub_area__code",
            "region__code",
            "program__code",
        ),
    ),
    (ProjectParty, ("project__code", "organisation__name_zh_hans", "role")),
)


@pytest.fixture(scope="module")
def synthetic(world: None, django_db_blocker: Any) -> Iterator[None]:
    """The layer at scale 1, built once on the module's world (rolled back with it)."""
    with django_db_blocker.unblock():
        build_synthetic(1, SEED)
    yield


def fingerprint() -> str:
    digest = hashlib.sha256()
    for model, fields in FINGERPRINT:
        rows = model._default_manager.filter(is_synthetic=True).order_by("pk")
        for row in rows.values_list(*fields):
            digest.update(repr(row).encode())
    links = Project.industry_classes.through.objects.filter(project__is_synthetic=True)
    for row in links.order_by("project__code", "industryclass__code").values_list(
        "project__code", "industryclass__code"
    ):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def synthetic_counts() -> dict[str, int]:
    return {
        m.__name__: m._default_manager.filter(is_synthetic=True).count() for m in SYNTHETIC_MODELS
    }


def fact_counts() -> dict[str, int]:
    return {
        m.__name__: m._default_manager.filter(is_synthetic=False).count() for m in SYNTHETIC_MODELS
    }


def test_same_seed_same_data() -> None:
    first = fingerprint()
    build_synthetic(1, SEED)
    assert fingerprint() == first
    build_synthetic(1, SEED + 1)
    assert fingerprint() != first
    build_synthetic(1, SEED)
    assert fingerprint() == first


def test_counts_at_scale_one() -> None:
    counts = synthetic_counts()
    assert counts["Organisation"] == 200
    assert counts["Person"] == COUNTS["people"] == 300
    assert counts["Position"] == 300
    assert counts["Event"] == COUNTS["events"] == 60
    assert counts["Agreement"] == COUNTS["agreements"] == 150
    assert counts["Project"] == 400
    assert counts["Participation"] >= 3 * 60


def test_scale_multiplies_the_counts() -> None:
    build_synthetic(2, SEED)
    counts = synthetic_counts()
    assert (counts["Organisation"], counts["Person"], counts["Event"]) == (400, 600, 120)
    assert (counts["Agreement"], counts["Project"]) == (300, 800)


def test_scale_zero_creates_none_and_keeps_the_facts() -> None:
    facts = fact_counts()
    build_synthetic(0, SEED)
    assert all(count == 0 for count in synthetic_counts().values())
    assert fact_counts() == facts
    build_synthetic(1, SEED)
    assert fact_counts() == facts


NAME_FIELDS = {
    Organisation: "name",
    Person: "name",
    Position: "title",
    Event: "title",
    Agreement: "title",
    Project: "title",
}


@pytest.mark.parametrize("model", list(NAME_FIELDS), ids=lambda m: m.__name__)
def test_names_are_marked(model: type[models.Model]) -> None:
    prefix = NAME_FIELDS[model]
    rows = model._default_manager.filter(is_synthetic=True)
    assert rows.exists()
    for zh, ja, en in rows.values_list(f"{prefix}_zh_hans", f"{prefix}_ja", f"{prefix}_en"):
        assert zh.endswith(MARK_ZH) and ja.endswith(MARK_JA) and en.endswith(MARK_EN), zh


def test_subjects_and_aliases_are_marked() -> None:
    for zh, ja, en in (
        Agreement.objects.filter(is_synthetic=True)
        .exclude(subject_zh_hans="")
        .values_list("subject_zh_hans", "subject_ja", "subject_en")
    ):
        assert zh.endswith(MARK_ZH) and ja.endswith(MARK_JA) and en.endswith(MARK_EN)
    names = OrganisationAlias.objects.filter(is_synthetic=True).values_list("name", flat=True)
    assert all(name.endswith(MARK_EN) for name in names)


def test_layer_links_only_to_synthetic_organisations_and_people() -> None:
    assert not Position.objects.filter(is_synthetic=True, organisation__is_synthetic=False).exists()
    assert not Participation.objects.filter(is_synthetic=True, person__is_synthetic=False).exists()
    assert not AgreementParty.objects.filter(
        organisation__is_synthetic=False, agreement__is_synthetic=True
    ).exists()
    assert not ProjectParty.objects.filter(
        organisation__is_synthetic=False, project__is_synthetic=True
    ).exists()
    assert not Organisation.objects.filter(is_synthetic=True, parent__is_synthetic=False).exists()


def test_codes_are_valid() -> None:
    chinese = Organisation.objects.filter(is_synthetic=True, country="CN")
    japanese = Organisation.objects.filter(is_synthetic=True, country="JP")
    assert chinese.exists() and japanese.exists()
    codes = list(chinese.values_list("uscc", flat=True))
    assert all(uscc.is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes)
    numbers = list(japanese.values_list("jp_corporate_number", flat=True))
    assert all(jp_corporate_number.is_valid(number) for number in numbers)
    assert not chinese.exclude(jp_corporate_number="").exists()
    assert not japanese.exclude(uscc="").exists()


def test_every_synthetic_row_passes_model_validation() -> None:
    for model in SYNTHETIC_MODELS:
        for obj in model._default_manager.filter(is_synthetic=True):
            obj.full_clean()


def test_projects_spread_over_stages_and_sub_areas() -> None:
    projects = Project.objects.filter(is_synthetic=True, program__code=DALIAN_ZONE)
    assert set(projects.values_list("stage", flat=True)) == set(Stage.values)
    all_areas = set(SubArea.objects.filter(program__code=DALIAN_ZONE).values_list("pk", flat=True))
    assert set(projects.values_list("sub_area", flat=True)) == all_areas
    days = list(Project.objects.filter(is_synthetic=True).values_list("stage_since", flat=True))
    assert all(date(2015, 1, 1) <= day <= date(2026, 12, 31) for day in days)
    # The life cycles (every move) spread over the years, so the quarterly trend has a shape.
    moves = StageChange.objects.filter(project__is_synthetic=True).values_list(
        "happened_on", flat=True
    )
    assert len({day.year for day in moves}) >= 7


def test_some_but_not_most_projects_are_stuck() -> None:
    """Most projects are within their stage's time limit on the demo's last day; a few are not."""
    zone = Program.objects.get(code=DALIAN_ZONE)
    rows = [r for r in pipeline_rows(active_projects(program=zone), on=LAST_DAY) if r.threshold]
    stuck = sum(r.stuck for r in rows)
    assert rows and 0.05 <= stuck / len(rows) <= 0.35


def test_investors_mostly_japanese() -> None:
    investors = ProjectParty.objects.filter(
        is_synthetic=True, role="investor", project__program__code=DALIAN_ZONE
    ).select_related("organisation__parent")
    japanese = [
        p
        for p in investors
        if p.organisation.country == "JP"
        or (p.organisation.parent is not None and p.organisation.parent.country == "JP")
    ]
    assert len(japanese) > 0.6 * investors.count()


def test_investment_agreements_match_their_projects() -> None:
    for project in Project.objects.filter(is_synthetic=True, agreements__isnull=False):
        agreement = project.agreements.get()
        assert agreement.kind == "investment_project"
        assert project.stage in {s for s in Stage.values if s not in ("lead", "negotiating")}
        if agreement.event is not None:
            assert agreement.signed_on == agreement.event.date
            assert agreement.event.kind == "ceremony"


@pytest.mark.skipif(not HAS_INDUSTRY_TABLE, reason="hezuo.core.industry is not there yet")
def test_project_industries_are_manufacturing() -> None:
    classes = IndustryClass.objects.filter(projects__is_synthetic=True).distinct()
    assert classes.exists()
    for industry in classes.select_related("parent__parent__parent"):
        assert industry.level == "class"
        assert industry.parent.parent.parent.code == "C", industry.code
