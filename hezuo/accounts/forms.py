"""Login with an optional two-factor code; API token and authenticator-code forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from .models.tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS
from .two_factor import confirmed_device, verify_code


def code_field(required: bool) -> forms.CharField:
    return forms.CharField(
        label=_("Authenticator code"),
        required=required,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
            }
        ),
    )


class LoginForm(AuthenticationForm):
    """User name and password, plus the authenticator code of users who turned it on.

    A wrong or missing code is a failed login like a wrong password: the same message (so the
    form tells nobody whether the password was right), an audit entry and a count toward the
    lock-out.
    """

    otp_code = code_field(required=False)

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Please enter a correct user name and password, and the code of your authenticator "
            "app if you have turned on two-factor sign-in."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["otp_code"].help_text = _("Only if you have turned on two-factor sign-in.")

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = authenticate(self.request, username=username, password=password)
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            device = confirmed_device(self.user_cache)
            if device is not None and not verify_code(device, self.cleaned_data.get("otp_code")):
                self.user_cache = None
                # The same signal as a wrong password: audited, and counted by axes.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": username},
                    request=self.request,
                )
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the script using it."),
    )
    days = forms.IntegerField(
        label=_("valid for (days)"),
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        initial=DEFAULT_TOKEN_DAYS,
    )


class TwoFactorCodeForm(forms.Form):
    code = code_field(required=True)
