"""Login, language choice (kept on the profile too), and the user's own account page.

The account page also manages the user's API tokens and optional two-factor sign-in;
administrators get a page of every user's active tokens.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import two_factor
from .forms import ApiTokenForm, LoginForm, TwoFactorCodeForm
from .models import ApiToken
from .security import is_administrator
from .tokens import issue_token, revoke_token


class LoginView(auth_views.LoginView):
    """Django's login view with the two-factor code field (and axes watching the attempts)."""

    form_class = LoginForm


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remember it in a cookie and on the user's profile."""
    lang = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if check_for_language(lang) and lang in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, lang, max_age=365 * 24 * 3600, samesite="Lax"
        )
        profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
        if profile is not None and profile.language != lang:
            profile.language = lang
            profile.save(update_fields=["language", "version", "updated"])
    return response


def _profile_page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    user = request.user
    pending = two_factor.pending_device(user)
    context: dict[str, Any] = {
        "tokens": ApiToken.objects.filter(user=user),
        "token_form": ApiTokenForm(),
        "two_factor_device": two_factor.confirmed_device(user),
        "pending_device": pending,
        "code_form": TwoFactorCodeForm(),
        "is_administrator": is_administrator(user),
    }
    if pending is not None:
        context["otpauth_uri"] = pending.config_url
        context["otpauth_qr"] = two_factor.qr_data_uri(pending)
    context.update(extra)
    return render(request, "accounts/profile.html", context, status=status)


@never_cache  # the page may show a new key or a two-factor secret: keep it out of caches
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return _profile_page(request)


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """Make a token and show its key, once, on the account page."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, status=400, token_form=form)
    key = issue_token(
        request.user, form.cleaned_data["name"], form.cleaned_data["days"], request=request
    )
    return _profile_page(request, new_key=key, new_key_name=form.cleaned_data["name"])


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens, or, for an administrator, anyone's."""
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    own = token.user_id == request.user.pk
    if not own and not is_administrator(request.user):
        raise PermissionDenied
    revoke_token(token, request=request)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:profile" if own else "accounts:token_list")


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """Every user's tokens that still work, for administrators to revoke."""
    if not is_administrator(request.user):
        raise PermissionDenied
    tokens = (
        ApiToken.objects.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("user")
        .order_by("user__username", "-created")
    )
    return render(request, "accounts/token_list.html", {"tokens": tokens})


@never_cache
@login_required
@require_POST
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Start, confirm, cancel or turn off two-factor sign-in (``action`` in the form)."""
    user = request.user
    action = request.POST.get("action", "")
    if action == "start" and two_factor.confirmed_device(user) is None:
        two_factor.start_setup(user)
        return redirect("accounts:profile")
    if action == "cancel":
        two_factor.cancel_setup(user)
        return redirect("accounts:profile")
    if action not in ("confirm", "disable"):
        return redirect("accounts:profile")
    form = TwoFactorCodeForm(request.POST)
    code = form.cleaned_data["code"] if form.is_valid() else ""
    if action == "confirm":
        device = two_factor.pending_device(user)
        if device is not None and two_factor.confirm_setup(device, code, request=request):
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("accounts:profile")
    elif two_factor.disable(user, code, request=request):
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("accounts:profile")
    form.add_error(None, _("The code is not right (or was used already). Try the next one."))
    return _profile_page(request, status=400, code_form=form)
