"""E-mails written in their reader's language: a subject and a text + HTML body from templates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def message_in(
    language: str,
    *,
    to: str,
    subject: Callable[[], str],
    template: str,
    context: dict[str, Any],
) -> EmailMultiAlternatives:
    """Return one e-mail to ``to``, its subject (``subject()``) and bodies (``template``.txt and
    ``template``.html rendered with ``context``) all written in ``language``."""
    with translation.override(language):
        title = subject()
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(title, text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def language_of(user: object) -> str:
    """The language of the user's profile (the site's default without one)."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", "") or settings.LANGUAGE_CODE
