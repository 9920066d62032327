"""Where the time of one persons import goes: reading, planning, each large SQL statement, COMMIT.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB .venv/bin/python bench/imports/phases.py \\
        /tmp/hezuo-bench-imports/persons-1000000.csv [--dry-run]

DB must hold the world and no persons yet (e.g. a copy of the database ``bench/imports/run.py``
prepares, taken before its import: ``CREATE DATABASE x TEMPLATE hezuo_bench_imports``). The
import is the one ``hezuo import persons FILE`` runs, as the first system administrator; the
statements taking over 0.2 s are listed with their time.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hezuo.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from hezuo.imports import services  # noqa: E402
from hezuo.imports.ledgers import get_ledger  # noqa: E402
from hezuo.imports.ledgers.persons import PersonLedger  # noqa: E402

marks: list[tuple[str, float]] = []


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            marks.append((name, time.perf_counter() - started))

    return wrapper


def statements(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        took = time.perf_counter() - started
        if took > 0.2:
            marks.append(("  sql " + " ".join(sql.split())[:100], took))


def main() -> None:
    path = Path(sys.argv[1])
    PersonLedger.parse = timed("read and normalise", PersonLedger.parse)  # type: ignore[method-assign]
    PersonLedger.plan = timed("plan", PersonLedger.plan)  # type: ignore[method-assign]
    PersonLedger.write = timed("write", PersonLedger.write)  # type: ignore[method-assign]
    leave = transaction.Atomic.__exit__

    def commit(self: Any, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return leave(self, *args)
        finally:
            if (took := time.perf_counter() - started) > 0.2:
                marks.append(("COMMIT", took))

    transaction.Atomic.__exit__ = commit  # type: ignore[method-assign]
    started = time.perf_counter()
    with connection.execute_wrapper(statements), path.open("rb") as stream:
        result = services.import_file(
            get_ledger("persons"),
            stream,
            file_name=path.name,
            user=services.system_user(),
            dry_run="--dry-run" in sys.argv,
        )
    print(
        f"ok {result.ok}: created {result.created}, updated {result.updated}, "
        f"unchanged {result.unchanged}, errors {len(result.errors)}"
    )
    for name, took in marks:
        print(f"{took:8.2f} s  {name}")
    print(f"{time.perf_counter() - started:8.2f} s  in all")


if __name__ == "__main__":
    main()
