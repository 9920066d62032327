"""Opportunities of the world's parties that match each other, and a marked synthetic layer.

The source document names the parties and what they agreed (WORLD.md): Nidec's research
centre, Iwatani's hydrogen project on Xizhongdao, Mizuho's and ORIX's cooperation with Jinpu, the
three procurement agreements of Dalian buyers with Liupanshui suppliers. It publishes no offers
or requests, so every opportunity here is demo data made to fit those facts and flagged
``is_synthetic``; the parties' own keep their plain titles, the synthetic layer's titles are
marked （示例） / （サンプル） / (sample). The kiwifruit pair goes the whole way (mutual interest, a
meeting whose outcome links the real procurement agreement); Iwatani and Jinpu have expressed
interest in each other and have a meeting planned.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from hezuo.demo.world import (
    DALIAN_ZONE,
    DASHANG_FRUIT,
    HUASHENG,
    IWATANI,
    JINPU,
    KIWI,
    MIZUHO,
    NEUSOFT_REACH,
    NIDEC,
    NIDEC_DALIAN,
    ORIX_CHINA,
    PAIRING,
    QIANHUO,
    YANJIAO,
    YUNSHANG,
)
from hezuo.directory.models import IndustryClass, Organisation
from hezuo.events.models import Agreement
from hezuo.matchdesk.choices import InterestStatus, MeetingOutcome
from hezuo.matchdesk.models import Interest, Meeting, Opportunity
from hezuo.matchdesk.services import response_days
from hezuo.regions.models import Program, Region

VALID = date(2027, 12, 31)
MARK = {"zh-hans": "（示例）", "ja": "（サンプル）", "en": " (sample)"}

# owner, kind, language, title, text, industry codes, region, country, quantity, unit, period,
# price, currency, program, anonymous
PARTIES: tuple[tuple[Any, ...], ...] = (
    (
        NIDEC,
        "technology_offer",
        "ja",
        "精密モーターと駆動制御の技術提供",
        "ニデックは精密小型モーター、車載モーター、ロボット用減速機と駆動制御の技術を持ち、大連で"
        "の共同開発と技術ライセンスの相手を探しています。",
        ("C38",),
        "210213",
        "",
        None,
        "",
        "",
        None,
        "",
        DALIAN_ZONE,
        False,
    ),
    (
        NEUSOFT_REACH,
        "technology_request",
        "zh-hans",
        "寻求车用电机驱动与控制技术合作",
        "东软睿驰开发新能源汽车电子产品，寻求日本企业在电机、驱动控制和机器人减速机方面的技术合作与许可。",
        ("C36",),
        "210200",
        "",
        None,
        "",
        "",
        None,
        "",
        DALIAN_ZONE,
        False,
    ),
    (
        NEUSOFT_REACH,
        "technology_offer",
        "zh-hans",
        "燃料电池汽车控制器与氢能电池管理技术",
        "提供新能源汽车电池管理系统、燃料电池控制器和氢能汽车电子技术，愿与日本企业在大连合作开发。",
        ("C36",),
        "210200",
        "",
        None,
        "",
        "",
        None,
        "",
        DALIAN_ZONE,
        False,
    ),
    (
        IWATANI,
        "technology_offer",
        "ja",
        "水素ステーションと燃料電池の技術",
        "岩谷産業は水素の製造・輸送・貯蔵と水素ステーションの建設運営、燃料電池車向け水素供給の技術を"
        "提供します。",
        ("D45",),
        "JP",
        "JP",
        None,
        "",
        "",
        None,
        "",
        DALIAN_ZONE,
        False,
    ),
    (
        JINPU,
        "technology_request",
        "zh-hans",
        "西中岛氢能利用技术需求",
        "金普新区西中岛石化产业基地寻求加氢站建设运营和氢能储运技术，推进氢能利用项目。",
        ("D45",),
        "210213",
        "",
        None,
        "",
        "",
        None,
        "",
        DALIAN_ZONE,
        False,
    ),
    (
        JINPU,
        "site_offer",
        "zh-hans",
        "西中岛石化产业园区氢能产业用地",
        "金普新区西中岛提供工业用地50亩，适合氢能、加氢站和新能源项目，配套港口与管网。",
        ("D45",),
        "210213",
        "",
        Decimal("50"),
        "亩",
        "",
        None,
        "",
        DALIAN_ZONE,
        False,
    ),
    (
        IWATANI,
        "investment_intent",
        "ja",
        "大連での水素エネルギー利用プロジェクトへの投資",
        "岩谷産業は大連西中島で水素ステーションと水素エネルギー利用の拠点に投資する計画で、工業用地"
        "30ムーを探しています。",
        ("D45",),
        "210213",
        "",
        Decimal("30"),
        "亩",
        "",
        None,
        "",
        DALIAN_ZONE,
        False,
    ),
    (
        MIZUHO,
        "financing_offer",
        "en",
        "Cross-border financing for investment in the Dalian zone",
        "Mizuho Bank offers cross-border loans, trade finance and settlement in yen and renminbi "
        "to Japanese and Chinese companies investing in the China-Japan demonstration zone.",
        ("J66",),
        "",
        "JP",
        None,
        "",
        "",
        Decimal("50000000"),
        "CNY",
        DALIAN_ZONE,
        False,
    ),
    (
        NIDEC_DALIAN,
        "financing_request",
        "zh-hans",
        "研发中心扩建项目融资需求",
        "日本电产(大连)千人研发中心扩建，需要跨境贷款和日元人民币结算服务，金额约3000万元。",
        ("C38",),
        "210213",
        "",
        None,
        "",
        "",
        Decimal("30000000"),
        "CNY",
        DALIAN_ZONE,
        False,
    ),
    (
        ORIX_CHINA,
        "financing_offer",
        "zh-hans",
        "设备融资租赁服务",
        "欧力士(中国)为示范区企业提供生产设备融资租赁和厂房租赁，支持新能源与智能制造项目。",
        ("L71",),
        "210213",
        "",
        None,
        "",
        "",
        Decimal("20000000"),
        "CNY",
        DALIAN_ZONE,
        False,
    ),
    (
        KIWI,
        "product_supply",
        "zh-hans",
        "六盘水红心猕猴桃供应",
        "凉都猕猴桃股份有限公司供应六盘水红心猕猴桃鲜果和果汁、果干等猕猴桃系列产品，可冷链直发大连。",
        ("A01",),
        "520200",
        "",
        Decimal("500"),
        "吨",
        "year",
        Decimal("12000"),
        "CNY",
        PAIRING,
        False,
    ),
    (
        DASHANG_FRUIT,
        "purchase_demand",
        "zh-hans",
        "采购贵州猕猴桃鲜果",
        "大商集团大菜市果品公司采购贵州猕猴桃鲜果和猕猴桃系列产品，需冷链配送到大连门店。",
        ("A01",),
        "210200",
        "",
        Decimal("200"),
        "吨",
        "year",
        Decimal("15000"),
        "CNY",
        PAIRING,
        False,
    ),
    (
        YUNSHANG,
        "product_supply",
        "zh-hans",
        "深山农特产品：茶叶、魔芋、刺梨",
        "贵州云上深山农产品有限公司供应六盘水高山茶叶、魔芋制品和刺梨等农特产品。",
        ("A01",),
        "520200",
        "",
        Decimal("80"),
        "吨",
        "year",
        None,
        "",
        PAIRING,
        False,
    ),
    (
        HUASHENG,
        "purchase_demand",
        "zh-hans",
        "大连门店采购贵州农特产品",
        "华盛珍品商贸采购贵州茶叶、魔芋和刺梨等农特产品，用于大连消费帮扶专柜。",
        ("A01",),
        "210200",
        "",
        Decimal("50"),
        "吨",
        "year",
        None,
        "",
        PAIRING,
        False,
    ),
    (
        YANJIAO,
        "product_supply",
        "zh-hans",
        "岩脚面供应",
        "六枝特区岩脚大畅面业供应传统手工岩脚面，年产能300吨。",
        ("C14",),
        "520203",
        "",
        Decimal("300"),
        "吨",
        "year",
        None,
        "",
        PAIRING,
        False,
    ),
    (
        QIANHUO,
        "purchase_demand",
        "zh-hans",
        "采购六枝岩脚面",
        "大连黔货入连商贸采购六枝岩脚面等黔货，面向大连超市和食堂。",
        ("C14",),
        "210200",
        "",
        Decimal("100"),
        "吨",
        "year",
        None,
        "",
        PAIRING,
        False,
    ),
)

# The synthetic layer: kind, language, title, text, industry, region/country
SYNTHETIC: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        "technology_offer",
        "zh-hans",
        "工业机器人视觉检测技术",
        "提供工业机器人视觉检测和智能制造产线集成技术。",
        "C34",
        "210200",
    ),
    (
        "technology_request",
        "ja",
        "産業用ロボットの画像検査技術を求める",
        "工場の自動化のため、ロボットの画像検査とスマート製造の技術協力先を探しています。",
        "C34",
        "JP",
    ),
    (
        "technology_offer",
        "en",
        "Medical device sterilisation technology",
        "Low-temperature sterilisation technology for medical devices, licensing available.",
        "C35",
        "JP",
    ),
    (
        "technology_request",
        "zh-hans",
        "医疗器械灭菌技术需求",
        "寻求医疗器械低温灭菌技术许可与合作。",
        "C35",
        "210213",
    ),
    (
        "technology_offer",
        "ja",
        "半導体洗浄装置の技術",
        "半導体製造装置向けの洗浄技術を提供します。",
        "C39",
        "JP",
    ),
    (
        "technology_request",
        "en",
        "Semiconductor equipment cleaning know-how wanted",
        "A Dalian fab seeks cleaning technology for semiconductor equipment.",
        "C39",
        "210200",
    ),
    (
        "business_offer",
        "ja",
        "冷凍水産物の輸出販路",
        "日本向け冷凍水産物の販売代理とコールドチェーン物流を提供します。",
        "F51",
        "JP",
    ),
    (
        "business_request",
        "zh-hans",
        "冷冻水产品对日出口渠道",
        "大连水产企业寻求日本销售代理和冷链物流合作。",
        "F51",
        "210200",
    ),
    (
        "business_offer",
        "en",
        "Cold-chain import and distribution of Japanese foods in Dalian",
        "Import clearance, bonded cold storage and delivery to Dalian supermarkets.",
        "F51",
        "210213",
    ),
    (
        "business_request",
        "ja",
        "大連での日本食品の輸入販売パートナー",
        "冷凍・冷蔵食品の輸入通関、保税冷蔵倉庫と大連のスーパーへの販売を任せられる商社を探しています。",
        "C14",
        "JP",
    ),
    (
        "financing_offer",
        "zh-hans",
        "科技型中小企业贷款",
        "为示范区科技型中小企业提供知识产权质押贷款。",
        "J66",
        "210213",
    ),
    (
        "financing_request",
        "en",
        "Working capital for a robotics start-up",
        "A robotics start-up in the zone needs a loan secured on its patents.",
        "C34",
        "210213",
    ),
    (
        "financing_offer",
        "ja",
        "日系企業向け円建て融資",
        "中国に進出する日系企業に円建ての運転資金を融資します。",
        "J66",
        "JP",
    ),
    (
        "financing_request",
        "zh-hans",
        "日资企业流动资金贷款需求",
        "日资制造企业需要日元流动资金贷款。",
        "C38",
        "210213",
    ),
    (
        "product_supply",
        "zh-hans",
        "贵州高山绿茶",
        "六盘水高山绿茶，有机认证，年供应20吨。",
        "C15",
        "520200",
    ),
    (
        "purchase_demand",
        "ja",
        "有機緑茶の仕入れ",
        "日本のスーパー向けに有機認証の緑茶を仕入れたい。",
        "F51",
        "JP",
    ),
    (
        "product_supply",
        "en",
        "Konjac flour from Guizhou",
        "Konjac flour and konjac noodles, HACCP certified.",
        "C14",
        "520200",
    ),
    (
        "purchase_demand",
        "zh-hans",
        "采购魔芋粉",
        "大连食品企业采购魔芋粉，要求HACCP认证。",
        "C14",
        "210200",
    ),
    (
        "job_offer",
        "zh-hans",
        "猕猴桃分拣包装季节工",
        "六盘水猕猴桃加工企业招聘季节性分拣包装工20人。",
        "C13",
        "520200",
    ),
    (
        "job_seeker",
        "zh-hans",
        "求职：果品分拣季节工",
        "有果品采摘、分拣和包装经验，希望在六盘水就近就业。",
        "C13",
        "520203",
    ),
    (
        "job_offer",
        "ja",
        "大連工場の生産技術者",
        "モーター工場の生産技術者を募集、日本語ができる方。",
        "C38",
        "210213",
    ),
    (
        "job_seeker",
        "en",
        "Production engineer, Japanese speaker",
        "Electrical engineer with motor production experience, speaks Japanese.",
        "C38",
        "210200",
    ),
    (
        "site_offer",
        "zh-hans",
        "大连湾临港标准厂房",
        "大连湾临港工业区标准厂房2万平方米出租。",
        "C38",
        "210213",
    ),
    (
        "investment_intent",
        "ja",
        "大連での工場用地を探す",
        "精密部品工場のため、大連の臨港工業区に工場用地を探しています。",
        "C38",
        "210213",
    ),
)


def _org(name: str) -> Organisation | None:
    return Organisation.objects.filter(name_zh_hans=name).first()


def _region(code: str) -> Region | None:
    return Region.objects.filter(code=code).first() if code and code[0].isdigit() else None


def _classes(codes: tuple[str, ...] | list[str]) -> list[IndustryClass]:
    """The industry classes of GB/T 4754 codes written with their section letter (C38 → 38)."""
    return list(
        IndustryClass.objects.filter(code__in=[c.lstrip("ABCDEFGHIJKLMNOPQRST") for c in codes])
    )


def _make(
    owner: Organisation | None, spec: dict[str, Any], classes: list[IndustryClass]
) -> Opportunity:
    opp = Opportunity(owner=owner, is_synthetic=True, valid_until=VALID, **spec)
    opp.full_clean()
    opp._change_reason = "demo"  # type: ignore[attr-defined]
    opp.save()
    opp.industry_classes.set(classes)
    return opp


def _interest(a: Opportunity, b: Opportunity, on: date) -> None:
    i = Interest.objects.create(
        opportunity=a,
        counterpart=b,
        status=InterestStatus.INTERESTED,
        respond_by=on + timedelta(days=response_days()),
        program=a.program or b.program,
        is_synthetic=True,
    )
    i.parties.set([o for o in (a.owner_id, b.owner_id) if o])


@transaction.atomic
def build_matching(scale: int = 1, seed: int = 2020) -> int:
    """Build the demo opportunities (and, at scale > 0, the synthetic layer); return the count."""
    Opportunity.objects.filter(is_synthetic=True).delete()
    programs = {p.code: p for p in Program.objects.filter(code__in=(DALIAN_ZONE, PAIRING))}
    made: dict[tuple[str, str], Opportunity] = {}
    for (
        owner,
        kind,
        lang,
        title,
        text,
        codes,
        region,
        country,
        qty,
        unit,
        period,
        price,
        currency,
        program,
        anonymous,
    ) in PARTIES:
        org = _org(owner)
        if org is None:
            continue
        spec = {
            "kind": kind,
            "language": lang,
            "title": title,
            "text": text,
            "region": _region(region),
            "country": country if not region[:1].isdigit() else "",
            "quantity": qty,
            "unit": unit,
            "period": period,
            "price": price,
            "currency": currency,
            "program": programs.get(program),
            "anonymous": anonymous,
        }
        made[(owner, kind)] = _make(org, spec, _classes(codes))
    count = len(made)
    today = timezone.localdate()
    kiwi, fruit = made.get((KIWI, "product_supply")), made.get((DASHANG_FRUIT, "purchase_demand"))
    if kiwi and fruit:
        _interest(fruit, kiwi, today - timedelta(days=40))
        _interest(kiwi, fruit, today - timedelta(days=38))
        agreement = (
            Agreement.objects.filter(parties__organisation=kiwi.owner)
            .filter(parties__organisation=fruit.owner)
            .first()
        )
        meeting = Meeting.objects.create(
            offer=kiwi,
            request=fruit,
            program=kiwi.program,
            is_synthetic=True,
            starts_at=timezone.make_aware(datetime(2020, 8, 24, 10, 0)),
            place="大连",
            participants="凉都猕猴桃\n大菜市果品",
            outcome=MeetingOutcome.AGREEMENT if agreement else MeetingOutcome.HELD,
            agreement=agreement,
        )
        meeting.parties.set([kiwi.owner_id, fruit.owner_id])
    site, intent = made.get((JINPU, "site_offer")), made.get((IWATANI, "investment_intent"))
    if site and intent:
        _interest(intent, site, today - timedelta(days=5))
        _interest(site, intent, today - timedelta(days=3))
        meeting = Meeting.objects.create(
            offer=site,
            request=intent,
            program=site.program,
            is_synthetic=True,
            starts_at=timezone.make_aware(
                datetime.combine(today + timedelta(days=14), datetime.min.time()).replace(hour=14)
            ),
            place="金普新区管委会",
            video_link="https://meet.example.com/xizhongdao",
            participants="岩谷産業\n金普新区",
            interpreter_needed=True,
            interpreter_languages=["zh", "ja"],
        )
        meeting.parties.set([site.owner_id, intent.owner_id])
    mizuho, nidec = (
        made.get((MIZUHO, "financing_offer")),
        made.get((NIDEC_DALIAN, "financing_request")),
    )
    if mizuho and nidec:
        _interest(nidec, mizuho, today - timedelta(days=2))  # unanswered: due in 8 days
    orix = made.get((ORIX_CHINA, "financing_offer"))
    if orix and nidec:
        # unanswered past its deadline: `hezuo match remind` reminds Nidec Dalian's members and
        # escalates it to the zone's officers (the demo's users are made after this)
        _interest(orix, nidec, today - timedelta(days=response_days() + 4))
    if scale <= 0:
        return count
    rng = random.Random(seed)  # nosec B311 - seeded demo data, not security
    pick = OwnerPicker(rng)
    for _round in range(scale):
        for kind, lang, title, text, code, place in SYNTHETIC:
            region = _region(place)
            owner, person = pick(code, "JP" if place == "JP" else "CN", kind == "job_seeker")
            if owner is None and person is None:
                continue
            spec = {
                "kind": kind,
                "language": lang,
                "title": title + MARK[lang],
                "text": text,
                "region": region,
                "country": "" if region else place[:2],
                "program": programs.get(PAIRING if code.startswith("A") else DALIAN_ZONE),
                "anonymous": rng.random() < 0.3,
            }
            if person is not None:
                spec["owner_person"] = person
            _make(owner, spec, _classes([code]))
            count += 1
    return count


def industry_of(code: str) -> tuple[str, str]:
    """(section, division) of a GB/T 4754-2017 code ("C38", "3812" → ("C", "38"))."""
    from hezuo.core.industry import industry_ancestors

    digits = code.lstrip("ABCDEFGHIJKLMNOPQRST")[:2]
    try:
        section = industry_ancestors(digits)[0]
    except (ValueError, IndexError):
        section = code[:1]
    return section, digits


class OwnerPicker:
    """Owners for the synthetic layer that fit what they offer: an organisation whose industry
    classes (GB/T 4754-2017) share the opportunity's division, else its section, on the
    opportunity's side (Japanese or Chinese) where there is one; a job seeker is a person
    working at such an organisation. Synthetic organisations first (the demo's layer)."""

    def __init__(self, rng: random.Random) -> None:
        from hezuo.directory.models import Position

        self.rng = rng
        orgs = Organisation.objects.filter(is_synthetic=True)
        if not orgs.exists():
            orgs = Organisation.objects.all()
        self.divisions: dict[str, list[Organisation]] = {}
        self.sections: dict[str, list[Organisation]] = {}
        for org in orgs.prefetch_related("industry_classes").order_by("pk"):
            for cls in org.industry_classes.all():
                section, division = industry_of(cls.code)
                if org not in self.divisions.setdefault(division, []):
                    self.divisions[division].append(org)
                if org not in self.sections.setdefault(section, []):
                    self.sections[section].append(org)
        self.people: dict[int, list[Any]] = {}
        for position in Position.objects.filter(organisation__in=orgs).select_related("person"):
            self.people.setdefault(position.organisation_id, []).append(position.person)

    def __call__(self, code: str, country: str, person: bool) -> tuple[Any, Any]:
        """(organisation, person) owning an opportunity of industry ``code`` (None, None:
        no organisation of the industry)."""
        section, division = industry_of(code)
        found = self.divisions.get(division) or self.sections.get(section) or []
        if person:
            found = [o for o in found if self.people.get(o.pk)]
        same_side = [o for o in found if o.country == country]
        found = same_side or found
        if not found:
            return None, None
        org = self.rng.choice(found)
        if person:
            return None, self.rng.choice(self.people[org.pk])
        return org, None
