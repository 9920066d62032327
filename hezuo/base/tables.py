"""Table bases: one look for every list, and a name column that follows the user's language."""

from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from hezuo.core.access import Action

from .access import may


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


def hidden_columns(table_class: Any, user: Any) -> tuple[str, ...]:
    """Return the columns of ``table_class`` that name records of a kind ``user`` may not see.

    A placement's household (``member__household``) is not shown to the donor side, which reads
    placements but no household: its number would name the household.
    """
    model = getattr(table_class._meta, "model", None)
    hidden = []
    for name, column in table_class.base_columns.items():
        path = str(column.accessor or name).replace(".", "__").split("__")
        current = model
        for part in path:
            try:
                field = current._meta.get_field(part)
            except Exception:  # noqa: BLE001 - a property or method, not a relation
                break
            if not field.is_relation or field.related_model is None:
                break
            current = field.related_model
            if hasattr(current, "access_group") and not may(user, current, Action.VIEW):
                hidden.append(name)
                break
    return tuple(hidden)


class VisibleColumn(tables.Column):
    """A column of a related record, named only where the table's user may see that very
    record ("—" elsewhere): a placement's household for the assisted office of another region.
    The table needs its ``request`` (pages and exports give it)."""

    def _visible(self, value: Any, table: Any) -> bool:
        if not hasattr(value, "access_group"):
            return True
        model = type(value)
        cache = table.__dict__.setdefault("_hezuo_visible", {})
        if model not in cache:
            user = getattr(getattr(table, "request", None), "user", None)
            cache[model] = set(model.objects.restrict(user).values_list("pk", flat=True))
        return value.pk in cache[model]

    def render(self, value: Any, table: Any) -> Any:
        return value if self._visible(value, table) else "—"

    def value(self, **kwargs: Any) -> Any:
        value = kwargs.get("value")
        return str(value) if value and self._visible(value, kwargs["table"]) else ""
