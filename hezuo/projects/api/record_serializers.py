"""Serializers of the life-cycle records: milestones, figures, services, enquiries, aftercare
visits and exchange rates. The API writes them only through ``hezuo.projects.services``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hezuo.base.api import BASE_FIELDS, TITLE_FIELDS, HezuoModelSerializer, TitledModelSerializer
from hezuo.core import money

from .. import selectors
from ..choices import MONEY_FIGURES
from ..models import (
    AftercareVisit,
    Enquiry,
    ExchangeRate,
    Milestone,
    ProjectFigure,
    ServiceLogEntry,
)

MAX_VERSION = 2**31 - 1


class MilestoneSerializer(TitledModelSerializer):
    """A planned step of a project; ``overdue`` when past its planned date without an actual
    date."""

    overdue = serializers.SerializerMethodField(
        help_text=_("Past its planned date without an actual date, today.")
    )

    class Meta:
        model = Milestone
        fields = (
            "id",
            "project",
            *TITLE_FIELDS,
            "stage",
            "planned_on",
            "actual_on",
            "owner",
            "status",
            "note",
            "overdue",
            *BASE_FIELDS,
        )
        read_only_fields = ("actual_on", "status")

    def get_overdue(self, obj: Milestone) -> bool:
        return obj.is_overdue(timezone.localdate())


class MilestoneDoneSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The day a milestone was reached (``services.complete_milestone``)."""

    actual_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=MAX_VERSION
    )


class ProjectFigureSerializer(HezuoModelSerializer):
    """A figure of a project as recorded on a day, with its CNY value at the rate in force on
    that day (the rate, its date and its source beside it)."""

    cny = serializers.SerializerMethodField(
        help_text=_("The amount in CNY, the rate used, its date and its source; null when none.")
    )

    class Meta:
        model = ProjectFigure
        fields = ("id", "project", "kind", "amount", "currency", "recorded_on", "note", "cny")
        fields = (*fields, *BASE_FIELDS)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_cny(self, obj: ProjectFigure) -> dict[str, Any] | None:
        if obj.kind not in MONEY_FIGURES or not obj.currency:
            return None
        try:
            conversion = selectors.to_cny(obj.amount, obj.currency, obj.recorded_on)
        except money.NoRate:
            return None
        return {
            "amount": str(conversion.amount_cny),
            "rate": str(conversion.rate.rate),
            "rate_date": conversion.rate.on.isoformat(),
            "source": conversion.rate.source,
        }


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
        from hezuo.projects.record_forms import office_users

        fields["officer"].queryset = office_users()
        return fields


class EnquiryAnswerSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The answer given to an enquiry (``services.answer_enquiry``)."""

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
