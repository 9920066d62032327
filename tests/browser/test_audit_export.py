"""The auditor, in Japanese, downloads the audit log: its own name, a failed login's formula as text.

Seen in the browser before: the download was saved as ``download.xlsx`` (the header was sent
RFC 2047-encoded), a failed login's user name starting with "=" became a live formula, and the
log page showed details as raw JSON with English field names.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.browser

EVIL = "=cmd|' /C calc'!A0"


def test_audit_export_in_japanese(live_world, browser_page, tmp_path):
    page = browser_page
    page.goto(f"{live_world.url}/accounts/login/")
    page.fill("input[name=username]", EVIL)
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    page.fill("input[name=username]", "auditor")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_world.url}/")
    with page.expect_navigation():
        page.select_option("#language-form select[name=language]", "ja")

    page.goto(f"{live_world.url}/audit/?{urlencode({'action': 'login_failed'})}")
    page.get_by_role("button", name="エクスポート").click()
    with page.expect_download() as event:
        page.get_by_role("link", name="Excel (.xlsx)").click()
    download = event.value
    name = download.suggested_filename
    assert name.endswith(".xlsx") and name != "download.xlsx" and not name.startswith("_")
    path = tmp_path / "audit.xlsx"
    download.save_as(path)
    cells = [c for row in load_workbook(path).active.iter_rows() for c in row]
    evil = [c for c in cells if c.value == EVIL]
    assert evil and all(c.data_type == "s" and c.quotePrefix for c in evil)

    page.goto(f"{live_world.url}/audit/?{urlencode({'action': 'export'})}")
    details = page.locator("table tbody tr").first.inner_text()
    assert "形式：XLSX" in details and "format" not in details
