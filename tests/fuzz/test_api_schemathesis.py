"""Property-based fuzzing of the whole REST API from its own OpenAPI schema (schemathesis).

Every operation of ``/api/schema/`` gets requests generated from the schema (valid ones and,
in schemathesis's negative mode, invalid ones), sent straight to the WSGI application:

* without credentials, every answer is 401 or 403 (or 404 for a path no API view serves);
* signed in as the demo ``admin`` (a Django session with its CSRF token, as the pages use), no
  request raises on the server or answers 5xx, and every documented answer has the documented
  shape.

Each generated request runs in a savepoint rolled back after it, inside the test's own transaction
(pytest-django ``db``): nothing one request writes is seen by the next one or by another test.
Half the time, path ids and related-record ids in bodies are drawn from the records that exist,
so that the detail, update and delete code runs on real rows and not only on 404s and 400s.

Bugs the fuzzer found (a participation without a person broke the documented shape; an id beyond
64 bits in a list filter made SQLite raise) are fixed, and each has a test of its own at the end.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.exceptions import FieldDoesNotExist
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from werkzeug.test import Client as WerkzeugClient

from hezuo.wsgi import application

pytestmark = pytest.mark.fuzz

SCHEMA_PATH = "/api/schema/?format=json"
#: A CSRF secret sent both as the cookie and as the header, as the pages' JavaScript does.
CSRF_TOKEN = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"
ON_SQLITE = django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
#: The largest value a 64-bit signed integer column (and SQLite's INTEGER) can hold.
MAX_BIGINT = 2**63 - 1

FUZZ_SETTINGS = settings(
    # Per operation and test; HEZUO_FUZZ_EXAMPLES=200 (say) fuzzes deeper, locally.
    max_examples=int(os.environ.get("HEZUO_FUZZ_EXAMPLES", "20")),
    derandomize=True,  # the same requests on every run and on every machine
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the fixtures hold per-test state on purpose
        HealthCheck.too_slow,  # each example is a full request through Django
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


def served_schema() -> dict[str, Any]:
    """Return the OpenAPI schema as the application serves it (no database needed)."""
    response = WerkzeugClient(application).get(SCHEMA_PATH)
    assert response.status_code == 200, response.status_code
    return json.loads(response.get_data())


def load_schema(*, with_security_parameters: bool) -> Any:
    schema = schemathesis.openapi.from_dict(served_schema())
    schema.app = application  # send the requests to the WSGI application, in this process
    schema.location = SCHEMA_PATH
    schema.config.generation.update(with_security_parameters=with_security_parameters)
    return schema


# Anonymous calls may also carry made-up credentials (a token header, a session cookie).
anonymous_schema = load_schema(with_security_parameters=True)
# The admin's calls carry the admin's session only: a made-up token header would just be a 401.
admin_schema = load_schema(with_security_parameters=False)


class ServerExceptions:
    """The exceptions Django turned into 500 answers, for the failure message."""

    def __init__(self) -> None:
        self.seen: list[tuple[BaseException | None, str]] = []

    def __call__(self, sender: Any, request: Any = None, **kwargs: Any) -> None:
        self.seen.append((sys.exc_info()[1], traceback.format_exc()))


@pytest.fixture
def server_exceptions(db: None) -> Iterator[ServerExceptions]:
    """Let requests sent to the bare WSGI application run inside the test's transaction.

    The WSGI handler closes "old" database connections when a request starts and ends, which
    inside a test transaction would throw the transaction away; Django's test client disconnects
    the same receivers for the same reason.
    """
    exceptions = ServerExceptions()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.got_request_exception.connect(exceptions)
    try:
        yield exceptions
    finally:
        signals.got_request_exception.disconnect(exceptions)
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_session(server_exceptions: ServerExceptions) -> dict[str, Any]:
    """The cookies and headers of a signed-in browser session of the demo ``admin``."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN},
        "headers": {"X-CSRFToken": CSRF_TOKEN},
    }


@contextmanager
def rolled_back() -> Iterator[None]:
    """A savepoint undone at its end: what one generated request writes, the next doesn't see."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def model_of(path_template: str) -> Any:
    """Return the model the API view at ``path_template`` serves, if any."""
    try:
        match = resolve(path_template.replace("{id}", "1"))
    except Resolver404:
        return None
    queryset = getattr(getattr(match.func, "cls", None), "queryset", None)
    return queryset.model if queryset is not None else None


def existing_ids(model: Any) -> list[int]:
    return list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:100])


def use_existing_records(case: Any, data: st.DataObject) -> None:
    """Half the time, point a generated id (in the path, or a relation in the body) at a record.

    Random integers almost never name a record that exists: without this, updates, deletes and
    creations of child records would only ever be refused with 404 or 400.
    """
    model = model_of(case.operation.path)
    if model is None:
        return
    if "id" in (case.path_parameters or {}):
        ids = existing_ids(model)
        if ids and data.draw(st.booleans(), label="existing id"):
            case.path_parameters["id"] = data.draw(st.sampled_from(ids), label="id")
    if not isinstance(case.body, dict):
        return
    for name in sorted(case.body):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not (field.many_to_many or (field.is_relation and field.concrete)):
            continue
        ids = existing_ids(field.related_model)
        if not ids or not data.draw(st.booleans(), label=f"existing {name}"):
            continue
        if field.many_to_many:
            strategy: Any = st.lists(st.sampled_from(ids), max_size=3, unique=True)
        else:
            strategy = st.sampled_from(ids)
        case.body[name] = data.draw(strategy, label=name)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def test_the_schema_has_operations() -> None:
    """The fuzzing below is only as good as the schema it reads: it must list the API."""
    operations = [op.ok() for op in admin_schema.get_all_operations()]
    assert len(operations) >= 100
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= {op.method.upper() for op in operations}


#: An unsigned call is refused by authentication before its parameters or body are read, so a few
#: generated calls per operation (paths with existing and random ids, bodies, query strings)
#: test what many would: HEZUO_FUZZ_ANONYMOUS_EXAMPLES=20 (say) asks more, locally.
ANONYMOUS_SETTINGS = settings(
    FUZZ_SETTINGS,
    max_examples=int(os.environ.get("HEZUO_FUZZ_ANONYMOUS_EXAMPLES", "4")),
)


@anonymous_schema.parametrize()
@anonymous_schema.given(data=st.data())
@ANONYMOUS_SETTINGS
def test_anonymous_calls_are_refused(
    case: Any, data: st.DataObject, server_exceptions: ServerExceptions
) -> None:
    use_existing_records(case, data)
    with rolled_back():
        response = case.call()
    detail = f"{case.method} {case.formatted_path} answered {response.status_code} unsigned"
    assert not server_exceptions.seen, f"{detail}:\n{server_exceptions.seen[-1][1]}"
    if response.status_code == 404:
        # Before authentication, only a path that routes to no API view may answer 404, or one
        # whose last dot reads as an unknown format suffix ("/api/regions/0.5/" is format "5").
        try:
            match = resolve(case.formatted_path)
        except Resolver404:
            return
        assert "format" in match.kwargs, f"{detail}: {response.text[:300]}"
        return
    assert response.status_code in (401, 403), f"{detail}: {response.text[:300]}"


@admin_schema.parametrize()
@admin_schema.given(data=st.data())
@FUZZ_SETTINGS
def test_admin_calls_never_fail_and_match_the_schema(
    case: Any,
    data: st.DataObject,
    admin_session: dict[str, Any],
    server_exceptions: ServerExceptions,
) -> None:
    use_existing_records(case, data)
    seen = len(server_exceptions.seen)
    with rolled_back():
        response = case.call(headers=admin_session["headers"], cookies=admin_session["cookies"])
    if len(server_exceptions.seen) > seen:
        exception, text = server_exceptions.seen[-1]
        pytest.fail(
            f"{case.method} {case.formatted_path} raised on the server "
            f"(query {case.query!r}, body {case.body!r}):\n{text}"
        )
    assert response.status_code not in (401, 403), (
        f"the admin's session was refused: {response.status_code} {response.text[:300]}"
    )
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


# The bugs the fuzzer found, each shown on its own.


@pytest.fixture
def admin_api(db: None) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user=get_user_model().objects.get(username="admin"))
    return client


def test_participation_without_person_has_every_required_field(admin_api: APIClient) -> None:
    from hezuo.events.models import Event, Participation

    participation = Participation.objects.create(
        event=Event.objects.order_by("pk").first(), person=None, parts=["attended"]
    )
    required = served_schema()["components"]["schemas"]["Participation"]["required"]
    answer = admin_api.get(f"/api/participations/{participation.pk}/").json()
    assert set(required) <= set(answer), sorted(set(required) - set(answer))


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/?agreements=9223372036854775808",
        "/api/programs/?industry_directions=9223372036854775808",
        "/api/sub-areas/?industry_directions=9223372036854775808",
        "/api/industry-directions/?industry_classes=9223372036854775808",
    ],
)
def test_a_filter_on_an_id_too_large_is_refused(admin_api: APIClient, path: str) -> None:
    assert admin_api.get(path).status_code in (200, 400)
