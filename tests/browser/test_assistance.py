"""Liupanshui's collaboration office adds a household, sees it on the "no household missed"
check, gives it a measure, and sees it leave the list."""

from __future__ import annotations

import pytest

from tests.browser.choices import choose
from tests.browser.session import log_in

pytestmark = pytest.mark.browser

NUMBER = "LPS-BROWSER-0001"


def test_assisted_side_adds_household_and_measure(live_world, browser_page):
    from django.utils import timezone
    from stdnum.cn import ric

    from hezuo.assistance.models import Household
    from hezuo.regions.models import Program, Region

    base, page = live_world.url, browser_page
    pairing = Program.objects.get(code="dalian-liupanshui")
    village = Region.objects.get(code="520203001001")
    body = "52020319750612123"
    head_id = body + ric.calc_check_digit(body + "0")
    today = timezone.localdate().isoformat()

    log_in(page, base, "liupanshui")
    page.goto(f"{base}/assistance/households/add/")
    page.select_option("select[name=program]", str(pairing.pk))
    page.fill("input[name=number]", NUMBER)
    # a searchable choice: the township and the village typed
    choose(page, "village", f"{village.parent.name_zh_hans} {village.name_zh_hans}", village.pk)
    page.select_option("select[name=status]", "registered_poor")
    page.fill("input[name=householdmember-0-name]", "张明华")
    page.fill("input[name=householdmember-0-id_number]", head_id)
    page.select_option("select[name=householdmember-0-relation]", "head")
    page.click("form[novalidate] button[type=submit]")
    page.wait_for_url(f"{base}/assistance/households/*/")
    household = Household.objects.get(number=NUMBER)
    assert household.members.get().birth_date.isoformat() == "1975-06-12"

    missed_url = f"{base}/assistance/checks/missed/?program={pairing.pk}"
    page.goto(missed_url)
    table = page.locator("#hz-missed")
    assert NUMBER in table.inner_text()
    count_before = int(page.inner_text("#hz-missed-count"))

    row = table.locator("tr", has_text=NUMBER)
    row.locator("a.btn").click()
    page.wait_for_url(f"{base}/assistance/measures/add/*")
    assert page.locator("select[name=household]").input_value() == str(household.pk)
    page.select_option("select[name=kind]", "training")
    page.fill("input[name=date]", today)
    page.fill("input[name=amount]", "800")
    page.click("form[novalidate] button[type=submit]")
    page.wait_for_url(f"{base}/assistance/measures/*/")

    page.goto(missed_url)
    assert NUMBER not in page.locator("#hz-missed").inner_text()
    assert int(page.inner_text("#hz-missed-count")) == count_before - 1
