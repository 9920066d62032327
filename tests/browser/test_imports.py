"""Upload a ledger in a real browser: the progress bar reaches 100%, then the import commits."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_upload_shows_progress_to_100_and_commits(live_world, browser_page, tmp_path):
    from hezuo.assistance.models import Household
    from tests.imports.helpers import PERSON_HEADERS, person_rows, write_xlsx

    base, page = live_world.url, browser_page
    path = write_xlsx(tmp_path / "households.xlsx", PERSON_HEADERS, person_rows(300, 3, start=500))
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/imports/persons/upload/")
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector(".progress-bar")
    page.wait_for_selector(".progress-bar:has-text('100%')", timeout=120_000)
    page.wait_for_selector("#commit-import", timeout=30_000)
    assert page.inner_text("[data-count=created]") == "900"
    assert not Household.objects.filter(number="TEST00500").exists()
    page.click("#commit-import")
    page.wait_for_selector(".progress-bar:has-text('100%')", timeout=120_000)
    page.wait_for_function(
        "() => document.querySelector('#import-counts') !== null", timeout=60_000
    )
    assert Household.objects.filter(number="TEST00500").exists()
    assert Household.objects.filter(number__startswith="TEST").count() == 300


def test_a_sheet_reaching_xfd1048576_fails_with_a_message(live_world, browser_page, tmp_path):
    """Issue 14 item 1: this 5 KB sheet used to abort the server (a 512 GiB grid) and leave
    the job "running" for ever; now the job fails at once and says why, in Japanese."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "uscc"
    workbook.active["XFD1048576"] = "x"
    path = tmp_path / "bomb.xlsx"
    workbook.save(path)
    base, page = live_world.url, browser_page
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "nidec")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/imports/organisations/upload/")
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#import-failure", timeout=60_000)
    text = page.inner_text("#import-failure")
    assert "A1:XFD1048576" in text and "シートの使用範囲" in text
    assert page.inner_text("#job-status") not in ("running", "実行中", "运行中")
