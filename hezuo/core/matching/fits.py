"""Structured fits between an offer and a request: industry, region, quantity, price, expiry.

Each fit is a number in [0, 1] with a short machine-readable detail, or ``None`` where the two
profiles give nothing to compare (a missing field, units of different dimensions, different
currencies). Pure functions: the index computes the same numbers for whole arrays at once and the
tests check the two against each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

#: GB/T 4754 levels and their fit: same class (4 digits) > same group (3) > same division (2).
INDUSTRY_LEVELS: Final = {4: ("class", 1.0), 3: ("group", 0.6), 2: ("division", 0.3)}

#: Region fit by the deepest shared level of the two regions' paths (country, province,
#: prefecture, county); one region inside the other (or the same) is a full fit.
REGION_CONTAINED: Final = 1.0
REGION_SHARED: Final = {1: ("country", 0.25), 2: ("province", 0.5), 3: ("prefecture", 0.75)}

# unit spelling → (dimension, factor to the dimension's base unit)
_UNITS: Final[dict[str, tuple[str, float]]] = {}
for _names, _dim, _factor in (
    (("t", "ton", "tons", "tonne", "tonnes", "吨", "噸", "トン", "mt"), "mass", 1000.0),
    (("kg", "kgs", "kilogram", "kilograms", "公斤", "千克", "キロ", "キログラム"), "mass", 1.0),
    (("斤", "jin"), "mass", 0.5),
    (("g", "gram", "grams", "克", "グラム"), "mass", 0.001),
    (
        (
            "piece",
            "pieces",
            "pcs",
            "pc",
            "unit",
            "units",
            "件",
            "个",
            "個",
            "台",
            "套",
            "set",
            "sets",
        ),
        "count",
        1.0,
    ),
    (("person", "persons", "people", "worker", "workers", "人", "名", "位"), "person", 1.0),
    (("m2", "sqm", "平方米", "平米", "㎡"), "area", 1.0),
    (("mu", "亩", "畝"), "area", 10000.0 / 15.0),
    (("ha", "hectare", "hectares", "公顷", "ヘクタール"), "area", 10000.0),
    (("l", "litre", "litres", "liter", "liters", "升", "リットル"), "volume", 1.0),
    (("kw", "千瓦"), "power", 1.0),
    (("mw", "兆瓦"), "power", 1000.0),
):
    for _name in _names:
        _UNITS[_name] = (_dim, _factor)


def digits_of(code: str) -> str:
    """The digits of a GB/T 4754 code (``C3841`` → ``3841``; a bare section gives "")."""
    return code.lstrip("ABCDEFGHIJKLMNOPQRST")


@dataclass(frozen=True, slots=True)
class Fit:
    """One structured fit: its value in [0, 1] and what was compared."""

    value: float
    level: str
    query: str = ""
    profile: str = ""


def industry_fit(query_codes: tuple[str, ...], profile_codes: tuple[str, ...]) -> Fit | None:
    """Best fit over the pairs of codes: same class 1.0 > group 0.6 > division 0.3 > none 0."""
    q_digits = [(c, digits_of(c)) for c in query_codes if len(digits_of(c)) >= 2]
    p_digits = [(c, digits_of(c)) for c in profile_codes if len(digits_of(c)) >= 2]
    if not q_digits or not p_digits:
        return None
    best = Fit(0.0, "none")
    for q_code, q in q_digits:
        for p_code, p in p_digits:
            shared = 0
            for a, b in zip(q, p, strict=False):
                if a != b:
                    break
                shared += 1
            if shared >= 2:
                level, value = INDUSTRY_LEVELS[min(shared, 4)]
                if value > best.value:
                    best = Fit(value, level, q_code, p_code)
    return best


def region_path(code: str) -> tuple[str, ...]:
    """A region code as a path: 520201 → (CN, 52, 5202, 520201); JP-13 → (JP, JP-13)."""
    code = code.strip().upper()
    if not code:
        return ()
    if code.isdigit():
        path = ["CN", code[:2]]
        if len(code) >= 4 and code[2:4] != "00":
            path.append(code[:4])
            if len(code) >= 6 and code[4:6] != "00":
                path.append(code[:6])
        return tuple(path)
    if "-" in code:
        return (code.split("-", 1)[0], code)
    return (code,)


def region_fit(query_region: str, profile_region: str) -> Fit | None:
    """1.0 when one region lies in the other; else by the deepest level both lie in."""
    q, p = region_path(query_region), region_path(profile_region)
    if not q or not p:
        return None
    shared = 0
    for a, b in zip(q, p, strict=False):
        if a != b:
            break
        shared += 1
    if shared == min(len(q), len(p)):
        return Fit(REGION_CONTAINED, "within", query_region, profile_region)
    if shared == 0:
        return Fit(0.0, "none", query_region, profile_region)
    level, value = REGION_SHARED[min(shared, 3)]
    return Fit(value, level, query_region, profile_region)


def unit_of(unit: str) -> tuple[str, float] | None:
    """(dimension, factor to base unit) of a unit spelling, ignoring a period (``t/year``)."""
    name = unit.strip().lower().split("/", 1)[0].strip()
    return _UNITS.get(name)


def base_quantity(quantity: float | None, unit: str) -> tuple[str, float] | None:
    """A quantity in its dimension's base unit (``None`` if missing or the unit is unknown)."""
    if quantity is None:
        return None
    known = unit_of(unit) if unit else ("", 1.0)
    if known is None:
        return None
    return known[0], quantity * known[1]


def capacity_fit(
    capacity: float | None, capacity_unit: str, need: float | None, need_unit: str
) -> Fit | None:
    """How much of the request's quantity the offer's capacity covers: min(1, capacity / need)."""
    cap = base_quantity(capacity, capacity_unit)
    req = base_quantity(need, need_unit)
    if cap is None or req is None or cap[0] != req[0]:
        return None
    if req[1] <= 0:
        return Fit(
            1.0, "covered", f"{need:g} {need_unit}".strip(), f"{capacity:g} {capacity_unit}".strip()
        )
    value = min(1.0, cap[1] / req[1])
    level = "covered" if value >= 1.0 else "partial"
    return Fit(
        value, level, f"{need:g} {need_unit}".strip(), f"{capacity:g} {capacity_unit}".strip()
    )


def price_fit(
    price: float | None, price_currency: str, budget: float | None, budget_currency: str
) -> Fit | None:
    """1.0 when the offer's price is within the request's budget, falling to 0 at twice it."""
    if price is None or budget is None:
        return None
    if (price_currency or budget_currency) and price_currency != budget_currency:
        return None
    if price <= budget:
        value = 1.0
    elif budget <= 0:
        value = 0.0
    else:
        value = max(0.0, 1.0 - (price - budget) / budget)
    level = "within_budget" if value >= 1.0 else ("over_budget" if value > 0 else "far_over_budget")
    return Fit(
        value,
        level,
        f"{budget:g} {budget_currency}".strip(),
        f"{price:g} {price_currency}".strip(),
    )


def is_expired(valid_until: date | None, today: date | None) -> bool:
    """Whether a profile valid until ``valid_until`` has expired on ``today``."""
    return valid_until is not None and today is not None and valid_until < today
