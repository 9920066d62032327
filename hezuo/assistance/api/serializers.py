"""Serializers of the assistance ledger; personal data is masked by the base serializer."""

from __future__ import annotations

from typing import Any

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
HouseholdSerializer = _serializer(m.Household, m.Household.__doc__ or "")
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
