"""Issue 6, the record ledgers' three gaps: messages in the viewer's language, reference look-ups
within the importing user's scope, and a concurrent disbursement overrun as a row error.

Uses the world of assistance records of test_ledgers_more (fixture ``records``).
"""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from hezuo.accounts.choices import Role
from hezuo.accounts.models import Membership, Profile
from hezuo.assistance import models as m
from hezuo.core.tabular import CellError
from hezuo.directory.models import Organisation
from hezuo.imports.jobs import _plain
from hezuo.imports.ledgers.assistance import DisbursementLedger
from hezuo.imports.messages import translate
from hezuo.regions.models import Program, Region

from .helpers import write_csv, write_xlsx
from .test_ledgers_more import errors, records, run  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

D = Decimal
LANGS = ("zh-hans", "ja", "en")


def stored(error: CellError) -> CellError:
    """The error as a job keeps it (JSON) and its page reads it back."""
    kept = json.loads(json.dumps({**error.as_dict(), "params": _plain(error.params)}))
    return CellError(
        kept["row"], kept["column"], kept["value"], kept["code"], kept["message"], kept["params"]
    )


def one_error(path: Path, ledger: str) -> CellError:
    with translation.override("zh-hans"):  # checked in Chinese …
        result = run(path, ledger)
    assert not result.ok
    assert len(result.errors) == 1, errors(result)
    return result.errors[0]


CASES = [
    # (ledger, headers, row, expected code, column, value every rendering contains)
    (
        "measures",
        ["household_no", "kind", "date"],
        ["X-404", "cash", "2025-01-01"],
        "not_found",
        "household_no",
        "X-404",
    ),
    (
        "disbursements",
        ["project", "source", "year", "paid_on", "amount"],
        ["IMP-PR1", "donation", "2031", "2031-05-01", "1"],
        "not_found",
        "project",
        "2031",
    ),
    (
        "positions",
        ["person", "organisation", "title_zh_hans"],
        ["导入张三", "重名企业", "顾问"],
        "ambiguous",
        "organisation",
        "重名企业",
    ),
    (
        "agreements",
        ["title_zh_hans", "kind", "parties"],
        ["新协议", "other", "导入采购商:badrole"],
        "choice",
        "parties",
        "badrole",
    ),
    (
        "disbursements",
        ["project", "source", "year", "paid_on", "amount"],
        [
            ["IMP-PR1", "fiscal", "2025", "2025-04-01", "500"],
            ["IMP-PR1", "fiscal", "2025", "2025-05-01", "200"],
        ],
        "beyond_allocation",
        "amount",
        "1100",
    ),
    (  # the model's own rule (Disbursement.clean), worded by the model when checked
        "disbursements",
        ["project", "source", "year", "paid_on", "amount"],
        ["IMP-PR1", "fiscal", "2025", "2025-04-01", "700"],
        "invalid",
        "amount",
        "1100",
    ),
    (
        "deliveries",
        ["agreement", "product", "delivered_on", "quantity"],
        ["导入采购协议", "导入土豆", "2025-04-01", "47"],
        "beyond_agreement",
        "quantity",
        "107",
    ),
    (
        "procurement_agreements",
        ["agreement", "product", "quantity"],
        ["导入采购协议", "导入土豆", "50"],
        "below_delivered",
        "quantity",
        "60",
    ),
    (
        "deliveries",
        ["agreement", "product", "delivered_on", "quantity"],
        ["导入采购协议", "导入白菜", "2025-04-01", "1"],
        "not_on_agreement",
        "product",
        "",
    ),
]


@pytest.mark.parametrize(("ledger", "headers", "row", "code", "column", "value"), CASES)
def test_own_codes_are_shown_in_the_viewers_language(
    tmp_path: Path,
    records,  # noqa: F811
    ledger: str,
    headers: list[str],
    row: list[Any],
    code: str,
    column: str,
    value: str,
) -> None:
    for name in ("重名企业", "重名企业"):
        Organisation.objects.create(name_zh_hans=name, kind="enterprise", country="CN")
    m.Product.objects.create(
        program=records.program,
        supplier=records.supplier,
        name_zh_hans="导入白菜",
        category="蔬菜",
        unit="kg",
    )
    rows = row if isinstance(row[0], list) else [row]
    error = one_error(write_xlsx(tmp_path / "f.xlsx", headers, rows), ledger)
    assert (error.code, error.column) == (code, column), error
    shown = {}
    for lang in LANGS:
        with translation.override(lang):  # … viewed later in another language
            shown[lang] = translate(stored(error))
            assert translate(error) == shown[lang]
        assert value in shown[lang], (lang, shown[lang])
    assert len(set(shown.values())) == 3, shown
    if ledger == "disbursements" and code == "not_found":
        assert "social donations" in shown["en"]  # the source's label, in the viewer's language


def test_command_line_json_in_its_language(tmp_path: Path, records, capsys) -> None:  # noqa: F811
    path = write_csv(
        tmp_path / "m.csv", ["household_no", "kind", "date"], [["X-404", "cash", "2025-01-01"]]
    )
    with translation.override("ja"):
        expected = translation.gettext("No household has the number %(value)s.") % {
            "value": "X-404"
        }
    with pytest.raises(SystemExit):
        call_command("import", "measures", str(path), "--format", "json", "--lang", "ja")
    out = capsys.readouterr().out
    assert json.loads(out)["errors"][0]["message"] == expected


def test_old_stored_errors_keep_their_message(records) -> None:  # noqa: F811
    old = CellError(2, "户编号", "X", "not_found", "没有户编号为 X 的农户。", {})
    with translation.override("en"):
        assert translate(old) == "没有户编号为 X 的农户。"


# --- scope ---------------------------------------------------------------------------------------


@pytest.fixture
def far(records) -> Any:  # noqa: F811
    """A household outside Liuzhi (in another district of Liupanshui), with one measure."""
    city = Region.objects.get(code="520200")
    county, _new = Region.objects.get_or_create(
        code="520201", defaults={"name_zh_hans": "钟山区", "level": "county", "parent": city}
    )
    town, _new = Region.objects.get_or_create(
        code="520201001",
        defaults={"name_zh_hans": "测试街道", "level": "township", "parent": county},
    )
    village, _new = Region.objects.get_or_create(
        code="520201001001",
        defaults={"name_zh_hans": "测试社区", "level": "village", "parent": town},
    )
    household = m.Household.objects.create(
        program=records.program, number="IMP-FAR", village=village, status="none"
    )
    measure = m.Measure.objects.create(
        household=household, kind="training", date=date(2025, 5, 1), amount=D(100)
    )
    return household, measure


def office(username: str, *regions: str) -> Any:
    user = get_user_model().objects.create(username=username, is_active=True)
    membership = Membership.objects.create(
        user=user, role=Role.ASSISTED_OFFICE, program=Program.objects.get(code="dalian-liupanshui")
    )
    membership.regions.set(Region.objects.filter(code__in=regions))
    return get_user_model().objects.get(pk=user.pk)


def test_a_record_outside_ones_scope_is_not_found_like_a_missing_one(
    tmp_path: Path,
    far,
) -> None:
    liuzhi = office("liuzhi-office", "520203")
    city = office("city-office", "520200")
    headers = ["household_no", "kind", "date"]
    outside = write_xlsx(tmp_path / "o.xlsx", headers, [["IMP-FAR", "cash", "2025-06-01"]])
    missing = write_xlsx(tmp_path / "n.xlsx", headers, [["IMP-NONE", "cash", "2025-06-01"]])
    before = m.Measure.objects.count()
    seen = []
    for path, number in ((outside, "IMP-FAR"), (missing, "IMP-NONE")):
        with translation.override("en"):
            result = run(path, "measures", user=liuzhi)
            assert not result.ok
            (error,) = errors(result)
        seen.append({**error, "value": error["value"].replace(number, "?")})
        seen[-1]["message"] = error["message"].replace(number, "?")
    assert seen[0] == seen[1]
    assert seen[0]["code"] == "not_found" and seen[0]["column"] == "household_no"
    assert m.Measure.objects.count() == before
    # the office of the whole city sees the household: the same file is written
    done = run(outside, "measures", user=city)
    assert done.ok and done.created == 1, errors(done)
    # … and a household of Liuzhi is found for Liuzhi's office
    inside = write_xlsx(tmp_path / "i.xlsx", headers, [["IMP-H1", "cash", "2025-06-02"]])
    assert run(inside, "measures", user=liuzhi).ok


def test_a_record_number_outside_ones_scope_is_not_found(
    tmp_path: Path,
    far,
) -> None:
    _household, measure = far
    liuzhi = office("liuzhi-office", "520203")
    headers = ["household_no", "kind", "date", "id"]
    found = []
    for pk in (measure.pk, 999999):
        path = write_xlsx(tmp_path / f"{pk}.xlsx", headers, [["IMP-H1", "cash", "2025-06-01", pk]])
        result = run(path, "measures", user=liuzhi)
        (error,) = errors(result)
        found.append((error["column"], error["code"], error["message"].replace(str(pk), "?")))
    assert found[0] == found[1] == (found[0][0], "not_found", found[0][2])
    measure.refresh_from_db()
    assert measure.household.number == "IMP-FAR"


def test_the_system_sees_every_record(tmp_path: Path, far) -> None:
    path = write_xlsx(
        tmp_path / "o.xlsx", ["household_no", "kind", "date"], [["IMP-FAR", "cash", "2025-06-01"]]
    )
    assert run(path, "measures").ok  # the administrator


# --- a concurrent overrun ------------------------------------------------------------------------


def test_an_overrun_found_under_the_lock_is_a_row_error(
    tmp_path: Path,
    records,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    allocation = records.allocation  # 1000 allocated, 400 paid
    plan = DisbursementLedger.plan

    def meanwhile(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = plan(self, *args, **kwargs)
        m.Disbursement.objects.create(  # another import pays between check and write
            allocation=allocation, paid_on=date(2025, 6, 30), amount=D(350)
        )
        return result

    monkeypatch.setattr(DisbursementLedger, "plan", meanwhile)
    headers = ["project", "source", "year", "paid_on", "amount"]
    path = write_xlsx(
        tmp_path / "d.xlsx",
        headers,
        [
            ["IMP-PR1", "fiscal", "2025", "2025-04-01", "100"],
            ["IMP-PR1", "fiscal", "2025", "2025-05-01", "200"],
        ],
    )
    history = m.Disbursement.history.count()
    with translation.override("en"):
        result = run(path, "disbursements")
        assert not result.ok
        found = errors(result)
    assert [(e["row"], e["column"], e["code"]) for e in found] == [
        (3, "amount", "beyond_allocation")
    ]
    assert "1050.00" in found[0]["message"] and "1000.00 yuan allocated" in found[0]["message"]
    # nothing of the file was written (the concurrent payment stays)
    assert set(m.Disbursement.objects.values_list("paid_on", flat=True)) == {
        date(2025, 3, 1),
        date(2025, 6, 30),
    }
    assert m.Disbursement.history.count() == history + 1


def test_a_job_refused_under_the_lock_shows_the_row_error(
    tmp_path: Path,
    records,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    client: Any,
) -> None:
    from hezuo.imports.jobs import run_job
    from hezuo.imports.models import ImportJob

    plan = DisbursementLedger.plan

    def meanwhile(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = plan(self, *args, **kwargs)
        m.Disbursement.objects.create(
            allocation=records.allocation, paid_on=date(2025, 6, 30), amount=D(550)
        )
        return result

    monkeypatch.setattr(DisbursementLedger, "plan", meanwhile)
    path = write_xlsx(
        tmp_path / "d.xlsx",
        ["project", "source", "year", "paid_on", "amount"],
        [["IMP-PR1", "fiscal", "2025", "2025-04-01", "100"]],
    )
    admin = get_user_model().objects.get(username="admin")
    job = ImportJob.objects.create(
        user=admin,
        ledger="disbursements",
        file_name="d.xlsx",
        path=str(path),
        total=1,
        dry_run=False,
    )
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == "refused"
    (error,) = job.result["errors"]
    assert (error["row"], error["column"], error["code"]) == (2, "amount", "beyond_allocation")
    kept = CellError(
        error["row"],
        error["column"],
        error["value"],
        error["code"],
        error["message"],
        error["params"],
    )
    with translation.override("ja"):
        shown = translate(kept)
    assert "1050" in shown and shown != error["message"]
    assert m.Disbursement.objects.filter(paid_on=date(2025, 4, 1)).count() == 0
    # the error report, viewed in Japanese, comments the bad cell in Japanese
    Profile.objects.filter(user=admin).update(language="ja")
    client.force_login(admin)
    report = client.get(reverse("imports:error_report", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="ja")
    assert report.status_code == 200, (report.status_code, report.content[:300])
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    headers = [c.value for c in sheet[1]]
    comment = sheet.cell(row=2, column=headers.index("amount") + 1).comment
    assert comment is not None and comment.text == shown
