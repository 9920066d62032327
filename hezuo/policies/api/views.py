"""API view sets of support policies, eligibility rules and applications."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hezuo.base.api import HezuoModelViewSet

from .. import services
from ..models import Application, EligibilityRule, Policy
from .serializers import (
    ApplicationSerializer,
    DecisionSerializer,
    EligibilityRuleSerializer,
    PolicySerializer,
)


class PolicyViewSet(HezuoModelViewSet):
    """Support policies (readers see them once in force or expired, not as drafts)."""

    queryset = Policy.objects.select_related("program").prefetch_related("sub_areas")
    serializer_class = PolicySerializer
    filterset_fields = ["program", "area", "benefit_kind", "status"]


class EligibilityRuleViewSet(HezuoModelViewSet):
    """Eligibility rules of policies."""

    queryset = EligibilityRule.objects.select_related("policy")
    serializer_class = EligibilityRuleSerializer
    filterset_fields = ["policy"]


class ApplicationViewSet(HezuoModelViewSet):
    """Applications for policies; created drafted, then submitted and decided by the actions.

    The services' refusals (403, 400) are answered by ``base.api.exception_handler``; a
    submission or decision on an application already moved on is refused by its transitions.
    """

    queryset = Application.objects.select_related("policy", "project", "enterprise")
    serializer_class = ApplicationSerializer
    filterset_fields = ["policy", "project", "enterprise", "status"]

    def _answer(self, application: Application) -> Response:
        return Response(ApplicationSerializer(application, context={"request": self.request}).data)

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit a drafted application."""
        found = self.get_object()
        return self._answer(services.submit(application=found, acting_user=request.user))

    @extend_schema(request=DecisionSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Approve (with the amount granted) or reject (with a note) a submitted application."""
        found = self.get_object()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.decide(
                application=found,
                approve=data.validated_data["approve"],
                amount=data.validated_data.get("amount"),
                note=data.validated_data.get("note", ""),
                acting_user=request.user,
            )
        )


ROUTES = {
    "policies": PolicyViewSet,
    "eligibility-rules": EligibilityRuleViewSet,
    "policy-applications": ApplicationViewSet,
}
