"""The writes that matter on projects: named, typed, keyword-only, atomic and attributed.

Every function takes ``acting_user`` (a user, or ``base.services.SYSTEM`` for commands and
jobs), checks it may do what it asks through the role matrix, validates through the models'
``full_clean()``, and keeps the change in the records' history with the user and a reason, with
the one kit of ``hezuo.base.services``. Views, the API and commands call these; none of them
writes stage or merge records directly. The zone desk's writes (enquiries, visits, services,
rates, settings) are in ``hezuo.zonedesk.services``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.base.services import (
    attribute,
    check_version,
    is_system,
    locked,
    require,
    save_checked,
)
from hezuo.core import lifecycle
from hezuo.core.access import Action

from .choices import MilestoneStatus
from .models import (
    DuplicateDismissal,
    Milestone,
    Project,
    ProjectFigure,
    StageChange,
    StageEvidence,
    lifecycle_error,
)


@dataclass(frozen=True)
class EvidenceItem:
    """Evidence given with a stage change: a file, a reference to a document, or both."""

    kind: str
    reference: str = ""
    file: File | None = None  # type: ignore[type-arg]


def _active(project: Project) -> None:
    if not project.is_active:
        raise ValidationError(
            _("The project %(code)s is archived or merged; it cannot change.")
            % {"code": project.code},
            code="inactive",
        )


# --- life cycle ------------------------------------------------------------------------------------


def previous_move_on(project: Project) -> date | None:
    """Return the day of the project's last move (or the day it entered its current stage)."""
    last = (
        project.stage_changes.filter(merged_from__isnull=True)
        .order_by("-happened_on")
        .values_list("happened_on", flat=True)
        .first()
    )
    days = [d for d in (last, project.stage_since) if d is not None]
    return max(days) if days else None


@transaction.atomic
def advance_stage(
    *,
    project: Project,
    to_stage: str,
    happened_on: date,
    acting_user: Any,
    note: str = "",
    evidence: Sequence[EvidenceItem] = (),
    reason: str = "",
    skip_reason: str = "",
    version: int | None = None,
) -> StageChange:
    """Move ``project`` to ``to_stage`` as of ``happened_on``; return the recorded move.

    The rules are those of :func:`hezuo.core.lifecycle.check_move`: the day is not in the future
    nor before the previous move; backward, terminating or reopening needs a reason; forward needs
    the stage's required evidence, and a reason when it skips stages. The project's stage and
    ``stage_since`` follow, and both the move and the project keep it in their history.
    """
    project = locked(project)
    require(acting_user, project, Action.CHANGE)
    _active(project)
    check_version(project, version)
    evidence = list(evidence)
    problems = lifecycle.check_move(
        project.stage,
        to_stage,
        happened_on=happened_on,
        today=timezone.localdate(),
        previous_on=previous_move_on(project),
        evidence_kinds=[item.kind for item in evidence],
        reason=reason,
        skip_reason=skip_reason,
    )
    if problems:
        raise lifecycle_error(problems)
    change = StageChange(
        project=project,
        from_stage=project.stage,
        to_stage=to_stage,
        happened_on=happened_on,
        from_since=project.stage_since,
        recorded_by=None if is_system(acting_user) else acting_user,
        recorded_by_name="" if is_system(acting_user) else acting_user.get_username(),
        note=note.strip(),
        reason=reason.strip(),
        skip_reason=skip_reason.strip(),
    )
    change.full_clean()
    rows = [
        StageEvidence(kind=item.kind, reference=item.reference.strip(), file=item.file)
        for item in evidence
    ]
    for row in rows:
        row.full_clean(exclude=["stage_change"])
    why = reason or skip_reason or note
    label = f"{project.stage} → {to_stage}" + (f": {why}" if why else "")
    attribute(change, acting_user, label)
    change.save()
    for row in rows:
        row.stage_change = change
        attribute(row, acting_user, label)
        row.save()
    project.stage = to_stage
    project.stage_since = happened_on
    attribute(project, acting_user, label)
    project.save(update_fields=["stage", "stage_since", "updated"])
    return change


# --- milestones and figures ---------------------------------------------------------------------


@transaction.atomic
def add_milestone(
    *,
    project: Project,
    title_zh_hans: str,
    planned_on: date,
    acting_user: Any,
    title_ja: str = "",
    title_en: str = "",
    owner: Any = None,
    stage: str = "",
    note: str = "",
) -> Milestone:
    """Add a planned milestone to a project; return it."""
    require(acting_user, project, Action.CHANGE)
    _active(project)
    milestone = Milestone(
        project=project,
        title_zh_hans=title_zh_hans,
        title_ja=title_ja,
        title_en=title_en,
        planned_on=planned_on,
        owner=owner,
        stage=stage,
        note=note,
    )
    save_checked(milestone, acting_user, "milestone added")
    return milestone


@transaction.atomic
def complete_milestone(
    *,
    milestone: Milestone,
    actual_on: date,
    acting_user: Any,
    note: str = "",
    version: int | None = None,
) -> Milestone:
    """Record the day a milestone was reached; return it. A ``version`` other than the
    milestone's current one (someone saved it since) is refused with code ``conflict``."""
    require(acting_user, milestone, Action.CHANGE)
    current = locked(milestone)
    check_version(current, version)
    milestone.version = current.version
    milestone.actual_on = actual_on
    milestone.status = MilestoneStatus.DONE
    if note:
        milestone.note = note
    save_checked(milestone, acting_user, f"milestone done on {actual_on}", action=Action.CHANGE)
    return milestone


@transaction.atomic
def record_figure(
    *,
    project: Project,
    kind: str,
    amount: Decimal,
    recorded_on: date,
    acting_user: Any,
    currency: str = "",
    note: str = "",
) -> ProjectFigure:
    """Record a project's figure as it stood on ``recorded_on``; return it."""
    require(acting_user, project, Action.CHANGE)
    _active(project)
    figure = ProjectFigure(
        project=project,
        kind=kind,
        amount=amount,
        currency=currency,
        recorded_on=recorded_on,
        note=note,
    )
    save_checked(figure, acting_user, "figure recorded")
    return figure


# --- counting once: signings at several events, duplicates, merges --------------------------------


@transaction.atomic
def link_agreement(*, project: Project, agreement: Any, acting_user: Any) -> Project:
    """Link an agreement (signed at a further ceremony or fair) to the same project.

    The project keeps one record and counts once; it is linked to every event it was signed at.
    """
    require(acting_user, project, Action.CHANGE)
    _active(project)
    project.agreements.add(agreement)
    attribute(project, acting_user, f"agreement linked: {agreement}")
    project.save(update_fields=["updated"])
    return project


@transaction.atomic
def dismiss_duplicate(
    *, first: Project, second: Project, reason: str, acting_user: Any
) -> DuplicateDismissal:
    """Record that two projects flagged as possible duplicates are distinct."""
    for project in (first, second):
        require(acting_user, project, Action.CHANGE)
    if first.pk == second.pk:
        raise ValidationError(_("Give two different projects."), code="same")
    if not reason.strip():
        raise ValidationError(_("Say why the projects are distinct."), code="reason")
    a, b = sorted((first, second), key=lambda p: p.pk)
    row, _created = DuplicateDismissal.objects.get_or_create(
        first=a,
        second=b,
        defaults={"reason": reason, "decided_by": None if is_system(acting_user) else acting_user},
    )
    return row


@transaction.atomic
def merge_projects(*, keep: Project, merge: Project, acting_user: Any, reason: str) -> Project:
    """Merge the duplicate ``merge`` into ``keep``; return ``keep``.

    Everything recorded on ``merge`` (parties, agreements and so the events they were signed at,
    industry links, milestones, figures, stage changes and their evidence, services, enquiries,
    aftercare visits) moves to ``keep``; the stage changes remember where they came from.
    ``merge`` is archived with a pointer to ``keep`` and stays readable with its history; both
    projects' histories record the merge. ``keep``'s own stage is left as it is.
    """
    keep = locked(keep)
    merge = locked(merge)
    for project in (keep, merge):
        require(acting_user, project, Action.CHANGE)
    require(acting_user, merge, Action.DELETE)
    if keep.pk == merge.pk:
        raise ValidationError(_("A project cannot be merged into itself."), code="same")
    if not reason.strip():
        raise ValidationError(_("Give a reason for the merge."), code="reason")
    for project in (keep, merge):
        _active(project)
    if keep.program_id != merge.program_id:
        raise ValidationError(_("Only projects of the same program can be merged."), code="program")

    why = f"merged {merge.code} into {keep.code}: {reason}"
    existing = set(keep.parties.values_list("organisation_id", "role"))
    for party in merge.parties.all():
        attribute(party, acting_user, why)
        if (party.organisation_id, party.role) in existing:
            party.delete()  # the same organisation in the same role: kept once, on ``keep``
            continue
        party.project = keep
        party.save(update_fields=["project", "updated"])
    for relation in ("agreements", "industry_classes", "industry_directions"):
        getattr(keep, relation).add(*getattr(merge, relation).all())
    for change in merge.stage_changes.all():
        change.project = keep
        change.merged_from = change.merged_from or merge
        attribute(change, acting_user, why)
        change.save(update_fields=["project", "merged_from", "updated"])
    for manager in (merge.milestones, merge.figures, merge.services, merge.enquiries):
        for row in manager.all():
            row.project = keep
            attribute(row, acting_user, why)
            row.save(update_fields=["project", "updated"])
    for visit in merge.aftercare_visits.all():
        visit.project = keep
        attribute(visit, acting_user, why)
        visit.save(update_fields=["project", "updated"])
    for visit in merge.source_visits.all():
        visit.lead = keep
        attribute(visit, acting_user, why)
        visit.save(update_fields=["lead", "updated"])
    DuplicateDismissal.objects.filter(models.Q(first=merge) | models.Q(second=merge)).delete()
    for project in Project.objects.filter(merged_into=merge):
        project.merged_into = keep
        attribute(project, acting_user, why)
        project.save(update_fields=["merged_into", "updated"])

    merge.merged_into = keep
    merge.archived_at = timezone.now()
    merge.archive_reason = why[:300]
    attribute(merge, acting_user, why)
    merge.save(update_fields=["merged_into", "archived_at", "archive_reason", "updated"])
    attribute(keep, acting_user, why)
    keep.save(update_fields=["updated"])

    from hezuo.base.audit import record

    record(
        "archive",
        user=acting_user,
        objects=[merge],
        detail={"merged_into": keep.pk, "code": merge.code, "kept": keep.code},
        reason=reason,
    )
    return keep
