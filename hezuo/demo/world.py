"""The facts of the source document (WORLD.md) as records, built idempotently.

Everything here is stated by page A11 of the Dalian Evening News of 25 August 2020
(``seed/000_fc1effbfd3ed064c.txt``); nothing is synthetic, so no amounts, sizes, dates or codes
appear that the page does not give. Each record is found by its natural key, changed only where
it differs, and passes ``full_clean()`` before it is saved, so a re-run leaves the data as it is.
Names in Japanese and English are filled where WORLD.md gives them or the name is well known;
otherwise they stay empty and the interface shows the Chinese name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction

from hezuo.directory.choices import AliasLanguage, OrganisationKind
from hezuo.directory.models import Organisation, OrganisationAlias, Person, Position
from hezuo.events.choices import (
    AgreementKind,
    AgreementPartyRole,
    EventKind,
    EventStatus,
    ParticipationPart,
    PartOfDay,
)
from hezuo.events.models import Agreement, AgreementParty, Event, Participation, SourceDocument
from hezuo.projects.choices import ProjectPartyRole, Stage
from hezuo.projects.models import Project, ProjectParty
from hezuo.regions.choices import PartyRole, ProgramKind, RegionLevel, SubAreaKind, TopicKind
from hezuo.regions.models import (
    IndustryDirection,
    Program,
    ProgramParty,
    ProgramTopic,
    Region,
    SubArea,
)

M = TypeVar("M", bound=models.Model)

#: Natural keys other modules use to find the world's programs.
ZONE_BATCH = "cn-jp-zones"
DALIAN_ZONE = "cn-jp-dalian"
CITY_PARTNERSHIP = "osaka-dalian"
PROVINCIAL_PAIRING = "liaoning-guizhou"
PAIRING = "dalian-liupanshui"

DAY = date(2020, 8, 24)
PUBLISHED = date(2020, 8, 25)

ZH, JA, EN = AliasLanguage.ZH_HANS, AliasLanguage.JA, AliasLanguage.EN
GOV, ENT, FIN, ASSOC, OTHER = (
    OrganisationKind.GOVERNMENT,
    OrganisationKind.ENTERPRISE,
    OrganisationKind.FINANCIAL,
    OrganisationKind.ASSOCIATION,
    OrganisationKind.OTHER,
)
ATTENDED, ADDRESS, VIDEO, PRESIDED, REPORT = (
    ParticipationPart.ATTENDED,
    ParticipationPart.ADDRESS,
    ParticipationPart.VIDEO_ADDRESS,
    ParticipationPart.PRESIDED,
    ParticipationPart.REPORT,
)
SPEECH = ParticipationPart.SPEECH


# --- saving -------------------------------------------------------------------------------------


def upsert(model: type[M], lookup: dict[str, Any], **values: Any) -> M:
    """Return the record found by ``lookup``, created or changed to hold ``values``.

    The record is validated with ``full_clean()`` before every save and saved only when
    something differs, so running the build twice writes no second history entry.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    else:
        changed = [k for k, v in values.items() if _value(obj, k) != _value_of(v)]
        if not changed:
            return obj
        for key, value in values.items():
            setattr(obj, key, value)
    obj.full_clean()
    obj.save()
    return obj


def _value(obj: models.Model, key: str) -> Any:
    field = obj._meta.get_field(key)
    if isinstance(field, models.ForeignKey):
        return getattr(obj, field.attname)
    return getattr(obj, key)


def _value_of(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def prune(queryset: models.QuerySet[Any], keep: Iterable[models.Model]) -> None:
    """Delete the rows of ``queryset`` (one parent's children) that the build no longer makes."""
    for obj in queryset.exclude(pk__in=[o.pk for o in keep]):
        obj.delete()


# --- regions ------------------------------------------------------------------------------------

#: code, Chinese, Japanese, English, parent. Chinese rows also come from ``load_regions``;
#: the build creates any that are missing so it can run on an empty database.
REGIONS: tuple[tuple[str, str, str, str, str | None], ...] = (
    ("210000", "辽宁省", "遼寧省", "Liaoning", None),
    ("210100", "沈阳市", "瀋陽市", "Shenyang", "210000"),
    ("210200", "大连市", "大連市", "Dalian", "210000"),
    ("210212", "旅顺口区", "旅順口区", "Lüshunkou", "210200"),
    ("210213", "金州区", "金州区", "Jinzhou", "210200"),
    ("210214", "普兰店区", "普蘭店区", "Pulandian", "210200"),
    ("520000", "贵州省", "貴州省", "Guizhou", None),
    ("520200", "六盘水市", "六盤水市", "Liupanshui", "520000"),
    ("520203", "六枝特区", "六枝特区", "Liuzhi", "520200"),
    ("120000", "天津市", "天津市", "Tianjin", None),
    ("310000", "上海市", "上海市", "Shanghai", None),
    ("320000", "江苏省", "江蘇省", "Jiangsu", None),
    ("320500", "苏州市", "蘇州市", "Suzhou", "320000"),
    ("370000", "山东省", "山東省", "Shandong", None),
    ("370200", "青岛市", "青島市", "Qingdao", "370000"),
    ("510000", "四川省", "四川省", "Sichuan", None),
    ("510100", "成都市", "成都市", "Chengdu", "510000"),
    ("440000", "广东省", "広東省", "Guangdong", None),
    ("440100", "广州市", "広州市", "Guangzhou", "440000"),
)
#: code, level, country, Chinese, Japanese, English, parent.
FOREIGN_REGIONS: tuple[tuple[str, str, str, str, str, str, str | None], ...] = (
    ("JP", RegionLevel.COUNTRY, "JP", "日本", "日本", "Japan", None),
    ("JP-27", RegionLevel.PROVINCE, "JP", "大阪府", "大阪府", "Osaka Prefecture", "JP"),
    ("JP-27-27100", RegionLevel.CITY, "JP", "大阪市", "大阪市", "Osaka City", "JP-27"),
)


def build_regions() -> dict[str, Region]:
    regions: dict[str, Region] = {}
    for code, zh, ja, en, parent in REGIONS:
        region = Region.objects.filter(code=code).first()
        values = {"name_ja": ja, "name_en": en}
        if region is None:  # the division table is not loaded: keep its Chinese name
            values |= {"name_zh_hans": zh, "parent": regions[parent] if parent else None}
        regions[code] = upsert(Region, {"code": code}, country="CN", **values)
    for code, level, country, zh, ja, en, parent in FOREIGN_REGIONS:
        regions[code] = upsert(
            Region,
            {"code": code},
            level=level,
            country=country,
            name_zh_hans=zh,
            name_ja=ja,
            name_en=en,
            parent=regions[parent] if parent else None,
        )
    return regions


# --- organisations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    zh: str
    kind: str
    country: str = "CN"
    region: str | None = None
    ja: str = ""
    en: str = ""
    parent: str | None = None
    aliases: tuple[tuple[str, str], ...] = ()
    note: str = ""


NDRC = "国家发展改革委"
NIDEC = "日本电产"
NIDEC_DALIAN = "日本电产(大连)有限公司"
NIDEC_GUANGZHOU = "尼得科智动(广州)车载电子有限公司"
NIDEC_GUANGZHOU_DALIAN = "尼得科智动(广州)车载电子有限公司大连分公司"
HONDA = "本田技研工业"
HONDA_CHINA = "本田中国"
NEUSOFT_REACH = "东软睿驰"
RUIHUAN = "日本瑞环环境"
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
MEDIA_GROUP = "大连新闻传媒集团"
DALIAN_PARTY = "中共大连市委"
DALIAN_GOV = "大连市人民政府"

ORGANISATIONS: tuple[Org, ...] = (
    # Government bodies
    Org(
        NDRC,
        GOV,
        ja="国家発展改革委員会",
        en="National Development and Reform Commission",
        aliases=(("国家发展和改革委员会", ZH), ("国家发改委", ZH), ("NDRC", EN)),
    ),
    Org("国家发展改革委地区经济司", GOV, parent=NDRC, aliases=(("国家发改委地区经济司", ZH),)),
    Org(
        "中国驻日本大使馆",
        GOV,
        ja="中華人民共和国駐日本国大使館",
        en="Embassy of the People's Republic of China in Japan",
        aliases=(("中华人民共和国驻日本国大使馆", ZH),),
    ),
    Org("中共辽宁省委", GOV, region="210000", aliases=(("辽宁省委", ZH),)),
    Org(
        "辽宁省人民政府",
        GOV,
        region="210000",
        ja="遼寧省人民政府",
        en="Liaoning Provincial People's Government",
        aliases=(("辽宁省政府", ZH),),
    ),
    Org(DALIAN_PARTY, GOV, region="210200", aliases=(("大连市委", ZH),)),
    Org(
        DALIAN_GOV,
        GOV,
        region="210200",
        ja="大連市人民政府",
        en="Dalian Municipal People's Government",
        aliases=(("大连市政府", ZH),),
    ),
    Org(
        JINPU,
        GOV,
        region="210213",
        ja="金普新区",
        en="Jinpu New Area",
        aliases=(("大连金普新区", ZH),),
        note="A party to signed items 6 and 7 under this name; the page does not name the body "
        "that signed for the new area.",
    ),
    Org("长兴岛经济区管委会", GOV, region="210200", aliases=(("长兴岛经济区管理委员会", ZH),)),
    Org("中共六盘水市委", GOV, region="520200", aliases=(("六盘水市委", ZH),)),
    Org(
        "六盘水市人民政府",
        GOV,
        region="520200",
        ja="六盤水市人民政府",
        en="Liupanshui Municipal People's Government",
        aliases=(("六盘水市政府", ZH),),
    ),
    Org(
        "日本国驻沈阳总领馆",
        GOV,
        country="JP",
        region="210100",
        ja="在瀋陽日本国総領事館",
        en="Consulate-General of Japan in Shenyang",
        aliases=(("日本国驻沈阳总领事馆", ZH),),
    ),
    Org(
        "大阪市政府",
        GOV,
        country="JP",
        region="JP-27-27100",
        ja="大阪市",
        en="Osaka City Government",
        aliases=(("大阪市役所", JA),),
    ),
    # Associations
    Org(
        "大阪府议会日中友好议员联盟",
        ASSOC,
        country="JP",
        region="JP-27",
        ja="大阪府議会日中友好議員連盟",
    ),
    Org("大连日本商工会", ASSOC, region="210200", ja="大連日本商工会"),
    # Enterprises and banks of the first report
    Org(
        NIDEC,
        ENT,
        country="JP",
        ja="日本電産",
        en="Nidec",
        aliases=(("日本電産", JA), ("ニデック", JA), ("Nidec", EN), ("尼得科", ZH)),
        note="Renamed ニデック株式会社 (Nidec Corporation) in 2023; the page uses 日本电产.",
    ),
    Org(NIDEC_DALIAN, ENT, region="210200", ja="日本電産（大連）有限公司", parent=NIDEC),
    Org(NIDEC_GUANGZHOU, ENT, region="440100", parent=NIDEC),
    Org(
        NIDEC_GUANGZHOU_DALIAN,
        ENT,
        region="210200",
        parent=NIDEC_GUANGZHOU,
        note="The branch (operating company) that signed item 3 is about.",
    ),
    Org(
        HONDA,
        ENT,
        country="JP",
        ja="本田技研工業",
        en="Honda Motor Co., Ltd.",
        aliases=(("本田", ZH), ("ホンダ", JA), ("Honda", EN)),
    ),
    Org(HONDA_CHINA, ENT, en="Honda China", parent=HONDA, aliases=(("Honda China", EN),)),
    Org(NEUSOFT_REACH, ENT, en="Neusoft Reach", aliases=(("Neusoft Reach", EN),)),
    Org(RUIHUAN, ENT, country="JP"),
    Org(
        ORIX,
        FIN,
        country="JP",
        ja="オリックス",
        en="ORIX",
        aliases=(("オリックス", JA), ("ORIX", EN)),
    ),
    Org(ORIX_CHINA, FIN, en="ORIX China", parent=ORIX, aliases=(("ORIX China", EN),)),
    Org(
        MIZUHO,
        FIN,
        country="JP",
        ja="みずほ銀行",
        en="Mizuho Bank",
        aliases=(("日本瑞穗银行", ZH), ("みずほ銀行", JA), ("Mizuho Bank", EN)),
    ),
    Org(
        IWATANI,
        ENT,
        country="JP",
        ja="岩谷産業",
        en="Iwatani",
        aliases=(("岩谷", ZH), ("日本岩谷", ZH), ("岩谷産業", JA), ("Iwatani", EN)),
    ),
    # Buyers and suppliers of the second report
    Org(DASHANG, ENT, region="210200"),
    Org(DASHANG_FRUIT, ENT, region="210200", parent=DASHANG),
    Org(HUASHENG, ENT, region="210200"),
    Org(QIANHUO, ENT, region="210200"),
    Org(KIWI, ENT, region="520200"),
    Org(YUNSHANG, ENT, region="520200"),
    Org(YANJIAO, ENT, region="520203"),
    # The newspaper
    Org(
        MEDIA_GROUP,
        OTHER,
        region="210200",
        note="Publisher of the 大连晚报 (Dalian Evening News); its reporters wrote the source.",
    ),
)


def build_organisations(regions: dict[str, Region]) -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for org in ORGANISATIONS:
        record = upsert(
            Organisation,
            {"name_zh_hans": org.zh, "is_synthetic": False},
            kind=org.kind,
            country=org.country,
            name_ja=org.ja,
            name_en=org.en,
            region=regions[org.region] if org.region else None,
            parent=orgs[org.parent] if org.parent else None,
            note=org.note,
        )
        orgs[org.zh] = record
        kept = [
            upsert(OrganisationAlias, {"organisation": record, "name": name}, language=language)
            for name, language in org.aliases
        ]
        prune(record.aliases.all(), kept)
    return orgs


# --- people -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Who:
    zh: str
    family: str
    title: tuple[str, str, str]  # the position at the time, zh / ja / en
    org: str | None
    ja: str = ""
    en: str = ""
    note: str = ""


DALIAN_LEADER = ("大连市领导", "大連市指導者", "Dalian city leader")
LIUPANSHUI_LEADER = ("六盘水市领导", "六盤水市指導者", "Liupanshui city leader")

PEOPLE: tuple[Who, ...] = (
    Who(
        "孔铉佑",
        "孔",
        ("中国驻日本大使", "駐日中国大使", "Ambassador of China to Japan"),
        "中国驻日本大使馆",
        ja="孔鉉佑",
        en="Kong Xuanyou",
    ),
    Who(
        "谭作钧",
        "谭",
        (
            "辽宁省委常委、大连市委书记",
            "遼寧省党委常務委員・大連市党委書記",
            "Member of the Standing Committee of the Liaoning Provincial Party "
            "Committee; Secretary of the Dalian Municipal Party Committee",
        ),
        DALIAN_PARTY,
    ),
    Who(
        "郝春荣",
        "郝",
        ("辽宁省副省长", "遼寧省副省長", "Vice Governor of Liaoning"),
        "辽宁省人民政府",
    ),
    Who(
        "陈绍旺",
        "陈",
        (
            "大连市委副书记、市长",
            "大連市党委副書記・市長",
            "Deputy Secretary of the Dalian Municipal Party Committee; Mayor of Dalian",
        ),
        DALIAN_GOV,
    ),
    Who(
        "安利民",
        "安",
        (
            "国家发展改革委地区经济司副司长",
            "国家発展改革委員会地区経済司副司長",
            "Deputy Director-General, Department of Regional Economy, NDRC",
        ),
        "国家发展改革委地区经济司",
    ),
    Who(
        "松井一郎",
        "松井",
        ("大阪市长", "大阪市長", "Mayor of Osaka"),
        "大阪市政府",
        ja="松井一郎",
        en="Matsui Ichirō",
        note="页面称“日本大阪府市长”；时任大阪市长。The page calls him mayor of "
        "“大阪府市” (sic); he was Mayor of Osaka City.",
    ),
    Who(
        "今井丰",
        "今井",
        (
            "大连市荣誉公民、大阪府议会日中友好议员联盟会长",
            "大連市名誉市民・大阪府議会日中友好議員連盟会長",
            "Honorary Citizen of Dalian; President of the Japan–China Friendship "
            "League of Members of the Osaka Prefectural Assembly",
        ),
        "大阪府议会日中友好议员联盟",
        ja="今井豊",
        en="Imai Yutaka",
    ),
    Who(
        "川上文博",
        "川上",
        ("日本国驻沈阳总领馆总领事", "在瀋陽日本国総領事", "Consul-General of Japan in Shenyang"),
        "日本国驻沈阳总领馆",
        ja="川上文博",
        en="Kawakami Fumihiro",
    ),
    Who(
        "高木纯",
        "高木",
        (
            "大连日本商工会理事长",
            "大連日本商工会理事長",
            "Chairman of the Dalian Japanese Chamber of Commerce and Industry",
        ),
        "大连日本商工会",
        ja="高木純",
        en="Takagi Jun",
    ),
    Who(
        "五十岚一嗣",
        "五十岚",
        (
            "日本电产(大连)有限公司总经理",
            "日本電産（大連）有限公司総経理",
            "General Manager of Nidec (Dalian)",
        ),
        NIDEC_DALIAN,
        ja="五十嵐一嗣",
    ),
    Who(
        "刘国平",
        "刘",
        (
            "欧力士(中国)投资有限公司董事长",
            "オリックス（中国）投資有限公司董事長",
            "Chairman of ORIX China",
        ),
        ORIX_CHINA,
    ),
    Who("卢林", "卢", DALIAN_LEADER, None),
    Who("李鹏宇", "李", DALIAN_LEADER, None),
    Who(
        "靳国卫",
        "靳",
        ("大连市副市长", "大連市副市長", "Vice Mayor of Dalian"),
        DALIAN_GOV,
        note="The first report lists him among the city leaders (市领导); the second as 副市长.",
    ),
    Who(
        "杨广志",
        "杨",
        (
            "长兴岛经济区管委会主任",
            "長興島経済区管理委員会主任",
            "Director of the Changxing Island Economic Zone Administrative Committee",
        ),
        "长兴岛经济区管委会",
    ),
    Who(
        "王忠",
        "王",
        (
            "六盘水市委书记",
            "六盤水市党委書記",
            "Secretary of the Liupanshui Municipal Party Committee",
        ),
        "中共六盘水市委",
    ),
    Who(
        "徐少达",
        "徐",
        (
            "大连市委副书记、宣传部长",
            "大連市党委副書記・宣伝部長",
            "Deputy Secretary of the Dalian Municipal Party Committee; Head of its "
            "Publicity Department",
        ),
        DALIAN_PARTY,
    ),
    Who(
        "黄家忠",
        "黄",
        ("六盘水市副市长", "六盤水市副市長", "Vice Mayor of Liupanshui"),
        "六盘水市人民政府",
    ),
    Who(
        "熊博力",
        "熊",
        (
            "大连市委常委、秘书长",
            "大連市党委常務委員・秘書長",
            "Member of the Standing Committee and Secretary-General of the Dalian "
            "Municipal Party Committee",
        ),
        DALIAN_PARTY,
    ),
    Who(
        "衣庆焘",
        "衣",
        (
            "大连市政府秘书长",
            "大連市政府秘書長",
            "Secretary-General of the Dalian Municipal Government",
        ),
        DALIAN_GOV,
    ),
    *(
        Who(name, name[0], LIUPANSHUI_LEADER, None)
        for name in ("张志祥", "付国祥", "瓦标龙", "张谦", "张延松", "梁建", "杨昌显", "何枢")
    ),
    # The people behind the page
    Who(
        "鹿道铭",
        "鹿",
        (
            "大连新闻传媒集团记者",
            "大連新聞メディアグループ記者",
            "Reporter, Dalian News Media Group",
        ),
        MEDIA_GROUP,
    ),
    Who(
        "刘星",
        "刘",
        (
            "大连新闻传媒集团记者",
            "大連新聞メディアグループ記者",
            "Reporter, Dalian News Media Group",
        ),
        MEDIA_GROUP,
    ),
    Who(
        "刘晓雪",
        "刘",
        ("大连晚报校检", "大連晩報校閲", "Proof-reader, Dalian Evening News"),
        MEDIA_GROUP,
    ),
    Who("魏巍", "魏", ("大连晚报编辑", "大連晩報編集", "Editor, Dalian Evening News"), MEDIA_GROUP),
    Who(
        "周世鹏",
        "周",
        ("大连晚报责任编辑", "大連晩報責任編集", "Editor in charge, Dalian Evening News"),
        MEDIA_GROUP,
    ),
)


def build_people(orgs: dict[str, Organisation]) -> dict[str, Position]:
    """Return each person's position at the time, by the person's Chinese name."""
    positions: dict[str, Position] = {}
    for who in PEOPLE:
        person = upsert(
            Person,
            {"name_zh_hans": who.zh, "is_synthetic": False},
            name_ja=who.ja,
            name_en=who.en,
            family_name=who.family,
            note=who.note,
        )
        zh, ja, en = who.title
        position = upsert(
            Position,
            {"person": person, "title_zh_hans": zh},
            title_ja=ja,
            title_en=en,
            organisation=orgs[who.org] if who.org else None,
            start_date=None,
            end_date=None,
        )
        prune(person.positions.all(), [position])
        positions[who.zh] = position
    return positions


# --- programs -----------------------------------------------------------------------------------

ZONE_CITIES = (  # code suffix, city, ja, en, region
    ("dalian", "大连", "大連", "Dalian", "210200"),
    ("tianjin", "天津", "天津", "Tianjin", "120000"),
    ("shanghai", "上海", "上海", "Shanghai", "310000"),
    ("suzhou", "苏州", "蘇州", "Suzhou", "320500"),
    ("qingdao", "青岛", "青島", "Qingdao", "370200"),
    ("chengdu", "成都", "成都", "Chengdu", "510100"),
)

DALIAN_DESCRIPTION = (
    "大连示范区以金普新区为核心，以黄渤海沿岸为两翼，包含新日本工业团地、松木岛、西中岛、花园口4个片区，"
    "主要任务是聚焦高端装备制造与新材料产业，着力构建技术创新、产业对接、金融服务等合作平台，"
    "促进高端装备制造与新材料产业发展质量提升，辐射带动东北地区产业转型升级。"
    "大连将为双方合作项目的落地、达产、扩能提供全生命周期服务。",
    "金普新区を核心、黄海・渤海沿岸を両翼とし、新日本工業団地・松木島・西中島・花園口の4区画からなる。"
    "ハイエンド装備製造と新素材産業に焦点を当て、技術革新・産業マッチング・金融サービスの協力プラット"
    "フォームを構築し、東北地域の産業転換・高度化をけん引する。",
    "Jinpu New Area is the core, the Yellow Sea and Bohai coasts are the two wings, and the zone "
    "has four sub-areas: New Japan Industrial Park, Songmudao, Xizhongdao and Huayuankou. Its "
    "task is high-end equipment manufacturing and new materials, with cooperation platforms for "
    "technology innovation, industrial matchmaking and financial services, driving the industrial "
    "upgrading of Northeast China. Dalian promises full life-cycle service to projects, from "
    "landing to full capacity and expansion.",
)

DIRECTIONS = (  # code, zh, ja, en
    (
        "high-end-equipment-manufacturing",
        "高端装备制造",
        "ハイエンド装備製造",
        "high-end equipment manufacturing",
    ),
    ("new-materials", "新材料", "新素材", "new materials"),
)

SUB_AREAS = (  # code, kind, zh, ja, en, region
    ("jinpu-new-area", SubAreaKind.CORE, "金普新区", "金普新区", "Jinpu New Area", "210213"),
    ("yellow-sea-coast", SubAreaKind.WING, "黄海沿岸", "黄海沿岸", "Yellow Sea coast", None),
    ("bohai-coast", SubAreaKind.WING, "渤海沿岸", "渤海沿岸", "Bohai coast", None),
    (
        "new-japan-industrial-park",
        SubAreaKind.SUB_AREA,
        "新日本工业团地",
        "新日本工業団地",
        "New Japan Industrial Park",
        None,
    ),
    ("songmudao", SubAreaKind.SUB_AREA, "松木岛", "松木島", "Songmudao", None),
    ("xizhongdao", SubAreaKind.SUB_AREA, "西中岛", "西中島", "Xizhongdao", None),
    ("huayuankou", SubAreaKind.SUB_AREA, "花园口", "花園口", "Huayuankou", None),
)

Topic = tuple[str, str, str]
ZONE_TOPICS: dict[str, tuple[Topic, ...]] = {
    TopicKind.PLATFORM: (
        ("技术创新", "技術革新", "technology innovation"),
        ("产业对接", "産業マッチング", "industrial matchmaking"),
        ("金融服务", "金融サービス", "financial services"),
    ),
    TopicKind.POLICY_AREA: (
        ("投融资", "投融資", "investment and financing"),
        ("财税", "財政・税制", "fiscal and tax"),
        ("出入境", "出入国", "entry and exit"),
        ("对外贸易", "対外貿易", "foreign trade"),
        ("金融", "金融", "finance"),
    ),
    TopicKind.ADVANTAGE: (
        ("自贸区", "自由貿易試験区", "free-trade zone"),
        ("自创区", "国家自主イノベーションモデル区", "national innovation demonstration zone"),
    ),
    TopicKind.DISTINCTION: (
        (
            "唯一获批两个产业方向的示范区",
            "二つの産業方向が承認された唯一のモデル区",
            "the only zone approved for two industry directions",
        ),
        ("面积最大的示范区", "面積最大のモデル区", "the largest zone by area"),
        ("东北地区唯一的示范区", "東北地域で唯一のモデル区", "the only zone in Northeast China"),
    ),
}
PAIRING_TOPICS: dict[str, tuple[Topic, ...]] = {
    TopicKind.ASSISTANCE_LINE: (
        ("产业合作", "産業協力", "industrial cooperation"),
        ("劳务协作", "労務協力", "labour cooperation"),
        ("资金支持", "資金支援", "financial support"),
        ("消费扶贫", "消費による貧困扶助", "consumption assistance"),
        ("教育扶贫", "教育による貧困扶助", "education assistance"),
        ("医疗扶贫", "医療による貧困扶助", "medical assistance"),
        ("农村产业结构调整", "農村産業構造の調整", "rural industrial restructuring"),
    ),
    TopicKind.MODEL: (
        (
            "大连企业+六盘水资源",
            "大連の企業＋六盤水の資源",
            "Dalian enterprises + Liupanshui resources",
        ),
        ("大连市场+六盘水产品", "大連の市場＋六盤水の産品", "Dalian market + Liupanshui products"),
        (
            "大连总部+六盘水基地",
            "大連の本部＋六盤水の拠点",
            "Dalian headquarters + Liupanshui base",
        ),
        (
            "大连研发+六盘水制造",
            "大連の研究開発＋六盤水の製造",
            "Dalian R&D + Liupanshui manufacturing",
        ),
    ),
    TopicKind.FIELD: (
        ("现代农业", "現代農業", "modern agriculture"),
        ("装备制造", "装備製造", "equipment manufacturing"),
        ("新能源", "新エネルギー", "new energy"),
        ("新材料", "新素材", "new materials"),
        ("旅游产品开发", "観光商品開発", "tourism product development"),
        ("文明城市创建", "文明都市づくり", "civilised-city building"),
        ("技术创新", "技術革新", "technology innovation"),
    ),
    TopicKind.TOOL: (
        ("项目清单", "プロジェクトリスト", "project list"),
        ("工作台账", "業務台帳", "work ledger"),
        ("工作专班", "専門作業チーム", "task force"),
    ),
}


def _party(program: Program, role: str, **target: Any) -> ProgramParty:
    return upsert(ProgramParty, {"program": program, "role": role, **target})


def _topics(program: Program, topics: dict[str, tuple[Topic, ...]]) -> None:
    kept = []
    for kind, items in topics.items():
        for position, (zh, ja, en) in enumerate(items, start=1):
            kept.append(
                upsert(
                    ProgramTopic,
                    {"program": program, "kind": kind, "name_zh_hans": zh},
                    name_ja=ja,
                    name_en=en,
                    position=position,
                )
            )
    prune(program.topics.all(), kept)


def build_programs(regions: dict[str, Region], orgs: dict[str, Organisation]) -> dict[str, Program]:
    ndrc = orgs[NDRC]
    programs: dict[str, Program] = {}
    batch = upsert(
        Program,
        {"code": ZONE_BATCH},
        kind=ProgramKind.ZONE,
        name_zh_hans="中日地方发展合作示范区",
        name_ja="中日地方発展協力モデル区",
        name_en="China–Japan Local Development Cooperation Demonstration Zones",
        approved_by=ndrc,
        since_year=2020,
        parent=None,
        region=None,
        description_zh_hans="国家发改委批准在大连、天津、上海、苏州、青岛、成都6市设立中日地方发展合作示范区。",
        description_ja="国家発展改革委員会が大連・天津・上海・蘇州・青島・成都の6市に設置を承認した。",
        description_en="The National Development and Reform Commission approved zones in six "
        "cities: Dalian, Tianjin, Shanghai, Suzhou, Qingdao and Chengdu.",
    )
    programs[ZONE_BATCH] = batch
    prune(
        batch.parties.all(),
        [
            _party(batch, PartyRole.APPROVER, organisation=ndrc),
            _party(batch, PartyRole.PARTNER_COUNTRY, country="JP"),
        ],
    )
    for suffix, city, city_ja, city_en, region in ZONE_CITIES:
        dalian = suffix == "dalian"
        zone = upsert(
            Program,
            {"code": f"cn-jp-{suffix}"},
            kind=ProgramKind.ZONE,
            parent=batch,
            name_zh_hans=f"中日({city})地方发展合作示范区",
            name_ja=f"中日（{city_ja}）地方発展協力モデル区",
            name_en=f"China–Japan ({city_en}) Local Development Cooperation Demonstration Zone",
            region=regions[region],
            approved_by=ndrc,
            since_year=2020,
            description_zh_hans=DALIAN_DESCRIPTION[0] if dalian else "",
            description_ja=DALIAN_DESCRIPTION[1] if dalian else "",
            description_en=DALIAN_DESCRIPTION[2] if dalian else "",
        )
        programs[zone.code] = zone
        prune(
            zone.parties.all(),
            [
                _party(zone, PartyRole.HOST, region=regions[region]),
                _party(zone, PartyRole.PARTNER_COUNTRY, country="JP"),
            ],
        )

    zone = programs[DALIAN_ZONE]
    directions = [
        upsert(IndustryDirection, {"code": code}, name_zh_hans=zh, name_ja=ja, name_en=en)
        for code, zh, ja, en in DIRECTIONS
    ]
    for direction in directions:
        # No single GB/T 4754 class is obviously either direction: both span several divisions.
        direction.industry_classes.set([])
    zone.industry_directions.set(directions)
    kept = [
        upsert(
            SubArea,
            {"program": zone, "code": code},
            kind=kind,
            name_zh_hans=zh,
            name_ja=ja,
            name_en=en,
            region=regions[region] if region else None,
        )
        for code, kind, zh, ja, en, region in SUB_AREAS
    ]
    core_area = next(sub for sub in kept if sub.kind == SubAreaKind.CORE)
    core_area.also_covers.set([regions["210214"]])  # 金普新区 covers 金州区 and part of 普兰店区
    prune(zone.sub_areas.all(), kept)
    _topics(zone, ZONE_TOPICS)

    partnership = upsert(
        Program,
        {"code": CITY_PARTNERSHIP},
        kind=ProgramKind.CITY_PARTNERSHIP,
        name_zh_hans="大阪—大连“中日区域经济合作试点示范城市”项目",
        name_ja="大阪・大連「日中地域経済協力試行モデル都市」事業",
        name_en="Osaka–Dalian China–Japan Regional Economic Cooperation Pilot Demonstration "
        "Cities project",
        region=regions["210200"],
        parent=None,
        description_zh_hans="松井一郎、今井丰希望继续推进两市“中日区域经济合作试点示范城市”项目。",
        description_en="Matsui Ichirō and Imai Yutaka hope the two cities continue the project.",
    )
    programs[CITY_PARTNERSHIP] = partnership
    prune(
        partnership.parties.all(),
        [
            _party(partnership, PartyRole.PARTNER, region=regions["210200"]),
            _party(partnership, PartyRole.PARTNER, region=regions["JP-27-27100"]),
        ],
    )

    provincial = upsert(
        Program,
        {"code": PROVINCIAL_PAIRING},
        kind=ProgramKind.PAIRING,
        name_zh_hans="辽宁·贵州东西部扶贫协作",
        name_ja="遼寧・貴州東西部協力",
        name_en="Liaoning–Guizhou East–West collaboration",
        region=None,
        parent=None,
        description_zh_hans="两省东西部扶贫协作联席会议（辽宁贵州扶贫协作工作联席会议）部署两市的协作。",
        description_en="The two provinces' joint meeting (联席会议) on East–West collaboration "
        "sets the work the two cities report on.",
    )
    programs[PROVINCIAL_PAIRING] = provincial
    prune(
        provincial.parties.all(),
        [
            _party(provincial, PartyRole.DONOR, region=regions["210000"]),
            _party(provincial, PartyRole.ASSISTED, region=regions["520000"]),
        ],
    )
    pairing = upsert(
        Program,
        {"code": PAIRING},
        kind=ProgramKind.PAIRING,
        parent=provincial,
        region=None,
        name_zh_hans="大连·六盘水东西部协作",
        name_ja="大連・六盤水東西部協力",
        name_en="Dalian–Liupanshui East–West collaboration",
        since_year=1996,
        description_zh_hans="大连市对口帮扶六盘水市，至2020年已24年。",
        description_ja="大連市は六盤水市を対口支援しており、2020年で24年になる。",
        description_en="Dalian has assisted Liupanshui for 24 years as of 2020.",
    )
    programs[PAIRING] = pairing
    prune(
        pairing.parties.all(),
        [
            _party(pairing, PartyRole.DONOR, region=regions["210200"]),
            _party(pairing, PartyRole.ASSISTED, region=regions["520200"]),
        ],
    )
    _topics(pairing, PAIRING_TOPICS)
    return programs


# --- the page, events and agreements -----------------------------------------------------------

CREDITS = {
    "proof_reader": "刘晓雪",
    "editor": "魏巍",
    "editor_in_charge": "周世鹏",
    "reporters": [
        {"report": 1, "name": "鹿道铭", "organisation": MEDIA_GROUP},
        {"report": 2, "name": "刘星", "organisation": MEDIA_GROUP},
    ],
}


def build_source() -> SourceDocument:
    return upsert(
        SourceDocument,
        {"publication": "大连晚报", "page": "A11", "published_on": PUBLISHED},
        section="时政大连",
        title_zh_hans="大连晚报 2020年8月25日 A11版 时政大连",
        title_ja="大連晩報 2020年8月25日 A11面「時政大連」",
        title_en="Dalian Evening News, 25 August 2020, page A11 (时政大连)",
        printed_date="2020年8月25日 星期一",
        credits=CREDITS,
        file_name="seed/000_fc1effbfd3ed064c.txt",
        note="版面印为“星期一”，但2020年8月25日是星期二。"
        "The page prints Monday (星期一), but 25 August 2020 was a Tuesday.\n"
        "Reports: 1. 中日(大连)地方发展合作示范区揭牌 (鹿道铭); "
        "2. 大连·六盘水东西部扶贫协作工作座谈会在大连市召开 (刘星).",
    )


@dataclass(frozen=True)
class EventSpec:
    zh: str
    ja: str
    en: str
    kind: str
    program: str
    region: str
    status: str = EventStatus.HELD
    day: date | None = DAY
    part_of_day: str = ""
    venue: str = ""
    parent: str | None = None
    description: str = ""
    participants: tuple[tuple[str, tuple[str, ...]], ...] = ()
    groups: tuple[tuple[str, str, str], ...] = ()  # people the page names only as a group


CEREMONY = "中日(大连)地方发展合作示范区揭牌仪式"
SYMPOSIUM = "大连·六盘水东西部扶贫协作工作座谈会"
VISITORS = (("郝春荣", (ATTENDED,)), ("陈绍旺", (ATTENDED,)))

EVENTS: tuple[EventSpec, ...] = (
    EventSpec(
        CEREMONY,
        "中日（大連）地方発展協力モデル区除幕式",
        "Unveiling of the China–Japan (Dalian) Local Development Cooperation Demonstration Zone",
        EventKind.CEREMONY,
        DALIAN_ZONE,
        "210213",
        venue="金石滩鲁能希尔顿酒店",
        description="揭牌仪式在金普新区金石滩鲁能希尔顿酒店举行，仪式后举行项目签约仪式（8项）。"
        "省及市有关部门负责同志，驻华日本机构及日资企业代表等参加有关活动。",
        groups=(
            (
                "省及市有关部门负责同志",
                "省・市関係部門の責任者",
                "heads of provincial and city departments",
            ),
            (
                "驻华日本机构及日资企业代表",
                "在中国日本機関及び日系企業の代表",
                "representatives of Japanese institutions in China and Japanese-owned enterprises",
            ),
        ),
        participants=(
            ("孔铉佑", (VIDEO,)),
            ("谭作钧", (ATTENDED, ADDRESS)),
            ("郝春荣", (ATTENDED, SPEECH)),
            ("陈绍旺", (PRESIDED,)),
            ("安利民", (VIDEO,)),
            ("松井一郎", (VIDEO,)),
            ("今井丰", (VIDEO,)),
            ("川上文博", (ATTENDED, ADDRESS)),
            ("高木纯", (ADDRESS,)),
            ("五十岚一嗣", (ADDRESS,)),
            ("刘国平", (ADDRESS,)),
            ("卢林", (ATTENDED,)),
            ("李鹏宇", (ATTENDED,)),
            ("靳国卫", (ATTENDED,)),
            ("杨广志", (ATTENDED,)),
        ),
    ),
    EventSpec(
        "调研金石滩京都风情小镇",
        "視察：金石灘京都風情小鎮",
        "Site visit: Jinshitan Kyoto-style town",
        EventKind.SITE_VISIT,
        DALIAN_ZONE,
        "210213",
        venue="金石滩京都风情小镇",
        parent=CEREMONY,
        participants=VISITORS,
        description="仪式后，郝春荣、陈绍旺等省市领导前往调研，详细了解项目规划建设等情况。",
    ),
    EventSpec(
        "调研日本电产(大连)有限公司新工厂",
        "視察：日本電産（大連）有限公司新工場",
        "Site visit: the new factory of Nidec (Dalian)",
        EventKind.SITE_VISIT,
        DALIAN_ZONE,
        "210200",
        venue="日本电产(大连)有限公司新工厂",
        parent=CEREMONY,
        participants=VISITORS,
        description="仪式后，郝春荣、陈绍旺等省市领导前往调研，详细了解项目规划建设等情况。",
    ),
    EventSpec(
        "调研新日本工业团地建设现场",
        "視察：新日本工業団地建設現場",
        "Site visit: New Japan Industrial Park construction site",
        EventKind.SITE_VISIT,
        DALIAN_ZONE,
        "210200",
        venue="新日本工业团地建设现场",
        parent=CEREMONY,
        participants=VISITORS,
        description="仪式后，郝春荣、陈绍旺等省市领导前往调研，详细了解项目规划建设等情况。",
    ),
    EventSpec(
        SYMPOSIUM,
        "大連・六盤水東西部貧困扶助協力工作座談会",
        "Dalian–Liupanshui East–West poverty-alleviation collaboration symposium",
        EventKind.MEETING,
        PAIRING,
        "210200",
        part_of_day=PartOfDay.AFTERNOON,
        venue="棒槌岛宾馆",
        description="8月24日，贵州省六盘水市党政代表团一行来连，当日下午座谈会在棒槌岛宾馆举行。"
        "靳国卫、黄家忠分别汇报两市落实两省东西部扶贫协作联席会议情况。"
        "座谈会后举行两市消费扶贫产销对接签约仪式。",
        participants=(
            ("谭作钧", (ATTENDED, SPEECH)),
            ("王忠", (ATTENDED, SPEECH)),
            ("陈绍旺", (PRESIDED,)),
            ("徐少达", (ATTENDED,)),
            ("靳国卫", (REPORT,)),
            ("黄家忠", (REPORT,)),
            ("熊博力", (ATTENDED,)),
            ("衣庆焘", (ATTENDED,)),
            *(
                (name, (ATTENDED,))
                for name in (
                    "张志祥",
                    "付国祥",
                    "瓦标龙",
                    "张谦",
                    "张延松",
                    "梁建",
                    "杨昌显",
                    "何枢",
                )
            ),
        ),
    ),
    EventSpec(
        "六盘水市党政代表团参观考察旅顺口区",
        "六盤水市党政代表団 旅順口区視察",
        "Liupanshui delegation visit to Lüshunkou",
        EventKind.SITE_VISIT,
        PAIRING,
        "210212",
        status=EventStatus.PLANNED,
        day=None,
        description="在连期间，代表团一行将前往旅顺口区参观考察、洽谈合作。",
    ),
    EventSpec(
        "六盘水市党政代表团参观考察金普新区",
        "六盤水市党政代表団 金普新区視察",
        "Liupanshui delegation visit to Jinpu New Area",
        EventKind.SITE_VISIT,
        PAIRING,
        "210213",
        status=EventStatus.PLANNED,
        day=None,
        description="在连期间，代表团一行将前往金普新区参观考察、洽谈合作。",
    ),
    EventSpec(
        "六盘水特色农产品大连展洽会巡展",
        "六盤水特色農産物大連展示商談会巡回展",
        "Roadshow of the Liupanshui specialty farm products trade fair in Dalian",
        EventKind.TRADE_FAIR,
        PAIRING,
        "210200",
        status=EventStatus.PLANNED,
        day=None,
        description="在连期间，代表团一行将参加六盘水特色农产品大连展洽会巡展活动。",
    ),
)


def build_events(
    regions: dict[str, Region],
    programs: dict[str, Program],
    positions: dict[str, Position],
    source: SourceDocument,
) -> dict[str, Event]:
    events: dict[str, Event] = {}
    for spec in EVENTS:
        event = upsert(
            Event,
            {"title_zh_hans": spec.zh, "is_synthetic": False},
            title_ja=spec.ja,
            title_en=spec.en,
            kind=spec.kind,
            status=spec.status,
            date=spec.day,
            part_of_day=spec.part_of_day,
            venue_zh_hans=spec.venue,
            program=programs[spec.program],
            region=regions[spec.region],
            parent=events[spec.parent] if spec.parent else None,
            source=source,
            description=spec.description,
        )
        events[spec.zh] = event
        kept = []
        for order, (name, parts) in enumerate(spec.participants, start=1):
            position = positions[name]
            kept.append(
                upsert(
                    Participation,
                    {"event": event, "person": position.person},
                    position=position,
                    parts=[str(p) for p in parts],
                    order=order,
                )
            )
        for order, (zh, ja, en) in enumerate(spec.groups, start=len(kept) + 1):
            kept.append(
                upsert(
                    Participation,
                    {"event": event, "person": None, "group_zh_hans": zh},
                    group_ja=ja,
                    group_en=en,
                    parts=[str(ATTENDED)],
                    order=order,
                )
            )
        prune(event.participations.all(), kept)
    return events


@dataclass(frozen=True)
class Signed:
    sequence: int
    zh: str
    kind: str
    parties: tuple[tuple[str, str], ...]  # organisation, agreement role
    project: bool
    sub_area: str | None = None
    operator: str | None = None  # the organisation a project sets up


INVESTOR = AgreementPartyRole.INVESTOR
SIGNED_ITEMS: tuple[Signed, ...] = (
    Signed(
        1,
        "日本电产工业园千人研发中心项目",
        AgreementKind.INVESTMENT_PROJECT,
        ((NIDEC, INVESTOR),),
        True,
    ),
    Signed(
        2,
        "本田中国和东软睿驰汽车智能网联系统项目",
        AgreementKind.INVESTMENT_PROJECT,
        ((HONDA_CHINA, INVESTOR), (NEUSOFT_REACH, INVESTOR)),
        True,
    ),
    Signed(
        3,
        "尼得科智动(广州)车载电子有限公司大连分公司(经营性公司)项目",
        AgreementKind.INVESTMENT_PROJECT,
        ((NIDEC_GUANGZHOU, INVESTOR),),
        True,
        operator=NIDEC_GUANGZHOU_DALIAN,
    ),
    Signed(4, "日本瑞环环境项目", AgreementKind.INVESTMENT_PROJECT, ((RUIHUAN, INVESTOR),), True),
    Signed(5, "日式商超示范中心项目", AgreementKind.INVESTMENT_PROJECT, (), True),
    Signed(
        6,
        "金普新区与欧力士(中国)投资有限公司深化战略合作框架协议",
        AgreementKind.FRAMEWORK,
        ((JINPU, AgreementPartyRole.HOST), (ORIX_CHINA, AgreementPartyRole.PARTNER)),
        False,
    ),
    Signed(
        7,
        "金普新区与日本瑞穗银行关于中日(大连)地方发展合作示范区相关业务合作项目",
        AgreementKind.BUSINESS_COOPERATION,
        ((JINPU, AgreementPartyRole.HOST), (MIZUHO, AgreementPartyRole.PARTNER)),
        False,
    ),
    Signed(
        8,
        "日本岩谷大连西中岛氢能利用项目",
        AgreementKind.INVESTMENT_PROJECT,
        ((IWATANI, INVESTOR),),
        True,
        sub_area="xizhongdao",
    ),
)

#: buyer, supplier, goods zh / ja / en
PROCUREMENTS = (
    (DASHANG_FRUIT, KIWI, ("猕猴桃系列产品", "キウイフルーツ製品", "kiwifruit products")),
    (HUASHENG, YUNSHANG, ("农特产品", "農業特産品", "specialty farm products")),
    (QIANHUO, YANJIAO, ("岩脚面", "岩脚麺", "Yanjiao noodles")),
)


def project_code(sequence: int) -> str:
    return f"DLZ-20200824-{sequence:02d}"


def build_agreements(
    regions: dict[str, Region],
    orgs: dict[str, Organisation],
    programs: dict[str, Program],
    events: dict[str, Event],
) -> tuple[list[Agreement], list[Project]]:
    zone = programs[DALIAN_ZONE]
    ceremony = events[CEREMONY]
    agreements: list[Agreement] = []
    projects: list[Project] = []
    for item in SIGNED_ITEMS:
        sub_area = zone.sub_areas.get(code=item.sub_area) if item.sub_area else None
        agreement = upsert(
            Agreement,
            {"event": ceremony, "sequence": item.sequence},
            title_zh_hans=item.zh,
            kind=item.kind,
            program=zone,
            signed_on=DAY,
            amount=None,
            currency="",
            sub_area=sub_area,
        )
        agreements.append(agreement)
        prune(
            agreement.parties.all(),
            [
                upsert(
                    AgreementParty,
                    {"agreement": agreement, "organisation": orgs[name], "role": role},
                )
                for name, role in item.parties
            ],
        )
        if not item.project:
            continue
        project = upsert(
            Project,
            {"code": project_code(item.sequence)},
            title_zh_hans=item.zh,
            program=zone,
            sub_area=sub_area,
            region=regions["210200"],
            stage=Stage.SIGNED,
            stage_since=DAY,
            description=f"{DAY:%Y-%m-%d} 在{CEREMONY}后的项目签约仪式上签约。",
        )
        project.agreements.set([agreement])
        parties = [
            upsert(
                ProjectParty,
                {"project": project, "organisation": orgs[name], "role": ProjectPartyRole.INVESTOR},
            )
            for name, role in item.parties
            if role == INVESTOR
        ]
        if item.operator:
            parties.append(
                upsert(
                    ProjectParty,
                    {
                        "project": project,
                        "organisation": orgs[item.operator],
                        "role": ProjectPartyRole.OPERATOR,
                    },
                )
            )
        prune(project.parties.all(), parties)
        projects.append(project)

    symposium = events[SYMPOSIUM]
    for sequence, (buyer, supplier, (zh, ja, en)) in enumerate(PROCUREMENTS, start=1):
        agreement = upsert(
            Agreement,
            {"event": symposium, "sequence": sequence},
            title_zh_hans=f"{zh}采购协议",
            title_ja=f"{ja}調達協定",
            title_en=f"Procurement agreement for {en}",
            kind=AgreementKind.PROCUREMENT,
            program=programs[PAIRING],
            signed_on=DAY,
            amount=None,
            currency="",
            subject_zh_hans=zh,
            subject_ja=ja,
            subject_en=en,
            sub_area=None,
            note="消费扶贫产销对接签约仪式",
        )
        agreements.append(agreement)
        prune(
            agreement.parties.all(),
            [
                upsert(
                    AgreementParty,
                    {
                        "agreement": agreement,
                        "organisation": orgs[buyer],
                        "role": AgreementPartyRole.BUYER,
                    },
                ),
                upsert(
                    AgreementParty,
                    {
                        "agreement": agreement,
                        "organisation": orgs[supplier],
                        "role": AgreementPartyRole.SUPPLIER,
                    },
                ),
            ],
        )
    return agreements, projects


# --- all of it ----------------------------------------------------------------------------------


@transaction.atomic
def build_world() -> dict[str, int]:
    """Create or update every fact of the source document; return record counts by kind."""
    regions = build_regions()
    orgs = build_organisations(regions)
    positions = build_people(orgs)
    programs = build_programs(regions, orgs)
    source = build_source()
    events = build_events(regions, programs, positions, source)
    agreements, projects = build_agreements(regions, orgs, programs, events)
    return {
        "regions": len(regions),
        "organisations": len(orgs),
        "people": len(positions),
        "programs": len(programs),
        "events": len(events),
        "agreements": len(agreements),
        "projects": len(projects),
    }
