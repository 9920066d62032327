"""Ranking: cross-lingual matches, the kind filter, explanations that add up, expiry, ties."""

from __future__ import annotations

from datetime import date

import pytest

from hezuo.core.matching import MatchIndex, Profile, Weights
from hezuo.core.matching.profile import KINDS, complement

PROFILES = [
    Profile(
        "ja-h2",
        "technology_offer",
        "ja",
        "水素エネルギーの燃料電池技術",
        "日本電産と共同開発した燃料電池スタックを提供します。",
        ("C3849",),
        "JP",
    ),
    Profile(
        "en-h2",
        "technology_offer",
        "en",
        "Hydrogen fuel cell licence",
        "We license fuel cell stacks for trucks.",
        ("C3849",),
        "JP-13",
    ),
    Profile(
        "zh-pv",
        "technology_offer",
        "zh",
        "光伏组件技术",
        "高效太阳能电池板生产工艺。",
        ("C3825",),
        "520200",
    ),
    Profile(
        "zh-robot",
        "technology_offer",
        "zh",
        "工业机器人集成",
        "焊接机器人工作站。",
        ("C3491",),
        "210200",
    ),
    Profile("req-h2", "technology_request", "zh", "寻求氢能技术", "氢能重卡。"),
    Profile(
        "tw-tea",
        "product_supply",
        "zh",
        "高山綠茶批發",
        "貴州茶園的綠茶和紅茶。",
        ("A0164",),
        "TW",
        quantity=300,
        unit="t",
        price=60,
        currency="CNY",
        valid_until=date(2026, 12, 31),
    ),
    Profile(
        "ja-tea",
        "product_supply",
        "ja",
        "緑茶の卸売",
        "有機の茶葉を供給します。",
        ("A0164",),
        "JP",
        quantity=100,
        unit="t",
        price=90,
        currency="CNY",
        valid_until=date(2026, 1, 31),
    ),
]


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return MatchIndex.build(PROFILES)


def test_every_kind_has_a_complement() -> None:
    assert len(KINDS) == 12
    for kind in KINDS:
        assert complement(complement(kind)) == kind != complement(kind)


def test_chinese_query_meets_japanese_and_english_offers(index: MatchIndex) -> None:
    query = Profile(
        "q", "technology_request", "zh", "寻求氢能燃料电池技术", "与日本电产合作开发重卡"
    )
    ids = [r.profile_id for r in index.rank(query, top=10)]
    assert set(ids[:2]) == {"ja-h2", "en-h2"}
    assert "req-h2" not in ids  # same kind as the query: never ranked


def test_kind_filter(index: MatchIndex) -> None:
    query = Profile("q", "purchase_demand", "en", "Green tea", "organic tea leaves")
    results = index.rank(query, top=10)
    assert {r.profile_id for r in results} <= {"tw-tea", "ja-tea"}
    assert results


def test_explanation_adds_up_to_the_score(index: MatchIndex) -> None:
    query = Profile(
        "q",
        "technology_request",
        "ja",
        "水素燃料電池の技術を求む",
        "トラック向け",
        ("C3841",),
        "JP",
    )
    results = index.rank(query, top=5, explain=True)
    assert results
    for r in results:
        e = r.explanation
        assert e is not None
        total = sum(c["value"] for c in e["components"])
        assert total == pytest.approx(r.score, abs=1e-9)
        assert sum(c["share"] for c in e["components"]) == pytest.approx(1.0)
        text = next(c for c in e["components"] if c["name"] == "text")
        assert sum(t["value"] for t in e["terms"]) == pytest.approx(text["value"], abs=1e-9)
    top = results[0].explanation
    assert top is not None
    concepts = {t.get("concept") for t in top["terms"]}
    assert "hydrogen_energy" in concepts and "fuel_cell" in concepts
    hydrogen = next(t for t in top["terms"] if t.get("concept") == "hydrogen_energy")
    assert hydrogen["labels"] == {"zh": "氢能", "ja": "水素エネルギー", "en": "hydrogen energy"}
    industry = next(c for c in top["components"] if c["name"] == "industry")
    assert industry["level"] == "group" and industry["value"] == pytest.approx(0.3 * 0.6)
    region = next(c for c in top["components"] if c["name"] == "region")
    assert region["fit"] == 1.0
    # the shared stretches of text, each side in its own script
    assert top["profile"] == "ja-h2"
    for side in ("query", "profile"):
        assert any("燃料電池" in phrase for phrase in top["phrases"][side])


def test_same_score_without_explanation(index: MatchIndex) -> None:
    query = Profile("q", "technology_request", "en", "hydrogen", "fuel cell trucks", ("C3849",))
    plain = index.rank(query, top=5)
    explained = index.rank(query, top=5, explain=True)
    assert [r.profile_id for r in plain] == [r.profile_id for r in explained]
    for a, b in zip(plain, explained, strict=True):
        assert a.score == pytest.approx(b.score, abs=1e-9)


def test_expired_profiles_are_not_ranked(index: MatchIndex) -> None:
    query = Profile("q", "purchase_demand", "zh", "采购绿茶", "有机茶叶")
    assert {r.profile_id for r in index.rank(query, top=10, today=date(2026, 6, 1))} == {"tw-tea"}
    assert {r.profile_id for r in index.rank(query, top=10, today=date(2026, 1, 1))} == {
        "tw-tea",
        "ja-tea",
    }


def test_structured_fits_change_the_order() -> None:
    twins = [
        Profile(
            "b", "product_supply", "zh", "绿茶", "绿茶", region="210200", price=90, currency="CNY"
        ),
        Profile(
            "a", "product_supply", "zh", "绿茶", "绿茶", region="520201", price=50, currency="CNY"
        ),
    ]
    index = MatchIndex.build(twins)
    ids = lambda q: [r.profile_id for r in index.rank(q, top=2)]  # noqa: E731
    assert ids(Profile("q", "purchase_demand", "zh", "绿茶", "")) == ["a", "b"]  # tie: by id
    assert ids(Profile("q", "purchase_demand", "zh", "绿茶", "", region="210200")) == ["b", "a"]
    assert ids(
        Profile("q", "purchase_demand", "zh", "绿茶", "", region="210200", price=45, currency="CNY")
    ) == ["a", "b"]  # b is over twice the budget: price outweighs region


def test_top_and_zero_scores(index: MatchIndex) -> None:
    query = Profile("q", "technology_request", "en", "fuel cell", "")
    assert len(index.rank(query, top=1)) == 1
    assert index.rank(Profile("q", "technology_request", "en", "zzzz", ""), top=5) == []
    assert index.rank(Profile("q", "job_seeker", "en", "fuel cell", ""), top=5) == []


def test_weights_reach_the_score() -> None:
    profiles = [Profile("a", "site_offer", "en", "factory building", "", region="520200")]
    q = Profile("q", "investment_intent", "en", "factory building", "", region="520201")
    base = MatchIndex.build(profiles).rank(q, top=1)[0].score
    more = MatchIndex.build(profiles, weights=Weights(region=0.5)).rank(q, top=1)[0].score
    assert more == pytest.approx(base + 0.4)


def test_region_alone_does_not_make_a_match() -> None:
    index = MatchIndex.build(
        [
            Profile("same-region", "site_offer", "en", "office space", "", region="520200"),
            Profile("same-industry", "site_offer", "en", "warehouse", "", ("K7010",)),
        ]
    )
    query = Profile(
        "q", "investment_intent", "en", "land for a battery plant", "", ("K7010",), "520200"
    )
    assert [r.profile_id for r in index.rank(query, top=5)] == ["same-industry"]


def test_text_scaling_by_bound_or_by_best(index: MatchIndex) -> None:
    query = Profile("q", "technology_request", "en", "hydrogen fuel cell", "")
    bound = index.rank(query, top=3, explain=True)
    best = MatchIndex.build(PROFILES, weights=Weights(text_norm="best")).rank(
        query, top=3, explain=True
    )
    assert [r.profile_id for r in bound] == [r.profile_id for r in best]

    def text(result):
        return next(c["value"] for c in result.explanation["components"] if c["name"] == "text")

    assert text(best[0]) == pytest.approx(1.0)  # the best text match scores weights.text
    assert 0 < text(bound[0]) < 1.0  # a share of the query's BM25 upper bound
    ratio = text(bound[1]) / text(bound[0])
    assert text(best[1]) / text(best[0]) == pytest.approx(ratio)
