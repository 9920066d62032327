"""The desk's e-mails: reminders, escalations and new matches, each in its reader's language."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .services import Notice


def language_of(user: object) -> str:
    """The language of the user's profile (the site's default without one)."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", "") or settings.LANGUAGE_CODE


def notice_message(notice: Notice, *, on: date, site: str = "") -> EmailMultiAlternatives:
    """The e-mail telling one person their reminders, escalations and new matches."""
    with translation.override(language_of(notice.user)):
        context = {"notice": notice, "on": on, "user": notice.user, "site": site.rstrip("/")}
        if notice.matches:
            count = sum(len(found) for _opp, found in notice.matches)
            subject = _("Hezuo matchmaking: new matches for your opportunities (%(count)d)") % {
                "count": count
            }
        else:
            subject = _(
                "Hezuo matchmaking: interests awaiting an answer (%(reminders)d), "
                "escalated (%(escalated)d)"
            ) % {"reminders": len(notice.reminders), "escalated": len(notice.escalations)}
        text = render_to_string("matching/email/notice.txt", context)
        html = render_to_string("matching/email/notice.html", context)
    message = EmailMultiAlternatives(subject, text, to=[notice.user.email])
    message.attach_alternative(html, "text/html")
    return message
