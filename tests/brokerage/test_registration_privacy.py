"""A registration names its organisation: an anonymous opportunity registered with it is listed
only to those who may see its owner (the matching desk's rule), and the participant's contact
e-mail is read only by the participant itself and the event's organisers."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from hezuo.matchdesk.models import Opportunity

OFFER = "水素ステーションと燃料電池の技術"  # Iwatani's, made anonymous here


@pytest.fixture
def anonymous_offer(world):
    offer = Opportunity.objects.get(title=OFFER)
    offer.anonymous = True
    offer.save()
    assert world.regs["iwatani"].opportunities.filter(pk=offer.pk).exists()
    return offer


def api_registrations(world, username: str) -> dict[int, dict]:
    api = APIClient()
    api.force_authenticate(world.users[username])
    found = api.get(f"/api/brokerage-registrations/?event={world.event.pk}").json()
    rows = found["results"] if isinstance(found, dict) else found
    return {r["id"]: r for r in rows}


@pytest.mark.parametrize("username", ["nidec", "jinpu-member", "leader", "auditor"])
def test_other_participants_do_not_learn_the_owner(world, as_user, anonymous_offer, username):
    reg = world.regs["iwatani"]
    record = api_registrations(world, username)[reg.pk]
    assert anonymous_offer.pk not in record["opportunities"]
    page = as_user(world.users[username]).get(reg.get_absolute_url())
    assert page.status_code == 200
    assert OFFER not in page.content.decode()


@pytest.mark.parametrize("username", ["iwatani-member", "officer", "zone"])
def test_the_owner_and_the_staff_see_it(world, as_user, anonymous_offer, username):
    reg = world.regs["iwatani"]
    assert anonymous_offer.pk in api_registrations(world, username)[reg.pk]["opportunities"]
    page = as_user(world.users[username]).get(reg.get_absolute_url())
    assert OFFER in page.content.decode()


@pytest.mark.parametrize("username", ["nidec", "jinpu-member", "mizuho", "leader", "auditor"])
def test_contact_email_hidden_from_other_participants(world, as_user, username):
    reg = world.regs["iwatani"]
    reg.contact_email = "iwatani-changed@example.com"  # in the history too
    reg.save()
    assert api_registrations(world, username)[reg.pk]["contact_email"] is None
    html = as_user(world.users[username]).get(reg.get_absolute_url()).content.decode()
    assert "iwatani@example.com" not in html and "iwatani-changed@example.com" not in html


def test_contact_email_seen_by_the_participant_and_the_organisers(world, as_user):
    reg = world.regs["iwatani"]
    for username in ("iwatani-member", "officer", "zone"):
        assert api_registrations(world, username)[reg.pk]["contact_email"] == "iwatani@example.com"
        html = as_user(world.users[username]).get(reg.get_absolute_url()).content.decode()
        assert "iwatani@example.com" in html, username
    # a participant reads its own, not the others'
    own = api_registrations(world, "jinpu-member")
    assert own[world.regs["jinpu"].pk]["contact_email"] == "jinpu@example.com"
