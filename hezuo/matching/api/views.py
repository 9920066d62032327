"""API of the matchmaking desk: opportunities, their matches, and interest."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hezuo.base.api import HezuoModelViewSet, django_to_drf_errors
from hezuo.core.access import Action

from .. import selectors, services
from ..models import Opportunity
from .serializers import InterestRequestSerializer, MatchSerializer, OpportunitySerializer


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


#: Routes of the matchmaking desk, registered by ``hezuo.api_urls``.
ROUTES = {"opportunities": OpportunityViewSet}
