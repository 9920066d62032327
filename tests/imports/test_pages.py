"""The import pages: template, export, upload → preview → commit, error table and report."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import override_settings
from django.urls import reverse

from hezuo.assistance.models import Household
from hezuo.imports.models import ImportJob

from .helpers import PERSON_HEADERS, person_rows, write_xlsx

pytestmark = [pytest.mark.django_db]


def test_ledger_list_template_and_export(admin_client) -> None:
    page = admin_client.get(reverse("imports:ledger_list"))
    assert page.status_code == 200
    for name in ("organisations", "projects", "persons"):
        assert reverse("imports:upload", args=[name]) in page.content.decode()
    template = admin_client.get(reverse("imports:template", args=["persons"]))
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).active
    from hezuo.imports.ledgers import get_ledger

    expected = get_ledger("persons").headers(template["Content-Language"])  # the user's language
    assert [c.value for c in sheet[1]] == expected
    assert expected[0] != "household_no"
    export = admin_client.get(reverse("imports:export", args=["organisations", "csv"]))
    assert export.status_code == 200 and export.content.startswith(b"\xef\xbb\xbf")


def test_buyer_may_not_upload_persons(client) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="buyer"))
    assert client.get(reverse("imports:upload", args=["persons"])).status_code == 403


@override_settings(IMPORTS_IN_THREAD=False)
def test_upload_preview_commit_and_error_report(admin_client, tmp_path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", PERSON_HEADERS, person_rows(2, 2, start=300))
    with path.open("rb") as stream:
        response = admin_client.post(reverse("imports:upload", args=["persons"]), {"file": stream})
    job = ImportJob.objects.latest("pk")
    assert response.url == reverse("imports:job", args=[job.pk])
    assert job.status == "previewed" and job.result["created"] == 4
    assert not Household.objects.filter(number="TEST00300").exists()
    page = admin_client.get(response.url).content.decode()
    assert 'id="commit-import"' in page and "100%" in page
    admin_client.post(reverse("imports:job_commit", args=[job.pk]))
    commit = ImportJob.objects.latest("pk")
    assert commit.status == "done" and commit.result["created"] == 4
    assert Household.objects.filter(number="TEST00300").exists()

    rows = person_rows(1, 2, start=310)
    rows[1][1] = "5.20203198001011E+17"
    bad = write_xlsx(tmp_path / "bad.xlsx", PERSON_HEADERS, rows)
    with bad.open("rb") as stream:
        response = admin_client.post(reverse("imports:upload", args=["persons"]), {"file": stream})
    job = ImportJob.objects.latest("pk")
    assert job.status == "refused"
    page = admin_client.get(response.url).content.decode()
    assert 'id="import-errors"' in page and "5.20203198001011E+17" in page
    report = admin_client.get(reverse("imports:error_report", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    cell = sheet["B3"]
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    assert cell.comment is not None and cell.comment.text
    assert sheet["B2"].comment is None
