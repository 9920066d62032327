"""Every figure of the dashboard and the quarterly report opens the list of exactly its projects.

Issue 14 item 20: a bar or a number links to the project list by the FILTER that picks its
projects (not by their numbers, ``?ids=`` of 1,700 characters), and the list says in its caption
what it lists. Here every link of both pages is followed, on the hand-built zone of
``test_report_pages`` and on the demo zone as its administrator, and the list's rows must be the
figure's projects, as many as the figure says.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from hezuo.reports.views import Figure

from .test_report_pages import ON, build_small_zone

pytestmark = pytest.mark.django_db


def figures_in(value: Any, path: str = "") -> Iterator[tuple[str, Figure]]:
    """Yield every Figure of a page's context, with where it is (for the failure message)."""
    if isinstance(value, Figure):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from figures_in(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from figures_in(item, f"{path}[{index}]")


def page_figures(context: Any, names: tuple[str, ...]) -> list[tuple[str, Figure]]:
    found = [pair for name in names for pair in figures_in(context[name], name)]
    assert found
    return found


def listed(client: Any, url: str) -> tuple[set[int], str]:
    """Return the projects the project list shows at ``url`` (every page) and its caption."""
    assert url.startswith(reverse("projects:project_list") + "?"), url
    assert "ids" not in parse_qs(urlparse(url).query), url  # a filter, not a list of numbers
    response = client.get(url)
    assert response.status_code == 200, (url, response.context.get("filter_errors"))
    return {p.pk for p in response.context["filter"].qs}, response.context["list_caption"]


def check_every_link(client: Any, figures: list[tuple[str, Figure]]) -> int:
    """Follow each figure's link; return how many non-empty figures were checked."""
    checked = 0
    seen: dict[str, set[int]] = {}
    for where, figure in figures:
        if not figure.ids:
            assert figure.url == "", where  # nothing to open
            continue
        if figure.url not in seen:
            rows, caption = listed(client, figure.url)
            assert caption, where  # the list says what it lists
            seen[figure.url] = rows
        assert seen[figure.url] == set(figure.ids), where
        assert len(figure.ids) == figure.value, where
        checked += 1
    return checked


DASHBOARD = ("funnel", "signings", "signings_undated", "signings_total", "breakdowns", "kpis")
REPORT = ("whole", "by_sub_area", "by_direction", "moves_by_stage", "stuck_by_stage")


def test_small_zone_dashboard_and_report(admin_client: Any, admin_user: Any) -> None:
    build_small_zone(admin_user)
    url = reverse("reports:dashboard", kwargs={"code": "test-zone"})
    context = admin_client.get(url, {"on": ON.isoformat()}).context
    assert check_every_link(admin_client, page_figures(context, DASHBOARD)) >= 20
    url = reverse(
        "reports:quarterly_report", kwargs={"code": "test-zone", "year": 2021, "quarter": 1}
    )
    context = admin_client.get(url).context
    assert check_every_link(admin_client, page_figures(context, REPORT)) >= 9


@pytest.mark.parametrize("on", [date(2021, 6, 30), None])
def test_demo_zone_dashboard(client: Any, zone_admin: Any, zone: Any, on: date | None) -> None:
    client.force_login(zone_admin)
    url = reverse("reports:dashboard", kwargs={"code": zone.code})
    context = client.get(url, {"on": on.isoformat()} if on else {}).context
    assert check_every_link(client, page_figures(context, DASHBOARD)) >= 10


@pytest.mark.parametrize(("year", "quarter"), [(2020, 3), (2021, 1)])
def test_demo_zone_quarterly_report(
    client: Any, zone_admin: Any, zone: Any, year: int, quarter: int
) -> None:
    client.force_login(zone_admin)
    url = reverse(
        "reports:quarterly_report", kwargs={"code": zone.code, "year": year, "quarter": quarter}
    )
    context = client.get(url).context
    assert check_every_link(client, page_figures(context, REPORT)) >= 3


def test_the_caption_names_the_filters(admin_client: Any, admin_user: Any) -> None:
    """The list opened from "reached signed by 2021-03-31" says so, in the reader's words."""
    small = build_small_zone(admin_user)
    admin_client.cookies.load({"django_language": "en"})
    url = reverse("reports:dashboard", kwargs={"code": "test-zone"})
    funnel = admin_client.get(url, {"on": ON.isoformat()}).context["funnel"]
    signed = next(row for row in funnel if row["stage"] == "signed")["reached"]
    rows, caption = listed(admin_client, signed.url)
    assert rows == {small.p2.pk, small.p3.pk}
    assert str(small.zone) in caption and "2021-03-31" in caption
    assert "Reached stage by that day: signed" in caption


def test_a_bad_quarter_is_a_filter_error(admin_client: Any) -> None:
    response = admin_client.get(reverse("projects:project_list"), {"signed_in": "2021-Q5"})
    assert response.status_code == 400
    assert response.context["filter_errors"]


def test_old_links_by_numbers_still_open(admin_client: Any, admin_user: Any) -> None:
    small = build_small_zone(admin_user)
    url = reverse("projects:project_list") + f"?ids={small.p1.pk},{small.p3.pk}"
    response = admin_client.get(url)
    assert {p.pk for p in response.context["filter"].qs} == {small.p1.pk, small.p3.pk}
