"""A user's in-app notification: the copy of an e-mail the platform sent them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import localized


class NotificationQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def restrict(self, user: Any, action: str = "view") -> NotificationQuerySet:
        """Return the user's own notifications, whatever the action and the role.

        The role matrix (``hezuo.core.access``) has no "own" scope: its scopes are all, program,
        organisation and region, and a system administrator or auditor reads a group in scope
        "all". A notification is written to one reader and is theirs alone, so its restriction is
        its own: the recipient, nobody else (a system administrator included).
        """
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(user=user)


class Notification(models.Model):
    """What an e-mail told one user (its subject in the three languages and where to look).

    Written only by ``hezuo.accounts.notifications`` after the e-mail was handed to the mail
    backend. Not a HezuoModel on purpose, like ApiToken: it is a copy of a message, not a record
    of the domain, so it keeps no history or version; it is read only through
    ``Notification.objects.restrict(user)`` (the recipient's own).
    """

    #: For the role matrix's documentation: the group nobody is granted, and the scope it has.
    access_group = None
    access_scope = "own"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, blank=True, help_text=_("The area the e-mail came from.")
    )
    title_zh_hans = models.CharField(_("title (Chinese)"), max_length=300)
    title_ja = models.CharField(_("title (Japanese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "-created"], name="notification_user_created"),
            models.Index(fields=["user", "read_at"], name="notification_user_read"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
