"""API view sets of the assistance ledger (routes in hezuo/api_urls.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from hezuo.base.api import HezuoModelViewSet, ServiceViewSet

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


class _ServiceWrites(ServiceViewSet):
    """Records created and changed through a service (which locks what it checks against): a
    refusal of the service is a 400 keyed by field (``base.api.exception_handler``). ``fields``
    are the values the service takes by name; a partial update keeps the record's own for those
    it does not send."""

    fields: tuple[str, ...] = ()

    def record(self, values: dict[str, Any], current: Any) -> Any:
        raise NotImplementedError

    def _record(self, serializer: Any, current: Any) -> Any:
        data = self.service_arguments(serializer)
        values = {
            name: data.pop(name) if name in data else getattr(current, name, None)
            for name in self.fields
        }
        return self.record({**values, **data}, current)

    def perform_create(self, serializer: Any) -> Any:
        return self._record(serializer, None)

    def perform_update(self, serializer: Any, record: Any = None) -> Any:
        return self._record(serializer, record)


class _DisbursementWrites(_ServiceWrites):
    """Disbursements are written through ``services.record_disbursement`` (allocation locked),
    created and changed alike: a change that takes them beyond the allocation is a 400."""

    fields = ("allocation", "amount", "paid_on", "note")

    def record(self, values: dict[str, Any], current: Any) -> Any:
        return services.record_disbursement(
            allocation=values["allocation"],
            amount=values["amount"],
            paid_on=values["paid_on"],
            note=values["note"] or "",
            disbursement=current,
            acting_user=self.request.user,
        )


class _DeliveryWrites(_ServiceWrites):
    """Deliveries are written through ``services.record_delivery`` (procurement line locked):
    one beyond the agreed quantity is refused with a 400, as on the page."""

    fields = ("agreement", "product", "delivered_on", "quantity", "amount")

    def record(self, values: dict[str, Any], current: Any) -> Any:
        if values["amount"] is None:
            del values["amount"]  # the model's default
        return services.record_delivery(
            **values,
            delivery=current,
            acting_user=self.request.user,
        )


class _HouseholdWrites:
    """A household's status changes only through ``services.change_household_status``.

    So a status set through the API is kept in the status history exactly as one set on the
    household's page: a new household starts its history, and a changed status (or the day it
    holds from) is recorded as a status change with its reason (``status_reason``).
    """

    def perform_create(self, serializer: Any) -> None:
        reason = serializer.validated_data.pop("status_reason", "")
        with transaction.atomic():
            serializer.save()
            services.start_status_history(
                household=serializer.instance,
                reason=reason,
                acting_user=self.request.user,  # type: ignore[attr-defined]
            )
            self._require(serializer.instance, "add")  # type: ignore[attr-defined]

    def perform_update(self, serializer: Any) -> None:
        data = serializer.validated_data
        reason = data.pop("status_reason", "")
        household = serializer.instance
        wanted = data.pop("status", household.status)
        # an unsent day (``clean()`` fills every field in) means "from today" for a new status
        sent_since = "status_since" in serializer.initial_data
        since = data.pop("status_since", household.status_since)
        if not sent_since and wanted != household.status:
            since = timezone.localdate()
        others = {k: v for k, v in data.items() if getattr(household, k, None) != v}
        with transaction.atomic():
            if others or (wanted == household.status and since == household.status_since):
                serializer.save()
            if wanted != household.status or since != household.status_since:
                services.change_household_status(
                    household=household,
                    status=wanted,
                    since=since,
                    reason=reason,
                    acting_user=self.request.user,  # type: ignore[attr-defined]
                )
                household.refresh_from_db()
            self._require(household, "change")  # type: ignore[attr-defined]


class _StatusChangeWrites:
    """A status change is the household's history: added through the service (which sets the
    household's status too), its reason corrected, never altered or deleted."""

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        with transaction.atomic():
            serializer.instance = services.change_household_status(
                household=data["household"],
                status=data["status"],
                since=data["since"],
                reason=data.get("reason", ""),
                acting_user=self.request.user,  # type: ignore[attr-defined]
            )
            self._require(serializer.instance.household, "change")  # type: ignore[attr-defined]
            self._require(serializer.instance, "add")  # type: ignore[attr-defined]

    def perform_update(self, serializer: Any) -> None:
        change = serializer.instance
        data = serializer.validated_data
        fixed = [
            name
            for name in ("household", "status", "since")
            if name in data and data[name] != getattr(change, name)
        ]
        if fixed:
            message = _("The status history is kept as it was: record a new status change.")
            raise ValidationError({name: [message] for name in fixed})
        super().perform_update(serializer)  # type: ignore[misc]

    def destroy(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()  # type: ignore[attr-defined]
        self._require(instance, "delete")  # type: ignore[attr-defined]
        return Response(
            {
                "detail": _("The status history is kept as it was: record a new status change."),
                "code": "protected",
            },
            status=status.HTTP_409_CONFLICT,
        )


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
HouseholdViewSet = type(
    "HouseholdViewSet",
    (
        _HouseholdWrites,
        _viewset(m.Household, ("program", "village", "status", "is_synthetic"), ("number",)),
    ),
    {"__module__": __name__, "__doc__": m.Household.__doc__},
)
HouseholdMemberViewSet = _viewset(m.HouseholdMember, ("household", "relation"), ("name",))
HouseholdStatusChangeViewSet = type(
    "HouseholdStatusChangeViewSet",
    (_StatusChangeWrites, _viewset(m.HouseholdStatusChange, ("household", "status"))),
    {"__module__": __name__, "__doc__": m.HouseholdStatusChange.__doc__},
)
HouseholdIncomeViewSet = _viewset(m.HouseholdIncome, ("household", "year"))
MeasureViewSet = _viewset(m.Measure, ("household", "kind", "project"))
JobViewSet = _viewset(m.Job, ("program", "employer", "place_type"), ("title",))
PlacementViewSet = _viewset(m.Placement, ("job", "member"))
ProductViewSet = _viewset(
    m.Product, ("program", "supplier"), ("name_zh_hans", "name_ja", "name_en")
)
ProcurementLineViewSet = _viewset(m.ProcurementLine, ("agreement", "product"))
DeliveryViewSet = type(
    "DeliveryViewSet",
    (_DeliveryWrites, _viewset(m.Delivery, ("agreement", "product"))),
    {"__module__": __name__, "__doc__": m.Delivery.__doc__},
)
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
