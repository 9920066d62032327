"""Issue 14, item 22: a household's rows in the persons ledger.

A household ends an import with exactly one head (as the model's rule says): a new one whose
rows name none is refused, as two heads are; a registered one may not lose its head nor get a
second. A value wrong in itself (a negative income per head, a village code that does not
exist) is reported as such, not only as disagreeing with the household's first row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from hezuo.assistance.models import Household
from hezuo.imports.ledgers import get_ledger
from hezuo.imports.messages import translate
from hezuo.imports.services import import_file

from .helpers import PERSON_HEADERS, id_number, villages, write_csv

pytestmark = pytest.mark.django_db


def run(tmp_path: Path, rows: list[list[Any]]) -> Any:
    path = write_csv(tmp_path / "p.csv", PERSON_HEADERS, rows)
    admin = get_user_model().objects.get(username="admin")
    with path.open("rb") as stream:
        return import_file(get_ledger("persons"), stream, file_name=path.name, user=admin)


def person(number: str, index: int, relation: str, village: str, income: str = "6000") -> list:  # type: ignore[type-arg]
    return [
        number,
        id_number(index),
        f"测试{index}",
        relation,
        village,
        "registered_poor",
        income,
        "",
    ]


def found(result: Any, lang: str = "zh-hans") -> list[tuple[int, str, str, str]]:
    with translation.override(lang):
        return [(e.row, e.column, e.code, translate(e)) for e in result.errors]


def test_a_new_household_without_a_head_is_refused(tmp_path: Path) -> None:
    village = villages(1)[0]
    rows = [
        person("NOHEAD-1", 901, "spouse", village),
        person("NOHEAD-1", 902, "spouse", village),
        person("NOHEAD-1", 903, "child", village),
    ]
    result = run(tmp_path, rows)
    assert not result.ok
    ((row, column, code, message),) = found(result)
    assert (row, column, code) == (2, "relation", "household_no_head")
    assert "NOHEAD-1" in message and "户主" in message
    assert not Household.objects.filter(number="NOHEAD-1").exists()
    # with its head, the same household is added
    rows[0][3] = "head"
    assert run(tmp_path, rows).ok


def test_a_registered_household_keeps_exactly_one_head(tmp_path: Path) -> None:
    village = villages(1)[0]
    rows = [person("HEADS-1", 911, "head", village), person("HEADS-1", 912, "spouse", village)]
    assert run(tmp_path, rows).ok
    # the head listed again as a spouse, nobody else head: the household would lose its head
    demoted = [rows[0][:3] + ["spouse"] + rows[0][4:], rows[1]]
    assert [(e.row, e.code) for e in run(tmp_path, demoted).errors] == [(2, "household_head_left")]
    # a second head while the registered one (not in the file) stays head
    second = [rows[1][:3] + ["head"] + rows[1][4:]]
    assert [(e.row, e.code) for e in run(tmp_path, second).errors] == [(2, "household_head_kept")]
    # a change of head in one file: the old head made spouse, the spouse made head
    swapped = [demoted[0], second[0]]
    assert run(tmp_path, swapped).ok
    # a file naming only some members of a registered household keeps its head
    assert run(tmp_path, [swapped[0]]).ok


def test_a_negative_income_is_wrong_in_itself(tmp_path: Path) -> None:
    village = villages(1)[0]
    rows = [
        person("INCOME-1", 921, "head", village),
        person("INCOME-1", 922, "spouse", village, income="-500"),
    ]
    result = run(tmp_path, rows)
    assert [(r, c, code) for r, c, code, _m in found(result)] == [
        (3, "income_per_capita", "number_min")
    ]
    assert "不小于 0" in found(result)[0][3]
    # negative in the household's first row: that row only, the others do not "disagree"
    rows = [
        person("INCOME-2", 923, "head", village, income="-500"),
        person("INCOME-2", 924, "spouse", village),
    ]
    assert [(e.row, e.code) for e in run(tmp_path, rows).errors] == [(2, "number_min")]


def test_a_village_code_that_does_not_exist_is_said_so(tmp_path: Path) -> None:
    first, second = villages(2)
    rows = [
        person("VILLAGE-1", 931, "head", first),
        person("VILLAGE-1", 932, "spouse", "520203999999"),
        person("VILLAGE-1", 933, "child", second),
    ]
    result = run(tmp_path, rows)
    shown = found(result)
    assert [(r, c, code) for r, c, code, _m in shown] == [
        (3, "village_code", "unknown_region"),
        (4, "village_code", "household_disagrees"),  # a real village, but another one
    ]
    assert "520203999999" in shown[0][3]


def test_a_disagreeing_status_is_named_by_its_label(tmp_path: Path) -> None:
    village = villages(1)[0]
    rows = [person("STATUS-1", 941, "head", village), person("STATUS-1", 942, "spouse", village)]
    rows[1][5] = "lifted"
    ((_row, _column, code, message),) = found(run(tmp_path, rows))
    assert code == "household_disagrees"
    assert "建档立卡贫困户" in message and "registered_poor" not in message
