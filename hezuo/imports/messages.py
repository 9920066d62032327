"""The user's-language messages for the problem codes of hezuo.core.tabular and validators.

An error keeps its code and params; its message is rendered when shown (a job's errors viewed
later in another language, the command line's JSON, the error report). Codes whose text depends
on what was looked up (``not_found``, ``ambiguous``, ``choice`` of a party's role …) name their
variant in the param ``msg`` (a key of :data:`MESSAGES`, e.g. ``not_found.household``).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hezuo.assistance.choices import FundSource
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
    "out_of_scope": _("You may not add or change records in %(value)s."),
    "invalid": _("%(message)s"),
    # the record ledgers' own codes (hezuo.imports.ledgers.records / directory / assistance)
    "not_found": _("Not found: %(value)s."),
    "not_found.record": _("No record has the number %(value)s."),
    "not_found.organisation": _(
        "No organisation has the unified social credit code or Chinese name %(value)s."
    ),
    "not_found.person": _("No person has the ID number or Chinese name %(value)s."),
    "not_found.project": _("No project has the code %(value)s."),
    "not_found.assistance_project": _("No assistance project has the code %(value)s."),
    "not_found.household": _("No household has the number %(value)s."),
    "not_found.member": _("No household member has the ID number %(value)s."),
    "not_found.household_member": _("No member of this household has the ID number %(value)s."),
    "not_found.job": _("This employer has no job %(value)s at %(place)s."),
    "not_found.agreement": _("No agreement has the title %(value)s (signed on that day)."),
    "not_found.product": _("No product is called %(value)s (by this supplier)."),
    "not_found.allocation": _("This project has no allocation from %(source)s in %(year)s."),
    "ambiguous": _("%(count)s records match this row; give the record number of the one meant."),
    "ambiguous.reference": _(
        "%(count)s records have %(value)s; correct the duplicates on the platform first."
    ),
    "ambiguous.organisation": _(
        "%(count)s organisations are called %(value)s; give the credit code."
    ),
    "ambiguous.household_member": _(
        "%(count)s members of this household have the ID number %(value)s."
    ),
    "ambiguous.job": _("%(count)s jobs of this employer are called %(value)s at %(place)s."),
    "ambiguous.agreement": _(
        "%(count)s agreements have the title %(value)s; give the signing day."
    ),
    "ambiguous.product": _("%(count)s products are called %(value)s; give the supplier."),
    "ambiguous.allocation": _(
        "This project has %(count)s allocations from %(source)s in %(year)s."
    ),
    "choice.role": _("%(value)s: choose a role of: %(choices)s."),
    "beyond_allocation": _(
        "This would take the disbursements to %(total)s yuan, beyond the "
        "%(allocated)s yuan allocated (%(left)s yuan left)."
    ),
    "beyond_agreement": _(
        "This would take the deliveries to %(total)s, beyond the %(limit)s agreed (%(left)s left)."
    ),
    "below_delivered": _("%(done)s have already been delivered: the quantity cannot be less."),
    "not_on_agreement": _("This product is not on this procurement agreement."),
}

#: Params that hold a choice's code, shown by its label in the viewer's language.
CHOICE_PARAMS: dict[str, Any] = {"source": FundSource}


def translate(error: CellError) -> str:
    """Return the message of ``error`` in the active language."""
    params = error.params or {}
    if error.code == "invalid":
        # a model's own message, rendered in every language when the file was checked
        rendered = params.get(f"message_{(translation.get_language() or '').lower()}")
        if isinstance(rendered, str) and rendered:
            return rendered
    key = params.get("msg")
    message = (
        (MESSAGES.get(key) if isinstance(key, str) else None)
        or MESSAGES.get(error.code)
        or CODE_MESSAGES.get(error.code)
    )
    if message is None:
        return error.message % params if params else error.message
    if not params:
        text = str(message)
        # an error stored before its params were (an older job): its message as written then
        return error.message if "%(" in text and error.message else text
    try:
        return str(message) % _labelled(params)
    except (KeyError, TypeError, ValueError):
        return error.message or str(message)


def _labelled(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with choice codes (e.g. a fund's source) as labels in the active language."""
    found = dict(params)
    for name, choices in CHOICE_PARAMS.items():
        value = found.get(name)
        if isinstance(value, str) and value in choices.values:
            found[name] = str(choices(value).label)
    return found
