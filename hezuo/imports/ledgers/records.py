"""The engine of the record ledgers: rows → records by a natural key, foreign keys by codes.

A :class:`RecordLedger` names its columns (:class:`Field`), the model attributes that make a
record's natural key, and for each foreign key a :class:`Ref`: the model and the fields tried in
turn to find the record a cell names (an organisation by its unified social credit code, else its
Chinese name; a person by ID number, else name; a household by its number; …). Foreign keys that
take several cells (an agreement by title and signing day, a job by employer, title and place) are
resolved by the ledger's :meth:`RecordLedger.compose`.

Each row is validated by the model's own ``full_clean()`` (the same rules as forms and the API)
and by the ledger's service rules across the whole file (:meth:`RecordLedger.check_file`: a
disbursement never beyond its allocation, deliveries never beyond the agreed or amended
quantity). Every problem is a row error; a file with any error writes nothing. Changed rows
update their record with history (``bulk_update_with_history`` in :meth:`Ledger.write`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from hezuo.base.access import access_filter, mask_value
from hezuo.base.personal import Personal, note_revealed
from hezuo.core import tabular
from hezuo.core.access import Action
from hezuo.core.tabular import CellError, DuplicateFinder, ValueProblem

from ..messages import translate
from .base import RENDERED_ROWS, Column, Ledger, Plan, Row, chunked, clean_errors

#: Cells that mean yes / no in a boolean column (compared after header_key folding).
#: ``… #123`` at the end of a cell naming a record: its record number (pk).
RECORD = re.compile(r"#(\d+)\s*$")
TRUE_WORDS = {"1", "true", "yes", "y", "是", "有", "はい", "✓"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "无", "いいえ", ""}


def _code(value: str) -> str:
    return tabular.code_text(value)


def _slug(value: str) -> str:
    return "".join(tabular.folded(value).split())


def _plain(value: str) -> str:
    return value


@dataclass(frozen=True)
class Ref:
    """How a cell names a record: the model and the fields tried in turn (with a normaliser)."""

    model: str  # "app_label.Model"
    fields: tuple[tuple[str, Any], ...]
    message: str  # the key in hezuo.imports.messages.MESSAGES: "No … has … %(value)s."

    def get_model(self) -> type[models.Model]:
        model: type[models.Model] = apps.get_model(self.model)
        return model


def _ref(model: str, message: str, *fields: tuple[str, Any]) -> Ref:
    return Ref(model, tuple(fields), message)


ORGANISATION = _ref(
    "directory.Organisation",
    "not_found.organisation",
    ("uscc", _code),
    ("name_zh_hans", _plain),
)
PERSON = _ref(
    "directory.Person",
    "not_found.person",
    ("id_number", _code),
    ("name_zh_hans", _plain),
)
PROGRAM = _ref("regions.Program", "unknown_program", ("code", _slug))
REGION = _ref("regions.Region", "unknown_region", ("code", _code))
PROJECT = _ref("projects.Project", "not_found.project", ("code", _plain))
ASSISTANCE_PROJECT = _ref(
    "assistance.AssistanceProject",
    "not_found.assistance_project",
    ("code", _plain),
)
HOUSEHOLD = _ref("assistance.Household", "not_found.household", ("number", _code))
MEMBER = _ref(
    "assistance.HouseholdMember",
    "not_found.member",
    ("id_number", _code),
)


@dataclass
class Field(Column):
    """A column of a record ledger.

    ``ref``: a foreign key given by a natural code (``attr`` is then the ``…_id`` attribute);
    ``virtual``: a cell that is not an attribute of the record (part of a composite foreign key);
    ``source``: the value paths an export tries in turn (default: ``attr``, or the ref's fields
    through the relation); ``mask``: (model label, path to its pk) whose PERSONAL action decides
    whether the export shows this column unmasked.
    """

    ref: Ref | None = None
    virtual: bool = False
    source: tuple[str, ...] = ()
    mask: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.ref is not None and not self.attr.endswith("_id") and not self.virtual:
            self.attr = f"{self.attr}_id"
        if not self.source:
            if self.ref is not None and not self.virtual:
                relation = self.attr.removesuffix("_id")
                self.source = tuple(f"{relation}__{name}" for name, _n in self.ref.fields)
            else:
                self.source = (self.attr,)


class Ambiguous(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def visible(model: type[models.Model], user: Any) -> models.QuerySet[Any]:
    """The records of ``model`` that ``user`` may see (every record when ``user`` is None).

    Reference look-ups go through this: a record the importing user may not see is "not found",
    exactly as one that does not exist (no leak of its existence). Models without an access
    group (regions, programs) are open to everyone.
    """
    manager = model._default_manager
    if user is None or getattr(model, "access_group", None) is None:
        return manager.all()
    restrict = getattr(manager, "restrict", None)
    if restrict is not None:
        return restrict(user, Action.VIEW)
    q = access_filter(model, user, Action.VIEW)
    if q is None:
        return manager.none()
    return manager.filter(q) if q else manager.all()


class Lookup:
    """The records a set of cells names, loaded with one query per field and chunk.

    Only records ``user`` may see are found (None: the system, every record).
    """

    def __init__(self, ref: Ref, values: Iterable[str], user: Any = None) -> None:
        self.ref = ref
        self.found: dict[str, dict[str, list[Any]]] = {}
        model = ref.get_model()
        records = visible(model, user)
        wanted = {v for v in values if v}
        numbers = {int(n.group(1)) for v in wanted if (n := RECORD.search(v))}
        self.pks: set[Any] = set()
        for chunk in chunked(sorted(numbers)):
            self.pks |= set(records.filter(pk__in=chunk).values_list("pk", flat=True))
        for name, normalise in ref.fields:
            keys = sorted({normalise(v) for v in wanted})
            index: dict[str, list[Any]] = {}
            for chunk in chunked(keys):
                for key, pk in records.filter(**{f"{name}__in": chunk}).values_list(name, "pk"):
                    index.setdefault(key, []).append(pk)
            self.found[name] = index

    def find(self, value: str) -> Any:
        """The pk of the record ``value`` names; None when none; Ambiguous when several.

        ``name #123`` (as an export writes a name several records share) names record 123.
        """
        number = RECORD.search(value)
        if number is not None:
            pk = int(number.group(1))
            return pk if pk in self.pks else None
        for name, normalise in self.ref.fields:
            pks = self.found[name].get(normalise(value))
            if pks:
                if len(set(pks)) > 1:
                    raise Ambiguous(len(set(pks)))
                return pks[0]
        return None


def cell_error(
    row: Row, header: dict[str, str], code: str, kind: str, key: str, **params: Any
) -> CellError:
    """An error ``kind`` on the cell of column ``code``; ``key`` names its message in MESSAGES.

    The error keeps its params (and the key, as param ``msg``, when it is not ``kind``), so that
    it is rendered in the language of whoever views it; ``message`` is the active language's
    rendering, for callers that read it directly.
    """
    value = tabular.text(row.raw.get(code)) if row.raw else str(row.values.get(code) or "")
    if key != kind:
        params["msg"] = key
    error = CellError(row.number, header.get(code, code), value, kind, "", params)
    error.message = translate(error)
    return error


@dataclass
class Item:
    """A row on its way to the database: its record, whether new, and what changed."""

    row: Row
    obj: Any
    new: bool
    changed: set[str] = field(default_factory=set)
    extra: dict[str, Any] = field(default_factory=dict)


def record_number() -> Field:
    """The last column of every record ledger: the record's number on the platform (its pk).

    An export fills it; a row that gives it updates that very record (two deliveries of one
    day, two people of one name stay apart), a row without it is matched by its natural key.
    """
    return Field("id", _("record number"), "int", virtual=True, source=("pk",))


class RecordLedger(Ledger):
    """Rows map one to one onto records of ``model``, found by ``key`` (model attributes)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        columns = cls.__dict__.get("columns")
        if columns is not None and not any(c.code == "id" for c in columns):
            cls.columns = [*columns, record_number()]

    columns: ClassVar[list[Column]]
    #: The attributes of the natural key; alternatives are tried in turn (the first all filled).
    keys: ClassVar[list[tuple[str, ...]]]
    #: Model field → column code, for validation errors on fields no column carries directly.
    error_columns: ClassVar[dict[str, str]] = {}

    # -- parsing -------------------------------------------------------------------------------

    def parse_cell(self, column: Column, cell: Any, aliases: dict[str, str] | None) -> Any:
        if column.kind == "bool":
            word = tabular.header_key(cell) if cell not in (None, "") else ""
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise ValueProblem("choice", "Choose one of: yes, no.", choices="yes, no")
        if column.kind == "ref":
            return tabular.text(cell)
        value = super().parse_cell(column, cell, aliases)
        if column.kind == "id_number":
            if value is None:
                return ""
            return value.number if hasattr(value, "number") else value[0]
        return value

    # -- planning ------------------------------------------------------------------------------

    def fields(self) -> list[Field]:
        return [c for c in self.columns if isinstance(c, Field)]

    def lookups(self, rows: list[Row]) -> dict[str, Lookup]:
        found = {}
        for column in self.fields():
            if column.ref is not None:
                values = {str(r.values[column.code]) for r in rows if r.values.get(column.code)}
                found[column.code] = Lookup(column.ref, values, self.user)
        return found

    def prepare(self, rows: list[Row]) -> None:
        """Load what :meth:`compose` needs for ``rows`` (composite foreign keys)."""

    def compose(self, row: Row, values: dict[str, Any], header: dict[str, str]) -> list[CellError]:
        """Turn virtual cells into attributes of ``values``; return the problems found."""
        return []

    def check_item(self, item: Item, header: dict[str, str]) -> list[CellError]:
        """Rules beyond the model's ``clean()`` for one row."""
        return []

    def check_file(self, items: list[Item], header: dict[str, str]) -> list[CellError]:
        """Rules across the rows of the file (the service rules); return the problems found."""
        return []

    def keys_of(self, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        """The row's keys, in the order tried: its record number if given, else natural keys."""
        if values.get("_id") is not None:
            return [(("pk",), values["_id"])]
        return [
            (attrs, *(_comparable(values.get(a)) for a in attrs))
            for attrs in self.keys
            if values.get(attrs[0]) not in (None, "")
        ]

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], list[Any]]:
        """Existing records by natural key (several when the data holds duplicates).

        Only records the user may see are matched, so that the preview's counts (new, changed,
        unchanged) tell nothing of the others: a record number of one beyond the user's reach
        is "not found"; a natural key held only by such records makes a new record, unless the
        key is unique in the database (:attr:`hidden` then: the value "cannot be used").
        """
        found: dict[tuple[Any, ...], list[Any]] = {}
        manager = self.model._default_manager
        by_attrs: dict[tuple[str, ...], set[Any]] = {}
        for key in keys:
            by_attrs.setdefault(key[0], set()).add(key[1])
        records = visible(self.model, self.user)
        self.hidden: set[tuple[Any, ...]] = set()
        for attrs, firsts in by_attrs.items():
            unique = attrs != ("pk",) and self._unique(attrs)
            for chunk in chunked(sorted(firsts, key=str)):
                objs = list(manager.filter(**{f"{attrs[0]}__in": chunk}))
                seen = set(records.filter(pk__in=[o.pk for o in objs]).values_list("pk", flat=True))
                for obj in objs:
                    key = (attrs, *(_comparable(getattr(obj, a)) for a in attrs))
                    if obj.pk in seen:
                        found.setdefault(key, []).append(obj)
                    elif unique:
                        self.hidden.add(key)
        return found

    def _unique(self, attrs: tuple[str, ...]) -> bool:
        """Whether the database holds at most one record per value of ``attrs``."""
        meta = self.model._meta
        names = {meta.get_field(a).name for a in attrs}
        if len(attrs) == 1 and meta.get_field(attrs[0]).unique:  # type: ignore[union-attr]
            return True
        return any(
            isinstance(c, models.UniqueConstraint)
            and c.condition is None
            and set(c.fields) == names
            for c in meta.constraints
        ) or any(set(together) == names for together in meta.unique_together)

    def plan(self, rows: list[Row], header: dict[str, str], errors: list[CellError]) -> Plan:
        plan = Plan()
        lookups = self.lookups(rows)
        self.prepare(rows)
        key_columns = self.key_columns()
        prepared: list[tuple[Row, dict[str, Any], list[tuple[Any, ...]]]] = []
        duplicates = DuplicateFinder()
        for row in rows:
            values, problems = self.values_of(row, header, lookups)
            if problems:
                errors.extend(problems)
                continue
            keys = self.keys_of(values)
            if not keys:
                code = key_columns[self.keys[-1][0]]
                errors.append(cell_error(row, header, code, "required", "required"))
                continue
            key = keys[0]
            other = duplicates.check(key, row.number)
            if other is not None:
                codes = [key_columns[a] for a in key[0]]
                errors.append(
                    CellError(
                        row.number,
                        header.get(codes[0], codes[0]),
                        tabular.text(row.raw.get(codes[0])) if row.raw else "",
                        "duplicate",
                        "Duplicate.",
                        {"other": other, "key": ", ".join(header.get(c, c) for c in codes)},
                    )
                )
                continue
            prepared.append((row, values, keys))
        existing = self.existing([k for _r, _v, keys in prepared for k in keys])
        items: list[Item] = []
        attrs = {c.attr.removesuffix("_id"): c.code for c in self.columns}
        attrs.update(self.error_columns)
        first = self.keys[0][0]
        rendered = 0  # rows cleaned (model errors rendered in every language for the first ones)
        for row, values, keys in prepared:
            key = keys[0]
            matches = existing.get(key, [])
            for other_key in keys[1:]:
                if matches:
                    break
                # a record found by a later key only when it lacks the first (a namesake has it)
                matches = [
                    o for o in existing.get(other_key, []) if getattr(o, first) in (None, "")
                ]
            if key[0] == ("pk",) and not matches:
                errors.append(
                    cell_error(
                        row,
                        header,
                        "id",
                        "not_found",
                        "not_found.record",
                        value=key[1],
                    )
                )
                continue
            if not matches and any(k in self.hidden for k in keys):
                # held by a record beyond the user's reach: said without telling anything of it
                hidden_key = next(k for k in keys if k in self.hidden)
                errors.append(
                    cell_error(row, header, key_columns[hidden_key[0][0]], "unusable", "unusable")
                )
                continue
            if len(matches) > 1:
                code = key_columns[key[0][0]]
                errors.append(
                    cell_error(
                        row,
                        header,
                        code,
                        "ambiguous",
                        "ambiguous",
                        count=len(matches),
                    )
                )
                continue
            new = not matches
            obj = self.model() if new else matches[0]
            changed: set[str] = set()
            for name, value in values.items():
                if name.startswith("_"):
                    continue
                if new or getattr(obj, name) != value:
                    setattr(obj, name, value)
                    changed.add(name)
            item = Item(row, obj, new, changed, {k: v for k, v in values.items() if k[0] == "_"})
            problems = self.check_item(item, header)
            if not new and not changed and not problems and not item.extra.get("_changed"):
                plan.unchanged += 1
                continue
            if not problems:
                # foreign keys just resolved from the database need not be looked up again
                resolved = [
                    f.name
                    for f in self.model._meta.concrete_fields
                    if f.is_relation
                    and f.attname in values
                    and values[f.attname] is not None
                    and not f.remote_field.limit_choices_to  # e.g. a county: checked there
                ]
                rendered += 1
                exc, problems = clean_errors(
                    obj,
                    row,
                    header,
                    attrs,
                    every_language=rendered <= RENDERED_ROWS,
                    exclude=resolved,
                    validate_unique=False,
                    validate_constraints=False,
                )
                if exc is not None:
                    for problem in problems:
                        # a field whose column the file lacks: named by its field code
                        if not problem.column and problem.params.get("message"):
                            problem.column = self._field_code(exc, problem, attrs)
            if problems:
                errors.extend(problems)
                continue
            items.append(item)
        errors.extend(self.check_file(items, header))
        for item in items:
            if item.new:
                plan.creates.append(item.obj)
            else:
                plan.updates.append(item.obj)
                plan.update_fields |= {n for n in item.changed if not n.startswith("_")}
        plan.extra["items"] = items
        plan.extra["header"] = header
        return plan

    @staticmethod
    def _field_code(exc: ValidationError, problem: CellError, attrs: dict[str, str]) -> str:
        for name, messages in exc.message_dict.items():
            if problem.message in messages:
                return attrs.get(name, name if name != "__all__" else "")
        return ""

    def key_columns(self) -> dict[str, str]:
        """Attribute → the column code that carries it (for messages)."""
        found = {c.attr: c.code for c in self.columns}
        found["pk"] = "id"
        found.update({a: c for a, c in self.error_columns.items()})
        found.update({f"{a}_id": c for a, c in self.error_columns.items()})
        return found

    def values_of(
        self, row: Row, header: dict[str, str], lookups: dict[str, Lookup]
    ) -> tuple[dict[str, Any], list[CellError]]:
        """The model attributes a row gives (foreign keys resolved), and its problems."""
        values: dict[str, Any] = {}
        problems: list[CellError] = []
        for column in self.fields():
            if column.code not in row.values:
                continue
            value = row.values[column.code]
            if column.ref is not None:
                if value in (None, ""):
                    value = None
                else:
                    try:
                        value = lookups[column.code].find(str(value))
                    except Ambiguous as many:
                        problems.append(
                            cell_error(
                                row,
                                header,
                                column.code,
                                "ambiguous",
                                "ambiguous.reference",
                                count=many.count,
                                value=row.values[column.code],
                            )
                        )
                        continue
                    if value is None:
                        problems.append(self.not_found(row, header, column))
                        continue
            if column.virtual:
                values[f"_{column.code}"] = value
                continue
            values[column.attr] = self.default_for(column, value)
        if not problems:
            problems = self.compose(row, values, header)
        return values, problems

    def not_found(self, row: Row, header: dict[str, str], column: Field) -> CellError:
        ref = column.ref
        value = row.values[column.code]
        if ref is not None and ref.model == "regions.Program":
            return CellError(
                row.number, header[column.code], value, "unknown_program", "", {"value": value}
            )
        if ref is not None and ref.model == "regions.Region":
            return CellError(
                row.number, header[column.code], value, "unknown_region", "", {"value": value}
            )
        key = ref.message if ref is not None else "not_found"
        return cell_error(row, header, column.code, "not_found", key, value=value)

    def default_for(self, column: Field, value: Any) -> Any:
        """An empty cell: the field's default where it has one, '' for text, else None."""
        if value not in (None, ""):
            return value
        try:
            model_field = self.model._meta.get_field(column.attr.removesuffix("_id"))
        except FieldDoesNotExist:
            return value
        if model_field.has_default() and not model_field.null:
            return model_field.get_default()
        if isinstance(model_field, (models.CharField, models.TextField)):
            return ""
        return None

    # -- export --------------------------------------------------------------------------------

    def export_rows(self, queryset: models.QuerySet[Any], user: Any = None) -> Iterable[list[Any]]:
        columns = self.columns
        paths: list[str] = []
        spans: list[tuple[int, int]] = []
        for column in columns:
            sources = column.source if isinstance(column, Field) else (column.attr,)
            spans.append((len(paths), len(paths) + len(sources)))
            paths.extend(sources)
        masks = self.unmasked(user)
        shared = self.shared_names()
        targets: dict[str, int] = {}
        for column in self.fields():
            if column.code in shared:
                targets[column.code] = len(paths)
                paths.append(column.source[0].rsplit("__", 1)[0] + "__pk")
        for values in queryset.order_by("pk").values_list("pk", *paths).iterator(chunk_size=5000):
            pk = values[0]
            row: list[Any] = []
            for column, (start, end) in zip(columns, spans, strict=True):
                value = next(
                    (v for v in values[1 + start : 1 + end] if v not in (None, "")),
                    values[1 + start],
                )
                mask = masks.get(column.code)
                if mask is not None and value and pk not in mask:
                    if isinstance(column, Field) and column.ref is not None:
                        # a reference by a personal code: the next code instead (a name)
                        value = next(
                            (v for v in values[2 + start : 1 + end] if v not in (None, "")), ""
                        )
                    else:
                        value = mask_value(
                            "phone" if "phone" in column.code else "id_number", str(value)
                        )
                elif value and isinstance(column, Field) and column.mask is not None:
                    note_revealed(column.code)  # for the download's audit entry
                if column.kind == "bool":
                    value = "yes" if value else "no"
                elif value and column.code in targets and value in shared[column.code]:
                    value = f"{value} #{values[1 + targets[column.code]]}"
                row.append(value)
            yield row

    def shared_names(self) -> dict[str, set[Any]]:
        """Ref column → the codes and names several records share (exported with ``#pk``)."""
        found: dict[str, set[Any]] = {}
        for column in self.fields():
            if column.ref is None or "__" not in column.source[0]:
                continue
            model = column.ref.get_model()
            names: set[Any] = set()
            for name, _normalise in column.ref.fields:
                names |= set(
                    model._default_manager.exclude(**{name: ""})
                    .values(name)
                    .annotate(n=Count("pk"))
                    .filter(n__gt=1)
                    .values_list(name, flat=True)
                )
            if names:
                found[column.code] = names
        return found

    def unmasked(self, user: Any) -> dict[str, set[Any]]:
        """Column code → the pks whose value may be shown (absent: every value)."""
        found: dict[str, set[Any]] = {}
        if user is None:
            return found
        for column in self.fields():
            if column.mask is None:
                continue
            label, path = column.mask
            q = Personal(user).clear_scope(apps.get_model(label))
            if q is not None and not q:
                continue
            allowed: set[Any] = set()
            if q is not None:
                model = apps.get_model(label)
                visible = model._default_manager.filter(q).values("pk")
                allowed = set(
                    self.model._default_manager.filter(
                        **{f"{path}__in": visible} if path != "pk" else {"pk__in": visible}
                    ).values_list("pk", flat=True)
                )
            found[column.code] = allowed
        return found


def _comparable(value: Any) -> Any:
    """Decimals compare by value; everything else as is (for natural keys)."""
    if hasattr(value, "normalize") and not isinstance(value, str):
        return value.normalize()
    return value


def rows_by(queryset: models.QuerySet[Any], *paths: str) -> dict[tuple[Any, ...], list[Any]]:
    """Index pks by the values of ``paths`` (for composite foreign keys)."""
    found: dict[tuple[Any, ...], list[Any]] = {}
    for pk, *values in queryset.values_list("pk", *paths):
        found.setdefault(tuple(values), []).append(pk)
    return found


def message(text: Any, **params: Any) -> str:
    """A message in the active language (for CellErrors built by hand)."""
    return str(text) % params if params else str(text)


__all__ = [
    "ASSISTANCE_PROJECT",
    "HOUSEHOLD",
    "MEMBER",
    "ORGANISATION",
    "PERSON",
    "PROGRAM",
    "PROJECT",
    "REGION",
    "Field",
    "Item",
    "RecordLedger",
    "Ref",
    "cell_error",
    "message",
    "rows_by",
]
