"""Validators for the real-world codes Hezuo keeps, returning normalised values.

Each function raises :class:`CodeError` with a machine-readable ``code`` and an English
message; the Django layer translates the code into the user's language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import pycountry
from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.jp import cn as jp_corporate_number


class CodeError(ValueError):
    """A code failed validation; ``code`` names the reason for translation."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def normalise(value: str) -> str:
    """Return ``value`` with full-width forms folded (NFKC), spaces stripped, letters upper-cased."""
    folded = unicodedata.normalize("NFKC", value)
    return re.sub(r"\s+", "", folded).upper()


# --- GB/T 2260 administrative divisions -------------------------------------------------------

REGION_LEVELS = ("province", "city", "county", "township", "village")


def region_level(code: str) -> str:
    """Return the level a GB/T 2260-style code denotes by its shape.

    6 digits: province (xx0000), prefecture city (xxxx00) or county (xxxxxx);
    9 digits: township (county + 3); 12 digits: village (township + 3), as the statistical
    division codes extend GB/T 2260.
    """
    code = normalise(code)
    if not code.isdigit() or len(code) not in (6, 9, 12):
        raise CodeError("region_shape", "A Chinese division code has 6, 9 or 12 digits.")
    if len(code) == 12:
        return "village"
    if len(code) == 9:
        return "township"
    if code[:2] == "00":
        raise CodeError("region_shape", "A division code cannot start with 00.")
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "city"
    return "county"


def region_parent_code(code: str) -> str | None:
    """Return the code of the level directly above by shape (None for a province).

    A county directly under a municipality (120101) has the city-level code 120100 above it,
    which the division table calls 市辖区; callers that keep no such row may use the province.
    """
    code = normalise(code)
    level = region_level(code)
    if level == "province":
        return None
    if level == "city":
        return code[:2] + "0000"
    if level == "county":
        return code[:4] + "00"
    if level == "township":
        return code[:6]
    return code[:9]


def validate_region_parent(code: str, parent_code: str | None) -> None:
    """Raise unless ``parent_code`` is a division that can contain ``code``."""
    level = region_level(code)
    if level == "province":
        if parent_code:
            raise CodeError("region_parent", "A province has no parent division.")
        return
    if not parent_code:
        raise CodeError("region_parent", "This division needs a parent division.")
    parent_code = normalise(parent_code)
    expected = region_parent_code(code)
    allowed = {expected}
    if level == "county":
        allowed.add(code[:2] + "0000")  # counties under a municipality or a province directly
    if level == "city":
        allowed = {code[:2] + "0000"}
    if parent_code not in allowed:
        raise CodeError(
            "region_parent",
            f"The parent of {code} must be one of {', '.join(sorted(a for a in allowed if a))}.",
        )


def validate_foreign_region(code: str, country: str) -> str:
    """Return a normalised foreign region code: an ISO 3166-2 subdivision or a place under one."""
    code = normalise(code)
    country = validate_country(country)
    if not code.startswith(country + "-"):
        raise CodeError("foreign_region", f"A region abroad has a code starting with {country}-.")
    top = "-".join(code.split("-")[:2])
    if pycountry.subdivisions.get(code=top) is None:  # type: ignore[no-untyped-call]
        raise CodeError("foreign_region", f"{top} is not an ISO 3166-2 subdivision code.")
    return code


# --- countries and currencies -------------------------------------------------------------------


def validate_country(code: str) -> str:
    """Return an ISO 3166-1 alpha-2 country code, upper-case."""
    code = normalise(code)
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise CodeError("country", f"{code!r} is not an ISO 3166-1 alpha-2 country code.")
    return code


def validate_currency(code: str) -> str:
    """Return an ISO 4217 alphabetic currency code, upper-case."""
    code = normalise(code)
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise CodeError("currency", f"{code!r} is not an ISO 4217 currency code.")
    return code


# --- organisation codes ---------------------------------------------------------------------------


def validate_uscc(code: str) -> str:
    """Return a GB 32100-2015 unified social credit code after checking its check character."""
    code = normalise(code)
    try:
        return str(uscc.validate(code))
    except InvalidChecksum as exc:
        raise CodeError(
            "uscc_checksum", "The check character of the credit code is wrong."
        ) from exc
    except InvalidLength as exc:
        raise CodeError("uscc_length", "A unified social credit code has 18 characters.") from exc
    except (InvalidFormat, InvalidComponent) as exc:
        raise CodeError("uscc_format", "The credit code contains characters it cannot.") from exc


def validate_jp_corporate_number(code: str) -> str:
    """Return a Japanese 13-digit corporate number (法人番号) after checking its check digit."""
    code = normalise(code).replace("-", "")
    try:
        return str(jp_corporate_number.validate(code))
    except InvalidChecksum as exc:
        raise CodeError(
            "jpcn_checksum", "The check digit of the corporate number is wrong."
        ) from exc
    except (InvalidLength, InvalidFormat, InvalidComponent) as exc:
        raise CodeError("jpcn_format", "A Japanese corporate number has 13 digits.") from exc


# --- resident ID numbers --------------------------------------------------------------------------


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: date
    sex: str  # "M" or "F", from the parity of the 17th digit (GB 11643-1999 §4.2)
    region_code: str


def validate_resident_id(code: str) -> ResidentId:
    """Return the parsed GB 11643-1999 resident ID number after checking its check digit."""
    code = normalise(code)
    if re.fullmatch(r"\d+(\.\d+)?E\+\d+", code):
        raise CodeError("ric_number_format", "The ID number was read as a number; format as text.")
    if len(code) != 18:
        raise CodeError("ric_length", "A resident ID number has 18 characters.")
    if not code[:17].isdigit() or not (code[17].isdigit() or code[17] == "X"):
        raise CodeError("ric_format", "The ID number contains characters it cannot.")
    if code[17] != ric.calc_check_digit(code):
        raise CodeError("ric_checksum", "The check digit of the ID number is wrong.")
    try:
        ric.get_birth_date(code)
    except InvalidComponent as exc:
        raise CodeError("ric_birth_date", "The ID number holds an impossible birth date.") from exc
    # The first six digits are the GB/T 2260 code of the place of registration when the number
    # was issued, which may be later than the birth year; python-stdnum's get_birth_place()
    # insists on a code valid in the birth year, so only ask its table whether the code exists.
    parts = numdb.get("cn/loc").info(code[:6])
    if len(parts) < 2 or not parts[1][1]:
        raise CodeError("ric_region", "The ID number starts with an unknown region code.")
    number = code
    return ResidentId(
        number=number,
        birth_date=ric.get_birth_date(number),
        sex="M" if int(number[16]) % 2 else "F",
        region_code=number[:6],
    )
