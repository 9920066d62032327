"""What every builder of the synthetic layer shares: the marks, the fixed dates, the counts per
unit of scale, and the :class:`Layer` (the seeded random source, the real frame the layer hangs
on, the names and codes already taken, and the counts of what was built)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import models
from simple_history.utils import bulk_create_with_history

from hezuo.directory.models import IndustryClass, Organisation
from hezuo.regions.models import IndustryDirection, Program, Region, SubArea

from ..world import DALIAN_ZONE, PAIRING

MARK_ZH, MARK_JA, MARK_EN = "（示例）", "（サンプル）", " (sample)"
MARKS = (MARK_ZH, MARK_JA, MARK_EN)
CHANGE_REASON = "demo: synthetic layer"

#: Events on or after this day are planned; the demo does not look at the clock.
PLANNED_FROM = date(2026, 1, 1)
FIRST_DAY = date(2018, 1, 1)
LAST_DAY = date(2026, 10, 31)  # the demo's "today" is later; nothing is dated in the future

# Per unit of scale.
COUNTS = {
    "cn_enterprises": 70,
    "jp_companies": 45,
    "jp_subsidiaries": 30,
    "financial": 10,
    "buyers": 15,
    "suppliers": 25,
    "associations": 5,
    "people": 300,
    "events": 60,
    "agreements": 150,
    "zone_projects": 340,
    "pairing_projects": 60,
}


def mark(zh: str, ja: str, en: str) -> dict[str, str]:
    """The three names with their visible "sample" marks, by language."""
    return {"zh_hans": zh + MARK_ZH, "ja": ja + MARK_JA, "en": en + MARK_EN}


def names(zh: str, ja: str, en: str, prefix: str = "name") -> dict[str, str]:
    """The marked names as the fields of a NamedModel or a titled model (``prefix_lang``)."""
    return {f"{prefix}_{lang}": value for lang, value in mark(zh, ja, en).items()}


def draw_day(rng: random.Random, start: date = FIRST_DAY, end: date = LAST_DAY) -> date:
    """A day drawn between ``start`` and ``end`` (both included)."""
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def bulk(objs: Sequence[models.Model], model: type[models.Model]) -> list[Any]:
    """Create ``objs`` with their history rows; return them with their primary keys."""
    if not objs:
        return []
    created = bulk_create_with_history(
        list(objs), model, batch_size=500, default_change_reason=CHANGE_REASON
    )
    if not all(o.pk for o in created):
        raise RuntimeError("the database returned no primary keys")
    return created


@dataclass
class Layer:
    """The state the area builders share while one layer is built.

    One ``random.Random(seed)`` drives every choice, so the builders must draw from it in the
    same order every time: :class:`hezuo.demo.synthetic.SyntheticBuilder` calls them in a fixed
    order, and every query that feeds a choice is ordered.
    """

    scale: int
    rng: random.Random
    zone: Program
    pairing: Program
    sub_areas: list[SubArea]
    dalian: Region
    liupanshui: Region
    dalian_counties: list[Region]
    liupanshui_counties: list[Region]
    osaka: list[Region]  # the Japanese regions (not the country)
    directions: dict[str, IndustryDirection]
    classes: dict[str, int]  # GB/T 4754 class code → pk
    used_uscc: set[str]
    used_jpcn: set[str]
    used_names: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, scale: int, seed: int) -> Layer:
        """The layer's frame read from the facts (programs, regions, industries, codes taken)."""
        zone = Program.objects.get(code=DALIAN_ZONE)
        dalian = Region.objects.get(code="210200")
        liupanshui = Region.objects.get(code="520200")
        classes = IndustryClass.objects.filter(level="class").order_by("code")
        return cls(
            scale=scale,
            # Seeded on purpose: the demo must be the same on every machine (not for secrets).
            rng=random.Random(seed),  # nosec B311
            zone=zone,
            pairing=Program.objects.get(code=PAIRING),
            sub_areas=list(SubArea.objects.filter(program=zone).order_by("code")),
            dalian=dalian,
            liupanshui=liupanshui,
            dalian_counties=_counties(dalian),
            liupanshui_counties=_counties(liupanshui),
            osaka=list(
                Region.objects.filter(country="JP").exclude(level="country").order_by("code")
            ),
            directions={d.code: d for d in IndustryDirection.objects.order_by("code")},
            classes=dict(classes.values_list("code", "pk")),
            used_uscc=set(Organisation.objects.exclude(uscc="").values_list("uscc", flat=True)),
            used_jpcn=set(
                Organisation.objects.exclude(jp_corporate_number="").values_list(
                    "jp_corporate_number", flat=True
                )
            ),
        )

    def n(self, key: str) -> int:
        """How many of ``key`` (a key of COUNTS) this layer builds."""
        return COUNTS[key] * self.scale

    def unique(self, draw: Callable[[], tuple[tuple[str, str, str], Any]]) -> tuple[Any, ...]:
        """Return ``draw()``'s names and data, drawn again while the Chinese name is taken.

        After many tries (a large scale exhausts the combinations) the names get a number.
        """
        for _attempt in range(30):
            names_, data = draw()
            if names_[0] not in self.used_names:
                break
        number, base = 1, names_
        while names_[0] in self.used_names:
            number += 1
            names_ = (f"{base[0]}{number}", f"{base[1]}{number}", f"{base[2]} {number}")
        self.used_names.add(names_[0])
        return names_, data


def _counties(city: Region) -> list[Region]:
    """The counties of a city, in code order (the city itself when none is loaded)."""
    return list(Region.objects.filter(parent=city, level="county").order_by("code")) or [city]
