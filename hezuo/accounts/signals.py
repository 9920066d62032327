"""Audit permission changes and deletions, wherever they are made (pages, API, shell)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from hezuo.base.audit import record
from hezuo.base.models import HezuoModel

from .choices import AuditAction
from .models import Membership

PRIVILEGES = ("is_superuser", "is_staff", "is_active")


def current_request() -> Any:
    return getattr(HistoricalRecords.context, "request", None)


@receiver(post_save, sender=Membership)
def _membership_saved(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    record(
        AuditAction.PERMISSION_CHANGE,
        request=current_request(),
        objects=[instance],
        detail={
            "change": "granted" if created else "changed",
            "member": instance.user.get_username(),
            "role": instance.role,
            "organisation": instance.organisation_id,
            "program": instance.program_id,
        },
    )


@receiver(post_delete, sender=Membership)
def _membership_deleted(sender: Any, instance: Membership, **kwargs: Any) -> None:
    record(
        AuditAction.PERMISSION_CHANGE,
        request=current_request(),
        objects=[instance],
        detail={"change": "revoked", "member": instance.user.get_username(), "role": instance.role},
    )


@receiver(m2m_changed, sender=Membership.regions.through)
def _membership_regions(sender: Any, instance: Membership, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        record(
            AuditAction.PERMISSION_CHANGE,
            request=current_request(),
            objects=[instance],
            detail={
                "change": f"regions {action[5:]}",
                "regions": sorted(kwargs.get("pk_set") or []),
            },
        )


@receiver(pre_save, sender=get_user_model())
def _privileges_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values(*PRIVILEGES).first()
    if before is None:
        return
    changed = {
        f: [before[f], getattr(instance, f)]
        for f in PRIVILEGES
        if before[f] != getattr(instance, f)
    }
    if changed:
        record(
            AuditAction.PERMISSION_CHANGE,
            request=current_request(),
            objects=[instance],
            detail={"member": instance.get_username(), "changed": changed},
        )


@receiver(post_delete)
def _record_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, HezuoModel) and not isinstance(instance, Membership):
        record(
            AuditAction.DELETE,
            request=current_request(),
            objects=[instance],
            detail={"name": str(instance)[:200]},
        )
