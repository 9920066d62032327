from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    """The kinds of user in PRODUCT.md; the access issue turns them into scoped roles."""

    ZONE_STAFF = "zone_staff", _("zone office staff")
    PROMOTION_OFFICER = "promotion_officer", _("investment promotion officer")
    ENTERPRISE = "enterprise", _("enterprise member")
    BANK = "bank", _("bank or financial institution member")
    DONOR_OFFICE = "donor_office", _("collaboration office (donor side)")
    ASSISTED_OFFICE = "assisted_office", _("collaboration office (assisted side)")
    BUYER_SUPPLIER = "buyer_supplier", _("buyer or supplier")
    LEADER = "leader", _("city leader")
    AUDITOR = "auditor", _("auditor")
    ADMIN = "admin", _("system administrator")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    JA = "ja", "日本語"
    EN = "en", "English"
