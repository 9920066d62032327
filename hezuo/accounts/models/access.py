"""A user's membership of a party, in a role: the unit every permission is granted by."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.base.models import HezuoModel
from hezuo.core.access import ROLE_NEEDS
from hezuo.core.access import Role as CoreRole

from ..choices import Role


class Membership(HezuoModel):
    access_group = "users"

    """The user belongs to a party (an organisation, or a side of a program) in a role.

    The role's scopes in the access matrix are read against what the membership names: its
    program (and the programs within it), its organisation (and subsidiaries), its regions.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    organisation = models.ForeignKey(
        "directory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    program = models.ForeignKey(
        "regions.Program",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("program"),
    )
    regions = models.ManyToManyField(
        "regions.Region",
        blank=True,
        related_name="memberships",
        verbose_name=_("regions"),
        help_text=_("For the assisted side: the divisions this office is responsible for."),
    )

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        party = self.organisation or self.program or ""
        return f"{self.user} · {self.get_role_display()}" + (f" · {party}" if party else "")

    def clean(self) -> None:
        super().clean()
        needs = ROLE_NEEDS[CoreRole(self.role)] if self.role else frozenset()
        if "program" in needs and not self.program_id:
            raise ValidationError({"program": _("This role needs a program.")})
        if "organisation" in needs and not self.organisation_id:
            raise ValidationError({"organisation": _("This role needs an organisation.")})
