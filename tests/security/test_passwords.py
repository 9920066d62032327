"""Passwords: at least 10 characters, not common, not all digits, not like the user's name."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError


@pytest.mark.parametrize("password", ["short", "password123", "1234567890123"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_password_like_the_user_name_is_refused(db):
    from django.contrib.auth import get_user_model

    user = get_user_model()(username="tanaka-hiroshi")
    with pytest.raises(ValidationError):
        validate_password("tanaka-hiroshi1", user=user)


def test_strong_password_is_accepted():
    validate_password("river-Lantern-42-quietly")
