"""The API's filter backend: django-filter's, with date-and-time filters the database can answer.

A module of its own because REST framework imports the backend named in its settings while
``hezuo.base.api`` (which imports REST framework's views) is still loading.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django_filters import fields as filter_fields
from django_filters import rest_framework as drf_filters

from .filtersets import RestrictedFilterSetMixin

#: The widest offset from UTC a database stores (PostgreSQL refuses ±16:00, Python accepts it).
MAX_UTC_OFFSET = timedelta(hours=15, minutes=59)


class BoundedIsoDateTimeField(filter_fields.IsoDateTimeField):
    """An ISO 8601 date and time whose offset from UTC the database can store."""

    def to_python(self, value: Any) -> Any:
        parsed = super().to_python(value)
        offset = parsed.utcoffset() if parsed is not None else None
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class BoundedIsoDateTimeFilter(drf_filters.IsoDateTimeFilter):
    field_class = BoundedIsoDateTimeField


class ApiFilterSet(RestrictedFilterSetMixin, drf_filters.FilterSet):
    """The API's filters: a record choice accepts only the records the user may see (an id of
    another one is refused as an invalid choice, as the pages refuse it)."""

    FILTER_DEFAULTS = {
        **drf_filters.FilterSet.FILTER_DEFAULTS,
        models.DateTimeField: {"filter_class": BoundedIsoDateTimeFilter},
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_filters()


class FilterBackend(drf_filters.DjangoFilterBackend):
    """django-filter's backend; a date-and-time filter refuses an offset the database cannot
    store (400) instead of failing in the database (500)."""

    filterset_base = ApiFilterSet
