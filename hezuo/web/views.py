"""Home pages: the list of programs, and each program's own home."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hezuo.accounts import notifications
from hezuo.core.access import Role as CoreRole
from hezuo.events.models import Agreement, Event
from hezuo.projects.choices import Stage
from hezuo.projects.models import Project
from hezuo.regions.choices import ProgramKind
from hezuo.regions.models import Program

from .queue import work_queue

#: Notifications per page of the notifications list.
NOTIFICATIONS_PER_PAGE = 25


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    projects = Project.objects.restrict(user).filter(archived_at__isnull=True)
    programs = (
        Program.objects.restrict(user)
        .filter(kind__in=[ProgramKind.ZONE, ProgramKind.PAIRING])
        .annotate(
            project_count=Count(
                "projects", filter=Q(projects__in=projects.values("pk")), distinct=True
            )
        )
        .select_related("region", "parent")
    )
    stage_counts = dict(
        projects.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    context: dict[str, Any] = {
        "queue": work_queue(user),
        "programs": programs,
        "recent_events": Event.objects.restrict(user)
        .select_related("program")
        .order_by("is_synthetic", "-date")[:6],
        "counts": {
            "projects": projects.count(),
            "agreements": Agreement.objects.restrict(user).filter(archived_at__isnull=True).count(),
            "events": Event.objects.restrict(user).count(),
        },
        "stages_json": [[str(label), stage_counts.get(value, 0)] for value, label in Stage.choices],
    }
    return render(request, "web/home.html", context)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's own notifications, newest first, paged; the unread ones marked."""
    found = notifications.notifications_for(request.user)
    page = Paginator(found, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/notifications.html",
        {"page": page, "unread": notifications.unread_count(request.user)},
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and go where it points (another's: 404)."""
    notification = notifications.mark_read(user=request.user, notification_id=pk)
    if notification is None:
        raise Http404
    target = notification.link
    if not target or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        target = reverse("notifications")
    return HttpResponseRedirect(target)


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark all of the user's notifications read."""
    notifications.mark_all_read(user=request.user)
    return HttpResponseRedirect(reverse("notifications"))


@login_required
def role_matrix(request: HttpRequest) -> HttpResponse:
    """The role matrix the platform enforces, read from the same table the code uses."""
    from hezuo.accounts.choices import ACTION_LABELS, GROUP_LABELS, SCOPE_LABELS, Role
    from hezuo.core.access import MATRIX, Group

    groups = [(g.value, GROUP_LABELS[g.value]) for g in Group]
    rows = []
    for role in Role:
        granted = MATRIX[CoreRole(role.value)]
        cells = []
        for group, _label in groups:
            rules = granted.get(Group(group), {})
            cells.append(
                [(ACTION_LABELS[a.value], SCOPE_LABELS[s.value], s.value) for a, s in rules.items()]
            )
        rows.append((role.label, cells))
    return render(request, "web/role_matrix.html", {"groups": groups, "rows": rows})
