"""The zone's report pages: the zones, the pipeline, the dashboard, the ledger and the quarterly report.

Every figure comes from :mod:`hezuo.reports.selectors`, read as the user may see it
(``user=request.user``), and every figure links to the project list by the filter that picks
the projects behind it ("reached ``signed`` by that day", "signed in 2024-Q2"), which the list
names in its caption. Amounts in CNY are shown with the rates they used.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from hezuo.base.countries import country_name
from hezuo.base.date_widgets import IsoDateInput
from hezuo.base.export import export_file
from hezuo.base.params import int_param, year_param
from hezuo.core import lifecycle, money
from hezuo.core.access import Action
from hezuo.directory.models import Organisation
from hezuo.projects.choices import ProjectPartyRole, Stage
from hezuo.projects.models import Project, ProjectParty
from hezuo.regions.choices import ProgramKind
from hezuo.regions.models import IndustryDirection, Program, SubArea
from hezuo.zonedesk.selectors import zone_settings

from . import exports, selectors

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


#: A query of the project list (``ProjectFilterSet``): filter name → value or values.
Query = dict[str, Any]


def list_url(query: Query) -> str:
    """Return the project list filtered by ``query``."""
    return reverse("projects:project_list") + "?" + urlencode(query, doseq=True)


def pipeline_url(code: str) -> str:
    return reverse("reports:pipeline", kwargs={"code": code})


def group_query(zone: Program, by: str, key: str) -> Query:
    """Return the filters of the projects of one group of a breakdown ``by`` (sub-area,
    investor country or industry direction), as ``selectors.group_keys`` groups them."""
    if by == "sub_area":
        if not key:
            return {"no_sub_area": "true"}
        return {"sub_area": SubArea.objects.get(program=zone, code=key).pk}
    if by == "country":
        return {"investor_country": key} if key else {"no_investor_country": "true"}
    if by == "direction":
        if not key:
            return {"no_direction": "true"}
        return {"industry_directions": IndustryDirection.objects.get(code=key).pk}
    raise ValueError(by)


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
    """A number shown on a page, with the projects behind it and the project list's filters
    that list exactly them (no link when there are none)."""

    value: Any
    ids: list[int] = field(default_factory=list)
    query: Query = field(default_factory=dict)

    @property
    def url(self) -> str:
        return list_url(self.query) if self.ids else ""


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
                    "reports:quarterly_report",
                    kwargs={"code": zone.code, "year": year, "quarter": quarter},
                ),
            }
        )
    rows.sort(key=lambda r: (-r["count"], r["zone"].code))
    return render(
        request,
        "reports/zone_list.html",
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


PRODUCING = [Stage.PRODUCTION, Stage.CAPACITY, Stage.EXPANSION]


def share(part: Decimal, whole: Decimal) -> int | None:
    """Return ``part`` in per cent of ``whole`` (None when the whole is nothing)."""
    return round(part * 100 / whole) if whole else None


def funnel_context(zone: Program, *, on: date, user: Any) -> dict[str, Any]:
    """Return the funnel's rows and chart: per stage, the projects that reached it by ``on``
    and those in it then, each opening the list "reached stage S" / "in stage S" on ``on``."""
    day_query: Query = {"program": zone.pk, "on": on.isoformat()}
    rows: list[dict[str, Any]] = [
        {
            "stage": s.stage,
            "label": s.label,
            "reached": Figure(s.reached, s.reached_ids, {**day_query, "reached": s.stage}),
            "current": Figure(s.current, s.current_ids, {**day_query, "stage_on": [s.stage]}),
            "color": STAGE_COLORS[s.stage],
        }
        for s in selectors.funnel(zone, on=on, user=user)
    ]
    chart = {
        "type": "bar",
        "horizontal": True,
        "labels": [str(r["label"]) for r in rows],
        "unit": _("projects"),
        "datasets": [
            dataset(
                _("reached this stage"),
                [r["reached"].value for r in rows],
                [r["reached"].url for r in rows],
                "#9fc5e8",
            ),
            dataset(
                _("in this stage now"),
                [r["current"].value for r in rows],
                [r["current"].url for r in rows],
                CONTRACTED_COLOR,
            ),
        ],
    }
    return {
        "funnel": rows,
        "funnel_chart": chart,
        "in_life_cycle": [r for r in rows if r["stage"] != Stage.TERMINATED],
    }


def signings_context(zone: Program, *, on: date, user: Any) -> dict[str, Any]:
    """Return the projects signed per quarter up to ``on`` (each opening "signed in quarter
    Q"), their total and those signed on a day nobody recorded."""
    zone_query: Query = {"program": zone.pk}
    quarters, undated = selectors.signings_by_quarter(zone, user=user, until=on)
    last_quarter = lifecycle.quarter_of(on)
    signings = [
        {
            "quarter": q.quarter,
            "figure": Figure(
                q.count,
                q.project_ids,
                # the quarter of the day asked counts the signings up to that day only
                {**zone_query, "signed_in": q.quarter}
                | ({"signed_by": on.isoformat()} if q.quarter == last_quarter else {}),
            ),
        }
        for q in quarters
    ]
    chart = {
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
    }
    return {
        "signings": signings,
        "signings_undated": Figure(
            len(undated), undated, {**zone_query, "signing_day_unknown": "true"}
        ),
        "signings_chart": chart,
        "signings_total": Figure(
            sum(s["figure"].value for s in signings),
            [pk for s in signings for pk in s["figure"].ids],
            {**zone_query, "signed_by": on.isoformat()},
        ),
    }


def breakdown_context(zone: Program, breakdown: selectors.InvestmentBreakdown) -> dict[str, Any]:
    """Return one investment breakdown's groups and chart, each group opening the list of its
    projects (its sub-area, investor country or industry direction)."""
    by = breakdown.by
    groups: list[dict[str, Any]] = [
        {
            "key": g.key,
            "label": g.label,
            "projects": Figure(
                len(g.project_ids),
                g.project_ids,
                {"program": zone.pk, **group_query(zone, by, g.key)},
            ),
            "contracted": Amount(g.contracted),
            "arrived": Amount(g.arrived),
            "share": share(g.arrived.amount_cny, g.contracted.amount_cny),
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
    return {
        "by": by,
        "title": BREAKDOWN_TITLES[by](),
        "groups": groups,
        "total": breakdown,
        "contracted": Amount(breakdown.contracted),
        "arrived": Amount(breakdown.arrived),
        "total_projects": Figure(
            len(breakdown.project_ids), breakdown.project_ids, {"program": zone.pk}
        ),
        "rates": rates_by_currency(breakdown.rates),
        "chart": chart,
        "chart_id": f"investment-{by}-data",
        "overlapping": by != "sub_area",
    }


def kpis_context(
    zone: Program,
    funnel_rows: list[dict[str, Any]],
    whole: selectors.InvestmentBreakdown,
    *,
    on: date,
) -> dict[str, Any]:
    """Return the headline figures: projects in the life cycle on ``on``, signed, producing,
    and the investment contracted and arrived."""
    day_query: Query = {"program": zone.pk, "on": on.isoformat()}
    current = {r["stage"]: r["current"].ids for r in funnel_rows}
    all_ids = sorted({pk for ids in current.values() for pk in ids})
    producing_ids = sorted({pk for stage in PRODUCING for pk in current[stage]})
    return {
        "projects": Figure(len(all_ids), all_ids, day_query),
        "signed": next(r for r in funnel_rows if r["stage"] == Stage.SIGNED)["reached"],
        "producing": Figure(
            len(producing_ids), producing_ids, {**day_query, "stage_on": PRODUCING}
        ),
        "contracted": Amount(whole.contracted),
        "arrived": Amount(whole.arrived),
        "arrived_share": share(whole.arrived.amount_cny, whole.contracted.amount_cny),
        "investment_projects": Figure(
            len(whole.project_ids), whole.project_ids, {"program": zone.pk}
        ),
    }


def dashboard_context(zone: Program, *, on: date, user: Any) -> dict[str, Any]:
    """Return every figure of the zone dashboard on ``on``, each with the projects behind it
    and the project list's filters that list exactly them."""
    context: dict[str, Any] = {"zone": zone, "on": on}
    context |= funnel_context(zone, on=on, user=user)
    context |= signings_context(zone, on=on, user=user)
    found = selectors.investment_breakdowns(zone, bys=selectors.BREAKDOWNS, on=on, user=user)
    breakdowns = [breakdown_context(zone, b) for b in found.values()]
    whole = breakdowns[0]["total"]
    all_rates = [rate for b in found.values() for rate in b.rates]
    return context | {
        "breakdowns": breakdowns,
        "kpis": kpis_context(zone, context["funnel"], whole, on=on),
        "rates": rates_by_currency(all_rates),
        # the same figures miss a rate in every breakdown
        "missing": whole.missing_rates,
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
                "reports:quarterly_report",
                kwargs={"code": zone.code, "year": year, "quarter": quarter},
            ),
            "ledger_url": reverse("reports:ledger_export", kwargs={"code": zone.code})
            + "?"
            + urlencode({"on": on.isoformat()}),
            "today": timezone.localdate(),
            "rates_url": reverse("zonedesk:rate_list"),
        }
    )
    return render(request, "reports/dashboard.html", context)


# --- the ledger ------------------------------------------------------------------------------------


def ledger_export(request: HttpRequest, code: str) -> HttpResponse:
    """The project ledger (.xlsx): one row per project the user may see, figures as of ``?on=``."""
    zone = zone_or_404(request.user, code)
    on, _understood = day_asked(request)
    projects = selectors.active_projects(user=request.user, program=zone)
    rows = selectors.ledger_rows(projects, on=on)
    body = exports.ledger_workbook(rows, program=zone, on=on, user=request.user)
    return export_file(
        request,
        body,
        filename=f"ledger-{zone.code}-{on.isoformat()}.xlsx",
        object_type="projects.project",
        ids=[r.project.pk for r in rows],
        detail={"rows": len(rows), "report": "ledger", "zone": zone.code, "on": on.isoformat()},
    )


# --- the quarterly report --------------------------------------------------------------------------


#: The longest-stuck projects the report's page lists (the workbook lists every one).
STUCK_SHOWN = 25


def report_context(zone: Program, report: selectors.QuarterlyReport) -> dict[str, Any]:
    """Return the quarterly report's figures, each with the projects behind it and the project
    list's filters that list them (signed or moved forward in the quarter, stuck at its end)."""
    quarter = f"{report.year}-Q{report.quarter}"
    zone_query: Query = {"program": zone.pk}
    stuck_query: Query = {**zone_query, "stuck": "true", "on": report.end.isoformat()}

    def line(item: selectors.ReportLine, query: Query) -> dict[str, Any]:
        return {
            "key": item.key,
            "label": item.label,
            "signed": Figure(
                len(item.signed_ids), item.signed_ids, {**query, "signed_in": quarter}
            ),
            "moved": Figure(len(item.moved_ids), item.moved_ids, {**query, "moved_in": quarter}),
            "stuck": Figure(
                len(item.stuck_ids),
                item.stuck_ids,
                {**query, "stuck": "true", "on": report.end.isoformat()},
            ),
            "contracted": Amount(item.contracted),
            "arrived": Amount(item.arrived),
        }

    def lines(items: list[selectors.ReportLine], by: str) -> list[dict[str, Any]]:
        return [line(x, {**zone_query, **group_query(zone, by, x.key)}) for x in items]

    rates = list(report.zone.contracted.rates) + list(report.zone.arrived.rates)
    # the projects moved forward into each stage (one project moved twice into it counts once)
    moves_by_stage: dict[str, set[int]] = defaultdict(set)
    for move in report.moves:
        moves_by_stage[move.to_stage].add(move.project_id)
    stuck_by_stage: dict[str, list[int]] = defaultdict(list)
    for row in report.stuck:
        stuck_by_stage[row.stage].append(row.project.pk)
    longest = sorted(report.stuck, key=lambda r: (-(r.days or 0), r.project.code))
    return {
        "zone": zone,
        "report": report,
        "stuck_shown": longest[:STUCK_SHOWN],
        "stuck_by_stage": [
            {
                "stage": s,
                "label": Stage(s).label,
                "figure": Figure(len(ids), ids, {**stuck_query, "stage_on": [s]}),
            }
            for s, ids in sorted(
                stuck_by_stage.items(), key=lambda item: Stage.values.index(item[0])
            )
        ],
        "whole": line(report.zone, zone_query),
        "by_sub_area": lines(report.by_sub_area, "sub_area"),
        "by_direction": lines(report.by_direction, "direction"),
        "moves_by_stage": [
            {
                "stage": s,
                "label": Stage(s).label,
                "figure": Figure(
                    len(ids), sorted(ids), {**zone_query, "moved_in": quarter, "moved_to": s}
                ),
            }
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
        body = exports.report_workbook(report, program=zone, user=request.user)
        return export_file(
            request,
            body,
            filename=f"report-{zone.code}-{year}-Q{quarter}.xlsx",
            object_type="projects.project",
            ids=sorted(
                set(report.zone.signed_ids)
                | set(report.zone.moved_ids)
                | set(report.zone.stuck_ids)
            ),
            detail={"report": "quarterly", "zone": zone.code, "quarter": f"{year}-Q{quarter}"},
        )
    context = report_context(zone, report)
    this_year, this_quarter = current_quarter()

    def url(y: int, q: int) -> str:
        return reverse(
            "reports:quarterly_report", kwargs={"code": zone.code, "year": y, "quarter": q}
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
            "dashboard_url": reverse("reports:dashboard", kwargs={"code": zone.code})
            + "?"
            + urlencode({"on": report.end.isoformat()}),
            "ledger_url": reverse("reports:ledger_export", kwargs={"code": zone.code})
            + "?"
            + urlencode({"on": report.end.isoformat()}),
            "pipeline_url": pipeline_url(zone.code),
            "made_at": timezone.localtime(),
        }
    )
    return render(request, "reports/quarterly_report.html", context)


def choose_report(request: HttpRequest, code: str) -> HttpResponse:
    """Open the report of ``?year=&quarter=`` (the current quarter when not given)."""
    zone = zone_or_404(request.user, code)
    year, quarter = current_quarter()
    year = year_param(request.GET, default=year)
    quarter = int_param(request.GET, "quarter", default=quarter, min_value=1, max_value=4)
    return redirect("reports:quarterly_report", code=zone.code, year=year, quarter=quarter)


# --- the pipeline -----------------------------------------------------------------------------------


class PipelineFilterForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("as of"), required=False, widget=IsoDateInput())
    stage = forms.ChoiceField(label=gettext_lazy("stage"), required=False)
    sub_area = forms.ModelChoiceField(
        label=gettext_lazy("sub-area"), queryset=SubArea.objects.none(), required=False
    )
    direction = forms.ModelChoiceField(
        label=gettext_lazy("industry direction"),
        queryset=IndustryDirection.objects.none(),
        required=False,
    )
    country = forms.ChoiceField(label=gettext_lazy("investor country"), required=False)
    investor = forms.ModelChoiceField(
        label=gettext_lazy("investor"), queryset=Organisation.objects.none(), required=False
    )
    stuck = forms.BooleanField(label=gettext_lazy("stuck only"), required=False)

    def __init__(self, *args: Any, program: Program, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_ = [("", _("all"))]
        self.fields["stage"].choices = any_ + list(Stage.choices)
        self.fields["sub_area"].queryset = program.sub_areas.restrict(user, Action.VIEW)
        self.fields["direction"].queryset = IndustryDirection.objects.filter(
            Q(programs=program) | Q(sub_areas__program=program)
        ).distinct()
        # The investors of the zone's projects this user may see: an enterprise must not learn
        # of another's lead through the filter's choices.
        investors = ProjectParty.objects.filter(
            project__in=Project.objects.restrict(user, Action.VIEW).filter(program=program),
            role=ProjectPartyRole.INVESTOR,
        )
        organisations = Organisation.objects.restrict(user, Action.VIEW).filter(
            pk__in=investors.values("organisation")
        )
        self.fields["investor"].queryset = organisations
        countries = sorted(set(organisations.exclude(country="").values_list("country", flat=True)))
        self.fields["country"].choices = any_ + [(c, country_name(c)) for c in countries]
        for form_field in self.fields.values():
            form_field.widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["on"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["stuck"].widget.attrs["class"] = "form-check-input"


def pipeline_query(program: Program, filters: dict[str, Any], on: date) -> Query:
    """Return the project list's filters of the pipeline's projects narrowed as the page is
    (sub-area, direction, investor country, investor) on the day ``on``."""
    query: Query = {"program": program.pk, "on": on.isoformat()}
    names = {"sub_area": "sub_area", "direction": "industry_directions", "investor": "investor"}
    for name, value in filters.items():
        if name == "country":
            query["investor_country"] = value
        elif name in names:
            query[names[name]] = value.pk
    return query


def stage_url(program: Program, stage: str, query: Query, *, today: bool, narrowed: bool) -> str:
    """Return the project list behind a pipeline column, by the filters the list names in its
    caption: the zone and the current stage for today's whole zone; else the stage on the day
    asked, with the page's filters."""
    if today and not narrowed:
        return list_url({"program": program.pk, "stage": stage})
    return list_url({**query, "stage_on": [stage]})


class PipelineView(LoginRequiredMixin, TemplateView):
    """A zone's projects by stage on a day, with the time in the stage and stuck flags."""

    template_name = "reports/pipeline.html"
    per_page = 100

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        program = zone_or_404(user, kwargs["code"])
        form = PipelineFilterForm(self.request.GET or None, program=program, user=user)
        filters: dict[str, Any] = {}
        if form.is_bound and form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}
        on: date = filters.pop("on", None) or timezone.localdate()
        stage = filters.pop("stage", None)
        stuck_only = filters.pop("stuck", False)
        result = selectors.pipeline(program, on=on, user=user, **filters)
        rows = result.rows
        if stage:
            rows = [r for r in rows if r.stage == stage]
        if stuck_only:
            rows = [r for r in rows if r.stuck]
        rows.sort(key=lambda r: (not r.stuck, -(r.days or 0), r.project.code))
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("page"))
        investors = self.investors([r.project.pk for r in page.object_list])
        for row in page.object_list:
            row.investors = investors.get(row.project.pk, [])  # type: ignore[attr-defined]
            if row.threshold and row.days is not None:
                row.share = min(100, round(100 * row.days / row.threshold))  # type: ignore[attr-defined]
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("stage", None)
        thresholds = zone_settings(program).thresholds()
        query_of_list = pipeline_query(program, filters, on)
        columns = [
            {
                "stage": s,
                "label": Stage(s).label,
                "count": result.counts[s],
                "stuck": result.stuck_counts[s],
                "list_url": stage_url(
                    program,
                    s,
                    query_of_list,
                    today=on == timezone.localdate(),
                    narrowed=bool(filters),
                ),
                "threshold": thresholds.get(s),
            }
            for s in Stage.values
        ]
        context.update(
            program=program,
            form=form,
            on=on,
            pipeline=result,
            columns=columns,
            total=len(result.rows),
            stuck_total=len(result.stuck),
            stuck_url=list_url({**query_of_list, "stuck": "true"}),
            shown=len(rows),
            page=page,
            stage=stage,
            stage_name=Stage(stage).label if stage else "",
            base_query=query.urlencode(),
            page_query=self.request.GET.copy(),
        )
        context["page_query"].pop("page", None)
        context["page_query"] = context["page_query"].urlencode()
        return context

    @staticmethod
    def investors(ids: list[int]) -> dict[int, list[Organisation]]:
        found: dict[int, list[Organisation]] = defaultdict(list)
        parties = ProjectParty.objects.filter(
            project_id__in=ids, role=ProjectPartyRole.INVESTOR
        ).select_related("organisation")
        for party in parties.order_by("pk"):
            found[party.project_id].append(party.organisation)
        return found


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
    path("zones/<str:code>/pipeline/", PipelineView.as_view(), name="pipeline"),
]
