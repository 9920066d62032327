"""The audit log: security-relevant acts, who did them, when, on which records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.base.access import RestrictedQuerySet

from ..choices import AuditAction


class AuditEntry(models.Model):
    """One audited act. Entries are only ever added, never changed or deleted by the app."""

    access_group = "audit"
    access_paths: dict[str, str] = {}

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("user"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(
        _("action"), max_length=24, choices=AuditAction.choices, db_index=True
    )
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_ids = models.JSONField(_("records"), default=list, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"
