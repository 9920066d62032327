"""The audit log page: auditors and administrators read it, filter it and export it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from hezuo.base.access import may
from hezuo.base.views import ObjectListView
from hezuo.core.access import Action

from .filtersets import AuditEntryFilterSet
from .models import AuditEntry
from .tables import AuditEntryTable


class AuditLogView(ObjectListView):
    model = AuditEntry
    queryset = AuditEntry.objects.select_related("user")
    table_class = AuditEntryTable
    filterset_class = AuditEntryFilterSet
    create_allowed = False
    paginate_by = 100

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not may(request.user, AuditEntry, Action.VIEW):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)
