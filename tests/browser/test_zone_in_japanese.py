"""A promotion officer logs in, switches to Japanese, and finds Iwatani's project on 西中岛."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_zone_sub_area_and_project_in_japanese(live_world, browser_page):
    page = browser_page
    page.goto(f"{live_world.url}/accounts/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_world.url}/")

    with page.expect_navigation():
        page.select_option("#language-form select[name=language]", "ja")
    assert page.locator("html").get_attribute("lang") == "ja"

    page.get_by_role("link", name="中日（大連）地方発展協力モデル区").first.click()
    assert page.locator("h1").inner_text().startswith("中日（大連）地方発展協力モデル区")

    sub_areas = page.locator("#sub-areas")
    sub_areas.get_by_role("link", name="西中島").click()
    assert "西中島" in page.locator("h1").inner_text()

    projects = page.locator("#projects")
    iwatani = projects.get_by_role("link", name="日本岩谷大连西中岛氢能利用项目")
    assert iwatani.count() == 1
    iwatani.click()
    assert "岩谷" in page.locator("h1").inner_text()
    assert "岩谷産業" in page.locator("#parties").inner_text()
