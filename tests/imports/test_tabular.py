"""The pure core of imports: normalisation, refusals, headers, readers, writers, duplicates."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from hezuo.core import tabular
from hezuo.core.tabular import ValueProblem

ID = "52020319800101100X"  # a valid GB 11643 number ending in X


def test_text_folds_full_width_digits_and_letters_and_strips() -> None:
    assert tabular.text("  ＡＢＣ１２３ ") == "ABC123"
    assert tabular.text("\u3000张三\u3000") == "张三"
    # full-width punctuation is how Chinese names are written: kept
    assert tabular.text("大连（示例）有限公司") == "大连（示例）有限公司"
    assert tabular.text(3.0) == "3"
    assert tabular.text(None) == ""


def test_code_text_upper_cases_and_removes_spaces() -> None:
    assert tabular.code_text(" ９１２１０２ｘ ") == "912102X"


@pytest.mark.parametrize(
    "value",
    [
        "2020-08-24",
        "2020/8/24",
        "2020年8月24日",
        "２０２０年８月２４日",
        " 2020.08.24 ",
        "20200824",
        44067,
        44067.0,
        "44067",
        datetime(2020, 8, 24),
        date(2020, 8, 24),
        "2020-08-24 00:00:00",
    ],
)
def test_dates_in_every_form(value: object) -> None:
    assert tabular.parse_date(value) == date(2020, 8, 24)


@pytest.mark.parametrize(
    ("value", "code"),
    [("2020-02-30", "date_impossible"), ("24.8.", "date_format"), ("yesterday", "date_format")],
)
def test_bad_dates_are_refused(value: str, code: str) -> None:
    with pytest.raises(ValueProblem) as info:
        tabular.parse_date(value)
    assert info.value.code == code


def test_decimals() -> None:
    assert tabular.parse_decimal("１，２３４.５") == Decimal("1234.50")
    assert tabular.parse_decimal("¥ 6,500") == Decimal("6500.00")
    assert tabular.parse_decimal(6500.25) == Decimal("6500.25")
    assert tabular.parse_decimal("") is None
    for bad, code in (("abc", "number"), ("1.234", "number_places"), ("nan", "number")):
        with pytest.raises(ValueProblem) as info:
            tabular.parse_decimal(bad)
        assert info.value.code == code


def _valid_id(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


def test_id_numbers_normalised() -> None:
    number = _valid_id("52020319800101100")
    assert number == ID
    assert tabular.parse_id_number(ID.lower()).number == ID  # lower-case x
    full_width = ID.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    assert tabular.parse_id_number(f"  {full_width} ").number == ID
    parsed = tabular.parse_id_number(ID)
    assert parsed.birth_date == date(1980, 1, 1)
    assert parsed.sex == "F"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (5.20203198001011e17, "id_as_number"),  # the cell holds a number
        ("5.20203198001011E+17", "id_as_number"),  # as a csv shows it
        ("520203198001011010.0", "id_as_number"),
        ("52020319800101100", "id_lost_check"),  # the final X dropped
        ("520203198001011001", "ric_checksum"),
        ("52020319800101", "ric_length"),
    ],
)
def test_id_numbers_refused(value: object, code: str) -> None:
    with pytest.raises(ValueProblem) as info:
        tabular.parse_id_number(value)
    assert info.value.code == code
    if code.startswith("id_"):
        assert "format the column as text" in info.value.message


def test_choices_by_code_or_label() -> None:
    aliases = {"head": "head", "户主": "head", "spouse": "spouse", "配偶": "spouse"}
    assert tabular.parse_choice(" 户主 ", aliases) == "head"
    assert tabular.parse_choice("HEAD", aliases) == "head"
    with pytest.raises(ValueProblem):
        tabular.parse_choice("boss", aliases)


def test_headers_by_code_or_label_with_unknown_missing_and_twice() -> None:
    aliases = {
        "id_number": ["居民身份证号码", "住民身分証番号", "resident ID number"],
        "name": ["姓名", "Name"],
    }
    found = tabular.match_headers([" 居民身份证号码 ", "NAME", "extra"], aliases, required=["name"])
    assert found.columns == {"id_number": 0, "name": 1}
    assert [e.code for e in found.errors] == ["header_unknown"]
    found = tabular.match_headers(["name", "姓名"], aliases, required=["id_number"])
    assert sorted(e.code for e in found.errors) == ["header_missing", "header_twice"]


def test_duplicates_name_both_rows() -> None:
    finder = tabular.DuplicateFinder()
    assert finder.check("a", 2) is None
    assert finder.check("b", 3) is None
    assert finder.check("a", 7) == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_detected(encoding: str) -> None:
    content = "姓名,id_number\n张三,52020319800101101X\n".encode(encoding)
    rows = list(tabular.read_csv(io.BytesIO(content)))
    assert rows == [["姓名", "id_number"], ["张三", "52020319800101101X"]]


def test_xlsx_written_is_read_back_by_openpyxl_and_calamine() -> None:
    buffer = io.BytesIO()
    count = tabular.write_xlsx(
        buffer, ["a", "b", "c"], [["x & <y>", 1.5, None], ["中文", 2, "z"]], text_columns=[0]
    )
    assert count == 2
    buffer.seek(0)
    assert list(tabular.read_xlsx(buffer)) == [
        ["a", "b", "c"],
        ["x & <y>", 1.5, ""],
        ["中文", 2.0, "z"],
    ]
    buffer.seek(0)
    sheet = openpyxl.load_workbook(buffer).active
    assert [list(r) for r in sheet.values] == [
        ["a", "b", "c"],
        ["x & <y>", 1.5, None],
        ["中文", 2, "z"],
    ]


def test_xlsx_leading_empty_rows_keep_excel_numbers() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B3"] = "name"
    sheet["B4"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    rows = list(tabular.read_xlsx(buffer))
    assert rows[2][1] == "name"
    assert rows[3][1] == "x"


def test_unknown_file_format_refused() -> None:
    with pytest.raises(ValueProblem):
        tabular.file_format("ledger.xls")


def test_fast_id_check_agrees_with_the_validator() -> None:
    """The bulk ID check refuses and accepts exactly what hezuo.core.validators does."""
    import random

    from hezuo.core import validators

    rng = random.Random(6)
    prefixes = ["520203", "520221", "110101", "999999", "210202", "000000"]
    for _ in range(3000):
        body = rng.choice(prefixes) + f"{rng.randrange(1900, 2030)}{rng.randrange(0, 14):02d}"
        body += f"{rng.randrange(0, 33):02d}{rng.randrange(1000):03d}"
        code = body + rng.choice("0123456789X")
        try:
            expected = validators.validate_resident_id(code)
        except validators.CodeError as exc:
            with pytest.raises(ValueProblem) as info:
                tabular.parse_id_number(code)
            assert info.value.code == exc.code, code
        else:
            assert tabular.parse_id_number(code) == expected
