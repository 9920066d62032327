import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hezuo.base.tables import BaseTable, name_column

from .models import Agreement, Event, SourceDocument


class EventTable(BaseTable):
    title = name_column("title", _("title"))
    program = tables.Column(linkify=True)
    participants = tables.Column(
        verbose_name=_("participants"), accessor="participant_count", orderable=False
    )

    class Meta(BaseTable.Meta):
        model = Event
        fields = ("date", "title", "kind", "status", "program", "participants", "is_synthetic")


class AgreementTable(BaseTable):
    title = name_column("title", _("title"))
    event = tables.Column(linkify=True)
    parties = tables.TemplateColumn(
        "{% for p in record.parties.all %}{{ p.organisation }}{% if not forloop.last %}、"
        "{% endif %}{% endfor %}",
        verbose_name=_("parties"),
        orderable=False,
    )

    class Meta(BaseTable.Meta):
        model = Agreement
        fields = (
            "signed_on",
            "sequence",
            "title",
            "kind",
            "parties",
            "amount",
            "currency",
            "event",
            "is_synthetic",
        )


class SourceDocumentTable(BaseTable):
    title = name_column("title", _("title"))

    class Meta(BaseTable.Meta):
        model = SourceDocument
        fields = ("published_on", "publication", "page", "title")
