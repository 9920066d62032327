"""A Japanese enterprise user publishes a technology request and sees a Chinese technology offer
matched, with the explanation: the shared concept in three languages and each part's share."""

from __future__ import annotations

import re

import pytest

from tests.browser.choices import choose

pytestmark = pytest.mark.browser

OFFER = "燃料电池汽车控制器与氢能电池管理技术"
TITLE = "燃料電池と水素エネルギーの技術協力を求む"


def test_japanese_user_publishes_request_and_sees_chinese_offer(live_world, browser_page):
    from hezuo.demo.matching import build_matching
    from hezuo.demo.world import NIDEC
    from hezuo.directory.models import Organisation
    from hezuo.matchdesk.models import Opportunity

    build_matching(scale=0)  # the parties' opportunities, among them Neusoft Reach's offer
    offer = Opportunity.objects.get(title=OFFER)
    assert offer.language == "zh-hans"
    nidec = Organisation.objects.get(name_zh_hans=NIDEC, is_synthetic=False)

    base, page = live_world.url, browser_page
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "nidec")  # an enterprise member of Nidec; language ja
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.locator("html").get_attribute("lang") == "ja"

    page.goto(f"{base}/matching/opportunities/add/")
    page.select_option("form[novalidate] select[name=kind]", "technology_request")
    choose(page, "owner", "日本电产", nidec.pk)  # a searchable choice
    page.select_option("form[novalidate] select[name=language]", "ja")
    page.fill("input[name=title]", TITLE)
    page.fill(
        "textarea[name=text]",
        "大連のモデル区で燃料電池車と水素エネルギーの制御技術を共同開発する中国側の相手を探しています。",
    )
    page.click("form[novalidate] button[type=submit]")
    page.wait_for_url(re.compile(r".*/matching/opportunities/[0-9]+/$"))

    published = Opportunity.objects.get(title=TITLE)
    assert published.published_by.username == "nidec" and published.owner == nidec
    assert page.locator("h1").inner_text().startswith(TITLE)

    matches = page.locator("#matches")
    match = matches.locator(f'[data-match="{offer.pk}"]')
    assert match.count() == 1
    assert OFFER in match.inner_text()
    explanation = match.locator(".hz-explanation").inner_text()
    assert "燃料电池 · 燃料電池 · fuel cell" in explanation
    assert "%" in explanation
    assert match.locator(".progress-bar").count() >= 1
    # matched across languages: no Chinese word of the offer is in the Japanese request
    assert "燃料电池" in match.inner_text() and "燃料电池" not in TITLE
