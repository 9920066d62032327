"""Serializers of the zone desk's records: services, enquiries, aftercare visits and exchange
rates. The API writes them only through ``hezuo.zonedesk.services``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hezuo.base.api import BASE_FIELDS, HezuoModelSerializer
from hezuo.projects.api.record_serializers import MAX_VERSION

from ..forms import office_users
from ..models import AftercareVisit, Enquiry, ExchangeRate, ServiceLogEntry


class ServiceLogEntrySerializer(HezuoModelSerializer):
    """What the zone office did for a project."""

    class Meta:
        model = ServiceLogEntry
        fields = (
            "id",
            "project",
            "kind",
            "provided_on",
            "office",
            "description",
            "outcome",
            "outcome_note",
            *BASE_FIELDS,
        )


class EnquirySerializer(HezuoModelSerializer):
    """A question from a prospective investor; its deadline follows from the zone's settings."""

    overdue = serializers.SerializerMethodField(
        help_text=_("Unanswered after its deadline, today.")
    )

    class Meta:
        model = Enquiry
        fields = (
            "id",
            "program",
            "investor",
            "investor_name",
            "contact",
            "received_at",
            "channel",
            "language",
            "question",
            "officer",
            "respond_by",
            "answered_at",
            "answer",
            "escalated_at",
            "escalated_to",
            "project",
            "overdue",
            *BASE_FIELDS,
        )
        read_only_fields = ("respond_by", "answered_at", "answer", "escalated_to", "project")

    def get_overdue(self, obj: Enquiry) -> bool:
        return obj.is_overdue(timezone.localdate())

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["officer"].queryset = office_users()
        return fields


class EnquiryAnswerSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The answer given to an enquiry (``services.answer_enquiry``), on the version of the
    enquiry it was written on (the body's ``version`` or an ``If-Match`` header)."""

    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_VERSION
    )


class AftercareVisitSerializer(HezuoModelSerializer):
    """A visit to an established investor, shared by every office that visits it."""

    class Meta:
        model = AftercareVisit
        fields = (
            "id",
            "program",
            "organisation",
            "visiting_office",
            "visited_on",
            "participants",
            "issues",
            "follow_ups",
            "expansion_intention",
            "expansion_note",
            "project",
            "lead",
            *BASE_FIELDS,
        )
        read_only_fields = ("lead",)


class ExchangeRateSerializer(HezuoModelSerializer):
    """CNY for one unit of a currency on a day. Created here only as an official rate."""

    class Meta:
        model = ExchangeRate
        fields = ("id", "currency", "date", "rate", "source", "entered_by", "note", *BASE_FIELDS)
        read_only_fields = ("source", "entered_by")
