"""Template helpers: field rows of a record, localised names, record links."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.urls import NoReverseMatch
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from hezuo.base.countries import country_name
from hezuo.base.models import localized

register = template.Library()

SKIPPED = {"id", "version", "created", "updated"}


def _link(value: Any) -> str:
    try:
        url = value.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return format_html("{}", value)
    return format_html('<a href="{}">{}</a>', url, value)


@register.simple_tag
def field_rows(obj: models.Model) -> list[tuple[str, str]]:
    """Return (label, html) for each field of ``obj`` worth showing, in the user's language."""
    rows: list[tuple[str, str]] = []
    for field in obj._meta.get_fields():
        if field.name in SKIPPED or field.auto_created and not field.concrete:
            continue
        if isinstance(field, models.ManyToManyField):
            items = list(getattr(obj, field.name).all()[:50])
            html = format_html_join("、", "{}", ((_link(i),) for i in items)) if items else "—"
            rows.append((str(field.verbose_name), html))
            continue
        if not getattr(field, "concrete", False) or field.one_to_many:
            continue
        if isinstance(field, models.ForeignKey):
            value = getattr(obj, field.name)
            rows.append((str(field.verbose_name), _link(value) if value else "—"))
            continue
        if field.choices:
            display = getattr(obj, f"get_{field.name}_display")()
            rows.append((str(field.verbose_name), format_html("{}", display or "—")))
            continue
        value = getattr(obj, field.attname)
        if field.name == "country" and value:
            value = f"{country_name(value)} ({value})"
        if isinstance(field, models.BooleanField):
            value = _("yes") if value else _("no")
        if isinstance(value, list | dict):
            value = ", ".join(map(str, value)) if isinstance(value, list) else value
        rows.append(
            (str(field.verbose_name), format_html("{}", value if value not in ("", None) else "—"))
        )
    return rows


@register.filter
def local(obj: Any, prefix: str = "name") -> str:
    """``{{ obj|local:"title" }}``: the field in the user's language, with fallback."""
    return localized(obj, prefix)


@register.filter
def country(code: str) -> str:
    return country_name(code) if code else "—"


@register.filter
def link(obj: Any) -> str:
    return _link(obj) if obj else "—"


@register.filter
def verbose_name_plural(obj: Any) -> str:
    return str(obj._meta.verbose_name_plural)
