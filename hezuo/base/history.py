"""Read a record's history as a list of changes a person can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
HIDDEN_FIELDS = {"updated", "created", "version"}


@dataclass
class FieldChange:
    label: str
    old: Any
    new: Any
    name: str = ""


@dataclass
class HistoryEntry:
    when: Any
    user: Any
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field removed since the change was recorded
        return name


def history_entries(obj: models.Model, limit: int = 100) -> list[HistoryEntry]:
    """Return the newest ``limit`` changes of ``obj``, each with the fields it changed."""
    records = list(obj.history.all().select_related("history_user")[: limit + 1])  # type: ignore[attr-defined]
    entries: list[HistoryEntry] = []
    for index, record in enumerate(records[:limit]):
        entry = HistoryEntry(
            when=record.history_date,
            user=record.history_user,
            action=str(ACTIONS.get(record.history_type, record.history_type)),
            reason=record.history_change_reason or "",
        )
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                entry.changes.append(
                    FieldChange(
                        _label(type(obj), change.field), change.old, change.new, change.field
                    )
                )
        entries.append(entry)
    return entries


def version_changes(obj: models.Model, since_version: int) -> list[Any]:
    """Return who last saved ``obj`` and what changed since its version ``since_version``.

    The first item is the newest history entry (its ``user`` says who saved last); the rest are
    the fields whose value differs between that version and now.
    """
    history = obj.history  # type: ignore[attr-defined]
    newest = history.select_related("history_user").first()
    then = history.filter(version=since_version).order_by("-history_date").first()
    if newest is None:
        return []
    head = HistoryEntry(when=newest.history_date, user=newest.history_user, action="", reason="")
    if then is None:
        return [head]
    delta = newest.diff_against(then)
    return [head] + [
        FieldChange(_label(type(obj), c.field), c.old, c.new, c.field)
        for c in delta.changes
        if c.field not in HIDDEN_FIELDS
    ]


def mask_personal(
    changes: list[Any], obj: models.Model, *, unmasked: bool, request: Any = None
) -> None:
    """Mask, in place, the personal-data values of ``changes`` unless ``unmasked``.

    With ``unmasked`` every personal value shown is noted for the audit log instead.
    """
    from hezuo.accounts.audit import note_unmasked

    from .access import mask_value

    personal = set(getattr(obj, "personal_fields", ()))
    shown = set()
    for change in changes:
        if not isinstance(change, FieldChange) or change.name not in personal:
            continue
        if unmasked:
            shown.add(change.name)
            continue
        change.old = mask_value(change.name, change.old) if change.old else change.old
        change.new = mask_value(change.name, change.new) if change.new else change.new
    if shown:
        note_unmasked(request, obj, shown)
