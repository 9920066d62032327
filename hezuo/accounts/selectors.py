"""Who holds which role where: the users a program's alerts and escalations go to.

Read by the apps that alert someone (the zone desk's overdue enquiries, the matchmaking desk's
officers, the reports' digest); it lives with the memberships it reads, below those apps.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from hezuo.core.access import Role

#: The roles that administer a program, for escalations and alerts nobody else receives: the
#: zone office (管委会) of a zone, the donor side's collaboration office (协作办) of a pairing.
ADMIN_ROLES = (Role.ZONE_ADMIN, Role.DONOR_OFFICE)


def program_and_ancestors(program: Any) -> list[int]:
    """Return the ids of ``program`` and of every program above it."""
    programs, current = [], program
    while current is not None:
        programs.append(current.pk)
        current = current.parent
    return programs


def program_admins(program: Any) -> list[Any]:
    """Return the active users who administer ``program`` or a program above it."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role__in=ADMIN_ROLES,
            memberships__program__in=program_and_ancestors(program),
        )
        .distinct()
        .order_by("username")
    )
