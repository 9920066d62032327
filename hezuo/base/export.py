"""Downloads: the one audited way out of Hezuo for a sheet of rows (.xlsx or .csv), the
``Content-Disposition`` header of every download, and the safe cell for openpyxl workbooks.

:func:`export_rows` is every list's, check's, ledger's and report's download: the rows pass
once, as they are read, through the project's streaming writers (``hezuo.core.tabular``: every
text cell through :func:`~hezuo.core.tabular.sheet_text`) into a spooled temporary file, personal
data masked or clear as ``base.personal`` decides, and one "export" audit entry says who took
what (format, rows, filters, the personal fields held clear). A large file is then streamed
from disk (a ``StreamingHttpResponse``), so neither the rows nor the workbook are ever held in
memory; a small one is sent whole. Written completely before the first byte leaves, a download
that fails is an error page, never a truncated file with status 200, and the audit entry names
the exact number of rows.

Formatted multi-sheet workbooks (the zone reports, the import error report) are built with
openpyxl, their cells set through :func:`put`, and sent through :func:`export_file`, which
audits them the same way.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django_tables2 import DateColumn, DateTimeColumn
from django_tables2.rows import BoundRow

from hezuo.core import tabular

from .audit import record
from .personal import collecting_reveals

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
#: Past this size a download is spooled to a temporary file instead of memory (and streamed).
SPOOL_BYTES = 8 << 20
#: Records of a list read from the database at a time.
CHUNK_ROWS = 2000


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """Return a ``Content-Disposition`` value that keeps a Chinese or Japanese file name.

    RFC 6266 section 4.3: ``filename*`` in the RFC 8187 encoding (UTF-8, percent-encoded) for
    browsers, and ``filename`` with an ASCII fallback for the few that do not read it. A header
    value with non-Latin-1 text would otherwise leave Django RFC 2047-encoded, which browsers
    ignore (and save ``download.xlsx``).
    """
    kind = "attachment" if attachment else "inline"
    fallback = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\;%' else "_" for ch in filename
    )
    if fallback == filename:
        return f'{kind}; filename="{filename}"'
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(body: Any, filename: str, content_type: str) -> HttpResponse:
    """Return ``body`` (bytes, or an open binary file streamed and closed) as a download."""
    response: HttpResponse
    if isinstance(body, (bytes, bytearray)):
        response = HttpResponse(body, content_type=content_type)
    else:
        response = FileResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def put(cell: Any, value: Any) -> Any:
    """Set an openpyxl ``cell`` to ``value`` the way every export must: a formula-like text is
    a string cell with Excel's quote prefix (openpyxl would store "=…" as a live formula), the
    characters XML forbids are dropped, numbers stay numbers. Returns the cell."""
    if isinstance(value, str):
        text, formula_like = tabular.sheet_text(value)
        cell.value = text
        if formula_like:
            cell.data_type = "s"
            cell.quotePrefix = True
        if isinstance(value, tabular.Link):
            cell.hyperlink = value.url
    else:
        cell.value = value
    return cell


def append(sheet: Any, values: Sequence[Any]) -> int:
    """Append ``values`` as a new row of an openpyxl ``sheet`` through :func:`put`; return the
    row's number."""
    sheet.append([None] * len(values))  # the row openpyxl's own append would take
    row: int = sheet.max_row
    for column, value in enumerate(values, start=1):
        put(sheet.cell(row=row, column=column), value)
    return row


def local(value: Any) -> Any:
    """Return an aware datetime in the active time zone, without its zone (as sheets hold it)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def _local_rows(rows: Iterator[Sequence[Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [local(v) for v in row]


def table_rows(table: Any) -> Iterator[list[Any]]:
    """Yield a django-tables2 ``table``'s header and rows as an export holds them.

    As the table's ``as_values()`` (its ``value_<column>`` methods first), except that a date
    or time column without such a method gives the date or time itself, not django-tables2's
    text of it (which is the stored UTC time): the writers make it a real Excel date in the
    reader's time zone. A table over a queryset is read in chunks, in the table's order
    (``QuerySet.iterator``): the records of a large list are never all in memory at once.
    """
    columns = [c for c in table.columns.iterall() if not c.column.exclude_from_export]
    yield [force_str(c.header) for c in columns]
    typed = {
        c.name
        for c in columns
        if isinstance(c.column, (DateColumn, DateTimeColumn))
        and not hasattr(table, f"value_{c.name}")
    }
    for row in _bound_rows(table):
        yield [
            local(c.accessor.resolve(row.record, quiet=True))
            if c.name in typed
            else force_str(row.get_cell_value(c.name), strings_only=True)
            for c in columns
        ]


def _bound_rows(table: Any) -> Iterator[Any]:
    """Yield the table's rows, reading a queryset in chunks instead of caching all of it."""
    data = getattr(table.data, "data", None)
    if not isinstance(data, QuerySet):
        yield from table.rows
        return
    for record_ in data.iterator(chunk_size=CHUNK_ROWS):
        yield BoundRow(record_, table=table)


def _write(
    target: Any,
    fmt: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str,
    text_columns: Iterable[int] = (),
) -> int:
    """Write ``rows`` under ``headers`` to ``target`` through core.tabular; return the count."""
    if fmt == "csv":
        return tabular.write_csv(target, headers, _local_rows(iter(rows)))
    return tabular.write_xlsx(
        target,
        headers,
        _local_rows(iter(rows)),
        sheet_name=sheet_name[:31],
        text_columns=text_columns,
    )


def _spooled_response(spool: Any, filename: str, content_type: str) -> HttpResponse:
    """Send what was written to ``spool``: whole when small, else streamed from the file."""
    if spool.tell() <= SPOOL_BYTES:
        spool.seek(0)
        with spool:
            return download(spool.read(), filename, content_type)
    spool.seek(0)
    return download(spool, filename, content_type)


def stamped(basename: str, fmt: str) -> str:
    """Return the download's file name: ``basename``, the local time, the extension."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"{basename}-{stamp}.{fmt}"


def export_rows(
    request: HttpRequest | None,
    rows: Iterable[Sequence[Any]],
    *,
    fmt: str,
    basename: str,
    object_type: str,
    detail: dict[str, Any] | None = None,
    ids: Iterable[Any] = (),
    filename: str | None = None,
    sheet_name: str | None = None,
    text_columns: Iterable[int] = (),
    user: Any = None,
) -> HttpResponse:
    """Return ``rows`` (the first is the header) as an audited .xlsx or .csv download.

    One pass through the streaming writers (see the module's docstring), then one "export" audit
    entry: ``object_type`` and ``ids`` name what was exported, ``detail`` adds to the format and
    the number of rows, and the personal fields the file holds clear (whatever
    :class:`~hezuo.base.personal.ExportMask` let through while it was written). The file is
    named ``basename`` with
    the time (or ``filename``); a .csv is UTF-8 with a BOM, which Excel opens correctly in
    Chinese and Japanese.
    """
    if fmt not in FORMATS:
        raise ValueError(f"not a download format: {fmt!r}")
    iterator = iter(rows)
    headers = [str(h) for h in next(iterator, [])]
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by the response
    with collecting_reveals() as revealed:
        count = _write(
            spool,
            fmt,
            headers,
            iterator,
            sheet_name=sheet_name or basename,
            text_columns=text_columns,
        )
    audit_export(
        request,
        object_type=object_type,
        ids=ids,
        detail={"format": fmt, "rows": count, **(detail or {})},
        revealed=revealed,
        user=user,
    )
    return _spooled_response(spool, filename or stamped(basename, fmt), FORMATS[fmt])


def export_file(
    request: HttpRequest | None,
    body: bytes,
    *,
    filename: str,
    object_type: str,
    detail: dict[str, Any] | None = None,
    ids: Iterable[Any] = (),
    content_type: str | None = None,
) -> HttpResponse:
    """Return a file made elsewhere (a formatted openpyxl workbook) as an audited download."""
    fmt = filename.rsplit(".", 1)[-1].lower()
    audit_export(
        request, object_type=object_type, ids=ids, detail={"format": fmt, **(detail or {})}
    )
    return download(body, filename, content_type or FORMATS.get(fmt, "application/octet-stream"))


def audit_export(
    request: HttpRequest | None,
    *,
    object_type: str,
    ids: Iterable[Any] = (),
    detail: dict[str, Any],
    revealed: Iterable[str] = (),
    user: Any = None,
) -> Any:
    """Write the one audit entry of a download, naming the personal fields it held clear."""
    unmasked = sorted(revealed)
    return record(
        "export",
        user=user,
        request=request,
        object_type=object_type,
        ids=ids,
        detail={**detail, **({"unmasked": unmasked} if unmasked else {})},
    )
