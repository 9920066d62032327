"""The partnership's ledger: pairing periods, yearly agreements and targets, assistance projects
with their funds (allocations, disbursements), social donations and people exchanged."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.base.models import HezuoModel
from hezuo.events.models import TitledModel
from hezuo.regions.choices import RegionLevel

from ..choices import (
    CooperationModel,
    DonationKind,
    ExchangeDirection,
    ExchangeKind,
    FundSource,
    Indicator,
    ProjectField,
    ProjectStatus,
)
from .common import PAIRINGS, ZERO, check_pairing, money, via

# --- pairing, yearly agreements and targets -------------------------------------------------------


class PairingPeriod(HezuoModel):
    """A period in which a donor region assists an assisted region under a pairing."""

    access_group = "assistance"
    access_paths = {"program": "program", "region": "assisted_region__code"}

    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        related_name="pairing_periods",
        verbose_name=_("pairing"),
        limit_choices_to=PAIRINGS,
    )
    donor_region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name=_("donor region")
    )
    assisted_region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name=_("assisted region")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["program", "start_date"]
        verbose_name = _("pairing period")
        verbose_name_plural = _("pairing periods")

    def __str__(self) -> str:
        end = self.end_date.isoformat() if self.end_date else "…"
        return f"{self.donor_region.name} → {self.assisted_region.name} ({self.start_date} – {end})"

    def get_absolute_url(self) -> str:
        return reverse("assistance:pairingperiod_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        check_pairing(getattr(self, "program", None))
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if self.donor_region_id and self.donor_region_id == self.assisted_region_id:
            raise ValidationError({"assisted_region": _("A region cannot assist itself.")})


class YearlyAgreement(HezuoModel):
    """The agreement of one year of a pairing, with a target per indicator."""

    #: parts that go with it when it is deleted (hezuo.base.deletion)
    deleted_with = ("assistance.Target",)

    access_group = "assistance"
    access_paths = {"program": "program", "region": "program__parties__region__code"}

    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        related_name="yearly_agreements",
        verbose_name=_("pairing"),
        limit_choices_to=PAIRINGS,
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1996), MaxValueValidator(2100)]
    )
    agreement = models.ForeignKey(
        "events.Agreement",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed agreement"),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["program", "-year"]
        verbose_name = _("yearly agreement")
        verbose_name_plural = _("yearly agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year"],
                name="yearlyagreement_once_a_year",
                violation_error_message=_("This pairing already has an agreement for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:yearlyagreement_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        check_pairing(getattr(self, "program", None))


class Target(HezuoModel):
    """The target of one indicator in a yearly agreement."""

    access_group = "assistance"
    access_paths = via("agreement", YearlyAgreement.access_paths)

    agreement = models.ForeignKey(
        YearlyAgreement, models.CASCADE, related_name="targets", verbose_name=_("yearly agreement")
    )
    indicator = models.CharField(_("indicator"), max_length=32, choices=Indicator.choices)
    value = models.DecimalField(
        _("target"), max_digits=16, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        ordering = ["agreement", "indicator"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "indicator"],
                name="target_once_per_indicator",
                violation_error_message=_("This indicator already has a target this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.value}"

    def get_absolute_url(self) -> str:
        return self.agreement.get_absolute_url()


# --- assistance projects and funds ----------------------------------------------------------------


class AssistanceProject(TitledModel):
    """An entry of the project list (项目清单): an agreed task with owners, money and status."""

    access_group = "assistance"
    access_paths = {"program": "program", "region": "county__code"}

    code = models.CharField(_("project code"), max_length=40, unique=True)
    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        related_name="assistance_projects",
        verbose_name=_("pairing"),
        limit_choices_to=PAIRINGS,
    )
    county = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        related_name="assistance_projects",
        verbose_name=_("county"),
        limit_choices_to={"level": RegionLevel.COUNTY},
    )
    township = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("township"),
        limit_choices_to={"level": RegionLevel.TOWNSHIP},
    )
    field = models.CharField(
        pgettext_lazy("sector", "field"), max_length=16, choices=ProjectField.choices
    )
    model = models.CharField(
        _("cooperation model"), max_length=24, choices=CooperationModel.choices
    )
    donor_unit = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("donor-side owner unit"),
    )
    assisted_unit = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assisted-side owner unit"),
    )
    investor = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("investing enterprise"),
        help_text=_("A donor-region enterprise investing in the project, if any."),
    )
    builds_industrial_park = models.BooleanField(_("builds an industrial park"), default=False)
    planned_fiscal = money(_("planned donor fiscal funds (yuan)"))
    planned_donation = money(_("planned social donations (yuan)"))
    planned_enterprise = money(_("planned enterprise investment (yuan)"))
    planned_beneficiaries = models.PositiveIntegerField(_("planned beneficiaries"), default=0)
    actual_beneficiaries = models.PositiveIntegerField(_("actual beneficiaries"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("completion date"), null=True, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to="assistance/evidence/", blank=True)
    evidence_note = models.CharField(
        _("evidence"),
        max_length=300,
        blank=True,
        help_text=_("Document number, or where the original is kept."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("assistance project")
        verbose_name_plural = _("assistance projects")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:assistanceproject_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        check_pairing(getattr(self, "program", None))
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if self.status == ProjectStatus.COMPLETED and not self.end_date:
            raise ValidationError({"end_date": _("A completed project needs its completion date.")})
        if self.status in (ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED) and not (
            self.start_date
        ):
            raise ValidationError({"start_date": _("A started project needs its start date.")})
        if self.township_id and self.county_id:
            if not self.township.code.startswith(self.county.code):
                raise ValidationError({"township": _("This township is in another county.")})

    def disbursed_by_source(self) -> dict[str, Decimal]:
        rows = (
            Disbursement.objects.filter(allocation__project=self)
            .values_list("allocation__source")
            .annotate(total=Sum("amount"))
        )
        return dict(rows)


class FundAllocation(HezuoModel):
    """Funds allocated to a project from one source in one year."""

    access_group = "assistance"
    access_paths = via("project", AssistanceProject.access_paths)

    project = models.ForeignKey(
        AssistanceProject,
        models.PROTECT,
        related_name="allocations",
        verbose_name=_("assistance project"),
    )
    source = models.CharField(_("source"), max_length=16, choices=FundSource.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1996), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(
        _("amount allocated (yuan)"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    allocated_on = models.DateField(_("allocated on"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-allocated_on", "pk"]
        verbose_name = _("fund allocation")
        verbose_name_plural = _("fund allocations")

    def __str__(self) -> str:
        return f"{self.project.code} · {self.get_source_display()} · {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:fundallocation_detail", args=[self.pk])

    def disbursed(self, exclude: int | None = None) -> Decimal:
        rows = self.disbursements.exclude(pk=exclude) if exclude else self.disbursements.all()
        return rows.aggregate(total=Sum("amount"))["total"] or ZERO

    def clean(self) -> None:
        super().clean()
        if self.pk and self.amount is not None:
            spent = self.disbursed()
            if self.amount < spent:
                raise ValidationError(
                    {
                        "amount": _(
                            "%(spent)s yuan are already disbursed from this allocation: it "
                            "cannot be less."
                        )
                        % {"spent": spent}
                    }
                )


class Disbursement(HezuoModel):
    """A payment made against an allocation; together they never exceed it."""

    access_group = "assistance"
    access_paths = via("allocation", FundAllocation.access_paths)

    allocation = models.ForeignKey(
        FundAllocation,
        models.PROTECT,
        related_name="disbursements",
        verbose_name=_("fund allocation"),
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(
        _("amount disbursed (yuan)"),
        max_digits=16,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-paid_on", "pk"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")

    def __str__(self) -> str:
        return f"{self.allocation.project.code} · {self.paid_on} · {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:disbursement_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if not self.allocation_id or self.amount is None:
            return
        allocation = self.allocation
        spent = allocation.disbursed(exclude=self.pk)
        if spent + self.amount > allocation.amount:
            raise ValidationError(
                {
                    "amount": _(
                        "This would take the disbursements to %(total)s yuan, beyond the "
                        "%(allocated)s yuan allocated (%(left)s yuan left)."
                    )
                    % {
                        "total": spent + self.amount,
                        "allocated": allocation.amount,
                        "left": allocation.amount - spent,
                    }
                }
            )


class SocialDonation(HezuoModel):
    """A donation of money or goods from society (recorded apart from fiscal funds)."""

    access_group = "assistance"
    access_paths = {"program": "program", "region": "county__code"}

    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        related_name="social_donations",
        verbose_name=_("pairing"),
        limit_choices_to=PAIRINGS,
    )
    donor = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("donor organisation"),
    )
    donor_name = models.CharField(
        _("donor"), max_length=200, blank=True, help_text=_("When not an organisation on file.")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=DonationKind.choices)
    received_on = models.DateField(_("received on"))
    amount = money(_("amount (yuan)"))
    county = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("county"),
        limit_choices_to={"level": RegionLevel.COUNTY},
    )
    project = models.ForeignKey(
        AssistanceProject,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("assistance project"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-received_on", "pk"]
        verbose_name = _("social donation")
        verbose_name_plural = _("social donations")

    def __str__(self) -> str:
        return f"{self.donor or self.donor_name} · {self.received_on} · {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:socialdonation_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        check_pairing(getattr(self, "program", None))
        if not self.donor_id and not self.donor_name.strip():
            raise ValidationError({"donor": _("Name the donor.")})


class Exchange(HezuoModel):
    """Officials, teachers, doctors or technicians sent from one side to the other (人才交流)."""

    access_group = "assistance"
    access_paths = {"program": "program", "region": "region__code"}

    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        related_name="exchanges",
        verbose_name=_("pairing"),
        limit_choices_to=PAIRINGS,
    )
    direction = models.CharField(_("direction"), max_length=12, choices=ExchangeDirection.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=ExchangeKind.choices)
    name = models.CharField(
        _("name or group"), max_length=200, help_text=_("A person, or a group sent together.")
    )
    people = models.PositiveIntegerField(
        _("number of people"), default=1, validators=[MinValueValidator(1)]
    )
    sending_unit = models.CharField(_("sending unit"), max_length=200, blank=True)
    host_unit = models.CharField(_("host unit"), max_length=200)
    region = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        related_name="+",
        verbose_name=_("host region"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()}, {self.start_date})"

    def get_absolute_url(self) -> str:
        return reverse("assistance:exchange_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        check_pairing(getattr(self, "program", None))
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
