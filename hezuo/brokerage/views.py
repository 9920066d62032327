"""Pages of brokerage events: list, detail (registrations, requests, the slots × tables grid),
register, request a meeting, compute the schedule, send the agendas, and the printable agenda."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hezuo.base.access import may, may_on
from hezuo.base.templatetags.hezuo import field_rows, link
from hezuo.base.views import ModelViews, ObjectDetailView, restrict_choices
from hezuo.core.access import Action
from hezuo.matchdesk.models import Opportunity

from . import filtersets, forms, jobs, selectors, services, tables
from .choices import RunStatus
from .models import BrokerageEvent, Interpreter, Registration


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def schedule_context(event: BrokerageEvent, user: Any) -> dict[str, Any]:
    """What the schedule panel shows: figures, the latest run's progress and the grid."""
    run = selectors.current_run(event)
    latest = selectors.latest_run(event)
    return {
        "object": event,
        "organiser": services.organises(user, event),
        "counts": selectors.counts(event),
        "run": run,
        "latest": latest,
        "working": latest is not None and latest.status in (RunStatus.QUEUED, RunStatus.RUNNING),
        "grid": selectors.grid(event, run, user=user) if run else [],
        "tables": range(1, event.table_count + 1),
    }


@login_required
def schedule_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The schedule panel alone, polled by the event's page (htmx) while a run is computed: it
    polls again while the run is queued or running, then brings the figures and the grid."""
    event = _event(request.user, pk)
    return render(request, "brokerage/_schedule_panel.html", schedule_context(event, request.user))


class EventDetailView(ObjectDetailView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event = self.object
        user = self.request.user
        context.update(schedule_context(event, user))
        context.update(
            {
                "registrations": Registration.objects.restrict(user, Action.VIEW)
                .filter(event=event)
                .select_related("organisation", "person"),
                "meeting_requests": selectors.requests_for(event, user=user)[:300],
                "interpreters": Interpreter.objects.restrict(user, Action.VIEW)
                .filter(event=event)
                .select_related("person"),
                "own": selectors.own_registrations(event, user=user),
                "may_register": may(user, Registration, Action.ADD)
                and (event.registration_open or services.organises(user, event)),
            }
        )
        return context


class RegistrationDetailView(ObjectDetailView):
    """A participant's page: an anonymous opportunity is listed only to those who may see its
    owner, the contact e-mail (and its history) only to the participant and the organisers."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        reg, user = self.object, self.request.user
        contact = selectors.contact_visible(reg, user=user)
        opps_label = str(Registration._meta.get_field("opportunities").verbose_name)
        email_label = str(Registration._meta.get_field("contact_email").verbose_name)
        rows = []
        for label, html in field_rows({"request": self.request}, reg):
            if label == opps_label:
                shown = selectors.registration_opportunities(reg, user=user)
                html = format_html_join("、", "{}", ((link(o),) for o in shown)) if shown else "—"
            elif label == email_label and not contact and reg.contact_email:
                html = HIDDEN_CONTACT
            rows.append((label, html))
        context["rows"] = rows
        if not contact:
            for entry in context.get("history", []):
                for change in entry.changes:
                    if getattr(change, "name", "") == "contact_email":
                        change.old = HIDDEN_CONTACT if change.old else change.old
                        change.new = HIDDEN_CONTACT if change.new else change.new
        return context


#: Shown instead of a participant's contact e-mail to the other participants.
HIDDEN_CONTACT = gettext_lazy("(seen by the participant and the organisers)")


event = ModelViews(
    BrokerageEvent,
    table=tables.BrokerageEventTable,
    filterset=filtersets.BrokerageEventFilterSet,
    form=forms.BrokerageEventForm,
    queryset=BrokerageEvent.objects.select_related("program"),
    detail_class=EventDetailView,
)
registration = ModelViews(
    Registration,
    table=tables.RegistrationTable,
    filterset=filtersets.RegistrationFilterSet,
    form=forms.RegistrationForm,
    queryset=Registration.objects.select_related("event", "organisation", "person"),
    create_allowed=False,  # one registers from the event's page
    detail_class=RegistrationDetailView,
)
interpreter = ModelViews(
    Interpreter,
    table=tables.InterpreterTable,
    filterset=filtersets.InterpreterFilterSet,
    form=forms.InterpreterForm,
    queryset=Interpreter.objects.select_related("event", "person"),
)


class InterpreterEditView(interpreter.edit):  # type: ignore[name-defined,misc]
    def get_initial(self) -> dict[str, Any]:
        """A new interpreter starts at the event it is added from (``?event=``)."""
        initial: dict[str, Any] = super().get_initial()
        event = self.request.GET.get("event", "")
        if self.object is None and event.isdigit():
            initial["event"] = int(event)
        return initial


interpreter.edit = InterpreterEditView


def _event(user: Any, pk: int) -> BrokerageEvent:
    return get_object_or_404(BrokerageEvent.objects.restrict(user, Action.VIEW), pk=pk)


def _registration_form(request: HttpRequest, event: BrokerageEvent, instance: Registration) -> Any:
    initial: dict[str, Any] = {}
    if instance.pk is None:
        orgs = [m.organisation_id for m in request.user.memberships.all() if m.organisation_id]
        if len(orgs) == 1:
            initial["organisation"] = orgs[0]
        initial["contact_email"] = request.user.email
        profile = getattr(request.user, "profile", None)
        initial["agenda_language"] = getattr(profile, "language", "") or request.LANGUAGE_CODE
    form = forms.RegistrationForm(request.POST or None, instance=instance, initial=initial)
    restrict_choices(form, request.user)
    form.fields["opportunities"].queryset = Opportunity.objects.restrict(
        request.user, Action.CHANGE
    ).order_by("title")
    form.fields["available_slots"].help_text = "{} {}".format(
        form.fields["available_slots"].help_text,
        ", ".join(f"{n} = {event.slot_label(n)}" for n in range(1, event.slot_count + 1)),
    )
    return form


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register one's organisation for the event (or, for staff, any participant)."""
    event = _event(request.user, pk)
    if not may(request.user, Registration, Action.ADD):
        raise PermissionDenied
    return _registration_page(request, event, Registration(event=event))


@login_required
def registration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    instance = get_object_or_404(
        Registration.objects.restrict(request.user, Action.CHANGE).select_related("event"), pk=pk
    )
    return _registration_page(request, instance.event, instance)


def _registration_page(
    request: HttpRequest, event: BrokerageEvent, instance: Registration
) -> HttpResponse:
    form = _registration_form(request, event, instance)
    if request.method == "POST" and form.is_valid():
        reg = form.save(commit=False)
        reg.event = event
        try:
            services.save_registration(
                acting_user=request.user,
                registration=reg,
                opportunities=form.cleaned_data["opportunities"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except PermissionDenied:
            form.add_error(
                None,
                _("You may register only an organisation you work for. Nothing was saved."),
            )
        else:
            messages.success(request, _("Registered: %(name)s") % {"name": reg})
            return HttpResponseRedirect(event.get_absolute_url())
    return render(
        request,
        "brokerage/registration_form.html",
        {"form": form, "event": event, "instance": instance},
    )


@login_required
def request_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """Request a meeting with another participant, on behalf of one's own registration."""
    event = _event(request.user, pk)
    own = Registration.objects.restrict(request.user, Action.CHANGE).filter(event=event)
    if not own.exists():
        messages.error(request, _("Register for this event before requesting meetings."))
        return HttpResponseRedirect(event.get_absolute_url())
    others = Registration.objects.restrict(request.user, Action.VIEW).filter(event=event)
    initial = {}
    target = request.GET.get("to", "")
    if target.isdigit():
        initial["requested"] = int(target)
    if own.count() == 1:
        initial["requester"] = own.first()
    form = forms.MeetingRequestForm(request.POST or None, own=own, others=others, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.request_meeting(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Meeting requested: %(name)s") % {"name": made})
            return HttpResponseRedirect(event.get_absolute_url() + "#requests")
    return render(request, "brokerage/request_form.html", {"form": form, "event": event})


@login_required
@require_POST
def compute(request: HttpRequest, pk: int) -> HttpResponse:
    """Start computing the schedule (staff of the event's program)."""
    event = _event(request.user, pk)
    try:
        run = services.start_schedule(acting_user=request.user, event=event)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        jobs.start(run)
        messages.info(request, _("The schedule is being computed."))
    return HttpResponseRedirect(event.get_absolute_url() + "#schedule")


@login_required
@require_POST
def send_agendas(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request.user, pk)
    try:
        sent, no_address = services.send_agendas(acting_user=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Agendas sent: %(count)d.") % {"count": sent})
        if no_address:
            messages.warning(
                request,
                _("No e-mail address: %(names)s") % {"names": ", ".join(no_address)},
            )
    return HttpResponseRedirect(event.get_absolute_url() + "#schedule")


@login_required
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's agenda: its meetings in slot order (printable)."""
    reg = get_object_or_404(
        Registration.objects.restrict(request.user, Action.VIEW).select_related(
            "event", "organisation", "person"
        ),
        pk=pk,
    )
    meetings = selectors.agenda(reg, user=request.user)
    rows = [(m, selectors.other_side(m, reg)) for m in meetings]
    return render(
        request,
        "brokerage/agenda.html",
        {
            "registration": reg,
            "event": reg.event,
            "rows": rows,
            "run": selectors.current_run(reg.event),
            "can_change": may_on(request.user, reg, Action.CHANGE),
        },
    )


@login_required
def my_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda of the user's own registration for the event."""
    event = _event(request.user, pk)
    own = selectors.own_registrations(event, user=request.user)
    if not own:
        raise Http404(_("You are not registered for this event."))
    return HttpResponseRedirect(reverse("brokerage:agenda", args=[own[0].pk]))
