"""The project ledger and the quarterly report as .xlsx: rows, columns, languages, access, audit."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from hezuo.accounts.models import AuditEntry
from hezuo.projects.models import Project
from hezuo.regions.models import Program
from hezuo.reports import exports

from .conftest import make_member
from .test_report_pages import ON, SmallZone, build_small_zone

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_zone(admin_user: Any) -> SmallZone:
    return build_small_zone(admin_user)


def ledger(client: Any, code: str, on: date | None = ON, lang: str | None = None) -> Any:
    if lang:
        client.cookies.load({"django_language": lang})
    url = reverse("reports:ledger_export", kwargs={"code": code})
    response = client.get(url, {"on": on.isoformat()} if on else {})
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.content))


def table(sheet: Any) -> tuple[list[str], list[dict[str, Any]]]:
    rows = list(sheet.iter_rows(values_only=True))
    headers = list(rows[0])
    return headers, [dict(zip(headers, row, strict=True)) for row in rows[1:]]


class TestLedger:
    @pytest.mark.parametrize(
        ("lang", "code_header", "stage_header"),
        [
            ("zh-hans", "项目编号", "阶段"),
            ("ja", "プロジェクトコード", None),
            ("en", "project code", "stage"),
        ],
    )
    def test_headers_in_the_users_language(
        self,
        admin_client: Any,
        small_zone: SmallZone,
        lang: str,
        code_header: str,
        stage_header: Any,
    ) -> None:
        book = ledger(admin_client, "test-zone", lang=lang)
        headers, _rows = table(book.worksheets[0])
        with translation.override(lang):
            assert headers == exports.ledger_headers()
            assert headers[2] == translation.gettext("stage")
        assert headers[0] == code_header
        if stage_header:
            assert headers[2] == stage_header
        # 9 columns about the project, 7 for each of the 4 amounts, 2 for the number of jobs
        assert len(headers) == 9 + 4 * 7 + 2

    def test_one_row_per_project_with_amounts_and_cny(
        self, admin_client: Any, small_zone: SmallZone
    ) -> None:
        book = ledger(admin_client, "test-zone", lang="en")
        sheet = book.worksheets[0]
        headers, rows = table(sheet)
        assert [r["project code"] for r in rows] == ["T-1", "T-2", "T-3", "T-4"]
        p3 = rows[2]
        assert p3["stage"] == "signed" and p3["sub-area"] == "南片区"
        assert p3["in stage since"] == datetime(2021, 1, 15)  # a real date, not text
        assert p3["signed on"] == datetime(2021, 1, 15)
        assert p3["investors"] == "测试投资株式会社" and p3["investor countries"] == "Japan"
        assert p3["industry directions"] == "氢能"
        c = "contracted investment"
        assert p3[f"{c}: amount"] == 100_000_000
        assert p3[f"{c}: currency"] == "JPY"
        assert p3[f"{c}: recorded on"] == datetime(2021, 1, 15)
        assert p3[f"{c}: CNY"] == 6_250_000  # × 0.0625, the official rate of the day
        assert p3[f"{c}: rate"] == 0.0625
        assert p3[f"{c}: rate date"] == datetime(2021, 1, 15)
        assert p3[f"{c}: rate source"] == "official rate entered by an officer"
        a = "investment arrived so far"
        assert (p3[f"{a}: amount"], p3[f"{a}: CNY"], p3[f"{a}: rate"]) == (
            10_000_000,
            600_000,
            0.06,
        )
        p2 = rows[1]
        assert (p2[f"{c}: amount"], p2[f"{c}: currency"], p2[f"{c}: CNY"]) == (
            1_000_000,
            "CNY",
            1_000_000,
        )
        assert p2[f"{c}: rate"] == 1
        p1 = rows[0]
        assert p1[f"{c}: amount"] is None  # the USD figure is dated after the day asked
        p4 = rows[3]
        assert p4[f"{c}: amount"] == 1000 and p4[f"{c}: CNY"] is None  # no GBP rate
        assert "GBP" in p4[f"{c}: rate source"]
        # formats: numbers and dates a spreadsheet can compute with; the header row stays put
        column = headers.index(f"{c}: CNY") + 1
        assert sheet.cell(row=4, column=column).number_format == exports.AMOUNT_FORMAT
        assert sheet.cell(row=4, column=4).number_format == exports.DATE_FORMAT
        assert sheet.freeze_panes == "C2"
        assert sheet.column_dimensions["B"].width > 10

    def test_figures_as_of_a_later_day(self, admin_client: Any, small_zone: SmallZone) -> None:
        _headers, rows = table(
            ledger(admin_client, "test-zone", on=date(2021, 5, 1), lang="en").worksheets[0]
        )
        p1 = rows[0]
        assert p1["contracted investment: amount"] == 50_000
        assert p1["contracted investment: CNY"] == 325_000  # × 6.5 (2021-04-01)

    def test_about_sheet_lists_the_rates(self, admin_client: Any, small_zone: SmallZone) -> None:
        book = ledger(admin_client, "test-zone", lang="en")
        about = [row for row in book.worksheets[1].iter_rows(values_only=True)]
        assert ("JPY", 0.0625, datetime(2021, 1, 15), "official rate entered by an officer") in [
            tuple(r[:4]) for r in about
        ]
        assert any(r[0] == "projects" and r[1] == 4 for r in about)

    def test_only_the_projects_the_user_may_see(self, client: Any, small_zone: SmallZone) -> None:
        member = make_member(
            "ledgerreader",
            role="enterprise_member",
            language="zh-hans",
            organisation=small_zone.investor,
        )
        client.force_login(member)
        _headers, rows = table(ledger(client, "test-zone", lang="en").worksheets[0])
        assert [r["project code"] for r in rows] == ["T-3"]

    def test_demo_zone_enterprise(self, client: Any, enterprise: Any, zone: Program) -> None:
        client.force_login(enterprise)
        _headers, rows = table(ledger(client, zone.code, on=None, lang="en").worksheets[0])
        visible = set(
            Project.objects.restrict(enterprise, "view")
            .filter(program=zone, archived_at__isnull=True, merged_into__isnull=True)
            .values_list("code", flat=True)
        )
        assert {r["project code"] for r in rows} == visible
        assert 0 < len(rows) < Project.objects.filter(program=zone).count()

    def test_export_is_audited(
        self, admin_client: Any, admin_user: Any, small_zone: SmallZone
    ) -> None:
        ledger(admin_client, "test-zone")
        entry = AuditEntry.objects.filter(action="export").latest("pk")
        assert entry.user == admin_user
        assert entry.detail["report"] == "ledger" and entry.detail["rows"] == 4
        assert entry.detail["zone"] == "test-zone" and entry.detail["on"] == ON.isoformat()
        assert sorted(entry.object_ids) == sorted(
            str(p.pk) for p in (small_zone.p1, small_zone.p2, small_zone.p3, small_zone.p4)
        )


class TestReportWorkbook:
    def test_same_figures_as_the_page(self, admin_client: Any, small_zone: SmallZone) -> None:
        admin_client.cookies.load({"django_language": "en"})
        url = reverse(
            "reports:quarterly_report", kwargs={"code": "test-zone", "year": 2021, "quarter": 1}
        )
        response = admin_client.get(url, {"export": "xlsx"})
        assert response.status_code == 200 and response["Content-Type"] == exports.XLSX
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        rows = [r for r in sheet.iter_rows(values_only=True)]
        assert rows[0][:6] == (
            "group",
            "projects signed",
            "projects moved forward",
            "projects stuck at quarter end",
            "contracted investment (CNY)",
            "investment arrived (CNY)",
        )
        assert rows[1][:6] == ("whole zone", 1, 1, 1, 7_250_000, 850_000)
        by_label = {r[0]: r for r in rows if r and r[0]}
        assert by_label["北片区"][1:6] == (0, 1, 1, 1_000_000, 250_000)
        assert by_label["南片区"][1:6] == (1, 0, 0, 6_250_000, 600_000)
        assert by_label["氢能"][1:4] == (1, 1, 0)
        moves = list(book.worksheets[1].iter_rows(values_only=True))
        assert moves[1][:2] == (datetime(2021, 2, 1), "T-1")
        stuck = list(book.worksheets[2].iter_rows(values_only=True))
        assert [r[0] for r in stuck[1:]] == ["T-2"]
        entry = AuditEntry.objects.filter(action="export").latest("pk")
        assert entry.detail["report"] == "quarterly" and entry.detail["quarter"] == "2021-Q1"

    def test_headers_in_chinese(self, admin_client: Any, small_zone: SmallZone) -> None:
        admin_client.cookies.load({"django_language": "zh-hans"})
        url = reverse(
            "reports:quarterly_report", kwargs={"code": "test-zone", "year": 2021, "quarter": 1}
        )
        book = load_workbook(io.BytesIO(admin_client.get(url, {"export": "xlsx"}).content))
        with translation.override("zh-hans"):
            # the grouping column (sub-area, direction), not GB/T 4754's 中类 (issue 14)
            expected = exports.report_headers(translation.pgettext("report grouping", "group"))
        assert expected[0] == "分组"
        assert list(next(book.worksheets[0].iter_rows(values_only=True)))[:7] == expected
