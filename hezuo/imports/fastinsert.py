"""Inserting many new records with their history, without the ORM's per-value overhead.

Django's ``bulk_create`` prepares every value of every row through its field (a dozen calls
per value); for a million persons with their history that is most of an import's time. Here
each column's default and the timestamps are computed once, rows are lists, and they go to the
database by ``COPY`` on PostgreSQL and by ``executemany`` elsewhere — inside the caller's
transaction. The history rows are the ones django-simple-history writes for a creation
(``history_type`` "+", the user, the date, the reason). The new primary keys are read back by
the records' natural key.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 5000


def _adapter(field: Any) -> Any:
    if connection.vendor == "postgresql":
        return None
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "DecimalField":
        return str
    return None


def _default(field: Any, now: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    return "" if field.empty_strings_allowed else None


def insert_with_history(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    *,
    key: str,
    scope: dict[str, Any] | None = None,
    user: Any,
    reason: str,
) -> dict[Any, int]:
    """Insert ``rows`` (attname → value) and their history; return the new pks by ``key``.

    ``key`` is an attname unique among the new rows (with ``scope``, e.g. the year, filtering
    the read-back).
    """
    if not rows:
        return {}
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    defaults = {f.attname: _default(f, now) for f in fields}
    adapters = [_adapter(f) for f in fields]
    adapted = {
        name: (
            adapt(defaults[name])
            if adapt is not None and defaults[name] is not None
            else defaults[name]
        )
        for name, adapt in zip(names, adapters, strict=True)
    }
    # every row gives the same columns (those of the first); the others take their defaults
    converters = [(i, name, adapters[i]) for i, name in enumerate(names) if name in rows[0]]
    template = [adapted[name] for name in names]
    records = []
    for row in rows:
        record = template.copy()
        for i, name, adapt in converters:
            value = row[name]
            record[i] = adapt(value) if adapt is not None and value is not None else value
        records.append(record)
    _write(model._meta.db_table, [f.column for f in fields], records)

    pks: dict[Any, int] = {}
    keys = [row[key] for row in rows]
    manager = model._default_manager.filter(**(scope or {}))
    for start in range(0, len(keys), CHUNK):
        chunk = keys[start : start + CHUNK]
        pks.update(manager.filter(**{f"{key}__in": chunk}).values_list(key, "pk"))

    history = model.history.model  # type: ignore[attr-defined]
    extra = {
        "history_date": now,
        "history_change_reason": reason[:100],
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
    }
    history_fields = [f for f in history._meta.concrete_fields if f.attname != "history_id"]
    position = {name: i for i, name in enumerate(names)}
    plan = []
    for field in history_fields:
        name = field.attname
        adapt = _adapter(field)
        if name == "id":
            plan.append(("id", None))
        elif name in extra:
            value = extra[name]
            plan.append(
                ("const", adapt(value) if adapt is not None and value is not None else value)
            )
        elif name in position:
            plan.append(("copy", position[name]))
        else:
            plan.append(("const", None))
    history_records = []
    for row, record in zip(rows, records, strict=True):
        pk = pks[row[key]]
        history_records.append(
            [pk if kind == "id" else (record[arg] if kind == "copy" else arg) for kind, arg in plan]
        )
    _write(history._meta.db_table, [f.column for f in history_fields], history_records)
    return pks


def _write(table: str, columns: list[str], records: list[list[Any]]) -> None:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    name = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
                for record in records:
                    copy.write_row(record)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        # table and column names come from the models' metadata, quoted; values are parameters
        sql = f"INSERT INTO {name} ({quoted}) VALUES ({placeholders})"  # noqa: S608  # nosec B608
        for start in range(0, len(records), CHUNK):
            cursor.executemany(sql, records[start : start + CHUNK])
