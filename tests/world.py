"""A small named world for the access tests: the programs, parties and records the cast acts on.

The names and codes are those of the source document (WORLD.md), written here as plain values so
that the tests depend on what the records are, not on the demo builder: the
Dalian zone and its Tianjin sibling in the national batch of zones, the Dalian–Liupanshui pairing
under the Liaoning–Guizhou one, the companies of the signing ceremony (Nidec and its subsidiaries,
Iwatani, Mizuho, ORIX) and the buyers and suppliers of the symposium's procurement agreements.

:func:`build_world` finds each record when the database already holds it (the cached test
database is still built with the demo world, which has all of them) and makes it with the
factories of tests/factories.py when it does not (a database of reference tables only): in both
the access tests meet the same records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from tests import factories as f

ZONE_BATCH = "cn-jp-zones"
DALIAN_ZONE = "cn-jp-dalian"
TIANJIN_ZONE = "cn-jp-tianjin"
PROVINCIAL_PAIRING = "liaoning-guizhou"
PAIRING = "dalian-liupanshui"

NDRC = "国家发展改革委"
NIDEC = "日本电产"
NIDEC_DALIAN = "日本电产(大连)有限公司"
NIDEC_GUANGZHOU = "尼得科智动(广州)车载电子有限公司"
NIDEC_GUANGZHOU_DALIAN = "尼得科智动(广州)车载电子有限公司大连分公司"
HONDA = "本田技研工业"
HONDA_CHINA = "本田中国"
ORIX = "欧力士"
ORIX_CHINA = "欧力士(中国)投资有限公司"
MIZUHO = "瑞穗银行"
IWATANI = "岩谷产业"
JINPU = "金普新区"
DASHANG = "大商集团"
DASHANG_FRUIT = "大商集团大连大菜市果品有限公司"
KIWI = "凉都猕猴桃股份有限公司"
HUASHENG = "华盛珍品商贸(大连)有限公司"
YUNSHANG = "贵州云上深山农产品有限公司"
QIANHUO = "大连黔货入连商贸有限公司"
YANJIAO = "六枝特区岩脚大畅面业有限公司"

CEREMONY = "中日(大连)地方发展合作示范区揭牌仪式"
SYMPOSIUM = "大连·六盘水东西部扶贫协作工作座谈会"
#: The day of the ceremony and the symposium (and of their agreements).
DAY = dt.date(2020, 8, 24)

#: name → (kind, country, region, parent): the organisations the cast works for or meets.
ORGANISATIONS: dict[str, tuple[str, str, str | None, str | None]] = {
    NDRC: ("government", "CN", None, None),
    "国家发展改革委地区经济司": ("government", "CN", None, NDRC),
    JINPU: ("government", "CN", "210213", None),
    NIDEC: ("enterprise", "JP", None, None),
    NIDEC_DALIAN: ("enterprise", "CN", "210200", NIDEC),
    NIDEC_GUANGZHOU: ("enterprise", "CN", "440100", NIDEC),
    NIDEC_GUANGZHOU_DALIAN: ("enterprise", "CN", "210200", NIDEC_GUANGZHOU),
    HONDA: ("enterprise", "JP", None, None),
    HONDA_CHINA: ("enterprise", "CN", None, HONDA),
    ORIX: ("financial", "JP", None, None),
    ORIX_CHINA: ("financial", "CN", None, ORIX),
    MIZUHO: ("financial", "JP", None, None),
    IWATANI: ("enterprise", "JP", None, None),
    DASHANG: ("enterprise", "CN", "210200", None),
    DASHANG_FRUIT: ("enterprise", "CN", "210200", DASHANG),
    HUASHENG: ("enterprise", "CN", "210200", None),
    QIANHUO: ("enterprise", "CN", "210200", None),
    KIWI: ("enterprise", "CN", "520200", None),
    YUNSHANG: ("enterprise", "CN", "520200", None),
    YANJIAO: ("enterprise", "CN", "520203", None),
}
#: (organisation, alias) pairs the tests look up.
ALIASES = ((NIDEC, "尼得科"), (IWATANI, "岩谷"))

#: The signing ceremony's items the cast meets: sequence → (title, kind, parties, project?).
SIGNED: dict[int, tuple[str, str, tuple[tuple[str, str], ...], bool]] = {
    1: ("日本电产工业园千人研发中心项目", "investment_project", ((NIDEC, "investor"),), True),
    3: (
        "尼得科智动(广州)车载电子有限公司大连分公司(经营性公司)项目",
        "investment_project",
        ((NIDEC_GUANGZHOU, "investor"),),
        True,
    ),
    6: (
        "金普新区与欧力士(中国)投资有限公司深化战略合作框架协议",
        "framework",
        ((JINPU, "host"), (ORIX_CHINA, "partner")),
        False,
    ),
    7: (
        "金普新区与日本瑞穗银行关于中日(大连)地方发展合作示范区相关业务合作项目",
        "business_cooperation",
        ((JINPU, "host"), (MIZUHO, "partner")),
        False,
    ),
    8: ("日本岩谷大连西中岛氢能利用项目", "investment_project", ((IWATANI, "investor"),), True),
}
#: The projects' operators besides their investors (item 3 is run by the Dalian branch).
OPERATORS = {3: NIDEC_GUANGZHOU_DALIAN}
#: The symposium's procurement agreements: sequence → (buyer, supplier, goods).
PROCUREMENTS = {
    1: (DASHANG_FRUIT, KIWI, "猕猴桃系列产品"),
    2: (HUASHENG, YUNSHANG, "农特产品"),
    3: (QIANHUO, YANJIAO, "岩脚面"),
}


def project_code(sequence: int) -> str:
    """The code of the project of the ceremony's item ``sequence``."""
    return f"DLZ-20200824-{sequence:02d}"


def find_or_make(factory: type[f.HezuoFactory], lookup: dict[str, Any], **values: Any) -> Any:
    """Return the record matching ``lookup``; make it with ``factory`` if there is none."""
    model: type[models.Model] = factory._meta.get_model_class()
    found = model._default_manager.filter(**lookup).first()
    return found if found is not None else factory(**lookup, **values)


def organisation(name: str) -> Any:
    """Return the (not synthetic) organisation called ``name``."""
    return f.OrganisationFactory._meta.get_model_class().objects.get(
        name_zh_hans=name, is_synthetic=False
    )


def build_programs() -> dict[str, Any]:
    ndrc = organisation(NDRC)
    batch = find_or_make(
        f.ProgramFactory,
        {"code": ZONE_BATCH},
        region=None,
        approved_by=ndrc,
        name_zh_hans="中日地方发展合作示范区",
    )
    programs = {ZONE_BATCH: batch}
    for code, city, region in ((DALIAN_ZONE, "大连", "210200"), (TIANJIN_ZONE, "天津", "120000")):
        zone = find_or_make(
            f.ProgramFactory,
            {"code": code},
            parent=batch,
            region=f.region(region),
            approved_by=ndrc,
            name_zh_hans=f"中日({city})地方发展合作示范区",
        )
        find_or_make(f.ProgramPartyFactory, {"program": zone, "role": "host"}, region=zone.region)
        programs[code] = zone
    provincial = find_or_make(
        f.PairingFactory, {"code": PROVINCIAL_PAIRING}, name_zh_hans="辽宁·贵州东西部扶贫协作"
    )
    programs[PROVINCIAL_PAIRING] = provincial
    programs[PAIRING] = find_or_make(
        f.PairingFactory,
        {"code": PAIRING},
        parent=provincial,
        since_year=1996,
        name_zh_hans="大连·六盘水东西部协作",
    )
    for party, region in (("donor", "210200"), ("assisted", "520200")):
        find_or_make(
            f.ProgramPartyFactory,
            {"program": programs[PAIRING], "role": party, "region__code": region},
            region=f.region(region),
        )
    zone = programs[DALIAN_ZONE]
    find_or_make(f.SubAreaFactory, {"program": zone, "code": "xizhongdao"}, name_zh_hans="西中岛")
    find_or_make(
        f.ProgramTopicFactory,
        {"program": zone, "kind": "platform", "position": 1},
        name_zh_hans="技术创新",
    )
    find_or_make(
        f.ProgramTopicFactory,
        {"program": programs[PAIRING], "kind": "assistance_line", "position": 1},
        name_zh_hans="产业合作",
    )
    find_or_make(f.IndustryDirectionFactory, {"code": "new-materials"}, name_zh_hans="新材料")
    return programs


def build_organisations() -> None:
    for name, (kind, country, region, parent) in ORGANISATIONS.items():
        find_or_make(
            f.OrganisationFactory,
            {"name_zh_hans": name, "is_synthetic": False},
            kind=kind,
            country=country,
            region=f.region(region) if region else None,
            parent=organisation(parent) if parent else None,
        )
    for name, alias in ALIASES:
        find_or_make(
            f.OrganisationAliasFactory, {"organisation": organisation(name), "name": alias}
        )


def build_events(programs: dict[str, Any]) -> dict[str, Any]:
    source = find_or_make(
        f.SourceDocumentFactory,
        {"publication": "大连晚报"},
        title_zh_hans="大连晚报 2020年8月25日 A11版 时政大连",
        published_on=dt.date(2020, 8, 25),
    )
    events = {}
    for title, kind, program, region in (
        (CEREMONY, "ceremony", DALIAN_ZONE, "210213"),
        (SYMPOSIUM, "meeting", PAIRING, "210200"),
    ):
        events[title] = find_or_make(
            f.EventFactory,
            {"title_zh_hans": title, "is_synthetic": False},
            kind=kind,
            date=DAY,
            program=programs[program],
            region=f.region(region),
            source=source,
        )
    return events


def build_agreements(programs: dict[str, Any], events: dict[str, Any]) -> None:
    """The ceremony's signed items (and their projects) and the symposium's procurements."""
    zone = programs[DALIAN_ZONE]
    for sequence, (title, kind, parties, is_project) in SIGNED.items():
        sub_area = zone.sub_areas.get(code="xizhongdao") if sequence == 8 else None
        agreement = find_or_make(
            f.AgreementFactory,
            {"event": events[CEREMONY], "sequence": sequence},
            title_zh_hans=title,
            kind=kind,
            program=zone,
            signed_on=DAY,
            sub_area=sub_area,
        )
        for name, role in parties:
            find_or_make(
                f.AgreementPartyFactory,
                {"agreement": agreement, "organisation": organisation(name), "role": role},
            )
        if is_project:
            build_project(sequence, agreement, sub_area)
    for sequence, (buyer, supplier, goods) in PROCUREMENTS.items():
        agreement = find_or_make(
            f.ProcurementAgreementFactory,
            {"event": events[SYMPOSIUM], "sequence": sequence},
            title_zh_hans=f"{goods}采购协议",
            program=programs[PAIRING],
            signed_on=DAY,
        )
        for name, role in ((buyer, "buyer"), (supplier, "supplier")):
            find_or_make(
                f.AgreementPartyFactory,
                {"agreement": agreement, "organisation": organisation(name), "role": role},
            )


def build_project(sequence: int, agreement: Any, sub_area: Any) -> None:
    title, _kind, parties, _is_project = SIGNED[sequence]
    project = find_or_make(
        f.ProjectFactory,
        {"code": project_code(sequence)},
        title_zh_hans=title,
        program=agreement.program,
        sub_area=sub_area,
        region=f.region("210200"),
        stage="signed",
        stage_since=DAY,
    )
    project.agreements.add(agreement)
    roles = [(name, "investor") for name, role in parties if role == "investor"]
    if sequence in OPERATORS:
        roles.append((OPERATORS[sequence], "operator"))
    for name, role in roles:
        find_or_make(
            f.ProjectPartyFactory,
            {"project": project, "organisation": organisation(name), "role": role},
        )


def build_world() -> dict[str, Any]:
    """Find or make every record of the small world; return the programs by code."""
    build_organisations()
    programs = build_programs()
    events = build_events(programs)
    build_agreements(programs, events)
    return programs
