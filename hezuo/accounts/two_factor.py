"""Optional TOTP two-factor sign-in (django-otp): set up, confirm, check at login, turn off."""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from hezuo.base.audit import record

from .choices import AuditAction

DEVICE_NAME = "authenticator"


def confirmed_device(user: Any) -> TOTPDevice | None:
    """Return the user's confirmed TOTP device, or None when two-factor sign-in is off."""
    if not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: Any) -> TOTPDevice | None:
    """Return the device set up but not yet confirmed with a code, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def verify_code(device: TOTPDevice, code: str) -> bool:
    """True if ``code`` is the device's current 6-digit code, not used before and not throttled."""
    code = (code or "").strip().replace(" ", "")
    if len(code) != device.digits or not code.isdigit():
        device.throttle_increment(commit=True)  # a malformed code is a wrong one
        return False
    return bool(device.verify_token(code))


def start_setup(user: Any) -> TOTPDevice:
    """Return the user's unconfirmed device, making one with a new secret if there is none."""
    return pending_device(user) or TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, confirmed=False
    )


@transaction.atomic
def confirm_setup(device: TOTPDevice, code: str, *, request: HttpRequest | None = None) -> bool:
    """Turn two-factor sign-in on if ``code`` is right; return whether it was."""
    if not verify_code(device, code):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(
        AuditAction.TWO_FACTOR,
        user=device.user,
        request=request,
        detail={"change": "enabled", "method": "totp"},
    )
    return True


def cancel_setup(user: Any) -> None:
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()


@transaction.atomic
def disable(user: Any, code: str, *, request: HttpRequest | None = None) -> bool:
    """Turn two-factor sign-in off if ``code`` is right; return whether it was."""
    device = confirmed_device(user)
    if device is None or not verify_code(device, code):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    record(
        AuditAction.TWO_FACTOR,
        user=user,
        request=request,
        detail={"change": "disabled", "method": "totp"},
    )
    return True


def qr_data_uri(device: TOTPDevice) -> str:
    """Return the device's otpauth:// URI as an SVG QR code in a data: URI, for an <img>."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
