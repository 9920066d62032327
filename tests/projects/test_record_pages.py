"""The pages of the life-cycle records: milestones, figures and possible duplicates (the zone
desk's pages: tests/zonedesk/test_pages.py).

Who may open what (per demo user, from the role matrix), what each form refuses and where the
error shows, that every write is made by the services (its history names the user and the
reason), the duplicate merge and dismissal.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from hezuo.base.services import SYSTEM
from hezuo.demo.world import DALIAN_ZONE
from hezuo.directory.models import Organisation
from hezuo.projects import services
from hezuo.projects.models import DuplicateDismissal, Milestone, Project, ProjectFigure
from hezuo.zonedesk import services as desk_services
from hezuo.zonedesk.models import ExchangeRate

from .conftest import new_project, user

pytestmark = pytest.mark.django_db

USERS = ["admin", "zone", "officer", "nidec", "mizuho", "dalian", "liupanshui", "buyer"]
USERS += ["leader", "auditor"]
#: Who may change the zone's projects (and so add milestones, figures, services on them).
ZONE_WRITERS = {"admin", "zone", "officer"}
#: Who sees every project (but changes none).
READERS = {"leader", "auditor"}
#: Who may add project records somewhere (enquiries, visits) and enter official rates.
PROJECT_WRITERS = {"admin", "zone", "officer", "dalian", "liupanshui"}
#: Who may change the zone itself (its settings).
ZONE_ADMINS = {"admin", "zone"}


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def errors_of(response: Any) -> dict[str, list[str]]:
    form = response.context["form"]
    return {k: [str(e) for e in v] for k, v in form.errors.items()}


# --- who may open what ------------------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_project_record_pages_follow_the_matrix(username: str, iwatani_project: Project) -> None:
    client = client_for(username)
    pk = iwatani_project.pk
    panel = client.get(reverse("projects:project_records", args=[pk]))
    add = client.get(reverse("projects:milestone_add", args=[pk]))
    figure = client.get(reverse("projects:figure_add", args=[pk]))
    service = client.get(reverse("zonedesk:service_add", args=[pk]))
    if username in ZONE_WRITERS:
        expected = (200, 200, 200, 200)
    elif username in READERS:
        expected = (200, 403, 403, 403)
    else:  # the project is out of their scope: not found, not merely refused
        expected = (404, 404, 404, 404)
    got = (panel.status_code, add.status_code, figure.status_code, service.status_code)
    assert got == expected
    if username in READERS:
        assert "add-milestone" not in panel.content.decode()


def test_enterprise_reads_its_own_project_records_but_writes_none(nidec_project: Project) -> None:
    client = client_for("nidec")
    assert (
        client.get(reverse("projects:project_records", args=[nidec_project.pk])).status_code == 200
    )
    response = client.post(
        reverse("projects:milestone_add", args=[nidec_project.pk]),
        {"title_zh_hans": "投产", "planned_on": "2030-01-01"},
    )
    assert response.status_code == 403
    assert not Milestone.objects.filter(project=nidec_project, title_zh_hans="投产").exists()


def test_pages_need_login(iwatani_project: Project, zone: Any) -> None:
    client = Client()
    enquiry = desk_services.record_enquiry(
        program=zone,
        received_at=timezone.now(),
        question="?",
        investor_name="X",
        acting_user=SYSTEM,
    )
    urls = [
        reverse("projects:project_records", args=[iwatani_project.pk]),
        reverse("projects:milestone_add", args=[iwatani_project.pk]),
        reverse("projects:figure_add", args=[iwatani_project.pk]),
        reverse("zonedesk:service_add", args=[iwatani_project.pk]),
        reverse("zonedesk:enquiry_list"),
        reverse("zonedesk:enquiry_add"),
        reverse("zonedesk:enquiry_detail", args=[enquiry.pk]),
        reverse("zonedesk:enquiry_answer", args=[enquiry.pk]),
        reverse("zonedesk:visit_list"),
        reverse("zonedesk:visit_add"),
        reverse("zonedesk:visit_check"),
        reverse("zonedesk:rate_list"),
        reverse("zonedesk:rate_add"),
        reverse("zonedesk:zone_settings", args=[DALIAN_ZONE]),
        reverse("projects:duplicate_list", args=[DALIAN_ZONE]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_forbidden_is_the_403_page_and_audited(iwatani_project: Project) -> None:
    from hezuo.accounts.models import AuditEntry

    client = client_for("leader")
    response = client.get(reverse("projects:milestone_add", args=[iwatani_project.pk]))
    assert response.status_code == 403
    assert "role_matrix" in response.content.decode() or "/roles/" in response.content.decode()
    assert AuditEntry.objects.filter(action="access_denied", user=user("leader")).exists()


# --- milestones ------------------------------------------------------------------------------


def test_add_milestone_through_the_service(iwatani_project: Project, officer: Any) -> None:
    client = client_for("officer")
    url = reverse("projects:milestone_add", args=[iwatani_project.pk])
    response = client.post(
        url,
        {"title_zh_hans": "取得营业执照", "title_ja": "営業許可の取得", "planned_on": "2020-10-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == iwatani_project.get_absolute_url() + "#records"
    milestone = Milestone.objects.get(project=iwatani_project, title_zh_hans="取得营业执照")
    record = milestone.history.first()
    assert record.history_user == officer
    assert record.history_change_reason == "milestone added"
    # past its planned date without an actual date: flagged in red on the panel
    panel = client.get(reverse("projects:project_records", args=[iwatani_project.pk]))
    html = panel.content.decode()
    row = re.search(r'<tr class="table-danger hz-overdue">.*?</tr>', html, re.S)
    assert row and "営業許可の取得" in row.group(0)


def test_milestone_form_errors_next_to_the_fields(iwatani_project: Project) -> None:
    client = client_for("officer")
    url = reverse("projects:milestone_add", args=[iwatani_project.pk])
    response = client.post(url, {"title_ja": "x", "planned_on": "not a date"})
    assert response.status_code == 200
    errors = errors_of(response)
    assert set(errors) == {"title_zh_hans", "planned_on"}
    # the fragment alone for the modal (htmx), the field's error in the user's language (the
    # officer writes Japanese)
    response = client.post(url, {"planned_on": "2030-01-01"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    with translation.override("ja"):
        required = translation.gettext("This field is required.")
    assert required != "This field is required."
    error = re.search(r'id="id_title_zh_hans_error".*?</div>', html, re.S)
    assert error and required in error.group(0)


def test_mark_milestone_done_and_version(iwatani_project: Project, officer: Any) -> None:
    milestone = services.add_milestone(
        project=iwatani_project,
        title_zh_hans="开工",
        planned_on=date(2021, 1, 1),
        acting_user=officer,
    )
    client = client_for("officer")
    url = reverse("projects:milestone_done", args=[iwatani_project.pk, milestone.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(url, {"actual_on": future, "version": milestone.version})
    assert "actual_on" in errors_of(response)
    stale = client.post(url, {"actual_on": "2021-02-01", "version": milestone.version + 1})
    assert errors_of(stale)["__all__"]
    milestone.refresh_from_db()
    assert milestone.actual_on is None
    response = client.post(url, {"actual_on": "2021-02-01", "version": milestone.version})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.actual_on == date(2021, 2, 1) and milestone.status == "done"
    record = milestone.history.first()
    assert record.history_user == officer
    assert record.history_change_reason == "milestone done on 2021-02-01"


def test_done_milestone_of_another_project_is_not_found(
    iwatani_project: Project, nidec_project: Project, officer: Any
) -> None:
    milestone = services.add_milestone(
        project=nidec_project,
        title_zh_hans="开工",
        planned_on=date(2021, 1, 1),
        acting_user=officer,
    )
    url = reverse("projects:milestone_done", args=[iwatani_project.pk, milestone.pk])
    assert client_for("officer").get(url).status_code == 404


# --- figures ---------------------------------------------------------------------------------


def test_figure_in_jpy_shows_cny_with_rate(
    iwatani_project: Project, rates: None, officer: Any
) -> None:
    client = client_for("officer")
    response = client.post(
        reverse("projects:figure_add", args=[iwatani_project.pk]),
        {
            "kind": "contracted_investment",
            "amount": "1000000000",
            "currency": "jpy",
            "recorded_on": "2020-08-24",
        },
    )
    assert response.status_code == 302
    figure = ProjectFigure.objects.get(project=iwatani_project, kind="contracted_investment")
    assert figure.currency == "JPY"
    assert figure.history.first().history_user == officer
    assert figure.history.first().history_change_reason == "figure recorded"
    rate = ExchangeRate.objects.get(currency="JPY", date=date(2020, 8, 24), source="ecb").rate
    cny = (Decimal(1000000000) * rate).quantize(Decimal("0.01"))
    html = client.get(reverse("projects:project_records", args=[iwatani_project.pk])).content
    html = html.decode()
    assert f"{cny:,.2f}" in html
    assert f"1 JPY = {rate:.6f} CNY" in html
    assert "2020-08-24" in html


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "contracted_investment", "amount": "10", "currency": ""}, "currency"),
        ({"kind": "jobs", "amount": "10", "currency": "CNY"}, "currency"),
        ({"kind": "jobs", "amount": "10.5", "currency": ""}, "amount"),
        ({"kind": "arrived_investment", "amount": "-1", "currency": "CNY"}, "amount"),
        ({"kind": "arrived_investment", "amount": "1", "currency": "ZZZ"}, "currency"),
        ({"kind": "nonsense", "amount": "1", "currency": "CNY"}, "kind"),
    ],
)
def test_figure_form_errors(iwatani_project: Project, data: dict[str, str], field: str) -> None:
    data = {"recorded_on": "2021-01-01", **data}
    response = client_for("officer").post(
        reverse("projects:figure_add", args=[iwatani_project.pk]), data
    )
    assert response.status_code == 200
    assert field in errors_of(response)
    assert not ProjectFigure.objects.filter(project=iwatani_project).exists()


def test_figure_in_the_future_is_refused(iwatani_project: Project) -> None:
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client_for("officer").post(
        reverse("projects:figure_add", args=[iwatani_project.pk]),
        {"kind": "jobs", "amount": "12", "currency": "", "recorded_on": future},
    )
    assert "recorded_on" in errors_of(response)


def test_figure_history_of_a_kind(iwatani_project: Project, officer: Any) -> None:
    for day, amount in ((date(2021, 1, 1), 10), (date(2022, 1, 1), 25)):
        services.record_figure(
            project=iwatani_project,
            kind="jobs",
            amount=Decimal(amount),
            recorded_on=day,
            acting_user=officer,
        )
    html = (
        client_for("officer")
        .get(reverse("projects:project_records", args=[iwatani_project.pk]))
        .content.decode()
    )
    assert 'id="history-jobs"' in html
    history = html[html.index('id="history-jobs"') :]
    assert history.index("2022-01-01") < history.index("2021-01-01")


# --- services log ---------------------------------------------------------------------------


# --- enquiries -------------------------------------------------------------------------------


# --- aftercare visits ------------------------------------------------------------------------


# --- exchange rates --------------------------------------------------------------------------


# --- zone settings ---------------------------------------------------------------------------


# --- possible duplicates ---------------------------------------------------------------------


@pytest.fixture
def pair(zone: Any, iwatani: Organisation) -> tuple[Project, Project]:
    a = new_project(zone, "DUP-A", "岩谷大连氢能利用项目", investor=iwatani, stage="signed")
    b = new_project(zone, "DUP-B", "岩谷大连氢能利用项目二期", investor=iwatani)
    return a, b


def shown_pairs(client: Client) -> set[tuple[str, str]]:
    response = client.get(reverse("projects:duplicate_list", args=[DALIAN_ZONE]), {"page": 1})
    found = set()
    page = 1
    while True:
        for row in response.context["rows"]:
            found.add((row["pair"].first.code, row["pair"].second.code))
        if not response.context["page"].has_next():
            return found
        page += 1
        response = client.get(
            reverse("projects:duplicate_list", args=[DALIAN_ZONE]), {"page": page}
        )


def test_duplicates_side_by_side_and_merge(
    pair: tuple[Project, Project], officer: Any, zone_admin: Any
) -> None:
    a, b = pair
    client = client_for("zone")
    assert ("DUP-A", "DUP-B") in shown_pairs(client)
    url = reverse("projects:duplicate_merge", args=[DALIAN_ZONE, a.pk, b.pk])
    response = client.post(url, {"keep": a.pk, "reason": ""})
    assert "reason" in errors_of(response)
    # the officer may change both but may not archive (delete) the one merged away
    refused = client_for("officer").post(url, {"keep": a.pk, "reason": "同一项目"})
    assert refused.status_code == 200 and errors_of(refused)["__all__"]
    b.refresh_from_db()
    assert b.merged_into is None
    response = client.post(url, {"keep": b.pk, "reason": "同一项目二次签约"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.merged_into == b and a.archived_at is not None
    record = a.history.first()
    assert record.history_user == zone_admin
    assert "merged DUP-A into DUP-B" in record.history_change_reason
    assert ("DUP-A", "DUP-B") not in shown_pairs(client)


def test_duplicates_dismissed_from_the_page(pair: tuple[Project, Project], officer: Any) -> None:
    a, b = pair
    client = client_for("officer")
    url = reverse("projects:duplicate_dismiss", args=[DALIAN_ZONE, a.pk, b.pk])
    response = client.post(url, {"reason": "  "})
    assert "reason" in errors_of(response)
    response = client.post(url, {"reason": "一期和二期是两个独立的投资"})
    assert response.status_code == 302
    dismissal = DuplicateDismissal.objects.get(first=a, second=b)
    assert dismissal.decided_by == officer
    assert ("DUP-A", "DUP-B") not in shown_pairs(client)


def test_duplicate_actions_refused_to_readers(pair: tuple[Project, Project]) -> None:
    a, b = pair
    for name in ("duplicate_merge", "duplicate_dismiss"):
        url = reverse(f"projects:{name}", args=[DALIAN_ZONE, a.pk, b.pk])
        assert client_for("leader").post(url, {"keep": a.pk, "reason": "x"}).status_code == 403
        assert client_for("nidec").post(url, {"keep": a.pk, "reason": "x"}).status_code == 404
        assert client_for("officer").get(url).status_code == 405
    assert not DuplicateDismissal.objects.filter(first=a).exists()

    def page(username: str) -> str:
        url = reverse("projects:duplicate_list", args=[DALIAN_ZONE])
        found = ""
        for number in (1, 2, 3, 4, 5, 6):
            found += client_for(username).get(url, {"page": number}).content.decode()
        return found[found.index(f'id="pair-{a.pk}-{b.pk}"') :][:6000]

    assert "hz-merge" not in page("leader") and "hz-dismiss" not in page("leader")
    # the officer may mark them distinct but not merge (a merge archives a project)
    assert "hz-merge" not in page("officer") and "hz-dismiss" in page("officer")
    assert "hz-merge" in page("zone")


# --- every page in every language --------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh-hans", "ja", "en"])
def test_pages_in_each_language(
    lang: str, iwatani_project: Project, zone: Any, officer: Any
) -> None:
    enquiry = desk_services.record_enquiry(
        program=zone,
        received_at=timezone.now(),
        question="?",
        investor_name="X",
        acting_user=officer,
    )
    client = client_for("admin")
    client.cookies.load({"django_language": lang})
    urls = {
        "project_records": reverse("projects:project_records", args=[iwatani_project.pk]),
        "enquiry_list": reverse("zonedesk:enquiry_list"),
        "enquiry_detail": reverse("zonedesk:enquiry_detail", args=[enquiry.pk]),
        "visit_list": reverse("zonedesk:visit_list"),
        "rate_list": reverse("zonedesk:rate_list"),
        "zone_settings": reverse("zonedesk:zone_settings", args=[DALIAN_ZONE]),
        "duplicate_list": reverse("projects:duplicate_list", args=[DALIAN_ZONE]),
        "milestone_add": reverse("projects:milestone_add", args=[iwatani_project.pk]),
    }
    with translation.override(lang):
        expected = translation.gettext("Log out")
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert f'<html lang="{lang}">' in html, name
        assert expected in html, name
