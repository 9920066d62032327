"""The ledger registry: every ledger that can be imported and exported, by name."""

from __future__ import annotations

from .base import Column, Ledger, Plan, Row
from .persons import PersonLedger
from .simple import OrganisationLedger, ProjectLedger

LEDGERS: dict[str, Ledger] = {
    ledger.name: ledger for ledger in (OrganisationLedger(), ProjectLedger(), PersonLedger())
}


def get_ledger(name: str) -> Ledger:
    """Return the ledger called ``name``; KeyError when there is none."""
    return LEDGERS[name]


__all__ = ["LEDGERS", "Column", "Ledger", "Plan", "Row", "get_ledger"]
