"""What projects reads from the zone office's desk, without importing it: exchange rates and
each zone's stuck thresholds.

The desk (``hezuo.zonedesk``) keeps the rates (``ExchangeRate``, ``load_rates``) and each zone's
settings (``ZoneSettings``). Project figures are shown in CNY and a project is stuck after its
zone's number of days in a stage; so that the dependency keeps pointing one way (zonedesk →
projects), the desk registers its readers here when Django starts (``ZonedeskConfig.ready``), as
policies listens to projects' signals. Without them there are no rates (every conversion but
CNY's says so) and every zone has the default thresholds of ``hezuo.core.lifecycle``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from hezuo.core import lifecycle, money

#: Given {currency: (first day, last day)}, the rates needed to convert amounts dated in between.
RateReader = Callable[[dict[str, tuple[date, date]]], money.RateTable]
#: Given program ids, each program's stuck threshold (days) per stage.
ThresholdReader = Callable[[Iterable[int]], dict[int, dict[str, int | None]]]


@dataclass
class Readers:
    rates: RateReader | None = None
    thresholds: ThresholdReader | None = None


_readers = Readers()


def register(*, rates: RateReader, thresholds: ThresholdReader) -> None:
    """Make the zone desk's readers the source of rates and thresholds (called once)."""
    _readers.rates = rates
    _readers.thresholds = thresholds


def rates_for(spans: dict[str, tuple[date, date]]) -> money.RateTable:
    """Return the rates to convert amounts of each currency dated within its span."""
    return _readers.rates(spans) if _readers.rates is not None else money.RateTable()


def to_cny(amount: Decimal, currency: str, on: date) -> money.Conversion:
    """Return ``amount`` of ``currency`` in CNY at the rate in force on ``on`` (or NoRate)."""
    return rates_for({currency.upper(): (on, on)}).convert(amount, currency.upper(), on)


def stuck_thresholds(program_ids: Iterable[int]) -> dict[int, dict[str, int | None]]:
    """Return each program's stuck threshold per stage (the defaults for any other)."""
    found = _readers.thresholds(program_ids) if _readers.thresholds is not None else {}
    return defaultdict(lambda: lifecycle.thresholds(), found)
