"""Events with their participants, the agreements signed, and the source documents behind them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import ArchivableMixin, HezuoModel, localized
from hezuo.base.validators import validate_currency

from .choices import (
    AgreementKind,
    AgreementPartyRole,
    EventKind,
    EventStatus,
    ParticipationPart,
    PartOfDay,
)


class TitledModel(HezuoModel):
    title_zh_hans = models.CharField(_("title (Chinese)"), max_length=300)
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return localized(self, "title")

    def __str__(self) -> str:
        return self.title


class SourceDocument(TitledModel):
    """A published text that records come from (a newspaper page), with its credits."""

    access_group = "reference"

    publication = models.CharField(_("publication"), max_length=200)
    page = models.CharField(_("page"), max_length=20, blank=True)
    section = models.CharField(_("newspaper section"), max_length=100, blank=True)
    published_on = models.DateField(_("published on"))
    printed_date = models.CharField(
        _("date as printed"),
        max_length=100,
        blank=True,
        help_text=_("Kept verbatim, even where the printed weekday is wrong."),
    )
    credits = models.JSONField(_("credits"), default=dict, blank=True)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-published_on"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def get_absolute_url(self) -> str:
        return reverse("events:sourcedocument_detail", args=[self.pk])


class Event(TitledModel):
    """A ceremony, meeting, site visit, trade fair or delegation visit."""

    #: parts that go with it when it is deleted (hezuo.base.deletion)
    deleted_with = ("events.Participation",)

    access_group = "events"
    access_paths = {
        "program": "program",
        "organisation": "participations__position__organisation",
        "region": "region__code",
    }

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=EventStatus.choices, default=EventStatus.HELD
    )
    date = models.DateField(_("date"), null=True, blank=True)
    part_of_day = models.CharField(
        _("time of day"), max_length=12, choices=PartOfDay.choices, blank=True
    )
    venue_zh_hans = models.CharField(_("venue (Chinese)"), max_length=300, blank=True)
    venue_ja = models.CharField(_("venue (Japanese)"), max_length=300, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=300, blank=True)
    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("program"),
    )
    region = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("region"),
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("part of event"),
    )
    source = models.ForeignKey(
        SourceDocument,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("source"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def venue(self) -> str:
        return localized(self, "venue")

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])


def validate_parts(value: object) -> None:
    allowed = set(ParticipationPart.values)
    if not isinstance(value, list) or not value or not set(value) <= allowed:
        raise ValidationError(
            _("Choose one or more of: %(parts)s."),
            params={"parts": ", ".join(str(label) for label in ParticipationPart.labels)},
            code="parts",
        )


class Participation(HezuoModel):
    """A person's part in an event, in the position held at the time."""

    access_group = "events"
    access_paths = {
        "program": "event__program",
        "organisation": "position__organisation",
        "region": "event__region__code",
    }

    event = models.ForeignKey(
        Event, models.CASCADE, related_name="participations", verbose_name=_("event")
    )
    person = models.ForeignKey(
        "directory.Person",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("person"),
    )
    group_zh_hans = models.CharField(
        _("group (Chinese)"),
        max_length=300,
        blank=True,
        help_text=_("For participants the source names only as a group."),
    )
    group_ja = models.CharField(_("group (Japanese)"), max_length=300, blank=True)
    group_en = models.CharField(_("group (English)"), max_length=300, blank=True)
    position = models.ForeignKey(
        "directory.Position",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("position at the time"),
    )
    parts = models.JSONField(_("parts"), default=list, validators=[validate_parts])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                name="participation_once_per_event",
                violation_error_message=_("This person is already listed at this event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person or self.group} — {self.event}"

    @property
    def group(self) -> str:
        return localized(self, "group")

    @property
    def part_labels(self) -> list[str]:
        return [str(ParticipationPart(p).label) for p in self.parts]

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if not self.person_id and not self.group_zh_hans:
            raise ValidationError({"person": _("Name a person, or the group for unnamed people.")})
        if self.position_id and not self.person_id:
            raise ValidationError({"position": _("A position belongs to a named person.")})
        if self.position_id and self.person_id and self.position.person_id != self.person_id:
            raise ValidationError({"position": _("This position belongs to another person.")})


class Agreement(TitledModel, ArchivableMixin):
    """An agreement or signed item: investment project, framework, cooperation, procurement."""

    #: parts that go with it when it is deleted (hezuo.base.deletion)
    deleted_with = ("events.AgreementParty",)

    access_group = "agreements"
    access_paths = {
        "program": "program",
        "organisation": "parties__organisation",
        "region": "parties__organisation__region__code",
    }

    kind = models.CharField(_("kind"), max_length=24, choices=AgreementKind.choices)
    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("program"),
    )
    event = models.ForeignKey(
        Event,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("signed at event"),
    )
    sequence = models.PositiveSmallIntegerField(_("item no."), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text=_("ISO 4217, e.g. CNY, JPY, USD."),
    )
    subject_zh_hans = models.CharField(_("subject (Chinese)"), max_length=300, blank=True)
    subject_ja = models.CharField(_("subject (Japanese)"), max_length=300, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=300, blank=True)
    sub_area = models.ForeignKey(
        "regions.SubArea",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("sub-area"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-signed_on", "sequence", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    @property
    def subject(self) -> str:
        return localized(self, "subject")

    def get_absolute_url(self) -> str:
        return reverse("events:agreement_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.currency:
            self.currency = self.currency.upper()
        if self.amount is not None and not self.currency:
            raise ValidationError({"currency": _("Give the currency of the amount.")})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("An amount cannot be negative.")})


class AgreementParty(HezuoModel):
    """An organisation party to an agreement, in a role."""

    access_group = "agreements"
    access_paths = {
        "program": "agreement__program",
        # a party is seen by whoever sees its agreement
        "organisation": "agreement__parties__organisation",
        "region": "agreement__parties__organisation__region__code",
    }

    agreement = models.ForeignKey(
        Agreement, models.CASCADE, related_name="parties", verbose_name=_("agreement")
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        related_name="agreement_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=AgreementPartyRole.choices,
        default=AgreementPartyRole.SIGNATORY,
    )

    class Meta:
        ordering = ["agreement", "pk"]
        verbose_name = _("agreement party")
        verbose_name_plural = _("agreement parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation", "role"],
                name="agreementparty_unique",
                violation_error_message=_("This organisation is already a party in this role."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return self.agreement.get_absolute_url()
