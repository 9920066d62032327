"""The user's profile: preferred language, kind of user and the party they belong to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import HezuoModel

from .choices import Language, UserKind


class Profile(HezuoModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    kind = models.CharField(_("kind of user"), max_length=24, choices=UserKind.choices)
    organisation = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
    )
    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("program"),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)
