"""The navigation offers a role only the pages it may open (issue 14, item 20).

The donor office ``dalian`` was offered 防返贫监测 (the monitoring board) on the ledger's front
page and got 403. Every entry of every demo user's navigation, and the front page's buttons, must
open.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

USERS = [
    "admin",
    "zone",
    "officer",
    "nidec",
    "mizuho",
    "dalian",
    "liupanshui",
    "buyer",
    "leader",
    "auditor",
]


def urls(entries: list[dict[str, Any]]) -> list[str]:
    found = []
    for entry in entries:
        found += urls(entry["children"]) if "children" in entry else [entry["url"]]
    return found


@pytest.mark.parametrize("username", USERS)
def test_every_navigation_entry_opens(client: Any, username: str) -> None:
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    home = client.get(reverse("home"))
    assert home.status_code == 200
    refused = []
    for url in urls(home.context["navigation"]):
        status = client.get(url).status_code
        if status == 403:
            refused.append(url)
    assert not refused, refused


def test_the_ledger_front_page_offers_the_donor_office_only_what_it_may_open(client: Any) -> None:
    client.force_login(get_user_model().objects.get(username="dalian"))
    page = client.get(reverse("assistance:home"))
    assert page.status_code == 200
    links = set(re.findall(r'href="(/assistance/[^"?#]*)', page.content.decode()))
    assert links
    refused = [url for url in sorted(links) if client.get(url).status_code == 403]
    assert not refused, refused
    assert reverse("assistance:monitoring") not in links
