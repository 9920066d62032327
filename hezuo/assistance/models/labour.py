"""Labour cooperation (劳务协作): jobs offered and the people placed into them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import HezuoModel
from hezuo.core import assistance as rules

from ..choices import PlaceType
from .common import PAIRINGS, check_pairing, money
from .households import HouseholdMember


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
        check_pairing(getattr(self, "program", None))


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
