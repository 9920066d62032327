import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.base.tables import BaseTable
from hezuo.core.tabular import Link

from .audit_text import AuditText
from .models import AuditEntry

#: How many record ids a row of the page shows.
SHOWN_IDS = 20


class AuditEntryTable(BaseTable):
    """The audit log: details in words in the reader's language, the record named as a link."""

    time = tables.DateTimeColumn(verbose_name=pgettext_lazy("audit", "time"), format="Y-m-d H:i:s")
    object_ids = tables.Column(verbose_name=_("records"), orderable=False, empty_values=())
    detail = tables.Column(verbose_name=pgettext_lazy("audit", "details"), orderable=False)

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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.words = AuditText()

    def render_object_type(self, value: str) -> str:
        return self.words.object_type(value)

    def value_object_type(self, value: str) -> str:
        return self.words.object_type(value)

    def render_object_ids(self, record: AuditEntry) -> str:
        ids = record.object_ids
        if not ids:
            return "—"
        url = self.words.record_url(record)
        if url is not None:
            return format_html('<a href="{}">{}</a>', url, ids[0])
        shown = format_html_join(", ", "{}", ((pk,) for pk in ids[:SHOWN_IDS]))
        more = len(ids) - SHOWN_IDS
        return format_html("{} … (+{})", shown, more) if more > 0 else shown

    def value_object_ids(self, record: AuditEntry) -> str:
        text = ", ".join(record.object_ids)
        url = self.words.record_url(record)
        if url is None:
            return text
        request = getattr(self, "request", None)
        return Link(text, request.build_absolute_uri(url) if request is not None else url)

    def render_detail(self, record: AuditEntry) -> str:
        return self.words.detail(record) or "—"

    def value_detail(self, record: AuditEntry) -> str:
        return self.words.detail(record)
