"""A synthetic layer over the facts: enough organisations, people, events, agreements and
projects to exercise lists, dashboards and matching.

Every row is flagged ``is_synthetic`` and every name or title carries a visible mark
(``（示例）`` / ``（サンプル）`` / `` (sample)``) so nobody mistakes it for a fact. The layer links
only to synthetic organisations and people, never to the real ones of the source document; it
uses the real programs, sub-areas, regions and industry classes as the frame.

The output depends only on ``scale`` and ``seed``: one ``random.Random(seed)`` drives every
choice, dates come from fixed ranges, and every query that feeds a choice is ordered.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history
from stdnum.cn import ric
from stdnum.cn import uscc as uscc_code
from stdnum.jp import cn as jp_corporate_number

from hezuo.core import lifecycle
from hezuo.directory.choices import AliasLanguage, OrganisationKind
from hezuo.directory.models import (
    IndustryClass,
    Organisation,
    OrganisationAlias,
    Person,
    Position,
)
from hezuo.events.choices import (
    AgreementKind,
    AgreementPartyRole,
    EventKind,
    EventStatus,
    ParticipationPart,
)
from hezuo.events.models import Agreement, AgreementParty, Event, Participation
from hezuo.projects.choices import STAGE_ORDER, ProjectPartyRole, Stage
from hezuo.projects.models import Project, ProjectParty
from hezuo.regions.models import IndustryDirection, Program, Region, SubArea

from .world import DALIAN_ZONE, PAIRING

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

HEM, NM = "high-end-equipment-manufacturing", "new-materials"  # industry direction codes

# zh, ja, en
BRANDS = (
    ("恒信", "恒信", "Hengxin"),
    ("天成", "天成", "Tiancheng"),
    ("金海", "金海", "Jinhai"),
    ("海川", "海川", "Haichuan"),
    ("北方", "北方", "Beifang"),
    ("瑞丰", "瑞豊", "Ruifeng"),
    ("宏达", "宏達", "Hongda"),
    ("新港", "新港", "Xingang"),
    ("远洋", "遠洋", "Yuanyang"),
    ("东方", "東方", "Dongfang"),
    ("正和", "正和", "Zhenghe"),
    ("盛世", "盛世", "Shengshi"),
    ("安泰", "安泰", "Antai"),
    ("明光", "明光", "Mingguang"),
    ("星海", "星海", "Xinghai"),
    ("蓝天", "藍天", "Lantian"),
    ("华宇", "華宇", "Huayu"),
    ("万通", "万通", "Wantong"),
    ("中和", "中和", "Zhonghe"),
    ("永泰", "永泰", "Yongtai"),
    ("嘉诚", "嘉誠", "Jiacheng"),
    ("鼎盛", "鼎盛", "Dingsheng"),
    ("广源", "広源", "Guangyuan"),
    ("润达", "潤達", "Runda"),
    ("德胜", "徳勝", "Desheng"),
    ("辽海", "遼海", "Liaohai"),
    ("凯盛", "凱盛", "Kaisheng"),
    ("恒通", "恒通", "Hengtong"),
    ("信达", "信達", "Xinda"),
    ("金石", "金石", "Jinshi"),
)
# zh, ja, en, GB/T 4754-2017 classes (all in section C, manufacturing), industry direction
TRADES = (
    ("精密机械", "精密機械", "Precision Machinery", ("3421", "3425", "3484"), HEM),
    ("数控装备", "数値制御装備", "CNC Equipment", ("3421", "3422", "3425"), HEM),
    ("汽车零部件", "自動車部品", "Auto Parts", ("3670", "3962"), HEM),
    ("船舶配套", "船舶部品", "Marine Components", ("3734", "3737"), HEM),
    ("轴承", "ベアリング", "Bearings", ("3451", "3452"), HEM),
    ("机器人", "ロボット", "Robotics", ("3491", "3492"), HEM),
    ("仪器仪表", "計測機器", "Instruments", ("4011", "4014", "4028"), HEM),
    ("医疗器械", "医療機器", "Medical Devices", ("3581", "3584"), HEM),
    ("电机", "モーター", "Electric Motors", ("3812", "3813"), HEM),
    ("模具", "金型", "Moulds", ("3525",), ""),
    ("电子", "電子", "Electronics", ("3976", "3982", "3983"), ""),
    ("新材料科技", "新素材科技", "New Materials Technology", ("3985", "2659", "3091"), NM),
    ("复合材料", "複合材料", "Composite Materials", ("3062", "3061"), NM),
    ("特种钢材", "特殊鋼", "Special Steel", ("3130", "3240"), NM),
    ("精细化工", "ファインケミカル", "Fine Chemicals", ("2661", "2662"), NM),
    ("氢能装备", "水素エネルギー装備", "Hydrogen Equipment", ("3463", "3442"), ""),
    ("食品", "食品", "Foods", ("1432", "1453", "1361"), ""),
)
AGRI_TRADES = (
    ("农业发展", "農業発展", "Agricultural Development", ("1371", "1373")),
    ("茶业", "茶業", "Tea", ("1530",)),
    ("食品加工", "食品加工", "Food Processing", ("1431", "1371")),
    ("特色农产品", "特色農産物", "Specialty Farm Products", ("1373", "1372")),
    ("生态农业", "エコ農業", "Eco-agriculture", ("1372", "1373")),
)
GOODS = (
    ("红心猕猴桃", "赤芯キウイフルーツ", "red-heart kiwifruit"),
    ("刺梨汁", "ロサ・ロクスブルギージュース", "Rosa roxburghii juice"),
    ("高山茶叶", "高山茶", "highland tea"),
    ("小黄姜", "小黄ショウガ", "small yellow ginger"),
    ("食用菌", "食用キノコ", "edible mushrooms"),
    ("核桃", "クルミ", "walnuts"),
    ("马铃薯", "ジャガイモ", "potatoes"),
    ("蜂蜜", "はちみつ", "honey"),
    ("腊肉", "干し肉", "cured pork"),
    ("荞麦面", "そば", "buckwheat noodles"),
)
JP_SURNAMES = (
    ("山田", "山田", "Yamada"),
    ("高桥", "高橋", "Takahashi"),
    ("佐藤", "佐藤", "Sato"),
    ("铃木", "鈴木", "Suzuki"),
    ("中村", "中村", "Nakamura"),
    ("小林", "小林", "Kobayashi"),
    ("加藤", "加藤", "Kato"),
    ("吉田", "吉田", "Yoshida"),
    ("松本", "松本", "Matsumoto"),
    ("井上", "井上", "Inoue"),
    ("木村", "木村", "Kimura"),
    ("清水", "清水", "Shimizu"),
    ("池田", "池田", "Ikeda"),
    ("桥本", "橋本", "Hashimoto"),
    ("石川", "石川", "Ishikawa"),
    ("前田", "前田", "Maeda"),
    ("藤田", "藤田", "Fujita"),
    ("冈田", "岡田", "Okada"),
    ("村上", "村上", "Murakami"),
    ("近藤", "近藤", "Kondo"),
    ("坂本", "坂本", "Sakamoto"),
    ("远藤", "遠藤", "Endo"),
    ("青木", "青木", "Aoki"),
    ("西村", "西村", "Nishimura"),
    ("福田", "福田", "Fukuda"),
    ("太田", "太田", "Ota"),
    ("三浦", "三浦", "Miura"),
)
JP_GIVEN = (
    ("太郎", "太郎", "Taro"),
    ("健", "健", "Ken"),
    ("翔", "翔", "Sho"),
    ("大辅", "大輔", "Daisuke"),
    ("诚", "誠", "Makoto"),
    ("直树", "直樹", "Naoki"),
    ("浩", "浩", "Hiroshi"),
    ("美咲", "美咲", "Misaki"),
    ("阳子", "陽子", "Yoko"),
    ("惠", "恵", "Megumi"),
    ("裕子", "裕子", "Yuko"),
    ("拓也", "拓也", "Takuya"),
    ("悠", "悠", "Yu"),
    ("彩", "彩", "Aya"),
)
CN_SURNAMES = (
    ("王", "Wang"),
    ("李", "Li"),
    ("张", "Zhang"),
    ("刘", "Liu"),
    ("陈", "Chen"),
    ("杨", "Yang"),
    ("赵", "Zhao"),
    ("黄", "Huang"),
    ("周", "Zhou"),
    ("吴", "Wu"),
    ("徐", "Xu"),
    ("孙", "Sun"),
    ("马", "Ma"),
    ("朱", "Zhu"),
    ("胡", "Hu"),
    ("郭", "Guo"),
    ("何", "He"),
    ("林", "Lin"),
    ("高", "Gao"),
    ("罗", "Luo"),
)
CN_GIVEN = (
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("霞", "xia"),
    ("平", "ping"),
    ("建", "jian"),
    ("国", "guo"),
    ("海", "hai"),
    ("东", "dong"),
    ("华", "hua"),
    ("晓", "xiao"),
    ("宇", "yu"),
    ("鹏", "peng"),
    ("博", "bo"),
    ("志", "zhi"),
)
TITLES = {
    OrganisationKind.ENTERPRISE: (
        ("董事长", "董事長", "Chairman"),
        ("总经理", "総経理", "General Manager"),
        ("副总经理", "副総経理", "Deputy General Manager"),
        ("海外事业部部长", "海外事業部長", "Head of Overseas Business"),
        ("项目经理", "プロジェクトマネージャー", "Project Manager"),
        ("采购部经理", "購買部長", "Purchasing Manager"),
    ),
    OrganisationKind.FINANCIAL: (
        ("行长", "頭取", "President"),
        ("副行长", "副頭取", "Vice President"),
        ("客户经理", "リレーションシップマネージャー", "Relationship Manager"),
    ),
    OrganisationKind.ASSOCIATION: (
        ("会长", "会長", "President"),
        ("秘书长", "事務局長", "Secretary-General"),
    ),
}
PROJECT_KINDS = (
    ("生产基地", "生産拠点", "production base"),
    ("研发中心", "研究開発センター", "R&D centre"),
    ("扩建", "増設", "expansion"),
    ("智能工厂", "スマート工場", "smart factory"),
    ("物流中心", "物流センター", "logistics centre"),
    ("合资", "合弁", "joint venture"),
    ("技术改造", "技術改造", "technical upgrade"),
)
PAIRING_PROJECTS = (
    ("种植基地", "栽培拠点", "growing base"),
    ("加工厂", "加工工場", "processing plant"),
    ("冷链仓储", "コールドチェーン倉庫", "cold-chain storage"),
    ("劳务培训", "労務研修", "labour training"),
    ("电商直播中心", "EC配信センター", "e-commerce studio"),
)
STAGE_WEIGHTS = {
    Stage.LEAD: 15,
    Stage.NEGOTIATING: 15,
    Stage.SIGNED: 15,
    Stage.REGISTERED: 12,
    Stage.CONSTRUCTION: 12,
    Stage.PRODUCTION: 12,
    Stage.CAPACITY: 8,
    Stage.EXPANSION: 6,
    Stage.TERMINATED: 5,
}


def mark(zh: str, ja: str, en: str) -> dict[str, str]:
    return {"zh_hans": zh + MARK_ZH, "ja": ja + MARK_JA, "en": en + MARK_EN}


def names(zh: str, ja: str, en: str, prefix: str = "name") -> dict[str, str]:
    return {f"{prefix}_{lang}": value for lang, value in mark(zh, ja, en).items()}


# --- codes --------------------------------------------------------------------------------------


def gb11714_check(body: str) -> str:
    """Return the check character of an 8-digit organisation code (GB 11714-1997)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    value = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def make_uscc(rng: random.Random, region_code: str, kind: str, used: set[str]) -> str:
    """Return a new unified social credit code with valid check characters (GB 32100-2015)."""
    authority = "51" if kind == OrganisationKind.ASSOCIATION else "91"
    while True:
        body = f"{rng.randrange(10**8):08d}"
        partial = authority + region_code + body + gb11714_check(body)
        code = partial + uscc_code.calc_check_digit(partial)
        if code not in used:
            used.add(code)
            return code


def make_jp_corporate_number(rng: random.Random, used: set[str]) -> str:
    """Return a new 13-digit Japanese corporate number; its first digit is the check digit."""
    while True:
        body = f"{rng.randrange(10**11, 10**12):012d}"
        number = jp_corporate_number.calc_check_digit(body) + body
        if number not in used:
            used.add(number)
            return number


# --- the layer ----------------------------------------------------------------------------------


@dataclass
class OrgSpec:
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


def make_phone(rng: random.Random, chinese: bool) -> str:
    """A made-up mobile number of the usual shape (CN 1xx-xxxx-xxxx, JP 090-xxxx-xxxx)."""
    if chinese:
        return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
    return f"090-{rng.randrange(10**4):04d}-{rng.randrange(10**4):04d}"


def make_resident_id(rng: random.Random, region: Region | None) -> str:
    """A made-up resident ID number with a valid GB 11643 check digit."""
    area = region.code[:6] if region is not None and region.code.isdigit() else "210213"
    born = _day(rng, date(1960, 1, 1), date(1998, 12, 31))
    body = f"{area}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def _day(rng: random.Random, start: date = FIRST_DAY, end: date = LAST_DAY) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _bulk(objs: Sequence[models.Model], model: type[models.Model]) -> list[Any]:
    if not objs:
        return []
    created = bulk_create_with_history(
        list(objs), model, batch_size=500, default_change_reason=CHANGE_REASON
    )
    if not all(o.pk for o in created):
        raise RuntimeError("the database returned no primary keys")
    return created


def delete_synthetic() -> None:
    """Delete the synthetic layer (dependants first), keeping the facts."""
    from hezuo.projects.models import AftercareVisit, Enquiry

    AftercareVisit.objects.filter(is_synthetic=True).delete()
    Enquiry.objects.filter(is_synthetic=True).delete()
    Project.objects.filter(is_synthetic=True).delete()
    Agreement.objects.filter(is_synthetic=True).delete()
    Participation.objects.filter(is_synthetic=True).delete()
    Event.objects.filter(is_synthetic=True, parent__isnull=False).delete()
    Event.objects.filter(is_synthetic=True).delete()
    Position.objects.filter(is_synthetic=True).delete()
    Person.objects.filter(is_synthetic=True).delete()
    OrganisationAlias.objects.filter(is_synthetic=True).delete()
    for _generation in range(10):  # subsidiaries before their parents (the link protects)
        leaves = Organisation.objects.filter(is_synthetic=True, subsidiaries__isnull=True)
        if not leaves.delete()[0]:
            break


class SyntheticBuilder:
    def __init__(self, scale: int, seed: int) -> None:
        self.scale = scale
        # Seeded on purpose: the demo must be the same on every machine (not for secrets).
        self.rng = random.Random(seed)  # nosec B311
        self.zone = Program.objects.get(code=DALIAN_ZONE)
        self.pairing = Program.objects.get(code=PAIRING)
        self.sub_areas = list(SubArea.objects.filter(program=self.zone).order_by("code"))
        self.dalian = Region.objects.get(code="210200")
        self.liupanshui = Region.objects.get(code="520200")
        self.dalian_counties = list(
            Region.objects.filter(parent=self.dalian, level="county").order_by("code")
        ) or [self.dalian]
        self.liupanshui_counties = list(
            Region.objects.filter(parent=self.liupanshui, level="county").order_by("code")
        ) or [self.liupanshui]
        self.osaka = list(
            Region.objects.filter(country="JP").exclude(level="country").order_by("code")
        )
        self.directions = {d.code: d for d in IndustryDirection.objects.order_by("code")}
        classes = IndustryClass.objects.filter(level="class").order_by("code")
        self.classes: dict[str, int] = dict(classes.values_list("code", "pk"))
        self.used_uscc = set(Organisation.objects.exclude(uscc="").values_list("uscc", flat=True))
        self.used_jpcn = set(
            Organisation.objects.exclude(jp_corporate_number="").values_list(
                "jp_corporate_number", flat=True
            )
        )
        self.used_names: set[str] = set()
        self.counts: dict[str, int] = {}

    def n(self, key: str) -> int:
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

    # organisations --------------------------------------------------------------------------

    def organisation_specs(self) -> list[OrgSpec]:
        rng = self.rng
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
        for _ in range(self.n("cn_enterprises")):
            base, t = self.unique(
                lambda: chinese(dalian, TRADES, "有限公司", "有限公司", " Co., Ltd.")
            )
            specs.append(
                OrgSpec(
                    base,
                    OrganisationKind.ENTERPRISE,
                    "CN",
                    rng.choice(self.dalian_counties),
                    t[3],
                    t[4],
                    role="cn",
                )
            )

        def japanese_company() -> tuple[tuple[str, str, str], Any]:
            s, t = rng.choice(JP_SURNAMES), rng.choice(TRADES)
            return (f"{s[0]}{t[0]}株式会社", f"{s[1]}{t[1]}株式会社", f"{s[2]} {t[2]} Co., Ltd."), t

        first_jp = len(specs)
        for _ in range(self.n("jp_companies")):
            base, t = self.unique(japanese_company)
            region = rng.choice(self.osaka) if self.osaka and rng.random() < 0.3 else None
            specs.append(
                OrgSpec(base, OrganisationKind.ENTERPRISE, "JP", region, t[3], t[4], role="jp")
            )
        japanese = specs[first_jp:]
        count = min(self.n("jp_subsidiaries"), len(japanese))
        for index in rng.sample(range(len(japanese)), count):
            parent = japanese[index]
            zh, ja, en = parent.base
            stem = (
                zh.removesuffix("株式会社"),
                ja.removesuffix("株式会社"),
                en.removesuffix(" Co., Ltd."),
            )
            base, _ = self.unique(
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
                    rng.choice(self.dalian_counties),
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

        for i in range(self.n("financial")):
            japanese_bank = bool(i % 2)
            base, _ = self.unique(trust_bank if japanese_bank else leasing)
            specs.append(
                OrgSpec(
                    base,
                    OrganisationKind.FINANCIAL,
                    "JP" if japanese_bank else "CN",
                    None if japanese_bank else rng.choice(self.dalian_counties),
                    ("6621",) if japanese_bank else ("6631",),
                    role="financial",
                )
            )
        trading = (("商贸", "商事", "Trading"),)
        for _ in range(self.n("buyers")):
            base, _ = self.unique(
                lambda: chinese(dalian, trading, "有限公司", "有限公司", " Co., Ltd.")
            )
            specs.append(
                OrgSpec(
                    base,
                    OrganisationKind.ENTERPRISE,
                    "CN",
                    rng.choice(self.dalian_counties),
                    ("5123", "5212"),
                    role="buyer",
                )
            )
        liupanshui = ("六盘水", "六盤水", "Liupanshui")
        for _ in range(self.n("suppliers")):
            base, t = self.unique(
                lambda: chinese(liupanshui, AGRI_TRADES, "有限公司", "有限公司", " Co., Ltd.")
            )
            specs.append(
                OrgSpec(
                    base,
                    OrganisationKind.ENTERPRISE,
                    "CN",
                    rng.choice(self.liupanshui_counties),
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

        for _ in range(self.n("associations")):
            base, _ = self.unique(association)
            specs.append(
                OrgSpec(base, OrganisationKind.ASSOCIATION, "CN", self.dalian, role="association")
            )
        return specs

    def build_organisations(self) -> list[OrgSpec]:
        specs = self.organisation_specs()
        rng = self.rng
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
                    code = (
                        spec.region.code
                        if spec.region and spec.region.country == "CN"
                        else "210200"
                    )
                    org.uscc = make_uscc(rng, code, spec.kind, self.used_uscc)
                else:
                    org.jp_corporate_number = make_jp_corporate_number(rng, self.used_jpcn)
                objs.append(org)
            for spec, org in zip(todo, _bulk(objs, Organisation), strict=True):
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
            pool = [self.classes[c] for c in spec.classes if c in self.classes]
            for pk in sorted(set(rng.sample(pool, min(len(pool), rng.randint(1, 2))))):
                links.append(through(organisation_id=spec.obj.pk, industryclass_id=pk))
        _bulk(aliases, OrganisationAlias)
        through.objects.bulk_create(links)
        self.counts["organisations"] = len(specs)
        return specs

    # people -----------------------------------------------------------------------------------

    def build_people(self, specs: list[OrgSpec]) -> list[tuple[Person, Position, OrgSpec]]:
        rng = self.rng
        homes = list(range(len(specs)))
        extra = [rng.randrange(len(specs)) for _ in range(max(0, self.n("people") - len(specs)))]
        assignments = (homes + extra)[: self.n("people")]
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
        persons = _bulk(persons, Person)
        positions = []
        for person, spec in zip(persons, plans, strict=True):
            titles = TITLES.get(spec.kind, TITLES[OrganisationKind.ENTERPRISE])
            zh, ja, en = rng.choice(titles)
            start = _day(rng, date(2012, 1, 1), date(2022, 12, 31))
            positions.append(
                Position(
                    person=person,
                    organisation=spec.obj,
                    **names(zh, ja, en, prefix="title"),
                    start_date=start,
                    is_synthetic=True,
                )
            )
        positions = _bulk(positions, Position)
        self.counts["people"] = len(persons)
        self.counts["positions"] = len(positions)
        return list(zip(persons, positions, plans, strict=True))

    # projects and agreements ------------------------------------------------------------------

    def project_plans(self, specs: list[OrgSpec]) -> list[dict[str, Any]]:
        rng = self.rng
        investors = [s for s in specs if s.role in ("jp", "jp_sub")]
        chinese = [s for s in specs if s.role == "cn"]
        suppliers = [s for s in specs if s.role == "supplier"]
        buyers = [s for s in specs if s.role == "buyer"]
        stages = list(STAGE_WEIGHTS)
        weights = list(STAGE_WEIGHTS.values())
        plans = []
        for number in range(1, self.n("zone_projects") + 1):
            investor = rng.choice(investors) if rng.random() < 0.8 else rng.choice(chinese)
            stage = self._stage(number, stages, weights)
            kind = rng.choice(PROJECT_KINDS)
            zh, ja, en = investor.base
            plans.append(
                {
                    "code": f"SMP-DLZ-{number:04d}",
                    "titles": (
                        f"{zh}{kind[0]}项目",
                        f"{ja}{kind[1]}プロジェクト",
                        f"{en} {kind[2]} project",
                    ),
                    "program": self.zone,
                    "sub_area": self._sub_area(number),
                    "region": rng.choice(self.dalian_counties),
                    "stage": stage,
                    "investor": investor,
                    "partner": rng.choice(chinese) if rng.random() < 0.3 else None,
                    "operator": next(
                        (s for s in specs if s.parent is not None and specs[s.parent] is investor),
                        None,
                    ),
                    "classes": investor.classes,
                    "direction": investor.direction,
                }
            )
        for number in range(1, self.n("pairing_projects") + 1):
            supplier = rng.choice(suppliers)
            kind = rng.choice(PAIRING_PROJECTS)
            zh, ja, en = supplier.base
            plans.append(
                {
                    "code": f"SMP-DLP-{number:04d}",
                    "titles": (
                        f"{zh}{kind[0]}项目",
                        f"{ja}{kind[1]}プロジェクト",
                        f"{en} {kind[2]} project",
                    ),
                    "program": self.pairing,
                    "sub_area": None,
                    "region": supplier.region,
                    "stage": self._stage(number, stages, weights),
                    "investor": rng.choice(buyers + chinese),
                    "partner": supplier,
                    "operator": None,
                    "classes": supplier.classes,
                    "direction": "",
                }
            )
        for plan in plans:
            plan["reached"] = self._timeline(plan["stage"])
        return plans

    def _timeline(self, stage: str) -> dict[str, date]:
        """Return the days a project reached each stage up to ``stage``, counted back from the
        day it entered it. Most projects have been in their stage for less than the default
        stuck threshold, about one in six for longer, so the pipeline's alerts are realistic."""
        rng = self.rng
        terminated = stage == Stage.TERMINATED
        last = rng.choice(STAGE_ORDER[:5]) if terminated else stage
        limit = lifecycle.DEFAULT_STUCK_DAYS.get(stage)
        if terminated:
            in_stage = rng.randint(20, 1100)
        elif limit is None:
            in_stage = rng.randint(30, 1400)
        elif rng.random() < 0.84:
            in_stage = rng.randint(5, max(6, limit - 40))
        else:
            in_stage = rng.randint(limit, int(limit * 2.2))
        day = LAST_DAY - timedelta(days=in_stage)
        reached: dict[str, date] = {}
        if terminated:
            reached[Stage.TERMINATED] = day
            day -= timedelta(days=rng.randint(45, 300))
        for earlier in reversed(STAGE_ORDER[: STAGE_ORDER.index(last) + 1]):
            reached[earlier] = day
            day -= timedelta(days=rng.randint(45, 300))
        return {s: reached[s] for s in [*STAGE_ORDER, Stage.TERMINATED] if s in reached}

    def _sub_area(self, number: int) -> SubArea | None:
        if not self.sub_areas:
            return None
        if number <= len(self.sub_areas):
            return self.sub_areas[number - 1]
        weights = [{"core": 3, "wing": 1}.get(a.kind, 2) for a in self.sub_areas]
        return self.rng.choices(self.sub_areas, weights)[0]

    def _stage(self, number: int, stages: list[str], weights: list[int]) -> str:
        # The first few cover every stage, so even a small layer shows the whole life cycle.
        if number <= len(stages):
            return stages[number - 1]
        return self.rng.choices(stages, weights)[0]

    def build_events(self, people: list[tuple[Person, Position, OrgSpec]]) -> list[Event]:
        rng = self.rng
        kinds = (
            (EventKind.CEREMONY, 8),
            (EventKind.MEETING, 15),
            (EventKind.SITE_VISIT, 15),
            (EventKind.TRADE_FAIR, 10),
            (EventKind.DELEGATION_VISIT, 12),
        )
        plan: list[str] = []
        for kind, count in kinds:
            plan += [kind] * (count * self.scale)
        plan = plan[: self.n("events")]
        objs = []
        templates = {
            EventKind.CEREMONY: (
                "{y}年第{n}批合作项目集中签约仪式",
                "{y}年第{n}回協力プロジェクト集中調印式",
                "Project signing ceremony {y} no. {n}",
                "zone",
            ),
            EventKind.MEETING: (
                "{y}年大连·六盘水协作工作推进会（第{n}次）",
                "{y}年大連・六盤水協力推進会議（第{n}回）",
                "Dalian–Liupanshui collaboration meeting {y} no. {n}",
                "pairing",
            ),
            EventKind.SITE_VISIT: (
                "{y}年片区项目现场调研（第{n}次）",
                "{y}年区画プロジェクト現地視察（第{n}回）",
                "Sub-area project site visit {y} no. {n}",
                "zone",
            ),
            EventKind.TRADE_FAIR: (
                "{y}年六盘水特色农产品大连展销会（第{n}场）",
                "{y}年六盤水特色農産物大連展示即売会（第{n}回）",
                "Liupanshui farm products fair in Dalian {y} no. {n}",
                "pairing",
            ),
            EventKind.DELEGATION_VISIT: (
                "{y}年日本企业代表团访问示范区（第{n}批）",
                "{y}年日本企業代表団モデル区訪問（第{n}陣）",
                "Japanese business delegation to the zone {y} no. {n}",
                "zone",
            ),
        }
        counters: dict[tuple[str, int], int] = {}
        for kind in plan:
            day = _day(rng, date(2018, 3, 1), date(2026, 11, 30))
            number = counters[(kind, day.year)] = counters.get((kind, day.year), 0) + 1
            zh, ja, en, side = templates[kind]
            status = (
                EventStatus.PLANNED
                if day >= PLANNED_FROM
                else (EventStatus.CANCELLED if rng.random() < 0.05 else EventStatus.HELD)
            )
            region = (
                rng.choice(self.dalian_counties)
                if side == "zone" or rng.random() < 0.7
                else rng.choice(self.liupanshui_counties)
            )
            objs.append(
                Event(
                    **names(
                        zh.format(y=day.year, n=number),
                        ja.format(y=day.year, n=number),
                        en.format(y=day.year, n=number),
                        prefix="title",
                    ),
                    kind=kind,
                    status=status,
                    date=day,
                    region=region,
                    program=self.zone if side == "zone" else self.pairing,
                    venue_zh_hans=f"{region.name_zh_hans}会议中心{MARK_ZH}",
                    is_synthetic=True,
                    description="示例活动 / サンプル行事 / sample event",
                )
            )
        events = _bulk(objs, Event)
        participations = []
        for event in events:
            chosen = rng.sample(people, min(len(people), rng.randint(3, 8)))
            for order, (person, position, _spec) in enumerate(chosen, start=1):
                if order == 1:
                    parts = [ParticipationPart.PRESIDED]
                elif event.kind == EventKind.CEREMONY and order <= 3:
                    parts = [ParticipationPart.ATTENDED, ParticipationPart.ADDRESS]
                elif event.kind == EventKind.CEREMONY:
                    parts = [ParticipationPart.ATTENDED, ParticipationPart.SIGNED]
                elif event.kind == EventKind.MEETING and order <= 3:
                    parts = [ParticipationPart.REPORT]
                else:
                    parts = [ParticipationPart.ATTENDED]
                participations.append(
                    Participation(
                        event=event,
                        person=person,
                        position=position,
                        parts=[str(p) for p in parts],
                        order=order,
                        is_synthetic=True,
                    )
                )
        _bulk(participations, Participation)
        self.counts["events"] = len(events)
        self.counts["participations"] = len(participations)
        return events

    def _ceremony_near(self, ceremonies: list[Event], reached: dict[str, date]) -> Event | None:
        """Return a ceremony within 30 days of the signing, moving the project's dates to it."""
        signed = reached[Stage.SIGNED]
        near = [e for e in ceremonies if e.date and abs((e.date - signed).days) <= 30]
        if not near or self.rng.random() < 0.3:
            return None
        event = self.rng.choice(near)
        shift = event.date - signed
        moving = False
        for stage in [*STAGE_ORDER, Stage.TERMINATED]:
            moving = moving or stage == Stage.SIGNED
            if moving and stage in reached:
                reached[stage] = min(reached[stage] + shift, LAST_DAY)
        return event

    def build_agreements_and_projects(self, specs: list[OrgSpec], events: list[Event]) -> None:
        rng = self.rng
        plans = self.project_plans(specs)
        signed_plans = [p for p in plans if Stage.SIGNED in p["reached"]]
        total = self.n("agreements")
        n_investment = min(len(signed_plans), total * 7 // 15)
        n_procurement = total * 4 // 15
        n_framework = n_cooperation = total * 2 // 15
        n_other = total - n_investment - n_procurement - n_framework - n_cooperation
        ceremonies = [
            e for e in events if e.kind == EventKind.CEREMONY and e.status == EventStatus.HELD
        ]
        fairs = [
            e for e in events if e.kind == EventKind.TRADE_FAIR and e.status == EventStatus.HELD
        ]
        financial = [s for s in specs if s.role == "financial"]
        associations = [s for s in specs if s.role == "association"]
        chinese = [s for s in specs if s.role == "cn"]
        japanese = [s for s in specs if s.role in ("jp", "jp_sub")]
        suppliers = [s for s in specs if s.role == "supplier"]
        buyers = [s for s in specs if s.role == "buyer"]

        agreements: list[Agreement] = []
        parties: list[tuple[int, OrgSpec, str]] = []  # agreement index, organisation, role
        sequences: dict[int, int] = {}

        def add(
            kind: str,
            titles: tuple[str, str, str],
            day: date,
            program: Program,
            event: Event | None,
            amount: Decimal | None,
            currency: str,
            subject: tuple[str, str, str] | None = None,
            sub_area: SubArea | None = None,
        ) -> int:
            sequence = None
            if event is not None:
                sequence = sequences[event.pk] = sequences.get(event.pk, 0) + 1
                day = event.date or day
            subject_fields = names(*subject, prefix="subject") if subject else {}
            agreements.append(
                Agreement(
                    **names(*titles, prefix="title"),
                    kind=kind,
                    program=program,
                    event=event,
                    sequence=sequence,
                    signed_on=day,
                    amount=amount,
                    currency=currency,
                    sub_area=sub_area,
                    is_synthetic=True,
                    **subject_fields,
                )
            )
            return len(agreements) - 1

        def amount(low: int, high: int) -> Decimal:
            return Decimal(rng.randrange(low, high)) * 10000

        project_agreement: dict[str, int] = {}
        for plan in rng.sample(signed_plans, n_investment):
            event = self._ceremony_near(ceremonies, plan["reached"])
            zh, ja, en = plan["titles"]
            currency = "JPY" if plan["investor"].country == "JP" else "CNY"
            index = add(
                AgreementKind.INVESTMENT_PROJECT,
                (f"{zh}投资协议", f"{ja}投資協定", f"Investment agreement: {en}"),
                plan["reached"][Stage.SIGNED],
                plan["program"],
                event,
                amount(500, 50000) * (15 if currency == "JPY" else 1),
                currency,
                sub_area=plan["sub_area"],
            )
            parties.append((index, plan["investor"], AgreementPartyRole.INVESTOR))
            if plan["partner"] is not None:
                parties.append((index, plan["partner"], AgreementPartyRole.PARTNER))
            project_agreement[plan["code"]] = index
        for _ in range(n_procurement):
            buyer, supplier, goods = rng.choice(buyers), rng.choice(suppliers), rng.choice(GOODS)
            event = rng.choice(fairs) if fairs and rng.random() < 0.5 else None
            index = add(
                AgreementKind.PROCUREMENT,
                (
                    f"{goods[0]}采购协议",
                    f"{goods[1]}調達協定",
                    f"Procurement agreement for {goods[2]}",
                ),
                _day(rng, date(2018, 6, 1), date(2025, 12, 31)),
                self.pairing,
                event,
                amount(5, 500),
                "CNY",
                subject=goods,
            )
            parties.append((index, buyer, AgreementPartyRole.BUYER))
            parties.append((index, supplier, AgreementPartyRole.SUPPLIER))
        for _ in range(n_framework):
            partner = rng.choice(japanese + financial)
            zh, ja, en = partner.base
            index = add(
                AgreementKind.FRAMEWORK,
                (
                    f"与{zh}战略合作框架协议",
                    f"{ja}との戦略的協力枠組み協定",
                    f"Strategic cooperation framework with {en}",
                ),
                _day(rng, date(2018, 3, 1), date(2025, 12, 31)),
                self.zone,
                rng.choice(ceremonies) if ceremonies and rng.random() < 0.5 else None,
                None,
                "",
            )
            parties.append((index, partner, AgreementPartyRole.PARTNER))
            parties.append(
                (index, rng.choice(associations or chinese), AgreementPartyRole.SIGNATORY)
            )
        for _ in range(n_cooperation):
            bank, client = rng.choice(financial), rng.choice(japanese + chinese)
            zh, ja, en = bank.base
            index = add(
                AgreementKind.BUSINESS_COOPERATION,
                (
                    f"{zh}跨境金融服务合作",
                    f"{ja}越境金融サービス協力",
                    f"{en} cross-border financial services",
                ),
                _day(rng, date(2018, 3, 1), date(2025, 12, 31)),
                self.zone,
                None,
                amount(1000, 20000),
                "CNY" if bank.country == "CN" else "JPY",
            )
            parties.append((index, bank, AgreementPartyRole.PARTNER))
            parties.append((index, client, AgreementPartyRole.SIGNATORY))
        for _ in range(n_other):
            a, b = rng.sample(chinese + japanese, 2)
            index = add(
                AgreementKind.OTHER,
                ("人才交流合作备忘录", "人材交流協力覚書", "Memorandum on staff exchange"),
                _day(rng, date(2018, 3, 1), date(2025, 12, 31)),
                self.zone,
                None,
                None,
                "",
            )
            parties.append((index, a, AgreementPartyRole.SIGNATORY))
            parties.append((index, b, AgreementPartyRole.SIGNATORY))
        agreements = _bulk(agreements, Agreement)
        seen: set[tuple[int, int, str]] = set()
        party_objs = []
        for index, spec, role in parties:
            key = (index, spec.obj.pk, role)  # type: ignore[union-attr]
            if key not in seen:
                seen.add(key)
                party_objs.append(
                    AgreementParty(
                        agreement=agreements[index],
                        organisation=spec.obj,
                        role=role,
                        is_synthetic=True,
                    )
                )
        _bulk(party_objs, AgreementParty)
        self.counts["agreements"] = len(agreements)

        projects = []
        for plan in plans:
            stage = plan["stage"]
            projects.append(
                Project(
                    code=plan["code"],
                    **names(*plan["titles"], prefix="title"),
                    program=plan["program"],
                    sub_area=plan["sub_area"],
                    region=plan["region"],
                    stage=stage,
                    stage_since=plan["reached"][stage],
                    is_synthetic=True,
                    description="示例项目 / サンプルプロジェクト / sample project",
                )
            )
        projects = _bulk(projects, Project)
        project_parties = []
        class_links, direction_links, agreement_links = [], [], []
        for project, plan in zip(projects, plans, strict=True):
            project_parties.append(
                ProjectParty(
                    project=project,
                    organisation=plan["investor"].obj,
                    role=ProjectPartyRole.INVESTOR,
                    is_synthetic=True,
                )
            )
            for key, role in (
                ("partner", ProjectPartyRole.PARTNER),
                ("operator", ProjectPartyRole.OPERATOR),
            ):
                if plan[key] is not None and plan[key] is not plan["investor"]:
                    project_parties.append(
                        ProjectParty(
                            project=project,
                            organisation=plan[key].obj,
                            role=role,
                            is_synthetic=True,
                        )
                    )
            pool = [self.classes[c] for c in plan["classes"] if c in self.classes]
            for pk in sorted(set(rng.sample(pool, min(len(pool), rng.randint(1, 2))))):
                class_links.append(
                    Project.industry_classes.through(project_id=project.pk, industryclass_id=pk)
                )
            direction = self.directions.get(plan["direction"])
            if direction is not None and plan["program"] == self.zone:
                direction_links.append(
                    Project.industry_directions.through(
                        project_id=project.pk, industrydirection_id=direction.pk
                    )
                )
            if plan["code"] in project_agreement:
                agreement_links.append(
                    Project.agreements.through(
                        project_id=project.pk,
                        agreement_id=agreements[project_agreement[plan["code"]]].pk,
                    )
                )
        _bulk(project_parties, ProjectParty)
        Project.industry_classes.through.objects.bulk_create(class_links)
        Project.industry_directions.through.objects.bulk_create(direction_links)
        Project.agreements.through.objects.bulk_create(agreement_links)
        self.counts["projects"] = len(projects)
        self.build_life_cycle(projects, plans)

    def build_life_cycle(self, projects: list[Project], plans: list[dict[str, Any]]) -> None:
        """Add each project's moves (with evidence), milestones, figures and services.

        The moves follow the days the plan reached each stage, so a project's history, its
        ``stage_since`` and its investment agreement's signing day agree. Some milestones are
        left overdue and some projects sit in a stage for long, so alerts have something to show.
        """
        from datetime import datetime, time

        from django.utils import timezone

        from hezuo.core.lifecycle import REQUIRED_EVIDENCE
        from hezuo.projects.choices import FigureKind, MilestoneStatus, ServiceKind, ServiceOutcome
        from hezuo.projects.models import (
            Milestone,
            ProjectFigure,
            ServiceLogEntry,
            StageChange,
            StageEvidence,
        )

        rng = self.rng
        stage_names = {
            Stage.LEAD: ("推介", "案件化", "lead"),
            Stage.NEGOTIATING: ("在谈", "交渉中", "negotiating"),
            Stage.SIGNED: ("签约", "調印", "signing"),
            Stage.REGISTERED: ("注册落地", "登記", "registration"),
            Stage.CONSTRUCTION: ("开工", "着工", "start of construction"),
            Stage.PRODUCTION: ("投产", "操業開始", "start of production"),
            Stage.CAPACITY: ("达产", "フル稼働", "full capacity"),
            Stage.EXPANSION: ("扩能", "拡張", "expansion"),
        }
        zone_tz = timezone.get_default_timezone()

        def recorded(day: date) -> datetime:
            return datetime.combine(day + timedelta(days=1), time(10), tzinfo=zone_tz)

        changes: list[StageChange] = []
        evidence_kinds: list[str] = []
        milestones, figures, services = [], [], []
        for project, plan in zip(projects, plans, strict=True):
            reached = plan["reached"]
            path = [s for s in STAGE_ORDER if s in reached]
            for before, after in zip(path, path[1:], strict=False):
                changes.append(
                    StageChange(
                        project=project,
                        from_stage=before,
                        to_stage=after,
                        move="forward",
                        happened_on=reached[after],
                        from_since=reached[before],
                        recorded_by_name="demo",
                        recorded_at=recorded(reached[after]),
                        note="示例 / サンプル / sample",
                        is_synthetic=True,
                    )
                )
                evidence_kinds.append(REQUIRED_EVIDENCE[after][0].value)
            if Stage.TERMINATED in reached:
                changes.append(
                    StageChange(
                        project=project,
                        from_stage=path[-1],
                        to_stage=Stage.TERMINATED,
                        move="terminate",
                        happened_on=reached[Stage.TERMINATED],
                        from_since=reached[path[-1]],
                        recorded_by_name="demo",
                        recorded_at=recorded(reached[Stage.TERMINATED]),
                        reason="投资方撤回（示例） / 投資家が撤回（サンプル） / investor withdrew (sample)",
                        is_synthetic=True,
                    )
                )
                evidence_kinds.append("")
            investor = plan["investor"].obj
            last = path[-1]
            if Stage.TERMINATED not in reached and last != Stage.EXPANSION:
                following = STAGE_ORDER[STAGE_ORDER.index(last) + 1]
                zh, ja, en = stage_names[following]
                planned = reached[last] + timedelta(days=rng.randint(90, 400))
                if planned < LAST_DAY and rng.random() < 0.75:  # re-planned: most are not late
                    planned = LAST_DAY + timedelta(days=rng.randint(-60, 300))
                milestones.append(
                    Milestone(
                        project=project,
                        **names(f"实现{zh}", f"{ja}の達成", f"Reach {en}", prefix="title"),
                        stage=following,
                        planned_on=planned,
                        owner=investor,
                        status=MilestoneStatus.IN_PROGRESS
                        if planned < LAST_DAY
                        else MilestoneStatus.PLANNED,
                        is_synthetic=True,
                    )
                )
            if len(path) > 1:
                zh, ja, en = stage_names[last]
                milestones.append(
                    Milestone(
                        project=project,
                        **names(f"实现{zh}", f"{ja}の達成", f"Reach {en}", prefix="title"),
                        stage=last,
                        planned_on=reached[last] - timedelta(days=rng.randint(-60, 60)),
                        actual_on=reached[last],
                        owner=investor,
                        status=MilestoneStatus.DONE,
                        is_synthetic=True,
                    )
                )
            if Stage.SIGNED not in reached or plan["program"] != self.zone:
                continue
            japanese = plan["investor"].country == "JP"
            currency = "JPY" if japanese else ("USD" if rng.random() < 0.15 else "CNY")
            unit = {"JPY": 15, "USD": Decimal("0.14"), "CNY": 1}[currency]
            contracted = Decimal(rng.randrange(500, 50000)) * 10000
            figures.append(
                (
                    project,
                    FigureKind.CONTRACTED_INVESTMENT,
                    contracted * unit,
                    currency,
                    reached[Stage.SIGNED],
                )
            )
            share = Decimal(0)
            for stage, low, high in (
                (Stage.CONSTRUCTION, 10, 40),
                (Stage.PRODUCTION, 50, 80),
                (Stage.CAPACITY, 85, 100),
            ):
                if stage in reached:
                    share = max(share, Decimal(rng.randint(low, high)) / 100)
                    figures.append(
                        (
                            project,
                            FigureKind.ARRIVED_INVESTMENT,
                            (contracted * share * unit).quantize(Decimal("1")),
                            currency,
                            reached[stage],
                        )
                    )
            if Stage.REGISTERED in reached:
                capital = (contracted * Decimal(rng.randint(20, 50)) / 100).quantize(Decimal("1"))
                figures.append(
                    (
                        project,
                        FigureKind.REGISTERED_CAPITAL,
                        capital * unit,
                        currency,
                        reached[Stage.REGISTERED],
                    )
                )
                services.append(
                    ServiceLogEntry(
                        project=project,
                        kind=rng.choice([ServiceKind.PERMIT, ServiceKind.SITE, ServiceKind.POLICY]),
                        provided_on=reached[Stage.REGISTERED] - timedelta(days=rng.randint(5, 40)),
                        description="协助办理（示例） / 手続き支援（サンプル） / help with filings (sample)",
                        outcome=ServiceOutcome.RESOLVED,
                        is_synthetic=True,
                    )
                )
            if Stage.PRODUCTION in reached:
                figures.append(
                    (
                        project,
                        FigureKind.JOBS,
                        Decimal(rng.randint(20, 800)),
                        "",
                        reached[Stage.PRODUCTION],
                    )
                )
                services.append(
                    ServiceLogEntry(
                        project=project,
                        kind=rng.choice([ServiceKind.TALENT, ServiceKind.FINANCING]),
                        provided_on=reached[Stage.PRODUCTION],
                        description="人才与融资对接（示例） / 人材・融資の紹介（サンプル） / "
                        "talent and financing introductions (sample)",
                        outcome=rng.choice(list(ServiceOutcome)),
                        is_synthetic=True,
                    )
                )
            if Stage.CAPACITY in reached:
                output = (contracted * Decimal(rng.randint(80, 250)) / 100).quantize(Decimal("1"))
                figures.append(
                    (
                        project,
                        FigureKind.ANNUAL_OUTPUT,
                        output * unit,
                        currency,
                        reached[Stage.CAPACITY],
                    )
                )
        changes = _bulk(changes, StageChange)
        _bulk(
            [
                StageEvidence(
                    stage_change=change,
                    kind=kind,
                    reference=f"{change.project.code}-{change.to_stage}{MARK_ZH}",
                    is_synthetic=True,
                )
                for change, kind in zip(changes, evidence_kinds, strict=True)
                if kind
            ],
            StageEvidence,
        )
        _bulk(milestones, Milestone)
        _bulk(
            [
                ProjectFigure(
                    project=project,
                    kind=kind,
                    amount=Decimal(amount).quantize(Decimal("0.01")),
                    currency=currency,
                    recorded_on=day,
                    is_synthetic=True,
                )
                for project, kind, amount, currency, day in figures
            ],
            ProjectFigure,
        )
        _bulk(services, ServiceLogEntry)
        self.counts["stage_changes"] = len(changes)
        self.counts["milestones"] = len(milestones)
        self.counts["figures"] = len(figures)
        self.counts["services"] = len(services)
        self.build_enquiries_and_visits(projects, plans)

    def build_enquiries_and_visits(
        self, projects: list[Project], plans: list[dict[str, Any]]
    ) -> None:
        """Add enquiries of prospective investors to each zone (most answered in time, a few
        left unanswered past their deadline) and aftercare visits to established investors by
        the zone's offices (some by two offices, some finding an intention to expand)."""
        from datetime import datetime, time

        from django.utils import timezone

        from hezuo.directory.models import Organisation
        from hezuo.projects.choices import EnquiryChannel, EnquiryLanguage
        from hezuo.projects.models import AftercareVisit, Enquiry

        rng = self.rng
        zone_tz = timezone.get_default_timezone()
        zones = sorted({p.program for p in projects if p.program.kind == "zone"}, key=str)
        offices = list(
            Organisation.objects.filter(
                kind="government", region__code__startswith="2102"
            ).order_by("pk")[:4]
        )
        questions = [
            ("请问示范区对日资制造业项目有哪些用地支持政策？", EnquiryLanguage.ZH_HANS),
            (
                "工場用地の賃貸条件と、外資系企業向けの税制優遇について教えてください。",
                EnquiryLanguage.JA,
            ),
            (
                "Which permits does a hydrogen refuelling station need in the zone, and how long do they take?",
                EnquiryLanguage.EN,
            ),
            ("研发中心招聘日语人才，园区能否协助对接高校？", EnquiryLanguage.ZH_HANS),
            ("物流拠点の設置に必要な手続きと期間を知りたいです。", EnquiryLanguage.JA),
            (
                "Can a foreign-invested enterprise apply for the zone's loan interest subsidy?",
                EnquiryLanguage.EN,
            ),
        ]
        enquiries = []
        investors = [
            party.organisation
            for project in projects
            for party in project.parties.all()
            if party.role == ProjectPartyRole.INVESTOR
        ][:200]
        for program in zones:
            for n in range(40 * self.scale):
                question, language = rng.choice(questions)
                received_day = LAST_DAY - timedelta(days=rng.randint(0, 540))
                received = datetime.combine(received_day, time(rng.randint(8, 17)), zone_tz)
                unanswered = n % 9 == 0
                answered = None
                if not unanswered:
                    answered = received + timedelta(days=rng.choice([0, 1, 1, 2, 3, 4, 6, 9]))
                    answered = min(answered, datetime.combine(LAST_DAY, time(18), zone_tz))
                investor = rng.choice(investors) if investors and rng.random() < 0.6 else None
                enquiries.append(
                    Enquiry(
                        program=program,
                        investor=investor,
                        investor_name="" if investor else f"潜在投资方 {n + 1}{MARK_ZH}",
                        received_at=received,
                        channel=rng.choice(list(EnquiryChannel)),
                        language=language,
                        question=question + MARK_ZH,
                        respond_by=received_day + timedelta(days=5),
                        answered_at=answered,
                        answer="已答复（示例） / 回答済み（サンプル） / answered (sample)"
                        if answered
                        else "",
                        is_synthetic=True,
                    )
                )
        _bulk(enquiries, Enquiry)
        visits = []
        for project, plan in zip(projects, plans, strict=True):
            reached = plan["reached"]
            if not offices or Stage.PRODUCTION not in reached or project.program.kind != "zone":
                continue
            investor = next(
                (
                    p.organisation
                    for p in project.parties.all()
                    if p.role == ProjectPartyRole.INVESTOR
                ),
                None,
            )
            if investor is None:
                continue
            for _n in range(rng.randint(1, 3)):
                day = reached[Stage.PRODUCTION] + timedelta(days=rng.randint(30, 700))
                if day > LAST_DAY:
                    continue
                expand = rng.random() < 0.12
                visits.append(
                    AftercareVisit(
                        program=project.program,
                        organisation=investor,
                        visiting_office=rng.choice(offices),
                        visited_on=day,
                        participants="总经理、管委会招商一部（示例）",
                        issues=rng.choice(
                            [
                                "用工紧张，需要技能工人（示例）",
                                "电力增容审批进度（示例）",
                                "出口通关时间较长（示例）",
                                "",
                            ]
                        ),
                        follow_ups="转相关部门协调（示例）",
                        expansion_intention=expand,
                        expansion_note="考虑新增一条生产线（示例）" if expand else "",
                        project=project,
                        is_synthetic=True,
                    )
                )
        _bulk(visits, AftercareVisit)
        self.counts["enquiries"] = len(enquiries)
        self.counts["visits"] = len(visits)

    def build(self) -> dict[str, int]:
        specs = self.build_organisations()
        people = self.build_people(specs)
        events = self.build_events(people)
        self.build_agreements_and_projects(specs, events)
        return self.counts


@transaction.atomic
def build_synthetic(scale: int, seed: int) -> dict[str, int]:
    """Replace the synthetic layer with one of ``scale`` units built from ``seed``.

    Return counts by kind; scale 0 removes the layer and builds nothing.
    """
    delete_synthetic()
    if scale <= 0:
        return {}
    return SyntheticBuilder(scale, seed).build()
