"""The personal-data decision's rules that need no database (base/personal.py).

The role-matrix side (who may see what, and the audit entries) is tested with the access cast:
tests/access/test_personal_data.py and tests/access/test_personal_exports.py.
"""

from __future__ import annotations

from types import SimpleNamespace

from hezuo.base.personal import (
    Personal,
    collecting_reveals,
    is_masked_echo,
    is_personal,
    masked,
    note_revealed,
)


class Member:
    """Stands in for a model with personal fields (only what the rules read)."""

    personal_fields = ("id_number", "phone")


def test_only_declared_fields_are_personal() -> None:
    assert is_personal(Member, "phone") and is_personal(Member(), "id_number")
    assert not is_personal(Member, "name")


def test_masks_keep_empty_values_empty() -> None:
    assert masked("phone", "") == "" and masked("phone", None) is None
    assert masked("phone", "13812345678") == "138****5678"


def test_a_masked_value_sent_back_is_recognised_as_an_echo() -> None:
    record = SimpleNamespace(phone="13812345678", id_number="")
    assert is_masked_echo(record, "phone", "138****5678")
    assert not is_masked_echo(record, "phone", "13900000000")
    assert not is_masked_echo(record, "id_number", "")  # nothing stored, nothing echoed
    assert not is_masked_echo(None, "phone", "138****5678")


def test_nobody_signed_in_sees_nothing_clear_but_fields_that_are_not_personal() -> None:
    nobody = Personal(None)
    assert not nobody.may_see(Member, "phone")
    assert not nobody.may_see(Member)
    assert nobody.may_see(Member, "name")
    assert nobody.clear_scope(Member) is None


def test_reveals_are_collected_per_download_only() -> None:
    note_revealed("phone")  # outside a download: noted nowhere, no error
    with collecting_reveals() as outer:
        note_revealed("phone")
        with collecting_reveals() as inner:
            note_revealed("id_number")
        note_revealed("phone")
    assert outer == {"phone"} and inner == {"id_number"}
