"""The contract tests' world: the test database plus one record of every kind, and a signed-in
client per role, built once for the package inside a transaction rolled back after it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from hezuo.core.access import Role

from .roles import ROLES, member_for, user_for


@dataclass
class ContractWorld:
    """Who plays each role, signed in once (a new client costs ~0.1 s: WhiteNoise scans)."""

    pages: dict[Role, Client]
    apis: dict[Role, APIClient]
    superusers: frozenset[Role]


def build_every_kind_of_record() -> None:
    """Make a record of every kind the test world lacks (the access tests' world and records:
    ledger, life cycle, desk, policies, brokerage), so that every record page has one to open."""
    from tests.access.conftest import build_records

    build_records()


def make_cast() -> None:
    """Make the user of every role (roles.member_for), with its one membership."""
    from tests.access.conftest import make_user

    for role in ROLES:
        make_user(member_for(role))


@pytest.fixture(scope="package")
def contract_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[ContractWorld]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            build_every_kind_of_record()
            make_cast()
            users = {role: user_for(role) for role in ROLES}
            pages, apis = {}, {}
            for role, user in users.items():
                pages[role] = Client()
                pages[role].force_login(user)
                apis[role] = APIClient()
                apis[role].force_authenticate(user=user)
            superusers = frozenset(role for role, user in users.items() if user.is_superuser)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield ContractWorld(pages, apis, superusers)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(contract_world: ContractWorld, db: Any) -> ContractWorld:
    return contract_world
