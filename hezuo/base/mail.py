"""E-mails written in their reader's language: a subject and a text + HTML body from templates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import translation

from .models import NAME_LANGUAGES

#: Sent after e-mails were handed to the mail backend, with ``messages`` (those of them made by
#: :func:`message_in` carry ``hezuo_notice``: recipient, titles in each language, link, kind).
#: ``hezuo.accounts.notifications`` records an in-app notification of each for its recipient;
#: a signal, because ``base`` does not import the apps built on it.
messages_sent = Signal()


def message_in(
    language: str,
    *,
    to: str,
    subject: Callable[[], str],
    template: str,
    context: dict[str, Any],
    recipient: Any = None,
    link: str = "",
) -> EmailMultiAlternatives:
    """Return one e-mail to ``to``, its subject (``subject()``) and bodies (``template``.txt and
    ``template``.html rendered with ``context``) all written in ``language``.

    Once sent through :func:`send_messages`, the user ``recipient`` (without one: the active
    users whose address is ``to``) finds it among their notifications, titled by the subject in
    their language, pointing to ``link``.
    """
    with translation.override(language):
        title = subject()
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(title, text, to=[to])
    message.attach_alternative(html, "text/html")
    titles = {language.lower(): title}
    for other in NAME_LANGUAGES:
        if other not in titles:
            with translation.override(other):
                titles[other] = subject()
    message.hezuo_notice = {  # type: ignore[attr-defined]
        "recipient": recipient,
        "titles": titles,
        "link": link,
        "kind": template.split("/", 1)[0],
    }
    return message


def send_messages(messages: list[EmailMessage]) -> int:
    """Send ``messages`` through the mail backend; return how many were sent.

    Then :data:`messages_sent` lets each recipient's in-app notification be recorded (after the
    sending: a run that sends nothing, a dry run, tells no one).
    """
    if not messages:
        return 0
    sent = get_connection().send_messages(messages) or 0
    messages_sent.send(sender=send_messages, messages=messages)
    return sent


def language_of(user: object) -> str:
    """The language of the user's profile (the site's default without one)."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", "") or settings.LANGUAGE_CODE
