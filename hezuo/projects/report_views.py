"""The zone dashboard, the project ledger export and the quarterly zone report.

Every figure comes from :mod:`hezuo.projects.selectors`, read as the user may see it
(``user=request.user``), and every figure links to the list of the projects behind it
(``projects:project_list?ids=…``). Amounts in CNY are shown with the rates they used.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from hezuo.base.export import download
from hezuo.base.params import int_param, year_param
from hezuo.core import lifecycle, money
from hezuo.regions.choices import ProgramKind
from hezuo.regions.models import Program

from . import exports, selectors
from .choices import Stage

# --- helpers ---------------------------------------------------------------------------------------


def zones(user: Any) -> QuerySet[Program]:
    """Return the cooperation zones ``user`` may see."""
    return (
        Program.objects.restrict(user)
        .filter(kind=ProgramKind.ZONE)
        .select_related("region", "parent")
        .order_by("parent_id", "code")
    )


def zone_or_404(user: Any, code: str) -> Program:
    return get_object_or_404(zones(user), code=code)


def day_asked(request: HttpRequest) -> tuple[date, bool]:
    """Return the day of ``?on=YYYY-MM-DD`` (today when absent) and whether it was understood."""
    today = timezone.localdate()
    raw = request.GET.get("on", "").strip()
    if not raw:
        return today, True
    try:
        return date.fromisoformat(raw), True
    except ValueError:
        return today, False


def list_url(ids: Iterable[int]) -> str:
    """Return the project list holding exactly ``ids`` ('' when there are none)."""
    ids = sorted(set(ids))
    if not ids:
        return ""
    return reverse("projects:project_list") + "?" + urlencode({"ids": ",".join(map(str, ids))})


def pipeline_url(code: str) -> str:
    """Return the zone's pipeline page, or '' while it does not exist."""
    try:
        return reverse("projects:pipeline", kwargs={"code": code})
    except NoReverseMatch:
        return ""


def optional_url(name: str, **kwargs: Any) -> str:
    """Return the URL of ``name``, or '' while that page does not exist (built by another module)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def millions(amount: Decimal) -> float:
    """Return a CNY amount in millions, for charts."""
    return float(round(amount / Decimal(1_000_000), 2))


def current_quarter(day: date | None = None) -> tuple[int, int]:
    day = day or timezone.localdate()
    return day.year, (day.month - 1) // 3 + 1


def shift_quarter(year: int, quarter: int, by: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + by
    return index // 4, index % 4 + 1


@dataclass
class CurrencyRates:
    """The rates of one currency that went into a total, summarised for display."""

    currency: str
    rates: list[money.Rate]

    @property
    def first(self) -> money.Rate:
        return self.rates[0]

    @property
    def last(self) -> money.Rate:
        return self.rates[-1]

    @property
    def low(self) -> Decimal:
        return min(r.rate for r in self.rates)

    @property
    def high(self) -> Decimal:
        return max(r.rate for r in self.rates)

    @property
    def labelled(self) -> list[tuple[money.Rate, str]]:
        return [(r, exports.rate_source_label(r.source)) for r in self.rates]

    @property
    def sources(self) -> list[str]:
        return sorted({exports.rate_source_label(r.source) for r in self.rates})


def rates_by_currency(rates: Iterable[money.Rate]) -> list[CurrencyRates]:
    grouped: dict[str, list[money.Rate]] = defaultdict(list)
    for rate in sorted(set(rates), key=lambda r: (r.currency, r.on, r.source)):
        grouped[rate.currency].append(rate)
    return [CurrencyRates(c, r) for c, r in sorted(grouped.items())]


@dataclass
class Figure:
    """A number shown on a page, with the projects behind it and the list that shows them."""

    value: Any
    ids: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        return list_url(self.ids)


@dataclass
class Amount:
    """A CNY total as a page shows it: in millions, with the exact sum and the rates it used."""

    total: money.Total

    @property
    def cny(self) -> Decimal:
        return self.total.amount_cny

    @property
    def millions(self) -> float:
        return millions(self.total.amount_cny)

    @property
    def count(self) -> int:
        return self.total.count

    @property
    def rates(self) -> list[CurrencyRates]:
        return rates_by_currency(self.total.rates)


def dataset(label: str, values: Sequence[Any], urls: Sequence[str], color: str) -> dict[str, Any]:
    return {"label": label, "data": list(values), "urls": list(urls), "color": color}


STAGE_COLORS = {
    "lead": "#adb5bd",
    "negotiating": "#6c757d",
    "signed": "#0d6efd",
    "registered": "#6610f2",
    "construction": "#fd7e14",
    "production": "#20c997",
    "capacity": "#198754",
    "expansion": "#0a3622",
    "terminated": "#dc3545",
}
CONTRACTED_COLOR = "#0b5394"
ARRIVED_COLOR = "#e69138"


# --- the zones -------------------------------------------------------------------------------------


def zone_list(request: HttpRequest) -> HttpResponse:
    """The cooperation zones, each with its pipeline, dashboard, report and ledger."""
    user = request.user
    visible = selectors.active_projects(user=user)
    counts = dict(
        visible.values_list("program").annotate(n=Count("pk")).values_list("program", "n")
    )
    by_stage: dict[int, dict[str, int]] = defaultdict(dict)
    for program_id, stage, n in (
        visible.values_list("program", "stage")
        .annotate(n=Count("pk"))
        .values_list("program", "stage", "n")
    ):
        by_stage[program_id][stage] = n
    year, quarter = current_quarter()
    rows = []
    all_zones = list(zones(user))
    frameworks = {z.parent_id for z in all_zones if z.parent_id}
    for zone in all_zones:
        if zone.pk in frameworks:
            continue  # a national batch of zones: shown as the heading of its zones
        stages = by_stage.get(zone.pk, {})
        rows.append(
            {
                "zone": zone,
                "count": counts.get(zone.pk, 0),
                "stages": [
                    (s, Stage(s).label, stages[s], STAGE_COLORS[s])
                    for s in Stage.values
                    if stages.get(s)
                ],
                "pipeline_url": pipeline_url(zone.code),
                "report_url": reverse(
                    "projects:quarterly_report",
                    kwargs={"code": zone.code, "year": year, "quarter": quarter},
                ),
            }
        )
    rows.sort(key=lambda r: (-r["count"], r["zone"].code))
    return render(
        request,
        "projects/reports/zone_list.html",
        {
            "active": [r for r in rows if r["count"]],
            "quiet": [r for r in rows if not r["count"]],
            "frameworks": [z for z in all_zones if z.pk in frameworks],
            "year": year,
            "quarter": quarter,
        },
    )


# --- the dashboard ---------------------------------------------------------------------------------

BREAKDOWN_TITLES = {
    "sub_area": lambda: _("Investment by sub-area"),
    "country": lambda: _("Investment by investor country"),
    "direction": lambda: _("Investment by industry direction"),
}


def dashboard_context(zone: Program, *, on: date, user: Any) -> dict[str, Any]:
    """Return every figure of the zone dashboard on ``on``, each with the projects behind it."""
    steps = selectors.funnel(zone, on=on, user=user)
    funnel_rows: list[dict[str, Any]] = [
        {
            "stage": s.stage,
            "label": s.label,
            "reached": Figure(s.reached, s.reached_ids),
            "current": Figure(s.current, s.current_ids),
            "color": STAGE_COLORS[s.stage],
        }
        for s in steps
    ]
    quarters, undated = selectors.signings_by_quarter(zone, user=user, until=on)
    signings = [{"quarter": q.quarter, "figure": Figure(q.count, q.project_ids)} for q in quarters]
    breakdowns = []
    all_rates: list[money.Rate] = []
    missing: list[str] = []
    for by, breakdown in selectors.investment_breakdowns(
        zone, bys=selectors.BREAKDOWNS, on=on, user=user
    ).items():
        all_rates += breakdown.rates
        if not missing:
            missing = breakdown.missing_rates  # the same figures in every breakdown
        groups: list[dict[str, Any]] = [
            {
                "key": g.key,
                "label": g.label,
                "projects": Figure(len(g.project_ids), g.project_ids),
                "contracted": Amount(g.contracted),
                "arrived": Amount(g.arrived),
                "share": (
                    round(g.arrived.amount_cny * 100 / g.contracted.amount_cny)
                    if g.contracted.amount_cny
                    else None
                ),
            }
            for g in breakdown.groups
        ]
        chart = {
            "type": "bar",
            "horizontal": True,
            "labels": [g["label"] for g in groups],
            "unit": _("million CNY"),
            "datasets": [
                dataset(
                    _("contracted"),
                    [g["contracted"].millions for g in groups],
                    [g["projects"].url for g in groups],
                    CONTRACTED_COLOR,
                ),
                dataset(
                    _("arrived"),
                    [g["arrived"].millions for g in groups],
                    [g["projects"].url for g in groups],
                    ARRIVED_COLOR,
                ),
            ],
        }
        breakdowns.append(
            {
                "by": by,
                "title": BREAKDOWN_TITLES[by](),
                "groups": groups,
                "total": breakdown,
                "contracted": Amount(breakdown.contracted),
                "arrived": Amount(breakdown.arrived),
                "total_projects": Figure(len(breakdown.project_ids), breakdown.project_ids),
                "rates": rates_by_currency(breakdown.rates),
                "chart": chart,
                "chart_id": f"investment-{by}-data",
                "overlapping": by != "sub_area",
            }
        )
    whole = breakdowns[0]["total"]
    in_life_cycle = [r for r in funnel_rows if r["stage"] != Stage.TERMINATED]
    signed_step = next(r for r in funnel_rows if r["stage"] == Stage.SIGNED)
    producing_ids = sorted(
        {
            pk
            for r in funnel_rows
            if r["stage"] in (Stage.PRODUCTION, Stage.CAPACITY, Stage.EXPANSION)
            for pk in r["current"].ids
        }
    )
    all_ids = sorted({pk for r in funnel_rows for pk in r["current"].ids})
    return {
        "zone": zone,
        "on": on,
        "funnel": funnel_rows,
        "funnel_chart": {
            "type": "bar",
            "horizontal": True,
            "labels": [str(r["label"]) for r in funnel_rows],
            "unit": _("projects"),
            "datasets": [
                dataset(
                    _("reached this stage"),
                    [r["reached"].value for r in funnel_rows],
                    [r["reached"].url for r in funnel_rows],
                    "#9fc5e8",
                ),
                dataset(
                    _("in this stage now"),
                    [r["current"].value for r in funnel_rows],
                    [r["current"].url for r in funnel_rows],
                    CONTRACTED_COLOR,
                ),
            ],
        },
        "signings": signings,
        "signings_undated": Figure(len(undated), undated),
        "signings_chart": {
            "type": "bar",
            "horizontal": False,
            "labels": [s["quarter"] for s in signings],
            "unit": _("projects"),
            "datasets": [
                dataset(
                    _("projects signed"),
                    [s["figure"].value for s in signings],
                    [s["figure"].url for s in signings],
                    CONTRACTED_COLOR,
                )
            ],
        },
        "signings_total": Figure(
            sum(s["figure"].value for s in signings),
            [pk for s in signings for pk in s["figure"].ids],
        ),
        "breakdowns": breakdowns,
        "kpis": {
            "projects": Figure(len(all_ids), all_ids),
            "signed": signed_step["reached"],
            "producing": Figure(len(producing_ids), producing_ids),
            "contracted": Amount(whole.contracted),
            "arrived": Amount(whole.arrived),
            "arrived_share": (
                round(whole.arrived.amount_cny * 100 / whole.contracted.amount_cny)
                if whole.contracted.amount_cny
                else None
            ),
            "investment_projects": Figure(len(whole.project_ids), whole.project_ids),
        },
        "in_life_cycle": in_life_cycle,
        "rates": rates_by_currency(all_rates),
        "missing": missing,
    }


def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """The zone dashboard: funnel, investment by sub-area, country and direction, signings."""
    zone = zone_or_404(request.user, code)
    on, understood = day_asked(request)
    context = dashboard_context(zone, on=on, user=request.user)
    year, quarter = current_quarter(on)
    context.update(
        {
            "day_understood": understood,
            "zones": zones(request.user),
            "pipeline_url": pipeline_url(zone.code),
            "report_url": reverse(
                "projects:quarterly_report",
                kwargs={"code": zone.code, "year": year, "quarter": quarter},
            ),
            "ledger_url": reverse("projects:ledger_export", kwargs={"code": zone.code})
            + "?"
            + urlencode({"on": on.isoformat()}),
            "today": timezone.localdate(),
            "rates_url": optional_url("projects:rate_list"),
        }
    )
    return render(request, "projects/reports/dashboard.html", context)


# --- the ledger ------------------------------------------------------------------------------------


def xlsx_response(body: bytes, filename: str) -> HttpResponse:
    return download(body, filename, exports.XLSX)


def ledger_export(request: HttpRequest, code: str) -> HttpResponse:
    """The project ledger (.xlsx): one row per project the user may see, figures as of ``?on=``."""
    from hezuo.accounts.audit import record

    zone = zone_or_404(request.user, code)
    on, _understood = day_asked(request)
    projects = selectors.active_projects(user=request.user, program=zone)
    rows = selectors.ledger_rows(projects, on=on)
    body = exports.ledger_workbook(rows, program=zone, on=on, user=request.user)
    record(
        "export",
        request=request,
        object_type="projects.project",
        ids=[r.project.pk for r in rows],
        detail={
            "format": "xlsx",
            "rows": len(rows),
            "report": "ledger",
            "zone": zone.code,
            "on": on.isoformat(),
        },
    )
    return xlsx_response(body, f"ledger-{zone.code}-{on.isoformat()}.xlsx")


# --- the quarterly report --------------------------------------------------------------------------


#: The longest-stuck projects the report's page lists (the workbook lists every one).
STUCK_SHOWN = 25


def report_context(zone: Program, report: selectors.QuarterlyReport) -> dict[str, Any]:
    def line(item: selectors.ReportLine) -> dict[str, Any]:
        return {
            "key": item.key,
            "label": item.label,
            "signed": Figure(len(item.signed_ids), item.signed_ids),
            "moved": Figure(len(item.moved_ids), item.moved_ids),
            "stuck": Figure(len(item.stuck_ids), item.stuck_ids),
            "contracted": Amount(item.contracted),
            "arrived": Amount(item.arrived),
        }

    rates = list(report.zone.contracted.rates) + list(report.zone.arrived.rates)
    moves_by_stage: dict[str, list[int]] = defaultdict(list)
    for move in report.moves:
        moves_by_stage[move.to_stage].append(move.project_id)
    stuck_by_stage: dict[str, list[int]] = defaultdict(list)
    for row in report.stuck:
        stuck_by_stage[row.stage].append(row.project.pk)
    longest = sorted(report.stuck, key=lambda r: (-(r.days or 0), r.project.code))
    return {
        "zone": zone,
        "report": report,
        "stuck_shown": longest[:STUCK_SHOWN],
        "stuck_by_stage": [
            {"stage": s, "label": Stage(s).label, "figure": Figure(len(ids), ids)}
            for s, ids in sorted(
                stuck_by_stage.items(), key=lambda item: Stage.values.index(item[0])
            )
        ],
        "whole": line(report.zone),
        "by_sub_area": [line(x) for x in report.by_sub_area],
        "by_direction": [line(x) for x in report.by_direction],
        "moves_by_stage": [
            {"stage": s, "label": Stage(s).label, "figure": Figure(len(ids), ids)}
            for s, ids in sorted(
                moves_by_stage.items(), key=lambda item: lifecycle.stage_index(item[0])
            )
        ],
        "rates": rates_by_currency(rates),
    }


def quarterly_report(request: HttpRequest, code: str, year: int, quarter: int) -> HttpResponse:
    """The quarterly zone report, as a page that prints to PDF or (``?export=xlsx``) a workbook."""
    zone = zone_or_404(request.user, code)
    if quarter not in (1, 2, 3, 4) or not 1990 <= year <= 2100:
        raise Http404(_("No such quarter."))
    report = selectors.quarterly_report(zone, year=year, quarter=quarter, user=request.user)
    if request.GET.get("export") == "xlsx":
        from hezuo.accounts.audit import record

        body = exports.report_workbook(report, program=zone, user=request.user)
        record(
            "export",
            request=request,
            object_type="projects.project",
            ids=sorted(
                set(report.zone.signed_ids)
                | set(report.zone.moved_ids)
                | set(report.zone.stuck_ids)
            ),
            detail={
                "format": "xlsx",
                "report": "quarterly",
                "zone": zone.code,
                "quarter": f"{year}-Q{quarter}",
            },
        )
        return xlsx_response(body, f"report-{zone.code}-{year}-Q{quarter}.xlsx")
    context = report_context(zone, report)
    this_year, this_quarter = current_quarter()

    def url(y: int, q: int) -> str:
        return reverse(
            "projects:quarterly_report", kwargs={"code": zone.code, "year": y, "quarter": q}
        )

    previous, following = shift_quarter(year, quarter, -1), shift_quarter(year, quarter, 1)
    context.update(
        {
            "zones": zones(request.user),
            "previous_url": url(*previous),
            "previous": previous,
            "next_url": url(*following) if following <= (this_year, this_quarter) else "",
            "next": following,
            "years": list(range(this_year, 2017, -1)),
            "quarters": [1, 2, 3, 4],
            "xlsx_url": url(year, quarter) + "?export=xlsx",
            "dashboard_url": reverse("projects:dashboard", kwargs={"code": zone.code})
            + "?"
            + urlencode({"on": report.end.isoformat()}),
            "ledger_url": reverse("projects:ledger_export", kwargs={"code": zone.code})
            + "?"
            + urlencode({"on": report.end.isoformat()}),
            "pipeline_url": pipeline_url(zone.code),
            "made_at": timezone.localtime(),
        }
    )
    return render(request, "projects/reports/quarterly_report.html", context)


def choose_report(request: HttpRequest, code: str) -> HttpResponse:
    """Open the report of ``?year=&quarter=`` (the current quarter when not given)."""
    zone = zone_or_404(request.user, code)
    year, quarter = current_quarter()
    year = year_param(request.GET, default=year)
    quarter = int_param(request.GET, "quarter", default=quarter, min_value=1, max_value=4)
    return redirect("projects:quarterly_report", code=zone.code, year=year, quarter=quarter)


# Class-based, as every page of the app: the URL checks (tests/web, tests/access) read each
# pattern's view_class.


class ZoneListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return zone_list(request)


class DashboardView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        return dashboard(request, code)


class LedgerExportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        return ledger_export(request, code)


class ChooseReportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        return choose_report(request, code)


class QuarterlyReportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, code: str, year: int, quarter: int) -> HttpResponse:
        return quarterly_report(request, code, year, quarter)


urlpatterns: list[URLPattern] = [
    path("zones/", ZoneListView.as_view(), name="zone_list"),
    path("zones/<slug:code>/dashboard/", DashboardView.as_view(), name="dashboard"),
    path("zones/<slug:code>/ledger.xlsx", LedgerExportView.as_view(), name="ledger_export"),
    path("zones/<slug:code>/reports/", ChooseReportView.as_view(), name="quarterly_reports"),
    path(
        "zones/<slug:code>/reports/<int:year>/<int:quarter>/",
        QuarterlyReportView.as_view(),
        name="quarterly_report",
    ),
]
