"""Regions (GB/T 2260 and ISO 3166), programs, their parties, sub-areas and industry directions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hezuo.base.countries import country_name
from hezuo.base.models import NamedModel, localized
from hezuo.base.validators import MESSAGES, validate_country
from hezuo.core import validators as core

from .choices import PartyRole, ProgramKind, RegionLevel, SubAreaKind, TopicKind


class Region(NamedModel):
    """A division of China by its GB/T 2260 code, or a place abroad by ISO 3166."""

    access_group = "reference"
    access_paths = {"region": "code"}

    code = models.CharField(_("code"), max_length=32, unique=True)
    level = models.CharField(
        _("level"),
        max_length=16,
        choices=RegionLevel.choices,
        blank=True,
        help_text=_("Worked out from a Chinese code when left empty."),
    )
    country = models.CharField(
        _("country"), max_length=2, default="CN", validators=[validate_country]
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent region"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("regions:region_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        self.country = (self.country or "CN").upper()
        self.code = core.normalise(self.code or "")
        try:
            if self.country == "CN":
                shape = core.region_level(self.code)
                if self.level and self.level != shape:
                    raise ValidationError(
                        {
                            "level": _("The code %(code)s is the code of a %(level)s.")
                            % {"code": self.code, "level": RegionLevel(shape).label}
                        }
                    )
                self.level = shape
                core.validate_region_parent(self.code, self.parent.code if self.parent else None)
            else:
                if not self.level:
                    raise ValidationError({"level": _("Choose the level of a region abroad.")})
                if self.level == RegionLevel.COUNTRY:
                    if self.code != self.country:
                        raise ValidationError({"code": _("A country's code is its ISO 3166 code.")})
                else:
                    core.validate_foreign_region(self.code, self.country)
                    if self.parent and self.parent.country != self.country:
                        raise ValidationError(
                            {"parent": _("The parent region is in another country.")}
                        )
        except core.CodeError as exc:
            field = "parent" if exc.code == "region_parent" else "code"
            raise ValidationError(
                {
                    field: ValidationError(
                        MESSAGES[exc.code], code=exc.code, params={"value": self.code}
                    )
                }
            ) from exc


class IndustryDirection(NamedModel):
    """A direction of industry a zone is approved for (高端装备制造, 新材料, …)."""

    access_group = "reference"

    code = models.SlugField(_("code"), max_length=64, unique=True)
    industry_classes = models.ManyToManyField(
        "directory.IndustryClass", blank=True, verbose_name=_("industry classes")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry direction")
        verbose_name_plural = _("industry directions")

    def get_absolute_url(self) -> str:
        return reverse("regions:industrydirection_detail", args=[self.pk])


class Program(NamedModel):
    """A cooperation zone, an assistance pairing or a city partnership."""

    #: parts that go with it when it is deleted (hezuo.base.deletion)
    deleted_with = ("regions.ProgramParty", "regions.ProgramTopic")

    access_group = "programs"
    access_paths = {
        "program": "pk",
        "organisation": "parties__organisation",
        "region": "region__code",
    }

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=ProgramKind.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("framework program"),
        help_text=_("A national batch of zones, or a provincial pairing above a city pairing."),
    )
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
        verbose_name=_("host region"),
    )
    approved_by = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_programs",
        verbose_name=_("approved by"),
    )
    since_year = models.PositiveSmallIntegerField(_("since year"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description_zh_hans = models.TextField(_("description (Chinese)"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    industry_directions = models.ManyToManyField(
        IndustryDirection,
        blank=True,
        related_name="programs",
        verbose_name=_("industry directions"),
    )

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def get_absolute_url(self) -> str:
        return reverse("regions:program_detail", args=[self.pk])

    @property
    def description(self) -> str:
        return localized(self, "description")

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A program cannot be its own framework.")})


class ProgramParty(NamedModel):
    """A region or organisation taking part in a program, in a role."""

    access_group = "programs"
    access_paths = {"program": "program", "organisation": "organisation", "region": "region__code"}

    program = models.ForeignKey(
        Program, models.CASCADE, related_name="parties", verbose_name=_("program")
    )
    role = models.CharField(_("role"), max_length=24, choices=PartyRole.choices)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="program_parties",
        verbose_name=_("region"),
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="program_parties",
        verbose_name=_("organisation"),
    )
    country = models.CharField(
        _("country"), max_length=2, blank=True, validators=[validate_country]
    )
    name_zh_hans = models.CharField(_("name (Chinese)"), max_length=200, blank=True)

    class Meta:
        ordering = ["program", "role", "pk"]
        verbose_name = _("program party")
        verbose_name_plural = _("program parties")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False)
                | models.Q(organisation__isnull=False)
                | ~models.Q(country=""),
                name="programparty_names_a_party",
                violation_error_message=_("Give a region, an organisation or a country."),
            )
        ]

    @property
    def name(self) -> str:
        own = localized(self, "name")
        if own:
            return own
        if self.organisation_id:
            return self.organisation.name
        if self.region_id:
            return self.region.name
        return country_name(self.country)

    def get_absolute_url(self) -> str:
        return self.program.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        self.country = (self.country or "").strip().upper()


class SubArea(NamedModel):
    """A zone's core, wing or sub-area (片区)."""

    access_group = "programs"
    access_paths = {"program": "program", "region": "region__code"}

    program = models.ForeignKey(
        Program,
        models.PROTECT,
        related_name="sub_areas",
        verbose_name=_("zone"),
        limit_choices_to={"kind": ProgramKind.ZONE},
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=SubAreaKind.choices, default=SubAreaKind.SUB_AREA
    )
    code = models.SlugField(_("code"), max_length=64)
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_areas",
        verbose_name=_("region"),
    )
    industry_directions = models.ManyToManyField(
        IndustryDirection,
        blank=True,
        related_name="sub_areas",
        verbose_name=_("industry directions"),
    )
    also_covers = models.ManyToManyField(
        Region,
        blank=True,
        related_name="partly_in_sub_areas",
        verbose_name=_("also covers (in part)"),
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["program", "kind", "code"]
        verbose_name = _("sub-area")
        verbose_name_plural = _("sub-areas")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="subarea_unique_code"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("regions:subarea_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.program_id and self.program.kind != ProgramKind.ZONE:
            raise ValidationError({"program": _("Only a cooperation zone has sub-areas.")})


class ProgramTopic(NamedModel):
    """A named element of a program: platform, policy area, assistance line, model, field, tool."""

    access_group = "programs"
    access_paths = {"program": "program"}

    program = models.ForeignKey(
        Program, models.CASCADE, related_name="topics", verbose_name=_("program")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=TopicKind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["program", "kind", "position"]
        verbose_name = _("program topic")
        verbose_name_plural = _("program topics")

    def get_absolute_url(self) -> str:
        return self.program.get_absolute_url()
