"""Safe by default: no debug pages unless asked for, a Content-Security-Policy, private pages not
cached, and a busy database answered with "try again" instead of a server error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from hezuo.base.middleware import DatabaseBusyMiddleware
from tests.security.helpers import make_user

HEZUO = str(Path(sys.executable).with_name("hezuo"))


def setting(name: str, **env: str) -> str:
    """The value of a setting in a fresh process whose environment sets none of Hezuo's."""
    unset = ("DEBUG", "HEZUO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment.update(env)
    result = subprocess.run(
        [
            HEZUO,
            "shell",
            "--no-imports",
            "-c",
            f"from django.conf import settings; print(settings.{name})",
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_debug_is_off_unless_asked_for():
    assert setting("DEBUG") == "False"
    assert setting("DEBUG", DEBUG="true") == "True"


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "object-src 'none'" in policy
    script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src


@pytest.mark.django_db
def test_inline_scripts_carry_the_nonce(client):
    user = make_user("alice")
    client.force_login(user)
    response = client.get("/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    body = response.content.decode()
    tags = [part.split(">")[0] for part in body.split("<script")[1:]]
    # scripts to run, written in the page (data in <script type="application/json"> never runs)
    inline = [tag for tag in tags if "src=" not in tag and "application/json" not in tag]
    assert inline, "the home page has an inline script (its chart)"
    assert all(f'nonce="{nonce}"' in tag for tag in inline)


@pytest.mark.django_db
def test_signed_in_pages_are_not_stored(client):
    user = make_user("alice")
    client.force_login(user)
    cache_control = client.get("/")["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


def test_a_locked_database_is_answered_503_in_the_users_language():
    request = RequestFactory().post("/projects/1/edit/")
    middleware = DatabaseBusyMiddleware(lambda r: None)
    with translation.override("zh-hans"):
        response = middleware.process_exception(request, OperationalError("database is locked"))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "数据库正在处理其他工作" in response.content.decode()
    api = RequestFactory().post("/api/projects/")
    with translation.override("ja"):
        answer = middleware.process_exception(api, OperationalError("database is locked"))
    assert answer.status_code == 503
    assert "データベース" in json.loads(answer.content)["detail"]
    assert middleware.process_exception(request, OperationalError("no such table")) is None
