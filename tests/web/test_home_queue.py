"""The home page is each user's work queue: what waits for *them*, only from areas they may see,
at a query cost that does not grow with the data.

The setup plants one item per section and says, independently of the queue's code, who must see
it: an interest awaiting Nidec's answer (Nidec, and the Dalian zone's desk; not Liupanshui's
office), an overdue milestone on a Dalian zone project without Nidec (the zone's staff only), an
open monitoring case past its 15-day deadline in Liuzhi (Liupanshui's office only: households
are personal data of the assisted side).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hezuo.assistance import models as am
from hezuo.demo.matching import build_matching
from hezuo.demo.world import DALIAN_ZONE, NIDEC, PAIRING
from hezuo.matchdesk import services as matching_services
from hezuo.matchdesk.models import Interest, Opportunity
from hezuo.projects.models import Milestone, Project
from hezuo.regions.models import Program, Region

pytestmark = pytest.mark.django_db

VILLAGE = "520203001001"  # 青龙社区, 六枝特区
MOTOR_OFFER = "精密モーターと駆動制御の技術提供"  # Nidec's
MOTOR_REQUEST = "寻求车用电机驱动与控制技术合作"  # 东软睿驰's
TODAY = timezone.localdate()


def user(name: str):
    return get_user_model().objects.get(username=name)


def zone_project_without_nidec() -> Project:
    return (
        Project.objects.filter(program__code=DALIAN_ZONE, archived_at__isnull=True)
        .exclude(parties__organisation__name_zh_hans__startswith="日本电产")
        .exclude(parties__organisation__name_zh_hans__startswith="尼得科")
        .order_by("code")
        .first()
    )


def overdue_milestone(project: Project, n: int = 0) -> Milestone:
    return Milestone.objects.create(
        project=project,
        title_zh_hans=f"测试逾期里程碑{n}",
        planned_on=TODAY - timedelta(days=10 + n),
    )


def overdue_case(n: int = 0) -> am.MonitoringCase:
    household = am.Household.objects.create(
        program=Program.objects.get(code=PAIRING),
        number=f"HOME-QL-{n:03d}",
        village=Region.objects.get(code=VILLAGE),
    )
    return am.MonitoringCase.objects.create(
        household=household,
        kind="edge",
        found_by="visit",
        first_lead_on=TODAY - timedelta(days=30 + n),
    )


@pytest.fixture
def planted():
    build_matching(scale=0)
    Interest.objects.all().delete()
    Milestone.objects.all().delete()
    am.MonitoringCase.objects.all().delete()
    offer = Opportunity.objects.get(title=MOTOR_OFFER)
    request = Opportunity.objects.get(title=MOTOR_REQUEST)
    assert offer.owner.name_zh_hans == NIDEC
    interest = matching_services.express_interest(
        acting_user=user("zone"),  # the desk may act for 东软睿驰
        opportunity=request,
        counterpart=offer,
        respond_by=TODAY + timedelta(days=5),
    )
    project = zone_project_without_nidec()
    return {
        "interest": interest,
        "offer": offer,
        "project": project,
        "milestone": overdue_milestone(project),
        "case": overdue_case(),
    }


def sections(client, name: str) -> dict[str, tuple[int, list[str]]]:
    """The home page's queue as the user sees it: section → (count, item labels)."""
    client.force_login(user(name))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return {s.key: (s.count, [i.label for i in s.items]) for s in response.context["queue"]}


def test_nidec_sees_the_interest_awaiting_its_answer_and_nothing_of_others(client, planted):
    queue = sections(client, "nidec")
    assert queue["interests"] == (1, [planted["offer"].title])
    assert queue["milestones"][0] == 0  # the zone's project without Nidec
    assert "cases" not in queue  # households: not an enterprise's area
    html = client.get(reverse("home")).content.decode()
    assert planted["offer"].get_absolute_url() in html
    assert str(planted["milestone"].title) not in html


def test_zone_staff_see_the_overdue_milestone_and_the_desk(client, planted):
    queue = sections(client, "zone")
    assert queue["milestones"] == (1, [planted["milestone"].title])
    assert queue["interests"][0] == 1  # the desk follows every interest of its zone
    assert "cases" not in queue
    html = client.get(reverse("home")).content.decode()
    assert planted["project"].get_absolute_url() in html
    assert f"ids={planted['project'].pk}" in html  # "see all": the projects behind the count
    # what the home page showed before stays
    assert 'id="stage-chart"' in html and reverse("projects:project_list") in html


def test_liupanshui_sees_the_overdue_case_and_no_zone_work(client, planted):
    queue = sections(client, "liupanshui")
    assert queue["cases"] == (1, [str(planted["case"])])
    assert queue["milestones"][0] == 0 and queue["interests"][0] == 0
    assert "notices" not in queue  # applications for policies: not the assisted office's area
    html = client.get(reverse("home")).content.decode()
    assert planted["case"].get_absolute_url() in html and reverse("assistance:monitoring") in html


def test_an_expired_interest_is_flagged_late(client, planted):
    Interest.objects.filter(pk=planted["interest"].pk).update(respond_by=TODAY - timedelta(days=1))
    client.force_login(user("nidec"))
    section = next(s for s in client.get(reverse("home")).context["queue"] if s.key == "interests")
    assert section.items[0].late


def home_queries(client, name: str) -> int:
    client.force_login(user(name))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["zone", "liupanshui"])
def test_query_count_does_not_grow_with_the_data(
    client, planted, name, django_assert_max_num_queries
):
    before = home_queries(client, name)
    project = planted["project"]
    for n in range(1, 9):
        overdue_milestone(project, n)
        overdue_case(n)
    offer = planted["offer"]
    for other in Opportunity.objects.filter(kind=offer.complement).exclude(title=MOTOR_REQUEST)[:3]:
        matching_services.express_interest(
            acting_user=user("zone"), opportunity=other, counterpart=offer
        )
    after = home_queries(client, name)
    assert after == before
    client.force_login(user(name))
    with django_assert_max_num_queries(40):
        client.get(reverse("home"))


def test_meetings_of_this_week_monday_to_sunday_seen_by_their_parties(client, planted):
    from datetime import datetime, time

    offer, request = planted["offer"], planted["interest"].opportunity
    matching_services.express_interest(  # Nidec answers: mutual interest
        acting_user=user("nidec"), opportunity=offer, counterpart=request
    )
    zone = timezone.get_current_timezone()
    monday = TODAY - timedelta(days=TODAY.weekday())
    for day, place in ((monday, "本周会议室"), (monday + timedelta(days=7), "下周会议室")):
        matching_services.schedule_meeting(
            acting_user=user("zone"),
            a=offer,
            b=request,
            starts_at=datetime.combine(day, time(9, 30), tzinfo=zone),
            place=place,
        )
    for name in ("nidec", "zone"):
        assert sections(client, name)["meetings"][0] == 1, name
        html = client.get(reverse("home")).content.decode()
        assert "本周会议室" in html and "下周会议室" not in html
    assert sections(client, "liupanshui")["meetings"][0] == 0  # another program's desk


#: Each section and the group of the role matrix its records belong to.
SECTION_GROUPS = {
    "interests": "introductions",
    "meetings": "introductions",
    "milestones": "projects",
    "stuck": "projects",
    "cases": "households",
    "notices": "applications",
}


@pytest.mark.parametrize(
    "name",
    ["zone", "officer", "nidec", "mizuho", "dalian", "liupanshui", "buyer", "leader", "auditor"],
)
def test_each_role_sees_the_sections_of_the_areas_the_matrix_lets_it_read(client, name):
    from hezuo.core.access import scope_for

    roles = list(user(name).memberships.values_list("role", flat=True))
    expected = {
        key
        for key, group in SECTION_GROUPS.items()
        if any(scope_for(role, group, "view") is not None for role in roles)
    }
    assert set(sections(client, name)) == expected
