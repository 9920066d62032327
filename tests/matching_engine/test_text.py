"""Normalisation and tokenisation: full-width, traditional, shinjitai, kana, latin."""

from __future__ import annotations

import pytest

from hezuo.core.matching.text import normalize, shared_spans, stem_en, to_simplified, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ１２３", "abc123"),  # full-width latin and digits
        ("ｴﾈﾙｷﾞｰ", "エネルギー"),  # half-width katakana
        ("日本電產", "日本电产"),  # traditional
        ("日本電産", "日本电产"),  # Japanese shinjitai (産 is not the traditional 產)
        ("醫療器械", "医疗器械"),
        ("広島の発電所", "广岛の发电所"),  # shinjitai 広 発
        ("黒", "黑"),  # shinjitai whose traditional form is also the simplified one
        ("研究", "研究"),  # a simplified character OpenCC's jp2t would turn into a variant
        ("Fuel CELLS", "fuel cells"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_three_scripts_give_the_same_tokens() -> None:
    simplified, traditional, shinjitai = (
        tokenize("日本电产"),
        tokenize("日本電產"),
        tokenize("日本電産"),
    )
    assert simplified == traditional == shinjitai == ["日本", "本电", "电产"]


def test_plain_bigrams_do_not_meet_without_simplification() -> None:
    # the point of the table: the raw characters differ
    assert "電産" != "电产"
    assert to_simplified("電産") == "电产"


def test_han_runs_give_bigrams_and_single_characters_stand_alone() -> None:
    assert tokenize("氢能") == ["氢能"]
    assert tokenize("茶") == ["茶"]
    assert tokenize("的") == []  # a function character alone is dropped
    assert tokenize("燃料电池") == ["燃料", "料电", "电池"]


def test_kana_runs_are_split_from_han_and_folded_to_katakana() -> None:
    # hiragana and katakana spellings of one word give the same tokens
    assert tokenize("こんにゃく") == tokenize("コンニャク") == ["コン", "ンニ", "ニャ", "ャク"]
    # particles of one kana do not make tokens; the script boundary cuts runs
    assert tokenize("水素の技術") == ["水素", "技术"]


def test_latin_words_stop_words_and_plurals() -> None:
    assert tokenize("We offer the Fuel Cells and li-ion batteries") == [
        "offer",
        "fuel",
        "cell",
        "li-ion",
        "battery",
    ]
    assert tokenize("5000 units") == ["unit"]  # bare numbers are not tokens


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("industries", "industry"),
        ("cells", "cell"),
        ("process", "process"),
        ("boxes", "box"),
        ("bus", "bus"),
        ("analysis", "analysis"),
        ("tea", "tea"),
    ],
)
def test_stem_en(word: str, stem: str) -> None:
    assert stem_en(word) == stem


def test_mixed_text() -> None:
    assert tokenize("日本電産 Nidec 精密モーター") == [
        "日本",
        "本电",
        "电产",
        "nidec",
        "精密",
        "モー",
        "ータ",
        "ター",
    ]


def test_shared_spans_show_each_side_in_its_own_script() -> None:
    shared = {"燃料", "料电", "电池", "日本", "本电", "电产", "茶"}
    assert shared_spans("日本電産の燃料電池スタックを提供", shared) == ["日本電産", "燃料電池"]
    assert shared_spans("日本电产燃料电池电堆", shared) == ["日本电产燃料电池"]
    assert shared_spans("お茶と緑茶", {"茶"}) == ["茶"]
    assert shared_spans("こんにゃく粉", {"コン", "ンニ"}) == ["こんに"]
    assert shared_spans("nothing shared", shared) == []
