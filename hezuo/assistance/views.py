"""Pages of the assistance ledger: the records, the weekly checks, the yearly assessment and
the monitoring workflow with its public notice."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import chain
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View

from hezuo.base.access import may, may_on
from hezuo.base.export import export_rows, table_rows
from hezuo.base.params import year_param
from hezuo.base.personal import masked
from hezuo.base.tables import hidden_columns
from hezuo.base.views import ModelViews, ObjectDetailView
from hezuo.core import assistance as rules
from hezuo.core.access import Action
from hezuo.regions.models import Program

from . import filtersets, forms, selectors, services, tables
from . import models as m
from .choices import CaseKind, Cause, Indicator


def _views(model: type, **kwargs: Any) -> ModelViews:
    name = model.__name__
    return ModelViews(
        model,
        table=getattr(tables, f"{name}Table"),
        filterset=getattr(filtersets, f"{name}FilterSet"),
        form=getattr(forms, f"{name}Form"),
        **kwargs,
    )


class HouseholdDetailView(ObjectDetailView):
    """A household with its members, status history, incomes, measures and monitoring cases."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        household = self.object
        context["members"] = household.members.all()
        context["measures"] = household.measures.select_related("project")[:50]
        context["incomes"] = household.incomes.all()
        context["status_changes"] = household.status_changes.all()
        context["cases"] = household.monitoring_cases.all()
        context["head_problem"] = rules.head_problem(
            household.members.values_list("relation", flat=True)
        )
        if may_on(self.request.user, household, Action.CHANGE):
            context["status_form"] = forms.HouseholdStatusForm(
                initial={"since": timezone.localdate(), "status": household.status}
            )
            context["add_measure_url"] = (
                reverse("assistance:measure_add") + f"?household={household.pk}"
            )
        return context


class MonitoringCaseDetailView(ObjectDetailView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if may_on(self.request.user, self.object, Action.CHANGE):
            case = self.object
            following = (
                "village"
                if not case.village_review_on
                else "township"
                if not case.township_review_on
                else "county"
                if not case.county_decision_on
                else "eliminate"
            )
            context["step_form"] = forms.DecisionForm(
                initial={"on": timezone.localdate(), "step": following}
            )
        context["today"] = timezone.localdate()
        return context


pairingperiod = _views(m.PairingPeriod)
yearlyagreement = _views(m.YearlyAgreement, inlines=[forms.TargetFormSet])
assistanceproject = _views(
    m.AssistanceProject, queryset=m.AssistanceProject.objects.select_related("county")
)
fundallocation = _views(
    m.FundAllocation, queryset=m.FundAllocation.objects.select_related("project")
)
disbursement = _views(
    m.Disbursement, queryset=m.Disbursement.objects.select_related("allocation__project")
)
socialdonation = _views(m.SocialDonation, queryset=m.SocialDonation.objects.select_related("donor"))
exchange = _views(m.Exchange)
household = _views(
    m.Household,
    queryset=m.Household.objects.select_related("village"),
    inlines=[forms.MemberFormSet],
    detail_class=HouseholdDetailView,
)
householdmember = _views(
    m.HouseholdMember, queryset=m.HouseholdMember.objects.select_related("household")
)
householdincome = _views(
    m.HouseholdIncome, queryset=m.HouseholdIncome.objects.select_related("household")
)
measure = _views(m.Measure, queryset=m.Measure.objects.select_related("household", "project"))
job = _views(m.Job, queryset=m.Job.objects.select_related("employer"))
placement = _views(
    m.Placement, queryset=m.Placement.objects.select_related("member__household", "job")
)
product = _views(m.Product, queryset=m.Product.objects.select_related("supplier"))
procurementline = _views(
    m.ProcurementLine, queryset=m.ProcurementLine.objects.select_related("agreement", "product")
)
delivery = _views(m.Delivery, queryset=m.Delivery.objects.select_related("agreement", "product"))


class DeliveryEditView(delivery.edit):  # type: ignore[misc, name-defined]
    """A delivery refused by ``services.record_delivery`` (beyond the agreed quantity, found
    under the line's lock) is shown as a form error; nothing is saved."""

    def form_valid(self, form: Any, formsets: list[Any] | None = None) -> HttpResponse:
        adding = "pk" not in self.kwargs
        try:
            return super().form_valid(form, formsets)
        except ValidationError as refused:
            if adding:
                self.object = None
            form.add_error(None, refused)
            context = self.get_context_data(form=form, formsets=formsets or [])
            return self.render_to_response(context)


delivery.edit = DeliveryEditView
monitoringline = _views(m.MonitoringLine)
monitoringcase = _views(
    m.MonitoringCase,
    queryset=m.MonitoringCase.objects.select_related("household"),
    detail_class=MonitoringCaseDetailView,
)


def _initial_from_query(view: Any) -> None:
    """Let ``?household=<pk>`` preselect the household of a new measure or case."""
    original = view.get_initial

    def get_initial(self: Any) -> dict[str, Any]:
        initial = original(self)
        pk = self.request.GET.get("household", "")
        if pk.isdigit():
            initial["household"] = pk
        return initial

    view.get_initial = get_initial


_initial_from_query(measure.edit)
_initial_from_query(monitoringcase.edit)


# --- the pairing chosen on a page -----------------------------------------------------------------


def _pairing(request: HttpRequest) -> tuple[Program, list[Program]]:
    """Return the pairing a page is about (``?program=``) and those the user may read."""
    pairings = list(selectors.pairings_for(user=request.user))
    if not pairings:
        raise PermissionDenied
    wanted = request.GET.get("program", "")
    chosen = next((p for p in pairings if str(p.pk) == wanted), None)
    if chosen is None:
        chosen = next((p for p in pairings if p.code == "dalian-liupanshui"), pairings[0])
    return chosen, pairings


def _day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return default


def _period(request: HttpRequest, first: date, last: date) -> tuple[date, date]:
    """Return the period ``?start=`` to ``?end=``; say so when either is no date or they are
    the wrong way round (then the default period is shown)."""
    start = _day(request.GET.get("start"), first)
    end = _day(request.GET.get("end"), last)
    for name, default in (("start", first), ("end", last)):
        raw = request.GET.get(name) or ""
        if raw and _day(raw, date.min) == date.min:
            messages.error(
                request,
                _("“%(value)s” is not a date (YYYY-MM-DD); %(day)s is used instead.")
                % {"value": raw[:40], "day": default.isoformat()},
            )
    if start > end:
        messages.error(
            request,
            _("The period starts after it ends; the period %(start)s to %(end)s is shown.")
            % {"start": first.isoformat(), "end": last.isoformat()},
        )
        return first, last
    return start, end


class LedgerPage(LoginRequiredMixin, View):
    template_name = ""

    @classmethod
    def may_open(cls, user: Any) -> bool:
        """The check ``_pairing`` makes, asked by the navigation before it offers the page."""
        return selectors.pairings_for(user=user).exists()

    def page(self, request: HttpRequest, **context: Any) -> HttpResponse:
        return render(request, self.template_name, context)


class HomeView(LedgerPage):
    """The ledger's front page: what it holds, the checks, the assessment, the monitoring."""

    template_name = "assistance/home.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        program, pairings = _pairing(request)
        user = request.user
        sections = [
            (
                _("Work ledger"),
                [
                    pairingperiod,
                    yearlyagreement,
                    assistanceproject,
                    fundallocation,
                    disbursement,
                    socialdonation,
                    exchange,
                ],
            ),
            (_("Households"), [household, householdmember, householdincome, measure]),
            (_("Labour cooperation"), [job, placement]),
            (_("Consumption assistance"), [product, procurementline, delivery]),
            (_("Monitoring"), [monitoringcase, monitoringline]),
        ]
        blocks = []
        for title, views in sections:
            links = []
            for v in views:
                model = v.list.model
                if may(user, model, Action.VIEW):
                    links.append(
                        (
                            model._meta.verbose_name_plural,
                            reverse(f"assistance:{v.name}_list"),
                            model.objects.restrict(user).count(),
                        )
                    )
            if links:
                blocks.append((title, links))
        statuses = dict(m.HouseholdStatus.choices)
        counts = [(statuses.get(k, k), n) for k, n in selectors.household_counts(program).items()]
        return self.page(
            request, program=program, pairings=pairings, blocks=blocks, household_counts=counts
        )


# --- weekly checks --------------------------------------------------------------------------------


def _export(
    request: HttpRequest, header: list[str], rows: Iterable[Sequence[Any]], name: str
) -> Any:
    """A check's or a figure's rows as an audited .xlsx download (``base.export``)."""
    return export_rows(
        request,
        chain([header], rows),
        fmt="xlsx",
        basename=name,
        object_type="assistance.check",
        detail={"check": name},
    )


def _visible(user: Any, objs: list[Any]) -> list[Any]:
    """Return the records of ``objs`` that ``user`` may see (rows of a check)."""
    if not objs:
        return []
    model = type(objs[0])
    allowed = set(
        model.objects.restrict(user)
        .filter(pk__in=[o.pk for o in objs])
        .values_list("pk", flat=True)
    )
    return [o for o in objs if o.pk in allowed]


class MissedView(LedgerPage):
    """Households needing assistance without a measure in the period (不漏一户)."""

    template_name = "assistance/check_missed.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        program, pairings = _pairing(request)
        today = timezone.localdate()
        start, end = _period(request, date(today.year, 1, 1), today)
        missed = selectors.missed_households(program, start, end)
        count = missed.count()
        needing = selectors.needing(program, start, end).count()
        rows = list(
            missed.filter(pk__in=m.Household.objects.restrict(request.user).values("pk"))[:500]
        )
        if request.GET.get("export") == "xlsx":
            everything = missed.filter(
                pk__in=m.Household.objects.restrict(request.user).values("pk")
            )
            return _export(
                request,
                [_("household number"), _("village"), _("status"), _("status since")],
                [
                    [h.number, h.village.name, h.get_status_display(), h.status_since]
                    for h in everything
                ],
                "missed-households",
            )
        return self.page(
            request,
            program=program,
            pairings=pairings,
            start=start,
            end=end,
            count=count,
            needing=needing,
            rows=rows,
            truncated=len(rows) == 500,
        )


class DuplicatesView(LedgerPage):
    template_name = "assistance/check_duplicates.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        program, pairings = _pairing(request)
        report = selectors.duplicates(program)
        user = request.user
        sections = [
            ("same_id", _("The same ID number more than once"), _visible(user, report.same_id)),
            (
                "two_households",
                _("A person in two households"),
                _visible(user, report.two_households),
            ),
            ("no_head", _("Households with no head"), _visible(user, report.no_head)),
            ("two_heads", _("Households with two or more heads"), _visible(user, report.two_heads)),
        ]
        counts = report.counts
        if request.GET.get("export") == "xlsx":
            rows = []
            for _key, title, objs in sections:
                for obj in objs:
                    if isinstance(obj, m.HouseholdMember):
                        number = masked("id_number", obj.id_number)
                        rows.append([title, obj.household.number, obj.name, number])
                    else:
                        rows.append([title, obj.number, "", ""])
            return _export(
                request,
                [
                    _("check"),
                    _("household number"),
                    pgettext("person", "name"),
                    _("resident ID number"),
                ],
                rows,
                "duplicates",
            )
        return self.page(
            request,
            program=program,
            pairings=pairings,
            sections=[(key, title, counts[key], objs) for key, title, objs in sections],
        )


class MoneyView(LedgerPage):
    template_name = "assistance/check_money.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        program, pairings = _pairing(request)
        funds = selectors.fund_overruns(program)
        deliveries = selectors.delivery_overruns(program)
        unpriced = list(selectors.deliveries_without_amount(program)[:500])
        if request.GET.get("export") == "xlsx":
            rows = (
                [
                    [_("disbursed beyond allocated"), r.label, r.limit, r.used, r.excess]
                    for r in funds
                ]
                + [
                    [_("delivered beyond agreed"), r.label, r.limit, r.used, r.excess]
                    for r in deliveries
                ]
                + [[_("delivered at 0 yuan"), str(d), "", d.amount, ""] for d in unpriced]
            )
            return _export(
                request,
                [_("check"), _("record"), _("limit"), _("used"), _("excess")],
                rows,
                "money-checks",
            )
        return self.page(
            request,
            program=program,
            pairings=pairings,
            funds=funds,
            deliveries=deliveries,
            unpriced=unpriced,
        )


# --- assessment -----------------------------------------------------------------------------------


class AssessmentView(LedgerPage):
    template_name = "assistance/assessment.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        program, pairings = _pairing(request)
        today = timezone.localdate()
        year = year_param(request.GET, default=today.year)
        figures = selectors.assessment(program, year, today)
        if request.GET.get("export") == "xlsx":
            rows: list[list[Any]] = []
            for f in figures:
                flags = " ".join(flag.text for flag in f.flags)
                rows.append([f.label, f.value, f.target, f.share, flags])
                rows.extend([f"  {label}", value, "", "", ""] for label, value in f.breakdown)
            return _export(
                request,
                [_("indicator"), _("actual"), _("target"), _("% of target"), _("weekly checks")],
                rows,
                f"assessment-{year}",
            )
        template = (
            "assistance/assessment_print.html" if request.GET.get("print") else self.template_name
        )
        return render(
            request,
            template,
            {
                "program": program,
                "pairings": pairings,
                "year": year,
                "years": list(range(today.year, 2017, -1)),
                "figures": figures,
                "today": today,
            },
        )


#: Figures whose rows are chosen by their household's status, and the path to the household.
BY_HOUSEHOLD_STATUS = {Indicator.PEOPLE_EMPLOYED_POOR: "member__household"}


class AssessmentRowsView(LedgerPage):
    """The rows one figure of the assessment was computed from (those the user may see)."""

    template_name = "assistance/assessment_rows.html"

    def get(self, request: HttpRequest, indicator: str) -> HttpResponse:
        if indicator not in Indicator.values:
            raise Http404
        program, pairings = _pairing(request)
        today = timezone.localdate()
        year = year_param(request.GET, default=today.year)
        figure = next(
            f for f in selectors.assessment(program, year, today) if f.indicator == indicator
        )
        rows = figure.rows
        part, index = None, None
        if request.GET.get("part", "") != "":
            try:
                index = int(request.GET["part"])
            except ValueError:
                raise Http404 from None
            rows = figure.part_rows(index)
            part = figure.breakdown[index] if rows is not None else None
        if rows is None:
            raise Http404
        model = rows.model
        visible = rows.filter(pk__in=model.objects.restrict(request.user).values("pk"))
        if indicator in BY_HOUSEHOLD_STATUS:
            # chosen by the household's status ("formerly poor"): only the rows of households
            # the user may see; the donor side gets the figure, not whose it is
            households = m.Household.objects.restrict(request.user)
            visible = visible.filter(**{f"{BY_HOUSEHOLD_STATUS[indicator]}__in": households})
        table_class = getattr(tables, f"{model.__name__}Table", None)
        hidden = {"exclude": hidden_columns(table_class, request.user)} if table_class else {}
        table = table_class(visible[:500], request=request, **hidden) if table_class else None
        if request.GET.get("export") == "xlsx" and table_class:
            figure_rows = table_rows(table_class(visible, request=request, **hidden))
            header = next(figure_rows)
            return _export(request, header, figure_rows, f"assessment-{year}-{indicator}")
        return self.page(
            request,
            program=program,
            year=year,
            figure=figure,
            part=part,
            part_index=index,
            table=table,
            total=rows.count(),
            shown=visible.count(),
            meta=model._meta,
        )


# --- households and monitoring --------------------------------------------------------------------


class HouseholdStatusView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        household = get_object_or_404(
            m.Household.objects.restrict(request.user, Action.CHANGE), pk=pk
        )
        form = forms.HouseholdStatusForm(request.POST)
        if form.is_valid():
            try:
                services.change_household_status(
                    household=household,
                    status=form.cleaned_data["status"],
                    since=form.cleaned_data["since"],
                    reason=form.cleaned_data["reason"],
                    acting_user=request.user,
                )
                messages.success(request, _("Status changed."))
            except ValidationError as exc:
                messages.error(request, "; ".join(exc.messages))
        else:
            messages.error(request, _("The status change was not valid."))
        return HttpResponseRedirect(household.get_absolute_url())


class CaseStepView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = get_object_or_404(
            m.MonitoringCase.objects.restrict(request.user, Action.CHANGE), pk=pk
        )
        form = forms.DecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.advance_case(
                    case=case,
                    step=data["step"],
                    on=data["on"],
                    notice_to=data.get("notice_to"),
                    decision=data.get("decision") or "",
                    income_above_line_since=data.get("income_above_line_since"),
                    acting_user=request.user,
                )
                messages.success(request, _("Saved: %(name)s") % {"name": case})
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(case.get_absolute_url())


class NoticeView(LoginRequiredMixin, View):
    """The village's public notice of a case: no ID number, phone, bank account or health."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = get_object_or_404(
            m.MonitoringCase.objects.restrict(request.user).select_related(
                "household__village__parent"
            ),
            pk=pk,
        )
        household = case.household
        head = household.head
        notice = rules.public_notice(
            {
                "household_number": household.number,
                "head_name": head.name if head else "",
                "village": str(household.village.name),
                "members": household.members.count(),
                "kind": case.kind,
                "cause": household.main_cause,
                "notice_from": case.notice_from,
                "notice_to": case.notice_to,
            }
        )
        notice["kind"] = CaseKind(case.kind).label
        notice["cause"] = Cause(notice["cause"]).label if notice["cause"] else "—"
        return render(
            request,
            "assistance/notice.html",
            {"case": case, "notice": notice, "township": household.village.parent},
        )


class MonitoringBoardView(LedgerPage):
    """Open cases with their deadlines; those past 15 days flagged."""

    template_name = "assistance/monitoring.html"

    @classmethod
    def may_open(cls, user: Any) -> bool:
        """Also asked by the navigation and the ledger's front page before they offer it."""
        return may(user, m.MonitoringCase, Action.VIEW)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not self.may_open(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        cases = (
            m.MonitoringCase.objects.restrict(request.user)
            .select_related("household__village")
            .order_by("first_lead_on")
        )
        open_cases = [c for c in cases.filter(county_decision_on__isnull=True)[:300]]
        overdue = selectors.overdue_cases(None, today).filter(pk__in=cases.values("pk"))
        return self.page(
            request,
            open_cases=open_cases,
            overdue=overdue.select_related("household")[:300],
            overdue_count=overdue.count(),
            today=today,
        )
