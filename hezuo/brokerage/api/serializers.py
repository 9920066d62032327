"""Serializers of brokerage events."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hezuo.base.api import BASE_FIELDS, HezuoModelSerializer, TitledModelSerializer

from .. import selectors, services
from ..choices import Priority
from ..models import (
    BrokerageEvent,
    Interpreter,
    MeetingRequest,
    Registration,
    ScheduledMeeting,
    ScheduleRun,
)


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"})
class WallClockTimeField(serializers.TimeField):
    """A time of day on the event's own clock, without an offset (``09:00:00``); the schema's
    ``format: time`` would demand one (RFC 3339 full-time)."""


class BrokerageEventSerializer(TitledModelSerializer):
    start_time = WallClockTimeField(
        label=BrokerageEvent._meta.get_field("start_time").verbose_name, required=False
    )

    class Meta:
        model = BrokerageEvent
        fields = (
            "id",
            "title_zh_hans",
            "title_ja",
            "title_en",
            "display_title",
            "kind",
            "program",
            "place",
            "date",
            "start_time",
            "slot_minutes",
            "slot_count",
            "table_count",
            "registration_deadline",
            "status",
            "time_limit",
            "agendas_sent_at",
            "note",
            *BASE_FIELDS,
        )
        read_only_fields = ("agendas_sent_at",)


class RegistrationSerializer(HezuoModelSerializer):
    """A participant. ``opportunities`` lists only those whose owner you may see (an anonymous
    one stays anonymous, hezuo.matchdesk.selectors.revealed_filter); ``contact_email`` is null
    except for the participant itself and the event's organisers."""

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if "opportunities" in data:
            shown = {o.pk for o in selectors.registration_opportunities(instance, user=user)}
            data["opportunities"] = [pk for pk in data["opportunities"] if pk in shown]
        organisers = self.context.setdefault("_organises", {})
        if instance.event_id not in organisers:
            organisers[instance.event_id] = services.organises(user, instance.event)
        if not selectors.contact_visible(
            instance, user=user, organiser=organisers[instance.event_id]
        ):
            data["contact_email"] = None
        return data

    class Meta:
        model = Registration
        fields = (
            "id",
            "event",
            "organisation",
            "person",
            "opportunities",
            "available_slots",
            "languages",
            "needs_interpreter",
            "contact_email",
            "agenda_language",
            "note",
            *BASE_FIELDS,
        )


class MeetingRequestSerializer(HezuoModelSerializer):
    class Meta:
        model = MeetingRequest
        fields = (
            "id",
            "event",
            "requester",
            "requested",
            "priority",
            "note",
            "score",
            "value",
            *BASE_FIELDS,
        )
        read_only_fields = ("event", "requester", "requested", "score", "value")


class MeetingRequestInputSerializer(serializers.Serializer):
    requester = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    requested = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class InterpreterSerializer(HezuoModelSerializer):
    class Meta:
        model = Interpreter
        fields = ("id", "event", "person", "name", "languages", "available_slots", *BASE_FIELDS)


class ScheduledMeetingSerializer(HezuoModelSerializer):
    class Meta:
        model = ScheduledMeeting
        fields = ("id", "run", "event", "request", "slot", "table", "interpreter", *BASE_FIELDS)


class ScheduleRunSerializer(HezuoModelSerializer):
    class Meta:
        model = ScheduleRun
        fields = (
            "id",
            "event",
            "status",
            "solver_status",
            "finished_at",
            "requested",
            "requested_value",
            "scheduled",
            "value",
            "bound",
            "greedy_scheduled",
            "greedy_value",
            "seconds",
            "error",
            *BASE_FIELDS,
        )


class ScheduleSerializer(serializers.Serializer):
    run = ScheduleRunSerializer(allow_null=True)
    meetings = ScheduledMeetingSerializer(many=True)
