"""Property-based fuzzing of the whole REST API from its own OpenAPI schema (schemathesis).

Every operation of ``/api/schema/`` gets requests generated from the schema (valid ones and,
in schemathesis's negative mode, invalid ones), sent straight to the WSGI application:

* without credentials, every answer is 401 or 403 (or 404 for a path that routes nowhere);
* signed in as the demo ``admin`` (a Django session, as the pages use), no answer is a server
  error and every documented answer has the documented shape.

Each generated request runs in its own savepoint, rolled back after it, inside the test's own
transaction (pytest-django ``db``): nothing one request writes is seen by the next one or by
another test. Path ids are drawn half the time from the records that exist, so that the detail,
update and delete code runs on real rows and not only on 404s.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from hezuo.wsgi import application

SCHEMA_PATH = "/api/schema/?format=json"
#: A CSRF secret sent both as the cookie and as the header, as a page's JavaScript would.
CSRF_TOKEN = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"

FUZZ_SETTINGS = settings(
    max_examples=15,
    derandomize=True,
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


def load_schema(*, with_security_parameters: bool) -> Any:
    """Return the schema the application serves (read without the database: no world needed)."""
    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application)
    schema.config.generation.update(with_security_parameters=with_security_parameters)
    return schema


# Anonymous calls may also carry made-up credentials (a token header, a session cookie).
anonymous_schema = load_schema(with_security_parameters=True)
# The admin's calls carry the admin's session only; a made-up token header would just be a 401.
admin_schema = load_schema(with_security_parameters=False)


class ServerErrors:
    """Exceptions Django turned into 500 answers, with their tracebacks, for the failure message."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, sender: Any, request: Any = None, **kwargs: Any) -> None:
        self.seen.append(traceback.format_exc())


@pytest.fixture
def wsgi_in_test_transaction(db: None) -> Iterator[ServerErrors]:
    """Let requests sent to the raw WSGI application run inside the test's transaction.

    The WSGI handler closes "old" connections at the start and end of every request, which
    inside a test transaction would throw the transaction away; Django's test client
    disconnects the same receivers for the same reason.
    """
    errors = ServerErrors()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.got_request_exception.connect(errors)
    try:
        yield errors
    finally:
        signals.got_request_exception.disconnect(errors)
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def admin_session(wsgi_in_test_transaction: ServerErrors) -> dict[str, Any]:
    """Cookies and headers of a signed-in browser session of the demo ``admin``."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN},
        "headers": {"X-CSRFToken": CSRF_TOKEN},
    }


def _model_of(path: str) -> Any:
    """Return the model the API view at ``path`` (with ``{id}`` in it) serves, if any."""
    try:
        match = resolve(path.replace("{id}", "1"))
    except Resolver404:
        return None
    cls = getattr(match.func, "cls", None)
    queryset = getattr(cls, "queryset", None)
    return queryset.model if queryset is not None else None


def use_existing_ids(case: Any, data: st.DataObject) -> None:
    """Half the time, replace a generated ``{id}`` by the id of a record that exists."""
    if "id" not in (case.path_parameters or {}):
        return
    model = _model_of(case.operation.path)
    if model is None:
        return
    ids = list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:100])
    if ids and data.draw(st.booleans(), label="existing id"):
        case.path_parameters["id"] = data.draw(st.sampled_from(ids), label="id")


def _rolled_back() -> Any:
    """A savepoint undone at its end: what one generated request writes, the next doesn't see."""

    class RolledBack:
        def __enter__(self) -> None:
            self.atomic = transaction.atomic()
            self.atomic.__enter__()

        def __exit__(self, *exc: Any) -> None:
            transaction.set_rollback(True)
            self.atomic.__exit__(*exc)

    return RolledBack()


def _server_error_detail(errors: ServerErrors) -> str:
    return "\n".join(errors.seen[-1:]) or "(no exception was signalled)"


@pytest.mark.fuzz
@anonymous_schema.parametrize()
@anonymous_schema.given(data=st.data())
@FUZZ_SETTINGS
def test_anonymous_calls_are_refused(
    case: Any, data: st.DataObject, wsgi_in_test_transaction: ServerErrors
) -> None:
    use_existing_ids(case, data)
    with _rolled_back():
        response = case.call()
    if response.status_code == 404:
        # Only a path that routes to no view may answer 404 before authentication.
        path = case.formatted_path
        with pytest.raises(Resolver404):
            resolve(path)
        return
    assert response.status_code in (401, 403), (
        f"{case.method} {case.formatted_path} answered {response.status_code} without "
        f"credentials: {response.text[:500]}\n{_server_error_detail(wsgi_in_test_transaction)}"
    )


@pytest.mark.fuzz
@admin_schema.parametrize()
@admin_schema.given(data=st.data())
@FUZZ_SETTINGS
def test_admin_calls_never_fail_and_match_the_schema(
    case: Any,
    data: st.DataObject,
    admin_session: dict[str, Any],
    wsgi_in_test_transaction: ServerErrors,
) -> None:
    use_existing_ids(case, data)
    before = len(wsgi_in_test_transaction.seen)
    with _rolled_back():
        response = case.call(headers=admin_session["headers"], cookies=admin_session["cookies"])
    if len(wsgi_in_test_transaction.seen) > before:
        pytest.fail(
            f"{case.method} {case.formatted_path} raised on the server:\n"
            f"{_server_error_detail(wsgi_in_test_transaction)}\n{case.as_curl_command()}"
        )
    assert response.status_code not in (401, 403), (
        f"the admin's session was refused: {response.status_code} {response.text[:300]}"
    )
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
