"""What a ledger is: its columns (field codes with translated labels), natural key and mapping.

A ledger turns rows (already normalised per column by :mod:`hezuo.core.tabular`) into a
:class:`Plan` of records to create and to update, reporting every problem as a
:class:`~hezuo.core.tabular.CellError`; :meth:`Ledger.write` writes a plan with bulk operations
that keep history (django-simple-history's ``bulk_*_with_history``).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import Promise
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from hezuo.core import tabular
from hezuo.core.tabular import CellError, ValueProblem

LANGUAGES = ("zh-hans", "ja", "en")
BATCH = 2000


@dataclass
class Column:
    """One column of a ledger: its field code, label, kind of value and model attribute."""

    code: str
    label: Promise | str
    kind: str = "text"  # text, code, date, decimal, int, choice, id_number, region, program, bool
    required: bool = False
    choices: Any = None  # a TextChoices class for kind "choice"
    attr: str = ""  # the model attribute (default: code)
    max_length: int | None = None
    text_format: bool = False  # Excel text format (@) in templates and exports
    #: What the upload page says about the column, beyond its label.
    help: Promise | str = ""
    #: False: no field of the model (read by the ledger itself, exported empty).
    stored: bool = True
    #: The least number a decimal or int column takes (None: any).
    minimum: Any = None

    def __post_init__(self) -> None:
        self.attr = self.attr or self.code
        if self.kind in ("id_number", "code"):
            self.text_format = True

    def labels(self) -> list[str]:
        names = []
        for lang in LANGUAGES:
            with translation.override(lang):
                names.append(str(self.label))
        return names

    def parser(self) -> Callable[[Any], Any]:
        """A function normalising one cell of this column as :meth:`Ledger.parse_cell` does.

        For the big ledgers' tight loops: the kind is decided once, and values that repeat
        (choices, amounts) are normalised once per distinct cell. It raises ValueProblem.
        """
        kind, limit = self.kind, self.max_length

        def limited(value: str) -> str:
            if limit and len(value) > limit:
                raise ValueProblem("too_long", "Too long.", max=limit)
            return value

        if kind == "text":
            text = tabular.text
            return lambda cell: limited(text(cell))
        if kind == "code":
            code_text = tabular.code_text
            return lambda cell: limited(code_text(cell))
        if kind in ("choice", "decimal"):
            return memoised(self._plain_parser(self.choice_aliases() if kind == "choice" else None))
        return self._plain_parser(None)

    def _plain_parser(self, aliases: dict[str, str] | None) -> Callable[[Any], Any]:
        def plain(cell: Any) -> Any:
            return normalise(self, cell, aliases)

        return plain

    def choice_aliases(self) -> dict[str, str]:
        aliases: dict[str, str] = {}
        for value, label in self.choices.choices:
            aliases[tabular.header_key(value)] = value
            for lang in LANGUAGES:
                with translation.override(lang):
                    aliases.setdefault(tabular.header_key(str(label)), value)
        return aliases


class WriteRefused(Exception):
    """Raised by :meth:`Ledger.write` when a rule fails under the lock (a concurrent import).

    The service undoes the transaction (nothing is written) and reports ``errors`` as row
    errors, like those found while checking.
    """

    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass
class Row:
    """One data row: its Excel row number, the values by field code and the raw cells."""

    number: int
    values: dict[str, Any]
    raw: dict[str, Any]


@dataclass
class Plan:
    """What an import would do: records to create, to update (with their fields), unchanged."""

    creates: list[Any] = field(default_factory=list)  # model instances (or rows of values)
    updates: list[models.Model] = field(default_factory=list)
    update_fields: set[str] = field(default_factory=set)
    unchanged: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    #: Set by the import service: ``progress(done, total)`` while a ledger writes (optional).
    progress: Callable[[int, int], None] | None = None


class Ledger:
    """A ledger (台账): one kind of record as rows of a table."""

    name: ClassVar[str]
    model: ClassVar[type[models.Model]]
    verbose_name: ClassVar[Promise]
    columns: ClassVar[list[Column]]
    #: What identifies a row's record, for the pages (e.g. "unified social credit code, else name").
    natural_key_help: ClassVar[Promise]
    #: Keep each row's cells as written (for messages naming them); off for the big ledgers.
    keep_raw: ClassVar[bool] = True
    #: The user importing (set on a copy by :meth:`scoped`): reference look-ups find only what
    #: this user may see. None: the system, which sees every record.
    user: Any = None

    def scoped(self, user: Any) -> Ledger:
        """A copy of this ledger for one import by ``user`` (its look-ups and state its own)."""
        ledger = copy.copy(self)
        ledger.user = user
        return ledger

    # -- columns -------------------------------------------------------------------------------

    def column(self, code: str) -> Column:
        return next(c for c in self.columns if c.code == code)

    def aliases(self) -> dict[str, list[str]]:
        return {c.code: c.labels() for c in self.columns}

    def headers(self, lang: str | None) -> list[str]:
        if not lang:
            return [c.code for c in self.columns]
        with translation.override(lang):
            return [str(c.label) for c in self.columns]

    # -- parsing -------------------------------------------------------------------------------

    def parse(
        self,
        rows: Iterator[list[Any]],
        columns: dict[str, int],
        written: list[str],
        errors: list[CellError],
        on_row: Callable[[int], None] | None = None,
    ) -> list[Row]:
        """Normalise every cell; return the rows that have any value."""
        parsers = []
        for column in self.columns:
            if column.code not in columns:
                continue
            index = columns[column.code]
            header = written[index]
            aliases = column.choice_aliases() if column.kind == "choice" else None
            parsers.append((column, index, header, aliases))
        parsed: list[Row] = []
        number = 1
        for cells in rows:
            number += 1
            if on_row is not None and number % BATCH == 0:
                on_row(number)
            if not any(c not in (None, "") for c in cells):
                continue
            values: dict[str, Any] = {}
            raw: dict[str, Any] = {}
            width = len(cells)
            for column, index, header, aliases in parsers:
                cell = cells[index] if index < width else None
                raw[column.code] = cell
                try:
                    value = self.parse_cell(column, cell, aliases)
                except ValueProblem as problem:
                    errors.append(
                        CellError(
                            number,
                            header,
                            tabular.text(cell),
                            problem.code,
                            problem.message,
                            problem.params,
                        )
                    )
                    continue
                if column.required and value in (None, ""):
                    errors.append(
                        CellError(number, header, "", "required", "This column must be filled in.")
                    )
                    continue
                values[column.code] = value
            parsed.append(Row(number, values, raw if self.keep_raw else {}))
        return parsed

    def parse_cell(self, column: Column, cell: Any, aliases: dict[str, str] | None) -> Any:
        return normalise(column, cell, aliases)

    # -- planning and writing ------------------------------------------------------------------

    def plan(self, rows: list[Row], header: dict[str, str], errors: list[CellError]) -> Plan:
        raise NotImplementedError

    def write(self, plan: Plan, *, user: Any, reason: str) -> None:
        now = timezone.now()
        for obj in plan.updates:
            obj.version = (getattr(obj, "version", 0) or 0) + 1  # type: ignore[attr-defined]
            obj.updated = now  # type: ignore[attr-defined]
        if plan.creates:
            bulk_create_with_history(
                plan.creates,
                self.model,
                batch_size=BATCH,
                default_user=user,
                default_change_reason=reason,
            )
        if plan.updates:
            bulk_update_with_history(
                plan.updates,
                self.model,
                sorted(plan.update_fields | {"version", "updated"}),
                batch_size=BATCH,
                default_user=user,
                default_change_reason=reason,
            )

    def written(self, plan: Plan) -> tuple[type[models.Model], list[Any]]:
        """The model and primary keys of what a plan wrote, for the scope check after writing."""
        return self.model, [o.pk for o in (*plan.creates, *plan.updates)]

    # -- export --------------------------------------------------------------------------------

    def export_rows(self, queryset: models.QuerySet[Any], user: Any = None) -> Iterable[list[Any]]:
        raise NotImplementedError

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return self.model.objects.restrict(user)  # type: ignore[attr-defined,no-any-return]


def _at_least(column: Column, number: Any) -> Any:
    if number is not None and column.minimum is not None and number < column.minimum:
        raise ValueProblem(
            "number_min", "Give a number of at least %(min)s.", min=str(column.minimum)
        )
    return number


def choices_ref(choices: Any) -> str:
    """The dotted path of a TextChoices class: a refusal names it so that the choices it lists
    are shown by their labels in the language of whoever reads it (hezuo.imports.messages)."""
    return f"{choices.__module__}.{choices.__qualname__}" if choices is not None else ""


def memoised(parse: Callable[[Any], Any], size: int = 100_000) -> Callable[[Any], Any]:
    """``parse`` once per distinct cell (refusals are not remembered: they raise each time)."""
    memo: dict[Any, Any] = {}

    def parse_once(cell: Any) -> Any:
        try:
            return memo[cell]
        except KeyError:
            pass
        except TypeError:  # not hashable
            return parse(cell)
        value = parse(cell)
        if len(memo) < size:
            memo[cell] = value
        return value

    return parse_once


def normalise(column: Column, cell: Any, aliases: dict[str, str] | None) -> Any:
    """Normalise one cell of ``column`` (raises ValueProblem)."""
    kind = column.kind
    if kind == "text":
        value: Any = tabular.text(cell)
    elif kind == "code":
        value = tabular.code_text(cell)
    elif kind == "date":
        return tabular.parse_date(cell)
    elif kind == "decimal":
        return _at_least(column, tabular.parse_decimal(cell))
    elif kind == "int":
        number = _at_least(column, tabular.parse_decimal(cell, places=0))
        return None if number is None else int(number)
    elif kind == "choice":
        if cell in (None, "") or tabular.text(cell) == "":
            return ""
        try:
            return tabular.parse_choice(cell, aliases or column.choice_aliases())
        except ValueProblem as problem:
            problem.params["choices_of"] = choices_ref(column.choices)
            raise
    elif kind == "id_number":
        if cell in (None, "") or tabular.text(cell) == "":
            return None
        return tabular.parse_id_number(cell)
    elif kind == "program":
        value = "".join(tabular.folded(cell).split())
    else:
        value = tabular.code_text(cell)
    if column.max_length and len(value) > column.max_length:
        raise ValueProblem("too_long", "Too long.", max=column.max_length)
    return value


#: Rows of a file whose model errors are also rendered in every language (so that a job's
#: errors are shown in the viewer's language); beyond them, in the language of the upload only.
RENDERED_ROWS = 2000


def clean_errors(
    obj: models.Model,
    row: Row,
    header: dict[str, str],
    attrs: dict[str, str],
    *,
    every_language: bool = True,
    **kwargs: Any,
) -> tuple[ValidationError | None, list[CellError]]:
    """``obj.full_clean(**kwargs)``: its ValidationError (or None) and the cell errors.

    Models word their messages when they raise them (in the active language); so that these
    can be shown in another language later, a failing row is cleaned again in each language
    (``every_language``) and the renderings kept in the params ``message_<language>``.
    """
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        texts: dict[str, dict[str, list[str]]] = {}
        if every_language:
            for lang in LANGUAGES:
                with translation.override(lang):
                    try:
                        obj.full_clean(**kwargs)
                    except ValidationError as again:
                        texts[lang] = again.message_dict
        return exc, validation_errors(exc, row, header, attrs, texts)
    return None, []


def validation_errors(
    exc: ValidationError,
    row: Row,
    header: dict[str, str],
    attrs: dict[str, str],
    texts: dict[str, dict[str, list[str]]] | None = None,
) -> list[CellError]:
    """Turn a model's ValidationError into cell errors on the columns of the fields named.

    ``texts``: the same errors rendered in other languages (language → message_dict).
    """
    found = []
    for name, messages in exc.message_dict.items():
        code = attrs.get(name, "")
        column = header.get(code, "")
        value = tabular.text(row.raw.get(code)) if code else ""
        for index, message in enumerate(messages):
            params = {"message": message}
            for lang, rendered in (texts or {}).items():
                others = rendered.get(name, [])
                if len(others) == len(messages):
                    params[f"message_{lang}"] = others[index]
            found.append(CellError(row.number, column, value, "invalid", message, params))
    return found


def chunked(items: list[Any], size: int = 5000) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
