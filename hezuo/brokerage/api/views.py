"""API of brokerage events: events (with the compute, schedule and send-agendas actions),
registrations, meeting requests and interpreters."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from hezuo.base.access import may
from hezuo.base.api import HezuoModelViewSet, django_to_drf_errors
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


def _call(function: Any, **kwargs: Any) -> Any:
    try:
        return function(**kwargs)
    except DjangoValidationError as exc:
        raise django_to_drf_errors(exc) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from exc


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
        run = _call(services.start_schedule, acting_user=request.user, event=event)
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
        sent, no_address = _call(services.send_agendas, acting_user=request.user, event=event)
        return Response({"sent": sent, "no_address": no_address})


class RegistrationViewSet(HezuoModelViewSet):
    """Participants of brokerage events (a participant registers its own organisation)."""

    queryset = Registration.objects.select_related("event").prefetch_related("opportunities")
    serializer_class = RegistrationSerializer
    filterset_fields = {"event": ["exact"], "organisation": ["exact"]}

    def _save(self, serializer: Any, instance: Registration) -> None:
        data = dict(serializer.validated_data)
        opportunities = data.pop("opportunities", None)
        data.pop("version", None)
        for name, value in data.items():
            setattr(instance, name, value)
        serializer.instance = _call(
            services.save_registration,
            acting_user=self.request.user,
            registration=instance,
            opportunities=opportunities,
        )

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer, Registration())

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer, serializer.instance)


class MeetingRequestViewSet(HezuoModelViewSet):
    """Requested meetings, valued by priority and the engine's match score.

    Made and changed through the services (``request_meeting``, ``change_meeting_request``):
    a request names its two sides when made; afterwards only its priority and note change.
    """

    queryset = MeetingRequest.objects.select_related("event")
    serializer_class = MeetingRequestSerializer
    filterset_fields = {"event": ["exact"], "requester": ["exact"], "requested": ["exact"]}

    @extend_schema(request=MeetingRequestInputSerializer, responses={201: MeetingRequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may(request.user, MeetingRequest, Action.ADD):
            raise PermissionDenied(_("You may not add records of this kind."))
        body = MeetingRequestInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        visible = Registration.objects.restrict(request.user, Action.VIEW)
        made = _call(
            services.request_meeting,
            acting_user=request.user,
            requester=get_object_or_404(visible, pk=body.validated_data["requester"]),
            requested=get_object_or_404(visible, pk=body.validated_data["requested"]),
            priority=body.validated_data["priority"],
            note=body.validated_data["note"],
        )
        return Response(self.get_serializer(made).data, status=201)

    def perform_update(self, serializer: Any) -> None:
        found = serializer.instance
        data = serializer.validated_data
        serializer.instance = _call(
            services.change_meeting_request,
            acting_user=self.request.user,
            meeting_request=found,
            priority=data.get("priority", found.priority),
            note=data.get("note", found.note),
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
