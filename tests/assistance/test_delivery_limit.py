"""Deliveries entered by hand (page or API) respect the agreed quantity, as imports do.

A line of its own on the test agreement: agreed 50, amended to 80 (the limit is the amended
quantity); delivered 30 + 20 = 50, so 30 are left.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from rest_framework.test import APIClient

from hezuo.assistance import models as m
from hezuo.assistance import services
from hezuo.base.services import SYSTEM


def current_version(obj):
    """The record's version as stored now: an API change must send the version it is made on."""
    return type(obj)._default_manager.get(pk=obj.pk).version


pytestmark = pytest.mark.django_db

D = Decimal
BEYOND = "This would take the deliveries to %(total)s, beyond the %(limit)s agreed (%(left)s left)."
NOT_ON = "This product is not on this procurement agreement."
USER = "dalian"  # the donor office: adds and changes deliveries of its pairing


def beyond(total: str, limit: str, left: str) -> str:
    return _(BEYOND) % {"total": total, "limit": limit, "left": left}


@pytest.fixture
def line(ledger) -> SimpleNamespace:
    agreement = ledger.agreement
    product = m.Product.objects.create(
        program=agreement.program,
        supplier=ledger.line1.product.supplier,
        name_zh_hans="产品三",
        category="水果",
        unit="kg",
    )
    m.ProcurementLine.objects.create(
        agreement=agreement, product=product, quantity=D(50), amended_quantity=D(80)
    )
    d1, d2 = (
        m.Delivery.objects.create(
            agreement=agreement, product=product, delivered_on=day, quantity=D(q), amount=D(0)
        )
        for day, q in ((date(2025, 3, 1), 30), (date(2025, 4, 1), 20))
    )
    unlisted = m.Product.objects.create(
        program=agreement.program,
        supplier=ledger.line1.product.supplier,
        name_zh_hans="产品四",
        category="水果",
        unit="kg",
    )
    return SimpleNamespace(agreement=agreement, product=product, d1=d1, d2=d2, unlisted=unlisted)


def delivered(line: SimpleNamespace) -> Decimal:
    rows = m.Delivery.objects.filter(agreement=line.agreement, product=line.product)
    return sum((d.quantity for d in rows), D(0))


def form_data(line: SimpleNamespace, quantity: str, **more: Any) -> dict[str, Any]:
    return {
        "agreement": line.agreement.pk,
        "product": line.product.pk,
        "delivered_on": "2025-09-01",
        "quantity": quantity,
        "amount": "0",
        **more,
    }


@pytest.fixture
def api(user_named) -> APIClient:
    client = APIClient()
    client.force_authenticate(user_named(USER))
    return client


# --- the page ------------------------------------------------------------------------------------


def test_page_refuses_a_delivery_beyond_the_amended_quantity(line, client_as):
    client = client_as(USER)
    response = client.post(reverse("assistance:delivery_add"), form_data(line, "31"))
    assert response.status_code == 200
    assert response.context["form"].errors["quantity"] == [beyond("81", "80", "30")]
    assert beyond("81", "80", "30") in response.content.decode()
    assert delivered(line) == D(50)


def test_page_accepts_a_delivery_up_to_the_amended_quantity(line, client_as):
    client = client_as(USER)
    response = client.post(reverse("assistance:delivery_add"), form_data(line, "30"))
    assert response.status_code == 302, response.context["form"].errors
    assert delivered(line) == D(80)
    new = m.Delivery.objects.get(
        product=line.product, quantity=D(30), delivered_on=date(2025, 9, 1)
    )
    entry = new.history.first()
    assert (entry.history_user.username, entry.history_change_reason) == (USER, "delivery")


def test_page_change_counts_the_other_deliveries_but_not_itself(line, client_as):
    client = client_as(USER)
    url = reverse("assistance:delivery_edit", args=[line.d1.pk])
    refused = client.post(url, form_data(line, "61", _version=line.d1.version))
    assert refused.status_code == 200
    assert refused.context["form"].errors["quantity"] == [beyond("81", "80", "60")]
    line.d1.refresh_from_db()
    assert line.d1.quantity == D(30)
    # 60 + the other 20 = 80: within (counting itself again would make it 110)
    accepted = client.post(url, form_data(line, "60", _version=line.d1.version))
    assert accepted.status_code == 302, accepted.context["form"].errors
    line.d1.refresh_from_db()
    assert line.d1.quantity == D(60)


def test_page_refuses_a_product_not_on_the_agreement(line, client_as):
    client = client_as(USER)
    data = form_data(line, "1", product=line.unlisted.pk)
    response = client.post(reverse("assistance:delivery_add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["product"] == [_(NOT_ON)]
    assert not m.Delivery.objects.filter(product=line.unlisted).exists()


# --- the API -------------------------------------------------------------------------------------


def test_api_refuses_a_delivery_beyond_the_agreed_quantity(line, api):
    response = api.post("/api/assistance/deliveries/", form_data(line, "30.5"), format="json")
    assert response.status_code == 400, response.content
    assert response.json()["quantity"] == [beyond("80.5", "80", "30")]
    assert delivered(line) == D(50)


def test_api_answers_in_the_users_language(line, api):
    response = api.post(
        "/api/assistance/deliveries/",
        form_data(line, "31"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 400, response.content
    with override("ja"):
        expected = beyond("81", "80", "30")
    assert response.json()["quantity"] == [expected]
    assert expected != BEYOND % {"total": "81", "limit": "80", "left": "30"}  # translated


def test_api_accepts_a_delivery_within_the_agreed_quantity(line, api):
    response = api.post("/api/assistance/deliveries/", form_data(line, "30"), format="json")
    assert response.status_code == 201, response.content
    new = m.Delivery.objects.get(pk=response.json()["id"])
    assert new.quantity == D(30)
    assert new.history.first().history_user.username == USER
    assert delivered(line) == D(80)


def test_api_change_counts_the_other_deliveries_but_not_itself(line, api):
    url = f"/api/assistance/deliveries/{line.d2.pk}/"
    refused = api.patch(url, {"quantity": "51", "version": current_version(line.d2)}, format="json")
    assert refused.status_code == 400, refused.content
    assert refused.json()["quantity"] == [beyond("81", "80", "50")]
    line.d2.refresh_from_db()
    assert line.d2.quantity == D(20)
    accepted = api.patch(
        url, {"quantity": "50", "version": current_version(line.d2)}, format="json"
    )
    assert accepted.status_code == 200, accepted.content
    line.d2.refresh_from_db()
    assert line.d2.quantity == D(50)


# --- the service ---------------------------------------------------------------------------------


def record(line: SimpleNamespace, quantity: str, **more: Any) -> m.Delivery:
    values: dict[str, Any] = {
        "agreement": line.agreement,
        "product": line.product,
        "delivered_on": date(2025, 9, 1),
        "quantity": D(quantity),
        "acting_user": SYSTEM,
    }
    return services.record_delivery(**{**values, **more})


def test_service_limit_is_the_amended_quantity_read_when_recording(line):
    m.ProcurementLine.objects.filter(product=line.product).update(amended_quantity=None)
    with pytest.raises(ValidationError) as refused:
        record(line, "1")
    assert refused.value.message_dict == {"quantity": [beyond("51", "50", "0")]}
    m.ProcurementLine.objects.filter(product=line.product).update(amended_quantity=D(51))
    assert record(line, "1").pk is not None


def test_service_lets_a_change_that_does_not_raise_the_total_through(line):
    # the line lowered behind validation's back: already 10 beyond
    m.ProcurementLine.objects.filter(product=line.product).update(amended_quantity=D(40))
    d1 = m.Delivery.objects.get(pk=line.d1.pk)
    changed = record(line, "25", delivery=d1, delivered_on=date(2025, 3, 2))
    assert (changed.quantity, changed.delivered_on) == (D(25), date(2025, 3, 2))
    with pytest.raises(ValidationError) as refused:
        record(line, "26", delivery=m.Delivery.objects.get(pk=line.d1.pk))
    assert refused.value.message_dict == {"quantity": [beyond("46", "40", "20")]}


def test_service_checks_a_delivery_moved_to_another_line_in_full(line, ledger):
    # product two of the ledger: 80 amended, 70 delivered
    other = m.ProcurementLine.objects.exclude(product=line.product).get(
        agreement=line.agreement, amended_quantity=D(80)
    )
    d1 = m.Delivery.objects.get(pk=line.d1.pk)
    with pytest.raises(ValidationError) as refused:
        record(line, "30", delivery=d1, product=other.product)
    assert refused.value.message_dict == {"quantity": [beyond("100", "80", "10")]}
