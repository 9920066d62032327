"""The default SQLite database serves several users at once.

Eight threads (eight users' requests, each with its own connection) each run transactions that read
a counter and write it back, on a real database file with the project's settings. With SQLite's
defaults (deferred transactions, rollback journal) two such transactions deadlock on the upgrade
from read to write and one fails at once with "database is locked" (a 500 for its user), and the
counter loses updates. With the settings' IMMEDIATE transactions and WAL journal every transaction
waits its turn: no error, no lost update. Run in a fresh process, as the test run's own database is
in memory.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEZUO = str(Path(sys.executable).with_name("hezuo"))

SCRIPT = """
import threading
import time
from django.db import OperationalError, connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
connection.close()
errors = []
start = threading.Barrier(THREADS)

def user():
    start.wait()
    for _ in range(ROUNDS):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT n FROM counter")
                    value = cursor.fetchone()[0]
                    time.sleep(0.002)  # the view's own work between its read and its write
                    cursor.execute("UPDATE counter SET n = %s", [value + 1])
        except OperationalError as error:
            errors.append(str(error))
    connection.close()

threads = [threading.Thread(target=user) for _ in range(THREADS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    print(journal, len(errors), cursor.fetchone()[0])
"""


def test_concurrent_read_then_write_transactions_neither_fail_nor_lose_updates(tmp_path):
    threads, rounds = 8, 25
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    script = SCRIPT.replace("THREADS", str(threads)).replace("ROUNDS", str(rounds))
    result = subprocess.run(
        [HEZUO, "shell", "--no-imports", "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    journal, errors, total = result.stdout.split()
    assert journal == "wal"
    assert int(errors) == 0
    assert int(total) == threads * rounds
