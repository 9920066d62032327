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


def build_test_world() -> None:
    from hezuo.demo.users import build_users
    from hezuo.demo.world import build_world

    call_command("load_regions", verbosity=0)
    call_command("load_industries", verbosity=0)
    build_world()
    build_users()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: ANN001, ANN201
    with django_db_blocker.unblock():
        build_test_world()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):  # noqa: ANN001, ANN201
    """Run real-browser and transactional tests last: their database is emptied after each."""
    items.sort(
        key=lambda item: any(item.get_closest_marker(m) for m in ("browser", "transactional"))
    )


@pytest.fixture
def live_world(transactional_db, live_server):  # noqa: ANN001, ANN201
    """A live server over the world; rebuilt when an earlier browser test emptied the database."""
    from hezuo.regions.models import Program

    if not Program.objects.filter(code="cn-jp-dalian").exists():
        build_test_world()
    return live_server


@pytest.fixture
def browser_page():  # noqa: ANN201
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1360, "height": 900})
        yield page
        browser.close()


@pytest.fixture
def admin_user(db):  # noqa: ANN001, ANN201
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def admin_client(client, admin_user):  # noqa: ANN001, ANN201
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def _default_language():  # noqa: ANN202
    """Start every test in the default language, whatever an earlier test activated."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _keep_test_connections_open():  # noqa: ANN202
    """Never close a database connection in the middle of a test's transaction.

    Django closes "old" connections when a request starts and ends; a request sent straight to
    the WSGI application inside a test's transaction would close the connection under the test
    (and, on PostgreSQL, under the next test of the same worker). Django's test client detaches
    the receivers for its own requests; this covers the others.
    """
    from django.db.backends.base.base import BaseDatabaseWrapper

    original = BaseDatabaseWrapper.close_if_unusable_or_obsolete

    def close_unless_in_transaction(self):  # noqa: ANN001, ANN202
        if not self.in_atomic_block:
            original(self)

    BaseDatabaseWrapper.close_if_unusable_or_obsolete = close_unless_in_transaction
    yield
    BaseDatabaseWrapper.close_if_unusable_or_obsolete = original
