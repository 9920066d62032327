from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CEREMONY = "ceremony", _("ceremony")
    MEETING = "meeting", _("meeting")
    SITE_VISIT = "site_visit", _("site visit")
    TRADE_FAIR = "trade_fair", _("trade fair")
    DELEGATION_VISIT = "delegation_visit", _("delegation visit")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class ParticipationPart(models.TextChoices):
    ATTENDED = "attended", _("attended")
    ADDRESS = "address", _("address")
    SPEECH = "speech", _("speech")
    VIDEO_ADDRESS = "video_address", _("video address")
    PRESIDED = "presided", _("presided")
    REPORT = "report", _("report")
    SIGNED = "signed", _("signed")


class AgreementKind(models.TextChoices):
    INVESTMENT_PROJECT = "investment_project", _("investment project")
    FRAMEWORK = "framework", _("framework agreement")
    BUSINESS_COOPERATION = "business_cooperation", _("business cooperation")
    PROCUREMENT = "procurement", _("procurement agreement")
    OTHER = "other", _("other")


class AgreementPartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("signatory")
    INVESTOR = "investor", _("investor")
    PARTNER = "partner", _("partner")
    HOST = "host", _("host")
    BUYER = "buyer", _("buyer")
    SUPPLIER = "supplier", _("supplier")


class PartOfDay(models.TextChoices):
    MORNING = "morning", _("morning")
    AFTERNOON = "afternoon", _("afternoon")
    EVENING = "evening", _("evening")
    ALL_DAY = "all_day", _("all day")
