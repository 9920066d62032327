"""API view sets of the life-cycle records: read them, and write them through the services.

Milestones and figures are created (POST) by the functions of ``hezuo.projects.services``
(``base.api.ServiceViewSet``) — which check the role matrix, validate through the models and keep
the user and a reason in the history — never by a plain serializer save. They are not updated or
deleted through the API: a milestone is completed (``POST …/milestones/{id}/done/``, on the
milestone's version). The zone desk's records are in ``hezuo.zonedesk.api``.
"""

from __future__ import annotations

import inspect
from typing import Any

from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hezuo.base.api import ServiceViewSet, version_required

from .. import services
from ..models import Milestone, ProjectFigure
from . import record_serializers as s

STAMPS = ("created", "updated")


class RecordViewSet(ServiceViewSet):
    """Read, and create through ``create_service``; no update or delete."""

    http_method_names = ["get", "post", "head", "options"]

    def service_arguments(self, body: Any) -> dict[str, Any]:
        """The body's values the service takes (a body may also carry e.g. ``is_synthetic``)."""
        accepted = inspect.signature(self.service("create_service")).parameters  # type: ignore[arg-type]
        return {k: v for k, v in super().service_arguments(body).items() if k in accepted}


class MilestoneViewSet(RecordViewSet):
    """Milestones of projects: planned date, actual date, owner organisation, status."""

    queryset = Milestone.objects.select_related("project")
    serializer_class = s.MilestoneSerializer
    create_service = services.add_milestone
    filterset_fields = {
        "project": ["exact"],
        "status": ["exact"],
        "owner": ["exact"],
        "planned_on": ["gte", "lte"],
    }
    ordering_fields = ("planned_on", "actual_on", *STAMPS)

    @extend_schema(
        request=s.MilestoneDoneSerializer,
        responses={
            200: s.MilestoneSerializer,
            400: OpenApiResponse(),
            409: OpenApiResponse(),
            428: OpenApiResponse(),
        },
    )
    @action(detail=True, methods=["post"], serializer_class=s.MilestoneSerializer)
    @version_required
    def done(self, request: Request, pk: Any = None) -> Response:
        """Record the day the milestone was reached (on its current version)."""
        milestone = self.get_object()
        body = s.MilestoneDoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            done = services.complete_milestone(
                milestone=milestone,
                actual_on=body.validated_data["actual_on"],
                note=body.validated_data["note"],
                acting_user=request.user,
                version=self.sent_version,
            )
        return self.answer(done)


class ProjectFigureViewSet(RecordViewSet):
    """Figures of projects, each in its own currency and converted to CNY at its day's rate."""

    queryset = ProjectFigure.objects.select_related("project")
    serializer_class = s.ProjectFigureSerializer
    create_service = services.record_figure
    filterset_fields = {
        "project": ["exact"],
        "kind": ["exact"],
        "currency": ["exact"],
        "recorded_on": ["gte", "lte"],
    }
    ordering_fields = ("recorded_on", "kind", *STAMPS)


#: The routes of the API (registered in hezuo/api_urls.py).
ROUTES = {
    "milestones": MilestoneViewSet,
    "project-figures": ProjectFigureViewSet,
}
