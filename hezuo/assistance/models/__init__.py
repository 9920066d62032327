"""The assistance partnership's ledger (东西部协作工作台账), one module per sub-domain.

ledger: pairing periods, yearly agreements with targets, assistance projects with their funds,
social donations, people exchanged; households: households and their members (GB 11643 ID
numbers), status history, income and measures; labour: jobs and placements; consumption:
products, procurement lines under the procurement agreements of ``events.Agreement``,
deliveries; monitoring: the monitoring of the risk of returning to poverty. The rules live in
:mod:`hezuo.core.assistance`; validation is in ``clean()``, writes that matter in ``services``.

Everything is re-exported here (with the choices the models use) so that
``from hezuo.assistance.models import X`` names the same thing as before the split.
"""

from ..choices import (
    CapacityPeriod,
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
    Sex,
)
from .common import PAIRINGS, RULE_MESSAGES, ZERO, check_pairing, money, rule_error, via
from .consumption import PROCUREMENT_PATHS, Delivery, ProcurementLine, Product
from .households import Household, HouseholdIncome, HouseholdMember, HouseholdStatusChange, Measure
from .labour import Job, Placement
from .ledger import (
    AssistanceProject,
    Disbursement,
    Exchange,
    FundAllocation,
    PairingPeriod,
    SocialDonation,
    Target,
    YearlyAgreement,
)
from .monitoring import MonitoringCase, MonitoringLine

__all__ = [
    "PAIRINGS",
    "PROCUREMENT_PATHS",
    "RULE_MESSAGES",
    "ZERO",
    "AssistanceProject",
    "CapacityPeriod",
    "CaseDecision",
    "CaseKind",
    "Cause",
    "CooperationModel",
    "Delivery",
    "Disbursement",
    "DonationKind",
    "Exchange",
    "ExchangeDirection",
    "ExchangeKind",
    "FoundBy",
    "FundAllocation",
    "FundSource",
    "Household",
    "HouseholdIncome",
    "HouseholdMember",
    "HouseholdStatus",
    "HouseholdStatusChange",
    "Indicator",
    "Job",
    "LabourCapacity",
    "Measure",
    "MeasureKind",
    "MonitoringCase",
    "MonitoringLine",
    "PairingPeriod",
    "PlaceType",
    "Placement",
    "ProcurementLine",
    "Product",
    "ProjectField",
    "ProjectStatus",
    "Relation",
    "Sex",
    "SocialDonation",
    "Target",
    "YearlyAgreement",
    "check_pairing",
    "money",
    "rule_error",
    "via",
]
