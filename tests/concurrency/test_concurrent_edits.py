"""Two people editing one record at the same moment: one wins, the other is told, nothing is lost.

Two threads, each with its own database connection, send an update based on the same ``version``
at the same instant (a barrier releases them together). The API reads the version under a write
lock (``SELECT ... FOR UPDATE`` on PostgreSQL, the database write lock on SQLite): exactly one
update is saved, the other gets 409 Conflict, and the record ends with the winner's values at
version + 1. The race is run several rounds, so that a missing lock would show as a lost update
(two 200s) and not pass by luck.

These tests commit for real (``transactional_db``): the database is emptied after each, so they
are marked ``transactional`` (run last, after the tests that use the session's world) and make
every row they need themselves.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from functools import partial
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from hezuo.directory.models import Organisation
from hezuo.projects.models import Project
from hezuo.regions.models import Program, Region

pytestmark = pytest.mark.transactional

ROUNDS = 10
#: How long a thread waits for the other one at the barrier, and for its answer, at most.
TIMEOUT = 30


@pytest.fixture
def editor(transactional_db: None) -> Any:
    """A system administrator of this test's own (the world may be gone: see the docstring)."""
    user = get_user_model().objects.create_user("race-editor")
    user.memberships.create(role="system_admin")
    return user


def make_organisation() -> Organisation:
    return Organisation.objects.create(
        kind="enterprise", country="CN", name_zh_hans="并发测试公司", name_en="Race Test Ltd"
    )


def make_project() -> Project:
    region = Region.objects.create(
        code="JP-RACE", level="province", country="JP", name_zh_hans="并发测试县"
    )
    program = Program.objects.create(
        code="race-zone", kind="zone", region=region, name_zh_hans="并发测试示范区"
    )
    return Project.objects.create(
        code="RACE-001", title_zh_hans="并发测试项目", program=program, stage="lead"
    )


def wait_while_locked(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
    """Run a statement, waiting while another connection holds the lock it needs.

    On a database file SQLite waits for a lock by itself (the busy timeout in the settings). The
    in-memory test database is shared between connections through SQLite's shared cache, where
    a statement that meets another connection's table lock fails at once with "database table is
    locked" instead: it is retried here, as the busy handler would, so the test sees the same
    waiting as a real database file (and as PostgreSQL's row locks) gives.
    """
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            return execute(sql, params, many, context)
        except OperationalError as exc:
            if "is locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.002)


def shared_cache_database() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run ``calls`` in as many threads, released together; return their results (or errors).

    Each thread has its own database connection, closed at its end as a request thread's is.
    """
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    shared_cache = shared_cache_database()

    def run(index: int) -> None:
        try:
            with ExitStack() as stack:
                if shared_cache:
                    stack.enter_context(connection.execute_wrapper(wait_while_locked))
                barrier.wait(timeout=TIMEOUT)
                results[index] = calls[index]()
        except BaseException as exc:  # noqa: BLE001 - reported by the test, in the main thread
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 2)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def api_client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def organisation_update(client: APIClient, pk: int, version: int, value: str) -> Any:
    return client.patch(
        f"/api/organisations/{pk}/", {"name_en": value, "version": version}, format="json"
    )


def project_update(client: APIClient, pk: int, version: int, value: str) -> Any:
    """A PUT of the whole record as read, with its title changed: what a form-like client sends."""
    body = client.get(f"/api/projects/{pk}/").json()
    body.update(title_en=value, version=version)
    return client.put(f"/api/projects/{pk}/", body, format="json")


CASES = {
    "organisation-patch": (make_organisation, organisation_update, "name_en"),
    "project-put": (make_project, project_update, "title_en"),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_two_concurrent_updates_one_wins_the_other_gets_409(editor: Any, kind: str) -> None:
    make, update, field = CASES[kind]
    record = make()
    clients = [api_client(editor), api_client(editor)]
    for round_ in range(ROUNDS):
        record.refresh_from_db()
        start = record.version
        values = [f"round {round_} editor A", f"round {round_} editor B"]

        answers = at_once(
            [
                partial(update, client, record.pk, start, value)
                for client, value in zip(clients, values, strict=True)
            ]
        )

        statuses = [answer.status_code for answer in answers]
        assert sorted(statuses) == [200, 409], (
            f"round {round_}: expected one 200 and one 409, got {statuses}: "
            f"{[answer.content[:300] for answer in answers]}"
        )
        winner = statuses.index(200)
        won, lost = answers[winner].json(), answers[1 - winner].json()
        assert won[field] == values[winner]
        assert won["version"] == start + 1
        assert lost["code"] == "version_conflict"
        assert (lost["version"], lost["sent_version"]) == (start + 1, start)

        record.refresh_from_db()
        assert getattr(record, field) == values[winner], f"round {round_}: the loser's value won"
        assert record.version == start + 1, f"round {round_}: version {record.version}"
        assert record.history.filter(version=start + 1).count() == 1


def edit_page_version(client: Client, url: str) -> str:
    """Return the ``_version`` the edit page hands out in its form, as a browser would read it."""
    page = client.get(url)
    assert page.status_code == 200
    found = re.search(r'name="_version"[^>]*value="(\d+)"', page.content.decode())
    if found is None:
        found = re.search(r'value="(\d+)"[^>]*name="_version"', page.content.decode())
    assert found is not None, "the edit page has no _version field"
    return found.group(1)


def organisation_form(organisation: Organisation, version: str, **changes: str) -> dict[str, str]:
    return {
        "kind": organisation.kind,
        "name_zh_hans": organisation.name_zh_hans,
        "name_ja": organisation.name_ja,
        "name_en": organisation.name_en,
        "country": organisation.country,
        "uscc": "",
        "jp_corporate_number": "",
        "website": "",
        "note": "",
        "_version": version,
        "organisationalias-TOTAL_FORMS": "0",
        "organisationalias-INITIAL_FORMS": "0",
        "organisationalias-MIN_NUM_FORMS": "0",
        "organisationalias-MAX_NUM_FORMS": "1000",
        **changes,
    }


def test_a_stale_edit_through_the_page_is_refused(editor: Any) -> None:
    """Two people open the edit page; the first saves; the second's save is refused, shown why."""
    organisation = make_organisation()
    url = reverse("directory:organisation_edit", args=[organisation.pk])
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(editor)
    read_first, read_second = edit_page_version(first, url), edit_page_version(second, url)
    assert read_first == read_second == str(organisation.version)

    saved = first.post(url, organisation_form(organisation, read_first, name_en="First editor"))
    assert saved.status_code == 302, saved.content[:500]

    refused = second.post(url, organisation_form(organisation, read_second, name_en="Second"))
    assert refused.status_code == 200
    errors = refused.context["form"].non_field_errors()
    assert errors, "no message says why the save was refused"
    assert errors[0] in refused.content.decode()  # shown on the page, not only in the form
    organisation.refresh_from_db()
    assert organisation.name_en == "First editor"
    assert organisation.version == int(read_first) + 1


def test_two_concurrent_saves_through_the_page_lose_nothing(editor: Any) -> None:
    organisation = make_organisation()
    url = reverse("directory:organisation_edit", args=[organisation.pk])
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(editor)
    for round_ in range(ROUNDS // 2):
        organisation.refresh_from_db()
        read = edit_page_version(clients[0], url)
        values = [f"round {round_} editor A", f"round {round_} editor B"]

        answers = at_once(
            [
                partial(client.post, url, organisation_form(organisation, read, name_en=value))
                for client, value in zip(clients, values, strict=True)
            ]
        )

        statuses = [answer.status_code for answer in answers]
        organisation.refresh_from_db()
        assert sorted(statuses) == [200, 302], f"round {round_}: both saved: {statuses}"
        winner = statuses.index(302)
        assert answers[1 - winner].context["form"].non_field_errors()
        assert organisation.name_en == values[winner]
        assert organisation.version == int(read) + 1
