"""An anonymous opportunity's owner is revealed to the other side only after mutual interest."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.test import APIClient

from hezuo.matchdesk import services

OWNER = "岩谷产业"


def make_anonymous(world):
    offer = world.hydrogen_offer
    offer.anonymous = True
    offer.save()
    return offer


def shown(world, username: str, as_user) -> tuple[str, dict]:
    """The opportunity's page and its API record, as ``username`` sees them."""
    offer = world.hydrogen_offer
    page = as_user(world.users[username]).get(offer.get_absolute_url()).content.decode()
    api = APIClient()
    api.force_authenticate(world.users[username])
    record = api.get(reverse("api:opportunity-detail", args=[offer.pk])).json()
    return page, record


def test_anonymous_owner_hidden_until_both_sides_are_interested(world, as_user):
    offer = make_anonymous(world)
    request = world.hydrogen_request  # 金普新区's
    page, record = shown(world, "jinpu-member", as_user)
    i = page.find(OWNER)
    assert OWNER not in page, page[max(0, i - 700) : i + 100]
    assert "bi-incognito" in page
    assert record["owner"] is None and record["owner_name"] is None
    assert record["owner_revealed"] is False

    # the request's side is interested: still hidden
    services.express_interest(
        acting_user=world.users["jinpu-member"], opportunity=request, counterpart=offer
    )
    page, record = shown(world, "jinpu-member", as_user)
    assert OWNER not in page and record["owner"] is None

    # the owner answers with interest: revealed to the other side
    services.express_interest(
        acting_user=world.users["iwatani-member"], opportunity=offer, counterpart=request
    )
    page, record = shown(world, "jinpu-member", as_user)
    assert OWNER in page
    assert record["owner_name"] == OWNER and record["owner"] == offer.owner_id


def test_a_refusal_does_not_reveal(world, as_user):
    offer = make_anonymous(world)
    services.express_interest(
        acting_user=world.users["jinpu-member"],
        opportunity=world.hydrogen_request,
        counterpart=offer,
    )
    services.express_interest(
        acting_user=world.users["iwatani-member"],
        opportunity=offer,
        counterpart=world.hydrogen_request,
        status="declined",
    )
    page, record = shown(world, "jinpu-member", as_user)
    assert OWNER not in page and record["owner"] is None


def test_staff_who_may_change_it_see_the_owner(world, as_user):
    make_anonymous(world)
    page, record = shown(world, "zone", as_user)  # the zone's administrator: its program
    assert OWNER in page and record["owner_revealed"] is True


def test_the_owner_and_third_parties(world, as_user):
    offer = make_anonymous(world)
    page, record = shown(world, "iwatani-member", as_user)
    assert OWNER in page and record["owner_revealed"] is True
    # a third party never learns it from lists, pages, matches or the history
    client = as_user(world.users["nidec"])
    listing = client.get(reverse("matching:opportunity_list") + "?kind=technology_offer")
    assert offer.title in listing.content.decode()
    assert OWNER not in listing.content.decode()
    page = client.get(offer.get_absolute_url()).content.decode()
    assert OWNER not in page
    matches_page = client.get(world.motor_request.get_absolute_url()).content.decode()
    assert OWNER not in matches_page


def test_matches_of_an_anonymous_opportunity_hide_its_owner(world, as_user):
    make_anonymous(world)
    page = as_user(world.users["jinpu-member"]).get(world.hydrogen_request.get_absolute_url())
    html = page.content.decode()
    assert world.hydrogen_offer.title in html  # it is matched
    assert OWNER not in html
