"""A hand-built ledger with known answers (see the module docstring of each test)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from stdnum.cn import ric

from hezuo.assistance import models as m
from hezuo.directory.models import Organisation
from hezuo.events.models import Agreement, AgreementParty
from hezuo.regions.models import Program, ProgramParty, Region

D = Decimal


def resident_id(region: str, birth: str, sequence: int) -> str:
    body = f"{region}{birth}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def member(household: m.Household, name: str, number: str, relation: str) -> m.HouseholdMember:
    """Save a member without its clean(): the checks look for what validation would refuse."""
    return m.HouseholdMember.objects.create(
        household=household, name=name, id_number=number, relation=relation
    )


@pytest.fixture
def ledger(db) -> SimpleNamespace:
    """A pairing of its own with five households, projects, funds, labour, sales and cases.

    Households (2025): H1 registered poor (head A, spouse B; a measure in March), H2 lifted
    (head C; a measure only in 2024), H3 monitored (head D, and E holding A's ID number),
    H4 none (F, no head), H5 registered poor (two heads G and H; I holding G's ID number; a
    measure in November).
    """
    # under Dalian–Liupanshui, so that the demo users of the pairing reach it
    program = Program.objects.create(
        code="assist-test",
        kind="pairing",
        name_zh_hans="测试协作",
        parent=Program.objects.get(code="dalian-liupanshui"),
    )
    dalian, lps = Region.objects.get(code="210200"), Region.objects.get(code="520200")
    ProgramParty.objects.create(program=program, role="donor", region=dalian)
    ProgramParty.objects.create(program=program, role="assisted", region=lps)
    v1 = Region.objects.get(code="520203001001")
    v2 = Region.objects.get(code="520203001002")
    liuzhi, panzhou = Region.objects.get(code="520203"), Region.objects.get(code="520281")
    r: dict[str, Any] = {"program": program, "liuzhi": liuzhi, "panzhou": panzhou}

    def household(number: str, village: Region, status: str) -> m.Household:
        return m.Household.objects.create(
            program=program, number=number, village=village, status=status, phone="13912345678"
        )

    h1 = household("T-H1", v1, "registered_poor")
    h2 = household("T-H2", v1, "lifted")
    h3 = household("T-H3", v2, "monitored")
    h4 = household("T-H4", v2, "none")
    h5 = household("T-H5", v2, "registered_poor")
    ids = {k: resident_id("520203", "19800517", n) for n, k in enumerate("ABCDFGH", start=101)}
    people = {
        "A": member(h1, "甲", ids["A"], "head"),
        "B": member(h1, "乙", resident_id("520203", "19820101", 202), "spouse"),
        "C": member(h2, "丙", ids["C"], "head"),
        "D": member(h3, "丁", ids["D"], "head"),
        "E": member(h3, "戊", ids["A"], "child"),  # A's number again, in another household
        "F": member(h4, "己", ids["F"], "spouse"),  # no head
        "G": member(h5, "庚", ids["G"], "head"),
        "H": member(h5, "辛", ids["H"], "head"),  # a second head
        "I": member(h5, "壬", ids["G"], "other"),  # G's number twice in one household
    }
    m.Measure.objects.create(household=h1, kind="training", date=date(2025, 3, 1), amount=D(500))
    m.Measure.objects.create(household=h2, kind="cash", date=date(2024, 5, 1), amount=D(800))
    m.Measure.objects.create(household=h5, kind="medical", date=date(2025, 11, 30))

    x = Organisation.objects.create(name_zh_hans="测试投资企业", kind="enterprise", country="CN")
    pr1 = m.AssistanceProject.objects.create(
        code="T-PR1",
        title_zh_hans="项目一",
        program=program,
        county=liuzhi,
        field="industry",
        model="hq_base",
        investor=x,
        status="in_progress",
        start_date=date(2025, 2, 1),
    )
    pr2 = m.AssistanceProject.objects.create(
        code="T-PR2",
        title_zh_hans="项目二",
        program=program,
        county=panzhou,
        field="industry",
        model="enterprise_resources",
        builds_industrial_park=True,
        status="completed",
        start_date=date(2024, 6, 1),
        end_date=date(2025, 9, 30),
    )
    m.AssistanceProject.objects.create(
        code="T-PR3",
        title_zh_hans="项目三",
        program=program,
        county=liuzhi,
        field="labour",
        model="other",
    )

    def allocate(project: Any, source: str, year: int, amount: int) -> m.FundAllocation:
        return m.FundAllocation.objects.create(
            project=project,
            source=source,
            year=year,
            amount=D(amount),
            allocated_on=date(year, 1, 10),
        )

    a1 = allocate(pr1, "fiscal", 2025, 1000)
    a2 = allocate(pr1, "enterprise", 2025, 5000)
    a3 = allocate(pr2, "fiscal", 2024, 2000)
    a4 = allocate(pr2, "fiscal", 2025, 300)
    for allocation, day, amount in (
        (a1, date(2025, 3, 1), 400),
        (a1, date(2025, 4, 1), 500),
        (a2, date(2025, 5, 1), 3000),
        (a3, date(2024, 7, 1), 2000),
        (a4, date(2025, 1, 15), 300),
    ):
        m.Disbursement.objects.create(allocation=allocation, paid_on=day, amount=D(amount))
    # entered behind validation's back (as an import of old data might): 100 beyond a4
    m.Disbursement.objects.bulk_create(
        [m.Disbursement(allocation=a4, paid_on=date(2025, 2, 1), amount=D(100))]
    )
    r.update(pr1=pr1, pr2=pr2, a1=a1, a4=a4, investor=x)

    for day, amount in ((date(2025, 4, 1), 200), (date(2025, 8, 1), 300), (date(2024, 8, 1), 1000)):
        m.SocialDonation.objects.create(
            program=program, donor_name="捐赠人", kind="cash", received_on=day, amount=D(amount)
        )
    for kind, count, day in (
        ("official", 2, date(2025, 3, 1)),
        ("teacher", 3, date(2025, 9, 1)),
        ("doctor", 1, date(2025, 10, 1)),
        ("official", 5, date(2024, 3, 1)),
    ):
        m.Exchange.objects.create(
            program=program,
            direction="to_assisted",
            kind=kind,
            name="派出",
            people=count,
            host_unit="六枝",
            region=liuzhi,
            start_date=day,
        )

    employer = Organisation.objects.create(
        name_zh_hans="测试用工企业", kind="enterprise", country="CN"
    )
    j1 = m.Job.objects.create(
        program=program,
        employer=employer,
        title="装配",
        place="六枝",
        place_type="near_home",
        region=liuzhi,
    )
    j2 = m.Job.objects.create(
        program=program,
        employer=employer,
        title="物流",
        place="大连",
        place_type="donor_region",
        region=dalian,
    )
    for who, job, start, end in (
        ("A", j1, date(2025, 1, 10), None),  # kept 6 months
        ("C", j2, date(2025, 3, 1), date(2025, 5, 1)),  # left after 2 months
        ("D", j2, date(2025, 8, 1), None),  # too early to say on 2025-12-31
        ("F", j1, date(2025, 2, 1), None),  # kept; household not formerly poor
        ("A", j1, date(2024, 1, 10), date(2024, 12, 1)),  # another year
    ):
        m.Placement.objects.create(member=people[who], job=job, start_date=start, end_date=end)

    buyer = Organisation.objects.create(name_zh_hans="测试采购商", kind="enterprise", country="CN")
    supplier = Organisation.objects.create(
        name_zh_hans="测试供应商", kind="enterprise", country="CN"
    )
    agreement = Agreement.objects.create(
        title_zh_hans="测试采购协议",
        kind="procurement",
        program=program,
        signed_on=date(2024, 1, 1),
    )
    AgreementParty.objects.create(agreement=agreement, organisation=buyer, role="buyer")
    AgreementParty.objects.create(agreement=agreement, organisation=supplier, role="supplier")
    pd1 = m.Product.objects.create(
        program=program, supplier=supplier, name_zh_hans="产品一", category="水果", unit="kg"
    )
    pd2 = m.Product.objects.create(
        program=program, supplier=supplier, name_zh_hans="产品二", category="面", unit="kg"
    )
    line1 = m.ProcurementLine.objects.create(agreement=agreement, product=pd1, quantity=D(100))
    m.ProcurementLine.objects.create(
        agreement=agreement, product=pd2, quantity=D(50), amended_quantity=D(80)
    )
    for product, day, qty, amount in (
        (pd1, date(2025, 3, 1), 60, 600),
        (pd1, date(2025, 6, 1), 50, 500),
        (pd1, date(2024, 6, 1), 10, 100),
        (pd2, date(2025, 7, 1), 70, 1400),
    ):
        m.Delivery.objects.create(
            agreement=agreement,
            product=product,
            delivered_on=day,
            quantity=D(qty),
            amount=D(amount),
        )
    r.update(agreement=agreement, line1=line1, buyer=buyer)

    def case(h: m.Household, lead: date, decided: date | None, **steps: Any) -> m.MonitoringCase:
        return m.MonitoringCase.objects.create(
            household=h,
            kind="edge",
            found_by="visit",
            first_lead_on=lead,
            consent=True,
            county_decision_on=decided,
            decision="included" if decided else "",
            **steps,
        )

    c1 = case(h3, date(2025, 3, 1), date(2025, 3, 14))  # in time
    c2 = case(h2, date(2025, 6, 1), date(2025, 6, 20))  # decided after 19 days
    c3 = case(h1, date(2025, 12, 20), None)  # still within its 15 days on 2025-12-31
    c4 = case(h4, date(2024, 5, 1), None)  # never decided
    yearly = m.YearlyAgreement.objects.create(program=program, year=2025)
    m.Target.objects.create(agreement=yearly, indicator="households_assisted", value=D(2))
    m.Target.objects.create(agreement=yearly, indicator="fiscal_allocated", value=D(2000))
    r.update(
        h1=h1,
        h2=h2,
        h3=h3,
        h4=h4,
        h5=h5,
        people=people,
        ids=ids,
        cases=(c1, c2, c3, c4),
        today=date(2025, 12, 31),
    )
    return SimpleNamespace(**r)


@pytest.fixture
def user_named(db):
    return lambda name: get_user_model().objects.get(username=name)


@pytest.fixture
def client_as(client, user_named):
    def login(name: str):
        client.force_login(user_named(name))
        return client

    return login
