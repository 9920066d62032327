"""The zone office's desk: enquiries, aftercare visits, the service log, exchange rates and each
zone's settings.

These models were first written in ``projects`` and keep their tables (``projects_enquiry``, …
and the history tables ``projects_historicalenquiry``, …): moving them here moved no data (see
migration 0001). They point at projects; projects never imports them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import HezuoModel
from hezuo.base.validators import validate_currency
from hezuo.core import lifecycle
from hezuo.core.money import CNY
from hezuo.projects.models import Project, validate_stuck_days, via_project
from hezuo.regions.choices import ProgramKind

from .choices import EnquiryChannel, EnquiryLanguage, RateSource, ServiceKind, ServiceOutcome


class ZoneSettings(HezuoModel):
    """A zone's own rules: how fast enquiries are answered, how long a stage may take."""

    access_group = "programs"
    access_paths = {"program": "program", "region": "program__region__code"}

    program = models.OneToOneField(
        "regions.Program",
        models.CASCADE,
        related_name="zone_settings",
        verbose_name=_("zone"),
        limit_choices_to={"kind": ProgramKind.ZONE},
    )
    enquiry_response_days = models.PositiveSmallIntegerField(
        _("days to answer an enquiry"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Calendar days; an enquiry unanswered after them is escalated."),
    )
    stuck_days = models.JSONField(
        _("days in a stage before a project is flagged as stuck"),
        default=dict,
        blank=True,
        validators=[validate_stuck_days],
        help_text=_('By stage, e.g. {"signed": 180}; stages left out keep the default.'),
    )

    history_table = "projects_historicalzonesettings"

    class Meta:
        db_table = "projects_zonesettings"
        verbose_name = _("zone settings")
        verbose_name_plural = _("zone settings")

    def __str__(self) -> str:
        return str(self.program)

    def get_absolute_url(self) -> str:
        return self.program.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if self.program_id and self.program.kind != ProgramKind.ZONE:
            raise ValidationError({"program": _("Only a cooperation zone has these settings.")})

    def thresholds(self) -> dict[str, int | None]:
        """Return the stuck threshold of every stage (the zone's, or the default)."""
        return lifecycle.thresholds(self.stuck_days if isinstance(self.stuck_days, dict) else {})


class ExchangeRate(HezuoModel):
    """CNY for one unit of a currency on a day, from the ECB's reference rates or an officer.

    Loaded by ``hezuo load_rates``; an official rate of the same day wins over the ECB's (see
    ``hezuo.core.money``).
    """

    access_group = "reference"

    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency])
    date = models.DateField(_("date"))
    rate = models.DecimalField(
        _("rate (CNY per unit)"),
        max_digits=20,
        decimal_places=10,
        help_text=_("CNY for ONE unit of the currency (divide a rate quoted per 100 JPY by 100)."),
    )
    source = models.CharField(_("source"), max_length=12, choices=RateSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("Where the official rate comes from.")
    )

    history_table = "projects_historicalexchangerate"

    class Meta:
        db_table = "projects_exchangerate"
        ordering = ["currency", "-date", "source"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        indexes = [models.Index(fields=["currency", "date"], name="exchangerate_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date", "source"],
                name="exchangerate_unique",
                violation_error_message=_("There is already a rate of this source on this day."),
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gt=0),
                name="exchangerate_positive",
                violation_error_message=_("A rate is above zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.date}: {self.rate} CNY ({self.get_source_display()})"

    def get_absolute_url(self) -> str:
        return reverse("home")

    def clean(self) -> None:
        super().clean()
        self.currency = (self.currency or "").strip().upper()
        if self.currency == CNY:
            raise ValidationError({"currency": _("CNY converts to itself; it needs no rate.")})
        if self.rate is not None and self.rate <= 0:
            raise ValidationError({"rate": _("A rate is above zero.")})
        if self.source == RateSource.OFFICIAL and self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("An official rate cannot be dated in the future.")})


class ServiceLogEntry(HezuoModel):
    """What the zone office did for a project (the "service" of full life-cycle service)."""

    access_group = "projects"
    access_paths = via_project()

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="services", verbose_name=_("project")
    )
    kind = models.CharField(_("kind of service"), max_length=12, choices=ServiceKind.choices)
    provided_on = models.DateField(_("date"))
    office = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="services_provided",
        verbose_name=_("office"),
    )
    description = models.TextField(_("what was done"))
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=ServiceOutcome.choices, default=ServiceOutcome.PENDING
    )
    outcome_note = models.TextField(_("outcome in detail"), blank=True)

    history_table = "projects_historicalservicelogentry"

    class Meta:
        db_table = "projects_servicelogentry"
        ordering = ["project", "-provided_on", "-pk"]
        verbose_name = _("service log entry")
        verbose_name_plural = _("service log")

    def __str__(self) -> str:
        return f"{self.provided_on} {self.get_kind_display()}: {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if self.provided_on and self.provided_on > timezone.localdate():
            raise ValidationError({"provided_on": _("A service is logged once it is given.")})


# --- enquiries and aftercare -------------------------------------------------------------------


class Enquiry(HezuoModel):
    """A question from a prospective investor, to be answered by the zone's deadline.

    Unanswered past its deadline, an enquiry is escalated to the zone's administrators (the
    officer's superiors: Hezuo keeps no organisation chart, and the zone administrators are the
    ones with authority over the zone's officers in the role matrix).
    """

    access_group = "projects"
    access_paths = {
        "program": "program",
        "organisation": "investor",
        "region": "program__region__code",
    }
    personal_fields = ("contact",)

    program = models.ForeignKey(
        "regions.Program", models.PROTECT, related_name="enquiries", verbose_name=_("zone")
    )
    investor = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name=_("investor"),
    )
    investor_name = models.CharField(
        _("investor (name)"),
        max_length=200,
        blank=True,
        help_text=_("When the investor is not yet in the directory."),
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received"))
    channel = models.CharField(_("channel"), max_length=12, choices=EnquiryChannel.choices)
    language = models.CharField(_("language"), max_length=8, choices=EnquiryLanguage.choices)
    question = models.TextField(_("question"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name=_("officer"),
    )
    respond_by = models.DateField(
        _("answer by"), null=True, blank=True, help_text=_("From the zone's settings when empty.")
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True, editable=False)
    escalated_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        editable=False,
        related_name="escalated_enquiries",
        verbose_name=_("escalated to"),
        db_table="projects_enquiry_escalated_to",
    )
    project = models.ForeignKey(
        Project,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name=_("project"),
    )

    history_table = "projects_historicalenquiry"

    class Meta:
        db_table = "projects_enquiry"
        ordering = ["-received_at", "pk"]
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")

    def __str__(self) -> str:
        who = self.investor or self.investor_name
        return (
            f"{who} ({timezone.localtime(self.received_at):%Y-%m-%d})"
            if self.received_at
            else str(who)
        )

    def get_absolute_url(self) -> str:
        return self.program.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if not self.investor_id and not (self.investor_name or "").strip():
            raise ValidationError({"investor": _("Name the investor who asked.")})
        if self.answered_at and not (self.answer or "").strip():
            raise ValidationError({"answer": _("Record the answer given.")})
        if self.answered_at and self.received_at and self.answered_at < self.received_at:
            raise ValidationError({"answered_at": _("An answer comes after the question.")})
        if self.received_at and self.received_at > timezone.now():
            raise ValidationError(
                {"received_at": _("An enquiry cannot be received in the future.")}
            )
        if self.respond_by is None and self.received_at and self.program_id:
            self.respond_by = self.deadline_from_settings()

    def deadline_from_settings(self) -> date:
        settings_ = ZoneSettings.objects.filter(program_id=self.program_id).first()
        days = settings_.enquiry_response_days if settings_ else 5
        return lifecycle.response_deadline(timezone.localdate(self.received_at), days)

    def is_overdue(self, on: date) -> bool:
        deadline = self.respond_by or self.deadline_from_settings()
        return lifecycle.is_enquiry_overdue(deadline, self.answered_at is not None, on)


class AftercareVisit(HezuoModel):
    """A visit to an established investor (business retention and expansion), shared by every
    office that visits, so that no office visits a firm unaware of the others."""

    access_group = "projects"
    access_paths = {
        "program": "program",
        "organisation": "visiting_office",
        "region": "program__region__code",
    }

    program = models.ForeignKey(
        "regions.Program", models.PROTECT, related_name="aftercare_visits", verbose_name=_("zone")
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        related_name="aftercare_visits",
        verbose_name=_("firm visited"),
    )
    visiting_office = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        related_name="aftercare_visits_made",
        verbose_name=_("visiting office"),
    )
    visited_on = models.DateField(_("visited on"))
    participants = models.TextField(_("participants"), blank=True)
    issues = models.TextField(_("issues raised"), blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    expansion_intention = models.BooleanField(_("intends to expand"), default=False)
    expansion_note = models.TextField(_("about the expansion"), blank=True)
    project = models.ForeignKey(
        Project,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="aftercare_visits",
        verbose_name=_("project concerned"),
    )
    lead = models.ForeignKey(
        Project,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="source_visits",
        verbose_name=_("new lead"),
        help_text=_("The lead made from the expansion intention found on this visit."),
    )

    history_table = "projects_historicalaftercarevisit"

    class Meta:
        db_table = "projects_aftercarevisit"
        ordering = ["-visited_on", "pk"]
        verbose_name = _("aftercare visit")
        verbose_name_plural = _("aftercare visits")

    def __str__(self) -> str:
        return f"{self.visited_on} {self.organisation} ← {self.visiting_office}"

    def get_absolute_url(self) -> str:
        return self.organisation.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if self.visited_on and self.visited_on > timezone.localdate():
            raise ValidationError({"visited_on": _("A visit is logged once it has taken place.")})
        if self.organisation_id and self.organisation_id == self.visiting_office_id:
            raise ValidationError({"visiting_office": _("An office does not visit itself.")})
