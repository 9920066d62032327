"""Django validators over the pure core, with messages in the user's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hezuo.core import validators as core

MESSAGES = {
    "region_shape": _("A Chinese division code has 6, 9 or 12 digits and cannot start with 00."),
    "region_parent": _("The parent division does not contain this division code."),
    "foreign_region": _(
        "A region abroad needs a code that starts with an ISO 3166-2 subdivision code, e.g. JP-27."
    ),
    "country": _("“%(value)s” is not an ISO 3166-1 country code (two letters, e.g. CN, JP)."),
    "currency": _("“%(value)s” is not an ISO 4217 currency code (three letters, e.g. CNY, JPY)."),
    "uscc_checksum": _(
        "The check character of the unified social credit code “%(value)s” is wrong (GB 32100)."
    ),
    "uscc_length": _("A unified social credit code has 18 characters; “%(value)s” does not."),
    "uscc_format": _("“%(value)s” contains characters a unified social credit code cannot."),
    "jpcn_checksum": _("The check digit of the corporate number “%(value)s” is wrong."),
    "jpcn_format": _("A Japanese corporate number has 13 digits; “%(value)s” does not."),
    "ric_length": _("A resident ID number has 18 characters; “%(value)s” does not."),
    "ric_checksum": _("The check digit of the ID number “%(value)s” is wrong (GB 11643)."),
    "ric_birth_date": _("The ID number “%(value)s” holds an impossible birth date."),
    "ric_region": _("The ID number “%(value)s” starts with an unknown region code (GB/T 2260)."),
    "ric_format": _("“%(value)s” contains characters a resident ID number cannot."),
    "ric_number_format": _(
        "The ID number “%(value)s” was read as a number: format the column as text."
    ),
    "industry": _("“%(value)s” is not a GB/T 4754-2017 industry code."),
}


def translated(func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a core validator so that it raises a translated Django ValidationError."""

    def validator(value: Any, *args: Any) -> Any:
        try:
            return func(value, *args)
        except core.CodeError as exc:
            raise ValidationError(
                MESSAGES.get(exc.code, exc.message), code=exc.code, params={"value": value}
            ) from exc

    validator.__name__ = validator.__qualname__ = func.__name__
    validator.__doc__ = func.__doc__
    return validator


validate_country = translated(core.validate_country)
validate_currency = translated(core.validate_currency)
validate_uscc = translated(core.validate_uscc)
validate_jp_corporate_number = translated(core.validate_jp_corporate_number)
validate_resident_id = translated(core.validate_resident_id)
validate_region_level = translated(core.region_level)
