"""The zone pipeline page: counts by stage, filters, time in stage and stuck flags."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hezuo.projects.choices import Stage
from hezuo.projects.models import Project
from hezuo.reports import selectors

from .conftest import new_project

pytestmark = pytest.mark.django_db


def url(zone: Any, **query: str) -> str:
    base = reverse("reports:pipeline", args=[zone.code])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_counts_by_stage_are_the_projects_behind_them(
    client: Any, zone_admin: Any, zone: Any
) -> None:
    client.force_login(zone_admin)
    response = client.get(url(zone))
    assert response.status_code == 200
    columns = {c["stage"]: c for c in response.context["columns"]}
    expected = selectors.active_projects(user=zone_admin, program=zone)
    assert sum(c["count"] for c in columns.values()) == expected.count()
    for stage, column in columns.items():
        # Today's column opens the list by its filter (not 346 numbers), titled by it, and
        # shows exactly the projects counted (issue 14, item 20).
        assert "ids=" not in column["list_url"]
        listing = client.get(column["list_url"])
        assert listing.status_code == 200
        listed = {p.pk for p in listing.context["filter"].qs}
        assert listed == set(column_ids(zone_admin, zone, stage)), stage
        assert len(listed) == column["count"]
        assert str(Stage(stage).label) in listing.context["list_caption"]
        assert str(zone) in listing.context["list_caption"]
    # A day in the past opens the list by "in stage signed on 2021-06-30", and so do the page's
    # other filters (here the sub-area) and its stuck projects: still no list of numbers.
    sub_area = zone.sub_areas.get(code="xizhongdao")
    past = client.get(url(zone, on="2021-06-30", sub_area=str(sub_area.pk)))
    rows = past.context["pipeline"].rows
    signed = {c["stage"]: c for c in past.context["columns"]}["signed"]
    assert "ids=" not in signed["list_url"] and "2021-06-30" in signed["list_url"]
    listing = client.get(signed["list_url"])
    listed = {p.pk for p in listing.context["filter"].qs}
    assert listed == {r.project.pk for r in rows if r.stage == "signed"}
    assert len(listed) == signed["count"] > 0
    assert "2021-06-30" in listing.context["list_caption"]
    assert str(sub_area) in listing.context["list_caption"]
    stuck = client.get(past.context["stuck_url"])
    assert {p.pk for p in stuck.context["filter"].qs} == {r.project.pk for r in rows if r.stuck}


def column_ids(user: Any, zone: Any, stage: str) -> list[int]:
    """The zone's active projects in ``stage`` today, worked out from the records."""
    return list(
        selectors.active_projects(user=user, program=zone)
        .filter(stage=stage)
        .values_list("pk", flat=True)
    )


def test_stuck_projects_are_flagged_with_their_days(
    client: Any, zone_admin: Any, zone: Any
) -> None:
    today = timezone.localdate()
    late = new_project(
        zone, "T-LATE", "久拖项目", stage="signed", since=today - timedelta(days=200)
    )
    fresh = new_project(
        zone, "T-FRESH", "新签项目", stage="signed", since=today - timedelta(days=10)
    )
    client.force_login(zone_admin)
    rows = {
        r.project.code: r for r in client.get(url(zone, stage="signed")).context["page"].object_list
    }
    assert rows["T-LATE"].stuck and rows["T-LATE"].days == 200
    assert not rows["T-FRESH"].stuck and rows["T-FRESH"].days == 10
    stuck_only = client.get(url(zone, stuck="on")).context["page"].object_list
    codes = {r.project.code for r in stuck_only}
    assert late.code in codes and fresh.code not in codes
    assert all(r.stuck for r in stuck_only)
    # Looking back to a day when the late project was still fresh: not stuck then.
    earlier = (today - timedelta(days=150)).isoformat()
    rows = {
        r.project.code: r
        for r in client.get(url(zone, on=earlier, stage="signed")).context["page"].object_list
    }
    assert not rows["T-LATE"].stuck and rows["T-LATE"].days == 50
    assert "T-FRESH" not in rows  # it entered its stage after that day, and had no earlier one


def test_filters_by_sub_area_country_and_investor(
    client: Any, zone_admin: Any, zone: Any, xizhongdao: Any, iwatani: Any, iwatani_project: Any
) -> None:
    client.force_login(zone_admin)
    by_area = client.get(url(zone, sub_area=str(xizhongdao.pk))).context["page"].object_list
    assert by_area and all(r.project.sub_area_id == xizhongdao.pk for r in by_area)
    assert iwatani_project.code in {r.project.code for r in by_area}
    by_investor = client.get(url(zone, investor=str(iwatani.pk))).context["page"].object_list
    assert iwatani_project.code in {r.project.code for r in by_investor}
    by_country = client.get(url(zone, country="JP")).context["page"].object_list
    assert by_country
    for row in by_country:
        assert row.project.parties.filter(role="investor", organisation__country="JP").exists()


def test_unknown_zone_or_a_pairing_is_not_found(client: Any, zone_admin: Any) -> None:
    client.force_login(zone_admin)
    assert client.get(reverse("reports:pipeline", args=["no-such-zone"])).status_code == 404
    assert client.get(reverse("reports:pipeline", args=["dalian-liupanshui"])).status_code == 404


def test_anonymous_is_sent_to_login(client: Any, zone: Any) -> None:
    response = client.get(url(zone))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_enterprise_sees_only_its_own_projects(client: Any, enterprise: Any, zone: Any) -> None:
    client.force_login(enterprise)
    response = client.get(url(zone))
    visible = set(Project.objects.restrict(enterprise, "view").values_list("pk", flat=True))
    shown = {r.project.pk for r in response.context["pipeline"].rows}
    assert shown and shown <= visible
    assert response.context["total"] < selectors.active_projects(program=zone).count()


def test_page_renders_in_each_language(client: Any, zone_admin: Any, zone: Any) -> None:
    client.force_login(zone_admin)
    for lang, word in (("zh-hans", "签约"), ("ja", "調印"), ("en", "signed")):
        client.cookies["django_language"] = lang
        assert word in client.get(url(zone)).content.decode()
