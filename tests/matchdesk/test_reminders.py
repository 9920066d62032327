"""Response deadlines: reminded once to the other side, escalated once to the officers, on fixed
days; ``hezuo match remind`` e-mails each person in their language; the dashboard lists them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hezuo.accounts.models import Profile
from hezuo.matchdesk import services
from hezuo.matchdesk.models import Interest

DUE = date(2031, 3, 10)


@pytest.fixture
def waiting(world):
    """Jinpu's hydrogen request is interested in Iwatani's offer; Iwatani must answer by DUE.

    The demo's own interests are removed so that only this one is due on the fixed days.
    """
    Interest.objects.all().delete()
    member = world.users["iwatani-member"]
    member.email = "iwatani@example.com"
    member.save()
    Profile.objects.update_or_create(user=member, defaults={"language": "en"})
    interest = services.express_interest(
        acting_user=world.users["jinpu-member"],
        opportunity=world.hydrogen_request,
        counterpart=world.hydrogen_offer,
        respond_by=DUE,
    )
    return interest


def run(on: date) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    notices, _undelivered = services.remind_and_escalate(on=on)
    reminded = {n.user.username: [i.pk for i in n.reminders] for n in notices if n.reminders}
    escalated = {n.user.username: [i.pk for i in n.escalations] for n in notices if n.escalations}
    return reminded, escalated


def test_deadline_follows_the_setting(world, settings):
    settings.MATCHING_RESPONSE_DAYS = 7
    interest = services.express_interest(
        acting_user=world.users["jinpu-member"],
        opportunity=world.hydrogen_request,
        counterpart=world.fuel_cell_offer,
    )
    assert interest.respond_by == timezone.localdate() + timedelta(days=7)


def test_reminded_before_the_deadline_and_escalated_after_it_once_each(world, waiting):
    officer = world.users["officer"]  # the Dalian zone's promotion officer
    assert run(DUE - timedelta(days=4)) == ({}, {})  # too early to remind
    reminded, escalated = run(DUE - timedelta(days=3))
    assert reminded == {"iwatani-member": [waiting.pk]} and escalated == {}
    assert run(DUE - timedelta(days=3)) == ({}, {})  # recorded: not again
    assert run(DUE) == ({}, {})  # due today: not yet overdue
    reminded, escalated = run(DUE + timedelta(days=1))
    assert reminded == {} and escalated == {"officer": [waiting.pk]}
    waiting.refresh_from_db()
    assert waiting.reminded_at and waiting.escalated_at
    assert list(waiting.escalated_to.all()) == [officer]
    assert waiting.history.first().history_change_reason.startswith("escalated")
    assert run(DUE + timedelta(days=30)) == ({}, {})


def test_late_first_run_reminds_and_escalates_together(world, waiting):
    reminded, escalated = run(DUE + timedelta(days=5))
    assert reminded == {"iwatani-member": [waiting.pk]} and escalated == {"officer": [waiting.pk]}


def test_an_answered_or_declined_interest_is_left_alone(world, waiting):
    services.express_interest(
        acting_user=world.users["iwatani-member"],
        opportunity=world.hydrogen_offer,
        counterpart=world.hydrogen_request,
        status="declined",
    )
    assert run(DUE + timedelta(days=1)) == ({}, {})
    waiting.refresh_from_db()
    assert waiting.reminded_at is None and waiting.escalated_at is None


def test_command_mails_each_person_in_their_language(world, waiting):
    mail.outbox.clear()
    call_command(
        "match", "remind", "--today", str(DUE + timedelta(days=1)), "--site", "https://h.example"
    )
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"iwatani@example.com", "officer@demo.hezuo.example"}
    reminder = by_address["iwatani@example.com"].body  # profile: English
    assert "is interested in your" in reminder and "answer by 2031-03-10" in reminder
    assert f"https://h.example{world.hydrogen_offer.get_absolute_url()}" in reminder
    escalation = by_address["officer@demo.hezuo.example"]  # profile: Japanese
    assert "回答期限 2031-03-10 を過ぎても未回答" in escalation.body
    mail.outbox.clear()
    call_command("match", "remind", "--today", str(DUE + timedelta(days=2)))
    assert mail.outbox == []  # idempotent


def test_dry_run_records_and_sends_nothing(world, waiting):
    mail.outbox.clear()
    call_command("match", "remind", "--today", str(DUE + timedelta(days=1)), "--dry-run")
    waiting.refresh_from_db()
    assert mail.outbox == [] and waiting.reminded_at is None and waiting.escalated_at is None


def test_dashboard_and_page_show_overdue_and_escalated(world, waiting, as_user):
    Interest.objects.filter(pk=waiting.pk).update(
        respond_by=timezone.localdate() - timedelta(days=2)
    )
    services.remind_and_escalate(on=timezone.localdate())
    page = as_user(world.users["zone"]).get(reverse("matching:dashboard")).content.decode()
    section = page[page.index('id="waiting"') :]
    assert world.hydrogen_offer.title in section and "hz-escalated" in section
    detail = as_user(world.users["iwatani-member"]).get(world.hydrogen_offer.get_absolute_url())
    html = detail.content.decode()  # on the receiving side's page: overdue and escalated
    assert "hz-overdue" in html and "hz-escalated" in html
    # a third party sees neither the interest nor its count
    other = as_user(world.users["nidec"]).get(reverse("matching:dashboard")).content.decode()
    assert world.hydrogen_offer.title not in other[other.index('id="waiting"') :]
