"""Rules, verdicts and benefit formulas in words; the policies section of a project's page."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from hezuo.base.countries import country_name
from hezuo.base.templatetags.hezuo import field_rows
from hezuo.core.access import Action
from hezuo.core.eligibility import Benefit, Verdict
from hezuo.directory.choices import OrganisationKind
from hezuo.directory.models import IndustryClass
from hezuo.events.choices import AgreementKind
from hezuo.projects.choices import Stage
from hezuo.regions.models import SubArea

from .. import selectors
from ..forms import FIELD_LABELS, OP_LABELS

register = template.Library()

_VALUE_LABELS: dict[str, Any] = {
    "stage": Stage,
    "organisation_kind": OrganisationKind,
    "agreement_kind": AgreementKind,
}
#: Rule fields whose values are codes of other records, shown by name.
_NAMED = {"sub_area": SubArea, "industry_class": IndustryClass}
#: Fields whose shown value (a verdict's ``actual``) is a comma-separated list of codes.
_CODED = ("stage", "organisation_kind", "agreement_kind", "investor_country", *_NAMED)


def _names(model: Any, codes: list[str]) -> dict[str, str]:
    """Return code → name in the active language for the codes of ``model`` found."""
    return {o.code: o.name for o in model.objects.filter(code__in=codes)}


def _amount(value: Any) -> str:
    """Return a number grouped by thousands in the active language's format, without trailing
    zeros of a whole amount."""
    number = Decimal(str(value))
    places = 0 if number == number.to_integral_value() else 2
    return number_format(number, places, use_l10n=True, force_grouping=True)


def value_text(field: str, value: Any) -> str:
    """Return a rule value as words: stage and kind labels, sub-area, industry and country names,
    money in CNY."""
    if value is None:
        return ""
    values = value if isinstance(value, list) else [value]
    named = _NAMED.get(field)
    if named is not None:
        found = _names(named, [str(v) for v in values])
        return ", ".join(
            (f"{found[v]} ({v})" if field == "industry_class" else found[v])
            if v in found
            else str(v)
            for v in map(str, values)
        )
    if isinstance(value, list):
        return ", ".join(value_text(field, v) for v in value)
    choices = _VALUE_LABELS.get(field)
    if choices is not None:
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _amount(value)
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
    elif field == "years_since_registration" and shown:
        parts.append(_("years"))
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
    """Return the value a condition was judged on, in words (names, not codes)."""
    if verdict.actual in ("", "—"):
        return _("none recorded")
    if verdict.field in _CODED:
        return value_text(verdict.field, [v.strip() for v in verdict.actual.split(",")])
    if verdict.field == "years_since_registration" and " (" in verdict.actual:
        years, day = verdict.actual.rstrip(")").split(" (", 1)
        return _("%(years)s (registered on %(day)s)") % {"years": years, "day": day}
    return verdict.actual


def _base_label(base: str) -> str:
    return str(FIELD_LABELS.get(base, base))


def _rate(rate: Any) -> str:
    percent = (Decimal(str(rate)) * 100).normalize()
    return f"{percent:f}%"


@register.simple_tag
def formula_text(formula: Any, cap: Any = None) -> str:
    """Return a benefit formula in words: "2% of investment arrived, at most 5,000,000 CNY"."""
    if not isinstance(formula, dict) or not formula.get("kind"):
        text = ""
    elif formula["kind"] == "fixed":
        text = _("%(amount)s CNY") % {"amount": _amount(formula["amount"])}
    elif formula["kind"] == "share":
        text = _("%(rate)s of %(base)s") % {
            "rate": _rate(formula["rate"]),
            "base": _base_label(str(formula["of"])),
        }
    elif formula.get("of") == "jobs_created":
        text = _("%(amount)s CNY per job created") % {"amount": _amount(formula["amount"])}
    else:
        text = _("%(amount)s CNY per unit of %(base)s") % {
            "amount": _amount(formula["amount"]),
            "base": _base_label(str(formula.get("of"))),
        }
    caps = [
        Decimal(str(c))
        for c in ((formula or {}).get("cap") if isinstance(formula, dict) else None, cap)
        if c is not None
    ]
    if caps:
        limit = _("at most %(amount)s CNY") % {"amount": _amount(min(caps))}
        text = _("%(formula)s, %(cap)s") % {"formula": text, "cap": limit} if text else limit
    return text or _("no amount (a measure, not a payment)")


@register.simple_tag
def benefit_inputs(benefit: Benefit) -> str:
    """Return how a computed benefit was reached: "2% × investment arrived 1,000,000.00 JPY =
    50,000.00 CNY"."""
    if benefit.kind == "fixed":
        return _("fixed amount")
    factor = benefit.factor if benefit.factor is not None else Decimal(0)
    shown = (
        _rate(factor)
        if benefit.kind == "share"
        else _("%(amount)s CNY") % {"amount": _amount(factor)}
    )
    return _("%(factor)s × %(base)s %(value)s") % {
        "factor": shown,
        "base": _base_label(benefit.base),
        "value": benefit.base_value if benefit.base_value not in ("", "—") else _("none recorded"),
    }


@register.simple_tag(takes_context=True)
def policy_field_rows(context: dict[str, Any], policy: Any) -> list[tuple[str, str]]:
    """Return the field rows of a policy's page, the benefit formula in words."""
    label = str(policy._meta.get_field("benefit_formula").verbose_name)
    cap = str(policy._meta.get_field("benefit_cap").verbose_name)
    rows = []
    for name, value in field_rows(context, policy):
        if name == label:
            value = format_html("{}", formula_text(policy.benefit_formula, policy.benefit_cap))
        elif name == cap and policy.benefit_cap is not None:
            value = format_html("{} CNY", _amount(policy.benefit_cap))
        rows.append((name, value))
    return rows


@register.simple_tag(takes_context=True)
def rule_field_rows(context: dict[str, Any], rule: Any) -> list[tuple[str, str]]:
    """Return the field rows of an eligibility rule's page, the rule in words."""
    label = str(rule._meta.get_field("rule").verbose_name)
    rows = []
    for name, value in field_rows(context, rule):
        if name == label:
            value = format_html(
                "<ul class='list-unstyled mb-0'>{}</ul>",
                format_html_join(
                    "",
                    "<li style='padding-left: {}em'>{}</li>",
                    rule_lines(rule.rule),
                ),
            )
        rows.append((name, value))
    return rows


@register.filter
def json_text(value: Any) -> str:
    """Return a rule as indented JSON (for officers who read or copy it)."""
    return json.dumps(value, ensure_ascii=False, indent=2)


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
