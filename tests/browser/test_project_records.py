"""An officer records a figure in JPY on Iwatani's project and sees its CNY value with the rate,
then adds a milestone: both through the modal forms of the project page."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest

pytestmark = pytest.mark.browser


def test_officer_records_a_jpy_figure_and_a_milestone(live_world, browser_page):
    from django.core.management import call_command

    from hezuo.demo.world import project_code
    from hezuo.projects.models import Milestone, Project
    from hezuo.zonedesk.models import ExchangeRate

    call_command("load_rates", "--since=2020-08-01", "--currencies=JPY", stdout=io.StringIO())
    project = Project.objects.get(code=project_code(8))  # Iwatani, on 西中岛
    rate = ExchangeRate.objects.get(currency="JPY", date=date(2020, 8, 24), source="ecb").rate
    cny = (Decimal(500_000_000) * rate).quantize(Decimal("0.01"))

    base, page = live_world.url, browser_page
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}{project.get_absolute_url()}")
    page.locator("#add-figure").click()  # the panel is loaded by htmx, the form in a modal
    modal = page.locator("#hz-modal")
    modal.locator("select[name=kind]").select_option("contracted_investment")
    modal.locator("input[name=amount]").fill("500000000")
    modal.locator("input[name=currency]").fill("JPY")
    modal.locator("input[name=recorded_on]").fill("2020-08-24")
    with page.expect_navigation():
        modal.locator("button[type=submit]").click()

    row = page.locator("#figures tr[data-kind=contracted_investment]")
    row.wait_for()
    text = row.inner_text()
    assert "500,000,000.00" in text and "JPY" in text
    assert f"{cny:,.2f}" in text  # its value in CNY
    assert re.search(rf"1 JPY = {rate:.6f} CNY\s+2020-08-24", text), text  # and the rate used

    # a milestone, with an error first (no planned date), shown next to the field in Japanese
    page.locator("#add-milestone").click()
    modal.locator("input[name=title_zh_hans]").fill("取得营业执照")
    modal.locator("button[type=submit]").click()
    feedback = modal.locator("#id_planned_on_error")
    feedback.wait_for()
    assert "この項目は必須です。" in feedback.inner_text()
    modal.locator("input[name=planned_on]").fill("2020-12-31")
    with page.expect_navigation():
        modal.locator("button[type=submit]").click()
    milestones = page.locator("#milestones")
    milestones.wait_for()
    overdue = milestones.locator("tr.hz-overdue")
    assert "取得营业执照" in overdue.inner_text()  # past its planned date: flagged
    assert Milestone.objects.filter(project=project, title_zh_hans="取得营业执照").exists()
