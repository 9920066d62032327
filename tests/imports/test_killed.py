"""A process killed (SIGKILL) in the middle of writing an import leaves no row behind.

The test world is copied from the in-memory test database into a file (outside any transaction:
the test's own would hold the write lock, as every transaction begins IMMEDIATE); a separate
``hezuo import persons`` process works on that file and is killed while its write transaction is
writing (its uncommitted pages fill SQLite's write-ahead log); the file then holds no row of the
file.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from .helpers import PERSON_HEADERS, person_rows, write_csv

pytestmark = pytest.mark.django_db


@pytest.mark.transactional
@pytest.mark.skipif(connection.vendor != "sqlite", reason="copies the SQLite test database")
def test_sigkill_mid_import_leaves_no_row(tmp_path: Path, transactional_db: None) -> None:
    from hezuo.regions.models import Program
    from tests.conftest import restore_test_world

    if not Program.objects.filter(code="cn-jp-dalian").exists():  # emptied by an earlier test
        restore_test_world()
    database = tmp_path / "killed.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(database)
    connection.connection.backup(target)
    target.close()
    rows = person_rows(6000, 4)  # 24,000 persons in 6,000 households
    ledger = write_csv(tmp_path / "big.csv", PERSON_HEADERS, rows)
    wal = Path(f"{database}-wal")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "hezuo.manage", "import", "persons", str(ledger)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 300
    while not wal.exists() or wal.stat().st_size < 512 * 1024:  # pages written, uncommitted
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL  # killed, not finished
    check = sqlite3.connect(database)  # ignores the log's uncommitted frames, as any opener does
    try:
        households = check.execute(
            "select count(*) from assistance_household where number like 'TEST%'"
        ).fetchone()[0]
        members = check.execute(
            "select count(*) from assistance_householdmember where name like '测试%'"
        ).fetchone()[0]
        history = check.execute(
            "select count(*) from assistance_historicalhouseholdmember where name like '测试%'"
        ).fetchone()[0]
    finally:
        check.close()
    assert (households, members, history) == (0, 0, 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="watches PostgreSQL's locks")
def test_sigkill_mid_import_leaves_no_row_on_postgresql(tmp_path: Path) -> None:
    """The same on PostgreSQL: the import runs against the test database (its world committed
    when the session began) and is killed once its transaction holds the write lock of the
    members' table, i.e. while it is writing; the server rolls the transaction back."""
    import psycopg

    settings = connection.settings_dict
    url = (
        f"postgresql://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    rows = person_rows(6000, 4)  # 24,000 persons in 6,000 households
    ledger = write_csv(tmp_path / "big.csv", PERSON_HEADERS, rows)
    env = {**os.environ, "DATABASE_URL": url}
    output = tmp_path / "output.txt"
    writing = """
        select l.pid from pg_locks l join pg_class c on c.oid = l.relation
        where l.database = (select oid from pg_database where datname = current_database())
          and c.relname = 'assistance_householdmember' and l.mode = 'RowExclusiveLock'
          and l.pid <> pg_backend_pid()
    """
    with psycopg.connect(url, autocommit=True) as watch:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "hezuo.manage", "import", "persons", str(ledger)],
            env=env,
            stdout=output.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 300
        while not (found := watch.execute(writing).fetchall()):
            assert process.poll() is None, output.read_text()
            assert time.monotonic() < deadline
            time.sleep(0.005)
        backend = found[0][0]
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert process.returncode == -signal.SIGKILL  # killed, not finished
        # the server notices the lost client and rolls back; wait for its backend to end
        while watch.execute("select 1 from pg_stat_activity where pid = %s", [backend]).fetchall():
            assert time.monotonic() < deadline
            time.sleep(0.05)
        counts = [
            watch.execute(sql).fetchone()[0]  # type: ignore[index]
            for sql in (
                "select count(*) from assistance_household where number like 'TEST%'",
                "select count(*) from assistance_householdmember where name like '测试%'",
                "select count(*) from assistance_historicalhouseholdmember where name like '测试%'",
            )
        ]
    assert counts == [0, 0, 0]
