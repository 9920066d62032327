"""The API of the life-cycle records: reads restricted, writes through the services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from hezuo.projects.models import Milestone, Project, ProjectFigure
from hezuo.zonedesk.models import ExchangeRate

from .conftest import user

pytestmark = pytest.mark.django_db


def api(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(user(username))
    return client


def test_milestone_created_and_done_through_the_services(
    iwatani_project: Project, officer: Any
) -> None:
    client = api("officer")
    response = client.post(
        "/api/milestones/",
        {"project": iwatani_project.pk, "title_zh_hans": "开工", "planned_on": "2021-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["overdue"] is True and body["status"] == "planned"
    milestone = Milestone.objects.get(pk=body["id"])
    assert milestone.history.first().history_user == officer
    assert milestone.history.first().history_change_reason == "milestone added"
    url = f"/api/milestones/{milestone.pk}/done/"
    stale = client.post(url, {"actual_on": "2021-02-01", "version": 99}, format="json")
    assert stale.status_code == 409
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    # the milestone is completed on its version (issue 14, item 11)
    assert client.post(url, {"actual_on": "2021-02-01"}, format="json").status_code == 428
    refused = client.post(url, {"actual_on": future, "version": 1}, format="json")
    assert refused.status_code == 400 and "actual_on" in refused.json()
    done = client.post(url, {"actual_on": "2021-02-01", "version": 1}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "done" and done.json()["overdue"] is False
    # no plain update or delete
    assert client.patch(f"/api/milestones/{milestone.pk}/", {}, format="json").status_code == 405
    assert client.delete(f"/api/milestones/{milestone.pk}/").status_code == 405
    # a reader may read but not write; out of scope: not found
    assert api("leader").post(url, {"actual_on": "2021-02-01"}, format="json").status_code == 403
    assert api("nidec").get(f"/api/milestones/{milestone.pk}/").status_code == 404


def test_figure_with_its_cny_value(iwatani_project: Project, rates: None) -> None:
    response = api("officer").post(
        "/api/project-figures/",
        {
            "project": iwatani_project.pk,
            "kind": "contracted_investment",
            "amount": "1000000",
            "currency": "jpy",
            "recorded_on": "2020-08-24",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    cny = response.json()["cny"]
    rate = ExchangeRate.objects.get(currency="JPY", date=date(2020, 8, 24), source="ecb").rate
    assert Decimal(cny["rate"]) == rate and cny["rate_date"] == "2020-08-24"
    assert Decimal(cny["amount"]) == (Decimal(1000000) * rate).quantize(Decimal("0.01"))
    assert cny["source"] == "ecb"
    bad = api("officer").post(
        "/api/project-figures/",
        {
            "project": iwatani_project.pk,
            "kind": "jobs",
            "amount": "1.5",
            "recorded_on": "2021-01-01",
        },
        format="json",
    )
    assert bad.status_code == 400 and "amount" in bad.json()
    assert ProjectFigure.objects.filter(project=iwatani_project).count() == 1
