import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hezuo.base.tables import BaseTable, name_column

from .models import IndustryClass, Organisation, Person


class OrganisationTable(BaseTable):
    name = name_column()
    region = tables.Column(linkify=True)
    uscc = tables.Column()

    class Meta(BaseTable.Meta):
        model = Organisation
        fields = ("name", "kind", "country", "region", "uscc", "is_synthetic")


class PersonTable(BaseTable):
    name = name_column()
    positions = tables.TemplateColumn(
        "{% for p in record.positions.all %}{{ p.title }}{% if not forloop.last %}; {% endif %}"
        "{% endfor %}",
        verbose_name=_("positions"),
        orderable=False,
    )

    class Meta(BaseTable.Meta):
        model = Person
        fields = ("name", "positions", "is_synthetic")


class IndustryClassTable(BaseTable):
    code = tables.Column(linkify=True)
    name = name_column()
    parent = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = IndustryClass
        fields = ("code", "name", "level", "parent")
