"""The zone's reports: pipeline, funnel, signings, investment, ledger, quarterly report, digest.

Every figure carries the projects behind it (``project_ids``) so a page can link each figure to
the list of those projects. Every read takes the reader as a required keyword ``user`` and goes
through the restricted query path; the scheduler's digest reads as
:data:`hezuo.base.services.SYSTEM` and filters per recipient.

Counting rules (the rest are in :mod:`hezuo.projects.selectors`):

- a project signed at two events is one project with two agreements: it counts once, signed on
  its first signing (:func:`signing_dates`);
- a breakdown by investor country or industry direction counts a project in each group it
  belongs to, so its groups can add up to more than the grand total, which counts it once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.accounts.selectors import program_admins
from hezuo.base.services import SYSTEM
from hezuo.core import lifecycle, money
from hezuo.core.access import Action
from hezuo.projects.choices import FigureKind, Move, ProjectPartyRole, Stage
from hezuo.projects.models import Milestone, Project, ProjectParty, StageChange
from hezuo.projects.selectors import (
    FigureValue,
    PipelineRow,
    active_projects,
    changes_by_project,
    latest_figures,
    overdue_milestones,
    pipeline_rows,
    signing_dates,
    stages_on,
    stuck_projects,
)
from hezuo.zonedesk.models import Enquiry

# --- the pipeline -----------------------------------------------------------------------------------


@dataclass
class Pipeline:
    """A zone's projects by their stage on a day, with the counts and the stuck ones."""

    on: date
    rows: list[PipelineRow]
    counts: dict[str, int]
    stuck_counts: dict[str, int]
    project_ids: dict[str, list[int]]

    @property
    def stuck(self) -> list[PipelineRow]:
        return [r for r in self.rows if r.stuck]


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
    user: Any,
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


def funnel(program: Any, *, on: date, user: Any) -> list[FunnelStep]:
    """Return the funnel by stage on ``on``: how many projects reached each stage, and are in it.

    A project's furthest stage is the furthest it entered by ``on`` (a terminated project counts
    up to the stage it reached before); it counts once in every step up to that stage
    (:meth:`hezuo.projects.selectors.StageOn.reached`, which the project list's filter reads too).
    """
    found = stages_on(active_projects(user=user, program=program), on=on)
    steps = [FunnelStep(s, 0, 0) for s in lifecycle.ALL_STAGES]
    for pk, state in sorted(found.items()):
        for step in steps:
            if state.reached(step.stage):
                step.reached += 1
                step.reached_ids.append(pk)
            if state.stage == step.stage:
                step.current += 1
                step.current_ids.append(pk)
    return steps


# --- signings ---------------------------------------------------------------------------------------


@dataclass
class QuarterCount:
    quarter: str
    count: int
    project_ids: list[int]


def signings_by_quarter(
    program: Any, *, user: Any, until: date | None = None
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


def group_keys(project: Project, by: str) -> list[tuple[str, str]]:
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
    user: Any,
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
    user: Any,
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
        for key, label in group_keys(project, by):
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
    changes = changes_by_project(p.pk for p in items)
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


def quarterly_report(program: Any, *, year: int, quarter: int, user: Any) -> QuarterlyReport:
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
        by: investment_by(program, by=by, on=end, user=user, projects=projects)
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
      of a zone, the donor side's collaboration office of a pairing: ``accounts.selectors.ADMIN_ROLES``);
    - a stuck project goes to the members of its responsible office, else to the program's
      administrators;
    - an escalated, still unanswered enquiry goes to the users it was escalated to and its officer.

    A person is only told about projects they may see; an item no member of the organisation may
    see goes to the program's administrators instead.
    """
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

    for milestone in overdue_milestones(on=on, user=SYSTEM).select_related(
        "project__responsible_organisation"
    ):
        project = milestone.project
        first = organisation_members(milestone.owner) or organisation_members(
            project.responsible_organisation
        )
        deliver(project, first, milestone, "overdue", f"{project.code}: {milestone}")
    for row in stuck_projects(on=on, user=SYSTEM):
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
