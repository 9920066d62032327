"""Navigation shown on every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

NAVIGATION = [
    (_("Programs"), "regions:program_list", "bi-diagram-3"),
    (_("Regions"), "regions:region_list", "bi-geo-alt"),
    (_("Organisations"), "directory:organisation_list", "bi-building"),
    (_("People"), "directory:person_list", "bi-people"),
    (_("Events"), "events:event_list", "bi-calendar-event"),
    (_("Agreements"), "events:agreement_list", "bi-pen"),
    (_("Projects"), "projects:project_list", "bi-kanban"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"navigation": NAVIGATION}
