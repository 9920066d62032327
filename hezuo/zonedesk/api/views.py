"""API view sets of the zone desk's records: read them, and write them through the services.

Services, enquiries, aftercare visits and official exchange rates are created (POST) by the
functions of ``hezuo.zonedesk.services`` (``base.api.ServiceViewSet``), never by a serializer's
save. They are not updated or deleted through the API: an enquiry is answered
(``POST …/enquiries/{id}/answer/``, on the enquiry's version), an expansion intention made a lead
(``POST …/aftercare-visits/{id}/lead/``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from hezuo.base.access import may, may_on
from hezuo.base.api import version_required
from hezuo.core.access import Action
from hezuo.projects.api.record_views import RecordViewSet
from hezuo.projects.models import Project

from .. import services
from ..models import AftercareVisit, Enquiry, ExchangeRate, ServiceLogEntry
from . import serializers as s

STAMPS = ("created", "updated")


class ServiceLogEntryViewSet(RecordViewSet):
    """What the zone offices did for projects (the service of full life-cycle service)."""

    queryset = ServiceLogEntry.objects.select_related("project", "office")
    serializer_class = s.ServiceLogEntrySerializer
    create_service = services.log_service
    filterset_fields = {
        "project": ["exact"],
        "kind": ["exact"],
        "outcome": ["exact"],
        "office": ["exact"],
        "provided_on": ["gte", "lte"],
    }
    ordering_fields = ("provided_on", *STAMPS)


class EnquiryViewSet(RecordViewSet):
    """Enquiries from prospective investors, their deadlines and escalations."""

    queryset = Enquiry.objects.select_related("program", "investor", "officer").prefetch_related(
        "escalated_to"
    )
    serializer_class = s.EnquirySerializer
    create_service = services.record_enquiry
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

    @extend_schema(
        request=s.EnquiryAnswerSerializer,
        responses={
            200: s.EnquirySerializer,
            400: OpenApiResponse(),
            409: OpenApiResponse(),
            428: OpenApiResponse(),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        serializer_class=s.EnquirySerializer,
        url_path="answer",
        url_name="answer",
    )
    @version_required
    def answer_enquiry(self, request: Request, pk: Any = None) -> Response:
        """Record the answer given to the enquiry (on its current version)."""
        enquiry = self.get_object()
        body = s.EnquiryAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            answered = services.answer_enquiry(
                enquiry=enquiry,
                answer=body.validated_data["answer"],
                answered_at=body.validated_data["answered_at"],
                acting_user=request.user,
                version=self.sent_version,
            )
        return self.answer(answered)


class AftercareVisitViewSet(RecordViewSet):
    """Aftercare visits to established investors, shared by every office that visits."""

    queryset = AftercareVisit.objects.select_related("organisation", "visiting_office")
    serializer_class = s.AftercareVisitSerializer
    create_service = services.record_visit
    filterset_fields = {
        "program": ["exact"],
        "organisation": ["exact"],
        "visiting_office": ["exact"],
        "expansion_intention": ["exact"],
        "visited_on": ["gte", "lte"],
    }
    ordering_fields = ("visited_on", *STAMPS)

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
        with transaction.atomic():
            services.lead_from_visit(visit=visit, acting_user=request.user)
        return self.answer(visit)


class ExchangeRateViewSet(RecordViewSet):
    """The dated exchange-rate table (ECB reference rates and official rates); POST enters an
    official rate, which takes precedence over the ECB's of its day."""

    queryset = ExchangeRate.objects.all()
    serializer_class = s.ExchangeRateSerializer
    filterset_fields = {"currency": ["exact"], "source": ["exact"], "date": ["exact", "gte", "lte"]}
    ordering_fields = ("date", "currency", *STAMPS)

    def may_create(self) -> bool:
        # as services.add_official_rate: whoever may change projects somewhere
        return may(self.request.user, Project, Action.CHANGE)

    def _require(self, instance: Any, action: str) -> None:
        # a rate has no scope: the check once written is the service's own (may_create)
        if action == Action.ADD:
            if not self.may_create():
                raise PermissionDenied(_("You may not do this with this record."))
            return
        super()._require(instance, action)

    def perform_create(self, serializer: Any) -> Any:
        data = serializer.validated_data
        return services.add_official_rate(
            currency=data["currency"],
            on=data["date"],
            rate=data["rate"],
            note=data.get("note", ""),
            acting_user=self.request.user,
        )


#: The routes of the API (registered in hezuo/api_urls.py).
ROUTES = {
    "project-services": ServiceLogEntryViewSet,
    "enquiries": EnquiryViewSet,
    "aftercare-visits": AftercareVisitViewSet,
    "exchange-rates": ExchangeRateViewSet,
}
