"""API of the matchmaking desk: opportunities and their matches, interests, meetings, and the
suggestions shown (read only).

Interests and meetings are written only through the desk's services (``services.py``): the
create and update answers are the view set's usual ones (403 without the right, 400 for bad
content, 409 on a stale ``version``), but the body is the service's arguments, not the record.
An anonymous side's owner stays hidden here as on the pages (``owner_revealed``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from hezuo.base.access import may
from hezuo.base.api import (
    HezuoAutoSchema,
    HezuoModelViewSet,
    django_to_drf_errors,
    version_conflict,
)
from hezuo.core.access import Action
from hezuo.events.models import Agreement

from .. import selectors, services
from ..models import Interest, Meeting, Opportunity, Suggestion
from .serializers import (
    InterestChangeSerializer,
    InterestCreateSerializer,
    InterestRequestSerializer,
    InterestSerializer,
    MatchSerializer,
    MeetingChangeSerializer,
    MeetingCreateSerializer,
    MeetingSerializer,
    OpportunitySerializer,
    SuggestionSerializer,
)


class OpportunityViewSet(HezuoModelViewSet):
    """Opportunities: offers and requests published for matchmaking."""

    queryset = Opportunity.objects.select_related(
        "owner", "owner_person", "region"
    ).prefetch_related("industry_classes")
    serializer_class = OpportunitySerializer
    filterset_fields = {
        "kind": ["exact"],
        "language": ["exact"],
        "country": ["exact"],
        "program": ["exact"],
        "valid_until": ["exact", "gte", "lte", "isnull"],
        "is_synthetic": ["exact"],
    }
    search_fields = ("title", "text", "certifications")
    ordering_fields = ("updated", "created", "valid_until", "kind", "title")

    def get_queryset(self) -> Any:
        # each record knows whether its owner may be shown to the reader (owner_revealed)
        return selectors.with_revealed(super().get_queryset(), self.request.user)

    def perform_create(self, serializer: Any) -> None:
        serializer.save(published_by=self.request.user)
        self._require(serializer.instance, Action.ADD)

    @extend_schema(responses=MatchSerializer(many=True))
    @action(detail=True, methods=["get"])
    def matches(self, request: Request, pk: Any = None) -> Response:
        """The best matches of the complementary kind, explained (each one shown is logged)."""
        opp = self.get_object()
        found = selectors.matches(opp, request.user)
        services.log_suggestions(opportunity=opp, shown_to=request.user, matches=found)
        data = [
            {
                "rank": m.rank,
                "score": m.score,
                "opportunity": m.opportunity,
                "components": m.components,
                "terms": m.terms,
                "phrases": m.phrases,
            }
            for m in found
        ]
        return Response(
            MatchSerializer(data, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(request=InterestRequestSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def interest(self, request: Request, pk: Any = None) -> Response:
        """Express interest (or decline) from this opportunity in a complementary one."""
        opp = self.get_object()
        body = InterestRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        counterpart = get_object_or_404(
            Opportunity.objects.restrict(request.user, Action.VIEW),
            pk=body.validated_data["counterpart"],
        )
        try:
            interest = services.express_interest(
                acting_user=request.user,
                opportunity=opp,
                counterpart=counterpart,
                status=body.validated_data["status"],
                message=body.validated_data.get("message", ""),
            )
        except DjangoValidationError as exc:
            raise django_to_drf_errors(exc) from exc
        return Response(
            {
                "id": interest.pk,
                "status": interest.status,
                "respond_by": interest.respond_by,
                "mutual": selectors.mutual_interest(opp, counterpart),
            },
            status=201,
        )


def _visible_opportunity(user: Any, pk: int, field: str) -> Opportunity:
    found = Opportunity.objects.restrict(user, Action.VIEW).filter(pk=pk).first()
    if found is None:
        raise django_to_drf_errors(
            DjangoValidationError(
                {field: _("No opportunity %(pk)s that you may see.") % {"pk": pk}}
            )
        )
    return found


class ServiceWrittenViewSet(HezuoModelViewSet):
    """Records created and changed through the desk's services (no PUT: PATCH sends changes)."""

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _check_version(self, request: Request, instance: Any) -> Response | None:
        sent = self._sent_version(request)
        if sent is not None and sent != instance.version:
            return version_conflict(sent=sent, current=instance.version)
        return None

    def _answer(self, instance: Any, status: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=instance.pk)
        return Response(self.get_serializer(fresh).data, status=status)


class InterestViewSet(ServiceWrittenViewSet):
    """Expressions of interest between two sides, with their response deadline.

    ``POST`` expresses interest (or a refusal) from one of your own opportunities in a
    complementary one; ``PATCH`` changes its status or message. ``overdue`` is true once its
    deadline has passed unanswered; ``reminded_at`` and ``escalated_at`` say when the other side
    was reminded and the officers were told (``hezuo match remind``).
    """

    queryset = Interest.objects.select_related("opportunity", "counterpart")
    serializer_class = InterestSerializer
    filterset_fields = {
        "status": ["exact"],
        "opportunity": ["exact"],
        "counterpart": ["exact"],
        "program": ["exact"],
        "respond_by": ["exact", "gte", "lte"],
        "escalated_at": ["isnull"],
        "is_synthetic": ["exact"],
    }
    ordering_fields = ("created", "updated", "respond_by")

    def get_queryset(self) -> Any:
        answered = Interest.objects.filter(
            opportunity=OuterRef("counterpart"), counterpart=OuterRef("opportunity")
        )
        return super().get_queryset().annotate(answered=Exists(answered))

    @extend_schema(request=InterestCreateSerializer, responses={201: InterestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may(request.user, Interest, Action.ADD):
            raise PermissionDenied(_("You may not add records of this kind."))
        body = InterestCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        own = _visible_opportunity(request.user, data["opportunity"], "opportunity")
        other = _visible_opportunity(request.user, data["counterpart"], "counterpart")
        try:
            interest = services.express_interest(
                acting_user=request.user,
                opportunity=own,
                counterpart=other,
                status=data["status"],
                message=data.get("message", ""),
            )
        except DjangoValidationError as exc:
            raise django_to_drf_errors(exc) from exc
        return self._answer(interest, status=201)

    @extend_schema(request=InterestChangeSerializer, responses=InterestSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        interest = self.get_object()
        self._require(interest, Action.CHANGE)
        conflict = self._check_version(request, interest)
        if conflict is not None:
            return conflict
        body = InterestChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if "status" in data or "message" in data:
            status = data.get("status", interest.status)
            try:
                interest = services.express_interest(
                    acting_user=request.user,
                    opportunity=interest.opportunity,
                    counterpart=interest.counterpart,
                    status=status,
                    message=data.get("message", interest.message),
                    # a new deadline only when the interest is expressed anew
                    respond_by=interest.respond_by if status == interest.status else None,
                )
            except DjangoValidationError as exc:
                raise django_to_drf_errors(exc) from exc
        return self._answer(interest)


class MeetingViewSet(ServiceWrittenViewSet):
    """Meetings of the two sides of a mutual interest, and their outcome.

    ``POST`` schedules one (either side, or staff, once both sides are interested); ``PATCH``
    reschedules it or records its outcome, linking the agreement signed.
    """

    queryset = Meeting.objects.select_related("offer", "request", "agreement")
    serializer_class = MeetingSerializer
    filterset_fields = {
        "outcome": ["exact"],
        "offer": ["exact"],
        "request": ["exact"],
        "program": ["exact"],
        "starts_at": ["gte", "lte"],
        "interpreter_needed": ["exact"],
        "is_synthetic": ["exact"],
    }
    ordering_fields = ("starts_at", "created", "updated")

    @extend_schema(request=MeetingCreateSerializer, responses={201: MeetingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not may(request.user, Meeting, Action.ADD):
            raise PermissionDenied(_("You may not add records of this kind."))
        body = MeetingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        a = _visible_opportunity(request.user, data.pop("offer"), "offer")
        b = _visible_opportunity(request.user, data.pop("request"), "request")
        try:
            meeting = services.schedule_meeting(acting_user=request.user, a=a, b=b, **data)
        except DjangoValidationError as exc:
            raise django_to_drf_errors(exc) from exc
        return self._answer(meeting, status=201)

    @extend_schema(request=MeetingChangeSerializer, responses=MeetingSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self.get_object()
        self._require(meeting, Action.CHANGE)
        conflict = self._check_version(request, meeting)
        if conflict is not None:
            return conflict
        body = MeetingChangeSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        changes = {k: v for k, v in body.validated_data.items() if k != "version"}
        if changes.get("agreement") is not None:
            agreement = (
                Agreement.objects.restrict(request.user, Action.VIEW)
                .filter(pk=changes["agreement"])
                .first()
            )
            if agreement is None:
                raise django_to_drf_errors(
                    DjangoValidationError({"agreement": _("No agreement that you may see.")})
                )
            changes["agreement"] = agreement
        if changes:
            try:
                meeting = services.change_meeting(
                    acting_user=request.user, meeting=meeting, changes=changes
                )
            except DjangoValidationError as exc:
                raise django_to_drf_errors(exc) from exc
        return self._answer(meeting)


class SuggestionViewSet(viewsets.ReadOnlyModelViewSet):
    """The matches shown on opportunities' pages or e-mailed, and what came of them (read only).

    A single suggestion carries the engine's explanation as it stands now; the list does not.
    """

    schema = HezuoAutoSchema()
    queryset = Suggestion.objects.select_related("suggested")
    serializer_class = SuggestionSerializer
    filterset_fields = {
        "opportunity": ["exact"],
        "suggested": ["exact"],
        "outcome": ["exact"],
        "program": ["exact"],
        "notified_at": ["isnull"],
    }
    ordering_fields = ("last_shown", "score", "rank", "created")

    def get_queryset(self) -> Any:
        return super().get_queryset().restrict(self.request.user, Action.VIEW)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if self.action == "retrieve":
            context["explain"] = self._explain
        return context

    def _explain(self, suggestion: Suggestion) -> dict[str, Any] | None:
        found = selectors.matches(suggestion.opportunity, self.request.user, top=50)
        m = next((m for m in found if m.opportunity.pk == suggestion.suggested_id), None)
        if m is None:
            return None
        return {
            "score": m.score,
            "components": m.components,
            "terms": m.terms,
            "phrases": m.phrases,
        }


#: Routes of the matchmaking desk, registered by ``hezuo.api_urls``.
ROUTES = {
    "opportunities": OpportunityViewSet,
    "interests": InterestViewSet,
    "meetings": MeetingViewSet,
    "suggestions": SuggestionViewSet,
}
