from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.core import lifecycle


class Stage(models.TextChoices):
    LEAD = "lead", _("lead")
    NEGOTIATING = "negotiating", _("negotiating")
    SIGNED = "signed", _("signed")
    REGISTERED = "registered", _("registered")
    CONSTRUCTION = "construction", _("construction")
    PRODUCTION = "production", _("production")
    CAPACITY = "capacity", _("full capacity")
    EXPANSION = "expansion", _("expansion")
    TERMINATED = "terminated", _("terminated")


#: The life cycle in order; terminated stands outside it.
STAGE_ORDER = [s for s in Stage.values if s != Stage.TERMINATED]


class ProjectPartyRole(models.TextChoices):
    INVESTOR = "investor", _("investor")
    PARTNER = "partner", _("partner")
    OPERATOR = "operator", _("operator")


class Move(models.TextChoices):
    FORWARD = lifecycle.Move.FORWARD.value, _("forward")
    BACKWARD = lifecycle.Move.BACKWARD.value, _("backward")
    TERMINATE = lifecycle.Move.TERMINATE.value, _("terminated")
    REOPEN = lifecycle.Move.REOPEN.value, _("reopened")


E = lifecycle.Evidence


class EvidenceKind(models.TextChoices):
    """The kinds of evidence of hezuo.core.lifecycle.Evidence, with translated labels."""

    CONTACT_RECORD = E.CONTACT_RECORD.value, _("record of talks or visit")
    LETTER_OF_INTENT = E.LETTER_OF_INTENT.value, _("letter of intent or memorandum")
    INVESTMENT_AGREEMENT = E.INVESTMENT_AGREEMENT.value, _("signed investment agreement")
    BUSINESS_LICENCE = E.BUSINESS_LICENCE.value, _("business licence")
    FOREIGN_INVESTMENT_REPORT = (
        E.FOREIGN_INVESTMENT_REPORT.value,
        _("foreign investment information report"),
    )
    PROJECT_FILING = E.PROJECT_FILING.value, _("investment project filing or approval")
    LAND_USE_CERTIFICATE = E.LAND_USE_CERTIFICATE.value, _("land use certificate or contract")
    PLANNING_PERMIT = E.PLANNING_PERMIT.value, _("construction planning permit")
    CONSTRUCTION_PERMIT = E.CONSTRUCTION_PERMIT.value, _("construction permit")
    COMPLETION_ACCEPTANCE = E.COMPLETION_ACCEPTANCE.value, _("completion acceptance record")
    DISCHARGE_PERMIT = E.DISCHARGE_PERMIT.value, _("pollutant discharge permit")
    PRODUCTION_LICENCE = E.PRODUCTION_LICENCE.value, _("production licence")
    OUTPUT_REPORT = E.OUTPUT_REPORT.value, _("statement of output")
    OTHER = E.OTHER.value, _("other document")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class FigureKind(models.TextChoices):
    CONTRACTED_INVESTMENT = "contracted_investment", _("contracted investment")
    ARRIVED_INVESTMENT = "arrived_investment", _("investment arrived so far")
    REGISTERED_CAPITAL = "registered_capital", _("registered capital")
    ANNUAL_OUTPUT = "annual_output", _("annual output value")
    JOBS = "jobs", _("jobs created")


#: Figures that are amounts of money (with a currency); the others are counts.
MONEY_FIGURES = frozenset(
    {
        FigureKind.CONTRACTED_INVESTMENT,
        FigureKind.ARRIVED_INVESTMENT,
        FigureKind.REGISTERED_CAPITAL,
        FigureKind.ANNUAL_OUTPUT,
    }
)
