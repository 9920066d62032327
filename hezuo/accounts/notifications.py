"""In-app notifications: one for each e-mail the platform sends to a user, read in the app.

Writes: :func:`record_sent` (on ``hezuo.base.mail.messages_sent``, after the sending),
:func:`mark_read`, :func:`mark_all_read`. Reads: :func:`notifications_for`,
:func:`unread_count`. Every read goes through ``Notification.objects.restrict(user)``: the
recipient's own notifications only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.dispatch import receiver
from django.utils import timezone

from hezuo.base.mail import messages_sent
from hezuo.base.models import NAME_LANGUAGES

from .models import Notification


def _field(language: str) -> str:
    return "title_" + language.replace("-", "_")


def _recipients(notice: dict[str, Any], addresses: Iterable[str]) -> list[Any]:
    """The user the e-mail was written for; without one, the active users of its addresses."""
    if notice.get("recipient") is not None:
        return [notice["recipient"]]
    wanted = [a for a in addresses if a]
    if not wanted:
        return []
    users = get_user_model().objects.filter(is_active=True)
    found: dict[int, Any] = {}
    for address in wanted:  # one or two addresses per message
        for user in users.filter(email__iexact=address):
            found[user.pk] = user
    return list(found.values())


@receiver(messages_sent, dispatch_uid="hezuo.accounts.notifications.record_sent")
def record_sent(sender: Any, messages: Iterable[Any], **kwargs: Any) -> list[Notification]:
    """Record a notification of each sent e-mail for each user it was sent to."""
    rows = []
    for message in messages:
        notice = getattr(message, "hezuo_notice", None)
        if notice is None:
            continue
        titles = {_field(lang): notice["titles"].get(lang, "")[:300] for lang in NAME_LANGUAGES}
        if not titles["title_zh_hans"]:
            titles["title_zh_hans"] = str(message.subject)[:300]
        for user in _recipients(notice, message.to):
            rows.append(
                Notification(
                    user=user, kind=notice["kind"][:20], link=notice["link"][:500], **titles
                )
            )
    return Notification.objects.bulk_create(rows)


def notifications_for(user: Any, *, unread: bool = False) -> QuerySet[Notification]:
    """Return the user's own notifications, newest first (with ``unread``: the unread ones)."""
    found = Notification.objects.restrict(user)
    if unread:
        found = found.filter(read_at__isnull=True)
    return found.order_by("-created", "-pk")


def unread_count(user: Any) -> int:
    """Return how many of the user's notifications are unread."""
    return notifications_for(user, unread=True).count()


def mark_read(*, user: Any, notification_id: int) -> Notification | None:
    """Mark one of the user's notifications read; return it (None when it is not theirs)."""
    notification = notifications_for(user).filter(pk=notification_id).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: Any) -> int:
    """Mark every unread notification of the user read; return how many."""
    return notifications_for(user, unread=True).update(read_at=timezone.now())
