"""A synthetic catalogue of support policies of the Dalian zone, with rules the world meets or misses.

Every policy is synthetic (``is_synthetic=True``) and its title carries the sample mark
(``（示例）`` / ``（サンプル）`` / `` (sample)``): the source document names the five areas
(投融资、财税、出入境、对外贸易、金融) but no policy text. The rules are chosen to teach:

- the Iwatani hydrogen project at 西中岛 (DLZ-20200824-08, signed, a Japanese investor, an
  investment-project agreement) qualifies for the new-energy policy of 西中岛;
- a project still at ``signed`` elsewhere (Nidec's, DLZ-20200824-01) qualifies only for the
  pre-registration service, and sees the policies it would qualify for once registered;
- later stages, arrived investment, jobs and industry classes open the others, so synthetic
  projects of the zone meet some and miss others.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hezuo.base.services import SYSTEM
from hezuo.directory.models import Organisation
from hezuo.policies import selectors, services
from hezuo.policies.models import Application, EligibilityRule, Policy, PolicyNotice
from hezuo.regions.models import Program

from .synthetic import mark
from .world import DALIAN_ZONE, JINPU

START = date(2020, 9, 1)

#: code, area, benefit, (zh, ja, en) titles, (zh, ja, en) summaries, sub-areas, formula, cap,
#: granted without application, status, documents, rules (description, rule)
CATALOGUE: tuple[dict[str, Any], ...] = (
    {
        "code": "dlz-xizhongdao-new-energy",
        "area": "investment_financing",
        "benefit": "subsidy",
        "titles": (
            "西中岛新能源项目落地奖励",
            "西中島新エネルギー事業立地奨励",
            "Xizhongdao new-energy project award",
        ),
        "summaries": (
            "对在西中岛片区签约的外资新能源(氢能等)投资项目给予一次性落地奖励。",
            "西中島区画で調印された外資系新エネルギー(水素等)投資案件に一時奨励金を支給。",
            "A one-off award to foreign-invested new-energy (hydrogen and others) projects signed in the Xizhongdao sub-area.",
        ),
        "sub_areas": ["xizhongdao"],
        "formula": {"kind": "fixed", "amount": 500000},
        "cap": None,
        "documents": "投资协议\n项目建议书",
        "rules": [
            (
                "外资、已签约的投资项目",
                {
                    "all": [
                        {"field": "investor_country", "op": "not_in", "value": ["CN"]},
                        {"field": "stage", "op": "gte", "value": "signed"},
                        {"field": "agreement_kind", "op": "eq", "value": "investment_project"},
                    ]
                },
            )
        ],
    },
    {
        "code": "dlz-pre-registration-service",
        "area": "other",
        "benefit": "fast_track",
        "titles": (
            "注册落地前全程代办服务",
            "登記前ワンストップ代行サービス",
            "Pre-registration one-stop service",
        ),
        "summaries": (
            "对已签约尚未注册的项目,由专人代办企业设立、外商投资信息报告等手续。",
            "調印済みで未登記の案件について、会社設立・外商投資情報報告などの手続を担当者が代行。",
            "For projects signed but not yet registered: an officer handles company set-up and the foreign-investment report.",
        ),
        "sub_areas": [],
        "formula": {},
        "cap": None,
        "documents": "投资协议",
        "rules": [
            (
                "已签约、尚未注册",
                {
                    "all": [
                        {"field": "stage", "op": "in", "value": ["negotiating", "signed"]},
                        {"field": "agreement_kind", "op": "exists"},
                    ]
                },
            )
        ],
    },
    {
        "code": "dlz-arrived-investment-award",
        "area": "investment_financing",
        "benefit": "subsidy",
        "titles": (
            "外资到位奖励(免申即享)",
            "外資到着奨励(申請不要)",
            "Award for foreign investment arrived (no application)",
        ),
        "summaries": (
            "已注册落地的外资项目,按实际到位外资的2%给予奖励,最高500万元,免申即享。",
            "登記済みの外資案件に、実際に到着した外資の2%を奨励(上限500万元)、申請不要。",
            "Registered foreign-invested projects receive 2% of the foreign investment arrived, up to CNY 5 million, without applying.",
        ),
        "sub_areas": [],
        "formula": {"kind": "share", "of": "arrived_investment", "rate": 0.02},
        "cap": Decimal("5000000"),
        "automatic": True,
        "documents": "",
        "rules": [
            (
                "已注册、外资到位不少于1000万元",
                {
                    "all": [
                        {"field": "stage", "op": "gte", "value": "registered"},
                        {"field": "investor_country", "op": "not_in", "value": ["CN"]},
                        {"field": "arrived_investment", "op": "gte", "value": 10000000},
                    ]
                },
            )
        ],
    },
    {
        "code": "dlz-manufacturing-tax",
        "area": "fiscal_tax",
        "benefit": "tax_reduction",
        "titles": (
            "先进制造业企业所得税优惠",
            "先進製造業の法人所得税優遇",
            "Corporate income tax relief for advanced manufacturing",
        ),
        "summaries": (
            "已投产的制造业(国民经济行业分类C门类)外资企业,按规定享受企业所得税减免。",
            "操業を開始した製造業(国民経済業種分類C)外資企業は法人所得税の減免を受けられる。",
            "Foreign-invested manufacturers (GB/T 4754 section C) in production receive corporate income tax relief.",
        ),
        "sub_areas": [],
        "formula": {},
        "cap": None,
        "documents": "营业执照\n上年度财务报表",
        "rules": [
            (
                "制造业、已投产",
                {
                    "all": [
                        {"field": "industry_class", "op": "in", "value": ["C"]},
                        {"field": "stage", "op": "gte", "value": "production"},
                    ]
                },
            )
        ],
    },
    {
        "code": "dlz-expert-entry-exit",
        "area": "entry_exit",
        "benefit": "visa_facilitation",
        "titles": (
            "外籍专家出入境便利",
            "外国人専門家の出入国の便宜",
            "Entry and exit facilitation for foreign experts",
        ),
        "summaries": (
            "日资、韩资已注册企业的外籍技术人员可办理多次往返签证和居留许可绿色通道。",
            "日系・韓国系の登記済み企業の外国人技術者は数次ビザ・在留許可の優先窓口を利用可能。",
            "Foreign engineers of registered Japanese or Korean enterprises get multiple-entry visas and a residence-permit fast lane.",
        ),
        "sub_areas": [],
        "formula": {},
        "cap": None,
        "documents": "护照复印件\n劳动合同",
        "rules": [
            (
                "日资或韩资、已注册",
                {
                    "all": [
                        {"field": "investor_country", "op": "in", "value": ["JP", "KR"]},
                        {"field": "stage", "op": "gte", "value": "registered"},
                    ]
                },
            )
        ],
    },
    {
        "code": "dlz-cross-border-trade",
        "area": "foreign_trade",
        "benefit": "fast_track",
        "titles": (
            "跨境贸易便利化通关",
            "越境貿易の通関円滑化",
            "Cross-border trade customs fast track",
        ),
        "summaries": (
            "已投产的外资企业进出口货物可享受提前申报、两步申报等便利通关措施。",
            "操業中の外資企業の輸出入貨物は事前申告・二段階申告などの通関円滑化措置を利用可能。",
            "Foreign-invested enterprises in production may use advance and two-step customs declaration.",
        ),
        "sub_areas": [],
        "formula": {},
        "cap": None,
        "documents": "海关备案回执",
        "rules": [
            (
                "企业投资、已投产",
                {
                    "all": [
                        {"field": "stage", "op": "gte", "value": "production"},
                        {
                            "not": {
                                "field": "organisation_kind",
                                "op": "in",
                                "value": ["government"],
                            }
                        },
                    ]
                },
            )
        ],
    },
    {
        "code": "dlz-loan-interest",
        "area": "finance",
        "benefit": "loan_interest_subsidy",
        "titles": (
            "重点项目贷款贴息",
            "重点案件の融資利子補給",
            "Loan interest subsidy for key projects",
        ),
        "summaries": (
            "开工建设的项目,合同投资额不少于5000万元或注册资本不少于100万美元的,按合同投资额0.5%贴息,最高200万元。",
            "着工済みで契約投資額5000万元以上または登録資本100万米ドル以上の案件に、契約投資額の0.5%を利子補給(上限200万元)。",
            "Projects under construction with at least CNY 50 million contracted or USD 1 million registered capital: 0.5% of the contracted amount, up to CNY 2 million.",
        ),
        "sub_areas": [],
        "formula": {"kind": "share", "of": "contracted_investment", "rate": 0.005},
        "cap": Decimal("2000000"),
        "documents": "贷款合同\n付息凭证",
        "rules": [
            (
                "已开工,且规模达标",
                {
                    "all": [
                        {"field": "stage", "op": "gte", "value": "construction"},
                        {
                            "any": [
                                {"field": "contracted_investment", "op": "gte", "value": 50000000},
                                {
                                    "field": "registered_capital",
                                    "op": "gte",
                                    "value": 1000000,
                                    "currency": "USD",
                                },
                            ]
                        },
                    ]
                },
            )
        ],
    },
    {
        "code": "dlz-jobs-award",
        "area": "talent",
        "benefit": "subsidy",
        "titles": ("新增就业岗位奖励", "新規雇用創出奨励", "Award for jobs created"),
        "summaries": (
            "已投产项目新增就业岗位不少于50个的,每个岗位奖励2000元,最高100万元。",
            "操業開始後に50人以上の雇用を創出した案件に、1人当たり2000元(上限100万元)。",
            "Projects in production that created at least 50 jobs receive CNY 2,000 per job, up to CNY 1 million.",
        ),
        "sub_areas": [],
        "formula": {"kind": "per_unit", "of": "jobs_created", "amount": 2000},
        "cap": Decimal("1000000"),
        "documents": "社保缴纳名单",
        "rules": [
            (
                "已投产、新增就业不少于50人",
                {
                    "all": [
                        {"field": "stage", "op": "gte", "value": "production"},
                        {"field": "jobs_created", "op": "gte", "value": 50},
                    ]
                },
            )
        ],
    },
    {
        "code": "dlz-land-draft",
        "area": "land",
        "benefit": "other",
        "status": "draft",
        "titles": (
            "工业用地弹性出让(征求意见稿)",
            "工業用地の弾力的譲渡(意見募集稿)",
            "Flexible industrial land terms (draft)",
        ),
        "summaries": (
            "草案:扩能项目可按弹性年期取得工业用地。",
            "草案:拡張案件は弾力的な年限で工業用地を取得可能。",
            "Draft: expanding projects may take industrial land on flexible terms.",
        ),
        "sub_areas": [],
        "formula": {},
        "cap": None,
        "documents": "",
        "rules": [("扩能项目", {"all": [{"field": "stage", "op": "eq", "value": "expansion"}]})],
    },
)


def delete_policies() -> None:
    Application.objects.filter(is_synthetic=True).delete()
    PolicyNotice.objects.filter(policy__is_synthetic=True).delete()
    Application.objects.filter(policy__is_synthetic=True).delete()
    EligibilityRule.objects.filter(policy__is_synthetic=True).delete()
    Policy.objects.filter(is_synthetic=True).delete()


def build_policies(*, on: date | None = None, notices: bool = True) -> dict[str, int]:
    """Replace the synthetic policy catalogue; add a few applications and (with ``notices``) a
    few figures that make projects newly qualify. Return counts."""
    delete_policies()
    zone = Program.objects.filter(code=DALIAN_ZONE).first()
    if zone is None:
        return {}
    issuer = Organisation.objects.filter(name_zh_hans=JINPU, is_synthetic=False).first()
    sub_areas = {s.code: s for s in zone.sub_areas.all()}
    made: list[Policy] = []
    for item in CATALOGUE:
        zh, ja, en = item["titles"]
        titles = mark(zh, ja, en)
        szh, sja, sen = item["summaries"]
        policy = Policy.objects.create(
            code=item["code"],
            title_zh_hans=titles["zh_hans"],
            title_ja=titles["ja"],
            title_en=titles["en"],
            summary_zh_hans=szh,
            summary_ja=sja,
            summary_en=sen,
            issuing_body=issuer,
            program=zone,
            area=item["area"],
            effective_from=START,
            benefit_kind=item["benefit"],
            benefit_formula=item["formula"],
            benefit_cap=item["cap"],
            required_documents=item["documents"],
            status=item.get("status", "in_force"),
            granted_without_application=item.get("automatic", False),
            full_text="示例政策文本 / サンプル政策文 / sample policy text",
            is_synthetic=True,
        )
        policy.full_clean()
        policy.sub_areas.set([sub_areas[c] for c in item["sub_areas"] if c in sub_areas])
        for description, rule in item["rules"]:
            made_rule = EligibilityRule(
                policy=policy, description=description, rule=rule, is_synthetic=True
            )
            made_rule.full_clean()
            made_rule.save()
        made.append(policy)

    # A few applications, so that the workflow has something to show: the first projects that
    # qualify for the loan interest subsidy apply; one is approved.
    applications = 0
    loan = next(p for p in made if p.code == "dlz-loan-interest")
    from django.utils import timezone

    today = on or timezone.localdate()
    for index, project in enumerate(selectors.qualifying_projects(loan, on=today, user=SYSTEM)[:3]):
        investor = next(iter(project.investors), None)
        if investor is None:
            continue
        application = services.apply(
            policy=loan, project=project, enterprise=investor, acting_user=SYSTEM, on=today
        )
        if index == 0:
            services.decide(
                application=application, approve=True, acting_user=SYSTEM, note="示例 / sample"
            )
        Application.objects.filter(pk=application.pk).update(is_synthetic=True)
        applications += 1
    made_notices = _demo_notices(made, today) if notices else 0
    return {"policies": len(made), "applications": applications, "notices": made_notices}


def _demo_notices(made: list[Policy], today: date) -> int:
    """Record a new arrived-investment figure for a few synthetic registered projects with a
    foreign investor that miss the award for want of it: the policies app notices that they
    newly qualify (hezuo.policies.signals), as it would after an officer recorded the figure."""
    from hezuo.projects.models import Project, ProjectFigure

    award = next(p for p in made if p.code == "dlz-arrived-investment-award")
    waiting = set(
        selectors.qualifying_projects(award, on=today, user=SYSTEM, not_applied=False).values_list(
            "pk", flat=True
        )
    )
    candidates = (
        Project.objects.filter(
            program=award.program_id,
            is_synthetic=True,
            stage__in=["registered", "construction", "production"],
            parties__role="investor",
            parties__organisation__country="JP",
        )
        .exclude(pk__in=waiting)
        .distinct()
        .order_by("code")[:3]
    )
    for project in candidates:
        ProjectFigure.objects.create(
            project=project,
            kind="arrived_investment",
            amount=Decimal("12000000"),
            currency="CNY",
            recorded_on=today,
            note="示例 / サンプル / sample",
            is_synthetic=True,
        )
    return PolicyNotice.objects.filter(is_synthetic=True).count()
