"""Shared fixtures: the source document's world in the test database, and named users.

The world is built once per test session (regions of Liupanshui and Dalian, industries, every
fact of WORLD.md, a small synthetic layer); each test runs in a transaction rolled back after it.
"""

from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's ORM is used from the same
# thread there on purpose.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    from hezuo.demo.synthetic import build_synthetic
    from hezuo.demo.users import build_users
    from hezuo.demo.world import build_world

    with django_db_blocker.unblock():
        call_command("load_regions", verbosity=0)
        call_command("load_industries", verbosity=0)
        build_world()
        build_synthetic(scale=0, seed=2020)
        build_users()


@pytest.fixture
def admin_user(db):  # noqa: ANN001, ANN201
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def admin_client(client, admin_user):  # noqa: ANN001, ANN201
    client.force_login(admin_user)
    return client
