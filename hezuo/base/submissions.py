"""One-time submission tokens: a form sent twice (a double click, a resent request) acts once.

Every form of the site that posts carries a hidden field ``_submission`` with a random token
(``static/hezuo/submissions.js`` adds it on page load and to every form htmx loads). Before the
view runs, :class:`SubmissionMiddleware` claims the token: one row of ``FormSubmission`` with a
unique token, written in its own short transaction, so that the claim holds across processes
and threads. A second request with the same token does not run the view: it waits (at most
``WAIT_SECONDS``) for the first to finish and answers with the first one's redirect, or, while
the first still runs, with an "already sent" page (409). A first request that did not succeed
(no redirect: form errors, a refusal, a server error) gives the token back, so the corrected
form can be sent again. Tokens are removed after ``KEEP``.

Only signed-in users' posts are guarded: an answer replayed is a redirect without the first
answer's cookies, which a sign-in needs. API clients send JSON without the field and pass as
before.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

#: The hidden field that carries the token.
TOKEN_FIELD = "_submission"  # nosec B105: a form field name, not a secret
#: A token as the script makes it (a UUID, or 32 hexadecimal digits).
TOKEN = re.compile(r"^[A-Za-z0-9-]{16,64}$")
#: How long a repeat waits for the first request to finish before it says "already sent".
WAIT_SECONDS = 10.0
POLL_SECONDS = 0.1
#: How long a token is kept (a repeat after that runs the view again).
KEEP = timedelta(days=1)
#: Old tokens are removed at most this often per process.
CLEAN_EVERY = timedelta(minutes=10)

_last_clean: list[Any] = [None]


def _token(request: HttpRequest) -> str | None:
    if request.method != "POST" or request.path.startswith("/api/"):
        return None  # the API's clients send JSON, and may read the body themselves
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    try:
        value = request.POST.get(TOKEN_FIELD, "")
    except Exception:  # an unreadable body: the view answers it as it would
        return None
    return value if TOKEN.match(value) else None


def _clean_old() -> None:
    from .models import FormSubmission

    now = timezone.now()
    if _last_clean[0] is not None and now - _last_clean[0] < CLEAN_EVERY:
        return
    _last_clean[0] = now
    FormSubmission.objects.filter(created__lt=now - KEEP).delete()


def claim(token: str, *, user_id: Any, path: str) -> bool:
    """Record ``token`` as being acted on; False when it already is (or was)."""
    from .models import FormSubmission

    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user_id=user_id, path=path[:300])
    except IntegrityError:
        return False
    _clean_old()
    return True


def release(token: str) -> None:
    """Give ``token`` back: the request did not succeed, the form may be sent again."""
    from .models import FormSubmission

    FormSubmission.objects.filter(token=token, status__isnull=True).delete()


def _location(response: HttpResponse) -> str:
    for header in ("Location", "HX-Redirect", "HX-Location"):
        if response.has_header(header):
            return str(response[header])[:2000]
    return ""


def succeeded(response: HttpResponse) -> bool:
    """Whether the view acted: it answered with a redirect (a form saved), also through htmx."""
    if 300 <= response.status_code < 400:
        return True
    return response.status_code < 300 and bool(_location(response))


def _replay(request: HttpRequest, row: Any) -> HttpResponse:
    messages.info(request, _("This form had already been sent; it was acted on once, not twice."))
    if request.headers.get("HX-Request") and row.status < 300:
        return HttpResponse(status=204, headers={"HX-Redirect": row.location})
    return HttpResponseRedirect(row.location)


def _already(request: HttpRequest) -> HttpResponse:
    return render(request, "base/already_submitted.html", status=409)


class SubmissionMiddleware:
    """Run the view of a form's token once (see the module's docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _token(request)
        if token is None:
            return self.get_response(request)
        from .models import FormSubmission

        user_id = request.user.pk
        deadline = time.monotonic() + WAIT_SECONDS
        while not claim(token, user_id=user_id, path=request.path):
            row = FormSubmission.objects.filter(token=token).first()
            if row is None:  # given back meanwhile (the first did not succeed): act on it now
                continue
            if row.user_id != user_id:
                return _already(request)
            if row.status is not None:
                return _replay(request, row)
            if time.monotonic() > deadline:
                return _already(request)
            time.sleep(POLL_SECONDS)
        try:
            response = self.get_response(request)
        except BaseException:
            release(token)
            raise
        if succeeded(response):
            FormSubmission.objects.filter(token=token).update(
                status=response.status_code, location=_location(response)
            )
        else:
            release(token)
        return response
