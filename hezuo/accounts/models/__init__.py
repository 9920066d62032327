from .access import Membership
from .audit import AuditEntry
from .profile import Profile

__all__ = ["AuditEntry", "Membership", "Profile"]
