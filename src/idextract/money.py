"""Money amounts as receipt printers and OCR produce them, to ``Decimal``.

Rupiah is written ``Rp 100.000``, ``Rp100.000,00``, ``25.000,-``, but also ``100,000`` and
``IDR 1,000,000.00`` by English-language bank apps. babel's ``parse_decimal`` silently misreads
several of these (``'1.00'`` -> 100 in id_ID), so separators are decided here by one rule:

* rupiah amounts practically never have minor units, so a separator followed by exactly three
  digits is a thousands group;
* ``,00`` / ``.00`` / ``,-`` at the end are zero minor units;
* with both separators, the last one is the decimal separator when one or two digits follow it.

Whatever the rule cannot settle (``1,5``, ``1.0000``, ``1.000`` in a currency with cents) is
returned with ``ambiguous=True`` and a note, never silently scaled by 1,000.

>>> parse_money("Rp 100.000").amount
Decimal('100000')
>>> parse_money("IDR 1,000,000.00").amount
Decimal('1000000.00')
>>> parse_money("25.000,-").amount
Decimal('25000')
>>> parse_money("RM 9.00").currency
'MYR'
>>> parse_money("1OO.OOO").amount, parse_money("1OO.OOO").repaired
(Decimal('100000'), True)
>>> parse_money("Rp１０.０００").amount
Decimal('10000')
>>> format_money(Decimal("100000"))
'Rp100.000'

Full-width forms (``１２.５００``, ``：``, ``Ｒｐ``, as DeepSeek-OCR prints them) and the other
decimal digits NFKC maps to ASCII are read as their ASCII twins, one character for one, so that
spans still point into the text as given. Other scripts' digits (Arabic-Indic ``١٩``) are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

import regex
from babel.numbers import format_currency

from .bounds import CACHED_ROW_CHARS, ROW_CACHE
from .digit_groups import MINOR_UNIT_CURRENCIES, Reading, read_number, unspaced
from .money_units import (
    count_units,
    mask_class,
    mask_marks,
    measure_units,
    size_after,
    tax_codes,
    thousandth_units,
    units,
    weighed_units,
)
from .months import months
from .spec import load_toml, require
from .text import fold_width

__all__ = ["CURRENCY_WORDS", "MINOR_UNIT_CURRENCIES", "Money", "count_units", "currency_code", "find_amounts",
           "format_money", "mask_class", "mask_marks", "measure_units", "parse_money", "size_after", "thousandth_units",
           "weighed_units"]

# Currency marks as printed, to ISO codes. Longest first so "Rp." wins over "Rp".
_CURRENCY_MARKS: dict[str, str] = {
    "IDR": "IDR",
    "RP.": "IDR",
    "RP": "IDR",
    "MYR": "MYR",
    "RM": "MYR",
    "SGD": "SGD",
    "S$": "SGD",
    "USD": "USD",
    "US$": "USD",
    "$": "USD",
}
# The marks that are words (no symbol), as a pattern for upper-case text: where a parser looks
# for a currency beside other words ("@ RM 3.50", the receipt's currency) rather than an amount.
CURRENCY_WORDS = r"IDR|RP\.?|MYR|RM|SGD|USD"

# O and o inside a run of digits are OCR'd zeros (1OO.OOO); a token must start with a real digit.
_D = r"[0-9Oo]"
# A thousands group: exactly three digits (four or more after a separator are no group).
_G3 = rf"{_D}{{3}}(?![0-9Oo])"
# Zero minor units, or one or two decimals, after a number whose separators OCR damaged.
_MINOR = rf"(?:[.,]{_D}{{1,2}}(?![0-9Oo]))?(?:[.,]-)?"
_REGULAR = rf"[0-9]{_D}*(?:[.,]{_D}+)*(?:[.,]-)?"
# Cents without the leading zero (".01", "RM .00") are common on ringgit receipts.
_CENTS = r"\.[0-9]{2}(?![0-9])"
_CURRENCY = r"(?:IDR|Rp\.?|RP\.?|rp\.?|MYR|myr|RM|rm|SGD|S\$|USD|US\$|\$)"
_CURRENCY_FIRST = "IRrMmSU$"  # the first characters of _CURRENCY's marks
# Marks printed glued after the number (25.000IDR); a spaced one may belong to the next amount.
_TRAILING_CURRENCY = r"(?:IDR|Rp|RP)"
_DIGIT = re.compile(r"[0-9]")
_WITH_CENTS = re.compile(r"[.,][0-9]{2}$")
# One space as OCR reads a thousands separator ("50 000"), or the space it adds after one ("25. 000").
_GAPS = " \xa0\u2009\u202f"


def _number(gap: str) -> str:
    """The number: thousands groups split by spaces, then the regular and the cents forms.

    A separator with a space beside it (``25. 000``, ``59, 125``) is grouping wherever it stands.
    A bare space is grouping after a currency mark (``Rp 1 250 000``, ``Rp 1.000 500``), and
    elsewhere only before a ``000`` group (``50 000``, ``1.000 000``) or a group opening with 0
    before cents (``1 008.00``: no amount opens with 0 but for its cents; ``50 009`` is a damaged
    ``50 000``): ``2 500`` or ``1 150,000`` may be a quantity and a price, and stay apart.
    """
    step = (rf"(?:[.,]{gap}?{_G3}|{gap}[.,]{_G3}"
            rf"|{gap}(?(cur){_G3}|(?:[0Oo]{{3}}(?![0-9Oo])|0[0-9]{{2}}(?=[.,][0-9]{{2}}(?![0-9])))))")
    spaced = rf"[0-9]{_D}{{0,2}}{step}+{_MINOR}"
    return rf"(?:{spaced}|{_REGULAR}|{_CENTS})"


def _amount_pattern(space: str, behind: str, gap: str) -> str:
    # Not glued to a word, a time, a code or another number (123-45-6789, a hyphen between
    # digits: an ID or a phone); a slash only before a unit (/kg), and no percentage (11%, 10 %).
    # A colon after the number goes on to more of it ("12:30", "10:3"), not one ending the row (a
    # stray mark the OCR read at the paper's edge: "Total 281.00:").
    ahead = rf"(?![\w%]|\*\*|:\s*\w|[.,][0-9Oo]|-[0-9Oo]{{2}}|-[0-9]|/(?!(?i:{units()})(?![\w/]))|{space}%)"
    # An amount opens with a sign, a currency mark or its number: checked first, as one character,
    # most places of a row are rejected before the look-behinds are tried there.
    return (rf"(?=[-(0-9.{_CURRENCY_FIRST}]){behind}"
            rf"(?P<neg>[-(]{space}?)?(?P<cur>{_CURRENCY}(?:{space}?:)?{space}?)?(?P<num>{_number(gap)})"
            rf"(?P<close>{space}?\))?(?P<tcur>{_TRAILING_CURRENCY}(?!\w))?(?P<code>(?:{tax_codes()})(?!\w))?{ahead}")


# An amount: optional sign or opening parenthesis, optional currency mark, the number. The
# lookarounds keep dates (02.10.22), times, codes (T5AL330) and masked numbers (****8841, a card's
# or an account's last digits; 8612330******42, an IMEI's first; ••3681 and •••• 3681, a screen's
# bullets) from yielding fragments. One star after an amount is a tax flag ("5.00*"), two or more a mask.
AMOUNT_PATTERN = regex.compile(_amount_pattern(
    r"\s", rf"(?<![\w.,/]|[^\p{{L}}]:|^:|\d-|\*\*-?|{mask_class('screen')}{{2}} ?)", f"[{_GAPS}]"))
# The same for stdlib re, several times faster, on ASCII text: there re's \w and \d are regex's;
# \s is spelled out as regex's (re's also takes \x1c-\x1f) and the look-behind split in two, as
# re wants each of a fixed width.
_ASCII_AMOUNT = re.compile(_amount_pattern(r"[ \t\n\x0b\x0c\r]",
                                           r"(?<![\w.,/])(?<![^A-Za-z]:)(?<!^:)(?<!\d-)(?<!\*\*)(?<!\*\*-)", " "))


@dataclass(frozen=True)
class Money:
    """A parsed amount: ``amount`` (Decimal), ``currency`` (ISO code or ``None`` when unmarked)."""

    amount: Decimal
    currency: str | None = None
    raw: str = ""
    ambiguous: bool = False
    repaired: bool = False
    notes: tuple[str, ...] = ()
    start: int = 0
    end: int = 0
    has_separator: bool = False


_new = object.__new__


def _currency_of(mark: str | None) -> str | None:
    if not mark:
        return None
    return _CURRENCY_MARKS.get(mark.strip().rstrip(":").strip().upper())


# A space between digit groups, with or without a printed separator beside it (group 1).
# _SPACED_GROUP and _CUT_GROUP only see a matched number (ASCII digits, '.', ',', '-' and the
# gaps): stdlib re reads those as regex does, with less overhead per call.
_SPACED_GROUP = re.compile(rf"\d(?:([.,])?[{_GAPS}]|[{_GAPS}]([.,]))\d")
_GROUP_AFTER = regex.compile(rf"[{_GAPS}][0-9Oo]{{3}}(?![\w.,])")
_CUT_GROUP = re.compile(rf"0[0-9]+(?:[.,][{_GAPS}]?|[{_GAPS}][.,]?)[0-9]{{3}}")
# A short number and one space just before an amount: its first thousands group, or a quantity.
_GROUP_BEFORE = regex.compile(rf"(?<![\w.,/:])[0-9]{{1,3}}[{_GAPS}]$")
# A number's last digit and one space just before three bare digits: see _build. Both patterns
# are searched in the few characters before a match only (the look-behind still sees the one
# before): searched from the start, a 1 MB line of digits took minutes.
_NUMBER_BEFORE = regex.compile(rf"[0-9][{_GAPS}]$")
# A number's last digit and spaces just before a dash (searched in the few characters before it).
_NUMBER_BEFORE_CELL = re.compile(r"[0-9][ \t\xa0]+$")


# Digits only, opening with a 0, four or more: what a till pads with zeros is a number of a
# document or a code; money prints no leading 0 but before its decimal mark ("0.50").
_ZERO_LED_CODE = re.compile(r"0[0-9]{3,}")
# A time of day printed with a point ("17.00", "08.12") and a date with slashes or dashes just
# before it, one space between (searched in the few characters before a match only).
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_WORD_BEFORE = re.compile(r"([^\W\d_]{3,})\.?[ ]+$")  # a word, one space or more, then a match


def _month_before(source: str, start: int) -> bool:
    """Whether a month's name stands just before ``start`` ("Juni 2024", "Jun. 2024")."""
    word = _WORD_BEFORE.search(source, max(0, start - 16), start)
    return word is not None and word.group(1).upper() in months()


_CLOCK = re.compile(r"(?:[01]?[0-9]|2[0-3])[.][0-5][0-9]")
_DATE_BEFORE = re.compile(r"[0-9]{1,2}([/-])[0-9]{1,2}\1(?:[0-9]{2}|[0-9]{4}) $")


def _build(m: re.Match[str] | regex.Match[str], currency: str | None, source: str) -> Money | None:
    """The amount ``m`` (matched in the folded text) reads; ``raw`` is cut from ``source``."""
    neg, mark, raw_number, close, trailing = m.group("neg", "cur", "num", "close", "tcur")
    if m.group("code") and not _WITH_CENTS.search(raw_number):
        return None  # "2SR", "1.000SR": a code, or a number glued to one; "15.50SR" is an amount
    number = raw_number.replace("O", "0").replace("o", "0")
    if number.startswith("."):
        number = "0" + number
    repaired = number != raw_number
    mark_currency = _currency_of(mark) or _currency_of(trailing)
    if len(number) > 1 and not number.strip("0") and mark_currency is None:
        return None  # "000", "00": a group or a fragment cut from its amount ("Rp 0000" is a zero)
    if mark_currency is None and _ZERO_LED_CODE.fullmatch(raw_number):
        return None  # "Voucher 021187", "No 00123": a number of a document, zero-padded, no money
    if mark_currency is None and not neg and _YEAR.fullmatch(raw_number) and _month_before(source, m.start()):
        return None  # "Periode Juni 2024": a month's year, no money
    if mark_currency is None and not neg and _CLOCK.fullmatch(raw_number) \
            and _DATE_BEFORE.search(source, max(0, m.start() - 12), m.start()):
        return None  # "Ambil : Rab 15/01/25 17.00": the time after a date, no money
    cur = mark_currency or currency
    spaced = _SPACED_GROUP.search(number)
    cut = _CUT_GROUP.match(number)  # before the spaces are taken out: "001 .000" too
    if spaced:
        # OCR's space in place of (or after) a thousands separator: "50 000", "25. 000".
        number = unspaced(number)
    try:
        reading = read_number(number, cur)
    except InvalidOperation:
        return None
    if reading is None:
        return None
    _flag_neighbours(reading, m, number, spaced, cut is not None, mark_currency)
    amount = reading.amount
    start, end = m.start(), m.start("code") if m.group("code") else m.end()
    if neg and neg != "-" and neg.strip() == "-" and _NUMBER_BEFORE_CELL.search(source, max(0, start - 8), start):
        # "5.000,00  -  30.000,00": a dash standing apart between two numbers is an empty column
        # (a Disc cell), no sign.
        neg, start = None, m.start("cur") if mark else m.start("num")
    if neg and (neg.strip() == "-" or (neg.strip() == "(" and close)):
        amount = -amount
    notes = list(reading.notes)
    if repaired:
        notes.append("digit repaired O->0")
    repaired = repaired or reading.repaired
    digits = raw_number.rstrip(",-.") if not spaced else "."
    return _money(amount, mark_currency, source[start:end].strip(), reading.ambiguous, repaired, tuple(notes),
                  start, end, "." in digits or "," in digits)


def _money(amount: Decimal, currency: str | None, raw: str, ambiguous: bool, repaired: bool,
           notes: tuple[str, ...], start: int, end: int, has_separator: bool) -> Money:
    """``Money(amount, currency, ...)``, every field given, for _build (a row's amounts are read
    for each pass over it): the frozen dataclass's ``__init__`` sets its nine fields one by one
    through ``object.__setattr__``, three times the cost of filling the new instance's
    ``__dict__`` at once, as here (Money has no ``__post_init__``; tests/test_money.py checks
    that both give equal objects with the same fields)."""
    money = _new(Money)
    money.__dict__.update(amount=amount, currency=currency, raw=raw, ambiguous=ambiguous, repaired=repaired,
                          notes=notes, start=start, end=end, has_separator=has_separator)
    return money


def _flag_neighbours(reading: Reading, m: re.Match[str] | regex.Match[str], number: str,
                     spaced: re.Match[str] | regex.Match[str] | None, cut: bool, mark_currency: str | None) -> None:
    """Flag ``reading`` ambiguous where the digits around the match may belong to it: a group
    split off, mended spaces, a number or three digits right beside it."""
    if cut:
        # "001.000": no printed number starts so; a group whose first part OCR split off (1 001.000).
        reading.ambiguous = True
        reading.notes.append("leading zero: a thousands group cut from its number")
    if spaced:
        bare = spaced.group(1) is None and spaced.group(2) is None
        reading.repaired = True
        reading.notes.append("thousands separator read as a space" if bare else "space beside a thousands separator")
        if bare and mark_currency is None and _GROUP_BEFORE.search(m.string, max(0, m.start() - 5), m.start()):
            # "1 250 000" or a quantity and "250 000": read as the latter, but say so.
            reading.ambiguous = True
            reading.notes.append("the number before it may be its first group")
    elif (mark_currency is None and len(number) == 3 and number.isdigit()
          and _NUMBER_BEFORE.search(m.string, max(0, m.start() - 2), m.start())):
        # "TOTAL 12 500", "1.043 100", "1 .262 100": 500 after a quantity, or 12,500 whose last separator was
        # read as a space (a bare space before a group other than 000 is not grouping, see _number).
        reading.ambiguous = True
        reading.notes.append("the number before it may be its first group")
    if mark_currency is None and (spaced or len(number) <= 3 or "." in number or "," in number) \
            and _GROUP_AFTER.match(m.string, m.end()):
        # "1.000 500", "357 001": one amount whose last separator was read as a space, or two numbers.
        reading.ambiguous = True
        reading.notes.append("the three digits after it may be its last group")


def find_amounts(text: str, *, currency: str | None = None) -> list[Money]:
    """Every amount-like number in ``text``, left to right, with its character span."""
    find = _find_amounts if len(text) <= CACHED_ROW_CHARS else _find_amounts.__wrapped__
    return list(find(text, currency))


@lru_cache(maxsize=ROW_CACHE)
def _find_amounts(text: str, currency: str | None) -> tuple[Money, ...]:
    # Cached: a parser looks at the same row for currency marks, amounts and items.
    folded = fold_width(text)
    if not _DIGIT.search(folded):
        return ()
    repaired, ones = _ones(folded)
    found = []
    for m in _matches(repaired):
        money = _build(m, currency, text)
        if money is None:
            continue
        # No look-alike one in the row (the common case): nothing to note, no set to build.
        seen = sorted({folded[at] for at in ones if money.start <= at < money.end}) if ones else []
        if seen:
            table = _lookalike_ones().table
            notes = (*money.notes, "digit repaired " + ", ".join(f"{ch}->{table[ch]}" for ch in seen))
            money = replace(money, repaired=True, notes=notes)
        found.append(money)
    return tuple(found)


@dataclass(frozen=True)
class _LookAlikes:
    """money.toml's letters read for a digit inside a number ("4.l6", "l2.50", "41.81B"), the
    tokens they may stand in (digits, those letters and separators, not glued to a word; a
    currency mark may stand before it), those read only in an amount's shape of groups or cents,
    and those that after the cents are a code."""

    table: dict[str, str]
    pattern: re.Pattern[str]
    grouped_only: frozenset[str]
    codes_after_cents: frozenset[str]
    # A look-alike joined to a digit or a separator by a token's characters: each token read has
    # one (two digits, or the cents' separator, beside its look-alike). Most rows hold a letter of
    # the table ("TOTAL BELANJA") but none of these: one search spares them the tokens' loop.
    joined: re.Pattern[str]


@cache
def _lookalike_ones() -> _LookAlikes:
    """The look-alikes of money.toml. Read with their digits in place: cut at the letter, "21.l0"
    had been 21."""
    spec = load_toml("idextract", "money.toml")
    table = {str(k): str(v) for k, v in require(spec, "lookalikes", "idextract/money.toml").items()}
    shapes = require(spec, "lookalike_shapes", "idextract/money.toml")
    letters = re.escape("".join(table))
    pattern = re.compile(rf"(?:(?<![A-Za-z0-9])|(?<=RM)|(?<=Rp)|(?<=RP))"
                         rf"[0-9{letters}][0-9Oo{letters}]*(?:[.,][0-9Oo{letters}]+)*(?![A-Za-z0-9])")
    joined = re.compile(rf"[{letters}][0-9Oo.,{letters}]*[0-9.,]|[0-9.,][0-9Oo.,{letters}]*[{letters}]")
    return _LookAlikes(table, pattern, frozenset(shapes["grouped_only"]), frozenset(shapes["codes_after_cents"]),
                       joined)


# Up to four digits or look-alikes, a separator and two digits (or Os): an amount in cents.
_CENTS_SHAPE = re.compile(r"[^.,]{1,4}[.,][0-9Oo]{2}")
# An amount in groups of three, or in cents: where the grouped-only look-alikes may stand (money.toml).
_GROUPED_SHAPE = re.compile(r"[^.,]{1,3}(?:[.,][^.,]{3})+(?:[.,][0-9Oo]{2})?|[^.,]{1,4}[.,][^.,]{2}")


def _ones(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` with the look-alike letters of such numbers read as digits (same length), and
    where they stood; two real digits at least make a token a number, or the shape of an amount
    in cents ("2l.OO", "lOO.OO")."""
    looks = _lookalike_ones()
    table = looks.table
    if not any(map(text.__contains__, table)) or not looks.joined.search(text):  # any(ch in text ...) first: quicker
        return text, ()
    out, ones = text, []
    for m in looks.pattern.finditer(text):
        token = m.group()
        if any(ch in looks.grouped_only for ch in token) and _GROUPED_SHAPE.fullmatch(token) is None:
            continue  # not in an amount's shape
        if token[-1:] in looks.codes_after_cents and _WITH_CENTS.search(token[:-1]) is not None:
            continue  # a tax code after the cents, no digit
        if any(ch in table for ch in token) and (sum(ch.isdigit() for ch in token) >= 2
                                                 or _CENTS_SHAPE.fullmatch(token) is not None):
            ones += [m.start() + k for k, ch in enumerate(token) if ch in table]
            out = out[: m.start()] + "".join(table.get(ch, ch) for ch in token) + out[m.end() :]
    return out, tuple(ones)


def _matches(folded: str) -> Iterator[re.Match[str]] | Iterator[regex.Match[str]]:
    """``AMOUNT_PATTERN.finditer(folded)``, by stdlib re where it reads the same (ASCII text)."""
    return _ASCII_AMOUNT.finditer(folded) if folded.isascii() else AMOUNT_PATTERN.finditer(folded)


def parse_money(text: str, *, currency: str | None = None) -> Money | None:
    """``text`` read as one amount (surrounding spaces allowed), or ``None``.

    ``currency`` is the document's currency when the amount carries no mark of its own; it decides
    whether cents are expected.
    """
    stripped = text.strip()
    m = AMOUNT_PATTERN.fullmatch(fold_width(stripped))
    return _build(m, currency, stripped) if m else None


# The locale whose printing of a currency people expect (babel prints "MYR9.00" in en_US).
_HOME_LOCALE = {"IDR": "id_ID", "MYR": "ms_MY", "SGD": "en_SG", "USD": "en_US"}


def currency_code(mark: str) -> str | None:
    """The ISO code of a printed currency mark (``"Rp."`` -> ``"IDR"``), None for no known mark."""
    return _CURRENCY_MARKS.get(mark.strip().upper())


def format_money(amount: Decimal, currency: str = "IDR", *, locale: str | None = None) -> str:
    """Format an amount as printed in its country: ``Rp100.000``, ``RM9.00``."""
    if currency == "IDR":
        return format_currency(amount, "IDR", locale=locale or "id_ID", format="¤#,##0", currency_digits=False)
    return format_currency(amount, currency, locale=locale or _HOME_LOCALE.get(currency, "en_US"))
