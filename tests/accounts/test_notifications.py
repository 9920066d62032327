"""In-app notifications: each e-mail the platform sends to a user leaves them a notification
(titled in the three languages, linked), which only they see, count in the navbar and mark read.

The recipients expected are read from the e-mails themselves (``mail.outbox``), not from the
code that records the notifications.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from hezuo.accounts import notifications
from hezuo.accounts.models import Notification
from hezuo.base.mail import message_in, send_messages
from hezuo.demo.matching import build_matching
from hezuo.matchdesk import services as matching_services
from hezuo.matchdesk.models import Interest, Opportunity

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def user(name: str):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def overdue_interest():
    """东软睿驰's request is interested in Nidec's motor offer; Nidec's answer is a day late."""
    build_matching(scale=0)
    Interest.objects.all().delete()
    Notification.objects.all().delete()
    return matching_services.express_interest(
        acting_user=user("zone"),
        opportunity=Opportunity.objects.get(title="寻求车用电机驱动与控制技术合作"),
        counterpart=Opportunity.objects.get(title="精密モーターと駆動制御の技術提供"),
        respond_by=TODAY - timedelta(days=1),
    )


def outbox_users() -> set[str]:
    return {
        u.username
        for u in get_user_model().objects.filter(email__in=[m.to[0] for m in mail.outbox])
    }


def test_a_matchmaking_reminder_is_a_notification_of_its_recipient_only(client, overdue_interest):
    mail.outbox.clear()
    call_command("match", "remind", "--today", TODAY.isoformat())
    assert outbox_users() == {"nidec", "officer"}  # reminded: Nidec; escalated: the zone's officer
    assert set(Notification.objects.values_list("user__username", flat=True)) == outbox_users()
    nidecs = Notification.objects.get(user__username="nidec")
    sent = next(m for m in mail.outbox if m.to == [user("nidec").email])
    assert nidecs.title_ja == sent.subject  # Nidec reads Japanese: the e-mail's own subject
    assert nidecs.title_zh_hans and nidecs.title_en and nidecs.title_en != nidecs.title_ja
    assert nidecs.link == reverse("matching:dashboard") and nidecs.read_at is None

    # only the recipient sees it: not the zone's administrator, not the officer (their own only)
    for other in ("zone", "officer", "admin"):
        assert nidecs not in notifications.notifications_for(user(other)), other
    client.force_login(user("zone"))
    assert client.get(reverse("notification_open", args=[nidecs.pk])).status_code == 404
    page = client.get(reverse("notifications")).content.decode()
    assert reverse("notification_open", args=[nidecs.pk]) not in page
    nidecs.refresh_from_db()
    assert nidecs.read_at is None  # another's attempt marked nothing

    # the recipient: the bell counts it, the list shows it in their language, opening reads it
    client.force_login(user("nidec"))
    client.cookies.load({"django_language": "en"})
    home = client.get(reverse("home")).content.decode()
    assert 'id="hz-bell-count">1<' in home
    page = client.get(reverse("notifications")).content.decode()
    assert nidecs.title_en in page and 'data-read="0"' in page
    response = client.get(reverse("notification_open", args=[nidecs.pk]))
    assert response.status_code == 302 and response["Location"] == nidecs.link
    nidecs.refresh_from_db()
    assert nidecs.read_at is not None
    assert "hz-bell-count" not in client.get(reverse("home")).content.decode()


def test_a_dry_run_notifies_no_one(overdue_interest):
    call_command("match", "remind", "--today", TODAY.isoformat(), "--dry-run")
    assert not Notification.objects.exists()


def test_the_digest_notifies_each_person_it_mails():
    Notification.objects.all().delete()
    mail.outbox.clear()
    call_command("digest", "--date", "2021-03-01")  # every real project stuck at "signed"
    assert mail.outbox
    assert set(Notification.objects.values_list("user__username", flat=True)) == outbox_users()
    assert set(Notification.objects.values_list("link", flat=True)) == {reverse("home")}


def test_an_e_mail_to_an_address_is_a_notification_of_the_users_with_that_address():
    """The brokerage agendas go to a registration's address: its user, when it is one's."""
    Notification.objects.all().delete()
    message = message_in(
        "ja",
        to=user("mizuho").email.upper(),
        subject=lambda: translation.gettext("Notifications"),
        template="brokerage/email/agenda",
        context={"event": None, "registration": None, "rows": []},
        link="/brokerage/",
    )
    stranger = message_in(
        "en",
        to="someone@example.com",
        subject=lambda: "x",
        template="brokerage/email/agenda",
        context={"event": None, "registration": None, "rows": []},
    )
    assert send_messages([message, stranger]) == 2
    (only,) = Notification.objects.all()
    assert only.user == user("mizuho") and only.kind == "brokerage"
    assert (only.title_ja, only.title_zh_hans, only.title_en) == (
        "お知らせ",
        "站内通知",
        "Notifications",
    )


def test_mark_all_read_reads_only_ones_own(client):
    Notification.objects.all().delete()
    mine = [
        Notification.objects.create(user=user("nidec"), title_zh_hans=f"n{i}") for i in range(3)
    ]
    theirs = Notification.objects.create(user=user("zone"), title_zh_hans="z")
    client.force_login(user("nidec"))
    assert client.get(reverse("notifications_read")).status_code == 405  # POST only
    client.post(reverse("notifications_read"))
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert notifications.unread_count(user("zone")) == 1


def test_the_list_is_newest_first_and_paged(client):
    Notification.objects.all().delete()
    for i in range(30):
        Notification.objects.create(user=user("nidec"), title_zh_hans=f"通知{i:02d}")
    client.force_login(user("nidec"))
    first = client.get(reverse("notifications")).content.decode()
    assert "通知29" in first and "通知05" in first and "通知04" not in first
    assert first.index("通知29") < first.index("通知28")
    second = client.get(reverse("notifications") + "?page=2").content.decode()
    assert "通知04" in second and "通知29" not in second
