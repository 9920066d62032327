"""The assistance ledger's records in the generated access tests (tests/access).

``ACCESS_RECORDS`` says, in the domain's terms, what each test record belongs to (its pairing,
the organisations that are its parties, where it is), without asking the access code;
tests/access/cast.py adds them to its table and tests/access/conftest.py builds them with
:func:`build_access_records`. ``ACCESS_GROUPS`` is the group of the role matrix of each kind.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tests.world import DASHANG_FRUIT, KIWI, PAIRING, SYMPOSIUM

VILLAGE = "520203001001"  # 青龙社区, 六枝特区 (a real code of the division table)
LIUZHI = "520203"
PAIRING_REGIONS = ("210200", "520200")  # the pairing's parties: Dalian and Liupanshui

#: key → (model label, pairings, organisations, regions)
ACCESS_RECORDS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "pairingperiod:dalian-liupanshui": ("assistance.pairingperiod", (PAIRING,), (), ("520200",)),
    "yearlyagreement:2025": ("assistance.yearlyagreement", (PAIRING,), (), PAIRING_REGIONS),
    "target:2025-households": ("assistance.target", (PAIRING,), (), PAIRING_REGIONS),
    "assistanceproject:liuzhi": ("assistance.assistanceproject", (PAIRING,), (), (LIUZHI,)),
    "fundallocation:liuzhi": ("assistance.fundallocation", (PAIRING,), (), (LIUZHI,)),
    "disbursement:liuzhi": ("assistance.disbursement", (PAIRING,), (), (LIUZHI,)),
    "socialdonation:liuzhi": ("assistance.socialdonation", (PAIRING,), (), (LIUZHI,)),
    "exchange:liuzhi": ("assistance.exchange", (PAIRING,), (), (LIUZHI,)),
    "household:qinglong": ("assistance.household", (PAIRING,), (), (VILLAGE,)),
    "householdmember:qinglong-head": ("assistance.householdmember", (PAIRING,), (), (VILLAGE,)),
    "householdstatuschange:qinglong": (
        "assistance.householdstatuschange",
        (PAIRING,),
        (),
        (VILLAGE,),
    ),
    "householdincome:qinglong-2025": ("assistance.householdincome", (PAIRING,), (), (VILLAGE,)),
    "measure:qinglong": ("assistance.measure", (PAIRING,), (), (VILLAGE,)),
    "monitoringcase:qinglong": ("assistance.monitoringcase", (PAIRING,), (), (VILLAGE,)),
    "job:kiwi": ("assistance.job", (PAIRING,), (KIWI,), (LIUZHI,)),
    "placement:qinglong-kiwi": ("assistance.placement", (PAIRING,), (KIWI,), (VILLAGE,)),
    "product:kiwi": ("assistance.product", (PAIRING,), (KIWI,), ("520200",)),
    "procurementline:kiwi": (
        "assistance.procurementline",
        (PAIRING,),
        (DASHANG_FRUIT, KIWI),
        PAIRING_REGIONS,
    ),
    "delivery:kiwi": ("assistance.delivery", (PAIRING,), (DASHANG_FRUIT, KIWI), PAIRING_REGIONS),
    "monitoringline:guizhou-2025": ("assistance.monitoringline", (), (), ("520000",)),
}

ACCESS_GROUPS = {
    "assistance.pairingperiod": "assistance",
    "assistance.yearlyagreement": "assistance",
    "assistance.target": "assistance",
    "assistance.assistanceproject": "assistance",
    "assistance.fundallocation": "assistance",
    "assistance.disbursement": "assistance",
    "assistance.socialdonation": "assistance",
    "assistance.exchange": "assistance",
    "assistance.job": "assistance",
    "assistance.placement": "assistance",
    "assistance.household": "households",
    "assistance.householdmember": "households",
    "assistance.householdstatuschange": "households",
    "assistance.householdincome": "households",
    "assistance.measure": "households",
    "assistance.monitoringcase": "households",
    "assistance.product": "consumption",
    "assistance.procurementline": "consumption",
    "assistance.delivery": "consumption",
    "assistance.monitoringline": "reference",
}

#: A valid GB 11643 number registered in Liuzhi (born 1980-05-17, male).
HEAD_ID = "520203198005171238"


def valid_id(body17: str) -> str:
    from stdnum.cn import ric

    return body17 + ric.calc_check_digit(body17 + "0")


def build_access_records() -> dict[str, Any]:
    """Create one record of every kind of the ledger; return them by the keys above."""
    from hezuo.assistance import models as m
    from hezuo.directory.models import Organisation
    from hezuo.events.models import Agreement
    from hezuo.regions.models import Program, Region

    pairing = Program.objects.get(code=PAIRING)
    region = {c: Region.objects.get(code=c) for c in ("210200", "520200", LIUZHI, VILLAGE)}
    kiwi = Organisation.objects.get(name_zh_hans=KIWI, is_synthetic=False)
    agreement = Agreement.objects.get(event__title_zh_hans=SYMPOSIUM, sequence=1)
    r: dict[str, Any] = {}
    r["pairingperiod:dalian-liupanshui"] = m.PairingPeriod.objects.create(
        program=pairing,
        donor_region=region["210200"],
        assisted_region=region["520200"],
        start_date=date(1996, 1, 1),
    )
    yearly = m.YearlyAgreement.objects.create(program=pairing, year=2025)
    r["yearlyagreement:2025"] = yearly
    r["target:2025-households"] = m.Target.objects.create(
        agreement=yearly, indicator="households_assisted", value=Decimal(100)
    )
    project = m.AssistanceProject.objects.create(
        code="ACC-LPS-ASSIST-1",
        title_zh_hans="六枝特区猕猴桃产业园（测试）",
        program=pairing,
        county=region[LIUZHI],
        field="industry",
        model="enterprise_resources",
        status="in_progress",
        start_date=date(2025, 3, 1),
    )
    r["assistanceproject:liuzhi"] = project
    allocation = m.FundAllocation.objects.create(
        project=project,
        source="fiscal",
        year=2025,
        amount=Decimal(1000),
        allocated_on=date(2025, 3, 1),
    )
    r["fundallocation:liuzhi"] = allocation
    r["disbursement:liuzhi"] = m.Disbursement.objects.create(
        allocation=allocation, paid_on=date(2025, 4, 1), amount=Decimal(400)
    )
    r["socialdonation:liuzhi"] = m.SocialDonation.objects.create(
        program=pairing,
        donor_name="测试捐赠人",
        kind="cash",
        received_on=date(2025, 5, 1),
        amount=Decimal(500),
        county=region[LIUZHI],
    )
    r["exchange:liuzhi"] = m.Exchange.objects.create(
        program=pairing,
        direction="to_assisted",
        kind="teacher",
        name="测试教师",
        host_unit="六枝特区第一中学",
        region=region[LIUZHI],
        start_date=date(2025, 9, 1),
    )
    household = m.Household.objects.create(
        program=pairing, number="ACC-QL-001", village=region[VILLAGE], phone="13700001111"
    )
    r["household:qinglong"] = household
    head = m.HouseholdMember(
        household=household, name="测试户主", id_number=HEAD_ID, relation="head"
    )
    head.full_clean()
    head.save()
    r["householdmember:qinglong-head"] = head
    r["householdstatuschange:qinglong"] = m.HouseholdStatusChange.objects.create(
        household=household, status="registered_poor", since=date(2014, 10, 1)
    )
    r["householdincome:qinglong-2025"] = m.HouseholdIncome.objects.create(
        household=household, year=2025, members=1, wages=Decimal(9000)
    )
    r["measure:qinglong"] = m.Measure.objects.create(
        household=household, kind="training", date=date(2025, 6, 1), project=project
    )
    r["monitoringcase:qinglong"] = m.MonitoringCase.objects.create(
        household=household, kind="edge", found_by="visit", first_lead_on=date(2025, 7, 1)
    )
    job = m.Job.objects.create(
        program=pairing,
        employer=kiwi,
        title="采摘工",
        place="六枝特区",
        place_type="near_home",
        region=region[LIUZHI],
    )
    r["job:kiwi"] = job
    r["placement:qinglong-kiwi"] = m.Placement.objects.create(
        member=head, job=job, start_date=date(2025, 3, 1)
    )
    product = m.Product.objects.create(
        program=pairing, supplier=kiwi, name_zh_hans="测试猕猴桃", category="水果", unit="kg"
    )
    r["product:kiwi"] = product
    r["procurementline:kiwi"] = m.ProcurementLine.objects.create(
        agreement=agreement, product=product, quantity=Decimal(100)
    )
    r["delivery:kiwi"] = m.Delivery.objects.create(
        agreement=agreement,
        product=product,
        delivered_on=date(2025, 8, 1),
        quantity=Decimal(10),
        amount=Decimal(100),
    )
    r["monitoringline:guizhou-2025"] = m.MonitoringLine.objects.create(
        province=Region.objects.get(code="520000"), year=2025, national_standard=Decimal(4000)
    )
    return r
