"""Optional TOTP two-factor sign-in: set up with a code, then asked for at every login."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hezuo.accounts.choices import AuditAction
from hezuo.accounts.models import AuditEntry

from .helpers import code, login, make_user, wrong_code


@pytest.fixture(autouse=True)
def no_otp_throttle(settings):
    """django-otp waits longer after each wrong code; the tests try codes back to back."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def alice(db):
    return make_user("alice")


@pytest.fixture
def alice_with_totp(alice):
    return TOTPDevice.objects.create(user=alice, name="authenticator", confirmed=True)


def two_factor(client, action: str, code: str = ""):
    return client.post(reverse("accounts:two_factor"), {"action": action, "code": code})


def test_enabling_needs_a_valid_code(client, alice):
    client.force_login(alice)
    assert two_factor(client, "start").status_code == 302
    device = TOTPDevice.objects.get(user=alice)
    assert not device.confirmed

    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="otpauth-qr"' in page and "data:image/svg+xml;base64," in page
    assert "otpauth://totp/Hezuo%3Aalice?secret=" in page

    assert two_factor(client, "confirm", wrong_code(device)).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    assert not AuditEntry.objects.filter(action=AuditAction.TWO_FACTOR).exists()

    assert two_factor(client, "confirm", code(device)).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    entry = AuditEntry.objects.get(action=AuditAction.TWO_FACTOR, user=alice)
    assert entry.detail["change"] == "enabled"
    assert "otpauth://" not in client.get(reverse("accounts:profile")).content.decode()


def test_login_then_requires_the_code(client, alice_with_totp):
    device = alice_with_totp
    response = login(client, "alice")  # no code
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session

    response = login(client, "alice", otp_code=code(device))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(device.user.pk)


def test_a_wrong_code_is_a_failed_login(client, alice_with_totp):
    device = alice_with_totp
    response = login(client, "alice", otp_code=wrong_code(device))
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, username="alice").exists()
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN, username="alice").exists()


def test_wrong_codes_count_toward_the_lockout(client, alice_with_totp):
    device = alice_with_totp
    for _ in range(4):
        assert login(client, "alice", otp_code=wrong_code(device)).status_code == 200
    assert login(client, "alice", otp_code=wrong_code(device)).status_code == 429
    assert AuditEntry.objects.filter(action=AuditAction.LOCKED_OUT, username="alice").exists()
    assert login(client, "alice", otp_code=code(device)).status_code == 429


def test_the_same_message_for_a_wrong_password_and_a_wrong_code(client, alice_with_totp):
    wrong_password = login(client, "alice", password="wrong-password")
    wrong_otp = login(client, "alice", otp_code=wrong_code(alice_with_totp))
    errors = [r.context["form"].non_field_errors() for r in (wrong_password, wrong_otp)]
    assert errors[0] == errors[1]


def test_users_without_two_factor_log_in_without_a_code(client, alice):
    assert login(client, "alice").status_code == 302


def test_disabling_needs_a_valid_code(client, alice_with_totp):
    device = alice_with_totp
    client.force_login(device.user)
    assert two_factor(client, "disable", wrong_code(device)).status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert two_factor(client, "disable", code(device)).status_code == 302
    assert not TOTPDevice.objects.filter(user=device.user).exists()
    entry = AuditEntry.objects.get(action=AuditAction.TWO_FACTOR, user=device.user)
    assert entry.detail["change"] == "disabled"


def test_administrators_are_encouraged(client, db):
    user_model = get_user_model()
    client.force_login(user_model.objects.get(username="admin"))  # system administrator
    assert b'id="two-factor-banner"' in client.get(reverse("accounts:profile")).content
    client.force_login(user_model.objects.get(username="zone"))
    assert b'id="two-factor-banner"' not in client.get(reverse("accounts:profile")).content
