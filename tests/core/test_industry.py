"""GB/T 4754-2017 industry code table and its pure-Python reader (no Django, no database)."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from importlib import resources

import pytest

from hezuo.core import industry
from hezuo.core.industry import (
    IndustryEntry,
    industry_ancestors,
    industry_display_name,
    industry_level,
    is_valid_industry_code,
    load_industry_table,
)

# Counts of the transcribed table. The brief asked for 20/97/473/1382; every source checked
# (three independent transcriptions, see hezuo/core/data/SOURCES.md) lists 1381 classes, and
# published summaries disagree (1380, 1381 and 1382 all appear), so the table is not padded.
EXPECTED_COUNTS = {"section": 20, "division": 97, "group": 473, "class": 1381}

PARENT_LEVEL = {"division": "section", "group": "division", "class": "group"}


@pytest.fixture(scope="module")
def table() -> list[IndustryEntry]:
    return load_industry_table()


@pytest.fixture(scope="module")
def by_code(table: list[IndustryEntry]) -> dict[str, IndustryEntry]:
    return {e.code: e for e in table}


def test_counts_per_level(table: list[IndustryEntry]) -> None:
    assert Counter(e.level for e in table) == EXPECTED_COUNTS
    assert len(table) == sum(EXPECTED_COUNTS.values())


def test_codes_unique(table: list[IndustryEntry]) -> None:
    codes = [e.code for e in table]
    assert len(codes) == len(set(codes))


def test_sections_are_a_to_t(table: list[IndustryEntry]) -> None:
    sections = [e.code for e in table if e.level == "section"]
    assert sections == [chr(c) for c in range(ord("A"), ord("T") + 1)]
    assert all(e.parent == "" for e in table if e.level == "section")


def test_every_parent_exists_one_level_up(
    table: list[IndustryEntry], by_code: dict[str, IndustryEntry]
) -> None:
    for e in table:
        if e.level == "section":
            continue
        parent = by_code.get(e.parent)
        assert parent is not None, e
        assert parent.level == PARENT_LEVEL[e.level], e
        if e.level != "division":
            assert e.code[:-1] == e.parent, e


def test_every_non_class_has_children(table: list[IndustryEntry]) -> None:
    parents = {e.parent for e in table}
    for e in table:
        if e.level != "class":
            assert e.code in parents, e


def test_level_matches_code_shape(table: list[IndustryEntry]) -> None:
    for e in table:
        assert industry_level(e.code) == e.level


def test_names_are_clean(table: list[IndustryEntry]) -> None:
    for e in table:
        assert e.name_zh and e.name_zh == e.name_zh.strip(), e
        assert "(" not in e.name_zh and ")" not in e.name_zh, e  # full-width brackets only
        assert e.name_en == e.name_en.strip(), e
        assert e.name_ja == e.name_ja.strip(), e


def test_undivided_group_and_its_single_class_share_the_name(
    table: list[IndustryEntry], by_code: dict[str, IndustryEntry]
) -> None:
    # The standard gives a group that is not subdivided one class ending in 0, same name.
    for e in table:
        if e.level == "class" and e.code.endswith("0"):
            assert by_code[e.parent].name_zh == e.name_zh, e


@pytest.mark.parametrize(
    ("code", "name_zh"),
    [
        ("A", "农、林、牧、渔业"),
        ("C", "制造业"),
        ("D", "电力、热力、燃气及水生产和供应业"),
        ("T", "国际组织"),
        ("15", "酒、饮料和精制茶制造业"),
        ("38", "电气机械和器材制造业"),
        ("384", "电池制造"),
        ("3841", "锂离子电池制造"),
        ("1311", "稻谷加工"),
        ("0532", "畜禽粪污处理活动"),
        ("4411", "火力发电"),
        ("6520", "集成电路设计"),
        ("7517", "三维（3D）打印技术推广服务"),
        ("9700", "国际组织"),
    ],
)
def test_known_entries(by_code: dict[str, IndustryEntry], code: str, name_zh: str) -> None:
    assert by_code[code].name_zh == name_zh


def test_some_english_names(by_code: dict[str, IndustryEntry]) -> None:
    assert by_code["C"].name_en == "Manufacturing"
    assert by_code["P"].name_en == "Education"
    assert by_code["3841"].name_en == ""  # no sourced English name: the display falls back


# -- names in English and Japanese: only what SOURCES.md names a source for ----------------------

LEVELS = ("section", "division", "group", "class")

# What hezuo/core/data/SOURCES.md claims, written out here too so that a change to the data file
# must change both the claim and this test.
EXPECTED_NAME_COUNTS = {
    "en": {"section": 20, "division": 41, "group": 0, "class": 0},
    "ja": {"section": 0, "division": 0, "group": 0, "class": 0},
}


def _name_counts(table: list[IndustryEntry]) -> dict[str, dict[str, int]]:
    return {
        lang: {
            level: sum(1 for e in table if e.level == level and e.name_in(lang))  # type: ignore[arg-type]
            for level in LEVELS
        }
        for lang in ("en", "ja")
    }


def _sources_md_counts() -> dict[str, dict[str, int]]:
    text = resources.files("hezuo.core").joinpath("data", "SOURCES.md").read_text("utf-8")
    claimed = {}
    for lang in ("en", "ja"):
        row = re.search(rf"^\s*\| `name_{lang}`\s*\|(.*)\|\s*$", text, re.MULTILINE)
        assert row, f"SOURCES.md has no count row for name_{lang}"
        numbers = [int(cell) for cell in row.group(1).split("|")]
        claimed[lang] = dict(zip(LEVELS, numbers, strict=True))
    return claimed


def test_name_counts_match_sources_md(table: list[IndustryEntry]) -> None:
    assert _name_counts(table) == EXPECTED_NAME_COUNTS
    assert _sources_md_counts() == EXPECTED_NAME_COUNTS


@pytest.mark.parametrize(
    ("code", "name_en"),
    [
        # NBS English titles (China Statistical Yearbook), see SOURCES.md.
        ("A", "Agriculture, Forestry, Animal Husbandry and Fishery"),
        ("C", "Manufacturing"),
        ("F", "Wholesale and Retail Trades"),
        ("06", "Mining and Washing of Coal"),
        ("15", "Manufacture of Liquor, Beverages and Refined Tea"),
        ("31", "Smelting and Pressing of Ferrous Metals"),
        ("38", "Manufacture of Electrical Machinery and Apparatus"),
        ("39", "Manufacture of Computers, Communication and Other Electronic Equipment"),
        ("46", "Production and Supply of Water"),
    ],
)
def test_sourced_english_names(by_code: dict[str, IndustryEntry], code: str, name_en: str) -> None:
    assert by_code[code].name_en == name_en


def test_no_name_without_a_source(table: list[IndustryEntry]) -> None:
    # Divisions outside 06-46 and every group and class: no source gave an English name.
    for e in table:
        if e.level in ("group", "class") or (e.level == "division" and not "06" <= e.code <= "46"):
            assert e.name_en == "", e
        assert e.name_ja == "", e  # no Japanese source (SOURCES.md)


@pytest.mark.parametrize(
    ("code", "lang", "shown"),
    [
        ("C", "en", "Manufacturing"),
        ("C", "zh-hans", "制造业"),
        ("3811", "zh-hans", "发电机及发电机组制造"),
        # no English name: the Chinese name and the nearest named ancestor (the division)
        (
            "3811",
            "en",
            "发电机及发电机组制造 — 38 Manufacture of Electrical Machinery and Apparatus",
        ),
        ("381", "en", "电机制造 — 38 Manufacture of Electrical Machinery and Apparatus"),
        # no named division in A: the section's name
        ("0111", "en", "稻谷种植 — A Agriculture, Forestry, Animal Husbandry and Fishery"),
        ("7517", "en", "三维（3D）打印技术推广服务 — M Scientific Research and Technical Services"),
        # no Japanese name anywhere: a Japanese user gets the English help
        (
            "3811",
            "ja",
            "发电机及发电机组制造 — 38 Manufacture of Electrical Machinery and Apparatus",
        ),
        ("C", "ja", "制造业 — Manufacturing"),
        ("C", "ja-jp", "制造业 — Manufacturing"),
    ],
)
def test_display_name(code: str, lang: str, shown: str) -> None:
    assert industry_display_name(code, lang) == shown


def test_display_name_uses_the_given_chinese_name() -> None:
    assert industry_display_name("3811", "en", name_zh="X") == (
        "X — 38 Manufacture of Electrical Machinery and Apparatus"
    )


def test_display_name_prefers_the_users_language_over_english(
    monkeypatch: pytest.MonkeyPatch, by_code: dict[str, IndustryEntry]
) -> None:
    # With a Japanese name on the section only, a Japanese user sees it rather than the nearer
    # English division name; the entry's own Japanese name wins over everything.
    table = dict(by_code)
    table["C"] = dataclasses.replace(by_code["C"], name_ja="製造業")
    table["3811"] = dataclasses.replace(by_code["3811"], name_ja="発電機製造")
    monkeypatch.setattr(industry, "_by_code", lambda: table)
    assert industry_display_name("3812", "ja") == "电动机制造 — C 製造業"
    assert industry_display_name("38", "ja") == "电气机械和器材制造业 — C 製造業"
    assert industry_display_name("3811", "ja") == "発電機製造"
    assert industry_display_name("3812", "en") == (
        "电动机制造 — 38 Manufacture of Electrical Machinery and Apparatus"
    )


def test_display_name_chinese_only_when_nothing_is_named(
    monkeypatch: pytest.MonkeyPatch, by_code: dict[str, IndustryEntry]
) -> None:
    table = {c: dataclasses.replace(e, name_en="", name_ja="") for c, e in by_code.items()}
    monkeypatch.setattr(industry, "_by_code", lambda: table)
    assert industry_display_name("3811", "en") == "发电机及发电机组制造"
    assert industry_display_name("3811", "ja") == "发电机及发电机组制造"


@pytest.mark.parametrize("code", ["3845", "C3811", ""])
def test_display_name_unknown_code(code: str) -> None:
    with pytest.raises(ValueError):
        industry_display_name(code, "en")


def test_division_sections(by_code: dict[str, IndustryEntry]) -> None:
    expected = {"01": "A", "05": "A", "06": "B", "12": "B", "13": "C", "43": "C", "44": "D",
                "47": "E", "51": "F", "53": "G", "61": "H", "63": "I", "66": "J", "70": "K",
                "71": "L", "73": "M", "76": "N", "80": "O", "83": "P", "84": "Q", "86": "R",
                "91": "S", "96": "S", "97": "T"}  # fmt: skip
    for division, section in expected.items():
        assert by_code[division].parent == section


def test_entries_are_frozen(table: list[IndustryEntry]) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        table[0].name_zh = "x"  # type: ignore[misc]


def test_table_is_cached_but_list_is_fresh() -> None:
    first, second = load_industry_table(), load_industry_table()
    assert first == second
    assert first is not second
    assert all(a is b for a, b in zip(first, second, strict=True))


@pytest.mark.parametrize(
    ("code", "level"),
    [("C", "section"), ("38", "division"), ("381", "group"), ("3811", "class"), ("0111", "class")],
)
def test_industry_level(code: str, level: str) -> None:
    assert industry_level(code) == level


@pytest.mark.parametrize(
    "code", ["", "c", "U", "Z", "CC", "C38", "3", "38111", " 38", "38 ", "3８", "A0111", "38.1"]
)
def test_industry_level_rejects_malformed(code: str) -> None:
    with pytest.raises(ValueError, match="Not a GB/T 4754-2017 industry code"):
        industry_level(code)


def test_industry_level_rejects_non_string() -> None:
    with pytest.raises(ValueError, match="must be a string"):
        industry_level(3811)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "ancestors"),
    [
        ("3811", ["C", "38", "381"]),
        ("3841", ["C", "38", "384"]),
        ("4411", ["D", "44", "441"]),
        ("0190", ["A", "01", "019"]),
        ("9700", ["T", "97", "970"]),
        ("381", ["C", "38"]),
        ("38", ["C"]),
        ("44", ["D"]),
        ("C", []),
    ],
)
def test_industry_ancestors(code: str, ancestors: list[str]) -> None:
    assert industry_ancestors(code) == ancestors


def test_ancestors_of_every_class_are_section_division_group(
    table: list[IndustryEntry], by_code: dict[str, IndustryEntry]
) -> None:
    for e in table:
        if e.level == "class":
            chain = industry_ancestors(e.code)
            assert [by_code[c].level for c in chain] == ["section", "division", "group"]


@pytest.mark.parametrize("code", ["3845", "388", "98", "0000", "1381"])
def test_industry_ancestors_unknown_code(code: str) -> None:
    with pytest.raises(ValueError, match="Unknown GB/T 4754-2017 industry code"):
        industry_ancestors(code)


def test_industry_ancestors_malformed_code() -> None:
    with pytest.raises(ValueError, match="Not a GB/T 4754-2017 industry code"):
        industry_ancestors("C3811")


@pytest.mark.parametrize("code", ["A", "T", "01", "97", "011", "019", "0190", "3841", "9700"])
def test_valid_codes(code: str) -> None:
    assert is_valid_industry_code(code)


@pytest.mark.parametrize(
    "code", ["", "U", "a", "98", "99", "3845", "388", "0100", "C3841", "3841 ", 3841, None]
)
def test_invalid_codes(code: object) -> None:
    assert not is_valid_industry_code(code)  # type: ignore[arg-type]
