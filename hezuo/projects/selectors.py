"""Reads about projects: which count, their stages over time, figures in CNY, alerts, duplicates.

Every figure carries the rows behind it (``project_ids``) so a page can link it to its list.
The reports built on these reads (pipeline, funnel, investment, ledger, quarterly report,
digest) live in :mod:`hezuo.reports.selectors`. Reads go through the restricted query path when
a ``user`` is given (``Project.objects.restrict(user)``).

Counting rules:

- a project counts when it is neither archived nor merged into another (:func:`active_projects`);
- a figure (investment, capital, output, jobs) of a project is its latest recorded on or before
  the day asked for; an amount is converted to CNY at the rate in force on the day it was
  recorded (:mod:`hezuo.core.money`), and every total lists the rates it used. The rates, and
  each zone's stuck thresholds, are the zone desk's, read through :mod:`.providers`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hezuo.core import lifecycle, money
from hezuo.core.access import Action

from . import providers
from .choices import (
    MONEY_FIGURES,
    MilestoneStatus,
    ProjectPartyRole,
    Stage,
)
from .models import (
    DuplicateDismissal,
    Milestone,
    Project,
    ProjectFigure,
    ProjectParty,
    StageChange,
)

# --- projects that count ---------------------------------------------------------------------------


def active_projects(*, user: Any = None, program: Any = None) -> QuerySet[Project]:
    """Return the projects that count (not archived, not merged), restricted to ``user``."""
    projects = Project.objects.all()
    if user is not None:
        projects = projects.restrict(user, Action.VIEW)
    projects = projects.filter(archived_at__isnull=True, merged_into__isnull=True)
    if program is not None:
        projects = projects.filter(program=program)
    return projects


# --- figures ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureValue:
    """A project's figure of one kind, and its CNY value when it is an amount of money."""

    figure: ProjectFigure
    conversion: money.Conversion | None
    error: str = ""  # why no CNY value could be given (no rate known)

    @property
    def amount_cny(self) -> Decimal | None:
        return self.conversion.amount_cny if self.conversion else None


def figure_values(figures: Iterable[ProjectFigure]) -> list[FigureValue]:
    """Return each figure with its CNY value at the rate in force on the day it was recorded
    (counts, such as jobs, have none; an amount without a known rate says why)."""
    items = list(figures)
    spans: dict[str, tuple[date, date]] = {}
    for figure in items:
        if figure.kind in MONEY_FIGURES and figure.currency:
            low, high = spans.get(figure.currency, (figure.recorded_on, figure.recorded_on))
            spans[figure.currency] = (min(low, figure.recorded_on), max(high, figure.recorded_on))
    table = providers.rates_for(spans)
    values = []
    for figure in items:
        conversion, error = None, ""
        if figure.kind in MONEY_FIGURES and figure.currency:
            try:
                conversion = table.convert(figure.amount, figure.currency, figure.recorded_on)
            except money.NoRate as exc:
                error = _("No %(currency)s rate on or before %(date)s.") % {
                    "currency": exc.currency,
                    "date": exc.on.isoformat(),
                }
        values.append(FigureValue(figure, conversion, error))
    return values


def latest_figures(
    project_ids: Iterable[int], *, on: date, kinds: Iterable[str] | None = None
) -> dict[int, dict[str, FigureValue]]:
    """Return, per project and kind, the latest figure recorded on or before ``on`` in CNY."""
    figures = ProjectFigure.objects.filter(project_id__in=list(project_ids), recorded_on__lte=on)
    if kinds is not None:
        figures = figures.filter(kind__in=list(kinds))
    latest: dict[tuple[int, str], ProjectFigure] = {}
    for figure in figures.order_by("project_id", "kind", "recorded_on", "pk"):
        latest[(figure.project_id, figure.kind)] = figure
    result: dict[int, dict[str, FigureValue]] = defaultdict(dict)
    for value in figure_values(latest.values()):
        result[value.figure.project_id][value.figure.kind] = value
    return result


# --- stages over time -------------------------------------------------------------------------------


def changes_by_project(
    project_ids: Iterable[int],
) -> dict[int, list[tuple[date, str, str, date | None]]]:
    """Return each project's own moves (not those merged in) as (day, from, to, from_since)."""
    changes: dict[int, list[tuple[date, str, str, date | None]]] = defaultdict(list)
    rows = (
        StageChange.objects.filter(project_id__in=list(project_ids), merged_from__isnull=True)
        .order_by("project_id", "happened_on", "recorded_at", "pk")
        .values_list("project_id", "happened_on", "from_stage", "to_stage", "from_since")
    )
    for project_id, day, from_stage, to_stage, from_since in rows:
        changes[project_id].append((day, from_stage, to_stage, from_since))
    return changes


@dataclass
class PipelineRow:
    project: Project
    stage: str
    since: date | None
    days: int | None
    threshold: int | None
    stuck: bool

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


def pipeline_rows(projects: QuerySet[Project], *, on: date) -> list[PipelineRow]:
    """Return each project's stage on ``on``, the days in it and whether it is stuck then
    (longer in it than its zone's settings allow: ``providers.stuck_thresholds``)."""
    projects = projects.select_related("program", "sub_area").order_by("code")
    items = list(projects)
    changes = changes_by_project(p.pk for p in items)
    limits = providers.stuck_thresholds(p.program_id for p in items)
    rows = []
    for project in items:
        stage, since = lifecycle.stage_as_of(
            changes.get(project.pk, []), project.stage, project.stage_since, on
        )
        if stage is None:
            continue  # not yet in any known stage on that day
        threshold = limits[project.program_id].get(stage)
        rows.append(
            PipelineRow(
                project=project,
                stage=stage,
                since=since,
                days=lifecycle.days_in_stage(since, on),
                threshold=threshold,
                stuck=lifecycle.is_stuck(stage, since, on, limits[project.program_id]),
            )
        )
    return rows


@dataclass(frozen=True)
class StageOn:
    """A project's stage on a day, and the furthest life-cycle stage it had entered by then."""

    stage: str
    furthest: str | None  # None when only ``terminated`` is known

    def reached(self, stage: str) -> bool:
        """Return whether the project counts in the funnel step of ``stage`` on that day: it
        entered ``stage`` or a later one (a terminated project up to the stage it had reached),
        or, for ``terminated``, it is terminated then."""
        if stage == Stage.TERMINATED:
            return self.stage == Stage.TERMINATED
        return self.furthest is not None and (
            lifecycle.stage_index(self.furthest) >= lifecycle.stage_index(stage)
        )


def stages_on(projects: Iterable[Project], *, on: date) -> dict[int, StageOn]:
    """Return each project's stage on ``on`` and the furthest it had entered by then, read
    from its own moves (projects not yet in any stage on ``on`` are left out)."""
    items = list(projects)
    changes = changes_by_project(p.pk for p in items)
    found = {}
    for project in items:
        moves = changes.get(project.pk, [])
        stage, _since = lifecycle.stage_as_of(moves, project.stage, project.stage_since, on)
        if stage is None:
            continue
        seen = [stage] + [s for day, a, b, _x in moves if day <= on for s in (a, b)]
        if moves and moves[0][0] > on:
            seen.append(moves[0][1])  # the stage it was in before its first move
        found[project.pk] = StageOn(stage, lifecycle.furthest_stage(seen))
    return found


def signing_dates(projects: Iterable[Project]) -> dict[int, date | None]:
    """Return each project's first signing day (None when unknown).

    The earliest of: its moves into ``signed``; the signing days of its agreements (one per
    ceremony or fair it was signed at); and, for a project at ``signed`` with neither, the day it
    entered that stage. A project beyond ``signed`` with none of these has no known day.
    """
    items = list(projects)
    ids = [p.pk for p in items]
    days: dict[int, list[date]] = defaultdict(list)
    moves = StageChange.objects.filter(project_id__in=ids, to_stage=Stage.SIGNED)
    for project_id, day in moves.values_list("project_id", "happened_on"):
        days[project_id].append(day)
    links = Project.agreements.through.objects.filter(
        project_id__in=ids, agreement__signed_on__isnull=False
    )
    for project_id, day in links.values_list("project_id", "agreement__signed_on"):
        days[project_id].append(day)
    result: dict[int, date | None] = {}
    for project in items:
        found = days.get(project.pk)
        if found:
            result[project.pk] = min(found)
        elif project.stage == Stage.SIGNED and project.stage_since:
            result[project.pk] = project.stage_since
        else:
            result[project.pk] = None
    return result


def stuck_projects(*, on: date, program: Any = None, user: Any = None) -> list[PipelineRow]:
    """Return the projects stuck on ``on`` (longer in their stage than their zone allows)."""
    return [r for r in pipeline_rows(active_projects(user=user, program=program), on=on) if r.stuck]


def overdue_milestones(*, on: date, program: Any = None, user: Any = None) -> QuerySet[Milestone]:
    """Return the milestones past their planned date without an actual date on ``on``."""
    milestones = Milestone.objects.all()
    if user is not None:
        milestones = milestones.restrict(user, Action.VIEW)
    milestones = milestones.filter(
        project__in=active_projects(program=program),
        actual_on__isnull=True,
        planned_on__lt=on,
    ).exclude(status=MilestoneStatus.CANCELLED)
    return milestones.select_related("project", "owner", "project__program").order_by(
        "planned_on", "pk"
    )


# --- possible duplicates ----------------------------------------------------------------------------

#: Titles at least this similar (hezuo.core.lifecycle.title_similarity) flag a possible duplicate.
DUPLICATE_SIMILARITY = 0.8


@dataclass
class DuplicatePair:
    first: Project
    second: Project
    similarity: float
    investors: list[Any]  # the investors they share


def _titles(project: Project) -> tuple[str, str, str]:
    return (project.title_zh_hans, project.title_ja, project.title_en)


def possible_duplicates(
    program: Any, *, threshold: float = DUPLICATE_SIMILARITY, user: Any = None
) -> list[DuplicatePair]:
    """Return pairs of projects that may be the same one, for a person to merge or dismiss.

    A pair shares an investor, has titles at least ``threshold`` similar in some language, and
    lies in the same sub-area (or one of them has none yet: a missing sub-area is no evidence
    that they differ). Pairs a person marked as distinct are left out.
    """
    projects = {
        p.pk: p for p in active_projects(user=user, program=program).select_related("sub_area")
    }
    by_investor: dict[int, list[int]] = defaultdict(list)
    parties = ProjectParty.objects.filter(
        project_id__in=list(projects), role=ProjectPartyRole.INVESTOR
    ).select_related("organisation")
    organisations = {}
    for party in parties.order_by("organisation_id", "project_id"):
        by_investor[party.organisation_id].append(party.project_id)
        organisations[party.organisation_id] = party.organisation
    dismissed = set(
        DuplicateDismissal.objects.filter(first_id__in=list(projects)).values_list(
            "first_id", "second_id"
        )
    )
    shared: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for organisation_id, ids in by_investor.items():
        ids = sorted(set(ids))
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                shared[(a, b)].append(organisations[organisation_id])
    pairs = []
    for (a, b), investors in sorted(shared.items()):
        if (a, b) in dismissed:
            continue
        first, second = projects[a], projects[b]
        if first.sub_area_id and second.sub_area_id and first.sub_area_id != second.sub_area_id:
            continue
        similarity = lifecycle.best_title_similarity(_titles(first), _titles(second))
        if similarity >= threshold:
            pairs.append(DuplicatePair(first, second, round(similarity, 3), investors))
    return pairs
