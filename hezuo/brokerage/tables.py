import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hezuo.base.tables import BaseTable

from .models import BrokerageEvent, Interpreter, Registration


class BrokerageEventTable(BaseTable):
    title = tables.Column(verbose_name=_("title"), linkify=True, order_by="title_zh_hans")

    class Meta(BaseTable.Meta):
        model = BrokerageEvent
        fields = ("title", "kind", "date", "place", "program", "status", "is_synthetic")


class RegistrationTable(BaseTable):
    participant = tables.Column(
        verbose_name=_("participant"),
        empty_values=(),
        # the record's own page: the column has no attribute of its name to link from
        linkify=lambda record: record.get_absolute_url(),
        orderable=False,
    )

    class Meta(BaseTable.Meta):
        model = Registration
        fields = ("participant", "event", "languages", "needs_interpreter", "is_synthetic")

    def render_participant(self, record: Registration) -> str:
        return str(record)

    def value_participant(self, record: Registration) -> str:
        return str(record)


class InterpreterTable(BaseTable):
    interpreter = tables.Column(
        verbose_name=_("interpreter"),
        empty_values=(),
        # the record's own page: the column has no attribute of its name to link from
        linkify=lambda record: record.get_absolute_url(),
        orderable=False,
    )

    class Meta(BaseTable.Meta):
        model = Interpreter
        fields = ("interpreter", "event", "languages", "is_synthetic")

    def render_interpreter(self, record: Interpreter) -> str:
        return str(record)

    def value_interpreter(self, record: Interpreter) -> str:
        return str(record)
