"""The zone desk's pages: services on a project, enquiries, aftercare visits, exchange rates
and zone settings.

Who may open what (per demo user, from the role matrix), what each form refuses and where the
error shows, that every write is made by the services (its history names the user and the
reason), and that an official rate wins over the ECB's. The URL paths are those the pages had
under projects (bookmarks), their names are in the ``zonedesk`` namespace.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hezuo.base.services import SYSTEM
from hezuo.demo.world import DALIAN_ZONE, JINPU
from hezuo.directory.models import Organisation
from hezuo.projects import services as project_services
from hezuo.projects.models import Project
from hezuo.zonedesk import services
from hezuo.zonedesk.models import (
    AftercareVisit,
    Enquiry,
    ExchangeRate,
    ServiceLogEntry,
    ZoneSettings,
)
from tests.projects.test_record_pages import (
    PROJECT_WRITERS,
    USERS,
    ZONE_ADMINS,
    client_for,
    errors_of,
)

from .conftest import user

pytestmark = pytest.mark.django_db


@pytest.fixture
def jinpu(db: Any) -> Organisation:
    return Organisation.objects.get(name_zh_hans=JINPU, is_synthetic=False)


@pytest.fixture
def bureau(db: Any) -> Organisation:
    return Organisation.objects.create(name_zh_hans="大连市商务局", kind="government")


@pytest.mark.parametrize("username", USERS)
def test_list_and_add_pages_follow_the_matrix(username: str) -> None:
    client = client_for(username)
    for name in ("enquiry_list", "visit_list", "rate_list"):
        assert client.get(reverse(f"zonedesk:{name}")).status_code == 200, name
    # the assisted office adds projects in its regions only, and no program lies there
    record_writers = PROJECT_WRITERS - {"liupanshui"}
    writes = {
        "enquiry_add": record_writers,
        "visit_add": record_writers,
        "rate_add": PROJECT_WRITERS,
    }
    for name, allowed in writes.items():
        status = client.get(reverse(f"zonedesk:{name}")).status_code
        assert status == (200 if username in allowed else 403), name


@pytest.mark.parametrize("username", USERS)
def test_zone_pages_follow_the_matrix(username: str) -> None:
    client = client_for(username)
    url = reverse("zonedesk:zone_settings", args=[DALIAN_ZONE])
    response = client.get(url)
    assert response.status_code == 200
    assert (response.context["can_change"]) == (username in ZONE_ADMINS)
    posted = client.post(url, {"enquiry_response_days": 3})
    assert posted.status_code == (302 if username in ZONE_ADMINS else 403)
    assert client.get(reverse("projects:duplicate_list", args=[DALIAN_ZONE])).status_code == 200


def test_zone_pages_of_an_unknown_zone_or_a_pairing() -> None:
    client = client_for("admin")
    assert client.get(reverse("zonedesk:zone_settings", args=["nowhere"])).status_code == 404
    from hezuo.demo.world import PAIRING

    assert client.get(reverse("zonedesk:zone_settings", args=[PAIRING])).status_code == 404


def test_log_service(iwatani_project: Project, officer: Any, jinpu: Organisation) -> None:
    client = client_for("officer")
    url = reverse("zonedesk:service_add", args=[iwatani_project.pk])
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client.post(url, {"kind": "permit", "provided_on": future, "description": ""})
    assert {"provided_on", "description", "outcome"} <= set(errors_of(response))
    response = client.post(
        url,
        {
            "kind": "permit",
            "provided_on": "2021-03-01",
            "office": jinpu.pk,
            "description": "协助办理危险化学品经营许可",
            "outcome": "resolved",
        },
    )
    assert response.status_code == 302
    entry = ServiceLogEntry.objects.get(project=iwatani_project)
    assert entry.office == jinpu and entry.outcome == "resolved"
    assert entry.history.first().history_user == officer
    assert entry.history.first().history_change_reason == "service logged"


def enquiry_data(zone: Any, **changes: Any) -> dict[str, Any]:
    return {
        "program": zone.pk,
        "investor_name": "株式会社テスト",
        "received_at": (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "channel": "email",
        "language": "ja",
        "question": "用地の価格は？",
        **changes,
    }


def test_record_enquiry_deadline_from_zone_settings(
    zone: Any, officer: Any, zone_admin: Any
) -> None:
    services.set_zone_settings(program=zone, enquiry_response_days=3, acting_user=zone_admin)
    client = client_for("officer")
    response = client.post(reverse("zonedesk:enquiry_add"), enquiry_data(zone, officer=officer.pk))
    assert response.status_code == 302
    enquiry = Enquiry.objects.get(investor_name="株式会社テスト")
    received = timezone.localdate(enquiry.received_at)
    assert enquiry.respond_by == received + timedelta(days=3)
    assert enquiry.officer == officer
    assert enquiry.history.first().history_user == officer
    assert enquiry.history.first().history_change_reason == "enquiry received"
    assert response["Location"] == reverse("zonedesk:enquiry_detail", args=[enquiry.pk])


def test_enquiry_form_errors(zone: Any) -> None:
    client = client_for("officer")
    url = reverse("zonedesk:enquiry_add")
    response = client.post(url, enquiry_data(zone, investor_name="", question=""))
    assert {"investor", "question"} <= set(errors_of(response))
    future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, enquiry_data(zone, received_at=future))
    assert "received_at" in errors_of(response)
    assert not Enquiry.objects.filter(investor_name="株式会社テスト").exists()


def test_enquiry_outside_ones_programs_is_refused(zone: Any) -> None:
    """The donor office of the city pairing may not file an enquiry in the zone."""
    response = client_for("dalian").post(reverse("zonedesk:enquiry_add"), enquiry_data(zone))
    assert response.status_code == 200
    assert "program" in errors_of(response)
    assert not Enquiry.objects.filter(investor_name="株式会社テスト").exists()


def test_enquiry_list_flags_and_filters(zone: Any, officer: Any, zone_admin: Any) -> None:
    now = timezone.now()
    late = services.record_enquiry(
        program=zone,
        received_at=now - timedelta(days=20),
        question="late",
        investor_name="Late Co.",
        officer=officer,
        acting_user=officer,
    )
    fresh = services.record_enquiry(
        program=zone,
        received_at=now - timedelta(hours=2),
        question="fresh",
        investor_name="Fresh Co.",
        acting_user=zone_admin,
    )
    services.escalate_overdue_enquiries(acting_user=SYSTEM, on=timezone.localdate())
    client = client_for("zone")
    url = reverse("zonedesk:enquiry_list")
    html = client.get(url).content.decode()
    row = re.search(r'<tr class="table-danger hz-overdue">.*?</tr>', html, re.S)
    assert row and "Late Co." in row.group(0)
    overdue = client.get(url, {"status": "overdue"}).context["page"]
    assert [e.pk for e in overdue] == [late.pk]
    open_ = client.get(url, {"status": "open"}).context["page"]
    assert fresh.pk in [e.pk for e in open_] and late.pk not in [e.pk for e in open_]
    mine = client.get(url, {"officer": officer.pk}).context["page"]
    assert [e.pk for e in mine] == [late.pk]
    escalated = client.get(url, {"status": "escalated"}).context["page"]
    assert [e.pk for e in escalated] == [late.pk]
    # the detail shows when and to whom it was escalated
    detail = client.get(reverse("zonedesk:enquiry_detail", args=[late.pk])).content.decode()
    escalation = detail[detail.index('id="escalation"') :]
    assert late.escalated_to.exists()
    for person in late.escalated_to.all():
        assert (person.get_full_name() or person.username) in escalation[:600]


def test_enquiry_list_holds_only_enquiries_in_scope(zone: Any, officer: Any) -> None:
    services.record_enquiry(
        program=zone,
        received_at=timezone.now(),
        question="q",
        investor_name="Zone Co.",
        acting_user=officer,
    )
    assert client_for("zone").get(reverse("zonedesk:enquiry_list")).context["count"] == 1
    assert client_for("dalian").get(reverse("zonedesk:enquiry_list")).context["count"] == 0
    assert client_for("nidec").get(reverse("zonedesk:enquiry_list")).context["count"] == 0


def test_answer_enquiry(zone: Any, officer: Any) -> None:
    enquiry = services.record_enquiry(
        program=zone,
        received_at=timezone.now() - timedelta(days=1),
        question="电价？",
        investor_name="X",
        acting_user=officer,
    )
    client = client_for("zone")
    url = reverse("zonedesk:enquiry_answer", args=[enquiry.pk])
    response = client.post(url, {"answer": "", "version": enquiry.version})
    assert "answer" in errors_of(response)
    earlier = (enquiry.received_at - timedelta(days=2)).astimezone(timezone.get_current_timezone())
    response = client.post(
        url, {"answer": "0.6元/度", "answered_at": earlier.strftime("%Y-%m-%dT%H:%M")}
    )
    assert "answered_at" in errors_of(response)
    response = client.post(url, {"answer": "0.6元/度", "version": enquiry.version})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.answer == "0.6元/度" and enquiry.answered_at is not None
    assert enquiry.history.first().history_user == user("zone")
    assert enquiry.history.first().history_change_reason == "enquiry answered"
    # out of scope: not found; read-only role: refused
    assert client_for("dalian").get(url).status_code == 404
    assert client_for("leader").get(url).status_code == 403


def test_enquiry_contact_is_masked_for_roles_without_personal_data(zone: Any, admin: Any) -> None:
    enquiry = services.record_enquiry(
        program=zone,
        received_at=timezone.now(),
        question="?",
        investor_name="X",
        contact="+81 90 1234 5678",
        acting_user=admin,
    )
    url = reverse("zonedesk:enquiry_detail", args=[enquiry.pk])
    assert "+81 90 1234 5678" not in client_for("zone").get(url).content.decode()
    assert "+81 90 1234 5678" in client_for("admin").get(url).content.decode()
    # and the add form does not take personal data from a role that may not see it
    assert (
        "contact"
        not in client_for("officer").get(reverse("zonedesk:enquiry_add")).context["form"].fields
    )


def visit_data(
    zone: Any, firm: Organisation, office: Organisation, **changes: Any
) -> dict[str, Any]:
    return {
        "program": zone.pk,
        "organisation": firm.pk,
        "visiting_office": office.pk,
        "visited_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "issues": "电力增容",
        **changes,
    }


def test_visit_warns_of_other_offices(
    zone: Any, iwatani: Organisation, jinpu: Organisation, bureau: Organisation, officer: Any
) -> None:
    services.record_visit(
        program=zone,
        organisation=iwatani,
        visiting_office=jinpu,
        visited_on=timezone.localdate() - timedelta(days=30),
        issues="氢气运输审批",
        acting_user=officer,
    )
    client = client_for("officer")
    url = reverse("zonedesk:visit_add")
    # the live check shown while the form is filled in
    check = client.get(
        reverse("zonedesk:visit_check"),
        {"organisation": iwatani.pk, "visiting_office": bureau.pk},
    ).content.decode()
    assert 'id="other-offices"' in check and "氢气运输审批" in check
    # saving is held until the officer has read it
    response = client.post(url, visit_data(zone, iwatani, bureau))
    assert response.status_code == 200
    assert response.context["others"] and response.context["acknowledge"]
    assert AftercareVisit.objects.filter(visiting_office=bureau).count() == 0
    response = client.post(url, {**visit_data(zone, iwatani, bureau), "acknowledged": "1"})
    assert response.status_code == 302
    visit = AftercareVisit.objects.get(visiting_office=bureau)
    assert visit.history.first().history_user == officer
    assert visit.history.first().history_change_reason == "aftercare visit"
    # the firm's shared log lists both offices' visits
    log = client.get(reverse("zonedesk:visit_firm", args=[iwatani.pk]))
    assert {v.visiting_office for v in log.context["visits"]} == {jinpu, bureau}


def test_visit_form_errors(zone: Any, iwatani: Organisation, jinpu: Organisation) -> None:
    client = client_for("officer")
    url = reverse("zonedesk:visit_add")
    response = client.post(url, visit_data(zone, iwatani, iwatani))
    assert "visiting_office" in errors_of(response)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(url, visit_data(zone, iwatani, jinpu, visited_on=future))
    assert "visited_on" in errors_of(response)
    assert not AftercareVisit.objects.exists()


def test_visit_with_expansion_opens_the_new_lead(
    zone: Any, iwatani: Organisation, jinpu: Organisation, officer: Any
) -> None:
    response = client_for("officer").post(
        reverse("zonedesk:visit_add"),
        visit_data(zone, iwatani, jinpu, expansion_intention="on", expansion_note="二期"),
    )
    visit = AftercareVisit.objects.get(organisation=iwatani)
    assert visit.lead is not None
    assert response["Location"] == visit.lead.get_absolute_url()


def test_turn_expansion_into_a_lead(
    zone: Any, iwatani: Organisation, jinpu: Organisation, officer: Any
) -> None:
    visit = AftercareVisit(
        program=zone,
        organisation=iwatani,
        visiting_office=jinpu,
        visited_on=date(2024, 5, 1),
        expansion_intention=True,
        expansion_note="新增加氢站两座",
    )
    visit.save()
    url = reverse("zonedesk:visit_lead", args=[visit.pk])
    assert client_for("leader").post(url).status_code == 403
    assert client_for("nidec").post(url).status_code == 404
    page = client_for("officer").get(reverse("zonedesk:visit_list"))
    assert url in page.content.decode()  # the action is offered
    response = client_for("officer").post(url)
    visit.refresh_from_db()
    lead = visit.lead
    assert lead is not None and lead.stage == "lead"
    assert response["Location"] == lead.get_absolute_url()
    assert lead.history.first().history_user == officer
    assert "lead from aftercare visit" in lead.history.first().history_change_reason
    # once made, the same lead: no second one
    client_for("officer").post(url)
    assert Project.objects.filter(source_visits=visit).count() == 1


def test_visit_without_intention_makes_no_lead(
    zone: Any, iwatani: Organisation, jinpu: Organisation
) -> None:
    visit = AftercareVisit.objects.create(
        program=zone, organisation=iwatani, visiting_office=jinpu, visited_on=date(2024, 5, 1)
    )
    response = client_for("officer").post(reverse("zonedesk:visit_lead", args=[visit.pk]))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.lead is None


def test_official_rate_takes_precedence_on_the_page(
    iwatani_project: Project, rates: None, officer: Any
) -> None:
    day = date(2020, 8, 24)
    ecb = ExchangeRate.objects.get(currency="JPY", date=day, source="ecb")
    client = client_for("officer")
    response = client.post(
        reverse("zonedesk:rate_add"),
        {"currency": "JPY", "date": day.isoformat(), "rate": "0.0650", "note": "PBOC 6.50/100"},
    )
    assert response.status_code == 302
    official = ExchangeRate.objects.get(currency="JPY", date=day, source="official")
    assert official.entered_by == officer
    assert official.history.first().history_user == officer
    assert official.history.first().history_change_reason == "PBOC 6.50/100"
    # the list marks the official rate in force and the ECB's of that day superseded
    page = client.get(reverse("zonedesk:rate_list"), {"currency": "JPY", "date_to": "2020-08-24"})
    rows = {(r.source, r.date): r for r in page.context["page"]}
    assert rows[("ecb", day)].superseded and not rows[("official", day)].superseded
    assert "hz-superseded" in page.content.decode() and "hz-official" in page.content.decode()
    assert ecb.rate != official.rate
    # a figure of that day converts at the official rate, shown beside it
    project_services.record_figure(
        project=iwatani_project,
        kind="contracted_investment",
        amount=Decimal(1000000),
        currency="JPY",
        recorded_on=day,
        acting_user=officer,
    )
    html = client.get(reverse("projects:project_records", args=[iwatani_project.pk])).content
    html = html.decode()
    assert "65,000.00" in html
    assert "1 JPY = 0.065000 CNY" in html
    cells = html[html.index("hz-rate") :][:400]
    assert "badge text-bg-warning" in cells  # marked official


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"currency": "CNY", "rate": "1"}, "currency"),
        ({"currency": "JPY", "rate": "0"}, "rate"),
        ({"currency": "QQQ", "rate": "1"}, "currency"),
        ({"currency": "JPY", "rate": "abc"}, "rate"),
    ],
)
def test_rate_form_errors(data: dict[str, str], field: str) -> None:
    response = client_for("officer").post(
        reverse("zonedesk:rate_add"), {"date": "2021-01-04", **data}
    )
    assert response.status_code == 200
    assert field in errors_of(response)
    assert not ExchangeRate.objects.filter(source="official").exists()


def test_rate_in_the_future_is_refused() -> None:
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = client_for("officer").post(
        reverse("zonedesk:rate_add"), {"currency": "USD", "rate": "7.1", "date": future}
    )
    assert "date" in errors_of(response)


def test_rate_list_filters(rates: None) -> None:
    client = client_for("nidec")
    page = client.get(
        reverse("zonedesk:rate_list"),
        {"currency": "usd", "date_from": "2020-08-03", "date_to": "2020-08-07"},
    ).context["page"]
    assert {r.currency for r in page} == {"USD"}
    assert {r.date for r in page} == {date(2020, 8, d) for d in range(3, 8)}


def test_zone_settings_saved_through_the_service(zone: Any, zone_admin: Any) -> None:
    client = client_for("zone")
    url = reverse("zonedesk:zone_settings", args=[DALIAN_ZONE])
    response = client.post(url, {"enquiry_response_days": "0", "stuck_signed": "0"})
    assert {"enquiry_response_days", "stuck_signed"} <= set(errors_of(response))
    response = client.post(url, {"enquiry_response_days": "3", "stuck_signed": "90"})
    assert response.status_code == 302
    settings = ZoneSettings.objects.get(program=zone)
    assert settings.enquiry_response_days == 3
    assert settings.stuck_days == {"signed": 90}
    assert settings.thresholds()["registered"] == 365  # left empty: the default
    assert settings.history.first().history_user == zone_admin
    assert settings.history.first().history_change_reason == "zone settings"
    # the officer reads them but may not change them
    officer_page = client_for("officer").get(url)
    assert not officer_page.context["can_change"]
    assert ("signed", officer_page.context["thresholds"][2][1], 90) == (
        "signed",
        officer_page.context["thresholds"][2][1],
        officer_page.context["thresholds"][2][2],
    )


def test_received_at_is_shown_in_local_time(zone: Any, officer: Any) -> None:
    received = timezone.make_aware(datetime(2024, 3, 1, 9, 30))
    enquiry = services.record_enquiry(
        program=zone, received_at=received, question="?", investor_name="X", acting_user=officer
    )
    html = client_for("zone").get(reverse("zonedesk:enquiry_detail", args=[enquiry.pk]))
    assert "2024-03-01 09:30" in html.content.decode()
