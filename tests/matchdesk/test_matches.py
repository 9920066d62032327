"""Each opportunity's page lists its best matches with the explanation; each one shown is logged."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from hezuo.matchdesk import selectors, services
from hezuo.matchdesk.models import Opportunity, Suggestion


def test_page_shows_cross_lingual_matches_with_explanations(world, as_user):
    html = as_user(world.users["zone"]).get(world.hydrogen_request.get_absolute_url()).content
    html = html.decode()
    matches = html[html.index('id="matches"') :]
    # the Japanese hydrogen offer and the Chinese fuel-cell offer are both found
    assert world.hydrogen_offer.title in matches
    assert world.fuel_cell_offer.title in matches
    # shared concepts in the three languages, and the stretches of each text
    assert "氢能 · 水素エネルギー · hydrogen energy" in matches
    # one bar per component, as a share of the score
    bars = re.findall(r'class="progress-bar" style="width: ([0-9.]+)%"', matches)
    assert bars and all(0 <= float(b) <= 100 for b in bars)
    # not the request itself, nor one of the same kind
    assert world.motor_request.title not in matches


def test_explanation_parts_add_up_to_the_score(world):
    found = selectors.matches(world.hydrogen_request, user=world.users["zone"])
    assert found
    for m in found:
        assert sum(c["value"] for c in m.components) == pytest.approx(m.score)
        assert sum(c["share"] for c in m.components) == pytest.approx(1.0)
    assert [m.rank for m in found] == list(range(1, len(found) + 1))
    assert found == sorted(found, key=lambda m: -m.score)


def test_api_matches(world):
    api = APIClient()
    api.force_authenticate(world.users["officer"])
    response = api.get(reverse("api:opportunity-matches", args=[world.hydrogen_request.pk]))
    assert response.status_code == 200
    data = response.json()
    titles = [m["opportunity"]["title"] for m in data]
    assert world.hydrogen_offer.title in titles
    first = data[0]
    assert {c["name"] for c in first["components"]} >= {"text", "industry"}
    assert Suggestion.objects.filter(
        opportunity=world.hydrogen_request, shown_to=world.users["officer"]
    ).count() == len(data)


def test_every_suggestion_shown_is_logged(world, as_user):
    user = world.users["zone"]
    client = as_user(user)
    client.get(world.hydrogen_request.get_absolute_url())
    logged = Suggestion.objects.filter(opportunity=world.hydrogen_request, shown_to=user)
    shown = selectors.matches(world.hydrogen_request, user=user)
    assert {s.suggested_id for s in logged} == {m.opportunity.pk for m in shown}
    assert all(s.outcome == "shown" and s.times_shown == 1 for s in logged)
    client.get(world.hydrogen_request.get_absolute_url())
    assert {s.times_shown for s in logged.all()} == {2}

    # taking one up and declining another are recorded on the suggestion
    client.post(
        reverse("matching:interest", args=[world.hydrogen_request.pk, world.hydrogen_offer.pk])
    )
    client.post(
        reverse("matching:interest", args=[world.hydrogen_request.pk, world.motor_offer.pk]),
        {"status": "declined"},
    )
    outcomes = dict(logged.values_list("suggested_id", "outcome"))
    assert outcomes[world.hydrogen_offer.pk] == "taken_up"
    assert outcomes[world.motor_offer.pk] == "declined"
    precision = selectors.funnel(user=user)["precision"]
    assert precision["taken_up"] == 1 and precision["declined"] == 1
    assert precision["shown"] == logged.count()


def test_only_visible_and_valid_opportunities_are_suggested(world):
    from datetime import date

    offer = world.hydrogen_offer
    Opportunity.objects.filter(pk=offer.pk).update(valid_until=date(2020, 1, 1))
    found = selectors.matches(world.hydrogen_request, user=world.users["zone"])
    assert offer.pk not in {m.opportunity.pk for m in found}
    # nobody without a role sees any
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user("stranger", password="x")
    assert selectors.matches(world.hydrogen_request, user=stranger) == []


def test_index_is_rebuilt_after_a_change(world):
    user = world.users["zone"]
    before = selectors.matches(world.motor_request, user=user)
    assert world.hydrogen_offer.pk not in {m.opportunity.pk for m in before[:1]}
    offer = world.hydrogen_offer
    offer.text += " 车用电机驱动控制技术，机器人减速机"
    offer.save()
    after = selectors.matches(world.motor_request, user=user)
    shared = next(m for m in after if m.opportunity.pk == offer.pk)
    assert any("电机" in t["term"] or "驱动" in t["term"] for t in shared.terms)


def test_interest_meeting_agreement_funnel(world, as_user):
    from hezuo.events.models import Agreement

    zone, iwatani = world.users["zone"], world.users["iwatani-member"]
    req, offer = world.hydrogen_request, world.hydrogen_offer
    client = as_user(zone)
    meeting_url = reverse("matching:meeting_add", args=[req.pk, offer.pk])
    services.express_interest(acting_user=zone, opportunity=req, counterpart=offer)
    refused = client.post(meeting_url, {"starts_at": "2027-03-01T10:00", "place": "大连"})
    assert refused.status_code == 200 and not req.meetings_as_request.exists()
    services.express_interest(acting_user=iwatani, opportunity=offer, counterpart=req)
    response = client.post(
        meeting_url,
        {
            "starts_at": "2027-03-01T10:00",
            "place": "金普新区",
            "interpreter_needed": "on",
            "interpreter_languages": ["zh", "ja"],
            "participants": "岩谷\n金普",
        },
    )
    assert response.status_code == 302
    meeting = req.meetings_as_request.get()
    assert meeting.offer == offer and meeting.interpreter_languages == ["zh", "ja"]
    agreement = Agreement.objects.filter(parties__organisation=offer.owner).first()
    response = client.post(
        meeting.get_absolute_url(), {"outcome": "agreement", "agreement": agreement.pk}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.agreement == agreement
    assert meeting in agreement.matchmaking_meetings.all()
    data = selectors.funnel(user=zone)
    row = data["by_kind"]["technology_offer"]
    assert row["interest"] >= 1 and row["mutual"] == 1
    assert row["meetings"] == 1 and row["agreements"] == 1
    assert data["by_country"]["JP"]["agreements"] == 1
    page = client.get(reverse("matching:dashboard"))
    assert page.status_code == 200 and 'id="kind-data"' in page.content.decode()
    # a third party sees neither the meeting nor its count
    assert as_user(world.users["nidec"]).get(meeting.get_absolute_url()).status_code == 404
    assert selectors.funnel(user=world.users["nidec"])["totals"]["meetings"] == 0
