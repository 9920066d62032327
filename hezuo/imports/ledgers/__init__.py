"""The ledger registry: every ledger that can be imported and exported, by name."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .assistance import (
    AllocationLedger,
    AssistanceProjectLedger,
    DeliveryLedger,
    DisbursementLedger,
    JobLedger,
    MeasureLedger,
    PlacementLedger,
    ProcurementLedger,
    ProductLedger,
)
from .base import Column, Ledger, Plan, Row
from .directory import (
    AgreementLedger,
    FigureLedger,
    OpportunityLedger,
    PeopleLedger,
    PositionLedger,
)
from .persons import PersonLedger
from .simple import OrganisationLedger, ProjectLedger

LEDGERS: dict[str, Ledger] = {
    ledger.name: ledger
    for ledger in (
        OrganisationLedger(),
        PeopleLedger(),
        PositionLedger(),
        ProjectLedger(),
        FigureLedger(),
        AgreementLedger(),
        OpportunityLedger(),
        PersonLedger(),
        MeasureLedger(),
        JobLedger(),
        PlacementLedger(),
        ProductLedger(),
        ProcurementLedger(),
        DeliveryLedger(),
        AssistanceProjectLedger(),
        AllocationLedger(),
        DisbursementLedger(),
    )
}


#: The ledger list's sections, in order: (heading, ledger names).
SECTIONS: list[tuple[Promise, list[str]]] = [
    (_("Directory"), ["organisations", "people", "positions"]),
    (_("Investment and agreements"), ["projects", "figures", "agreements", "opportunities"]),
    (_("Households"), ["persons", "measures"]),
    (_("Labour cooperation"), ["jobs", "placements"]),
    (_("Consumption assistance"), ["products", "procurement_agreements", "deliveries"]),
    (_("Assistance projects and funds"), ["assistance_projects", "allocations", "disbursements"]),
]


def get_ledger(name: str) -> Ledger:
    """Return the ledger called ``name``; KeyError when there is none."""
    return LEDGERS[name]


__all__ = ["LEDGERS", "SECTIONS", "Column", "Ledger", "Plan", "Row", "get_ledger"]
