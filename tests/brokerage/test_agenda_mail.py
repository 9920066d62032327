"""Each participant gets its agenda by e-mail in the language of its registration."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from hezuo.brokerage import services


def _schedule(world):
    officer = world.users["officer"]
    for a, b in (("iwatani", "jinpu"), ("neusoft", "nidec"), ("mizuho", "neusoft")):
        services.request_meeting(
            acting_user=officer, requester=world.regs[a], requested=world.regs[b], priority=2
        )
    run = services.start_schedule(acting_user=officer, event=world.event)
    return services.compute_schedule(run=run)


def test_agendas_are_refused_before_the_schedule(world):
    with pytest.raises(ValidationError):
        services.send_agendas(acting_user=world.users["officer"], event=world.event)


def test_each_participant_gets_its_agenda_in_its_language(world, as_user):
    run = _schedule(world)
    assert run.scheduled == 3
    world.regs["mizuho"].contact_email = ""
    world.regs["mizuho"].save()
    client = as_user(world.users["officer"])
    response = client.post(reverse("brokerage:send_agendas", args=[world.event.pk]), follow=True)
    assert response.status_code == 200
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 4  # Mizuho has no address: named on the page instead
    assert "みずほ銀行" in response.content.decode()  # the officer reads Japanese
    iwatani = by_address["iwatani@example.com"]
    jinpu = by_address["jinpu@example.com"]
    # the Japanese participant's message is in Japanese: the event's and the partner's names too
    assert "日中産業マッチングデー" in iwatani.subject and "中日产业对接日" not in iwatani.subject
    assert "中日产业对接日" in jinpu.subject
    body = iwatani.body
    assert "09:00" in body or "09:30" in body or "10:" in body
    html = iwatani.alternatives[0][0]
    assert "<table" in html
    world.event.refresh_from_db()
    assert world.event.status == "agendas_sent" and world.event.agendas_sent_at is not None


def test_agenda_page_lists_the_meetings_in_slot_order(world, as_user):
    _schedule(world)
    client = as_user(world.users["jinpu-member"])
    response = client.get(reverse("brokerage:agenda", args=[world.regs["jinpu"].pk]))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="agenda"' in html
    assert "岩谷产业" in html and "王晓燕" in html  # zh ↔ ja: with the interpreter
    assert "data-hz-print" in html  # the print button (hezuo/static/hezuo/behaviours.js)
