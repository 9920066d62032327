"""Home pages: the list of programs, and each program's own home."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hezuo.events.models import Agreement, Event
from hezuo.projects.choices import Stage
from hezuo.projects.models import Project
from hezuo.regions.choices import ProgramKind
from hezuo.regions.models import Program


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
