"""Made-up codes with valid check characters: USCC (GB 32100), organisation code (GB 11714),
Japanese corporate number, resident ID number (GB 11643), and phone numbers."""

from __future__ import annotations

import random
from datetime import date

from stdnum.cn import ric
from stdnum.cn import uscc as uscc_code
from stdnum.jp import cn as jp_corporate_number

from hezuo.directory.choices import OrganisationKind
from hezuo.regions.models import Region

from .frame import draw_day


def gb11714_check(body: str) -> str:
    """Return the check character of an 8-digit organisation code (GB 11714-1997)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    value = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def make_uscc(rng: random.Random, region_code: str, kind: str, used: set[str]) -> str:
    """Return a new unified social credit code with valid check characters (GB 32100-2015)."""
    authority = "51" if kind == OrganisationKind.ASSOCIATION else "91"
    while True:
        body = f"{rng.randrange(10**8):08d}"
        partial = authority + region_code + body + gb11714_check(body)
        code = partial + uscc_code.calc_check_digit(partial)
        if code not in used:
            used.add(code)
            return code


def make_jp_corporate_number(rng: random.Random, used: set[str]) -> str:
    """Return a new 13-digit Japanese corporate number; its first digit is the check digit."""
    while True:
        body = f"{rng.randrange(10**11, 10**12):012d}"
        number = jp_corporate_number.calc_check_digit(body) + body
        if number not in used:
            used.add(number)
            return number


def make_phone(rng: random.Random, chinese: bool) -> str:
    """A made-up mobile number of the usual shape (CN 1xx-xxxx-xxxx, JP 090-xxxx-xxxx)."""
    if chinese:
        return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
    return f"090-{rng.randrange(10**4):04d}-{rng.randrange(10**4):04d}"


def make_resident_id(rng: random.Random, region: Region | None) -> str:
    """A made-up resident ID number with a valid GB 11643 check digit."""
    area = region.code[:6] if region is not None and region.code.isdigit() else "210213"
    born = draw_day(rng, date(1960, 1, 1), date(1998, 12, 31))
    body = f"{area}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")
