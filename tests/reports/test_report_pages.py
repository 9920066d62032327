"""The zone dashboard, the quarterly report and the zones page: every figure is the rows behind it.

A small zone is built by hand (four projects, two sub-areas, official JPY rates) so that each
figure can be computed on paper; the demo zone checks access on real data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest
from django.urls import reverse

from hezuo.accounts.models import AuditEntry
from hezuo.core import lifecycle
from hezuo.directory.models import Organisation
from hezuo.projects.choices import FigureKind
from hezuo.projects.models import Project, ProjectFigure
from hezuo.projects.services import EvidenceItem, advance_stage, record_figure
from hezuo.regions.models import IndustryDirection, Program, SubArea
from hezuo.zonedesk.models import ExchangeRate
from hezuo.zonedesk.selectors import to_cny

from .conftest import make_member, new_project

pytestmark = pytest.mark.django_db

C, A = FigureKind.CONTRACTED_INVESTMENT, FigureKind.ARRIVED_INVESTMENT
ON = date(2021, 3, 31)  # the end of 2021 Q1


@dataclass
class SmallZone:
    """Four projects of a hand-built zone; see :func:`small_zone` for what each one is."""

    zone: Program
    north: SubArea
    south: SubArea
    hydrogen: IndustryDirection
    p1: Project
    p2: Project
    p3: Project
    p4: Project
    investor: Organisation


@pytest.fixture
def small_zone(admin_user: Any) -> SmallZone:
    return build_small_zone(admin_user)


def build_small_zone(admin_user: Any) -> SmallZone:
    """Return a zone of four projects, as they stand at the end of 2021 Q1:

    - p1 (north, hydrogen): lead since 2020-12-01, negotiating from 2021-02-01 (moved forward);
      50 000 USD contracted, recorded 2021-04-10 (after the quarter: not counted in it);
    - p2 (north, no direction): signed since 2020-08-24, so stuck at the quarter's end (219 days
      > 180); 1 000 000 CNY contracted, 250 000 CNY arrived;
    - p3 (south, hydrogen): signed on 2021-01-15 (signed in the quarter); 100 000 000 JPY
      contracted at the official 0.0625, 10 000 000 JPY arrived at 0.06;
    - p4 (south, hydrogen): lead since 2021-03-01; 1 000 GBP contracted, for which no rate is
      known (shown as not converted, left out of every total).
    """
    zone = Program.objects.create(code="test-zone", kind="zone", name_zh_hans="测试示范区")
    north = SubArea.objects.create(program=zone, code="north", name_zh_hans="北片区")
    south = SubArea.objects.create(program=zone, code="south", name_zh_hans="南片区")
    hydrogen = IndustryDirection.objects.create(code="hydrogen-test", name_zh_hans="氢能")
    investor = Organisation.objects.create(name_zh_hans="测试投资株式会社", country="JP")
    p1 = new_project(zone, "T-1", "北区氢能项目", since=date(2020, 12, 1), sub_area=north)
    p2 = new_project(zone, "T-2", "北区老项目", stage="signed", since=date(2020, 8, 24))
    p2.sub_area = north
    p2.save()
    p3 = new_project(
        zone,
        "T-3",
        "南区氢能工厂",
        stage="signed",
        since=date(2021, 1, 15),
        sub_area=south,
        investor=investor,
    )
    p4 = new_project(zone, "T-4", "南区新线索", since=date(2021, 3, 1), sub_area=south)
    for p in (p1, p3, p4):
        p.industry_directions.add(hydrogen)
    for day, rate in ((date(2021, 1, 15), "0.0625"), (date(2021, 3, 10), "0.06")):
        ExchangeRate.objects.create(currency="JPY", date=day, rate=D(rate), source="official")
    ExchangeRate.objects.create(currency="USD", date=date(2021, 4, 1), rate=D("6.5"), source="ecb")
    advance_stage(
        project=p1,
        to_stage="negotiating",
        happened_on=date(2021, 2, 1),
        acting_user=admin_user,
        evidence=[EvidenceItem("letter_of_intent", reference="意向书 2021-02")],
    )
    figures = [
        (p1, C, "50000", "USD", date(2021, 4, 10)),
        (p2, C, "1000000", "CNY", date(2020, 9, 1)),
        (p2, A, "250000", "CNY", date(2021, 2, 1)),
        (p3, C, "100000000", "JPY", date(2021, 1, 15)),
        (p3, A, "10000000", "JPY", date(2021, 3, 10)),
        (p4, C, "1000", "GBP", date(2021, 3, 20)),
    ]
    for project, kind, amount, currency, day in figures:
        record_figure(
            project=project,
            kind=kind,
            amount=D(amount),
            currency=currency,
            recorded_on=day,
            acting_user=admin_user,
        )
    return SmallZone(zone, north, south, hydrogen, p1, p2, p3, p4, investor)


def ids_of(client: Any, url: str) -> set[int]:
    """Return the projects the project list shows at ``url`` (a report's link, by filters)."""
    assert url.startswith(reverse("projects:project_list")), url
    response = client.get(url)
    assert response.status_code == 200
    return {p.pk for p in response.context["filter"].qs}


def expected_cny(project_ids: set[int], kind: str, on: date) -> D:
    """Sum each project's latest figure of ``kind`` by ``on``, converted one by one."""
    total = D("0")
    for pk in project_ids:
        figure = (
            ProjectFigure.objects.filter(project_id=pk, kind=kind, recorded_on__lte=on)
            .order_by("-recorded_on", "-pk")
            .first()
        )
        if figure is not None and figure.currency != "GBP":  # no GBP rate is known
            total += to_cny(figure.amount, figure.currency, figure.recorded_on).amount_cny
    return total


def dashboard(client: Any, code: str, on: date | None = None) -> Any:
    url = reverse("reports:dashboard", kwargs={"code": code})
    response = client.get(url, {"on": on.isoformat()} if on else {})
    assert response.status_code == 200
    return response


# --- the dashboard ---------------------------------------------------------------------------------


class TestDashboard:
    def test_funnel_by_hand(self, admin_client: Any, small_zone: SmallZone) -> None:
        s = small_zone
        context = dashboard(admin_client, "test-zone", ON).context
        steps = {row["stage"]: row for row in context["funnel"]}
        reached = {k: v["reached"].value for k, v in steps.items()}
        current = {k: v["current"].value for k, v in steps.items()}
        assert reached == {
            "lead": 4,
            "negotiating": 3,
            "signed": 2,
            **{k: 0 for k in lifecycle.STAGES[3:]},
            "terminated": 0,
        }
        assert (current["lead"], current["negotiating"], current["signed"]) == (1, 1, 2)
        assert set(steps["negotiating"]["current"].ids) == {s.p1.pk}
        assert set(steps["signed"]["reached"].ids) == {s.p2.pk, s.p3.pk}
        # a month earlier p1 was still a lead
        before = dashboard(admin_client, "test-zone", date(2021, 1, 20)).context
        early = {row["stage"]: row["current"].value for row in before["funnel"]}
        assert (early["lead"], early["negotiating"], early["signed"]) == (1, 0, 2)  # p4: not yet

    def test_every_count_is_the_length_of_its_linked_list(
        self, admin_client: Any, small_zone: SmallZone
    ) -> None:
        response = dashboard(admin_client, "test-zone", ON)
        context, html = response.context, response.content.decode()
        for row in context["funnel"]:
            for figure in (row["reached"], row["current"]):
                if figure.value:
                    assert ids_of(admin_client, figure.url) == set(figure.ids)
                    assert len(figure.ids) == figure.value
                    assert f'href="{figure.url.replace("&", "&amp;")}"' in html
                else:
                    assert figure.url == ""
        for quarter in context["signings"]:
            assert quarter["figure"].value == len(quarter["figure"].ids)
        signed = {q["quarter"]: set(q["figure"].ids) for q in context["signings"]}
        assert signed["2020-Q3"] == {small_zone.p2.pk} and signed["2021-Q1"] == {small_zone.p3.pk}
        assert signed["2020-Q4"] == set()

    def test_the_linked_list_shows_exactly_those_projects(
        self, admin_client: Any, small_zone: SmallZone
    ) -> None:
        context = dashboard(admin_client, "test-zone", ON).context
        figure = next(r for r in context["funnel"] if r["stage"] == "lead")["reached"]
        listed = admin_client.get(figure.url)
        assert listed.status_code == 200
        codes = {row.record.code for row in listed.context["table"].rows}
        assert codes == {"T-1", "T-2", "T-3", "T-4"}

    def test_investment_is_the_sum_over_the_linked_projects(
        self, admin_client: Any, small_zone: SmallZone
    ) -> None:
        s = small_zone
        response = dashboard(admin_client, "test-zone", ON)
        context, html = response.context, response.content.decode()
        by = {b["by"]: b for b in context["breakdowns"]}
        north = next(g for g in by["sub_area"]["groups"] if g["key"] == "north")
        south = next(g for g in by["sub_area"]["groups"] if g["key"] == "south")
        # by hand: north = p2 (CNY; p1's USD figure is dated after the day shown)
        assert (north["contracted"].cny, north["arrived"].cny) == (D("1000000"), D("250000"))
        # south = p3 at the official rates (p4's GBP amount has no rate)
        assert south["contracted"].cny == D("6250000.00")  # 100 000 000 × 0.0625
        assert south["arrived"].cny == D("600000.00")  # 10 000 000 × 0.06
        assert ids_of(admin_client, south["projects"].url) == {s.p3.pk, s.p4.pk}
        for b in by.values():
            for g in b["groups"]:
                ids = ids_of(admin_client, g["projects"].url)
                assert g["contracted"].cny == expected_cny(ids, C, ON)
                assert g["arrived"].cny == expected_cny(ids, A, ON)
            assert b["contracted"].cny == D("7250000.00")
            assert b["arrived"].cny == D("850000.00")
        kpis = context["kpis"]
        assert kpis["contracted"].cny == expected_cny(
            ids_of(admin_client, kpis["investment_projects"].url), C, ON
        )
        assert "7.2" in html and "6.25" in html  # million CNY, as the page shows them

    def test_rates_used_and_figures_not_converted_are_shown(
        self, admin_client: Any, small_zone: SmallZone
    ) -> None:
        response = dashboard(admin_client, "test-zone", ON)
        html = response.content.decode()
        south = next(g for g in response.context["breakdowns"][0]["groups"] if g["key"] == "south")
        rates = [(r.currency, r.on, r.rate) for c in south["contracted"].rates for r in c.rates]
        assert rates == [("JPY", date(2021, 1, 15), D("0.0625"))]
        assert "JPY" in html and "0.0625" in html and "2021-01-15" in html
        [missing] = response.context["missing"]
        assert missing.startswith("T-4: ") and "GBP" in missing and "2021-03-20" in missing
        assert "T-4" in html

    def test_only_what_the_user_may_see_is_counted(
        self, client: Any, small_zone: SmallZone
    ) -> None:
        member = make_member(
            "testinvestor",
            role="enterprise_member",
            language="en",
            organisation=small_zone.investor,
        )
        client.force_login(member)
        context = dashboard(client, "test-zone", ON).context
        counted = {pk for row in context["funnel"] for pk in row["reached"].ids}
        assert counted == {small_zone.p3.pk}
        assert context["kpis"]["contracted"].cny == D("6250000.00")  # p2's CNY left out
        assert ids_of(client, context["kpis"]["projects"].url) == {small_zone.p3.pk}

    def test_demo_zone_enterprise_sees_its_own_projects_only(
        self, client: Any, enterprise: Any, zone: Program
    ) -> None:
        client.force_login(enterprise)
        context = dashboard(client, zone.code).context
        visible = set(Project.objects.restrict(enterprise, "view").values_list("pk", flat=True))
        shown = {pk for row in context["funnel"] for pk in row["reached"].ids}
        assert shown and shown <= visible
        assert len(shown) < Project.objects.filter(program=zone).count()

    def test_a_day_not_understood_falls_back_to_today(
        self, admin_client: Any, small_zone: SmallZone
    ) -> None:
        url = reverse("reports:dashboard", kwargs={"code": "test-zone"})
        response = admin_client.get(url, {"on": "31/03/2021"})
        assert response.status_code == 200
        assert response.context["day_understood"] is False
        assert response.context["on"] == response.context["today"]

    def test_links_to_the_other_zone_pages(self, admin_client: Any, small_zone: SmallZone) -> None:
        html = dashboard(admin_client, "test-zone", ON).content.decode()
        assert reverse("reports:ledger_export", kwargs={"code": "test-zone"}) in html
        assert (
            reverse(
                "reports:quarterly_report",
                kwargs={"code": "test-zone", "year": 2021, "quarter": 1},
            )
            in html
        )
        assert 'data-chart="funnel-data"' in html and "chart.umd.min.js" in html


# --- the quarterly report --------------------------------------------------------------------------


def report(client: Any, code: str, year: int, quarter: int, **params: str) -> Any:
    url = reverse(
        "reports:quarterly_report", kwargs={"code": code, "year": year, "quarter": quarter}
    )
    return client.get(url, params)


class TestQuarterlyReport:
    def test_figures_by_hand(self, admin_client: Any, small_zone: SmallZone) -> None:
        s = small_zone
        response = report(admin_client, "test-zone", 2021, 1)
        assert response.status_code == 200
        whole = response.context["whole"]
        assert set(whole["signed"].ids) == {s.p3.pk}
        assert set(whole["moved"].ids) == {s.p1.pk}
        assert set(whole["stuck"].ids) == {s.p2.pk}
        assert whole["contracted"].cny == D("7250000.00")  # 1 000 000 + 6 250 000
        assert whole["arrived"].cny == D("850000.00")  # 250 000 + 600 000
        lines = {x["key"]: x for x in response.context["by_sub_area"]}
        assert set(lines) == {"north", "south"}
        counts = {
            k: (x["signed"].value, x["moved"].value, x["stuck"].value) for k, x in lines.items()
        }
        assert counts == {"north": (0, 1, 1), "south": (1, 0, 0)}
        assert lines["north"]["contracted"].cny == D("1000000")
        assert lines["south"]["arrived"].cny == D("600000.00")
        directions = {x["key"]: x for x in response.context["by_direction"]}
        assert set(directions) == {"hydrogen-test", ""}
        assert set(directions["hydrogen-test"]["signed"].ids) == {s.p3.pk}
        assert set(directions["hydrogen-test"]["moved"].ids) == {s.p1.pk}
        assert set(directions[""]["stuck"].ids) == {s.p2.pk}
        html = response.content.decode()
        for figure in (whole["signed"], whole["moved"], whole["stuck"]):
            assert figure.url.replace("&", "&amp;") in html
            assert ids_of(admin_client, figure.url) == set(figure.ids)

    def test_an_earlier_quarter(self, admin_client: Any, small_zone: SmallZone) -> None:
        whole = report(admin_client, "test-zone", 2020, 3).context["whole"]
        assert set(whole["signed"].ids) == {small_zone.p2.pk}
        assert whole["moved"].value == 0 and whole["stuck"].value == 0
        assert whole["contracted"].cny == D("1000000")  # recorded 2020-09-01
        assert whole["arrived"].cny == D("0")  # recorded 2021-02-01, after the quarter

    def test_navigation(self, admin_client: Any, small_zone: SmallZone) -> None:
        response = report(admin_client, "test-zone", 2021, 1)
        assert response.context["previous_url"].endswith("/reports/2020/4/")
        assert response.context["next_url"].endswith("/reports/2021/2/")
        chooser = reverse("reports:quarterly_reports", kwargs={"code": "test-zone"})
        answer = admin_client.get(chooser, {"year": "2020", "quarter": "2"})
        assert answer.status_code == 302 and answer["Location"].endswith("/reports/2020/2/")

    def test_prints_without_navigation(self, admin_client: Any, small_zone: SmallZone) -> None:
        html = report(admin_client, "test-zone", 2021, 1).content.decode()
        assert "hezuo/reports.css" in html and "hz-page-break" in html

    def test_no_such_quarter(self, admin_client: Any, small_zone: SmallZone) -> None:
        assert report(admin_client, "test-zone", 2021, 5).status_code == 404
        assert report(admin_client, "test-zone", 1800, 1).status_code == 404

    def test_only_what_the_user_may_see(self, client: Any, small_zone: SmallZone) -> None:
        member = make_member(
            "testinvestor2",
            role="enterprise_member",
            language="ja",
            organisation=small_zone.investor,
        )
        client.force_login(member)
        whole = report(client, "test-zone", 2021, 1).context["whole"]
        assert set(whole["signed"].ids) == {small_zone.p3.pk}
        assert whole["moved"].value == 0 and whole["stuck"].value == 0
        assert whole["contracted"].cny == D("6250000.00")


# --- the zones, access, unknown zones --------------------------------------------------------------


class TestZonesAndAccess:
    def test_zone_list(self, admin_client: Any, small_zone: SmallZone, zone: Program) -> None:
        response = admin_client.get(reverse("reports:zone_list"))
        assert response.status_code == 200
        html = response.content.decode()
        for code in ("test-zone", zone.code):
            assert reverse("reports:dashboard", kwargs={"code": code}) in html
            assert reverse("reports:ledger_export", kwargs={"code": code}) in html
        counts = {r["zone"].code: r["count"] for r in response.context["active"]}
        assert counts["test-zone"] == 4
        assert "liaoning-guizhou" not in html  # a pairing, not a zone

    @pytest.mark.parametrize(
        "name",
        ["zone_list", "dashboard", "ledger_export", "quarterly_reports", "quarterly_report"],
    )
    def test_anonymous_is_sent_to_login(self, client: Any, zone: Program, name: str) -> None:
        kwargs: dict[str, Any] = {} if name == "zone_list" else {"code": zone.code}
        if name == "quarterly_report":
            kwargs.update(year=2021, quarter=1)
        response = client.get(reverse(f"reports:{name}", kwargs=kwargs))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize("code", ["no-such-zone", "dalian-liupanshui"])
    @pytest.mark.parametrize("name", ["dashboard", "ledger_export", "quarterly_report"])
    def test_unknown_zone_or_not_a_zone(self, admin_client: Any, code: str, name: str) -> None:
        kwargs: dict[str, Any] = {"code": code}
        if name == "quarterly_report":
            kwargs.update(year=2021, quarter=1)
        response = admin_client.get(reverse(f"reports:{name}", kwargs=kwargs))
        assert response.status_code == 404
        assert not AuditEntry.objects.filter(action="export", path__contains=code).exists()

    @pytest.mark.parametrize("lang", ["zh-hans", "ja", "en"])
    def test_pages_in_each_language(
        self, admin_client: Any, small_zone: SmallZone, lang: str
    ) -> None:
        admin_client.cookies.load({"django_language": lang})
        for url in (
            reverse("reports:zone_list"),
            reverse("reports:dashboard", kwargs={"code": "test-zone"}),
            reverse(
                "reports:quarterly_report",
                kwargs={"code": "test-zone", "year": 2021, "quarter": 1},
            ),
        ):
            response = admin_client.get(url)
            assert response.status_code == 200
            assert f'<html lang="{lang}">' in response.content.decode()


# --- in a real browser: a bar of a chart opens the list behind it ----------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_clicking_a_bar_opens_its_projects(live_world: Any, browser_page: Any) -> None:
    base, page = live_world.url, browser_page
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "zone")
    page.fill("input[name=password]", "hezuo-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/projects/zones/cn-jp-dalian/dashboard/?on=2021-01-01")
    canvas = page.locator('canvas[data-chart="funnel-data"]')
    canvas.wait_for()
    # the bar of "in this stage now" (dataset 1) of the stage "signed" (index 2)
    x, y = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.querySelector('canvas[data-chart="funnel-data"]'));
            const bar = chart.getDatasetMeta(1).data[2];
            return [bar.x - 4, bar.y];
        }"""
    )
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    # the list by its filters ("in stage signed on 2021-01-01"), titled by them
    page.wait_for_url(re.compile(r"/projects/\?.*stage_on=signed"))
    assert "ids=" not in page.url
    signed = set(
        Project.objects.filter(program__code="cn-jp-dalian", stage="signed").values_list(
            "code", flat=True
        )
    )
    rows = page.locator("table tbody tr")
    assert rows.count() == len(signed) == 6
    content = page.content()
    assert all(code in content for code in signed)
    caption = page.locator("#list-caption").inner_text()
    zone = Program.objects.get(code="cn-jp-dalian")
    assert "2021-01-01" in caption and zone.name_zh_hans in caption  # "zone" reads Chinese
