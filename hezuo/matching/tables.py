import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hezuo.base.tables import BaseTable

from .models import Opportunity

ANONYMOUS = _("anonymous")


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
        # an anonymous owner is never shown in a list (the page says when it is revealed)
        return str(ANONYMOUS) if record.anonymous else record.owner_name() or "—"

    def value_owner(self, record: Opportunity) -> str:
        return self.render_owner(record)
