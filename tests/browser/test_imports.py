"""Upload a ledger in a real browser: the progress bar reaches 100%, then the import commits."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_upload_shows_progress_to_100_and_commits(live_world, browser_page, tmp_path):  # noqa: ANN001
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
