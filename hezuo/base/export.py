"""Export a table (the rows a user sees, filtered as they see them) to .xlsx or .csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value  # numbers stay numbers in the sheet
    return str(value)


def rows_response(rows: Iterable[Sequence[Any]], fmt: str, basename: str) -> HttpResponse:
    """Return a download of ``rows`` (the first is the header) as .xlsx or .csv (UTF-8 with BOM,
    which Excel opens correctly in Chinese and Japanese)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{basename}-{stamp}.{fmt}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow([_cell(v) for v in row])
        body: bytes = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(basename[:31])
        for index, row in enumerate(rows):
            values = [_cell(v) for v in row]
            if index == 0:
                cells = []
                for value in values:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.font = Font(bold=True)
                    cells.append(cell)
                sheet.append(cells)
            else:
                sheet.append(values)
        out = io.BytesIO()
        book.save(out)
        body = out.getvalue()
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
