"""Reads of the assistance ledger: the weekly checks and the yearly assessment.

Figures are computed over the whole ledger of a pairing (a donor-side office sees household
figures in aggregate); the rows behind a figure are shown through ``restrict(user)``, so that
personal records reach only those whose role may see them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, IsNull, LessThanOrEqual
from django.utils.translation import gettext as _

from hezuo.base.access import grants
from hezuo.core import assistance as rules
from hezuo.core.access import Scope, scope_for
from hezuo.regions.choices import ProgramKind
from hezuo.regions.models import Program

from .choices import (
    FORMERLY_POOR,
    NEEDS_ASSISTANCE,
    PROFESSIONALS,
    ExchangeKind,
    FundSource,
    Indicator,
    PlaceType,
    ProjectStatus,
)
from .models import (
    AssistanceProject,
    Delivery,
    Disbursement,
    Exchange,
    FundAllocation,
    Household,
    HouseholdMember,
    HouseholdStatusChange,
    Measure,
    MonitoringCase,
    Placement,
    ProcurementLine,
    SocialDonation,
    Target,
)


def pairings_for(*, user: Any) -> QuerySet[Program]:
    """Return the pairings whose ledger figures ``user`` may read (assistance group, view)."""
    pairings = Program.objects.filter(kind=ProgramKind.PAIRING)
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return pairings.none()
    if user.is_superuser:
        return pairings
    ids: set[int] = set()
    for grant in grants(user):
        scope = scope_for(grant.role, "assistance", "view")
        if scope == Scope.ALL:
            return pairings
        if scope == Scope.PROGRAM:
            ids |= grant.programs
    return pairings.filter(pk__in=ids)


# --- weekly checks --------------------------------------------------------------------------------


def status_on(day: Any, household: str = "pk", prefix: str = "", outer_day: Any = None) -> Case:
    """Return an expression: the status the household ``household`` held on ``day``.

    ``day`` is a date or, inside the subqueries, an expression (e.g. ``OuterRef("start_date")``,
    with ``outer_day=F("start_date")`` for the same day in the outer query); ``prefix`` leads
    from the outer row to the household (``"member__household__"``). The status history
    decides: the latest change on or before the day (the later entry of one day); before the
    first change, the first change's status (a register entered late describes the household
    before, too). The household's own status holds from its ``status_since`` when no later
    change is recorded (a status set without a history entry, e.g. by an older import), and
    throughout when it has no history at all.
    """
    outer_day = day if outer_day is None else outer_day
    changes = HouseholdStatusChange.objects.filter(household=OuterRef(household))
    before = changes.filter(since__lte=day).order_by("-since", "-pk")
    latest_since = Subquery(before.values("since")[:1])
    own_since = F(f"{prefix}status_since")
    own_holds = LessThanOrEqual(own_since, outer_day) & (
        IsNull(latest_since, True) | GreaterThanOrEqual(own_since, latest_since)
    )
    return Case(
        When(own_holds, then=F(f"{prefix}status")),
        default=Coalesce(
            Subquery(before.values("status")[:1]),
            Subquery(changes.order_by("since", "pk").values("status")[:1]),
            F(f"{prefix}status"),
            output_field=CharField(),
        ),
        output_field=CharField(),
    )


def needing(
    program: Program, start: date | None = None, end: date | None = None
) -> QuerySet[Household]:
    """Households needing assistance: now, or at any time from ``start`` to ``end``."""
    households = Household.objects.filter(program=program)
    if start is None or end is None:
        return households.filter(status__in=NEEDS_ASSISTANCE)
    entered = HouseholdStatusChange.objects.filter(
        household=OuterRef("pk"), since__gt=start, since__lte=end, status__in=NEEDS_ASSISTANCE
    )
    return households.alias(status_at_start=status_on(start)).filter(
        Q(status_at_start__in=NEEDS_ASSISTANCE)
        | Exists(entered)
        | Q(status__in=NEEDS_ASSISTANCE, status_since__gt=start, status_since__lte=end)
    )


def missed_households(program: Program, start: date, end: date) -> QuerySet[Household]:
    """Households that needed assistance at some time from ``start`` to ``end`` (by their
    status history) with no measure dated in that period (不漏一户)."""
    measured = Measure.objects.filter(
        household__program=program, date__gte=start, date__lte=end
    ).values("household")
    return needing(program, start, end).exclude(pk__in=measured).select_related("village")


@dataclass
class DuplicateReport:
    same_id: list[HouseholdMember]
    two_households: list[HouseholdMember]
    no_head: list[Household]
    two_heads: list[Household]

    @property
    def counts(self) -> dict[str, int]:
        return {
            "same_id": len({m.id_number for m in self.same_id}),
            "two_households": len({m.id_number for m in self.two_households}),
            "no_head": len(self.no_head),
            "two_heads": len(self.two_heads),
        }


def duplicates(program: Program) -> DuplicateReport:
    """The register's duplicates: IDs held twice, people in two households, heads."""
    members = list(
        HouseholdMember.objects.filter(household__program=program).values_list(
            "pk", "household_id", "id_number", "relation"
        )
    )
    households = list(
        Household.objects.filter(program=program).order_by("number").values_list("pk", flat=True)
    )
    found = rules.duplicates(
        (rules.MemberRow(pk, h, number, relation) for pk, h, number, relation in members),
        households,
    )
    same_ids = [pk for pks in found.same_id.values() for pk in pks]
    moving = set(found.two_households)
    two_homes = [pk for pk, _h, number, _r in members if number in moving]
    member_rows = HouseholdMember.objects.select_related("household").order_by(
        "id_number", "household__number"
    )
    household_rows = Household.objects.select_related("village").order_by("number")
    return DuplicateReport(
        same_id=list(member_rows.filter(pk__in=same_ids)),
        two_households=list(member_rows.filter(pk__in=two_homes)),
        no_head=list(household_rows.filter(pk__in=found.no_head)),
        two_heads=list(household_rows.filter(pk__in=found.two_heads)),
    )


@dataclass(frozen=True)
class MoneyRow:
    label: str
    limit: Decimal
    used: Decimal
    obj: Any
    #: (project, source) of a fund overrun; (agreement, product) of a delivery overrun
    key: Any = None

    @property
    def excess(self) -> Decimal:
        return self.used - self.limit


def fund_overruns(program: Program) -> list[MoneyRow]:
    """Projects and sources whose disbursements exceed what was allocated."""
    allocated = {
        (row["project"], row["source"]): row["total"]
        for row in FundAllocation.objects.filter(project__program=program)
        .values("project", "source")
        .annotate(total=Sum("amount"))
    }
    disbursed = {
        (row["allocation__project"], row["allocation__source"]): row["total"]
        for row in Disbursement.objects.filter(allocation__project__program=program)
        .values("allocation__project", "allocation__source")
        .annotate(total=Sum("amount"))
    }
    found = rules.overruns(allocated, disbursed)
    projects = AssistanceProject.objects.in_bulk([o.key[0] for o in found])  # type: ignore[index]
    labels = dict(FundSource.choices)
    return [
        MoneyRow(
            f"{projects[o.key[0]].code} · {labels[o.key[1]]}",  # type: ignore[index]
            o.limit,
            o.used,
            projects[o.key[0]],  # type: ignore[index]
            o.key,
        )
        for o in found
    ]


def delivery_overruns(program: Program) -> list[MoneyRow]:
    """Agreements and products delivered beyond the agreed (or amended) quantity."""
    limits: dict[Any, Decimal] = {}
    lines = {}
    for line in ProcurementLine.objects.filter(agreement__program=program).select_related(
        "agreement", "product"
    ):
        limits[(line.agreement_id, line.product_id)] = line.limit
        lines[(line.agreement_id, line.product_id)] = line
    used = {
        (row["agreement"], row["product"]): row["total"]
        for row in Delivery.objects.filter(agreement__program=program)
        .values("agreement", "product")
        .annotate(total=Sum("quantity"))
    }
    found = rules.overruns(limits, used)
    out = []
    for o in found:
        line = lines.get(o.key)
        if line is None:
            delivery = (
                Delivery.objects.filter(agreement_id=o.key[0], product_id=o.key[1])  # type: ignore[index]
                .select_related("agreement", "product")
                .first()
            )
            label = f"{delivery.agreement} · {delivery.product}" if delivery else str(o.key)
            out.append(MoneyRow(label, o.limit, o.used, delivery, o.key))
        else:
            out.append(MoneyRow(f"{line.agreement} · {line.product}", o.limit, o.used, line, o.key))
    return out


def deliveries_without_amount(program: Program) -> QuerySet[Delivery]:
    """Deliveries of a quantity recorded at 0 yuan (a line without a price, or entered before
    the amount was computed): they understate the consumption sales of the assessment."""
    return (
        Delivery.objects.filter(agreement__program=program, quantity__gt=0, amount=0)
        .select_related("agreement", "product")
        .order_by("delivered_on", "pk")
    )


# --- assessment -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """A weekly check that flags ``count`` of the rows behind a figure."""

    check: str  # "missed", "duplicates" or "money": the name of its page (check_<name>)
    label: str
    count: int
    url: str

    @property
    def text(self) -> str:
        return _(
            "%(count)s of the rows behind this figure are flagged by the weekly check “%(check)s”."
        ) % {
            "count": self.count,
            "check": self.label,
        }


@dataclass
class Figure:
    indicator: str
    label: str
    value: Decimal
    target: Decimal | None
    rows: QuerySet[Any] | None = None
    breakdown: list[tuple[str, Decimal]] = field(default_factory=list)
    #: per line of ``breakdown``: the lookups that narrow ``rows`` to that line
    lookups: list[dict[str, Any]] = field(default_factory=list)
    #: the weekly checks that flag rows behind this figure (see ``flag_figures``)
    flags: list[Flag] = field(default_factory=list)

    @property
    def parts(self) -> list[tuple[int, str, Decimal, bool]]:
        """The breakdown with, per line, its index and whether its rows can be opened."""
        return [
            (i, label, value, self.rows is not None and i < len(self.lookups))
            for i, (label, value) in enumerate(self.breakdown)
        ]

    def part_rows(self, index: int) -> QuerySet[Any] | None:
        """The rows behind line ``index`` of the breakdown (None: no such line)."""
        if self.rows is None or not 0 <= index < len(self.lookups):
            return None
        return self.rows.filter(**self.lookups[index]).distinct()

    @property
    def share(self) -> Decimal | None:
        return rules.share(self.value, self.target) if self.target is not None else None

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.value >= self.target


def _sum(queryset: QuerySet[Any], name: str) -> Decimal:
    return Decimal(queryset.aggregate(total=Sum(name))["total"] or 0)


class Breakdown(list[tuple[str, Decimal]]):
    """Lines of a figure's breakdown, each with the lookups that select its rows."""

    def __init__(self) -> None:
        super().__init__()
        self.lookups: list[dict[str, Any]] = []

    def line(self, label: str, value: Any, **lookups: Any) -> None:
        self.append((label, Decimal(value or 0)))
        self.lookups.append(lookups)


def _by(queryset: QuerySet[Any], key: str, name: str, labels: Callable[[Any], str]) -> Breakdown:
    out = Breakdown()
    for row in queryset.values(key).annotate(total=Sum(name)).order_by(key):
        out.line(labels(row[key]), row["total"], **{key: row[key]})
    return out


def assessment(program: Program, year: int, today: date) -> list[Figure]:
    """Return every indicator of ``year`` for ``program``, each beside its target."""
    from hezuo.directory.models import Organisation
    from hezuo.events.choices import AgreementPartyRole
    from hezuo.regions.models import Region

    targets = dict(
        Target.objects.filter(agreement__program=program, agreement__year=year).values_list(
            "indicator", "value"
        )
    )
    labels = dict(Indicator.choices)
    figures: list[Figure] = []

    def add(indicator: str, value: Any, rows: Any, breakdown: Any = ()) -> None:
        figures.append(
            Figure(
                indicator,
                str(labels[indicator]),
                Decimal(value),
                targets.get(indicator),
                rows,
                list(breakdown),
                list(getattr(breakdown, "lookups", [])),
            )
        )

    regions = dict(
        Region.objects.filter(level="county", code__startswith="52").values_list(
            "pk", "name_zh_hans"
        )
    )

    def county(pk: Any) -> str:
        return regions.get(pk) or str(pk)

    fiscal = FundAllocation.objects.filter(
        project__program=program, source=FundSource.FISCAL, year=year
    )
    add(
        Indicator.FISCAL_ALLOCATED,
        _sum(fiscal, "amount"),
        fiscal,
        _by(fiscal, "project__county", "amount", county),
    )
    paid = Disbursement.objects.filter(
        allocation__project__program=program,
        allocation__source=FundSource.FISCAL,
        paid_on__year=year,
    )
    add(
        Indicator.FISCAL_DISBURSED,
        _sum(paid, "amount"),
        paid,
        _by(paid, "allocation__project__county", "amount", county),
    )
    donations = SocialDonation.objects.filter(program=program, received_on__year=year)
    add(Indicator.DONATIONS, _sum(donations, "amount"), donations)
    exchanges = Exchange.objects.filter(program=program, start_date__year=year)
    officials = exchanges.filter(kind=ExchangeKind.OFFICIAL)
    professionals = exchanges.filter(kind__in=PROFESSIONALS)
    add(Indicator.OFFICIALS_EXCHANGED, _sum(officials, "people"), officials)
    add(
        Indicator.PROFESSIONALS_EXCHANGED,
        _sum(professionals, "people"),
        professionals,
        _by(professionals, "kind", "people", lambda k: str(ExchangeKind(k).label)),
    )
    projects = AssistanceProject.objects.filter(program=program).exclude(
        status=ProjectStatus.CANCELLED
    )
    started = projects.filter(start_date__year=year)
    completed = projects.filter(status=ProjectStatus.COMPLETED, end_date__year=year)
    parks = completed.filter(builds_industrial_park=True)
    add(Indicator.PROJECTS_STARTED, started.count(), started)
    add(Indicator.PROJECTS_COMPLETED, completed.count(), completed)
    add(Indicator.PARKS_BUILT, parks.count(), parks)
    invested = Disbursement.objects.filter(
        allocation__project__program=program,
        allocation__source=FundSource.ENTERPRISE,
        paid_on__year=year,
    )
    investors = Organisation.objects.filter(
        pk__in=invested.exclude(allocation__project__investor=None).values(
            "allocation__project__investor"
        )
    )
    add(Indicator.ENTERPRISES_INVESTING, investors.count(), investors)
    add(Indicator.ENTERPRISE_INVESTMENT, _sum(invested, "amount"), invested)

    placements = Placement.objects.filter(job__program=program, start_date__year=year)
    people = placements.values("member").distinct().count()
    by_place = Breakdown()
    for value, label in PlaceType.choices:
        found = placements.filter(job__place_type=value).values("member").distinct().count()
        by_place.line(str(label), found, job__place_type=value)
    add(Indicator.PEOPLE_EMPLOYED, people, placements, by_place)
    # the household's status when the person started the job, from its status history
    poor = placements.alias(
        household_status=status_on(
            OuterRef("start_date"),
            "member__household",
            "member__household__",
            outer_day=F("start_date"),
        )
    ).filter(household_status__in=FORMERLY_POOR)
    add(Indicator.PEOPLE_EMPLOYED_POOR, poor.values("member").distinct().count(), poor)
    kept = [
        p.pk
        for p in placements.only("pk", "start_date", "end_date")
        if rules.retained(p.start_date, p.end_date, 6, today)
    ]
    retained = placements.filter(pk__in=kept)
    add(Indicator.RETAINED_6_MONTHS, retained.values("member").distinct().count(), retained)

    sales = Delivery.objects.filter(agreement__program=program, delivered_on__year=year)
    buyers: dict[str, Decimal] = defaultdict(Decimal)
    for name, total in (
        sales.filter(agreement__parties__role=AgreementPartyRole.BUYER)
        .values_list("agreement__parties__organisation__name_zh_hans")
        .annotate(total=Sum("amount"))
    ):
        buyers[name] += total
    by_buyer_and_product = Breakdown()
    for name, total in sorted(buyers.items()):
        by_buyer_and_product.line(
            _("buyer: %(name)s") % {"name": name},
            total,
            agreement__parties__role=AgreementPartyRole.BUYER,
            agreement__parties__organisation__name_zh_hans=name,
        )
    products = _by(
        sales, "product__name_zh_hans", "amount", lambda n: _("product: %(name)s") % {"name": n}
    )
    by_buyer_and_product.extend(products)
    by_buyer_and_product.lookups.extend(products.lookups)
    add(Indicator.CONSUMPTION_SALES, _sum(sales, "amount"), sales, by_buyer_and_product)
    start, end = date(year, 1, 1), date(year, 12, 31)
    measured = Measure.objects.filter(
        household__program=program, date__gte=start, date__lte=end
    ).values("household")
    assisted = Household.objects.filter(program=program, pk__in=measured)
    add(Indicator.HOUSEHOLDS_ASSISTED, assisted.count(), assisted)
    missed = missed_households(program, start, min(end, today))
    add(Indicator.HOUSEHOLDS_MISSED, missed.count(), missed)
    cases = MonitoringCase.objects.filter(household__program=program, first_lead_on__year=year)
    add(Indicator.CASES_OPENED, cases.count(), cases)
    in_time = [
        c.pk
        for c in cases.only("pk", "first_lead_on", "county_decision_on")
        if c.county_decision_on
        and not rules.is_overdue(c.first_lead_on, c.county_decision_on, today)
    ]
    decided = cases.filter(pk__in=in_time)
    add(Indicator.CASES_IN_TIME, decided.count(), decided)
    flag_figures(figures, program, start, min(end, today))
    return figures


def _check_filters(program: Program, start: date, end: date) -> dict[str, dict[type, Q]]:
    """Per weekly check, per model of the rows behind a figure: the rows the check flags."""
    missed = missed_households(program, start, end).values("pk")
    report = duplicates(program)
    members = {p.pk for p in report.same_id + report.two_households}
    households = {h.pk for h in report.no_head + report.two_heads}
    households |= {p.household_id for p in report.same_id + report.two_households}
    fund_keys = Q(pk__in=[])
    paid_keys = Q(pk__in=[])
    for row in fund_overruns(program):
        project, source = row.key
        fund_keys |= Q(project=project, source=source)
        paid_keys |= Q(allocation__project=project, allocation__source=source)
    delivery_keys = Q(pk__in=deliveries_without_amount(program).values("pk"))
    for row in delivery_overruns(program):
        agreement, product = row.key
        delivery_keys |= Q(agreement=agreement, product=product)
    return {
        "missed": {Household: Q(pk__in=missed)},
        "duplicates": {
            Household: Q(pk__in=households),
            Placement: Q(member__in=members) | Q(member__household__in=households),
        },
        "money": {
            FundAllocation: fund_keys,
            Disbursement: paid_keys,
            Delivery: delivery_keys,
        },
    }


def flag_figures(figures: list[Figure], program: Program, start: date, end: date) -> None:
    """Mark each figure whose rows the weekly checks (missed households from ``start`` to
    ``end``, duplicates, money) flag, with a link to the check."""
    from django.urls import reverse

    labels = {
        "missed": _("No household missed"),
        "duplicates": _("No duplicates"),
        "money": _("Money adds up"),
    }
    query = {
        "missed": f"?program={program.pk}&start={start.isoformat()}&end={end.isoformat()}",
        "duplicates": f"?program={program.pk}",
        "money": f"?program={program.pk}",
    }
    checks = _check_filters(program, start, end)
    for figure in figures:
        if figure.rows is None:
            continue
        for check, by_model in checks.items():
            flagged = by_model.get(figure.rows.model)
            if flagged is None:
                continue
            count = figure.rows.filter(flagged).values("pk").distinct().count()
            if count:
                url = reverse(f"assistance:check_{check}") + query[check]
                figure.flags.append(Flag(check, str(labels[check]), count, url))


def overdue_cases(program: Program | None, today: date) -> QuerySet[MonitoringCase]:
    """Open cases past their 15-day deadline, or decided after it."""
    from datetime import timedelta

    cases = MonitoringCase.objects.all()
    if program is not None:
        cases = cases.filter(household__program=program)
    limit = today - timedelta(days=rules.DECISION_DAYS)
    return cases.filter(
        Q(county_decision_on__isnull=True, first_lead_on__lt=limit)
        | Q(county_decision_on__gt=_plus_days("first_lead_on"))
    )


def _plus_days(name: str) -> Any:
    from datetime import timedelta

    from django.db.models import DateField, ExpressionWrapper, F

    return ExpressionWrapper(
        F(name) + timedelta(days=rules.DECISION_DAYS), output_field=DateField()
    )


def household_counts(program: Program) -> dict[str, int]:
    """Households of a pairing by status (an aggregate any reader of the ledger may see)."""
    rows = Household.objects.filter(program=program).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}
