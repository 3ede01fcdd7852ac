"""NIK structure, repair and the region table (fictional numbers only)."""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.id import nik as stdnum_nik

from idextract.parsers import nik

TODAY = dt.date(2026, 11, 25)


def test_decode_parts() -> None:
    info = nik.decode("3273016501900001")
    assert info is not None
    assert (info.province_code, info.regency_code, info.district_code) == ("32", "73", "01")
    assert (info.birth_day, info.birth_month, info.birth_yy, info.female) == (25, 1, 90, True)
    assert nik.decode("327301650190000") is None  # 15 digits


@pytest.mark.parametrize(
    ("raw", "digits", "repaired"),
    [
        ("3273012501900001", "3273012501900001", 0),
        ("3273 0125 0190 0001", "3273012501900001", 0),
        ("3273 0125 O19O OOO1", "3273012501900001", 5),  # O read for 0
        ("32730I25B1900001", "3273012581900001", 2),  # I for 1, B for 8
        ("3273-0125-0190-00S1", "3273012501900051", 1),
    ],
)
def test_repair(raw: str, digits: str, repaired: int) -> None:
    out, notes = nik.repair(raw)
    assert out == digits
    assert len(notes) == repaired


def test_letters_that_look_like_no_digit_survive_repair() -> None:
    out, _ = nik.repair("3273X12501900001")
    assert out == "3273X12501900001" and nik.decode(out) is None


@pytest.mark.parametrize(
    ("number", "hint", "expected"),
    [
        ("3273012501900001", None, dt.date(1990, 1, 25)),
        ("3273012501050001", None, dt.date(2005, 1, 25)),  # 21 in 2026: 2005, not 1905
        ("3273012501150001", None, dt.date(1915, 1, 25)),  # 2015 would be 11 years old: too young for a KTP
        ("3273012501150001", 2000, dt.date(2015, 1, 25)),  # the printed year decides
        ("3273013102900001", None, None),  # 31 February
    ],
)
def test_birth_date_century(number: str, hint: int | None, expected: dt.date | None) -> None:
    info = nik.decode(number)
    assert info is not None
    assert nik.birth_date(info, today=TODAY, century_hint=hint) == expected


def test_mask_keeps_four_and_four() -> None:
    assert nik.mask("3273012501900001") == "3273********0001"
    assert "0125019" not in nik.mask("3273012501900001")


def test_region_table_has_the_38_provinces() -> None:
    table = nik.provinces()
    assert len(table) == 38
    assert table["34"] == ("DAERAH ISTIMEWA YOGYAKARTA", "DI YOGYAKARTA")
    assert table["31"][1] == "DKI JAKARTA"
    assert {"91", "92", "93", "94", "95", "96"} <= set(table)


@pytest.mark.parametrize("code", ["65", "92", "93", "95", "96"])
def test_stdnum_region_data_lacks_newer_provinces(code: str) -> None:
    """Why the province check uses regions.tsv: python-stdnum's table predates the 2012 and 2022
    splits. If this starts failing, stdnum caught up and could be used again."""
    assert not stdnum_nik.is_valid(f"{code}71012501900001")
    assert code in nik.provinces()
