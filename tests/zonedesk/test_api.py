"""The API of the life-cycle records: reads restricted, writes through the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from hezuo.projects.models import Project
from hezuo.zonedesk.models import AftercareVisit, Enquiry, ExchangeRate, ServiceLogEntry

from .conftest import api

pytestmark = pytest.mark.django_db


def test_service_log_refused_to_enterprise(nidec_project: Project) -> None:
    data = {
        "project": nidec_project.pk,
        "kind": "site",
        "provided_on": "2021-01-01",
        "description": "选址",
    }
    assert api("nidec").post("/api/project-services/", data, format="json").status_code == 403
    created = api("officer").post("/api/project-services/", data, format="json")
    assert created.status_code == 201
    entry = ServiceLogEntry.objects.get(pk=created.json()["id"])
    assert entry.history.first().history_change_reason == "service logged"


def test_enquiry_recorded_and_answered(zone: Any, officer: Any) -> None:
    client = api("officer")
    received = (timezone.now() - timedelta(days=1)).isoformat()
    response = client.post(
        "/api/enquiries/",
        {
            "program": zone.pk,
            "investor_name": "Test KK",
            "received_at": received,
            "channel": "email",
            "language": "ja",
            "question": "?",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    enquiry = Enquiry.objects.get(pk=response.json()["id"])
    assert response.json()["respond_by"] == enquiry.respond_by.isoformat()
    url = f"/api/enquiries/{enquiry.pk}/answer/"
    # the answer is given on the enquiry's version (issue 14, item 11)
    assert client.post(url, {"answer": "OK"}, format="json").status_code == 428
    stale = client.post(url, {"answer": "OK", "version": 99}, format="json")
    assert stale.status_code == 409
    assert client.post(url, {"answer": "", "version": 1}, format="json").status_code == 400
    answered = client.post(url, {"answer": "OK", "version": 1}, format="json")
    assert answered.status_code == 200 and answered.json()["answer"] == "OK"
    enquiry.refresh_from_db()
    assert enquiry.history.first().history_change_reason == "enquiry answered"
    assert api("dalian").get(f"/api/enquiries/{enquiry.pk}/").status_code == 404


def test_visit_and_lead(zone: Any, iwatani: Any, officer: Any) -> None:
    from hezuo.demo.world import JINPU
    from hezuo.directory.models import Organisation

    jinpu = Organisation.objects.get(name_zh_hans=JINPU, is_synthetic=False)
    visit = AftercareVisit.objects.create(
        program=zone,
        organisation=iwatani,
        visiting_office=jinpu,
        visited_on=date(2024, 5, 1),
        expansion_intention=True,
    )
    assert api("leader").post(f"/api/aftercare-visits/{visit.pk}/lead/").status_code == 403
    response = api("officer").post(f"/api/aftercare-visits/{visit.pk}/lead/")
    assert response.status_code == 200
    visit.refresh_from_db()
    assert response.json()["lead"] == visit.lead_id is not None


def test_official_rate_through_the_api(officer: Any) -> None:
    data = {"currency": "USD", "date": "2021-01-04", "rate": "6.5"}
    assert api("nidec").post("/api/exchange-rates/", data, format="json").status_code == 403
    response = api("officer").post("/api/exchange-rates/", data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["source"] == "official"
    row = ExchangeRate.objects.get(pk=response.json()["id"])
    assert row.entered_by == officer
    bad = api("officer").post("/api/exchange-rates/", {**data, "currency": "CNY"}, format="json")
    assert bad.status_code == 400 and "currency" in bad.json()
