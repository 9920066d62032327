from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    GOVERNMENT = "government", _("government body")
    FINANCIAL = "financial", _("bank or financial institution")
    ASSOCIATION = "association", _("chamber or association")
    OTHER = "other", _("other")


class IndustryLevel(models.TextChoices):
    SECTION = "section", _("section")
    DIVISION = "division", _("division")
    GROUP = "group", _("group")
    CLASS = "class", _("class")


class AliasLanguage(models.TextChoices):
    ZH_HANS = "zh-hans", _("Simplified Chinese")
    ZH_HANT = "zh-hant", _("Traditional Chinese")
    JA = "ja", _("Japanese")
    EN = "en", _("English")
    OTHER = "other", _("other")
