"""GB/T 4754-2017 (国民经济行业分类) industry codes: a tiny pure-Python reader.

The code table lives in ``data/gbt4754_2017.csv`` (header
``code,level,parent,name_zh,name_en,name_ja``),
one row per entry of the standard: sections (门类, ``A``..``T``), divisions (大类, 2 digits),
groups (中类, 3 digits) and classes (小类, 4 digits). See ``data/SOURCES.md`` for provenance.

No Django import here: this module is usable and testable on its own.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final, Literal

IndustryLevel = Literal["section", "division", "group", "class"]
#: The languages besides Chinese in which the table may record a name.
IndustryNameLanguage = Literal["ja", "en"]

_CSV_NAME: Final = "gbt4754_2017.csv"

_SECTION_RE: Final = re.compile(r"[A-T]")
_DIVISION_RE: Final = re.compile(r"[0-9]{2}")
_GROUP_RE: Final = re.compile(r"[0-9]{3}")
_CLASS_RE: Final = re.compile(r"[0-9]{4}")


@dataclass(frozen=True, slots=True)
class IndustryEntry:
    """One entry of the GB/T 4754-2017 code table."""

    code: str
    level: IndustryLevel
    parent: str  # "" for sections
    name_zh: str
    name_en: str  # "" where no sourced English name is recorded (see data/SOURCES.md)
    name_ja: str  # "" where no sourced Japanese name is recorded (see data/SOURCES.md)

    def name_in(self, lang: IndustryNameLanguage) -> str:
        """The recorded name in ``lang`` ("ja" or "en"), or "" when none is sourced."""
        return self.name_ja if lang == "ja" else self.name_en


def _read_csv_text() -> str:
    return resources.files("hezuo.core").joinpath("data", _CSV_NAME).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _load_table() -> tuple[IndustryEntry, ...]:
    entries: list[IndustryEntry] = []
    reader = csv.DictReader(io.StringIO(_read_csv_text()))
    for row in reader:
        code = row["code"]
        level = industry_level(code)
        if row["level"] != level:
            raise ValueError(
                f"GB/T 4754-2017 table row {code!r} has level {row['level']!r}, expected {level!r}"
            )
        entries.append(
            IndustryEntry(
                code=code,
                level=level,
                parent=row["parent"],
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                name_ja=row["name_ja"],
            )
        )
    return tuple(entries)


def load_industry_table() -> list[IndustryEntry]:
    """Return every entry of the GB/T 4754-2017 table, in the standard's order.

    The file is read and parsed once (cached); each call returns a fresh list of the same
    immutable entries, so callers may sort or filter it freely.
    """
    return list(_load_table())


@lru_cache(maxsize=1)
def _by_code() -> dict[str, IndustryEntry]:
    return {entry.code: entry for entry in _load_table()}


def industry_level(code: str) -> IndustryLevel:
    """Return the level implied by the shape of ``code``.

    ``'C'`` -> ``'section'``, ``'38'`` -> ``'division'``, ``'384'`` -> ``'group'``,
    ``'3841'`` -> ``'class'``. This looks at the shape only; use :func:`is_valid_industry_code`
    to check that the code actually exists in the standard.

    Raises ValueError for anything else.
    """
    if not isinstance(code, str):
        raise ValueError(f"Industry code must be a string, got {type(code).__name__}")
    if _SECTION_RE.fullmatch(code):
        return "section"
    if _DIVISION_RE.fullmatch(code):
        return "division"
    if _GROUP_RE.fullmatch(code):
        return "group"
    if _CLASS_RE.fullmatch(code):
        return "class"
    raise ValueError(
        f"Not a GB/T 4754-2017 industry code: {code!r} (expected a section letter A-T, "
        "or a 2-, 3- or 4-digit division, group or class code)"
    )


def is_valid_industry_code(code: str) -> bool:
    """True if ``code`` is an entry of the GB/T 4754-2017 table (exact, case-sensitive)."""
    return isinstance(code, str) and code in _by_code()


def industry_ancestors(code: str) -> list[str]:
    """Return the codes above ``code``, from the section down to the direct parent.

    ``'3811'`` -> ``['C', '38', '381']``; ``'38'`` -> ``['C']``; ``'C'`` -> ``[]``.
    The division-to-section link comes from the table (it cannot be derived from the digits).

    Raises ValueError if ``code`` is malformed or not in the table.
    """
    industry_level(code)  # raises a clear error for malformed codes
    table = _by_code()
    entry = table.get(code)
    if entry is None:
        raise ValueError(f"Unknown GB/T 4754-2017 industry code: {code!r}")
    chain: list[str] = []
    while entry.parent:
        chain.append(entry.parent)
        entry = table[entry.parent]
    chain.reverse()
    return chain


def industry_display_name(code: str, lang: str, name_zh: str | None = None) -> str:
    """The name of ``code`` to show a user of ``lang`` ("zh-hans", "ja" or "en").

    Names are only what a source gives (data/SOURCES.md); most groups and classes have no
    sourced Japanese or English name. Rather than a bare Chinese list, a ja/en user then sees
    the Chinese name followed by the nearest sourced name on the way up the hierarchy:

    * the entry's own name in the user's language, if recorded: ``"Manufacturing"``;
    * else the Chinese name, `` — `` and the nearest name in the user's language among the
      entry and its ancestors, with the ancestor's code:
      ``"发电机及发电机组制造 — 38 Manufacture of Electrical Machinery and Apparatus"``;
    * a Japanese user with no Japanese name on the way up gets the English one (the same
      walk, in English), as a second language;
    * else the Chinese name alone.

    ``name_zh`` overrides the table's Chinese name (the database copy of a record).
    Raises ValueError for a code that is not in the table.
    """
    ancestors = industry_ancestors(code)  # raises for malformed or unknown codes
    table = _by_code()
    entry = table[code]
    chinese = name_zh or entry.name_zh
    if lang.lower().startswith("ja"):
        languages: tuple[IndustryNameLanguage, ...] = ("ja", "en")
    elif lang.lower().startswith("en"):
        languages = ("en",)
    else:
        return chinese
    own = entry.name_in(languages[0])
    if own:
        return own
    chain = [code, *reversed(ancestors)]  # the entry, then its parent, ... up to the section
    for language in languages:
        for step in chain:
            name = table[step].name_in(language)
            if name:
                return f"{chinese} — {name}" if step == code else f"{chinese} — {step} {name}"
    return chinese
