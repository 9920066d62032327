"""The zone office's writes: service log, official rates, enquiries and their escalation,
aftercare visits (and the leads found on them), zone settings.

Named, keyword-only, atomic and attributed, written with the one kit of ``hezuo.base.services``:
each checks ``acting_user`` (a user, or ``SYSTEM`` for commands) against the role matrix,
validates through the models' ``full_clean()`` and keeps the user and a reason in the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.accounts.selectors import program_admins
from hezuo.base.services import (
    attribute,
    check_version,
    is_system,
    locked,
    require,
    require_any,
    save_checked,
)
from hezuo.core.access import Action
from hezuo.projects.choices import ProjectPartyRole, Stage
from hezuo.projects.models import Project, ProjectParty

from .choices import EnquiryChannel, RateSource, ServiceOutcome
from .models import AftercareVisit, Enquiry, ExchangeRate, ServiceLogEntry, ZoneSettings


@dataclass(frozen=True)
class Escalation:
    enquiry: Enquiry
    recipients: tuple[Any, ...]


def _person(user: Any) -> Any:
    """Return ``user`` as a person to record (None for the system itself)."""
    return None if is_system(user) else user


# --- zone settings ---------------------------------------------------------------------------------


@transaction.atomic
def set_zone_settings(
    *,
    program: Any,
    acting_user: Any,
    enquiry_response_days: int | None = None,
    stuck_days: dict[str, int | None] | None = None,
) -> ZoneSettings:
    """Create or change a zone's settings; return them."""
    require(acting_user, program, Action.CHANGE)
    row = ZoneSettings.objects.filter(program=program).first() or ZoneSettings(program=program)
    if enquiry_response_days is not None:
        row.enquiry_response_days = enquiry_response_days
    if stuck_days is not None:
        row.stuck_days = stuck_days
    row.full_clean()
    attribute(row, acting_user, "zone settings")
    row.save()
    return row


# --- services --------------------------------------------------------------------------------------


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
    require(acting_user, project, Action.CHANGE)
    entry = ServiceLogEntry(
        project=project,
        kind=kind,
        provided_on=provided_on,
        description=description,
        office=office,
        outcome=outcome,
        outcome_note=outcome_note,
    )
    save_checked(entry, acting_user, "service logged")
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
    require_any(acting_user, Project, Action.CHANGE)
    currency = currency.strip().upper()
    row = ExchangeRate.objects.filter(
        currency=currency, date=on, source=RateSource.OFFICIAL
    ).first() or ExchangeRate(currency=currency, date=on, source=RateSource.OFFICIAL)
    row.rate = rate
    row.note = note
    row.entered_by = _person(acting_user)
    row.full_clean()
    attribute(row, acting_user, note or "official rate")
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
    save_checked(enquiry, acting_user, "enquiry received")
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
    enquiry's current one (someone saved it since) is refused (``Conflict``)."""
    require(acting_user, enquiry, Action.CHANGE)
    current = locked(enquiry)
    check_version(current, version)
    enquiry.version = current.version
    enquiry.answer = answer
    enquiry.answered_at = answered_at or timezone.now()
    if enquiry.officer_id is None:
        enquiry.officer = _person(acting_user)
    save_checked(enquiry, acting_user, "enquiry answered", action=Action.CHANGE)
    return enquiry


@transaction.atomic
def escalate_overdue_enquiries(*, on: date, acting_user: Any) -> list[Escalation]:
    """Escalate every enquiry unanswered past its deadline on ``on``; return the escalations.

    An enquiry is escalated once, to the administrators of its zone (see ``Enquiry``);
    ``escalated_at`` and ``escalated_to`` record it. Already escalated enquiries are left alone.
    """
    escalations = []
    candidates = (
        Enquiry.objects.restrict(acting_user, Action.CHANGE)
        .filter(answered_at__isnull=True, escalated_at__isnull=True)
        .select_related("program")
        .order_by("received_at", "pk")
    )
    for enquiry in candidates:
        if enquiry.respond_by is None:
            enquiry.respond_by = enquiry.deadline_from_settings()
        if not enquiry.is_overdue(on):
            continue
        enquiry = locked(enquiry)
        if enquiry.answered_at is not None or enquiry.escalated_at is not None:
            continue  # answered or escalated while we looked
        recipients = tuple(program_admins(enquiry.program))
        enquiry.respond_by = enquiry.respond_by or enquiry.deadline_from_settings()
        enquiry.escalated_at = timezone.now()
        attribute(enquiry, acting_user, f"escalated: unanswered after {enquiry.respond_by}")
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
    save_checked(visit, acting_user, "aftercare visit")
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
    save_checked(project, acting_user, f"lead from aftercare visit {visit.visited_on}")
    party = ProjectParty(project=project, organisation=firm, role=ProjectPartyRole.INVESTOR)
    save_checked(party, acting_user, "investor of the lead")
    if base is not None:
        project.industry_directions.set(base.industry_directions.all())
        project.industry_classes.set(base.industry_classes.all())
    visit.lead = project
    attribute(visit, acting_user, "lead made")
    visit.save(update_fields=["lead", "updated"])
    return project
