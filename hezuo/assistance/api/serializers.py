"""Serializers of the assistance ledger; personal data is masked by the base serializer."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from hezuo.base.api import HezuoModelSerializer

from .. import models as m

#: Files are uploaded on the pages; the API does not take them.
NOT_IN_API = {"evidence"}


def _serializer(model: type, doc: str) -> Any:
    fields = (
        "id",
        *[
            f.name
            for f in model._meta.get_fields()  # type: ignore[attr-defined]
            if getattr(f, "concrete", False)
            and f.name not in ("id", *NOT_IN_API)
            and not f.auto_created
        ],
    )
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(
        f"{model.__name__}Serializer",
        (HezuoModelSerializer,),
        {"Meta": meta, "__module__": __name__, "__doc__": doc},
    )


PairingPeriodSerializer = _serializer(m.PairingPeriod, m.PairingPeriod.__doc__ or "")
YearlyAgreementSerializer = _serializer(m.YearlyAgreement, m.YearlyAgreement.__doc__ or "")
TargetSerializer = _serializer(m.Target, m.Target.__doc__ or "")
AssistanceProjectSerializer = _serializer(m.AssistanceProject, m.AssistanceProject.__doc__ or "")
FundAllocationSerializer = _serializer(m.FundAllocation, m.FundAllocation.__doc__ or "")
DisbursementSerializer = _serializer(m.Disbursement, m.Disbursement.__doc__ or "")
SocialDonationSerializer = _serializer(m.SocialDonation, m.SocialDonation.__doc__ or "")
ExchangeSerializer = _serializer(m.Exchange, m.Exchange.__doc__ or "")
_HouseholdBase = _serializer(m.Household, m.Household.__doc__ or "")


class HouseholdSerializer(_HouseholdBase):  # type: ignore[misc, valid-type]
    """A household of the assisted region (帮扶对象), by its number and village.

    A change of ``status`` or ``status_since`` is recorded in the household's status history
    (``/api/assistance/status-changes/``), with ``status_reason`` as its reason.
    """

    status_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=300,
        help_text=_("Why the status changes; kept in the household's status history."),
    )

    class Meta(_HouseholdBase.Meta):  # type: ignore[name-defined]
        fields = (*_HouseholdBase.Meta.fields, "status_reason")


HouseholdMemberSerializer = _serializer(m.HouseholdMember, m.HouseholdMember.__doc__ or "")
HouseholdStatusChangeSerializer = _serializer(
    m.HouseholdStatusChange, m.HouseholdStatusChange.__doc__ or ""
)
HouseholdIncomeSerializer = _serializer(m.HouseholdIncome, m.HouseholdIncome.__doc__ or "")
MeasureSerializer = _serializer(m.Measure, m.Measure.__doc__ or "")
JobSerializer = _serializer(m.Job, m.Job.__doc__ or "")
PlacementSerializer = _serializer(m.Placement, m.Placement.__doc__ or "")
ProductSerializer = _serializer(m.Product, m.Product.__doc__ or "")
ProcurementLineSerializer = _serializer(m.ProcurementLine, m.ProcurementLine.__doc__ or "")
DeliverySerializer = _serializer(m.Delivery, m.Delivery.__doc__ or "")
MonitoringLineSerializer = _serializer(m.MonitoringLine, m.MonitoringLine.__doc__ or "")
MonitoringCaseSerializer = _serializer(m.MonitoringCase, m.MonitoringCase.__doc__ or "")
