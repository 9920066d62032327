"""Query parameters read with a translated refusal instead of Python's own error.

``int(request.GET["year"])`` and ``date.fromisoformat(...)`` on what a user typed into a URL
gave a server error or a message in Python's words (``invalid literal for int()``). These
helpers return the value, the default when the parameter is absent or empty, or raise
:class:`BadParameter` (a :class:`django.core.exceptions.BadRequest`): Django answers it with
400 and the page ``400.html`` shows the message (:func:`hezuo.base.views.bad_request`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

#: The widest value a database integer column holds (SQLite and PostgreSQL bigint).
MAX_ID = 2**63 - 1


class BadParameter(BadRequest):
    """A query parameter that cannot be read; its message is in the reader's language."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def _raw(params: Any, name: str) -> str:
    value = params.get(name, "")
    return str(value).strip() if value is not None else ""


def int_param(
    params: Any,
    name: str,
    *,
    default: int | None = None,
    min_value: int | None = None,
    max_value: int | None = None,
) -> int | None:
    """Return the whole number ``name`` of ``params`` (``request.GET``), or ``default``."""
    raw = _raw(params, name)
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(
            name,
            _("“%(value)s” is not a whole number (parameter %(name)s).")
            % {"value": raw[:40], "name": name},
        ) from None
    if (min_value is not None and value < min_value) or (
        max_value is not None and value > max_value
    ):
        raise BadParameter(
            name,
            _("%(value)s is out of range for %(name)s: give a number from %(min)s to %(max)s.")
            % {
                "value": raw[:40],
                "name": name,
                "min": "—" if min_value is None else min_value,
                "max": "—" if max_value is None else max_value,
            },
        )
    return value


def year_param(params: Any, name: str = "year", *, default: int | None = None) -> int | None:
    """Return the year ``name`` (1949 to 2100), or ``default``."""
    raw = _raw(params, name)
    if raw == "":
        return default
    try:
        return int_param(params, name, default=default, min_value=1949, max_value=2100)
    except BadParameter:
        raise BadParameter(
            name,
            _("“%(value)s” is not a year (parameter %(name)s): give a year such as %(example)s.")
            % {"value": raw[:40], "name": name, "example": date.today().year},
        ) from None


def date_param(params: Any, name: str, *, default: date | None = None) -> date | None:
    """Return the ISO 8601 day ``name`` (YYYY-MM-DD), or ``default``."""
    raw = _raw(params, name)
    if raw == "":
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(
            name,
            _("“%(value)s” is not a date (parameter %(name)s): write it as YYYY-MM-DD.")
            % {"value": raw[:40], "name": name},
        ) from None


def ids_param(params: Any, name: str = "ids") -> list[int] | None:
    """Return the comma-separated record numbers ``name``, or None when absent."""
    raw = _raw(params, name)
    if raw == "":
        return None
    found = []
    for part in raw.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) > MAX_ID:
            raise BadParameter(
                name,
                _("“%(value)s” is not a record number (parameter %(name)s).")
                % {"value": part[:40], "name": name},
            )
        found.append(int(part))
    return found
