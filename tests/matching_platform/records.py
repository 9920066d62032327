"""The matchmaking desk's records in the generated access tests (tests/access).

``ACCESS_RECORDS`` says, in the domain's terms, what each test opportunity belongs to (its
program, its owner, where it is), without asking the access code; tests/access/cast.py adds them
to its table and tests/access/conftest.py builds them with :func:`build_access_records`.
Opportunities are the desk's only API endpoint (interest goes through its actions).
"""

from __future__ import annotations

from typing import Any

from hezuo.demo.world import (
    DALIAN_ZONE,
    DASHANG_FRUIT,
    HUASHENG,
    IWATANI,
    KIWI,
    MIZUHO,
    NIDEC,
    ORIX_CHINA,
    PAIRING,
)

TIANJIN_ZONE = "cn-jp-tianjin"

#: key → (model label, programs, organisations, regions)
ACCESS_RECORDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "opportunity:nidec": ("matching.opportunity", (DALIAN_ZONE,), (NIDEC,), ("210213",)),
    "opportunity:iwatani": ("matching.opportunity", (DALIAN_ZONE,), (IWATANI,), ()),
    "opportunity:mizuho": ("matching.opportunity", (DALIAN_ZONE,), (MIZUHO,), ()),
    "opportunity:orix-tianjin": ("matching.opportunity", (TIANJIN_ZONE,), (ORIX_CHINA,), ()),
    "opportunity:kiwi": ("matching.opportunity", (PAIRING,), (KIWI,), ("520203",)),
    "opportunity:dashang-fruit": (
        "matching.opportunity",
        (PAIRING,),
        (DASHANG_FRUIT,),
        ("210200",),
    ),
    "opportunity:huasheng-unplaced": ("matching.opportunity", (), (HUASHENG,), ()),
}

ACCESS_GROUPS = {"matching.opportunity": "matching"}

# key → kind, language, title, region, country
_SPECS = {
    "opportunity:nidec": ("technology_offer", "ja", "精密モーター技術", "210213", ""),
    "opportunity:iwatani": ("technology_offer", "ja", "水素ステーション技術", "", "JP"),
    "opportunity:mizuho": ("financing_offer", "en", "Cross-border loans", "", "JP"),
    "opportunity:orix-tianjin": ("financing_offer", "zh-hans", "融资租赁", "", "CN"),
    "opportunity:kiwi": ("product_supply", "zh-hans", "猕猴桃供应", "520203", ""),
    "opportunity:dashang-fruit": ("purchase_demand", "zh-hans", "猕猴桃采购", "210200", ""),
    "opportunity:huasheng-unplaced": ("purchase_demand", "zh-hans", "农特产品采购", "", ""),
}


def build_access_records() -> dict[str, Any]:
    from hezuo.directory.models import Organisation
    from hezuo.matching.models import Opportunity
    from hezuo.regions.models import Program, Region

    built: dict[str, Any] = {}
    for key, (label, programs, organisations, _regions) in ACCESS_RECORDS.items():
        assert label == "matching.opportunity"
        kind, language, title, region, country = _SPECS[key]
        opp = Opportunity(
            kind=kind,
            language=language,
            title=title,
            owner=Organisation.objects.get(name_zh_hans=organisations[0], is_synthetic=False),
            program=Program.objects.get(code=programs[0]) if programs else None,
            region=Region.objects.get(code=region) if region else None,
            country=country,
        )
        opp.full_clean()
        opp.save()
        built[key] = opp
    return built
