"""API view sets for source documents, events, participations, agreements and their parties."""

from __future__ import annotations

from django.db.models import Prefetch

from hezuo.base.api import HezuoModelViewSet

from ..models import Agreement, AgreementParty, Event, Participation, SourceDocument
from .serializers import (
    AgreementPartySerializer,
    AgreementSerializer,
    EventSerializer,
    ParticipationSerializer,
    SourceDocumentSerializer,
)

TITLES = ("title_zh_hans", "title_ja", "title_en")
STAMPS = ("created", "updated")


class SourceDocumentViewSet(HezuoModelViewSet):
    """Source documents: the published texts records come from."""

    queryset = SourceDocument.objects.all()
    serializer_class = SourceDocumentSerializer
    filterset_fields = {
        "publication": ["exact"],
        "published_on": ["exact", "gte", "lte"],
        "is_synthetic": ["exact"],
    }
    search_fields = (*TITLES, "publication", "section", "file_name")
    ordering_fields = ("published_on", "publication", "page", *TITLES, *STAMPS)


class EventViewSet(HezuoModelViewSet):
    """Events: ceremonies, meetings, site visits, trade fairs and delegation visits."""

    queryset = Event.objects.prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("person", "position"),
        )
    )
    serializer_class = EventSerializer
    filterset_fields = {
        "kind": ["exact"],
        "status": ["exact"],
        "program": ["exact"],
        "region": ["exact"],
        "parent": ["exact", "isnull"],
        "source": ["exact"],
        "date": ["exact", "gte", "lte"],
        "is_synthetic": ["exact"],
    }
    search_fields = (*TITLES, "venue_zh_hans", "venue_ja", "venue_en", "description")
    ordering_fields = ("date", "kind", "status", *TITLES, *STAMPS)


class ParticipationViewSet(HezuoModelViewSet):
    """People's parts in events."""

    queryset = Participation.objects.select_related("person", "position")
    serializer_class = ParticipationSerializer
    filterset_fields = {"event": ["exact"], "person": ["exact"], "position": ["exact"]}
    search_fields = ("person__name_zh_hans", "person__name_ja", "person__name_en")
    ordering_fields = ("event", "order", *STAMPS)


class AgreementViewSet(HezuoModelViewSet):
    """Agreements and signed items."""

    queryset = Agreement.objects.prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation"))
    )
    serializer_class = AgreementSerializer
    filterset_fields = {
        "kind": ["exact"],
        "program": ["exact"],
        "event": ["exact"],
        "sub_area": ["exact"],
        "currency": ["exact"],
        "signed_on": ["exact", "gte", "lte"],
        "parties__organisation": ["exact"],
        "is_synthetic": ["exact"],
    }
    search_fields = (*TITLES, "subject_zh_hans", "subject_ja", "subject_en")
    ordering_fields = ("signed_on", "sequence", "amount", "kind", *TITLES, *STAMPS)


class AgreementPartyViewSet(HezuoModelViewSet):
    """The organisations party to agreements."""

    queryset = AgreementParty.objects.select_related("organisation")
    serializer_class = AgreementPartySerializer
    filterset_fields = {"agreement": ["exact"], "organisation": ["exact"], "role": ["exact"]}
    search_fields = (
        "organisation__name_zh_hans",
        "organisation__name_ja",
        "organisation__name_en",
    )
    ordering_fields = ("agreement", "role", *STAMPS)
