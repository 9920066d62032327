"""Writing many records with their history, set-based, without the ORM's per-value overhead.

Django's ``bulk_create`` prepares every value of every row through its field (a dozen calls
per value), and django-simple-history's ``bulk_*_with_history`` then builds a historical model
instance per record; for a million persons that is most of an import's time. Here:

* each column's default and the timestamps are computed once, rows are tuples of the columns
  that vary;
* on PostgreSQL the primary keys are taken from the table's sequence in one statement, the rows
  go by ``COPY`` into a TEMP staging table (dropped at commit), and one ``INSERT … SELECT``
  writes the records and another their history rows (``UPDATE … FROM`` for changes);
* elsewhere (SQLite) the rows go by ``executemany`` and the history rows by ``INSERT … SELECT``
  from the records just written.

Everything runs inside the caller's transaction. The history rows are the ones
django-simple-history writes (``history_type`` "+" for a creation, "~" for a change, the user,
the date, the reason); a changed record's ``version`` goes up by one and ``updated`` is now.
Nothing here reads back by natural key (``HouseholdMember.id_number`` has no index, and
reading a million keys back was the superlinear part of the first bulk path).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

CHUNK = 5000
_STAGE = itertools.count(1)


def _adapter(field: Any) -> Callable[[Any], Any] | None:
    """How a value is passed to the database where the driver does not adapt it (SQLite)."""
    if connection.vendor == "postgresql":
        return None
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value  # type: ignore[no-any-return]
    if kind == "DateField":
        return connection.ops.adapt_datefield_value  # type: ignore[no-any-return]
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


def _adapt(field: Any, value: Any) -> Any:
    adapt = _adapter(field)
    return adapt(value) if adapt is not None and value is not None else value


def _q(name: str) -> str:
    return connection.ops.quote_name(name)  # type: ignore[no-any-return]


def _history_select(
    model: type[models.Model],
    source: dict[str, str],
    *,
    kind: str,
    now: Any,
    user: Any,
    reason: str,
    values: dict[str, Any] | None = None,
) -> tuple[str, str, list[Any]]:
    """The columns of ``model``'s history table and the SELECT list filling them.

    ``source`` maps the record's attnames to SQL expressions (columns of the table selected
    from); ``values`` gives the others as parameters; the rest is NULL.
    """
    history = model.history.model  # type: ignore[attr-defined]
    constants = {
        "history_date": now,
        "history_change_reason": reason[:100],
        "history_type": kind,
        "history_user_id": getattr(user, "pk", None),
        **(values or {}),
    }
    columns, select, params = [], [], []
    for field in history._meta.concrete_fields:
        name = field.attname
        if name == "history_id":
            continue
        columns.append(_q(field.column))
        if name in source:
            select.append(source[name])
        elif name in constants:
            select.append("%s")
            params.append(_adapt(field, constants[name]))
        else:
            select.append("NULL")
    return ", ".join(columns), ", ".join(select), params


def _columns(model: type[models.Model], alias: str) -> dict[str, str]:
    """Every concrete field's attname → ``alias."column"``."""
    return {f.attname: f"{alias}.{_q(f.column)}" for f in model._meta.concrete_fields}


def insert_rows(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    user: Any,
    reason: str,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Insert ``rows`` (values of the attnames ``names``) and their history; return the new pks.

    The other concrete fields take their defaults (``created``/``updated``: now); the pks are
    in the order of ``rows``.
    """
    if not rows:
        return []
    now = timezone.now()
    meta = model._meta
    fields = {f.attname: f for f in meta.concrete_fields if not f.primary_key}
    given = [fields[n] for n in names]
    constant = [f for n, f in fields.items() if n not in names]
    constant_values = [_adapt(f, _default(f, now)) for f in constant]
    table, pk = _q(meta.db_table), _q(meta.pk.column)  # type: ignore[union-attr]
    given_cols = [_q(f.column) for f in given]
    constant_cols = [_q(f.column) for f in constant]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])  # type: ignore[union-attr]
            sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT array_agg(nextval(%s::regclass)) FROM generate_series(1, %s)",
                [sequence, len(rows)],
            )
            pks: list[int] = cursor.fetchone()[0]
            stage = _stage(cursor, meta.db_table, [meta.pk.column, *(f.column for f in given)])  # type: ignore[union-attr]
            _copy(cursor, stage, ((p, *row) for p, row in zip(pks, rows, strict=True)), progress)
            # table and column names come from the models' metadata, quoted; values are parameters
            cursor.execute(
                f"INSERT INTO {table} ({pk}, {', '.join([*given_cols, *constant_cols])}) "  # noqa: S608  # nosec B608
                f"SELECT {pk}, {', '.join([*given_cols, *(['%s'] * len(constant_cols))])} "
                f"FROM {stage} s",
                constant_values,
            )
            # the history rows from the same staging table and the same defaults
            source = {f.attname: f"s.{_q(f.column)}" for f in given}
            source[meta.pk.attname] = f"s.{pk}"  # type: ignore[union-attr]
            columns, select, params = _history_select(
                model,
                source,
                kind="+",
                now=now,
                user=user,
                reason=reason,
                values={f.attname: _default(f, now) for f in constant},
            )
            cursor.execute(
                f"INSERT INTO {_q(model.history.model._meta.db_table)} ({columns}) "  # type: ignore[attr-defined]  # noqa: S608  # nosec B608
                f"SELECT {select} FROM {stage} s",
                params,
            )
            cursor.execute(f"DROP TABLE {stage}")
            return pks
        adapters = [_adapter(f) for f in given]
        converters = [(i, a) for i, a in enumerate(adapters) if a is not None]
        tail = tuple(constant_values)

        def records() -> Iterator[tuple[Any, ...]]:
            for row in rows:
                if converters:
                    row = list(row)
                    for i, adapt in converters:
                        if row[i] is not None:
                            row[i] = adapt(row[i])
                yield (*row, *tail)

        placeholders = ", ".join(["%s"] * (len(given_cols) + len(constant_cols)))
        sql = (
            f"INSERT INTO {table} ({', '.join([*given_cols, *constant_cols])}) "  # noqa: S608  # nosec B608
            f"VALUES ({placeholders})"
        )
        done = 0
        first = last = 0
        for chunk in _chunks(records(), CHUNK):
            cursor.executemany(sql, chunk)
            cursor.execute("SELECT last_insert_rowid()")
            last = cursor.fetchone()[0]
            if not first:
                first = last - len(chunk) + 1
            done += len(chunk)
            if progress is not None:
                progress(done)
        # The transaction holds SQLite's write lock from the first INSERT: the rows got the
        # consecutive rowids first..last, in order.
        cursor.execute(
            f"SELECT COUNT(*), MIN({pk}), MAX({pk}) FROM {table} WHERE {pk} BETWEEN %s AND %s",  # noqa: S608  # nosec B608
            [first, last],
        )
        if tuple(cursor.fetchone()) != (len(rows), first, last):
            raise RuntimeError(f"{meta.db_table}: new rows did not get consecutive keys")
        columns, select, params = _history_select(
            model, _columns(model, "s"), kind="+", now=now, user=user, reason=reason
        )
        cursor.execute(
            f"INSERT INTO {_q(model.history.model._meta.db_table)} ({columns}) "  # type: ignore[attr-defined]  # noqa: S608  # nosec B608
            f"SELECT {select} FROM {table} s WHERE s.{pk} BETWEEN %s AND %s ORDER BY s.{pk}",
            [*params, first, last],
        )
        return list(range(first, last + 1))


def update_rows(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    user: Any,
    reason: str,
) -> None:
    """Set the fields ``names`` of the records ``rows`` (pk, *values) and write their history.

    ``version`` goes up by one and ``updated`` becomes now, as a save() does.
    """
    if not rows:
        return
    now = timezone.now()
    meta = model._meta
    fields = {f.attname: f for f in meta.concrete_fields}
    given = [fields[n] for n in names]
    table, pk = _q(meta.db_table), _q(meta.pk.column)  # type: ignore[union-attr]
    bump = []
    if "version" in fields:
        bump.append(f"{_q(fields['version'].column)} = {_q(fields['version'].column)} + 1")
    stamp: list[Any] = []
    if "updated" in fields:
        bump.append(f"{_q(fields['updated'].column)} = %s")
        stamp.append(_adapt(fields["updated"], now))
    history_table = _q(model.history.model._meta.db_table)  # type: ignore[attr-defined]
    columns, select, params = _history_select(
        model, _columns(model, "t"), kind="~", now=now, user=user, reason=reason
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            stage = _stage(cursor, meta.db_table, [meta.pk.column, *(f.column for f in given)])
            _copy(cursor, stage, rows, None)
            cursor.execute(f"ANALYZE {stage}")
            sets = [f"{_q(f.column)} = s.{_q(f.column)}" for f in given]
            cursor.execute(
                f"UPDATE {table} t SET {', '.join([*sets, *bump])} "  # noqa: S608  # nosec B608
                f"FROM {stage} s WHERE t.{pk} = s.{pk}",
                stamp,
            )
            cursor.execute(
                f"INSERT INTO {history_table} ({columns}) "  # noqa: S608  # nosec B608
                f"SELECT {select} FROM {table} t WHERE t.{pk} IN (SELECT {pk} FROM {stage})",
                params,
            )
            cursor.execute(f"DROP TABLE {stage}")
            return
        adapters = [_adapter(f) for f in given]
        sets = [f"{_q(f.column)} = %s" for f in given]
        sql = f"UPDATE {table} SET {', '.join([*sets, *bump])} WHERE {pk} = %s"  # noqa: S608  # nosec B608
        for chunk in _chunks(iter(rows), CHUNK):
            cursor.executemany(
                sql,
                [
                    (
                        *(
                            a(v) if a is not None and v is not None else v
                            for a, v in zip(adapters, row[1:], strict=True)
                        ),
                        *stamp,
                        row[0],
                    )
                    for row in chunk
                ],
            )
            ids = [row[0] for row in chunk]
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                cursor.execute(
                    f"INSERT INTO {history_table} ({columns}) "  # noqa: S608  # nosec B608
                    f"SELECT {select} FROM {table} t WHERE t.{pk} IN "
                    f"({', '.join(['%s'] * len(part))})",
                    [*params, *part],
                )


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

    Every row gives the columns of the first; ``key`` is an attname unique among the new rows.
    (``scope`` is accepted for compatibility: the pks are no longer read back.)
    """
    if not rows:
        return {}
    names = list(rows[0])
    pks = insert_rows(
        model, names, [[row[n] for n in names] for row in rows], user=user, reason=reason
    )
    return {row[key]: pk for row, pk in zip(rows, pks, strict=True)}


@contextmanager
def key_table(keys: Iterable[Any], *, integer: bool = False) -> Iterator[str]:
    """A TEMP table ``(k)`` of ``keys`` for one join, dropped afterwards; yields its name.

    Looking records up by a few hundred thousand keys this way is one join instead of a query
    per chunk of keys (and a key without an index, such as ``HouseholdMember.id_number``, would
    be a full scan per chunk: the superlinear part of the first bulk path).
    """
    name = f"hezuo_keys_{next(_STAGE)}"
    postgres = connection.vendor == "postgresql"
    kind = ("bigint" if postgres else "integer") if integer else "text"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(f"CREATE TEMP TABLE {name} (k {kind})")
            _copy(cursor, name, ((k,) for k in keys), None)
            cursor.execute(f"ANALYZE {name}")
        else:
            cursor.execute(f"CREATE TEMP TABLE {name} (k {kind} PRIMARY KEY)")
            sql = f"INSERT OR IGNORE INTO {name} (k) VALUES (%s)"  # noqa: S608  # nosec B608
            with transaction.atomic():  # not a transaction per key
                for chunk in _chunks(((k,) for k in keys), CHUNK):
                    cursor.executemany(sql, chunk)
    try:
        yield name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")


def stream(queryset: models.QuerySet[Any], size: int = 10_000) -> Iterator[tuple[Any, ...]]:
    """The rows of a ``values_list`` queryset of plain columns (text, numbers, dates), in batches.

    On PostgreSQL through an ordinary cursor: ``iterator()`` would use a server-side cursor,
    whose plan is made for the first rows (a nested loop where a hash join over the whole table
    is many times faster for a million keys).
    """
    if connection.vendor != "postgresql":
        yield from queryset.iterator(chunk_size=size)
        return
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield from batch


def keys_in(table: str) -> RawSQL:
    """The keys of a :func:`key_table` as a subquery, for ``field__in=keys_in(name)``."""
    # the table's name is ours (hezuo_keys_N), never from input
    return RawSQL(f"SELECT k FROM {table}", [])  # noqa: S608, S611  # nosec B608 B611


def _stage(cursor: Any, table: str, columns: list[str]) -> str:
    """A TEMP table with ``columns`` of ``table`` (their types, no constraints), dropped at commit."""
    name = f"hezuo_stage_{next(_STAGE)}"
    cursor.execute(
        f"CREATE TEMP TABLE {name} ON COMMIT DROP AS "  # noqa: S608  # nosec B608
        f"SELECT {', '.join(_q(c) for c in columns)} FROM {_q(table)} WITH NO DATA"
    )
    return name


def _copy(
    cursor: Any,
    table: str,
    rows: Any,
    progress: Callable[[int], None] | None,
) -> None:
    """COPY ``rows`` into ``table`` (all its columns, in order) in PostgreSQL's text format.

    A line is built by one ``join`` per row (psycopg's ``write_row`` costs several Python calls
    per value); a row with a NULL or a character that needs escaping takes the careful path.
    Values are str, int, bool, Decimal, date, datetime or None.
    """
    raw = cursor.cursor  # psycopg's own cursor
    done = 0
    buffer: list[str] = []
    tabs = -1
    with raw.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            if tabs < 0:
                tabs = len(row) - 1
            if None in row:
                line = _careful(row)
            else:
                line = "\t".join(map(str, row))
                if "\\" in line or "\n" in line or "\r" in line or line.count("\t") != tabs:
                    line = _careful(row)
            buffer.append(line)
            done += 1
            if len(buffer) == 10_000:
                buffer.append("")
                copy.write("\n".join(buffer))
                buffer.clear()
                if progress is not None and done % 50_000 == 0:
                    progress(done)
        if buffer:
            buffer.append("")
            copy.write("\n".join(buffer))
    if progress is not None:
        progress(done)


_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _careful(row: Sequence[Any]) -> str:
    """One line of COPY's text format: NULL as \\N, backslashes and control characters escaped."""
    return "\t".join(
        "\\N" if v is None else (v.translate(_ESCAPE) if type(v) is str else str(v)) for v in row
    )


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk
