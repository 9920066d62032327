"""Ledgers of the assistance records (issue 5): measures, labour, consumption, funds.

Natural keys (a record without a code of its own is found by what identifies it in a 台账):

- ``measures``: household number + kind + date + the member's ID number (empty: the household).
- ``jobs``: employer + job title + place of work.
- ``placements``: the person's ID number + the job (employer, title, place) + start date.
- ``products``: supplier + Chinese name.
- ``procurement_agreements``: the agreement (Chinese title + signing day) + product (Chinese
  name + supplier): one row per product an agreement covers, with the agreed and amended
  quantities.
- ``deliveries``: agreement + product + delivery day.
- ``assistance_projects`` (项目清单): the project code.
- ``allocations``: assistance project code + source + year.
- ``disbursements``: the allocation (project code + source + year) + day paid.

Service rules checked over the whole file, besides each model's ``clean()``: disbursements never
beyond their allocation (the allocations are locked while writing, as ``record_disbursement``
does), deliveries never beyond the agreed quantity, or the amended one when the agreement was
amended, and no agreed or amended quantity below what has already been delivered (the
procurement lines concerned are locked while writing deliveries or lines, and checked again).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

from django.db import connections, router
from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.assistance.choices import (
    CapacityPeriod,
    CooperationModel,
    FundSource,
    MeasureKind,
    PlaceType,
    ProjectField,
    ProjectStatus,
)
from hezuo.assistance.models import (
    AssistanceProject,
    Delivery,
    Disbursement,
    FundAllocation,
    HouseholdMember,
    Job,
    Measure,
    Placement,
    ProcurementLine,
    Product,
)
from hezuo.base.access import lock_rows
from hezuo.core.tabular import CellError
from hezuo.events.models import Agreement

from .base import Column, Plan, Row, WriteRefused, chunked
from .records import (
    ASSISTANCE_PROJECT,
    HOUSEHOLD,
    MEMBER,
    ORGANISATION,
    PROGRAM,
    REGION,
    Field,
    Item,
    RecordLedger,
    cell_error,
    visible,
)

ZERO = Decimal(0)
MEMBER_MASK = ("assistance.HouseholdMember", "member_id")


def _one(
    candidates: list[Any],
    row: Row,
    header: dict[str, str],
    code: str,
    missing: str,
    several: str,
    **params: Any,
) -> tuple[Any, list[CellError]]:
    """The one candidate, or the error saying there is none or there are several."""
    if not candidates:
        return None, [cell_error(row, header, code, "not_found", missing, **params)]
    if len(set(candidates)) > 1:
        return None, [
            cell_error(
                row, header, code, "ambiguous", several, count=len(set(candidates)), **params
            )
        ]
    return candidates[0], []


class MeasureLedger(RecordLedger):
    name = "measures"
    model = Measure
    verbose_name = _("measures")
    natural_key_help = _("household number, kind, date and the member's ID number")
    keys: ClassVar[list[tuple[str, ...]]] = [("household_id", "kind", "date", "member_id")]
    error_columns: ClassVar[dict[str, str]] = {"member": "id_number"}
    columns: ClassVar[list[Column]] = [
        Field(
            "household_no",
            _("household number"),
            "ref",
            required=True,
            ref=HOUSEHOLD,
            attr="household",
            source=("household__number",),
        ),
        Field(
            "id_number",
            _("member's ID number (empty: the household)"),
            "id_number",
            virtual=True,
            source=("member__id_number",),
            mask=MEMBER_MASK,
        ),
        Field("kind", _("kind"), "choice", required=True, choices=MeasureKind),
        Field(
            "project",
            _("assistance project code"),
            "ref",
            ref=ASSISTANCE_PROJECT,
            source=("project__code",),
        ),
        Field("date", _("date"), "date", required=True),
        Field("amount", _("amount (yuan)"), "decimal"),
        Field("note", _("note"), "text", max_length=300),
    ]

    def prepare(self, rows: list[Row]) -> None:
        numbers = {
            HOUSEHOLD.fields[0][1](str(r.values["household_no"]))
            for r in rows
            if r.values.get("household_no")
        }
        self._members: dict[tuple[Any, str], list[Any]] = {}
        for chunk in chunked(sorted(numbers)):
            for pk, household_id, id_number in (
                visible(HouseholdMember, self.user)
                .filter(household__number__in=chunk)
                .values_list("pk", "household_id", "id_number")
            ):
                self._members.setdefault((household_id, id_number), []).append(pk)

    def compose(self, row: Row, values: dict[str, Any], header: dict[str, str]) -> list[CellError]:
        number = values.pop("_id_number", None)
        if number is None and "id_number" not in row.values:
            # no such column: the measure's member is left as it is (the household's)
            values["member_id"] = None
            return []
        if not number:
            values["member_id"] = None
            return []
        pk, problems = _one(
            self._members.get((values.get("household_id"), number), []),
            row,
            header,
            "id_number",
            "not_found.household_member",
            "ambiguous.household_member",
            value=number,
        )
        values["member_id"] = pk
        return problems


class JobLedger(RecordLedger):
    name = "jobs"
    model = Job
    verbose_name = _("jobs")
    natural_key_help = _("employer, job title and place of work")
    keys: ClassVar[list[tuple[str, ...]]] = [("employer_id", "title", "place")]
    columns: ClassVar[list[Column]] = [
        Field("program", _("pairing code"), "ref", required=True, ref=PROGRAM),
        Field(
            "employer",
            _("employer (credit code or Chinese name)"),
            "ref",
            required=True,
            ref=ORGANISATION,
        ),
        Field("title", _("job"), "text", required=True, max_length=200),
        Field("place", _("place of work"), "text", required=True, max_length=200),
        Field("place_type", _("type of place"), "choice", required=True, choices=PlaceType),
        Field(
            "region", _("region code"), "ref", required=True, ref=REGION, source=("region__code",)
        ),
        Field("monthly_wage", _("monthly wage (yuan)"), "decimal"),
        Field("openings", _("openings"), "int"),
    ]


class PlacementLedger(RecordLedger):
    name = "placements"
    model = Placement
    verbose_name = _("placements")
    natural_key_help = _("the person's ID number, the job (employer, title, place), start date")
    keys: ClassVar[list[tuple[str, ...]]] = [("member_id", "job_id", "start_date")]
    error_columns: ClassVar[dict[str, str]] = {"job": "job", "member": "id_number"}
    columns: ClassVar[list[Column]] = [
        Field(
            "id_number",
            _("resident ID number"),
            "id_number",
            required=True,
            ref=MEMBER,
            attr="member",
            mask=MEMBER_MASK,
        ),
        Field(
            "employer",
            _("employer (credit code or Chinese name)"),
            "ref",
            required=True,
            ref=ORGANISATION,
            virtual=True,
            source=("job__employer__uscc", "job__employer__name_zh_hans"),
        ),
        Field("job", _("job"), "text", required=True, virtual=True, source=("job__title",)),
        Field(
            "place",
            _("place of work"),
            "text",
            required=True,
            virtual=True,
            source=("job__place",),
        ),
        Field("start_date", _("start date"), "date", required=True),
        Field("end_date", _("end date"), "date"),
        Field("monthly_income", _("monthly income (yuan)"), "decimal"),
    ]

    def prepare(self, rows: list[Row]) -> None:
        titles = {r.values["job"] for r in rows if r.values.get("job")}
        self._jobs: dict[tuple[Any, str, str], list[Any]] = {}
        for chunk in chunked(sorted(titles)):
            for pk, employer_id, title, place in (
                visible(Job, self.user)
                .filter(title__in=chunk)
                .values_list("pk", "employer_id", "title", "place")
            ):
                self._jobs.setdefault((employer_id, title, place), []).append(pk)

    def compose(self, row: Row, values: dict[str, Any], header: dict[str, str]) -> list[CellError]:
        employer, title, place = (values.pop(f"_{c}", None) for c in ("employer", "job", "place"))
        pk, problems = _one(
            self._jobs.get((employer, title, place), []),
            row,
            header,
            "job",
            "not_found.job",
            "ambiguous.job",
            value=title,
            place=place,
        )
        values["job_id"] = pk
        return problems


class ProductLedger(RecordLedger):
    name = "products"
    model = Product
    verbose_name = _("products")
    natural_key_help = _("supplier and Chinese name")
    keys: ClassVar[list[tuple[str, ...]]] = [("supplier_id", "name_zh_hans")]
    columns: ClassVar[list[Column]] = [
        Field("program", _("pairing code"), "ref", required=True, ref=PROGRAM),
        Field(
            "supplier",
            _("supplier (credit code or Chinese name)"),
            "ref",
            required=True,
            ref=ORGANISATION,
        ),
        Field("name_zh_hans", _("name (Chinese)"), "text", required=True, max_length=200),
        Field("name_ja", _("name (Japanese)"), "text", max_length=200),
        Field("name_en", _("name (English)"), "text", max_length=200),
        Field("category", _("category"), "text", required=True, max_length=100),
        Field("unit", _("unit"), "text", required=True, max_length=20),
        Field("price", _("price per unit (yuan)"), "decimal"),
        Field("capacity", _("capacity"), "decimal"),
        Field("capacity_period", _("capacity per"), "choice", choices=CapacityPeriod),
    ]


# --- procurement ---------------------------------------------------------------------------------


def _procurement_columns() -> list[Column]:
    return [
        Field(
            "agreement",
            _("procurement agreement (Chinese title)"),
            "text",
            required=True,
            virtual=True,
            source=("agreement__title_zh_hans",),
        ),
        Field(
            "agreement_signed_on",
            _("agreement signed on"),
            "date",
            virtual=True,
            source=("agreement__signed_on",),
        ),
        Field(
            "supplier",
            _("supplier (credit code or Chinese name)"),
            "ref",
            ref=ORGANISATION,
            virtual=True,
            source=("product__supplier__uscc", "product__supplier__name_zh_hans"),
        ),
        Field(
            "product",
            _("product (Chinese name)"),
            "text",
            required=True,
            virtual=True,
            source=("product__name_zh_hans",),
        ),
    ]


class ProcurementMixin(RecordLedger):
    """Agreement by Chinese title (+ signing day), product by Chinese name (+ supplier)."""

    error_columns: ClassVar[dict[str, str]] = {"agreement": "agreement", "product": "product"}

    def prepare(self, rows: list[Row]) -> None:
        titles = {r.values["agreement"] for r in rows if r.values.get("agreement")}
        names = {r.values["product"] for r in rows if r.values.get("product")}
        self._agreements: dict[str, list[tuple[Any, Any]]] = {}
        for chunk in chunked(sorted(titles)):
            for pk, title, signed_on in (
                visible(Agreement, self.user)
                .filter(title_zh_hans__in=chunk)
                .values_list("pk", "title_zh_hans", "signed_on")
            ):
                self._agreements.setdefault(title, []).append((pk, signed_on))
        self._products: dict[str, list[tuple[Any, Any]]] = {}
        for chunk in chunked(sorted(names)):
            for pk, name, supplier_id in (
                visible(Product, self.user)
                .filter(name_zh_hans__in=chunk)
                .values_list("pk", "name_zh_hans", "supplier_id")
            ):
                self._products.setdefault(name, []).append((pk, supplier_id))

    def compose(self, row: Row, values: dict[str, Any], header: dict[str, str]) -> list[CellError]:
        title = values.pop("_agreement", None)
        signed_on = values.pop("_agreement_signed_on", None)
        supplier = values.pop("_supplier", None)
        name = values.pop("_product", None)
        agreements = [
            pk
            for pk, day in self._agreements.get(title or "", [])
            if signed_on is None or day == signed_on
        ]
        agreement, problems = _one(
            agreements,
            row,
            header,
            "agreement",
            "not_found.agreement",
            "ambiguous.agreement",
            value=title,
        )
        products = [
            pk
            for pk, supplier_id in self._products.get(name or "", [])
            if supplier is None or supplier_id == supplier
        ]
        product, more = _one(
            products,
            row,
            header,
            "product",
            "not_found.product",
            "ambiguous.product",
            value=name,
        )
        values["agreement_id"] = agreement
        values["product_id"] = product
        return problems + more


def _delivered(pairs: set[tuple[Any, Any]], exclude: list[Any]) -> dict[tuple[Any, Any], Decimal]:
    """Quantity delivered per (agreement, product), leaving out the deliveries ``exclude``."""
    found: dict[tuple[Any, Any], Decimal] = {}
    agreements = {a for a, _p in pairs}
    for chunk in chunked(sorted(agreements)):
        for agreement_id, product_id, total in (
            Delivery.objects.filter(agreement_id__in=chunk)
            .exclude(pk__in=exclude)
            .values_list("agreement_id", "product_id")
            .annotate(total=Sum("quantity"))
        ):
            found[(agreement_id, product_id)] = total or ZERO
    return found


def _limits(pairs: set[tuple[Any, Any]], *, lock: bool = False) -> dict[tuple[Any, Any], Decimal]:
    """The quantity each procurement line of ``pairs`` allows (the amended one where amended).

    With ``lock``, the lines are read again under a write lock held to the end of the
    transaction, taken in the order of their keys. Both ledgers that check deliveries against a
    line (deliveries and procurement agreements) lock it before checking again, so two imports
    touching one line are checked one after the other and cannot together break its limit.
    """
    agreements = sorted({a for a, _p in pairs})
    using = router.db_for_write(ProcurementLine)
    manager = ProcurementLine._default_manager.using(using)
    if lock and not connections[using].features.has_select_for_update:
        # SQLite ignores FOR UPDATE: a no-op write as the transaction's first statement takes the
        # database write lock instead (as hezuo.base.access.lock_for_update does), so a
        # concurrent import waits here; after a read first, two would deadlock
        for chunk in chunked(agreements):
            manager.filter(agreement_id__in=chunk).update(version=F("version"))
    found: dict[tuple[Any, Any], Decimal] = {}
    lines: list[Any] = []
    for chunk in chunked(agreements):
        for pk, agreement_id, product_id, quantity, amended in manager.filter(
            agreement_id__in=chunk
        ).values_list("pk", "agreement_id", "product_id", "quantity", "amended_quantity"):
            if (agreement_id, product_id) in pairs:
                lines.append(pk)
                found[(agreement_id, product_id)] = quantity if amended is None else amended
    if not lock:
        return found
    found = {}
    for chunk in chunked(sorted(lines)):
        for agreement_id, product_id, quantity, amended in lock_rows(
            manager.filter(pk__in=chunk).order_by("pk")
        ).values_list("agreement_id", "product_id", "quantity", "amended_quantity"):
            # a line deleted meanwhile is missing: its deliveries are then "not on the agreement"
            found[(agreement_id, product_id)] = quantity if amended is None else amended
    return found


class ProcurementLedger(ProcurementMixin):
    name = "procurement_agreements"
    model = ProcurementLine
    verbose_name = _("procurement agreements (products and quantities)")
    natural_key_help = _("agreement (Chinese title, signing day) and product (name, supplier)")
    keys: ClassVar[list[tuple[str, ...]]] = [("agreement_id", "product_id")]
    columns: ClassVar[list[Column]] = [
        *_procurement_columns(),
        Field("quantity", _("agreed quantity"), "decimal", required=True),
        Field("amended_quantity", _("amended quantity"), "decimal"),
        Field("unit_price", _("agreed price per unit (yuan)"), "decimal"),
    ]

    def check_file(self, items: list[Item], header: dict[str, str]) -> list[CellError]:
        """No agreed (or amended) quantity below what has already been delivered."""
        problems = []
        delivered = _delivered({(i.obj.agreement_id, i.obj.product_id) for i in items}, [])
        for item in items:
            line = item.obj
            done = delivered.get((line.agreement_id, line.product_id), ZERO)
            if line.limit is not None and line.limit < done:
                code = "amended_quantity" if line.amended_quantity is not None else "quantity"
                problems.append(
                    cell_error(
                        item.row,
                        header,
                        code,
                        "below_delivered",
                        "below_delivered",
                        done=done,
                    )
                )
        return problems

    def write(self, plan: Plan, *, user: Any, reason: str) -> None:
        """Lock the lines, check again (deliveries may have been imported meanwhile), write."""
        items: list[Item] = plan.extra.get("items", [])
        # a new line needs no lock: no delivery can be imported against a line not yet there
        _limits({(i.obj.agreement_id, i.obj.product_id) for i in items}, lock=True)
        problems = self.check_file(items, plan.extra.get("header", {}))
        if problems:
            raise WriteRefused(problems)
        super().write(plan, user=user, reason=reason)


class DeliveryLedger(ProcurementMixin):
    name = "deliveries"
    model = Delivery
    verbose_name = _("deliveries")
    natural_key_help = _("agreement, product and delivery day")
    keys: ClassVar[list[tuple[str, ...]]] = [("agreement_id", "product_id", "delivered_on")]
    columns: ClassVar[list[Column]] = [
        *_procurement_columns(),
        Field("delivered_on", _("delivered on"), "date", required=True),
        Field("quantity", _("quantity"), "decimal", required=True),
        Field("amount", _("amount (yuan)"), "decimal"),
    ]

    def check_file(self, items: list[Item], header: dict[str, str]) -> list[CellError]:
        """Deliveries never beyond the line's quantity (the amended one where amended)."""
        pairs = {(i.obj.agreement_id, i.obj.product_id) for i in items}
        return self.refusals(items, _limits(pairs), header)

    def refusals(
        self,
        items: list[Item],
        limits: dict[tuple[Any, Any], Decimal],
        header: dict[str, str],
    ) -> list[CellError]:
        """The rows not on their agreement, or taking its deliveries beyond ``limits``."""
        pairs = {(i.obj.agreement_id, i.obj.product_id) for i in items}
        used = _delivered(pairs, [i.obj.pk for i in items if not i.new])
        problems = []
        for item in items:
            pair = (item.obj.agreement_id, item.obj.product_id)
            limit = limits.get(pair)
            if limit is None:
                problems.append(
                    cell_error(
                        item.row,
                        header,
                        "product",
                        "not_on_agreement",
                        "not_on_agreement",
                    )
                )
                continue
            before = used.get(pair, ZERO)
            used[pair] = before + item.obj.quantity
            if used[pair] > limit:
                problems.append(
                    cell_error(
                        item.row,
                        header,
                        "quantity",
                        "beyond_agreement",
                        "beyond_agreement",
                        total=used[pair],
                        limit=limit,
                        left=max(limit - before, ZERO),
                    )
                )
        return problems

    def write(self, plan: Plan, *, user: Any, reason: str) -> None:
        """Lock the lines, check again (another import may have delivered meanwhile), write."""
        items: list[Item] = plan.extra.get("items", [])
        limits = _limits({(i.obj.agreement_id, i.obj.product_id) for i in items}, lock=True)
        problems = self.refusals(items, limits, plan.extra.get("header", {}))
        if problems:
            # another import delivered (or a line changed) meanwhile: refused, nothing written
            raise WriteRefused(problems)
        super().write(plan, user=user, reason=reason)


# --- funds ---------------------------------------------------------------------------------------


class AssistanceProjectLedger(RecordLedger):
    name = "assistance_projects"
    model = AssistanceProject
    verbose_name = _("assistance projects")
    natural_key_help = _("project code")
    keys: ClassVar[list[tuple[str, ...]]] = [("code",)]
    columns: ClassVar[list[Column]] = [
        Field("code", _("project code"), "text", required=True, max_length=40),
        Field("title_zh_hans", _("title (Chinese)"), "text", required=True, max_length=300),
        Field("title_ja", _("title (Japanese)"), "text", max_length=300),
        Field("title_en", _("title (English)"), "text", max_length=300),
        Field("program", _("pairing code"), "ref", required=True, ref=PROGRAM),
        Field("county", _("county code"), "ref", required=True, ref=REGION),
        Field("township", _("township code"), "ref", ref=REGION),
        Field(
            "field", pgettext_lazy("sector", "field"), "choice", required=True, choices=ProjectField
        ),
        Field("model", _("cooperation model"), "choice", required=True, choices=CooperationModel),
        Field("donor_unit", _("donor-side owner unit"), "ref", ref=ORGANISATION),
        Field("assisted_unit", _("assisted-side owner unit"), "ref", ref=ORGANISATION),
        Field("investor", _("investing enterprise"), "ref", ref=ORGANISATION),
        Field("builds_industrial_park", _("builds an industrial park"), "bool"),
        Field("planned_fiscal", _("planned donor fiscal funds (yuan)"), "decimal"),
        Field("planned_donation", _("planned social donations (yuan)"), "decimal"),
        Field("planned_enterprise", _("planned enterprise investment (yuan)"), "decimal"),
        Field("planned_beneficiaries", _("planned beneficiaries"), "int"),
        Field("actual_beneficiaries", _("actual beneficiaries"), "int"),
        Field("status", _("status"), "choice", choices=ProjectStatus),
        Field("start_date", _("start date"), "date"),
        Field("end_date", _("completion date"), "date"),
        Field("evidence_note", _("evidence"), "text", max_length=300),
    ]


class AllocationLedger(RecordLedger):
    name = "allocations"
    model = FundAllocation
    verbose_name = _("fund allocations")
    natural_key_help = _("assistance project code, source and year")
    keys: ClassVar[list[tuple[str, ...]]] = [("project_id", "source", "year")]
    columns: ClassVar[list[Column]] = [
        Field(
            "project",
            _("assistance project code"),
            "ref",
            required=True,
            ref=ASSISTANCE_PROJECT,
            source=("project__code",),
        ),
        Field("source", _("source"), "choice", required=True, choices=FundSource),
        Field("year", _("year"), "int", required=True),
        Field("amount", _("amount allocated (yuan)"), "decimal", required=True),
        Field("allocated_on", _("allocated on"), "date", required=True),
        Field("note", _("note"), "text", max_length=300),
    ]


class DisbursementLedger(RecordLedger):
    name = "disbursements"
    model = Disbursement
    verbose_name = _("disbursements")
    natural_key_help = _("the allocation (project code, source, year) and day paid")
    keys: ClassVar[list[tuple[str, ...]]] = [("allocation_id", "paid_on")]
    error_columns: ClassVar[dict[str, str]] = {"allocation": "project"}
    columns: ClassVar[list[Column]] = [
        Field(
            "project",
            _("assistance project code"),
            "ref",
            required=True,
            ref=ASSISTANCE_PROJECT,
            virtual=True,
            source=("allocation__project__code",),
        ),
        Field(
            "source",
            _("source"),
            "choice",
            required=True,
            choices=FundSource,
            virtual=True,
            source=("allocation__source",),
        ),
        Field("year", _("year"), "int", required=True, virtual=True, source=("allocation__year",)),
        Field("paid_on", _("paid on"), "date", required=True),
        Field("amount", _("amount disbursed (yuan)"), "decimal", required=True),
        Field("note", _("note"), "text", max_length=300),
    ]

    def prepare(self, rows: list[Row]) -> None:
        self._allocations: dict[tuple[Any, str, int], list[Any]] = {}
        self._loaded: set[Any] = set()

    def _load(self, project: Any) -> None:
        if project in self._loaded:
            return
        self._loaded.add(project)
        for pk, source, year in (
            visible(FundAllocation, self.user)
            .filter(project_id=project)
            .values_list("pk", "source", "year")
        ):
            self._allocations.setdefault((project, source, year), []).append(pk)

    def compose(self, row: Row, values: dict[str, Any], header: dict[str, str]) -> list[CellError]:
        project, source, year = (values.pop(f"_{c}", None) for c in ("project", "source", "year"))
        self._load(project)
        pk, problems = _one(
            self._allocations.get((project, source, year), []),
            row,
            header,
            "project",
            "not_found.allocation",
            "ambiguous.allocation",
            source=source,  # shown by its label in the viewer's language
            year=year,
        )
        values["allocation_id"] = pk
        return problems

    def _totals(self, allocations: set[Any], exclude: list[Any]) -> dict[Any, Decimal]:
        found: dict[Any, Decimal] = {}
        for chunk in chunked(sorted(allocations)):
            for allocation_id, total in (
                Disbursement.objects.filter(allocation_id__in=chunk)
                .exclude(pk__in=exclude)
                .values_list("allocation_id")
                .annotate(total=Sum("amount"))
            ):
                found[allocation_id] = total or ZERO
        return found

    def _overruns(
        self, items: list[Item], amounts: dict[Any, Decimal], on: Callable[[Item, Decimal], Any]
    ) -> None:
        used = self._totals(
            {i.obj.allocation_id for i in items}, [i.obj.pk for i in items if not i.new]
        )
        for item in items:
            before = used.get(item.obj.allocation_id, ZERO)
            used[item.obj.allocation_id] = before + item.obj.amount
            if used[item.obj.allocation_id] > amounts[item.obj.allocation_id]:
                on(item, before)

    def check_file(self, items: list[Item], header: dict[str, str]) -> list[CellError]:
        """Disbursements of one allocation, in the file and before it, never exceed it."""
        amounts = dict(
            FundAllocation.objects.filter(pk__in={i.obj.allocation_id for i in items}).values_list(
                "pk", "amount"
            )
        )
        return self.refusals(items, amounts, header)

    def refusals(
        self, items: list[Item], amounts: dict[Any, Decimal], header: dict[str, str]
    ) -> list[CellError]:
        """The rows that take an allocation's disbursements beyond its ``amounts``."""
        problems: list[CellError] = []

        def refuse(item: Item, before: Decimal) -> None:
            allocated = amounts[item.obj.allocation_id]
            problems.append(
                cell_error(
                    item.row,
                    header,
                    "amount",
                    "beyond_allocation",
                    "beyond_allocation",
                    total=before + item.obj.amount,
                    allocated=allocated,
                    left=max(allocated - before, ZERO),
                )
            )

        self._overruns(items, amounts, refuse)
        return problems

    def write(self, plan: Plan, *, user: Any, reason: str) -> None:
        """Lock the allocations, check again (another import may have paid meanwhile), write."""
        items: list[Item] = plan.extra.get("items", [])
        ids = sorted({i.obj.allocation_id for i in items})
        amounts = dict(
            lock_rows(FundAllocation.objects.filter(pk__in=ids))
            .order_by("pk")
            .values_list("pk", "amount")
        )

        problems = self.refusals(items, amounts, plan.extra.get("header", {}))
        if problems:
            # another import (or a user) paid meanwhile: a refusal like any other, nothing written
            raise WriteRefused(problems)
        super().write(plan, user=user, reason=reason)
