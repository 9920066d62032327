"""A user's API token: kept as a hash, expiring, revocable."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: How long a new token lives unless the user picks otherwise, and the longest it may.
DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 365


class ApiToken(models.Model):
    """A key that authenticates API calls as its user, with that user's memberships.

    Only the SHA-256 hash of the key is stored; the key itself is shown once, when it is made.
    Not a HezuoModel on purpose: a token is a credential, not a record of the domain, so it is
    neither kept in history nor read through ``restrict()``; its creation and revocation are in
    the audit log instead.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the script using it.")
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("prefix"),
        max_length=8,
        editable=False,
        help_text=_("The first characters of the key, to recognise it."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def clean(self) -> None:
        super().clean()
        start = self.created or timezone.now()
        if self.expires_at is not None:
            if self.expires_at <= start:
                raise ValidationError({"expires_at": _("The expiry must be in the future.")})
            # A minute's grace: the form computes the date a moment before the row is saved.
            if self.expires_at > start + timedelta(days=MAX_TOKEN_DAYS, minutes=1):
                raise ValidationError(
                    {
                        "expires_at": _("A token may live at most %(days)d days.")
                        % {"days": MAX_TOKEN_DAYS}
                    }
                )

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return not self.is_revoked and not self.is_expired

    @property
    def status(self) -> str:
        """Return a translated word for the token's state: active, expired or revoked."""
        if self.is_revoked:
            return str(_("revoked"))
        if self.is_expired:
            return str(_("expired"))
        return str(_("active"))
