"""Pages for a project's milestones, figures and services, and for enquiries, aftercare visits,
exchange rates, zone settings and possible duplicates.

Reads go through ``restrict(user)`` and the selectors; every write goes through a function of
``hezuo.projects.services`` with ``acting_user`` (which checks the role matrix again and keeps the
change in the record's history with the user and a reason). A page the user's role does not
allow answers 403 (audited), a record out of scope 404, an anonymous visitor goes to the login.

Forms open in a modal through htmx (the form's fragment alone) or, without JavaScript, as a page
of their own; a successful write answers htmx with ``HX-Redirect``, a plain POST with a redirect.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any
from urllib.parse import urlsplit

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
from django.views.decorators.http import require_POST

from hezuo.accounts.audit import note_unmasked
from hezuo.base.access import access_filter, grants, may, may_on
from hezuo.base.history import history_entries
from hezuo.core import money
from hezuo.core.access import Action, Scope, scope_for
from hezuo.directory.models import Organisation
from hezuo.regions.choices import ProgramKind
from hezuo.regions.models import Program

from . import record_forms as forms
from . import selectors, services
from .choices import MONEY_FIGURES, FigureKind, RateSource
from .models import (
    AftercareVisit,
    Enquiry,
    ExchangeRate,
    Milestone,
    Project,
    ProjectFigure,
    ServiceLogEntry,
)

PAGE_SIZE = 50
DUPLICATES_PAGE_SIZE = 10

# --- helpers ---------------------------------------------------------------------------------------


def _project(request: HttpRequest, pk: int, action: str = Action.VIEW) -> Project:
    """Return the project ``pk`` the user may see (else 404), checking ``action`` on it (403)."""
    project = get_object_or_404(
        Project.objects.restrict(request.user, Action.VIEW).select_related("program"), pk=pk
    )
    if action != Action.VIEW and not may_on(request.user, project, action):
        raise PermissionDenied
    return project


def _finish(request: HttpRequest, url: str, message: str) -> HttpResponse:
    """Answer a successful write: a redirect (htmx: HX-Redirect) with a message for the next page."""
    messages.success(request, message)
    if getattr(request, "htmx", False):
        current = urlsplit(request.htmx.current_url or "")
        if current.path == urlsplit(url).path and not current.query:
            # the page the modal was opened on: reload it (a change of #fragment alone would not)
            return HttpResponse(status=204, headers={"HX-Refresh": "true"})
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return HttpResponseRedirect(url)


def _form_page(
    request: HttpRequest, context: dict[str, Any], fragment: str = "projects/records/_form.html"
) -> HttpResponse:
    """Render a form: its fragment alone for htmx (the modal), else a page around it."""
    context.setdefault("fragment", fragment)
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        return render(request, fragment, context)
    return render(request, "projects/records/form_page.html", context)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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


def _zone(code: str) -> Program:
    return get_object_or_404(Program, code=code)


# --- on a project: milestones, figures, services -----------------------------------------------


def figure_rows(project: Project, *, on: date) -> list[dict[str, Any]]:
    """Return per figure kind the latest figure with its CNY conversion and its whole history."""
    figures = list(ProjectFigure.objects.filter(project=project).order_by("-recorded_on", "-pk"))
    table = selectors.rate_table({f.currency for f in figures if f.currency}, until=on)
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for figure in figures:
        conversion, error = None, ""
        if figure.kind in MONEY_FIGURES and figure.currency:
            try:
                conversion = table.convert(figure.amount, figure.currency, figure.recorded_on)
            except money.NoRate as exc:
                error = _("No %(currency)s rate on or before %(date)s.") % {
                    "currency": exc.currency,
                    "date": exc.on.isoformat(),
                }
        by_kind[figure.kind].append({"figure": figure, "conversion": conversion, "error": error})
    rows = []
    for kind, label in FigureKind.choices:
        history = by_kind.get(kind, [])
        rows.append(
            {
                "kind": kind,
                "label": label,
                "latest": history[0] if history else None,
                "history": history,
                "is_money": kind in MONEY_FIGURES,
            }
        )
    return rows


def records_context(request: HttpRequest, project: Project) -> dict[str, Any]:
    today = timezone.localdate()
    milestones = list(
        Milestone.objects.filter(project=project).select_related("owner").order_by("planned_on")
    )
    for m in milestones:
        m.overdue = m.is_overdue(today)  # type: ignore[attr-defined]
    services_ = list(
        ServiceLogEntry.objects.filter(project=project)
        .select_related("office")
        .order_by("-provided_on", "-pk")
    )
    return {
        "project": project,
        "milestones": milestones,
        "overdue_count": sum(1 for m in milestones if m.overdue),  # type: ignore[attr-defined]
        "figures": figure_rows(project, on=today),
        "services": services_,
        "can_change": project.is_active and may_on(request.user, project, Action.CHANGE),
        "today": today,
    }


@login_required
def project_records(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's milestones, figures and services: the panel of its detail page."""
    project = _project(request, pk)
    context = records_context(request, project)
    if getattr(request, "htmx", False):
        return render(request, "projects/records/_panel.html", context)
    return render(request, "projects/records/project_records.html", context)


@login_required
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, Action.CHANGE)
    form = forms.MilestoneForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            milestone = services.add_milestone(
                project=project,
                title_zh_hans=data["title_zh_hans"],
                title_ja=data["title_ja"],
                title_en=data["title_en"],
                planned_on=data["planned_on"],
                owner=data["owner"],
                stage=data["stage"] or "",
                note=data["note"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            forms.add_errors(form, exc)
        else:
            return _finish(
                request,
                project.get_absolute_url() + "#records",
                _("Milestone added: %(name)s") % {"name": milestone},
            )
    return _form_page(
        request,
        {
            "form": form,
            "project": project,
            "title": _("Add a milestone"),
            "action": reverse("projects:milestone_add", args=[project.pk]),
        },
    )


@login_required
def milestone_done(request: HttpRequest, pk: int, milestone: int) -> HttpResponse:
    project = _project(request, pk, Action.CHANGE)
    item = get_object_or_404(Milestone, project=project, pk=milestone)
    form = forms.MilestoneDoneForm(
        request.POST or None,
        initial={"actual_on": timezone.localdate(), "note": item.note, "version": item.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.complete_milestone(
                milestone=item,
                actual_on=data["actual_on"],
                note=data["note"],
                acting_user=request.user,
                version=data["version"],
            )
        except ValidationError as exc:
            forms.add_errors(form, exc)
        else:
            return _finish(
                request,
                project.get_absolute_url() + "#records",
                _("Milestone done: %(name)s") % {"name": item},
            )
    return _form_page(
        request,
        {
            "form": form,
            "project": project,
            "record": item,
            "title": _("Mark the milestone done"),
            "action": reverse("projects:milestone_done", args=[project.pk, item.pk]),
        },
    )


@login_required
def figure_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, Action.CHANGE)
    initial = {"recorded_on": timezone.localdate(), "currency": "CNY"}
    if request.GET.get("kind") in FigureKind.values:
        initial["kind"] = request.GET["kind"]
    form = forms.FigureForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            figure = services.record_figure(
                project=project,
                kind=data["kind"],
                amount=data["amount"],
                currency=data["currency"],
                recorded_on=data["recorded_on"],
                note=data["note"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            forms.add_errors(form, exc)
        else:
            return _finish(
                request,
                project.get_absolute_url() + "#records",
                _("Figure recorded: %(name)s") % {"name": figure},
            )
    return _form_page(
        request,
        {
            "form": form,
            "project": project,
            "title": _("Record a figure"),
            "action": reverse("projects:figure_add", args=[project.pk]),
            "currencies": forms.COMMON_CURRENCIES,
        },
    )


@login_required
def service_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, Action.CHANGE)
    initial = {"provided_on": timezone.localdate(), "office": project.responsible_organisation_id}
    form = forms.ServiceForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.log_service(
                project=project,
                kind=data["kind"],
                provided_on=data["provided_on"],
                office=data["office"],
                description=data["description"],
                outcome=data["outcome"],
                outcome_note=data["outcome_note"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            forms.add_errors(form, exc)
        else:
            return _finish(request, project.get_absolute_url() + "#records", _("Service logged."))
    return _form_page(
        request,
        {
            "form": form,
            "project": project,
            "title": _("Log a service"),
            "action": reverse("projects:service_add", args=[project.pk]),
        },
    )


# --- enquiries -------------------------------------------------------------------------------------


def enquiry_programs(user: Any) -> QuerySet[Program]:
    """Zones and programs a filter offers: those with enquiries the user sees, and their own."""
    seen = Enquiry.objects.restrict(user, Action.VIEW).values("program")
    return Program.objects.filter(
        Q(pk__in=seen) | Q(pk__in=writable_programs(user).values("pk")) | Q(kind=ProgramKind.ZONE)
    ).order_by("kind", "code")


def filter_enquiries(queryset: QuerySet[Enquiry], data: dict[str, Any], today: date) -> Any:
    if data.get("program"):
        queryset = queryset.filter(program=data["program"])
    if data.get("officer"):
        queryset = queryset.filter(officer=data["officer"])
    status = data.get("status")
    if status == "answered":
        queryset = queryset.filter(answered_at__isnull=False)
    elif status == "open":
        queryset = queryset.filter(answered_at__isnull=True).filter(
            Q(respond_by__gte=today) | Q(respond_by__isnull=True)
        )
    elif status == "overdue":
        queryset = queryset.filter(answered_at__isnull=True, respond_by__lt=today)
    elif status == "escalated":
        queryset = queryset.filter(escalated_at__isnull=False)
    q = (data.get("q") or "").strip()
    if q:
        queryset = queryset.filter(
            Q(question__icontains=q)
            | Q(investor_name__icontains=q)
            | Q(investor__name_zh_hans__icontains=q)
            | Q(investor__name_ja__icontains=q)
            | Q(investor__name_en__icontains=q)
        )
    return queryset


@login_required
def enquiry_list(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    visible = Enquiry.objects.restrict(user, Action.VIEW).select_related(
        "program", "investor", "officer"
    )
    form = forms.EnquiryFilterForm(request.GET or None, programs=enquiry_programs(user))
    data = form.cleaned_data if form.is_valid() else {}
    rows = filter_enquiries(visible, data, today).order_by("-received_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for enquiry in page:
        enquiry.overdue = enquiry.is_overdue(today)
    unanswered = visible.filter(answered_at__isnull=True)
    if data.get("program"):
        unanswered = unanswered.filter(program=data["program"])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/records/enquiry_list.html",
        {
            "filter_form": form,
            "page": page,
            "count": page.paginator.count,
            "open_count": unanswered.count(),
            "overdue_count": unanswered.filter(respond_by__lt=today).count(),
            "escalated_count": unanswered.filter(escalated_at__isnull=False).count(),
            "can_add": bool(writable_programs(user).exists()),
            "query": query.urlencode(),
            "today": today,
        },
    )


@login_required
def enquiry_add(request: HttpRequest) -> HttpResponse:
    user = request.user
    programs = writable_programs(user)
    if not programs.exists():
        raise PermissionDenied
    initial = {
        "received_at": timezone.localtime().replace(second=0, microsecond=0),
        "program": _home_program(user),
        "language": "ja",
    }
    if forms.office_users().filter(pk=user.pk).exists():
        initial["officer"] = user.pk
    form = forms.EnquiryForm(request.POST or None, user=user, programs=programs, initial=initial)
    if not may(user, Enquiry, Action.PERSONAL):
        del form.fields["contact"]  # not shown, so not set either (as the record's edit page)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enquiry = services.record_enquiry(
                program=data["program"],
                received_at=data["received_at"],
                question=data["question"],
                channel=data["channel"],
                language=data["language"],
                investor=data["investor"],
                investor_name=data["investor_name"],
                contact=data.get("contact", ""),
                officer=data["officer"],
                acting_user=user,
            )
        except ValidationError as exc:
            forms.add_errors(form, exc)
        except PermissionDenied:
            form.add_error(
                None,
                _(
                    "You may not save this record like this: it would fall outside the "
                    "programs, organisations or regions you work for. Nothing was saved."
                ),
            )
        else:
            return _finish(
                request,
                reverse("projects:enquiry_detail", args=[enquiry.pk]),
                _("Enquiry recorded; to be answered by %(date)s.")
                % {"date": enquiry.respond_by.isoformat() if enquiry.respond_by else "—"},
            )
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Record an enquiry"),
            "action": reverse("projects:enquiry_add"),
            "back": reverse("projects:enquiry_list"),
            "hint": _(
                "The deadline to answer follows from the zone's settings; an enquiry left "
                "unanswered after it is escalated to the zone's administrators."
            ),
        },
    )


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
    unmasked = may_on(user, enquiry, Action.PERSONAL)
    contact = enquiry.contact
    if contact and unmasked:
        note_unmasked(request, enquiry, ["contact"])
    elif contact:
        from hezuo.base.access import mask_value

        contact = mask_value("contact", contact)
    can_answer = may_on(user, enquiry, Action.CHANGE) and enquiry.answered_at is None
    history = history_entries(enquiry, user=request.user)
    if not unmasked:
        from hezuo.base.history import mask_personal

        for entry in history:
            mask_personal(entry.changes, enquiry, unmasked=False, request=request)
    return render(
        request,
        "projects/records/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "contact": contact,
            "overdue": enquiry.overdue,  # type: ignore[attr-defined]
            "deadline": enquiry.respond_by or enquiry.deadline_from_settings(),
            "escalated_to": list(enquiry.escalated_to.all()),
            "answer_form": forms.AnswerForm(initial={"version": enquiry.version})
            if can_answer
            else None,
            "history": history,
            "today": today,
        },
    )


@login_required
def enquiry_answer(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = _enquiry(request, pk)
    if not may_on(request.user, enquiry, Action.CHANGE):
        raise PermissionDenied
    form = forms.AnswerForm(request.POST or None, initial={"version": enquiry.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_enquiry(
                enquiry=enquiry,
                answer=data["answer"],
                answered_at=data["answered_at"],
                acting_user=request.user,
                version=data["version"],
            )
        except ValidationError as exc:
            forms.add_errors(form, exc)
        else:
            return _finish(
                request,
                reverse("projects:enquiry_detail", args=[enquiry.pk]),
                _("Answer recorded."),
            )
    return _form_page(
        request,
        {
            "form": form,
            "record": enquiry,
            "title": _("Answer the enquiry"),
            "action": reverse("projects:enquiry_answer", args=[enquiry.pk]),
            "back": reverse("projects:enquiry_detail", args=[enquiry.pk]),
            "quote": enquiry.question,
        },
    )


# --- aftercare visits -------------------------------------------------------------------------------


def filter_visits(queryset: QuerySet[AftercareVisit], data: dict[str, Any]) -> Any:
    if data.get("program"):
        queryset = queryset.filter(program=data["program"])
    if data.get("office"):
        queryset = queryset.filter(visiting_office=data["office"])
    if data.get("expansion"):
        queryset = queryset.filter(expansion_intention=True)
    q = (data.get("q") or "").strip()
    if q:
        queryset = queryset.filter(
            Q(organisation__name_zh_hans__icontains=q)
            | Q(organisation__name_ja__icontains=q)
            | Q(organisation__name_en__icontains=q)
            | Q(issues__icontains=q)
            | Q(follow_ups__icontains=q)
        )
    return queryset


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = AftercareVisit.objects.restrict(user, Action.VIEW).select_related(
        "program", "organisation", "visiting_office", "project", "lead"
    )
    form = forms.VisitFilterForm(request.GET or None)
    form.fields["program"].queryset = Program.objects.filter(
        Q(pk__in=visible.values("program")) | Q(pk__in=writable_programs(user).values("pk"))
    ).order_by("kind", "code")
    form.fields["office"].queryset = Organisation.objects.filter(
        pk__in=visible.values("visiting_office")
    ).order_by("name_zh_hans")
    data = form.cleaned_data if form.is_valid() else {}
    rows = filter_visits(visible, data).order_by("-visited_on", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    # How many offices visited each firm listed, to show where visits overlap.
    firms = {v.organisation_id for v in page}
    offices: dict[int, set[int]] = defaultdict(set)
    for firm, office in visible.filter(organisation__in=firms).values_list(
        "organisation", "visiting_office"
    ):
        offices[firm].add(office)
    for visit in page:
        visit.office_count = len(offices[visit.organisation_id])
        visit.can_lead = (
            visit.expansion_intention
            and visit.lead_id is None
            and may(user, Project, Action.ADD)
            and may_on(user, visit, Action.CHANGE)
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/records/visit_list.html",
        {
            "filter_form": form,
            "page": page,
            "count": page.paginator.count,
            "can_add": writable_programs(user).exists(),
            "query": query.urlencode(),
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


@login_required
def visit_add(request: HttpRequest) -> HttpResponse:
    user = request.user
    programs = writable_programs(user)
    if not programs.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {"visited_on": timezone.localdate(), "program": _home_program(user)}
    if request.GET.get("organisation"):
        initial["organisation"] = _int(request.GET["organisation"])
    form = forms.VisitForm(request.POST or None, user=user, programs=programs, initial=initial)
    others: list[AftercareVisit] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        others = _others(request, data)
        if others and request.POST.get("acknowledged") != "1":
            form.add_error(
                None,
                _(
                    "Other offices visited this firm in the last 180 days (listed below). "
                    "Read their notes, then save again to confirm your visit."
                ),
            )
        else:
            try:
                visit = services.record_visit(
                    program=data["program"],
                    organisation=data["organisation"],
                    visiting_office=data["visiting_office"],
                    visited_on=data["visited_on"],
                    participants=data["participants"],
                    issues=data["issues"],
                    follow_ups=data["follow_ups"],
                    expansion_intention=data["expansion_intention"],
                    expansion_note=data["expansion_note"],
                    project=data["project"],
                    acting_user=user,
                )
            except ValidationError as exc:
                forms.add_errors(form, exc)
            except PermissionDenied:
                form.add_error(
                    None,
                    _(
                        "You may not save this record like this: it would fall outside the "
                        "programs, organisations or regions you work for. Nothing was saved."
                    ),
                )
            else:
                if visit.lead_id:
                    return _finish(
                        request,
                        visit.lead.get_absolute_url(),  # type: ignore[union-attr]
                        _("Visit logged; the expansion intention is now the lead %(code)s.")
                        % {"code": visit.lead.code},  # type: ignore[union-attr]
                    )
                return _finish(
                    request,
                    reverse("projects:visit_firm", args=[visit.organisation_id]),
                    _("Visit logged."),
                )
    elif request.method == "POST":
        others = _others(request, {k: v for k, v in form.cleaned_data.items()})
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Log an aftercare visit"),
            "action": reverse("projects:visit_add"),
            "back": reverse("projects:visit_list"),
            "others": others,
            "acknowledge": bool(others),
            "check_url": reverse("projects:visit_check"),
        },
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
    return render(request, "projects/records/_visit_warning.html", {"others": others})


@login_required
def visit_firm(request: HttpRequest, organisation: int) -> HttpResponse:
    """The visit log of one firm, shared by every office that visits it."""
    firm = get_object_or_404(
        Organisation.objects.restrict(request.user, Action.VIEW), pk=organisation
    )
    visits = list(
        selectors.visits_to(firm, user=request.user)
        .select_related("program")
        .order_by("-visited_on", "-pk")
    )
    user = request.user
    for visit in visits:
        visit.can_lead = (
            visit.expansion_intention
            and visit.lead_id is None
            and may(user, Project, Action.ADD)
            and may_on(user, visit, Action.CHANGE)
        )
    recent = timezone.localdate() - timedelta(days=180)
    return render(
        request,
        "projects/records/visit_firm.html",
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
        return HttpResponseRedirect(reverse("projects:visit_firm", args=[visit.organisation_id]))
    return _finish(
        request,
        lead.get_absolute_url(),
        _("New lead %(code)s made from the visit.") % {"code": lead.code},
    )


# --- exchange rates ----------------------------------------------------------------------------------


@login_required
def rate_list(request: HttpRequest) -> HttpResponse:
    if not may(request.user, ExchangeRate, Action.VIEW):
        raise PermissionDenied
    form = forms.RateFilterForm(request.GET or None)
    rows = ExchangeRate.objects.select_related("entered_by")
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("currency"):
        rows = rows.filter(currency=data["currency"].strip().upper())
    if data.get("source"):
        rows = rows.filter(source=data["source"])
    if data.get("date_from"):
        rows = rows.filter(date__gte=data["date_from"])
    if data.get("date_to"):
        rows = rows.filter(date__lte=data["date_to"])
    rows = rows.order_by("-date", "currency", "-source")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
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
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/records/rate_list.html",
        {
            "filter_form": form,
            "page": page,
            "count": page.paginator.count,
            "latest": latest,
            "official_count": ExchangeRate.objects.filter(source=RateSource.OFFICIAL).count(),
            "can_add": may(request.user, Project, Action.CHANGE),
            "query": query.urlencode(),
        },
    )


@login_required
def rate_add(request: HttpRequest) -> HttpResponse:
    if not may(request.user, Project, Action.CHANGE):
        raise PermissionDenied
    form = forms.RateForm(
        request.POST or None, user=request.user, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rate = services.add_official_rate(
                currency=data["currency"],
                on=data["date"],
                rate=data["rate"],
                note=data["note"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            forms.add_errors(form, exc)
        else:
            return _finish(
                request,
                reverse("projects:rate_list") + f"?currency={rate.currency}",
                _("Official rate saved: %(rate)s") % {"rate": rate},
            )
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Add an official rate"),
            "action": reverse("projects:rate_add"),
            "back": reverse("projects:rate_list"),
            "currencies": forms.COMMON_CURRENCIES[1:],
            "hint": _(
                "An official rate takes precedence over the European Central Bank's rate of the "
                "same day and of earlier days, until a later rate is published. Give CNY for ONE "
                "unit (divide a rate quoted per 100 JPY by 100)."
            ),
        },
    )


# --- zone settings -----------------------------------------------------------------------------------


@login_required
def zone_settings(request: HttpRequest, code: str) -> HttpResponse:
    program = _zone(code)
    if program.kind != ProgramKind.ZONE:
        raise Http404
    if not may_on(request.user, program, Action.VIEW):
        raise PermissionDenied
    can_change = may_on(request.user, program, Action.CHANGE)
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    current = selectors.zone_settings(program)
    stuck = current.stuck_days if isinstance(current.stuck_days, dict) else {}
    form = forms.ZoneSettingsForm(
        request.POST or None,
        current=stuck,
        initial={"enquiry_response_days": current.enquiry_response_days},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_zone_settings(
                program=program,
                enquiry_response_days=form.cleaned_data["enquiry_response_days"],
                stuck_days=form.stuck_days(),
                acting_user=request.user,
            )
        except ValidationError as exc:
            forms.add_errors(form, exc)
        else:
            return _finish(
                request,
                reverse("projects:zone_settings", args=[program.code]),
                _("Zone settings saved."),
            )
    return render(
        request,
        "projects/records/zone_settings.html",
        {
            "program": program,
            "form": form,
            "settings": current,
            "zone": program,
            "thresholds": [
                (stage, label, current.thresholds().get(stage))
                for stage, label in forms.STUCK_STAGES
            ],
            "can_change": can_change,
            "history": history_entries(current, user=request.user) if current.pk else [],
        },
    )


# --- possible duplicates -----------------------------------------------------------------------------


def _pair(
    request: HttpRequest, code: str, first: int, second: int
) -> tuple[Program, Project, Project]:
    program = _zone(code)
    projects = Project.objects.restrict(request.user, Action.VIEW).filter(program=program)
    a = get_object_or_404(projects, pk=first)
    b = get_object_or_404(projects, pk=second)
    if a.pk == b.pk:
        raise Http404
    if not (may_on(request.user, a, Action.CHANGE) and may_on(request.user, b, Action.CHANGE)):
        raise PermissionDenied
    return program, a, b


def _pair_context(
    request: HttpRequest, pairs: list[selectors.DuplicatePair]
) -> list[dict[str, Any]]:
    user = request.user
    ids = {p.pk for pair in pairs for p in (pair.first, pair.second)}
    figures = selectors.latest_figures(
        ids, on=timezone.localdate(), kinds=[FigureKind.CONTRACTED_INVESTMENT]
    )
    rows = []
    for pair in pairs:
        prefix = f"{pair.first.pk}_{pair.second.pk}"
        can_act = may_on(user, pair.first, Action.CHANGE) and may_on(
            user, pair.second, Action.CHANGE
        )
        rows.append(
            {
                "pair": pair,
                "key": prefix,
                "percent": round(pair.similarity * 100),
                "sides": [
                    {
                        "project": p,
                        "investment": figures.get(p.pk, {}).get(FigureKind.CONTRACTED_INVESTMENT),
                        "agreements": list(p.agreements.all()),
                        "investors": [
                            party.organisation
                            for party in p.parties.all()
                            if party.role == "investor"
                        ],
                    }
                    for p in (pair.first, pair.second)
                ],
                "can_act": can_act,
                # merging archives one of them: the role must be allowed to archive it
                "merge_form": forms.MergeForm(
                    pair=(pair.first, pair.second), auto_id=f"id_{prefix}_%s"
                )
                if can_act
                and (
                    may_on(user, pair.first, Action.DELETE)
                    or may_on(user, pair.second, Action.DELETE)
                )
                else None,
                "dismiss_form": forms.DismissForm(auto_id=f"id_{prefix}_dismiss_%s")
                if can_act
                else None,
            }
        )
    return rows


@login_required
def duplicate_list(request: HttpRequest, code: str) -> HttpResponse:
    program = _zone(code)
    if not may(request.user, Project, Action.VIEW):
        raise PermissionDenied
    pairs = selectors.possible_duplicates(program, user=request.user)
    page = Paginator(pairs, DUPLICATES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/records/duplicate_list.html",
        {
            "program": program,
            "zone": program,
            "page": page,
            "count": len(pairs),
            "rows": _pair_context(request, list(page)),
            "threshold": f"{round(selectors.DUPLICATE_SIMILARITY * 100)}%",
        },
    )


@login_required
@require_POST
def duplicate_merge(request: HttpRequest, code: str, first: int, second: int) -> HttpResponse:
    program, a, b = _pair(request, code, first, second)
    form = forms.MergeForm(request.POST, pair=(a, b))
    if form.is_valid():
        keep = form.cleaned_data["keep"]
        merge = b if keep.pk == a.pk else a
        try:
            services.merge_projects(
                keep=keep, merge=merge, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as exc:
            forms.add_errors(form, exc)
        except PermissionDenied:
            form.add_error(None, _("Your role may not archive the project merged away."))
        else:
            return _finish(
                request,
                keep.get_absolute_url(),
                _("%(merged)s merged into %(kept)s.") % {"merged": merge.code, "kept": keep.code},
            )
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Merge the duplicates"),
            "action": reverse("projects:duplicate_merge", args=[program.code, a.pk, b.pk]),
            "back": reverse("projects:duplicate_list", args=[program.code]),
        },
    )


@login_required
@require_POST
def duplicate_dismiss(request: HttpRequest, code: str, first: int, second: int) -> HttpResponse:
    program, a, b = _pair(request, code, first, second)
    form = forms.DismissForm(request.POST)
    if form.is_valid():
        try:
            services.dismiss_duplicate(
                first=a, second=b, reason=form.cleaned_data["reason"], acting_user=request.user
            )
        except ValidationError as exc:
            forms.add_errors(form, exc)
        else:
            return _finish(
                request,
                reverse("projects:duplicate_list", args=[program.code]),
                _("Marked as distinct: %(first)s and %(second)s.")
                % {"first": a.code, "second": b.code},
            )
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Not a duplicate"),
            "action": reverse("projects:duplicate_dismiss", args=[program.code, a.pk, b.pk]),
            "back": reverse("projects:duplicate_list", args=[program.code]),
        },
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/records/", project_records, name="project_records"),
    path("<int:pk>/milestones/add/", milestone_add, name="milestone_add"),
    path("<int:pk>/milestones/<int:milestone>/done/", milestone_done, name="milestone_done"),
    path("<int:pk>/figures/add/", figure_add, name="figure_add"),
    path("<int:pk>/services/add/", service_add, name="service_add"),
    path("enquiries/", enquiry_list, name="enquiry_list"),
    path("enquiries/add/", enquiry_add, name="enquiry_add"),
    path("enquiries/<int:pk>/", enquiry_detail, name="enquiry_detail"),
    path("enquiries/<int:pk>/answer/", enquiry_answer, name="enquiry_answer"),
    path("visits/", visit_list, name="visit_list"),
    path("visits/add/", visit_add, name="visit_add"),
    path("visits/check/", visit_check, name="visit_check"),
    path("visits/firm/<int:organisation>/", visit_firm, name="visit_firm"),
    path("visits/<int:pk>/lead/", visit_lead, name="visit_lead"),
    path("rates/", rate_list, name="rate_list"),
    path("rates/add/", rate_add, name="rate_add"),
    path("zones/<slug:code>/settings/", zone_settings, name="zone_settings"),
    path("zones/<slug:code>/duplicates/", duplicate_list, name="duplicate_list"),
    path(
        "zones/<slug:code>/duplicates/<int:first>/<int:second>/merge/",
        duplicate_merge,
        name="duplicate_merge",
    ),
    path(
        "zones/<slug:code>/duplicates/<int:first>/<int:second>/dismiss/",
        duplicate_dismiss,
        name="duplicate_dismiss",
    ),
]
