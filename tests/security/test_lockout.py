"""Five failed logins for one user name from one address lock that pair out for 15 minutes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hezuo.accounts.choices import AuditAction
from hezuo.accounts.models import AuditEntry

from .helpers import PASSWORD, login, make_user


def fail(client, username: str, times: int, **extra: str):
    response = None
    for _ in range(times):
        response = client.post(
            reverse("login"), {"username": username, "password": "wrong-password"}, **extra
        )
    return response


def test_locked_out_after_five_failures(client, db):
    make_user("alice")
    assert fail(client, "alice", 4).status_code == 200  # the form again, with its error
    response = fail(client, "alice", 1)
    assert response.status_code == 429
    assert b'id="locked-out"' in response.content
    # Now even the right password is refused, and nobody is signed in.
    response = login(client, "alice")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, username="alice").count() >= 5
    locked = AuditEntry.objects.filter(action=AuditAction.LOCKED_OUT, username="alice")
    assert locked.exists()
    assert locked.first().ip_address == "127.0.0.1"
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN, username="alice").exists()


def test_lock_is_per_user_name_and_address(client, db):
    make_user("alice")
    make_user("bob")
    fail(client, "alice", 5)
    assert login(client, "bob").status_code == 302  # another user name from the same address
    client.logout()
    response = login(client, "alice", REMOTE_ADDR="10.1.2.3")  # same name, another address
    assert response.status_code == 302


def test_success_resets_the_count(client, db):
    make_user("alice")
    fail(client, "alice", 4)
    assert login(client, "alice").status_code == 302
    client.logout()
    assert fail(client, "alice", 4).status_code == 200
    assert login(client, "alice").status_code == 302


@pytest.mark.parametrize("lang", ["zh-hans", "ja", "en"])
def test_lockout_page_in_each_language(client, db, lang):
    make_user("alice")
    client.cookies["django_language"] = lang
    response = fail(client, "alice", 5)
    assert response.status_code == 429
    content = response.content.decode()
    assert f'<html lang="{lang}">' in content
    assert 'id="locked-out"' in content
    assert reverse("login") in content


def test_login_page_shows_the_code_field(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="otp_code"' in response.content


def test_test_client_login_still_works(client, db):
    """Django's client.login() authenticates without a request; the lock-out backend lets it."""
    make_user("alice")
    assert client.login(username="alice", password=PASSWORD)
    assert not client.login(username="alice", password="wrong-password")


def test_admin_login_goes_through_the_same_login(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/"
