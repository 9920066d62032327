"""API of the matchmaking desk: opportunities and their matches, interests, meetings, and the
suggestions shown (read only).

Interests and meetings are written only through the desk's services (``services.py``), by
``base.api.ServiceViewSet``: the create and update answers are the view set's usual ones (403
without the right, 400 for bad content, 428 without a ``version``, 409 on a stale one), but the
body is the service's arguments, not the record.
An anonymous side's owner stays hidden here as on the pages (``owner_revealed``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hezuo.base.api import HezuoAutoSchema, HezuoModelViewSet, ServiceViewSet
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
        return selectors.with_revealed(super().get_queryset(), user=self.request.user)

    def perform_create(self, serializer: Any) -> None:
        serializer.save(published_by=self.request.user)
        self._require(serializer.instance, Action.ADD)

    @extend_schema(responses=MatchSerializer(many=True))
    @action(detail=True, methods=["get"])
    def matches(self, request: Request, pk: Any = None) -> Response:
        """The best matches of the complementary kind, explained (each one shown is logged)."""
        opp = self.get_object()
        found = selectors.matches(opp, user=request.user)
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
        interest = services.express_interest(
            acting_user=request.user,
            opportunity=opp,
            counterpart=counterpart,
            status=body.validated_data["status"],
            message=body.validated_data.get("message", ""),
        )
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
        raise ValidationError({field: _("No opportunity %(pk)s that you may see.") % {"pk": pk}})
    return found


#: The desk's records are changed by PATCH (the changes only), never PUT.
PATCH_ONLY = ["get", "post", "patch", "delete", "head", "options"]


class InterestViewSet(ServiceViewSet):
    """Expressions of interest between two sides, with their response deadline.

    ``POST`` expresses interest (or a refusal) from one of your own opportunities in a
    complementary one; ``PATCH`` changes its status or message. ``overdue`` is true once its
    deadline has passed unanswered; ``reminded_at`` and ``escalated_at`` say when the other side
    was reminded and the officers were told (``hezuo match remind``).
    """

    http_method_names = PATCH_ONLY
    queryset = Interest.objects.select_related("opportunity", "counterpart")
    serializer_class = InterestSerializer
    create_serializer_class = InterestCreateSerializer
    update_serializer_class = InterestChangeSerializer
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
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> Interest:
        data = serializer.validated_data
        user = self.request.user
        return services.express_interest(
            acting_user=user,
            opportunity=_visible_opportunity(user, data["opportunity"], "opportunity"),
            counterpart=_visible_opportunity(user, data["counterpart"], "counterpart"),
            status=data["status"],
            message=data.get("message", ""),
        )

    @extend_schema(request=InterestChangeSerializer, responses=InterestSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer: Any, record: Any = None) -> Interest:
        data = serializer.validated_data
        if "status" not in data and "message" not in data:
            return record
        status = data.get("status", record.status)
        return services.express_interest(
            acting_user=self.request.user,
            opportunity=record.opportunity,
            counterpart=record.counterpart,
            status=status,
            message=data.get("message", record.message),
            # a new deadline only when the interest is expressed anew
            respond_by=record.respond_by if status == record.status else None,
        )


class MeetingViewSet(ServiceViewSet):
    """Meetings of the two sides of a mutual interest, and their outcome.

    ``POST`` schedules one (either side, or staff, once both sides are interested); ``PATCH``
    reschedules it or records its outcome, linking the agreement signed.
    """

    http_method_names = PATCH_ONLY
    queryset = Meeting.objects.select_related("offer", "request", "agreement")
    serializer_class = MeetingSerializer
    create_serializer_class = MeetingCreateSerializer
    update_serializer_class = MeetingChangeSerializer
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
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> Meeting:
        data = dict(serializer.validated_data)
        user = self.request.user
        a = _visible_opportunity(user, data.pop("offer"), "offer")
        b = _visible_opportunity(user, data.pop("request"), "request")
        return services.schedule_meeting(acting_user=user, a=a, b=b, **data)

    @extend_schema(request=MeetingChangeSerializer, responses=MeetingSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer: Any, record: Any = None) -> Meeting:
        changes = self.service_arguments(serializer)
        if changes.get("agreement") is not None:
            agreement = (
                Agreement.objects.restrict(self.request.user, Action.VIEW)
                .filter(pk=changes["agreement"])
                .first()
            )
            if agreement is None:
                raise ValidationError({"agreement": _("No agreement that you may see.")})
            changes["agreement"] = agreement
        if not changes:
            return record
        return services.change_meeting(
            acting_user=self.request.user, meeting=record, changes=changes
        )


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
        found = selectors.matches(suggestion.opportunity, user=self.request.user, top=50)
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
