"""API view sets for cooperation projects and the organisations in them."""

from __future__ import annotations

from django.db.models import Prefetch

from hezuo.base.api import HezuoModelViewSet

from ..models import Project, ProjectParty
from .serializers import ProjectPartySerializer, ProjectSerializer

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
