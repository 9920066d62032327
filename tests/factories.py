"""factory_boy factories: one per model of every app, each making a valid record.

A factory makes the least a record needs to pass ``full_clean()`` (tests/test_factories.py checks
that for every factory), with its parents made by their own factories. Reference tables (the
GB/T 2260 regions, the GB/T 4754 industry classes) are loaded in every test database: a factory
points at a real row of them (:func:`region`) instead of inventing codes the validators refuse.

Models are named by label (``"zonedesk.Enquiry"``), not imported: factory_boy resolves them when
first used, so this module imports no app and follows models when they move between apps.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from factory.django import DjangoModelFactory

#: The days records are dated on: in the past (figures may not be in the future), fixed.
DAY = dt.date(2025, 3, 3)
#: Reference regions the factories place records in (real GB/T 2260 codes).
DALIAN = "210200"
LIUPANSHUI = "520200"
LIUZHI = "520203"
QINGLONG_VILLAGE = "520203001001"
GUIZHOU = "520000"


def region(code: str) -> Any:
    """Return the reference region of ``code`` (loaded in every test database)."""
    return apps.get_model("regions", "Region").objects.get(code=code)


def resident_id(region_code: str, birth: str, sequence: int = 123) -> str:
    """Return a valid GB 11643 number registered in ``region_code``, born on ``birth``."""
    from stdnum.cn import ric

    body = f"{region_code}{birth}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


def aware(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


class HezuoFactory(DjangoModelFactory):
    """Every record saved once: post-generation hooks set many-to-many, never save again."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True


# --- regions ------------------------------------------------------------------------------------


class RegionFactory(HezuoFactory):
    """A city abroad (a Chinese code must be a real division: take those with :func:`region`)."""

    class Meta:
        model = "regions.Region"

    country = "JP"
    level = "city"
    code = factory.Sequence(lambda n: f"JP-13-F{n}")
    name_zh_hans = factory.Sequence(lambda n: f"测试市{n}")


class IndustryDirectionFactory(HezuoFactory):
    class Meta:
        model = "regions.IndustryDirection"

    code = factory.Sequence(lambda n: f"direction-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"测试产业方向{n}")


class ProgramFactory(HezuoFactory):
    """A cooperation zone in Dalian; ``kind="pairing"`` for an assistance pairing."""

    class Meta:
        model = "regions.Program"

    code = factory.Sequence(lambda n: f"test-program-{n}")
    kind = "zone"
    name_zh_hans = factory.Sequence(lambda n: f"测试项目区{n}")
    region = factory.LazyFunction(lambda: region(DALIAN))


class PairingFactory(ProgramFactory):
    kind = "pairing"
    region = None


class ProgramPartyFactory(HezuoFactory):
    class Meta:
        model = "regions.ProgramParty"

    program = factory.SubFactory(ProgramFactory)
    role = "host"
    region = factory.LazyFunction(lambda: region(DALIAN))


class SubAreaFactory(HezuoFactory):
    class Meta:
        model = "regions.SubArea"

    program = factory.SubFactory(ProgramFactory)
    code = factory.Sequence(lambda n: f"sub-area-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"测试片区{n}")


class ProgramTopicFactory(HezuoFactory):
    class Meta:
        model = "regions.ProgramTopic"

    program = factory.SubFactory(ProgramFactory)
    kind = "platform"
    name_zh_hans = factory.Sequence(lambda n: f"测试平台{n}")


# --- directory ----------------------------------------------------------------------------------


class IndustryClassFactory(HezuoFactory):
    """A GB/T 4754 section: the reference row when it is loaded, else made."""

    class Meta:
        model = "directory.IndustryClass"
        django_get_or_create = ("code",)

    code = "C"
    level = "section"
    name_zh_hans = "制造业"


class OrganisationFactory(HezuoFactory):
    class Meta:
        model = "directory.Organisation"

    kind = "enterprise"
    country = "CN"
    name_zh_hans = factory.Sequence(lambda n: f"测试企业{n}有限公司")
    region = factory.LazyFunction(lambda: region(DALIAN))


class OrganisationAliasFactory(HezuoFactory):
    class Meta:
        model = "directory.OrganisationAlias"

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"测试别名{n}")


class PersonFactory(HezuoFactory):
    class Meta:
        model = "directory.Person"

    name_zh_hans = factory.Sequence(lambda n: f"测试人{n}")


class PositionFactory(HezuoFactory):
    class Meta:
        model = "directory.Position"

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title_zh_hans = "总经理"


# --- events -------------------------------------------------------------------------------------


class SourceDocumentFactory(HezuoFactory):
    class Meta:
        model = "events.SourceDocument"

    title_zh_hans = factory.Sequence(lambda n: f"测试报道{n}")
    publication = "测试日报"
    published_on = DAY


class EventFactory(HezuoFactory):
    class Meta:
        model = "events.Event"

    title_zh_hans = factory.Sequence(lambda n: f"测试活动{n}")
    kind = "meeting"
    date = DAY
    program = factory.SubFactory(ProgramFactory)
    region = factory.LazyFunction(lambda: region(DALIAN))


class ParticipationFactory(HezuoFactory):
    class Meta:
        model = "events.Participation"

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(PersonFactory)
    parts = factory.LazyFunction(lambda: ["attended"])


class AgreementFactory(HezuoFactory):
    class Meta:
        model = "events.Agreement"

    title_zh_hans = factory.Sequence(lambda n: f"测试协议{n}")
    kind = "framework"
    program = factory.SubFactory(ProgramFactory)
    signed_on = DAY


class ProcurementAgreementFactory(AgreementFactory):
    kind = "procurement"
    program = factory.SubFactory(PairingFactory)


class AgreementPartyFactory(HezuoFactory):
    class Meta:
        model = "events.AgreementParty"

    agreement = factory.SubFactory(AgreementFactory)
    organisation = factory.SubFactory(OrganisationFactory)


# --- projects -----------------------------------------------------------------------------------


class ProjectFactory(HezuoFactory):
    class Meta:
        model = "projects.Project"

    code = factory.Sequence(lambda n: f"TEST-{n:04d}")
    title_zh_hans = factory.Sequence(lambda n: f"测试项目{n}")
    program = factory.SubFactory(ProgramFactory)
    region = factory.LazyFunction(lambda: region(DALIAN))
    stage = "lead"
    stage_since = DAY


class ProjectPartyFactory(HezuoFactory):
    class Meta:
        model = "projects.ProjectParty"

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "investor"


class StageChangeFactory(HezuoFactory):
    """A project's move from lead to negotiating with its letter of intent.

    Made directly, as history: ``advance_stage`` (tested on its own) is how moves are made.
    """

    class Meta:
        model = "projects.StageChange"

    project = factory.SubFactory(ProjectFactory, stage="negotiating")
    from_stage = "lead"
    to_stage = "negotiating"
    move = "forward"
    happened_on = DAY

    @factory.post_generation
    def evidence(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            StageEvidenceFactory(stage_change=self, **kwargs)


class StageEvidenceFactory(HezuoFactory):
    class Meta:
        model = "projects.StageEvidence"

    stage_change = factory.SubFactory(StageChangeFactory, evidence=False)
    kind = "letter_of_intent"
    reference = "档案室 2025-03"


class MilestoneFactory(HezuoFactory):
    class Meta:
        model = "projects.Milestone"

    project = factory.SubFactory(ProjectFactory)
    title_zh_hans = "取得营业执照"
    planned_on = DAY


class ProjectFigureFactory(HezuoFactory):
    class Meta:
        model = "projects.ProjectFigure"

    project = factory.SubFactory(ProjectFactory)
    kind = "contracted_investment"
    amount = Decimal(1000)
    currency = "CNY"
    recorded_on = DAY


class DuplicateDismissalFactory(HezuoFactory):
    """Two projects judged distinct (``first`` has the lower id, as the constraint wants)."""

    class Meta:
        model = "projects.DuplicateDismissal"

    first = factory.SubFactory(ProjectFactory)
    second = factory.SubFactory(ProjectFactory, program=factory.SelfAttribute("..first.program"))
    reason = "不同的投资方"


# --- the zone office's desk ---------------------------------------------------------------------


class ZoneSettingsFactory(HezuoFactory):
    class Meta:
        model = "zonedesk.ZoneSettings"

    program = factory.SubFactory(ProgramFactory)


class ExchangeRateFactory(HezuoFactory):
    class Meta:
        model = "zonedesk.ExchangeRate"

    currency = "JPY"
    date = factory.Sequence(lambda n: dt.date(2001, 1, 1) + dt.timedelta(days=n))
    rate = Decimal("0.0625")
    source = "official"


class ServiceLogEntryFactory(HezuoFactory):
    class Meta:
        model = "zonedesk.ServiceLogEntry"

    project = factory.SubFactory(ProjectFactory)
    kind = "site"
    provided_on = DAY
    description = "选址"


class EnquiryFactory(HezuoFactory):
    class Meta:
        model = "zonedesk.Enquiry"

    program = factory.SubFactory(ProgramFactory)
    investor = factory.SubFactory(OrganisationFactory)
    received_at = factory.LazyFunction(lambda: aware(DAY))
    channel = "email"
    language = "zh-hans"
    question = "有哪些优惠政策?"


class AftercareVisitFactory(HezuoFactory):
    class Meta:
        model = "zonedesk.AftercareVisit"

    program = factory.SubFactory(ProgramFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    visiting_office = factory.SubFactory(OrganisationFactory, kind="government")
    visited_on = DAY


# --- the matchmaking desk -----------------------------------------------------------------------


class OpportunityFactory(HezuoFactory):
    class Meta:
        model = "matching.Opportunity"

    kind = "business_offer"
    language = "zh-hans"
    title = factory.Sequence(lambda n: f"测试合作机会{n}")
    owner = factory.SubFactory(OrganisationFactory)
    program = factory.SubFactory(ProgramFactory)
    country = "CN"


class RequestOpportunityFactory(OpportunityFactory):
    kind = "business_request"


def owners_as_parties(first: str, second: str) -> factory.PostGeneration:
    """Set an introduction's parties to the owners of its two opportunities, as the services do."""

    def set_parties(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            owners = extracted or [getattr(obj, first).owner, getattr(obj, second).owner]
            obj.parties.set(owners)

    return factory.PostGeneration(set_parties)


class InterestFactory(HezuoFactory):
    class Meta:
        model = "matching.Interest"

    opportunity = factory.SubFactory(OpportunityFactory)
    counterpart = factory.SubFactory(
        RequestOpportunityFactory, program=factory.SelfAttribute("..opportunity.program")
    )
    program = factory.SelfAttribute("opportunity.program")
    respond_by = dt.date(2031, 1, 10)
    parties = owners_as_parties("opportunity", "counterpart")


class MeetingFactory(HezuoFactory):
    class Meta:
        model = "matching.Meeting"

    offer = factory.SubFactory(OpportunityFactory)
    request = factory.SubFactory(
        RequestOpportunityFactory, program=factory.SelfAttribute("..offer.program")
    )
    program = factory.SelfAttribute("offer.program")
    starts_at = aware(dt.date(2031, 1, 5))
    place = "大连"
    parties = owners_as_parties("offer", "request")

    @factory.post_generation
    def mutual_interest(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """A meeting is arranged only once both sides said they are interested."""
        if create and extracted is not False:
            InterestFactory(opportunity=self.offer, counterpart=self.request)
            InterestFactory(opportunity=self.request, counterpart=self.offer)


class UserFactory(HezuoFactory):
    """A user with a profile; ``role=…`` (with ``role__program=…`` etc.) adds a membership."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.LazyFunction(lambda: make_password(None))  # no sign-in: force_login

    @factory.post_generation
    def profile(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted is not False:
            ProfileFactory(user=self, **kwargs)

    @factory.post_generation
    def role(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            MembershipFactory(user=self, role=extracted, **kwargs)


class SuggestionFactory(HezuoFactory):
    class Meta:
        model = "matching.Suggestion"

    opportunity = factory.SubFactory(OpportunityFactory)
    suggested = factory.SubFactory(
        RequestOpportunityFactory, program=factory.SelfAttribute("..opportunity.program")
    )
    program = factory.SelfAttribute("opportunity.program")
    shown_to = factory.SubFactory(UserFactory)
    rank = 1
    score = 0.5
    parties = owners_as_parties("opportunity", "suggested")


# --- brokerage events ---------------------------------------------------------------------------


class BrokerageEventFactory(HezuoFactory):
    class Meta:
        model = "brokerage.BrokerageEvent"

    title_zh_hans = factory.Sequence(lambda n: f"测试对接日{n}")
    kind = "matchmaking_day"
    program = factory.SubFactory(ProgramFactory)
    place = "大连"
    date = dt.date(2031, 6, 1)
    registration_deadline = dt.date(2031, 5, 20)
    status = "open"


class RegistrationFactory(HezuoFactory):
    class Meta:
        model = "brokerage.Registration"

    event = factory.SubFactory(BrokerageEventFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    languages = factory.LazyFunction(lambda: ["zh"])


class MeetingRequestFactory(HezuoFactory):
    class Meta:
        model = "brokerage.MeetingRequest"

    event = factory.SubFactory(BrokerageEventFactory)
    requester = factory.SubFactory(RegistrationFactory, event=factory.SelfAttribute("..event"))
    requested = factory.SubFactory(RegistrationFactory, event=factory.SelfAttribute("..event"))
    program = factory.SelfAttribute("event.program")
    value = 2

    @factory.post_generation
    def parties(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.parties.set([self.requester.organisation, self.requested.organisation])


class InterpreterFactory(HezuoFactory):
    class Meta:
        model = "brokerage.Interpreter"

    event = factory.SubFactory(BrokerageEventFactory)
    name = factory.Sequence(lambda n: f"interpreter {n}")
    languages = factory.LazyFunction(lambda: ["zh", "ja"])


class ScheduleRunFactory(HezuoFactory):
    class Meta:
        model = "brokerage.ScheduleRun"

    event = factory.SubFactory(BrokerageEventFactory)


class ScheduledMeetingFactory(HezuoFactory):
    class Meta:
        model = "brokerage.ScheduledMeeting"

    run = factory.SubFactory(ScheduleRunFactory)
    event = factory.SelfAttribute("run.event")
    request = factory.SubFactory(MeetingRequestFactory, event=factory.SelfAttribute("..event"))
    slot = 1
    table = 1


# --- the assistance ledger ----------------------------------------------------------------------


class PairingPeriodFactory(HezuoFactory):
    class Meta:
        model = "assistance.PairingPeriod"

    program = factory.SubFactory(PairingFactory)
    donor_region = factory.LazyFunction(lambda: region(DALIAN))
    assisted_region = factory.LazyFunction(lambda: region(LIUPANSHUI))
    start_date = dt.date(1996, 1, 1)


class YearlyAgreementFactory(HezuoFactory):
    class Meta:
        model = "assistance.YearlyAgreement"

    program = factory.SubFactory(PairingFactory)
    year = 2025


class TargetFactory(HezuoFactory):
    class Meta:
        model = "assistance.Target"

    agreement = factory.SubFactory(YearlyAgreementFactory)
    indicator = "households_assisted"
    value = Decimal(100)


class AssistanceProjectFactory(HezuoFactory):
    class Meta:
        model = "assistance.AssistanceProject"

    code = factory.Sequence(lambda n: f"TEST-ASSIST-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"测试帮扶项目{n}")
    program = factory.SubFactory(PairingFactory)
    county = factory.LazyFunction(lambda: region(LIUZHI))
    field = "industry"
    model = "enterprise_resources"
    status = "in_progress"
    start_date = DAY


class FundAllocationFactory(HezuoFactory):
    class Meta:
        model = "assistance.FundAllocation"

    project = factory.SubFactory(AssistanceProjectFactory)
    source = "fiscal"
    year = 2025
    amount = Decimal(1000)
    allocated_on = DAY


class DisbursementFactory(HezuoFactory):
    class Meta:
        model = "assistance.Disbursement"

    allocation = factory.SubFactory(FundAllocationFactory)
    paid_on = DAY
    amount = Decimal(400)


class SocialDonationFactory(HezuoFactory):
    class Meta:
        model = "assistance.SocialDonation"

    program = factory.SubFactory(PairingFactory)
    donor_name = "测试捐赠人"
    kind = "cash"
    received_on = DAY
    amount = Decimal(500)
    county = factory.LazyFunction(lambda: region(LIUZHI))


class ExchangeFactory(HezuoFactory):
    class Meta:
        model = "assistance.Exchange"

    program = factory.SubFactory(PairingFactory)
    direction = "to_assisted"
    kind = "teacher"
    name = factory.Sequence(lambda n: f"测试教师{n}")
    host_unit = "六枝特区第一中学"
    region = factory.LazyFunction(lambda: region(LIUZHI))
    start_date = DAY


class HouseholdFactory(HezuoFactory):
    class Meta:
        model = "assistance.Household"

    program = factory.SubFactory(PairingFactory)
    number = factory.Sequence(lambda n: f"TEST-HH-{n:04d}")
    village = factory.LazyFunction(lambda: region(QINGLONG_VILLAGE))


class HouseholdMemberFactory(HezuoFactory):
    """The head of a household (born 1980-05-17 in Liuzhi; a new number for each member)."""

    class Meta:
        model = "assistance.HouseholdMember"

    household = factory.SubFactory(HouseholdFactory)
    name = factory.Sequence(lambda n: f"测试户主{n}")
    id_number = factory.Sequence(lambda n: resident_id(LIUZHI, "19800517", 100 + n % 900))
    relation = "head"


class HouseholdStatusChangeFactory(HezuoFactory):
    class Meta:
        model = "assistance.HouseholdStatusChange"

    household = factory.SubFactory(HouseholdFactory)
    status = "registered_poor"
    since = dt.date(2014, 10, 1)


class HouseholdIncomeFactory(HezuoFactory):
    class Meta:
        model = "assistance.HouseholdIncome"

    household = factory.SubFactory(HouseholdFactory)
    year = 2025
    members = 1
    wages = Decimal(9000)


class MeasureFactory(HezuoFactory):
    class Meta:
        model = "assistance.Measure"

    household = factory.SubFactory(HouseholdFactory)
    kind = "training"
    date = DAY


class MonitoringCaseFactory(HezuoFactory):
    class Meta:
        model = "assistance.MonitoringCase"

    household = factory.SubFactory(HouseholdFactory)
    kind = "edge"
    found_by = "visit"
    first_lead_on = DAY


class MonitoringLineFactory(HezuoFactory):
    class Meta:
        model = "assistance.MonitoringLine"

    province = factory.LazyFunction(lambda: region(GUIZHOU))
    year = factory.Sequence(lambda n: 2050 + n % 40)  # years no world has lines for
    national_standard = Decimal(4000)


class JobFactory(HezuoFactory):
    class Meta:
        model = "assistance.Job"

    program = factory.SubFactory(PairingFactory)
    employer = factory.SubFactory(OrganisationFactory)
    title = "采摘工"
    place = "六枝特区"
    place_type = "near_home"
    region = factory.LazyFunction(lambda: region(LIUZHI))


class PlacementFactory(HezuoFactory):
    class Meta:
        model = "assistance.Placement"

    member = factory.SubFactory(HouseholdMemberFactory)
    job = factory.SubFactory(
        JobFactory, program=factory.SelfAttribute("..member.household.program")
    )
    start_date = DAY


class ProductFactory(HezuoFactory):
    class Meta:
        model = "assistance.Product"

    program = factory.SubFactory(PairingFactory)
    supplier = factory.SubFactory(
        OrganisationFactory, region=factory.LazyFunction(lambda: region(LIUPANSHUI))
    )
    name_zh_hans = factory.Sequence(lambda n: f"测试农产品{n}")
    category = "水果"
    unit = "kg"


class ProcurementLineFactory(HezuoFactory):
    class Meta:
        model = "assistance.ProcurementLine"

    product = factory.SubFactory(ProductFactory)
    agreement = factory.SubFactory(
        ProcurementAgreementFactory, program=factory.SelfAttribute("..product.program")
    )
    quantity = Decimal(100)


class DeliveryFactory(HezuoFactory):
    """A delivery under a procurement line (a delivery needs its line: made first)."""

    class Meta:
        model = "assistance.Delivery"

    class Params:
        line = factory.SubFactory(ProcurementLineFactory)

    agreement = factory.SelfAttribute("line.agreement")
    product = factory.SelfAttribute("line.product")
    delivered_on = DAY
    quantity = Decimal(10)
    amount = Decimal(100)


# --- support policies ---------------------------------------------------------------------------


class PolicyFactory(HezuoFactory):
    class Meta:
        model = "policies.Policy"

    code = factory.Sequence(lambda n: f"test-policy-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"测试政策{n}")
    program = factory.SubFactory(ProgramFactory)
    area = "fiscal_tax"
    effective_from = dt.date(2020, 1, 1)
    benefit_kind = "subsidy"
    status = "in_force"


class EligibilityRuleFactory(HezuoFactory):
    class Meta:
        model = "policies.EligibilityRule"

    policy = factory.SubFactory(PolicyFactory)
    rule = factory.LazyFunction(
        lambda: {"all": [{"field": "stage", "op": "gte", "value": "signed"}]}
    )


class ApplicationFactory(HezuoFactory):
    class Meta:
        model = "policies.Application"

    policy = factory.SubFactory(PolicyFactory)
    project = factory.SubFactory(ProjectFactory, program=factory.SelfAttribute("..policy.program"))
    enterprise = factory.SubFactory(OrganisationFactory)
    applied_on = DAY

    @factory.post_generation
    def enterprise_is_party(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """The applicant is a party of the project it applies for."""
        if create:
            ProjectPartyFactory(project=self.project, organisation=self.enterprise)


class PolicyNoticeFactory(HezuoFactory):
    class Meta:
        model = "policies.PolicyNotice"

    policy = factory.SubFactory(PolicyFactory)
    project = factory.SubFactory(ProjectFactory, program=factory.SelfAttribute("..policy.program"))
    since = DAY
    cause = "stage"


# --- accounts and imports -----------------------------------------------------------------------


class ProfileFactory(HezuoFactory):
    class Meta:
        model = "accounts.Profile"

    user = factory.SubFactory(UserFactory, profile=False)
    language = "zh-hans"


class MembershipFactory(HezuoFactory):
    """A promotion officer of a zone by default; pass ``role`` and what that role needs."""

    class Meta:
        model = "accounts.Membership"

    user = factory.SubFactory(UserFactory)
    role = "promotion_officer"
    program = factory.SubFactory(ProgramFactory)

    @factory.post_generation
    def regions(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.regions.set(extracted)


class AuditEntryFactory(HezuoFactory):
    class Meta:
        model = "accounts.AuditEntry"

    action = "login"
    user = factory.SubFactory(UserFactory)


class NotificationFactory(HezuoFactory):
    class Meta:
        model = "accounts.Notification"

    user = factory.SubFactory(UserFactory)
    title_zh_hans = "测试通知"


class ApiTokenFactory(HezuoFactory):
    class Meta:
        model = "accounts.ApiToken"

    user = factory.SubFactory(UserFactory)
    name = "test token"
    key_hash = factory.Sequence(lambda n: f"{n:064x}")
    prefix = factory.Sequence(lambda n: f"t{n:07d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))


class ImportJobFactory(HezuoFactory):
    class Meta:
        model = "imports.ImportJob"

    user = factory.SubFactory(UserFactory)
    ledger = "organisations"
    file_name = "organisations.csv"
    path = "imports/organisations.csv"


class FormSubmissionFactory(HezuoFactory):
    class Meta:
        model = "base.FormSubmission"

    token = factory.Sequence(lambda n: f"token-{n}")
    path = "/projects/add/"


#: Every factory above that makes a model's record, for tests/test_factories.py.
ALL = [
    value
    for value in list(globals().values())
    if isinstance(value, type) and issubclass(value, HezuoFactory) and not value._meta.abstract
]
