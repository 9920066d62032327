"""Users and TOTP codes for the security tests."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a-Long-and-unusual-phrase-7"


def make_user(username: str = "alice", **extra: Any) -> Any:
    return get_user_model().objects.create_user(username, password=PASSWORD, **extra)


def login(
    client: Any, username: str, password: str = PASSWORD, otp_code: str = "", **extra: str
) -> Any:
    """POST the real login form (``extra``: request META, e.g. REMOTE_ADDR); return the response."""
    data = {"username": username, "password": password, "otp_code": otp_code}
    return client.post(reverse("login"), data, **extra)


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """Return the device's code for now (or ``steps_ahead`` time steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return str(totp.token()).zfill(device.digits)


def wrong_code(device: TOTPDevice) -> str:
    """Return a 6-digit code that is none of the codes the device accepts now."""
    accepted = {code(device, step) for step in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in accepted)
