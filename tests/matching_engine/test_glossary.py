"""The glossary data file and concept look-up across languages."""

from __future__ import annotations

import pytest

from hezuo.core.matching.glossary import LANGS, Concept, Glossary, default_glossary, parse_glossary
from hezuo.core.matching.text import normalize


def test_data_file_is_well_formed() -> None:
    glossary = default_glossary()
    assert len(glossary.concepts) >= 50
    for concept in glossary.concepts.values():
        for lang in LANGS:
            assert concept.terms[lang], f"{concept.id} has no {lang} term"
        if concept.broader:
            assert concept.broader in glossary.concepts


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("氢能", "hydrogen_energy"),
        ("氫能", "hydrogen_energy"),  # traditional, through normalisation
        ("水素エネルギー", "hydrogen_energy"),
        ("Hydrogen Energy", "hydrogen_energy"),
        ("半導体の後工程", "semiconductor"),
        ("Semiconductors", "semiconductor"),  # plural
        ("猕猴桃", "kiwi_fruit"),
        ("キウイフルーツ", "kiwi_fruit"),
        ("こんにゃく", "konjac"),
        ("コンニャク", "konjac"),  # katakana spelling of a hiragana term
        ("魔芋精粉", "konjac"),
        ("冷链物流", "cold_chain"),
        ("コールドチェーン", "cold_chain"),
        ("劳务协作", "labour_services"),
        ("医療機器", "medical_devices"),
        ("醫療器械", "medical_devices"),
        ("お茶", "tea"),
        ("CO2削減", "carbon_neutral"),  # a term mixing latin and kanji
        ("letter of credit", "trade_finance"),  # a phrase with a stop word inside
    ],
)
def test_find(text: str, concept: str) -> None:
    assert concept in default_glossary().find(normalize(text))


def test_unrelated_text_finds_nothing() -> None:
    assert default_glossary().find(normalize("It is a fine day 今日は")) == set()


def test_broader_concepts_are_added() -> None:
    glossary = default_glossary()
    tokens = glossary.concept_tokens(normalize("燃料電池"))
    assert tokens == sorted(["§fuel_cell", "§hydrogen_energy", "§new_energy"])


def test_latin_phrase_matches_whole_words_only() -> None:
    glossary = default_glossary()
    assert "tea" not in glossary.find(normalize("steady instead"))
    assert "robotics" not in glossary.find(normalize("robotic-free zone"))


def test_labels_per_language() -> None:
    concept = default_glossary().concepts["hydrogen_energy"]
    assert concept.labels() == {"zh": "氢能", "ja": "水素エネルギー", "en": "hydrogen energy"}


def test_extending_is_data_only() -> None:
    glossary = parse_glossary(
        '[[concept]]\nid = "durian"\nzh = ["榴莲"]\nja = ["ドリアン"]\nen = ["durian"]\n'
    )
    assert glossary.find(normalize("ドリアンを輸入")) == {"durian"}


def test_bad_data_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown broader"):
        Glossary.from_concepts([Concept("a", {"zh": ("甲",)}, broader="b")])
    with pytest.raises(ValueError, match="defined twice"):
        Glossary.from_concepts([Concept("a", {}), Concept("a", {})])
