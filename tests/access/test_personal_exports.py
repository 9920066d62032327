"""A download holds personal data masked for a role without the right, clear for one with it.

The people ledger's export (``imports:export``) goes through ``base.export``: a reader who may
see people but not their personal data gets the ID number and phone masked, and the download's
one audit entry names no unmasked field; a reader whose role holds "personal" for the person gets
them clear, and the same one entry names the fields it held clear.
"""

from __future__ import annotations

from django.urls import reverse

from hezuo.accounts.models import AuditEntry
from hezuo.core.access import Action

from .cast import BY_NAME, NIDEC_ID, NIDEC_PHONE, RECORDS, allows, masked_resident_id

WITHOUT, WITH = "officer@cn-jp-dalian", "enterprise@nidec"


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def export_people(client) -> tuple[str, list[AuditEntry]]:
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(reverse("imports:export", args=["people", "csv"]))
    assert response.status_code == 200
    text = body(response)
    return text, list(AuditEntry.objects.filter(pk__gt=before).order_by("pk"))


def test_the_cast_reads_the_person_with_and_without_the_right() -> None:
    owner = RECORDS["person:nidec"]
    for name in (WITHOUT, WITH):
        assert allows(BY_NAME[name], Action.VIEW, owner.model, owner)
    assert not allows(BY_NAME[WITHOUT], Action.PERSONAL, owner.model, owner)
    assert allows(BY_NAME[WITH], Action.PERSONAL, owner.model, owner)


def test_export_masks_personal_data_for_a_role_without_the_right(page_as, records) -> None:
    text, entries = export_people(page_as(WITHOUT))
    assert records["person:nidec"].name_zh_hans in text
    assert NIDEC_ID not in text and NIDEC_PHONE not in text
    assert masked_resident_id(NIDEC_ID) in text
    assert [e.action for e in entries] == ["export"]  # one entry per download
    assert "unmasked" not in entries[0].detail
    assert entries[0].detail["format"] == "csv" and entries[0].detail["ledger"] == "people"


def test_export_shows_personal_data_clear_and_audits_it(page_as, users) -> None:
    text, entries = export_people(page_as(WITH))
    assert NIDEC_ID in text and NIDEC_PHONE in text
    assert [e.action for e in entries] == ["export"]  # the reveal is in the download's entry
    entry = entries[0]
    assert entry.user == users[WITH]
    assert entry.object_type == "directory.person"
    assert {"id_number", "phone"} <= set(entry.detail["unmasked"])
    assert entry.detail["rows"] >= 1
