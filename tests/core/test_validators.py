"""The pure validators, on real valid and invalid codes (no Django needed)."""

from __future__ import annotations

from datetime import date

import pytest

from hezuo.core import validators as v


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("210000", "province"),
        ("210200", "city"),
        ("210213", "county"),
        ("520203", "county"),
        ("520203101", "township"),
        ("520203101001", "village"),
    ],
)
def test_region_level(code, level):
    assert v.region_level(code) == level


@pytest.mark.parametrize("code", ["21000", "2102000", "0012345", "52020A", "", "5202031010011"])
def test_region_level_refuses_bad_shapes(code):
    with pytest.raises(v.CodeError) as exc:
        v.region_level(code)
    assert exc.value.code == "region_shape"


def test_region_parent_consistency():
    v.validate_region_parent("210000", None)
    v.validate_region_parent("210200", "210000")
    v.validate_region_parent("210213", "210200")
    v.validate_region_parent("120101", "120100")  # a district under a municipality's 市辖区 row
    v.validate_region_parent("520203101", "520203")
    for code, parent in [
        ("210213", "520200"),
        ("210200", "520000"),
        ("210000", "100000"),
        ("520203101001", "520203102"),
        ("210213", None),
    ]:
        with pytest.raises(v.CodeError):
            v.validate_region_parent(code, parent)


def test_full_width_digits_are_folded():
    assert v.region_level("２１０２１３") == "county"


def test_foreign_region():
    assert v.validate_foreign_region("jp-27", "jp") == "JP-27"
    assert v.validate_foreign_region("JP-27-27100", "JP") == "JP-27-27100"
    with pytest.raises(v.CodeError):
        v.validate_foreign_region("JP-99", "JP")
    with pytest.raises(v.CodeError):
        v.validate_foreign_region("CN-27", "JP")


@pytest.mark.parametrize("code", ["CN", "jp", "US"])
def test_country(code):
    assert v.validate_country(code) == code.upper()


@pytest.mark.parametrize("code", ["XX", "CHN", "", "1"])
def test_country_refused(code):
    with pytest.raises(v.CodeError):
        v.validate_country(code)


def test_currency():
    assert v.validate_currency("cny") == "CNY"
    assert v.validate_currency("JPY") == "JPY"
    for bad in ["XYZ", "RMB", "YEN", ""]:
        with pytest.raises(v.CodeError):
            v.validate_currency(bad)


def test_uscc():
    # A published example code with its GB 32100 check character.
    assert v.validate_uscc("91110108551385082Q") == "91110108551385082Q"
    assert v.validate_uscc(" 91110108551385082q ") == "91110108551385082Q"
    with pytest.raises(v.CodeError) as exc:
        v.validate_uscc("91110108551385082A")
    assert exc.value.code == "uscc_checksum"
    with pytest.raises(v.CodeError) as exc:
        v.validate_uscc("9111010855138508")
    assert exc.value.code == "uscc_length"


def test_jp_corporate_number():
    assert v.validate_jp_corporate_number("5835678256246") == "5835678256246"
    with pytest.raises(v.CodeError) as exc:
        v.validate_jp_corporate_number("5835678256247")
    assert exc.value.code == "jpcn_checksum"
    with pytest.raises(v.CodeError):
        v.validate_jp_corporate_number("12345")


def test_resident_id():
    parsed = v.validate_resident_id("11010519491231002x")
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "F"
    assert parsed.region_code == "110105"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("110105194912310021", "ric_checksum"),
        ("110105194902300020", "ric_birth_date"),
        ("110105194913310021", "ric_birth_date"),
        ("99010519491231002" + "0", "ric_checksum"),
        ("1101051949123100A2", "ric_format"),
        ("1101051949123100", "ric_length"),
        ("5.20203198001011E+17", "ric_number_format"),
    ],
)
def test_resident_id_refused(code, reason):
    with pytest.raises(v.CodeError) as exc:
        v.validate_resident_id(code)
    assert exc.value.code == reason


def _with_check_digit(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


def test_resident_id_region_may_postdate_birth():
    # 金州区 got its code 210213 in 1987; a person born there in 1970 carries it all the same.
    parsed = v.validate_resident_id(_with_check_digit("21021319700101123"))
    assert parsed.region_code == "210213"
    assert parsed.sex == "M"


def test_resident_id_with_unknown_region_refused():
    with pytest.raises(v.CodeError) as exc:
        v.validate_resident_id(_with_check_digit("99999919700101123"))
    assert exc.value.code == "ric_region"
