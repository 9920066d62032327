"""A disbursement changed through the API goes through ``services.record_disbursement`` (the
allocation locked) and is refused beyond the allocation, as one added is.

Allocation a1 of the ``ledger`` fixture: 1,000 yuan, paid 400 + 500, so 100 are left.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils.translation import gettext as _

from hezuo.assistance import models as m

from .test_delivery_limit import USER, api  # noqa: F401 - the fixture


def current_version(obj):
    """The record's version as stored now: an API change must send the version it is made on."""
    return type(obj)._default_manager.get(pk=obj.pk).version


pytestmark = pytest.mark.django_db

BEYOND = (
    "This would take the disbursements to %(total)s yuan, beyond the "
    "%(allocated)s yuan allocated (%(left)s yuan left)."
)


def test_a_change_beyond_the_allocation_is_refused(ledger, api) -> None:  # noqa: F811
    paid = m.Disbursement.objects.get(allocation=ledger.a1, amount=Decimal(500))
    response = api.patch(
        f"/api/assistance/disbursements/{paid.pk}/",
        {"amount": "601", "version": current_version(paid)},
        format="json",
    )
    assert response.status_code == 400, response.content
    (message,) = response.json()["amount"]
    assert message.startswith(_(BEYOND).split("%(total)s")[0])
    paid.refresh_from_db()
    assert paid.amount == Decimal(500)


def test_a_change_within_the_allocation_is_recorded_with_its_user(ledger, api) -> None:  # noqa: F811
    paid = m.Disbursement.objects.get(allocation=ledger.a1, amount=Decimal(500))
    url = f"/api/assistance/disbursements/{paid.pk}/"
    response = api.patch(url, {"amount": "600", "version": current_version(paid)}, format="json")
    assert response.status_code == 200, response.content
    paid.refresh_from_db()
    assert paid.amount == Decimal(600)
    assert paid.history.first().history_user.username == USER
    # a change of the note alone keeps the amount and the day
    day = paid.paid_on
    body = {"note": "corrected", "version": current_version(paid)}
    assert api.patch(url, body, format="json").status_code == 200
    paid.refresh_from_db()
    assert (paid.amount, paid.paid_on, paid.note) == (Decimal(600), day, "corrected")


def test_a_change_goes_through_the_service_that_locks_the_allocation(
    ledger,
    api,  # noqa: F811
    monkeypatch,
) -> None:
    from hezuo.assistance import services

    seen = []
    record = services.record_disbursement

    def spy(**kwargs):
        seen.append((kwargs["disbursement"].pk, kwargs["amount"]))
        return record(**kwargs)

    monkeypatch.setattr(services, "record_disbursement", spy)
    paid = m.Disbursement.objects.get(allocation=ledger.a1, amount=Decimal(500))
    response = api.patch(
        f"/api/assistance/disbursements/{paid.pk}/",
        {"amount": "550", "version": current_version(paid)},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert seen == [(paid.pk, Decimal(550))]
