from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.core.access import Role as CoreRole


class Role(models.TextChoices):
    """The roles of the access matrix (hezuo.core.access.MATRIX), with translated labels."""

    SYSTEM_ADMIN = CoreRole.SYSTEM_ADMIN.value, _("system administrator")
    ZONE_ADMIN = CoreRole.ZONE_ADMIN.value, _("zone administrator")
    PROMOTION_OFFICER = CoreRole.PROMOTION_OFFICER.value, _("investment promotion officer")
    ENTERPRISE = CoreRole.ENTERPRISE.value, _("enterprise member")
    FINANCIAL = CoreRole.FINANCIAL.value, _("financial institution member")
    DONOR_OFFICE = CoreRole.DONOR_OFFICE.value, _("collaboration office (donor side)")
    ASSISTED_OFFICE = CoreRole.ASSISTED_OFFICE.value, _("collaboration office (assisted side)")
    BUYER_SUPPLIER = CoreRole.BUYER_SUPPLIER.value, _("buyer or supplier member")
    LEADER = CoreRole.LEADER.value, _("leader (read-only)")
    AUDITOR = CoreRole.AUDITOR.value, _("auditor")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    JA = "ja", "日本語"
    EN = "en", "English"


class AuditAction(models.TextChoices):
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGOUT = "logout", _("logout")
    LOCKED_OUT = "locked_out", _("locked out")
    PERMISSION_CHANGE = "permission_change", _("permission change")
    EXPORT = "export", _("export")
    UNMASKED_VIEW = "unmasked_view", _("personal data shown")
    IMPORT = "import", _("import")
    DELETE = "delete", _("deletion")
    ARCHIVE = "archive", _("archiving")
    ACCESS_DENIED = "access_denied", _("access denied")
    TOKEN = "token", _("API token")
    TWO_FACTOR = "two_factor", _("two-factor setting")


#: Translated labels of the access matrix's groups, actions and scopes (hezuo.core.access).
GROUP_LABELS = {
    "reference": _("reference data (regions, industry classes, sources)"),
    "programs": _("programs, sub-areas and parties"),
    "directory": _("organisations"),
    "people": _("people and positions"),
    "events": _("events"),
    "agreements": _("agreements"),
    "projects": _("projects"),
    "assistance": _("assistance ledger (projects, funds, labour, exchanges)"),
    "households": _("assisted households and their members"),
    "consumption": _("consumption assistance (products, deliveries)"),
    "policies": _("support policies and their eligibility rules"),
    "applications": _("applications for support policies"),
    "matching": _("matchmaking opportunities (offers and requests)"),
    "introductions": _("matchmaking suggestions, interest and meetings"),
    "audit": _("audit log"),
    "users": _("users and memberships"),
}
ACTION_LABELS = {
    "view": _("read"),
    "add": _("add"),
    "change": _("edit"),
    "delete": _("delete or archive"),
    "personal": _("see personal data"),
}
SCOPE_LABELS = {
    "all": _("all"),
    "program": _("own program"),
    "organisation": _("own organisation"),
    "region": _("own regions"),
}
