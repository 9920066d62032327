"""Eligibility rules in the database: the facts of projects, and rules compiled to one query.

:func:`subjects` gathers, for many projects at once, the facts :mod:`hezuo.core.eligibility`
judges (investors' kinds and countries, industry classes, sub-area, stage, latest figures, the
day the project registered, its agreements' kinds). :func:`compile_rule` turns the same rule
into a ``Q`` over projects (with the annotations it needs, :func:`annotate`), so that "who
qualifies for this policy" is one query.

Amounts are compared in CNY at the rate in force on the day of the judgement (``on``), in both
the Python evaluation and the query, so that the two agree; figures are the latest recorded on or
before that day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from hezuo.core import eligibility, money
from hezuo.core.eligibility import FIELDS, STAGES, Amount, Subject
from hezuo.core.industry import industry_ancestors, load_industry_table
from hezuo.projects.choices import MONEY_FIGURES, FigureKind, ProjectPartyRole, Stage
from hezuo.projects.models import Project, ProjectFigure, ProjectParty, StageChange
from hezuo.zonedesk.selectors import rate_table

#: rule field → the figure kind it reads.
FIGURE_OF = {
    "contracted_investment": FigureKind.CONTRACTED_INVESTMENT,
    "arrived_investment": FigureKind.ARRIVED_INVESTMENT,
    "registered_capital": FigureKind.REGISTERED_CAPITAL,
    "jobs_created": FigureKind.JOBS,
}


class Rates:
    """The rates in force on one day, for thresholds and figures alike."""

    def __init__(self, on: date, currencies: Iterable[str] = ()) -> None:
        self.on = on
        self.table = rate_table(currencies, until=on)

    def cny(self, amount: Decimal, currency: str) -> Decimal | None:
        try:
            return self.table.convert(amount, currency, self.on).amount_cny
        except money.NoRate:
            return None

    def rate(self, currency: str) -> Decimal | None:
        try:
            return self.table.rate_for(currency, self.on).rate
        except money.NoRate:
            return None


def rule_currencies(rule: Any) -> set[str]:
    return {
        str(c.get("currency", "CNY")).upper()
        for c in eligibility.conditions(rule)
        if FIELDS.get(str(c.get("field"))) == eligibility.MONEY
    }


def _section_of(code: str) -> list[str]:
    """Return the GB/T 4754 section letter above ``code`` (so that a rule's "C" finds 3841)."""
    try:
        chain = industry_ancestors(code)
    except ValueError:
        return []
    return chain[:1]


def _prefixes(values: list[str]) -> list[str]:
    """Return the code prefixes a rule's industry values stand for: a section letter stands for
    itself and its divisions (whose codes do not start with the letter)."""
    found: list[str] = []
    for value in values:
        found.append(value)
        if value.isalpha():
            found.extend(e.code for e in load_industry_table() if e.parent == value)
    return found


# --- facts of projects ----------------------------------------------------------------------------


def _registered_on(
    changes: list[tuple[date, str, str]], project: Project, day: date
) -> date | None:
    """Return the day the project first moved to ``registered`` (on or before ``day``); for a
    project entered at ``registered`` without any move, the day it has been there since."""
    for happened_on, _from, to in changes:
        if to == Stage.REGISTERED and happened_on <= day:
            return happened_on
    if project.stage == Stage.REGISTERED and not changes:
        return project.stage_since
    return None


def _stage_on(changes: list[tuple[date, str, str]], project: Project, day: date) -> str:
    """Return the project's stage on ``day`` from its moves (its current stage without any)."""
    stage = changes[0][1] if changes else project.stage
    for happened_on, _from, to in changes:
        if happened_on <= day:
            stage = to
    return stage


def subjects(
    projects: Iterable[Project], *, on: date, as_of: date | None = None
) -> dict[int, Subject]:
    """Return the facts of ``projects`` as judged on ``on``; with ``as_of``, the facts as they
    stood on that earlier day (stage and figures then), still converted at ``on``'s rates."""
    projects = list(projects)
    ids = [p.pk for p in projects]
    day = as_of or on
    investors: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for project_id, kind, country in ProjectParty.objects.filter(
        project_id__in=ids, role=ProjectPartyRole.INVESTOR
    ).values_list("project_id", "organisation__kind", "organisation__country"):
        investors[project_id].append((kind, country))
    classes: dict[int, set[str]] = defaultdict(set)
    through = Project.industry_classes.through
    for project_id, code in through.objects.filter(project_id__in=ids).values_list(
        "project_id", "industryclass__code"
    ):
        classes[project_id].add(code)
        classes[project_id].update(_section_of(code))
    agreements: dict[int, set[str]] = defaultdict(set)
    for project_id, kind in Project.agreements.through.objects.filter(
        project_id__in=ids
    ).values_list("project_id", "agreement__kind"):
        agreements[project_id].add(kind)
    changes: dict[int, list[tuple[date, str, str]]] = defaultdict(list)
    for project_id, happened_on, from_stage, to_stage in (
        StageChange.objects.filter(project_id__in=ids)
        .order_by("happened_on", "recorded_at", "pk")
        .values_list("project_id", "happened_on", "from_stage", "to_stage")
    ):
        changes[project_id].append((happened_on, from_stage, to_stage))
    latest: dict[tuple[int, str], tuple[Decimal, str]] = {}
    for project_id, kind, amount, currency in (
        ProjectFigure.objects.filter(project_id__in=ids, recorded_on__lte=day)
        .order_by("project_id", "kind", "recorded_on", "pk")
        .values_list("project_id", "kind", "amount", "currency")
    ):
        latest[(project_id, kind)] = (amount, currency)
    rates = Rates(on, {c for _a, c in latest.values() if c})

    result: dict[int, Subject] = {}
    for project in projects:
        pk = project.pk
        amounts: dict[str, Amount | None] = {}
        for name, kind in FIGURE_OF.items():
            if kind not in MONEY_FIGURES:
                continue
            found = latest.get((pk, kind))
            amounts[name] = (
                Amount(found[0], found[1], rates.cny(found[0], found[1])) if found else None
            )
        jobs = latest.get((pk, FigureKind.JOBS))
        stage = _stage_on(changes[pk], project, day) if as_of else project.stage
        result[pk] = Subject(
            on=on,
            organisation_kinds=frozenset(k for k, _c in investors[pk]),
            investor_countries=frozenset(c for _k, c in investors[pk]),
            industry_classes=frozenset(classes[pk]),
            sub_area=project.sub_area.code if project.sub_area_id else None,
            stage=stage,
            contracted_investment=amounts["contracted_investment"],
            arrived_investment=amounts["arrived_investment"],
            registered_capital=amounts["registered_capital"],
            jobs_created=jobs[0] if jobs else None,
            registered_on=_registered_on(changes[pk], project, day),
            agreement_kinds=frozenset(agreements[pk]),
        )
    return result


# --- rules as queries -----------------------------------------------------------------------------


def annotate(queryset: QuerySet[Project], rule: Any, *, on: date) -> QuerySet[Project]:
    """Return ``queryset`` with the day of registration annotated when ``rule`` uses it (figures
    are read and judged inside their own subquery, :func:`_latest_figure_meets`)."""
    used = eligibility.fields_used(rule)
    annotations: dict[str, Any] = {}
    if "years_since_registration" in used:
        first = (
            StageChange.objects.filter(project=OuterRef("pk"), to_stage=Stage.REGISTERED)
            .order_by("happened_on", "recorded_at", "pk")
            .values("happened_on")[:1]
        )
        annotations["_elig_registered_on"] = Coalesce(
            Subquery(first, output_field=DateField()),
            Case(
                When(stage=Stage.REGISTERED, then="stage_since"),
                default=Value(None),
                output_field=DateField(),
            ),
        )
    return queryset.annotate(**annotations) if annotations else queryset


def _latest_figure_meets(kind: str, condition: Q, on: date) -> Q:
    """Return the Q of the projects whose latest figure of ``kind`` (on or before ``on``) meets
    ``condition``: one correlated subquery that judges the figure where it is read (a project
    without such a figure does not meet it, and ``not`` of it does)."""
    latest = ProjectFigure.objects.filter(
        project=OuterRef("pk"), kind=kind, recorded_on__lte=on
    ).order_by("-recorded_on", "-pk")
    judged = latest.annotate(
        _meets=Case(When(condition, then=Value(True)), default=Value(False))
    ).values("_meets")[:1]
    return Q(Coalesce(Subquery(judged, output_field=BooleanField()), Value(False)))


def _years_back(on: date, years: int) -> date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def _exists_party(condition: Q) -> Exists:
    return Exists(
        ProjectParty.objects.filter(
            condition, project=OuterRef("pk"), role=ProjectPartyRole.INVESTOR
        )
    )


#: The largest amount a figure holds (18 digits, 2 after the point).
LARGEST_AMOUNT = Decimal("9999999999999999.99")
_ROUNDING = {"gte": ROUND_CEILING, "lt": ROUND_CEILING, "gt": ROUND_FLOOR, "lte": ROUND_FLOOR}


def _fen(value: Decimal, op: str) -> Decimal:
    """Return a threshold as a figure column holds it: to the fen, rounded the way that keeps
    the comparison exact for amounts kept to the fen, and within the column's range."""
    value = max(-LARGEST_AMOUNT, min(LARGEST_AMOUNT, value))
    return value.quantize(Decimal("0.01"), rounding=_ROUNDING.get(op, ROUND_HALF_UP))


def _compare_q(column: str, op: str, value: Decimal) -> Q:
    value = _fen(value, op)
    present = Q(**{f"{column}__isnull": False})
    if op == "eq":
        return present & Q(**{column: value})
    if op == "ne":
        return present & ~Q(**{column: value})
    return present & Q(**{f"{column}__{op}": value})


def _condition_q(node: Mapping[str, Any], rates: Rates) -> Q:
    name, op = str(node["field"]), str(node["op"])
    value: Any = node.get("value")
    kind = FIELDS[name]
    if name in ("organisation_kind", "investor_country"):
        column = "organisation__kind" if name == "organisation_kind" else "organisation__country"
        if op == "exists":
            return Q(_exists_party(Q()))
        values = [value] if op == "eq" else value
        hit = _exists_party(Q(**{f"{column}__in": values}))
        return Q(hit) if op != "not_in" else ~Q(hit)
    if name == "agreement_kind":
        through = Project.agreements.through.objects.filter(project=OuterRef("pk"))
        if op == "exists":
            return Q(Exists(through if value is None else through.filter(agreement__kind=value)))
        values = [value] if op == "eq" else value
        hit = Exists(through.filter(agreement__kind__in=values))
        return Q(hit) if op != "not_in" else ~Q(hit)
    if name == "industry_class":
        through = Project.industry_classes.through.objects.filter(project=OuterRef("pk"))
        prefixes = _prefixes(
            [value] if op == "exists" and value else [] if op == "exists" else value
        )
        if not prefixes:
            return Q(Exists(through))
        starts = reduce(or_, (Q(industryclass__code__startswith=p) for p in prefixes))
        hit = Exists(through.filter(starts))
        return Q(hit) if op != "not_in" else ~Q(hit)
    if name == "sub_area":
        if op == "exists":
            return Q(sub_area__isnull=False)
        if op == "eq":
            return Q(sub_area__code=value)
        if op == "in":
            return Q(sub_area__code__in=value)
        listed = [value] if op == "ne" else value
        return Q(sub_area__isnull=True) | ~Q(sub_area__code__in=listed)
    if kind == eligibility.STAGE:
        if op == "eq":
            return Q(stage=value)
        if op == "ne":
            return ~Q(stage=value)
        if op == "in":
            return Q(stage__in=value)
        if op == "not_in":
            return ~Q(stage__in=value)
        index = STAGES.index(value)
        return Q(stage__in=STAGES[index:] if op == "gte" else STAGES[: index + 1])
    if kind == eligibility.MONEY:
        limit = eligibility.threshold_cny(node, rates.cny)
        if limit is None:
            return Q(pk__in=[])
        parts = [Q(currency="CNY") & _compare_q("amount", op, limit)]
        for currency in rates.table._rates:  # every currency with a rate on or before ``on``
            rate = rates.rate(currency)
            if rate:
                parts.append(Q(currency=currency) & _compare_q("amount", op, limit / rate))
        return _latest_figure_meets(FIGURE_OF[name], reduce(or_, parts), rates.on)
    if kind == eligibility.NUMBER:
        compare = _compare_q("amount", op, Decimal(str(value)))
        return _latest_figure_meets(FIGURE_OF[name], compare, rates.on)
    # years since registration: whole years ≥ n ⇔ registered on or before ``on`` less n years
    years = int(Decimal(str(value)))
    column = "_elig_registered_on"
    present = Q(**{f"{column}__isnull": False})
    at_least = present & Q(**{f"{column}__lte": _years_back(rates.on, years)})  # ≥ years
    more = present & Q(**{f"{column}__lte": _years_back(rates.on, years + 1)})  # ≥ years + 1
    table = {
        "gte": at_least,
        "gt": more,
        "lt": present & ~at_least,
        "lte": present & ~more,
        "eq": at_least & ~more,
        "ne": present & (~at_least | more),
    }
    return table[op]


def compile_rule(rule: Any, rates: Rates) -> Q:
    """Return the ``Q`` of the projects (annotated by :func:`annotate`) that meet a valid rule."""
    if "all" in rule:
        parts = [compile_rule(part, rates) for part in rule["all"]]
        return reduce(and_, parts) if parts else Q()
    if "any" in rule:
        return reduce(or_, (compile_rule(part, rates) for part in rule["any"]))
    if "not" in rule:
        return ~compile_rule(rule["not"], rates)
    return _condition_q(rule, rates)


def qualifying(queryset: QuerySet[Project], rule: Any, *, on: date) -> QuerySet[Project]:
    """Return the projects of ``queryset`` that meet ``rule`` on ``on`` (one query)."""
    used = {FIGURE_OF[f] for f in eligibility.fields_used(rule) if f in FIGURE_OF}
    money_kinds = [k for k in used if k in MONEY_FIGURES]
    currencies = set(rule_currencies(rule))
    if money_kinds:  # the currencies figures are kept in: each gets its threshold in the query
        currencies |= set(
            ProjectFigure.objects.filter(kind__in=money_kinds)
            .order_by()
            .values_list("currency", flat=True)
            .distinct()
        )
    rates = Rates(on, currencies)
    condition = compile_rule(rule, rates)
    return annotate(queryset, rule, on=on).filter(condition)


@contextmanager
def without_jit() -> Iterator[None]:
    """Run the enclosed queries in one transaction without PostgreSQL's JIT compilation.

    "Who qualifies" is one query with a correlated subquery per figure compared; PostgreSQL
    judges it costly enough to compile it with JIT, which took 1.3 s of its 2.0 s over 100,000
    projects (bench/policies/results.md) and is then thrown away. Other databases: no-op.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def day_before(day: date) -> date:
    return day - timedelta(days=1)
