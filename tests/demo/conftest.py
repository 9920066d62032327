"""Fixtures of the demo tests: the division table, industries and world, built once per module."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

HAS_INDUSTRY_TABLE = importlib.util.find_spec("hezuo.core.industry") is not None


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Build the facts once for a test module, inside a transaction rolled back at its end.

    Each test still runs in its own nested transaction (the ``db`` fixture), so what a test
    changes is undone before the next one.
    """
    from hezuo.demo.world import build_world
    from hezuo.directory.management.commands.load_industries import load_industry_classes
    from hezuo.regions.management.commands.load_regions import load_division_table

    with django_db_blocker.unblock(), transaction.atomic():
        load_division_table()
        if HAS_INDUSTRY_TABLE:
            load_industry_classes()
        build_world()
        yield
        transaction.set_rollback(True)
