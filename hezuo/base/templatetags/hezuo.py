"""Template helpers: field rows of a record, localised names, record links."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from hezuo.base.access import may_on
from hezuo.base.countries import country_name
from hezuo.base.models import localized
from hezuo.base.personal import Personal
from hezuo.base.personal import masked as masked_value
from hezuo.core.access import Action

register = template.Library()

SKIPPED = {"id", "version", "created", "updated", "archived_at", "archive_reason"}


def _link(value: Any) -> str:
    """``value`` as a link to its page, or as text for a value without a page of its own (no
    ``get_absolute_url``); a page whose URL name does not resolve fails loudly."""
    page = getattr(value, "get_absolute_url", None)
    if page is None:
        return format_html("{}", value)
    return format_html('<a href="{}">{}</a>', page(), value)


@register.filter
def visible(queryset: Any, user: Any) -> Any:
    """``{% for x in obj.things.all|visible:request.user %}``: only records the user may see."""
    if hasattr(queryset, "restrict"):
        return queryset.restrict(user, Action.VIEW)
    if hasattr(queryset, "model") and hasattr(queryset.model.objects, "restrict"):
        allowed = queryset.model.objects.restrict(user, Action.VIEW).values("pk")
        return queryset.filter(pk__in=allowed)
    return queryset


@register.simple_tag(takes_context=True)
def field_rows(context: dict[str, Any], obj: models.Model) -> list[tuple[str, str]]:
    """Return (label, html) for each field of ``obj`` worth showing, in the user's language.

    Related records the user may not see are left out; personal data is masked unless the
    user's role allows it, and every unmasked display is noted for the audit log.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    personal = Personal.of(request)
    rows: list[tuple[str, str]] = []
    for field in obj._meta.get_fields():
        if field.name in SKIPPED or field.auto_created and not field.concrete:
            continue
        if isinstance(field, models.ManyToManyField):
            items = list(visible(getattr(obj, field.name).all(), user)[:50])
            html = format_html_join("、", "{}", ((_link(i),) for i in items)) if items else "—"
            rows.append((str(field.verbose_name), html))
            continue
        if not getattr(field, "concrete", False) or field.one_to_many:
            continue
        if isinstance(field, models.ForeignKey):
            value = getattr(obj, field.name)
            if value is not None and hasattr(value, "access_group"):
                value = value if may_on(user, value, Action.VIEW) else None
            rows.append((str(field.verbose_name), _link(value) if value else "—"))
            continue
        if field.choices:
            display = getattr(obj, f"get_{field.name}_display")()
            if display:
                display = personal.show(obj, field.name, getattr(obj, field.attname), display)
            rows.append((str(field.verbose_name), format_html("{}", display or "—")))
            continue
        value = personal.show(obj, field.name, getattr(obj, field.attname))
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


@register.simple_tag(takes_context=True)
def personal(context: dict[str, Any], obj: models.Model, name: str) -> str:
    """``{% personal member "birth_date" %}``: one personal field of ``obj`` for display, masked
    unless the user's role allows it (then the display is noted for the audit log)."""
    request = context.get("request")
    value = getattr(obj, name)
    if value in ("", None):
        return "—"
    display = getattr(obj, f"get_{name}_display", None)
    shown = display() if display else value
    clear = shown.isoformat() if hasattr(shown, "isoformat") else str(shown)
    return str(Personal.of(request).show(obj, name, value, clear))


@register.filter
def masked(value: Any, name: str) -> str:
    """``{{ member.id_number|masked:"id_number" }}``: a personal value masked for everyone (lists
    never show personal data unmasked)."""
    return str(masked_value(name, value)) if value not in ("", None) else "—"


@register.filter
def local(obj: Any, prefix: str = "name") -> str:
    """``{{ obj|local:"title" }}``: the field in the user's language, with fallback."""
    return localized(obj, prefix)


@register.filter
def country(code: str) -> str:
    return country_name(code) if code else "—"


@register.filter
def link_for(obj: Any, user: Any) -> str:
    """``{{ obj|link_for:request.user }}``: a link if the user may open the record, else its name."""
    if not obj:
        return "—"
    if hasattr(obj, "access_group") and not may_on(user, obj, Action.VIEW):
        return format_html("{}", obj)
    return _link(obj)


@register.filter
def link(obj: Any) -> str:
    return _link(obj) if obj else "—"


@register.filter
def verbose_name_plural(obj: Any) -> str:
    return str(obj._meta.verbose_name_plural)


@register.simple_tag(takes_context=True)
def may_open(context: dict[str, Any], name: str, *args: Any) -> bool:
    """``{% may_open "assistance:monitoring" as shown %}``: whether the user may open the page
    (the check its view makes), to offer a link only to those it will not refuse."""
    from django.urls import reverse

    from hezuo.base.views import may_open as view_may_open

    request = context.get("request")
    url = reverse(name, args=args)  # a mistyped name fails loudly instead of hiding the link
    return view_may_open(getattr(request, "user", None), url)
