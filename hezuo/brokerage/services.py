"""The writes of brokerage events: named, keyword-only, atomic, attributed and checked.

Registering, requesting a meeting, computing the schedule and sending the agendas each take
``acting_user`` (a user, or ``base.services.SYSTEM``), check it against the role matrix
(``base.services``; staff of the event's program organise; a
participant registers its own organisation and requests meetings for it), validate through the
models' ``full_clean()`` and keep the change in history with a reason.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from hezuo.base.access import may_on
from hezuo.base.mail import message_in, send_messages
from hezuo.base.services import SYSTEM, attribute, locked, recorded_user, require
from hezuo.core.access import Action
from hezuo.core.matching.schedule import solve, solve_greedy

from . import selectors
from .choices import EventStatus, RunStatus
from .models import (
    BrokerageEvent,
    MeetingRequest,
    Registration,
    ScheduledMeeting,
    ScheduleRun,
)

log = logging.getLogger(__name__)


def _job_actor(run: ScheduleRun) -> Any:
    """The actor of a schedule job's writes: whoever started it, else the system (the demo)."""
    return run.started_by or SYSTEM


def organises(user: Any, event: BrokerageEvent) -> bool:
    """Whether ``user`` organises ``event`` (may change it: staff of its program)."""
    return may_on(user, event, Action.CHANGE)


@transaction.atomic
def save_registration(
    *,
    acting_user: Any,
    registration: Registration,
    opportunities: Iterable[Any] | None = None,
) -> Registration:
    """Register a participant (or change a registration) while registration is open.

    Organisers may register anyone at any time; a participant registers its own organisation
    before the deadline. The opportunities must belong to the registered organisation or person.
    """
    adding = registration.pk is None
    event = registration.event
    if not organises(acting_user, event) and not event.registration_open:
        raise ValidationError(_("Registration for this event is closed."))
    if adding:
        registration.registered_by = recorded_user(acting_user)
    registration.full_clean()
    chosen = list(opportunities) if opportunities is not None else None
    for opp in chosen or []:
        own = (registration.organisation_id and opp.owner_id == registration.organisation_id) or (
            registration.person_id and opp.owner_person_id == registration.person_id
        )
        if not own:
            raise ValidationError(
                {
                    "opportunities": _("%(title)s is not an opportunity of this participant.")
                    % {"title": opp.title}
                }
            )
    attribute(registration, acting_user, "registered" if adding else "registration changed")
    registration.save()
    if chosen is not None:
        registration.opportunities.set(chosen)
    require(acting_user, registration, Action.ADD if adding else Action.CHANGE)
    return registration


@transaction.atomic
def request_meeting(
    *,
    acting_user: Any,
    requester: Registration,
    requested: Registration,
    priority: int,
    note: str = "",
) -> MeetingRequest:
    """Request (or re-prioritise) a meeting of ``requester`` with ``requested``, valued for the
    schedule by its priority and the engine's score of the two sides' opportunities."""
    require(acting_user, requester, Action.CHANGE)
    require(acting_user, requested, Action.VIEW)
    event = requester.event
    if event.status == EventStatus.AGENDAS_SENT and not organises(acting_user, event):
        raise ValidationError(_("The agendas of this event are already sent."))
    found = MeetingRequest.objects.filter(requester=requester, requested=requested).first()
    adding = found is None
    meeting = found or MeetingRequest(event=event, requester=requester, requested=requested)
    meeting.event = event
    meeting.priority = priority
    meeting.note = note
    meeting.program = event.program
    if adding:
        meeting.requested_by = recorded_user(acting_user)
    meeting.full_clean()
    meeting.score = selectors.pair_score(requester, requested)
    if meeting.score is None:
        reverse = selectors.pair_score(requested, requester)
        meeting.score = reverse
    meeting.value = selectors.request_value(meeting.priority, meeting.score)
    attribute(meeting, acting_user, "meeting requested" if adding else "request changed")
    meeting.save()
    meeting.parties.set(
        [r.organisation_id for r in (requester, requested) if r.organisation_id is not None]
    )
    require(acting_user, meeting, Action.ADD if adding else Action.CHANGE)
    return meeting


@transaction.atomic
def change_meeting_request(
    *, acting_user: Any, meeting_request: MeetingRequest, priority: int, note: str
) -> MeetingRequest:
    """Change a request's priority or note (either side, or the organisers)."""
    require(acting_user, meeting_request, Action.CHANGE)
    event = meeting_request.event
    if event.status == EventStatus.AGENDAS_SENT and not organises(acting_user, event):
        raise ValidationError(_("The agendas of this event are already sent."))
    meeting_request.priority = priority
    meeting_request.note = note
    meeting_request.full_clean()
    meeting_request.value = selectors.request_value(priority, meeting_request.score)
    attribute(meeting_request, acting_user, "request changed")
    meeting_request.save()
    require(acting_user, meeting_request, Action.CHANGE)
    return meeting_request


@transaction.atomic
def start_schedule(*, acting_user: Any, event: BrokerageEvent) -> ScheduleRun:
    """Queue a computation of ``event``'s schedule (run by :mod:`hezuo.brokerage.jobs`)."""
    require(acting_user, event, Action.CHANGE)
    # two organisers clicking at once: the second waits here and then sees the first's run
    locked(event)
    running = event.schedule_runs.filter(
        status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
        created__gte=timezone.now() - timedelta(hours=1),
    )
    if running.exists():
        raise ValidationError(_("A schedule is already being computed for this event."))
    if not event.meeting_requests.exists():
        raise ValidationError(_("No meeting has been requested yet: nothing to schedule."))
    run = ScheduleRun(event=event, started_by=recorded_user(acting_user))
    attribute(run, acting_user, "schedule requested")
    run.save()
    return run


def compute_schedule(*, run: ScheduleRun) -> ScheduleRun:
    """Solve the run's event, store its meetings, and mark the run done (or failed).

    The solver and the greedy baseline run outside any transaction; their result is written in
    one, so a failed run leaves no meeting behind and the previous schedule stays current.
    """
    event = run.event
    ScheduleRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    problem, request_ids, interpreter_ids = selectors.problem_of(event)
    best = solve(problem, time_limit=float(event.time_limit))
    greedy = solve_greedy(problem)
    with transaction.atomic():
        rows = [
            ScheduledMeeting(
                run=run,
                event=event,
                request_id=request_ids[p.request],
                slot=p.slot + 1,
                table=p.table + 1,
                interpreter_id=interpreter_ids[p.interpreter] if p.interpreter else None,
                is_synthetic=event.is_synthetic,
            )
            for p in best.placements
        ]
        bulk_create_with_history(rows, ScheduledMeeting, default_user=run.started_by)
        run.status = RunStatus.DONE
        run.solver_status = best.status
        run.finished_at = timezone.now()
        run.requested = best.requested
        run.requested_value = best.requested_value
        run.scheduled = len(best.placements)
        run.value = best.value
        run.bound = best.bound
        run.greedy_scheduled = len(greedy.placements)
        run.greedy_value = greedy.value
        run.seconds = round(best.seconds, 3)
        attribute(run, _job_actor(run), f"schedule {best.status}")
        run.save()
        if event.status in (EventStatus.DRAFT, EventStatus.OPEN, EventStatus.CLOSED):
            event.status = EventStatus.SCHEDULED
            attribute(event, _job_actor(run), "schedule computed")
            event.save()
    return run


def fail_schedule(*, run: ScheduleRun, error: str) -> None:
    run.status = RunStatus.FAILED
    run.error = error[:2000]
    run.finished_at = timezone.now()
    attribute(run, _job_actor(run), "schedule failed")
    run.save()


def agenda_message(registration: Registration) -> EmailMultiAlternatives:
    """The agenda e-mail of one participant, in the language of its registration."""
    event = registration.event
    meetings = selectors.agenda_for_mail(registration)
    rows = [(m, selectors.other_side(m, registration)) for m in meetings]
    return message_in(
        registration.agenda_language,
        to=registration.contact_email,
        subject=lambda: (
            _("Your agenda for %(event)s on %(date)s: %(count)d meetings")
            % {"event": event.title, "date": event.date.isoformat(), "count": len(rows)}
        ),
        template="brokerage/email/agenda",
        context={"event": event, "registration": registration, "rows": rows},
        link=reverse("brokerage:agenda", args=[registration.pk]),
    )


def send_agendas(*, acting_user: Any, event: BrokerageEvent) -> tuple[int, list[str]]:
    """E-mail every participant its agenda in its language; return (sent, without address)."""
    require(acting_user, event, Action.CHANGE)
    if selectors.current_run(event) is None:
        raise ValidationError(_("Compute the schedule before sending the agendas."))
    messages, no_address = [], []
    for registration in event.registrations.select_related("organisation", "person", "event"):
        if registration.contact_email:
            messages.append(agenda_message(registration))
        else:
            no_address.append(str(registration))
    sent = send_messages(messages)
    with transaction.atomic():
        event.agendas_sent_at = timezone.now()
        event.status = EventStatus.AGENDAS_SENT
        attribute(event, acting_user, f"agendas sent: {sent}")
        event.save()
    return sent, no_address
