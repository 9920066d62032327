"""Who may publish what: an enterprise, bank, buyer or supplier its own; staff on behalf of
others within their program; read-only roles nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from hezuo.demo.world import DASHANG_FRUIT, IWATANI, MIZUHO, NIDEC
from hezuo.matchdesk.models import Opportunity

ADD = reverse("matching:opportunity_add")


def form(owner, *, program=None, title="テスト技術募集") -> dict:
    data = {
        "kind": "technology_request",
        "owner": owner.pk,
        "language": "ja",
        "title": title,
        "text": "燃料電池の技術を探しています",
    }
    if program is not None:
        data["program"] = program.pk
    return data


@pytest.mark.parametrize(
    ("username", "own"),
    [("nidec", NIDEC), ("mizuho", MIZUHO), ("buyer", DASHANG_FRUIT)],
)
def test_members_publish_their_own_and_not_for_others(world, as_user, username, own):
    client = as_user(world.users[username])
    response = client.post(ADD, form(world.org(own), title=f"own {username}"))
    assert response.status_code == 302
    created = Opportunity.objects.get(title=f"own {username}")
    assert created.published_by == world.users[username]
    assert created.history.first().history_change_reason == "published"

    response = client.post(ADD, form(world.org(IWATANI), title=f"other {username}"))
    assert response.status_code == 200  # the form again, with the refusal
    assert not Opportunity.objects.filter(title=f"other {username}").exists()


def test_staff_publish_on_behalf_of_others_in_their_program(world, as_user):
    client = as_user(world.users["officer"])
    response = client.post(ADD, form(world.org(IWATANI), program=world.zone, title="for iwatani"))
    assert response.status_code == 302
    opp = Opportunity.objects.get(title="for iwatani")
    assert opp.owner == world.org(IWATANI) and opp.published_by == world.users["officer"]
    # outside their program (none named): nothing saved
    client.post(ADD, form(world.org(IWATANI), title="no program"))
    assert not Opportunity.objects.filter(title="no program").exists()


@pytest.mark.parametrize("username", ["leader", "auditor"])
def test_read_only_roles_publish_nothing(world, as_user, username):
    client = as_user(world.users[username])
    assert client.get(ADD).status_code == 403
    assert client.get(reverse("matching:opportunity_list")).status_code == 200


def test_members_edit_only_their_own(world, as_user):
    client = as_user(world.users["nidec"])
    mine = reverse("matching:opportunity_edit", args=[world.motor_offer.pk])
    theirs = reverse("matching:opportunity_edit", args=[world.hydrogen_offer.pk])
    assert client.get(mine).status_code == 200
    assert client.get(theirs).status_code == 404


def test_api_publishes_own_and_refuses_others(world):
    api = APIClient()
    api.force_authenticate(world.users["nidec"])
    url = reverse("api:opportunity-list")
    own = api.post(url, form(world.org(NIDEC), title="api own"), format="json")
    assert own.status_code == 201, own.content
    assert own.json()["published_by"] == world.users["nidec"].pk
    other = api.post(url, form(world.org(IWATANI), title="api other"), format="json")
    assert other.status_code == 403
    assert not Opportunity.objects.filter(title="api other").exists()
    bad = api.post(url, {**form(world.org(NIDEC)), "price": "5"}, format="json")
    assert bad.status_code == 400 and "currency" in bad.json()


def test_only_parties_and_staff_see_interest(world):
    from hezuo.matchdesk import services
    from hezuo.matchdesk.models import Interest

    services.express_interest(
        acting_user=world.users["iwatani-member"],
        opportunity=world.hydrogen_offer,
        counterpart=world.hydrogen_request,
    )
    for username, sees in [
        ("iwatani-member", True),
        ("zone", True),
        ("officer", True),
        ("leader", True),
        ("nidec", False),
        ("mizuho", False),
        ("buyer", False),
    ]:
        seen = Interest.objects.restrict(world.users[username]).filter(
            opportunity=world.hydrogen_offer
        )
        assert seen.exists() is sees, username


def test_interest_needs_the_right_to_act_for_the_own_side(world):
    from django.core.exceptions import PermissionDenied

    from hezuo.matchdesk import services

    with pytest.raises(PermissionDenied):
        services.express_interest(
            acting_user=world.users["nidec"],  # not Iwatani's
            opportunity=world.hydrogen_offer,
            counterpart=world.hydrogen_request,
        )
