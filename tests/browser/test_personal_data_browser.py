"""What the city leader (every household, no personal data) sees of a member in the browser: the
ID number down to its province, the birth date down to its decade, no sex, no health cause; the
assisted side's collaboration office sees them (issue 14, items 3 and 4)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.session import log_in

pytestmark = pytest.mark.browser

NUMBER = "LPS-BROWSER-MASK"


def test_leader_sees_members_masked_and_the_assisted_side_in_clear(live_world, browser_page):
    from stdnum.cn import ric

    from hezuo.assistance.models import Household, HouseholdMember
    from hezuo.regions.models import Program, Region

    body = "52020319750612123"
    head_id = body + ric.calc_check_digit(body + "0")
    household = Household.objects.create(
        program=Program.objects.get(code="dalian-liupanshui"),
        number=NUMBER,
        village=Region.objects.get(code="520203001001"),
        main_cause="illness",
    )
    person = HouseholdMember(household=household, name="张明华", id_number=head_id, relation="head")
    person.full_clean()
    person.save()
    assert person.birth_date == date(1975, 6, 12)

    base, page = live_world.url, browser_page
    log_in(page, base, "leader")
    page.goto(f"{base}/assistance/members/?q={NUMBER}")
    row = page.locator("table tr", has_text="张明华")
    text = row.inner_text()
    assert "52" + "*" * 16 in text and "197*-**-**" in text
    assert head_id not in page.content() and "1975" not in text
    page.goto(f"{base}{person.get_absolute_url()}")
    content = page.content()
    assert head_id not in content and "1975-06-12" not in content
    page.goto(f"{base}{household.get_absolute_url()}")
    assert "因病" not in page.content() and "illness" not in page.content()

    page.context.clear_cookies()
    log_in(page, base, "liupanshui")
    page.goto(f"{base}{person.get_absolute_url()}")
    content = page.content()
    assert head_id in content and "1975-06-12" in content
