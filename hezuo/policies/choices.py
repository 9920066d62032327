from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyArea(models.TextChoices):
    INVESTMENT_FINANCING = "investment_financing", _("investment and financing")
    FISCAL_TAX = "fiscal_tax", _("fiscal and tax")
    ENTRY_EXIT = "entry_exit", _("entry and exit")
    FOREIGN_TRADE = "foreign_trade", _("foreign trade")
    FINANCE = "finance", _("finance")
    TALENT = "talent", _("talent")
    LAND = "land", _("land")
    OTHER = "other", _("other")


class BenefitKind(models.TextChoices):
    SUBSIDY = "subsidy", _("subsidy")
    TAX_REDUCTION = "tax_reduction", _("tax reduction")
    LOAN_INTEREST_SUBSIDY = "loan_interest_subsidy", _("loan interest subsidy")
    FAST_TRACK = "fast_track", _("fast-track procedure")
    VISA_FACILITATION = "visa_facilitation", _("visa facilitation")
    OTHER = "other", _("other")


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_FORCE = "in_force", _("in force")
    EXPIRED = "expired", _("expired")


class ApplicationStatus(models.TextChoices):
    DRAFTED = "drafted", _("drafted")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    PAID = "paid", _("paid")


#: status → the statuses an application may move to (hezuo.policies.services).
TRANSITIONS = {
    ApplicationStatus.DRAFTED: (ApplicationStatus.SUBMITTED,),
    ApplicationStatus.SUBMITTED: (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED),
    ApplicationStatus.APPROVED: (ApplicationStatus.PAID,),
    ApplicationStatus.REJECTED: (),
    ApplicationStatus.PAID: (),
}


class NoticeCause(models.TextChoices):
    STAGE = "stage", _("stage change")
    FIGURE = "figure", _("figure recorded")
    RECORD = "record", _("project record changed")
