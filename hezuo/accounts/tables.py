import json

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hezuo.base.tables import BaseTable

from .models import AuditEntry


class AuditEntryTable(BaseTable):
    time = tables.DateTimeColumn(format="Y-m-d H:i:s")
    object_ids = tables.Column(verbose_name=_("records"), orderable=False)
    detail = tables.Column(orderable=False)

    class Meta(BaseTable.Meta):
        model = AuditEntry
        fields = (
            "time",
            "username",
            "action",
            "object_type",
            "object_ids",
            "detail",
            "reason",
            "ip_address",
            "path",
        )

    def render_object_ids(self, value: list[str]) -> str:
        shown = ", ".join(value[:20])
        return shown + (f" … (+{len(value) - 20})" if len(value) > 20 else "")

    def value_object_ids(self, value: list[str]) -> str:
        return ", ".join(value)

    def render_detail(self, value: dict[str, object]) -> str:
        return "; ".join(f"{k}: {v}" for k, v in value.items()) or "—"

    def value_detail(self, value: dict[str, object]) -> str:
        return json.dumps(value, ensure_ascii=False)
