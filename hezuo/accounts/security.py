"""Login lock-out (django-axes): the backend, the lock-out page and its audit entry."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hezuo.base.audit import record

from .choices import AuditAction, Role


class LockoutBackend(AxesStandaloneBackend):
    """Refuse every login attempt of a locked-out user name and address; authenticate nobody.

    Axes needs the request to know the client's address. A call of ``authenticate()`` without a
    request does not come from a client over HTTP (Django's test ``client.login()``, a shell), so
    there is nothing to throttle: it goes on to the next backend instead of raising.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """Return the translated lock-out page (AXES_LOCKOUT_CALLABLE), status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


@receiver(user_locked_out)
def _locked_out(
    sender: Any,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    record(
        AuditAction.LOCKED_OUT,
        request=request,
        username=str(username or "")[:150],
        detail={
            "failures": getattr(request, "axes_failures_since_start", None),
            "cool_off_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )


def is_administrator(user: Any) -> bool:
    """True for a superuser or a holder of a system administrator membership."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.memberships.filter(role=Role.SYSTEM_ADMIN).exists())
