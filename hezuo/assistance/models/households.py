"""Households of the assisted region and their members (GB 11643 ID numbers), status history,
income per year and the measures they received."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.base.models import HezuoModel
from hezuo.base.validators import MESSAGES
from hezuo.core import assistance as rules
from hezuo.core import validators as core
from hezuo.regions.choices import RegionLevel

from ..choices import Cause, HouseholdStatus, LabourCapacity, MeasureKind, Relation, Sex
from .common import PAIRINGS, RULE_MESSAGES, ZERO, check_pairing, money, via
from .ledger import AssistanceProject


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
        check_pairing(getattr(self, "program", None))
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
