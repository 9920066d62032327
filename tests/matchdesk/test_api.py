"""The REST API of interests, meetings and suggestions: written through the services, read
through the role matrix, and never naming an anonymous side before mutual interest."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from hezuo.events.models import Agreement
from hezuo.matchdesk.models import Interest, Meeting, Suggestion


def current_version(obj):
    """The record's version as stored now: an API change must send the version it is made on."""
    return type(obj)._default_manager.get(pk=obj.pk).version


IWATANI = "岩谷产业"


@pytest.fixture
def api():
    def client(user: Any) -> APIClient:
        c = APIClient()
        c.force_authenticate(user)
        return c

    return client


def express(api, user, own, other, **extra):
    body = {"opportunity": own.pk, "counterpart": other.pk, **extra}
    return api(user).post("/api/interests/", body, format="json")


def test_interest_created_through_the_service(world, api):
    jinpu = world.users["jinpu-member"]
    response = express(api, jinpu, world.hydrogen_request, world.hydrogen_offer, message="你好")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "interested" and data["respond_by"] and data["answered"] is False
    interest = Interest.objects.get(pk=data["id"])
    assert interest.expressed_by == jinpu and interest.history.first().history_change_reason


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "opportunity"),
        ({"opportunity": 0, "counterpart": 0}, "opportunity"),
        ("kinds", "non_field_errors"),
    ],
)
def test_bad_interest_refused_with_reason(world, api, body, field):
    if body == "kinds":  # a technology request cannot take interest in another request
        body = {"opportunity": world.hydrogen_request.pk, "counterpart": world.motor_request.pk}
    response = api(world.users["zone"]).post("/api/interests/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Interest.objects.filter(opportunity=world.hydrogen_request).exists()


def test_only_those_acting_for_the_opportunity_express_interest(world, api):
    # Nidec's member may add interests (for its own organisation) but not for Jinpu's request
    response = express(api, world.users["nidec"], world.hydrogen_request, world.hydrogen_offer)
    assert response.status_code == 403
    # the auditor may add nothing
    response = express(api, world.users["auditor"], world.hydrogen_request, world.hydrogen_offer)
    assert response.status_code == 403
    assert not Interest.objects.filter(opportunity=world.hydrogen_request).exists()


def test_interest_seen_by_its_parties_and_staff_only(world, api):
    data = express(
        api, world.users["jinpu-member"], world.hydrogen_request, world.hydrogen_offer
    ).json()
    for username, visible in (
        ("jinpu-member", True),
        ("iwatani-member", True),
        ("zone", True),
        ("auditor", True),
        ("nidec", False),
        ("mizuho", False),
    ):
        client = api(world.users[username])
        listed = {row["id"] for row in client.get("/api/interests/").json()["results"]}
        assert (data["id"] in listed) is visible, username
        status = client.get(f"/api/interests/{data['id']}/").status_code
        assert status == (200 if visible else 404), username


def test_anonymous_side_hidden_in_the_api_until_mutual(world, api):
    offer, request = world.hydrogen_offer, world.hydrogen_request
    offer.anonymous = True
    offer.save()
    iwatani, jinpu = world.users["iwatani-member"], world.users["jinpu-member"]
    # Iwatani (anonymous) takes interest first: Jinpu sees the interest, not who sent it
    sent = express(api, iwatani, offer, request).json()
    seen = api(jinpu).get(f"/api/interests/{sent['id']}/").json()
    assert seen["parties"] == [request.owner_id] and seen["expressed_by"] is None
    assert api(jinpu).get(f"/api/opportunities/{offer.pk}/").json()["owner"] is None
    # Iwatani's own view names itself
    own = api(iwatani).get(f"/api/interests/{sent['id']}/").json()
    assert sorted(own["parties"]) == sorted([offer.owner_id, request.owner_id])
    # a refusal reveals nothing
    api(jinpu).post(
        "/api/interests/",
        {"opportunity": request.pk, "counterpart": offer.pk, "status": "declined"},
        format="json",
    )
    assert api(jinpu).get(f"/api/interests/{sent['id']}/").json()["expressed_by"] is None
    # Jinpu changes its mind: both interested, both revealed
    back = Interest.objects.get(opportunity=request, counterpart=offer)
    response = api(jinpu).patch(
        f"/api/interests/{back.pk}/",
        {"status": "interested", "version": current_version(back)},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "interested"
    seen = api(jinpu).get(f"/api/interests/{sent['id']}/").json()
    assert sorted(seen["parties"]) == sorted([offer.owner_id, request.owner_id])
    assert seen["expressed_by"] == iwatani.pk and seen["answered"] is True
    assert api(jinpu).get(f"/api/opportunities/{offer.pk}/").json()["owner_name"] == IWATANI


def test_patch_interest_rights_and_versions(world, api):
    jinpu, iwatani = world.users["jinpu-member"], world.users["iwatani-member"]
    data = express(api, jinpu, world.hydrogen_request, world.hydrogen_offer).json()
    url = f"/api/interests/{data['id']}/"
    # the receiving side answers with its own interest, it does not change this one
    body = {"status": "declined", "version": data["version"]}
    assert api(iwatani).patch(url, body, format="json").status_code == 403
    assert api(world.users["nidec"]).patch(url, {}, format="json").status_code == 404
    stale = api(jinpu).patch(url, {"message": "x", "version": data["version"] + 5}, format="json")
    assert stale.status_code == 409
    changed = (
        api(jinpu).patch(url, {"message": "更新", "version": data["version"]}, format="json").json()
    )
    assert changed["message"] == "更新" and changed["respond_by"] == data["respond_by"]
    assert api(jinpu).put(url, {}, format="json").status_code == 405


def test_meeting_after_mutual_interest_and_its_outcome(world, api):
    jinpu, iwatani = world.users["jinpu-member"], world.users["iwatani-member"]
    request, offer = world.hydrogen_request, world.hydrogen_offer
    body = {
        "offer": offer.pk,
        "request": request.pk,
        "starts_at": "2027-03-01T10:00:00+08:00",
        "place": "金普新区",
        "interpreter_needed": True,
        "interpreter_languages": ["zh", "ja"],
    }
    express(api, jinpu, request, offer)
    refused = api(jinpu).post("/api/meetings/", body, format="json")
    assert refused.status_code == 400 and "request" in refused.json()
    express(api, iwatani, offer, request)
    assert api(world.users["nidec"]).post("/api/meetings/", body, format="json").status_code == 403
    response = api(jinpu).post("/api/meetings/", body, format="json")
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert meeting["interpreter_languages"] == ["zh", "ja"] and meeting["outcome"] == "planned"
    url = f"/api/meetings/{meeting['id']}/"
    agreement = Agreement.objects.filter(parties__organisation=offer.owner).first()
    made = Meeting.objects.get(pk=meeting["id"])
    wrong = api(iwatani).patch(
        url,
        {"outcome": "held", "agreement": agreement.pk, "version": current_version(made)},
        format="json",
    )
    assert wrong.status_code == 400 and "agreement" in wrong.json()
    done = api(iwatani).patch(
        url,
        {"outcome": "agreement", "agreement": agreement.pk, "version": current_version(made)},
        format="json",
    )
    assert done.status_code == 200 and done.json()["agreement"] == agreement.pk
    assert Meeting.objects.get(pk=meeting["id"]).agreement == agreement
    assert api(world.users["nidec"]).get(url).status_code == 404
    assert api(world.users["auditor"]).patch(url, {"note": "x"}, format="json").status_code == 403


def test_suggestions_read_only_with_explanation(world, api):
    jinpu = world.users["jinpu-member"]
    matches = api(jinpu).get(f"/api/opportunities/{world.hydrogen_request.pk}/matches/").json()
    assert matches
    row = Suggestion.objects.get(
        opportunity=world.hydrogen_request,
        suggested_id=matches[0]["opportunity"]["id"],
        shown_to=jinpu,
    )
    listed = api(jinpu).get("/api/suggestions/", {"opportunity": world.hydrogen_request.pk})
    assert row.pk in {r["id"] for r in listed.json()["results"]}
    one = api(jinpu).get(f"/api/suggestions/{row.pk}/").json()
    assert one["shown_to_me"] is True and one["explanation"]["components"]
    total = sum(c["value"] for c in one["explanation"]["components"])
    assert abs(total - one["explanation"]["score"]) < 1e-6
    assert api(jinpu).post("/api/suggestions/", {}, format="json").status_code == 405
    assert api(jinpu).delete(f"/api/suggestions/{row.pk}/").status_code == 405
    # shown on Jinpu's opportunity: not for a third party
    assert api(world.users["nidec"]).get(f"/api/suggestions/{row.pk}/").status_code == 404
    assert (
        api(world.users["zone"]).get(f"/api/suggestions/{row.pk}/").json()["shown_to_me"] is False
    )


def test_schema_lists_the_desk(world, api):
    schema = api(world.users["zone"]).get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    paths = schema.json()["paths"]
    for path in ("/api/interests/", "/api/meetings/{id}/", "/api/suggestions/{id}/"):
        assert path in paths
    assert "put" not in paths["/api/interests/{id}/"]
