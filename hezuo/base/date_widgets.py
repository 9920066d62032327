"""Date widgets every form and filter of the project uses."""

from __future__ import annotations

from typing import Any

from django import forms

#: The value an <input type="date"> takes and gives: a "valid date string", yyyy-mm-dd, whatever
#: the page's language (HTML Living Standard, 2.3.5.2 Dates; 4.10.5.1.7 Date state). A value in
#: the locale's format (zh-Hans: 2026/12/08) leaves the browser's date box empty.
ISO_DATE = "%Y-%m-%d"
#: The value of an <input type="datetime-local"> (HTML Living Standard, 2.3.5.5 Local dates and
#: times).
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class IsoDateInput(forms.DateInput):
    """The browser's date picker, given its value in ISO 8601 whatever the locale."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:  # noqa: A002
        super().__init__(attrs, format=ISO_DATE)


class IsoDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, given its value in ISO 8601 whatever the locale."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:  # noqa: A002
        super().__init__(attrs, format=ISO_DATETIME_LOCAL)


def use_iso_date_inputs() -> None:
    """Make the date picker the widget of every date field made from now on (forms, model
    forms, filters), so that no form has to remember it."""
    forms.DateField.widget = IsoDateInput
