"""Shared fixtures: the test database (built once, cached), the source document's world, users.

The test database holds the migrations, the reference tables (regions, industries) and the world
of the source document (every fact of WORLD.md, a small synthetic layer, the demo users). Building
it takes ~40 s, so it is built once and kept while its inputs are unchanged (see
:func:`test_database_key`): SQLite keeps a copy in ``data/test-cache/<key>.sqlite3`` and loads it
into each worker's in-memory test database with sqlite3's backup API; PostgreSQL keeps a template
database ``hezuo_tpl_<key>`` and creates each worker's test database from it. Each test runs in a
transaction rolled back after it. ``HEZUO_TEST_DB_CACHE=0`` builds everything afresh, uncached;
``--create-db`` rebuilds the cache.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django's ORM is used from the same
# thread there on purpose.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / "data" / "test-cache"
#: Besides hezuo's code and data, the files whose change makes a new test database. (The access
#: tests' world, tests/world.py, is built in a transaction of their own, not in the cached one.)
KEY_FILES = ("requirements.lock", "requirements-dev.lock", "tests/conftest.py")
#: How many SQLite copies of other keys are kept (several working trees may share data/).
KEEP_SQLITE_COPIES = 3
TEMPLATE_PREFIX = "hezuo_tpl_"


def reference_only() -> bool:
    """Whether the test database holds the reference tables only (``HEZUO_TEST_WORLD=reference``).

    Tests that make their own records (tests/access with tests/world.py, the factories) run on
    such a database; the others still need the demo world.
    """
    return os.environ.get("HEZUO_TEST_WORLD", "demo") == "reference"


def build_test_world() -> None:
    """Fill an empty, migrated test database: reference tables, the world, the demo users."""
    call_command("load_regions", verbosity=0)
    call_command("load_industries", verbosity=0)
    if reference_only():
        return
    from hezuo.demo.users import build_users
    from hezuo.demo.world import build_world

    build_world()
    build_users()


# --- the cached test database ----------------------------------------------------------------


def key_inputs() -> list[Path]:
    """Every file the test database is made from: hezuo's code and data, lock files, conftest."""
    hezuo = ROOT / "hezuo"
    code = [p for p in hezuo.rglob("*.py") if "tests" not in p.relative_to(hezuo).parts]
    data = [p for p in hezuo.rglob("*") if "data" in p.relative_to(hezuo).parts[:-1]]
    named = [ROOT / name for name in KEY_FILES]
    return sorted({p for p in (*code, *data, *named) if p.is_file()})


@functools.cache
def test_database_key() -> str:
    """Return a hash of the database engine and every input file's path and content."""
    from django.db import connection

    digest = hashlib.sha256(f"{connection.vendor} reference={reference_only()}".encode())
    for path in key_inputs():
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


def cache_enabled() -> bool:
    return os.environ.get("HEZUO_TEST_DB_CACHE", "1") != "0"


@contextmanager
def cache_lock(name: str) -> Iterator[None]:
    """Hold an exclusive lock on ``data/test-cache/<name>.lock``: one builder, the others wait."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(CACHE_DIR / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_databases(verbosity: int) -> list[Any]:
    """Create and migrate the test database as Django does, then build the world in it."""
    from django.test.utils import setup_databases

    db_cfg = setup_databases(
        verbosity=verbosity, interactive=False, aliases={"default"}, serialized_aliases=set()
    )
    build_test_world()
    return db_cfg


def point_at_test_database() -> list[Any]:
    """Switch the default connection to its test database's name (Django's create_test_db)."""
    from django.conf import settings
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    return [(connection, old_name, True)]


def sqlite_copy(key: str) -> Path:
    return CACHE_DIR / f"{key}.sqlite3"


def save_sqlite_copy(key: str) -> None:
    """Write the built test database to its cache file (whole, then renamed into place)."""
    from django.db import connection

    connection.ensure_connection()
    partial = CACHE_DIR / f"{key}.{os.getpid()}.partial"
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    partial.replace(sqlite_copy(key))
    copies = sorted(CACHE_DIR.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in copies[KEEP_SQLITE_COPIES:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".lock").unlink(missing_ok=True)


def load_sqlite_copy(key: str) -> None:
    """Replace the test database's whole content with the cached copy (sqlite3 backup API)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    connection.ensure_connection()
    source = sqlite3.connect(f"file:{sqlite_copy(key)}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    ContentType.objects.clear_cache()  # ids as in the copy, not as after a flush


def setup_sqlite(verbosity: int, rebuild: bool) -> list[Any]:
    """Load the cached copy into the test database; build it first if there is none."""
    key = test_database_key()
    with cache_lock(key):
        if rebuild or not sqlite_copy(key).exists():
            db_cfg = build_databases(verbosity)
            save_sqlite_copy(key)
            return db_cfg
    db_cfg = point_at_test_database()
    load_sqlite_copy(key)
    return db_cfg


def template_name(key: str) -> str:
    return f"{TEMPLATE_PREFIX}{key}"


def existing_templates() -> set[str]:
    from django.db import connection

    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{TEMPLATE_PREFIX}%"]
        )
        return {row[0] for row in cursor.fetchall()}


def save_template(template: str) -> None:
    """Copy the built test database to ``template``; drop the templates of other keys."""
    from django.db import DatabaseError, connection

    test_name = connection.settings_dict["NAME"]
    connection.close()  # CREATE DATABASE … TEMPLATE needs no other session on its source
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
        cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{test_name}"')
    for old in existing_templates() - {template}:
        with connection.creation._nodb_cursor() as cursor:
            try:
                cursor.execute(f'DROP DATABASE IF EXISTS "{old}"')
            except DatabaseError:  # still open in another run: dropped by a later one
                pass


def setup_postgresql(verbosity: int, rebuild: bool) -> list[Any]:
    """Create the test database from the cached template; build the template if there is none.

    One lock for every key: creating from a template and dropping old templates must not meet.
    """
    from django.db import connection

    template = template_name(test_database_key())
    with cache_lock("postgresql"):
        if rebuild or template not in existing_templates():
            db_cfg = build_databases(verbosity)
            save_template(template)
            return db_cfg
        db_cfg = point_at_test_database()
        test_name = connection.settings_dict["NAME"]
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}"')
            cursor.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')
    return db_cfg


def setup_test_databases(verbosity: int, rebuild: bool) -> list[Any]:
    """Give the default connection its test database with the world in it, cached if allowed."""
    from django.db import connection

    if not cache_enabled():
        return build_databases(verbosity)
    if connection.vendor == "sqlite":
        return setup_sqlite(verbosity, rebuild)
    if connection.vendor == "postgresql":
        return setup_postgresql(verbosity, rebuild)
    return build_databases(verbosity)


def restore_test_world() -> None:
    """Put the world back after a transactional test emptied the database.

    SQLite loads the cached copy again (a second); elsewhere, or uncached, the world is rebuilt.
    """
    from django.db import connection

    key = test_database_key() if cache_enabled() and connection.vendor == "sqlite" else ""
    if key and sqlite_copy(key).exists():
        load_sqlite_copy(key)
    else:
        build_test_world()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """The session's test database (pytest-django's fixture, with the cache above)."""
    from django.test.utils import teardown_databases

    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        db_cfg = setup_test_databases(verbosity, rebuild=django_db_createdb)
    yield
    with django_db_blocker.unblock():
        end_other_sessions()
        teardown_databases(db_cfg, verbosity=verbosity)


def end_other_sessions() -> None:
    """Close this process's connections and, on PostgreSQL, end any session still on the test
    database (a thread of a concurrency test, a migration executor's connection), so that
    dropping it at the end of the run cannot fail with "being accessed by other users"."""
    from django.db import connection, connections

    connections.close_all()
    if connection.vendor != "postgresql":
        return
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run real-browser and transactional tests last: their database is emptied after each."""
    items.sort(
        key=lambda item: any(item.get_closest_marker(m) for m in ("browser", "transactional"))
    )


@pytest.fixture
def live_world(transactional_db, live_server):
    """A live server over the world; put back when an earlier browser test emptied the database."""
    from hezuo.regions.models import Program

    if not Program.objects.filter(code="cn-jp-dalian").exists():
        restore_test_world()
    return live_server


@pytest.fixture
def browser_page():
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
def admin_user(db):
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in the default language, whatever an earlier test activated."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _keep_test_connections_open():
    """Never close a database connection in the middle of a test's transaction.

    Django closes "old" connections when a request starts and ends; a request sent straight to
    the WSGI application inside a test's transaction would close the connection under the test
    (and, on PostgreSQL, under the next test of the same worker). Django's test client detaches
    the receivers for its own requests; this covers the others.
    """
    from django.db.backends.base.base import BaseDatabaseWrapper

    original = BaseDatabaseWrapper.close_if_unusable_or_obsolete

    def close_unless_in_transaction(self):
        if not self.in_atomic_block:
            original(self)

    BaseDatabaseWrapper.close_if_unusable_or_obsolete = close_unless_in_transaction
    yield
    BaseDatabaseWrapper.close_if_unusable_or_obsolete = original
