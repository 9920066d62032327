"""The writes that matter on the matchmaking desk: named, keyword-only, atomic and attributed.

Each function takes ``acting_user`` (a user, or ``base.services.SYSTEM``), checks through the
role matrix (``base.services``) that the user may do what it asks, validates through the models' ``full_clean()``, and keeps the change in history with a
reason. Views and the API call these; none of them writes interests or meetings directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.base.access import lock_rows, may_on
from hezuo.base.services import SYSTEM, attribute, recorded_user, refusal, require
from hezuo.core.access import Action

from .choices import InterestStatus, MeetingOutcome, SuggestionOutcome, offer_side
from .models import Interest, Meeting, Opportunity, Suggestion

#: Days the other side has to answer an expression of interest (setting MATCHING_RESPONSE_DAYS).
RESPONSE_DAYS = 10
#: Days before the deadline the other side is reminded (setting MATCHING_REMIND_DAYS).
REMIND_DAYS = 3


def response_days() -> int:
    """Days the other side has to answer an expression of interest."""
    return int(getattr(settings, "MATCHING_RESPONSE_DAYS", RESPONSE_DAYS))


def remind_days() -> int:
    """Days before its deadline an unanswered interest is reminded to the other side."""
    return int(getattr(settings, "MATCHING_REMIND_DAYS", REMIND_DAYS))


def _parties(*opps: Opportunity) -> list[int]:
    return [o.owner_id for o in opps if o.owner_id is not None]


def publish_opportunity(*, acting_user: Any, opportunity: Opportunity, adding: bool) -> None:
    """Save an opportunity made by a form or the API, attributed to its publisher."""
    if adding:
        opportunity.published_by = recorded_user(acting_user)
    opportunity.full_clean()
    attribute(opportunity, acting_user, "published" if adding else "changed")
    opportunity.save()


@transaction.atomic
def log_suggestions(*, opportunity: Opportunity, shown_to: Any, matches: Sequence[Any]) -> int:
    """Log each match shown to ``shown_to`` on ``opportunity``'s page; return how many.

    One row per (opportunity, suggested, user): shown again, its count and rank are updated.
    """
    if shown_to is None or not getattr(shown_to, "is_authenticated", False):
        return 0
    now = timezone.now()
    for m in matches:
        row, created = Suggestion.objects.get_or_create(
            opportunity=opportunity,
            suggested=m.opportunity,
            shown_to=shown_to,
            defaults={"rank": m.rank, "score": m.score, "program": opportunity.program},
        )
        if created:
            row.parties.set(_parties(opportunity))
        else:
            Suggestion.objects.filter(pk=row.pk).update(
                times_shown=F("times_shown") + 1, rank=m.rank, score=m.score, last_shown=now
            )
    return len(matches)


def _mark_suggestions(opportunity: Opportunity, counterpart: Opportunity, outcome: str) -> None:
    Suggestion.objects.filter(opportunity=opportunity, suggested=counterpart).update(
        outcome=outcome
    )


@transaction.atomic
def express_interest(
    *,
    acting_user: Any,
    opportunity: Opportunity,
    counterpart: Opportunity,
    status: str = InterestStatus.INTERESTED,
    message: str = "",
    respond_by: date | None = None,
) -> Interest:
    """Record that ``opportunity``'s side is interested in (or declines) ``counterpart``.

    The acting user must be able to act for ``opportunity`` (change it) and to see
    ``counterpart``. Expressing it again updates the status and message.
    """
    require(acting_user, opportunity, Action.CHANGE)
    require(acting_user, counterpart, Action.VIEW)
    if counterpart.kind != opportunity.complement:
        raise ValidationError(_("Interest goes to an opportunity of the complementary kind."))
    interest = Interest.objects.filter(opportunity=opportunity, counterpart=counterpart).first()
    adding = interest is None
    if interest is None:
        interest = Interest(opportunity=opportunity, counterpart=counterpart)
    interest.status = status
    interest.message = message
    interest.expressed_by = recorded_user(acting_user)
    interest.program = opportunity.program or counterpart.program
    interest.respond_by = respond_by or timezone.localdate() + timedelta(days=response_days())
    interest.full_clean()
    attribute(interest, acting_user, f"interest {status}")
    interest.save()
    interest.parties.set(_parties(opportunity, counterpart))  # its scope: checked after
    require(acting_user, interest, Action.ADD if adding else Action.CHANGE)
    taken = SuggestionOutcome.TAKEN_UP if status == InterestStatus.INTERESTED else "declined"
    _mark_suggestions(opportunity, counterpart, taken)
    return interest


@transaction.atomic
def schedule_meeting(
    *,
    acting_user: Any,
    a: Opportunity,
    b: Opportunity,
    starts_at: datetime,
    place: str = "",
    video_link: str = "",
    participants: str = "",
    interpreter_needed: bool = False,
    interpreter_languages: Sequence[str] = (),
    note: str = "",
) -> Meeting:
    """Schedule a meeting of the two sides of a mutual interest (either side, or staff)."""
    if not (may_on(acting_user, a, Action.CHANGE) or may_on(acting_user, b, Action.CHANGE)):
        raise refusal()
    offer, request = (a, b) if offer_side(a.kind) else (b, a)
    meeting = Meeting(
        offer=offer,
        request=request,
        starts_at=starts_at,
        place=place,
        video_link=video_link,
        participants=participants,
        interpreter_needed=interpreter_needed,
        interpreter_languages=list(interpreter_languages),
        note=note,
        program=offer.program or request.program,
    )
    meeting.full_clean()
    attribute(meeting, acting_user, "meeting scheduled")
    meeting.save()
    meeting.parties.set(_parties(offer, request))
    require(acting_user, meeting, Action.ADD)
    return meeting


@transaction.atomic
def record_meeting_outcome(
    *,
    acting_user: Any,
    meeting: Meeting,
    outcome: str,
    agreement: Any = None,
    note: str | None = None,
) -> Meeting:
    """Record how a meeting went; an agreement signed is linked back to it."""
    require(acting_user, meeting, Action.CHANGE)
    if agreement is not None:
        require(acting_user, agreement, Action.VIEW)
    meeting.outcome = outcome
    meeting.agreement = agreement if outcome == MeetingOutcome.AGREEMENT else None
    if note is not None:
        meeting.note = note
    meeting.full_clean()
    attribute(meeting, acting_user, f"outcome {outcome}")
    meeting.save()
    return meeting


#: Fields of a meeting that ``change_meeting`` may set.
MEETING_FIELDS = (
    "starts_at",
    "place",
    "video_link",
    "participants",
    "interpreter_needed",
    "interpreter_languages",
    "outcome",
    "agreement",
    "note",
)


@transaction.atomic
def change_meeting(*, acting_user: Any, meeting: Meeting, changes: dict[str, Any]) -> Meeting:
    """Reschedule a meeting or record its outcome: set the ``changes`` given, validated.

    An agreement may be linked only with the outcome "agreement signed", and only one the user
    may see; an outcome other than that unlinks it.
    """
    require(acting_user, meeting, Action.CHANGE)
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if changes.get("agreement") is not None:
        require(acting_user, changes["agreement"], Action.VIEW)
    for name, value in changes.items():
        setattr(meeting, name, list(value) if name == "interpreter_languages" else value)
    if "outcome" in changes and changes["outcome"] != MeetingOutcome.AGREEMENT:
        if "agreement" not in changes:
            meeting.agreement = None
    meeting.full_clean()
    attribute(meeting, acting_user, f"changed: {', '.join(sorted(changes))}")
    meeting.save()
    require(acting_user, meeting, Action.CHANGE)
    return meeting


# --- reminders, escalations and new matches (run by `hezuo match remind` / `notify`) ------------


@dataclass
class Notice:
    """What one run of the scheduler has to tell one user: reminders, escalations, matches."""

    user: Any
    reminders: list[Interest] = field(default_factory=list)
    escalations: list[Interest] = field(default_factory=list)
    matches: list[tuple[Opportunity, list[Any]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.reminders or self.escalations or self.matches)


def _readers(users: Sequence[Any], interest: Interest) -> list[Any]:
    return [u for u in users if may_on(u, interest, Action.VIEW)]


@transaction.atomic
def remind_and_escalate(*, on: date) -> tuple[list[Notice], list[str]]:
    """Remind and escalate the interests still unanswered on ``on``; return whom to tell.

    An interest waiting for an answer is reminded once to the members of the other side's
    organisation from ``remind_days()`` before its deadline, and escalated once, the day after its
    deadline, to the responsible officers of its program (``selectors.responsible_officers``).
    ``reminded_at``, ``escalated_at`` and ``escalated_to`` record it (with history), so a second
    run on the same or a later day tells no one again. Returns the notices by user and the
    interests that reached no one.
    """
    from .selectors import organisation_members, responsible_officers

    notices: dict[int, Notice] = {}
    undelivered: list[str] = []
    remind_from = on + timedelta(days=remind_days())
    candidates = lock_rows(
        Interest.objects.filter(status=InterestStatus.INTERESTED, respond_by__lte=remind_from)
        .filter(Q(reminded_at__isnull=True) | Q(escalated_at__isnull=True, respond_by__lt=on))
        .order_by("respond_by", "pk")
    )
    now = timezone.now()
    for interest in candidates:
        if interest.is_answered():
            continue
        changed: list[str] = []
        if interest.reminded_at is None:
            owner = interest.counterpart.owner
            users = _readers(organisation_members(owner), interest)
            for user in users:
                notices.setdefault(user.pk, Notice(user)).reminders.append(interest)
            if not users:
                undelivered.append(f"reminder: {interest}")
            interest.reminded_at = now
            changed.append("reminded_at")
        if interest.escalated_at is None and interest.respond_by < on:
            officers = _readers(responsible_officers(interest.program), interest)
            for user in officers:
                notices.setdefault(user.pk, Notice(user)).escalations.append(interest)
            if not officers:
                undelivered.append(f"escalation: {interest}")
            interest.escalated_at = now
            changed.append("escalated_at")
            interest.escalated_to.set(officers)
        if changed:
            what = " and ".join(n.removesuffix("_at") for n in changed)
            attribute(interest, SYSTEM, f"{what}: unanswered, due {interest.respond_by}")
            interest.save(update_fields=[*changed, "updated"])
    return [n for _pk, n in sorted(notices.items())], undelivered


@transaction.atomic
def record_notified(*, opportunity: Opportunity, user: Any, matches: Sequence[Any]) -> None:
    """Log the matches e-mailed to ``user`` as suggestions shown, notified now (once each)."""
    now = timezone.now()
    for m in matches:
        row, created = Suggestion.objects.get_or_create(
            opportunity=opportunity,
            suggested=m.opportunity,
            shown_to=user,
            defaults={
                "rank": m.rank,
                "score": m.score,
                "program": opportunity.program,
                "notified_at": now,
            },
        )
        if created:
            row.parties.set(_parties(opportunity))
        elif row.notified_at is None:
            Suggestion.objects.filter(pk=row.pk).update(notified_at=now)
