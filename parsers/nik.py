"""NIK (Nomor Induk Kependudukan): the 16-digit number on every KTP.

``PPRRSSDDMMYYXXXX``: province (PP), regency (RR: kabupaten 01-69, kota 71-99) and district (SS)
where the number was issued, the holder's birth date (women add 40 to the day), then a serial.
There is no check digit (code on the internet that applies Luhn is wrong), so OCR damage can
only be caught by the structure and by the birth date and sex printed elsewhere on the card.

python-stdnum's ``stdnum.id.nik`` validates the shape, but its region table predates the Papua
split of 2022 (no 92-96, Papua at 94) and its century rule prefers 19yy even for someone born in
2005; the province check here uses ``regions.tsv`` and the century rule below.

>>> info = decode("3273016501900001")
>>> info.province_code, info.female, info.birth_day, info.birth_month
('32', True, 25, 1)
>>> repair("3273 0125 O19O OOO1")[0]
'3273012501900001'
>>> mask("3273012501900001")
'3273********0001'
>>> [valid_date_part(decode(n)) for n in ("3273012902000001", "3273012902010001", "3273013104900001")]
[True, False, False]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import regex
from stdnum.id import nik as stdnum_nik

from idextract.spec import load_toml, require

__all__ = ["NikInfo", "birth_date", "decode", "lone_number", "mask", "provinces", "regencies", "regency_kind",
           "regency_names", "repair", "valid_date_part"]

SPEC_FILE = "idextract.parsers/ktp.toml"


@dataclass(frozen=True)
class NikInfo:
    province_code: str
    regency_code: str
    district_code: str
    birth_day: int
    birth_month: int
    birth_yy: int
    female: bool
    serial: str


@cache
def regencies() -> dict[str, str]:
    """Regency code (a NIK's first 4 digits) -> the regency's or city's name, from python-stdnum's
    region table (``stdnum/id/loc.dat``: about 470, before the splits of 2012 and 2022); empty if
    that table is not there. Codes 71 and up within a province are cities (KOTA)."""
    from importlib import resources

    try:
        text = (resources.files("stdnum") / "id" / "loc.dat").read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        return {}
    out: dict[str, str] = {}
    province = ""
    for line in text.splitlines():
        if m := regex.match(r"([0-9]{2}) ", line):
            province = m.group(1)
        elif province and (m := regex.match(r'  ([0-9]{2}) name_id="([^"]+)"', line)):
            out[province + m.group(1)] = m.group(2)
    return out


def regency_kind(number: str) -> str:
    """``KOTA`` or ``KABUPATEN``: what the regency a NIK (or its first 4 digits) names is; the
    codes 71 and up within a province are cities."""
    return "KOTA" if int(number[2:4]) >= 71 else "KABUPATEN"


@cache
def regency_names() -> frozenset[str]:
    """The names of :func:`regencies`."""
    return frozenset(regencies().values())


@cache
def provinces() -> dict[str, tuple[str, str]]:
    """Province code -> (official name, name as printed on cards), from regions.tsv."""
    from importlib import import_module
    from pathlib import Path

    from idextract.errors import SpecError

    path = Path(import_module("idextract.parsers").__file__ or "").parent / "regions.tsv"
    out: dict[str, tuple[str, str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SpecError("idextract.parsers/regions.tsv: shipped data file is missing") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith(("#", "code\t")):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not parts[0].isdigit():
            raise SpecError(f"idextract.parsers/regions.tsv line {n}: expected code, name, printed")
        out[parts[0]] = (parts[1], parts[2])
    return out


@cache
def _repairs() -> dict[str, str]:
    return dict(require(load_toml("idextract.parsers", "ktp.toml"), "nik.repairs", SPEC_FILE))


@cache
def lone_number() -> regex.Pattern[str]:
    """What a row holding nothing but a NIK looks like: 15-20 digits or look-alikes, 14+ digits."""
    chars = regex.escape("".join(_repairs()))
    return regex.compile(rf"(?=(?:\D*\d){{14}})[0-9{chars}\s]{{15,20}}")


def repair(raw: str) -> tuple[str, list[str]]:
    """The digits of a printed NIK, OCR look-alikes (O->0, B->8 ...) repaired; and the repairs made.

    Spaces and punctuation between digits are dropped; letters that look like no digit stay, so
    that a damaged number fails the format check instead of silently losing a digit.
    """
    mapping = _repairs()
    out, notes = [], []
    for ch in raw:
        if ch.isdigit():
            out.append(ch)
        elif ch in mapping:
            out.append(mapping[ch])
            notes.append(f"digit repaired {ch}->{mapping[ch]}")
        elif ch.isalpha():
            out.append(ch)
    return "".join(out), notes


def decode(number: str) -> NikInfo | None:
    """The parts of a 16-digit NIK, or None when it is not 16 digits."""
    number = stdnum_nik.compact(number)
    if len(number) != 16 or not number.isdigit():
        return None
    day = int(number[6:8])
    return NikInfo(
        province_code=number[:2], regency_code=number[2:4], district_code=number[4:6],
        birth_day=day - 40 if day > 40 else day, birth_month=int(number[8:10]), birth_yy=int(number[10:12]),
        female=day > 40, serial=number[12:],
    )


def valid_date_part(info: NikInfo | None) -> bool:
    """Whether the NIK's date part is a real date: day 01-31 (41-71 for women), month 01-12, and
    the day exists in that month of 19yy or 20yy (no 31 April, no 29 February of 2001).

    Stricter than python-stdnum, which takes the day modulo 40 (so 81 passes as the 1st).
    """
    if info is None or not 1 <= info.birth_day <= 31 or not 1 <= info.birth_month <= 12:
        return False
    for century in (1900, 2000):
        try:
            dt.date(century + info.birth_yy, info.birth_month, info.birth_day)
            return True
        except ValueError:
            continue
    return False


def birth_date(info: NikInfo, *, today: dt.date, min_age: int = 17, century_hint: int | None = None) -> dt.date | None:
    """The birth date a NIK encodes; the century from ``century_hint`` (e.g. the printed year's)
    or else the most recent one that makes the holder at least ``min_age`` years old."""
    centuries = [century_hint] if century_hint is not None else [2000, 1900]
    for century in centuries:
        try:
            value = dt.date(century + info.birth_yy, info.birth_month, info.birth_day)
        except ValueError:
            return None
        if century_hint is not None or value.year <= today.year - min_age:
            return value
    return None


def mask(number: str) -> str:
    """The first four and last four digits, the rest starred: enough to tell cards apart."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
