"""The writes that matter on policy applications: apply, submit, decide, pay, grant in one step.

Each function is keyword-only, atomic and attributed (``acting_user``; None only for the system),
checks the role matrix, validates through ``full_clean()`` and keeps a reason in the history.
An application moves drafted → submitted → approved | rejected, approved → paid
(``choices.TRANSITIONS``). Deciding and paying is the zone office's: it needs the right to change
the policy, which an enterprise never has. A policy granted without application (免申即享) is
approved for every qualifying project in one step, each as an application that skipped the
enterprise's part.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.base.access import may_on
from hezuo.core.access import Action
from hezuo.projects.models import Project

from . import rules, selectors
from .choices import TRANSITIONS, ApplicationStatus
from .models import Application, Policy

REASON_LENGTH = 100


def _attribute(obj: models.Model, user: Any, reason: str) -> None:
    if user is not None:
        obj._history_user = user  # type: ignore[attr-defined]
    obj._change_reason = " ".join(reason.split())[:REASON_LENGTH]  # type: ignore[attr-defined]


def _require(user: Any, obj: models.Model, action: str) -> None:
    if user is not None and not may_on(user, obj, action):
        raise PermissionDenied(_("You may not do this with this record."))


def _save(obj: models.Model, user: Any, reason: str, action: str) -> None:
    obj.full_clean()
    _attribute(obj, user, reason)
    obj.save()
    _require(user, obj, action)


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


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


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
    _save(application, acting_user, "applied", Action.ADD)
    if submit:
        _move(application, ApplicationStatus.SUBMITTED)
        _attribute(application, acting_user, "submitted")
        application.save()
    return application


@transaction.atomic
def submit(*, application: Application, acting_user: Any) -> Application:
    """Submit a drafted application to the zone office."""
    application = _locked(application)
    _require(acting_user, application, Action.CHANGE)
    _move(application, ApplicationStatus.SUBMITTED)
    _save(application, acting_user, "submitted", Action.CHANGE)
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
    application = _locked(application)
    _require(acting_user, application.policy, Action.CHANGE)
    _require(acting_user, application, Action.CHANGE)
    if not approve and not note.strip():
        raise ValidationError(_("A rejection needs a note."), code="note")
    _move(application, ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED)
    if approve:
        application.amount_granted = amount if amount is not None else application.amount_requested
    application.decision_note = note.strip()
    application.decided_on = on or timezone.localdate()
    application.decided_by = acting_user
    _save(application, acting_user, "approved" if approve else "rejected", Action.CHANGE)
    return application


@transaction.atomic
def mark_paid(*, application: Application, acting_user: Any, note: str = "") -> Application:
    """Record that an approved benefit was paid (or the approved measure given)."""
    application = _locked(application)
    _require(acting_user, application.policy, Action.CHANGE)
    _move(application, ApplicationStatus.PAID)
    if note.strip():
        application.decision_note = "\n".join(p for p in (application.decision_note, note) if p)
    _save(application, acting_user, "paid", Action.CHANGE)
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
    _require(acting_user, policy, Action.CHANGE)
    if not policy.granted_without_application:
        raise ValidationError(
            _("This policy is not granted without application."), code="not_automatic"
        )
    wanted = set(projects) if projects is not None else None
    granted = []
    for row in selectors.grant_rows(policy, on=on, user=acting_user):
        if wanted is not None and row.project.pk not in wanted:
            continue
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
            decided_by=acting_user,
            decision_note=note.strip(),
            without_application=True,
        )
        _save(application, acting_user, "granted without application", Action.ADD)
        granted.append(application)
    return granted
