"""Serializers for source documents, events with their participations, agreements and parties."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hezuo.base.api import BASE_FIELDS, TITLE_FIELDS, HezuoModelSerializer, TitledModelSerializer

from ..choices import ParticipationPart
from ..models import Agreement, AgreementParty, Event, Participation, SourceDocument


class SourceDocumentSerializer(TitledModelSerializer):
    """A published text that records come from, with its credits."""

    class Meta:
        model = SourceDocument
        fields = (
            "id",
            *TITLE_FIELDS,
            "publication",
            "page",
            "section",
            "published_on",
            "printed_date",
            "credits",
            "file_name",
            "note",
            *BASE_FIELDS,
        )


class ParticipationSerializer(HezuoModelSerializer):
    """A person's part in an event, in the position held at the time."""

    parts = serializers.ListField(
        child=serializers.ChoiceField(choices=ParticipationPart.choices),
        min_length=1,
        help_text=_("What the person did at the event: one or more parts."),
    )
    person_name = serializers.CharField(
        source="person.name",
        read_only=True,
        allow_null=True,
        help_text=_("The person's name in the request's language."),
    )
    position_title = serializers.CharField(
        source="position.title",
        read_only=True,
        allow_null=True,
        help_text=_("The title of the position held at the time, in the request's language."),
    )

    class Meta:
        model = Participation
        fields = (
            "id",
            "event",
            "person",
            "person_name",
            "position",
            "position_title",
            "parts",
            "order",
            *BASE_FIELDS,
        )


class EventSerializer(TitledModelSerializer):
    """A ceremony, meeting, site visit, trade fair or delegation visit, with who took part."""

    participations = ParticipationSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = (
            "id",
            *TITLE_FIELDS,
            "kind",
            "status",
            "date",
            "part_of_day",
            "venue_zh_hans",
            "venue_ja",
            "venue_en",
            "program",
            "region",
            "parent",
            "source",
            "description",
            "participations",
            *BASE_FIELDS,
        )


class AgreementPartySerializer(HezuoModelSerializer):
    """An organisation party to an agreement, in a role."""

    organisation_name = serializers.CharField(
        source="organisation.name",
        read_only=True,
        help_text=_("The organisation's name in the request's language."),
    )

    class Meta:
        model = AgreementParty
        fields = (
            "id",
            "agreement",
            "organisation",
            "organisation_name",
            "role",
            *BASE_FIELDS,
        )


class AgreementSerializer(TitledModelSerializer):
    """An agreement or signed item, with its parties."""

    parties = AgreementPartySerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = (
            "id",
            *TITLE_FIELDS,
            "kind",
            "program",
            "event",
            "sequence",
            "signed_on",
            "amount",
            "currency",
            "subject_zh_hans",
            "subject_ja",
            "subject_en",
            "sub_area",
            "note",
            "parties",
            *BASE_FIELDS,
        )
