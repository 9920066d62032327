"""Staff of the event's program organise; a participant registers its own organisation, before
the deadline, requests meetings for it and sees only its own meetings; read-only roles nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from hezuo.brokerage import selectors, services
from hezuo.brokerage.models import MeetingRequest, Registration, ScheduleRun
from hezuo.demo.world import IWATANI, MIZUHO


def form(org, **extra):
    return {
        "organisation": org.pk,
        "languages": ["ja"],
        "available_slots": "1-2, 4",
        "needs_interpreter": "on",
        "contact_email": "a@example.com",
        "agenda_language": "ja",
        **extra,
    }


def test_member_registers_own_organisation_not_another(world, as_user):
    world.regs["iwatani"].delete()
    client = as_user(world.users["iwatani-member"])
    url = reverse("brokerage:register", args=[world.event.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form(world.org(IWATANI)))
    assert response.status_code == 302
    reg = Registration.objects.get(event=world.event, organisation=world.org(IWATANI))
    assert reg.available_slots == [1, 2, 4] and reg.registered_by == world.users["iwatani-member"]
    assert reg.history.first().history_change_reason == "registered"
    # for Mizuho (already registered by staff) or any other organisation: refused, nothing saved
    world.regs["mizuho"].delete()
    response = client.post(url, form(world.org(MIZUHO)))
    assert response.status_code == 200
    assert not Registration.objects.filter(
        event=world.event, organisation=world.org(MIZUHO)
    ).exists()


def test_bad_slots_get_a_clear_error(world, as_user):
    world.regs["iwatani"].delete()
    client = as_user(world.users["iwatani-member"])
    url = reverse("brokerage:register", args=[world.event.pk])
    response = client.post(url, form(world.org(IWATANI), available_slots="2-x"))
    assert response.status_code == 200 and "2-x" in response.content.decode()
    response = client.post(url, form(world.org(IWATANI), available_slots="3-9"))
    assert response.status_code == 200
    assert "5, 6, 7, 8, 9" in response.content.decode()
    assert not Registration.objects.filter(
        event=world.event, organisation=world.org(IWATANI)
    ).exists()


def test_registration_closes_at_the_deadline_except_for_staff(world, as_user):
    world.regs["iwatani"].delete()
    event = world.event
    event.registration_deadline = event.date - timedelta(days=40)
    event.save()
    client = as_user(world.users["iwatani-member"])
    response = client.post(reverse("brokerage:register", args=[event.pk]), form(world.org(IWATANI)))
    assert response.status_code == 200
    assert not Registration.objects.filter(event=event, organisation=world.org(IWATANI)).exists()
    client = as_user(world.users["officer"])
    response = client.post(reverse("brokerage:register", args=[event.pk]), form(world.org(IWATANI)))
    assert response.status_code == 302


@pytest.mark.parametrize("username", ["leader", "auditor"])
def test_read_only_roles_register_and_request_nothing(world, as_user, username):
    client = as_user(world.users[username])
    assert client.get(reverse("brokerage:register", args=[world.event.pk])).status_code == 403
    assert client.get(world.event.get_absolute_url()).status_code == 200
    response = client.post(reverse("brokerage:compute", args=[world.event.pk]))
    assert response.status_code == 403


def test_member_requests_meetings_only_for_its_own_registration(world, as_user):
    client = as_user(world.users["iwatani-member"])
    url = reverse("brokerage:request_meeting", args=[world.event.pk])
    response = client.post(
        url,
        {"requester": world.regs["iwatani"].pk, "requested": world.regs["jinpu"].pk, "priority": 3},
    )
    assert response.status_code == 302
    made = MeetingRequest.objects.get(requester=world.regs["iwatani"])
    assert made.requested_by == world.users["iwatani-member"] and made.priority == 3
    # on behalf of Nidec: not a choice for Iwatani's member
    response = client.post(
        url,
        {"requester": world.regs["nidec"].pk, "requested": world.regs["jinpu"].pk, "priority": 2},
    )
    assert response.status_code == 200
    assert not MeetingRequest.objects.filter(requester=world.regs["nidec"]).exists()


def test_participant_sees_only_its_own_meetings(world, as_user):
    officer = world.users["officer"]
    for a, b in (("iwatani", "jinpu"), ("neusoft", "nidec")):
        services.request_meeting(
            acting_user=officer, requester=world.regs[a], requested=world.regs[b], priority=2
        )
    run = services.start_schedule(acting_user=officer, event=world.event)
    services.compute_schedule(run=run)
    assert run.scheduled == 2
    client = as_user(world.users["iwatani-member"])
    html = client.get(world.event.get_absolute_url()).content.decode()
    assert "金普新区" in html
    grid = html[html.index('id="schedule-grid"') :].split("</table>")[0]
    assert grid.count("↔") == 1  # one meeting in the grid: Iwatani's, not Nidec's
    agenda = client.get(reverse("brokerage:agenda", args=[world.regs["nidec"].pk])).content.decode()
    assert "东软睿驰" not in agenda  # Nidec's agenda, seen by Iwatani: none of Nidec's meetings
    mine = client.get(reverse("brokerage:my_agenda", args=[world.event.pk]))
    assert mine.status_code == 302 and mine.url.endswith(
        f"/registrations/{world.regs['iwatani'].pk}/agenda/"
    )
    api = APIClient()
    api.force_authenticate(world.users["iwatani-member"])
    body = api.get(f"/api/brokerage-events/{world.event.pk}/schedule/").json()
    assert body["run"]["scheduled"] == 2 and len(body["meetings"]) == 1


def test_api_registration_and_request_and_compute(world):
    world.regs["iwatani"].delete()
    api = APIClient()
    api.force_authenticate(world.users["iwatani-member"])
    response = api.post(
        "/api/brokerage-registrations/",
        {"event": world.event.pk, "organisation": world.org(IWATANI).pk, "languages": ["ja"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    reg = response.json()["id"]
    response = api.post(
        "/api/brokerage-meeting-requests/",
        {"requester": reg, "requested": world.regs["jinpu"].pk, "priority": 3},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["value"] >= 3
    assert api.post(f"/api/brokerage-events/{world.event.pk}/compute/").status_code == 403
    staff = APIClient()
    staff.force_authenticate(world.users["officer"])
    response = staff.post(f"/api/brokerage-events/{world.event.pk}/compute/")
    assert response.status_code == 202
    assert ScheduleRun.objects.get(event=world.event).status == "done"
    response = api.post(
        "/api/brokerage-registrations/",
        {"event": world.event.pk, "organisation": world.org(MIZUHO).pk, "languages": ["en"]},
        format="json",
    )
    assert response.status_code in (400, 403)


def test_interpreter_is_added_from_the_event_page(world, as_user):
    client = as_user(world.users["officer"])
    url = reverse("brokerage:interpreter_add") + f"?event={world.event.pk}"
    html = client.get(url).content.decode()
    assert f'<option value="{world.event.pk}" selected>' in html
    response = client.post(
        url,
        {
            "event": world.event.pk,
            "name": "佐藤",
            "languages": ["ja", "en"],
            "available_slots": "1-2",
        },
    )
    assert response.status_code == 302
    added = world.event.interpreters.get(name="佐藤")
    assert added.available_slots == [1, 2] and added.languages == ["ja", "en"]
    client = as_user(world.users["nidec"])
    assert client.get(url).status_code == 403


def test_api_request_is_changed_by_either_side_but_not_redirected(world):
    made = services.request_meeting(
        acting_user=world.users["officer"],
        requester=world.regs["iwatani"],
        requested=world.regs["jinpu"],
        priority=1,
    )
    api = APIClient()
    api.force_authenticate(world.users["jinpu-member"])  # the requested side
    url = f"/api/brokerage-meeting-requests/{made.pk}/"
    body = {"priority": 3, "requested": world.regs["nidec"].pk, "version": made.version}
    response = api.patch(url, body, format="json")
    assert response.status_code == 200, response.content
    made.refresh_from_db()
    assert made.priority == 3 and made.requested == world.regs["jinpu"]
    assert made.value == pytest.approx(selectors.request_value(3, made.score))
    api.force_authenticate(world.users["nidec"])  # not a party
    assert api.patch(url, {"priority": 1}, format="json").status_code == 404
    assert api.post("/api/brokerage-meeting-requests/", {}, format="json").status_code == 400
    api.force_authenticate(world.users["leader"])
    assert api.post("/api/brokerage-meeting-requests/", {}, format="json").status_code == 403
