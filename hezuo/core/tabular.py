"""Reading and writing ledgers as tables (.csv, .xlsx): pure Python, no Django.

What lives here:

* value normalisation the way a user expects it (full-width forms folded, surrounding spaces
  dropped, a lower-case check character x, dates in the forms Chinese and Japanese offices write
  and Excel date serials), with refusals that carry a machine-readable ``code``;
* header matching (a field's code or its label in any language);
* streaming readers: .csv in UTF-8 (with or without BOM) or GB18030, detected; .xlsx through
  python-calamine (Rust), with openpyxl's read-only mode as the fallback;
* a streaming .xlsx writer (inline strings, one pass, constant memory) and a .csv writer;
* duplicate detection inside a file, reporting both row numbers.

Row numbers are those the user sees in Excel: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from hezuo.core import validators

# --- errors -------------------------------------------------------------------------------------


@dataclass
class CellError:
    """One problem of one cell (or one row when ``column`` is empty) of an uploaded file."""

    row: int
    column: str
    value: str
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "message": self.message,
        }


class ValueProblem(ValueError):
    """A value cannot be normalised; ``code`` names the reason, ``params`` fill the message."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params


# --- normalisation ------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def text(value: Any) -> str:
    """Return a cell as text: full-width forms folded (NFKC), surrounding spaces stripped.

    A whole number stored as a float (3.0, as Excel keeps every number) is written without
    its ``.0``.
    """
    if type(value) is str and value.isascii():
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    string = str(value)
    if string.isascii():
        return string.strip()
    return string.translate(_FULL_WIDTH).strip()


#: Full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ) and the ideographic space to ASCII;
#: other full-width forms (（）、，) are part of how Chinese and Japanese names are written and stay.
_FULL_WIDTH = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
    0x3000: 0x20,
}


def folded(value: Any) -> str:
    """Return a cell as text with every compatibility form folded (NFKC): for codes and numbers."""
    string = text(value)
    return string if string.isascii() else unicodedata.normalize("NFKC", string)


def code_text(value: Any) -> str:
    """Return a code (household number, credit code): folded, all spaces removed, upper-case."""
    if type(value) is str and value.isascii():
        return "".join(value.split()).upper()
    return _SPACES.sub("", folded(value)).upper()


_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, with Excel's 1900 leap-year bug
_DATE_FORMS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def parse_date(value: Any) -> date | None:
    """Return a date from 2020-08-24, 2020/8/24, 2020年8月24日, 20200824 or an Excel serial."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial(float(value), str(value))
    string = _SPACES.sub("", folded(value))
    if not string:
        return None
    if string.endswith("00:00:00"):
        string = string[: -len("00:00:00")]
    for form in _DATE_FORMS:
        match = form.fullmatch(string)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError as exc:
                raise ValueProblem(
                    "date_impossible", "This day does not exist.", value=string
                ) from exc
    if re.fullmatch(r"\d{1,5}(\.\d+)?", string):
        return _serial(float(string), string)
    raise ValueProblem("date_format", "Write the date as 2020-08-24.", value=string)


def _serial(number: float, shown: str) -> date:
    if not 1 <= number < 2958466:  # 9999-12-31
        raise ValueProblem("date_format", "Write the date as 2020-08-24.", value=shown)
    return _EXCEL_EPOCH + timedelta(days=int(number))


def parse_decimal(value: Any, *, places: int = 2) -> Decimal | None:
    """Return a decimal from 1234.5, １２３４.５, 1,234.50 or ¥1234.5 (None when empty)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueProblem("number", "Write a number.", value=str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        result = Decimal(repr(value))
    else:
        string = _SPACES.sub("", folded(value)).replace(",", "").lstrip("¥")
        if not string:
            return None
        try:
            result = Decimal(string)
        except InvalidOperation as exc:
            raise ValueProblem("number", "Write a number.", value=string) from exc
        if not result.is_finite():
            raise ValueProblem("number", "Write a number.", value=string)
    quantum = Decimal(1).scaleb(-places)
    rounded = result.quantize(quantum)
    if rounded != result:
        raise ValueProblem("number_places", "Use at most %(places)s decimal places.", places=places)
    return rounded


def parse_choice(value: Any, choices: Mapping[str, str]) -> str:
    """Return the choice a cell names: its code or any of its labels (``choices``: alias → code)."""
    key = header_key(value)
    if key in choices:
        return choices[key]
    raise ValueProblem(
        "choice",
        "Choose one of: %(choices)s.",
        choices=", ".join(sorted(set(choices.values()))),
    )


def parse_id_number(value: Any) -> validators.ResidentId:
    """Return a checked GB 11643 resident ID number.

    An ID number that Excel stored as a number (5.20203198001011E+17, or 17 digits because a
    final X made the number lose it) is refused with a message saying the column must be
    formatted as text: the digits Excel dropped cannot be recovered.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueProblem(
            "id_as_number",
            "Excel turned the ID number into a number; format the column as text and type it again.",
        )
    string = code_text(value)
    if re.fullmatch(r"\d+(\.\d+)?E\+?\d+", string) or re.fullmatch(r"\d{15,18}\.0+", string):
        raise ValueProblem(
            "id_as_number",
            "Excel turned the ID number into a number; format the column as text and type it again.",
        )
    if re.fullmatch(r"\d{17}", string):
        raise ValueProblem(
            "id_lost_check",
            "The ID number lost its last character (an X?); "
            "format the column as text and type it again.",
        )
    return _resident_id(string)


@functools.lru_cache(maxsize=8192)
def _known_region(prefix: str) -> bool:
    """Whether python-stdnum's table knows the region code (as validate_resident_id asks)."""
    from stdnum import numdb

    parts = numdb.get("cn/loc").info(prefix)
    return len(parts) >= 2 and bool(parts[1][1])


def id_number_parts(value: Any) -> tuple[str, date, str]:
    """Return (number, birth date, sex) of a checked ID number: :func:`parse_id_number`, faster.

    The fast path takes the common cell, 18 ASCII characters of 17 digits and a digit or x/X;
    anything else goes through :func:`parse_id_number` and is refused exactly as there.
    """
    if (
        type(value) is str
        and len(value) == 18
        and value.isascii()
        and value[:17].isdigit()
        and (value[17].isdigit() or value[17] in "xX")
    ):
        return _id_parts(value if value[17] != "x" else value[:17] + "X")
    parsed = parse_id_number(value)
    return parsed.number, parsed.birth_date, parsed.sex


#: Birth dates by their eight digits (a ledger has a few tens of thousands of distinct ones);
#: None for a day that does not exist.
_BIRTH_DATES: dict[str, date | None] = {}


def _birth_date(digits: str) -> date | None:
    try:
        return _BIRTH_DATES[digits]
    except KeyError:
        pass
    try:
        born: date | None = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        born = None
    if len(_BIRTH_DATES) < 200_000:
        _BIRTH_DATES[digits] = born
    return born


def _id_parts(code: str) -> tuple[str, date, str]:
    """The checks of :func:`hezuo.core.validators.validate_resident_id`, about 20× faster.

    A ledger has hundreds of thousands of ID numbers: the check digit (GB 11643 §4.3, ISO 7064
    MOD 11-2) and the birth date are computed here directly (each distinct birth date once),
    and whether the region code exists is asked of python-stdnum's table once per six-digit
    prefix. Any number refused here is refused there too, with the same code.
    """
    if len(code) != 18:
        raise ValueProblem("ric_length", "A resident ID number has 18 characters.")
    body = code[:17]
    if not body.isdigit() or not (code[17].isdigit() or code[17] == "X"):
        raise ValueProblem("ric_format", "The ID number contains characters it cannot.")
    # ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, i.e. the body read in base 13 (as stdnum does)
    check = (1 - 2 * int(body, 13)) % 11
    if ("X" if check == 10 else str(check)) != code[17]:
        raise ValueProblem("ric_checksum", "The check digit of the ID number is wrong.")
    born = _birth_date(code[6:14])
    if born is None:
        raise ValueProblem("ric_birth_date", "The ID number holds an impossible birth date.")
    if not _known_region(code[:6]):
        raise ValueProblem("ric_region", "The ID number starts with an unknown region code.")
    return code, born, "M" if int(code[16]) % 2 else "F"


def _resident_id(code: str) -> validators.ResidentId:
    """The checks of :func:`hezuo.core.validators.validate_resident_id` (see :func:`_id_parts`)."""
    number, born, sex = _id_parts(code)
    return validators.ResidentId(number=number, birth_date=born, sex=sex, region_code=code[:6])


# --- headers ------------------------------------------------------------------------------------


def header_key(value: Any) -> str:
    """Return the form headers and choice labels are compared in: folded, no spaces, lower-case."""
    return _SPACES.sub("", folded(value)).casefold().replace("*", "")


@dataclass(frozen=True)
class HeaderMatch:
    """Which column of the file holds which field (``columns``: field code → column index)."""

    columns: dict[str, int]
    written: list[str]
    errors: list[CellError]


def match_headers(
    headers: Sequence[Any],
    aliases: Mapping[str, Iterable[str]],
    *,
    required: Iterable[str] = (),
) -> HeaderMatch:
    """Match the header row to fields by code or any label; report unknown and missing ones."""
    lookup: dict[str, str] = {}
    for code, names in aliases.items():
        lookup[header_key(code)] = code
        for name in names:
            lookup.setdefault(header_key(name), code)
    columns: dict[str, int] = {}
    written = [text(h) for h in headers]
    errors: list[CellError] = []
    for index, header in enumerate(written):
        if not header:
            continue
        found = lookup.get(header_key(header))
        if found is None:
            errors.append(
                CellError(1, header, header, "header_unknown", "This column is not known.")
            )
        elif found in columns:
            errors.append(
                CellError(
                    1,
                    header,
                    header,
                    "header_twice",
                    "This column appears twice (also column %(other)s).",
                    {"other": column_letter(columns[found])},
                )
            )
        else:
            columns[found] = index
    for code in required:
        if code not in columns:
            errors.append(
                CellError(
                    1,
                    code,
                    "",
                    "header_missing",
                    "The column %(field)s is missing.",
                    {"field": code},
                )
            )
    return HeaderMatch(columns=columns, written=written, errors=errors)


def column_letter(index: int) -> str:
    """Return Excel's letter for the 0-based column ``index`` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- duplicates ---------------------------------------------------------------------------------


class DuplicateFinder:
    """Remember the first row of each key; report a later row with the same key."""

    def __init__(self) -> None:
        self.seen: dict[Any, int] = {}

    def check(self, key: Any, row: int) -> int | None:
        """Return the row that already had ``key``, or None (and remember ``row``)."""
        first = self.seen.setdefault(key, row)
        return None if first == row else first


# --- readers ------------------------------------------------------------------------------------

FORMATS = ("csv", "xlsx")


def file_format(name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueProblem("file_format", "Upload a .xlsx or .csv file.")
    return suffix


def detect_encoding(stream: IO[bytes]) -> str:
    """Return ``utf-8-sig`` (BOM), ``utf-8`` or ``gb18030`` after reading the whole stream once."""
    start = stream.tell()
    head = stream.read(3)
    if head == codecs.BOM_UTF8:
        stream.seek(start)
        return "utf-8-sig"
    stream.seek(start)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(1 << 20):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        encoding = "utf-8"
    except UnicodeDecodeError:
        encoding = "gb18030"
    stream.seek(start)
    return encoding


def read_csv(stream: IO[bytes]) -> Iterator[list[str]]:
    """Yield the rows of a .csv file in UTF-8 (with or without BOM) or GB18030."""
    encoding = detect_encoding(stream)
    wrapper = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        sample = wrapper.read(4096)
        wrapper.seek(0)
        try:
            dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        yield from csv.reader(wrapper, dialect)
    finally:
        wrapper.detach()


def read_xlsx(stream: IO[bytes]) -> Iterator[list[Any]]:
    """Yield the rows of the first sheet of a .xlsx file (values: str, float, int, date)."""
    try:
        import python_calamine
    except ImportError:  # pragma: no cover - the fallback when the wheel is missing
        yield from _read_xlsx_openpyxl(stream)
        return
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(stream)
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # noqa: BLE001 - any failure to open is the same to the user
        raise ValueProblem("file_unreadable", "The file cannot be read as .xlsx.") from exc
    # calamine yields the leading empty rows but starts each row at the first non-empty
    # column: put back the columns before it, so that a cell keeps its place.
    first_col = (sheet.start or (0, 0))[1]
    pad: list[Any] = [None] * first_col
    for row in sheet.iter_rows():
        yield pad + list(row) if first_col else list(row)


def _read_xlsx_openpyxl(stream: IO[bytes]) -> Iterator[list[Any]]:
    import openpyxl

    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def read_rows(stream: IO[bytes], fmt: str) -> Iterator[list[Any]]:
    """Yield the rows (header first) of a .csv or .xlsx stream."""
    return read_csv(stream) if fmt == "csv" else read_xlsx(stream)


# --- writers ------------------------------------------------------------------------------------

_XML_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return f"<c><v>{value}</v></c>"
    string = str(value)
    if not string.isascii() or any(ch in string for ch in '&<>"'):
        string = string.translate(_XML_ESCAPE)
    if _XML_BAD.search(string):
        string = _XML_BAD.sub("", string)
    return f'<c t="inlineStr"><is><t xml:space="preserve">{string}</t></is></c>'


_XML_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f]')
_STRING_OPEN = '<c t="inlineStr"><is><t xml:space="preserve">'
_STRING_CLOSE = "</t></is></c>"


def _row_xml(row: Sequence[Any]) -> str:
    """One ``<row>``: the cells of :func:`_cell`, with strings and numbers handled inline
    (a million-row export calls this for every row)."""
    parts = ["<row>"]
    append = parts.append
    for value in row:
        kind = type(value)
        if kind is str:
            if not value:
                append("<c/>")
            elif _XML_SPECIAL.search(value) is None:
                append(_STRING_OPEN + value + _STRING_CLOSE)
            else:
                append(_cell(value))
        elif value is None:
            append("<c/>")
        elif kind is int or kind is float or kind is Decimal:
            append(f"<c><v>{value}</v></c>")
        else:
            append(_cell(value))
    append("</row>")
    return "".join(parts)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook_xml(sheet_name: str) -> str:
    name = sheet_name.translate(_XML_ESCAPE)[:31] or "Sheet1"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def write_xlsx(
    target: IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str = "Sheet1",
    text_columns: Iterable[int] = (),
    on_row: Callable[[int], None] | None = None,
) -> int:
    """Write one sheet in a single streaming pass and return the number of data rows.

    Strings are inline (no shared-strings table to hold in memory); numbers stay numbers. The
    ``text_columns`` get Excel's text format (@) so that an ID number typed in later is not
    turned into a number. Far faster than a general-purpose writer for large exports.
    """
    text_set = set(text_columns)
    styled = ' style="1"'
    cols = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="20"{styled if i in text_set else ""}/>'
        for i in range(len(headers))
    )
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _workbook_xml(sheet_name))
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw:
            out = io.BufferedWriter(raw, buffer_size=1 << 20)
            out.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + (f"<cols>{cols}</cols>".encode() if cols else b"")
                + b"<sheetData>"
            )
            out.write(("<row>" + "".join(map(_cell, headers)) + "</row>").encode())
            batch: list[str] = []
            for row in rows:
                batch.append(_row_xml(row))
                count += 1
                if len(batch) == 2000:
                    out.write("".join(batch).encode())
                    batch.clear()
                    if on_row is not None:
                        on_row(count)
            out.write("".join(batch).encode())
            out.write(b"</sheetData></worksheet>")
            out.flush()
            out.detach()
    if on_row is not None:
        on_row(count)
    return count


def write_csv(
    target: IO[bytes],
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    on_row: Callable[[int], None] | None = None,
) -> int:
    """Write UTF-8 with BOM (so that Excel reads Chinese text right) and return the row count."""
    wrapper = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
    writer = csv.writer(wrapper)
    writer.writerow(headers)
    count = 0
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        count += 1
        if on_row is not None and count % 2000 == 0:
            on_row(count)
    wrapper.flush()
    wrapper.detach()
    if on_row is not None:
        on_row(count)
    return count
