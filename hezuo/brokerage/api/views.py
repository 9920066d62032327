"""API of brokerage events: events (with the compute, schedule and send-agendas actions),
registrations, meeting requests and interpreters.

Registrations and meeting requests are written through the services (``base.api.ServiceViewSet``);
the services' refusals are answered by ``base.api.exception_handler``.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hezuo.base.api import HezuoModelViewSet, ServiceViewSet
from hezuo.core.access import Action

from .. import jobs, selectors, services
from ..models import BrokerageEvent, Interpreter, MeetingRequest, Registration, ScheduledMeeting
from .serializers import (
    BrokerageEventSerializer,
    InterpreterSerializer,
    MeetingRequestInputSerializer,
    MeetingRequestSerializer,
    RegistrationSerializer,
    ScheduledMeetingSerializer,
    ScheduleRunSerializer,
    ScheduleSerializer,
)


class BrokerageEventViewSet(HezuoModelViewSet):
    """Brokerage events: time slots × tables, registration, and the computed schedule."""

    queryset = BrokerageEvent.objects.select_related("program")
    serializer_class = BrokerageEventSerializer
    filterset_fields = {"kind": ["exact"], "status": ["exact"], "program": ["exact"]}
    ordering_fields = ("date", "created")

    @extend_schema(request=None, responses={202: ScheduleRunSerializer})
    @action(detail=True, methods=["post"])
    def compute(self, request: Request, pk: Any = None) -> Response:
        """Start computing the schedule (staff of the event's program); poll schedule-runs."""
        event = self.get_object()
        run = services.start_schedule(acting_user=request.user, event=event)
        jobs.start(run)
        run.refresh_from_db()
        return Response(ScheduleRunSerializer(run, context={"request": request}).data, status=202)

    @extend_schema(responses={200: ScheduleSerializer})
    @action(detail=True, methods=["get"])
    def schedule(self, request: Request, pk: Any = None) -> Response:
        """The current schedule: the run's figures and the meetings you may see."""
        event = self.get_object()
        run = selectors.current_run(event)
        meetings = (
            ScheduledMeeting.objects.restrict(request.user, Action.VIEW).filter(run=run)
            if run is not None
            else ScheduledMeeting.objects.none()
        )
        context = {"request": request}
        return Response(
            {
                "run": ScheduleRunSerializer(run, context=context).data if run else None,
                "meetings": ScheduledMeetingSerializer(meetings, many=True, context=context).data,
            }
        )

    @extend_schema(request=None, responses={200: None})
    @action(detail=True, methods=["post"], url_path="send-agendas")
    def send_agendas(self, request: Request, pk: Any = None) -> Response:
        """E-mail every participant its agenda in its language."""
        event = self.get_object()
        sent, no_address = services.send_agendas(acting_user=request.user, event=event)
        return Response({"sent": sent, "no_address": no_address})


class RegistrationViewSet(ServiceViewSet):
    """Participants of brokerage events (a participant registers its own organisation)."""

    queryset = Registration.objects.select_related("event").prefetch_related("opportunities")
    serializer_class = RegistrationSerializer
    filterset_fields = {"event": ["exact"], "organisation": ["exact"]}

    def _save(self, serializer: Any, registration: Registration) -> Registration:
        data = self.service_arguments(serializer)
        opportunities = data.pop("opportunities", None)
        for name, value in data.items():
            setattr(registration, name, value)
        return services.save_registration(
            acting_user=self.request.user,
            registration=registration,
            opportunities=opportunities,
        )

    def perform_create(self, serializer: Any) -> Registration:
        return self._save(serializer, Registration())

    def perform_update(self, serializer: Any, record: Any = None) -> Registration:
        return self._save(serializer, record)


class MeetingRequestViewSet(ServiceViewSet):
    """Requested meetings, valued by priority and the engine's match score.

    Made and changed through the services (``request_meeting``, ``change_meeting_request``):
    a request names its two sides when made; afterwards only its priority and note change.
    """

    queryset = MeetingRequest.objects.select_related("event")
    serializer_class = MeetingRequestSerializer
    create_serializer_class = MeetingRequestInputSerializer
    filterset_fields = {"event": ["exact"], "requester": ["exact"], "requested": ["exact"]}

    @extend_schema(request=MeetingRequestInputSerializer, responses={201: MeetingRequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> MeetingRequest:
        data = serializer.validated_data
        visible = Registration.objects.restrict(self.request.user, Action.VIEW)
        return services.request_meeting(
            acting_user=self.request.user,
            requester=get_object_or_404(visible, pk=data["requester"]),
            requested=get_object_or_404(visible, pk=data["requested"]),
            priority=data["priority"],
            note=data["note"],
        )

    def perform_update(self, serializer: Any, record: Any = None) -> MeetingRequest:
        data = serializer.validated_data
        return services.change_meeting_request(
            acting_user=self.request.user,
            meeting_request=record,
            priority=data.get("priority", record.priority),
            note=data.get("note", record.note),
        )


class InterpreterViewSet(HezuoModelViewSet):
    queryset = Interpreter.objects.select_related("event")
    serializer_class = InterpreterSerializer
    filterset_fields = {"event": ["exact"]}


#: Routes of brokerage events, registered by ``hezuo.api_urls``.
ROUTES = {
    "brokerage-events": BrokerageEventViewSet,
    "brokerage-registrations": RegistrationViewSet,
    "brokerage-meeting-requests": MeetingRequestViewSet,
    "brokerage-interpreters": InterpreterViewSet,
}
