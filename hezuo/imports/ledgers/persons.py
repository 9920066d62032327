"""The ``persons`` ledger: one row per person; ``household_no`` groups rows into households.

The household's village, status and income per head are repeated on each of its rows; rows of
one household that disagree are an error. Persons are matched by ID number, households by
number. Validation is done here in bulk (one query per few thousand rows), not per row through
``full_clean()``, which asks the database about every ID number: that is what makes a hundred
thousand rows a matter of seconds. The rules are the model's: the GB 11643 ID number with the
birth date and sex read from it, one household per ID number, one head per household.

Planning is a row of named steps (:class:`PersonPlanner`) over named records: the file's rows
(:class:`PersonRow`), grouped into households (:class:`HouseholdDraft`), compared with what is
registered, and planned as writes (:class:`HouseholdWrites`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hezuo.assistance.choices import HouseholdStatus, Relation
from hezuo.assistance.models import (
    Household,
    HouseholdIncome,
    HouseholdMember,
    HouseholdStatusChange,
)
from hezuo.base.access import access_check, access_filter
from hezuo.base.personal import ExportMask
from hezuo.core import tabular
from hezuo.core.access import Action
from hezuo.core.tabular import CellError, ValueProblem
from hezuo.regions.choices import ProgramKind, RegionLevel
from hezuo.regions.models import Program, Region

from .. import fastinsert
from .base import BATCH, Column, Ledger, Plan, choices_ref, chunked, memoised

#: A refused cell (its error is reported) in a parsed row.
BAD: Any = type("Bad", (), {"__repr__": lambda self: "BAD"})()
HEAD = str(Relation.HEAD)
#: A refusal about the status shows the statuses by their labels (hezuo.imports.messages).
STATUS_CHOICES = choices_ref(HouseholdStatus)


# --- records --------------------------------------------------------------------------------------


class PersonRow(NamedTuple):
    """One parsed row of the file (:meth:`PersonLedger.parse`).

    A refused cell (its error reported) is BAD, a column the file does not have None. A named
    tuple: as small as a plain one, for a million rows.
    """

    row: int
    household_no: Any
    id_parts: Any  # (ID number, birth date, sex) of tabular.id_number_parts
    name: Any
    relation: Any
    village_code: Any
    status: Any
    income: Any  # income per head
    phone: Any

    def is_complete(self) -> bool:
        """Whether the row can be placed in a household (its key values were accepted)."""
        return not (
            self.household_no is BAD
            or not self.household_no
            or self.id_parts is BAD
            or self.id_parts is None
            or self.name is BAD
            or not self.name
            or self.relation is BAD
            or not self.relation
        )


@dataclass(slots=True)
class HouseholdDraft:
    """A household as the file gives it: the values of its first row, its members and head."""

    first_row: int
    village_code: Any  # BAD while grouping when refused on the first row, then None
    status: Any
    income: Any  # income per head
    phone: str = ""
    members: int = 0
    head_row: int | None = None

    def forget_refused(self) -> None:
        """Values refused on the first row become None (none is written for them)."""
        if self.village_code is BAD:
            self.village_code = None
        if self.status is BAD:
            self.status = None
        if self.income is BAD:
            self.income = None


class VillageDisagreement(NamedTuple):
    """A row whose village code is not its household's first row's (refused once looked up)."""

    row: int
    code: str
    first_row: int
    first_code: Any


@dataclass
class FileHouseholds:
    """The file's rows grouped by household number (:meth:`PersonPlanner.group_households`)."""

    households: dict[str, HouseholdDraft] = field(default_factory=dict)
    persons: list[PersonRow] = field(default_factory=list)  # the rows placed in a household
    other_villages: list[VillageDisagreement] = field(default_factory=list)
    #: households with a row refused before it was placed (it may be the head)
    incomplete: set[str] = field(default_factory=set)
    file_ids: dict[str, str] = field(default_factory=dict)  # ID number → household number


class Village(NamedTuple):
    """A region looked up by one of the file's village codes."""

    pk: int
    level: str


class Placed(NamedTuple):
    """Where a household of the file lives: its village and the pairing that covers it."""

    village_id: int
    program_id: int | None


class StoredHousehold(NamedTuple):
    """A registered household with the same number as one of the file."""

    pk: int
    village_id: int
    status: str
    status_since: date
    program_id: int
    village_code: str


class StoredIncome(NamedTuple):
    """A registered household's latest income up to this year."""

    pk: int
    household_id: int
    year: int
    per_capita: Decimal


class HouseholdCreate(NamedTuple):
    """A household to add; the field names are Household's, inserted as they are."""

    number: str
    program_id: int
    village_id: int
    status: str
    status_since: date
    phone: str


class HouseholdUpdate(NamedTuple):
    """A registered household moved to another village, or given another status."""

    pk: int
    village_id: int
    status: str
    status_since: date | None  # None: the status stays


class StatusChange(NamedTuple):
    """A household's new status, kept in its status history with the one it had."""

    household_id: int
    old_status: str
    old_since: date
    status: str


class MemberUpdate(NamedTuple):
    """A registered person's new values; the field names after ``pk`` are HouseholdMember's."""

    pk: int
    name: str
    relation: str
    birth_date: date
    sex: str
    phone: str


class IncomeCreate(NamedTuple):
    """This year's income of a household (known by number: it may be added by this import)."""

    number: str
    year: int
    members: int
    total: Decimal
    per_capita: Decimal


class IncomeUpdate(NamedTuple):
    """A new income per head for the income this year already has."""

    pk: int
    household_id: int
    per_capita: Decimal
    members: int
    total: Decimal


class ElsewhereId(NamedTuple):
    """A row whose ID number is registered in another household."""

    row: int
    id_number: str
    household_no: str
    household_id: int


@dataclass
class HouseholdWrites:
    """What :meth:`PersonLedger.plan` leaves for ``write`` beside the persons (plan.creates and
    plan.updates): households, their status history and income."""

    #: household number → pk (None: added by this import, set by ``write``)
    house_pks: dict[str, int | None] = field(default_factory=dict)
    creates: list[HouseholdCreate] = field(default_factory=list)
    updates: list[HouseholdUpdate] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    income_creates: list[IncomeCreate] = field(default_factory=list)
    income_updates: list[IncomeUpdate] = field(default_factory=list)
    #: registered households whose registered persons change
    updated_households: set[int] = field(default_factory=set)
    #: households the user may not add or change (number → village code): refused if written
    out_of_scope: dict[str, str] = field(default_factory=dict)
    new_pks: list[int] = field(default_factory=list)  # set by ``write``


# --- parsing helpers ------------------------------------------------------------------------------


def _absent(cell: Any) -> None:
    """The value of an optional column the file does not have."""
    return None


def _id_parser(cell: Any) -> tuple[str, Any, str] | None:
    """(number, birth date, sex) of an ID number cell; None when empty."""
    if type(cell) is str and len(cell) == 18:  # the common cell, never empty
        return tabular.id_number_parts(cell)
    if cell is None or cell == "" or tabular.text(cell) == "":
        return None
    return tabular.id_number_parts(cell)


#: The refusals of a village code, with their untranslated fallback texts.
VILLAGE_PROBLEMS = {"unknown_region": "Unknown.", "not_village": "Not a village."}


def _village_problem(found: Village | None) -> str | None:
    """Why a village code is refused: unknown, or the code of another level (None: a village)."""
    if found is None:
        return "unknown_region"
    if found.level != RegionLevel.VILLAGE:
        return "not_village"
    return None


def _prefix(code: str) -> str:
    """The part of a GB/T 2260 code its descendants share (440300 → 4403, 440000 → 44)."""
    if len(code) == 6:
        return code.rstrip("0")[:6] if code[2:] != "0000" else code[:2]
    return code


# --- the ledger -----------------------------------------------------------------------------------


class PersonLedger(Ledger):
    """Households and their persons, one row per person (the biggest ledger: bulk throughout)."""

    name = "persons"
    model = HouseholdMember
    verbose_name = _("households and persons")
    natural_key_help = _("ID number for a person, household number for a household")
    keep_raw = False
    columns = [
        Column("household_no", _("household number"), "code", required=True, max_length=30),
        Column("id_number", _("resident ID number"), "id_number", required=True),
        Column("name", pgettext_lazy("person", "name"), "text", required=True, max_length=100),
        Column("relation", _("relation to the head"), "choice", required=True, choices=Relation),
        Column("village_code", _("village code"), "code", required=True),
        Column("status", _("status"), "choice", required=True, choices=HouseholdStatus),
        Column("income_per_capita", _("income per head (yuan)"), "decimal", minimum=0),
        Column("phone", _("phone"), "text", max_length=40),
    ]

    # -- parsing -------------------------------------------------------------------------------

    def parse(
        self,
        rows: Iterator[list[Any]],
        columns: dict[str, int],
        written: list[str],
        errors: list[CellError],
        on_row: Callable[[int], None] | None = None,
    ) -> list[Any]:
        """Normalise every cell; return one :class:`PersonRow` per row that has any value.

        No per-row dict or object beyond the named tuple: a million rows must stay well under
        the memory budget.
        """
        parsers = []
        for column in self.columns:
            index = columns.get(column.code)
            header = written[index] if index is not None else column.code
            if column.kind == "id_number":
                parse: Callable[[Any], Any] = _id_parser
            elif column.code == "village_code":
                parse = memoised(column.parser())  # few villages, many rows
            else:
                parse = column.parser()
            parsers.append((index, header, parse, column.required))

        def one_by_one(number: int, cells: list[Any]) -> PersonRow:
            """A row cell by cell, every refusal reported (the slow path, for bad rows)."""
            width = len(cells)
            out: list[Any] = [number]
            for index, header, parse, required in parsers:
                if index is None:
                    out.append(None)
                    continue
                cell = cells[index] if index < width else None
                try:
                    value = parse(cell)
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
                    out.append(BAD)
                    continue
                if required and (value is None or value == ""):
                    errors.append(
                        CellError(number, header, "", "required", "This column must be filled in.")
                    )
                    out.append(BAD)
                    continue
                out.append(value)
            return PersonRow(*out)

        # The fast path: a whole row in one expression; any refusal or empty required cell
        # sends the row through one_by_one, which reports each of its problems.
        slots = [(i or 0, p if i is not None else _absent) for i, _h, p, _r in parsers]
        (i0, p0), (i1, p1), (i2, p2), (i3, p3), (i4, p4), (i5, p5), (i6, p6), (i7, p7) = slots
        width = max(i for i, _p in slots) + 1
        parsed: list[PersonRow] = []
        append = parsed.append
        number = 1
        for cells in rows:
            number += 1
            if on_row is not None and number % BATCH == 0:
                on_row(number)
            if not any(cells) and all(c is None or c == "" for c in cells):
                continue
            if len(cells) >= width:
                try:
                    row = PersonRow(
                        number,
                        p0(cells[i0]),
                        p1(cells[i1]),
                        p2(cells[i2]),
                        p3(cells[i3]),
                        p4(cells[i4]),
                        p5(cells[i5]),
                        p6(cells[i6]),
                        p7(cells[i7]),
                    )
                except ValueProblem:
                    pass
                else:
                    if (
                        row.household_no
                        and row.id_parts is not None
                        and row.name
                        and row.relation
                        and row.village_code
                        and row.status
                    ):
                        append(row)
                        continue
            append(one_by_one(number, cells))
        return parsed

    # -- planning ------------------------------------------------------------------------------

    def plan(self, rows: list[Any], header: dict[str, str], errors: list[CellError]) -> Plan:
        """The persons to add and change (plan.creates, plan.updates), with the households'
        writes in ``plan.extra["writes"]``; every refusal added to ``errors``."""
        planner = PersonPlanner(user=self.user, header=header, errors=errors)
        grouped = planner.group_households(rows)
        placed = planner.place_households(grouped)
        registered = planner.registered_households(grouped.households)
        planner.check_heads(grouped, {number: old.pk for number, old in registered.items()})
        incomes = planner.latest_incomes(registered)
        writes = planner.plan_households(grouped.households, placed, registered)
        plan = Plan()
        planner.plan_members(grouped.persons, writes, plan)
        planner.plan_incomes(grouped.households, incomes, writes)
        planner.refuse_out_of_scope(grouped.households, writes, plan.creates)
        plan.extra = {"writes": writes}
        return plan

    # -- writing -------------------------------------------------------------------------------

    def write(self, plan: Plan, *, user: Any, reason: str) -> None:
        writes: HouseholdWrites = plan.extra["writes"]
        common = {"user": user, "reason": reason}
        house_pks = writes.house_pks
        new = fastinsert.insert_rows(Household, HouseholdCreate._fields, writes.creates, **common)
        for house, pk in zip(writes.creates, new, strict=True):
            house_pks[house.number] = pk
        writes.new_pks = new
        fastinsert.update_rows(
            Household,
            ["village_id", "status"],
            [(u.pk, u.village_id, u.status) for u in writes.updates if u.status_since is None],
            **common,
        )
        fastinsert.update_rows(
            Household,
            ["village_id", "status", "status_since"],
            [u for u in writes.updates if u.status_since is not None],
            **common,
        )
        self._write_status_changes(writes.status_changes, **common)
        total = len(plan.creates)
        progress = plan.progress

        def step(done: int) -> None:
            if progress is not None:
                progress(done, total)

        fastinsert.insert_rows(
            HouseholdMember,
            ["household_id", "name", "id_number", "relation", "birth_date", "sex", "phone"],
            [
                (
                    house_pks[row.household_no],
                    row.name,
                    row.id_parts[0],
                    row.relation,
                    row.id_parts[1],
                    row.id_parts[2],
                    row.phone or "",
                )
                for row in plan.creates
            ],
            progress=step,
            **common,
        )
        fastinsert.update_rows(HouseholdMember, MemberUpdate._fields[1:], plan.updates, **common)
        fastinsert.insert_rows(
            HouseholdIncome,
            ["household_id", "year", "members", "total", "per_capita"],
            [
                (house_pks[i.number], i.year, i.members, i.total, i.per_capita)
                for i in writes.income_creates
            ],
            **common,
        )
        fastinsert.update_rows(
            HouseholdIncome,
            ["per_capita", "members", "total"],
            [(i.pk, i.per_capita, i.members, i.total) for i in writes.income_updates],
            **common,
        )

    def _write_status_changes(self, changes: list[StatusChange], *, user: Any, reason: str) -> None:
        """Keep each status set by the file in the household's status history.

        A household without a status history yet first gets an entry for the status it held
        (from its ``status_since``), so that the history still says what it was before.
        """
        if not changes:
            return
        today = timezone.localdate()
        with_history: set[int] = set()
        for chunk in chunked([c.household_id for c in changes]):
            with_history.update(
                HouseholdStatusChange.objects.filter(household_id__in=chunk).values_list(
                    "household_id", flat=True
                )
            )
        note = str(_("entered in the register"))
        rows: list[tuple[Any, ...]] = []
        for change in changes:
            if change.household_id not in with_history:
                rows.append((change.household_id, change.old_status, change.old_since, note))
            rows.append((change.household_id, change.status, today, reason[:300]))
        fastinsert.insert_rows(
            HouseholdStatusChange,
            ["household_id", "status", "since", "reason"],
            rows,
            user=user,
            reason=reason,
        )

    def written(self, plan: Plan) -> tuple[type[models.Model], list[Any]]:
        writes: HouseholdWrites = plan.extra["writes"]
        updated = {u.pk for u in writes.updates} | writes.updated_households
        return Household, [*writes.new_pks, *sorted(updated)]

    def export_queryset(self, user: Any) -> models.QuerySet[Any]:
        return HouseholdMember.objects.restrict(user)  # type: ignore[attr-defined,no-any-return]

    def export_rows(self, queryset: models.QuerySet[Any], user: Any = None) -> Iterable[list[Any]]:
        """Every person; ID numbers and phones masked where the user may not see personal data."""
        year = timezone.localdate().year
        latest: dict[int, Decimal] = {}
        for household_id, per_capita in (
            HouseholdIncome.objects.filter(year__lte=year)
            .order_by("household_id", "year")
            .values_list("household_id", "per_capita")
            .iterator(chunk_size=10000)
        ):
            latest[household_id] = per_capita
        mask = ExportMask(user, HouseholdMember)
        values = queryset.order_by("household__number", "pk").values_list(
            "pk",
            "household__number",
            "id_number",
            "name",
            "relation",
            "household__village__code",
            "household__status",
            "household_id",
            "phone",
        )
        for pk, number, id_number, name, relation, village, status, hid, phone in values.iterator(
            chunk_size=10000
        ):
            id_number = mask.value(pk, "id_number", id_number)
            phone = mask.value(pk, "phone", phone) or ""
            yield [number, id_number, name, relation, village, status, latest.get(hid), phone]


# --- planning -------------------------------------------------------------------------------------


class PersonPlanner:
    """The steps of :meth:`PersonLedger.plan` over one file's rows, in the order it runs them.

    Each step reads what the steps before found and adds its refusals to ``errors``; what it
    finds is returned as named records. The importing ``user`` (None: the system) bounds what
    may be added or changed, and what a refusal may tell of another household.
    """

    def __init__(self, *, user: Any, header: dict[str, str], errors: list[CellError]) -> None:
        self.user = user
        self.header = header
        self.errors = errors
        self.village_col = header.get("village_code", "village_code")
        self.today = timezone.localdate()

    # -- the file's households -----------------------------------------------------------------

    def group_households(self, rows: list[PersonRow]) -> FileHouseholds:
        """Group the rows by household number; refuse a row that disagrees with its household's
        first row, repeats an ID number or names a second head."""
        grouped = FileHouseholds()
        seen: dict[str, int] = {}  # ID number → its first row
        for row in rows:
            if not row.is_complete():
                if row.household_no and row.household_no is not BAD:
                    grouped.incomplete.add(row.household_no)  # no "no head" error for it
                continue
            house = grouped.households.get(row.household_no)
            if house is None:
                # a refused first value stays BAD: the rows after it are not said to disagree
                house = grouped.households[row.household_no] = HouseholdDraft(
                    row.row, row.village_code, row.status, row.income
                )
            else:
                self._compare_with_first_row(row, house, grouped.other_villages)
            id_number = row.id_parts[0]
            first = seen.setdefault(id_number, row.row)
            if first != row.row:
                id_col = self.header["id_number"]
                self.errors.append(
                    CellError(
                        row.row,
                        id_col,
                        id_number,
                        "duplicate",
                        "Duplicate.",
                        {"other": first, "key": id_col},
                    )
                )
                continue
            if row.relation == HEAD:
                self._take_head(row, house)
            house.members += 1
            grouped.persons.append(row)
            grouped.file_ids[id_number] = row.household_no
        for house in grouped.households.values():
            house.forget_refused()
        return grouped

    def _compare_with_first_row(
        self, row: PersonRow, house: HouseholdDraft, other_villages: list[VillageDisagreement]
    ) -> None:
        """Refuse the household's values where this row gives others than its first row.

        Another village code is only noted: whether the code exists is said first, once the
        codes have been looked up.
        """
        if (row.village_code, row.status, row.income) == (
            house.village_code,
            house.status,
            house.income,
        ):
            return
        for code, value, first in (
            ("village_code", row.village_code, house.village_code),
            ("status", row.status, house.status),
            ("income_per_capita", row.income, house.income),
        ):
            if value is BAD or first is BAD or value == first:
                continue
            if code == "village_code" and value:
                other_villages.append(VillageDisagreement(row.row, value, house.first_row, first))
                continue
            self.errors.append(self._disagrees(row.row, code, value, house.first_row, first))

    def _disagrees(self, row: int, code: str, value: Any, first_row: int, first: Any) -> CellError:
        column = self.header.get(code, code)
        params = {"other": first_row, "field": column, "first": str(first or "")}
        if code == "status":
            params["choices_of"] = STATUS_CHOICES
        return CellError(row, column, str(value or ""), "household_disagrees", "", params)

    def _take_head(self, row: PersonRow, house: HouseholdDraft) -> None:
        """Make the row its household's head (a second one is refused); the head's phone is the
        household's."""
        if house.head_row is not None:
            self.errors.append(
                CellError(
                    row.row,
                    self.header["relation"],
                    str(row.relation),
                    "household_two_heads",
                    "Two heads.",
                    {"other": house.head_row},
                )
            )
        house.head_row = row.row
        phone = row.phone if row.phone is not BAD else None
        house.phone = phone or house.phone

    # -- villages and pairings -----------------------------------------------------------------

    def place_households(self, grouped: FileHouseholds) -> dict[str, Placed]:
        """Household number → its village and pairing, for the households whose village code is
        a village's; the other codes are refused, and so are the codes of later rows that
        disagree with the first row."""
        villages = self._villages(grouped)
        for other in grouped.other_villages:
            problem = _village_problem(villages.get(other.code))
            if problem is None:
                self.errors.append(
                    self._disagrees(
                        other.row, "village_code", other.code, other.first_row, other.first_code
                    )
                )
                continue
            self.errors.append(
                CellError(
                    other.row, self.village_col, other.code, problem, "", {"value": other.code}
                )
            )
        pairings = self._pairings()
        placed: dict[str, Placed] = {}
        for number, house in grouped.households.items():
            code = house.village_code
            if not code:
                continue
            found = villages.get(code)
            problem = _village_problem(found)
            if found is not None and problem is None:
                program = next((p for prefix, p in pairings if code.startswith(prefix)), None)
                placed[number] = Placed(found.pk, program)
                continue
            self.errors.append(
                CellError(
                    house.first_row,
                    self.village_col,
                    code,
                    str(problem),
                    VILLAGE_PROBLEMS[str(problem)],
                    {"value": code},
                )
            )
        return placed

    def _villages(self, grouped: FileHouseholds) -> dict[str, Village]:
        """The regions of every village code the file gives, by code."""
        codes = {h.village_code for h in grouped.households.values() if h.village_code}
        codes |= {other.code for other in grouped.other_villages}
        villages: dict[str, Village] = {}
        for chunk in chunked(sorted(codes)):
            for pk, code, level in Region.objects.filter(code__in=chunk).values_list(
                "pk", "code", "level"
            ):
                villages[code] = Village(pk, level)
        return villages

    def _pairings(self) -> list[tuple[str, int]]:
        """(region code prefix, program id) of every assistance pairing's assisted regions."""
        found = []
        for program_id, code in Program.objects.filter(
            kind=ProgramKind.PAIRING, parties__region__isnull=False
        ).values_list("pk", "parties__region__code"):
            if code and code.isdigit():
                found.append((_prefix(code), program_id))
        # The longest (most precise) prefix wins.
        return sorted(found, key=lambda item: -len(item[0]))

    # -- what is registered --------------------------------------------------------------------

    def registered_households(
        self, households: dict[str, HouseholdDraft]
    ) -> dict[str, StoredHousehold]:
        """The registered households with the file's numbers, by number (one join through a
        table of the keys)."""
        registered: dict[str, StoredHousehold] = {}
        with fastinsert.key_table(households) as keys:
            for number, *stored in fastinsert.stream(
                Household.objects.filter(number__in=fastinsert.keys_in(keys)).values_list(
                    "number",
                    "pk",
                    "village_id",
                    "status",
                    "status_since",
                    "program_id",
                    "village__code",
                )
            ):
                registered[number] = StoredHousehold(*stored)
        return registered

    def check_heads(self, grouped: FileHouseholds, registered: dict[str, int]) -> None:
        """Each household ends with exactly one head, as the model's rule says (two in the
        file are refused as they come): one the file adds must name it; of one registered, the
        heads after the import are the file's and the registered heads the file does not list.
        ``registered``: household number → pk.
        """
        relation_col = self.header.get("relation", "relation")
        stored: dict[int, set[str]] = {}  # household pk → ID numbers of its registered heads
        for chunk in chunked(sorted(registered.values())):
            for household_id, id_number in HouseholdMember.objects.filter(
                household_id__in=chunk, relation=HEAD
            ).values_list("household_id", "id_number"):
                stored.setdefault(household_id, set()).add(id_number)
        file_ids = grouped.file_ids
        for number, house in grouped.households.items():
            if number in grouped.incomplete:
                continue  # a refused row of it may be its head: that error is enough
            pk = registered.get(number)
            kept = {i for i in stored.get(pk, ()) if file_ids.get(i) != number} if pk else set()
            if house.head_row is not None:
                if kept:
                    code, row = "household_head_kept", house.head_row
                else:
                    continue
            elif kept:
                continue
            elif pk is not None and pk not in stored:
                # registered without a head already: the file changes nothing there (the
                # weekly duplicates check reports such a household)
                continue
            else:
                code = "household_head_left" if pk in stored else "household_no_head"
                row = house.first_row
            self.errors.append(
                CellError(
                    row,
                    relation_col,
                    "",
                    code,
                    "",
                    {"household": number, "head": HEAD, "choices_of": choices_ref(Relation)},
                )
            )

    def latest_incomes(self, registered: dict[str, StoredHousehold]) -> dict[int, StoredIncome]:
        """Household pk → its latest income up to this year. An exported file gives that one,
        so that it imports back unchanged in a later year."""
        incomes: dict[int, StoredIncome] = {}
        for chunk in chunked([old.pk for old in registered.values()]):
            for pk, household_id, income_year, per_capita in (
                HouseholdIncome.objects.filter(household_id__in=chunk, year__lte=self.today.year)
                .order_by("household_id", "year")
                .values_list("pk", "household_id", "year", "per_capita")
            ):
                incomes[household_id] = StoredIncome(pk, household_id, income_year, per_capita)
        return incomes

    # -- the writes ----------------------------------------------------------------------------

    def plan_households(
        self,
        households: dict[str, HouseholdDraft],
        placed: dict[str, Placed],
        registered: dict[str, StoredHousehold],
    ) -> HouseholdWrites:
        """The households to add, move or give another status, within the user's reach."""
        writes = HouseholdWrites()
        may_add, may_change = self._reach()
        for number, house in households.items():
            place = placed.get(number)
            if place is None:
                continue
            old = registered.get(number)
            if old is None:
                if not may_add({"program": place.program_id, "region": house.village_code}):
                    writes.out_of_scope[number] = house.village_code
                    continue
                self._add_household(number, house, place, writes)
                continue
            if not may_change({"program": old.program_id, "region": old.village_code}) or (
                old.village_id != place.village_id
                and not may_change({"program": old.program_id, "region": house.village_code})
            ):
                # one the user may not change, or moved out of the user's reach
                writes.out_of_scope[number] = house.village_code
            self._change_household(house, place, old, writes)
            writes.house_pks[number] = old.pk
        return writes

    def _reach(self) -> tuple[Callable[[dict[str, Any]], bool], Callable[[dict[str, Any]], bool]]:
        """Whether the importing user may add, and may change, a household of given scope."""
        if self.user is None:  # the system
            return (lambda values: True), (lambda values: True)
        return (
            access_check(Household, self.user, Action.ADD),
            access_check(Household, self.user, Action.CHANGE),
        )

    def _add_household(
        self, number: str, house: HouseholdDraft, place: Placed, writes: HouseholdWrites
    ) -> None:
        """Plan a new household; one whose village no pairing covers is refused."""
        if place.program_id is None:
            self.errors.append(
                CellError(
                    house.first_row,
                    self.village_col,
                    house.village_code,
                    "no_pairing",
                    "No pairing.",
                    {"value": house.village_code},
                )
            )
            return
        writes.creates.append(
            HouseholdCreate(
                number, place.program_id, place.village_id, house.status, self.today, house.phone
            )
        )
        writes.house_pks[number] = None

    def _change_household(
        self, house: HouseholdDraft, place: Placed, old: StoredHousehold, writes: HouseholdWrites
    ) -> None:
        """Plan the move or new status of a registered household (kept in its status history)."""
        new_status = old.status != house.status
        if new_status:
            writes.status_changes.append(
                StatusChange(old.pk, old.status, old.status_since, house.status)
            )
        if old.village_id != place.village_id or new_status:
            writes.updates.append(
                HouseholdUpdate(
                    old.pk, place.village_id, house.status, self.today if new_status else None
                )
            )

    def plan_members(self, persons: list[PersonRow], writes: HouseholdWrites, plan: Plan) -> None:
        """Persons to add (plan.creates: their rows) and to change (plan.updates); an ID number
        registered in another household is refused.

        Registered persons are compared as they stream in (not held: a million of them would
        double the memory of a re-import).
        """
        has_phone = "phone" in self.header
        house_pks = writes.house_pks
        known: set[str] = set()
        elsewhere: list[ElsewhereId] = []
        by_id = {row.id_parts[0]: row for row in persons}
        with fastinsert.key_table(by_id) as keys:
            stored_people = HouseholdMember.objects.filter(
                id_number__in=fastinsert.keys_in(keys)
            ).values_list(
                "id_number",
                "pk",
                "household__number",
                "household_id",
                "name",
                "relation",
                "birth_date",
                "sex",
                "phone",
            )
            for id_number, pk, number, household_id, *stored in fastinsert.stream(stored_people):
                row = by_id[id_number]
                known.add(id_number)
                if number != row.household_no:
                    elsewhere.append(ElsewhereId(row.row, id_number, number, household_id))
                    continue
                if row.household_no not in house_pks:
                    continue
                registered = MemberUpdate(pk, *stored)
                _number, born, sex = row.id_parts
                phone = (row.phone or "") if has_phone else registered.phone
                wanted = MemberUpdate(pk, row.name, row.relation, born, sex, phone)
                if wanted != registered:
                    plan.updates.append(wanted)  # type: ignore[arg-type]  # rows, not records
                    writes.updated_households.add(household_id)
                else:
                    plan.unchanged += 1
        del by_id
        self.errors.extend(self._elsewhere(elsewhere))
        plan.creates = [
            row for row in persons if row.household_no in house_pks and row.id_parts[0] not in known
        ]

    def _elsewhere(self, found: list[ElsewhereId]) -> list[CellError]:
        """Errors for ID numbers registered in another household: it is named only when the
        importing user may see it; else the number "cannot be used" (no household, no region:
        nothing of a record beyond the user's reach is told)."""
        if not found:
            return []
        id_col = self.header["id_number"]
        q = access_filter(Household, self.user, Action.VIEW) if self.user is not None else Q()
        seen: set[int] = set()
        if q is not None:
            pks = sorted({f.household_id for f in found})
            for chunk in chunked(pks):
                seen.update(Household.objects.filter(q, pk__in=chunk).values_list("pk", flat=True))
        errors = []
        for f in found:
            if f.household_id in seen:
                errors.append(
                    CellError(
                        f.row,
                        id_col,
                        f.id_number,
                        "id_elsewhere",
                        "",
                        {"household": f.household_no},
                    )
                )
            else:
                errors.append(CellError(f.row, id_col, f.id_number, "id_unusable", "", {}))
        return errors

    def plan_incomes(
        self,
        households: dict[str, HouseholdDraft],
        incomes: dict[int, StoredIncome],
        writes: HouseholdWrites,
    ) -> None:
        """This year's income per head, one record per household, where the file gives one that
        is not the latest registered."""
        year = self.today.year
        for number, pk in writes.house_pks.items():
            house = households[number]
            per_capita: Decimal | None = house.income
            if per_capita is None:
                continue
            income = incomes.get(pk) if pk is not None else None
            if income is not None and income.per_capita == per_capita:
                continue  # the latest income stands
            total = per_capita * house.members
            if income is None or income.year != year:
                writes.income_creates.append(
                    IncomeCreate(number, year, house.members, total, per_capita)
                )
            else:
                writes.income_updates.append(
                    IncomeUpdate(income.pk, income.household_id, per_capita, house.members, total)
                )

    def refuse_out_of_scope(
        self,
        households: dict[str, HouseholdDraft],
        writes: HouseholdWrites,
        member_creates: list[PersonRow],
    ) -> None:
        """Refuse the households the user may not add or change where the file would write
        them (here, not after writing: the preview says so too)."""
        if not writes.out_of_scope:
            return
        house_pks = writes.house_pks
        written = {u.pk for u in writes.updates} | writes.updated_households
        written |= {house_pks.get(row.household_no) for row in member_creates}
        written |= {i.household_id for i in writes.income_updates}
        written_numbers = {i.number for i in writes.income_creates}
        for number, code in writes.out_of_scope.items():
            pk = house_pks.get(number)
            if pk is None or pk in written or number in written_numbers:
                self.errors.append(
                    CellError(
                        households[number].first_row,
                        self.village_col,
                        code,
                        "out_of_scope",
                        "Out of scope.",
                        {"value": code},
                    )
                )
