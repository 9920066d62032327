"""After expressing interest the desk goes back to the page posted as ``next`` only when that page
is on this site: no open redirect to another host (``//host``, ``https://host``, ``\\\\host``)."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "target",
    ["//evil.example/phish", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_interest_never_redirects_off_site(world, as_user, target):
    own, other = world.hydrogen_request, world.hydrogen_offer
    url = reverse("matching:interest", kwargs={"pk": own.pk, "other": other.pk})
    response = as_user(world.users["jinpu-member"]).post(url, {"next": target})
    assert response.status_code == 302
    assert response["Location"] == own.get_absolute_url()


def test_interest_from_never_redirects_off_site(world, as_user):
    own, other = world.hydrogen_request, world.hydrogen_offer
    url = reverse("matching:interest_from", kwargs={"other": other.pk})
    response = as_user(world.users["jinpu-member"]).post(
        url, {"opportunity": own.pk, "next": "//evil.example/"}
    )
    assert response["Location"] == own.get_absolute_url()


def test_interest_goes_back_to_a_page_of_this_site(world, as_user):
    own, other = world.hydrogen_request, world.hydrogen_offer
    url = reverse("matching:interest", kwargs={"pk": own.pk, "other": other.pk})
    back = other.get_absolute_url()
    response = as_user(world.users["jinpu-member"]).post(url, {"next": back})
    assert response["Location"] == back
