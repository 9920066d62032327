"""Cooperation projects: where they are, who invests, what they came from and their stage."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import ArchivableMixin, HezuoModel
from hezuo.base.validators import validate_currency
from hezuo.core import lifecycle
from hezuo.events.models import TitledModel

from .choices import (
    MONEY_FIGURES,
    EvidenceKind,
    FigureKind,
    MilestoneStatus,
    Move,
    ProjectPartyRole,
    Stage,
)


def via_project(prefix: str = "project") -> dict[str, str]:
    """Return the access paths of a record that belongs to a project through ``prefix``."""
    return {
        "program": f"{prefix}__program",
        "organisation": f"{prefix}__parties__organisation",
        "region": f"{prefix}__region__code",
    }


#: Messages for the problem codes of hezuo.core.lifecycle.
LIFECYCLE_MESSAGES = {
    "unknown_stage": _("“%(stage)s” is not a life-cycle stage."),
    "same_stage": _("The project is already at the stage “%(stage)s”."),
    "future": _("A move is recorded on the day it happened; %(date)s is in the future."),
    "before_previous": _(
        "A move cannot have happened before the project's previous move (%(date)s)."
    ),
    "evidence_kind": _("“%(kind)s” is not evidence for this stage."),
    "evidence_missing": _("Moving forward to this stage needs evidence: %(kind)s."),
    "reason_backward": _("A move backward needs a reason."),
    "reason_terminate": _("Terminating a project needs a reason."),
    "reason_reopen": _("Reopening a terminated project needs a reason."),
    "skip_reason": _("This move skips %(stages)s: say why."),
    "thresholds_shape": _("Give the thresholds as {stage: days}."),
    "threshold_days": _("The threshold of “%(stage)s” must be a whole number of days above 0."),
}


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """Return the translated label of ``value`` in ``choices`` (the value itself if unknown)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def lifecycle_error(problems: Iterable[lifecycle.Problem]) -> ValidationError:
    """Return one ValidationError, by field, for the problems found by hezuo.core.lifecycle."""
    by_field: dict[str, list[ValidationError]] = {}
    for problem in problems:
        params = dict(problem.params)
        if "stage" in params:
            params["stage"] = choice_label(Stage, params["stage"])
        if "stages" in params:
            params["stages"] = ", ".join(
                choice_label(Stage, s.strip()) for s in params["stages"].split(",")
            )
        if "kind" in params:
            params["kind"] = choice_label(EvidenceKind, params["kind"])
        by_field.setdefault(problem.field, []).append(
            ValidationError(LIFECYCLE_MESSAGES[problem.code], code=problem.code, params=params)
        )
    return ValidationError(by_field)  # type: ignore[arg-type]


def validate_stuck_days(value: Any) -> None:
    """Refuse stuck thresholds that are not {stage: whole number of days above 0}."""
    problems = lifecycle.threshold_problems(value)
    if problems:
        raise ValidationError(
            [
                ValidationError(
                    LIFECYCLE_MESSAGES[p.code],
                    code=p.code,
                    params={k: choice_label(Stage, v) for k, v in p.params.items()},
                )
                for p in problems
            ]
        )


class Project(TitledModel, ArchivableMixin):
    """A cooperation project in a program, with its life-cycle stage."""

    #: parts that go with it when it is deleted (hezuo.base.deletion)
    deleted_with = ("projects.ProjectParty",)

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
    responsible_organisation = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for_projects",
        verbose_name=_("responsible office"),
        help_text=_(
            "The office that follows the project and receives its alerts; "
            "the zone's administrators when empty."
        ),
    )
    merged_into = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_projects",
        verbose_name=_("merged into"),
    )

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
        if self.merged_into_id and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": _("A project cannot be merged into itself.")})

    @property
    def is_active(self) -> bool:
        """Whether the project counts: neither archived nor merged into another."""
        return self.archived_at is None and self.merged_into_id is None

    @property
    def investors(self) -> list[object]:
        return [p.organisation for p in self.parties.all() if p.role == ProjectPartyRole.INVESTOR]


class ProjectParty(HezuoModel):
    """An organisation in a project: investor, partner or operator."""

    access_group = "projects"
    access_paths = {
        "program": "project__program",
        # a party is seen by whoever sees its project
        "organisation": "project__parties__organisation",
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


# --- life cycle ------------------------------------------------------------------------------------


class StageChange(HezuoModel):
    """A move of a project from one life-cycle stage to another, on the day it happened.

    Written only by ``hezuo.projects.services.advance_stage``, which also checks the evidence and
    the order of the dates.
    """

    access_group = "projects"
    access_paths = via_project()

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="stage_changes", verbose_name=_("project")
    )
    from_stage = models.CharField(_("from stage"), max_length=16, choices=Stage.choices)
    to_stage = models.CharField(_("to stage"), max_length=16, choices=Stage.choices)
    move = models.CharField(_("move"), max_length=12, choices=Move.choices, editable=False)
    happened_on = models.DateField(
        _("happened on"), help_text=_("The day the move happened, not the day it is recorded.")
    )
    from_since = models.DateField(
        _("in the earlier stage since"), null=True, blank=True, editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_by_name = models.CharField(
        _("recorded by (name)"), max_length=150, blank=True, editable=False
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    note = models.TextField(_("note"), blank=True)
    reason = models.TextField(
        _("reason"), blank=True, help_text=_("Needed for a move backward or a termination.")
    )
    skip_reason = models.TextField(
        _("reason for skipping stages"),
        blank=True,
        help_text=_("Needed when a move forward jumps over a stage."),
    )
    merged_from = models.ForeignKey(
        Project,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("moved here from project"),
        help_text=_("The duplicate project this move was recorded on before a merge."),
    )

    class Meta:
        ordering = ["project", "happened_on", "recorded_at", "pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_stage=models.F("to_stage")),
                name="stagechange_moves",
                violation_error_message=_("A stage change goes to another stage."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_from_stage_display()} → {self.get_to_stage_display()}"

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if not (self.from_stage and self.to_stage and self.happened_on):
            return
        kinds = list(self.evidence.values_list("kind", flat=True)) if self.pk else None
        problems = lifecycle.check_move(
            self.from_stage,
            self.to_stage,
            happened_on=self.happened_on,
            today=timezone.localdate(self.recorded_at) if self.recorded_at else date.max,
            evidence_kinds=kinds or (),
            reason=self.reason,
            skip_reason=self.skip_reason,
        )
        if kinds is None:  # not saved yet: the evidence is checked by the service
            problems = [p for p in problems if p.field != "evidence"]
        if problems:
            raise lifecycle_error(problems)
        self.move = lifecycle.classify(self.from_stage, self.to_stage).value


class StageEvidence(HezuoModel):
    """A document that shows a stage was reached: a file, or a reference to where it is kept."""

    access_group = "projects"
    access_paths = via_project("stage_change__project")

    stage_change = models.ForeignKey(
        StageChange, models.CASCADE, related_name="evidence", verbose_name=_("stage change")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=EvidenceKind.choices)
    file = models.FileField(
        _("file"), upload_to="projects/evidence/%Y/%m/", blank=True, max_length=255
    )
    reference = models.CharField(
        _("reference"),
        max_length=300,
        blank=True,
        help_text=_("Document number, issuing authority, or where the original is kept."),
    )

    class Meta:
        ordering = ["stage_change", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(reference=""),
                name="stageevidence_file_or_reference",
                violation_error_message=_("Attach a file or give a reference."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.reference or self.file.name}"

    def get_absolute_url(self) -> str:
        return self.stage_change.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        self.reference = (self.reference or "").strip()
        if not self.file and not self.reference:
            raise ValidationError(_("Attach a file or give a reference."), code="evidence_empty")
        if self.stage_change_id and self.kind:
            accepted = {k.value for k in lifecycle.ACCEPTED_EVIDENCE[self.stage_change.to_stage]}
            if self.kind not in accepted:
                raise lifecycle_error(
                    [lifecycle.Problem("evidence_kind", "kind", {"kind": self.kind})]
                )


class Milestone(TitledModel):
    """A planned step of a project, with the organisation that owns it."""

    access_group = "projects"
    access_paths = via_project()

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="milestones", verbose_name=_("project")
    )
    stage = models.CharField(_("leads to stage"), max_length=16, choices=Stage.choices, blank=True)
    planned_on = models.DateField(_("planned date"))
    actual_on = models.DateField(_("actual date"), null=True, blank=True)
    owner = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("owner organisation"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["project", "planned_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if self.actual_on and self.status in (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS):
            self.status = MilestoneStatus.DONE
        if self.status == MilestoneStatus.DONE and not self.actual_on:
            raise ValidationError({"actual_on": _("A milestone that is done has an actual date.")})
        if self.actual_on and self.actual_on > timezone.localdate():
            raise ValidationError({"actual_on": _("The actual date cannot be in the future.")})

    def is_overdue(self, on: date) -> bool:
        """Return whether the milestone is past its planned date without an actual date on ``on``."""
        return lifecycle.is_overdue(
            self.planned_on,
            self.actual_on,
            on,
            cancelled=self.status == MilestoneStatus.CANCELLED,
        )


class ProjectFigure(HezuoModel):
    """A figure of a project as recorded on a day: an amount in its own currency, or a count."""

    access_group = "projects"
    access_paths = via_project()

    project = models.ForeignKey(
        Project, models.CASCADE, related_name="figures", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=FigureKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text=_("ISO 4217, e.g. CNY, JPY, USD; empty for a number of jobs."),
    )
    recorded_on = models.DateField(
        _("recorded on"), help_text=_("The day the figure stood at this amount.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["project", "kind", "-recorded_on", "-pk"]
        verbose_name = _("project figure")
        verbose_name_plural = _("project figures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="projectfigure_amount_not_negative",
                violation_error_message=_("A figure cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        unit = f" {self.currency}" if self.currency else ""
        return f"{self.get_kind_display()}: {self.amount}{unit} ({self.recorded_on})"

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url()

    @property
    def is_money(self) -> bool:
        return self.kind in MONEY_FIGURES

    def clean(self) -> None:
        super().clean()
        self.currency = (self.currency or "").strip().upper()
        if self.is_money and not self.currency:
            raise ValidationError({"currency": _("Give the currency of the amount.")})
        if self.kind == FigureKind.JOBS:
            if self.currency:
                raise ValidationError({"currency": _("A number of jobs has no currency.")})
            if self.amount is not None and self.amount != self.amount.to_integral_value():
                raise ValidationError({"amount": _("A number of jobs is a whole number.")})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("A figure cannot be negative.")})
        if self.recorded_on and self.recorded_on > timezone.localdate():
            raise ValidationError({"recorded_on": _("A figure cannot be dated in the future.")})


class DuplicateDismissal(HezuoModel):
    """A person's decision that two projects flagged as possible duplicates are distinct."""

    access_group = "projects"
    access_paths = via_project("first")

    first = models.ForeignKey(Project, models.CASCADE, related_name="+", verbose_name=_("project"))
    second = models.ForeignKey(
        Project, models.CASCADE, related_name="+", verbose_name=_("other project")
    )
    reason = models.TextField(_("why they are distinct"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["first", "second"]
        verbose_name = _("distinct projects")
        verbose_name_plural = _("distinct projects")
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"],
                name="duplicatedismissal_unique",
                violation_error_message=_("These projects are already marked as distinct."),
            ),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")),
                name="duplicatedismissal_ordered",
                violation_error_message=_("Give two different projects."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} ≠ {self.second}"

    def get_absolute_url(self) -> str:
        return self.first.get_absolute_url()
