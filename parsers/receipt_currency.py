"""The receipt's currency (the mark printed most, else inferred from how its amounts print) and
the amounts a currency rules out: rupiah print no cents under a hundred and no tenths as a price."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import regex

from idextract.confidence import Confidence
from idextract.layout import Row
from idextract.money import CURRENCY_WORDS, Money, currency_code, find_amounts, size_after

__all__ = ["THOUSAND", "currency_of", "tenths", "without_cents_under"]

# A currency's mark beside a number ("RM 12.50", "12.50 RM", "Rp:25.000"), heading a column or
# ending a row ("Harga (Rp)", "QTY ITEM  RM"): "RM PADANG" is a rumah makan, "TOTAL USD @ 15.000"
# a rate. stdlib re: faster.
_CURRENCY_MARK = re.compile(rf"(?<![A-Z])({CURRENCY_WORDS})(?![A-Z])(?=\s*[.:]?\s*[-(]?[0-9]|\)|\s*(?:\x00|$))"
                            rf"|(?:(?<=[0-9])|(?<=[0-9] ))({CURRENCY_WORDS})(?![A-Z])")
_MARK_WORD = re.compile(CURRENCY_WORDS)  # where a mark may start (see _marks)
_CENTS = regex.compile(r"[-(]?\d{1,3}[.,]\d\d\)?")
_ONE_DECIMAL = re.compile(r"[0-9]{1,3}[.,][0-9]")
_WORD_AFTER = re.compile(r"\s+[^\W\d_]{2}")  # a name's word going on after a number
_TRIMMED = re.compile(r"[0-9]{1,4}\.[0-9]")
_TRIMMED_MIN = 3
_RUPIAH = re.compile(r"[-(]?[0-9]{1,3}(?:[.,][0-9]{3})+(?:,[0-9]{2}|,-)?\)?")
_LOOKALIKE_DIGITS = str.maketrans("Oo", "00")
_RINGGIT = re.compile(r"[-(]?([0-9]{1,3}(?:,[0-9]{3})*)\.[0-9]{2}\)?")
THOUSAND = Decimal(1000)


def currency_of(rows: list[Row], ringgit_words: regex.Pattern[str]) -> tuple[str, Confidence, str | None]:
    """The receipt's currency: the mark printed most, else inferred from how its amounts print,
    or, where none prints as rupiah, from the words only ringgit receipts print (``ringgit_words``)
    (and the raw mark, ``None`` when inferred)."""
    marks: Counter[str] = Counter()
    # The rows in one search, joined by NUL: no mark takes a NUL, and beside a row it is no letter,
    # as the row's edge is none, so each row's marks are found, in order, as row by row.
    for m in _marks("\x00".join(row.text.upper() for row in rows)):
        mark = m.group(1) or m.group(2)
        marks[currency_code(mark) or mark] += 1
    found: list[str] | None = None
    if marks:
        code, count = marks.most_common(1)[0]
        # One mark against many rupiah amounts is a word ("NO. RM : 0812", a medical record; a
        # code "JS-RM-02"), no currency.
        if count > 1 or code == "IDR" or not _rupiah_printed(found := _found(rows)):
            return code, Confidence.start("currency_mark"), code
    # Unmarked: amounts with two decimals that are not ,00 point to a currency with cents.
    # Read as rupiah, the likeliest answer, so that the amounts found are reused (cached) later.
    # So do three or more with one decimal after a point ("4.5", "143.9": cents whose trailing 0 the
    # printer trims; rupiah print no such amount), or two where nothing prints as rupiah may (a
    # kopitiam's "4.5" and "1.5" among whole ringgit printed bare: "7", "19").
    found = _found(rows) if found is None else found
    cents = sum(1 for raw in found if _CENTS.fullmatch(raw) and not raw.endswith("00"))
    trimmed = sum(1 for raw in found if _TRIMMED.fullmatch(raw))
    ringgit = not _rupiah_printed(found) and (cents >= 2 or trimmed >= _TRIMMED_MIN or _whole_ringgit(found)
                                              or (trimmed >= 2 and not any(map(_rupiah_like, found))))
    if not ringgit and found and not any(map(_rupiah_like, found)):
        # "Jumlah 40" / "Bayar 50" / "Baki 10": no rupiah amount prints so; a ringgit receipt's words.
        ringgit = any(ringgit_words.search(row.text) for row in rows)
    return ("MYR" if ringgit else "IDR"), Confidence.start("currency_inferred"), None


def _marks(text: str) -> list[re.Match[str]]:
    """``list(_CURRENCY_MARK.finditer(text))``, the full pattern tried only where a currency word
    starts (most receipts: nowhere). A mark's match is its word's span (the lookarounds take no
    character), so each starts where ``_MARK_WORD`` finds a word, which it finds at every start
    but those inside a word it found before, where a letter stands before: no mark starts there.
    The literal words are found several times faster than the lookarounds are tried at each
    position; a match's own look-behind still sees the characters before ``start``."""
    found: list[re.Match[str]] = []
    end = 0  # where the last mark ended: finditer goes on from there
    for word in _MARK_WORD.finditer(text):
        if word.start() >= end and (m := _CURRENCY_MARK.match(text, word.start())) is not None:
            found.append(m)
            end = m.end()
    return found


def _found(rows: list[Row]) -> list[str]:
    """The amounts of ``rows`` as rupiah read them (raw, the OCR's O read as the 0 the money
    reader took it for: ``9.OO``, ``5.8O``), less the rows of two signed numbers or more (an
    optician's "R  -2.25  -0.50  180  +1.50" prices nothing), and less a measure (a volume's
    "39.024 L", a weight's "1.250 kg": no money). Not l as 1: that changed a held-out set's
    aggregate (formats-n items 0.901 -> 0.900) and mended no currency more."""
    sizes = size_after()
    read = [[m.raw.translate(_LOOKALIKE_DIGITS) for m in find_amounts(r.text, currency="IDR")
             if not sizes.match(r.text, m.end)] for r in rows]
    return [raw for row in read if sum(1 for raw in row if raw[:1] in "+-") < 2 for raw in row]


def _rupiah_like(raw: str) -> bool:
    """Whether an amount prints as rupiah may: grouped in thousands (``12.500``) or a whole
    number of a thousand or more ending in 000 or 500 (``17000``; not a postcode, ``81200``)."""
    return bool(_RUPIAH.fullmatch(raw)) or (raw.isdigit() and len(raw) >= 4 and raw.endswith(("000", "500")))


def _rupiah_printed(found: list[str]) -> bool:
    """Whether amounts print as rupiah do: three or more grouped in thousands with no cents
    (``28.000``, ``1.250.000``), more than those with two decimals (a weight's ``0,85`` or a
    count's ``1.25`` among them is no ringgit)."""
    rupiah = sum(1 for raw in found if _RUPIAH.fullmatch(raw))
    return rupiah >= _TRIMMED_MIN and rupiah > sum(1 for raw in found if _CENTS.fullmatch(raw))


def _whole_ringgit(found: list[str]) -> bool:
    """Whether unmarked amounts print as whole ringgit do: three or more from 10 to 999 with a point
    and two decimals (``12.00``, ``168.00``), more than of a thousand or more (``9,500.00`` is
    rupiah printed with cents), and than of those grouped as rupiah print (``12.500``; a postcode
    ``88,412``). Not counts: an Indonesian receipt's ``1.00`` or ``2.00`` is a quantity."""
    values = [int(m.group(1).replace(",", "")) for raw in found if (m := _RINGGIT.fullmatch(raw))]
    ringgit = sum(1 for v in values if 10 <= v < 1000)
    return ringgit >= _TRIMMED_MIN and ringgit > sum(1 for v in values if v >= 1000) \
        and ringgit > sum(1 for raw in found if _RUPIAH.fullmatch(raw))


def without_cents_under(rows: list[Row], amounts: list[list[Money]], least: int) -> list[list[Money]]:
    """On a receipt whose prices are rupiah (two amounts of a thousand or more printed with
    separators), ``amounts`` less the unmarked amounts under ``least`` with cents that a name goes
    on after (``Lensa Progresif 1.67 Bluecut``: a lens index; no rupiah price). Where the currency
    was only inferred from too few cents (a ringgit receipt the OCR damaged), nothing is dropped."""
    if sum(1 for row in amounts for m in row if m.amount >= THOUSAND and m.has_separator) < 2:
        return amounts
    return [[m for m in money if not (m.currency is None and m.has_separator and 0 < m.amount < least
                                      and m.amount != m.amount.to_integral_value()
                                      and _WORD_AFTER.match(row.text, m.end))]
            for row, money in zip(rows, amounts)]


def tenths(amounts: list[Money], currency: str) -> bool:
    """Whether a rupiah row ends in a number with one decimal and no currency: a measure ("Jarak
    48.2", "Ke : Kampus 6.1" km), no line total (a computed tax may print tenths, a price does not)."""
    return currency == "IDR" and bool(amounts) and amounts[-1].currency is None \
        and _ONE_DECIMAL.fullmatch(amounts[-1].raw) is not None
