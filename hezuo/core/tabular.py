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
        raise ValueProblem("ric_length", "A resident ID number has 18 characters.", value=code)
    body = code[:17]
    if not body.isdigit() or not (code[17].isdigit() or code[17] == "X"):
        raise ValueProblem("ric_format", "The ID number contains characters it cannot.", value=code)
    # ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, i.e. the body read in base 13 (as stdnum does)
    check = (1 - 2 * int(body, 13)) % 11
    if ("X" if check == 10 else str(check)) != code[17]:
        raise ValueProblem("ric_checksum", "The check digit of the ID number is wrong.", value=code)
    born = _birth_date(code[6:14])
    if born is None:
        raise ValueProblem(
            "ric_birth_date", "The ID number holds an impossible birth date.", value=code
        )
    if not _known_region(code[:6]):
        raise ValueProblem(
            "ric_region", "The ID number starts with an unknown region code.", value=code
        )
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


# --- limits -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadLimits:
    """How much of an uploaded file is read before it is refused.

    A .xlsx file is a zip archive of XML: a file of a few kilobytes can unpack to gigabytes, and
    a sheet with one value at A1 and another at XFD1048576 is read by calamine into a dense grid
    of 17 billion cells. So the archive's members, the sheet's declared ``<dimension>`` and the
    cells actually present are checked (streaming, in constant memory) before the sheet is read;
    a .csv file's rows and columns are counted while it is read.
    """

    #: Rows of a sheet, header included (a .csv or .xlsx file).
    max_rows: int = 1_100_000
    #: Columns of any row (the widest ledger has 19).
    max_columns: int = 64
    #: Rows × columns of a .xlsx sheet's used range (calamine holds it as a dense grid).
    max_xlsx_cells: int = 4_000_000
    #: Sum of the unpacked sizes of a .xlsx file's members.
    max_uncompressed_bytes: int = 400 * 2**20
    #: Unpacked size ÷ packed size of a .xlsx member of more than a megabyte.
    max_compression_ratio: int = 200


#: Excel's own limits (ECMA-376 Part 1 §18.3.1.73 (row r ≤ 1048576) and §18.3.1.4 (XFD)).
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384

_MB = 2**20
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")


def column_index(letters: str) -> int:
    """Return the 0-based column index of Excel's column ``letters`` (A → 0, AA → 26)."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _megabytes(size: int) -> str:
    return f"{size / _MB:.1f}"


def _first_sheet(archive: zipfile.ZipFile) -> list[str]:
    """The member names of the sheet calamine reads (the first of the workbook), or of every
    worksheet when the workbook does not say (so that none escapes the check)."""
    names = set(archive.namelist())
    every = sorted(n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n))
    try:
        with archive.open("xl/workbook.xml") as member:
            workbook = member.read(4 * _MB).decode("utf-8", "replace")
        with archive.open("xl/_rels/workbook.xml.rels") as member:
            rels = member.read(4 * _MB).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return every
    sheet = re.search(r"<(?:\w+:)?sheet\b[^>]*?\br(?:elationships)?:id=\"([^\"]+)\"", workbook)
    if sheet is None:
        return every
    for rel in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        attrs = rel.group(1)
        rel_id = re.search(r"\bId=\"([^\"]+)\"", attrs)
        target = re.search(r"\bTarget=\"([^\"]+)\"", attrs)
        if rel_id and target and rel_id.group(1) == sheet.group(1):
            path = target.group(1)
            path = path.lstrip("/") if path.startswith("/") else "xl/" + path
            parts: list[str] = []
            for part in path.split("/"):
                if part == "..":
                    if parts:
                        parts.pop()
                elif part not in ("", "."):
                    parts.append(part)
            found = "/".join(parts)
            return [found] if found in names else every
    return every


_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|dimension)\b([^>]*)>")
_R_ATTR = re.compile(rb"\br=\"([^\"]*)\"")
_REF_ATTR = re.compile(rb"\bref=\"([^\"]*)\"")


def check_xlsx(stream: IO[bytes], limits: ReadLimits) -> None:
    """Refuse (ValueProblem) a .xlsx file that would take more than ``limits`` to read.

    Checked in this order, each before any cell is read into memory: that the file is a zip
    archive; the unpacked size of its members and their compression ratios; then, streaming
    through the first sheet's XML once, its declared ``<dimension>`` and the row and column of
    every cell that holds a value (a sheet may declare a smaller range than it has, or none).
    Leaves the stream where it was.
    """
    start = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            _check_members(archive, limits)
            for name in _first_sheet(archive):
                with archive.open(name) as member:
                    _check_sheet(member, limits)
    except zipfile.BadZipFile as exc:
        raise ValueProblem("file_unreadable", "The file cannot be read as .xlsx.") from exc
    finally:
        stream.seek(start)


def _check_members(archive: zipfile.ZipFile, limits: ReadLimits) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > _MB:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise ValueProblem(
                    "xlsx_ratio",
                    "The file unpacks to %(ratio)s times its size (at most %(limit)s); "
                    "save it again from Excel or as .csv.",
                    ratio=int(ratio),
                    limit=limits.max_compression_ratio,
                )
    if total > limits.max_uncompressed_bytes:
        raise ValueProblem(
            "xlsx_unpacked",
            "Unpacked, the file holds %(size)s MB; at most %(limit)s MB can be read. "
            "Split it into several files.",
            size=_megabytes(total),
            limit=_megabytes(limits.max_uncompressed_bytes),
        )


def _check_sheet(member: IO[bytes], limits: ReadLimits) -> None:
    """Stream through a worksheet's XML: its declared dimension, then each cell's position."""
    max_rows = min(limits.max_rows, EXCEL_MAX_ROWS)
    max_columns = min(limits.max_columns, EXCEL_MAX_COLUMNS)
    row = 0  # the current row (1-based), from <row r="…"> or counted
    column = -1  # the current cell's column (0-based), from <c r="…"> or counted
    last_row = 0  # the furthest row and column that hold a value
    last_column = -1
    carry = b""
    while True:
        chunk = member.read(_MB)
        data = carry + chunk
        if not chunk:
            end = len(data)
        else:
            # a tag cut at the chunk's end is read with the next chunk
            cut = data.rfind(b"<")
            end = cut if cut != -1 and data.find(b">", cut) == -1 else len(data)
        for match in _TAG.finditer(data, 0, end):
            kind, attrs = match.group(1), match.group(2)
            if kind == b"c":
                ref = _R_ATTR.search(attrs)
                if ref is not None:
                    found = _CELL_REF.fullmatch(ref.group(1).decode("ascii", "replace"))
                    if found is None:
                        raise ValueProblem("file_unreadable", "The file cannot be read as .xlsx.")
                    column = column_index(found.group(1))
                    row = int(found.group(2))
                else:
                    column += 1
                if attrs.rstrip().endswith(b"/"):
                    continue  # an empty cell (only a style): not read into the grid
                if row > last_row:
                    last_row = row
                    if row > max_rows:
                        raise _too_many_rows(limits)
                if column > last_column:
                    last_column = column
                    if column >= max_columns:
                        raise _too_many_columns(row, column, limits)
                if last_row * (last_column + 1) > limits.max_xlsx_cells:
                    raise ValueProblem(
                        "xlsx_cells",
                        "The sheet reaches row %(rows)s and column %(column)s: more than the "
                        "%(limit)s cells that can be read at once. Split it into several files "
                        "or save it as .csv.",
                        rows=last_row,
                        column=column_letter(last_column),
                        limit=limits.max_xlsx_cells,
                    )
            elif kind == b"row":
                ref = _R_ATTR.search(attrs)
                row = int(ref.group(1)) if ref is not None and ref.group(1).isdigit() else row + 1
                column = -1
            else:  # <dimension ref="A1:XFD1048576"/>: refused before any cell is looked at
                _check_dimension(_REF_ATTR.search(attrs), max_rows, max_columns, limits)
        if not chunk:
            return
        carry = data[end:]
        if len(carry) > _MB:  # no tag is that long
            raise ValueProblem("file_unreadable", "The file cannot be read as .xlsx.")


def _check_dimension(
    ref: re.Match[bytes] | None, max_rows: int, max_columns: int, limits: ReadLimits
) -> None:
    if ref is None:
        return
    text_ref = ref.group(1).decode("ascii", "replace")
    corner = _CELL_REF.fullmatch(text_ref.split(":")[-1])
    if corner is None:
        return  # an unreadable dimension says nothing: the cells are checked one by one
    rows, columns = int(corner.group(2)), column_index(corner.group(1)) + 1
    if rows > max_rows or columns > max_columns:
        raise ValueProblem(
            "xlsx_dimension",
            "The sheet's used range is %(range)s: more than the %(rows)s rows and %(columns)s "
            "columns that can be read. Delete the rows and columns beyond your data (also empty "
            "but formatted ones) and save it again.",
            range=text_ref,
            rows=max_rows,
            columns=max_columns,
        )


def _too_many_rows(limits: ReadLimits) -> ValueProblem:
    return ValueProblem(
        "too_many_rows",
        "The file has more than %(limit)s rows; split it into several files.",
        limit=limits.max_rows,
    )


def _too_many_columns(row: int, column: int, limits: ReadLimits) -> ValueProblem:
    return ValueProblem(
        "too_many_columns",
        "Row %(row)s has a value in column %(column)s: at most %(limit)s columns can be read. "
        "Delete the columns beyond your data.",
        row=row,
        column=column_letter(column),
        limit=limits.max_columns,
    )


def _limited(rows: Iterable[list[Any]], limits: ReadLimits) -> Iterator[list[Any]]:
    """``rows``, refused (ValueProblem) once there are too many or one is too wide."""
    max_columns = limits.max_columns
    try:
        for number, row in enumerate(rows, start=1):
            if number > limits.max_rows:
                raise _too_many_rows(limits)
            if len(row) > max_columns:
                last = max((i for i, cell in enumerate(row) if cell not in (None, "")), default=-1)
                if last >= max_columns:
                    raise _too_many_columns(number, last, limits)
                del row[max_columns:]
            yield row
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # the reader's own clean-up, while its stream is still open


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
        try:
            # the quote csv_value put before a formula-like text comes off again
            for row in csv.reader(wrapper, dialect):
                yield [csv_unquoted(v) if v[:1] == CSV_QUOTE else v for v in row]
        except csv.Error as exc:  # a NUL byte, a field beyond csv.field_size_limit()
            raise ValueProblem("file_unreadable", "The file cannot be read as .csv.") from exc
    finally:
        wrapper.detach()


def read_xlsx(stream: IO[bytes], limits: ReadLimits | None = None) -> Iterator[list[Any]]:
    """Yield the rows of the first sheet of a .xlsx file (values: str, float, int, date).

    The file is first checked against ``limits`` (:func:`check_xlsx`): nothing is read into
    memory from a file that would take more.
    """
    check_xlsx(stream, limits or ReadLimits())
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


def read_rows(stream: IO[bytes], fmt: str, limits: ReadLimits | None = None) -> Iterator[list[Any]]:
    """Yield the rows (header first) of a .csv or .xlsx stream, refused beyond ``limits``."""
    limits = limits or ReadLimits()
    rows = read_csv(stream) if fmt == "csv" else read_xlsx(stream, limits)
    return _limited(rows, limits)


# --- writers ------------------------------------------------------------------------------------

#: A text cell that starts with one of these is read as a formula by spreadsheet programs, also
#: from a .csv: OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection)
#: names the equals sign, plus, minus, at sign, tab (0x09) and carriage return (0x0D).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: What OWASP prescribes for a .csv: the cell prefixed with a single quote, which spreadsheets
#: show as text and do not evaluate. :func:`read_csv` takes it off again.
CSV_QUOTE = "'"
#: Characters XML 1.0 does not allow (its ``Char`` production, https://www.w3.org/TR/xml/#charsets),
#: the same as openpyxl's ILLEGAL_CHARACTERS_RE plus lone surrogates and U+FFFE/U+FFFF: one of
#: them in a cell makes the whole .xlsx unreadable, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Link(str):
    """A cell's text that links to ``url`` (an .xlsx hyperlink; plain text in a .csv)."""

    url: str

    def __new__(cls, text: str, url: str) -> Link:
        link = super().__new__(cls, text)
        link.url = url
        return link


def sheet_text(value: str) -> tuple[str, bool]:
    """Return ``value`` as a cell may hold it, and whether it must be kept from being a formula.

    Every writer of a sheet (.xlsx or .csv, ours or openpyxl) passes its text through here: the
    characters XML forbids are removed, and a text that a spreadsheet would evaluate (see
    :data:`FORMULA_START`; also one behind protective quotes, so that the quote a user typed
    survives the round trip through :func:`csv_value` and :func:`read_csv`) is flagged.
    Numbers are not text and never pass here: a negative number stays a number.
    """
    if _NOT_XML.search(value):
        value = _NOT_XML.sub("", value)
    return value, value.lstrip(CSV_QUOTE).startswith(FORMULA_START)


def csv_value(value: Any) -> Any:
    """Return a .csv cell: numbers as they are, text that could run as a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    string, formula_like = sheet_text(str(value))
    return CSV_QUOTE + string if formula_like else string


def csv_unquoted(value: str) -> str:
    """Return a .csv cell without the quote :func:`csv_value` put before a formula-like text."""
    if value.startswith(CSV_QUOTE) and value.lstrip(CSV_QUOTE).startswith(FORMULA_START):
        return value[1:]
    return value


_XML_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_EXCEL_DAY_SECONDS = 86400
# The cell styles of _STYLES' cellXfs, by position.
_STYLE_TEXT_FORMAT, _STYLE_QUOTED, _STYLE_DATE, _STYLE_DATETIME = 1, 2, 3, 4
_STYLE_HEADER, _STYLE_LINK = 5, 6


def excel_serial(value: date) -> float:
    """Return a date or (naive, local) datetime as Excel's serial day number (1900 date system)."""
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - datetime(1899, 12, 30)
        return delta.days + delta.seconds / _EXCEL_DAY_SECONDS
    return float((value - _EXCEL_EPOCH).days)


def _cell(value: Any, style: int = 0) -> str:
    """One ``<c>`` (without a reference: cells follow each other from column A)."""
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return f"<c><v>{value}</v></c>"
    if isinstance(value, datetime):
        return f'<c s="{_STYLE_DATETIME}"><v>{excel_serial(value)}</v></c>'
    if isinstance(value, date):
        return f'<c s="{_STYLE_DATE}"><v>{excel_serial(value)}</v></c>'
    string, formula_like = sheet_text(str(value))
    if formula_like and not style:
        # An inline string is never evaluated; the quote prefix keeps it text when edited.
        style = _STYLE_QUOTED
    if not string.isascii() or any(ch in string for ch in '&<>"'):
        string = string.translate(_XML_ESCAPE)
    styled = f' s="{style}"' if style else ""
    return f'<c t="inlineStr"{styled}><is><t xml:space="preserve">{string}</t></is></c>'


_XML_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]')
_SLOW_START = frozenset((*FORMULA_START, CSV_QUOTE))
_STRING_OPEN = '<c t="inlineStr"><is><t xml:space="preserve">'
_STRING_CLOSE = "</t></is></c>"


def _row_xml(
    row: Sequence[Any], number: int = 0, links: list[tuple[str, str]] | None = None
) -> str:
    """One ``<row>``: the cells of :func:`_cell`, with strings and numbers handled inline
    (a million-row export calls this for every row). A :class:`Link` at sheet row ``number``
    is noted in ``links`` as (cell reference, url)."""
    parts = ["<row>"]
    append = parts.append
    for index, value in enumerate(row):
        kind = type(value)
        if kind is str:
            if not value:
                append("<c/>")
            elif value[0] not in _SLOW_START and _XML_SPECIAL.search(value) is None:
                append(_STRING_OPEN + value + _STRING_CLOSE)
            else:
                append(_cell(value))
        elif value is None:
            append("<c/>")
        elif kind is int or kind is float or kind is Decimal:
            append(f"<c><v>{value}</v></c>")
        elif kind is Link and links is not None and value:
            links.append((f"{column_letter(index)}{number}", value.url))
            append(_cell(value, _STYLE_LINK))
        else:
            append(_cell(value))
    append("</row>")
    return "".join(parts)


def _header_xml(headers: Sequence[str]) -> str:
    return "<row>" + "".join(_cell(h, _STYLE_HEADER) for h in headers) + "</row>"


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
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font>'
    '<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
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


def _sheet_rels(links: Sequence[tuple[str, str]]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{number}" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/hyperlink" '
            f'Target="{sheet_text(url)[0].translate(_XML_ESCAPE)}" TargetMode="External"/>'
            for number, (_ref, url) in enumerate(links, start=1)
        )
        + "</Relationships>"
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
    turned into a number. Far faster than a general-purpose writer for large exports. Dates are
    real Excel dates, a :class:`Link` a hyperlink, and text passes :func:`sheet_text`.
    """
    text_set = set(text_columns)
    styled = ' style="1"'
    cols = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="20"{styled if i in text_set else ""}/>'
        for i in range(len(headers))
    )
    count = 0
    links: list[tuple[str, str]] = []
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
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                + (f"<cols>{cols}</cols>".encode() if cols else b"")
                + b"<sheetData>"
            )
            out.write(_header_xml(headers).encode())
            batch: list[str] = []
            for row in rows:
                count += 1
                batch.append(_row_xml(row, count + 1, links))
                if len(batch) == 2000:
                    out.write("".join(batch).encode())
                    batch.clear()
                    if on_row is not None:
                        on_row(count)
            out.write("".join(batch).encode())
            out.write(b"</sheetData>")
            if links:
                out.write(b"<hyperlinks>")
                for number, (ref, _url) in enumerate(links, start=1):
                    out.write(f'<hyperlink ref="{ref}" r:id="rId{number}"/>'.encode())
                out.write(b"</hyperlinks>")
            out.write(b"</worksheet>")
            out.flush()
            out.detach()
        if links:
            zf.writestr("xl/worksheets/_rels/sheet1.xml.rels", _sheet_rels(links))
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
    """Write UTF-8 with BOM (so that Excel reads Chinese text right) and return the row count.

    Every cell passes :func:`csv_value` (a formula-like text is quoted).
    """
    wrapper = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
    writer = csv.writer(wrapper)
    writer.writerow([csv_value(h) for h in headers])
    count = 0
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
        count += 1
        if on_row is not None and count % 2000 == 0:
            on_row(count)
    wrapper.flush()
    wrapper.detach()
    if on_row is not None:
        on_row(count)
    return count
