"""Rules and verdicts in words, and the policies section of a project's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.base.countries import country_name
from hezuo.core.access import Action
from hezuo.core.eligibility import Verdict
from hezuo.directory.choices import OrganisationKind
from hezuo.events.choices import AgreementKind
from hezuo.projects.choices import Stage

from .. import selectors
from ..forms import FIELD_LABELS, OP_LABELS

register = template.Library()

_VALUE_LABELS: dict[str, Any] = {
    "stage": Stage,
    "organisation_kind": OrganisationKind,
    "agreement_kind": AgreementKind,
}


def value_text(field: str, value: Any) -> str:
    """Return a rule value as words: stage and kind labels, country names, money in CNY."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(value_text(field, v) for v in value)
    choices = _VALUE_LABELS.get(field)
    if choices is not None:
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,}"
    if field == "investor_country":
        return f"{country_name(str(value))} ({value})"
    return str(value)


@register.simple_tag
def condition_text(node: Any) -> str:
    """Return a condition (or ``not`` of one) of a rule in words."""
    if isinstance(node, dict) and "not" in node:
        return _("not: %(condition)s") % {"condition": condition_text(node["not"])}
    if not isinstance(node, dict) or "field" not in node:
        return str(node)
    field = str(node["field"])
    parts = [
        str(FIELD_LABELS.get(field, field)),
        str(OP_LABELS.get(node.get("op"), node.get("op"))),
    ]
    shown = value_text(field, node.get("value"))
    if shown:
        parts.append(shown)
    if node.get("currency"):
        parts.append(str(node["currency"]))
    elif field in ("contracted_investment", "arrived_investment", "registered_capital"):
        parts.append("CNY")
    return " ".join(parts)


@register.simple_tag
def rule_lines(rule: Any) -> list[tuple[int, str]]:
    """Return (depth, text) lines of a rule: its groups and conditions, indented."""
    lines: list[tuple[int, str]] = []

    def walk(node: Any, depth: int) -> None:
        if isinstance(node, dict) and ("all" in node or "any" in node):
            group = "all" if "all" in node else "any"
            lines.append((depth, _("all of:") if group == "all" else _("any of:")))
            for part in node[group]:
                walk(part, depth + 1)
        elif (
            isinstance(node, dict)
            and "not" in node
            and not (isinstance(node["not"], dict) and "field" in node["not"])
        ):
            lines.append((depth, _("none of:")))
            walk(node["not"], depth + 1)
        else:
            lines.append((depth, condition_text(node)))

    walk(rule, 0)
    return lines


@register.simple_tag
def verdict_text(verdict: Verdict) -> str:
    return condition_text({"field": verdict.field, "op": verdict.op, "value": verdict.expected})


@register.simple_tag
def actual_text(verdict: Verdict) -> str:
    if verdict.actual in ("", "—"):
        return _("none recorded")
    if verdict.field in ("stage", "organisation_kind", "agreement_kind", "investor_country"):
        return value_text(verdict.field, [v.strip() for v in verdict.actual.split(",")])
    return verdict.actual


@register.inclusion_tag("policies/_project_policies_section.html", takes_context=True)
def project_policies(context: dict[str, Any], project: Any) -> dict[str, Any]:
    """The policies a project qualifies for, and those it newly qualifies for since its latest
    stage move or figure."""
    request = context.get("request")
    user = getattr(request, "user", None)
    today = timezone.localdate()
    matches = selectors.policies_for_project(project, on=today, user=user)
    newly = selectors.newly_qualifying(project, on=today, user=user)
    return {
        "project": project,
        "qualifying": [m for m in matches if m.qualifies],
        "next_ones": [m for m in matches if m.qualifies_next],
        "newly": newly,
        "may_view": user is not None and Action.VIEW,
    }
