"""Downloads keep their names in Chinese and Japanese, and the audit export is safe and readable.

A failed login's user name is written to the audit log by anyone; the audit export must show it
as text (not a formula) and survive a control character in it (it answered 500). Its times are
real Excel dates in the reader's time zone, its details words in the reader's language, and the
record an entry names a link to that record's page.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from hezuo.accounts.models import AuditEntry
from hezuo.base.audit import record
from hezuo.projects.models import Project

pytestmark = pytest.mark.django_db

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EVIL = "=cmd|' /C calc'!A0"


def signed_in(client: Any, username: str, lang: str) -> Any:
    user = get_user_model().objects.get(username=username)
    user.profile.language = lang
    user.profile.save()
    client.force_login(user)
    return client


def audit_sheet(client: Any, **query: str) -> Any:
    response = client.get(reverse("audit_log"), {"export": "xlsx", **query})
    assert response.status_code == 200
    return response, load_workbook(io.BytesIO(response.content)).active


def row_of(sheet: Any, column: str, value: Any) -> dict[str, Any]:
    rows = list(sheet.iter_rows())
    headers = [c.value for c in rows[0]]
    for cells in rows[1:]:
        found = dict(zip(headers, cells, strict=True))
        if found[column].value == value:
            return found
    raise AssertionError(f"no row with {column} = {value!r}")


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
def test_audit_export_after_failed_logins_with_a_formula_and_a_control_character(client):
    for name in (EVIL, "tanaka\x01@nidec"):
        client.post(reverse("login"), {"username": name, "password": "wrong"})
    assert AuditEntry.objects.filter(action="login_failed", username=EVIL).exists()

    auditor = signed_in(client, "auditor", "en")
    response, sheet = audit_sheet(auditor, action="login_failed")
    cell = row_of(sheet, "User name", EVIL)["User name"]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
    assert row_of(sheet, "User name", "tanaka@nidec")

    response = auditor.get(reverse("audit_log"), {"action": "login_failed", "export": "csv"})
    assert response.status_code == 200
    cells = [c for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in r]
    assert "'" + EVIL in cells and EVIL not in cells


def test_audit_export_times_details_and_links(client):
    project = Project.objects.order_by("pk").first()
    entry = record(
        "export",
        objects=[project],
        detail={"format": "xlsx", "rows": 3, "refused": False, "fields": ["code", "stage"]},
    )
    # 23:30 UTC is already the next day in Shanghai (settings.TIME_ZONE)
    AuditEntry.objects.filter(pk=entry.pk).update(
        time=datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC"))
    )
    reader = signed_in(client, "auditor", "zh-hans")
    response, sheet = audit_sheet(reader, action="export")
    row = row_of(sheet, "时间", datetime(2026, 3, 2, 7, 30))
    assert row["时间"].is_date and "yyyy" in row["时间"].number_format
    detail = row["详情"].value
    assert "格式：XLSX" in detail and "行数：3" in detail and "否" in detail
    assert '"format"' not in detail and "code" not in detail
    link = row["相关记录"]
    assert link.value == str(project.pk)
    assert link.hyperlink.target == f"http://testserver{project.get_absolute_url()}"

    page = reader.get(reverse("audit_log"), {"action": "export"})
    text = page.content.decode()
    assert "格式：XLSX" in text and "&quot;format&quot;" not in text
    assert f'href="{project.get_absolute_url()}"' in text


@pytest.mark.parametrize(("lang", "name"), [("zh-hans", "合作项目"), ("ja", "協力プロジェクト")])
def test_list_export_keeps_its_name(client, lang: str, name: str):
    reader = signed_in(client, "admin", lang)
    response = reader.get(reverse("projects:project_list"), {"export": "xlsx"})
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="') and "=?utf-8?" not in header
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded).startswith(name) and unquote(encoded).endswith(".xlsx")
