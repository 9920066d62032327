"""New matches above the threshold are e-mailed once to the owner organisation's members, in
their language, without naming an anonymous owner (``hezuo match notify``)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from hezuo.matchdesk import services
from hezuo.matchdesk.models import Suggestion

ON = date(2027, 6, 1)  # the demo opportunities are valid until 2027-12-31
NEUSOFT = "东软睿驰"


@pytest.fixture
def nidec_mail(world, settings):
    """Nidec's member (Japanese) owns the motor offer; the threshold lets its best match through."""
    settings.MATCHING_NOTIFY_THRESHOLD = 0.12
    mail.outbox.clear()
    return world.users["nidec"]


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_new_matches_mailed_once_in_the_members_language(world, nidec_mail):
    call_command("match", "notify", "--today", str(ON))
    [message] = mails_to(nidec_mail.email)
    assert world.motor_request.title in message.body
    assert "スコア" in message.body or "score" in message.body
    row = Suggestion.objects.get(
        opportunity=world.motor_offer, suggested=world.motor_request, shown_to=nidec_mail
    )
    assert row.notified_at is not None
    mail.outbox.clear()
    call_command("match", "notify", "--today", str(ON))
    assert mails_to(nidec_mail.email) == []  # each suggestion once


def test_threshold_holds_back_weak_matches(world, nidec_mail):
    call_command("match", "notify", "--today", str(ON), "--threshold", "0.9")
    assert mail.outbox == []
    assert not Suggestion.objects.filter(notified_at__isnull=False).exists()


def test_a_match_already_shown_or_answered_is_not_new(world, nidec_mail, as_user):
    services.express_interest(
        acting_user=nidec_mail, opportunity=world.motor_offer, counterpart=world.motor_request
    )
    call_command("match", "notify", "--today", str(ON))
    for message in mails_to(nidec_mail.email):
        assert world.motor_request.title not in message.body


def test_an_anonymous_owner_is_not_named(world, nidec_mail):
    request = world.motor_request
    request.anonymous = True
    request.save()
    call_command("match", "notify", "--today", str(ON))
    [message] = mails_to(nidec_mail.email)
    assert request.title in message.body and NEUSOFT not in message.body
    assert NEUSOFT not in message.alternatives[0][0]


def test_expired_opportunities_get_nothing(world, nidec_mail):
    offer = world.motor_offer
    offer.valid_until = date(2027, 5, 31)
    offer.save()
    call_command("match", "notify", "--today", str(ON))
    assert all(offer.title not in m.body for m in mails_to(nidec_mail.email))
