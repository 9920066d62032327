"""Filters of the assistance ledger's lists."""

from __future__ import annotations

from typing import Any

from hezuo.base.filtersets import SearchFilterSet

from . import models as m


def _filterset(model: type, fields: list[str], search: tuple[str, ...] = ()) -> Any:
    meta = type("Meta", (), {"model": model, "fields": fields})
    attrs = {"Meta": meta, "__module__": __name__, "search_fields": search}
    return type(f"{model.__name__}FilterSet", (SearchFilterSet,), attrs)


PairingPeriodFilterSet = _filterset(m.PairingPeriod, ["program"])
YearlyAgreementFilterSet = _filterset(m.YearlyAgreement, ["program", "year"])
AssistanceProjectFilterSet = _filterset(
    m.AssistanceProject,
    ["program", "county", "field", "model", "status", "is_synthetic"],
    ("code", "title_zh_hans", "title_ja", "title_en"),
)
FundAllocationFilterSet = _filterset(
    m.FundAllocation, ["source", "year"], ("project__code", "project__title_zh_hans")
)
DisbursementFilterSet = _filterset(m.Disbursement, ["allocation__source"], ("note",))
SocialDonationFilterSet = _filterset(
    m.SocialDonation, ["program", "kind", "county"], ("donor_name", "donor__name_zh_hans")
)
ExchangeFilterSet = _filterset(
    m.Exchange, ["program", "direction", "kind"], ("name", "host_unit", "sending_unit")
)
HouseholdFilterSet = _filterset(
    m.Household, ["program", "status", "main_cause", "is_synthetic"], ("number", "members__name")
)
HouseholdMemberFilterSet = _filterset(
    m.HouseholdMember, ["relation", "sex", "labour_capacity"], ("name", "household__number")
)
HouseholdIncomeFilterSet = _filterset(m.HouseholdIncome, ["year"], ("household__number",))
MeasureFilterSet = _filterset(m.Measure, ["kind", "project"], ("household__number", "note"))
JobFilterSet = _filterset(m.Job, ["program", "place_type"], ("title", "place"))
PlacementFilterSet = _filterset(m.Placement, ["job"], ("member__household__number", "job__title"))
ProductFilterSet = _filterset(
    m.Product, ["program", "supplier"], ("name_zh_hans", "name_ja", "name_en", "category")
)
ProcurementLineFilterSet = _filterset(m.ProcurementLine, ["agreement", "product"])
DeliveryFilterSet = _filterset(m.Delivery, ["agreement", "product"])
MonitoringLineFilterSet = _filterset(m.MonitoringLine, ["province", "year"])
MonitoringCaseFilterSet = _filterset(
    m.MonitoringCase, ["kind", "found_by", "decision"], ("household__number",)
)
