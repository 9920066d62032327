"""A synthetic layer over the facts: enough organisations, people, events, agreements and
projects to exercise lists, dashboards and matching.

Every row is flagged ``is_synthetic`` and every name or title carries a visible mark
(``（示例）`` / ``（サンプル）`` / `` (sample)``) so nobody mistakes it for a fact. The layer links
only to synthetic organisations and people, never to the real ones of the source document; it
uses the real programs, sub-areas, regions and industry classes as the frame.

The output depends only on ``scale`` and ``seed``: one ``random.Random(seed)`` drives every
choice, dates come from fixed ranges, and every query that feeds a choice is ordered.

One module per area, each a few functions over the shared :class:`~.frame.Layer`:
``directory`` (organisations, people), ``events`` (events, agreements), ``projects`` (plans,
projects, life cycle), ``zonedesk`` (enquiries, aftercare visits); ``codes`` and ``vocabulary``
make up codes and names. :class:`SyntheticBuilder` runs them in their one fixed order.
"""

from __future__ import annotations

from django.db import transaction

from hezuo.directory.models import Organisation, OrganisationAlias, Person, Position
from hezuo.events.models import Agreement, Event, Participation
from hezuo.projects.models import Project
from hezuo.zonedesk.models import AftercareVisit, Enquiry

from .directory import OrgSpec, build_organisations, build_people
from .events import build_agreements, build_events
from .frame import (
    CHANGE_REASON,
    COUNTS,
    FIRST_DAY,
    LAST_DAY,
    MARK_EN,
    MARK_JA,
    MARK_ZH,
    MARKS,
    PLANNED_FROM,
    Layer,
    mark,
    names,
)
from .projects import ProjectPlan, build_life_cycle, build_projects, plan_projects
from .zonedesk import build_enquiries_and_visits

__all__ = [
    "CHANGE_REASON",
    "COUNTS",
    "FIRST_DAY",
    "LAST_DAY",
    "MARKS",
    "MARK_EN",
    "MARK_JA",
    "MARK_ZH",
    "PLANNED_FROM",
    "Layer",
    "OrgSpec",
    "ProjectPlan",
    "SyntheticBuilder",
    "build_synthetic",
    "delete_synthetic",
    "mark",
    "names",
]


class SyntheticBuilder:
    """Builds one layer: the area builders in the order their random draws were made in."""

    def __init__(self, scale: int, seed: int) -> None:
        self.layer = Layer.load(scale, seed)

    def build(self) -> dict[str, int]:
        """Build every area; return the counts by kind (in the order they were built)."""
        layer = self.layer
        specs = build_organisations(layer)
        people = build_people(layer, specs)
        events = build_events(layer, people)
        plans = plan_projects(layer, specs)
        agreements, project_agreement = build_agreements(layer, specs, events, plans)
        projects = build_projects(layer, plans, agreements, project_agreement)
        build_life_cycle(layer, projects, plans)
        build_enquiries_and_visits(layer, projects, plans)
        return layer.counts


def delete_synthetic() -> None:
    """Delete the synthetic layer (dependants first), keeping the facts."""
    AftercareVisit.objects.filter(is_synthetic=True).delete()
    Enquiry.objects.filter(is_synthetic=True).delete()
    Project.objects.filter(is_synthetic=True).delete()
    Agreement.objects.filter(is_synthetic=True).delete()
    Participation.objects.filter(is_synthetic=True).delete()
    Event.objects.filter(is_synthetic=True, parent__isnull=False).delete()
    Event.objects.filter(is_synthetic=True).delete()
    Position.objects.filter(is_synthetic=True).delete()
    Person.objects.filter(is_synthetic=True).delete()
    OrganisationAlias.objects.filter(is_synthetic=True).delete()
    for _generation in range(10):  # subsidiaries before their parents (the link protects)
        leaves = Organisation.objects.filter(is_synthetic=True, subsidiaries__isnull=True)
        if not leaves.delete()[0]:
            break


@transaction.atomic
def build_synthetic(scale: int, seed: int) -> dict[str, int]:
    """Replace the synthetic layer with one of ``scale`` units built from ``seed``.

    Return counts by kind; scale 0 removes the layer and builds nothing.
    """
    delete_synthetic()
    if scale <= 0:
        return {}
    return SyntheticBuilder(scale, seed).build()
