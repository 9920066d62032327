"""History rows name their user without a database foreign key; deleting a user through Django
still leaves no dangling reference (simple-history's on_delete=SET_NULL)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from hezuo.regions.models import Program

pytestmark = pytest.mark.django_db


def test_deleting_a_user_clears_it_from_history_rows() -> None:
    user = get_user_model().objects.create(username="leaver")
    program = Program.objects.create(code="hist-user", kind="zone", name_zh_hans="历史用户测试")
    program._history_user = user  # type: ignore[attr-defined]
    program.name_en = "History user test"
    program.save()
    row = program.history.latest("history_id")  # type: ignore[attr-defined]
    assert row.history_user_id == user.pk
    user.delete()
    row.refresh_from_db()
    assert row.history_user_id is None


def test_history_tables_have_no_foreign_key_to_users() -> None:
    history = Program.history.model  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, history._meta.db_table)
    targets = [c["foreign_key"] for c in constraints.values() if c["foreign_key"]]
    assert all(target[0] != get_user_model()._meta.db_table for target in targets), targets
