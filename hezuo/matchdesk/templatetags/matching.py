"""Filters for the engine's explanations: shares as percentages, fit levels in words."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

register = template.Library()

#: The engine's fit levels (hezuo.core.matching.fits), in the user's language.
LEVELS = {
    "class": _("same industry class"),
    "group": _("same industry group"),
    "division": _("same industry division"),
    "within": _("same region"),
    "prefecture": _("same prefecture"),
    "province": _("same province"),
    "country": _("same country"),
    "covered": _("capacity covers the need"),
    "partial": _("capacity covers part of the need"),
    "within_budget": _("within budget"),
    "over_budget": _("over budget"),
    "far_over_budget": _("far over budget"),
    "none": _("no fit"),
}


@register.filter
def percent(value: Any) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return ""


@register.filter
def percent_number(value: Any) -> str:
    try:
        return f"{max(0.0, min(1.0, float(value))) * 100:.1f}"
    except (TypeError, ValueError):
        return "0"


@register.filter
def get(mapping: Any, key: str) -> Any:
    return mapping.get(key, key) if hasattr(mapping, "get") else ""


@register.filter
def fit_amount(value: Any) -> str:
    """An amount the engine compared ("3e+07 CNY"), written out with grouped digits."""
    number, _sep, unit = str(value or "").partition(" ")
    try:
        amount = float(number)
    except ValueError:
        return str(value or "")
    places = 0 if amount == int(amount) else 2
    text = number_format(amount, decimal_pos=places, force_grouping=True)
    return f"{text} {unit}".strip()


@register.filter
def fit_level(level: str) -> str:
    return str(LEVELS.get(level, level))
