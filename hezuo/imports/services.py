"""Import and export of ledgers: the one way in and out for the pages and the command line.

An import reads the whole file, normalises every cell, matches rows to records by natural key
and collects every error; only a file without any error is written, in ONE transaction (a
process killed mid-write leaves the database as it was). Writes use bulk operations that keep
history. Both directions are audited.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hezuo.base import audit
from hezuo.base.access import access_filter
from hezuo.base.export import audit_export
from hezuo.base.personal import Personal, collecting_reveals
from hezuo.base.services import reason_text
from hezuo.core import tabular
from hezuo.core.access import Action
from hezuo.core.tabular import CellError, ValueProblem

from .ledgers import Ledger
from .ledgers.base import WriteRefused
from .messages import translate

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class ImportResult:
    ok: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[CellError] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0
    rows: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The command line's JSON: messages in the active language."""
        return {
            "ok": self.ok,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [{**e.as_dict(), "message": translate(e)} for e in self.errors],
        }


class Refused(Exception):
    """Raised inside the transaction to undo it."""


def system_user() -> Any:
    """The user the command line acts as: the first active system administrator."""
    users = get_user_model().objects.filter(is_active=True, is_superuser=True).order_by("pk")
    return users.first()


def command_user(name: str | None) -> Any:
    """The user a command acts as: ``name``, else a system administrator."""
    from django.core.management.base import CommandError

    if name:
        try:
            return get_user_model().objects.get(username=name)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user called {name}") from exc
    user = system_user()
    if user is None:
        raise CommandError("No system administrator exists; give --user.")
    return user


def read_limits() -> tabular.ReadLimits:
    """How much of a file an import reads before refusing it (settings ``IMPORT_MAX_*``)."""
    default = tabular.ReadLimits()
    return tabular.ReadLimits(
        max_rows=getattr(settings, "IMPORT_MAX_ROWS", default.max_rows),
        max_columns=getattr(settings, "IMPORT_MAX_COLUMNS", default.max_columns),
        max_xlsx_cells=getattr(settings, "IMPORT_MAX_XLSX_CELLS", default.max_xlsx_cells),
        max_uncompressed_bytes=getattr(
            settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", default.max_uncompressed_bytes
        ),
        max_compression_ratio=getattr(
            settings, "IMPORT_MAX_COMPRESSION_RATIO", default.max_compression_ratio
        ),
    )


def _reason(ledger: Ledger, name: str) -> str:
    return reason_text(f"import {ledger.name} {name}")


def import_file(
    ledger: Ledger,
    stream: IO[bytes],
    *,
    file_name: str,
    user: Any,
    dry_run: bool = False,
    progress: Progress | None = None,
    request: Any = None,
) -> ImportResult:
    """Check (and unless ``dry_run``, write) a whole file; nothing is written if any row is bad."""
    started = time.perf_counter()
    errors: list[CellError] = []
    result = ImportResult(ok=False, dry_run=dry_run)
    ledger = ledger.scoped(user)  # look-ups limited to what the user may see
    if not (
        access_filter(ledger.model, user, Action.ADD) is not None
        or access_filter(ledger.model, user, Action.CHANGE) is not None
    ):
        errors.append(CellError(0, "", "", "not_allowed", "Not allowed."))
        result.errors = errors
        return result
    personal = set(getattr(ledger.model, "personal_fields", ())) & {c.attr for c in ledger.columns}
    if personal and Personal(user).clear_scope(ledger.model) is None:
        # who may not see personal data may not write it either
        result.errors = [CellError(0, "", "", "not_allowed", "Not allowed.")]
        return result
    try:
        fmt = tabular.file_format(file_name)
        rows = tabular.read_rows(stream, fmt, read_limits())
        headers = next(rows, None)
    except ValueProblem as problem:
        result.errors = [CellError(0, "", file_name, problem.code, problem.message, problem.params)]
        return result
    except (UnicodeError, ValueError, OSError) as exc:  # a broken file
        result.errors = [CellError(0, "", file_name, "file_unreadable", str(exc))]
        return result
    if not headers:
        result.errors = [CellError(0, "", file_name, "file_empty", "Empty.")]
        return result
    required = [c.code for c in ledger.columns if c.required]
    match = tabular.match_headers(headers, ledger.aliases(), required=required)
    errors.extend(match.errors)
    if any(e.code == "header_missing" for e in errors):
        result.errors = errors
        return result
    header = {code: match.written[index] for code, index in match.columns.items()}

    def on_row(n: int) -> None:
        if progress is not None:
            progress("read", n, 0)

    try:
        parsed = ledger.parse(rows, match.columns, match.written, errors, on_row)
    except ValueProblem as problem:  # the file itself: too many rows or columns, unreadable
        result.errors = [CellError(0, "", file_name, problem.code, problem.message, problem.params)]
        return result
    result.rows = len(parsed)
    if progress is not None:
        progress("check", 0, len(parsed))
    plan = ledger.plan(parsed, header, errors)
    result.created = len(plan.creates)
    result.updated = len(plan.updates) + plan.extra.get("also_updated", 0)
    result.unchanged = plan.unchanged
    errors.sort(key=lambda e: (e.row, e.column))
    result.errors = errors
    if errors:
        _audit(ledger, user, request, file_name, result, refused=True)
        result.seconds = time.perf_counter() - started
        return result
    result.ok = True
    if dry_run:
        result.seconds = time.perf_counter() - started
        return result
    if progress is not None:
        progress("write", 0, len(parsed))
        plan.progress = lambda done, total: progress("write", done, total)
    try:
        with transaction.atomic():
            ledger.write(plan, user=user, reason=_reason(ledger, file_name))
            _check_scope(ledger, plan, user)
            _audit(ledger, user, request, file_name, result, refused=False)
    except Refused:
        result.ok = False
        result.errors = [CellError(0, "", "", "not_allowed", "Not allowed.")]
    except WriteRefused as refusal:
        # a rule found broken under the lock (a concurrent import): reported like any other
        result.ok = False
        result.errors = sorted(refusal.errors, key=lambda e: (e.row, e.column))
        _audit(ledger, user, request, file_name, result, refused=True)
    if progress is not None:
        progress("write", len(parsed), len(parsed))
    result.seconds = time.perf_counter() - started
    return result


def _check_scope(ledger: Ledger, plan: Any, user: Any) -> None:
    """A write that leaves the user's scope is undone (the whole file)."""
    model, ids = ledger.written(plan)
    model_q = access_filter(model, user, Action.CHANGE)
    if model_q is None:
        raise Refused
    if not model_q:
        return  # the user may change every record of this kind
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        if model._default_manager.filter(model_q, pk__in=chunk).distinct().count() != len(chunk):
            raise Refused


def _audit(
    ledger: Ledger, user: Any, request: Any, file_name: str, result: ImportResult, *, refused: bool
) -> None:
    audit.record(
        "import",
        user=user,
        request=request,
        object_type=ledger.model._meta.label_lower,
        detail={
            "ledger": ledger.name,
            "file": file_name,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "errors": len(result.errors),
            "refused": refused,
        },
        reason=_("Import of %(file)s") % {"file": file_name},
    )


def export_sheet(
    ledger: Ledger, *, user: Any, lang: str | None = None
) -> tuple[list[str], Iterable[list[Any]], list[int]]:
    """Return the headers, the rows (read as they are written) and the text-formatted columns
    of every record of ``ledger`` the user may see; headers are codes unless ``lang``.
    Personal data is masked where the user may not see it (``base.personal``)."""
    queryset = ledger.export_queryset(user)
    headers = ledger.headers(lang)
    rows = ledger.export_rows(queryset, user)
    if lang:
        rows = _choice_labels(ledger, rows, lang)
    text_columns = [i for i, c in enumerate(ledger.columns) if c.text_format]
    return headers, rows, text_columns


def export_file(
    ledger: Ledger,
    target: IO[bytes],
    *,
    fmt: str,
    user: Any,
    lang: str | None = None,
    progress: Progress | None = None,
    request: Any = None,
) -> int:
    """Write every record of ``ledger`` the user may see to ``target`` (a command's file), and
    audit it as every download is (``base.export``); return the number of rows."""
    headers, rows, text_columns = export_sheet(ledger, user=user, lang=lang)

    def on_row(n: int) -> None:
        if progress is not None:
            progress("export", n, 0)

    with collecting_reveals() as revealed:
        if fmt == "xlsx":
            count = tabular.write_xlsx(
                target,
                headers,
                rows,
                sheet_name=ledger.name,
                text_columns=text_columns,
                on_row=on_row,
            )
        else:
            count = tabular.write_csv(target, headers, rows, on_row=on_row)
    audit_export(
        request,
        user=user,
        object_type=ledger.model._meta.label_lower,
        detail={"ledger": ledger.name, "rows": count, "format": fmt, "lang": lang or ""},
        revealed=revealed,
    )
    return count


def _choice_labels(ledger: Ledger, rows: Iterable[list[Any]], lang: str) -> Iterator[list[Any]]:
    """``rows`` with each choice written as its label in ``lang`` (户主, not head), as the
    headers are; an import takes a choice by its code or its label in any language, so the
    file imports back unchanged."""
    labels: dict[int, dict[str, str]] = {}
    with translation.override(lang):
        for index, column in enumerate(ledger.columns):
            if column.kind == "choice" and column.choices is not None:
                labels[index] = {value: str(label) for value, label in column.choices.choices}
    if not labels:
        yield from rows
        return
    found = list(labels.items())
    for row in rows:
        row = list(row)
        for index, names in found:
            value = row[index]
            if type(value) is str and value in names:
                row[index] = names[value]
        yield row


def export_path(ledger: Ledger, path: Path, *, user: Any, lang: str | None = None) -> int:
    fmt = tabular.file_format(path.name)
    with path.open("wb") as target:
        return export_file(ledger, target, fmt=fmt, user=user, lang=lang)


def template_file(ledger: Ledger, target: IO[bytes], *, lang: str | None) -> None:
    """An empty sheet with the headers in ``lang`` and ID columns formatted as text."""
    text_columns = [i for i, c in enumerate(ledger.columns) if c.text_format]
    tabular.write_xlsx(
        target, ledger.headers(lang), [], sheet_name=ledger.name, text_columns=text_columns
    )
