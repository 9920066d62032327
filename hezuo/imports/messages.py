"""The user's-language messages for the problem codes of hezuo.core.tabular and validators."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from hezuo.base.validators import MESSAGES as CODE_MESSAGES
from hezuo.core.tabular import CellError

MESSAGES: dict[str, Any] = {
    "header_unknown": _("This column is not known."),
    "header_twice": _("This column appears twice (also column %(other)s)."),
    "header_missing": _("The column %(field)s is missing."),
    "file_format": _("Upload a .xlsx or .csv file."),
    "file_unreadable": _("The file cannot be read."),
    "file_empty": _("The file has no header row."),
    "date_format": _("Write the date as 2020-08-24."),
    "date_impossible": _("This day does not exist."),
    "number": _("Write a number."),
    "number_places": _("Use at most %(places)s decimal places."),
    "choice": _("Choose one of: %(choices)s."),
    "required": _("This column must be filled in."),
    "too_long": _("At most %(max)s characters."),
    "id_as_number": _(
        "Excel turned the ID number into a number; format the column as text and type it again."
    ),
    "id_lost_check": _(
        "The ID number lost its last character (an X?); format the column as text and type it again."
    ),
    "duplicate": _("This row repeats row %(other)s (same %(key)s)."),
    "unknown_region": _("No region has the code %(value)s."),
    "not_village": _("%(value)s is not a village (12-digit code)."),
    "unknown_program": _("No program has the code %(value)s."),
    "no_pairing": _("No assistance pairing covers the village %(value)s."),
    "household_disagrees": _("Row %(other)s gives this household another %(field)s: %(first)s."),
    "household_two_heads": _("Row %(other)s already gives this household a head."),
    "id_elsewhere": _("This ID number is already registered in household %(household)s."),
    "not_allowed": _("You may not change this record."),
    "invalid": _("%(message)s"),
}


def translate(error: CellError) -> str:
    """Return the message of ``error`` in the active language."""
    message = MESSAGES.get(error.code) or CODE_MESSAGES.get(error.code)
    if message is None:
        return error.message % error.params if error.params else error.message
    try:
        return str(message) % error.params if error.params else str(message)
    except (KeyError, TypeError, ValueError):
        return str(message)
