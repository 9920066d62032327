"""Navigation shown on every page (only the entries the user may open)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hezuo.base.access import may
from hezuo.core.access import Action

NAVIGATION = [
    (_("Programs"), "regions:program_list", "bi-diagram-3"),
    (_("Regions"), "regions:region_list", "bi-geo-alt"),
    (_("Organisations"), "directory:organisation_list", "bi-building"),
    (_("People"), "directory:person_list", "bi-people"),
    (_("Events"), "events:event_list", "bi-calendar-event"),
    (_("Agreements"), "events:agreement_list", "bi-pen"),
    (_("Projects"), "projects:project_list", "bi-kanban"),
    (_("Zones"), "projects:zone_list", "bi-bar-chart-steps"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    from hezuo.accounts.models import AuditEntry

    user = getattr(request, "user", None)
    return {
        "navigation": NAVIGATION,
        "can_read_audit": bool(user and may(user, AuditEntry, Action.VIEW)),
    }
