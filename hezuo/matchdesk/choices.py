"""Choices of the matchmaking desk: the twelve kinds of opportunity in six complementary pairs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.core.matching.profile import COMPLEMENT, is_offer


class OpportunityKind(models.TextChoices):
    BUSINESS_OFFER = "business_offer", _("business offer")
    BUSINESS_REQUEST = "business_request", _("business request")
    TECHNOLOGY_OFFER = "technology_offer", _("technology offer")
    TECHNOLOGY_REQUEST = "technology_request", _("technology request")
    FINANCING_OFFER = "financing_offer", _("financing offer")
    FINANCING_REQUEST = "financing_request", _("financing request")
    PRODUCT_SUPPLY = "product_supply", _("product supply")
    PURCHASE_DEMAND = "purchase_demand", _("purchase demand")
    JOB_OFFER = "job_offer", _("job offer")
    JOB_SEEKER = "job_seeker", _("job seeker")
    SITE_OFFER = "site_offer", _("site offer")
    INVESTMENT_INTENT = "investment_intent", _("investment intent")


if set(OpportunityKind.values) != set(COMPLEMENT):  # the engine's kinds, exactly
    raise ImportError("OpportunityKind must list the matching engine's kinds (COMPLEMENT)")


def complement_of(kind: str) -> str:
    return COMPLEMENT[kind]


def offer_side(kind: str) -> bool:
    return is_offer(kind)


class OpportunityLanguage(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    ZH_HANT = "zh-hant", "繁體中文"
    JA = "ja", "日本語"
    EN = "en", "English"


class Period(models.TextChoices):
    ONCE = "once", _("once")
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class InterestStatus(models.TextChoices):
    INTERESTED = "interested", _("interested")
    DECLINED = "declined", _("declined")


class MeetingOutcome(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    AGREEMENT = "agreement", _("agreement signed")
    NO_DEAL = "no_deal", _("no deal")
    CANCELLED = "cancelled", _("cancelled")


class SuggestionOutcome(models.TextChoices):
    SHOWN = "shown", _("shown")
    TAKEN_UP = "taken_up", _("taken up")
    DECLINED = "declined", _("declined")


class InterpreterLanguage(models.TextChoices):
    ZH = "zh", _("Chinese")
    JA = "ja", _("Japanese")
    EN = "en", _("English")
