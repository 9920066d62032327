from .access import Membership
from .audit import AuditEntry
from .notifications import Notification
from .profile import Profile
from .tokens import ApiToken

__all__ = ["ApiToken", "AuditEntry", "Membership", "Notification", "Profile"]
