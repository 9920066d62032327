"""The directory of the layer: organisations (Chinese and Japanese enterprises, Japanese
subsidiaries in Dalian, banks and leasing companies, buyers, Liupanshui suppliers,
associations) with their codes, aliases and industries, and people with their positions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hezuo.directory.choices import AliasLanguage, OrganisationKind
from hezuo.directory.models import Organisation, OrganisationAlias, Person, Position
from hezuo.regions.models import Region

from .codes import make_jp_corporate_number, make_phone, make_resident_id, make_uscc
from .frame import MARK_EN, Layer, bulk, draw_day, names
from .vocabulary import (
    AGRI_TRADES,
    BRANDS,
    CN_GIVEN,
    CN_SURNAMES,
    JP_GIVEN,
    JP_SURNAMES,
    TITLES,
    TRADES,
)


@dataclass
class OrgSpec:
    """An organisation drawn for the layer: its names and role, then the record built for it."""

    base: tuple[str, str, str]  # unmarked names, zh / ja / en
    kind: str
    country: str
    region: Region | None
    classes: tuple[str, ...] = ()  # GB/T 4754-2017 class codes
    direction: str = ""
    parent: int | None = None  # index of the parent in the list
    role: str = ""  # cn, jp, jp_sub, financial, buyer, supplier, association
    obj: Organisation | None = None
    people: list[int] = field(default_factory=list)


def organisation_specs(layer: Layer) -> list[OrgSpec]:
    """Draw the organisations of the layer (names unique in Chinese), parents before their
    subsidiaries' indexes point at them."""
    rng = layer.rng
    specs: list[OrgSpec] = []

    def chinese(
        city: tuple[str, str, str],
        trades: Sequence[tuple[Any, ...]],
        suffix: str,
        ja_suffix: str,
        en_suffix: str,
    ) -> tuple[tuple[str, str, str], Any]:
        b, t = rng.choice(BRANDS), rng.choice(trades)
        return (
            f"{city[0]}{b[0]}{t[0]}{suffix}",
            f"{city[1]}{b[1]}{t[1]}{ja_suffix}",
            f"{city[2]} {b[2]} {t[2]}{en_suffix}",
        ), t

    dalian = ("大连", "大連", "Dalian")
    for _ in range(layer.n("cn_enterprises")):
        base, t = layer.unique(
            lambda: chinese(dalian, TRADES, "有限公司", "有限公司", " Co., Ltd.")
        )
        specs.append(
            OrgSpec(
                base,
                OrganisationKind.ENTERPRISE,
                "CN",
                rng.choice(layer.dalian_counties),
                t[3],
                t[4],
                role="cn",
            )
        )

    def japanese_company() -> tuple[tuple[str, str, str], Any]:
        s, t = rng.choice(JP_SURNAMES), rng.choice(TRADES)
        return (f"{s[0]}{t[0]}株式会社", f"{s[1]}{t[1]}株式会社", f"{s[2]} {t[2]} Co., Ltd."), t

    first_jp = len(specs)
    for _ in range(layer.n("jp_companies")):
        base, t = layer.unique(japanese_company)
        region = rng.choice(layer.osaka) if layer.osaka and rng.random() < 0.3 else None
        specs.append(
            OrgSpec(base, OrganisationKind.ENTERPRISE, "JP", region, t[3], t[4], role="jp")
        )
    japanese = specs[first_jp:]
    count = min(layer.n("jp_subsidiaries"), len(japanese))
    for index in rng.sample(range(len(japanese)), count):
        parent = japanese[index]
        zh, ja, en = parent.base
        stem = (
            zh.removesuffix("株式会社"),
            ja.removesuffix("株式会社"),
            en.removesuffix(" Co., Ltd."),
        )
        base, _ = layer.unique(
            lambda stem=stem: (
                (
                    f"{stem[0]}(大连)有限公司",
                    f"{stem[1]}（大連）有限公司",
                    f"{stem[2]} (Dalian) Co., Ltd.",
                ),
                None,
            )
        )
        specs.append(
            OrgSpec(
                base,
                OrganisationKind.ENTERPRISE,
                "CN",
                rng.choice(layer.dalian_counties),
                parent.classes,
                parent.direction,
                parent=first_jp + index,
                role="jp_sub",
            )
        )

    def trust_bank() -> tuple[tuple[str, str, str], Any]:
        s = rng.choice(JP_SURNAMES)
        return (f"{s[0]}信托银行", f"{s[1]}信託銀行", f"{s[2]} Trust Bank"), None

    def leasing() -> tuple[tuple[str, str, str], Any]:
        b = rng.choice(BRANDS)
        return (
            f"大连{b[0]}融资租赁有限公司",
            f"大連{b[1]}ファイナンスリース有限公司",
            f"Dalian {b[2]} Financial Leasing Co., Ltd.",
        ), None

    for i in range(layer.n("financial")):
        japanese_bank = bool(i % 2)
        base, _ = layer.unique(trust_bank if japanese_bank else leasing)
        specs.append(
            OrgSpec(
                base,
                OrganisationKind.FINANCIAL,
                "JP" if japanese_bank else "CN",
                None if japanese_bank else rng.choice(layer.dalian_counties),
                ("6621",) if japanese_bank else ("6631",),
                role="financial",
            )
        )
    trading = (("商贸", "商事", "Trading"),)
    for _ in range(layer.n("buyers")):
        base, _ = layer.unique(
            lambda: chinese(dalian, trading, "有限公司", "有限公司", " Co., Ltd.")
        )
        specs.append(
            OrgSpec(
                base,
                OrganisationKind.ENTERPRISE,
                "CN",
                rng.choice(layer.dalian_counties),
                ("5123", "5212"),
                role="buyer",
            )
        )
    liupanshui = ("六盘水", "六盤水", "Liupanshui")
    for _ in range(layer.n("suppliers")):
        base, t = layer.unique(
            lambda: chinese(liupanshui, AGRI_TRADES, "有限公司", "有限公司", " Co., Ltd.")
        )
        specs.append(
            OrgSpec(
                base,
                OrganisationKind.ENTERPRISE,
                "CN",
                rng.choice(layer.liupanshui_counties),
                t[3],
                role="supplier",
            )
        )

    def association() -> tuple[tuple[str, str, str], Any]:
        t = rng.choice(TRADES)
        return (
            f"大连市{t[0]}行业协会",
            f"大連市{t[1]}業界協会",
            f"Dalian {t[2]} Industry Association",
        ), None

    for _ in range(layer.n("associations")):
        base, _ = layer.unique(association)
        specs.append(
            OrgSpec(base, OrganisationKind.ASSOCIATION, "CN", layer.dalian, role="association")
        )
    return specs


def build_organisations(layer: Layer) -> list[OrgSpec]:
    """Create the organisations with their codes, English aliases and industry classes."""
    specs = organisation_specs(layer)
    rng = layer.rng
    # Parents first: a subsidiary's parent must have its primary key.
    for generation in (False, True):
        objs = []
        todo = [s for s in specs if (s.parent is not None) == generation]
        for spec in todo:
            zh, ja, en = spec.base
            org = Organisation(
                **names(zh, ja, en),
                kind=spec.kind,
                country=spec.country,
                region=spec.region,
                is_synthetic=True,
                parent=specs[spec.parent].obj if spec.parent is not None else None,
                note="示例数据 / サンプルデータ / sample data",
            )
            if spec.country == "CN":
                code = spec.region.code if spec.region and spec.region.country == "CN" else "210200"
                org.uscc = make_uscc(rng, code, spec.kind, layer.used_uscc)
            else:
                org.jp_corporate_number = make_jp_corporate_number(rng, layer.used_jpcn)
            objs.append(org)
        for spec, org in zip(todo, bulk(objs, Organisation), strict=True):
            spec.obj = org
    aliases = []
    through = Organisation.industry_classes.through
    links = []
    for spec in specs:
        if spec.obj is None:
            raise RuntimeError("organisations must be built before their aliases")
        aliases.append(
            OrganisationAlias(
                organisation=spec.obj,
                name=spec.base[2] + MARK_EN,
                language=AliasLanguage.EN,
                is_synthetic=True,
            )
        )
        pool = [layer.classes[c] for c in spec.classes if c in layer.classes]
        for pk in sorted(set(rng.sample(pool, min(len(pool), rng.randint(1, 2))))):
            links.append(through(organisation_id=spec.obj.pk, industryclass_id=pk))
    bulk(aliases, OrganisationAlias)
    through.objects.bulk_create(links)
    layer.counts["organisations"] = len(specs)
    return specs


def build_people(layer: Layer, specs: list[OrgSpec]) -> list[tuple[Person, Position, OrgSpec]]:
    """Create the people, at least one per organisation, each with a position there."""
    rng = layer.rng
    homes = list(range(len(specs)))
    extra = [rng.randrange(len(specs)) for _ in range(max(0, layer.n("people") - len(specs)))]
    assignments = (homes + extra)[: layer.n("people")]
    persons, plans = [], []
    for number, index in enumerate(assignments, start=1):
        spec = specs[index]
        if spec.country == "JP" or (spec.role == "jp_sub" and rng.random() < 0.6):
            s, g = rng.choice(JP_SURNAMES), rng.choice(JP_GIVEN)
            zh, ja, en, family = s[0] + g[0], s[1] + g[1], f"{s[2]} {g[2]}", s[0]
        else:
            s, g1 = rng.choice(CN_SURNAMES), rng.choice(CN_GIVEN)
            g2 = rng.choice(CN_GIVEN) if rng.random() < 0.7 else ("", "")
            zh = s[0] + g1[0] + g2[0]
            ja, en, family = zh, f"{s[1]} {(g1[1] + g2[1]).capitalize()}", s[0]
        chinese = spec.country == "CN"
        persons.append(
            Person(
                **names(zh, ja, en),
                family_name=family,
                phone=make_phone(rng, chinese),
                id_number=make_resident_id(rng, spec.region) if chinese else "",
                is_synthetic=True,
                note=f"示例人物 #{number}",
            )
        )
        plans.append(spec)
    persons = bulk(persons, Person)
    positions = []
    for person, spec in zip(persons, plans, strict=True):
        titles = TITLES.get(spec.kind, TITLES[OrganisationKind.ENTERPRISE])
        zh, ja, en = rng.choice(titles)
        start = draw_day(rng, date(2012, 1, 1), date(2022, 12, 31))
        positions.append(
            Position(
                person=person,
                organisation=spec.obj,
                **names(zh, ja, en, prefix="title"),
                start_date=start,
                is_synthetic=True,
            )
        )
    positions = bulk(positions, Position)
    layer.counts["people"] = len(persons)
    layer.counts["positions"] = len(positions)
    return list(zip(persons, positions, plans, strict=True))
