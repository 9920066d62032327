"""A form's one-time token is acted on once (issue 14, item 9): a double-clicked Save records
one delivery, not two; a Save refused (form errors) gives its token back; a repeat made while the
first still runs waits for it and answers with its redirect, across threads and connections."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hezuo.assistance import models as m
from hezuo.assistance import services
from hezuo.base import submissions
from hezuo.base.models import FormSubmission
from hezuo.directory.models import Organisation
from hezuo.events.models import Agreement
from hezuo.regions.models import Program

from ..concurrency.test_concurrent_edits import at_once

D = Decimal


def procurement_line() -> m.ProcurementLine:
    """A pairing of its own with a procurement line of 1000 kg at 38 yuan."""
    program = Program.objects.create(code="once-pairing", kind="pairing", name_zh_hans="一次协作")
    supplier = Organisation.objects.create(
        name_zh_hans="一次供应商", kind="enterprise", country="CN"
    )
    agreement = Agreement.objects.create(
        title_zh_hans="一次采购协议",
        kind="procurement",
        program=program,
        signed_on=date(2025, 1, 1),
    )
    product = m.Product.objects.create(
        program=program, supplier=supplier, name_zh_hans="一次牛肉", category="肉", unit="kg"
    )
    return m.ProcurementLine.objects.create(
        agreement=agreement, product=product, quantity=D(1000), unit_price=D(38)
    )


def form(line: m.ProcurementLine, token: str, quantity: str = "300") -> dict[str, Any]:
    return {
        "agreement": line.agreement.pk,
        "product": line.product.pk,
        "delivered_on": "2025-09-01",
        "quantity": quantity,
        "amount": "",
        submissions.TOKEN_FIELD: token,
    }


def admin() -> Any:
    user = get_user_model().objects.create_user(f"once-{uuid.uuid4().hex[:8]}")
    user.memberships.create(role="system_admin")
    return user


@pytest.mark.django_db
def test_two_posts_with_one_token_record_one_delivery(client):
    line = procurement_line()
    client.force_login(admin())
    url = reverse("assistance:delivery_add")
    token = str(uuid.uuid4())
    first = client.post(url, form(line, token))
    second = client.post(url, form(line, token))
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert m.Delivery.objects.filter(product=line.product).count() == 1
    # another token (a new form) records another delivery
    assert client.post(url, form(line, str(uuid.uuid4()))).status_code == 302
    assert m.Delivery.objects.filter(product=line.product).count() == 2


@pytest.mark.django_db
def test_a_refused_form_gives_its_token_back(client):
    line = procurement_line()
    client.force_login(admin())
    url = reverse("assistance:delivery_add")
    token = str(uuid.uuid4())
    refused = client.post(url, form(line, token, quantity="1001"))  # beyond the 1000 agreed
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not FormSubmission.objects.filter(token=token).exists()
    corrected = client.post(url, form(line, token, quantity="1000"))
    assert corrected.status_code == 302
    assert m.Delivery.objects.get(product=line.product).amount == D("38000.00")


@pytest.mark.django_db
def test_every_post_form_of_a_page_gets_the_script_and_old_tokens_go(client):
    client.force_login(admin())
    page = client.get(reverse("assistance:delivery_add")).content.decode()
    assert "hezuo/submissions.js" in page
    FormSubmission.objects.create(token="x" * 32, path="/", user_id=None)
    FormSubmission.objects.filter(token="x" * 32).update(created=timezone.now() - timedelta(days=2))
    submissions._last_clean[0] = None
    assert submissions.claim(str(uuid.uuid4()), user_id=None, path="/")
    assert not FormSubmission.objects.filter(token="x" * 32).exists()


@pytest.mark.transactional
def test_the_same_token_from_two_threads_at_once_records_one_delivery(
    transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = procurement_line()
    user = admin()
    record = services.record_delivery
    started = threading.Event()

    def slow(**kwargs: Any) -> Any:  # the first save takes a while: the repeat comes meanwhile
        started.set()
        time.sleep(0.5)
        return record(**kwargs)

    monkeypatch.setattr(services, "record_delivery", slow)
    token = str(uuid.uuid4())

    def post() -> Any:
        client = Client()
        client.force_login(user)
        return client.post(reverse("assistance:delivery_add"), form(line, token))

    results = at_once([post, post])
    assert [r.status_code for r in results] == [302, 302]
    assert results[0]["Location"] == results[1]["Location"]
    assert m.Delivery.objects.filter(product=line.product).count() == 1
