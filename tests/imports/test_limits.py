"""Issue 14, item 1: a small file must not take the server down (limits checked before reading).

The malicious files are built for real (openpyxl, zipfile) and stay small: a 5 KB sheet whose
cells are A1 and XFD1048576 (calamine would allocate a 512 GiB grid and abort the process), a
sheet that lies about its dimension or has none, a zip member that unpacks 1000-fold.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from hezuo.core import tabular
from hezuo.core.tabular import ReadLimits, ValueProblem
from hezuo.imports import jobs
from hezuo.imports.models import ImportJob, JobStatus

from .helpers import PERSON_HEADERS, person_rows, write_csv, write_xlsx

ORG_HEADERS = ["uscc", "name_zh_hans", "kind"]


def _workbook(cells: dict[str, Any]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_sheet(xml: str, *, level: int | None = 6) -> bytes:
    """An openpyxl workbook whose first sheet's XML is replaced by ``xml`` (its sheetData)."""
    source = zipfile.ZipFile(io.BytesIO(_workbook({"A1": "x"})))
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if level is None else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method, compresslevel=level) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = (
                    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                    '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    + xml
                    + "</worksheet>"
                ).encode()
            target.writestr(name, data)
    return buffer.getvalue()


def _problem(content: bytes, fmt: str = "xlsx", **limits: int) -> ValueProblem:
    with pytest.raises(ValueProblem) as info:
        for _row in tabular.read_rows(io.BytesIO(content), fmt, ReadLimits(**limits)):
            pass
    return info.value


# -- the reader ----------------------------------------------------------------------------------


def test_a1_and_xfd1048576_refused_by_its_dimension_before_reading() -> None:
    content = _workbook({"A1": "x", "XFD1048576": "y"})
    assert len(content) < 6000
    problem = _problem(content)
    assert problem.code == "xlsx_dimension"
    assert problem.params["range"] == "A1:XFD1048576"


def test_a_sheet_that_hides_its_size_is_refused_while_streaming() -> None:
    # no <dimension>, cell references given: the far cell is found
    far = (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    )
    assert _problem(_with_sheet(far)).code == "too_many_columns"
    # a dimension that lies (A1:A2) over a sheet of 3,000 rows
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 3001))
    lying = f'<dimension ref="A1:A2"/><sheetData>{rows}</sheetData>'
    problem = _problem(_with_sheet(lying), max_rows=2000)
    assert (problem.code, problem.params["limit"]) == ("too_many_rows", 2000)
    # neither dimension nor references (positions implicit, as our own export writes them)
    implicit = "<sheetData>" + "<row><c><v>1</v></c></row>" * 3000 + "</sheetData>"
    assert _problem(_with_sheet(implicit), max_rows=2000).code == "too_many_rows"
    wide = "<sheetData><row>" + "<c><v>1</v></c>" * 70 + "</row></sheetData>"
    problem = _problem(_with_sheet(wide))
    assert (problem.code, problem.params["column"]) == ("too_many_columns", "BM")
    # too many cells: rows × columns of what holds values
    square = "<sheetData>" + ("<row>" + "<c><v>1</v></c>" * 20 + "</row>") * 600 + "</sheetData>"
    assert _problem(_with_sheet(square), max_xlsx_cells=10_000).code == "xlsx_cells"
    # styled empty cells far away are not read into the grid and are not refused
    styled = '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="1"/></row></sheetData>'
    assert list(tabular.read_rows(io.BytesIO(_with_sheet(styled)), "xlsx")) == [[1.0]]


def test_zip_bombs_refused_by_ratio_and_unpacked_size() -> None:
    padding = "<sheetData>" + "<row><c><v>1</v></c></row>" * 400_000 + "</sheetData>"
    bomb = _with_sheet(padding, level=9)
    assert len(bomb) < 100_000
    problem = _problem(bomb)
    assert problem.code == "xlsx_ratio" and problem.params["ratio"] > 200
    problem = _problem(_with_sheet(padding, level=None), max_uncompressed_bytes=2**20)
    assert problem.code == "xlsx_unpacked"
    assert _problem(b"PK\x03\x04 not a zip").code == "file_unreadable"


def test_csv_rows_columns_and_broken_files_refused() -> None:
    lines = "a,b\n" + "1,2\n" * 50
    assert _problem(lines.encode(), "csv", max_rows=20).code == "too_many_rows"
    wide = "a\n" + ",".join(["x"] * 100) + "\n"
    problem = _problem(wide.encode(), "csv")
    assert (problem.code, problem.params["row"]) == ("too_many_columns", 2)
    # empty trailing columns are no reason to refuse
    trailing = "a,b" + "," * 200 + "\n1,2\n"
    rows = list(tabular.read_rows(io.BytesIO(trailing.encode()), "csv"))
    assert rows[1] == ["1", "2"]
    # a field beyond csv.field_size_limit() (131,072 characters)
    huge = "a,b\n1," + "x" * 200_000 + "\n"
    assert _problem(huge.encode(), "csv").code == "file_unreadable"


def test_legitimate_sheets_still_read() -> None:
    buffer = io.BytesIO()
    tabular.write_xlsx(buffer, ["a", "b"], [["x", 1], ["y", 2]] * 5000)
    buffer.seek(0)
    assert len(list(tabular.read_rows(buffer, "xlsx"))) == 10_001
    # another writer's namespace prefix (x:) and an absolute relationship target
    assert list(tabular.read_rows(io.BytesIO(_prefixed("B1")), "xlsx")) == [[None, 4.0]]
    assert _problem(_prefixed("XFD1")).code == "too_many_columns"


def _prefixed(ref: str) -> bytes:
    source = zipfile.ZipFile(
        io.BytesIO(
            _with_sheet(f'<sheetData><row r="1"><c r="{ref}"><v>4</v></c></row></sheetData>')
        )
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<worksheet xmlns=", b"<x:worksheet xmlns:x=")
                data = re.sub(rb"<(/?)(sheetData|row|c|v)\b", rb"<\1x:\2", data)
                data = data.replace(b"</worksheet>", b"</x:worksheet>")
            if name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b'Target="worksheets/', b'Target="/xl/worksheets/')
            target.writestr(name, data)
    assert tabular._first_sheet(zipfile.ZipFile(buffer)) == ["xl/worksheets/sheet1.xml"]
    return buffer.getvalue()


# -- the jobs and pages ---------------------------------------------------------------------------


@pytest.fixture
def nidec_client(client):
    client.force_login(get_user_model().objects.get(username="nidec"))
    client.cookies["django_language"] = "zh-hans"
    return client


def _upload(client, name: str, content: bytes, ledger: str = "organisations"):
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post(reverse("imports:upload", args=[ledger]), {"file": upload})
    return response, ImportJob.objects.filter(user=response.wsgi_request.user).first()


@pytest.mark.django_db
@override_settings(IMPORTS_IN_THREAD=False)
def test_xfd1048576_upload_ends_failed_with_a_chinese_message(nidec_client) -> None:
    response, job = _upload(nidec_client, "炸弹.xlsx", _workbook({"A1": "x", "XFD1048576": "y"}))
    assert job.status == JobStatus.FAILED
    assert not Path(job.path).exists()  # nothing kept of a refused file
    page = nidec_client.get(response.url).content.decode()
    assert 'id="import-failure"' in page
    assert "A1:XFD1048576" in page and "工作表的使用范围" in page
    assert "1,048,576" in page  # counts grouped in the reader's way


@pytest.mark.django_db
@override_settings(IMPORTS_IN_THREAD=False, IMPORT_MAX_UPLOAD_BYTES=2000)
def test_upload_larger_than_the_limit_refused_before_a_job(nidec_client) -> None:
    before = ImportJob.objects.count()
    content = "uscc,name_zh_hans,kind\n" + "x,y,enterprise\n" * 200
    upload = io.BytesIO(content.encode())
    upload.name = "big.csv"
    response = nidec_client.post(
        reverse("imports:upload", args=["organisations"]), {"file": upload}
    )
    assert response.status_code in (200, 413)
    assert "文件超过" in response.content.decode()
    assert ImportJob.objects.count() == before


@pytest.mark.django_db
@override_settings(IMPORTS_IN_THREAD=False, IMPORT_MAX_STORED_ERRORS=5)
def test_only_the_first_errors_are_stored_with_their_count(admin_client, tmp_path) -> None:
    rows = person_rows(20, 1, start=700)
    for row in rows:
        row[5] = "nonsense"  # a status that does not exist: one error per row
    path = write_xlsx(tmp_path / "bad.xlsx", PERSON_HEADERS, rows)
    admin_client.cookies["django_language"] = "zh-hans"
    with path.open("rb") as stream:
        response = admin_client.post(reverse("imports:upload", args=["persons"]), {"file": stream})
    job = ImportJob.objects.latest("pk")
    assert job.status == JobStatus.REFUSED
    assert len(job.result["errors"]) == 5 and job.result["error_count"] == 20
    assert [e["row"] for e in job.result["errors"]] == [2, 3, 4, 5, 6]  # the first ones
    page = admin_client.get(response.url).content.decode()
    assert 'data-count="errors">20<' in page
    assert "共 20 条错误" in page and "前 5 条" in page
    report = admin_client.get(reverse("imports:error_report", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    assert (
        sheet.cell(row=1, column=len(PERSON_HEADERS) + 1).value == "错误（共 20 条，列出前 5 条）"
    )
    assert sheet["F6"].comment is not None and sheet["F7"].comment is None


@pytest.mark.django_db
@override_settings(IMPORTS_IN_THREAD=False)
def test_database_locked_ends_the_job_failed_with_a_message(
    admin_client,
    tmp_path,
    monkeypatch,
) -> None:
    def locked(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(jobs, "import_file", locked)
    monkeypatch.setattr(jobs.time, "sleep", lambda seconds: None)
    path = write_csv(tmp_path / "p.csv", PERSON_HEADERS, person_rows(1, 1, 720))
    admin_client.cookies["django_language"] = "ja"
    with path.open("rb") as stream:
        response = admin_client.post(reverse("imports:upload", args=["persons"]), {"file": stream})
    job = ImportJob.objects.latest("pk")
    assert job.status == JobStatus.FAILED and job.result["failure"] == "database_busy"
    page = admin_client.get(response.url).content.decode()
    assert "データベースが別の大量書き込みで使用中" in page


@pytest.mark.django_db
def test_a_job_whose_process_is_gone_is_marked_failed(admin_client, admin_user, tmp_path) -> None:
    stored = tmp_path / "x.csv"
    stored.write_text("x")
    job = ImportJob.objects.create(
        user=admin_user, ledger="persons", file_name="x.csv", path=str(stored), dry_run=True
    )
    # running in this process, but its thread is gone (no progress in memory)
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, result={"worker": jobs._worker()}
    )
    admin_client.cookies["django_language"] = "en"
    page = admin_client.get(reverse("imports:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result["failure"] == "interrupted"
    assert "The import was interrupted" in page
    assert not stored.exists()
    # one whose process on this host has ended
    other = ImportJob.objects.create(
        user=admin_user, ledger="persons", file_name="y.csv", path="", dry_run=True
    )
    ImportJob.objects.filter(pk=other.pk).update(
        status=JobStatus.RUNNING, result={"worker": {**jobs._worker(), "pid": 2**22 + 7}}
    )
    assert jobs.reap(ImportJob.objects.get(pk=other.pk)).status == JobStatus.FAILED
    # a job still queued in this process is left alone
    live = ImportJob.objects.create(
        user=admin_user, ledger="persons", file_name="z.csv", path="", dry_run=True
    )
    ImportJob.objects.filter(pk=live.pk).update(result={"worker": jobs._worker()})
    jobs._set(live.pk, phase="read", done=0, total=1)
    try:
        assert jobs.reap(ImportJob.objects.get(pk=live.pk)).status == JobStatus.QUEUED
    finally:
        jobs._PROGRESS.pop(live.pk, None)


def test_messages_exist_in_every_language() -> None:
    from hezuo.core.tabular import CellError
    from hezuo.imports.messages import translate

    params = {
        "ratio": 999,
        "limit": 1_100_000,
        "size": "1.0",
        "range": "A1:XFD1048576",
        "rows": 1_048_576,
        "columns": 64,
        "column": "XFD",
        "row": 2,
        "job": 7,
    }
    for code in (
        "xlsx_ratio",
        "xlsx_unpacked",
        "xlsx_dimension",
        "xlsx_cells",
        "too_many_rows",
        "too_many_columns",
        "database_busy",
        "unexpected",
        "interrupted",
    ):
        shown = set()
        for lang in ("zh-hans", "ja", "en"):
            with translation.override(lang):
                text = translate(CellError(0, "", "", code, "x", params))
            assert not re.search(r"%\(", text), text
            shown.add(text)
        assert len(shown) == 3, code


@pytest.mark.django_db
@override_settings(IMPORTS_IN_THREAD=False)
def test_a_large_files_report_holds_its_rows_with_errors(
    admin_client, tmp_path, monkeypatch
) -> None:
    from hezuo.imports import views

    monkeypatch.setattr(views, "FULL_REPORT_ROWS", 5)
    rows = person_rows(10, 1, start=740)
    rows[4][5] = "nonsense"  # row 6 of the sheet
    path = write_xlsx(tmp_path / "big.xlsx", PERSON_HEADERS, rows)
    with path.open("rb") as stream:
        admin_client.post(reverse("imports:upload", args=["persons"]), {"file": stream})
    job = ImportJob.objects.latest("pk")
    assert job.status == JobStatus.REFUSED and job.total == 10
    report = admin_client.get(reverse("imports:error_report", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    assert sheet.max_row == 2  # the header and the one row with an error
    assert sheet["A2"].value == 6  # its row number in the uploaded file
    assert sheet["B2"].value == rows[4][0]
    assert sheet["G2"].comment is not None  # the status, one column to the right
