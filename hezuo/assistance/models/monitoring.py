"""The monitoring of the risk of returning to poverty (防止返贫监测): lines and cases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import HezuoModel
from hezuo.core import assistance as rules
from hezuo.regions.choices import RegionLevel

from ..choices import CaseDecision, CaseKind, FoundBy
from .common import ZERO, money, rule_error, via
from .households import Household


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
