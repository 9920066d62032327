"""The filter set base every list's filters (pages and API) build on.

It offers in every record choice only the records the requesting user may see (the one
restricted query path: choices, counts and facets alike), shows dates in the browser's date
picker, labels the filters in the reader's language, and has one free-text search box.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters.utils import verbose_field_name

from hezuo.core.access import Action

from .access import personal_path
from .date_widgets import IsoDateInput
from .personal import Personal

#: Our own words for django-filter's lookups (its labels, "日付 is greater than or equal to",
#: come from a catalogue without zh-Hans or ja).
LOOKUP_LABELS = {
    "gte": _("%(field)s from"),
    "gt": _("%(field)s after"),
    "lte": _("%(field)s until"),
    "lt": _("%(field)s before"),
    "in": _("%(field)s (any of, comma-separated)"),
    "contains": _("%(field)s contains"),
    "icontains": _("%(field)s contains"),
    "startswith": _("%(field)s starts with"),
    "istartswith": _("%(field)s starts with"),
    "isnull": _("%(field)s is empty"),
    "range": _("%(field)s between"),
    "year": _("%(field)s: year"),
}


def filter_label(model: Any, field_name: str, lookup_expr: Any, exclude: bool = False) -> str:
    """Return a filter's label in the active language: the field's name and its lookup."""
    name = verbose_field_name(model, field_name) if model is not None else field_name
    if name == "[invalid name]":
        name = field_name.replace("__", " ").replace("_", " ")
    lookup = lookup_expr.split("__")[-1] if isinstance(lookup_expr, str) else "exact"
    template = LOOKUP_LABELS.get(lookup)
    label = str(template) % {"field": name} if template else str(name)
    if exclude:
        label = str(_("not: %(filter)s")) % {"filter": label}
    return capfirst(label)


def restricted(queryset: Any, user: Any) -> Any:
    """Return the records of ``queryset`` ``user`` may see; none where the model says nothing
    about who may see it."""
    if queryset is None:
        return None
    if hasattr(queryset, "restrict"):
        return queryset.restrict(user, Action.VIEW)
    manager = getattr(queryset.model, "objects", None)
    if manager is not None and hasattr(manager, "restrict"):
        return queryset.filter(pk__in=manager.restrict(user, Action.VIEW).values("pk"))
    return queryset.none()


def search_query(model: Any, paths: tuple[str, ...], user: Any, value: str) -> Q | None:
    """Return the Q of ``value`` in any of ``paths``, each matched only through records
    ``user`` may see and never in personal data (None: no path left)."""
    found = []
    for path in paths:
        if personal_path(model, path) is not None:
            continue
        q = Q(**{f"{path}__icontains": value})
        current, prefix = model, []
        for part in path.split("__")[:-1]:
            try:
                current = current._meta.get_field(part).related_model
            except Exception:  # noqa: BLE001 - not a relation: the path ends here
                break
            if current is None:
                break
            prefix.append(part)
            if hasattr(current, "access_group"):
                seen = current.objects.restrict(user, Action.VIEW)
                q &= Q(**{f"{'__'.join(prefix)}__in": seen})
        found.append(q)
    return reduce(or_, found) if found else None


class IdFilter(django_filters.Filter):
    """A record number (a whole number a database column holds)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class IdsFilter(django_filters.BaseInFilter, IdFilter):
    """Comma-separated record numbers; anything else is a translated form error, not a 500."""


class RestrictedFilterSetMixin:
    """Restrict every record choice to the request's user; date boxes, translated labels."""

    filters: dict[str, Any]
    request: Any
    _meta: Any

    def setup_filters(self) -> None:
        user = getattr(self.request, "user", None)
        model = self._meta.model
        for f in self.filters.values():
            if f._label is None:
                f.label = filter_label(model, f.field_name, f.lookup_expr, f.exclude)
            if isinstance(
                f, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
            ):
                f.queryset = restricted(f.get_queryset(self.request), user)
            if f.field_class is forms.DateField and "widget" not in f.extra:
                f.extra["widget"] = IsoDateInput()
        # a filter on personal data (sex, a health cause…) would tell the masked value: only for
        # those who may see it unmasked
        personal = Personal(user)
        for name, f in list(self.filters.items()):
            owner = personal_path(model, f.field_name or "")
            if owner is not None and not personal.may_see(owner):
                del self.filters[name]


class RestrictedFilterSet(RestrictedFilterSetMixin, django_filters.FilterSet):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_filters()


class SearchFilterSet(RestrictedFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    search_fields: tuple[str, ...] = ()

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        # only over records the user may see: a search by a household's number must not find
        # the placements of a household hidden from the user
        user = getattr(self.request, "user", None)
        query = search_query(self._meta.model, self.search_fields, user, value)
        if query is None:
            return queryset.none()
        return queryset.filter(query).distinct()
