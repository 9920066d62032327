"""A double-clicked Save records one delivery, not two (issue 14, item 9): the form carries a
one-time token (static/hezuo/submissions.js, hezuo/base/submissions.py) and its button is
disabled once it is sent."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest

from tests.browser.choices import choose

pytestmark = pytest.mark.browser


def pick(page, name: str, typed: str, value: object) -> None:
    select_id = page.locator(f"select[name='{name}']").get_attribute("id")
    if page.locator(f"#{select_id}-ts-control").count():
        choose(page, name, typed, value)
    else:
        page.select_option(f"select[name='{name}']", str(value))


def test_double_clicked_save_records_one_delivery(live_world, browser_page, monkeypatch):
    from hezuo.assistance import models as m
    from hezuo.directory.models import Organisation
    from hezuo.events.models import Agreement
    from hezuo.regions.models import Program

    base, page = live_world.url, browser_page
    program = Program.objects.get(code="dalian-liupanshui")
    supplier = Organisation.objects.create(
        name_zh_hans="双击供应商", kind="enterprise", country="CN"
    )
    agreement = Agreement.objects.create(
        title_zh_hans="双击采购协议",
        kind="procurement",
        program=program,
        signed_on=date(2025, 1, 1),
    )
    product = m.Product.objects.create(
        program=program, supplier=supplier, name_zh_hans="双击牛肉", category="肉", unit="kg"
    )
    m.ProcurementLine.objects.create(
        agreement=agreement, product=product, quantity=Decimal(1000), unit_price=Decimal(38)
    )

    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/assistance/deliveries/add/")
    token = page.locator("form[novalidate] input[name=_submission]")
    assert len(token.input_value()) >= 32  # the form carries its one-time token
    pick(page, "agreement", "双击采购", agreement.pk)
    pick(page, "product", "双击牛肉", product.pk)
    page.fill("input[name=delivered_on]", "2025-09-01")
    page.fill("input[name=quantity]", "300")
    assert page.locator("input[name=amount]").input_value() == ""  # computed when left empty
    # a slow save: the second click of an impatient double click comes while the first runs
    from hezuo.assistance import services

    record = services.record_delivery

    def slow(**kwargs):
        time.sleep(1.5)
        return record(**kwargs)

    monkeypatch.setattr(services, "record_delivery", slow)
    box = page.locator("form[novalidate] button[type=submit]").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.click(x, y)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)
    page.wait_for_url(f"{base}/assistance/deliveries/*/")
    page.wait_for_timeout(2000)  # a second request, if one was sent, has been answered
    deliveries = m.Delivery.objects.filter(product=product)
    assert deliveries.count() == 1
    assert deliveries.get().amount == Decimal("11400.00")

    # back to the form (kept by the browser or loaded anew): Save is usable again
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("form[novalidate] button[type=submit]").is_enabled()
