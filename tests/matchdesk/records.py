"""The matchmaking desk's records in the generated access tests (tests/access).

``ACCESS_RECORDS`` says, in the domain's terms, what each test opportunity belongs to (its
program, its owner, where it is), without asking the access code; tests/access/cast.py adds them
to its table and tests/access/conftest.py builds them with :func:`build_access_records`.
Opportunities (group ``matching``), and the introductions between two parties (group
``introductions``): interests, a meeting and a suggestion shown. Interests and meetings are written
through the desk's services; suggestions are read only (``READ_ONLY``: the matrix test expects 405
to every write).
"""

from __future__ import annotations

from typing import Any

from tests.world import (
    DALIAN_ZONE,
    DASHANG_FRUIT,
    HUASHENG,
    IWATANI,
    KIWI,
    MIZUHO,
    NIDEC,
    NIDEC_DALIAN,
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
    "opportunity:nidec-dalian-loan": (
        "matching.opportunity",
        (DALIAN_ZONE,),
        (NIDEC_DALIAN,),
        ("210213",),
    ),
    # introductions: the program of the interest's side (else the other's), both owners
    "interest:mizuho-nidec": ("matching.interest", (DALIAN_ZONE,), (MIZUHO, NIDEC_DALIAN), ()),
    "interest:fruit-kiwi": ("matching.interest", (PAIRING,), (DASHANG_FRUIT, KIWI), ()),
    "interest:kiwi-fruit": ("matching.interest", (PAIRING,), (KIWI, DASHANG_FRUIT), ()),
    "interest:huasheng-kiwi": ("matching.interest", (PAIRING,), (HUASHENG, KIWI), ()),
    "meeting:kiwi": ("matching.meeting", (PAIRING,), (KIWI, DASHANG_FRUIT), ()),
    # a suggestion belongs to the party whose opportunity's page showed it
    "suggestion:kiwi": ("matching.suggestion", (PAIRING,), (KIWI,), ()),
}

ACCESS_GROUPS = {
    "matching.opportunity": "matching",
    "matching.interest": "introductions",
    "matching.meeting": "introductions",
    "matching.suggestion": "introductions",
}

#: Endpoints that refuse every write with 405.
READ_ONLY = {"matching.suggestion"}

# key → kind, language, title, region, country
_SPECS = {
    "opportunity:nidec": ("technology_offer", "ja", "精密モーター技術", "210213", ""),
    "opportunity:iwatani": ("technology_offer", "ja", "水素ステーション技術", "", "JP"),
    "opportunity:mizuho": ("financing_offer", "en", "Cross-border loans", "", "JP"),
    "opportunity:orix-tianjin": ("financing_offer", "zh-hans", "融资租赁", "", "CN"),
    "opportunity:kiwi": ("product_supply", "zh-hans", "猕猴桃供应", "520203", ""),
    "opportunity:dashang-fruit": ("purchase_demand", "zh-hans", "猕猴桃采购", "210200", ""),
    "opportunity:huasheng-unplaced": ("purchase_demand", "zh-hans", "农特产品采购", "", ""),
    "opportunity:nidec-dalian-loan": ("financing_request", "zh-hans", "扩建贷款", "210213", ""),
}

# key → (opportunity, counterpart) of an interest
_INTERESTS = {
    "interest:mizuho-nidec": ("opportunity:mizuho", "opportunity:nidec-dalian-loan"),
    "interest:fruit-kiwi": ("opportunity:dashang-fruit", "opportunity:kiwi"),
    "interest:kiwi-fruit": ("opportunity:kiwi", "opportunity:dashang-fruit"),
    "interest:huasheng-kiwi": ("opportunity:huasheng-unplaced", "opportunity:kiwi"),
}


def build_access_records() -> dict[str, Any]:
    from datetime import date, datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from hezuo.directory.models import Organisation
    from hezuo.matchdesk.models import Interest, Meeting, Opportunity, Suggestion
    from hezuo.regions.models import Program, Region

    built: dict[str, Any] = {}
    for key, (label, programs, organisations, _regions) in ACCESS_RECORDS.items():
        if label != "matching.opportunity":
            continue
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

    def introduce(record: Any, *sides: Opportunity) -> Any:
        record.program = sides[0].program or sides[1].program
        record.full_clean()
        record.save()
        record.parties.set([o.owner_id for o in sides])
        return record

    due = date(2031, 1, 10)
    for key, (own, other) in _INTERESTS.items():
        a, b = built[own], built[other]
        built[key] = introduce(Interest(opportunity=a, counterpart=b, respond_by=due), a, b)
    kiwi, fruit = built["opportunity:kiwi"], built["opportunity:dashang-fruit"]
    built["meeting:kiwi"] = introduce(
        Meeting(
            offer=kiwi,
            request=fruit,
            starts_at=timezone.make_aware(datetime(2031, 1, 5, 10)),
            place="大连",
        ),
        kiwi,
        fruit,
    )
    viewer, _ = get_user_model().objects.get_or_create(username="access-suggestion-viewer")
    suggestion = Suggestion(opportunity=kiwi, suggested=fruit, shown_to=viewer, rank=1, score=0.5)
    built["suggestion:kiwi"] = introduce(suggestion, kiwi, fruit)
    built["suggestion:kiwi"].parties.set([kiwi.owner_id])  # only the page's side
    return built
