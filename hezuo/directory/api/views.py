"""API view sets for industry classes, organisations with their aliases, people and positions."""

from __future__ import annotations

from django.db.models import Prefetch

from hezuo.base.api import HezuoModelViewSet

from ..models import IndustryClass, Organisation, OrganisationAlias, Person, Position
from .serializers import (
    IndustryClassSerializer,
    OrganisationAliasSerializer,
    OrganisationSerializer,
    PersonSerializer,
    PositionSerializer,
)

NAMES = ("name_zh_hans", "name_ja", "name_en")
TITLES = ("title_zh_hans", "title_ja", "title_en")
STAMPS = ("created", "updated")


class IndustryClassViewSet(HezuoModelViewSet):
    """Industry classes of GB/T 4754-2017."""

    queryset = IndustryClass.objects.all()
    serializer_class = IndustryClassSerializer
    filterset_fields = {
        "level": ["exact"],
        "parent": ["exact", "isnull"],
        "parent__code": ["exact"],
        "code": ["exact", "startswith"],
    }
    search_fields = ("code", *NAMES)
    ordering_fields = ("code", "level", *NAMES, *STAMPS)


class OrganisationViewSet(HezuoModelViewSet):
    """Organisations; the search also looks at aliases and credit codes."""

    queryset = Organisation.objects.prefetch_related("industry_classes", "aliases")
    serializer_class = OrganisationSerializer
    filterset_fields = {
        "kind": ["exact"],
        "country": ["exact"],
        "uscc": ["exact"],
        "jp_corporate_number": ["exact"],
        "region": ["exact"],
        "parent": ["exact", "isnull"],
        "industry_classes": ["exact"],
        "industry_classes__code": ["startswith"],
        "is_synthetic": ["exact"],
    }
    search_fields = (*NAMES, "aliases__name", "uscc", "jp_corporate_number")
    ordering_fields = ("kind", "country", *NAMES, *STAMPS)


class OrganisationAliasViewSet(HezuoModelViewSet):
    """Other names organisations are known by."""

    queryset = OrganisationAlias.objects.all()
    serializer_class = OrganisationAliasSerializer
    filterset_fields = {"organisation": ["exact"], "language": ["exact"]}
    search_fields = ("name",)
    ordering_fields = ("organisation", "name", "language", *STAMPS)


class PersonViewSet(HezuoModelViewSet):
    """People named in the records, with their positions."""

    queryset = Person.objects.prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("organisation"))
    )
    serializer_class = PersonSerializer
    filterset_fields = {"is_synthetic": ["exact"]}
    search_fields = (*NAMES, "family_name", *(f"positions__{t}" for t in TITLES))
    ordering_fields = ("family_name", *NAMES, *STAMPS)


class PositionViewSet(HezuoModelViewSet):
    """Titles people held at organisations."""

    queryset = Position.objects.select_related("organisation")
    serializer_class = PositionSerializer
    filterset_fields = {
        "person": ["exact"],
        "organisation": ["exact"],
        "start_date": ["gte", "lte"],
        "end_date": ["gte", "lte", "isnull"],
    }
    search_fields = TITLES
    ordering_fields = ("person", "start_date", "end_date", *TITLES, *STAMPS)
