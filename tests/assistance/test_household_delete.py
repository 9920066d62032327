"""Deleting a household refuses while records depend on it (issue 14, item 12): the page and
the API answer 409 naming the members, incomes, measures and status history with their counts,
and nothing is deleted (before, a database CASCADE took them all without a word).

H1 of conftest.py's ledger: members A and B, one measure; here also one income and the status
history a household starts with.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from rest_framework.test import APIClient

from hezuo.assistance import models as m
from hezuo.assistance import services
from hezuo.base.services import SYSTEM

pytestmark = pytest.mark.django_db

USER = "liupanshui"  # the assisted side's office: may delete its households


@pytest.fixture
def household(ledger):
    h1 = ledger.h1
    m.HouseholdIncome.objects.create(household=h1, year=2025, members=2, wages=Decimal(9000))
    services.start_status_history(household=h1, acting_user=SYSTEM)
    return h1


def counts(h: m.Household) -> tuple[int, int, int, int, bool]:
    return (
        m.HouseholdMember.objects.filter(household=h).count(),
        m.HouseholdIncome.objects.filter(household=h).count(),
        m.Measure.objects.filter(household=h).count(),
        m.HouseholdStatusChange.objects.filter(household=h).count(),
        m.Household.objects.filter(pk=h.pk).exists(),
    )


#: model → how many of its records depend on H1 (the monitoring case and A's two placements
#: were already protected before; members, incomes, measures and status history were not)
DEPENDANTS = {
    m.HouseholdIncome: 1,
    m.HouseholdMember: 2,
    m.HouseholdStatusChange: 1,
    m.Measure: 1,
    m.MonitoringCase: 1,
    m.Placement: 2,
}


def lines(language: str) -> list[str]:
    with translation.override(language):
        return sorted(
            f"{capfirst(model._meta.verbose_name_plural)}: {n}" for model, n in DEPENDANTS.items()
        )


def test_page_refuses_and_names_what_depends_on_it(household, client_as):
    before = counts(household)
    assert before == (2, 1, 1, 1, True)
    client = client_as(USER)
    url = reverse("assistance:household_delete", args=[household.pk])
    confirm = client.get(url)
    refused = client.post(url)
    assert confirm.status_code == 200
    assert 'class="btn btn-danger"' not in confirm.content.decode()  # no delete button
    assert refused.status_code == 409
    html = refused.content.decode()
    language = refused.wsgi_request.LANGUAGE_CODE  # the user's own language
    for line in lines(language):
        assert line in html, line
    assert "甲" in html  # the members' names, which this user may see
    assert counts(household) == before


def test_api_refuses_and_names_what_depends_on_it(household, user_named):
    before = counts(household)
    api = APIClient()
    api.force_authenticate(user_named(USER))
    response = api.delete(f"/api/assistance/households/{household.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    body = response.json()
    assert body["count"] == sum(DEPENDANTS.values())
    language = response.wsgi_request.LANGUAGE_CODE
    assert sorted(line.split(" (")[0] for line in body["dependants"]) == lines(language)
    assert all(line in body["detail"] for line in lines(language))
    assert counts(household) == before


def test_a_household_without_dependants_is_deleted(ledger, client_as):
    empty = m.Household.objects.create(
        program=ledger.program, number="T-EMPTY", village=ledger.h1.village
    )
    response = client_as(USER).post(reverse("assistance:household_delete", args=[empty.pk]))
    assert response.status_code == 302
    assert not m.Household.objects.filter(pk=empty.pk).exists()


def test_cascades_alone_are_refused_too(ledger, user_named):
    """H5: three members and a measure, nothing protected: the delete used to go through."""
    api = APIClient()
    api.force_authenticate(user_named(USER))
    response = api.delete(f"/api/assistance/households/{ledger.h5.pk}/")
    assert response.status_code == 409
    assert response.json()["count"] == 4
    assert counts(ledger.h5) == (3, 0, 1, 0, True)
