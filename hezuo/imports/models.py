"""A background import or export and its progress (polled by the upload page)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import HezuoModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    PREVIEWED = "previewed", _("previewed")
    DONE = "done", _("imported")
    REFUSED = "refused", _("refused")
    FAILED = "failed", _("failed")


class ImportJob(HezuoModel):
    """One upload: its file (kept until committed), preview or result, and progress."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user")
    )
    ledger = models.CharField(_("ledger"), max_length=40)
    file_name = models.CharField(_("file name"), max_length=255)
    path = models.CharField(_("stored file"), max_length=500, editable=False)
    dry_run = models.BooleanField(_("preview only"), default=True)
    status = models.CharField(
        _("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=12, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.ledger} · {self.file_name} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status in (JobStatus.PREVIEWED, JobStatus.DONE, JobStatus.REFUSED):
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0
