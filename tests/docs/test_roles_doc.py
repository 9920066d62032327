"""docs/ROLES.md is the role matrix the code enforces (regenerate: hezuo rolematrix)."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

from hezuo.accounts.management.commands.rolematrix import render_matrix
from hezuo.core.access import MATRIX, Group, Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "ROLES.md"


def test_roles_doc_matches_the_enforced_matrix():
    with translation.override("en"):
        assert DOC.read_text(encoding="utf-8") == render_matrix(), (
            "docs/ROLES.md is stale: run `.venv/bin/hezuo rolematrix > docs/ROLES.md`"
        )


def test_every_role_is_in_the_matrix_and_auditors_change_nothing():
    assert set(MATRIX) == set(Role)
    for group, rules in MATRIX[Role.AUDITOR].items():
        assert set(rules) == {"view"}, group
    assert Group.AUDIT not in MATRIX[Role.LEADER]
    for role in Role:
        if role not in (Role.SYSTEM_ADMIN, Role.AUDITOR):
            assert Group.AUDIT not in MATRIX[role], role
