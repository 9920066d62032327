"""Nidec's member sees only Nidec's projects; the auditor then finds that login in the audit log."""

from __future__ import annotations

import pytest

from tests.browser.session import log_in

pytestmark = pytest.mark.browser

#: Nidec and its subsidiaries and branches (hezuo.demo.world), the investors nidec may see.
NIDEC_GROUP = (
    "日本电产",
    "日本电产(大连)有限公司",
    "尼得科智动(广州)车载电子有限公司",
    "尼得科智动(广州)车载电子有限公司大连分公司",
)


def names_of(zh_names: tuple[str, ...]) -> set[str]:
    """Return every name (zh-Hans, ja, en) the organisations are shown by."""
    from hezuo.directory.models import Organisation

    names = set()
    for org in Organisation.objects.filter(name_zh_hans__in=zh_names, is_synthetic=False):
        names |= {n for n in (org.name_zh_hans, org.name_ja, org.name_en) if n}
    return names


def test_enterprise_sees_own_projects_and_auditor_finds_the_login(live_world, browser_page):
    base, page = live_world.url, browser_page
    nidec_names = names_of(NIDEC_GROUP)
    assert len(nidec_names) >= len(NIDEC_GROUP)

    log_in(page, base, "nidec")
    page.goto(f"{base}/projects/")
    rows = page.locator("table tbody tr")
    assert rows.count() >= 1
    for index in range(rows.count()):
        text = rows.nth(index).inner_text()
        assert any(name in text for name in nidec_names), text
    content = page.content()
    assert "日本岩谷大连西中岛氢能利用项目" not in content
    assert "DLZ-20200824-08" not in content
    assert "DLZ-20200824-01" in content  # Nidec's own project

    # the auditor, in a browser context of its own (no cookie of nidec's)
    context = page.context.browser.new_context(viewport={"width": 1360, "height": 900})
    try:
        auditor = context.new_page()
        log_in(auditor, base, "auditor")
        auditor.goto(f"{base}/audit/?action=login&q=nidec")
        rows = auditor.locator("table tbody tr")
        assert rows.count() >= 1
        assert any("nidec" in rows.nth(i).inner_text() for i in range(rows.count()))
        # the filter holds: no row of another action
        auditor.goto(f"{base}/audit/?action=login_failed&q=nidec")
        assert "nidec" not in auditor.locator("table tbody").inner_text()
    finally:
        context.close()
