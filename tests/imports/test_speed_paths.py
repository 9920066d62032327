"""The fast paths of the persons import behave exactly as the slow ones did.

The ID number fast path against the full check, the per-column parsers against the generic
normaliser, set-based writes with their history rows (creation "+" and change "~", the user,
the reason, the version), and a number of queries that does not grow with the file (a query per
chunk of rows is what made the first bulk path superlinear).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hezuo.assistance.models import Household, HouseholdIncome, HouseholdMember
from hezuo.core import tabular
from hezuo.core.tabular import ValueProblem
from hezuo.imports import fastinsert
from hezuo.imports.ledgers import get_ledger
from hezuo.imports.ledgers.base import normalise
from hezuo.imports.services import import_file

from .helpers import PERSON_HEADERS, id_number, person_rows, write_csv

pytestmark = pytest.mark.django_db


def _outcome(function, value):
    try:
        return ("ok", function(value))
    except ValueProblem as problem:
        return ("refused", problem.code)


ID_CELLS = [
    id_number(5),
    id_number(7).lower(),
    " " + id_number(8) + " ",
    id_number(9).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"}),
    id_number(5)[:17] + ("1" if id_number(5)[17] != "1" else "2"),  # wrong check digit
    "520203198002300013",  # 30 February
    "999999198001010011",  # unknown region
    id_number(5)[:17],  # lost its last character
    "5.20203198001011E+17",
    5.20203198001011e17,
    "52020319800101",
    "52020319800101001Y",
    "５２０２０３１９８００１０１００５Ｘ",
]


@pytest.mark.parametrize("cell", ID_CELLS)
def test_id_fast_path_agrees_with_the_full_check(cell) -> None:
    fast = _outcome(tabular.id_number_parts, cell)
    slow = _outcome(tabular.parse_id_number, cell)
    if slow[0] == "ok":
        parsed = slow[1]
        slow = ("ok", (parsed.number, parsed.birth_date, parsed.sex))
    assert fast == slow


def test_id_fast_path_agrees_with_stdnum() -> None:
    from hezuo.core.validators import validate_resident_id

    for index in range(200):
        code = id_number(index, born=f"19{50 + index % 40}{1 + index % 12:02d}{1 + index % 28:02d}")
        number, born, sex = tabular.id_number_parts(code)
        reference = validate_resident_id(code)
        assert (number, born, sex) == (reference.number, reference.birth_date, reference.sex)


@pytest.mark.parametrize(
    ("code", "cells"),
    [
        ("household_no", ["ab 12", "ＡＢ１２", "", None, "x" * 31, 3.0]),
        ("name", [" 张三 ", "Ｔｏｍ", "", "n" * 101, 12.0]),
        ("relation", ["head", "HEAD", "户主", "boss", "", None, "head"]),
        ("status", ["lifted", "监测户", "", "Lifted", "lifted"]),
        (
            "income_per_capita",
            ["6500.5", "６５００.５", "1,234.50", "¥12", "abc", "1.234", "", 3.5],
        ),
        ("phone", ["", "138 0000", "p" * 41]),
    ],
)
def test_column_parsers_agree_with_the_normaliser(code: str, cells: list) -> None:  # type: ignore[type-arg]
    column = get_ledger("persons").column(code)
    parse = column.parser()
    aliases = column.choice_aliases() if column.kind == "choice" else None
    for cell in cells:  # twice: the second time from the memo
        for _ in range(2):
            assert _outcome(parse, cell) == _outcome(
                lambda c: normalise(column, c, aliases), cell
            ), cell


def _admin():
    return get_user_model().objects.get(username="admin")


def _run(path: Path):
    with path.open("rb") as stream:
        return import_file(get_ledger("persons"), stream, file_name=path.name, user=_admin())


def test_insert_rows_returns_keys_in_order_and_writes_history() -> None:
    from hezuo.regions.models import Program, Region

    program = Program.objects.filter(kind="pairing").first()
    village = Region.objects.filter(level="village", code__startswith="5202").first()
    today = timezone.localdate()
    rows = [(f"FAST{i:04d}", program.pk, village.pk, "lifted", today, "") for i in range(7)]
    pks = fastinsert.insert_rows(
        Household,
        ["number", "program_id", "village_id", "status", "status_since", "phone"],
        rows,
        user=_admin(),
        reason="fast test",
    )
    assert [Household.objects.get(pk=pk).number for pk in pks] == [r[0] for r in rows]
    house = Household.objects.get(pk=pks[3])
    assert house.version == 1 and house.water_secure is True and house.created is not None
    history = house.history.get()
    assert history.history_type == "+" and history.history_change_reason == "fast test"
    assert history.history_user == _admin() and history.number == "FAST0003"
    assert history.status_since == today

    fastinsert.update_rows(
        Household, ["status", "phone"], [(pks[3], "monitored", "1380")], user=_admin(), reason="r"
    )
    house.refresh_from_db()
    assert (house.status, house.phone, house.version) == ("monitored", "1380", 2)
    changed = house.history.order_by("-history_id").first()
    assert changed.history_type == "~" and changed.status == "monitored" and changed.version == 2
    assert Household.objects.get(pk=pks[2]).version == 1  # the others untouched


def test_changes_update_records_with_history(tmp_path: Path) -> None:
    rows = person_rows(2, 3, start=400)
    assert _run(write_csv(tmp_path / "a.csv", PERSON_HEADERS, rows)).ok
    house = Household.objects.get(number="TEST00400")
    head = house.members.get(relation="head")
    income = house.incomes.get()
    rows[0][2] = "新名字"  # the head's name
    rows[0][7] = "13999999999"  # the head's phone
    for row in rows[:3]:  # the first household: a new status and income
        row[5] = "lifted"
        row[6] = "7000.00"
    result = _run(write_csv(tmp_path / "b.csv", PERSON_HEADERS, rows))
    assert result.ok, [e.as_dict() for e in result.errors]
    assert (result.created, result.updated, result.unchanged) == (0, 1, 5)
    head.refresh_from_db()
    assert (head.name, head.phone, head.version) == ("新名字", "13999999999", 2)
    assert [h.history_type for h in head.history.order_by("history_id")] == ["+", "~"]
    house.refresh_from_db()
    assert (house.status, house.status_since, house.version) == (
        "lifted",
        timezone.localdate(),
        2,
    )
    assert house.history.count() == 2
    income.refresh_from_db()
    assert income.per_capita == Decimal("7000.00") and income.total == Decimal("21000.00")
    assert income.history.order_by("-history_id").first().per_capita == Decimal("7000.00")
    other = HouseholdMember.objects.get(id_number=rows[4][1])
    assert other.version == 1 and other.history.count() == 1  # unchanged: no history row


def test_queries_do_not_grow_with_the_file(tmp_path: Path) -> None:
    counts = []
    for households, start in ((100, 1000), (1000, 3000)):
        path = write_csv(
            tmp_path / f"{households}.csv", PERSON_HEADERS, person_rows(households, 4, start)
        )
        with CaptureQueriesContext(connection) as queries:
            result = _run(path)
        assert result.ok and result.created == households * 4
        counts.append(len(queries))
    assert counts[1] <= counts[0] + 2, counts  # 10× the rows, (almost) the same queries
    assert HouseholdIncome.objects.filter(household__number__startswith="TEST").count() == 1100


def test_awkward_text_is_written_as_is(tmp_path: Path) -> None:
    rows = person_rows(1, 3, start=500)
    rows[0][2] = "a\\b\tc"  # a backslash and a tab (COPY's escape and delimiter)
    rows[1][2] = "x\ny\r\nz \\N"  # line breaks, and what COPY reads as NULL
    rows[2][2] = "\\."  # COPY's end-of-data marker
    assert _run(write_csv(tmp_path / "odd.csv", PERSON_HEADERS, rows)).ok
    for row in rows:
        member = HouseholdMember.objects.get(id_number=row[1])
        assert member.name == row[2]
        assert member.history.get().name == row[2]


def test_xlsx_rows_are_written_as_the_cell_writer_writes_them() -> None:
    import datetime

    row = ["a&b", "", None, "中文<", 1, 2.5, Decimal("3.10"), True, datetime.date(2020, 1, 1)]
    row += ["x\x01y", "plain", 'q"', "张三"]
    assert tabular._row_xml(row) == "<row>" + "".join(map(tabular._cell, row)) + "</row>"
