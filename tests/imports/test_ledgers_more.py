"""The ledgers beyond organisations, projects and persons: round trips, counts, refusals, rules.

A small, valid world of assistance records of its own (the fixture ``records``) is built on the
test world; every ledger is exported and imported back through the services, with real .xlsx
files (openpyxl) and .csv files.
"""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from stdnum.cn import ric

from hezuo.assistance import models as m
from hezuo.directory.models import Organisation, Person, Position
from hezuo.events.models import Agreement, AgreementParty
from hezuo.imports.ledgers import LEDGERS, get_ledger
from hezuo.imports.messages import translate
from hezuo.imports.services import export_file, import_file
from hezuo.matchdesk.models import Opportunity
from hezuo.projects.models import Project, ProjectFigure
from hezuo.regions.models import Program, ProgramParty, Region

from .helpers import checksum, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

D = Decimal
NEW_LEDGERS = [
    "people",
    "positions",
    "agreements",
    "opportunities",
    "figures",
    "measures",
    "jobs",
    "placements",
    "products",
    "procurement_agreements",
    "deliveries",
    "assistance_projects",
    "allocations",
    "disbursements",
]


def resident_id(birth: str, sequence: int, region: str = "520203") -> str:
    body = f"{region}{birth}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture
def records(db) -> SimpleNamespace:
    """A pairing of its own with two households and one record of every kind, all valid."""
    program = Program.objects.create(
        code="imp-test",
        kind="pairing",
        name_zh_hans="导入测试协作",
        parent=Program.objects.get(code="dalian-liupanshui"),
    )
    dalian, lps = Region.objects.get(code="210200"), Region.objects.get(code="520200")
    ProgramParty.objects.create(program=program, role="donor", region=dalian)
    ProgramParty.objects.create(program=program, role="assisted", region=lps)
    liuzhi = Region.objects.get(code="520203")
    village = Region.objects.get(code="520203001001")
    h1 = m.Household.objects.create(
        program=program, number="IMP-H1", village=village, status="registered_poor"
    )
    h2 = m.Household.objects.create(
        program=program, number="IMP-H2", village=village, status="none"
    )
    a = m.HouseholdMember.objects.create(
        household=h1, name="甲", id_number=resident_id("19800517", 301), relation="head"
    )
    b = m.HouseholdMember.objects.create(
        household=h2, name="乙", id_number=resident_id("19820101", 402), relation="head"
    )
    project = m.AssistanceProject.objects.create(
        code="IMP-PR1",
        title_zh_hans="导入项目一",
        program=program,
        county=liuzhi,
        field="industry",
        model="other",
    )
    m.Measure.objects.create(household=h1, kind="training", date=date(2025, 3, 1), amount=D(500))
    m.Measure.objects.create(
        household=h1, member=a, kind="cash", date=date(2025, 4, 1), amount=D(800), project=project
    )
    allocation = m.FundAllocation.objects.create(
        project=project, source="fiscal", year=2025, amount=D(1000), allocated_on=date(2025, 1, 10)
    )
    m.Disbursement.objects.create(allocation=allocation, paid_on=date(2025, 3, 1), amount=D(400))
    employer = Organisation.objects.create(
        name_zh_hans="导入用工企业", kind="enterprise", country="CN"
    )
    job = m.Job.objects.create(
        program=program,
        employer=employer,
        title="装配",
        place="六枝",
        place_type="near_home",
        region=liuzhi,
        monthly_wage=D(3500),
    )
    m.Placement.objects.create(member=a, job=job, start_date=date(2025, 1, 10))
    buyer = Organisation.objects.create(name_zh_hans="导入采购商", kind="enterprise", country="CN")
    supplier = Organisation.objects.create(
        name_zh_hans="导入供应商", kind="enterprise", country="CN"
    )
    agreement = Agreement.objects.create(
        title_zh_hans="导入采购协议",
        kind="procurement",
        program=program,
        signed_on=date(2025, 1, 1),
    )
    AgreementParty.objects.create(agreement=agreement, organisation=buyer, role="buyer")
    AgreementParty.objects.create(agreement=agreement, organisation=supplier, role="supplier")
    product = m.Product.objects.create(
        program=program, supplier=supplier, name_zh_hans="导入土豆", category="蔬菜", unit="kg"
    )
    line = m.ProcurementLine.objects.create(agreement=agreement, product=product, quantity=D(100))
    m.Delivery.objects.create(
        agreement=agreement,
        product=product,
        delivered_on=date(2025, 3, 1),
        quantity=D(60),
        amount=D(600),
    )
    person = Person.objects.create(name_zh_hans="导入张三", id_number=resident_id("19700101", 501))
    Position.objects.create(person=person, organisation=employer, title_zh_hans="经理")
    Opportunity.objects.create(
        kind="product_supply", owner=supplier, title="导入土豆供应", region=liuzhi, program=program
    )
    world_project = Project.objects.order_by("pk").first()
    ProjectFigure.objects.create(
        project=world_project,
        kind="contracted_investment",
        amount=D(1000000),
        currency="CNY",
        recorded_on=date(2024, 5, 1),
    )
    return SimpleNamespace(**locals())


def admin() -> Any:
    return get_user_model().objects.get(username="admin")


def run(path: Path, ledger: str, user: Any = None, dry_run: bool = False) -> Any:
    with path.open("rb") as stream:
        return import_file(
            get_ledger(ledger), stream, file_name=path.name, user=user or admin(), dry_run=dry_run
        )


def export(ledger: str, tmp_path: Path, fmt: str = "xlsx", lang: str | None = None) -> Path:
    target = io.BytesIO()
    export_file(LEDGERS[ledger], target, fmt=fmt, user=admin(), lang=lang)
    path = tmp_path / f"{ledger}.{fmt}"
    path.write_bytes(target.getvalue())
    return path


def read(path: Path) -> tuple[list[str], list[list[Any]]]:
    sheet = openpyxl.load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    return [str(h) for h in rows[0]], rows[1:]


def rows_of(path: Path, **match: Any) -> list[list[Any]]:
    headers, rows = read(path)
    return [r for r in rows if all(r[headers.index(k)] == v for k, v in match.items())]


def errors(result: Any) -> list[dict[str, Any]]:
    return [{**e.as_dict(), "message": translate(e)} for e in result.errors]


# --- round trips --------------------------------------------------------------------------------


def test_every_ledger_is_registered() -> None:
    assert set(NEW_LEDGERS) <= set(LEDGERS)
    for name in NEW_LEDGERS:
        ledger = LEDGERS[name]
        codes = [c.code for c in ledger.columns]
        assert len(codes) == len(set(codes)), name
        for lang in ("zh-hans", "ja", "en"):
            headers = ledger.headers(lang)
            assert len(headers) == len(set(headers)), (name, lang, headers)


@pytest.mark.parametrize("ledger", NEW_LEDGERS)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_changes_nothing(ledger: str, fmt: str, tmp_path: Path, records) -> None:
    path = export(ledger, tmp_path, fmt)
    model = LEDGERS[ledger].model
    count = model.objects.count()
    assert count > 0
    before = checksum(model)
    result = run(path, ledger)
    assert result.ok, errors(result)[:5]
    assert (result.created, result.updated, result.unchanged) == (0, 0, count)
    assert checksum(model) == before


@pytest.mark.parametrize("ledger", ["measures", "deliveries", "agreements", "placements"])
def test_round_trip_with_headers_in_each_language(ledger: str, tmp_path: Path, records) -> None:
    for lang in ("zh-hans", "ja", "en"):
        path = export(ledger, tmp_path, "xlsx", lang=lang)
        headers, _rows = read(path)
        assert headers == LEDGERS[ledger].headers(lang)
        result = run(path, ledger)
        assert result.ok and (result.created, result.updated) == (0, 0), errors(result)[:3]


def test_template_has_the_headers(tmp_path: Path, records) -> None:
    from hezuo.imports.services import template_file

    for name in NEW_LEDGERS:
        buffer = io.BytesIO()
        template_file(LEDGERS[name], buffer, lang="ja")
        sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
        assert [c.value for c in sheet[1]] == LEDGERS[name].headers("ja")


# --- create / update / unchanged ------------------------------------------------------------------


def test_measures_create_update_unchanged_with_history(tmp_path: Path, records) -> None:
    a = records.a
    headers = ["household_no", "id_number", "kind", "project", "date", "amount", "note"]
    rows = [
        ["IMP-H1", "", "training", "", "2025-03-01", "500", ""],  # unchanged
        ["IMP-H1", a.id_number, "现金救助", "IMP-PR1", "2025/4/1", "900", "加发"],  # updated
        ["IMP-H2", "", "教育", "", "2025年5月6日", "１２０", ""],  # new (label in Chinese)
    ]
    with translation.override("zh-hans"):
        cash_label = str(m.MeasureKind.CASH.label)
        education = str(m.MeasureKind.EDUCATION.label)
    rows[1][2], rows[2][2] = cash_label, education
    path = write_xlsx(tmp_path / "m.xlsx", headers, rows)
    preview = run(path, "measures", dry_run=True)
    assert preview.ok, errors(preview)
    assert (preview.created, preview.updated, preview.unchanged) == (1, 1, 1)
    assert m.Measure.objects.filter(household=records.h2).count() == 0
    result = run(path, "measures")
    assert result.ok and (result.created, result.updated, result.unchanged) == (1, 1, 1)
    changed = m.Measure.objects.get(member=a, kind="cash")
    assert changed.amount == D(900) and changed.note == "加发" and changed.version == 2
    assert [h.amount for h in changed.history.order_by("history_date")] == [D(800), D(900)]
    assert changed.history.first().history_change_reason.startswith("import measures")
    new = m.Measure.objects.get(household=records.h2)
    assert (new.kind, new.date, new.amount) == ("education", date(2025, 5, 6), D(120))
    again = run(path, "measures")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_agreement_parties_are_replaced(tmp_path: Path, records) -> None:
    path = export("agreements", tmp_path)
    headers, rows = read(path)
    row = next(r for r in rows if r[0] == "导入采购协议")
    with translation.override("ja"):
        investor = str(translation.gettext("investor"))
    row[headers.index("parties")] = f"导入采购商:buyer； 导入用工企业：{investor}"
    result = run(write_xlsx(tmp_path / "a.xlsx", headers, [row]), "agreements")
    assert result.ok and (result.created, result.updated) == (0, 1), errors(result)
    parties = set(
        AgreementParty.objects.filter(agreement=records.agreement).values_list(
            "organisation__name_zh_hans", "role"
        )
    )
    assert parties == {("导入采购商", "buyer"), ("导入用工企业", "investor")}
    assert records.agreement.history.count() == 2  # the party change is on the agreement
    assert AgreementParty.history.filter(history_type="-").count() == 1


def test_people_match_by_id_number_then_name(tmp_path: Path, records) -> None:
    headers = ["id_number", "name_zh_hans", "phone"]
    rows = [
        [records.person.id_number.lower()[:-1] + records.person.id_number[-1].lower(), "张三", ""],
        ["", "导入李四", "13900000000"],
    ]
    path = write_csv(tmp_path / "p.csv", headers, rows)
    result = run(path, "people")
    assert result.ok and (result.created, result.updated) == (1, 1), errors(result)
    records.person.refresh_from_db()
    assert records.person.name_zh_hans == "张三"
    again = run(path, "people")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


# --- refusals -------------------------------------------------------------------------------------


def test_foreign_key_not_found_names_row_column_and_value(tmp_path: Path, records) -> None:
    headers = ["household_no", "kind", "date"]
    path = write_xlsx(tmp_path / "m.xlsx", headers, [["IMP-NONE", "cash", "2025-01-02"]])
    before = checksum(m.Measure)
    with translation.override("en"):
        result = run(path, "measures")
        found = errors(result)
    assert not result.ok
    assert found == [
        {
            "row": 2,
            "column": "household_no",
            "value": "IMP-NONE",
            "code": "not_found",
            "message": "No household has the number IMP-NONE.",
        }
    ]
    assert checksum(m.Measure) == before


@pytest.mark.parametrize(
    ("ledger", "headers", "row", "column", "code"),
    [
        ("positions", ["person", "organisation", "title_zh_hans"], ["无此人", "", "x"], "person", "not_found"),
        ("jobs", ["program", "employer", "title", "place", "place_type", "region"], ["imp-test", "导入用工企业", "j", "p", "near_home", "999999"], "region", "unknown_region"),
        ("products", ["program", "supplier", "name_zh_hans", "category", "unit"], ["nope", "导入供应商", "x", "c", "kg"], "program", "unknown_program"),
        ("placements", ["id_number", "employer", "job", "place", "start_date"], [resident_id("19800517", 301), "导入用工企业", "焊接", "六枝", "2025-01-01"], "job", "not_found"),
        ("deliveries", ["agreement", "product", "delivered_on", "quantity"], ["无此协议", "导入土豆", "2025-01-01", "1"], "agreement", "not_found"),
        ("disbursements", ["project", "source", "year", "paid_on", "amount"], ["IMP-PR1", "donation", "2025", "2025-05-01", "1"], "project", "not_found"),
        ("allocations", ["project", "source", "year", "amount", "allocated_on"], ["IMP-NO", "fiscal", "2025", "1", "2025-01-01"], "project", "not_found"),
        ("figures", ["project", "kind", "amount", "recorded_on"], ["NO-SUCH", "jobs", "1", "2024-01-01"], "project", "not_found"),
        ("opportunities", ["kind", "title", "owner"], ["business_offer", "t", "无此企业"], "owner", "not_found"),
        ("agreements", ["title_zh_hans", "kind", "parties"], ["协议", "other", "无此企业:buyer"], "parties", "not_found"),
    ],
)  # fmt: skip
def test_foreign_keys_not_found(
    ledger: str,
    headers: list[str],
    row: list[Any],
    column: str,
    code: str,
    tmp_path: Path,
    records,
) -> None:
    result = run(write_xlsx(tmp_path / "f.xlsx", headers, [row], text=True), ledger)
    assert not result.ok
    found = [(e["row"], e["column"], e["code"]) for e in errors(result)]
    assert (2, column, code) in found, errors(result)
    assert all(e["message"] for e in errors(result))


def test_disbursement_never_beyond_its_allocation(tmp_path: Path, records) -> None:
    headers = ["project", "source", "year", "paid_on", "amount"]
    rows = [
        ["IMP-PR1", "fiscal", "2025", "2025-04-01", "400"],  # 800 of 1000: fine alone
        ["IMP-PR1", "donor fiscal funds", "2025", "2025-05-01", "300"],  # 1100: beyond
    ]
    path = write_xlsx(tmp_path / "d.xlsx", headers, rows)
    before = checksum(m.Disbursement)
    result = run(path, "disbursements")
    assert not result.ok
    (error,) = errors(result)
    assert (error["row"], error["column"], error["code"]) == (3, "amount", "beyond_allocation")
    assert "1100" in error["message"] and "200" in error["message"]
    assert checksum(m.Disbursement) == before
    # an allocation cannot be cut below what was paid from it (the model's own rule)
    cut = write_xlsx(
        tmp_path / "a.xlsx",
        ["project", "source", "year", "amount", "allocated_on"],
        [["IMP-PR1", "fiscal", "2025", "300", "2025-01-10"]],
    )
    refused = run(cut, "allocations")
    assert not refused.ok and errors(refused)[0]["column"] == "amount"
    assert "400" in errors(refused)[0]["message"]


def test_deliveries_never_beyond_the_agreed_or_amended_quantity(tmp_path: Path, records) -> None:
    headers = ["agreement", "agreement_signed_on", "product", "delivered_on", "quantity"]
    rows = [["导入采购协议", "2025-01-01", "导入土豆", "2025-06-01", "50"]]  # 110 > 100
    path = write_xlsx(tmp_path / "d.xlsx", headers, rows)
    result = run(path, "deliveries")
    assert not result.ok
    (error,) = errors(result)
    assert (error["row"], error["column"], error["code"]) == (2, "quantity", "beyond_agreement")
    # amended to 120, the same file goes through
    line_headers = ["agreement", "product", "quantity", "amended_quantity"]
    amended = run(
        write_xlsx(tmp_path / "l.xlsx", line_headers, [["导入采购协议", "导入土豆", "100", "120"]]),
        "procurement_agreements",
    )
    assert amended.ok and amended.updated == 1, errors(amended)
    assert run(path, "deliveries").ok
    # and the amended quantity cannot go below what was delivered (110)
    lower = run(
        write_xlsx(tmp_path / "k.xlsx", line_headers, [["导入采购协议", "导入土豆", "100", "90"]]),
        "procurement_agreements",
    )
    assert not lower.ok and errors(lower)[0]["column"] == "amended_quantity"


def test_model_validation_and_duplicates_are_row_errors(tmp_path: Path, records) -> None:
    headers = ["household_no", "id_number", "kind", "date"]
    rows = [
        ["IMP-H2", records.a.id_number, "cash", "2025-01-01"],  # A is of household 1
        ["IMP-H1", "", "cash", "2099-01-01"],  # in the future: the model refuses
        ["IMP-H1", "", "medical", "2025-01-01"],
        ["IMP-H1", "", "医疗救助", "2025-01-01"],  # the same measure again
    ]
    with translation.override("zh-hans"):
        rows[3][2] = str(m.MeasureKind.MEDICAL.label)
    result = run(write_xlsx(tmp_path / "m.xlsx", headers, rows), "measures")
    found = {(e["row"], e["column"], e["code"]) for e in errors(result)}
    assert (2, "id_number", "not_found") in found
    assert (3, "date", "invalid") in found
    assert (5, "household_no", "duplicate") in found
    duplicate = next(e for e in errors(result) if e["code"] == "duplicate")
    assert duplicate["value"] == "IMP-H1" and "4" in duplicate["message"]
    assert m.Measure.objects.filter(date=date(2025, 1, 1)).count() == 0


def test_opportunity_rules_and_jobs_choice_labels(tmp_path: Path, records) -> None:
    headers = ["kind", "title", "owner", "quantity", "anonymous"]
    result = run(
        write_xlsx(
            tmp_path / "o.xlsx", headers, [["business_offer", "t", "导入供应商", "5", "是"]]
        ),
        "opportunities",
    )
    assert not result.ok
    assert errors(result)[0]["column"] == "unit"  # a quantity needs its unit (the model's rule)
    with translation.override("ja"):
        near = str(m.PlaceType.NEAR_HOME.label)
    job_headers = ["program", "employer", "title", "place", "place_type", "region", "openings"]
    made = run(
        write_xlsx(
            tmp_path / "j.xlsx",
            job_headers,
            [["imp-test", "导入用工企业", "包装", "六枝", near, "520203", "３"]],
        ),
        "jobs",
    )
    assert made.ok and made.created == 1, errors(made)
    assert m.Job.objects.get(title="包装").openings == 3


# --- languages, permissions, the command line -----------------------------------------------------


def test_error_messages_in_three_languages(tmp_path: Path, records) -> None:
    headers = ["project", "source", "year", "paid_on", "amount"]
    path = write_xlsx(
        tmp_path / "d.xlsx", headers, [["IMP-PR1", "fiscal", "2025", "2025-04-01", "700"]]
    )
    messages = {}
    for lang in ("zh-hans", "ja", "en"):
        with translation.override(lang):
            result = run(path, "disbursements")
            (error,) = result.errors
            messages[lang] = translate(error)
            expected = translation.gettext(
                "This would take the disbursements to %(total)s yuan, beyond the "
                "%(allocated)s yuan allocated (%(left)s yuan left)."
            ) % {"total": D("1100.00"), "allocated": D("1000.00"), "left": D("600.00")}
            assert messages[lang] == expected
    assert messages["en"].startswith("This would take the disbursements to 1100.00 yuan")
    assert len(set(messages.values())) == 3  # each from its own catalogue
    not_found = write_xlsx(
        tmp_path / "n.xlsx", ["household_no", "kind", "date"], [["X-1", "cash", "2025-01-01"]]
    )
    for lang in ("zh-hans", "ja", "en"):
        with translation.override(lang):
            (error,) = run(not_found, "measures").errors
            assert translate(error) == translation.gettext(
                "No household has the number %(value)s."
            ) % {"value": "X-1"}


def test_who_may_import_which_ledger(tmp_path: Path, records) -> None:
    users = get_user_model().objects
    measures = write_xlsx(
        tmp_path / "m.xlsx", ["household_no", "kind", "date"], [["IMP-H2", "housing", "2025-02-02"]]
    )
    # the donor side sees households in aggregate only: no measures
    refused = run(measures, "measures", user=users.get(username="dalian"))
    assert not refused.ok and refused.errors[0].code == "not_allowed"
    # the assisted side records measures of its region
    done = run(measures, "measures", user=users.get(username="liupanshui"))
    assert done.ok and done.created == 1, errors(done)
    # the donor side records funds of its pairing
    allocation = write_xlsx(
        tmp_path / "a.xlsx",
        ["project", "source", "year", "amount", "allocated_on"],
        [["IMP-PR1", "enterprise", "2025", "500", "2025-02-01"]],
    )
    assert run(allocation, "allocations", user=users.get(username="dalian")).ok
    # a buyer may not touch funds
    buyer = run(allocation, "allocations", user=users.get(username="buyer"))
    assert not buyer.ok and buyer.errors[0].code == "not_allowed"


def test_command_line_for_new_ledgers(tmp_path: Path, records, capsys) -> None:
    out = tmp_path / "deliveries.csv"
    call_command("export", "deliveries", str(out))
    capsys.readouterr()
    call_command("import", "deliveries", str(out), "--dry-run", "--format", "json")
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] and result["created"] == 0 and result["updated"] == 0
    bad = write_csv(
        tmp_path / "bad.csv",
        ["agreement", "product", "delivered_on", "quantity"],
        [["导入采购协议", "无此产品", "2025-01-01", "1"]],
    )
    with pytest.raises(SystemExit) as info:
        call_command("import", "deliveries", str(bad), "--format", "json")
    assert info.value.code == 1
    result = json.loads(capsys.readouterr().out)
    assert result["errors"][0]["row"] == 2 and result["errors"][0]["column"] == "product"
    assert result["errors"][0]["code"] == "not_found"


# --- pages ----------------------------------------------------------------------------------------


def test_ledger_list_shows_each_ledger_the_user_may_use(client, records) -> None:
    from django.urls import reverse

    users = get_user_model().objects
    client.force_login(users.get(username="admin"))
    page = client.get(reverse("imports:ledger_list")).content.decode()
    for name in NEW_LEDGERS:
        assert reverse("imports:upload", args=[name]) in page, name
        assert reverse("imports:template", args=[name]) in page, name
    client.force_login(users.get(username="dalian"))
    page = client.get(reverse("imports:ledger_list")).content.decode()
    assert reverse("imports:upload", args=["allocations"]) in page
    assert reverse("imports:upload", args=["measures"]) not in page
    assert client.get(reverse("imports:upload", args=["measures"])).status_code == 403
    client.force_login(users.get(username="liupanshui"))
    page = client.get(reverse("imports:ledger_list")).content.decode()
    assert reverse("imports:upload", args=["measures"]) in page


def test_template_download_for_a_new_ledger(client, records) -> None:
    from django.urls import reverse

    client.force_login(get_user_model().objects.get(username="liupanshui"))
    response = client.get(reverse("imports:template", args=["measures"]), HTTP_ACCEPT_LANGUAGE="ja")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers == LEDGERS["measures"].headers(response["Content-Language"])


def test_upload_page_preview_and_error_report_of_a_new_ledger(client, records, tmp_path) -> None:
    from django.test import override_settings
    from django.urls import reverse

    from hezuo.imports.models import ImportJob

    client.force_login(admin())
    rows = [["IMP-PR1", "fiscal", "2025", "2025-04-01", "700"]]
    path = write_xlsx(tmp_path / "d.xlsx", ["project", "source", "year", "paid_on", "amount"], rows)
    with override_settings(IMPORTS_IN_THREAD=False), path.open("rb") as stream:
        response = client.post(reverse("imports:upload", args=["disbursements"]), {"file": stream})
    job = ImportJob.objects.latest("pk")
    assert job.status == "refused"
    page = client.get(response.url).content.decode()
    assert 'id="import-errors"' in page and "1100.00" in page
    report = client.get(reverse("imports:error_report", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(report.content)).active
    assert sheet["E2"].comment is not None and "1100.00" in sheet["E2"].comment.text


# --- record numbers -------------------------------------------------------------------------------


def test_record_number_keeps_namesakes_apart(tmp_path: Path, records) -> None:
    twin = Person.objects.create(name_zh_hans="导入张三")  # a namesake without an ID number
    Position.objects.create(person=twin, title_zh_hans="顾问")
    path = export("positions", tmp_path)
    rows = rows_of(path, title_zh_hans="顾问")
    headers, _all = read(path)
    assert rows[0][headers.index("person")] == f"导入张三 #{twin.pk}"  # the name two people share
    result = run(path, "positions")
    assert result.ok and (result.created, result.updated) == (0, 0), errors(result)
    # a row naming the person by name alone cannot say which one
    ambiguous = run(
        write_xlsx(tmp_path / "x.xlsx", ["person", "title_zh_hans"], [["导入张三", "董事"]]),
        "positions",
    )
    assert [(e["row"], e["column"], e["code"]) for e in errors(ambiguous)] == [
        (2, "person", "ambiguous")
    ]
    # the people ledger: rows with their record numbers update each namesake on its own
    people = export("people", tmp_path)
    headers, all_rows = read(people)
    for row in all_rows:
        if row[headers.index("id")] == twin.pk:
            row[headers.index("note")] = "同名"
    result = run(write_xlsx(tmp_path / "p.xlsx", headers, all_rows), "people")
    assert result.ok and (result.created, result.updated) == (0, 1), errors(result)
    twin.refresh_from_db()
    records.person.refresh_from_db()
    assert twin.note == "同名" and records.person.note == ""


def test_unknown_record_number_is_refused(tmp_path: Path, records) -> None:
    headers = ["household_no", "kind", "date", "id"]
    path = write_xlsx(tmp_path / "m.xlsx", headers, [["IMP-H1", "cash", "2025-01-02", 999999]])
    result = run(path, "measures")
    assert [(e["row"], e["column"], e["code"], e["value"]) for e in errors(result)] == [
        (2, "id", "not_found", "999999")
    ]


def test_two_deliveries_of_one_day_round_trip(tmp_path: Path, records) -> None:
    m.Delivery.objects.create(
        agreement=records.agreement,
        product=records.product,
        delivered_on=date(2025, 3, 1),
        quantity=D(5),
        amount=D(50),
    )
    path = export("deliveries", tmp_path)
    result = run(path, "deliveries")
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 2)
    headers, rows = read(path)
    rows[1][headers.index("quantity")] = 6
    changed = run(write_xlsx(tmp_path / "d.xlsx", headers, rows), "deliveries")
    assert changed.ok and changed.updated == 1, errors(changed)
    assert sorted(m.Delivery.objects.values_list("quantity", flat=True)) == [D(6), D(60)]


def test_export_masks_personal_data_the_user_may_not_see(records) -> None:
    dalian = get_user_model().objects.get(username="dalian")  # sees people, not their ID numbers
    target = io.BytesIO()
    export_file(LEDGERS["people"], target, fmt="csv", user=dalian)
    text = target.getvalue().decode("utf-8-sig")
    assert "导入张三" in text and records.person.id_number not in text
    target = io.BytesIO()
    export_file(LEDGERS["positions"], target, fmt="csv", user=dalian)
    text = target.getvalue().decode("utf-8-sig")
    assert records.person.id_number not in text and "导入张三" in text  # named, not numbered
    target = io.BytesIO()
    export_file(LEDGERS["people"], target, fmt="csv", user=admin())
    assert records.person.id_number in target.getvalue().decode("utf-8-sig")


def test_assistance_project_rules(tmp_path: Path, records) -> None:
    headers = ["code", "title_zh_hans", "program", "county", "township", "field", "model", "status"]
    rows = [
        ["IMP-PR9", "新项目", "imp-test", "520203", "", "industry", "other", "进行中"],  # no start
        ["IMP-PR8", "新项目二", "imp-test", "520200", "", "labour", "other", "planned"],  # a city
        ["IMP-PR7", "新项目三", "dalian-liupanshui-x", "520203", "", "labour", "other", ""],
    ]
    with translation.override("zh-hans"):
        rows[0][7] = str(m.ProjectStatus.IN_PROGRESS.label)
    result = run(write_xlsx(tmp_path / "p.xlsx", headers, rows), "assistance_projects")
    found = {(e["row"], e["column"], e["code"]) for e in errors(result)}
    assert (2, "start_date", "invalid") in found  # a started project needs its start date
    assert (3, "county", "invalid") in found  # not a county
    assert (4, "program", "unknown_program") in found
    assert not m.AssistanceProject.objects.filter(code__in=["IMP-PR9", "IMP-PR8"]).exists()
    rows = [["IMP-PR9", "新项目", "imp-test", "520203", "", "industry", "other", "planned"]]
    made = run(write_xlsx(tmp_path / "q.xlsx", headers, rows), "assistance_projects")
    assert made.ok and made.created == 1, errors(made)
