"""Date boxes in Chinese: the stage move's date starts filled (issue 14, item 20).

In zh-Hans the page wrote the day in the locale's format (value="2026/12/08"), which a browser's
<input type=date> does not accept: the box started empty.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from .test_access_browser import log_in

pytestmark = pytest.mark.browser


def test_the_stage_move_date_starts_with_today_in_chinese(live_world, browser_page):
    from hezuo.projects.models import Project

    base, page = live_world.url, browser_page
    project = Project.objects.get(code="DLZ-20200824-01")
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": base}])
    log_in(page, base, "officer")
    page.goto(f"{base}/projects/{project.pk}/stage/")
    box = page.locator("#id_happened_on")
    assert box.get_attribute("type") == "date"
    assert box.input_value() == timezone.localdate().isoformat()
    # The pipeline's "as of" filter box too.
    page.goto(f"{base}/projects/zones/cn-jp-dalian/pipeline/?on=2021-03-15")
    assert page.locator("#id_on").input_value() == "2021-03-15"
