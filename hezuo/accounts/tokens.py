"""API tokens: issue, look up and revoke; every issue and revocation is audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.base.audit import record

from .choices import AuditAction
from .models import ApiToken
from .models.tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS

#: last_used_at is written at most this often per token, not on every call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_key(key: str) -> str:
    """Return the SHA-256 hex digest under which a key is stored."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_token(
    user: Any,
    name: str = "test",
    days: int = DEFAULT_TOKEN_DAYS,
    *,
    request: HttpRequest | None = None,
) -> str:
    """Create a token for ``user`` valid for ``days`` days; return its key (the only time it is).

    ``request`` only attributes the audit entry; the acting user is the request's user, or the
    token's user when there is no request.
    """
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError(
            _("A token lives between 1 and %(days)d days.") % {"days": MAX_TOKEN_DAYS}
        )
    key = secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        key_hash=hash_key(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean(exclude=["key_hash", "prefix"])
    token.save()
    _audit(token, "created", request=request, extra={"expires": token.expires_at.isoformat()})
    return key


@transaction.atomic
def revoke_token(token: ApiToken, *, request: HttpRequest | None = None) -> None:
    """Revoke ``token`` now (a revoked token stays listed, and is refused)."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _audit(token, "revoked", request=request)


def find_token(key: str) -> ApiToken | None:
    """Return the token with this key, whatever its state, or None."""
    if not key:
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()


def note_use(token: ApiToken) -> None:
    """Set the token's last use to now, unless it was set less than a minute ago."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def _audit(
    token: ApiToken,
    change: str,
    *,
    request: HttpRequest | None,
    extra: dict[str, Any] | None = None,
) -> None:
    acting = None
    if request is not None and getattr(request, "user", None) is not None:
        acting = request.user if request.user.is_authenticated else None
    record(
        AuditAction.TOKEN,
        user=acting or token.user,
        request=request,
        objects=[token],
        detail={
            "change": change,
            "owner": token.user.get_username(),
            "name": token.name,
            "prefix": token.prefix,
            **(extra or {}),
        },
    )
