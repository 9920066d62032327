"""Writes of the assistance ledger that matter: keyword-only, atomic, attributed, checked.

Each function validates with the model's ``full_clean()`` (the same rules forms and the API
reach) and leaves a history entry with the acting user (a user, or ``base.services.SYSTEM``) and
a reason (``base.services.attribute``). Who may write is checked by the views and the API
before and after (the role matrix), as for the ledger's plain records.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from hezuo.base.access import lock_for_update, lock_rows
from hezuo.base.services import attribute
from hezuo.events.models import Agreement

from .models import (
    CaseDecision,
    Delivery,
    Disbursement,
    FundAllocation,
    Household,
    HouseholdStatus,
    HouseholdStatusChange,
    Measure,
    MonitoringCase,
    ProcurementLine,
    Product,
)

ZERO = Decimal(0)


@transaction.atomic
def record_disbursement(
    *,
    allocation: FundAllocation,
    amount: Decimal,
    paid_on: date,
    note: str = "",
    disbursement: Disbursement | None = None,
    acting_user: Any,
) -> Disbursement:
    """Record (or change) a disbursement; return it. Refused beyond the allocation.

    The allocation row is locked first, so two disbursements made at the same moment against
    one allocation are checked one after the other and cannot together exceed it.
    """
    locked = lock_for_update(FundAllocation.objects.all(), allocation.pk)
    row = disbursement or Disbursement()
    row.allocation = locked
    row.amount = amount
    row.paid_on = paid_on
    row.note = note
    row.full_clean()
    attribute(row, acting_user, "disbursement")
    row.save()
    return row


def _plain(quantity: Decimal) -> str:
    """A quantity without trailing zeros ("80", "30.5"), the same whatever database summed it."""
    return format(quantity.normalize(), "f")


def _lock_line(agreement_id: Any, product_id: Any) -> ProcurementLine | None:
    """The procurement line of ``agreement_id`` and ``product_id`` under a write lock (or None),
    locked as the deliveries import locks its lines (``_limits`` in
    hezuo/imports/ledgers/assistance.py)."""
    line: ProcurementLine | None = lock_rows(
        ProcurementLine.objects.filter(agreement_id=agreement_id, product_id=product_id)
    ).first()
    return line


@transaction.atomic
def record_delivery(
    *,
    agreement: Agreement,
    product: Product,
    delivered_on: date,
    quantity: Decimal,
    amount: Decimal | None = None,
    delivery: Delivery | None = None,
    acting_user: Any,
    **extra: Any,
) -> Delivery:
    """Record (or change) a delivery; return it. Refused beyond the line's agreed quantity.

    The procurement line (agreement and product) is locked first, as the deliveries import
    locks it, so deliveries entered by hand, through the API or imported at the same moment are
    checked one after the other and cannot together pass the agreed (or amended) quantity. A
    product not on the agreement is refused, as the import refuses it. A change that does not
    raise the line's total (a corrected day or amount on a line already beyond its quantity) is
    not refused. An amount left empty (or 0) is the line's agreed price × quantity
    (``Delivery.clean``).
    """
    line = _lock_line(agreement.pk, product.pk)
    row = delivery or Delivery()
    # this delivery's quantity saved on the line before the change (None: new, or moved from
    # another line); read from the database, as a form has already set the new values
    saved = None
    if row.pk is not None:
        saved = (
            Delivery.objects.filter(pk=row.pk, agreement=agreement, product=product)
            .values_list("quantity", flat=True)
            .first()
        )
    row.agreement = agreement
    row.product = product
    row.delivered_on = delivered_on
    row.quantity = quantity
    row.amount = amount
    for name, value in extra.items():
        setattr(row, name, value)
    row.full_clean()
    others = Delivery.objects.filter(agreement=agreement, product=product)
    if row.pk is not None:
        others = others.exclude(pk=row.pk)
    used = others.aggregate(total=Sum("quantity"))["total"] or ZERO
    total = used + quantity
    limit = line.limit if line is not None else ZERO
    if (saved is None or total > used + saved) and (line is None or total > limit):
        if line is None:
            message = _("This product is not on this procurement agreement.")
            raise ValidationError({"product": message})
        raise ValidationError(
            {
                "quantity": _(
                    "This would take the deliveries to %(total)s, beyond the %(limit)s agreed "
                    "(%(left)s left)."
                )
                % {
                    name: _plain(value)
                    for name, value in (
                        ("total", total),
                        ("limit", limit),
                        ("left", max(limit - used, ZERO)),
                    )
                }
            }
        )
    attribute(row, acting_user, "delivery")
    row.save()
    return row


@transaction.atomic
def change_household_status(
    *, household: Household, status: str, since: date, reason: str = "", acting_user: Any
) -> HouseholdStatusChange:
    """Set a household's status from ``since`` and keep the change in its status history."""
    locked = lock_for_update(Household.objects.all(), household.pk)
    if status not in HouseholdStatus.values:
        raise ValidationError({"status": _("Unknown household status.")})
    locked.status = status
    locked.status_since = since
    locked.full_clean()
    attribute(locked, acting_user, reason or "status change")
    locked.save()
    change = HouseholdStatusChange(household=locked, status=status, since=since, reason=reason)
    change.full_clean()
    attribute(change, acting_user, reason or "status change")
    change.save()
    household.status, household.status_since, household.version = status, since, locked.version
    return change


@transaction.atomic
def start_status_history(
    *, household: Household, reason: str = "", acting_user: Any
) -> HouseholdStatusChange:
    """Write the first entry of a new household's status history (its status when entered)."""
    change = HouseholdStatusChange(
        household=household,
        status=household.status,
        since=household.status_since,
        reason=reason or str(_("entered in the register")),
    )
    change.full_clean()
    attribute(change, acting_user, "entered in the register")
    change.save()
    return change


@transaction.atomic
def add_measure(
    *,
    household: Household,
    kind: str,
    on: date,
    amount: Decimal = Decimal(0),
    note: str = "",
    acting_user: Any,
    **extra: Any,
) -> Measure:
    """Record a measure a household received; return it."""
    measure = Measure(household=household, kind=kind, date=on, amount=amount, note=note, **extra)
    measure.full_clean()
    attribute(measure, acting_user, "measure")
    measure.save()
    return measure


@transaction.atomic
def advance_case(
    *,
    case: MonitoringCase,
    step: str,
    on: date,
    notice_to: date | None = None,
    decision: str = "",
    income_above_line_since: date | None = None,
    acting_user: Any,
) -> MonitoringCase:
    """Record the next step of a monitoring case (village, township, county, eliminate).

    The village review opens the public notice (``on`` to ``notice_to``, at least 5 days);
    the county decision includes the household in monitoring (its status becomes
    "monitored") or not; a risk is eliminated only when the rules of
    :func:`hezuo.core.assistance.elimination_problems` allow it.
    """
    locked = lock_for_update(MonitoringCase.objects.all(), case.pk)
    if step == "village":
        locked.village_review_on = on
        locked.notice_from = on
        locked.notice_to = notice_to
    elif step == "township":
        locked.township_review_on = on
    elif step == "county":
        locked.county_decision_on = on
        locked.decision = decision
    elif step == "eliminate":
        locked.eliminated_on = on
        if income_above_line_since:
            locked.income_above_line_since = income_above_line_since
    else:
        raise ValidationError({"step": _("Unknown step.")})
    locked.full_clean()
    attribute(locked, acting_user, f"monitoring: {step}")
    locked.save()
    household = locked.household
    if step == "county" and decision == CaseDecision.INCLUDED:
        change_household_status(
            household=household,
            status=HouseholdStatus.MONITORED,
            since=on,
            reason=_("included in monitoring"),
            acting_user=acting_user,
        )
    if step == "eliminate":
        # an unstable lifted household is lifted again; an edge or sudden-hardship one was
        # never registered poor
        after = HouseholdStatus.LIFTED if locked.kind == "unstable" else HouseholdStatus.NONE
        change_household_status(
            household=household,
            status=after,
            since=on,
            reason=_("risk eliminated"),
            acting_user=acting_user,
        )
    return locked
