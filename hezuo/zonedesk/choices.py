"""Choices of the zone office desk: rate sources, services, enquiry channels and languages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.core import money


class RateSource(models.TextChoices):
    ECB = money.ECB, _("European Central Bank reference rate")
    OFFICIAL = money.OFFICIAL, _("official rate entered by an officer")


class ServiceKind(models.TextChoices):
    PERMIT = "permit", _("permit and approval help")
    SITE = "site", _("site and land")
    FINANCING = "financing", _("financing")
    TALENT = "talent", _("talent and recruitment")
    POLICY = "policy", _("policy application")
    OTHER = "other", _("other service")


class ServiceOutcome(models.TextChoices):
    PENDING = "pending", _("pending")
    RESOLVED = "resolved", _("resolved")
    PARTLY = "partly", _("partly resolved")
    UNRESOLVED = "unresolved", _("not resolved")


class EnquiryChannel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    PHONE = "phone", _("telephone")
    VISIT = "visit", _("visit to the office")
    EVENT = "event", _("at an event or fair")
    WEBSITE = "website", _("website form")
    MESSAGING = "messaging", _("messaging app")
    REFERRAL = "referral", _("referral")
    OTHER = "other", _("other channel")


class EnquiryLanguage(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    JA = "ja", "日本語"
    EN = "en", "English"
    KO = "ko", "한국어"
    OTHER = "other", _("other language")
