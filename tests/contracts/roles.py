"""Who plays each role in the contract tests, and what the role matrix lets each role do.

The expectations come from the PURE role matrix (``hezuo.core.access``) and the group each model
names (``access_group``), never from ``hezuo.base.access``: the code under test does not get to
say what it should answer. The matrix alone decides an answer where no particular record is
involved (a list, an add form) or where the role's scope is ``all``; where the role's scope is a
program, organisation or region, whether one particular record is inside it is the access
tests' business (tests/access/cast.py): here such a record page must only answer without an
error (200, 403 or 404).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from django.contrib.auth import get_user_model

from hezuo.core.access import Action, Group, Role, Scope, scope_for
from tests.access.cast import CAST, Member

#: Every role of the matrix, in a stable order (test ids).
ROLES: tuple[Role, ...] = tuple(Role)
#: The answers of a refusal: not allowed (403) or, for a record the role may not see, absent (404).
DENIED = frozenset({403, 404})
#: The answers of a record page whose scope decides (inside: 200; outside: 403 or 404).
IN_OR_OUT = frozenset({200, 403, 404})


class Verdict(Enum):
    """What the matrix says of one role, one action and one group of records."""

    ALLOWED = "allowed"  # the page must answer 200
    REFUSED = "refused"  # the page must answer 403 or 404
    SCOPED = "scoped"  # the record's program, organisation or region decides


def member_for(role: Role) -> Member:
    """Return who plays ``role``: the access tests' cast member of the right party (or of no
    party), so that the contract tests need no demo user."""
    return next(m for m in CAST if m.role == role and m.party in ("right", ""))


def user_for(role: Role) -> Any:
    """Return the test user who plays ``role``: the one place that says who is who.

    The user is made by the package's fixture (conftest.py) from :func:`member_for`.
    """
    user = get_user_model().objects.filter(username=member_for(role).username).first()
    assert user is not None, f"no test user plays the role {role}"
    return user


def verdict(
    role: Role,
    group: str | Group,
    action: Action,
    *,
    on_record: bool,
    superusers: frozenset[Role] = frozenset(),
) -> Verdict:
    """Return what the matrix says ``role`` may do: ``action`` on ``group``, on one record or not.

    A page without a record (a list, an add form) opens for any scope; a record page opens for
    sure only where the scope is ``all``. A role played by a superuser may everything.
    """
    if role in superusers:
        return Verdict.ALLOWED
    scope = scope_for(role, group, action)
    if scope is None:
        return Verdict.REFUSED
    if scope == Scope.ALL or not on_record:
        return Verdict.ALLOWED
    return Verdict.SCOPED


def representatives(verdicts: dict[Role, Verdict], superusers: frozenset[Role]) -> list[Role]:
    """Return the roles worth asking, to keep the run short: every refused role (a refusal is
    cheap and must hold for each), and one role of each other verdict (a page rendered for one
    allowed role is rendered the same for the next), not the superuser where another will do
    (tests/web/test_pages.py opens every model page as the superuser in three languages)."""
    chosen = [role for role, found in verdicts.items() if found is Verdict.REFUSED]
    for kind in (Verdict.ALLOWED, Verdict.SCOPED):
        candidates = [role for role, found in verdicts.items() if found is kind]
        ordinary = [role for role in candidates if role not in superusers]
        chosen += (ordinary or candidates)[:1]
    return chosen


def expected_statuses(found: Verdict) -> frozenset[int]:
    """Return the answers a page may give for ``found``."""
    if found is Verdict.ALLOWED:
        return frozenset({200})
    if found is Verdict.REFUSED:
        return DENIED
    return IN_OR_OUT


class Problems:
    """Collects every answer that differs from the contract, to report them all at once."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.found: list[str] = []

    def status(self, where: str, got: int, allowed: frozenset[int] | set[int]) -> None:
        if got not in allowed:
            self.found.append(f"{where}: expected {sorted(allowed)}, got {got}")

    def check(self) -> None:
        assert not self.found, f"{self.what}:\n  " + "\n  ".join(self.found)


def sample_record(model: Any) -> Any:
    """Return the record a record page or endpoint is opened on: the first one not archived."""
    records = model._default_manager.order_by("pk")
    if hasattr(model, "archived_at"):
        records = records.filter(archived_at__isnull=True)
    return records.first()
