"""ID and phone numbers per role: the assisted side sees them (audited), others see them masked
or not at all; lists and exports always mask them."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from hezuo.accounts.models import AuditEntry
from hezuo.assistance import models as m

pytestmark = pytest.mark.django_db


def masked(number: str) -> str:
    """The province (first two digits) kept, all else hidden (see test_id_rebuild.py)."""
    return number[:2] + "*" * (len(number) - 2)


def test_assisted_side_sees_the_number_and_the_display_is_audited(ledger, client_as):
    person = ledger.people["C"]
    before = AuditEntry.objects.count()
    html = client_as("liupanshui").get(person.get_absolute_url()).content.decode()
    assert ledger.ids["C"] in html
    assert AuditEntry.objects.count() > before


def test_leader_sees_it_masked(ledger, client_as):
    person = ledger.people["C"]
    html = client_as("leader").get(person.get_absolute_url()).content.decode()
    assert ledger.ids["C"] not in html
    assert masked(ledger.ids["C"]) in html
    assert masked(ledger.ids["C"]) == "52" + "*" * 16


def test_donor_side_sees_no_household_at_all(ledger, client_as):
    client = client_as("dalian")
    assert client.get(ledger.people["C"].get_absolute_url()).status_code == 404
    assert client.get(ledger.h2.get_absolute_url()).status_code == 404
    # The donor side's role sees no household at all: the list is refused, not shown empty.
    listed = client.get(reverse("assistance:household_list"))
    assert listed.status_code == 403
    assert "T-H2" not in listed.content.decode()


def test_other_roles_see_no_household(ledger, client_as):
    for name in ("nidec", "buyer", "zone"):
        assert client_as(name).get(ledger.h2.get_absolute_url()).status_code == 404


def test_lists_and_exports_mask_even_for_the_assisted_side(ledger, client_as):
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
def test_api_masks_per_role(ledger, user_named, name, visible):
    api = APIClient()
    api.force_authenticate(user_named(name))
    data = api.get(f"/api/assistance/members/{ledger.people['C'].pk}/").json()
    assert data["id_number"] == (ledger.ids["C"] if visible else masked(ledger.ids["C"]))
    household = api.get(f"/api/assistance/households/{ledger.h2.pk}/").json()
    assert household["phone"] == ("13912345678" if visible else "139****5678")


def test_api_refuses_households_to_the_donor_side(ledger, user_named):
    api = APIClient()
    api.force_authenticate(user_named("dalian"))
    assert api.get(f"/api/assistance/households/{ledger.h2.pk}/").status_code == 404
    assert api.get("/api/assistance/projects/").status_code == 200


# --- health information, the edit form, the audit, the donor side (issue 14, item 4) -----------


def _label(value: str) -> str:
    from django.utils import translation

    from hezuo.assistance.choices import Cause

    with translation.override("zh-hans"):
        return str(Cause(value).label)


@pytest.fixture
def ill(ledger):
    """T-H2, poor because of illness and disability (health information: PIPL art. 28)."""
    h2 = ledger.h2
    h2.main_cause, h2.secondary_cause = "illness", "disability"
    h2.save()
    m.HouseholdMember.objects.filter(pk=ledger.people["C"].pk).update(
        birth_date=date(1980, 5, 17), sex="M"
    )
    return h2


def test_health_causes_are_hidden_from_a_role_without_personal_data(ill, client_as, user_named):
    illness, disability = _label("illness"), _label("disability")
    client = client_as("leader")
    page = client.get(ill.get_absolute_url()).content.decode()
    assert illness not in page and disability not in page
    assert "***" in page
    # the list offers no filter by cause, and a filter sent anyway finds every household
    listed = client.get(reverse("assistance:household_list"), {"main_cause": "illness"})
    html = listed.content.decode()
    assert 'name="main_cause"' not in html
    assert "T-H1" in html and illness not in html
    for fmt in ("csv", "xlsx"):
        export = client.get(reverse("assistance:household_list"), {"q": "T-H2", "export": fmt})
        body = b"".join(export.streaming_content) if export.streaming else export.content
        assert illness.encode() not in body and b"illness" not in body
    api = APIClient()
    api.force_authenticate(user_named("leader"))
    data = api.get(f"/api/assistance/households/{ill.pk}/").json()
    assert data["main_cause"] == "***" and data["secondary_cause"] == "***"
    filtered = api.get("/api/assistance/households/", {"main_cause": "illness"}).json()
    assert "illness" not in str(filtered)
    # history: the change from "illness" to "water" is not told either
    ill.main_cause = "water"
    ill.save()
    page = client.get(ill.get_absolute_url()).content.decode()
    assert illness not in page and _label("water") not in page


def test_health_causes_are_shown_to_the_assisted_side_and_audited(ill, client_as):
    before = AuditEntry.objects.filter(action="unmasked_view").count()
    page = client_as("liupanshui").get(ill.get_absolute_url()).content.decode()
    assert _label("illness") in page and _label("disability") in page
    entries = AuditEntry.objects.filter(action="unmasked_view", pk__gt=0).order_by("pk")[before:]
    household = next(e for e in entries if e.object_type == "assistance.household")
    assert {"main_cause", "secondary_cause", "phone"} <= set(household.detail["fields"])
    # the members listed on the household's page: sex and birth date shown, so audited
    member = next(e for e in entries if e.object_type == "assistance.householdmember")
    assert str(ledger_person(ill).pk) in member.object_ids


def ledger_person(household):
    return household.members.get()


def _post_data(response) -> dict:
    """What a browser would send back of the form as it was rendered (disabled fields too)."""
    data = {}
    forms = [response.context["form"]]
    for formset in response.context["formsets"]:
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = "on" if value is True else value
    return data


def test_edit_form_of_a_role_that_may_edit_but_sees_masked_data(ledger, client_as, monkeypatch):
    from hezuo.core.access import MATRIX, Group, Role, Scope, rules

    R = Scope.REGION
    monkeypatch.setitem(
        MATRIX[Role.ASSISTED_OFFICE], Group.HOUSEHOLDS, rules(view=R, add=R, change=R, delete=R)
    )
    h2, person = ledger.h2, ledger.people["C"]
    url = reverse("assistance:household_edit", args=[h2.pk])
    client = client_as("liupanshui")
    before = AuditEntry.objects.filter(action="unmasked_view").count()
    response = client.get(url)
    html = response.content.decode()
    assert person.id_number not in html
    assert masked(person.id_number) in html
    assert "13912345678" not in html and "139****5678" in html
    assert 'name="householdmember-1-name"' not in html  # no new member without an ID number
    assert AuditEntry.objects.filter(action="unmasked_view").count() == before
    data = _post_data(response)
    data["householdmember-0-name"] = "丙改"  # an ordinary change
    data["_version"] = str(h2.version)
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context and [
        saved.context["form"].errors,
        [f.errors for f in saved.context["formsets"]],
    ]
    person.refresh_from_db()
    assert person.id_number == ledger.ids["C"] and person.name == "丙改"
    assert m.Household.objects.get(pk=h2.pk).phone == "13912345678"


def test_edit_form_audits_every_personal_field_it_shows(ledger, client_as):
    h1 = ledger.people["A"].household
    before = AuditEntry.objects.filter(action="unmasked_view").count()
    html = client_as("liupanshui").get(reverse("assistance:household_edit", args=[h1.pk]))
    assert ledger.people["A"].id_number in html.content.decode()
    entries = list(AuditEntry.objects.filter(action="unmasked_view").order_by("pk")[before:])
    members = next(e for e in entries if e.object_type == "assistance.householdmember")
    assert set(members.object_ids) == {str(ledger.people["A"].pk), str(ledger.people["B"].pk)}
    assert "id_number" in members.detail["fields"]
    household = next(e for e in entries if e.object_type == "assistance.household")
    assert household.detail["fields"] == ["phone"]


def test_donor_side_sees_no_household_number_nor_who_was_poor(ledger, client_as, user_named):
    client = client_as("dalian")
    placement = m.Placement.objects.filter(member=ledger.people["C"]).first()
    numbers = ("T-H1", "T-H2", "T-H3", "T-H4")
    pages = [
        client.get(reverse("assistance:placement_list")),
        client.get(placement.get_absolute_url()),
        client.get(reverse("assistance:placement_list"), {"export": "csv"}),
    ]
    for response in pages:
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8-sig")
        assert not any(n in text for n in numbers), [
            text[max(0, text.find(n) - 300) : text.find(n) + 50] for n in numbers if n in text
        ]
    # a search by a household's number finds nothing (it would tell who holds a job)
    searched = client.get(reverse("assistance:placement_list"), {"q": "T-H2"})
    assert len(searched.context["table"].rows) == 0
    # the assessment: the figure "of whom formerly poor", not whose it is
    rows = client.get(
        reverse("assistance:assessment_rows", args=["people_employed_poor"]),
        {"program": ledger.program.pk, "year": 2025},
    )
    assert rows.status_code == 200
    assert rows.context["shown"] == 0 and rows.context["total"] > 0
    api = APIClient()
    api.force_authenticate(user_named("dalian"))
    text = api.get("/api/assistance/placements/").content.decode()
    assert not any(n in text for n in numbers)
