"""What the assistance models share: money fields, rule messages, access paths, checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.core import assistance as rules
from hezuo.regions.choices import ProgramKind

ZERO = Decimal("0")
PAIRINGS = {"kind": ProgramKind.PAIRING}


def money(label: Any, **kwargs: Any) -> models.DecimalField:  # type: ignore[type-arg]
    """A non-negative amount in yuan."""
    kwargs.setdefault("default", ZERO)
    return models.DecimalField(
        label, max_digits=16, decimal_places=2, validators=[MinValueValidator(ZERO)], **kwargs
    )


#: Messages for the problem codes of hezuo.core.assistance.
RULE_MESSAGES = {
    "ric_birth_mismatch": _("The ID number gives another birth date: %(value)s."),
    "ric_sex_mismatch": _("The ID number gives the other sex."),
    "consent_needed": _("A review needs the household's consent."),
    "before_lead": _("The village review cannot come before the first lead."),
    "notice_both": _("Give the first and the last day of the public notice."),
    "notice_short": _("The public notice must last at least %(days)s days."),
    "notice_before_review": _("The public notice starts after the village review."),
    "needs_village": _("The township reviews after the village review and its public notice."),
    "during_notice": _("The township review comes after the public notice has ended."),
    "needs_township": _("The county decides after the township review."),
    "before_township": _("The county decision cannot come before the township review."),
    "no_line": _("No monitoring line is kept for this province and year."),
    "income_below_line": _(
        "The household's income per head is below the monitoring line (%(line)s yuan)."
    ),
    "not_stable": _(
        "Income must have stayed above the monitoring line for at least %(months)s months."
    ),
    "guarantees": _("Not all of the three guarantees and safe water are secure: %(which)s."),
}


def rule_error(problems: list[rules.Problem]) -> ValidationError:
    """The pure rules' problems as one ValidationError by field, so a form shows each in place."""
    by_field: dict[str, list[ValidationError]] = {}
    for problem in problems:
        by_field.setdefault(problem.field, []).append(
            ValidationError(
                RULE_MESSAGES[problem.code], code=problem.code, params=dict(problem.params)
            )
        )
    return ValidationError(by_field)  # type: ignore[arg-type]


def via(prefix: str, paths: dict[str, str]) -> dict[str, str]:
    """A parent's access paths seen from a child through ``prefix``: a part is scoped as its whole."""
    return {scope: f"{prefix}__{path}" for scope, path in paths.items()}


def check_pairing(program: Any) -> None:
    """Refuse a program that is not an assistance pairing (a form may offer any program)."""
    if program is not None and program.kind != ProgramKind.PAIRING:
        raise ValidationError({"program": _("Choose an assistance pairing.")})
