"""Tables of the assistance ledger. Lists never show personal data unmasked."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hezuo.base.personal import masked
from hezuo.base.tables import BaseTable, VisibleColumn, name_column

from . import models as m


class MaskedColumn(tables.Column):
    """A personal-data column, always masked in lists (the record page shows it to those
    whose role allows it, and notes each display in the audit log). Not sortable: the order
    of the hidden values would tell them (birth dates, ID numbers by birth)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def render(self, value: Any, bound_column: Any) -> str:
        return str(masked(bound_column.name, value))

    def value(self, **kwargs: Any) -> str:
        value = kwargs.get("value")
        return str(masked(kwargs["bound_column"].name, value)) if value else ""


def _table(model: type, fields: tuple[str, ...], **columns: Any) -> Any:
    meta = type("Meta", (BaseTable.Meta,), {"model": model, "fields": fields})
    attrs = {"Meta": meta, "__module__": __name__, **columns}
    return type(f"{model.__name__}Table", (BaseTable,), attrs)


LINK = {"linkify": True}

PairingPeriodTable = _table(
    m.PairingPeriod,
    ("id", "program", "donor_region", "assisted_region", "start_date", "end_date"),
    id=tables.Column(verbose_name="#", linkify=True),
)
YearlyAgreementTable = _table(
    m.YearlyAgreement,
    ("year", "program", "agreement", "signed_on"),
    year=tables.Column(linkify=True),
)
AssistanceProjectTable = _table(
    m.AssistanceProject,
    ("code", "title", "county", "field", "model", "status", "planned_fiscal", "is_synthetic"),
    code=tables.Column(linkify=True),
    title=name_column("title", _("title")),
)
FundAllocationTable = _table(
    m.FundAllocation,
    ("id", "project", "source", "year", "amount", "allocated_on"),
    id=tables.Column(verbose_name="#", linkify=True),
)
DisbursementTable = _table(
    m.Disbursement,
    ("id", "allocation__project", "allocation__source", "paid_on", "amount"),
    id=tables.Column(verbose_name="#", linkify=True),
)
SocialDonationTable = _table(
    m.SocialDonation,
    ("id", "donor", "donor_name", "kind", "received_on", "amount", "county"),
    id=tables.Column(verbose_name="#", linkify=True),
)
ExchangeTable = _table(
    m.Exchange,
    ("name", "kind", "direction", "people", "host_unit", "start_date", "end_date"),
    name=tables.Column(linkify=True),
)
HouseholdTable = _table(
    m.Household,
    ("number", "village", "status", "status_since", "phone", "is_synthetic"),
    number=tables.Column(linkify=True),
    phone=MaskedColumn(),
)
HouseholdMemberTable = _table(
    m.HouseholdMember,
    ("name", "household", "relation", "id_number", "sex", "birth_date", "labour_capacity"),
    name=tables.Column(linkify=True),
    household=tables.Column(linkify=True),
    id_number=MaskedColumn(),
    sex=MaskedColumn(),
    birth_date=MaskedColumn(),
)
HouseholdIncomeTable = _table(
    m.HouseholdIncome,
    ("id", "household", "year", "members", "total", "per_capita"),
    id=tables.Column(verbose_name="#", linkify=True),
)
MeasureTable = _table(
    m.Measure,
    ("id", "household", "kind", "project", "date", "amount"),
    id=tables.Column(verbose_name="#", linkify=True),
)
JobTable = _table(
    m.Job,
    ("title", "employer", "place", "place_type", "monthly_wage", "openings"),
    title=tables.Column(linkify=True),
)
RETAINED = (
    "{% load i18n %}{% if value is None %}—{% elif value %}{% trans 'yes' %}"
    "{% else %}{% trans 'no' %}{% endif %}"
)


class PlacementTable(BaseTable):
    id = tables.Column(verbose_name="#", linkify=True)
    member__household = VisibleColumn(verbose_name=_("household"))
    retained_3 = tables.TemplateColumn(
        RETAINED, accessor="retained_3", verbose_name=_("employed after 3 months"), orderable=False
    )
    retained_6 = tables.TemplateColumn(
        RETAINED, accessor="retained_6", verbose_name=_("employed after 6 months"), orderable=False
    )

    class Meta(BaseTable.Meta):
        model = m.Placement
        fields = ("id", "member__household", "job", "start_date", "end_date", "monthly_income")


ProductTable = _table(
    m.Product,
    ("name", "supplier", "category", "unit", "price", "capacity", "capacity_period"),
    name=name_column(),
)
ProcurementLineTable = _table(
    m.ProcurementLine,
    ("id", "agreement", "product", "quantity", "amended_quantity", "unit_price"),
    id=tables.Column(verbose_name="#", linkify=True),
)
DeliveryTable = _table(
    m.Delivery,
    ("id", "agreement", "product", "delivered_on", "quantity", "amount"),
    id=tables.Column(verbose_name="#", linkify=True),
)
MonitoringLineTable = _table(
    m.MonitoringLine,
    ("id", "province", "year", "national_standard", "line"),
    id=tables.Column(verbose_name="#", linkify=True),
)
MonitoringCaseTable = _table(
    m.MonitoringCase,
    ("id", "household", "kind", "found_by", "first_lead_on", "county_decision_on", "decision"),
    id=tables.Column(verbose_name="#", linkify=True),
)
