"""Amounts in ISO 4217 currencies, converted to CNY with a dated exchange-rate table.

Pure Python (no Django). A rate is the number of CNY one unit of a currency was worth on a date
(note: the People's Bank of China quotes JPY per 100 units; a rate here is always per one unit).

Which rate converts an amount dated D (:meth:`RateTable.rate_for`):

1. only rates dated on or before D count (a rate never applies backwards);
2. of those, the one with the latest date wins — the rate in force on D;
3. on the same date an ``official`` rate (entered by an officer) wins over an ``ecb`` rate
   (the European Central Bank's reference rates, crossed through EUR).

So an official rate takes precedence over the ECB rates of its own day and of earlier days, and
stays in force until a later rate (of either source) is published. CNY converts to itself at 1.
"""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

CNY = "CNY"
ECB = "ecb"
OFFICIAL = "official"
IDENTITY = "identity"

#: Same date: the higher wins.
SOURCE_PRIORITY: Mapping[str, int] = {ECB: 0, OFFICIAL: 1}

RATE_PLACES = Decimal("0.0000000001")  # 10 decimal places, as stored
FEN = Decimal("0.01")


class NoRate(LookupError):
    """No rate of ``currency`` is dated on or before ``on``."""

    def __init__(self, currency: str, on: date) -> None:
        super().__init__(f"no {currency} rate on or before {on.isoformat()}")
        self.currency = currency
        self.on = on


@dataclass(frozen=True)
class Rate:
    """``rate`` CNY for one unit of ``currency``, published for ``on`` by ``source``."""

    currency: str
    on: date
    rate: Decimal
    source: str


@dataclass(frozen=True)
class Conversion:
    """An amount, its CNY value and the rate used (to show beside every total)."""

    amount: Decimal
    currency: str
    amount_cny: Decimal
    rate: Rate


def round_fen(value: Decimal) -> Decimal:
    """Return ``value`` rounded to the fen (0.01 CNY), halves away from zero."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


class RateTable:
    """Rates by currency, each list sorted by (date, source priority), for dated look-ups."""

    def __init__(self, rates: Iterable[Rate] = ()) -> None:
        self._keys: dict[str, list[tuple[date, int]]] = {}
        self._rates: dict[str, list[Rate]] = {}
        for rate in sorted(rates, key=lambda r: (r.currency, r.on, SOURCE_PRIORITY[r.source])):
            self._keys.setdefault(rate.currency, []).append((rate.on, SOURCE_PRIORITY[rate.source]))
            self._rates.setdefault(rate.currency, []).append(rate)

    def __len__(self) -> int:
        return sum(len(v) for v in self._rates.values())

    def rate_for(self, currency: str, on: date) -> Rate:
        """Return the rate in force for ``currency`` on ``on`` (see the module's rules)."""
        currency = currency.upper()
        if currency == CNY:
            return Rate(CNY, on, Decimal(1), IDENTITY)
        keys = self._keys.get(currency, [])
        index = bisect.bisect_right(keys, (on, max(SOURCE_PRIORITY.values())))
        if index == 0:
            raise NoRate(currency, on)
        return self._rates[currency][index - 1]

    def convert(self, amount: Decimal, currency: str, on: date) -> Conversion:
        """Return ``amount`` of ``currency`` on ``on`` in CNY, rounded to the fen."""
        rate = self.rate_for(currency, on)
        return Conversion(amount, currency.upper(), round_fen(amount * rate.rate), rate)


@dataclass(frozen=True)
class Total:
    """A sum in CNY and every distinct rate that went into it."""

    amount_cny: Decimal
    rates: tuple[Rate, ...]
    count: int


def total(conversions: Iterable[Conversion]) -> Total:
    """Return the sum of ``conversions`` in CNY with the rates used (CNY's identity left out)."""
    amount, rates, count = Decimal("0.00"), set(), 0
    for c in conversions:
        amount += c.amount_cny
        count += 1
        if c.rate.source != IDENTITY:
            rates.add(c.rate)
    ordered = tuple(sorted(rates, key=lambda r: (r.currency, r.on, r.source)))
    return Total(amount, ordered, count)


# --- the ECB's reference rates -----------------------------------------------------------------


def cross_rates(eur_rates: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Return CNY per unit of each currency from one day's EUR-based rates (units per EUR).

    X→CNY = (CNY per EUR) / (X per EUR); EUR→CNY is the CNY rate itself. Empty when the day has
    no CNY rate (the ECB publishes CNY from 2005-04-01 on).
    """
    per_eur = eur_rates.get(CNY)
    if per_eur is None or per_eur <= 0:
        return {}
    result = {"EUR": per_eur.quantize(RATE_PLACES, rounding=ROUND_HALF_EVEN)}
    for currency, units in eur_rates.items():
        if currency in (CNY, "EUR") or units <= 0:
            continue
        result[currency] = (per_eur / units).quantize(RATE_PLACES, rounding=ROUND_HALF_EVEN)
    return result


def parse_ecb_history(text: str) -> Iterator[tuple[date, dict[str, Decimal]]]:
    """Yield (date, {currency: units per EUR}) from the ECB's eurofxref-hist.csv.

    The file has a header ``Date,USD,JPY,…`` and one line per business day, newest first, with
    ``N/A`` where a currency had no rate; empty columns (a trailing comma) are ignored.
    """
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    columns = [c.strip() for c in header]
    for row in reader:
        if not row or not row[0].strip():
            continue
        day = date.fromisoformat(row[0].strip())
        rates: dict[str, Decimal] = {}
        for currency, cell in zip(columns[1:], row[1:], strict=False):
            cell = cell.strip()
            if not currency or not cell or cell == "N/A":
                continue
            try:
                rates[currency] = Decimal(cell)
            except InvalidOperation:
                continue
        yield day, rates


def ecb_rates(
    text: str, *, since: date | None = None, currencies: Iterable[str] | None = None
) -> Iterator[Rate]:
    """Yield the CNY cross rates (source ``ecb``) of every day of an ECB history file."""
    wanted = {c.upper() for c in currencies} if currencies is not None else None
    for day, eur_rates in parse_ecb_history(text):
        if since is not None and day < since:
            continue
        for currency, rate in sorted(cross_rates(eur_rates).items()):
            if wanted is None or currency in wanted:
                yield Rate(currency, day, rate, ECB)
