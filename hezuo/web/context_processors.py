"""Navigation shown on every page (only the entries the user may open)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hezuo.base.access import may
from hezuo.base.views import may_open
from hezuo.core.access import Action

#: The navigation bar: an entry is (label, url name, icon), or (label, [entries], icon) for a menu.
NAVIGATION: list[tuple[Any, Any, str]] = [
    (
        _("Directory"),
        [
            (_("Programs"), "regions:program_list", "bi-diagram-3"),
            (_("Regions"), "regions:region_list", "bi-geo-alt"),
            (_("Organisations"), "directory:organisation_list", "bi-building"),
            (_("People"), "directory:person_list", "bi-people"),
        ],
        "bi-building",
    ),
    (
        _("Events"),
        [
            (_("Events"), "events:event_list", "bi-calendar-event"),
            (_("Agreements"), "events:agreement_list", "bi-pen"),
        ],
        "bi-calendar-event",
    ),
    (
        _("Projects"),
        [
            (_("Projects"), "projects:project_list", "bi-kanban"),
            (_("Zones"), "reports:zone_list", "bi-bar-chart-steps"),
            (_("Enquiries"), "zonedesk:enquiry_list", "bi-question-circle"),
            (_("Aftercare visits"), "zonedesk:visit_list", "bi-person-walking"),
            (_("Exchange rates"), "zonedesk:rate_list", "bi-currency-exchange"),
        ],
        "bi-kanban",
    ),
    (_("Assistance"), "assistance:home", "bi-house-heart"),
    (_("Matchmaking"), "matching:opportunity_list", "bi-intersect"),
    (_("Brokerage events"), "brokerage:brokerageevent_list", "bi-people"),
    (
        _("Policies"),
        [
            (_("Policies"), "policies:policy_list", "bi-award"),
            (_("Policies for a project"), "policies:match", "bi-list-check"),
            (_("Newly qualifying policies"), "policies:notices", "bi-stars"),
            (_("Granted without application"), "policies:automatic", "bi-lightning"),
            (_("Applications"), "policies:application_list", "bi-send"),
        ],
        "bi-award",
    ),
    (_("Import and export"), "imports:ledger_list", "bi-file-earmark-spreadsheet"),
]


def _entries(items: list[tuple[Any, Any, str]], user: Any) -> list[dict[str, Any]]:
    """Resolve the navigation's url names; an entry the user's role may not open (the check its
    view makes) is left out. A name that does not resolve is a mistake and fails loudly
    (NoReverseMatch) instead of hiding the page."""
    entries = []
    for label, target, icon in items:
        if isinstance(target, list):
            children = _entries(target, user)
            if children:
                entries.append({"label": label, "icon": icon, "children": children})
            continue
        url = reverse(target)
        if may_open(user, url):
            entries.append({"label": label, "icon": icon, "url": url})
    return entries


def navigation(request: HttpRequest) -> dict[str, Any]:
    from hezuo.accounts.models import AuditEntry
    from hezuo.accounts.notifications import unread_count

    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "navigation": _entries(NAVIGATION, user) if signed_in else [],
        "can_read_audit": bool(user and may(user, AuditEntry, Action.VIEW)),
        # counted only when a page shows the bell (a lazy value: one query then)
        "unread_notifications": (lambda: unread_count(user)) if signed_in else 0,
    }
