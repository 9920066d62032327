"""Every fact of WORLD.md is in the database after ``build_world()``, exactly."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from hezuo.accounts.choices import Role
from hezuo.accounts.models import Membership, Profile
from hezuo.demo.users import DEMO_PASSWORD, build_users
from hezuo.demo.world import (
    CITY_PARTNERSHIP,
    DALIAN_ZONE,
    FOREIGN_REGIONS,
    PAIRING,
    PROVINCIAL_PAIRING,
    REGIONS,
    ZONE_BATCH,
    build_world,
)
from hezuo.directory.models import IndustryClass, Organisation, Person
from hezuo.events.models import Agreement, Event, SourceDocument
from hezuo.projects.models import Project
from hezuo.regions.models import Program, Region, SubArea

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world")]

DAY = date(2020, 8, 24)
CEREMONY = "中日(大连)地方发展合作示范区揭牌仪式"
SYMPOSIUM = "大连·六盘水东西部扶贫协作工作座谈会"
DALIAN_LEADER = "大连市领导"
LIUPANSHUI_LEADERS = ("张志祥", "付国祥", "瓦标龙", "张谦", "张延松", "梁建", "杨昌显", "何枢")


def org(name: str) -> Organisation:
    return Organisation.objects.get(name_zh_hans=name, is_synthetic=False)


def program(code: str) -> Program:
    return Program.objects.get(code=code)


# --- regions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name", "parent", "ja", "en"),
    [
        ("210000", "辽宁省", None, "遼寧省", "Liaoning"),
        ("210200", "大连市", "210000", "大連市", "Dalian"),
        ("210212", "旅顺口区", "210200", "旅順口区", "Lüshunkou"),
        ("210213", "金州区", "210200", "金州区", "Jinzhou"),
        ("210214", "普兰店区", "210200", "普蘭店区", "Pulandian"),
        ("520000", "贵州省", None, "貴州省", "Guizhou"),
        ("520200", "六盘水市", "520000", "六盤水市", "Liupanshui"),
        ("520203", "六枝特区", "520200", "六枝特区", "Liuzhi"),
        ("120000", "天津市", None, "天津市", "Tianjin"),
        ("310000", "上海市", None, "上海市", "Shanghai"),
        ("320500", "苏州市", "320000", "蘇州市", "Suzhou"),
        ("370200", "青岛市", "370000", "青島市", "Qingdao"),
        ("510100", "成都市", "510000", "成都市", "Chengdu"),
        ("JP", "日本", None, "日本", "Japan"),
        ("JP-27", "大阪府", "JP", "大阪府", "Osaka Prefecture"),
        ("JP-27-27100", "大阪市", "JP-27", "大阪市", "Osaka City"),
    ],
)
def test_region(code: str, name: str, parent: str | None, ja: str, en: str) -> None:
    region = Region.objects.get(code=code)
    assert (region.name_zh_hans, region.name_ja, region.name_en) == (name, ja, en)
    assert (region.parent.code if region.parent else None) == parent
    assert not region.is_synthetic


def test_osaka_regions_are_japanese() -> None:
    assert Region.objects.get(code="JP").level == "country"
    osaka = Region.objects.get(code="JP-27")
    assert (osaka.level, osaka.country) == ("province", "JP")
    city = Region.objects.get(code="JP-27-27100")
    assert (city.level, city.country) == ("city", "JP")


# --- program 1: the zone ------------------------------------------------------------------------


def test_six_zones_approved_by_ndrc() -> None:
    batch = program(ZONE_BATCH)
    ndrc = org("国家发展改革委")
    assert ndrc.kind == "government"
    assert batch.approved_by == ndrc
    assert batch.parties.filter(role="approver", organisation=ndrc).exists()
    zones = {z.code: z for z in batch.children.all()}
    assert {z.region.code for z in zones.values()} == {
        "210200",
        "120000",
        "310000",
        "320500",
        "370200",
        "510100",
    }
    assert all(z.kind == "zone" and z.approved_by == ndrc for z in zones.values())
    dalian = zones[DALIAN_ZONE]
    assert dalian.name_zh_hans == "中日(大连)地方发展合作示范区"
    assert dalian.name_en == "China–Japan (Dalian) Local Development Cooperation Demonstration Zone"
    assert {z.name_zh_hans for z in zones.values()} == {
        f"中日({c})地方发展合作示范区" for c in ("大连", "天津", "上海", "苏州", "青岛", "成都")
    }


def test_dalian_structure() -> None:
    zone = program(DALIAN_ZONE)
    areas = {a.name_zh_hans: a for a in zone.sub_areas.all()}
    assert len(areas) == 7
    assert areas["金普新区"].kind == "core"
    assert areas["金普新区"].region.code == "210213"
    assert {n for n, a in areas.items() if a.kind == "wing"} == {"黄海沿岸", "渤海沿岸"}
    sub_areas = {
        (a.name_zh_hans, a.name_ja, a.name_en) for a in areas.values() if a.kind == "sub_area"
    }
    assert sub_areas == {
        ("新日本工业团地", "新日本工業団地", "New Japan Industrial Park"),
        ("松木岛", "松木島", "Songmudao"),
        ("西中岛", "西中島", "Xizhongdao"),
        ("花园口", "花園口", "Huayuankou"),
    }


def test_industry_directions_only_in_dalian() -> None:
    zone = program(DALIAN_ZONE)
    assert {(d.name_zh_hans, d.name_en) for d in zone.industry_directions.all()} == {
        ("高端装备制造", "high-end equipment manufacturing"),
        ("新材料", "new materials"),
    }
    others = Program.objects.filter(parent__code=ZONE_BATCH).exclude(code=DALIAN_ZONE)
    assert not any(z.industry_directions.exists() for z in others)


def topics(code: str, kind: str) -> list[str]:
    return list(
        program(code)
        .topics.filter(kind=kind)
        .order_by("position")
        .values_list("name_zh_hans", flat=True)
    )


def test_zone_topics() -> None:
    assert topics(DALIAN_ZONE, "platform") == ["技术创新", "产业对接", "金融服务"]
    assert topics(DALIAN_ZONE, "policy_area") == ["投融资", "财税", "出入境", "对外贸易", "金融"]
    assert topics(DALIAN_ZONE, "advantage") == ["自贸区", "自创区"]
    assert len(topics(DALIAN_ZONE, "distinction")) == 3
    en = set(program(DALIAN_ZONE).topics.values_list("name_en", flat=True))
    assert {
        "free-trade zone",
        "national innovation demonstration zone",
        "the only zone approved for two industry directions",
        "the largest zone by area",
        "the only zone in Northeast China",
    } <= en


def test_osaka_dalian_city_partnership() -> None:
    partnership = program(CITY_PARTNERSHIP)
    assert partnership.kind == "city_partnership"
    assert "中日区域经济合作试点示范城市" in partnership.name_zh_hans
    assert {p.region.code for p in partnership.parties.all()} == {"210200", "JP-27-27100"}


# --- program 2: the pairing ---------------------------------------------------------------------


def test_pairing() -> None:
    pairing = program(PAIRING)
    assert pairing.kind == "pairing"
    assert pairing.since_year == 1996 and 2020 - pairing.since_year == 24
    roles = {(p.role, p.region.code) for p in pairing.parties.all()}
    assert roles == {("donor", "210200"), ("assisted", "520200")}
    provincial = pairing.parent
    assert provincial.code == PROVINCIAL_PAIRING and provincial.kind == "pairing"
    assert {(p.role, p.region.code) for p in provincial.parties.all()} == {
        ("donor", "210000"),
        ("assisted", "520000"),
    }


def test_pairing_topics() -> None:
    assert topics(PAIRING, "assistance_line") == [
        "产业合作",
        "劳务协作",
        "资金支持",
        "消费扶贫",
        "教育扶贫",
        "医疗扶贫",
        "农村产业结构调整",
    ]
    assert topics(PAIRING, "model") == [
        "大连企业+六盘水资源",
        "大连市场+六盘水产品",
        "大连总部+六盘水基地",
        "大连研发+六盘水制造",
    ]
    assert topics(PAIRING, "field") == [
        "现代农业",
        "装备制造",
        "新能源",
        "新材料",
        "旅游产品开发",
        "文明城市创建",
        "技术创新",
    ]
    assert topics(PAIRING, "tool") == ["项目清单", "工作台账", "工作专班"]


# --- organisations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("尼得科", "日本电产"),
        ("Nidec", "日本电产"),
        ("日本電産", "日本电产"),
        ("ニデック", "日本电产"),
        ("みずほ銀行", "瑞穗银行"),
        ("Mizuho Bank", "瑞穗银行"),
        ("オリックス", "欧力士"),
        ("ORIX", "欧力士"),
        ("岩谷", "岩谷产业"),
        ("岩谷産業", "岩谷产业"),
        ("Iwatani", "岩谷产业"),
        ("本田", "本田技研工业"),
        ("Honda", "本田技研工业"),
        ("国家发改委", "国家发展改革委"),
    ],
)
def test_alias(alias: str, name: str) -> None:
    assert Organisation.objects.get(aliases__name=alias).name_zh_hans == name


def test_organisation_parents_and_countries() -> None:
    nidec = org("日本电产")
    assert (nidec.country, nidec.name_ja, nidec.name_en) == ("JP", "日本電産", "Nidec")
    assert org("日本电产(大连)有限公司").parent == nidec
    guangzhou = org("尼得科智动(广州)车载电子有限公司")
    assert guangzhou.parent == nidec and guangzhou.region.code == "440100"
    branch = org("尼得科智动(广州)车载电子有限公司大连分公司")
    assert branch.parent == guangzhou and branch.region.code == "210200"
    assert org("欧力士(中国)投资有限公司").parent == org("欧力士")
    assert org("本田中国").parent == org("本田技研工业")
    assert org("大商集团大连大菜市果品有限公司").parent == org("大商集团")
    assert org("瑞穗银行").kind == "financial"
    assert org("六枝特区岩脚大畅面业有限公司").region.code == "520203"
    assert org("大连新闻传媒集团").region.code == "210200"


def test_no_invented_codes() -> None:
    facts = Organisation.objects.filter(is_synthetic=False)
    assert not facts.exclude(uscc="").exists()
    assert not facts.exclude(jp_corporate_number="").exists()


# --- events -------------------------------------------------------------------------------------


def roster(title: str) -> list[tuple[str, list[str], str]]:
    event = Event.objects.get(title_zh_hans=title, is_synthetic=False)
    return [
        (p.person.name_zh_hans, p.parts, p.position.title_zh_hans)
        for p in event.participations.select_related("person", "position").order_by("order")
        if p.person is not None
    ]


def groups(title: str) -> list[str]:
    event = Event.objects.get(title_zh_hans=title, is_synthetic=False)
    return [p.group_zh_hans for p in event.participations.filter(person=None).order_by("order")]


def test_ceremony() -> None:
    event = Event.objects.get(title_zh_hans=CEREMONY)
    assert (event.kind, event.status, event.date) == ("ceremony", "held", DAY)
    assert event.venue_zh_hans == "金石滩鲁能希尔顿酒店"
    assert event.region.code == "210213"
    assert event.program.code == DALIAN_ZONE
    assert roster(CEREMONY) == [
        ("孔铉佑", ["video_address"], "中国驻日本大使"),
        ("谭作钧", ["attended", "address"], "辽宁省委常委、大连市委书记"),
        ("郝春荣", ["attended", "speech"], "辽宁省副省长"),
        ("陈绍旺", ["presided"], "大连市委副书记、市长"),
        ("安利民", ["video_address"], "国家发展改革委地区经济司副司长"),
        ("松井一郎", ["video_address"], "大阪市长"),
        ("今井丰", ["video_address"], "大连市荣誉公民、大阪府议会日中友好议员联盟会长"),
        ("川上文博", ["attended", "address"], "日本国驻沈阳总领馆总领事"),
        ("高木纯", ["address"], "大连日本商工会理事长"),
        ("五十岚一嗣", ["address"], "日本电产(大连)有限公司总经理"),
        ("刘国平", ["address"], "欧力士(中国)投资有限公司董事长"),
        ("卢林", ["attended"], DALIAN_LEADER),
        ("李鹏宇", ["attended"], DALIAN_LEADER),
        ("靳国卫", ["attended"], "大连市副市长"),  # listed among 市领导 on the page
        ("杨广志", ["attended"], "长兴岛经济区管委会主任"),
    ]
    assert groups(CEREMONY) == ["省及市有关部门负责同志", "驻华日本机构及日资企业代表"]


def test_positions_name_their_organisation() -> None:
    expected = {
        "孔铉佑": "中国驻日本大使馆",
        "郝春荣": "辽宁省人民政府",
        "陈绍旺": "大连市人民政府",
        "安利民": "国家发展改革委地区经济司",
        "松井一郎": "大阪市政府",
        "川上文博": "日本国驻沈阳总领馆",
        "高木纯": "大连日本商工会",
        "五十岚一嗣": "日本电产(大连)有限公司",
        "刘国平": "欧力士(中国)投资有限公司",
        "王忠": "中共六盘水市委",
        "黄家忠": "六盘水市人民政府",
        "鹿道铭": "大连新闻传媒集团",
    }
    for name, organisation in expected.items():
        position = Person.objects.get(name_zh_hans=name).positions.get()
        assert position.organisation.name_zh_hans == organisation, name
        assert position.start_date is None and position.end_date is None
    assert Person.objects.get(name_zh_hans="卢林").positions.get().organisation is None
    matsui = Person.objects.get(name_zh_hans="松井一郎")
    assert (matsui.name_ja, matsui.name_en) == ("松井一郎", "Matsui Ichirō")
    assert "大阪府市长" in matsui.note


def test_site_visits() -> None:
    ceremony = Event.objects.get(title_zh_hans=CEREMONY)
    visits = ceremony.follow_ups.all()
    assert {v.venue_zh_hans for v in visits} == {
        "金石滩京都风情小镇",
        "日本电产(大连)有限公司新工厂",
        "新日本工业团地建设现场",
    }
    for visit in visits:
        assert (visit.kind, visit.status, visit.date) == ("site_visit", "held", DAY)
        assert [p.person.name_zh_hans for p in visit.participations.all()] == ["郝春荣", "陈绍旺"]


def test_symposium() -> None:
    event = Event.objects.get(title_zh_hans=SYMPOSIUM)
    assert (event.kind, event.date, event.part_of_day) == ("meeting", DAY, "afternoon")
    assert event.venue_zh_hans == "棒槌岛宾馆"
    assert event.program.code == PAIRING
    assert roster(SYMPOSIUM) == [
        ("谭作钧", ["attended", "speech"], "辽宁省委常委、大连市委书记"),
        ("王忠", ["attended", "speech"], "六盘水市委书记"),
        ("陈绍旺", ["presided"], "大连市委副书记、市长"),
        ("徐少达", ["attended"], "大连市委副书记、宣传部长"),
        ("靳国卫", ["report"], "大连市副市长"),
        ("黄家忠", ["report"], "六盘水市副市长"),
        ("熊博力", ["attended"], "大连市委常委、秘书长"),
        ("衣庆焘", ["attended"], "大连市政府秘书长"),
        *((name, ["attended"], "六盘水市领导") for name in LIUPANSHUI_LEADERS),
    ]


def test_same_person_at_both_events() -> None:
    tan = Person.objects.get(name_zh_hans="谭作钧")
    assert tan.participations.count() == 2
    assert tan.positions.count() == 1


def test_planned_events() -> None:
    planned = Event.objects.filter(status="planned", is_synthetic=False)
    assert {(e.kind, e.region.code) for e in planned} == {
        ("site_visit", "210212"),
        ("site_visit", "210213"),
        ("trade_fair", "210200"),
    }
    assert planned.get(kind="trade_fair").title_zh_hans == "六盘水特色农产品大连展洽会巡展"
    assert all(e.program.code == PAIRING and e.date is None for e in planned)


# --- agreements and projects --------------------------------------------------------------------

ITEMS = {
    1: ("日本电产工业园千人研发中心项目", "investment_project", {("日本电产", "investor")}),
    2: (
        "本田中国和东软睿驰汽车智能网联系统项目",
        "investment_project",
        {("本田中国", "investor"), ("东软睿驰", "investor")},
    ),
    3: (
        "尼得科智动(广州)车载电子有限公司大连分公司(经营性公司)项目",
        "investment_project",
        {("尼得科智动(广州)车载电子有限公司", "investor")},
    ),
    4: ("日本瑞环环境项目", "investment_project", {("日本瑞环环境", "investor")}),
    5: ("日式商超示范中心项目", "investment_project", set()),
    6: (
        "金普新区与欧力士(中国)投资有限公司深化战略合作框架协议",
        "framework",
        {("金普新区", "host"), ("欧力士(中国)投资有限公司", "partner")},
    ),
    7: (
        "金普新区与日本瑞穗银行关于中日(大连)地方发展合作示范区相关业务合作项目",
        "business_cooperation",
        {("金普新区", "host"), ("瑞穗银行", "partner")},
    ),
    8: ("日本岩谷大连西中岛氢能利用项目", "investment_project", {("岩谷产业", "investor")}),
}


def test_eight_signed_items() -> None:
    signed = Agreement.objects.filter(event__title_zh_hans=CEREMONY).order_by("sequence")
    assert [a.sequence for a in signed] == list(range(1, 9))
    for agreement in signed:
        title, kind, parties = ITEMS[agreement.sequence]
        assert (agreement.title_zh_hans, agreement.kind) == (title, kind)
        assert agreement.signed_on == DAY
        assert agreement.program.code == DALIAN_ZONE
        assert agreement.amount is None and agreement.currency == ""
        assert {(p.organisation.name_zh_hans, p.role) for p in agreement.parties.all()} == parties
    assert signed.get(sequence=8).sub_area.name_zh_hans == "西中岛"


def test_six_projects_signed() -> None:
    projects = Project.objects.filter(is_synthetic=False)
    assert projects.count() == 6
    by_item = {p.agreements.get().sequence: p for p in projects}
    assert set(by_item) == {1, 2, 3, 4, 5, 8}
    for sequence, project in by_item.items():
        assert (project.stage, project.stage_since) == ("signed", DAY)
        assert project.program.code == DALIAN_ZONE
        assert project.title_zh_hans == ITEMS[sequence][0]
        investors = {
            (p.organisation.name_zh_hans, "investor")
            for p in project.parties.all()
            if p.role == "investor"
        }
        assert investors == ITEMS[sequence][2]
    assert by_item[8].sub_area.name_zh_hans == "西中岛"
    assert by_item[3].parties.get(role="operator").organisation.name_zh_hans == (
        "尼得科智动(广州)车载电子有限公司大连分公司"
    )
    for sequence in (6, 7):
        agreement = Agreement.objects.get(event__title_zh_hans=CEREMONY, sequence=sequence)
        assert not agreement.projects.exists()


def test_procurement_agreements() -> None:
    agreements = Agreement.objects.filter(kind="procurement", is_synthetic=False)
    rows = set()
    for agreement in agreements:
        assert agreement.event.title_zh_hans == SYMPOSIUM
        assert agreement.program.code == PAIRING
        assert agreement.signed_on == DAY and agreement.amount is None
        buyer = agreement.parties.get(role="buyer").organisation.name_zh_hans
        supplier = agreement.parties.get(role="supplier").organisation.name_zh_hans
        rows.add(
            (buyer, supplier, agreement.subject_zh_hans, agreement.subject_ja, agreement.subject_en)
        )
    assert rows == {
        (
            "大商集团大连大菜市果品有限公司",
            "凉都猕猴桃股份有限公司",
            "猕猴桃系列产品",
            "キウイフルーツ製品",
            "kiwifruit products",
        ),
        (
            "华盛珍品商贸(大连)有限公司",
            "贵州云上深山农产品有限公司",
            "农特产品",
            "農業特産品",
            "specialty farm products",
        ),
        (
            "大连黔货入连商贸有限公司",
            "六枝特区岩脚大畅面业有限公司",
            "岩脚面",
            "岩脚麺",
            "Yanjiao noodles",
        ),
    }


# --- the page -----------------------------------------------------------------------------------


def test_source_document() -> None:
    source = SourceDocument.objects.get()
    assert (source.publication, source.page, source.section) == ("大连晚报", "A11", "时政大连")
    assert source.published_on == date(2020, 8, 25)
    assert source.printed_date == "2020年8月25日 星期一"
    assert date(2020, 8, 25).weekday() == 1  # a Tuesday, as the note says
    assert "Tuesday" in source.note and "星期二" in source.note
    assert source.credits["proof_reader"] == "刘晓雪"
    assert source.credits["editor"] == "魏巍"
    assert source.credits["editor_in_charge"] == "周世鹏"
    assert [(r["report"], r["name"]) for r in source.credits["reporters"]] == [
        (1, "鹿道铭"),
        (2, "刘星"),
    ]
    assert not Event.objects.filter(is_synthetic=False, source__isnull=True).exists()


# --- the whole ----------------------------------------------------------------------------------


def hezuo_models() -> list[type]:
    """Return the project's models that keep history (not the history models themselves)."""
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("hezuo.")
        and hasattr(m, "history")
        and not m.__name__.startswith("Historical")
    ]


def test_facts_are_valid_and_not_synthetic() -> None:
    world_regions = [code for code, *_ in REGIONS] + [code for code, *_ in FOREIGN_REGIONS]
    for model in hezuo_models():
        assert not model._default_manager.filter(is_synthetic=True).exists(), model
        rows = model._default_manager.all()
        if model is Region:
            rows = rows.filter(code__in=world_regions)
        elif model is IndustryClass:
            continue  # loaded in bulk from the standard, not built by the world
        for obj in rows:
            obj.full_clean()


def test_build_world_is_idempotent() -> None:
    def history() -> dict[str, int]:
        return {m.__name__: m.history.count() for m in hezuo_models()}  # type: ignore[attr-defined]

    def rows() -> dict[str, int]:
        return {m.__name__: m._default_manager.count() for m in hezuo_models()}

    before_history, before_rows = history(), rows()
    build_world()
    assert rows() == before_rows
    assert history() == before_history


def test_demo_users() -> None:
    logins = build_users()
    assert {kind for _, _, kind, _ in logins} == {str(k.label) for k in Role}
    users = {u.username: u for u in get_user_model().objects.all()}
    assert users["zone"].check_password(DEMO_PASSWORD)  # one check: hashing is slow on purpose
    assert len({users[name].password for name, *_ in logins}) == 1
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not users["zone"].is_staff
    profiles = {p.user.username: p for p in Profile.objects.select_related("user")}
    member = {m.user.username: m for m in Membership.objects.select_related("user")}
    assert (member["zone"].role, member["zone"].program.code) == ("zone_admin", DALIAN_ZONE)
    assert profiles["officer"].language == "ja"
    assert member["nidec"].organisation.name_zh_hans == "日本电产"
    assert (profiles["mizuho"].language, member["mizuho"].organisation.name_en) == (
        "en",
        "Mizuho Bank",
    )
    assert member["dalian"].program.code == PAIRING
    assert member["liupanshui"].role == "assisted_office"
    assert list(member["liupanshui"].regions.values_list("code", flat=True)) == ["520200"]
    assert member["buyer"].organisation.name_zh_hans == "大商集团大连大菜市果品有限公司"
    assert build_users() == logins  # idempotent


def test_core_area_covers_jinzhou_and_part_of_pulandian() -> None:
    core = SubArea.objects.get(program__code=DALIAN_ZONE, kind="core")
    assert core.name_zh_hans == "金普新区"
    assert core.region.code == "210213"
    assert list(core.also_covers.values_list("code", flat=True)) == ["210214"]
