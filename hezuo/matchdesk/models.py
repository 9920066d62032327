"""The matchmaking desk: opportunities, the suggestions shown, interest, and meetings.

An :class:`Opportunity` is an offer or a request of one of twelve kinds (six complementary
pairs, the engine's in :mod:`hezuo.core.matching`). The engine ranks, for one opportunity, the
opportunities of the complementary kind; every suggestion shown is logged (:class:`Suggestion`)
with whether it was taken up. Either side may express :class:`Interest` (with a response
deadline); an anonymous opportunity's owner is revealed to the other side only once both have
expressed interest, and then a :class:`Meeting` can be scheduled, whose outcome may link the
agreement signed (``events.Agreement``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import HezuoModel
from hezuo.base.validators import validate_country, validate_currency

from .choices import (
    InterestStatus,
    InterpreterLanguage,
    MeetingOutcome,
    OpportunityKind,
    OpportunityLanguage,
    Period,
    SuggestionOutcome,
    complement_of,
)


class Opportunity(HezuoModel):
    """An offer or a request published for matchmaking, by its owner or by staff for it."""

    access_group = "matching"
    access_paths = {"program": "program", "organisation": "owner", "region": "region__code"}

    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices)
    owner = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("owner organisation"),
    )
    owner_person = models.ForeignKey(
        "directory.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("owner person"),
        help_text=_("For a job seeker: the person looking for work."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=OpportunityLanguage.choices,
        default=OpportunityLanguage.ZH_HANS,
        help_text=_("The language the title and text are written in."),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    industry_classes = models.ManyToManyField(
        "directory.IndustryClass",
        blank=True,
        related_name="opportunities",
        verbose_name=_("industry classes"),
    )
    region = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("region"),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text=_("ISO 3166-1 alpha-2, e.g. CN, JP. Taken from the region when left empty."),
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Capacity offered, or quantity wanted."),
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    period = models.CharField(_("period"), max_length=8, choices=Period.choices, blank=True)
    price = models.DecimalField(
        _("price or budget"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    certifications = models.CharField(
        _("certifications"),
        max_length=300,
        blank=True,
        help_text=_("Held or required, e.g. ISO 9001, organic, HACCP."),
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "The owner is shown to another party only when both sides have expressed interest."
        ),
    )
    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="opportunities",
        verbose_name=_("program"),
    )

    class Meta:
        ordering = ["-updated", "pk"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [models.Index(fields=["kind", "updated"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("matching:opportunity_detail", args=[self.pk])

    @property
    def complement(self) -> str:
        return complement_of(self.kind)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        self.country = (self.country or "").upper()
        self.currency = (self.currency or "").upper()
        self.title = (self.title or "").strip()
        if self.kind == OpportunityKind.JOB_SEEKER:
            if self.owner_id is None and self.owner_person_id is None:
                errors["owner_person"] = _("A job seeker needs the person or an organisation.")
        elif self.kind and self.owner_id is None:
            errors["owner"] = _("Name the organisation this opportunity belongs to.")
        if self.region_id is not None and not self.country:
            self.country = self.region.country
        elif self.region_id is not None and self.region.country != self.country:
            errors["country"] = _("The region lies in %(country)s, not in %(other)s.") % {
                "country": self.region.country,
                "other": self.country,
            }
        if self.quantity is not None and not self.unit.strip():
            errors["unit"] = _("Give the unit of the quantity.")
        if self.period and self.quantity is None:
            errors["quantity"] = _("A period needs a quantity.")
        if self.price is not None and not self.currency:
            errors["currency"] = _("Give the currency of the price or budget.")
        if errors:
            raise ValidationError(errors)

    def owner_name(self) -> str:
        if self.owner_id is not None:
            return str(self.owner)
        if self.owner_person_id is not None:
            return str(self.owner_person)
        return ""


class IntroductionModel(HezuoModel):
    """A record between two parties: seen by both, by the staff of its program, and no one else."""

    access_group = "introductions"
    access_paths = {"program": "program", "organisation": "parties"}

    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("program"),
    )
    parties = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("parties"),
        help_text=_("The owners of the two opportunities (kept by the desk, not edited)."),
    )

    class Meta:
        abstract = True


class Suggestion(IntroductionModel):
    """A match shown to a user on an opportunity's page, and what came of it."""

    opportunity = models.ForeignKey(
        Opportunity,
        models.CASCADE,
        related_name="suggestions",
        verbose_name=_("opportunity"),
    )
    suggested = models.ForeignKey(
        Opportunity,
        models.CASCADE,
        related_name="suggested_in",
        verbose_name=_("suggested opportunity"),
    )
    shown_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="+",
        verbose_name=_("shown to"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    times_shown = models.PositiveIntegerField(_("times shown"), default=1)
    last_shown = models.DateTimeField(_("last shown"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=SuggestionOutcome.choices,
        default=SuggestionOutcome.SHOWN,
    )
    notified_at = models.DateTimeField(
        _("e-mailed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the match was sent by e-mail as a new match (once)."),
    )

    class Meta:
        ordering = ["opportunity", "rank"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "suggested", "shown_to"], name="suggestion_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opportunity} → {self.suggested}"


class Interest(IntroductionModel):
    """One side's interest in (or refusal of) the other side's opportunity, to be answered."""

    opportunity = models.ForeignKey(
        Opportunity,
        models.CASCADE,
        related_name="interests_expressed",
        verbose_name=_("own opportunity"),
    )
    counterpart = models.ForeignKey(
        Opportunity,
        models.CASCADE,
        related_name="interests_received",
        verbose_name=_("opportunity of the other side"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InterestStatus.choices,
        default=InterestStatus.INTERESTED,
    )
    expressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("expressed by"),
    )
    respond_by = models.DateField(_("response due by"))
    message = models.TextField(_("message"), blank=True)
    reminded_at = models.DateTimeField(
        _("reminded"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the other side was reminded to answer (once)."),
    )
    escalated_at = models.DateTimeField(
        _("escalated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the interest, unanswered past its deadline, went to the officers."),
    )
    escalated_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("escalated to"),
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "counterpart"], name="interest_once_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opportunity} → {self.counterpart}"

    def is_answered(self) -> bool:
        """Whether the other side has expressed interest in (or declined) this one's opportunity."""
        return Interest.objects.filter(
            opportunity_id=self.counterpart_id, counterpart_id=self.opportunity_id
        ).exists()

    def is_overdue(self, on: date) -> bool:
        """Whether an interest still waits for its answer after its deadline on ``on``."""
        return (
            self.status == InterestStatus.INTERESTED
            and self.respond_by < on
            and not self.is_answered()
        )

    def clean(self) -> None:
        super().clean()
        if self.opportunity_id and self.counterpart_id:
            if self.counterpart.kind != self.opportunity.complement:
                raise ValidationError(
                    _("Interest goes to an opportunity of the complementary kind.")
                )


def mutual_interest(a: Opportunity, b: Opportunity) -> bool:
    """Whether both sides have expressed (and not withdrawn into a refusal) interest.

    A rule of the records themselves (a meeting needs it, see :meth:`Meeting.clean`), so it lives
    with them; ``selectors`` reads it from here.
    """
    interested = Interest.objects.filter(status=InterestStatus.INTERESTED)
    return (
        interested.filter(opportunity=a, counterpart=b).exists()
        and interested.filter(opportunity=b, counterpart=a).exists()
    )


class Meeting(IntroductionModel):
    """A meeting of two parties after mutual interest, and its outcome."""

    offer = models.ForeignKey(
        Opportunity, models.CASCADE, related_name="meetings_as_offer", verbose_name=_("offer")
    )
    request = models.ForeignKey(
        Opportunity,
        models.CASCADE,
        related_name="meetings_as_request",
        verbose_name=_("request"),
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    participants = models.TextField(
        _("participants"), blank=True, help_text=_("Who takes part, one per line.")
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    interpreter_languages = models.JSONField(_("interpreter languages"), default=list, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=MeetingOutcome.choices,
        default=MeetingOutcome.PLANNED,
    )
    agreement = models.ForeignKey(
        "events.Agreement",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="matchmaking_meetings",
        verbose_name=_("agreement"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.offer} ↔ {self.request}"

    def get_absolute_url(self) -> str:
        return reverse("matching:meeting_detail", args=[self.pk])

    def interpreter_language_names(self) -> list[str]:
        """The interpreter's languages by name, in the reader's language."""
        langs = self.interpreter_languages if isinstance(self.interpreter_languages, list) else []
        return [str(InterpreterLanguage(c).label) for c in langs if c in InterpreterLanguage.values]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if not self.place.strip() and not self.video_link.strip():
            errors["place"] = _("Give a place or a video link.")
        langs = self.interpreter_languages or []
        if not isinstance(langs, list) or not set(langs) <= set(InterpreterLanguage.values):
            errors["interpreter_languages"] = _("Choose languages among zh, ja and en.")
        elif self.interpreter_needed and len(langs) < 2:
            errors["interpreter_languages"] = _(
                "Name the two (or more) languages the interpreter works between."
            )
        if self.agreement_id is not None and self.outcome != MeetingOutcome.AGREEMENT:
            errors["agreement"] = _("Link an agreement only when the outcome is an agreement.")
        if self.offer_id and self.request_id:
            if self.request.kind != self.offer.complement:
                errors["request"] = _("The two opportunities must be of complementary kinds.")
            elif not mutual_interest(self.offer, self.request):
                errors["request"] = _(
                    "A meeting can be scheduled only when both sides have expressed interest."
                )
        if errors:
            raise ValidationError(errors)
