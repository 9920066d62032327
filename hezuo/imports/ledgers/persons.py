"""The ``persons`` ledger: one row per person; ``household_no`` groups rows into households.

The household's village, status and income per head are repeated on each of its rows; rows of
one household that disagree are an error. Persons are matched by ID number, households by
number. Validation is done here in bulk (one query per few thousand rows), not per row through
``full_clean()``, which asks the database about every ID number: that is what makes a hundred
thousand rows a matter of seconds. The rules are the model's: the GB 11643 ID number with the
birth date and sex read from it, one household per ID number, one head per household.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

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
from hezuo.base.access import access_check, access_filter, mask_value
from hezuo.core import tabular
from hezuo.core.access import Action
from hezuo.core.tabular import CellError, ValueProblem
from hezuo.regions.choices import ProgramKind, RegionLevel
from hezuo.regions.models import Program, Region

from .. import fastinsert
from .base import BATCH, Column, Ledger, Plan, choices_ref, chunked, memoised

#: A refused cell (its error is reported) in a parsed row.
BAD: Any = type("Bad", (), {"__repr__": lambda self: "BAD"})()
# Positions in a parsed row (PersonLedger.parse) and in a household's list (plan).
R_ROW, R_HOUSE, R_ID, R_NAME, R_RELATION, R_VILLAGE, R_STATUS, R_INCOME, R_PHONE = range(9)
H_ROW, H_VILLAGE, H_STATUS, H_INCOME, H_PHONE, H_MEMBERS, H_HEAD = range(7)


def _value(value: Any) -> Any:
    return None if value is BAD else value


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


def _prefix(code: str) -> str:
    """The part of a GB/T 2260 code its descendants share (440300 → 4403, 440000 → 44)."""
    if len(code) == 6:
        return code.rstrip("0")[:6] if code[2:] != "0000" else code[:2]
    return code


class PersonLedger(Ledger):
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
        """Normalise every cell; return one compact tuple per row that has any value.

        A tuple holds (row number, household number, (ID number, birth date, sex), name,
        relation, village code, status, income per head, phone); a cell that was refused (its
        error reported) is BAD, an absent optional column None. No per-row dict or object: a
        million rows must stay well under the memory budget.
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

        def one_by_one(number: int, cells: list[Any]) -> tuple[Any, ...]:
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
            return tuple(out)

        # The fast path: a whole row in one expression; any refusal or empty required cell
        # sends the row through one_by_one, which reports each of its problems.
        slots = [(i or 0, p if i is not None else _absent) for i, _h, p, _r in parsers]
        (i0, p0), (i1, p1), (i2, p2), (i3, p3), (i4, p4), (i5, p5), (i6, p6), (i7, p7) = slots
        width = max(i for i, _p in slots) + 1
        parsed: list[Any] = []
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
                    row = (
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
                    if row[1] and row[2] is not None and row[3] and row[4] and row[5] and row[6]:
                        append(row)
                        continue
            append(one_by_one(number, cells))
        return parsed

    # -- planning ------------------------------------------------------------------------------

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

    def _reach(self) -> tuple[Callable[[dict[str, Any]], bool], Callable[[dict[str, Any]], bool]]:
        """Whether the importing user may add, and may change, a household of given scope."""
        if self.user is None:  # the system
            return (lambda values: True), (lambda values: True)
        return (
            access_check(Household, self.user, Action.ADD),
            access_check(Household, self.user, Action.CHANGE),
        )

    def plan(self, rows: list[Any], header: dict[str, str], errors: list[CellError]) -> Plan:
        plan = Plan()
        self._file_ids: dict[str, str] = {}  # ID number → household number, of the file's rows
        has_phone = "phone" in header
        # household number → [first row, village, status, income, phone, members, head row]
        households: dict[str, list[Any]] = {}
        seen: dict[str, int] = {}
        persons: list[Any] = []
        head = str(Relation.HEAD)
        checked = (
            (R_VILLAGE, H_VILLAGE, "village_code"),
            (R_STATUS, H_STATUS, "status"),
            (R_INCOME, H_INCOME, "income_per_capita"),
        )
        # village codes that disagree with the household's first row: (row, code, first row,
        # first code), reported once it is known whether the code itself exists
        other_villages: list[tuple[int, str, int, Any]] = []
        incomplete: set[str] = set()  # households with a row refused before it was placed
        status_ref = choices_ref(HouseholdStatus)

        def disagrees(number: int, code: str, value: Any, other: int, first: Any) -> CellError:
            params = {"other": other, "field": header.get(code, code), "first": str(first or "")}
            if code == "status":
                params["choices_of"] = status_ref  # the status shown by its label
            return CellError(
                number, header.get(code, code), str(value or ""), "household_disagrees", "", params
            )

        for row in rows:
            number, parsed, name, relation = row[R_HOUSE], row[R_ID], row[R_NAME], row[R_RELATION]
            if (
                number is BAD
                or not number
                or parsed is BAD
                or parsed is None
                or name is BAD
                or not name
                or relation is BAD
                or not relation
            ):
                if number and number is not BAD:
                    incomplete.add(number)  # its head may be this row: no "no head" error
                continue
            house = households.get(number)
            if house is None:
                # a refused first value stays BAD: the rows after it are not said to disagree
                house = households[number] = [
                    row[R_ROW],
                    row[R_VILLAGE],
                    row[R_STATUS],
                    row[R_INCOME],
                    "",
                    0,
                    None,
                ]
            elif (row[R_VILLAGE], row[R_STATUS], row[R_INCOME]) != (
                house[H_VILLAGE],
                house[H_STATUS],
                house[H_INCOME],
            ):
                for r, h, code in checked:
                    value = row[r]
                    if value is BAD or house[h] is BAD or value == house[h]:
                        continue
                    if r == R_VILLAGE and value:
                        # whether the code itself exists is said first (after the look-up)
                        other_villages.append((row[R_ROW], value, house[H_ROW], house[h]))
                        continue
                    errors.append(disagrees(row[R_ROW], code, value, house[H_ROW], house[h]))
            id_number = parsed[0]
            other = seen.setdefault(id_number, row[R_ROW])
            if other != row[R_ROW]:
                errors.append(
                    CellError(
                        row[R_ROW],
                        header["id_number"],
                        id_number,
                        "duplicate",
                        "Duplicate.",
                        {"other": other, "key": header["id_number"]},
                    )
                )
                continue
            if relation == head:
                if house[H_HEAD] is not None:
                    errors.append(
                        CellError(
                            row[R_ROW],
                            header["relation"],
                            str(relation),
                            "household_two_heads",
                            "Two heads.",
                            {"other": house[H_HEAD]},
                        )
                    )
                house[H_HEAD] = row[R_ROW]
                phone = row[R_PHONE]
                house[H_PHONE] = (phone if phone is not BAD else None) or house[H_PHONE]
            house[H_MEMBERS] += 1
            persons.append(row)
            self._file_ids[id_number] = number
        del seen
        for house in households.values():
            for h in (H_VILLAGE, H_STATUS, H_INCOME):
                if house[h] is BAD:
                    house[h] = None

        # Villages and the pairing that covers each.
        village_codes = {h[H_VILLAGE] for h in households.values() if h[H_VILLAGE]}
        village_codes |= {code for _r, code, _o, _f in other_villages}
        villages: dict[str, tuple[int, str]] = {}
        for chunk in chunked(sorted(village_codes)):
            for pk, code, level in Region.objects.filter(code__in=chunk).values_list(
                "pk", "code", "level"
            ):
                villages[code] = (pk, level)
        pairings = self._pairings()
        village_col = header.get("village_code", "village_code")
        for number, code, other, first in other_villages:
            found = villages.get(code)
            if found is None:
                problem = "unknown_region"
            elif found[1] != RegionLevel.VILLAGE:
                problem = "not_village"
            else:
                errors.append(disagrees(number, "village_code", code, other, first))
                continue
            errors.append(CellError(number, village_col, code, problem, "", {"value": code}))
        placed: dict[str, tuple[int, int | None]] = {}  # number → (village id, program id)
        for number, house in households.items():
            code = house[H_VILLAGE]
            if not code:
                continue
            found = villages.get(code)
            if found is None:
                errors.append(
                    CellError(
                        house[H_ROW],
                        village_col,
                        code,
                        "unknown_region",
                        "Unknown.",
                        {"value": code},
                    )
                )
                continue
            if found[1] != RegionLevel.VILLAGE:
                errors.append(
                    CellError(
                        house[H_ROW],
                        village_col,
                        code,
                        "not_village",
                        "Not a village.",
                        {"value": code},
                    )
                )
                continue
            program = next((p for prefix, p in pairings if code.startswith(prefix)), None)
            placed[number] = (found[0], program)

        # Existing households and persons: one join each through a table of the keys.
        # number → (pk, village id, status, status since, program id, village code)
        existing_houses: dict[str, tuple[int, int, str, Any, int, str]] = {}
        with fastinsert.key_table(households) as keys:
            for pk, number, *stored in fastinsert.stream(
                Household.objects.filter(number__in=fastinsert.keys_in(keys)).values_list(
                    "pk",
                    "number",
                    "village_id",
                    "status",
                    "status_since",
                    "program_id",
                    "village__code",
                )
            ):
                existing_houses[number] = (pk, *stored)
        self._check_heads(
            households,
            incomplete,
            {number: old[0] for number, old in existing_houses.items()},
            header,
            errors,
        )
        year = timezone.localdate().year
        # The latest income of each household up to this year: (pk, year, per head). An
        # exported file gives that one, so that it imports back unchanged in a later year.
        incomes: dict[int, tuple[int, int, Decimal]] = {}
        for chunk in chunked([h[0] for h in existing_houses.values()]):
            for pk, household_id, income_year, stored in (
                HouseholdIncome.objects.filter(household_id__in=chunk, year__lte=year)
                .order_by("household_id", "year")
                .values_list("pk", "household_id", "year", "per_capita")
            ):
                incomes[household_id] = (pk, income_year, stored)

        today = timezone.localdate()
        house_creates: list[tuple[Any, ...]] = []
        house_updates: list[tuple[Any, ...]] = []
        status_changes: list[tuple[int, str, Any, str]] = []  # (pk, old status, since, new)
        house_pks: dict[str, int | None] = {}  # None: created by this import
        may_add, may_change = self._reach()
        # what the user may not add or change: row numbers by household (refused if written)
        out_of_scope: dict[str, str] = {}
        for number, house in households.items():
            if number not in placed:
                continue
            village_id, program_id = placed[number]
            old = existing_houses.get(number)
            if old is None or not may_change({"program": old[4], "region": old[5]}):
                # a new household, or one the user may not change: it must be within reach
                if old is not None or not may_add(
                    {"program": program_id, "region": house[H_VILLAGE]}
                ):
                    out_of_scope[number] = house[H_VILLAGE]
                    if old is None:
                        continue
            if old is None:
                if program_id is None:
                    errors.append(
                        CellError(
                            house[H_ROW],
                            village_col,
                            house[H_VILLAGE],
                            "no_pairing",
                            "No pairing.",
                            {"value": house[H_VILLAGE]},
                        )
                    )
                    continue
                house_creates.append(
                    (number, program_id, village_id, house[H_STATUS], today, house[H_PHONE])
                )
                house_pks[number] = None
                continue
            pk, old_village, old_status, old_since = old[:4]
            if old_village != village_id and not may_change(
                {"program": old[4], "region": house[H_VILLAGE]}
            ):
                out_of_scope[number] = house[H_VILLAGE]  # moved out of the user's reach
            if old_status != house[H_STATUS]:
                status_changes.append((pk, old_status, old_since, house[H_STATUS]))
            if old_village != village_id or old_status != house[H_STATUS]:
                house_updates.append(
                    (
                        pk,
                        village_id,
                        house[H_STATUS],
                        today if old_status != house[H_STATUS] else None,
                    )
                )
            house_pks[number] = pk

        # Persons already registered, compared as they stream in (not held: a million of them
        # would double the memory of a re-import).
        member_updates: list[tuple[Any, ...]] = []
        updated_households: set[int] = set()
        known: set[str] = set()
        elsewhere: list[tuple[int, str, str, int]] = []  # (row, ID number, household, its pk)
        by_id = {row[R_ID][0]: row for row in persons}
        id_col = header["id_number"]
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
                if number != row[R_HOUSE]:
                    elsewhere.append((row[R_ROW], id_number, number, household_id))
                    continue
                if row[R_HOUSE] not in house_pks:
                    continue
                _number, born, sex = row[R_ID]
                phone = (row[R_PHONE] or "") if has_phone else stored[4]
                wanted = (row[R_NAME], row[R_RELATION], born, sex, phone)
                if tuple(stored) != wanted:
                    member_updates.append((pk, *wanted))
                    updated_households.add(household_id)
                else:
                    plan.unchanged += 1
        del by_id
        errors.extend(self._elsewhere(elsewhere, id_col))
        member_creates = [
            row for row in persons if row[R_HOUSE] in house_pks and row[R_ID][0] not in known
        ]
        del known
        plan.creates = member_creates
        plan.updates = member_updates

        # Income per head of this year, one record per household.
        income_creates: list[tuple[Any, ...]] = []
        income_updates: list[tuple[Any, ...]] = []
        for number, pk in house_pks.items():
            house = households[number]
            per_capita: Decimal | None = house[H_INCOME]
            if per_capita is None:
                continue
            income = incomes.get(pk) if pk is not None else None
            total = per_capita * house[H_MEMBERS]
            if income is not None and income[2] == per_capita:
                continue  # the latest income stands
            if income is None or income[1] != year:
                income_creates.append((number, year, house[H_MEMBERS], total, per_capita))
            else:
                income_updates.append((income[0], per_capita, house[H_MEMBERS], total))

        # Households the user may not add or change, refused where the file would write them
        # (here, not after writing: the preview says so too).
        if out_of_scope:
            written = {h[0] for h in house_updates} | updated_households
            written |= {house_pks.get(row[R_HOUSE]) for row in member_creates}
            written |= {i[0] for i in income_updates}
            written_numbers = {i[0] for i in income_creates}
            for number, code in out_of_scope.items():
                pk = house_pks.get(number)
                if pk is None or pk in written or number in written_numbers:
                    errors.append(
                        CellError(
                            households[number][H_ROW],
                            village_col,
                            code,
                            "out_of_scope",
                            "Out of scope.",
                            {"value": code},
                        )
                    )
        plan.extra = {
            "house_pks": house_pks,
            "house_creates": house_creates,
            "house_updates": house_updates,
            "income_creates": income_creates,
            "income_updates": income_updates,
            "updated_households": updated_households,
            "status_changes": status_changes,
        }
        return plan

    def _elsewhere(self, found: list[tuple[int, str, str, int]], id_col: str) -> list[CellError]:
        """Errors for ID numbers registered in another household: it is named only when the
        importing user may see it; else the number "cannot be used" (no household, no region:
        nothing of a record beyond the user's reach is told)."""
        if not found:
            return []
        q = access_filter(Household, self.user, Action.VIEW) if self.user is not None else Q()
        seen: set[int] = set()
        if q is not None:
            pks = sorted({f[3] for f in found})
            for chunk in chunked(pks):
                seen.update(Household.objects.filter(q, pk__in=chunk).values_list("pk", flat=True))
        errors = []
        for row, id_number, number, household_id in found:
            if household_id in seen:
                errors.append(
                    CellError(row, id_col, id_number, "id_elsewhere", "", {"household": number})
                )
            else:
                errors.append(CellError(row, id_col, id_number, "id_unusable", "", {}))
        return errors

    def _check_heads(
        self,
        households: dict[str, list[Any]],
        incomplete: set[str],
        registered: dict[str, int],
        header: dict[str, str],
        errors: list[CellError],
    ) -> None:
        """Each household ends with exactly one head, as the model's rule says (two in the
        file are refused as they come): one the file adds must name it; of one registered, the
        heads after the import are the file's and the registered heads the file does not list.
        """
        head = str(Relation.HEAD)
        relation_col = header.get("relation", "relation")
        stored: dict[int, set[str]] = {}  # household pk → ID numbers of its registered heads
        for chunk in chunked(sorted(registered.values())):
            for household_id, id_number in HouseholdMember.objects.filter(
                household_id__in=chunk, relation=head
            ).values_list("household_id", "id_number"):
                stored.setdefault(household_id, set()).add(id_number)
        file_ids = self._file_ids
        for number, house in households.items():
            if number in incomplete:
                continue  # a refused row of it may be its head: that error is enough
            pk = registered.get(number)
            kept = {i for i in stored.get(pk, ()) if file_ids.get(i) != number} if pk else set()
            if house[H_HEAD] is not None:
                if kept:
                    code, row = "household_head_kept", house[H_HEAD]
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
                row = house[H_ROW]
            errors.append(
                CellError(
                    row,
                    relation_col,
                    "",
                    code,
                    "",
                    {"household": number, "head": head, "choices_of": choices_ref(Relation)},
                )
            )

    def write(self, plan: Plan, *, user: Any, reason: str) -> None:
        extra = plan.extra
        common = {"user": user, "reason": reason}
        house_pks: dict[str, int | None] = extra["house_pks"]
        creates = extra["house_creates"]
        new = fastinsert.insert_rows(
            Household,
            ["number", "program_id", "village_id", "status", "status_since", "phone"],
            creates,
            **common,
        )
        for house, pk in zip(creates, new, strict=True):
            house_pks[house[0]] = pk
        extra["new_house_pks"] = new
        moved = [h for h in extra["house_updates"] if h[3] is None]
        fastinsert.update_rows(
            Household, ["village_id", "status"], [h[:3] for h in moved], **common
        )
        fastinsert.update_rows(
            Household,
            ["village_id", "status", "status_since"],
            [h for h in extra["house_updates"] if h[3] is not None],
            **common,
        )
        self._write_status_changes(extra["status_changes"], **common)
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
                    house_pks[row[R_HOUSE]],
                    row[R_NAME],
                    row[R_ID][0],
                    row[R_RELATION],
                    row[R_ID][1],
                    row[R_ID][2],
                    row[R_PHONE] or "",
                )
                for row in plan.creates
            ],
            progress=step,
            **common,
        )
        fastinsert.update_rows(
            HouseholdMember,
            ["name", "relation", "birth_date", "sex", "phone"],
            plan.updates,
            **common,
        )
        fastinsert.insert_rows(
            HouseholdIncome,
            ["household_id", "year", "members", "total", "per_capita"],
            [(house_pks[i[0]], *i[1:]) for i in extra["income_creates"]],
            **common,
        )
        fastinsert.update_rows(
            HouseholdIncome,
            ["per_capita", "members", "total"],
            extra["income_updates"],
            **common,
        )

    def _write_status_changes(
        self, changes: list[tuple[int, str, Any, str]], *, user: Any, reason: str
    ) -> None:
        """Keep each status set by the file in the household's status history.

        A household without a status history yet first gets an entry for the status it held
        (from its ``status_since``), so that the history still says what it was before.
        """
        if not changes:
            return
        today = timezone.localdate()
        with_history: set[int] = set()
        for chunk in chunked([c[0] for c in changes]):
            with_history.update(
                HouseholdStatusChange.objects.filter(household_id__in=chunk).values_list(
                    "household_id", flat=True
                )
            )
        note = str(_("entered in the register"))
        rows: list[tuple[Any, ...]] = []
        for pk, old_status, old_since, status in changes:
            if pk not in with_history:
                rows.append((pk, old_status, old_since, note))
            rows.append((pk, status, today, reason[:300]))
        fastinsert.insert_rows(
            HouseholdStatusChange,
            ["household_id", "status", "since", "reason"],
            rows,
            user=user,
            reason=reason,
        )

    def written(self, plan: Plan) -> tuple[type[models.Model], list[Any]]:
        extra = plan.extra
        updated = {h[0] for h in extra["house_updates"]} | extra["updated_households"]
        return Household, [*extra.get("new_house_pks", []), *sorted(updated)]

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
        q = access_filter(HouseholdMember, user, Action.PERSONAL) if user is not None else Q()
        unmasked: set[int] | None = None  # None: every record unmasked
        if q is None:
            unmasked = set()
        elif q:
            unmasked = set(HouseholdMember.objects.filter(q).values_list("pk", flat=True))
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
            if unmasked is not None and pk not in unmasked:
                id_number = mask_value("id_number", id_number)
                phone = mask_value("phone", phone) if phone else ""
            yield [number, id_number, name, relation, village, status, latest.get(hid), phone]
