"""Organisations (with aliases and codes), industry classes, people and their positions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import HezuoModel, NamedModel, localized
from hezuo.base.validators import (
    validate_country,
    validate_jp_corporate_number,
    validate_resident_id,
    validate_uscc,
)
from hezuo.core import validators as core
from hezuo.core.industry import industry_display_name, is_valid_industry_code

from .choices import AliasLanguage, IndustryLevel, OrganisationKind


class IndustryClass(NamedModel):
    """An entry of GB/T 4754-2017: section, division, group or class."""

    access_group = "reference"

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry class")
        verbose_name_plural = _("industry classes")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        """The name in the user's language; where none is sourced, the Chinese name with help.

        Most groups and classes have no sourced Japanese or English name (see
        ``hezuo/core/data/SOURCES.md``), so a ja/en user sees the Chinese name followed by the
        nearest sourced name above it, e.g. ``发电机及发电机组制造 — 38 Manufacture of
        Electrical Machinery and Apparatus`` (rule: ``hezuo.core.industry.industry_display_name``).
        """
        lang = (get_language() or "zh-hans").lower()
        own = self.name_ja if lang.startswith("ja") else self.name_en
        if lang.startswith("zh") or own or not is_valid_industry_code(self.code):
            return localized(self, "name", lang)
        return industry_display_name(self.code, lang, name_zh=self.name_zh_hans)

    def get_absolute_url(self) -> str:
        return reverse("directory:industryclass_detail", args=[self.pk])


class Organisation(NamedModel):
    """An enterprise, government body, bank, association or other organisation."""

    #: parts that go with it when it is deleted (hezuo.base.deletion)
    deleted_with = ("directory.OrganisationAlias",)

    access_group = "directory"
    access_paths = {"organisation": "pk", "region": "region__code"}

    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        default="CN",
        validators=[validate_country],
        help_text=_("ISO 3166-1 alpha-2, e.g. CN, JP."),
    )
    region = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
    )
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="subsidiaries",
        verbose_name=_("parent organisation"),
    )
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=24,
        blank=True,
        validators=[validate_uscc],
        help_text=_("GB 32100, 18 characters with check character."),
    )
    jp_corporate_number = models.CharField(
        _("Japanese corporate number"),
        max_length=20,
        blank=True,
        validators=[validate_jp_corporate_number],
        help_text=_("法人番号, 13 digits with check digit."),
    )
    industry_classes = models.ManyToManyField(
        IndustryClass,
        blank=True,
        related_name="organisations",
        verbose_name=_("industry classes"),
    )
    website = models.URLField(_("website"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["name_zh_hans"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=~models.Q(uscc=""),
                name="organisation_unique_uscc",
                violation_error_message=_("Another organisation has this credit code."),
            ),
        ]

    def validate_constraints(self, exclude: object = None) -> None:
        # The credit code is unique; report a duplicate on the field, not the form.
        if self.uscc and (
            Organisation.objects.exclude(pk=self.pk).filter(uscc=core.normalise(self.uscc)).exists()
        ):
            raise ValidationError(
                {"uscc": _("Another organisation has this credit code.")}, code="unique"
            )
        super().validate_constraints(exclude=exclude)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        self.country = (self.country or "").strip().upper()
        if self.uscc:
            self.uscc = core.normalise(self.uscc)
        if self.jp_corporate_number:
            self.jp_corporate_number = core.normalise(self.jp_corporate_number).replace("-", "")
        if self.jp_corporate_number and self.country and self.country.upper() != "JP":
            raise ValidationError(
                {"jp_corporate_number": _("Only a Japanese organisation has a corporate number.")}
            )
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own parent.")})


class OrganisationAlias(HezuoModel):
    """Another name an organisation is known by (日本电产 = 尼得科 = Nidec)."""

    access_group = "directory"
    access_paths = {"organisation": "organisation", "region": "organisation__region__code"}

    organisation = models.ForeignKey(
        Organisation, models.CASCADE, related_name="aliases", verbose_name=_("organisation")
    )
    name = models.CharField(_("alias"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, choices=AliasLanguage.choices, default=AliasLanguage.OTHER
    )

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="alias_unique_per_organisation",
                violation_error_message=_("This organisation already has this alias."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.organisation.get_absolute_url()


class Person(NamedModel):
    """A person named in the records, with the positions held over time."""

    #: parts that go with it when it is deleted (hezuo.base.deletion)
    deleted_with = ("directory.Position",)

    access_group = "people"
    access_paths = {
        "organisation": "positions__organisation",
        "region": "positions__organisation__region__code",
        "program": "participations__event__program",
    }
    personal_fields = ("phone", "id_number")

    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    id_number = models.CharField(
        _("resident ID number"),
        max_length=24,
        blank=True,
        validators=[validate_resident_id],
        help_text=_("GB 11643, 18 characters."),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["name_zh_hans"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def get_absolute_url(self) -> str:
        return reverse("directory:person_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.id_number:
            self.id_number = core.normalise(self.id_number)

    def position_on(self, day: object) -> Position | None:
        """Return the first position held on ``day`` (a date), if any."""
        for position in self.positions.all():
            if (position.start_date is None or position.start_date <= day) and (  # type: ignore[operator]
                position.end_date is None or position.end_date >= day  # type: ignore[operator]
            ):
                return position
        return None


class Position(HezuoModel):
    """A title a person held at an organisation, from and to a date."""

    access_group = "people"
    # a position is seen by whoever sees its person
    access_paths = {
        "organisation": "person__positions__organisation",
        "region": "person__positions__organisation__region__code",
    }

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="positions", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("organisation"),
    )
    title_zh_hans = models.CharField(_("job title (Chinese)"), max_length=300)
    title_ja = models.CharField(_("job title (Japanese)"), max_length=300, blank=True)
    title_en = models.CharField(_("job title (English)"), max_length=300, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["person", "-start_date", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")

    @property
    def title(self) -> str:
        return localized(self, "title")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
