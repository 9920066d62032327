"""An enterprise user (Nidec's, working in Japanese) sees the pre-registration service its signed
project qualifies for, with each reason and the value used, and applies from the policy's page;
the office then finds the application submitted."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_an_enterprise_sees_why_it_qualifies_and_applies(live_world, browser_page):
    from hezuo.demo.policies import build_policies
    from hezuo.demo.world import project_code
    from hezuo.policies.models import Application, Policy

    build_policies(notices=False)
    policy = Policy.objects.get(code="dlz-pre-registration-service")
    energy = Policy.objects.get(code="dlz-xizhongdao-new-energy")
    code = project_code(1)  # Nidec's, at signed, not on 西中岛

    base, page = live_world.url, browser_page
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "nidec")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    # the project's page: the policies it qualifies for, and the one of the next stage
    from hezuo.projects.models import Project

    project = Project.objects.get(code=code)
    page.goto(f"{base}/policies/match/{project.pk}/")
    cards = page.locator(".policy-match[data-qualifies='1']")
    cards.first.wait_for()
    assert [c.get_attribute("data-policy") for c in cards.all()] == [policy.code]
    card = page.locator(f".policy-match[data-policy='{policy.code}']")
    reasons = card.locator(".hz-reasons li")
    texts = [r.inner_text() for r in reasons.all()]
    assert len(texts) == 2 and all(r.get_attribute("data-met") == "1" for r in reasons.all())
    assert "調印" in texts[0]  # the stage used, in Japanese
    missed = page.locator(
        f".policy-match[data-policy='{energy.code}'] .hz-reasons li[data-met='0']"
    )
    # the sub-area by its Japanese name, not its code
    assert "西中島" in missed.first.inner_text() and "xizhongdao" not in missed.first.inner_text()

    # the policy's page: the reasons again, and the application
    page.goto(f"{base}{policy.get_absolute_url()}")
    item = page.locator(f"#own-projects li[data-project='{code}']")
    item.wait_for()
    assert item.locator(".hz-reasons li[data-met='1']").count() == 2
    item.locator("textarea[name=documents]").fill("投资协议 DLZ-20200824-01")
    with page.expect_navigation():
        item.locator("button[type=submit]").click()
    status = page.locator("#workflow [data-status]")
    status.wait_for()
    assert status.get_attribute("data-status") == "submitted"
    application = Application.objects.get(policy=policy, project=project)
    assert application.status == "submitted"
    assert application.documents == "投资协议 DLZ-20200824-01"
    assert application.history.first().history_user.username == "nidec"
    # applied once: the page now links to the application instead of offering to apply again
    page.goto(f"{base}{policy.get_absolute_url()}")
    assert page.locator(f"#own-projects li[data-project='{code}'] form").count() == 0
