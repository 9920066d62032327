"""The desk's e-mails: reminders, escalations and new matches, each in its reader's language."""

from __future__ import annotations

from datetime import date

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.translation import gettext as _

from hezuo.base.mail import language_of, message_in

from .services import Notice


def notice_message(notice: Notice, *, on: date, site: str = "") -> EmailMultiAlternatives:
    """The e-mail telling one person their reminders, escalations and new matches."""

    def subject() -> str:
        if notice.matches:
            count = sum(len(found) for _opp, found in notice.matches)
            return _("Hezuo matchmaking: new matches for your opportunities (%(count)d)") % {
                "count": count
            }
        return _(
            "Hezuo matchmaking: interests awaiting an answer (%(reminders)d), "
            "escalated (%(escalated)d)"
        ) % {"reminders": len(notice.reminders), "escalated": len(notice.escalations)}

    return message_in(
        language_of(notice.user),
        to=notice.user.email,
        subject=subject,
        template="matching/email/notice",
        context={"notice": notice, "on": on, "user": notice.user, "site": site.rstrip("/")},
        recipient=notice.user,
        link=reverse("matching:dashboard"),
    )
