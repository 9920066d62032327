"""Personal data — a person's phone and ID number — masked or shown, and every showing audited.

A role with "personal" in its scope sees the values, and each display writes an audit entry
("unmasked_view", record type and id); every other role that may read the person sees them
masked: the ID number keeps only its first two characters, the province (GB 11643 numbers are 18
long; see cast.masked_resident_id), a mobile number its first three and last four digits
(138****5678).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from hezuo.accounts.models import AuditEntry
from hezuo.core.access import Action

from .cast import (
    BY_NAME,
    CAST,
    LIUPANSHUI_ID,
    LIUPANSHUI_PHONE,
    NIDEC_ID,
    NIDEC_PHONE,
    RECORDS,
    allows,
    masked_birth_date,
    masked_resident_id,
    sees_household,
)

PERSONAL = {  # the people with personal data, and their values
    "person:nidec": (NIDEC_PHONE, NIDEC_ID),
    "person:liupanshui": (LIUPANSHUI_PHONE, LIUPANSHUI_ID),
}


def masked_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:]


def masked_id(number: str) -> str:
    return masked_resident_id(number)


def test_masks_look_like_the_examples():
    assert masked_phone("13812345678") == "138****5678"
    assert masked_id(NIDEC_ID) == "21" + "*" * 16
    assert NIDEC_ID.endswith("X") and LIUPANSHUI_ID.endswith("X")


def unmasked_entries():
    return AuditEntry.objects.filter(action="unmasked_view")


params = [pytest.param(m, id=m.username) for m in CAST]


@pytest.mark.parametrize("key", sorted(PERSONAL))
@pytest.mark.parametrize("member", params)
def test_person_page_masks_or_shows_and_audits(member, key, page_as, records, users):
    person, owner = records[key], RECORDS[key]
    phone, number = PERSONAL[key]
    before = unmasked_entries().count()
    response = page_as(member.username).get(person.get_absolute_url())

    if not allows(member, Action.VIEW, owner.model, owner):
        assert response.status_code == 404
        assert unmasked_entries().count() == before
        return
    assert response.status_code == 200
    html = response.content.decode()
    if allows(member, Action.PERSONAL, owner.model, owner):
        assert phone in html and number in html
        assert unmasked_entries().count() == before + 1
        entry = unmasked_entries().latest("pk")
        assert entry.user == users[member.username]
        assert entry.object_type == "directory.person"
        assert entry.object_ids == [str(person.pk)]
        assert entry.detail == {"fields": ["id_number", "phone"]}
        assert entry.path == person.get_absolute_url()
    else:
        assert phone not in html and number not in html
        assert masked_phone(phone) in html and masked_id(number) in html
        assert unmasked_entries().count() == before


def test_each_display_is_audited(page_as, records):
    person = records["person:nidec"]
    before = unmasked_entries().filter(object_ids=[str(person.pk)]).count()
    for _ in range(3):
        page_as("enterprise@nidec").get(person.get_absolute_url())
    assert unmasked_entries().filter(object_ids=[str(person.pk)]).count() == before + 3


def test_reason_given_with_the_display_is_kept(page_as, records):
    person = records["person:liupanshui"]
    page_as("assisted@520200").get(person.get_absolute_url(), {"reason": "核对帮扶对象"})
    assert unmasked_entries().latest("pk").reason == "核对帮扶对象"


def readers_without_personal() -> list[object]:
    """(member, person) where the member reads the person but may not see personal data."""
    return [
        pytest.param(m, key, id=f"{m.username}-{key}")
        for key in sorted(PERSONAL)
        for m in CAST
        if allows(m, Action.VIEW, RECORDS[key].model, RECORDS[key])
        and not allows(m, Action.PERSONAL, RECORDS[key].model, RECORDS[key])
    ]


@pytest.mark.parametrize(("member", "key"), readers_without_personal())
def test_api_never_shows_personal_data_to_roles_without_it(member, key, api_as, records):
    person = records[key]
    phone, number = PERSONAL[key]
    api = api_as(member.username)
    one = api.get(f"/api/people/{person.pk}/")
    many = api.get("/api/people/", {"search": person.name_zh_hans})
    for response in (one, many):
        assert response.status_code == 200
        text = response.content.decode()
        assert phone not in text and number not in text
    data = one.json()
    if "phone" in data:
        assert data["phone"] == masked_phone(phone)
        assert data["id_number"] == masked_id(number)


def test_api_shows_personal_data_masked_or_unmasked_with_audit(api_as, records, users):
    person = records["person:nidec"]
    masked = api_as("officer@cn-jp-dalian").get(f"/api/people/{person.pk}/").json()
    assert masked["phone"] == masked_phone(NIDEC_PHONE)
    assert masked["id_number"] == masked_id(NIDEC_ID)
    before = unmasked_entries().count()
    shown = api_as("enterprise@nidec").get(f"/api/people/{person.pk}/").json()
    assert shown["phone"] == NIDEC_PHONE and shown["id_number"] == NIDEC_ID
    assert unmasked_entries().count() == before + 1
    entry = unmasked_entries().latest("pk")
    assert entry.user == users["enterprise@nidec"]
    assert entry.object_type == "directory.person"
    assert entry.object_ids == [str(person.pk)]


@pytest.mark.parametrize("member", ["zone_admin@cn-jp-dalian", "officer@cn-jp-dalian"])
def test_people_export_holds_no_personal_data_and_is_audited(member, page_as, users):
    response = page_as(member).get(
        reverse("directory:person_list"), {"q": "测试联络人", "export": "csv"}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "测试联络人甲" in text
    for phone, number in PERSONAL.values():
        assert phone not in text and number not in text
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.user == users[member]
    assert entry.object_type == "directory.person"
    assert entry.detail["format"] == "csv"
    assert entry.detail["filters"] == {"q": "测试联络人"}


def test_people_list_shows_no_personal_data(page_as):
    response = page_as("zone_admin@cn-jp-dalian").get(
        reverse("directory:person_list"), {"q": "测试联络人"}
    )
    html = response.content.decode()
    assert "测试联络人甲" in html
    for phone, number in PERSONAL.values():
        assert phone not in html and number not in html


def test_history_does_not_reveal_changed_personal_data(page_as, records):
    person = records["person:nidec"]
    person.phone = "13811112222"
    person.save()
    member = BY_NAME["officer@cn-jp-dalian"]  # reads people, may not see personal data
    assert not allows(member, Action.PERSONAL, "directory.person", RECORDS["person:nidec"])
    html = page_as(member.username).get(person.get_absolute_url()).content.decode()
    assert "13811112222" not in html
    assert NIDEC_PHONE not in html


# --- households: the members' data, health, and the household behind a placement ---------------

HEAD_NUMBER = "520203198005171238"  # tests/assistance/records.py: born 1980-05-17, male


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8-sig", errors="replace")


@pytest.mark.parametrize("member", params)
def test_household_member_page_per_role(member, page_as, records, users):
    person, owner = (
        records["householdmember:qinglong-head"],
        RECORDS["householdmember:qinglong-head"],
    )
    household = records["household:qinglong"]
    household.main_cause = "illness"
    household.save()
    before = unmasked_entries().count()
    client = page_as(member.username)
    response = client.get(person.get_absolute_url())
    if not allows(member, Action.VIEW, owner.model, owner):
        assert response.status_code == 404
        return
    html = response.content.decode()
    if allows(member, Action.PERSONAL, owner.model, owner):
        assert HEAD_NUMBER in html and "1980-05-17" in html
        entry = unmasked_entries().filter(object_type="assistance.householdmember").latest("pk")
        assert entry.pk > before and entry.user == users[member.username]
        assert {"id_number", "birth_date", "sex"} <= set(entry.detail["fields"])
        return
    assert HEAD_NUMBER not in html and "1980-05-17" not in html
    assert masked_resident_id(HEAD_NUMBER) in html and masked_birth_date("1980-05-17") in html
    assert unmasked_entries().count() == before
    api = api_client(users[member.username])
    data = api.get(f"/api/assistance/members/{person.pk}/").json()
    assert data["id_number"] == masked_resident_id(HEAD_NUMBER)
    assert data["birth_date"] == masked_birth_date("1980-05-17") and data["sex"] == "***"
    cause = api.get(f"/api/assistance/households/{household.pk}/").json()["main_cause"]
    assert cause == "***"


def api_client(user):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.mark.parametrize("member", params)
def test_placement_never_names_a_household_hidden_from_the_reader(member, page_as, records):
    placement, owner = records["placement:qinglong-kiwi"], RECORDS["placement:qinglong-kiwi"]
    number = records["household:qinglong"].number
    if not allows(member, Action.VIEW, owner.model, owner) or sees_household(member):
        pytest.skip("reads no placement, or may read the household itself")
    client = page_as(member.username)
    pages = [
        client.get(placement.get_absolute_url()),
        client.get(reverse("assistance:placement_list")),
        client.get(reverse("assistance:placement_list"), {"export": "csv"}),
        client.get(reverse("assistance:placement_list"), {"export": "xlsx"}),
    ]
    for response in pages:
        assert response.status_code == 200
        assert number not in _text(response)
    found = client.get(reverse("assistance:placement_list"), {"q": number})
    assert len(found.context["table"].rows) == 0
