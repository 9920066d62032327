from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    COUNTRY = "country", _("country")
    PROVINCE = "province", _("province")
    CITY = "city", _("prefecture-level city")
    COUNTY = "county", _("county or district")
    TOWNSHIP = "township", _("township or street")
    VILLAGE = "village", _("village or community")


class ProgramKind(models.TextChoices):
    ZONE = "zone", _("cooperation zone")
    PAIRING = "pairing", _("assistance pairing")
    CITY_PARTNERSHIP = "city_partnership", _("city partnership")


class PartyRole(models.TextChoices):
    HOST = "host", _("host")
    PARTNER_COUNTRY = "partner_country", _("partner country")
    DONOR = "donor", _("donor")
    ASSISTED = "assisted", _("assisted")
    APPROVER = "approver", _("approving authority")
    PARTNER = "partner", _("partner")


class SubAreaKind(models.TextChoices):
    CORE = "core", _("core area")
    WING = "wing", _("wing")
    SUB_AREA = "sub_area", _("sub-area")


class TopicKind(models.TextChoices):
    PLATFORM = "platform", _("cooperation platform")
    POLICY_AREA = "policy_area", _("policy area")
    ADVANTAGE = "advantage", _("stacked advantage")
    ASSISTANCE_LINE = "assistance_line", _("assistance line")
    MODEL = "model", _("cooperation model")
    FIELD = "field", _("cooperation field")
    TOOL = "tool", _("working tool")
    DISTINCTION = "distinction", _("distinction")
