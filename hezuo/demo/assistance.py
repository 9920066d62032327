"""The Dalian–Liupanshui assistance ledger in the demo: the facts, then a marked synthetic layer.

Facts (WORLD.md, "Program 2"): the pairing (built by :mod:`hezuo.demo.world`) has run for 24
years as of 2020; its three procurement agreements of 2020-08-24 (also built there, as
``events.Agreement`` of kind "procurement") cover kiwifruit products, specialty farm products
and Yanjiao noodles from three Liupanshui suppliers. Here the pairing gets its period and the
three products; the agreements are linked to, never duplicated. The page gives no quantities,
prices or households, so everything else is synthetic: flagged ``is_synthetic`` and, where a
name is shown, marked （示例）.

The synthetic layer spreads households over the real villages of Liupanshui (codes loaded by
``load_regions``), with members whose resident ID numbers carry a valid GB 11643 check digit,
status histories, incomes, measures, projects with funds, jobs and placements, products and
deliveries, donations, exchanges and monitoring cases — and a few deliberate gaps, so the
weekly checks have something to find: households without a measure this year, households with
no head, a project that disbursed more than it was allocated, and deliveries
beyond an agreed quantity. Every synthetic person's ID number is valid and held once, so the
persons ledger exports and imports again without an error.
"""

from __future__ import annotations

import operator
import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Q
from stdnum.cn import ric

from hezuo.assistance.choices import (
    CaseDecision,
    CaseKind,
    Cause,
    CooperationModel,
    DonationKind,
    ExchangeDirection,
    ExchangeKind,
    FoundBy,
    FundSource,
    HouseholdStatus,
    Indicator,
    LabourCapacity,
    MeasureKind,
    PlaceType,
    ProjectField,
    ProjectStatus,
    Relation,
)
from hezuo.assistance.models import (
    AssistanceProject,
    Delivery,
    Disbursement,
    Exchange,
    FundAllocation,
    Household,
    HouseholdIncome,
    HouseholdMember,
    HouseholdStatusChange,
    Job,
    Measure,
    MonitoringCase,
    MonitoringLine,
    PairingPeriod,
    Placement,
    ProcurementLine,
    Product,
    SocialDonation,
    Target,
    YearlyAgreement,
)
from hezuo.directory.models import Organisation
from hezuo.events.choices import AgreementKind
from hezuo.events.models import Agreement
from hezuo.imports.fastinsert import insert_rows
from hezuo.regions.models import Program, Region

from .world import KIWI, PAIRING, SYMPOSIUM, YANJIAO, YUNSHANG, upsert

MARK = "（示例）"
CHANGE_REASON = "demo: synthetic assistance ledger"
FIRST_YEAR, LAST_YEAR = 2020, 2026
#: The demo does not look at the clock: nothing is dated after this day.
LAST_DAY = date(2026, 10, 31)

#: Per unit of scale.
COUNTS = {
    "households": 2000,
    "projects": 60,
    "jobs": 40,
    "placements": 900,
    "products": 15,
    "deliveries": 600,
    "donations": 40,
    "exchanges": 60,
    "cases": 120,
}

#: Resident ID numbers carry the code of the county where they were issued; 水城区 (520204)
#: replaced 水城县 (520221) only in 2020, so people born earlier were registered under 520221.
ID_COUNTY = {"520204": "520221"}

#: The three products of the 2020-08-24 procurement agreements (WORLD.md): supplier, names.
FACT_PRODUCTS = (
    (KIWI, ("猕猴桃系列产品", "キウイフルーツ製品", "kiwifruit products"), "水果"),
    (YUNSHANG, ("农特产品", "農業特産品", "specialty farm products"), "农特产品"),
    (YANJIAO, ("岩脚面", "岩脚麺", "Yanjiao noodles"), "粮油制品"),
)


#: Column types whose values :func:`insert_rows` takes as they are (it adapts dates, datetimes
#: and decimals itself); a value of any other type is first prepared by its field.
TAKEN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}


def _bulk(objs: Sequence[models.Model], model: type[models.Model]) -> list[Any]:
    """Insert new records and the history rows of their creation; return them with their pks.

    What ``bulk_create_with_history`` writes ("+", the time, the reason ``CHANGE_REASON``, no
    user), set-based through :func:`hezuo.imports.fastinsert.insert_rows`: the ORM's dozen
    calls per value made this layer take most of the demo's time. Every concrete field is
    written as the object holds it, except ``created`` and ``updated``: ``insert_rows`` sets
    them to its own moment (the objects keep theirs, None: nothing here reads them).
    """
    objs = list(objs)
    if not objs:
        return []
    fields = [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]
    names = [f.attname for f in fields]
    prepared = [
        (i, f.get_prep_value) for i, f in enumerate(fields) if f.get_internal_type() not in TAKEN
    ]
    values = operator.attrgetter(*names)  # a tuple: every model here has several fields
    rows: list[Sequence[Any]] = []
    for obj in objs:
        row: tuple[Any, ...] = values(obj)
        if prepared:
            changed = list(row)
            for i, prepare in prepared:
                if changed[i] is not None:
                    changed[i] = prepare(changed[i])
            row = tuple(changed)
        rows.append(row)
    pks = insert_rows(model, names, rows, user=None, reason=CHANGE_REASON)
    for obj, pk in zip(objs, pks, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


# --- facts ----------------------------------------------------------------------------------------


def procurement_agreements() -> list[Agreement]:
    """The three procurement agreements signed at the symposium, as world.py built them."""
    return list(
        Agreement.objects.filter(
            event__title_zh_hans=SYMPOSIUM, kind=AgreementKind.PROCUREMENT, is_synthetic=False
        ).order_by("sequence")
    )


@transaction.atomic
def build_assistance_facts() -> dict[str, Any]:
    """Give the pairing its period and the three agreements' products; return them."""
    pairing = Program.objects.get(code=PAIRING)
    dalian, liupanshui = Region.objects.get(code="210200"), Region.objects.get(code="520200")
    period = upsert(
        PairingPeriod,
        {"program": pairing, "donor_region": dalian, "assisted_region": liupanshui},
        start_date=date(1996, 1, 1),
        end_date=None,
        note="大连市对口帮扶六盘水市，至2020年已24年（起始日期原文未载，仅知年份）。",
    )
    products = []
    for supplier, (zh, ja, en), category in FACT_PRODUCTS:
        products.append(
            upsert(
                Product,
                {"program": pairing, "supplier": _org(supplier), "name_zh_hans": zh},
                name_ja=ja,
                name_en=en,
                category=category,
                unit="—",
            )
        )
    return {"pairing": pairing, "period": period, "products": products}


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name_zh_hans=name, is_synthetic=False)


# --- synthetic layer ------------------------------------------------------------------------------


def delete_assistance_synthetic() -> None:
    """Delete the synthetic ledger and its history rows, keeping the facts.

    Raw deletes, dependants first: the ORM's delete would collect and signal every one of
    tens of thousands of rows. Rows anyone added under a synthetic record go with it, as a
    cascade would take them.
    """
    synthetic_households = Household.objects.filter(is_synthetic=True).values("pk")
    synthetic_members = HouseholdMember.objects.filter(
        Q(is_synthetic=True) | Q(household__in=synthetic_households)
    ).values("pk")
    synthetic_projects = AssistanceProject.objects.filter(is_synthetic=True).values("pk")
    synthetic_products = Product.objects.filter(is_synthetic=True).values("pk")
    synthetic_agreements = YearlyAgreement.objects.filter(is_synthetic=True).values("pk")
    plan: list[tuple[type[models.Model], Q]] = [
        (Placement, Q(is_synthetic=True) | Q(member__in=synthetic_members)),
        (
            Measure,
            Q(is_synthetic=True)
            | Q(household__in=synthetic_households)
            | Q(project__in=synthetic_projects),
        ),
        (MonitoringCase, Q(is_synthetic=True) | Q(household__in=synthetic_households)),
        (HouseholdIncome, Q(is_synthetic=True) | Q(household__in=synthetic_households)),
        (HouseholdStatusChange, Q(is_synthetic=True) | Q(household__in=synthetic_households)),
        (HouseholdMember, Q(pk__in=synthetic_members)),
        (Household, Q(is_synthetic=True)),
        (Delivery, Q(is_synthetic=True) | Q(product__in=synthetic_products)),
        (ProcurementLine, Q(is_synthetic=True) | Q(product__in=synthetic_products)),
        (
            Disbursement,
            Q(is_synthetic=True) | Q(allocation__project__in=synthetic_projects),
        ),
        (FundAllocation, Q(is_synthetic=True) | Q(project__in=synthetic_projects)),
        (SocialDonation, Q(is_synthetic=True) | Q(project__in=synthetic_projects)),
        (AssistanceProject, Q(is_synthetic=True)),
        (Job, Q(is_synthetic=True)),
        (Product, Q(is_synthetic=True)),
        (Exchange, Q(is_synthetic=True)),
        (Target, Q(is_synthetic=True) | Q(agreement__in=synthetic_agreements)),
        (YearlyAgreement, Q(is_synthetic=True)),
        (MonitoringLine, Q(is_synthetic=True)),
    ]
    for model, condition in plan:
        rows = model._default_manager.filter(condition)
        history = model.history.filter(  # type: ignore[attr-defined]
            Q(is_synthetic=True) | Q(id__in=list(rows.values_list("pk", flat=True)))
        )
        history._raw_delete(history.db)
        rows._raw_delete(rows.db)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "明华建国平芳秀英志强丽军红玉兰海燕伟春梅文杰小龙金凤光荣德福永贵成林"


class AssistanceBuilder:
    def __init__(self, scale: int, seed: int) -> None:
        self.scale = scale
        # Seeded on purpose: the demo is the same on every machine (not for secrets).
        self.rng = random.Random(seed * 7 + 5)  # nosec B311
        self.pairing = Program.objects.get(code=PAIRING)
        self.counts: dict[str, int] = {}
        self.used_ids: set[str] = set()
        self.villages = list(
            Region.objects.filter(level="village", code__startswith="5202").order_by("code")
        )
        self.counties = list(
            Region.objects.filter(level="county", code__startswith="5202").order_by("code")
        )
        if not self.villages or not self.counties:
            raise RuntimeError("load the Liupanshui divisions first (hezuo load_regions)")

    def n(self, key: str) -> int:
        return COUNTS[key] * self.scale

    def day(self, start: date, end: date = LAST_DAY) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def name(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def resident_id(self, village: Region, born: date, sex: str) -> str:
        county = village.code[:6]
        county = ID_COUNTY.get(county, county)
        while True:
            sequence = self.rng.randrange(100) * 10 + self.rng.randrange(5) * 2
            sequence += 1 if sex == "M" else 0
            body = f"{county}{born:%Y%m%d}{sequence:03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    # -- households ------------------------------------------------------------------------------

    def build_households(self) -> tuple[list[Household], list[HouseholdMember]]:
        rng = self.rng
        statuses = [
            HouseholdStatus.REGISTERED_POOR,
            HouseholdStatus.LIFTED,
            HouseholdStatus.MONITORED,
            HouseholdStatus.NONE,
        ]
        causes = [c for c in Cause.values]
        households = []
        for index in range(self.n("households")):
            village = self.villages[index % len(self.villages)]
            status = rng.choices(statuses, weights=[8, 62, 10, 20])[0]
            main = rng.choice(causes)
            households.append(
                Household(
                    program=self.pairing,
                    number=f"{village.code}{index // len(self.villages) + 1:03d}S",
                    village=village,
                    phone=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                    main_cause=main,
                    secondary_cause=rng.choice([c for c in causes if c != main] + [""]),
                    education_secure=rng.random() > 0.03,
                    medical_secure=rng.random() > 0.03,
                    housing_secure=rng.random() > 0.02,
                    water_secure=rng.random() > 0.02,
                    status=status,
                    status_since=self.day(date(2016, 1, 1), date(2025, 12, 31)),
                    is_synthetic=True,
                )
            )
        households = _bulk(households, Household)
        members: list[HouseholdMember] = []
        changes = []
        for h in households:
            size = rng.choices([1, 2, 3, 4, 5, 6], weights=[6, 14, 22, 28, 20, 10])[0]
            head_born = self.day(date(1945, 1, 1), date(1995, 12, 31))
            people = [(Relation.HEAD, head_born, rng.choice("MF"))]
            if size > 1:
                people.append(
                    (Relation.SPOUSE, head_born + timedelta(days=rng.randint(-1500, 1500)), "")
                )
            for _ in range(size - len(people)):
                kind = rng.choice([Relation.CHILD, Relation.CHILD, Relation.PARENT])
                offset = 365 * rng.randint(20, 35)
                born = head_born + timedelta(days=offset if kind == Relation.CHILD else -offset)
                people.append((kind, min(born, date(2024, 12, 31)), rng.choice("MF")))
            for relation, born, sex in people:
                if relation == Relation.SPOUSE:
                    sex = "F" if people[0][2] == "M" else "M"
                age = 2026 - born.year
                members.append(
                    HouseholdMember(
                        household=h,
                        name=self.name(),
                        id_number=self.resident_id(h.village, born, sex),
                        relation=relation,
                        birth_date=born,
                        sex=sex,
                        labour_capacity=(
                            LabourCapacity.NORMAL
                            if 18 <= age <= 60 and rng.random() > 0.15
                            else rng.choice([LabourCapacity.WEAK, LabourCapacity.NONE])
                        ),
                        is_synthetic=True,
                    )
                )
            if h.status != HouseholdStatus.NONE:
                changes.append(
                    HouseholdStatusChange(
                        household=h,
                        status=HouseholdStatus.REGISTERED_POOR,
                        since=date(2014, 10, 1),
                        reason="建档立卡" + MARK,
                        is_synthetic=True,
                    )
                )
                if h.status != HouseholdStatus.REGISTERED_POOR:
                    changes.append(
                        HouseholdStatusChange(
                            household=h,
                            status=h.status,
                            since=h.status_since,
                            reason="" + MARK,
                            is_synthetic=True,
                        )
                    )
        members = self.deliberate_register_gaps(households, members)
        members = _bulk(members, HouseholdMember)
        _bulk(changes, HouseholdStatusChange)
        self.counts["households"] = len(households)
        self.counts["members"] = len(members)
        return households, members

    def deliberate_register_gaps(
        self, households: list[Household], members: list[HouseholdMember]
    ) -> list[HouseholdMember]:
        """Gaps for the duplicates check: two households with no head (the head moved away
        and nobody was named yet).

        Nothing the persons ledger's import refuses: no ID number held twice, no person in two
        households, no household with two heads. So every synthetic person is valid and unique,
        and the ledger goes out and back in (``hezuo export persons`` / ``import persons``)
        without an error; the checks find those duplicates on the tests' hand-built ledger.
        """
        by_household: dict[int, list[HouseholdMember]] = {}
        for member in members:
            by_household.setdefault(member.household.pk, []).append(member)
        for h in households[7 :: len(households) // 2 or 1][:2]:
            for member in by_household[h.pk]:
                if member.relation == Relation.HEAD:
                    member.relation = Relation.OTHER
        return members

    def build_incomes_and_measures(
        self,
        households: list[Household],
        members: list[HouseholdMember],
        projects: list[AssistanceProject],
    ) -> None:
        rng = self.rng
        sizes: dict[int, int] = {}
        for member in members:
            sizes[member.household_id] = sizes.get(member.household_id, 0) + 1
        incomes, measures = [], []
        kinds = list(MeasureKind.values)
        by_county: dict[str, list[AssistanceProject]] = {}
        for p in projects:
            by_county.setdefault(p.county.code, []).append(p)
        needing = 0
        for h in households:
            base = Decimal(rng.randint(3500, 14000))
            for year in range(LAST_YEAR - 2, LAST_YEAR):
                size = sizes.get(h.pk, 1)
                per = base * Decimal(1 + 0.08 * (year - 2021))
                total = per * size
                wages = (total * Decimal(rng.randint(45, 75)) / 100).quantize(Decimal("1"))
                business = (total * Decimal(rng.randint(5, 25)) / 100).quantize(Decimal("1"))
                transfers = (total * Decimal(rng.randint(5, 20)) / 100).quantize(Decimal("1"))
                income = HouseholdIncome(
                    household=h,
                    year=year,
                    members=size,
                    wages=wages,
                    business=business,
                    transfers=transfers,
                    property=Decimal(rng.randint(0, 800)),
                    is_synthetic=True,
                )
                income.compute()
                incomes.append(income)
            if h.status == HouseholdStatus.NONE:
                continue
            needing += 1
            # one in fifty households needing assistance gets nothing in the last year: the
            # "no household missed" check lists them
            skip_last = rng.random() < 0.02
            for year in range(LAST_YEAR - 1, LAST_YEAR + 1):
                if year == LAST_YEAR and skip_last:
                    continue
                for _ in range(rng.randint(1, 3)):
                    kind = rng.choice(kinds)
                    local = by_county.get(h.village.code[:6]) or projects
                    measures.append(
                        Measure(
                            household=h,
                            kind=kind,
                            project=rng.choice(local) if rng.random() < 0.6 else None,
                            date=self.day(date(year, 1, 1), min(date(year, 12, 31), LAST_DAY)),
                            amount=Decimal(rng.choice([0, 200, 500, 800, 1000, 2000, 3000])),
                            note=MARK,
                            is_synthetic=True,
                        )
                    )
        _bulk(incomes, HouseholdIncome)
        _bulk(measures, Measure)
        self.counts["incomes"] = len(incomes)
        self.counts["measures"] = len(measures)

    # -- projects and funds ------------------------------------------------------------------------

    def build_projects(self) -> list[AssistanceProject]:
        rng = self.rng
        dalian_orgs = list(
            Organisation.objects.filter(region__code__startswith="2102").order_by("pk")[:40]
        )
        lps_orgs = list(
            Organisation.objects.filter(region__code__startswith="5202").order_by("pk")[:40]
        )
        titles = (
            ("猕猴桃产业园", ProjectField.INDUSTRY, CooperationModel.ENTERPRISE_RESOURCES),
            ("农产品冷链物流中心", ProjectField.CONSUMPTION, CooperationModel.MARKET_PRODUCTS),
            ("劳务协作工作站", ProjectField.LABOUR, CooperationModel.OTHER),
            ("东西部协作产业园", ProjectField.INDUSTRY, CooperationModel.HQ_BASE),
            ("装备制造配套基地", ProjectField.INDUSTRY, CooperationModel.RD_MANUFACTURING),
            ("乡村学校改扩建", ProjectField.EDUCATION, CooperationModel.OTHER),
            ("村卫生室标准化建设", ProjectField.MEDICAL, CooperationModel.OTHER),
            ("产业路与灌溉设施", ProjectField.INFRASTRUCTURE, CooperationModel.OTHER),
            ("茶叶加工厂", ProjectField.INDUSTRY, CooperationModel.ENTERPRISE_RESOURCES),
            ("旅游产品开发", ProjectField.INDUSTRY, CooperationModel.MARKET_PRODUCTS),
        )
        projects = []
        for index in range(self.n("projects")):
            title, field, model = titles[index % len(titles)]
            county = self.counties[index % len(self.counties)]
            start = self.day(date(FIRST_YEAR, 3, 1), date(LAST_YEAR, 6, 30))
            status = rng.choices(
                [ProjectStatus.PLANNED, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED],
                weights=[10, 40, 50],
            )[0]
            end = None
            if status == ProjectStatus.COMPLETED:
                end = min(start + timedelta(days=rng.randint(120, 700)), LAST_DAY)
            fiscal = Decimal(rng.randint(50, 2000) * 10000)
            planned = status != ProjectStatus.PLANNED
            projects.append(
                AssistanceProject(
                    code=f"LPS-{start.year}-{index + 1:03d}S",
                    title_zh_hans=f"{county.name_zh_hans}{title}{MARK}",
                    title_en=f"{title} (sample)",
                    program=self.pairing,
                    county=county,
                    field=field,
                    model=model,
                    donor_unit=rng.choice(dalian_orgs) if dalian_orgs else None,
                    assisted_unit=rng.choice(lps_orgs) if lps_orgs else None,
                    investor=(
                        rng.choice(dalian_orgs)
                        if dalian_orgs and field == ProjectField.INDUSTRY
                        else None
                    ),
                    builds_industrial_park="产业园" in title,
                    planned_fiscal=fiscal,
                    planned_donation=Decimal(rng.randint(0, 50) * 10000),
                    planned_enterprise=(
                        Decimal(rng.randint(100, 3000) * 10000)
                        if field == ProjectField.INDUSTRY
                        else Decimal(0)
                    ),
                    planned_beneficiaries=rng.randint(50, 3000),
                    actual_beneficiaries=rng.randint(0, 2500) if planned else 0,
                    status=status,
                    start_date=start if planned else None,
                    end_date=end,
                    evidence_note=f"六盘水协作办〔{start.year}〕{index + 1}号{MARK}",
                    is_synthetic=True,
                )
            )
        projects = _bulk(projects, AssistanceProject)
        allocations = []
        for p in projects:
            if p.status == ProjectStatus.PLANNED:
                continue
            year = p.start_date.year
            allocations.append(
                FundAllocation(
                    project=p,
                    source=FundSource.FISCAL,
                    year=year,
                    amount=p.planned_fiscal,
                    allocated_on=p.start_date,
                    is_synthetic=True,
                )
            )
            if p.planned_enterprise:
                allocations.append(
                    FundAllocation(
                        project=p,
                        source=FundSource.ENTERPRISE,
                        year=year,
                        amount=p.planned_enterprise,
                        allocated_on=p.start_date,
                        is_synthetic=True,
                    )
                )
        allocations = _bulk(allocations, FundAllocation)
        payments = []
        for a in allocations:
            share = Decimal(rng.randint(30, 100)) / 100
            first = (a.amount * share * Decimal("0.6")).quantize(Decimal("1"))
            second = (a.amount * share - first).quantize(Decimal("1"))
            paid = min(a.allocated_on + timedelta(days=rng.randint(10, 90)), LAST_DAY)
            payments.append(
                Disbursement(allocation=a, paid_on=paid, amount=first, note=MARK, is_synthetic=True)
            )
            if second > 0:
                later = min(paid + timedelta(days=rng.randint(30, 200)), LAST_DAY)
                payments.append(
                    Disbursement(
                        allocation=a, paid_on=later, amount=second, note=MARK, is_synthetic=True
                    )
                )
        # a deliberate gap for the "money adds up" check: a payment entered twice, taking one
        # project's fiscal disbursements beyond its allocation
        if payments:
            doubled = payments[0]
            payments.append(
                Disbursement(
                    allocation=doubled.allocation,
                    paid_on=doubled.paid_on,
                    amount=doubled.allocation.amount,
                    note="重复录入" + MARK,
                    is_synthetic=True,
                )
            )
        _bulk(payments, Disbursement)
        self.counts["projects"] = len(projects)
        self.counts["allocations"] = len(allocations)
        self.counts["disbursements"] = len(payments)
        return projects

    # -- labour ------------------------------------------------------------------------------------

    def build_labour(self, members: list[HouseholdMember]) -> None:
        rng = self.rng
        employers = list(Organisation.objects.filter(is_synthetic=True).order_by("pk")[:60])
        if not employers:
            employers = list(Organisation.objects.order_by("pk")[:20])
        dalian = Region.objects.get(code="210200")
        places = (
            (PlaceType.NEAR_HOME, None, "就近就业车间"),
            (PlaceType.IN_PROVINCE, Region.objects.get(code="520000"), "省内园区"),
            (PlaceType.DONOR_REGION, dalian, "大连市"),
        )
        jobs = []
        for index in range(self.n("jobs")):
            place_type, region, place = places[index % 3]
            if region is None:
                region = self.counties[index % len(self.counties)]
            jobs.append(
                Job(
                    program=self.pairing,
                    employer=rng.choice(employers),
                    title=rng.choice(
                        ["装配工", "仓储物流员", "厨师", "家政服务员", "电工", "采摘工"]
                    )
                    + MARK,
                    place=place + MARK,
                    place_type=place_type,
                    region=region,
                    monthly_wage=Decimal(rng.randint(25, 70) * 100),
                    openings=rng.randint(5, 80),
                    is_synthetic=True,
                )
            )
        jobs = _bulk(jobs, Job)
        workers = [
            m
            for m in members
            if m.labour_capacity == LabourCapacity.NORMAL and m.relation != Relation.OTHER
        ]
        rng.shuffle(workers)
        placements = []
        for member in workers[: self.n("placements")]:
            job = rng.choice(jobs)
            start = self.day(date(FIRST_YEAR, 1, 1), date(2026, 9, 30))
            end = (
                None
                if rng.random() < 0.7
                else min(start + timedelta(days=rng.randint(20, 400)), LAST_DAY)
            )
            placements.append(
                Placement(
                    member=member,
                    job=job,
                    start_date=start,
                    end_date=end,
                    monthly_income=job.monthly_wage + Decimal(rng.randint(-3, 8) * 100),
                    is_synthetic=True,
                )
            )
        _bulk(placements, Placement)
        self.counts["jobs"] = len(jobs)
        self.counts["placements"] = len(placements)

    # -- consumption -------------------------------------------------------------------------------

    def build_consumption(self, facts: list[Product]) -> None:
        rng = self.rng
        agreements = procurement_agreements()
        suppliers = list(
            Organisation.objects.filter(region__code__startswith="5202").order_by("pk")[:30]
        )
        goods = (
            ("刺梨汁", "饮品", "箱"),
            ("高山茶叶", "茶叶", "kg"),
            ("小黄姜", "蔬菜", "kg"),
            ("猕猴桃干", "果干", "袋"),
            ("山地蜂蜜", "蜂产品", "瓶"),
            ("火腿", "肉制品", "kg"),
            ("荞麦面", "粮油制品", "袋"),
        )
        products = []
        for index in range(self.n("products")):
            zh, category, unit = goods[index % len(goods)]
            products.append(
                Product(
                    program=self.pairing,
                    supplier=rng.choice(suppliers),
                    name_zh_hans=f"{zh}{index + 1}{MARK}",
                    name_en=f"product {index + 1} (sample)",
                    category=category,
                    unit=unit,
                    price=Decimal(rng.randint(10, 200)),
                    capacity=Decimal(rng.randint(10, 500) * 100),
                    is_synthetic=True,
                )
            )
        products = _bulk(products, Product)
        lines = []
        for agreement, product in zip(agreements, facts, strict=False):
            lines.append(
                ProcurementLine(
                    agreement=agreement,
                    product=product,
                    quantity=Decimal(rng.randint(900, 1500) * 100),  # above what is delivered
                    unit_price=Decimal(rng.randint(8, 40)),
                    is_synthetic=True,
                )
            )
        lines = _bulk(lines, ProcurementLine)
        deliveries = []
        for index in range(self.n("deliveries")):
            line = lines[index % len(lines)]
            qty = Decimal(rng.randint(5, 60) * 10)
            deliveries.append(
                Delivery(
                    agreement=line.agreement,
                    product=line.product,
                    delivered_on=self.day(date(2020, 9, 1)),
                    quantity=qty,
                    amount=qty * line.unit_price,
                    is_synthetic=True,
                )
            )
        # a deliberate gap for the "money adds up" check: the noodles delivered beyond the
        # agreed quantity, with no amendment recorded
        if lines:
            last = lines[-1]
            deliveries.append(
                Delivery(
                    agreement=last.agreement,
                    product=last.product,
                    delivered_on=date(2026, 10, 15),
                    quantity=last.quantity,
                    amount=last.quantity * last.unit_price,
                    is_synthetic=True,
                )
            )
        _bulk(deliveries, Delivery)
        self.counts["products"] = len(products)
        self.counts["procurement_lines"] = len(lines)
        self.counts["deliveries"] = len(deliveries)

    # -- targets, donations, exchanges, monitoring ------------------------------------------------

    def build_agreements_and_targets(self) -> None:
        rng = self.rng
        agreements = _bulk(
            [
                YearlyAgreement(
                    program=self.pairing,
                    year=year,
                    signed_on=date(year, 3, rng.randint(1, 28)),
                    note="年度协作协议" + MARK,
                    is_synthetic=True,
                )
                for year in range(FIRST_YEAR, LAST_YEAR + 1)
            ],
            YearlyAgreement,
        )
        scale = self.scale
        values = {
            Indicator.FISCAL_ALLOCATED: 30_000_000 * scale,
            Indicator.FISCAL_DISBURSED: 25_000_000 * scale,
            Indicator.DONATIONS: 2_000_000 * scale,
            Indicator.OFFICIALS_EXCHANGED: 6 * scale,
            Indicator.PROFESSIONALS_EXCHANGED: 20 * scale,
            Indicator.PROJECTS_STARTED: 8 * scale,
            Indicator.PEOPLE_EMPLOYED: 120 * scale,
            Indicator.RETAINED_6_MONTHS: 80 * scale,
            Indicator.CONSUMPTION_SALES: 600_000 * scale,
            Indicator.HOUSEHOLDS_ASSISTED: 2000 * scale,
        }
        _bulk(
            [
                Target(agreement=a, indicator=k, value=Decimal(v), is_synthetic=True)
                for a in agreements
                for k, v in values.items()
            ],
            Target,
        )
        self.counts["yearly_agreements"] = len(agreements)

    def build_donations_and_exchanges(self, projects: list[AssistanceProject]) -> None:
        rng = self.rng
        donations = [
            SocialDonation(
                program=self.pairing,
                donor_name=rng.choice(["大连市慈善总会", "大连某商会", "爱心企业", "个人捐赠"])
                + MARK,
                kind=rng.choice(DonationKind.values),
                received_on=self.day(date(FIRST_YEAR, 1, 1)),
                amount=Decimal(rng.randint(1, 100) * 5000),
                county=rng.choice(self.counties),
                project=rng.choice(projects) if rng.random() < 0.3 else None,
                is_synthetic=True,
            )
            for _ in range(self.n("donations"))
        ]
        _bulk(donations, SocialDonation)
        dalian = Region.objects.get(code="210200")
        exchanges = []
        for _ in range(self.n("exchanges")):
            to_assisted = rng.random() < 0.7
            kind = rng.choice(ExchangeKind.values)
            start = self.day(date(FIRST_YEAR, 1, 1))
            exchanges.append(
                Exchange(
                    program=self.pairing,
                    direction=(
                        ExchangeDirection.TO_ASSISTED if to_assisted else ExchangeDirection.TO_DONOR
                    ),
                    kind=kind,
                    name=f"{self.name()}{MARK}",
                    people=1 if rng.random() < 0.8 else rng.randint(2, 12),
                    sending_unit=("大连市" if to_assisted else "六盘水市") + MARK,
                    host_unit=("六盘水市" if to_assisted else "大连市") + MARK,
                    region=rng.choice(self.counties) if to_assisted else dalian,
                    start_date=start,
                    end_date=min(start + timedelta(days=rng.randint(30, 730)), LAST_DAY),
                    is_synthetic=True,
                )
            )
        _bulk(exchanges, Exchange)
        self.counts["donations"] = len(donations)
        self.counts["exchanges"] = len(exchanges)

    def build_monitoring(self, households: list[Household]) -> None:
        rng = self.rng
        guizhou = Region.objects.get(code="520000")
        standards = {2021: 4000, 2022: 4100, 2023: 4300, 2024: 4500, 2025: 4600, 2026: 4700}
        _bulk(
            [
                MonitoringLine(
                    province=guizhou,
                    year=year,
                    national_standard=Decimal(value),
                    line=Decimal(value) * Decimal("1.5"),
                    is_synthetic=True,
                )
                for year, value in standards.items()
                if not MonitoringLine.objects.filter(province=guizhou, year=year).exists()
            ],
            MonitoringLine,
        )
        candidates = [
            h for h in households if h.status in (HouseholdStatus.MONITORED, HouseholdStatus.LIFTED)
        ]
        rng.shuffle(candidates)
        cases = []
        for index, h in enumerate(candidates[: self.n("cases")]):
            lead = self.day(date(2021, 3, 1), LAST_DAY - timedelta(days=3))
            review = lead + timedelta(days=rng.randint(1, 3))
            notice_to = review + timedelta(days=rng.randint(4, 6))
            township = notice_to + timedelta(days=rng.randint(1, 3))
            county = township + timedelta(days=rng.randint(1, 4))
            # most are decided within 15 days; every seventh is late, every eleventh still open
            if index % 7 == 0:
                county = lead + timedelta(days=rng.randint(16, 30))
            open_case = index % 11 == 0 or county > LAST_DAY
            cases.append(
                MonitoringCase(
                    household=h,
                    kind=(
                        CaseKind.UNSTABLE
                        if h.status == HouseholdStatus.LIFTED
                        else rng.choice([CaseKind.EDGE, CaseKind.SUDDEN])
                    ),
                    found_by=rng.choice(FoundBy.values),
                    first_lead_on=lead,
                    consent=True,
                    village_review_on=review,
                    notice_from=review,
                    notice_to=notice_to,
                    township_review_on=None if open_case else township,
                    county_decision_on=None if open_case else county,
                    decision="" if open_case else CaseDecision.INCLUDED,
                    note=MARK,
                    is_synthetic=True,
                )
            )
        _bulk(cases, MonitoringCase)
        self.counts["monitoring_cases"] = len(cases)

    def build(self, facts: dict[str, Any]) -> dict[str, int]:
        households, members = self.build_households()
        projects = self.build_projects()
        self.build_incomes_and_measures(households, members, projects)
        self.build_labour(members)
        self.build_consumption(facts["products"])
        self.build_agreements_and_targets()
        self.build_donations_and_exchanges(projects)
        self.build_monitoring(households)
        return self.counts


@transaction.atomic
def build_assistance(scale: int, seed: int) -> dict[str, int]:
    """Build the ledger's facts and replace its synthetic layer (scale 0: facts only)."""
    facts = build_assistance_facts()
    delete_assistance_synthetic()
    if scale <= 0:
        return {}
    return AssistanceBuilder(scale, seed).build(facts)
