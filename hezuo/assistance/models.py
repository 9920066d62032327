"""The assistance partnership's ledger (东西部协作工作台账).

Pairing periods and yearly agreements with targets; assistance projects with their funds;
households and their members (GB 11643 ID numbers), status history, income and measures;
labour (jobs, placements), consumption assistance (products, procurement lines under the
procurement agreements of ``events.Agreement``, deliveries), social donations, people exchanged,
and the monitoring of the risk of returning to poverty. The rules live in
:mod:`hezuo.core.assistance`; validation is in ``clean()``, writes that matter in ``services``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.base.models import HezuoModel, NamedModel
from hezuo.base.validators import MESSAGES
from hezuo.core import assistance as rules
from hezuo.core import validators as core
from hezuo.events.choices import AgreementKind
from hezuo.events.models import TitledModel
from hezuo.regions.choices import ProgramKind, RegionLevel

from .choices import (
    CapacityPeriod,
    CaseDecision,
    CaseKind,
    Cause,
    CooperationModel,
    DonationKind,
    ExchangeDirection,
    ExchangeKind,
    FoundBy,
    FundSource,
    HouseholdStatus,
    Indicator,
    LabourCapacity,
    MeasureKind,
    PlaceType,
    ProjectField,
    ProjectStatus,
    Relation,
    Sex,
)

ZERO = Decimal("0")
PAIRINGS = {"kind": ProgramKind.PAIRING}


def money(label: Any, **kwargs: Any) -> models.DecimalField:  # type: ignore[type-arg]
    """A non-negative amount in yuan."""
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(
        label, max_digits=16, decimal_places=2, validators=[MinValueValidator(ZERO)], **kwargs
    )


#: Messages for the problem codes of hezuo.core.assistance.
RULE_MESSAGES = {
    "ric_birth_mismatch": _("The ID number gives another birth date: %(value)s."),
    "ric_sex_mismatch": _("The ID number gives the other sex."),
    "consent_needed": _("A review needs the household's consent."),
    "before_lead": _("The village review cannot come before the first lead."),
    "notice_both": _("Give the first and the last day of the public notice."),
    "notice_short": _("The public notice must last at least %(days)s days."),
    "notice_before_review": _("The public notice starts after the village review."),
    "needs_village": _("The township reviews after the village review and its public notice."),
    "during_notice": _("The township review comes after the public notice has ended."),
    "needs_township": _("The county decides after the township review."),
    "before_township": _("The county decision cannot come before the township review."),
    "no_line": _("No monitoring line is kept for this province and year."),
    "income_below_line": _(
        "The household's income per head is below the monitoring line (%(line)s yuan)."
    ),
    "not_stable": _(
        "Income must have stayed above the monitoring line for at least %(months)s months."
    ),
    "guarantees": _("Not all of the three guarantees and safe water are secure: %(which)s."),
}


def rule_error(problems: list[rules.Problem]) -> ValidationError:
    by_field: dict[str, list[ValidationError]] = {}
    for problem in problems:
        by_field.setdefault(problem.field, []).append(
            ValidationError(
                RULE_MESSAGES[problem.code], code=problem.code, params=dict(problem.params)
            )
        )
    return ValidationError(by_field)  # type: ignore[arg-type]


def via(prefix: str, paths: dict[str, str]) -> dict[str, str]:
    return {scope: f"{prefix}__{path}" for scope, path in paths.items()}


def _check_pairing(program: Any) -> None:
    if program is not None and program.kind != ProgramKind.PAIRING:
        raise ValidationError({"program": _("Choose an assistance pairing.")})


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
        _check_pairing(getattr(self, "program", None))
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
        _check_pairing(getattr(self, "program", None))


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
        _check_pairing(getattr(self, "program", None))
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
        _check_pairing(getattr(self, "program", None))
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
        _check_pairing(getattr(self, "program", None))
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


# --- households and their members ----------------------------------------------------------------


class Household(HezuoModel):
    """A household of the assisted region (帮扶对象), by its number and village."""

    access_group = "households"
    access_paths = {"program": "program", "region": "village__code"}
    #: The causes of hardship are health information where they are illness or disability
    #: (a sensitive category: PIPL art. 28); both are hidden whole, or the "hidden" would tell.
    personal_fields = ("phone", "bank_account", "main_cause", "secondary_cause")

    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        related_name="households",
        verbose_name=_("pairing"),
        limit_choices_to=PAIRINGS,
    )
    number = models.CharField(_("household number"), max_length=30, unique=True)
    village = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        related_name="households",
        verbose_name=_("village"),
        limit_choices_to={"level": RegionLevel.VILLAGE},
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    bank_account = models.CharField(_("bank account"), max_length=40, blank=True)
    main_cause = models.CharField(
        _("main cause of hardship"), max_length=12, choices=Cause.choices, blank=True
    )
    secondary_cause = models.CharField(
        _("secondary cause of hardship"), max_length=12, choices=Cause.choices, blank=True
    )
    education_secure = models.BooleanField(_("compulsory education secure"), default=True)
    medical_secure = models.BooleanField(_("basic medical care secure"), default=True)
    housing_secure = models.BooleanField(_("safe housing secure"), default=True)
    water_secure = models.BooleanField(_("safe drinking water secure"), default=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=HouseholdStatus.choices,
        default=HouseholdStatus.REGISTERED_POOR,
    )
    status_since = models.DateField(_("status since"), default=timezone.localdate)

    class Meta:
        ordering = ["number"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("assistance:household_detail", args=[self.pk])

    @property
    def guarantees(self) -> dict[str, bool]:
        return {
            "education": self.education_secure,
            "medical": self.medical_secure,
            "housing": self.housing_secure,
            "water": self.water_secure,
        }

    @property
    def head(self) -> HouseholdMember | None:
        return self.members.filter(relation=Relation.HEAD).first()

    def clean(self) -> None:
        super().clean()
        _check_pairing(getattr(self, "program", None))
        self.number = core.normalise(self.number or "")
        if self.village_id and self.village.level != RegionLevel.VILLAGE:
            raise ValidationError({"village": _("Choose a village (12-digit code).")})
        if self.main_cause and self.main_cause == self.secondary_cause:
            raise ValidationError(
                {"secondary_cause": _("The secondary cause repeats the main cause.")}
            )


class HouseholdMember(HezuoModel):
    """A person of a household, with a resident ID number (GB 11643) and relation to the head."""

    access_group = "households"
    access_paths = via("household", Household.access_paths)
    #: The birth date and sex are read from the ID number (GB 11643): shown in clear, they
    #: would leave the masked number to be rebuilt (see hezuo.core.access.mask_id_number).
    personal_fields = ("id_number", "birth_date", "sex", "phone")

    household = models.ForeignKey(
        Household, models.CASCADE, related_name="members", verbose_name=_("household")
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    id_number = models.CharField(
        _("resident ID number"),
        max_length=24,
        help_text=_("18 characters; the birth date and sex are read from it."),
    )
    relation = models.CharField(_("relation to the head"), max_length=16, choices=Relation.choices)
    birth_date = models.DateField(
        _("birth date"), null=True, blank=True, help_text=_("Read from the ID number if empty.")
    )
    sex = models.CharField(
        _("sex"),
        max_length=1,
        choices=Sex.choices,
        blank=True,
        help_text=_("Read from the ID number if empty."),
    )
    labour_capacity = models.CharField(
        _("labour capacity"),
        max_length=8,
        choices=LabourCapacity.choices,
        default=LabourCapacity.NORMAL,
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["household", "relation", "pk"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        # every import and clean() looks a person up by ID number (not unique in the database:
        # the weekly duplicates check must be able to find a number held twice)
        indexes = [models.Index(fields=["id_number"], name="member_id_number")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assistance:householdmember_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.id_number:
            try:
                parsed = rules.parse_person_id(
                    self.id_number, birth_date=self.birth_date, sex=self.sex or None
                )
            except core.CodeError as exc:
                if exc.code == "ric_birth_mismatch":
                    params = {"value": str(core.validate_resident_id(self.id_number).birth_date)}
                    raise ValidationError(
                        {"birth_date": ValidationError(RULE_MESSAGES[exc.code], params=params)}
                    ) from exc
                if exc.code == "ric_sex_mismatch":
                    raise ValidationError({"sex": RULE_MESSAGES[exc.code]}) from exc
                raise ValidationError(
                    {
                        "id_number": ValidationError(
                            MESSAGES.get(exc.code, exc.message),
                            code=exc.code,
                            params={"value": self.id_number},
                        )
                    }
                ) from exc
            self.id_number = parsed.number
            self.birth_date = parsed.birth_date
            self.sex = parsed.sex
            same = HouseholdMember.objects.filter(id_number=parsed.number).exclude(pk=self.pk)
            other = same.select_related("household").first()
            if other is not None:
                raise ValidationError(
                    {
                        "id_number": _(
                            "This ID number is already registered in household %(household)s."
                        )
                        % {"household": other.household.number}
                    }
                )
        if self.relation == Relation.HEAD and self.household_id:
            heads = self.household.members.filter(relation=Relation.HEAD).exclude(pk=self.pk)
            if heads.exists():
                raise ValidationError(
                    {
                        "relation": _("This household already has a head: %(name)s.")
                        % {"name": heads.first().name}  # type: ignore[union-attr]
                    }
                )


class HouseholdStatusChange(HezuoModel):
    """A change of a household's status (registered poor, lifted, monitored, none)."""

    access_group = "households"
    access_paths = via("household", Household.access_paths)

    household = models.ForeignKey(
        Household, models.CASCADE, related_name="status_changes", verbose_name=_("household")
    )
    status = models.CharField(_("status"), max_length=16, choices=HouseholdStatus.choices)
    since = models.DateField(_("since"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["household", "-since", "-pk"]
        verbose_name = _("household status change")
        verbose_name_plural = _("household status changes")

    def __str__(self) -> str:
        return f"{self.household} · {self.get_status_display()} · {self.since}"

    def get_absolute_url(self) -> str:
        return self.household.get_absolute_url()


class HouseholdIncome(HezuoModel):
    """A household's income of one year by component, with its total and income per head."""

    access_group = "households"
    access_paths = via("household", Household.access_paths)

    household = models.ForeignKey(
        Household, models.CASCADE, related_name="incomes", verbose_name=_("household")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    members = models.PositiveSmallIntegerField(
        _("members that year"), validators=[MinValueValidator(1)]
    )
    wages = money(_("wages (yuan)"))
    business = money(_("household business (yuan)"))
    transfers = money(_("transfers (yuan)"))
    property = money(_("property income (yuan)"))
    total = models.DecimalField(
        _("total (yuan)"), max_digits=16, decimal_places=2, default=ZERO, editable=False
    )
    per_capita = models.DecimalField(
        _("per head (yuan)"), max_digits=16, decimal_places=2, default=ZERO, editable=False
    )

    class Meta:
        ordering = ["household", "-year"]
        verbose_name = _("household income")
        verbose_name_plural = _("household incomes")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"],
                name="householdincome_once_a_year",
                violation_error_message=_("This household's income of that year is recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.household} · {self.year} · {self.per_capita}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:householdincome_detail", args=[self.pk])

    def compute(self) -> None:
        self.total = sum(
            (Decimal(v or 0) for v in (self.wages, self.business, self.transfers, self.property)),
            ZERO,
        )
        self.per_capita = rules.per_capita(self.total, self.members or 0)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.compute()
        super().save(*args, **kwargs)


class Measure(HezuoModel):
    """Assistance a household (or one of its members) received."""

    access_group = "households"
    access_paths = via("household", Household.access_paths)

    household = models.ForeignKey(
        Household, models.CASCADE, related_name="measures", verbose_name=_("household")
    )
    member = models.ForeignKey(
        HouseholdMember,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MeasureKind.choices)
    project = models.ForeignKey(
        AssistanceProject,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("assistance project"),
    )
    date = models.DateField(_("date"))
    amount = money(_("amount (yuan)"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return f"{self.household} · {self.get_kind_display()} · {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:measure_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.member_id and self.household_id and self.member.household_id != self.household_id:
            raise ValidationError({"member": _("This person belongs to another household.")})
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("A measure is recorded once it has been given.")})


# --- labour ---------------------------------------------------------------------------------------


class Job(HezuoModel):
    """A job offered to workers of the assisted region (劳务协作)."""

    access_group = "assistance"
    access_paths = {"program": "program", "organisation": "employer", "region": "region__code"}

    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        related_name="jobs",
        verbose_name=_("pairing"),
        limit_choices_to=PAIRINGS,
    )
    employer = models.ForeignKey(
        "directory.Organisation", models.PROTECT, related_name="+", verbose_name=_("employer")
    )
    title = models.CharField(_("job"), max_length=200)
    place = models.CharField(_("place of work"), max_length=200)
    place_type = models.CharField(_("type of place"), max_length=16, choices=PlaceType.choices)
    region = models.ForeignKey(
        "regions.Region", models.PROTECT, related_name="+", verbose_name=_("region of the place")
    )
    monthly_wage = money(_("monthly wage (yuan)"))
    openings = models.PositiveIntegerField(_("openings"), default=1)

    class Meta:
        ordering = ["employer", "title"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.title} · {self.employer}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:job_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        _check_pairing(getattr(self, "program", None))


class Placement(HezuoModel):
    """A person placed into a job, with start, end and monthly income."""

    access_group = "assistance"
    access_paths = {
        "program": "job__program",
        "organisation": "job__employer",
        "region": "member__household__village__code",
    }

    member = models.ForeignKey(
        HouseholdMember, models.PROTECT, related_name="placements", verbose_name=_("person")
    )
    job = models.ForeignKey(Job, models.PROTECT, related_name="placements", verbose_name=_("job"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    monthly_income = money(_("monthly income (yuan)"))

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        # not the household's number: the donor side reads placements, not households
        return f"{self.job.title} · {self.start_date} · #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:placement_detail", args=[self.pk])

    def retained(self, months: int, today: Any = None) -> bool | None:
        return rules.retained(self.start_date, self.end_date, months, today or timezone.localdate())

    @property
    def retained_3(self) -> bool | None:
        return self.retained(3)

    @property
    def retained_6(self) -> bool | None:
        return self.retained(6)

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})


# --- consumption assistance -----------------------------------------------------------------------


class Product(NamedModel):
    """A product of the assisted region, offered by a supplier."""

    access_group = "consumption"
    access_paths = {
        "program": "program",
        "organisation": "supplier",
        "region": "supplier__region__code",
    }

    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        related_name="products",
        verbose_name=_("pairing"),
        limit_choices_to=PAIRINGS,
    )
    supplier = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        related_name="assistance_products",
        verbose_name=_("supplier"),
    )
    category = models.CharField(_("category"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("kg, box, bag, …"))
    price = money(_("price per unit (yuan)"), default=None, null=True, blank=True)
    capacity = models.DecimalField(
        _("capacity"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Empty when not known."),
    )
    capacity_period = models.CharField(
        _("capacity per"), max_length=8, choices=CapacityPeriod.choices, default=CapacityPeriod.YEAR
    )

    class Meta:
        ordering = ["supplier", "name_zh_hans"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def get_absolute_url(self) -> str:
        return reverse("assistance:product_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        _check_pairing(getattr(self, "program", None))


def _check_procurement(agreement: Any) -> None:
    if agreement is not None and agreement.kind != AgreementKind.PROCUREMENT:
        raise ValidationError({"agreement": _("Choose a procurement agreement.")})


PROCUREMENT_PATHS = {
    "program": "agreement__program",
    "organisation": "agreement__parties__organisation",
    "region": "agreement__parties__organisation__region__code",
}


class ProcurementLine(HezuoModel):
    """A product and quantity a procurement agreement covers (amended when renegotiated)."""

    access_group = "consumption"
    access_paths = PROCUREMENT_PATHS

    agreement = models.ForeignKey(
        "events.Agreement",
        models.PROTECT,
        related_name="procurement_lines",
        verbose_name=_("procurement agreement"),
        limit_choices_to={"kind": AgreementKind.PROCUREMENT},
    )
    product = models.ForeignKey(
        Product, models.PROTECT, related_name="lines", verbose_name=_("product")
    )
    quantity = models.DecimalField(
        _("agreed quantity"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    amended_quantity = models.DecimalField(
        _("amended quantity"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("When the agreement was amended: the quantity it now covers."),
    )
    unit_price = money(_("agreed price per unit (yuan)"))

    class Meta:
        ordering = ["agreement", "product"]
        verbose_name = _("procurement line")
        verbose_name_plural = _("procurement lines")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "product"],
                name="procurementline_once_per_product",
                violation_error_message=_("This product is already on this agreement."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.product} · {self.limit}"

    @property
    def limit(self) -> Decimal:
        return self.amended_quantity if self.amended_quantity is not None else self.quantity

    def get_absolute_url(self) -> str:
        return reverse("assistance:procurementline_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        _check_procurement(getattr(self, "agreement", None))


class Delivery(HezuoModel):
    """A delivery of a product under a procurement agreement."""

    access_group = "consumption"
    access_paths = PROCUREMENT_PATHS

    agreement = models.ForeignKey(
        "events.Agreement",
        models.PROTECT,
        related_name="deliveries",
        verbose_name=_("procurement agreement"),
        limit_choices_to={"kind": AgreementKind.PROCUREMENT},
    )
    product = models.ForeignKey(
        Product, models.PROTECT, related_name="deliveries", verbose_name=_("product")
    )
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    amount = money(
        _("amount (yuan)"),
        blank=True,
        help_text=_(
            "Left empty (or 0): the agreed price per unit × quantity. Give another amount "
            "where it differs (a discount)."
        ),
    )

    class Meta:
        ordering = ["-delivered_on", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.product} · {self.delivered_on} · {self.quantity}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:delivery_detail", args=[self.pk])

    def agreed_amount(self) -> Decimal | None:
        """The agreed price per unit × quantity (None: no line, or the line has no price)."""
        if not (self.agreement_id and self.product_id) or self.quantity is None:
            return None
        price = (
            ProcurementLine.objects.filter(
                agreement_id=self.agreement_id, product_id=self.product_id
            )
            .values_list("unit_price", flat=True)
            .first()
        )
        if not price:
            return None
        return (price * self.quantity).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def clean(self) -> None:
        super().clean()
        _check_procurement(getattr(self, "agreement", None))
        # A delivery left at 0 would silently understate the consumption sales of the yearly
        # assessment: an empty or zero amount is the agreed price × quantity; only a line without
        # a price leaves it at 0 (the weekly money check lists such deliveries).
        if not self.amount and self.quantity:
            self.amount = self.agreed_amount() or ZERO
        elif self.amount is None:
            self.amount = ZERO


# --- monitoring -----------------------------------------------------------------------------------


class MonitoringLine(HezuoModel):
    """The monitoring line of a province and year (1.5× the national standard by default)."""

    access_group = "reference"
    access_paths = {"region": "province__code"}

    province = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
        limit_choices_to={"level": RegionLevel.PROVINCE},
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    national_standard = money(_("national poverty standard (yuan per head and year)"), default=None)
    line = models.DecimalField(
        _("monitoring line (yuan per head and year)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("1.5 times the national standard when left empty."),
    )

    class Meta:
        ordering = ["province", "-year"]
        verbose_name = _("monitoring line")
        verbose_name_plural = _("monitoring lines")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"],
                name="monitoringline_once_a_year",
                violation_error_message=_("This province already has a line for this year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.province.name} {self.year}: {self.line}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:monitoringline_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.line is None and self.national_standard is not None:
            self.line = rules.default_line(self.national_standard)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.line is None and self.national_standard is not None:
            self.line = rules.default_line(self.national_standard)
        super().save(*args, **kwargs)

    @classmethod
    def line_for(cls, village_code: str, year: int) -> Decimal | None:
        found = cls.objects.filter(province__code=village_code[:2] + "0000", year=year).first()
        return found.line if found else None


class MonitoringCase(HezuoModel):
    """A household monitored for the risk of returning to poverty (防止返贫监测)."""

    access_group = "households"
    access_paths = via("household", Household.access_paths)

    household = models.ForeignKey(
        Household, models.PROTECT, related_name="monitoring_cases", verbose_name=_("household")
    )
    kind = models.CharField(_("type"), max_length=12, choices=CaseKind.choices)
    found_by = models.CharField(_("found by"), max_length=16, choices=FoundBy.choices)
    first_lead_on = models.DateField(_("first lead on"))
    consent = models.BooleanField(_("household consents"), default=False)
    village_review_on = models.DateField(_("village review on"), null=True, blank=True)
    notice_from = models.DateField(_("public notice from"), null=True, blank=True)
    notice_to = models.DateField(_("public notice to"), null=True, blank=True)
    township_review_on = models.DateField(_("township review on"), null=True, blank=True)
    county_decision_on = models.DateField(_("county decision on"), null=True, blank=True)
    decision = models.CharField(
        _("county decision"), max_length=16, choices=CaseDecision.choices, blank=True
    )
    income_above_line_since = models.DateField(
        _("income above the line since"), null=True, blank=True
    )
    eliminated_on = models.DateField(_("risk eliminated on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-first_lead_on", "pk"]
        verbose_name = _("monitoring case")
        verbose_name_plural = _("monitoring cases")

    def __str__(self) -> str:
        return f"{self.household} · {self.get_kind_display()} · {self.first_lead_on}"

    def get_absolute_url(self) -> str:
        return reverse("assistance:monitoringcase_detail", args=[self.pk])

    @property
    def deadline(self) -> Any:
        return rules.decision_deadline(self.first_lead_on)

    @property
    def overdue(self) -> bool:
        return rules.is_overdue(self.first_lead_on, self.county_decision_on, timezone.localdate())

    def clean(self) -> None:
        super().clean()
        if not self.first_lead_on:
            return
        problems = rules.monitoring_problems(
            first_lead=self.first_lead_on,
            consent=self.consent,
            village_review=self.village_review_on,
            notice_from=self.notice_from,
            notice_to=self.notice_to,
            township_review=self.township_review_on,
            county_decision=self.county_decision_on,
        )
        if self.county_decision_on and not self.decision:
            raise ValidationError({"decision": _("Give the county's decision.")})
        if self.decision and not self.county_decision_on:
            raise ValidationError({"county_decision_on": _("Give the day of the decision.")})
        if self.eliminated_on and self.household_id:
            if self.decision != CaseDecision.INCLUDED:
                raise ValidationError(
                    {"eliminated_on": _("Only a case included in monitoring can be closed.")}
                )
            income = (
                self.household.incomes.filter(year__lte=self.eliminated_on.year)
                .order_by("-year")
                .first()
            )
            problems += rules.elimination_problems(
                on=self.eliminated_on,
                income_above_line_since=self.income_above_line_since,
                income_per_capita=income.per_capita if income else None,
                line=MonitoringLine.line_for(self.household.village.code, self.eliminated_on.year),
                guarantees=self.household.guarantees,
            )
        if problems:
            raise rule_error(problems)
