"""The audit log's writer (registered with ``hezuo.base.audit``), its middleware, login signals.

Every app records through :func:`hezuo.base.audit.record`; this module writes the entry it is
given (:func:`write_entry`, registered by ``AccountsConfig.ready``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import models
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from hezuo.base.audit import record, take_unmasked
from hezuo.base.services import is_system

from .choices import AuditAction
from .models import AuditEntry


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def write_entry(
    action: str,
    *,
    user: Any = None,
    request: HttpRequest | None = None,
    objects: Iterable[models.Model] = (),
    object_type: str = "",
    ids: Iterable[Any] = (),
    detail: dict[str, Any] | None = None,
    reason: str = "",
    username: str = "",
) -> AuditEntry:
    """Write one audit entry; ``user`` defaults to the request's authenticated user.

    The system actor (``base.services.SYSTEM``) is no user row: its entries name it by name only.
    """
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if is_system(user):
        username, user = username or user.get_username(), None
    objects = list(objects)
    if objects and not object_type:
        object_type = objects[0]._meta.label_lower
    all_ids = [str(o.pk) for o in objects] + [str(i) for i in ids]
    return AuditEntry.objects.create(
        user=user,
        username=username or (user.get_username() if user is not None else ""),
        action=action,
        object_type=object_type,
        object_ids=all_ids,
        detail=detail or {},
        reason=reason[:300],
        ip_address=client_ip(request),
        path=(request.get_full_path()[:300] if request is not None else ""),
    )


class UnmaskedAuditMiddleware:
    """Write the audit entries of the personal data a response showed unmasked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            hasattr(response, "render")
            and callable(response.render)
            and not getattr(response, "is_rendered", True)
        ):
            response.render()
        flush_unmasked(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            record(AuditAction.ACCESS_DENIED, request=request, detail={"method": request.method})


def flush_unmasked(request: HttpRequest) -> None:
    """Write one entry per record type whose personal data this response showed unmasked."""
    shown = take_unmasked(request)
    for object_type, records in shown.items():
        fields = sorted({f for names in records.values() for f in names})
        record(
            AuditAction.UNMASKED_VIEW,
            request=request,
            object_type=object_type,
            ids=sorted(records, key=lambda pk: (len(pk), pk)),
            detail={"fields": fields},
            reason=request.GET.get("reason", "") if hasattr(request, "GET") else "",
        )


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(AuditAction.LOGIN, user=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(AuditAction.LOGOUT, user=user, request=request)


@receiver(user_login_failed)
def _login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    record(
        AuditAction.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username", ""))[:150],
    )
