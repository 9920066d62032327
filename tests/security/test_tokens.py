"""API tokens: hashed, expiring, revocable, audited; a call made with one is its user's call."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from hezuo.accounts.choices import AuditAction
from hezuo.accounts.models import ApiToken, AuditEntry
from hezuo.accounts.tokens import issue_token

from .helpers import make_user

API_URL = "/api/regions/"


@pytest.fixture
def admin(db):
    return get_user_model().objects.get(username="admin")


def call(key: str, url: str = API_URL):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(url)


def test_a_valid_token_authenticates(admin):
    key = issue_token(admin, "script")
    response = call(key)
    assert response.status_code == 200
    token = ApiToken.objects.get(user=admin)
    assert token.last_used_at is not None


def test_the_key_is_stored_only_as_a_hash(admin):
    key = issue_token(admin, "script")
    token = ApiToken.objects.get(user=admin)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:8]
    stored = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().first().values()]
    assert key not in stored
    assert len(key) >= 40


def test_an_expired_token_is_refused(admin):
    key = issue_token(admin, "script")
    ApiToken.objects.filter(user=admin).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = call(key)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_revoked_token_is_refused(admin):
    key = issue_token(admin, "script")
    ApiToken.objects.filter(user=admin).update(revoked_at=timezone.now())
    response = call(key)
    assert response.status_code == 401
    expired_key = issue_token(admin, "other")
    ApiToken.objects.filter(name="other").update(expires_at=timezone.now())
    assert response.json()["detail"] != call(expired_key).json()["detail"]  # says which


def test_an_unknown_token_is_refused(db):
    assert call("not-a-real-token").status_code == 401


def test_an_inactive_users_token_is_refused(admin):
    user = make_user("alice")
    key = issue_token(user, "script")
    user.is_active = False
    user.save()
    assert call(key).status_code == 401


def test_last_use_is_written_at_most_once_a_minute(admin):
    key = issue_token(admin, "script")
    call(key)
    first = ApiToken.objects.get(user=admin).last_used_at
    call(key)
    assert ApiToken.objects.get(user=admin).last_used_at == first
    ApiToken.objects.filter(user=admin).update(last_used_at=first - timedelta(minutes=2))
    call(key)
    assert ApiToken.objects.get(user=admin).last_used_at > first


def test_expiry_is_at_most_a_year(admin):
    with pytest.raises(ValidationError):
        issue_token(admin, "script", days=366)
    with pytest.raises(ValidationError):
        issue_token(admin, "script", days=0)
    issue_token(admin, "script", days=365)


def test_created_and_revoked_on_the_account_page_are_audited(client, db):
    alice = make_user("alice")
    client.force_login(alice)
    response = client.post(reverse("accounts:token_create"), {"name": "my script", "days": 30})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=alice)
    key = response.context["new_key"]
    assert key.encode() in response.content  # shown once, on this page
    assert token.expires_at - timezone.now() > timedelta(days=29)
    assert call(key).status_code == 200
    assert key.encode() not in client.get(reverse("accounts:profile")).content

    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert call(key).status_code == 401

    changes = list(
        AuditEntry.objects.filter(action=AuditAction.TOKEN, user=alice)
        .order_by("pk")
        .values_list("detail__change", flat=True)
    )
    assert changes == ["created", "revoked"]


def test_too_long_a_life_is_refused_on_the_page(client, db):
    alice = make_user("alice")
    client.force_login(alice)
    response = client.post(reverse("accounts:token_create"), {"name": "x", "days": 400})
    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=alice).exists()


def test_others_may_not_revoke_my_token_but_an_administrator_may(client, admin):
    alice = make_user("alice")
    issue_token(alice, "script")
    token = ApiToken.objects.get(user=alice)
    client.force_login(make_user("bob"))
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 403
    assert client.get(reverse("accounts:token_list")).status_code == 403

    client.force_login(admin)
    page = client.get(reverse("accounts:token_list"))
    assert page.status_code == 200 and token.prefix.encode() in page.content
    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = AuditEntry.objects.filter(action=AuditAction.TOKEN).latest("pk")
    assert entry.user == admin and entry.detail == {
        "change": "revoked",
        "owner": "alice",
        "name": "script",
        "prefix": token.prefix,
    }
