"""The one decision about personal data: for a user and a record's field, clear or masked.

Personal data (a model's ``personal_fields``: ID numbers, phones, birth dates, health causes) is
shown clear only to a role whose scope holds the "personal" action for that record (the role
matrix, ``hezuo.core.access``); everyone else sees it masked (``base.access.mask_value``). Every
clear showing is noted for the audit log: on a page or an API answer once per response and
record (``note_unmasked``, written by the audit middleware), in a download once per file (the
export's own audit entry names the fields it held clear).

Pages, the API, history, forms, templates and exports all ask :class:`Personal`; none decides
for itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.db.models import Q

from hezuo.core.access import Action

from .access import access_filter, mask_value, may, may_on
from .audit import note_unmasked

_UNSET: Any = object()
#: The personal fields written clear into the download being made (see :func:`collecting_reveals`).
_revealed: ContextVar[set[str] | None] = ContextVar("hezuo_export_revealed", default=None)


def personal_fields(model_or_record: Any) -> tuple[str, ...]:
    """Return the names of the personal-data fields of a model (a class or a record)."""
    return tuple(getattr(model_or_record, "personal_fields", ()))


def is_personal(model_or_record: Any, field: str) -> bool:
    return field in personal_fields(model_or_record)


def masked(field: str, value: Any) -> Any:
    """Return ``value`` masked the way its field's kind is masked; an empty value stays empty."""
    if value in ("", None):
        return value
    return mask_value(field, value)


def is_masked_echo(record: Any, field: str, sent: Any) -> bool:
    """Return whether ``sent`` is the masked form of ``record``'s stored value (a form or an
    API client sending back what it was shown: never to overwrite the real value)."""
    if record is None:
        return False
    current = getattr(record, field, None)
    return current not in ("", None) and sent == mask_value(field, current)


class Personal:
    """What one user (of one request) may see of personal data, and the note of each reveal.

    ``Personal.of(request)`` is kept on the request, so a page showing many records asks the
    role matrix once per record, and the audit middleware writes one entry per response.
    """

    def __init__(self, user: Any, request: Any = None) -> None:
        self.user = user
        self.request = request
        self._decided: dict[tuple[str, Any], bool] = {}

    @classmethod
    def of(cls, request: Any) -> Personal:
        """Return the request's :class:`Personal` (made on first use)."""
        if request is None:
            return cls(None)
        http = getattr(request, "_request", request)  # a DRF Request wraps the HttpRequest
        found = http.__dict__.get("_hezuo_personal")
        if found is None:
            found = http.__dict__["_hezuo_personal"] = cls(getattr(request, "user", None), http)
        return found  # type: ignore[no-any-return]

    # --- the decision ---------------------------------------------------------------------

    def may_see(
        self, record_or_model: Any, field: str | None = None, *, parent: Any = None
    ) -> bool:
        """Return whether the user may see ``field`` (or any personal field) clear.

        Of a saved record: its own scope decides. Of a new record: that of ``parent`` (an
        inline row's record) if given, else whether the user may see the model's personal data
        at all. A field that is not personal may always be seen.
        """
        if field is not None and not is_personal(record_or_model, field):
            return True
        if self.user is None:
            return False
        saved = not isinstance(record_or_model, type) and record_or_model.pk is not None
        if saved:
            target, on_record = record_or_model, True
        elif parent is not None and parent.pk is not None:
            target, on_record = parent, True
        else:
            model = record_or_model if isinstance(record_or_model, type) else type(record_or_model)
            target, on_record = model, False
        key = (target._meta.label_lower, target.pk if on_record else None)
        if key not in self._decided:
            self._decided[key] = (
                may_on(self.user, target, Action.PERSONAL)
                if on_record
                else may(self.user, target, Action.PERSONAL)
            )
        return self._decided[key]

    def note(self, record: models.Model, fields: Iterable[str]) -> None:
        """Note for the audit log that this response shows ``fields`` of ``record`` clear."""
        shown = [f for f in fields if is_personal(record, f)]
        if shown and self.request is not None:
            note_unmasked(self.request, record, shown)

    def show(
        self, record: models.Model, field: str, value: Any = _UNSET, clear: Any = _UNSET
    ) -> Any:
        """Return ``record``'s ``field`` as this user may see it: ``clear`` (default: the value)
        noted for the audit log, or the value masked. Empty values and fields that are not
        personal are returned as they are."""
        if value is _UNSET:
            value = getattr(record, field)
        if clear is _UNSET:
            clear = value
        if value in ("", None) or not is_personal(record, field):
            return clear
        if self.may_see(record):
            self.note(record, [field])
            return clear
        return mask_value(field, value)

    def show_all(self, record: models.Model, data: dict[str, Any]) -> dict[str, Any]:
        """Return ``data`` (field → value of ``record``, e.g. an API answer) with every
        personal field as this user may see it (one decision, one note for all of them)."""
        present = [f for f in personal_fields(record) if data.get(f) not in ("", None)]
        if not present:
            return data
        if self.may_see(record):
            self.note(record, present)
            return data
        return {**data, **{f: mask_value(f, data[f]) for f in present}}

    def clear_scope(self, model: Any) -> Q | None:
        """Return the records of ``model`` whose personal data the user may see clear, as a
        filter: ``Q()`` every one, None not one (for a query over many records at once)."""
        if self.user is None:
            return None
        return access_filter(model, self.user, Action.PERSONAL)

    # --- downloads ------------------------------------------------------------------------

    def for_export(self, model: Any) -> ExportMask:
        """Return the masking of one download of ``model``'s records (see :class:`ExportMask`)."""
        return ExportMask(self.user, model)


@contextmanager
def collecting_reveals() -> Iterator[set[str]]:
    """Collect, while a download is written, the personal fields it holds clear (for its one
    audit entry), whichever ledger or table wrote them."""
    found: set[str] = set()
    token = _revealed.set(found)
    try:
        yield found
    finally:
        _revealed.reset(token)


def note_revealed(field: str) -> None:
    """Note that the download being written holds ``field`` clear (see :func:`collecting_reveals`)."""
    found = _revealed.get()
    if found is not None:
        found.add(field)


class ExportMask:
    """Which records of one download may hold their personal data clear, decided once.

    One query answers it for the whole file (the role matrix's "personal" scope as a filter);
    each row then only looks its key up. The fields written clear are noted for the download's
    audit entry (:func:`note_revealed`).
    """

    def __init__(self, user: Any, model: Any) -> None:
        self.model = model
        scope = Personal(user).clear_scope(model)
        self._every = scope is not None and not scope
        self._ids: set[Any] = set()
        if scope is not None and scope:
            self._ids = set(model._default_manager.filter(scope).values_list("pk", flat=True))

    def is_clear(self, pk: Any) -> bool:
        """Return whether the record ``pk`` may be written with its personal data clear."""
        return self._every or pk in self._ids

    def value(self, pk: Any, field: str, value: Any) -> Any:
        """Return one personal ``value`` of record ``pk`` as the file may hold it."""
        if value in ("", None):
            return value
        if self.is_clear(pk):
            note_revealed(field)
            return value
        return mask_value(field, value)

    def row(self, pk: Any, fields: Sequence[str | None], values: Sequence[Any]) -> list[Any]:
        """Return ``values`` with each one whose entry in ``fields`` is a personal field name
        of record ``pk`` (None: not personal) as the file may hold it."""
        return [
            self.value(pk, field, value) if field is not None else value
            for field, value in zip(fields, values, strict=True)
        ]
