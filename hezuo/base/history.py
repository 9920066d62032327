"""Read a record's history as a list of changes a person can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.core.access import Action

from .personal import Personal, is_personal, masked

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
HIDDEN_FIELDS = {"updated", "created", "version"}

#: The reasons the services write into the history as codes, in words. A reason is stored as
#: written (in the history table, language-neutral); the page shows it in the reader's language.
#: Apps add their own codes (the stages' names, …) with :func:`register_reason_words`.
REASON_WORDS: dict[str, Promise] = {
    "published": pgettext_lazy("history reason", "published"),
    "delivery": pgettext_lazy("history reason", "delivery recorded"),
    "disbursement": pgettext_lazy("history reason", "disbursement recorded"),
    "measure": pgettext_lazy("history reason", "assistance measure added"),
    "status change": pgettext_lazy("history reason", "status changed"),
    "entered in the register": pgettext_lazy("history reason", "entered in the register"),
    "monitoring": pgettext_lazy("history reason", "monitoring"),
    "zone settings": pgettext_lazy("history reason", "zone settings"),
    "official rate": pgettext_lazy("history reason", "official rate"),
    "escalated": pgettext_lazy("history reason", "escalated"),
    "lead made": pgettext_lazy("history reason", "lead made"),
    "agreement linked": pgettext_lazy("history reason", "agreement linked"),
    "service logged": pgettext_lazy("history reason", "service logged"),
    "milestone added": pgettext_lazy("history reason", "milestone added"),
    "figure recorded": pgettext_lazy("history reason", "figure recorded"),
    "enquiry received": pgettext_lazy("history reason", "enquiry received"),
    "enquiry answered": pgettext_lazy("history reason", "enquiry answered"),
    "aftercare visit": pgettext_lazy("history reason", "aftercare visit"),
    "investor of the lead": pgettext_lazy("history reason", "investor of the lead"),
    "submitted": pgettext_lazy("history reason", "submitted"),
    "approved": pgettext_lazy("history reason", "approved"),
    "rejected": pgettext_lazy("history reason", "rejected"),
    "paid": pgettext_lazy("history reason", "paid"),
    "applied": pgettext_lazy("history reason", "applied"),
    "granted without application": pgettext_lazy("history reason", "granted without application"),
    "registered": pgettext_lazy("history reason", "registered"),
    "registration changed": pgettext_lazy("history reason", "registration changed"),
    "request changed": pgettext_lazy("history reason", "request changed"),
    "meeting requested": pgettext_lazy("history reason", "meeting requested"),
    "meeting scheduled": pgettext_lazy("history reason", "meeting scheduled"),
    "schedule requested": pgettext_lazy("history reason", "schedule requested"),
    "schedule computed": pgettext_lazy("history reason", "schedule computed"),
    "schedule failed": pgettext_lazy("history reason", "schedule failed"),
    "agendas sent": pgettext_lazy("history reason", "agendas sent"),
    "changed": pgettext_lazy("history reason", "changed"),
    "archived": pgettext_lazy("history reason", "archived"),
    "demo": pgettext_lazy("history reason", "demonstration data"),
}


def register_reason_words(words: dict[str, Any]) -> None:
    """Add codes an app writes into reasons (e.g. its stages) with their words."""
    REASON_WORDS.update(words)


def _word(code: str) -> str:
    word = REASON_WORDS.get(code.strip())
    return str(word) if word is not None else code


def reason_text(reason: str) -> str:
    """Return a stored change reason in the reader's language.

    A reason is a code ("delivery"), a move between codes ("signed → registered"), either of
    them followed by ": " and details as they were typed ("monitoring: village"), or free text
    a person wrote (shown as written).
    """
    if not reason:
        return ""
    head, sep, rest = reason.partition(": ")
    words = " → ".join(_word(part) for part in head.split(" → "))
    if sep:
        return f"{words}: {' → '.join(_word(part) for part in rest.split(' → '))}"
    return words


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


#: What a record the reader may not see shows as in a history, instead of its name or number.
NOT_VISIBLE = _("(a record you may not see)")


def value_text(model: type[models.Model], name: str, value: Any, user: Any) -> Any:
    """Return a recorded value in words: a choice's label, a related record's name (when
    ``user`` may see it; else a neutral label), yes or no; other values as they are."""
    if value is None or value == "":
        return value
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field removed since the change was recorded
        return value
    if field.is_relation and (field.many_to_one or field.one_to_one):
        related = field.related_model
        manager = related._default_manager  # type: ignore[union-attr]
        if not hasattr(manager, "restrict"):
            return str(NOT_VISIBLE)
        found = manager.restrict(user, Action.VIEW).filter(pk=value).first()
        return str(found) if found is not None else str(NOT_VISIBLE)
    if getattr(field, "choices", None):
        labels = dict(field.flatchoices)  # type: ignore[attr-defined]
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return gettext_now("yes") if value else gettext_now("no")
    return value


def in_words(changes: list[Any], obj: models.Model, user: Any) -> None:
    """Put, in place, the values of ``changes`` (FieldChange items) in words for ``user``."""
    for change in changes:
        if isinstance(change, FieldChange) and change.name:
            change.old = value_text(type(obj), change.name, change.old, user)
            change.new = value_text(type(obj), change.name, change.new, user)


def history_entries(obj: models.Model, limit: int = 100, *, user: Any = None) -> list[HistoryEntry]:
    """Return the newest ``limit`` changes of ``obj``, each with the fields it changed, their
    values and the reason in words for ``user`` (a related record ``user`` may not see is not
    named)."""
    records = list(obj.history.all().select_related("history_user")[: limit + 1])  # type: ignore[attr-defined]
    entries: list[HistoryEntry] = []
    for index, record in enumerate(records[:limit]):
        entry = HistoryEntry(
            when=record.history_date,
            user=record.history_user,
            action=str(ACTIONS.get(record.history_type, record.history_type)),
            reason=reason_text(record.history_change_reason or ""),
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
            in_words(entry.changes, obj, user)
        entries.append(entry)
    return entries


def version_changes(obj: models.Model, since_version: int, *, user: Any = None) -> list[Any]:
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
    changes = [
        FieldChange(_label(type(obj), c.field), c.old, c.new, c.field)
        for c in delta.changes
        if c.field not in HIDDEN_FIELDS
    ]
    in_words(changes, obj, user)
    return [head, *changes]


def mask_personal(changes: list[Any], obj: models.Model, *, request: Any) -> None:
    """Mask, in place, the personal-data values of ``changes`` that ``request``'s user may not
    see clear (``base.personal``); those shown clear are noted for the audit log."""
    shown = [c for c in changes if isinstance(c, FieldChange) and is_personal(obj, c.name)]
    if not shown:
        return
    personal = Personal.of(request)
    if personal.may_see(obj):
        personal.note(obj, {c.name for c in shown})
        return
    for change in shown:
        change.old = masked(change.name, change.old)
        change.new = masked(change.name, change.new)
