"""A household's status set through the REST API is kept in its status history, exactly as
one set on the household's page (``services.change_household_status``)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from hezuo.assistance import models as m


def current_version(obj):
    """The record's version as stored now: an API change must send the version it is made on."""
    return type(obj)._default_manager.get(pk=obj.pk).version


pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user_named):
    client = APIClient()
    client.force_authenticate(user_named("liupanshui"))
    return client


def history(household: m.Household) -> list[tuple[str, date, str]]:
    return [(c.status, c.since, c.reason) for c in household.status_changes.order_by("pk")]


def test_a_status_changed_through_the_api_is_in_the_history(ledger, api):
    h = ledger.h1
    response = api.patch(
        f"/api/assistance/households/{h.pk}/",
        {
            "status": "lifted",
            "status_since": "2025-10-01",
            "status_reason": "收入达标",
            "version": current_version(h),
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "lifted"
    assert "status_reason" not in response.json()
    h.refresh_from_db()
    assert (h.status, h.status_since) == ("lifted", date(2025, 10, 1))
    assert history(h) == [("lifted", date(2025, 10, 1), "收入达标")]
    change = h.status_changes.get()
    assert change.history.first().history_user.username == "liupanshui"


def test_a_new_status_without_a_day_holds_from_today(ledger, api):
    h = ledger.h2
    response = api.patch(
        f"/api/assistance/households/{h.pk}/",
        {"status": "monitored", "version": current_version(h)},
    )
    assert response.status_code == 200, response.content
    assert history(h) == [("monitored", timezone.localdate(), "")]


def test_other_fields_change_without_a_status_change(ledger, api):
    h = ledger.h3
    response = api.patch(
        f"/api/assistance/households/{h.pk}/",
        {"bank_account": "6217000011112222", "version": current_version(h)},
    )
    assert response.status_code == 200, response.content
    h.refresh_from_db()
    assert h.bank_account == "6217000011112222"
    assert history(h) == []


def test_a_household_added_through_the_api_starts_its_history(ledger, api):
    response = api.post(
        "/api/assistance/households/",
        {
            "program": ledger.program.pk,
            "number": "T-H9",
            "village": ledger.h1.village_id,
            "status": "monitored",
            "status_since": "2025-04-02",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    h = m.Household.objects.get(number="T-H9")
    assert [(s, d) for s, d, _r in history(h)] == [("monitored", date(2025, 4, 2))]


def test_an_invalid_status_is_refused_and_nothing_is_written(ledger, api):
    h = ledger.h1
    response = api.patch(
        f"/api/assistance/households/{h.pk}/",
        {"status": "rich", "version": current_version(h)},
    )
    assert response.status_code == 400
    assert "status" in response.json()
    h.refresh_from_db()
    assert h.status == "registered_poor" and history(h) == []


def test_a_status_change_posted_sets_the_household(ledger, api):
    h = ledger.h5
    response = api.post(
        "/api/assistance/status-changes/",
        {"household": h.pk, "status": "lifted", "since": "2025-12-01", "reason": "脱贫"},
        format="json",
    )
    assert response.status_code == 201, response.content
    h.refresh_from_db()
    assert (h.status, h.status_since) == ("lifted", date(2025, 12, 1))
    assert history(h) == [("lifted", date(2025, 12, 1), "脱贫")]


def test_the_history_is_not_rewritten_through_the_api(ledger, api):
    h = ledger.h4
    api.post(
        "/api/assistance/status-changes/",
        {"household": h.pk, "status": "monitored", "since": "2025-06-01"},
        format="json",
    )
    change = h.status_changes.get()
    url = f"/api/assistance/status-changes/{change.pk}/"
    refused = api.patch(url, {"status": "none", "version": current_version(change)}, format="json")
    assert refused.status_code == 400 and "status" in refused.json()
    body = {"reason": "走访发现", "version": current_version(change)}
    assert api.patch(url, body, format="json").status_code == 200
    assert api.delete(url).status_code == 409
    assert history(h) == [("monitored", date(2025, 6, 1), "走访发现")]
