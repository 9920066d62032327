"""Table bases: one look for every list, and a name column that follows the user's language."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class BaseTable(tables.Table):
    class Meta:
        attrs = {"class": "table table-hover table-sm align-middle"}


def name_column(prefix: str = "name", label: object = None) -> tables.Column:
    return tables.Column(
        verbose_name=label or _("name"),
        accessor=prefix,
        order_by=f"{prefix}_zh_hans",
        linkify=True,
    )
