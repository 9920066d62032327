"""The writes that matter on policy applications: apply, submit, decide, pay, grant in one step.

Each function is keyword-only, atomic and attributed (``acting_user``: a user, or
``base.services.SYSTEM`` for the system), checks the role matrix (``base.services``), validates through ``full_clean()`` and keeps a reason in the history.
An application moves drafted → submitted → approved | rejected, approved → paid
(``choices.TRANSITIONS``). Deciding and paying is the zone office's: it needs the right to change
the policy, which an enterprise never has. A policy granted without application (免申即享) is
approved for every qualifying project in one step, each as an application that skipped the
enterprise's part.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.base.services import (
    SYSTEM,
    attribute,
    locked,
    recorded_user,
    require,
    save_checked,
)
from hezuo.core.access import Action
from hezuo.core.eligibility import Subject, ToCny, evaluate
from hezuo.projects.models import Project

from . import rules, selectors
from .choices import TRANSITIONS, ApplicationStatus, PolicyStatus
from .models import Application, Policy, PolicyNotice


def _move(application: Application, to: str) -> None:
    if to not in TRANSITIONS[ApplicationStatus(application.status)]:
        raise ValidationError(
            _("An application that is %(status)s cannot become %(to)s.")
            % {
                "status": application.get_status_display(),
                "to": ApplicationStatus(to).label,
            },
            code="transition",
        )
    application.status = to


@transaction.atomic
def apply(
    *,
    policy: Policy,
    project: Project,
    enterprise: Any,
    acting_user: Any,
    documents: str = "",
    submit: bool = True,
    on: date | None = None,
) -> Application:
    """Record an application of ``enterprise`` for ``policy`` for ``project`` (submitted unless
    ``submit`` is False), with the benefit computed from the project's figures today."""
    on = on or timezone.localdate()
    subject = rules.subjects([project], on=on)[project.pk]
    _verdict, benefit = selectors.judge(policy, subject)
    application = Application(
        policy=policy,
        project=project,
        enterprise=enterprise,
        applied_on=on,
        documents=documents,
        amount_requested=benefit.amount if benefit else None,
    )
    save_checked(application, acting_user, "applied", action=Action.ADD)
    if submit:
        _move(application, ApplicationStatus.SUBMITTED)
        attribute(application, acting_user, "submitted")
        application.save()
    return application


@transaction.atomic
def submit(*, application: Application, acting_user: Any) -> Application:
    """Submit a drafted application to the zone office."""
    application = locked(application)
    require(acting_user, application, Action.CHANGE)
    _move(application, ApplicationStatus.SUBMITTED)
    save_checked(application, acting_user, "submitted", action=Action.CHANGE)
    return application


@transaction.atomic
def decide(
    *,
    application: Application,
    approve: bool,
    acting_user: Any,
    amount: Decimal | None = None,
    note: str = "",
    on: date | None = None,
) -> Application:
    """Approve (with the amount granted; the computed one by default) or reject (with a note)
    a submitted application."""
    application = locked(application)
    require(acting_user, application.policy, Action.CHANGE)
    require(acting_user, application, Action.CHANGE)
    if not approve and not note.strip():
        raise ValidationError(_("A rejection needs a note."), code="note")
    _move(application, ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED)
    if approve:
        application.amount_granted = amount if amount is not None else application.amount_requested
    application.decision_note = note.strip()
    application.decided_on = on or timezone.localdate()
    application.decided_by = recorded_user(acting_user)
    save_checked(
        application, acting_user, "approved" if approve else "rejected", action=Action.CHANGE
    )
    return application


@transaction.atomic
def mark_paid(*, application: Application, acting_user: Any, note: str = "") -> Application:
    """Record that an approved benefit was paid (or the approved measure given)."""
    application = locked(application)
    require(acting_user, application.policy, Action.CHANGE)
    _move(application, ApplicationStatus.PAID)
    if note.strip():
        application.decision_note = "\n".join(p for p in (application.decision_note, note) if p)
    save_checked(application, acting_user, "paid", action=Action.CHANGE)
    return application


@transaction.atomic
def grant_without_application(
    *,
    policy: Policy,
    acting_user: Any,
    projects: Iterable[int] | None = None,
    on: date | None = None,
    note: str = "",
) -> list[Application]:
    """Approve ``policy`` for every qualifying project not yet granted (or those of
    ``projects`` among them), each recorded as an approved application with its benefit."""
    on = on or timezone.localdate()
    require(acting_user, policy, Action.CHANGE)
    if not policy.granted_without_application:
        raise ValidationError(
            _("This policy is not granted without application."), code="not_automatic"
        )
    granted = []
    for row in selectors.grant_rows(policy, on=on, user=acting_user, only=projects):
        amount = row.benefit.amount if row.benefit else None
        application = Application(
            policy=policy,
            project=row.project,
            enterprise=row.enterprise,
            applied_on=on,
            status=ApplicationStatus.APPROVED,
            amount_requested=amount,
            amount_granted=amount,
            decided_on=on,
            decided_by=recorded_user(acting_user),
            decision_note=note.strip(),
            without_application=True,
        )
        save_checked(application, acting_user, "granted without application")
        granted.append(application)
    return granted


def program_has_policies(program_id: int | None) -> bool:
    """Return whether a zone has a policy in force (else no change needs judging)."""
    return bool(program_id) and (
        Policy.objects.filter(program_id=program_id, status=PolicyStatus.IN_FORCE).exists()
    )


def project_facts(project_id: int, *, on: date | None = None) -> Subject:
    """Return a project's facts as they stand in the database now (before a change is saved)."""
    project = Project.objects.select_related("sub_area").get(pk=project_id)
    return rules.subjects([project], on=on or timezone.localdate())[project.pk]


@transaction.atomic
def notice_newly_qualifying(
    *, project_id: int, before: Subject, cause: str, on: date | None = None
) -> list[PolicyNotice]:
    """Record the policies in force that the project qualifies for now but did not with the
    facts ``before`` its change (and has not applied for); return the notices made.

    A notice shown before is made unread again (the project lost and regained the policy).
    Called by the receivers of ``hezuo.policies.signals`` inside the change's transaction, so
    that the change and its notices are saved together or not at all.
    """
    on = on or timezone.localdate()
    project = Project.objects.select_related("sub_area").get(pk=project_id)
    after = rules.subjects([project], on=on)[project.pk]
    applied = set(
        Application.objects.filter(project=project)
        .exclude(status=ApplicationStatus.REJECTED)
        .values_list("policy_id", flat=True)
    )
    policies = selectors.in_force(Policy.objects.filter(program=project.program_id), on)
    made = []
    for policy in policies.prefetch_related("rules", "sub_areas"):
        if policy.pk in applied:
            continue
        rule = selectors.policy_rule(policy)
        now, _benefit = selectors.judge(policy, after, rule=rule)
        if not now.met:
            continue
        was, _benefit = selectors.judge(policy, before, rule=rule)
        if was.met:
            continue
        notice = PolicyNotice.objects.filter(project=project, policy=policy).first()
        notice = notice or PolicyNotice(project=project, policy=policy)
        notice.since, notice.cause = on, cause
        notice.is_synthetic = project.is_synthetic and policy.is_synthetic
        save_checked(notice, SYSTEM, f"newly qualifying ({cause})")
        notice.read_by.clear()
        made.append(notice)
    return made


def mark_notices_read(*, notices: Iterable[PolicyNotice], acting_user: Any) -> int:
    """Mark notices (the user may see) read by ``acting_user``; return how many were unread."""
    through = PolicyNotice.read_by.through
    ids = [n.pk for n in notices]
    done = set(
        through.objects.filter(policynotice_id__in=ids, user_id=acting_user.pk).values_list(
            "policynotice_id", flat=True
        )
    )
    fresh = [through(policynotice_id=pk, user_id=acting_user.pk) for pk in ids if pk not in done]
    through.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)


# --- many projects at once (bulk writes: the ledger imports) -------------------------------------

#: Projects read per query when many are judged at once.
FACTS_CHUNK = 2000


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), FACTS_CHUNK):
        yield ordered[start : start + FACTS_CHUNK]


def programs_with_policies(program_ids: Iterable[int | None]) -> set[int]:
    """Return those of ``program_ids`` with a policy in force (the zones whose changes need
    judging), in one query."""
    wanted = {pk for pk in program_ids if pk}
    if not wanted:
        return set()
    return set(
        Policy.objects.filter(program_id__in=wanted, status=PolicyStatus.IN_FORCE)
        .values_list("program_id", flat=True)
        .distinct()
    )


def projects_to_judge(project_ids: Iterable[int]) -> set[int]:
    """Return those of ``project_ids`` in a zone with a policy in force (one query a chunk)."""
    found: set[int] = set()
    for chunk in _chunks(project_ids):
        found.update(
            Project.objects.filter(pk__in=chunk, program__policies__status=PolicyStatus.IN_FORCE)
            .values_list("pk", flat=True)
            .distinct()
        )
    return found


def projects_facts(project_ids: Iterable[int], *, on: date | None = None) -> dict[int, Subject]:
    """Return the facts of many projects as they stand in the database now (before a bulk
    change is written), as ``project_facts`` gives one, read a chunk at a time."""
    on = on or timezone.localdate()
    facts: dict[int, Subject] = {}
    for chunk in _chunks(project_ids):
        projects = Project.objects.select_related("sub_area").filter(pk__in=chunk)
        facts.update(rules.subjects(projects, on=on))
    return facts


def _rules_in_force(program_id: int, on: date) -> list[tuple[Any, ToCny]]:
    """Return the whole rule of each policy in force in a zone, with its converter to CNY."""
    policies = selectors.in_force(Policy.objects.filter(program=program_id), on)
    found: list[tuple[Any, ToCny]] = []
    for policy in policies.prefetch_related("rules", "sub_areas"):
        rule = selectors.policy_rule(policy)
        found.append((rule, rules.Rates(on, rules.rule_currencies(rule)).cny))
    return found


def notice_newly_qualifying_many(
    *, before: Mapping[int, Subject], causes: Mapping[int, str], on: date | None = None
) -> list[PolicyNotice]:
    """Record, for each project of ``before`` (its facts before a bulk change such as an
    import), the policies it newly qualifies for, with the cause ``causes[project]``; return
    the notices made.

    The facts after the change are read and judged a chunk at a time; only a project that
    meets some policy now and did not before goes on to ``notice_newly_qualifying``, which
    decides (leaving out policies applied for) and records the notices exactly as after one
    save. Called inside the bulk write's transaction.
    """
    on = on or timezone.localdate()
    in_force: dict[int, list[tuple[Any, ToCny]]] = {}
    made: list[PolicyNotice] = []
    with transaction.atomic():
        for chunk in _chunks(before):
            projects = list(Project.objects.select_related("sub_area").filter(pk__in=chunk))
            after = rules.subjects(projects, on=on)
            for project in projects:
                if project.program_id not in in_force:
                    in_force[project.program_id] = _rules_in_force(project.program_id, on)
                was, now = before[project.pk], after[project.pk]
                if any(
                    evaluate(rule, now, to_cny=cny).met and not evaluate(rule, was, to_cny=cny).met
                    for rule, cny in in_force[project.program_id]
                ):
                    made.extend(
                        notice_newly_qualifying(
                            project_id=project.pk, before=was, cause=causes[project.pk], on=on
                        )
                    )
    return made
