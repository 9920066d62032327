"""Each user's work queue on the home page, gathered from the areas' own selectors.

A section appears only to a user who may see its area (the same ``may()`` its target page
checks), reads only what the user may see (``restrict``), and costs a fixed number of queries
whatever the amount of data: a count, the first few rows, and a link to the page listing all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hezuo.base.access import grants, may
from hezuo.core.access import Action

#: How many rows of each section the home page lists (the count and "see all" give the rest).
SHOWN = 5


@dataclass
class QueueItem:
    label: str
    detail: str
    url: str
    late: bool = False


@dataclass
class QueueSection:
    key: str
    title: Any
    icon: str
    count: int
    all_url: str
    items: list[QueueItem] = field(default_factory=list)


def project_list_url(ids: list[int]) -> str:
    """Return the project list of exactly ``ids``: a section of one person's queue (their own
    organisations' projects) is no filter the list could name."""
    return reverse("projects:project_list") + "?ids=" + ",".join(str(i) for i in sorted(ids))


def own_organisations(user: Any) -> set[int]:
    """The organisations the user acts for (with their subsidiaries); none for office staff."""
    found: set[int] = set()
    for grant in grants(user):
        found |= grant.organisations
    return found


def interests_awaiting(user: Any, today: date) -> QueueSection | None:
    """Interests waiting for an answer from the user's side: an organisation's member answers
    for its own opportunities; the staff of a program's desk follow all of their program's."""
    from hezuo.matchdesk.models import Interest
    from hezuo.matchdesk.selectors import waiting_interests

    if not may(user, Interest, Action.VIEW):
        return None
    waiting = waiting_interests(user=user, on=today, overdue_only=False)
    own = own_organisations(user)
    if own:
        waiting = waiting.filter(counterpart__owner__in=own)
    items = [
        QueueItem(
            label=str(i.counterpart.title),
            detail=str(
                _("%(other)s is interested; answer by %(date)s")
                % {"other": i.opportunity.title, "date": i.respond_by.isoformat()}
            ),
            url=i.counterpart.get_absolute_url(),
            late=i.respond_by < today,
        )
        for i in waiting[:SHOWN]
    ]
    return QueueSection(
        "interests",
        _("Interests awaiting an answer"),
        "bi-hand-thumbs-up",
        waiting.count(),
        reverse("matching:dashboard") + "#waiting",
        items,
    )


def meetings_this_week(user: Any, today: date) -> QueueSection | None:
    """The user's matchmaking meetings from Monday to Sunday of this week, not cancelled."""
    from hezuo.matchdesk.choices import MeetingOutcome
    from hezuo.matchdesk.models import Meeting

    if not may(user, Meeting, Action.VIEW):
        return None
    monday = today - timedelta(days=today.weekday())
    zone = timezone.get_current_timezone()
    start = datetime.combine(monday, time.min, tzinfo=zone)
    meetings = (
        Meeting.objects.restrict(user, Action.VIEW)
        .filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=7))
        .exclude(outcome=MeetingOutcome.CANCELLED)
        .select_related("offer", "request")
        .order_by("starts_at", "pk")
    )
    items = [
        QueueItem(
            label=f"{m.offer.title} ↔ {m.request.title}",
            detail=timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M")
            + (f" · {m.place}" if m.place else ""),
            url=m.get_absolute_url(),
        )
        for m in meetings[:SHOWN]
    ]
    return QueueSection(
        "meetings",
        _("Meetings this week"),
        "bi-calendar-week",
        meetings.count(),
        reverse("matching:dashboard"),
        items,
    )


def overdue_milestones(user: Any, today: date) -> QueueSection | None:
    from hezuo.projects import selectors
    from hezuo.projects.models import Milestone

    if not may(user, Milestone, Action.VIEW):
        return None
    overdue = selectors.overdue_milestones(on=today, user=user)
    items = [
        QueueItem(
            label=str(m.title),
            detail=str(
                _("%(project)s · planned %(date)s")
                % {"project": m.project.code, "date": m.planned_on.isoformat()}
            ),
            url=m.get_absolute_url(),
            late=True,
        )
        for m in overdue[:SHOWN]
    ]
    project_ids = sorted(set(overdue.values_list("project_id", flat=True)))
    return QueueSection(
        "milestones",
        _("Overdue milestones"),
        "bi-flag",
        overdue.count(),
        project_list_url(project_ids),
        items,
    )


def stuck_projects(user: Any, today: date) -> QueueSection | None:
    """Projects longer in their stage than their zone allows, among those the user follows (an
    organisation's: the projects it takes part in or is responsible for; an office's: its
    program's)."""
    from hezuo.projects import selectors
    from hezuo.projects.models import Project

    if not may(user, Project, Action.VIEW):
        return None
    projects = selectors.active_projects(user=user)
    own = own_organisations(user)
    if own:
        projects = projects.filter(
            Q(responsible_organisation__in=own) | Q(parties__organisation__in=own)
        ).distinct()
    rows = [r for r in selectors.pipeline_rows(projects, on=today) if r.stuck]
    rows.sort(key=lambda r: (-(r.days or 0), r.project.code))
    items = [
        QueueItem(
            label=f"{r.project.code} {r.project.title}",
            detail=str(
                _("%(stage)s for %(days)s days (limit %(limit)s)")
                % {"stage": r.stage_label, "days": r.days, "limit": r.threshold}
            ),
            url=r.project.get_absolute_url(),
            late=True,
        )
        for r in rows[:SHOWN]
    ]
    return QueueSection(
        "stuck",
        _("Stuck projects"),
        "bi-hourglass-split",
        len(rows),
        project_list_url([r.project.pk for r in rows]),
        items,
    )


def overdue_cases(user: Any, today: date) -> QueueSection | None:
    """Open monitoring cases past their 15-day deadline."""
    from hezuo.assistance import selectors
    from hezuo.assistance.models import MonitoringCase

    if not may(user, MonitoringCase, Action.VIEW):
        return None
    visible = MonitoringCase.objects.restrict(user, Action.VIEW)
    cases = (
        selectors.overdue_cases(None, today)
        .filter(pk__in=visible.values("pk"), county_decision_on__isnull=True)
        .select_related("household__village")
        .order_by("first_lead_on", "pk")
    )
    items = [
        QueueItem(
            label=str(c),
            detail=str(
                _("%(village)s · deadline %(date)s")
                % {"village": c.household.village.name, "date": c.deadline.isoformat()}
            ),
            url=c.get_absolute_url(),
            late=True,
        )
        for c in cases[:SHOWN]
    ]
    return QueueSection(
        "cases",
        _("Overdue monitoring cases"),
        "bi-clipboard2-pulse",
        cases.count(),
        reverse("assistance:monitoring"),
        items,
    )


def policy_notices(user: Any, today: date) -> QueueSection | None:
    """Newly qualifying policies the user has not read (an organisation's: its own projects')."""
    from hezuo.policies.models import PolicyNotice
    from hezuo.policies.selectors import notices_for

    if not may(user, PolicyNotice, Action.VIEW):
        return None
    mine = bool(own_organisations(user))
    notices = notices_for(user=user, unread=True, mine=mine)
    items = [
        QueueItem(
            label=str(n.policy.title),
            detail=f"{n.project.code} · {n.since.isoformat()}",
            url=n.get_absolute_url(),
        )
        for n in notices[:SHOWN]
    ]
    query = "?unread=1" + ("&mine=1" if mine else "")
    return QueueSection(
        "notices",
        _("New policy notices"),
        "bi-stars",
        notices.count(),
        reverse("policies:notices") + query,
        items,
    )


SECTIONS = (
    interests_awaiting,
    meetings_this_week,
    overdue_milestones,
    overdue_cases,
    stuck_projects,
    policy_notices,
)


def work_queue(user: Any, *, today: date | None = None) -> list[QueueSection]:
    """Return the sections of the user's work queue they may see, in a fixed order."""
    today = today or timezone.localdate()
    return [s for s in (section(user, today) for section in SECTIONS) if s is not None]
