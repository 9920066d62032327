"""The pure currency conversion (hezuo.core.money): no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from hezuo.core import money
from hezuo.core.money import ECB, OFFICIAL, Rate, RateTable

JPY_ECB = [
    Rate("JPY", date(2020, 8, 21), D("0.0654"), ECB),
    Rate("JPY", date(2020, 8, 24), D("0.0653816063"), ECB),
    Rate("JPY", date(2020, 8, 25), D("0.0650"), ECB),
]


class TestPrecedence:
    def test_latest_rate_on_or_before_the_day(self) -> None:
        table = RateTable(JPY_ECB)
        assert table.rate_for("JPY", date(2020, 8, 24)).rate == D("0.0653816063")
        # a weekend or holiday: the last published rate before it
        assert table.rate_for("JPY", date(2020, 8, 23)).on == date(2020, 8, 21)
        assert table.rate_for("jpy", date(2030, 1, 1)).on == date(2020, 8, 25)

    def test_no_rate_applies_backwards(self) -> None:
        with pytest.raises(money.NoRate) as exc:
            RateTable(JPY_ECB).rate_for("JPY", date(2020, 8, 20))
        assert exc.value.currency == "JPY"
        with pytest.raises(money.NoRate):
            RateTable(JPY_ECB).rate_for("GBP", date(2020, 8, 24))

    def test_official_wins_on_its_own_day(self) -> None:
        official = Rate("JPY", date(2020, 8, 24), D("0.0660"), OFFICIAL)
        table = RateTable([official, *JPY_ECB])  # order of input does not matter
        assert table.rate_for("JPY", date(2020, 8, 24)) == official

    def test_official_stays_in_force_until_a_later_rate(self) -> None:
        official = Rate("JPY", date(2020, 8, 22), D("0.0660"), OFFICIAL)  # a Saturday
        table = RateTable([*JPY_ECB, official])
        assert table.rate_for("JPY", date(2020, 8, 23)) == official  # over the ECB's of the 21st
        assert table.rate_for("JPY", date(2020, 8, 24)).source == ECB  # a later ECB rate

    def test_cny_is_identity(self) -> None:
        rate = RateTable().rate_for("CNY", date(1990, 1, 1))
        assert rate.rate == 1 and rate.source == money.IDENTITY

    def test_convert_rounds_to_the_fen(self) -> None:
        c = RateTable(JPY_ECB).convert(D("1000000"), "JPY", date(2020, 8, 24))
        assert c.amount_cny == D("65381.61")
        assert c.rate.on == date(2020, 8, 24) and c.currency == "JPY"
        assert money.round_fen(D("0.005")) == D("0.01")

    def test_total_lists_rates_used(self) -> None:
        table = RateTable(JPY_ECB)
        conversions = [
            table.convert(D("100"), "JPY", date(2020, 8, 24)),
            table.convert(D("200"), "JPY", date(2020, 8, 24)),
            table.convert(D("100"), "JPY", date(2020, 8, 26)),
            table.convert(D("5"), "CNY", date(2020, 8, 26)),
        ]
        total = money.total(conversions)
        assert total.amount_cny == sum(c.amount_cny for c in conversions)
        assert [r.on for r in total.rates] == [date(2020, 8, 24), date(2020, 8, 25)]
        assert total.count == 4


class TestEcb:
    CSV = (
        "Date,USD,JPY,CYP,CNY,\n"
        "2020-08-24,1.1847,125.26,N/A,8.1897,\n"
        "2004-01-02,1.2630,134.39,0.58,N/A,\n"
    )

    def test_cross_rates(self) -> None:
        rates = money.cross_rates({"USD": D("1.1847"), "JPY": D("125.26"), "CNY": D("8.1897")})
        assert rates["JPY"] == D("0.0653816063")  # 8.1897 / 125.26
        assert rates["USD"] == D("6.9128893391")  # 8.1897 / 1.1847
        assert rates["EUR"] == D("8.1897")
        assert "CNY" not in rates
        assert money.cross_rates({"USD": D("1.2630")}) == {}  # no CNY that day

    def test_parse_history(self) -> None:
        days = list(money.parse_ecb_history(self.CSV))
        assert days[0] == (
            date(2020, 8, 24),
            {"USD": D("1.1847"), "JPY": D("125.26"), "CNY": D("8.1897")},
        )
        assert "CYP" in days[1][1] and "CNY" not in days[1][1]

    def test_ecb_rates_since_and_currencies(self) -> None:
        rates = list(money.ecb_rates(self.CSV, since=date(2020, 1, 1), currencies=["jpy"]))
        assert rates == [Rate("JPY", date(2020, 8, 24), D("0.0653816063"), ECB)]
        assert {r.currency for r in money.ecb_rates(self.CSV)} == {"EUR", "JPY", "USD"}
