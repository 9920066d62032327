"""A Japanese or English user picking an industry class is not left with a bare Chinese list
(issue 14, item 17): classes without a sourced name in the user's language show the Chinese name
with the nearest sourced name above it (see hezuo/core/data/SOURCES.md)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ja"])
def test_industry_picker_helps_ja_and_en_users(
    live_world,
    browser_page,
    language: str,
) -> None:
    base, page = live_world.url, browser_page
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])

    page.goto(f"{base}/projects/add/")
    page.locator("#id_industry_classes-ts-control").press_sequentially("3811", delay=50)
    option = page.locator(".ts-dropdown .option", has_text="3811 ").first
    option.wait_for()
    assert option.inner_text().strip() == (
        "3811 发电机及发电机组制造 — 38 Manufacture of Electrical Machinery and Apparatus"
    )
    page.screenshot(path=f"/tmp/h9_industry_picker_{language}.png")
