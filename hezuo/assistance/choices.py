from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicator(models.TextChoices):
    """The yearly assessment's indicators (东西部协作考核), each computed from the ledger."""

    FISCAL_ALLOCATED = "fiscal_allocated", _("fiscal funds allocated (yuan)")
    FISCAL_DISBURSED = "fiscal_disbursed", _("fiscal funds disbursed (yuan)")
    DONATIONS = "donations", _("social donations (yuan)")
    OFFICIALS_EXCHANGED = "officials_exchanged", _("officials exchanged (people)")
    PROFESSIONALS_EXCHANGED = "professionals_exchanged", _("professionals exchanged (people)")
    PROJECTS_STARTED = "projects_started", _("assistance projects started")
    PROJECTS_COMPLETED = "projects_completed", _("assistance projects completed")
    PARKS_BUILT = "parks_built", _("industrial parks built together")
    ENTERPRISES_INVESTING = "enterprises_investing", _("donor-region enterprises investing")
    ENTERPRISE_INVESTMENT = "enterprise_investment", _("enterprise investment (yuan)")
    PEOPLE_EMPLOYED = "people_employed", _("people helped into jobs")
    PEOPLE_EMPLOYED_POOR = "people_employed_poor", _("of whom formerly poor")
    RETAINED_6_MONTHS = "retained_6_months", _("still employed after 6 months")
    CONSUMPTION_SALES = "consumption_sales", _("consumption assistance sales (yuan)")
    HOUSEHOLDS_ASSISTED = "households_assisted", _("households assisted")
    HOUSEHOLDS_MISSED = "households_missed", _("households left without a measure")
    CASES_OPENED = "cases_opened", _("monitoring cases opened")
    CASES_IN_TIME = "cases_in_time", _("monitoring cases decided in time")


class ProjectField(models.TextChoices):
    INDUSTRY = "industry", _("industry")
    LABOUR = "labour", _("labour")
    EDUCATION = "education", _("education")
    MEDICAL = "medical", _("medical")
    CONSUMPTION = "consumption", _("consumption")
    INFRASTRUCTURE = "infrastructure", _("infrastructure")
    OTHER = "other", _("other")


class CooperationModel(models.TextChoices):
    """The four models the source document names (大连企业+六盘水资源, …)."""

    ENTERPRISE_RESOURCES = "enterprise_resources", _("donor enterprise + assisted resources")
    MARKET_PRODUCTS = "market_products", _("donor market + assisted products")
    HQ_BASE = "hq_base", _("donor headquarters + assisted base")
    RD_MANUFACTURING = "rd_manufacturing", _("donor R&D + assisted manufacturing")
    OTHER = "other", _("other")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class FundSource(models.TextChoices):
    FISCAL = "fiscal", _("donor fiscal funds")
    DONATION = "donation", _("social donations")
    ENTERPRISE = "enterprise", _("enterprise investment")


class HouseholdStatus(models.TextChoices):
    REGISTERED_POOR = "registered_poor", _("registered poor")
    LIFTED = "lifted", _("lifted out of poverty")
    MONITORED = "monitored", _("monitored")
    NONE = "none", _("none")


#: Statuses whose households need at least one measure in every period (不漏一户).
NEEDS_ASSISTANCE = (
    HouseholdStatus.REGISTERED_POOR,
    HouseholdStatus.LIFTED,
    HouseholdStatus.MONITORED,
)
#: Statuses that count as "formerly poor" in the labour figures.
FORMERLY_POOR = (HouseholdStatus.REGISTERED_POOR, HouseholdStatus.LIFTED)


class Cause(models.TextChoices):
    ILLNESS = "illness", _("illness")
    DISABILITY = "disability", _("disability")
    SCHOOLING = "schooling", _("schooling")
    DISASTER = "disaster", _("disaster")
    LAND = "land", _("lack of land")
    WATER = "water", _("lack of water")
    SKILLS = "skills", _("lack of skills")
    LABOUR = "labour", _("lack of labour")
    CAPITAL = "capital", _("lack of capital")
    TRANSPORT = "transport", _("poor transport")
    OTHER = "other", _("other")


class Relation(models.TextChoices):
    HEAD = "head", _("head of household")
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    CHILD_IN_LAW = "child_in_law", _("son- or daughter-in-law")
    GRANDCHILD = "grandchild", _("grandchild")
    PARENT = "parent", _("father or mother")
    SIBLING = "sibling", _("brother or sister")
    OTHER = "other", _("other relative")


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class LabourCapacity(models.TextChoices):
    NORMAL = "normal", _("able to work")
    WEAK = "weak", _("weak labour")
    NONE = "none", _("no labour capacity")
    LOST = "lost", _("lost labour capacity")


class MeasureKind(models.TextChoices):
    INDUSTRY = "industry", _("industry support")
    EMPLOYMENT = "employment", _("employment")
    EDUCATION = "education", _("education")
    MEDICAL = "medical", _("medical")
    HOUSING = "housing", _("housing")
    CASH = "cash", _("cash transfer")
    TRAINING = "training", _("training")


class PlaceType(models.TextChoices):
    NEAR_HOME = "near_home", _("near home")
    IN_PROVINCE = "in_province", _("elsewhere in the province")
    DONOR_REGION = "donor_region", _("in the donor region")


class CapacityPeriod(models.TextChoices):
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class ExchangeDirection(models.TextChoices):
    TO_ASSISTED = "to_assisted", _("sent to the assisted region")
    TO_DONOR = "to_donor", _("sent to the donor region")


class ExchangeKind(models.TextChoices):
    OFFICIAL = "official", _("official")
    TEACHER = "teacher", _("teacher")
    DOCTOR = "doctor", _("doctor")
    TECHNICIAN = "technician", _("technician")


#: Exchange kinds counted as professionals (teachers, doctors, technicians).
PROFESSIONALS = (ExchangeKind.TEACHER, ExchangeKind.DOCTOR, ExchangeKind.TECHNICIAN)


class CaseKind(models.TextChoices):
    UNSTABLE = "unstable", _("unstable lifted household")
    EDGE = "edge", _("household on the edge")
    SUDDEN = "sudden", _("household in sudden severe hardship")


class FoundBy(models.TextChoices):
    SELF_REPORT = "self_report", _("self-report")
    VISIT = "visit", _("visit")
    DATA_WARNING = "data_warning", _("data warning from a department")


class CaseDecision(models.TextChoices):
    INCLUDED = "included", _("included in monitoring")
    NOT_INCLUDED = "not_included", _("not included")


class DonationKind(models.TextChoices):
    CASH = "cash", _("cash")
    GOODS = "goods", _("goods (valued)")
