"""API view sets of the life-cycle records: read them, and write them through the services.

Milestones, figures, services, enquiries, aftercare visits and official exchange rates are
created (POST) by the functions of ``hezuo.projects.services`` — which check the role matrix,
validate through the models and keep the user and a reason in the history — never by a plain
serializer save. They are not updated or deleted through the API: a milestone is completed
(``POST …/milestones/{id}/done/``), an enquiry answered (``POST …/enquiries/{id}/answer/``), an
expansion intention made a lead (``POST …/aftercare-visits/{id}/lead/``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from hezuo.base.access import may, may_on
from hezuo.base.api import HezuoModelViewSet, django_to_drf_errors, version_conflict
from hezuo.core.access import Action

from .. import services
from ..models import (
    AftercareVisit,
    Enquiry,
    ExchangeRate,
    Milestone,
    Project,
    ProjectFigure,
    ServiceLogEntry,
)
from . import record_serializers as s

STAMPS = ("created", "updated")


class ServiceWrittenViewSet(HezuoModelViewSet):
    """Read, and create through a service function; no update or delete."""

    http_method_names = ["get", "post", "head", "options"]

    def may_create(self) -> bool:
        return may(self.request.user, self.get_queryset().model, Action.ADD)

    def write(self, data: dict[str, Any]) -> Any:  # pragma: no cover - every subclass has one
        raise NotImplementedError

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.may_create():
            raise PermissionDenied(_("You may not add records of this kind."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._call(lambda: self.write(serializer.validated_data), status.HTTP_201_CREATED)

    def _call(
        self, write: Callable[[], Any], code: int = status.HTTP_200_OK, *, record: Any = None
    ) -> Response:
        """Run a service write; its refusals become 400, 403 or (stale version of ``record``) 409."""
        try:
            with transaction.atomic():
                instance = write()
        except DjangoValidationError as exc:
            if record is not None and getattr(exc, "code", None) == "conflict":
                record.refresh_from_db(fields=["version"])
                return version_conflict(
                    sent=self.request.data.get("version"), current=record.version
                )
            raise django_to_drf_errors(exc) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(_("You may not do this with this record.")) from exc
        data = self.get_serializer_class()(instance, context=self.get_serializer_context()).data
        return Response(data, status=code)


class MilestoneViewSet(ServiceWrittenViewSet):
    """Milestones of projects: planned date, actual date, owner organisation, status."""

    queryset = Milestone.objects.select_related("project")
    serializer_class = s.MilestoneSerializer
    filterset_fields = {
        "project": ["exact"],
        "status": ["exact"],
        "owner": ["exact"],
        "planned_on": ["gte", "lte"],
    }
    ordering_fields = ("planned_on", "actual_on", *STAMPS)

    def write(self, data: dict[str, Any]) -> Milestone:
        return services.add_milestone(
            project=data["project"],
            title_zh_hans=data["title_zh_hans"],
            title_ja=data.get("title_ja", ""),
            title_en=data.get("title_en", ""),
            planned_on=data["planned_on"],
            owner=data.get("owner"),
            stage=data.get("stage", ""),
            note=data.get("note", ""),
            acting_user=self.request.user,
        )

    @extend_schema(
        request=s.MilestoneDoneSerializer,
        responses={200: s.MilestoneSerializer, 400: OpenApiResponse(), 409: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"], serializer_class=s.MilestoneSerializer)
    def done(self, request: Request, pk: Any = None) -> Response:
        """Record the day the milestone was reached."""
        milestone = self.get_object()
        if not may_on(request.user, milestone, Action.CHANGE):
            raise PermissionDenied(_("You may not do this with this record."))
        body = s.MilestoneDoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._call(
            lambda: services.complete_milestone(
                milestone=milestone,
                actual_on=body.validated_data["actual_on"],
                note=body.validated_data["note"],
                acting_user=request.user,
                version=body.validated_data["version"],
            ),
            record=milestone,
        )


class ProjectFigureViewSet(ServiceWrittenViewSet):
    """Figures of projects, each in its own currency and converted to CNY at its day's rate."""

    queryset = ProjectFigure.objects.select_related("project")
    serializer_class = s.ProjectFigureSerializer
    filterset_fields = {
        "project": ["exact"],
        "kind": ["exact"],
        "currency": ["exact"],
        "recorded_on": ["gte", "lte"],
    }
    ordering_fields = ("recorded_on", "kind", *STAMPS)

    def write(self, data: dict[str, Any]) -> ProjectFigure:
        return services.record_figure(
            project=data["project"],
            kind=data["kind"],
            amount=data["amount"],
            currency=data.get("currency", ""),
            recorded_on=data["recorded_on"],
            note=data.get("note", ""),
            acting_user=self.request.user,
        )


class ServiceLogEntryViewSet(ServiceWrittenViewSet):
    """What the zone offices did for projects (the service of full life-cycle service)."""

    queryset = ServiceLogEntry.objects.select_related("project", "office")
    serializer_class = s.ServiceLogEntrySerializer
    filterset_fields = {
        "project": ["exact"],
        "kind": ["exact"],
        "outcome": ["exact"],
        "office": ["exact"],
        "provided_on": ["gte", "lte"],
    }
    ordering_fields = ("provided_on", *STAMPS)

    def write(self, data: dict[str, Any]) -> ServiceLogEntry:
        return services.log_service(
            project=data["project"],
            kind=data["kind"],
            provided_on=data["provided_on"],
            description=data["description"],
            office=data.get("office"),
            outcome=data.get("outcome", "pending"),
            outcome_note=data.get("outcome_note", ""),
            acting_user=self.request.user,
        )


class EnquiryViewSet(ServiceWrittenViewSet):
    """Enquiries from prospective investors, their deadlines and escalations."""

    queryset = Enquiry.objects.select_related("program", "investor", "officer").prefetch_related(
        "escalated_to"
    )
    serializer_class = s.EnquirySerializer
    filterset_fields = {
        "program": ["exact"],
        "officer": ["exact"],
        "investor": ["exact"],
        "channel": ["exact"],
        "answered_at": ["isnull"],
        "escalated_at": ["isnull"],
        "respond_by": ["lt", "gte"],
    }
    search_fields = ("question", "investor_name")
    ordering_fields = ("received_at", "respond_by", *STAMPS)

    def write(self, data: dict[str, Any]) -> Enquiry:
        return services.record_enquiry(
            program=data["program"],
            received_at=data["received_at"],
            question=data["question"],
            channel=data["channel"],
            language=data["language"],
            investor=data.get("investor"),
            investor_name=data.get("investor_name", ""),
            contact=data.get("contact", ""),
            officer=data.get("officer"),
            acting_user=self.request.user,
        )

    @extend_schema(
        request=s.EnquiryAnswerSerializer,
        responses={200: s.EnquirySerializer, 400: OpenApiResponse(), 409: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"], serializer_class=s.EnquirySerializer)
    def answer(self, request: Request, pk: Any = None) -> Response:
        """Record the answer given to the enquiry."""
        enquiry = self.get_object()
        if not may_on(request.user, enquiry, Action.CHANGE):
            raise PermissionDenied(_("You may not do this with this record."))
        body = s.EnquiryAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._call(
            lambda: services.answer_enquiry(
                enquiry=enquiry,
                answer=body.validated_data["answer"],
                answered_at=body.validated_data["answered_at"],
                acting_user=request.user,
                version=body.validated_data["version"],
            ),
            record=enquiry,
        )


class AftercareVisitViewSet(ServiceWrittenViewSet):
    """Aftercare visits to established investors, shared by every office that visits."""

    queryset = AftercareVisit.objects.select_related("organisation", "visiting_office")
    serializer_class = s.AftercareVisitSerializer
    filterset_fields = {
        "program": ["exact"],
        "organisation": ["exact"],
        "visiting_office": ["exact"],
        "expansion_intention": ["exact"],
        "visited_on": ["gte", "lte"],
    }
    ordering_fields = ("visited_on", *STAMPS)

    def write(self, data: dict[str, Any]) -> AftercareVisit:
        return services.record_visit(
            program=data["program"],
            organisation=data["organisation"],
            visiting_office=data["visiting_office"],
            visited_on=data["visited_on"],
            participants=data.get("participants", ""),
            issues=data.get("issues", ""),
            follow_ups=data.get("follow_ups", ""),
            expansion_intention=data.get("expansion_intention", False),
            expansion_note=data.get("expansion_note", ""),
            project=data.get("project"),
            acting_user=self.request.user,
        )

    @extend_schema(
        request=None, responses={200: s.AftercareVisitSerializer, 400: OpenApiResponse()}
    )
    @action(detail=True, methods=["post"], serializer_class=s.AftercareVisitSerializer)
    def lead(self, request: Request, pk: Any = None) -> Response:
        """Make the expansion intention found on the visit a new lead (once)."""
        visit = self.get_object()
        if not (
            may(request.user, Project, Action.ADD) and may_on(request.user, visit, Action.CHANGE)
        ):
            raise PermissionDenied(_("You may not do this with this record."))

        def make() -> AftercareVisit:
            services.lead_from_visit(visit=visit, acting_user=request.user)
            visit.refresh_from_db()
            return visit

        return self._call(make)


class ExchangeRateViewSet(ServiceWrittenViewSet):
    """The dated exchange-rate table (ECB reference rates and official rates); POST enters an
    official rate, which takes precedence over the ECB's of its day."""

    queryset = ExchangeRate.objects.all()
    serializer_class = s.ExchangeRateSerializer
    filterset_fields = {"currency": ["exact"], "source": ["exact"], "date": ["exact", "gte", "lte"]}
    ordering_fields = ("date", "currency", *STAMPS)

    def may_create(self) -> bool:
        # as services.add_official_rate: whoever may change projects somewhere
        return may(self.request.user, Project, Action.CHANGE)

    def write(self, data: dict[str, Any]) -> ExchangeRate:
        return services.add_official_rate(
            currency=data["currency"],
            on=data["date"],
            rate=data["rate"],
            note=data.get("note", ""),
            acting_user=self.request.user,
        )


#: The routes of the API (registered in hezuo/api_urls.py).
ROUTES = {
    "milestones": MilestoneViewSet,
    "project-figures": ProjectFigureViewSet,
    "project-services": ServiceLogEntryViewSet,
    "enquiries": EnquiryViewSet,
    "aftercare-visits": AftercareVisitViewSet,
    "exchange-rates": ExchangeRateViewSet,
}
