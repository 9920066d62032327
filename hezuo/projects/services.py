"""The writes that matter on projects: named, typed, keyword-only, atomic and attributed.

Every function takes ``acting_user`` (None only for the system itself: the scheduler's
commands), checks it may do what it asks through the role matrix (``hezuo.base.access``),
validates through the models' ``full_clean()``, and keeps the change in the records' history
with the user and a reason. Views, the API and commands call these; none of them writes stage,
merge or rate records directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.base.access import may, may_on
from hezuo.core import lifecycle
from hezuo.core.access import Action, Role

from .choices import (
    EnquiryChannel,
    MilestoneStatus,
    ProjectPartyRole,
    RateSource,
    ServiceOutcome,
    Stage,
)
from .models import (
    AftercareVisit,
    DuplicateDismissal,
    Enquiry,
    ExchangeRate,
    Milestone,
    Project,
    ProjectFigure,
    ProjectParty,
    ServiceLogEntry,
    StageChange,
    StageEvidence,
    ZoneSettings,
    lifecycle_error,
)

#: django-simple-history keeps a reason of at most this many characters.
REASON_LENGTH = 100


@dataclass(frozen=True)
class EvidenceItem:
    """Evidence given with a stage change: a file, a reference to a document, or both."""

    kind: str
    reference: str = ""
    file: File | None = None  # type: ignore[type-arg]


@dataclass(frozen=True)
class Escalation:
    enquiry: Enquiry
    recipients: tuple[Any, ...]


def _attribute(obj: models.Model, user: Any, reason: str) -> None:
    """Make the next save of ``obj`` appear in its history as done by ``user`` for ``reason``."""
    if user is not None:
        obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = " ".join(reason.split())[:REASON_LENGTH]  # type: ignore[attr-defined]


def _refuse() -> PermissionDenied:
    return PermissionDenied(_("You may not do this with this record."))


def _require(user: Any, obj: models.Model, action: str) -> None:
    """Refuse unless ``user`` (None: the system) may ``action`` this saved record."""
    if user is not None and not may_on(user, obj, action):
        raise _refuse()


def _save(obj: models.Model, user: Any, reason: str, *, action: str = Action.ADD) -> None:
    """Validate, save and check again that ``user`` may ``action`` the saved record."""
    obj.full_clean()
    _attribute(obj, user, reason)
    obj.save()
    _require(user, obj, action)


def _check_version(obj: Any, version: int | None) -> None:
    if version is not None and obj.version != version:
        raise ValidationError(
            _(
                "Someone else saved this record in the meantime (version %(theirs)s, you "
                "started from %(yours)s). Nothing was saved."
            )
            % {"theirs": obj.version, "yours": version},
            code="conflict",
        )


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
    project = Project.objects.select_for_update().get(pk=project.pk)
    _require(acting_user, project, Action.CHANGE)
    _active(project)
    _check_version(project, version)
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
        recorded_by=acting_user,
        recorded_by_name=acting_user.get_username() if acting_user is not None else "",
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
    _attribute(change, acting_user, label)
    change.save()
    for row in rows:
        row.stage_change = change
        _attribute(row, acting_user, label)
        row.save()
    project.stage = to_stage
    project.stage_since = happened_on
    _attribute(project, acting_user, label)
    project.save(update_fields=["stage", "stage_since", "updated"])
    return change


@transaction.atomic
def set_zone_settings(
    *,
    program: Any,
    acting_user: Any,
    enquiry_response_days: int | None = None,
    stuck_days: dict[str, int | None] | None = None,
) -> ZoneSettings:
    """Create or change a zone's settings; return them."""
    _require(acting_user, program, Action.CHANGE)
    row = ZoneSettings.objects.filter(program=program).first() or ZoneSettings(program=program)
    if enquiry_response_days is not None:
        row.enquiry_response_days = enquiry_response_days
    if stuck_days is not None:
        row.stuck_days = stuck_days
    row.full_clean()
    _attribute(row, acting_user, "zone settings")
    row.save()
    return row


# --- milestones, figures, services ---------------------------------------------------------------


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
    _require(acting_user, project, Action.CHANGE)
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
    _save(milestone, acting_user, "milestone added")
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
    _require(acting_user, milestone, Action.CHANGE)
    current = Milestone.objects.select_for_update().get(pk=milestone.pk)
    _check_version(current, version)
    milestone.version = current.version
    milestone.actual_on = actual_on
    milestone.status = MilestoneStatus.DONE
    if note:
        milestone.note = note
    _save(milestone, acting_user, f"milestone done on {actual_on}", action=Action.CHANGE)
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
    _require(acting_user, project, Action.CHANGE)
    _active(project)
    figure = ProjectFigure(
        project=project,
        kind=kind,
        amount=amount,
        currency=currency,
        recorded_on=recorded_on,
        note=note,
    )
    _save(figure, acting_user, "figure recorded")
    return figure


@transaction.atomic
def log_service(
    *,
    project: Project,
    kind: str,
    provided_on: date,
    description: str,
    acting_user: Any,
    office: Any = None,
    outcome: str = ServiceOutcome.PENDING,
    outcome_note: str = "",
) -> ServiceLogEntry:
    """Log a service the zone office gave a project; return the entry."""
    _require(acting_user, project, Action.CHANGE)
    entry = ServiceLogEntry(
        project=project,
        kind=kind,
        provided_on=provided_on,
        description=description,
        office=office,
        outcome=outcome,
        outcome_note=outcome_note,
    )
    _save(entry, acting_user, "service logged")
    return entry


# --- exchange rates --------------------------------------------------------------------------------


@transaction.atomic
def add_official_rate(
    *, currency: str, on: date, rate: Decimal, acting_user: Any, note: str = ""
) -> ExchangeRate:
    """Enter (or correct) an official rate, CNY per one unit, for a day; return it.

    Anyone who may change projects somewhere may enter one (officers and zone administrators).
    From ``on`` until the next published rate it takes precedence over the ECB's.
    """
    if acting_user is not None and not may(acting_user, Project, Action.CHANGE):
        raise _refuse()
    currency = currency.strip().upper()
    row = ExchangeRate.objects.filter(
        currency=currency, date=on, source=RateSource.OFFICIAL
    ).first() or ExchangeRate(currency=currency, date=on, source=RateSource.OFFICIAL)
    row.rate = rate
    row.note = note
    row.entered_by = acting_user
    row.full_clean()
    _attribute(row, acting_user, note or "official rate")
    row.save()
    return row


# --- enquiries -------------------------------------------------------------------------------------


@transaction.atomic
def record_enquiry(
    *,
    program: Any,
    received_at: datetime,
    question: str,
    acting_user: Any,
    channel: str = EnquiryChannel.EMAIL,
    language: str = "zh-hans",
    investor: Any = None,
    investor_name: str = "",
    contact: str = "",
    officer: Any = None,
) -> Enquiry:
    """Record an investor's enquiry; its deadline follows from the zone's settings."""
    enquiry = Enquiry(
        program=program,
        received_at=received_at,
        question=question,
        channel=channel,
        language=language,
        investor=investor,
        investor_name=investor_name,
        contact=contact,
        officer=officer,
    )
    _save(enquiry, acting_user, "enquiry received")
    return enquiry


@transaction.atomic
def answer_enquiry(
    *,
    enquiry: Enquiry,
    answer: str,
    acting_user: Any,
    answered_at: datetime | None = None,
    version: int | None = None,
) -> Enquiry:
    """Record the answer given to an enquiry; return it. A ``version`` other than the
    enquiry's current one (someone saved it since) is refused with code ``conflict``."""
    _require(acting_user, enquiry, Action.CHANGE)
    current = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    _check_version(current, version)
    enquiry.version = current.version
    enquiry.answer = answer
    enquiry.answered_at = answered_at or timezone.now()
    if enquiry.officer_id is None and acting_user is not None:
        enquiry.officer = acting_user
    _save(enquiry, acting_user, "enquiry answered", action=Action.CHANGE)
    return enquiry


#: The roles that administer a program, for escalations and alerts nobody else receives: the
#: zone office (管委会) of a zone, the donor side's collaboration office (协作办) of a pairing.
ADMIN_ROLES = (Role.ZONE_ADMIN, Role.DONOR_OFFICE)


def program_admins(program: Any) -> list[Any]:
    """Return the active users who administer ``program`` or a program above it."""
    from django.contrib.auth import get_user_model

    programs, current = [], program
    while current is not None:
        programs.append(current.pk)
        current = current.parent
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role__in=ADMIN_ROLES,
            memberships__program__in=programs,
        )
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def escalate_overdue_enquiries(*, on: date, acting_user: Any = None) -> list[Escalation]:
    """Escalate every enquiry unanswered past its deadline on ``on``; return the escalations.

    An enquiry is escalated once, to the administrators of its zone (see ``Enquiry``);
    ``escalated_at`` and ``escalated_to`` record it. Already escalated enquiries are left alone.
    """
    escalations = []
    candidates = (
        Enquiry.objects.select_for_update()
        .filter(answered_at__isnull=True, escalated_at__isnull=True)
        .select_related("program")
        .order_by("received_at", "pk")
    )
    for enquiry in candidates:
        if enquiry.respond_by is None:
            enquiry.respond_by = enquiry.deadline_from_settings()
        if not enquiry.is_overdue(on):
            continue
        recipients = tuple(program_admins(enquiry.program))
        enquiry.escalated_at = timezone.now()
        _attribute(enquiry, acting_user, f"escalated: unanswered after {enquiry.respond_by}")
        enquiry.save(update_fields=["escalated_at", "respond_by", "updated"])
        enquiry.escalated_to.set(recipients)
        escalations.append(Escalation(enquiry, recipients))
    return escalations


# --- aftercare -------------------------------------------------------------------------------------


@transaction.atomic
def record_visit(
    *,
    program: Any,
    organisation: Any,
    visiting_office: Any,
    visited_on: date,
    acting_user: Any,
    participants: str = "",
    issues: str = "",
    follow_ups: str = "",
    expansion_intention: bool = False,
    expansion_note: str = "",
    project: Project | None = None,
) -> AftercareVisit:
    """Log an aftercare visit; an expansion intention found on it becomes a new lead."""
    visit = AftercareVisit(
        program=program,
        organisation=organisation,
        visiting_office=visiting_office,
        visited_on=visited_on,
        participants=participants,
        issues=issues,
        follow_ups=follow_ups,
        expansion_intention=expansion_intention,
        expansion_note=expansion_note,
        project=project,
    )
    _save(visit, acting_user, "aftercare visit")
    if expansion_intention:
        lead_from_visit(visit=visit, acting_user=acting_user)
    return visit


@transaction.atomic
def lead_from_visit(*, visit: AftercareVisit, acting_user: Any) -> Project:
    """Return the lead made from the visit's expansion intention, making it the first time."""
    if visit.lead_id is not None:
        return visit.lead  # type: ignore[return-value]
    if not visit.expansion_intention:
        raise ValidationError(
            _("Only a visit that found an expansion intention becomes a lead."), code="no_intention"
        )
    firm, base = visit.organisation, visit.project
    project = Project(
        code=f"LEAD-{visit.visited_on:%Y%m%d}-{visit.pk:05d}",
        title_zh_hans=f"{firm.name_zh_hans}扩能项目",
        title_ja=f"{firm.name_ja}拡張プロジェクト" if firm.name_ja else "",
        title_en=f"{firm.name_en} expansion" if firm.name_en else "",
        program=visit.program,
        sub_area=base.sub_area if base is not None else None,
        region=base.region if base is not None else visit.program.region,
        stage=Stage.LEAD,
        stage_since=visit.visited_on,
        responsible_organisation=visit.visiting_office,
        description=visit.expansion_note,
    )
    _save(project, acting_user, f"lead from aftercare visit {visit.visited_on}")
    party = ProjectParty(project=project, organisation=firm, role=ProjectPartyRole.INVESTOR)
    _save(party, acting_user, "investor of the lead")
    if base is not None:
        project.industry_directions.set(base.industry_directions.all())
        project.industry_classes.set(base.industry_classes.all())
    visit.lead = project
    _attribute(visit, acting_user, "lead made")
    visit.save(update_fields=["lead", "updated"])
    return project


# --- counting once: signings at several events, duplicates, merges --------------------------------


@transaction.atomic
def link_agreement(*, project: Project, agreement: Any, acting_user: Any) -> Project:
    """Link an agreement (signed at a further ceremony or fair) to the same project.

    The project keeps one record and counts once; it is linked to every event it was signed at.
    """
    _require(acting_user, project, Action.CHANGE)
    _active(project)
    project.agreements.add(agreement)
    _attribute(project, acting_user, f"agreement linked: {agreement}")
    project.save(update_fields=["updated"])
    return project


@transaction.atomic
def dismiss_duplicate(
    *, first: Project, second: Project, reason: str, acting_user: Any
) -> DuplicateDismissal:
    """Record that two projects flagged as possible duplicates are distinct."""
    for project in (first, second):
        _require(acting_user, project, Action.CHANGE)
    if first.pk == second.pk:
        raise ValidationError(_("Give two different projects."), code="same")
    if not reason.strip():
        raise ValidationError(_("Say why the projects are distinct."), code="reason")
    a, b = sorted((first, second), key=lambda p: p.pk)
    row, _created = DuplicateDismissal.objects.get_or_create(
        first=a, second=b, defaults={"reason": reason, "decided_by": acting_user}
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
    keep = Project.objects.select_for_update().get(pk=keep.pk)
    merge = Project.objects.select_for_update().get(pk=merge.pk)
    for project in (keep, merge):
        _require(acting_user, project, Action.CHANGE)
    _require(acting_user, merge, Action.DELETE)
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
        _attribute(party, acting_user, why)
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
        _attribute(change, acting_user, why)
        change.save(update_fields=["project", "merged_from", "updated"])
    for manager in (merge.milestones, merge.figures, merge.services, merge.enquiries):
        for row in manager.all():
            row.project = keep
            _attribute(row, acting_user, why)
            row.save(update_fields=["project", "updated"])
    for visit in merge.aftercare_visits.all():
        visit.project = keep
        _attribute(visit, acting_user, why)
        visit.save(update_fields=["project", "updated"])
    for visit in merge.source_visits.all():
        visit.lead = keep
        _attribute(visit, acting_user, why)
        visit.save(update_fields=["lead", "updated"])
    DuplicateDismissal.objects.filter(models.Q(first=merge) | models.Q(second=merge)).delete()
    for project in Project.objects.filter(merged_into=merge):
        project.merged_into = keep
        _attribute(project, acting_user, why)
        project.save(update_fields=["merged_into", "updated"])

    merge.merged_into = keep
    merge.archived_at = timezone.now()
    merge.archive_reason = why[:300]
    _attribute(merge, acting_user, why)
    merge.save(update_fields=["merged_into", "archived_at", "archive_reason", "updated"])
    _attribute(keep, acting_user, why)
    keep.save(update_fields=["updated"])

    from hezuo.accounts.audit import record

    record(
        "archive",
        user=acting_user,
        objects=[merge],
        detail={"merged_into": keep.pk, "code": merge.code, "kept": keep.code},
        reason=reason,
    )
    return keep
