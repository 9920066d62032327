"""Downloads: a table (the rows a user sees, filtered as they see them) as .xlsx or .csv, the
``Content-Disposition`` header of every download, and the safe cell for openpyxl workbooks.

Every sheet the project writes passes its text through one function,
:func:`hezuo.core.tabular.sheet_text` (formula-like text kept text, characters XML forbids
dropped): the streaming writers of ``hezuo.core.tabular`` call it themselves, and workbooks built
with openpyxl set their cells through :func:`put`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django_tables2 import DateColumn, DateTimeColumn

from hezuo.core import tabular

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
#: Past this size a download is spooled to a temporary file instead of memory.
SPOOL_BYTES = 8 << 20


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
    reader's time zone.
    """
    columns = [c for c in table.columns.iterall() if not c.column.exclude_from_export]
    yield [force_str(c.header) for c in columns]
    typed = {
        c.name
        for c in columns
        if isinstance(c.column, (DateColumn, DateTimeColumn))
        and not hasattr(table, f"value_{c.name}")
    }
    for row in table.rows:
        yield [
            local(c.accessor.resolve(row.record, quiet=True))
            if c.name in typed
            else force_str(row.get_cell_value(c.name), strings_only=True)
            for c in columns
        ]


def rows_response(rows: Iterable[Sequence[Any]], fmt: str, basename: str) -> HttpResponse:
    """Return a download of ``rows`` (the first is the header) as .xlsx or .csv (UTF-8 with BOM,
    which Excel opens correctly in Chinese and Japanese).

    Both go through the project's streaming writers (hezuo.core.tabular) into a spooled
    temporary file (one pass, constant memory; a large file is streamed from it): the safe cells of :func:`tabular.sheet_text`,
    times in the reader's time zone, dates as real Excel dates, a :class:`tabular.Link` as a
    hyperlink.
    """
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{basename}-{stamp}.{fmt}"
    iterator = iter(rows)
    headers = [str(h) for h in next(iterator, [])]
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by the response
    if fmt == "csv":
        tabular.write_csv(spool, headers, _local_rows(iterator))
    else:
        tabular.write_xlsx(spool, headers, _local_rows(iterator), sheet_name=basename[:31])
    if spool.tell() <= SPOOL_BYTES:  # small: sent whole; large: streamed from the file
        spool.seek(0)
        with spool:
            return download(spool.read(), filename, FORMATS[fmt])
    spool.seek(0)
    return download(spool, filename, FORMATS[fmt])
