"""What the apps register with ``base`` so that ``base`` imports none of them.

``accounts`` registers the audit writer, ``regions`` and ``directory`` the trees a membership's
scope reaches down, ``assistance`` its households' searchable choice. A missing registration
fails loudly (an audit entry lost or a scope read wrongly would be silent otherwise).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from hezuo.accounts.models import AuditEntry
from hezuo.base import access, audit
from hezuo.base.autocomplete import REGISTRY
from hezuo.base.services import SYSTEM
from hezuo.directory.models import Organisation
from hezuo.regions.models import Program


def test_the_apps_register_their_trees_and_lookups() -> None:
    assert access.TREES["program"] is Program
    assert access.TREES["organisation"] is Organisation
    assert "assistance.household" in REGISTRY


def test_a_scope_without_its_tree_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access, "TREES", {})
    member = SimpleNamespace(is_authenticated=True, pk=1)
    with pytest.raises(LookupError, match="program"):
        access.grants(member)


def test_the_system_actor_holds_no_membership() -> None:
    assert access.grants(SYSTEM) == []  # no ``memberships`` to read: none, no AttributeError


def test_recording_without_a_writer_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audit, "_recorder", [])
    with pytest.raises(RuntimeError, match="audit writer"):
        audit.record("export")


@pytest.mark.django_db
def test_an_act_of_the_system_is_audited_by_name() -> None:
    entry = audit.record("export", user=SYSTEM, detail={"rows": 3})
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.user, stored.username, stored.action) == (None, "system", "export")
    assert stored.detail == {"rows": 3}


def test_unmasked_fields_are_noted_per_record_and_taken_once() -> None:
    request = SimpleNamespace()
    record = SimpleNamespace(pk=7, _meta=SimpleNamespace(label_lower="assistance.household"))
    audit.note_unmasked(request, record, ["id_number"])
    audit.note_unmasked(request, record, ["phone"])
    assert audit.take_unmasked(request) == {"assistance.household": {"7": {"id_number", "phone"}}}
    assert audit.take_unmasked(request) == {}
