"""The .xlsx workbooks of the zone reports: the project ledger and the quarterly zone report.

Headers are in the active language; dates are real Excel dates and amounts real numbers with a
number format, so a spreadsheet can sum and sort them. Each workbook ends with a sheet that says
what it holds (zone, day, who made it, when) and lists the exchange rates its CNY amounts used.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hezuo.base.countries import country_name
from hezuo.base.export import append
from hezuo.core import money
from hezuo.projects.choices import MONEY_FIGURES, FigureKind
from hezuo.zonedesk.choices import RateSource

from .selectors import LedgerRow, QuarterlyReport, ReportLine

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
RATE_FORMAT = "0.000000####"

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0B5394")
TITLE_FONT = Font(bold=True, size=14)
SECTION_FONT = Font(bold=True, size=12, color="0B5394")


def rate_source_label(source: str) -> str:
    """Return the translated name of a rate's source."""
    if source == money.IDENTITY:
        return _("CNY (no conversion)")
    try:
        return str(RateSource(source).label)
    except ValueError:
        return source


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


class Sheet:
    """A worksheet written row by row, remembering each column's widest value and its format."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.widths: dict[int, int] = {}

    def _width(self, column: int, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, datetime):
            width = 17
        elif isinstance(value, date):
            width = 11
        elif isinstance(value, (int, float, Decimal)):
            width = len(f"{value:,.2f}") + 1
        else:
            # CJK characters take about two columns
            width = max(
                (sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in str(value).split()),
                default=0,
            )
            width = max(width, min(len(str(value)), 50))
        self.widths[column] = max(self.widths.get(column, 8), min(width + 2, 60))

    def header(self, labels: Sequence[str]) -> None:
        row = append(self.sheet, labels)
        for column, label in enumerate(labels, start=1):
            cell = self.sheet.cell(row=row, column=column)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            self.widths[column] = max(self.widths.get(column, 8), min(len(label) + 2, 24))

    def row(self, values: Sequence[Any], formats: Sequence[str | None] = ()) -> None:
        row = append(self.sheet, values)  # text safe from being read as a formula
        for column, value in enumerate(values, start=1):
            number_format = formats[column - 1] if column - 1 < len(formats) else None
            if number_format is None:
                if isinstance(value, datetime):
                    number_format = DATETIME_FORMAT
                elif isinstance(value, date):
                    number_format = DATE_FORMAT
                elif isinstance(value, float):
                    number_format = AMOUNT_FORMAT
                elif isinstance(value, int) and not isinstance(value, bool):
                    number_format = COUNT_FORMAT
            if number_format and value is not None:
                self.sheet.cell(row=row, column=column).number_format = number_format
            self._width(column, value)

    def title(self, text: str, font: Font = TITLE_FONT) -> None:
        row = append(self.sheet, [text])
        self.sheet.cell(row=row, column=1).font = font

    def blank(self) -> None:
        self.sheet.append([])

    def finish(self, *, freeze: str | None = None) -> None:
        for column, width in self.widths.items():
            self.sheet.column_dimensions[get_column_letter(column)].width = width
        if freeze:
            self.sheet.freeze_panes = freeze


def _about(book: Workbook, lines: Iterable[tuple[str, Any]], rates: Iterable[money.Rate]) -> None:
    """Add the sheet that says what the workbook holds, and the rates its CNY amounts used."""
    sheet = Sheet(book.create_sheet(_("About")[:31]))
    for label, value in lines:
        sheet.row([label, value])
    sheet.blank()
    sheet.title(_("Exchange rates used (CNY for one unit)"), SECTION_FONT)
    sheet.header([_("currency"), _("rate"), _("rate date"), _("source")])
    for rate in sorted(set(rates), key=lambda r: (r.currency, r.on, r.source)):
        sheet.row(
            [rate.currency, float(rate.rate), rate.on, rate_source_label(rate.source)],
            [None, RATE_FORMAT, DATE_FORMAT, None],
        )
    sheet.finish()


def _save(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _generated(user: Any) -> list[tuple[str, Any]]:
    made = timezone.localtime().replace(tzinfo=None, microsecond=0)
    return [
        (_("made at"), made),
        (_("made by"), user.get_username() if user is not None else ""),
    ]


# --- the project ledger ----------------------------------------------------------------------------


def figure_kinds() -> list[FigureKind]:
    return list(FigureKind)


def ledger_headers() -> list[str]:
    """Return the ledger's column headers in the active language."""
    headers = [
        _("project code"),
        _("title"),
        _("stage"),
        _("in stage since"),
        _("signed on"),
        _("sub-area"),
        _("investors"),
        _("investor countries"),
        _("industry directions"),
    ]
    for kind in figure_kinds():
        label = {"figure": kind.label}
        if kind in MONEY_FIGURES:
            headers += [
                _("%(figure)s: amount") % label,
                _("%(figure)s: currency") % label,
                _("%(figure)s: recorded on") % label,
                _("%(figure)s: CNY") % label,
                _("%(figure)s: rate") % label,
                _("%(figure)s: rate date") % label,
                _("%(figure)s: rate source") % label,
            ]
        else:
            headers += [_("%(figure)s: number") % label, _("%(figure)s: recorded on") % label]
    return headers


def ledger_values(row: LedgerRow) -> tuple[list[Any], list[str | None]]:
    """Return one ledger row's cells and their number formats."""
    values: list[Any] = [
        row.project.code,
        row.project.title,
        row.stage_label,
        row.stage_since,
        row.signed_on,
        row.sub_area,
        "; ".join(row.investors),
        "; ".join(country_name(c) for c in row.investor_countries),
        "; ".join(row.directions),
    ]
    formats: list[str | None] = [None, None, None, DATE_FORMAT, DATE_FORMAT, None, None, None, None]
    for kind in figure_kinds():
        value = row.figures.get(kind)
        figure = value.figure if value else None
        if kind in MONEY_FIGURES:
            conversion = value.conversion if value else None
            values += [
                _number(figure.amount) if figure else None,
                figure.currency if figure else None,
                figure.recorded_on if figure else None,
                _number(conversion.amount_cny) if conversion else None,
                _number(conversion.rate.rate) if conversion else None,
                conversion.rate.on if conversion else None,
                rate_source_label(conversion.rate.source)
                if conversion
                else (value.error if value else None),
            ]
            formats += [AMOUNT_FORMAT, None, DATE_FORMAT, AMOUNT_FORMAT, RATE_FORMAT, DATE_FORMAT]
            formats += [None]
        else:
            values += [
                int(figure.amount) if figure else None,
                figure.recorded_on if figure else None,
            ]
            formats += [COUNT_FORMAT, DATE_FORMAT]
    return values, formats


def ledger_workbook(rows: Sequence[LedgerRow], *, program: Any, on: date, user: Any) -> bytes:
    """Return the project ledger as .xlsx: one row per project, then the sheet about it."""
    book = Workbook()
    sheet = Sheet(book.active)
    sheet.sheet.title = _("Project ledger")[:31]
    sheet.header(ledger_headers())
    rates = []
    for row in rows:
        values, formats = ledger_values(row)
        sheet.row(values, formats)
        rates += [v.conversion.rate for v in row.figures.values() if v.conversion]
    sheet.finish(freeze="C2")
    sheet.sheet.auto_filter.ref = sheet.sheet.dimensions
    _about(
        book,
        [
            (_("cooperation zone"), str(program)),
            (_("figures as recorded by"), on),
            (_("projects"), len(rows)),
            *_generated(user),
            (
                _("note"),
                _(
                    "Each figure is the latest recorded on or before that day, converted to CNY "
                    "at the rate in force on the day it was recorded."
                ),
            ),
        ],
        [r for r in rates if r.source != money.IDENTITY],
    )
    return _save(book)


# --- the quarterly report --------------------------------------------------------------------------


def report_headers(first: str) -> list[str]:
    return [
        first,
        _("projects signed"),
        _("projects moved forward"),
        _("projects stuck at quarter end"),
        _("contracted investment (CNY)"),
        _("investment arrived (CNY)"),
        _("figures converted"),
    ]


def _report_line(sheet: Sheet, line: ReportLine, label: str | None = None) -> None:
    sheet.row(
        [
            label or line.label,
            len(line.signed_ids),
            len(line.moved_ids),
            len(line.stuck_ids),
            _number(line.contracted.amount_cny),
            _number(line.arrived.amount_cny),
            line.contracted.count + line.arrived.count,
        ],
        [
            None,
            COUNT_FORMAT,
            COUNT_FORMAT,
            COUNT_FORMAT,
            AMOUNT_FORMAT,
            AMOUNT_FORMAT,
            COUNT_FORMAT,
        ],
    )


def report_workbook(report: QuarterlyReport, *, program: Any, user: Any) -> bytes:
    """Return the quarterly zone report as .xlsx: the figures, the moves and the stuck projects."""
    book = Workbook()
    quarter = _("%(year)s Q%(quarter)s") % {"year": report.year, "quarter": report.quarter}
    sheet = Sheet(book.active)
    sheet.sheet.title = quarter[:31]
    if report.provisional:
        sheet.title(_("Provisional: the quarter is not over."), SECTION_FONT)
    sheet.header(report_headers(pgettext("report grouping", "group")))
    _report_line(sheet, report.zone, _("whole zone"))
    sheet.blank()
    sheet.title(_("By sub-area"), SECTION_FONT)
    sheet.header(report_headers(_("sub-area")))
    for line in report.by_sub_area:
        _report_line(sheet, line)
    sheet.blank()
    sheet.title(_("By industry direction"), SECTION_FONT)
    sheet.header(report_headers(_("industry direction")))
    for line in report.by_direction:
        _report_line(sheet, line)
    sheet.finish(freeze="B3" if report.provisional else "B2")

    moves = Sheet(book.create_sheet(_("Moves forward")[:31]))
    moves.header([_("date"), _("project code"), _("title"), _("from stage"), _("to stage")])
    for move in report.moves:
        moves.row(
            [
                move.happened_on,
                move.project.code,
                move.project.title,
                move.get_from_stage_display(),
                move.get_to_stage_display(),
            ]
        )
    moves.finish(freeze="A2")

    stuck = Sheet(book.create_sheet(_("Stuck projects")[:31]))
    stuck.header(
        [_("project code"), _("title"), _("stage"), _("in stage since"), _("days"), _("limit")]
    )
    for row in report.stuck:
        stuck.row(
            [
                row.project.code,
                row.project.title,
                row.stage_label,
                row.since,
                row.days,
                row.threshold,
            ]
        )
    stuck.finish(freeze="A2")

    rates = list(report.zone.contracted.rates) + list(report.zone.arrived.rates)
    _about(
        book,
        [
            (_("cooperation zone"), str(program)),
            (_("quarter"), quarter),
            (_("from"), report.start),
            (_("to"), report.end),
            *_generated(user),
            (
                _("note"),
                _(
                    "Investment is the latest figure of each project recorded by the quarter's "
                    "end; a project counts once in the zone and in every group it belongs to."
                ),
            ),
        ],
        rates,
    )
    return _save(book)
