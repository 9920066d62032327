"""Structured fits, and the index's array version of each against the plain function."""

from __future__ import annotations

import random
from datetime import date

import pytest

from hezuo.core.matching import MatchIndex, Profile, fits


@pytest.mark.parametrize(
    ("query", "profile", "level", "value"),
    [
        (("C3841",), ("C3841",), "class", 1.0),
        (("3841",), ("C3841",), "class", 1.0),  # section letter optional
        (("C3841",), ("C3842",), "group", 0.6),
        (("C3841",), ("C3825",), "division", 0.3),
        (("C38",), ("C3841",), "division", 0.3),  # a division-level code
        (("C3841",), ("A0152",), "none", 0.0),
        (("A0152", "C3841"), ("C3849",), "group", 0.6),  # best pair counts
    ],
)
def test_industry_fit(
    query: tuple[str, ...], profile: tuple[str, ...], level: str, value: float
) -> None:
    fit = fits.industry_fit(query, profile)
    assert fit is not None
    assert (fit.level, fit.value) == (level, value)


def test_industry_fit_ranks_class_over_group_over_division_over_none() -> None:
    values = [
        fits.industry_fit(("C3841",), (c,)).value for c in ("C3841", "C3842", "C3825", "A0152")
    ]  # type: ignore[union-attr]
    assert values == sorted(values, reverse=True) and len(set(values)) == 4
    assert fits.industry_fit((), ("C3841",)) is None


@pytest.mark.parametrize(
    ("query", "profile", "level", "value"),
    [
        ("520200", "520201", "within", 1.0),  # county inside the preferred prefecture
        ("CN", "520201", "within", 1.0),  # anywhere in the preferred country
        ("520201", "520201", "within", 1.0),
        ("520201", "520203", "prefecture", 0.75),
        ("520200", "520100", "province", 0.5),
        ("520200", "210200", "country", 0.25),
        ("520200", "JP", "none", 0.0),
        ("JP-13", "JP-27", "country", 0.25),
        ("JP", "JP-13", "within", 1.0),
    ],
)
def test_region_fit(query: str, profile: str, level: str, value: float) -> None:
    fit = fits.region_fit(query, profile)
    assert fit is not None
    assert (fit.level, fit.value) == (level, value)


def test_capacity_fit() -> None:
    assert fits.capacity_fit(500, "t", 300, "吨").value == 1.0  # type: ignore[union-attr]
    assert fits.capacity_fit(300, "t", 500, "トン").value == pytest.approx(0.6)  # type: ignore[union-attr]
    assert fits.capacity_fit(300, "kg", 1, "t").value == pytest.approx(0.3)  # type: ignore[union-attr]
    assert fits.capacity_fit(300, "t", 5, "persons") is None  # different dimensions
    assert fits.capacity_fit(None, "t", 5, "t") is None


def test_price_fit() -> None:
    assert fits.price_fit(10, "CNY", 12, "CNY").value == 1.0  # type: ignore[union-attr]
    assert fits.price_fit(15, "CNY", 10, "CNY").value == pytest.approx(0.5)  # type: ignore[union-attr]
    assert fits.price_fit(25, "CNY", 10, "CNY").value == 0.0  # type: ignore[union-attr]
    assert fits.price_fit(10, "JPY", 12, "CNY") is None  # not compared across currencies


def test_expiry() -> None:
    assert fits.is_expired(date(2026, 1, 1), date(2026, 1, 2))
    assert not fits.is_expired(date(2026, 1, 2), date(2026, 1, 2))
    assert not fits.is_expired(None, date(2026, 1, 2))


def _profile(rng: random.Random, i: int, kind: str) -> Profile:
    return Profile(
        id=f"p{i}",
        kind=kind,
        lang="zh",
        title="茶叶",
        industry=tuple(
            rng.sample(["A0164", "A0163", "A0152", "A01", "C1391", "C13"], rng.randint(0, 2))
        ),
        region=rng.choice(["", "520200", "520201", "520100", "210200", "CN", "JP", "JP-13"]),
        quantity=rng.choice([None, 0.0, 50.0, 300.0, 800.0]),
        unit=rng.choice(["t", "kg", "人"]),
        price=rng.choice([None, 8.0, 12.0, 30.0]),
        currency=rng.choice(["CNY", "JPY"]),
    )


@pytest.mark.parametrize("query_kind", ["product_supply", "purchase_demand"])
def test_index_arrays_agree_with_the_plain_functions(query_kind: str) -> None:
    rng = random.Random(5)
    other = "purchase_demand" if query_kind == "product_supply" else "product_supply"
    index = MatchIndex.build([_profile(rng, i, other) for i in range(300)])
    part = index.partitions[other]
    for q in range(40):
        query = _profile(rng, 1000 + q, query_kind)
        arrays = {
            "industry": part.industry_fits(query.industry),
            "region": part.region_fits(query.region),
            "quantity": part.quantity_fits(query),
            "price": part.price_fits(query),
        }
        for doc, profile in enumerate(part.profiles):
            offer, request = (
                (query, profile) if query_kind == "product_supply" else (profile, query)
            )
            plain = {
                "industry": fits.industry_fit(query.industry, profile.industry),
                "region": fits.region_fit(query.region, profile.region),
                "quantity": fits.capacity_fit(
                    offer.quantity, offer.unit, request.quantity, request.unit
                ),
                "price": fits.price_fit(
                    offer.price, offer.currency, request.price, request.currency
                ),
            }
            for name, fit in plain.items():
                arr = arrays[name]
                got = 0.0 if arr is None else float(arr[doc])
                assert got == pytest.approx(0.0 if fit is None else fit.value), (
                    name,
                    query,
                    profile,
                )
