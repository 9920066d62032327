"""A zone officer moves a signed project to registered with its business licence, in Japanese,
and finds it under `registered` on the zone's pipeline."""

from __future__ import annotations

import pytest

from .test_access_browser import log_in

pytestmark = pytest.mark.browser


def test_officer_moves_a_project_to_registered_with_evidence(
    live_world, browser_page, settings, tmp_path
):
    from hezuo.projects.models import Project, StageChange

    settings.MEDIA_ROOT = tmp_path
    base, page = live_world.url, browser_page
    project = Project.objects.get(code="DLZ-20200824-01")
    assert project.stage == "signed"
    page.context.add_cookies([{"name": "django_language", "value": "ja", "url": base}])
    log_in(page, base, "officer")

    page.goto(f"{base}{project.get_absolute_url()}")
    page.click("#move-stage")
    page.select_option("#id_to_stage", "registered")
    assert "営業許可証" in page.inner_text("#required-evidence")  # the business licence
    page.fill("#id_happened_on", "2021-03-15")
    page.select_option("#id_evidence-0-kind", "business_licence")
    page.fill("#id_evidence-0-reference", "91210200MA0QXXXX1X")
    page.set_input_files(
        "#id_evidence-0-file",
        files=[{"name": "licence.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}],
    )
    page.click("#stage-move-form button[type=submit]")
    page.wait_for_url(f"{base}{project.get_absolute_url()}")
    assert page.get_attribute("#stage [data-stage]", "data-stage") == "registered"
    assert "2021-03-15" in page.inner_text("#stage-moves")

    change = StageChange.objects.get(project=project)
    assert change.to_stage == "registered" and change.recorded_by.username == "officer"
    assert change.evidence.get().file.read() == b"%PDF-1.4\n"

    page.click("#stage a[href$='/pipeline/']")
    page.click("#pipeline-stages [data-stage=registered]")
    row = page.locator("#pipeline-table tr[data-project='DLZ-20200824-01']")
    assert row.count() == 1
    assert "2021-03-15" in row.inner_text()  # in `registered` since the day it happened
