"""API view sets for cooperation projects and the organisations in them."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hezuo.base.api import HezuoModelViewSet, version_required

from .. import services
from ..models import Project, ProjectParty
from .serializers import (
    ProjectPartySerializer,
    ProjectSerializer,
    StageChangeSerializer,
    StageMoveSerializer,
)

TITLES = ("title_zh_hans", "title_ja", "title_en")
STAMPS = ("created", "updated")


class ProjectViewSet(HezuoModelViewSet):
    """Cooperation projects and their life-cycle stage."""

    queryset = Project.objects.prefetch_related(
        "industry_classes",
        "industry_directions",
        "agreements",
        Prefetch("parties", queryset=ProjectParty.objects.select_related("organisation")),
    )
    serializer_class = ProjectSerializer
    filterset_fields = {
        "program": ["exact"],
        "sub_area": ["exact"],
        "region": ["exact"],
        "stage": ["exact"],
        "stage_since": ["gte", "lte"],
        "industry_classes": ["exact"],
        "industry_directions": ["exact"],
        "agreements": ["exact"],
        "parties__organisation": ["exact"],
        "is_synthetic": ["exact"],
    }
    search_fields = ("code", *TITLES, "description")
    ordering_fields = ("code", "stage", "stage_since", *TITLES, *STAMPS)

    @extend_schema(request=StageMoveSerializer, responses={201: StageChangeSerializer})
    @action(detail=True, methods=["post"], url_path="stage-moves")
    @version_required
    def stage_moves(self, request: Request, pk: str | None = None) -> Response:
        """Move the project to another stage, with the day it happened and the evidence.

        The rules of the life cycle apply (hezuo.core.lifecycle): a move forward needs the
        stage's evidence, a skip needs a reason, a move backward or to terminated needs a reason.
        The move is made on the version of the project it was decided on (body ``version`` or
        ``If-Match``): 428 without it, 409 when someone changed the project since.
        """
        project = self.get_object()
        move = StageMoveSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        data = move.validated_data
        change = services.advance_stage(
            project=project,
            to_stage=data["to_stage"],
            happened_on=data["happened_on"],
            acting_user=request.user,
            note=data["note"],
            reason=data["reason"],
            skip_reason=data["skip_reason"],
            evidence=[services.EvidenceItem(**item) for item in data["evidence"]],
            version=self.sent_version,
        )
        return Response(StageChangeSerializer(change).data, status=status.HTTP_201_CREATED)


class ProjectPartyViewSet(HezuoModelViewSet):
    """The organisations in projects."""

    queryset = ProjectParty.objects.select_related("organisation")
    serializer_class = ProjectPartySerializer
    filterset_fields = {"project": ["exact"], "organisation": ["exact"], "role": ["exact"]}
    search_fields = (
        "organisation__name_zh_hans",
        "organisation__name_ja",
        "organisation__name_en",
    )
    ordering_fields = ("project", "role", *STAMPS)
