"""API view sets for regions, programs, their parties, sub-areas, topics and industry directions."""

from __future__ import annotations

from django.db.models import Prefetch

from hezuo.base.api import HezuoModelViewSet

from ..models import IndustryDirection, Program, ProgramParty, ProgramTopic, Region, SubArea
from .serializers import (
    IndustryDirectionSerializer,
    ProgramPartySerializer,
    ProgramSerializer,
    ProgramTopicSerializer,
    RegionSerializer,
    SubAreaSerializer,
)

NAMES = ("name_zh_hans", "name_ja", "name_en")
STAMPS = ("created", "updated")


class RegionViewSet(HezuoModelViewSet):
    """Regions: divisions of China (GB/T 2260) and places abroad (ISO 3166-2)."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_fields = {
        "level": ["exact"],
        "country": ["exact"],
        "parent": ["exact", "isnull"],
        "parent__code": ["exact"],
        "is_synthetic": ["exact"],
    }
    search_fields = ("code", *NAMES)
    ordering_fields = ("code", "level", "country", *NAMES, *STAMPS)


class IndustryDirectionViewSet(HezuoModelViewSet):
    """Industry directions a zone is approved for."""

    queryset = IndustryDirection.objects.prefetch_related("industry_classes")
    serializer_class = IndustryDirectionSerializer
    filterset_fields = {"industry_classes": ["exact"], "is_synthetic": ["exact"]}
    search_fields = ("code", *NAMES)
    ordering_fields = ("code", *NAMES, *STAMPS)


class ProgramViewSet(HezuoModelViewSet):
    """Programs: cooperation zones, assistance pairings and city partnerships."""

    queryset = Program.objects.prefetch_related(
        "industry_directions",
        Prefetch("parties", queryset=ProgramParty.objects.select_related("region", "organisation")),
        "topics",
    )
    serializer_class = ProgramSerializer
    filterset_fields = {
        "kind": ["exact"],
        "parent": ["exact", "isnull"],
        "region": ["exact"],
        "region__code": ["exact"],
        "approved_by": ["exact"],
        "industry_directions": ["exact"],
        "since_year": ["exact", "gte", "lte"],
        "is_synthetic": ["exact"],
    }
    search_fields = ("code", *NAMES)
    ordering_fields = ("code", "kind", "since_year", "start_date", *NAMES, *STAMPS)


class ProgramPartyViewSet(HezuoModelViewSet):
    """The regions, organisations and countries taking part in programs."""

    queryset = ProgramParty.objects.select_related("region", "organisation")
    serializer_class = ProgramPartySerializer
    filterset_fields = {
        "program": ["exact"],
        "role": ["exact"],
        "region": ["exact"],
        "organisation": ["exact"],
        "country": ["exact"],
    }
    search_fields = (*NAMES, "organisation__name_zh_hans", "region__name_zh_hans")
    ordering_fields = ("program", "role", *STAMPS)


class SubAreaViewSet(HezuoModelViewSet):
    """Zones' core areas, wings and sub-areas."""

    queryset = SubArea.objects.prefetch_related("industry_directions")
    serializer_class = SubAreaSerializer
    filterset_fields = {
        "program": ["exact"],
        "kind": ["exact"],
        "region": ["exact"],
        "industry_directions": ["exact"],
        "is_synthetic": ["exact"],
    }
    search_fields = ("code", *NAMES)
    ordering_fields = ("program", "kind", "code", "area_km2", *NAMES, *STAMPS)


class ProgramTopicViewSet(HezuoModelViewSet):
    """Programs' platforms, policy areas, assistance lines, models, fields and tools."""

    queryset = ProgramTopic.objects.all()
    serializer_class = ProgramTopicSerializer
    filterset_fields = {"program": ["exact"], "kind": ["exact"]}
    search_fields = NAMES
    ordering_fields = ("program", "kind", "position", *NAMES, *STAMPS)
