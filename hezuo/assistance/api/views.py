"""API view sets of the assistance ledger (routes in hezuo/api_urls.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hezuo.base.api import HezuoModelViewSet

from .. import models as m
from .. import services
from . import serializers as s


def _viewset(
    model: type, filters: tuple[str, ...] = (), search: tuple[str, ...] = (), **attrs: Any
) -> Any:
    serializer = getattr(s, f"{model.__name__}Serializer")
    return type(
        f"{model.__name__}ViewSet",
        (HezuoModelViewSet,),
        {
            "__module__": __name__,
            "__doc__": model.__doc__,
            "queryset": model.objects.all(),
            "serializer_class": serializer,
            "filterset_fields": list(filters),
            "search_fields": search,
            "ordering_fields": ("created", "updated"),
            **attrs,
        },
    )


class _DisbursementWrites:
    """Disbursements are written through ``services.record_disbursement`` (allocation locked)."""

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        with transaction.atomic():
            serializer.instance = services.record_disbursement(
                allocation=data["allocation"],
                amount=data["amount"],
                paid_on=data["paid_on"],
                note=data.get("note", ""),
                acting_user=self.request.user,  # type: ignore[attr-defined]
            )
            self._require(serializer.instance, "add")  # type: ignore[attr-defined]


PairingPeriodViewSet = _viewset(m.PairingPeriod, ("program",))
YearlyAgreementViewSet = _viewset(m.YearlyAgreement, ("program", "year"))
TargetViewSet = _viewset(m.Target, ("agreement", "indicator"))
AssistanceProjectViewSet = _viewset(
    m.AssistanceProject,
    ("program", "county", "field", "model", "status", "is_synthetic"),
    ("code", "title_zh_hans", "title_ja", "title_en"),
)
FundAllocationViewSet = _viewset(m.FundAllocation, ("project", "source", "year"))
DisbursementViewSet = type(
    "DisbursementViewSet",
    (_DisbursementWrites, _viewset(m.Disbursement, ("allocation",))),
    {"__module__": __name__, "__doc__": m.Disbursement.__doc__},
)
SocialDonationViewSet = _viewset(m.SocialDonation, ("program", "kind", "county"))
ExchangeViewSet = _viewset(m.Exchange, ("program", "direction", "kind"))
HouseholdViewSet = _viewset(
    m.Household, ("program", "village", "status", "is_synthetic"), ("number",)
)
HouseholdMemberViewSet = _viewset(m.HouseholdMember, ("household", "relation"), ("name",))
HouseholdStatusChangeViewSet = _viewset(m.HouseholdStatusChange, ("household", "status"))
HouseholdIncomeViewSet = _viewset(m.HouseholdIncome, ("household", "year"))
MeasureViewSet = _viewset(m.Measure, ("household", "kind", "project"))
JobViewSet = _viewset(m.Job, ("program", "employer", "place_type"), ("title",))
PlacementViewSet = _viewset(m.Placement, ("job", "member"))
ProductViewSet = _viewset(
    m.Product, ("program", "supplier"), ("name_zh_hans", "name_ja", "name_en")
)
ProcurementLineViewSet = _viewset(m.ProcurementLine, ("agreement", "product"))
DeliveryViewSet = _viewset(m.Delivery, ("agreement", "product"))
MonitoringLineViewSet = _viewset(m.MonitoringLine, ("province", "year"))
MonitoringCaseViewSet = _viewset(m.MonitoringCase, ("household", "kind", "decision"))

#: route → view set, registered in hezuo/api_urls.py.
ROUTES = {
    "assistance/pairing-periods": PairingPeriodViewSet,
    "assistance/yearly-agreements": YearlyAgreementViewSet,
    "assistance/targets": TargetViewSet,
    "assistance/projects": AssistanceProjectViewSet,
    "assistance/allocations": FundAllocationViewSet,
    "assistance/disbursements": DisbursementViewSet,
    "assistance/donations": SocialDonationViewSet,
    "assistance/exchanges": ExchangeViewSet,
    "assistance/households": HouseholdViewSet,
    "assistance/members": HouseholdMemberViewSet,
    "assistance/status-changes": HouseholdStatusChangeViewSet,
    "assistance/incomes": HouseholdIncomeViewSet,
    "assistance/measures": MeasureViewSet,
    "assistance/jobs": JobViewSet,
    "assistance/placements": PlacementViewSet,
    "assistance/products": ProductViewSet,
    "assistance/procurement-lines": ProcurementLineViewSet,
    "assistance/deliveries": DeliveryViewSet,
    "assistance/monitoring-lines": MonitoringLineViewSet,
    "assistance/monitoring-cases": MonitoringCaseViewSet,
}
