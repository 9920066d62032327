"""Nidec's member, e-mailed twice by the platform, sees the bell's count, opens the list (in
Japanese, their profile's language), opens one notification and marks the rest read."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_the_bell_counts_unread_notifications_and_opens_the_list(live_world, browser_page):
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils.translation import gettext

    from hezuo.accounts.models import Notification
    from hezuo.base.mail import message_in, send_messages

    nidec = get_user_model().objects.get(username="nidec")
    Notification.objects.filter(user=nidec).delete()
    sent = [
        message_in(
            "ja",
            to=nidec.email,
            subject=lambda text=text: gettext(text),
            template="matching/email/notice",
            context={"notice": None, "on": None, "user": nidec, "site": ""},
            recipient=nidec,
            link=link,
        )
        for text, link in (
            ("Interests awaiting an answer", reverse("matching:dashboard")),
            ("Meetings this week", reverse("home")),
        )
    ]
    assert send_messages(sent) == 2

    base, page = live_world.url, browser_page
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "nidec")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert page.locator("#hz-bell-count").inner_text() == "2"

    page.locator("#hz-bell").click()
    page.wait_for_url(f"{base}/notifications/")
    items = page.locator("#notifications a[data-read]")
    assert items.count() == 2
    texts = [i.inner_text() for i in items.all()]
    assert "今週の商談" in texts[0] and "回答待ちの関心表明" in texts[1]  # newest first, in ja
    assert all(i.get_attribute("data-read") == "0" for i in items.all())

    with page.expect_navigation():
        items.nth(1).click()  # the interests: opens the matchmaking dashboard, read
    assert page.url == f"{base}{reverse('matching:dashboard')}"
    assert page.locator("#hz-bell-count").inner_text() == "1"

    page.goto(f"{base}/notifications/")
    assert page.locator("#notifications a[data-read='0']").count() == 1
    with page.expect_navigation():
        page.locator("#mark-all-read").click()
    assert page.locator("#notifications a[data-read='0']").count() == 0
    assert page.locator("#hz-bell-count").count() == 0
    assert Notification.objects.filter(user=nidec, read_at__isnull=True).count() == 0
