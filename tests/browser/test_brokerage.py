"""Staff compute a matchmaking day's schedule and see the slots × tables grid; a participant then
opens its agenda."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

pytestmark = pytest.mark.browser


def test_staff_computes_schedule_and_participant_sees_agenda(live_world, browser_page, settings):
    from django.utils import timezone

    from hezuo.brokerage import services
    from hezuo.brokerage.models import BrokerageEvent, Interpreter, Registration, ScheduledMeeting
    from hezuo.demo.matching import build_matching
    from hezuo.demo.world import DALIAN_ZONE, IWATANI, JINPU, NEUSOFT_REACH, NIDEC
    from hezuo.directory.models import Organisation
    from hezuo.regions.models import Program

    settings.BROKERAGE_IN_THREAD = False
    build_matching(scale=0)
    day = timezone.localdate() + timedelta(days=10)
    event = BrokerageEvent.objects.create(
        title_zh_hans="中日产业对接日",
        title_ja="日中産業マッチングデー",
        title_en="Matchmaking day",
        kind="matchmaking_day",
        program=Program.objects.get(code=DALIAN_ZONE),
        place="金普新区",
        date=day,
        start_time=time(9, 0),
        slot_count=3,
        table_count=2,
        registration_deadline=day,
        status="open",
        time_limit=5,
    )
    regs = {}
    for key, name, langs in (
        ("nidec", NIDEC, ["ja"]),
        ("neusoft", NEUSOFT_REACH, ["zh"]),
        ("iwatani", IWATANI, ["ja"]),
        ("jinpu", JINPU, ["zh"]),
    ):
        org = Organisation.objects.get(name_zh_hans=name, is_synthetic=False)
        regs[key] = Registration.objects.create(
            event=event, organisation=org, languages=langs, contact_email=f"{key}@example.com"
        )
        regs[key].opportunities.set(org.opportunities.all())
    Interpreter.objects.create(event=event, name="王晓燕", languages=["zh", "ja"])
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="officer")
    for a, b in (("neusoft", "nidec"), ("jinpu", "iwatani"), ("nidec", "jinpu")):
        services.request_meeting(
            acting_user=officer, requester=regs[a], requested=regs[b], priority=2
        )

    base, page = live_world.url, browser_page

    def login(username: str) -> None:
        page.goto(f"{base}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "hezuo-demo")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")

    login("officer")  # promotion officer of the zone; reads Japanese
    page.goto(f"{base}{event.get_absolute_url()}")
    assert "日中産業マッチングデー" in page.locator("h1").inner_text()
    assert page.locator("#schedule-grid").count() == 0
    page.click("#schedule form[action$='/compute/'] button")
    page.wait_for_selector("#schedule-grid")
    grid = page.locator("#schedule-grid")
    assert grid.locator("tbody tr").count() == 3  # three slots
    assert grid.locator("thead th").count() == 3  # slot column + two tables
    placed = ScheduledMeeting.objects.filter(event=event).count()
    assert placed == 3
    assert grid.inner_text().count("↔") == placed
    assert "王晓燕" in grid.inner_text()  # a Chinese–Japanese meeting has the interpreter
    figures = page.locator("#schedule-figures").inner_text()
    assert "3" in figures

    page.context.clear_cookies()
    login("nidec")  # an enterprise member of Nidec
    page.goto(f"{base}/brokerage/events/{event.pk}/my-agenda/")
    page.wait_for_selector("#agenda")
    rows = page.locator("#agenda tbody tr")
    assert rows.count() == 2  # with Neusoft Reach and with Jinpu
    text = page.locator("#agenda").inner_text()
    assert "09:" in text


def test_compute_schedule_shows_its_progress_and_result_by_itself(
    live_world, browser_page, settings, monkeypatch
):
    """Computing in the background (as in production), the page follows the run and shows the
    grid when it is done, without a reload by hand (a <meta refresh> on a URL with #schedule
    never reloaded in Chromium)."""
    import time as clock

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from hezuo.brokerage import services
    from hezuo.brokerage.models import BrokerageEvent, Interpreter, Registration
    from hezuo.demo.matching import build_matching
    from hezuo.demo.world import DALIAN_ZONE, IWATANI, JINPU, NEUSOFT_REACH, NIDEC
    from hezuo.directory.models import Organisation
    from hezuo.regions.models import Program

    settings.BROKERAGE_IN_THREAD = True
    slow_solve = services.solve

    def solve(*args, **kwargs):
        clock.sleep(3)  # long enough for the page to show the run in progress
        return slow_solve(*args, **kwargs)

    monkeypatch.setattr(services, "solve", solve)
    build_matching(scale=0)
    day = timezone.localdate() + timedelta(days=10)
    event = BrokerageEvent.objects.create(
        title_zh_hans="中日产业对接日",
        title_ja="日中産業マッチングデー",
        title_en="Matchmaking day",
        kind="matchmaking_day",
        program=Program.objects.get(code=DALIAN_ZONE),
        place="金普新区",
        date=day,
        start_time=time(9, 0),
        slot_count=3,
        table_count=2,
        registration_deadline=day,
        status="open",
        time_limit=5,
    )
    regs = {}
    for key, name, langs in (
        ("nidec", NIDEC, ["ja"]),
        ("neusoft", NEUSOFT_REACH, ["zh"]),
        ("iwatani", IWATANI, ["ja"]),
        ("jinpu", JINPU, ["zh"]),
    ):
        org = Organisation.objects.get(name_zh_hans=name, is_synthetic=False)
        regs[key] = Registration.objects.create(event=event, organisation=org, languages=langs)
        regs[key].opportunities.set(org.opportunities.all())
    Interpreter.objects.create(event=event, name="王晓燕", languages=["zh", "ja"])
    officer = get_user_model().objects.get(username="officer")
    for a, b in (("neusoft", "nidec"), ("jinpu", "iwatani")):
        services.request_meeting(
            acting_user=officer, requester=regs[a], requested=regs[b], priority=2
        )

    base, page = live_world.url, browser_page
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}{event.get_absolute_url()}")
    page.click("#schedule form[action$='/compute/'] button")
    page.wait_for_selector("#schedule .spinner-border")  # the run in progress is shown
    assert page.locator("#schedule-grid").count() == 0
    loads = []
    page.on("load", lambda _page: loads.append(1))
    page.wait_for_selector("#schedule-grid", timeout=20000)  # ...and then its result
    assert not loads  # brought by the page itself, not by reloading it
    grid = page.locator("#schedule-grid")
    assert grid.inner_text().count("↔") == 2
    assert page.locator("#schedule-figures").count() == 1
    assert page.locator("#schedule .spinner-border").count() == 0
