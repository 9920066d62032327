"""Issue 14, item 14: every import message and value label in the reader's language.

A wrong check digit, an impossible birth date and a relation that does not exist are reported in
Chinese to a Chinese reader (page and error workbook), the relations listed as 户主、配偶 …; an
export in Chinese writes choices by their Chinese labels, and imports back unchanged.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from hezuo.imports.ledgers import LEDGERS
from hezuo.imports.messages import translate
from hezuo.imports.models import ImportJob
from hezuo.imports.services import export_file, import_file

from .helpers import PERSON_HEADERS, checksum, id_number, person_rows, write_xlsx

pytestmark = pytest.mark.django_db


def _bad_rows() -> list[list[object]]:
    rows = person_rows(1, 4, start=800)
    good = rows[0][1]
    rows[1][1] = good[:17] + ("0" if good[17] != "0" else "1")  # wrong check digit
    rows[2][1] = id_number(5, born="19800231")  # 31 February
    rows[3][3] = "大舅"  # no such relation
    return rows


@override_settings(IMPORTS_IN_THREAD=False)
def test_errors_in_chinese_on_the_page_and_in_the_workbook(admin_client, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", PERSON_HEADERS, _bad_rows())
    admin_client.cookies["django_language"] = "zh-hans"
    with path.open("rb") as stream:
        response = admin_client.post(reverse("imports:upload", args=["persons"]), {"file": stream})
    job = ImportJob.objects.latest("pk")
    assert job.status == "refused"
    page = admin_client.get(response.url).content.decode()
    assert "校验码错误" in page
    assert "出生日期不存在" in page
    assert "户主、配偶、子女" in page  # the relations by their labels, in their order
    for english in ("check digit", "impossible birth date", "child, head"):
        assert english not in page
    report = admin_client.get(reverse("imports:error_report", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    assert "校验码错误" in sheet["B3"].comment.text
    assert "出生日期不存在" in sheet["B4"].comment.text
    assert "户主" in sheet["D5"].comment.text
    # the same stored errors read by a Japanese colleague
    with translation.override("ja"):
        shown = [translate(e) for e in _stored(job)]
    assert any("チェックデジット" in m or "検査" in m for m in shown), shown
    assert any("世帯主" in m for m in shown), shown


def _stored(job: ImportJob) -> list:  # type: ignore[type-arg]
    from hezuo.core.tabular import CellError

    return [
        CellError(e["row"], e["column"], e["value"], e["code"], e["message"], e["params"])
        for e in job.result["errors"]
    ]


@pytest.mark.parametrize("lang", ["zh-hans", "ja", "en"])
def test_an_export_in_a_language_writes_labels_and_imports_back(
    lang: str,
    admin_user,
    tmp_path: Path,
) -> None:
    seed = write_xlsx(tmp_path / "seed.xlsx", PERSON_HEADERS, person_rows(2, 3, start=820))
    with seed.open("rb") as stream:
        assert import_file(LEDGERS["persons"], stream, file_name="s.xlsx", user=admin_user).ok
    target = tmp_path / f"persons-{lang}.xlsx"
    with target.open("wb") as stream:
        count = export_file(LEDGERS["persons"], stream, fmt="xlsx", user=admin_user, lang=lang)
    sheet = openpyxl.load_workbook(target).active
    values = {cell.value for row in sheet.iter_rows(min_row=2) for cell in row}
    expected = {"zh-hans": "户主", "ja": "世帯主", "en": "head of household"}[lang]
    assert expected in values
    assert "head" not in values and "registered_poor" not in values
    from hezuo.assistance.models import HouseholdMember

    before = checksum(HouseholdMember)
    with target.open("rb") as stream:
        again = import_file(LEDGERS["persons"], stream, file_name=target.name, user=admin_user)
    assert again.ok, [e.as_dict() for e in again.errors][:3]
    assert (again.created, again.updated, again.unchanged) == (0, 0, count)
    assert checksum(HouseholdMember) == before
