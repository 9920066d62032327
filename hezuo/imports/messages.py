"""The user's-language messages for the problem codes of hezuo.core.tabular and validators.

An error keeps its code and params; its message is rendered when shown (a job's errors viewed
later in another language, the command line's JSON, the error report). Codes whose text depends
on what was looked up (``not_found``, ``ambiguous``, ``choice`` of a party's role …) name their
variant in the param ``msg`` (a key of :data:`MESSAGES`, e.g. ``not_found.household``).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.formats import number_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

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
    # the file itself, refused before it is read (hezuo.core.tabular.ReadLimits)
    "xlsx_ratio": _(
        "The file unpacks to %(ratio)s times its size (at most %(limit)s times); "
        "save it again from Excel or as .csv."
    ),
    "xlsx_unpacked": _(
        "Unpacked, the file holds %(size)s MB; at most %(limit)s MB can be read. "
        "Split it into several files."
    ),
    "xlsx_dimension": _(
        "The sheet's used range is %(range)s: more than the %(rows)s rows and %(columns)s "
        "columns that can be read. Delete the rows and columns beyond your data (also empty "
        "but formatted ones) and save it again."
    ),
    "xlsx_cells": _(
        "The sheet reaches row %(rows)s and column %(column)s: more than the %(limit)s cells "
        "that can be read at once. Split it into several files or save it as .csv."
    ),
    "too_many_rows": _("The file has more than %(limit)s rows; split it into several files."),
    "too_many_columns": _(
        "Row %(row)s has a value in column %(column)s: at most %(limit)s columns can be read. "
        "Delete the columns beyond your data."
    ),
    # a job that could not run to its end (hezuo.imports.jobs)
    "database_busy": _(
        "The database was busy with another large write; nothing was written. "
        "Upload the file again in a few minutes."
    ),
    "unexpected": _(
        "An unexpected error stopped the import; nothing was written. "
        "Tell the administrator (import %(job)s)."
    ),
    "interrupted": _(
        "The import was interrupted (the server stopped); nothing was written. "
        "Upload the file again."
    ),
    "date_format": _("Write the date as 2020-08-24."),
    "date_impossible": _("This day does not exist."),
    "number": _("Write a number."),
    "number_places": _("Use at most %(places)s decimal places."),
    "number_min": _("Give a number of at least %(min)s."),
    "household_no_head": _(
        "No row of household %(household)s names its head (relation %(head)s); "
        "a household has exactly one."
    ),
    "household_head_kept": _(
        "Household %(household)s keeps its head registered on the platform, who is not in "
        "this file; change that person's relation in the same file to name another head."
    ),
    "household_head_left": _(
        "This would leave household %(household)s without a head (relation %(head)s); "
        "a household has exactly one."
    ),
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
    "id_unusable": _("This ID number cannot be used here; check it."),
    "unusable": _("This value cannot be used here; check it."),
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
    if error.code in CODE_MESSAGES and "value" not in params and error.value:
        # a validator's refusal names the value (ID numbers refused before they carried it)
        params = {**params, "value": error.value}
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


#: Params that hold one value of the choices named by the param ``choices_of``.
CHOICE_VALUE_PARAMS = ("first", "head")

#: Params that hold a count, written with the reader's thousands separator.
COUNT_PARAMS = ("limit", "rows", "total")


def _labelled(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with choice codes (e.g. a fund's source) as labels in the active language,
    and counts grouped (1,100,000)."""
    found = dict(params)
    choices_of = found.get("choices_of")
    if isinstance(choices_of, str):
        if isinstance(found.get("choices"), str):
            found["choices"] = _choice_labels(choices_of, found["choices"])
        for name in CHOICE_VALUE_PARAMS:
            if isinstance(found.get(name), str) and found[name]:
                found[name] = _choice_labels(choices_of, found[name])
    for name in COUNT_PARAMS:
        value = found.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            found[name] = number_format(value, force_grouping=True)
    for name, choices in CHOICE_PARAMS.items():
        value = found.get(name)
        if isinstance(value, str) and value in choices.values:
            found[name] = str(choices(value).label)
    return found


def _choice_labels(path: str, codes: str) -> str:
    """The choices ``codes`` (comma-separated) by their labels in the active language, in the
    order of the choices (户主、配偶、子女 …), when ``path`` names a choices class of ours."""
    if not path.startswith("hezuo."):
        return codes
    try:
        choices = import_string(path)
    except ImportError:
        return codes
    wanted = {code.strip() for code in codes.split(",")}
    if len(wanted) == 1 and codes.strip() not in choices.values:
        return codes  # one value that is no code (a label already, or anything else)
    labels = [str(label) for value, label in choices.choices if value in wanted]
    return pgettext("list separator", ", ").join(labels) if labels else codes
