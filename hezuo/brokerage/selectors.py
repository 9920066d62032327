"""Reads of brokerage events: match scores of two participants, the schedule grid and agendas."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from hezuo.base.access import grants, may_on
from hezuo.core.access import Action
from hezuo.core.matching.schedule import Interpreter as CoreInterpreter
from hezuo.core.matching.schedule import Participant, Problem
from hezuo.core.matching.schedule import Request as CoreRequest
from hezuo.matchdesk.choices import complement_of
from hezuo.matchdesk.selectors import index_for, profile_of

from .choices import Priority, RunStatus
from .models import BrokerageEvent, MeetingRequest, Registration, ScheduledMeeting, ScheduleRun

#: How many ranked results of the engine are looked through for the other side's opportunities.
RANK_DEPTH = 500


def pair_score(a: Registration, b: Registration) -> float | None:
    """The engine's best score of an opportunity of ``a`` for a complementary one of ``b``.

    None when the two have no opportunities of complementary kinds (or none that match).
    """
    theirs = {o.pk: o.kind for o in b.opportunities.all()}
    best: float | None = None
    today = timezone.localdate()
    for opp in a.opportunities.select_related("region").prefetch_related("industry_classes"):
        wanted = {pk for pk, kind in theirs.items() if kind == complement_of(opp.kind)}
        if not wanted:
            continue
        results = index_for(opp.complement).rank(profile_of(opp), top=RANK_DEPTH, today=today)
        for r in results:
            if int(r.profile_id) in wanted and r.score > 0:
                best = r.score if best is None else max(best, r.score)
                break  # results are best first
    return best


def request_value(priority: int, score: float | None) -> float:
    """A request's worth to the schedule: its priority, raised by the match score (0..1)."""
    return round(float(priority) * (1.0 + max(0.0, min(score or 0.0, 1.0))), 4)


def current_run(event: BrokerageEvent) -> ScheduleRun | None:
    """The latest finished schedule of ``event``."""
    return event.schedule_runs.filter(status=RunStatus.DONE).order_by("-created", "-pk").first()


def latest_run(event: BrokerageEvent) -> ScheduleRun | None:
    return event.schedule_runs.order_by("-created", "-pk").first()


def problem_of(event: BrokerageEvent) -> tuple[Problem, dict[str, int], dict[str, int]]:
    """The core's problem for ``event`` (slots from 0), and request/interpreter ids by key.

    Slots beyond the event's (left from before it was shortened) are not offered.
    """
    registrations = list(event.registrations.select_related("event"))
    participants = tuple(
        Participant(
            id=str(r.pk),
            slots=frozenset(s - 1 for s in r.slots() if 1 <= s <= event.slot_count),
            languages=frozenset(r.languages),
            needs_interpreter=r.needs_interpreter,
        )
        for r in registrations
    )
    requests = tuple(
        CoreRequest(id=str(m.pk), a=str(m.requester_id), b=str(m.requested_id), value=m.value)
        for m in event.meeting_requests.all()
    )
    interpreters = tuple(
        CoreInterpreter(
            id=str(i.pk),
            languages=frozenset(i.languages),
            slots=frozenset(s - 1 for s in i.slots() if 1 <= s <= event.slot_count),
        )
        for i in event.interpreters.select_related("event")
    )
    problem = Problem(event.slot_count, event.table_count, participants, requests, interpreters)
    return problem, {r.id: int(r.id) for r in requests}, {i.id: int(i.id) for i in interpreters}


@dataclass
class GridRow:
    slot: int
    label: str
    cells: list[ScheduledMeeting | None]


def grid(event: BrokerageEvent, run: ScheduleRun | None, *, user: Any) -> list[GridRow]:
    """The schedule as rows of slots × tables (only the meetings ``user`` may see are filled)."""
    cells: dict[tuple[int, int], ScheduledMeeting] = {}
    if run is not None:
        visible = ScheduledMeeting.objects.restrict(user, Action.VIEW).filter(run=run)
        for m in visible.select_related(
            "request__requester__organisation",
            "request__requester__person",
            "request__requested__organisation",
            "request__requested__person",
            "interpreter__person",
            "event",
        ):
            cells[m.slot, m.table] = m
    return [
        GridRow(
            slot,
            event.slot_label(slot),
            [cells.get((slot, t)) for t in range(1, event.table_count + 1)],
        )
        for slot in range(1, event.slot_count + 1)
    ]


def agenda(registration: Registration, *, user: Any) -> list[ScheduledMeeting]:
    """The meetings of ``registration`` in the current schedule that ``user`` may see, in order."""
    run = current_run(registration.event)
    if run is None:
        return []
    rows = ScheduledMeeting.objects.restrict(user, Action.VIEW).filter(run=run)
    return list(_agenda_rows(rows, registration))


def agenda_for_mail(registration: Registration) -> list[ScheduledMeeting]:
    """Every meeting of ``registration`` in the current schedule (for its own e-mail)."""
    run = current_run(registration.event)
    if run is None:
        return []
    return list(_agenda_rows(ScheduledMeeting.objects.filter(run=run), registration))


def _agenda_rows(rows: Any, registration: Registration) -> Any:
    from django.db.models import Q

    return (
        rows.filter(Q(request__requester=registration) | Q(request__requested=registration))
        .select_related(
            "request__requester__organisation",
            "request__requester__person",
            "request__requested__organisation",
            "request__requested__person",
            "interpreter__person",
            "event",
        )
        .order_by("slot", "table")
    )


def other_side(meeting: ScheduledMeeting, registration: Registration) -> Registration:
    r = meeting.request
    return r.requested if r.requester_id == registration.pk else r.requester


def own_registrations(event: BrokerageEvent, *, user: Any) -> list[Registration]:
    """The registrations of ``event`` of the organisations the user belongs to."""
    orgs: set[int] = set()
    for grant in grants(user):
        orgs |= grant.organisations
    return list(
        Registration.objects.restrict(user, Action.VIEW)
        .filter(event=event, organisation__in=orgs)
        .select_related("organisation", "person")
    )


def contact_visible(
    registration: Registration, *, user: Any, organiser: bool | None = None
) -> bool:
    """Whether ``user`` may read the registration's contact e-mail: the participant itself
    (whoever may change the registration: its organisation's members, the staff acting for it)
    and the event's organisers (staff of its program); not the other participants.

    ``organiser``: whether ``user`` organises the event, when already known (lists).
    """
    from .services import organises

    if organiser is None:
        organiser = organises(user, registration.event)
    return organiser or may_on(user, registration, Action.CHANGE)


def registration_opportunities(registration: Registration, *, user: Any) -> list[Any]:
    """The registration's opportunities ``user`` may see as the participant's: an anonymous
    one whose owner is hidden from the user is left out (it would name its owner)."""
    from hezuo.matchdesk.selectors import revealed_ids

    opps = list(registration.opportunities.all())
    shown = revealed_ids(opps, user=user)
    return [o for o in opps if o.pk in shown]


def counts(event: BrokerageEvent) -> dict[str, int]:
    return {
        "registrations": event.registrations.count(),
        "requests": event.meeting_requests.count(),
        "interpreters": event.interpreters.count(),
        "high": event.meeting_requests.filter(priority=Priority.HIGH).count(),
    }


def requests_for(event: BrokerageEvent, *, user: Any) -> Any:
    return (
        MeetingRequest.objects.restrict(user, Action.VIEW)
        .filter(event=event)
        .select_related(
            "requester__organisation",
            "requester__person",
            "requested__organisation",
            "requested__person",
        )
    )
