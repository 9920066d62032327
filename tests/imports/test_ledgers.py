"""Imports and exports through the services and the command line, on the test world."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import translation

from hezuo.accounts.models import AuditEntry
from hezuo.assistance.models import Household, HouseholdIncome, HouseholdMember
from hezuo.imports.ledgers import LEDGERS, get_ledger
from hezuo.imports.messages import translate
from hezuo.imports.services import export_file, import_file

from .helpers import (
    PERSON_HEADERS,
    checksum,
    id_number,
    person_rows,
    villages,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db

PERSON_MODELS = (Household, HouseholdMember, HouseholdIncome)


def run(path: Path, ledger: str = "persons", user=None, dry_run=False):
    from django.contrib.auth import get_user_model

    user = user or get_user_model().objects.get(username="admin")
    with path.open("rb") as stream:
        return import_file(
            get_ledger(ledger), stream, file_name=path.name, user=user, dry_run=dry_run
        )


def test_persons_import_creates_households_members_and_incomes(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", PERSON_HEADERS, person_rows(3, 3))
    preview = run(path, dry_run=True)
    assert preview.ok, [e.as_dict() for e in preview.errors]
    assert (preview.created, preview.updated, preview.unchanged) == (9, 0, 0)
    assert not Household.objects.filter(
        number__startswith="TEST"
    ).exists()  # a preview writes nothing
    result = run(path)
    assert result.ok and result.created == 9
    households = Household.objects.filter(number__startswith="TEST")
    assert households.count() == 3
    house = households.get(number="TEST00000")
    assert house.members.count() == 3
    head = house.members.get(relation="head")
    assert head.birth_date.year == 1970 and head.sex in ("M", "F")
    assert house.incomes.get().per_capita == pytest.approx(6500.50)
    assert head.history.first().history_change_reason.startswith("import persons")
    assert AuditEntry.objects.filter(action="import", detail__ledger="persons").exists()


def test_reimport_is_idempotent_and_a_change_is_in_history(tmp_path: Path) -> None:
    rows = person_rows(2, 3)
    path = write_xlsx(tmp_path / "p.xlsx", PERSON_HEADERS, rows)
    assert run(path).ok
    before = checksum(*PERSON_MODELS)
    again = run(path)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert checksum(*PERSON_MODELS) == before
    rows[1][2] = "改名"
    changed = run(write_xlsx(tmp_path / "q.xlsx", PERSON_HEADERS, rows))
    assert changed.ok and (changed.created, changed.updated, changed.unchanged) == (0, 1, 5)
    member = HouseholdMember.objects.get(id_number=rows[1][1])
    assert member.name == "改名" and member.version == 2
    assert [h.name for h in member.history.order_by("history_date")] == ["测试1", "改名"]


def test_file_with_errors_changes_nothing_and_reports_every_error(tmp_path: Path) -> None:
    assert run(write_xlsx(tmp_path / "a.xlsx", PERSON_HEADERS, person_rows(2, 2))).ok
    before = checksum(*PERSON_MODELS)
    rows = person_rows(4, 2, start=10)
    rows[0][1] = 5.20203198001011e17  # Excel made a number of it
    rows[1][1] = rows[2][1]  # the same person twice
    rows[3][4] = villages(2)[1] if rows[2][4] != villages(2)[1] else villages(2)[0]  # disagrees
    rows[4][6] = "abc"  # not a number
    rows[5][3] = "boss"  # no such relation
    rows[6][1] = rows[6][1][:17]  # lost its X (or last digit)
    result = run(write_xlsx(tmp_path / "b.xlsx", PERSON_HEADERS, rows))
    assert not result.ok
    found = {(e.row, e.column, e.code) for e in result.errors}
    assert (2, "id_number", "id_as_number") in found
    assert (4, "id_number", "duplicate") in found or (3, "id_number", "duplicate") in found
    assert (5, "village_code", "household_disagrees") in found
    assert (6, "income_per_capita", "number") in found
    assert (7, "relation", "choice") in found
    assert (8, "id_number", "id_lost_check") in found
    duplicate = next(e for e in result.errors if e.code == "duplicate")
    assert "3" in translate(duplicate) or "4" in translate(duplicate)
    assert checksum(*PERSON_MODELS) == before


def test_headers_in_any_language_and_full_width_values(tmp_path: Path) -> None:
    ledger = get_ledger("persons")
    for lang in ("zh-hans", "ja", "en"):
        headers = ledger.headers(lang)
        rows = person_rows(1, 2, start={"zh-hans": 20, "ja": 30, "en": 40}[lang])
        rows[0][1] = rows[0][1].translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
        rows[0][1] = rows[0][1].lower()
        rows[0][6] = "６５００.５"
        result = run(write_csv(tmp_path / f"{lang}.csv", headers, rows, encoding="gb18030"))
        assert result.ok, [e.as_dict() for e in result.errors]
        assert result.created == 2


def test_messages_in_three_languages(tmp_path: Path) -> None:
    rows = person_rows(1, 1, start=50)
    rows[0][1] = "5.20203198001011E+17"
    path = write_csv(tmp_path / "e.csv", PERSON_HEADERS, rows)
    result = run(path)
    error = next(e for e in result.errors if e.code == "id_as_number")
    messages = {}
    for lang in ("zh-hans", "ja", "en"):
        with translation.override(lang):
            messages[lang] = translate(error)
    assert messages["en"].startswith("Excel turned the ID number into a number")
    # every language gives the message from its catalogue (the same msgid, translated there)
    for lang in ("zh-hans", "ja"):
        with translation.override(lang):
            assert messages[lang] == translation.gettext(
                "Excel turned the ID number into a number; format the column as text and type it again."
            )


@pytest.mark.parametrize("ledger", ["organisations", "persons", "projects"])  # others: _more
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_changes_nothing(ledger: str, fmt: str, tmp_path: Path, admin_user) -> None:
    if ledger == "persons":
        assert run(
            write_xlsx(tmp_path / "seed.xlsx", PERSON_HEADERS, person_rows(3, 3, start=60))
        ).ok
    target = io.BytesIO()
    count = export_file(LEDGERS[ledger], target, fmt=fmt, user=admin_user)
    assert count > 0
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(target.getvalue())
    model = LEDGERS[ledger].model
    before = checksum(model)
    result = run(path, ledger)
    assert result.ok, [e.as_dict() for e in result.errors][:5]
    assert (result.created, result.updated, result.unchanged) == (0, 0, count)
    assert checksum(model) == before


def test_export_with_language_headers_reimports(tmp_path: Path, admin_user) -> None:
    target = tmp_path / "orgs.xlsx"
    with target.open("wb") as stream:
        export_file(LEDGERS["organisations"], stream, fmt="xlsx", user=admin_user, lang="ja")
    headers = [c.value for c in openpyxl.load_workbook(target).active[1]]
    assert headers[0] == translation.gettext("unified social credit code") or headers[0]
    result = run(target, "organisations")
    assert result.ok and result.created == 0 and result.updated == 0


def test_command_line_contract(tmp_path: Path, capsys) -> None:
    good = write_csv(tmp_path / "good.csv", PERSON_HEADERS, person_rows(1, 2, start=70))
    call_command("import", "persons", str(good), "--dry-run", "--format", "json")
    out = json.loads(capsys.readouterr().out)
    assert out == {"ok": True, "created": 2, "updated": 0, "unchanged": 0, "errors": []}
    assert not Household.objects.filter(number="TEST00070").exists()
    call_command("import", "persons", str(good), "--format", "json")
    assert json.loads(capsys.readouterr().out)["created"] == 2
    rows = person_rows(1, 1, start=80)
    rows[0][1] = "52020319800101"
    bad = write_csv(tmp_path / "bad.csv", PERSON_HEADERS, rows)
    with pytest.raises(SystemExit) as info:
        call_command("import", "persons", str(bad), "--format", "json", "--user", "admin")
    assert info.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False
    assert out["errors"][0] == {
        "row": 2,
        "column": "id_number",
        "value": "52020319800101",
        "code": "ric_length",
        "message": out["errors"][0]["message"],
    }
    exported = tmp_path / "out.xlsx"
    call_command("export", "persons", str(exported))
    assert "persons" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="export", detail__ledger="persons").exists()


def test_user_without_rights_is_refused(tmp_path: Path) -> None:
    from django.contrib.auth import get_user_model

    path = write_csv(tmp_path / "p.csv", PERSON_HEADERS, person_rows(1, 1, start=90))
    result = run(path, user=get_user_model().objects.get(username="buyer"))
    assert not result.ok
    assert not Household.objects.filter(number="TEST00090").exists()


def test_id_number_helper_is_valid() -> None:
    from hezuo.core.validators import validate_resident_id

    assert validate_resident_id(id_number(5)).number == id_number(5)
