"""Reads of the zone office's desk: zone settings, exchange rates, enquiries and aftercare
visits.

Every read that lists records takes ``user`` as a required keyword and goes through the
restricted query path; commands and jobs pass ``base.services.SYSTEM``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from hezuo.core import lifecycle, money
from hezuo.core.access import Action

from .models import AftercareVisit, Enquiry, ExchangeRate, ZoneSettings

# --- zone settings and stuck projects ---------------------------------------------------------------


def zone_settings(program: Any) -> ZoneSettings:
    """Return the zone's settings, or the defaults (unsaved) when it has none."""
    return ZoneSettings.objects.filter(program=program).first() or ZoneSettings(program=program)


def thresholds_by_program(program_ids: Iterable[int]) -> dict[int, dict[str, int | None]]:
    """Return each program's stuck threshold per stage (the default ones when it has none)."""
    found = {
        s.program_id: s.thresholds()
        for s in ZoneSettings.objects.filter(program__in=set(program_ids))
    }
    return defaultdict(lambda: lifecycle.thresholds(), found)


# --- exchange rates ---------------------------------------------------------------------------------


def _rows(rows: QuerySet[ExchangeRate]) -> list[money.Rate]:
    return [
        money.Rate(c, d, r, s)
        for c, d, r, s in rows.values_list("currency", "date", "rate", "source")
    ]


def rate_table(currencies: Iterable[str], *, until: date | None = None) -> money.RateTable:
    """Return the rates of ``currencies`` (up to ``until``) as a table for dated look-ups."""
    wanted = {c.upper() for c in currencies if c and c.upper() != money.CNY}
    if not wanted:
        return money.RateTable()
    rows = ExchangeRate.objects.filter(currency__in=wanted)
    if until is not None:
        rows = rows.filter(date__lte=until)
    return money.RateTable(_rows(rows))


def rates_for(spans: dict[str, tuple[date, date]]) -> money.RateTable:
    """Return the rates needed to convert amounts of each currency dated within its span:
    the rates of the span and the last one in force on its first day (not every rate)."""
    found: list[money.Rate] = []
    for currency, (low, high) in spans.items():
        currency = currency.upper()
        if currency == money.CNY:
            continue
        start = (
            ExchangeRate.objects.filter(currency=currency, date__lte=low)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        ) or low
        found += _rows(
            ExchangeRate.objects.filter(currency=currency, date__gte=start, date__lte=high)
        )
    return money.RateTable(found)


def to_cny(amount: Decimal, currency: str, on: date) -> money.Conversion:
    """Return ``amount`` of ``currency`` converted to CNY at the rate in force on ``on``.

    The conversion carries the rate, its date and its source (``ecb``, ``official``, or
    ``identity`` for CNY). Raises :class:`hezuo.core.money.NoRate` when no rate is known.
    """
    currency = currency.upper()
    return rates_for({currency: (on, on)}).convert(amount, currency, on)


# --- enquiries --------------------------------------------------------------------------------------


def overdue_enquiries(*, on: date, user: Any, program: Any = None) -> list[Enquiry]:
    """Return the enquiries ``user`` may see that are unanswered after their deadline on ``on``."""
    enquiries = Enquiry.objects.restrict(user, Action.VIEW)
    if program is not None:
        enquiries = enquiries.filter(program=program)
    enquiries = enquiries.filter(answered_at__isnull=True).select_related(
        "program", "investor", "officer"
    )
    return [e for e in enquiries.order_by("received_at", "pk") if e.is_overdue(on)]


# --- aftercare --------------------------------------------------------------------------------------


def visits_to(organisation: Any, *, user: Any) -> QuerySet[AftercareVisit]:
    """Return every office's visits to a firm that ``user`` may see (the shared visit log)."""
    return (
        AftercareVisit.objects.restrict(user, Action.VIEW)
        .filter(organisation=organisation)
        .select_related("visiting_office", "project", "lead")
    )


def other_offices_visits(
    organisation: Any, *, office: Any, on: date, user: Any, within_days: int = 180
) -> QuerySet[AftercareVisit]:
    """Return the visits other offices paid the firm in the ``within_days`` before ``on`` —
    what an office should know before it plans a visit of its own."""
    return (
        visits_to(organisation, user=user)
        .exclude(visiting_office=office)
        .filter(visited_on__gte=on - timedelta(days=within_days), visited_on__lte=on)
    )
