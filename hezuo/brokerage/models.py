"""Brokerage events: registrations, requested meetings, interpreters and the computed schedule.

A :class:`BrokerageEvent` (a product roadshow, a matchmaking day) has ``slot_count`` time slots of
``slot_minutes`` from ``start_time`` and ``table_count`` tables. Participants register
(:class:`Registration`: their opportunities, the slots they are free in, their languages) and
request meetings with each other (:class:`MeetingRequest`, valued by priority and the matching
engine's score of their opportunities). Staff compute the schedule (:class:`ScheduleRun`, solved
by :mod:`hezuo.core.matching.schedule`) whose :class:`ScheduledMeeting` rows are the agendas.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.accounts.choices import Language
from hezuo.base.models import HezuoModel
from hezuo.events.models import TitledModel
from hezuo.matchdesk.choices import InterpreterLanguage
from hezuo.matchdesk.models import IntroductionModel

from .choices import EventKind, EventStatus, Priority, RunStatus, SolverStatus

LANGUAGES = set(InterpreterLanguage.values)


def _check_slots(value: Any, count: int) -> str | None:
    if not isinstance(value, list) or not all(isinstance(s, int) for s in value):
        return str(_("Give the slots as a list of slot numbers."))
    wrong = sorted({s for s in value if s < 1 or s > count})
    if wrong:
        return str(
            _("There is no slot %(slots)s: this event has slots 1 to %(count)d.")
            % {"slots": ", ".join(map(str, wrong)), "count": count}
        )
    return None


def _check_languages(value: Any) -> str | None:
    if not isinstance(value, list) or not value or not set(value) <= LANGUAGES:
        return str(_("Choose one or more languages among zh, ja and en."))
    return None


class BrokerageEvent(TitledModel):
    """A trade fair's matchmaking: time slots × tables, registration, then a computed schedule."""

    access_group = "events"
    access_paths = {"program": "program"}

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        related_name="brokerage_events",
        verbose_name=_("program"),
    )
    place = models.CharField(_("place"), max_length=300)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("first slot starts"), default=time(9, 0))
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot length (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    slot_count = models.PositiveSmallIntegerField(
        _("number of slots"), default=12, validators=[MinValueValidator(1), MaxValueValidator(48)]
    )
    table_count = models.PositiveSmallIntegerField(
        _("number of tables"), default=10, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    registration_deadline = models.DateField(_("registration deadline"))
    status = models.CharField(
        _("status"), max_length=14, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    time_limit = models.PositiveSmallIntegerField(
        _("solver time limit (seconds)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    agendas_sent_at = models.DateTimeField(_("agendas sent"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("brokerage event")
        verbose_name_plural = _("brokerage events")

    def get_absolute_url(self) -> str:
        return reverse("brokerage:brokerageevent_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.date and self.registration_deadline and self.registration_deadline > self.date:
            errors["registration_deadline"] = _("The registration deadline is after the event.")
        if self.start_time and self.slot_minutes and self.slot_count:
            start = datetime.combine(datetime(2000, 1, 1).date(), self.start_time)
            end = start + timedelta(minutes=self.slot_minutes * self.slot_count)
            if end.date() != start.date() and end.time() != time(0, 0):
                errors["slot_count"] = _("The slots run past midnight: fewer or shorter slots.")
        if errors:
            raise ValidationError(errors)

    def slot_times(self) -> list[tuple[time, time]]:
        """The (start, end) of each slot, first slot first."""
        start = datetime.combine(self.date, self.start_time)
        step = timedelta(minutes=self.slot_minutes)
        return [
            ((start + n * step).time(), (start + (n + 1) * step).time())
            for n in range(self.slot_count)
        ]

    def slot_label(self, slot: int) -> str:
        """``09:00–09:30`` for slot 1 (slots are numbered from 1)."""
        begin, end = self.slot_times()[slot - 1]
        return f"{begin:%H:%M}–{end:%H:%M}"

    @property
    def registration_open(self) -> bool:
        from django.utils import timezone

        return (
            self.status == EventStatus.OPEN and timezone.localdate() <= self.registration_deadline
        )


class Registration(HezuoModel):
    """A participant of an event: organisation (or person), opportunities, slots and languages."""

    access_group = "matching"  # the list of participants is open like the market itself
    access_paths = {
        "program": "event__program",
        "organisation": "organisation",
        "region": "organisation__region__code",
    }

    event = models.ForeignKey(
        BrokerageEvent, models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="brokerage_registrations",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(
        "directory.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="brokerage_registrations",
        verbose_name=_("person"),
        help_text=_("Who attends (or the participant, when not an organisation)."),
    )
    opportunities = models.ManyToManyField(
        "matching.Opportunity",
        blank=True,
        related_name="brokerage_registrations",
        verbose_name=_("opportunities"),
    )
    available_slots = models.JSONField(
        _("available slots"),
        default=list,
        blank=True,
        help_text=_("Slot numbers (from 1) the participant is free in; empty: all of them."),
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, help_text=_("Among zh, ja and en.")
    )
    needs_interpreter = models.BooleanField(
        _("needs an interpreter"),
        default=True,
        help_text=_(
            "Ask for the event's interpreter when the other side speaks none of these languages "
            "(untick when bringing one's own)."
        ),
    )
    contact_email = models.EmailField(_("e-mail for the agenda"), blank=True)
    agenda_language = models.CharField(
        _("language of the agenda"),
        max_length=8,
        choices=Language.choices,
        default=Language.ZH_HANS,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("registered by"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="registration_once_per_organisation",
            )
        ]

    def __str__(self) -> str:
        if self.organisation_id is not None:
            return str(self.organisation)
        return str(self.person) if self.person_id is not None else "—"

    def get_absolute_url(self) -> str:
        return reverse("brokerage:registration_detail", args=[self.pk])

    def slots(self) -> list[int]:
        """The slots (from 1) the participant is free in."""
        count = self.event.slot_count
        return sorted(self.available_slots) if self.available_slots else list(range(1, count + 1))

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.organisation_id is None and self.person_id is None:
            errors["organisation"] = _("Name the organisation (or the person) taking part.")
        if self.event_id is not None:
            problem = _check_slots(self.available_slots, self.event.slot_count)
            if problem:
                errors["available_slots"] = problem
        problem = _check_languages(self.languages)
        if problem:
            errors["languages"] = problem
        if errors:
            raise ValidationError(errors)


class MeetingRequest(IntroductionModel):
    """One participant's request to meet another at the event, valued for the schedule."""

    event = models.ForeignKey(
        BrokerageEvent, models.CASCADE, related_name="meeting_requests", verbose_name=_("event")
    )
    requester = models.ForeignKey(
        Registration,
        models.CASCADE,
        related_name="requests_made",
        verbose_name=_("requesting party"),
    )
    requested = models.ForeignKey(
        Registration,
        models.CASCADE,
        related_name="requests_received",
        verbose_name=_("requested party"),
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    note = models.TextField(_("note"), blank=True)
    score = models.FloatField(
        _("match score"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The matching engine's best score between the two sides' opportunities."),
    )
    value = models.FloatField(_("value"), default=0, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("requested by"),
    )

    class Meta:
        ordering = ["event", "-value", "pk"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "requested"], name="meeting_request_once_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.requested}"

    def get_absolute_url(self) -> str:
        return reverse("brokerage:brokerageevent_detail", args=[self.event_id]) + "#requests"

    def clean(self) -> None:
        super().clean()
        if self.requester_id is None or self.requested_id is None:
            return
        if self.requester_id == self.requested_id:
            raise ValidationError({"requested": _("A participant cannot request to meet itself.")})
        if self.requester.event_id != self.event_id or self.requested.event_id != self.event_id:
            raise ValidationError({"requested": _("Both sides must be registered for this event.")})


class Interpreter(HezuoModel):
    """An interpreter of the event: languages and the slots available in."""

    access_group = "events"
    access_paths = {"program": "event__program"}

    event = models.ForeignKey(
        BrokerageEvent, models.CASCADE, related_name="interpreters", verbose_name=_("event")
    )
    person = models.ForeignKey(
        "directory.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="brokerage_interpreting",
        verbose_name=_("person"),
    )
    name = models.CharField(
        pgettext_lazy("person", "name"),
        max_length=200,
        blank=True,
        help_text=_("When not in the directory."),
    )
    languages = models.JSONField(_("languages"), default=list, help_text=_("Among zh, ja and en."))
    available_slots = models.JSONField(
        _("available slots"),
        default=list,
        blank=True,
        help_text=_("Slot numbers (from 1); empty: all of them."),
    )

    class Meta:
        ordering = ["event", "pk"]
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")

    def __str__(self) -> str:
        return str(self.person) if self.person_id is not None else self.name

    def get_absolute_url(self) -> str:
        return reverse("brokerage:interpreter_detail", args=[self.pk])

    def slots(self) -> list[int]:
        count = self.event.slot_count
        return sorted(self.available_slots) if self.available_slots else list(range(1, count + 1))

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.person_id is None and not self.name.strip():
            errors["name"] = _("Name the interpreter or choose the person.")
        if self.event_id is not None:
            problem = _check_slots(self.available_slots, self.event.slot_count)
            if problem:
                errors["available_slots"] = problem
        problem = _check_languages(self.languages)
        if problem is None and len(self.languages) < 2:
            problem = str(_("An interpreter works between two or more languages."))
        if problem:
            errors["languages"] = problem
        if errors:
            raise ValidationError(errors)


class ScheduleRun(HezuoModel):
    """One computation of an event's schedule: status, the solver's figures and the greedy's."""

    access_group = "events"
    access_paths = {"program": "event__program"}

    event = models.ForeignKey(
        BrokerageEvent, models.CASCADE, related_name="schedule_runs", verbose_name=_("event")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    solver_status = models.CharField(
        _("solver status"), max_length=10, choices=SolverStatus.choices, blank=True
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    requested = models.PositiveIntegerField(_("meetings requested"), default=0)
    requested_value = models.FloatField(_("value requested"), default=0)
    scheduled = models.PositiveIntegerField(_("meetings scheduled"), default=0)
    value = models.FloatField(_("value scheduled"), default=0)
    bound = models.FloatField(_("upper bound"), null=True, blank=True)
    greedy_scheduled = models.PositiveIntegerField(_("scheduled by greedy"), default=0)
    greedy_value = models.FloatField(_("value by greedy"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")

    def __str__(self) -> str:
        return f"{self.event} · {self.created:%Y-%m-%d %H:%M}"

    @property
    def gain_percent(self) -> float | None:
        """How much more value than greedy, in percent (None when greedy placed nothing)."""
        if not self.greedy_value:
            return None
        return 100 * (self.value - self.greedy_value) / self.greedy_value


class ScheduledMeeting(HezuoModel):
    """A meeting placed by a schedule run: slot, table, the request and the interpreter."""

    access_group = "introductions"
    access_paths = {"program": "event__program", "organisation": "request__parties"}

    run = models.ForeignKey(
        ScheduleRun, models.CASCADE, related_name="meetings", verbose_name=_("schedule run")
    )
    event = models.ForeignKey(
        BrokerageEvent, models.CASCADE, related_name="scheduled_meetings", verbose_name=_("event")
    )
    request = models.ForeignKey(
        MeetingRequest, models.CASCADE, related_name="scheduled", verbose_name=_("request")
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    table = models.PositiveSmallIntegerField(_("table"))
    interpreter = models.ForeignKey(
        Interpreter,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("interpreter"),
    )

    class Meta:
        ordering = ["run", "slot", "table"]
        verbose_name = _("scheduled meeting")
        verbose_name_plural = _("scheduled meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "slot", "table"], name="scheduled_meeting_one_per_table"
            )
        ]

    def __str__(self) -> str:
        return f"{self.time_label} · {self.request}"

    @property
    def time_label(self) -> str:
        return self.event.slot_label(self.slot)
