"""The audit log's two entry points for every layer: :func:`record` an act, :func:`note_unmasked`.

``base`` builds on no app, yet its views, API, history and template tags audit what they do.
The log itself (the ``AuditEntry`` model, its page, the login receivers) belongs to
``hezuo.accounts``, which registers its writer here when Django starts
(``AccountsConfig.ready`` → :func:`register_recorder`): every app records through this module,
and ``base`` never imports ``accounts``. A project without a registered writer fails loudly
instead of losing the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest

#: Writes one audit entry; the signature of :func:`record`.
Recorder = Callable[..., Any]

_recorder: list[Recorder] = []


def register_recorder(recorder: Recorder) -> None:
    """Make ``recorder`` the one writer of audit entries (called once, at start-up)."""
    _recorder[:] = [recorder]


def record(
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
) -> Any:
    """Write one audit entry and return it; ``user`` defaults to the request's signed-in user.

    ``action`` is one of ``hezuo.accounts.choices.AuditAction``'s values (``"export"``, ...).
    """
    if not _recorder:
        raise RuntimeError("No audit writer registered: is hezuo.accounts in INSTALLED_APPS?")
    return _recorder[0](
        action,
        user=user,
        request=request,
        objects=objects,
        object_type=object_type,
        ids=ids,
        detail=detail,
        reason=reason,
        username=username,
    )


def note_unmasked(request: HttpRequest | None, obj: models.Model, fields: Iterable[str]) -> None:
    """Remember that this response shows personal data of ``obj`` unmasked.

    The audit middleware (``hezuo.accounts.audit.UnmaskedAuditMiddleware``) writes one entry per
    response with every record noted (see :func:`take_unmasked`).
    """
    if request is None:
        return
    request = getattr(request, "_request", request)  # a DRF Request wraps the HttpRequest
    shown = request.__dict__.setdefault("_hezuo_unmasked", {})
    shown.setdefault(obj._meta.label_lower, {}).setdefault(str(obj.pk), set()).update(fields)


def take_unmasked(request: HttpRequest) -> dict[str, dict[str, set[str]]]:
    """Return and forget what :func:`note_unmasked` noted: record type → {pk: field names}."""
    shown: dict[str, dict[str, set[str]]] = request.__dict__.pop("_hezuo_unmasked", {})
    return shown
