"""Response rules every page follows: private pages are not cached, a busy database says so."""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control


class PrivatePagesMiddleware:
    """Send ``Cache-Control: no-store`` with every answer to a signed-in user.

    Such answers hold what only that user may see (personal data, masked or not, other
    organisations' projects): no browser cache, proxy or back button may keep a copy. Static files
    are answered before this (WhiteNoise) and keep their long cache.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


def is_database_busy(error: BaseException) -> bool:
    """Whether ``error`` is SQLite's "database is locked": another writer held the lock longer
    than the busy timeout (settings: ``SQLITE_BUSY_TIMEOUT``)."""
    return isinstance(error, OperationalError) and "database is locked" in str(error)


class DatabaseBusyMiddleware:
    """Answer 503 "busy, try again in a moment" (with ``Retry-After``) instead of a server error
    when the database stayed locked by another writer (e.g. a long import) beyond the busy
    timeout. The transaction that waited for the lock never began, so it wrote nothing."""

    RETRY_AFTER_SECONDS = 10

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_busy(exception):
            return None
        if request.path.startswith("/api/"):
            from django.http import JsonResponse
            from django.utils.translation import gettext

            response: HttpResponse = JsonResponse(
                {
                    "detail": gettext(
                        "The database is busy with other work (for example a large import). "
                        "Nothing was saved; please try again in a moment."
                    )
                },
                status=503,
            )
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        return response
