"""Home pages: the list of programs, and each program's own home."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hezuo.events.models import Agreement, Event
from hezuo.projects.choices import Stage
from hezuo.projects.models import Project
from hezuo.regions.choices import ProgramKind
from hezuo.regions.models import Program


@login_required
def home(request: HttpRequest) -> HttpResponse:
    programs = (
        Program.objects.filter(kind__in=[ProgramKind.ZONE, ProgramKind.PAIRING])
        .annotate(project_count=Count("projects", distinct=True))
        .select_related("region", "parent")
    )
    stage_counts = dict(
        Project.objects.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n")
    )
    context: dict[str, Any] = {
        "programs": programs,
        "recent_events": Event.objects.select_related("program").order_by("is_synthetic", "-date")[
            :6
        ],
        "counts": {
            "projects": Project.objects.count(),
            "agreements": Agreement.objects.count(),
            "events": Event.objects.count(),
        },
        "stages_json": [[str(label), stage_counts.get(value, 0)] for value, label in Stage.choices],
    }
    return render(request, "web/home.html", context)
