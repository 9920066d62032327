"""ID and phone numbers per role: the assisted side sees them (audited), others see them masked
or not at all; lists and exports always mask them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from hezuo.accounts.models import AuditEntry

pytestmark = pytest.mark.django_db


def masked(number: str) -> str:
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def test_assisted_side_sees_the_number_and_the_display_is_audited(ledger, client_as):  # noqa: ANN001
    person = ledger.people["C"]
    before = AuditEntry.objects.count()
    html = client_as("liupanshui").get(person.get_absolute_url()).content.decode()
    assert ledger.ids["C"] in html
    assert AuditEntry.objects.count() > before


def test_leader_sees_it_masked(ledger, client_as):  # noqa: ANN001
    person = ledger.people["C"]
    html = client_as("leader").get(person.get_absolute_url()).content.decode()
    assert ledger.ids["C"] not in html
    assert masked(ledger.ids["C"]) in html
    assert masked(ledger.ids["C"]) == ledger.ids["C"][:4] + "**********" + ledger.ids["C"][-4:]


def test_donor_side_sees_no_household_at_all(ledger, client_as):  # noqa: ANN001
    client = client_as("dalian")
    assert client.get(ledger.people["C"].get_absolute_url()).status_code == 404
    assert client.get(ledger.h2.get_absolute_url()).status_code == 404
    listed = client.get(reverse("assistance:household_list"))
    assert listed.status_code == 200
    assert "T-H2" not in listed.content.decode()


def test_other_roles_see_no_household(ledger, client_as):  # noqa: ANN001
    for name in ("nidec", "buyer", "zone"):
        assert client_as(name).get(ledger.h2.get_absolute_url()).status_code == 404


def test_lists_and_exports_mask_even_for_the_assisted_side(ledger, client_as):  # noqa: ANN001
    client = client_as("liupanshui")
    html = client.get(reverse("assistance:householdmember_list"), {"q": "T-H2"}).content.decode()
    assert ledger.ids["C"] not in html and masked(ledger.ids["C"]) in html
    phones = client.get(reverse("assistance:household_list"), {"q": "T-H2"}).content.decode()
    assert "13912345678" not in phones and "139****5678" in phones
    export = client.get(
        reverse("assistance:householdmember_list"), {"q": "T-H2", "export": "csv"}
    ).content.decode("utf-8-sig")
    assert ledger.ids["C"] not in export and masked(ledger.ids["C"]) in export


@pytest.mark.parametrize("name,visible", [("liupanshui", True), ("leader", False)])
def test_api_masks_per_role(ledger, user_named, name, visible):  # noqa: ANN001
    api = APIClient()
    api.force_authenticate(user_named(name))
    data = api.get(f"/api/assistance/members/{ledger.people['C'].pk}/").json()
    assert data["id_number"] == (ledger.ids["C"] if visible else masked(ledger.ids["C"]))
    household = api.get(f"/api/assistance/households/{ledger.h2.pk}/").json()
    assert household["phone"] == ("13912345678" if visible else "139****5678")


def test_api_refuses_households_to_the_donor_side(ledger, user_named):  # noqa: ANN001
    api = APIClient()
    api.force_authenticate(user_named("dalian"))
    assert api.get(f"/api/assistance/households/{ledger.h2.pk}/").status_code == 404
    assert api.get("/api/assistance/projects/").status_code == 200
