"""Pages of the zone office's desk: services on a project, enquiries, aftercare visits,
exchange rates and zone settings.

Reads go through ``restrict(user)``, the filter sets and the selectors; every write goes through
``hezuo.zonedesk.services`` with ``acting_user`` by way of ``base.views.ServiceFormView`` (form →
service → errors on the form, 403 when the role may not, redirect and message on success). The
URL paths are those of the pages when they lived in ``projects`` (bookmarks keep working).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hezuo.base.access import access_filter, grants, may, may_on
from hezuo.base.history import history_entries, mask_personal
from hezuo.base.personal import Personal
from hezuo.base.views import ServiceFormView, finish_write
from hezuo.core import money
from hezuo.core.access import Action, Scope, scope_for
from hezuo.directory.models import Organisation
from hezuo.projects.models import Project
from hezuo.projects.record_forms import COMMON_CURRENCIES, RecordForm
from hezuo.projects.record_views import project_or_404
from hezuo.regions.choices import ProgramKind
from hezuo.regions.models import Program

from . import forms, selectors, services
from .choices import RateSource
from .filtersets import EnquiryFilterSet, RateFilterSet, VisitFilterSet
from .models import AftercareVisit, Enquiry, ExchangeRate

PAGE_SIZE = 50


def writable_programs(user: Any) -> QuerySet[Program]:
    """Return the programs in which ``user`` may add project records (enquiries, visits)."""
    programs = Program.objects.order_by("kind", "code")
    q = access_filter(Project, user, Action.ADD)
    if q is None:
        return programs.none()
    if not q:
        return programs
    parts = []
    for grant in grants(user):
        scope = scope_for(grant.role, "projects", Action.ADD)
        if scope == Scope.PROGRAM and grant.programs:
            parts.append(Q(pk__in=grant.programs))
        elif scope == Scope.REGION:  # programs located in the member's regions
            parts += [Q(region__code__startswith=p) for p in grant.regions]
    return programs.filter(reduce(or_, parts)).distinct() if parts else programs.none()


def _home_program(user: Any) -> Program | None:
    return writable_programs(user).filter(kind=ProgramKind.ZONE).first() or (
        writable_programs(user).first()
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _page(request: HttpRequest, rows: Any) -> tuple[Any, str]:
    """Return the page of ``rows`` asked for and the query string of the filters (no page)."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _outside_scope() -> ValidationError:
    """The refusal of a record that would fall outside the user's scope, shown on the form."""
    return ValidationError(
        _(
            "You may not save this record like this: it would fall outside the "
            "programs, organisations or regions you work for. Nothing was saved."
        )
    )


class DeskFormView(ServiceFormView):
    """A desk form: a modal over its list (htmx), or a page of its own without JavaScript."""

    template_name = "projects/records/form_page.html"
    fragment_name = "projects/records/_form.html"
    #: Shown above the form.
    hint: Any = ""

    def back_url(self) -> str:
        return ""

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if issubclass(self.form_class, RecordForm):  # its choices narrowed to the user's
            kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(hint=self.hint, back=self.back_url(), **kwargs)


# --- on a project: services --------------------------------------------------------------------


class ServiceAddView(DeskFormView):
    form_class = forms.ServiceForm
    title = gettext_lazy("Log a service")

    def prepare(self) -> None:
        self.project = project_or_404(self.request, self.kwargs["pk"], Action.CHANGE)

    def get_initial(self) -> dict[str, Any]:
        return {
            "provided_on": timezone.localdate(),
            "office": self.project.responsible_organisation_id,
        }

    def perform(self, form: Any) -> Any:
        return services.log_service(
            project=self.project, acting_user=self.request.user, **form.cleaned_data
        )

    def get_success_url(self, result: Any) -> str:
        return self.project.get_absolute_url() + "#records"

    def get_success_message(self, result: Any) -> str:
        return _("Service logged.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(project=self.project, **kwargs)


# --- enquiries -------------------------------------------------------------------------------------


def enquiry_programs(user: Any) -> QuerySet[Program]:
    """Zones and programs a filter offers: those with enquiries the user sees, and their own."""
    seen = Enquiry.objects.restrict(user, Action.VIEW).values("program")
    return Program.objects.filter(
        Q(pk__in=seen) | Q(pk__in=writable_programs(user).values("pk")) | Q(kind=ProgramKind.ZONE)
    ).order_by("kind", "code")


@login_required
def enquiry_list(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    visible = Enquiry.objects.restrict(user, Action.VIEW).select_related(
        "program", "investor", "officer"
    )
    filterset = EnquiryFilterSet(
        request.GET or None, queryset=visible, request=request, programs=enquiry_programs(user)
    )
    rows = filterset.qs if filterset.is_valid() else visible
    page, query = _page(request, rows.order_by("-received_at", "-pk"))
    for enquiry in page:
        enquiry.overdue = enquiry.is_overdue(today)
    unanswered = visible.filter(answered_at__isnull=True)
    program = filterset.form.cleaned_data.get("program") if filterset.is_valid() else None
    if program:
        unanswered = unanswered.filter(program=program)
    return render(
        request,
        "zonedesk/enquiry_list.html",
        {
            "filter_form": filterset.form,
            "page": page,
            "count": page.paginator.count,
            "open_count": unanswered.count(),
            "overdue_count": unanswered.filter(respond_by__lt=today).count(),
            "escalated_count": unanswered.filter(escalated_at__isnull=False).count(),
            "can_add": bool(writable_programs(user).exists()),
            "query": query,
            "today": today,
        },
    )


class EnquiryAddView(DeskFormView):
    form_class = forms.EnquiryForm
    title = gettext_lazy("Record an enquiry")
    hint = gettext_lazy(
        "The deadline to answer follows from the zone's settings; an enquiry left "
        "unanswered after it is escalated to the zone's administrators."
    )

    def prepare(self) -> None:
        self.programs = writable_programs(self.request.user)
        if not self.programs.exists():
            raise PermissionDenied

    def get_initial(self) -> dict[str, Any]:
        user = self.request.user
        initial = {
            "received_at": timezone.localtime().replace(second=0, microsecond=0),
            "program": _home_program(user),
            "language": "ja",
        }
        if forms.office_users().filter(pk=user.pk).exists():
            initial["officer"] = user.pk
        return initial

    def get_form(self) -> Any:
        form = forms.EnquiryForm(programs=self.programs, **self.get_form_kwargs())
        if not Personal.of(self.request).may_see(Enquiry):
            del form.fields["contact"]  # not shown, so not set either (as the record's edit page)
        return form

    def perform(self, form: Any) -> Any:
        try:
            return services.record_enquiry(acting_user=self.request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            raise _outside_scope() from exc

    def back_url(self) -> str:
        return reverse("zonedesk:enquiry_list")

    def get_success_url(self, result: Any) -> str:
        return reverse("zonedesk:enquiry_detail", args=[result.pk])

    def get_success_message(self, result: Any) -> str:
        return _("Enquiry recorded; to be answered by %(date)s.") % {
            "date": result.respond_by.isoformat() if result.respond_by else "—"
        }


def _enquiry(request: HttpRequest, pk: int) -> Enquiry:
    return get_object_or_404(
        Enquiry.objects.restrict(request.user, Action.VIEW).select_related(
            "program", "investor", "officer", "project"
        ),
        pk=pk,
    )


@login_required
def enquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = _enquiry(request, pk)
    today = timezone.localdate()
    user = request.user
    enquiry.overdue = enquiry.is_overdue(today)  # type: ignore[attr-defined]
    contact = Personal.of(request).show(enquiry, "contact")
    can_answer = may_on(user, enquiry, Action.CHANGE) and enquiry.answered_at is None
    return render(
        request,
        "zonedesk/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "contact": contact,
            "overdue": enquiry.overdue,  # type: ignore[attr-defined]
            "deadline": enquiry.respond_by or enquiry.deadline_from_settings(),
            "escalated_to": list(enquiry.escalated_to.all()),
            "answer_form": forms.AnswerForm(initial={"version": enquiry.version})
            if can_answer
            else None,
            "history": _history(request, enquiry),
            "today": today,
        },
    )


def _history(request: HttpRequest, enquiry: Enquiry) -> list[Any]:
    """The enquiry's history, its contact's values masked unless the user may see them."""
    entries = history_entries(enquiry, user=request.user)
    for entry in entries:
        mask_personal(entry.changes, enquiry, request=request)
    return entries


class EnquiryAnswerView(DeskFormView):
    form_class = forms.AnswerForm
    title = gettext_lazy("Answer the enquiry")

    def prepare(self) -> None:
        self.enquiry = _enquiry(self.request, self.kwargs["pk"])
        if not may_on(self.request.user, self.enquiry, Action.CHANGE):
            raise PermissionDenied

    def get_initial(self) -> dict[str, Any]:
        return {"version": self.enquiry.version}

    def perform(self, form: Any) -> Any:
        return services.answer_enquiry(
            enquiry=self.enquiry, acting_user=self.request.user, **form.cleaned_data
        )

    def back_url(self) -> str:
        return reverse("zonedesk:enquiry_detail", args=[self.enquiry.pk])

    def get_success_url(self, result: Any) -> str:
        return self.back_url()

    def get_success_message(self, result: Any) -> str:
        return _("Answer recorded.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(record=self.enquiry, quote=self.enquiry.question, **kwargs)


# --- aftercare visits -------------------------------------------------------------------------------


def _can_lead(user: Any, visit: AftercareVisit) -> bool:
    """Whether ``user`` may turn the visit's expansion intention into a lead now."""
    return (
        visit.expansion_intention
        and visit.lead_id is None
        and may(user, Project, Action.ADD)
        and may_on(user, visit, Action.CHANGE)
    )


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = AftercareVisit.objects.restrict(user, Action.VIEW).select_related(
        "program", "organisation", "visiting_office", "project", "lead"
    )
    filterset = VisitFilterSet(
        request.GET or None,
        queryset=visible,
        request=request,
        programs=Program.objects.filter(
            Q(pk__in=visible.values("program")) | Q(pk__in=writable_programs(user).values("pk"))
        ).order_by("kind", "code"),
        offices=Organisation.objects.filter(pk__in=visible.values("visiting_office")).order_by(
            "name_zh_hans"
        ),
    )
    rows = filterset.qs if filterset.is_valid() else visible
    page, query = _page(request, rows.order_by("-visited_on", "-pk"))
    # How many offices visited each firm listed, to show where visits overlap.
    firms = {v.organisation_id for v in page}
    offices: dict[int, set[int]] = defaultdict(set)
    for firm, office in visible.filter(organisation__in=firms).values_list(
        "organisation", "visiting_office"
    ):
        offices[firm].add(office)
    for visit in page:
        visit.office_count = len(offices[visit.organisation_id])
        visit.can_lead = _can_lead(user, visit)
    return render(
        request,
        "zonedesk/visit_list.html",
        {
            "filter_form": filterset.form,
            "page": page,
            "count": page.paginator.count,
            "can_add": writable_programs(user).exists(),
            "query": query,
            "expansion_count": visible.filter(expansion_intention=True, lead__isnull=True).count(),
        },
    )


def _others(request: HttpRequest, data: dict[str, Any]) -> list[AftercareVisit]:
    organisation, office = data.get("organisation"), data.get("visiting_office")
    if not organisation or not office:
        return []
    on = data.get("visited_on") or timezone.localdate()
    return list(
        selectors.other_offices_visits(organisation, office=office, on=on, user=request.user)
        .select_related("visiting_office")
        .order_by("-visited_on")
    )


class VisitAddView(DeskFormView):
    """Log a visit; if other offices visited the firm lately, their visits are shown first and
    the visit is saved once the officer confirms having read them."""

    form_class = forms.VisitForm
    title = gettext_lazy("Log an aftercare visit")

    def prepare(self) -> None:
        self.programs = writable_programs(self.request.user)
        if not self.programs.exists():
            raise PermissionDenied
        self.others: list[AftercareVisit] = []

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "visited_on": timezone.localdate(),
            "program": _home_program(self.request.user),
        }
        if self.request.GET.get("organisation"):
            initial["organisation"] = _int(self.request.GET["organisation"])
        return initial

    def get_form(self) -> Any:
        form = forms.VisitForm(programs=self.programs, **self.get_form_kwargs())
        if self.request.method == "POST":
            form.is_valid()
            self.others = _others(self.request, dict(form.cleaned_data))
            if self.others and form.is_valid() and self.request.POST.get("acknowledged") != "1":
                form.add_error(
                    None,
                    _(
                        "Other offices visited this firm in the last 180 days (listed below). "
                        "Read their notes, then save again to confirm your visit."
                    ),
                )
        return form

    def perform(self, form: Any) -> Any:
        try:
            return services.record_visit(acting_user=self.request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            raise _outside_scope() from exc

    def back_url(self) -> str:
        return reverse("zonedesk:visit_list")

    def get_success_url(self, result: Any) -> str:
        if result.lead_id:
            return str(result.lead.get_absolute_url())
        return reverse("zonedesk:visit_firm", args=[result.organisation_id])

    def get_success_message(self, result: Any) -> str:
        if result.lead_id:
            return _("Visit logged; the expansion intention is now the lead %(code)s.") % {
                "code": result.lead.code
            }
        return _("Visit logged.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            others=self.others,
            acknowledge=bool(self.others),
            check_url=reverse("zonedesk:visit_check"),
            warning_template="zonedesk/_visit_warning.html",
            **kwargs,
        )


@login_required
def visit_check(request: HttpRequest) -> HttpResponse:
    """The warning of the visit form: other offices' visits to the firm in the last 180 days."""
    organisation = Organisation.objects.filter(pk=_int(request.GET.get("organisation"))).first()
    office = Organisation.objects.filter(pk=_int(request.GET.get("visiting_office"))).first()
    try:
        on = date.fromisoformat(request.GET.get("visited_on", ""))
    except ValueError:
        on = timezone.localdate()
    others = _others(
        request, {"organisation": organisation, "visiting_office": office, "visited_on": on}
    )
    return render(request, "zonedesk/_visit_warning.html", {"others": others})


@login_required
def visit_firm(request: HttpRequest, organisation: int) -> HttpResponse:
    """The visit log of one firm, shared by every office that visits it."""
    firm = get_object_or_404(
        Organisation.objects.restrict(request.user, Action.VIEW), pk=organisation
    )
    user = request.user
    visits = list(
        selectors.visits_to(firm, user=user)
        .select_related("program")
        .order_by("-visited_on", "-pk")
    )
    for visit in visits:
        visit.can_lead = _can_lead(user, visit)
    recent = timezone.localdate() - timedelta(days=180)
    return render(
        request,
        "zonedesk/visit_firm.html",
        {
            "firm": firm,
            "visits": visits,
            "offices": sorted({str(v.visiting_office) for v in visits}),
            "recent": [v for v in visits if v.visited_on >= recent],
            "can_add": writable_programs(user).exists(),
        },
    )


@login_required
@require_POST
def visit_lead(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn the expansion intention found on a visit into a new lead, and open it."""
    visit = get_object_or_404(AftercareVisit.objects.restrict(request.user, Action.VIEW), pk=pk)
    if not (may(request.user, Project, Action.ADD) and may_on(request.user, visit, Action.CHANGE)):
        raise PermissionDenied
    try:
        lead = services.lead_from_visit(visit=visit, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("zonedesk:visit_firm", args=[visit.organisation_id]))
    return finish_write(
        request,
        lead.get_absolute_url(),
        _("New lead %(code)s made from the visit.") % {"code": lead.code},
    )


# --- exchange rates ----------------------------------------------------------------------------------


@login_required
def rate_list(request: HttpRequest) -> HttpResponse:
    if not may(request.user, ExchangeRate, Action.VIEW):
        raise PermissionDenied
    everything = ExchangeRate.objects.select_related("entered_by")
    filterset = RateFilterSet(request.GET or None, queryset=everything, request=request)
    rows = filterset.qs if filterset.is_valid() else everything
    page, query = _page(request, rows.order_by("-date", "currency", "-source"))
    # On a day with both, the official rate is in force and the ECB's is superseded.
    keys = {(r.currency, r.date) for r in page}
    official = set(
        ExchangeRate.objects.filter(
            source=RateSource.OFFICIAL,
            currency__in={c for c, _d in keys},
            date__in={d for _c, d in keys},
        ).values_list("currency", "date")
    )
    for rate in page:
        rate.superseded = rate.source == RateSource.ECB and (rate.currency, rate.date) in official
    latest = []
    for currency in ("JPY", "USD", "EUR"):
        try:
            latest.append(selectors.to_cny(Decimal(1), currency, timezone.localdate()))
        except money.NoRate:
            continue
    return render(
        request,
        "zonedesk/rate_list.html",
        {
            "filter_form": filterset.form,
            "page": page,
            "count": page.paginator.count,
            "latest": latest,
            "official_count": ExchangeRate.objects.filter(source=RateSource.OFFICIAL).count(),
            "can_add": may(request.user, Project, Action.CHANGE),
            "query": query,
        },
    )


class RateAddView(DeskFormView):
    form_class = forms.RateForm
    title = gettext_lazy("Add an official rate")
    hint = gettext_lazy(
        "An official rate takes precedence over the European Central Bank's rate of the "
        "same day and of earlier days, until a later rate is published. Give CNY for ONE "
        "unit (divide a rate quoted per 100 JPY by 100)."
    )

    def prepare(self) -> None:
        # as services.add_official_rate: whoever may change projects somewhere
        if not may(self.request.user, Project, Action.CHANGE):
            raise PermissionDenied

    def get_initial(self) -> dict[str, Any]:
        return {"date": timezone.localdate()}

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.add_official_rate(
            currency=data["currency"],
            on=data["date"],
            rate=data["rate"],
            note=data["note"],
            acting_user=self.request.user,
        )

    def back_url(self) -> str:
        return reverse("zonedesk:rate_list")

    def get_success_url(self, result: Any) -> str:
        return reverse("zonedesk:rate_list") + f"?currency={result.currency}"

    def get_success_message(self, result: Any) -> str:
        return _("Official rate saved: %(rate)s") % {"rate": result}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(currencies=COMMON_CURRENCIES[1:], **kwargs)


# --- zone settings -----------------------------------------------------------------------------------


class ZoneSettingsView(ServiceFormView):
    """A zone's settings: the days to answer an enquiry, the days in a stage before stuck."""

    form_class = forms.ZoneSettingsForm
    template_name = "zonedesk/zone_settings.html"

    def prepare(self) -> None:
        self.program = get_object_or_404(Program, code=self.kwargs["code"])
        if self.program.kind != ProgramKind.ZONE:
            raise Http404
        user = self.request.user
        if not may_on(user, self.program, Action.VIEW):
            raise PermissionDenied
        self.can_change = may_on(user, self.program, Action.CHANGE)
        if self.request.method == "POST" and not self.can_change:
            raise PermissionDenied
        self.current = selectors.zone_settings(self.program)

    def get_form(self) -> Any:
        stuck = self.current.stuck_days if isinstance(self.current.stuck_days, dict) else {}
        return forms.ZoneSettingsForm(current=stuck, **self.get_form_kwargs())

    def get_initial(self) -> dict[str, Any]:
        return {"enquiry_response_days": self.current.enquiry_response_days}

    def perform(self, form: Any) -> Any:
        return services.set_zone_settings(
            program=self.program,
            enquiry_response_days=form.cleaned_data["enquiry_response_days"],
            stuck_days=form.stuck_days(),
            acting_user=self.request.user,
        )

    def get_success_url(self, result: Any) -> str:
        return reverse("zonedesk:zone_settings", args=[self.program.code])

    def get_success_message(self, result: Any) -> str:
        return _("Zone settings saved.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        current = self.current
        return super().get_context_data(
            program=self.program,
            settings=current,
            zone=self.program,
            thresholds=[
                (stage, label, current.thresholds().get(stage))
                for stage, label in forms.STUCK_STAGES
            ],
            can_change=self.can_change,
            history=history_entries(current, user=self.request.user) if current.pk else [],
            **kwargs,
        )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/services/add/", ServiceAddView.as_view(), name="service_add"),
    path("enquiries/", enquiry_list, name="enquiry_list"),
    path("enquiries/add/", EnquiryAddView.as_view(), name="enquiry_add"),
    path("enquiries/<int:pk>/", enquiry_detail, name="enquiry_detail"),
    path("enquiries/<int:pk>/answer/", EnquiryAnswerView.as_view(), name="enquiry_answer"),
    path("visits/", visit_list, name="visit_list"),
    path("visits/add/", VisitAddView.as_view(), name="visit_add"),
    path("visits/check/", visit_check, name="visit_check"),
    path("visits/firm/<int:organisation>/", visit_firm, name="visit_firm"),
    path("visits/<int:pk>/lead/", visit_lead, name="visit_lead"),
    path("rates/", rate_list, name="rate_list"),
    path("rates/add/", RateAddView.as_view(), name="rate_add"),
    path("zones/<slug:code>/settings/", ZoneSettingsView.as_view(), name="zone_settings"),
]
