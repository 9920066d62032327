import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hezuo.base.tables import BaseTable

from .models import Opportunity

ANONYMOUS = _("anonymous")
ANONYMOUS_TO_OTHERS = _("anonymous to others")


class OpportunityTable(BaseTable):
    title = tables.Column(verbose_name=_("title"), linkify=True)
    owner = tables.Column(verbose_name=_("owner"), empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = Opportunity
        fields = (
            "title",
            "kind",
            "owner",
            "language",
            "country",
            "region",
            "valid_until",
            "updated",
            "is_synthetic",
        )

    def render_owner(self, record: Opportunity) -> str:
        # the same rule as the page's (hezuo.matchdesk.selectors.revealed_filter): the list's
        # queryset carries ``owner_shown``; without it an anonymous owner is not shown
        name = self.value_owner(record)
        if record.anonymous and getattr(record, "owner_shown", False):
            return format_html(
                '{} <i class="bi bi-incognito text-secondary" title="{}"></i>',
                name,
                ANONYMOUS_TO_OTHERS,
            )
        return name

    def value_owner(self, record: Opportunity) -> str:
        if record.anonymous and not getattr(record, "owner_shown", False):
            return str(ANONYMOUS)
        return record.owner_name() or "—"
