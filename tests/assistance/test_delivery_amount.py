"""A delivery's amount left empty (or at the 0 shown) is the agreed price × quantity (issue 14,
item 15): 300 kg at 38 yuan is 11,400 yuan, on the page, through the API and in model clean
(which the import reaches too). An explicit other amount (a discount) is kept; a line without
a price leaves an empty amount at 0.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from hezuo.assistance import models as m

pytestmark = pytest.mark.django_db

D = Decimal
USER = "dalian"


@pytest.fixture
def priced(ledger) -> SimpleNamespace:
    agreement = ledger.agreement
    supplier = ledger.line1.product.supplier

    def product(name: str) -> m.Product:
        return m.Product.objects.create(
            program=agreement.program,
            supplier=supplier,
            name_zh_hans=name,
            category="肉",
            unit="kg",
        )

    beef, lamb = product("牛肉"), product("羊肉")
    m.ProcurementLine.objects.create(
        agreement=agreement, product=beef, quantity=D(1000), unit_price=D(38)
    )
    m.ProcurementLine.objects.create(agreement=agreement, product=lamb, quantity=D(1000))
    return SimpleNamespace(agreement=agreement, beef=beef, lamb=lamb)


def data(priced: SimpleNamespace, product: m.Product, **more: Any) -> dict[str, Any]:
    return {
        "agreement": priced.agreement.pk,
        "product": product.pk,
        "delivered_on": "2025-09-01",
        "quantity": "300",
        **more,
    }


def amounts(product: m.Product) -> list[Decimal]:
    return list(m.Delivery.objects.filter(product=product).values_list("amount", flat=True))


@pytest.mark.parametrize("amount", ["", "0"])
def test_page_computes_an_amount_left_empty_or_zero(priced, client_as, amount):
    client = client_as(USER)
    response = client.post(
        reverse("assistance:delivery_add"), data(priced, priced.beef, amount=amount)
    )
    assert response.status_code == 302, response.context["form"].errors
    assert amounts(priced.beef) == [D("11400.00")]


def test_the_new_delivery_form_leaves_the_amount_empty_with_help(priced, client_as):
    page = client_as(USER).get(reverse("assistance:delivery_add"))
    field = page.context["form"]["amount"]
    assert field.value() is None and not field.field.required
    assert "×" in str(field.help_text)


def test_an_explicit_amount_is_kept(priced, client_as):
    client = client_as(USER)
    response = client.post(
        reverse("assistance:delivery_add"), data(priced, priced.beef, amount="10000")
    )
    assert response.status_code == 302
    assert amounts(priced.beef) == [D("10000.00")]


def test_api_computes_an_amount_left_out_or_zero(priced, user_named):
    api = APIClient()
    api.force_authenticate(user_named(USER))
    url = "/api/assistance/deliveries/"
    left_out = api.post(url, data(priced, priced.beef), format="json")
    assert left_out.status_code == 201, left_out.json()
    assert D(left_out.json()["amount"]) == D("11400")
    zero = api.post(url, data(priced, priced.beef, amount="0", delivered_on="2025-09-02"))
    assert zero.status_code == 201, zero.json()
    assert amounts(priced.beef) == [D("11400.00")] * 2


def test_model_clean_computes_it_and_a_line_without_price_leaves_zero(priced):
    delivery = m.Delivery(
        agreement=priced.agreement,
        product=priced.beef,
        delivered_on=date(2025, 9, 1),
        quantity=D("2.5"),
    )
    delivery.full_clean()
    assert delivery.amount == D("95.00")
    unpriced = m.Delivery(
        agreement=priced.agreement,
        product=priced.lamb,
        delivered_on=date(2025, 9, 1),
        quantity=D(3),
    )
    unpriced.full_clean()
    assert unpriced.amount == D(0)


def test_import_computes_an_amount_left_empty(priced, tmp_path):
    from django.contrib.auth import get_user_model

    from hezuo.imports.ledgers import get_ledger
    from hezuo.imports.services import import_file
    from tests.imports.helpers import write_xlsx

    headers = ["agreement", "agreement_signed_on", "product", "delivered_on", "quantity", "amount"]
    signed = priced.agreement.signed_on.isoformat()
    title = priced.agreement.title_zh_hans
    rows = [
        [title, signed, "牛肉", "2025-10-01", "300", ""],
        [title, signed, "牛肉", "2025-10-02", "100", "3500"],  # a discount, kept
    ]
    path = write_xlsx(tmp_path / "d.xlsx", headers, rows)
    with path.open("rb") as stream:
        result = import_file(
            get_ledger("deliveries"),
            stream,
            file_name=path.name,
            user=get_user_model().objects.get(username="admin"),
        )
    assert result.ok, result.errors
    assert sorted(amounts(priced.beef)) == [D("3500.00"), D("11400.00")]
