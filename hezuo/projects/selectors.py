"""Reads about projects: pipeline, alerts, funnel, investment totals, signings, duplicates.

Every figure a page, export or e-mail shows comes from here and carries the rows behind it
(``project_ids``) so the page can link each figure to its list. Reads go through the restricted
query path when a ``user`` is given (``Project.objects.restrict(user)``); the scheduler's commands
read everything (``user=None``) and filter per recipient.

Counting rules:

- a project counts when it is neither archived nor merged into another (:func:`active_projects`);
- a project signed at two events is one project with two agreements: it counts once, signed on
  its first signing (:func:`signing_dates`);
- a figure (investment, capital, output, jobs) of a project is its latest recorded on or before
  the day asked for; an amount is converted to CNY at the rate in force on the day it was
  recorded (:mod:`hezuo.core.money`), and every total lists the rates it used;
- a breakdown by investor country or industry direction counts a project in each group it
  belongs to, so its groups can add up to more than the grand total, which counts it once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.core import lifecycle, money
from hezuo.core.access import Action

from .choices import (
    MONEY_FIGURES,
    FigureKind,
    MilestoneStatus,
    Move,
    ProjectPartyRole,
    Stage,
)
from .models import (
    AftercareVisit,
    DuplicateDismissal,
    Enquiry,
    ExchangeRate,
    Milestone,
    Project,
    ProjectFigure,
    ProjectParty,
    StageChange,
    ZoneSettings,
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


def zone_settings(program: Any) -> ZoneSettings:
    """Return the zone's settings, or the defaults (unsaved) when it has none."""
    return ZoneSettings.objects.filter(program=program).first() or ZoneSettings(program=program)


def _thresholds_by_program(program_ids: Iterable[int]) -> dict[int, dict[str, int | None]]:
    found = {
        s.program_id: s.thresholds()
        for s in ZoneSettings.objects.filter(program__in=set(program_ids))
    }
    return defaultdict(lambda: lifecycle.thresholds(), found)


# --- exchange rates ---------------------------------------------------------------------------------


def _rate(row: ExchangeRate) -> money.Rate:
    return money.Rate(row.currency, row.date, row.rate, row.source)


def rate_table(currencies: Iterable[str], *, until: date | None = None) -> money.RateTable:
    """Return the rates of ``currencies`` (up to ``until``) as a table for dated look-ups."""
    wanted = {c.upper() for c in currencies if c and c.upper() != money.CNY}
    if not wanted:
        return money.RateTable()
    rows = ExchangeRate.objects.filter(currency__in=wanted)
    if until is not None:
        rows = rows.filter(date__lte=until)
    return money.RateTable(
        money.Rate(c, d, r, s)
        for c, d, r, s in rows.values_list("currency", "date", "rate", "source")
    )


def rates_for(spans: dict[str, tuple[date, date]]) -> money.RateTable:
    """Return the rates needed to convert amounts of each currency dated within its span:
    the rates of the span and the last one in force on its first day (not every rate)."""
    rows: list[money.Rate] = []
    for currency, (low, high) in spans.items():
        currency = currency.upper()
        if currency == money.CNY:
            continue
        start = (
            ExchangeRate.objects.filter(currency=currency, date__lte=low)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        ) or low
        found = ExchangeRate.objects.filter(currency=currency, date__gte=start, date__lte=high)
        rows.extend(
            money.Rate(c, d, r, s)
            for c, d, r, s in found.values_list("currency", "date", "rate", "source")
        )
    return money.RateTable(rows)


def to_cny(amount: Decimal, currency: str, on: date) -> money.Conversion:
    """Return ``amount`` of ``currency`` converted to CNY at the rate in force on ``on``.

    The conversion carries the rate, its date and its source (``ecb``, ``official``, or
    ``identity`` for CNY). Raises :class:`hezuo.core.money.NoRate` when no rate is known.
    """
    currency = currency.upper()
    if currency == money.CNY:
        return money.RateTable().convert(amount, currency, on)
    latest = (
        ExchangeRate.objects.filter(currency=currency, date__lte=on)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    rows = ExchangeRate.objects.filter(currency=currency, date=latest) if latest else []
    return money.RateTable(_rate(r) for r in rows).convert(amount, currency, on)


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


def latest_figures(
    project_ids: Iterable[int], *, on: date, kinds: Iterable[str] | None = None
) -> dict[int, dict[str, FigureValue]]:
    """Return, per project and kind, the latest figure recorded on or before ``on`` in CNY."""
    ids = list(project_ids)
    figures = ProjectFigure.objects.filter(project_id__in=ids, recorded_on__lte=on)
    if kinds is not None:
        figures = figures.filter(kind__in=list(kinds))
    latest: dict[tuple[int, str], ProjectFigure] = {}
    for figure in figures.order_by("project_id", "kind", "recorded_on", "pk"):
        latest[(figure.project_id, figure.kind)] = figure
    spans: dict[str, tuple[date, date]] = {}
    for figure in latest.values():
        if figure.kind in MONEY_FIGURES and figure.currency:
            low, high = spans.get(figure.currency, (figure.recorded_on, figure.recorded_on))
            spans[figure.currency] = (min(low, figure.recorded_on), max(high, figure.recorded_on))
    table = rates_for(spans)
    result: dict[int, dict[str, FigureValue]] = defaultdict(dict)
    for (project_id, kind), figure in latest.items():
        conversion, error = None, ""
        if kind in MONEY_FIGURES:
            try:
                conversion = table.convert(figure.amount, figure.currency, figure.recorded_on)
            except money.NoRate as exc:
                error = _("No %(currency)s rate on or before %(date)s.") % {
                    "currency": exc.currency,
                    "date": exc.on.isoformat(),
                }
        result[project_id][kind] = FigureValue(figure, conversion, error)
    return result


# --- stages over time -------------------------------------------------------------------------------


def _changes_by_project(
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


@dataclass
class Pipeline:
    on: date
    rows: list[PipelineRow]
    counts: dict[str, int]
    stuck_counts: dict[str, int]
    project_ids: dict[str, list[int]]

    @property
    def stuck(self) -> list[PipelineRow]:
        return [r for r in self.rows if r.stuck]


def pipeline_rows(projects: QuerySet[Project], *, on: date) -> list[PipelineRow]:
    """Return each project's stage on ``on``, the days in it and whether it is stuck then."""
    projects = projects.select_related("program", "sub_area").order_by("code")
    items = list(projects)
    changes = _changes_by_project(p.pk for p in items)
    limits = _thresholds_by_program(p.program_id for p in items)
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


def filter_projects(
    projects: QuerySet[Project],
    *,
    sub_area: Any = None,
    direction: Any = None,
    country: str | None = None,
    investor: Any = None,
) -> QuerySet[Project]:
    """Return ``projects`` narrowed by sub-area, industry direction, investor country or investor."""
    if sub_area is not None:
        projects = projects.filter(sub_area=sub_area)
    if direction is not None:
        projects = projects.filter(industry_directions=direction)
    if country:
        projects = projects.filter(
            parties__role=ProjectPartyRole.INVESTOR,
            parties__organisation__country=country.upper(),
        )
    if investor is not None:
        projects = projects.filter(
            parties__role=ProjectPartyRole.INVESTOR, parties__organisation=investor
        )
    return projects.distinct()


def pipeline(
    program: Any,
    *,
    on: date,
    user: Any = None,
    sub_area: Any = None,
    direction: Any = None,
    country: str | None = None,
    investor: Any = None,
) -> Pipeline:
    """Return a zone's projects by stage on ``on``, with time in stage and stuck flags."""
    projects = filter_projects(
        active_projects(user=user, program=program),
        sub_area=sub_area,
        direction=direction,
        country=country,
        investor=investor,
    )
    rows = pipeline_rows(projects, on=on)
    counts = {s: 0 for s in Stage.values}
    stuck_counts = {s: 0 for s in Stage.values}
    ids: dict[str, list[int]] = {s: [] for s in Stage.values}
    for row in rows:
        counts[row.stage] += 1
        stuck_counts[row.stage] += int(row.stuck)
        ids[row.stage].append(row.project.pk)
    return Pipeline(on, rows, counts, stuck_counts, ids)


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


def overdue_enquiries(*, on: date, program: Any = None, user: Any = None) -> list[Enquiry]:
    """Return the enquiries unanswered after their deadline on ``on``."""
    enquiries = Enquiry.objects.all()
    if user is not None:
        enquiries = enquiries.restrict(user, Action.VIEW)
    if program is not None:
        enquiries = enquiries.filter(program=program)
    enquiries = enquiries.filter(answered_at__isnull=True).select_related(
        "program", "investor", "officer"
    )
    return [e for e in enquiries.order_by("received_at", "pk") if e.is_overdue(on)]


# --- funnel -----------------------------------------------------------------------------------------


@dataclass
class FunnelStep:
    stage: str
    reached: int  # projects that reached this stage or a later one (terminated ones included)
    current: int  # projects in this stage on the day
    reached_ids: list[int] = field(default_factory=list)
    current_ids: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(Stage(self.stage).label)


def funnel(program: Any, *, on: date, user: Any = None) -> list[FunnelStep]:
    """Return the funnel by stage on ``on``: how many projects reached each stage, and are in it.

    A project's furthest stage is the furthest it entered by ``on`` (a terminated project counts
    up to the stage it reached before); it counts once in every step up to that stage.
    """
    projects = list(active_projects(user=user, program=program))
    changes = _changes_by_project(p.pk for p in projects)
    steps = {s: FunnelStep(s, 0, 0) for s in lifecycle.STAGES}
    terminated = FunnelStep(Stage.TERMINATED.value, 0, 0)
    for project in projects:
        moves = changes.get(project.pk, [])
        stage, _since = lifecycle.stage_as_of(moves, project.stage, project.stage_since, on)
        if stage is None:
            continue
        seen = [stage] + [s for day, a, b, _x in moves if day <= on for s in (a, b)]
        if moves and moves[0][0] > on:
            seen.append(moves[0][1])
        furthest = lifecycle.furthest_stage(seen)
        if furthest is not None:
            for s in lifecycle.STAGES[: lifecycle.stage_index(furthest) + 1]:
                steps[s].reached += 1
                steps[s].reached_ids.append(project.pk)
        step = terminated if stage == Stage.TERMINATED else steps[stage]
        step.current += 1
        step.current_ids.append(project.pk)
        if stage == Stage.TERMINATED:
            terminated.reached += 1
            terminated.reached_ids.append(project.pk)
    return [*steps.values(), terminated]


# --- signings ---------------------------------------------------------------------------------------


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


@dataclass
class QuarterCount:
    quarter: str
    count: int
    project_ids: list[int]


def signings_by_quarter(
    program: Any, *, user: Any = None, until: date | None = None
) -> tuple[list[QuarterCount], list[int]]:
    """Return the number of projects signed in each quarter (each project once, on its first
    signing) from the first quarter with a signing to ``until``'s, and the projects whose
    signing day is unknown."""
    projects = list(active_projects(user=user, program=program))
    days = signing_dates(projects)
    by_quarter: dict[str, list[int]] = defaultdict(list)
    undated = []
    for project in projects:
        day = days[project.pk]
        if day is None:
            if project.stage in lifecycle.STAGES[lifecycle.stage_index(Stage.SIGNED) :]:
                undated.append(project.pk)  # signed, but on a day nobody recorded
            continue
        if until is not None and day > until:
            continue
        by_quarter[lifecycle.quarter_of(day)].append(project.pk)
    if not by_quarter:
        return [], undated
    first = min(by_quarter)
    last = lifecycle.quarter_of(until) if until is not None else max(by_quarter)
    result, year, q = [], int(first[:4]), int(first[-1])
    while f"{year}-Q{q}" <= last:
        key = f"{year}-Q{q}"
        result.append(
            QuarterCount(key, len(by_quarter.get(key, [])), sorted(by_quarter.get(key, [])))
        )
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return result, undated


# --- investment by sub-area, investor country, industry direction -----------------------------------


@dataclass
class InvestmentGroup:
    key: str
    label: str
    contracted: money.Total
    arrived: money.Total
    project_ids: list[int]


@dataclass
class InvestmentBreakdown:
    by: str
    on: date
    groups: list[InvestmentGroup]
    contracted: money.Total  # each project once
    arrived: money.Total
    project_ids: list[int]
    missing_rates: list[str]  # figures that could not be converted (no rate known)

    @property
    def rates(self) -> tuple[money.Rate, ...]:
        return tuple(sorted(set(self.contracted.rates) | set(self.arrived.rates), key=_rate_key))


def _rate_key(rate: money.Rate) -> tuple[str, date, str]:
    return (rate.currency, rate.on, rate.source)


BREAKDOWNS = ("sub_area", "country", "direction")


def _group_keys(project: Project, by: str) -> list[tuple[str, str]]:
    """Return the (key, label) of every group ``project`` belongs to in a breakdown ``by``."""
    from hezuo.base.countries import country_name

    if by == "sub_area":
        if project.sub_area is None:
            return [("", _("no sub-area"))]
        return [(project.sub_area.code, project.sub_area.name)]
    if by == "country":
        countries = sorted(
            {
                p.organisation.country
                for p in project.parties.all()
                if p.role == ProjectPartyRole.INVESTOR and p.organisation.country
            }
        )
        return [(c, country_name(c)) for c in countries] or [("", _("investor unknown"))]
    if by == "direction":
        directions = sorted(project.industry_directions.all(), key=lambda d: d.code)
        return [(d.code, d.name) for d in directions] or [("", _("no industry direction"))]
    raise ValueError(by)


def _investment_projects(projects: QuerySet[Project]) -> list[Project]:
    return list(
        projects.select_related("sub_area")
        .prefetch_related(
            "industry_directions",
            Prefetch("parties", queryset=ProjectParty.objects.select_related("organisation")),
        )
        .order_by("code")
    )


def investment_by(
    program: Any,
    *,
    by: str,
    on: date,
    user: Any = None,
    projects: QuerySet[Project] | None = None,
) -> InvestmentBreakdown:
    """Return contracted and arrived investment in CNY on ``on``, by ``by`` (sub_area, country
    or direction), each group with its projects and the rates used."""
    return investment_breakdowns(program, bys=[by], on=on, user=user, projects=projects)[by]


def investment_breakdowns(
    program: Any,
    *,
    bys: Iterable[str],
    on: date,
    user: Any = None,
    projects: QuerySet[Project] | None = None,
) -> dict[str, InvestmentBreakdown]:
    """Return :func:`investment_by` for each of ``bys``, reading the projects and figures once."""
    bys = list(bys)
    for by in bys:
        if by not in BREAKDOWNS:
            raise ValueError(by)
    if projects is None:
        projects = active_projects(user=user, program=program)
    items = _investment_projects(projects)
    figures = latest_figures(
        [p.pk for p in items],
        on=on,
        kinds=[FigureKind.CONTRACTED_INVESTMENT, FigureKind.ARRIVED_INVESTMENT],
    )
    return {by: _breakdown(items, figures, by=by, on=on) for by in bys}


def _breakdown(
    items: list[Project], figures: dict[int, dict[str, FigureValue]], *, by: str, on: date
) -> InvestmentBreakdown:
    groups: dict[str, dict[str, Any]] = {}
    all_contracted, all_arrived, missing = [], [], []
    for project in items:
        values = figures.get(project.pk, {})
        contracted = values.get(FigureKind.CONTRACTED_INVESTMENT)
        arrived = values.get(FigureKind.ARRIVED_INVESTMENT)
        for value in (contracted, arrived):
            if value is not None and value.error:
                missing.append(f"{project.code}: {value.error}")
        if contracted and contracted.conversion:
            all_contracted.append(contracted.conversion)
        if arrived and arrived.conversion:
            all_arrived.append(arrived.conversion)
        for key, label in _group_keys(project, by):
            group = groups.setdefault(
                key, {"label": label, "contracted": [], "arrived": [], "ids": []}
            )
            group["ids"].append(project.pk)
            if contracted and contracted.conversion:
                group["contracted"].append(contracted.conversion)
            if arrived and arrived.conversion:
                group["arrived"].append(arrived.conversion)
    result = [
        InvestmentGroup(
            key=key,
            label=g["label"],
            contracted=money.total(g["contracted"]),
            arrived=money.total(g["arrived"]),
            project_ids=g["ids"],
        )
        for key, g in sorted(groups.items(), key=lambda item: (item[0] == "", item[0]))
    ]
    return InvestmentBreakdown(
        by=by,
        on=on,
        groups=result,
        contracted=money.total(all_contracted),
        arrived=money.total(all_arrived),
        project_ids=[p.pk for p in items],
        missing_rates=missing,
    )


# --- the ledger (one row per project) ---------------------------------------------------------------


@dataclass
class LedgerRow:
    project: Project
    stage: str
    stage_since: date | None
    signed_on: date | None
    sub_area: str
    investors: list[str]
    investor_countries: list[str]
    directions: list[str]
    figures: dict[str, FigureValue]

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


def ledger_rows(projects: QuerySet[Project], *, on: date) -> list[LedgerRow]:
    """Return one row per project for the ledger export: its stage on ``on`` and since when,
    signing day, figures as recorded by ``on``, sub-area and investors (projects not yet in any
    stage on ``on`` are left out)."""
    items = _investment_projects(projects)
    figures = latest_figures([p.pk for p in items], on=on)
    signed = signing_dates(items)
    changes = _changes_by_project(p.pk for p in items)
    rows = []
    for project in items:
        stage, since = lifecycle.stage_as_of(
            changes.get(project.pk, []), project.stage, project.stage_since, on
        )
        if stage is None:
            continue  # not yet in any known stage on that day
        investors = [
            p.organisation for p in project.parties.all() if p.role == ProjectPartyRole.INVESTOR
        ]
        rows.append(
            LedgerRow(
                project=project,
                stage=stage,
                stage_since=since,
                signed_on=signed[project.pk],
                sub_area=project.sub_area.name if project.sub_area else "",
                investors=[o.name for o in investors],
                investor_countries=sorted({o.country for o in investors if o.country}),
                directions=[d.name for d in project.industry_directions.all()],
                figures=figures.get(project.pk, {}),
            )
        )
    return rows


# --- the quarterly report ---------------------------------------------------------------------------


@dataclass
class ReportLine:
    """One group of the quarterly report (a sub-area, an industry direction, or the zone)."""

    key: str
    label: str
    signed_ids: list[int] = field(default_factory=list)
    moved_ids: list[int] = field(default_factory=list)
    stuck_ids: list[int] = field(default_factory=list)
    contracted: money.Total = field(default_factory=lambda: money.total(()))
    arrived: money.Total = field(default_factory=lambda: money.total(()))


@dataclass
class QuarterlyReport:
    year: int
    quarter: int
    start: date
    end: date
    zone: ReportLine
    by_sub_area: list[ReportLine]
    by_direction: list[ReportLine]
    moves: list[StageChange]
    stuck: list[PipelineRow]
    #: The quarter is not over (its figures will still change): the report says so.
    provisional: bool = False


def quarterly_report(program: Any, *, year: int, quarter: int, user: Any = None) -> QuarterlyReport:
    """Return the quarter's figures: projects signed, moved forward and stuck (at its end),
    investment contracted and arrived (as recorded by its end), for the zone, per sub-area and
    per industry direction."""
    start, end = lifecycle.quarter_bounds(year, quarter)
    projects = active_projects(user=user, program=program)
    items = _investment_projects(projects)
    signed = signing_dates(items)
    signed_ids = {pk for pk, day in signed.items() if day is not None and start <= day <= end}
    moves = list(
        StageChange.objects.filter(
            project__in=projects,
            move=Move.FORWARD,
            happened_on__gte=start,
            happened_on__lte=end,
        )
        .select_related("project")
        .order_by("happened_on", "pk")
    )
    moved_ids = {m.project_id for m in moves}
    stuck = [r for r in pipeline_rows(projects, on=end) if r.stuck]
    stuck_ids = {r.project.pk for r in stuck}
    breakdowns = {
        by: investment_by(program, by=by, on=end, projects=projects)
        for by in ("sub_area", "direction")
    }

    def lines(by: str) -> list[ReportLine]:
        result = []
        for group in breakdowns[by].groups:
            ids = set(group.project_ids)
            result.append(
                ReportLine(
                    key=group.key,
                    label=group.label,
                    signed_ids=sorted(ids & signed_ids),
                    moved_ids=sorted(ids & moved_ids),
                    stuck_ids=sorted(ids & stuck_ids),
                    contracted=group.contracted,
                    arrived=group.arrived,
                )
            )
        return result

    whole = breakdowns["sub_area"]
    zone = ReportLine(
        key="",
        label=str(program),
        signed_ids=sorted(signed_ids),
        moved_ids=sorted(moved_ids),
        stuck_ids=sorted(stuck_ids),
        contracted=whole.contracted,
        arrived=whole.arrived,
    )
    return QuarterlyReport(
        year,
        quarter,
        start,
        end,
        zone,
        lines("sub_area"),
        lines("direction"),
        moves,
        stuck,
        provisional=timezone.localdate() <= end,
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


# --- aftercare --------------------------------------------------------------------------------------


def visits_to(organisation: Any, *, user: Any = None) -> QuerySet[AftercareVisit]:
    """Return every office's visits to a firm, newest first (the shared visit log)."""
    visits = AftercareVisit.objects.all()
    if user is not None:
        visits = visits.restrict(user, Action.VIEW)
    return visits.filter(organisation=organisation).select_related(
        "visiting_office", "project", "lead"
    )


def other_offices_visits(
    organisation: Any, *, office: Any, on: date, within_days: int = 180, user: Any = None
) -> QuerySet[AftercareVisit]:
    """Return the visits other offices paid the firm in the ``within_days`` before ``on`` —
    what an office should know before it plans a visit of its own."""
    return (
        visits_to(organisation, user=user)
        .exclude(visiting_office=office)
        .filter(visited_on__gte=on - timedelta(days=within_days), visited_on__lte=on)
    )


# --- the daily digest -------------------------------------------------------------------------------


@dataclass
class Digest:
    """What one person is told in the day's digest."""

    user: Any
    overdue: list[Milestone] = field(default_factory=list)
    stuck: list[PipelineRow] = field(default_factory=list)
    enquiries: list[Enquiry] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.stuck or self.enquiries)


def organisation_members(organisation: Any) -> list[Any]:
    """Return the active users with a membership of ``organisation``."""
    from django.contrib.auth import get_user_model

    if organisation is None:
        return []
    return list(
        get_user_model()
        .objects.filter(is_active=True, memberships__organisation=organisation)
        .distinct()
        .order_by("username")
    )


def digests(*, on: date) -> tuple[list[Digest], list[str]]:
    """Return the day's digest of each person with something to be told, and what reached no one.

    - an overdue milestone goes to the members of its owner organisation, else of the project's
      responsible office, else to the administrators of the project's program (the zone office
      of a zone, the donor side's collaboration office of a pairing: ``services.ADMIN_ROLES``);
    - a stuck project goes to the members of its responsible office, else to the program's
      administrators;
    - an escalated, still unanswered enquiry goes to the users it was escalated to and its officer.

    A person is only told about projects they may see; an item no member of the organisation may
    see goes to the program's administrators instead.
    """
    from .services import program_admins

    by_user: dict[int, Digest] = {}
    visible_cache: dict[int, set[int]] = {}
    undelivered: list[str] = []

    def visible(user: Any) -> set[int]:
        if user.pk not in visible_cache:
            visible_cache[user.pk] = set(
                Project.objects.restrict(user, Action.VIEW).values_list("pk", flat=True)
            )
        return visible_cache[user.pk]

    def deliver(project: Project, first: Sequence[Any], item: Any, kind: str, label: str) -> None:
        for candidates in (first, program_admins(project.program)):
            readers = [u for u in candidates if project.pk in visible(u)]
            if readers:
                for user in readers:
                    digest = by_user.setdefault(user.pk, Digest(user))
                    getattr(digest, kind).append(item)
                return
        undelivered.append(label)

    for milestone in overdue_milestones(on=on).select_related("project__responsible_organisation"):
        project = milestone.project
        first = organisation_members(milestone.owner) or organisation_members(
            project.responsible_organisation
        )
        deliver(project, first, milestone, "overdue", f"{project.code}: {milestone}")
    for row in stuck_projects(on=on):
        project = row.project
        first = organisation_members(project.responsible_organisation)
        deliver(project, first, row, "stuck", project.code)
    escalated = Enquiry.objects.filter(answered_at__isnull=True, escalated_at__isnull=False)
    for enquiry in escalated.select_related("officer", "program").order_by("received_at", "pk"):
        users = list(enquiry.escalated_to.filter(is_active=True))
        if enquiry.officer is not None and enquiry.officer.is_active:
            users.append(enquiry.officer)
        if not users:
            undelivered.append(str(enquiry))
        for user in {u.pk: u for u in users}.values():
            by_user.setdefault(user.pk, Digest(user)).enquiries.append(enquiry)
    return [d for _pk, d in sorted(by_user.items()) if d], undelivered
