"""Cooperation projects: where they are, who invests, what they came from and their stage."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import ArchivableMixin, HezuoModel
from hezuo.events.models import TitledModel

from .choices import ProjectPartyRole, Stage


class Project(TitledModel, ArchivableMixin):
    """A cooperation project in a program, with its life-cycle stage."""

    access_group = "projects"
    access_paths = {
        "program": "program",
        "organisation": "parties__organisation",
        "region": "region__code",
    }

    code = models.CharField(_("project code"), max_length=40, unique=True)
    program = models.ForeignKey(
        "regions.Program", models.PROTECT, related_name="projects", verbose_name=_("program")
    )
    sub_area = models.ForeignKey(
        "regions.SubArea",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("sub-area"),
    )
    region = models.ForeignKey(
        "regions.Region",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("region"),
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.LEAD)
    stage_since = models.DateField(_("in stage since"), null=True, blank=True)
    industry_classes = models.ManyToManyField(
        "directory.IndustryClass",
        blank=True,
        related_name="projects",
        verbose_name=_("industry classes"),
    )
    industry_directions = models.ManyToManyField(
        "regions.IndustryDirection",
        blank=True,
        related_name="projects",
        verbose_name=_("industry directions"),
    )
    agreements = models.ManyToManyField(
        "events.Agreement",
        blank=True,
        related_name="projects",
        verbose_name=_("originating agreements"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def get_absolute_url(self) -> str:
        return reverse("projects:project_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.sub_area_id and self.program_id and self.sub_area.program_id != self.program_id:
            raise ValidationError({"sub_area": _("This sub-area belongs to another zone.")})
        if self.stage not in Stage.values:
            raise ValidationError({"stage": _("Unknown life-cycle stage.")})

    @property
    def investors(self) -> list[object]:
        return [p.organisation for p in self.parties.all() if p.role == ProjectPartyRole.INVESTOR]


class ProjectParty(HezuoModel):
    """An organisation in a project: investor, partner or operator."""

    access_group = "projects"
    access_paths = {
        "program": "project__program",
        "organisation": "organisation",
        "region": "project__region__code",
    }

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="parties", verbose_name=_("project")
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        related_name="project_parties",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=ProjectPartyRole.choices,
        default=ProjectPartyRole.INVESTOR,
    )

    class Meta:
        ordering = ["project", "role", "pk"]
        verbose_name = _("project party")
        verbose_name_plural = _("project parties")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation", "role"],
                name="projectparty_unique",
                violation_error_message=_("This organisation is already in this role."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url()
