"""What a row of the item region prints, judged with the row below it: no line total (a name, a
size ending one, a count and unit price over their product, a code), a name only, a count and
unit price for the row below, a product code; and whether the region prints its names under
their price rows or its prices in cents. :mod:`receipt_items` reads the rows with these."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

import regex

from idextract.layout import Row
from idextract.money import CURRENCY_WORDS, MINOR_UNIT_CURRENCIES, Money, count_units, measure_units

from .receipt_line import LEADING_QTY, TIMES_COUNT, clean_name, letters, marks_pattern, named, own_name
from .receipt_line_total import RATE, taken_down
from .receipt_quantities import times_into

__all__ = ["AT_MARK", "CODE_ROW", "ENDS_IN_CENTS", "TIMES_MARK", "code_row", "count_at", "count_only",
           "count_over_its_total", "counted_charge", "discounted_price", "merged_halves", "name_only", "names_an_item",
           "names_below", "no_line_total", "priced_below", "prices_in_cents", "quantity_name"]

# A unit-price mark ("@", "@ Rp", "@RM"): right before a row's last amount, that amount is a unit
# price, not a line total ("@16.00"); with its price at the end of a row, no part of the name.
AT_MARK = rf"@\s*(?:(?:{CURRENCY_WORDS})\s*)?"
_UNIT_MARK = regex.compile(rf"{AT_MARK}$", regex.I)
# A count or a weight, perhaps its unit, and a mark before a row's only amount, its unit price
# ("3 PCS x 22.900", "0,456 KG x 32.900").
_MEASURE_TIMES = regex.compile(rf"\s*(?P<q>[0-9]{{1,3}}(?:[.,][0-9]{{1,3}})?)\s*"
                               rf"(?:(?i:{count_units()}|{measure_units()})\s*)?[xX×@]\s*")
_COUNT_AT = regex.compile(rf"\s*(?P<q>[1-9][0-9]{{0,2}})\s*[xX]?\s*{AT_MARK}$", regex.I)
# After a unit price: its count ("7.500,00 x3"), the line total on the row below.
# Cents at the end of an amount's raw text, look-alike digits the money reader repaired included
# ("20.O0", "4.l6", and money.toml's that need an amount's shape: "4.B0", "32.S0").
ENDS_IN_CENTS = regex.compile(r"[.,][0-9OoIlBS]{2}$")
_MAX_MERGED = 10  # numbers on a row merged from two items' rows, at most (count, unit price, total each, codes)
CODE_ROW = regex.compile(r"\s*\S+(?:\s+\S+)?\s+-\s*[0-9]+(?:/[0-9]+)?\s*$")
_COUNT_BEFORE = regex.compile(r"(?<![\w.,])(?P<n>[0-9]{1,2})\s+$")
_NUMBERED_NAME = regex.compile(r"\s*[0-9]{1,3}\.\s+\p{L}{2}")
_CODE = regex.compile(r"0[0-9]{1,2}$")  # "09", "007": a counter or table number; "01000" is a misread price


def _size_closes_name(text: str, money: Sequence[Money], after: Sequence[Row], after_money: Sequence[Sequence[Money]],
                      marks: regex.Pattern[str]) -> bool:
    """Whether a named row's only number is a size ending the name of the nameless price row
    under it (``ROMA KELAPA 300`` / ``1 x 9,000 9,000``): a bare number, no separator or currency,
    above a row whose amounts have them."""
    if len(money) != 1 or money[0].has_separator or money[0].currency is not None or not after:
        return False
    below = after_money[0]
    return (bool(below) and below[-1].has_separator and letters(text[: money[0].start]) >= 3
            and not named(after[0].text, marks))


def _over_counted_row(text: str, money: Sequence[Money], after: Sequence[Row], after_money: Sequence[Sequence[Money]],
                      marks: regex.Pattern[str], currency: str | None) -> bool:
    """Whether a named row with one amount stands over a nameless row whose quantity times unit
    price makes its total: that row is the item, and this one its name."""
    # Not named(after[0].text): a currency printed with each amount ("RM 2.80 2 0.00 RM5.60") is no name.
    if len(money) != 1 or not after or len(after_money[0]) < 2 or letters(text[: money[0].start]) < 3:
        return False
    name, _, q, u = own_name(after[0], after_money[0][-1], currency, marks)
    return q is not None and u is not None and not named(name, marks)


def no_line_total(text: str, money: Sequence[Money], after: Sequence[Row], after_money: Sequence[Sequence[Money]],
                   marks: regex.Pattern[str], currency: str | None) -> bool:
    """Whether a row prints no line total: no amount; a size ending a name (``ROMA KELAPA 300``);
    a name over a nameless row that prints its quantity, unit price and total (``SUSHI 1.30`` /
    ``10 X 1.80 18.00``); a unit price and its count over their product (``7.500,00 x3`` / ``22.500,00``),
    or a count, a name and a unit price over the same name priced at their product (``2X HONEY
    385,000`` / ``HONEY 770,000``); a count or weight times a unit price over their product alone
    (``0,456 KG x 32.900`` / ``15.002``);
    a name with its unit price (``LED TUBE @16.00`` over ``00004285 5 16.00 80.00``, ``1X @8000``
    over ``AREM - AREM 8,000``); a code, with a leading zero (``COUNTER : 09``) or a name after
    it (``910845 - TRILON-E CRM``) or a ``#`` (a model number: ``MOSQUITO RACKET 108#``)."""
    return (not money or _size_closes_name(text, money, after, after_money, marks)
            or _over_counted_row(text, money, after, after_money, marks, currency)
            or _times_count(text, money, after_money) is not None
            or _over_its_product(text, money, after, after_money)
            or count_over_its_total(text, money, after, after_money) is not None
            or bool(_UNIT_MARK.search(text, 0, money[-1].start)) or bool(_CODE.match(money[-1].raw))
            or text.startswith("#", money[-1].end)
            or (not money[-1].has_separator and named(text[money[-1].end :], marks)))


def prices_in_cents(amounts: Sequence[Sequence[Money]], currency: str | None, receipt_cents: bool = False) -> bool:
    """Whether the region's line totals are printed with cents (``2.70``), half of them and two at
    least (one in a currency with cents): then a number without (``TOILET BRUSH 47-2311``, ``HSS
    TWIST DRILL 5.5*``, ``BOND UC-1701B 17 *S``) is part of a name, not a price. With no line total
    printed as money, in a currency with cents, whether the receipt prints its other amounts in
    cents (``receipt_cents``: ``LPR : WVX 8821`` over ``PARKING FEE RM 8.49`` is a plate number)."""
    last = [m[-1] for m in amounts if m and m[-1].has_separator]  # a bare "- 12" is a code or a count
    if not last and currency in MINOR_UNIT_CURRENCIES:
        return receipt_cents
    with_cents = sum(1 for m in last if ENDS_IN_CENTS.search(m.raw))
    return with_cents >= (1 if currency in MINOR_UNIT_CURRENCIES else 2) and with_cents >= len(last) / 2


def names_below(rows: Sequence[Row], amounts: Sequence[Sequence[Money]], marks: regex.Pattern[str]) -> bool:
    """Whether the items print each price row above its name (``2X @10000 20,000`` / ``AYAM``):
    the first price row has no name, no name row stands above it, and a name row follows it."""
    # Not a line number opening a name ("1. GAS BILL"): no price.
    first = next((k for k, m in enumerate(amounts) if m and not _NUMBERED_NAME.match(rows[k].text)), None)
    # Up to its line total: a tax code may follow it ("1,007.50 ZRL").
    return (first is not None and not named(rows[first].text[: amounts[first][-1].end], marks)
            and not any(letters(rows[k].text) >= 3 for k in range(first))
            and name_only(rows[first + 1 : first + 2], amounts[first + 1 : first + 2], loose=True))


def name_only(after: Sequence[Row], after_money: Sequence[Sequence[Money]], *, loose: bool = False) -> bool:
    """Whether the next row is a name with no price: three letters or more, and no amount but its
    unit price (``TOPVALU BESTPRI @6.20``); ``loose``, where the layout is known, also small bare
    numbers (``BENANG NYLON #18``; ``RISOL 18000`` is priced) or a code before the name (``303027
    COOK KN``)."""
    if not after or letters(after[0].text) < 3:
        return False
    money, text = after_money[0], after[0].text
    bare = all(not (m.has_separator or m.currency)
               and (m.amount < 1000 or not text[: m.start].strip() or letters(text[m.end :]) >= 2)
               for m in money) if loose else not money
    return bare or (len(money) == 1 and bool(_UNIT_MARK.search(text, 0, money[0].start)))


def quantity_name(after: Sequence[Row], after_money: Sequence[Sequence[Money]]) -> bool:
    """Whether the row after a price is an item's quantity and name with no price of its own
    (``1 Sweet Tea``)."""
    return bool(after) and not after_money[0] and LEADING_QTY.match(clean_name(after[0].text)) is not None


def counted_charge(text: str, money: Sequence[Money]) -> bool:
    """Whether a row ends with a count, a price and their product: a charge for so many hours or
    days (``Room Medium /jam 3 95.000 285.000``: a tariff's words, yet an item), the count printed
    right before the price (in rupiah a count is no amount); or a name, a count and the line total
    alone (``Room VIP per jam  4  1.000.000``), the count dividing it into whole money."""
    if len(money) == 1 and money[0].amount > 0 and (alone := _COUNT_BEFORE.search(text, 0, money[0].start)):
        n = int(alone.group("n"))
        exponent = money[0].amount.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return 1 <= n and letters(text[: alone.start()]) >= 3 and (money[0].amount * 10**places) % n == 0
    if len(money) < 2 or money[-2].amount <= 0 or money[-1].amount <= 0:
        return False
    count = money[-1].amount / money[-2].amount
    if count != count.to_integral_value() or not 1 <= count <= 99:
        return False
    printed = _COUNT_BEFORE.search(text, 0, money[-2].start)
    return printed is not None and int(printed.group("n")) == count


def code_row(text: str) -> bool:
    """Whether ``text`` is a product code and a pack count (``CG61/2 - 48``, ``WA36 - 12``): a
    word or two, one with a digit, then a dash and a count."""
    return CODE_ROW.match(text) is not None and any(ch.isdigit() for ch in text[: text.rindex("-")])


def names_an_item(text: str, quantity_marks: Sequence[str]) -> bool:
    """Whether a price row's ``text`` names its item (``named``, with receipt.toml's quantity
    marks); ``2x 10.000 20.000`` does not: its name is on another row."""
    return named(text, marks_pattern(tuple(quantity_marks)))


def priced_below(rows: Sequence[Row], amounts: Sequence[Sequence[Money]], i: int, product: Decimal) -> bool:
    """Whether the row below row ``i`` is a name priced ``product`` (a count times a unit price
    printed on row ``i``) alone."""
    after = amounts[i + 1] if i + 1 < len(amounts) else []
    return len(after) == 1 and after[0].amount == product and letters(rows[i + 1].text[: after[0].start]) >= 3


# A tax code after a line total ("51.60 SR", "6.50 ZR", "7.00 S"), or nothing.
_TAX_CODE = regex.compile(r"\s*(?:[A-Z]{1,3})?\s*")


def _measure_times(text: str, money: Sequence[Money]) -> Money | None:
    """The count or weight of a row of it, its unit and a mark before its only amount, the unit
    price (``0,456 KG x 32.900``)."""
    if not 1 <= len(money) <= 2 or text[money[-1].end :].strip():
        return None
    found = _MEASURE_TIMES.fullmatch(text, 0, money[-1].start)
    if found is None or not (q := Decimal(found.group("q").replace(",", "."))):
        return None
    if len(money) == 2 and not found.start("q") <= money[0].start < money[0].end <= found.end("q"):
        return None  # two amounts: the first is the count ("4 x 12.90", read in ringgit), or no such row
    return Money(q, raw=found.group("q"), start=found.start("q"), end=found.end("q"))


def _over_its_product(text: str, money: Sequence[Money], after: Sequence[Row],
                      after_money: Sequence[Sequence[Money]]) -> bool:
    """Whether a row of a count or weight times a unit price (``3 PCS x 22.900``) stands over a
    row of only their product (``68.700``)."""
    q = _measure_times(text, money)
    below = after_money[0] if after_money else []
    # The product alone, or with a tax code after it ("51.60 SR").
    return q is not None and len(below) == 1 and not after[0].text[: below[0].start].strip() and \
        _TAX_CODE.fullmatch(after[0].text, below[0].end) is not None and \
        times_into(q.amount, money[-1].amount, below[0].amount)


def count_only(row: Row, money: Sequence[Money]) -> bool:
    """Whether a row prints only a count (or weight) and a unit price, no name (``3 PCS x 22.900``,
    ``3X @6500``, ``7.500,00 x3``)."""
    return _measure_times(row.text, money) is not None or \
        len(money) == 1 and (_COUNT_AT.match(row.text, 0, money[-1].start) is not None
                             or _count_after_price(row.text, money) is not None)


def count_at(row: Row, money: Sequence[Money]) -> tuple[Row, Money, Money] | None:
    """A nameless row of a count and a unit price (``3X @6500``, over ``CENTIK PLANGI 19,500``):
    the count and price for the item below."""
    lead = _COUNT_AT.match(row.text, 0, money[-1].start) if len(money) == 1 else None
    if lead is None:
        lead = _count_after_price(row.text, money, named=True)  # "7.500,00 x3": the count after the price
    if lead is None:
        lead = LEADING_QTY.match(row.text) if len(money) == 1 else None  # "2X HONEY 385,000", its total below
    if lead is None:
        measured = _measure_times(row.text, money)  # "0,456 KG x 32.900", its total below
        return (row, measured, money[-1]) if measured is not None else None
    q = lead.group("q")
    return row, Money(Decimal(q), raw=q, start=lead.start("q"), end=lead.end("q")), money[0]


def count_over_its_total(text: str, money: Sequence[Money], after: Sequence[Row],
                          after_money: Sequence[Sequence[Money]]) -> Decimal | None:
    """The count of a row of a count, a name and a unit price (``2X MANUKA HONEY 385,000``) when
    the row below prints the same name and their product alone (``MANUKA HONEY 770,000``)."""
    lead = LEADING_QTY.match(text) if len(money) == 1 else None
    below = after_money[0] if after_money else []
    if lead is None or len(below) != 1 or below[0].amount != money[0].amount * int(lead.group("q")):
        return None
    name = clean_name(text[lead.end() : money[0].start]).upper()
    return Decimal(lead.group("q")) if name and name == clean_name(after[0].text[: below[0].start]).upper() else None


def _count_after_price(text: str, money: Sequence[Money], *, named: bool = False) -> regex.Match[str] | None:
    """The count printed after a row's only amount, nothing before it (``7.500,00 x3``); with
    ``named``, perhaps the name's first words after it (``59.90 x1  Kalkulator``)."""
    if len(money) != 1 or text[: money[0].start].strip():
        return None
    found = TIMES_COUNT.match(text, money[0].end)
    if found is None or (found.end() < len(text) and not (named and found.group()[-1:].isspace())):
        return None
    return found


def _times_count(text: str, money: Sequence[Money], after_money: Sequence[Sequence[Money]]) -> Decimal | None:
    """The count of a row that prints only a unit price and its count (``7.500,00 x3``) when the
    row below prints their product alone."""
    times = _count_after_price(text, money)
    below = after_money[0] if after_money else []
    if times is None or len(below) != 1 or below[0].amount != money[0].amount * int(times.group("q")):
        return None
    return Decimal(times.group("q"))


def merged_halves(row: Row, money: Sequence[Money], marks: regex.Pattern[str]) -> tuple[Row, Row] | None:
    """The two item rows the OCR merged into ``row`` (``Teh Tarik x2 4.40 Milo Ais x1 3.50``): a
    name and printed money, then another name and printed money. Each half keeps the row's words
    and positions, the other half's text blanked, so boxes and spans stay right. ``None`` for
    one item's row (no name between its numbers: ``KOPI 2 x 18.000 36.000``; a number printed
    unlike the prices, a size: ``PEN GEL 0.5 BLUE 3 2.50 7.50``)."""
    if not 2 <= len(money) <= _MAX_MERGED or not _printed(money[-1]):
        return None  # two items' rows print a few numbers: a row of hundreds is no merge (and would cost n^2)
    text = row.text
    for a in reversed(money[:-1]):
        # The second item's name runs to its price, a count before it or not ("17.00 1 SUNDAE CHOC
        # 4.50"); the last price that leaves a name after it ends the first item ("2 x 14.000 28.000
        # KRAN AIR 3 x 27.500 82.500": not its unit price).
        # A free item's 0 is printed so too ("Box Isi 12  1  0 Es Kopi Susu  2  36.000").
        if ((_printed(a) or a.raw == "0")
                and bool(ENDS_IN_CENTS.search(a.raw)) == bool(ENDS_IN_CENTS.search(money[-1].raw))
                and named(text[a.end : money[-1].start], marks) and named(text[: a.start], marks)):
            return (dataclasses.replace(row, text=text[: a.end] + " " * (len(text) - a.end)),
                    dataclasses.replace(row, text=" " * a.end + text[a.end :]))
    if len(money) >= 3 and _count_after_total(text, money[-3:], marks):
        # "Ayam Gepuk  27.80   2 @ 13.90": an item's row and its count row under it, merged.
        end = money[-3].end
        return (dataclasses.replace(row, text=text[:end] + " " * (len(text) - end)),
                dataclasses.replace(row, text=" " * end + text[end:]))
    return None


#: A times or at mark between a count and its unit price ("2 @ 13.90", "3 x 4.20").
TIMES_MARK = regex.compile(r"\s*[xX\u00d7@]\s*")


def _count_after_total(text: str, money: Sequence[Money], marks: regex.Pattern[str]) -> bool:
    """Whether the amounts ``money`` (three) are a named line total, then a count, a times or at
    mark and the unit price that make it, nothing else between them."""
    total, q, unit = money
    return _printed(total) and not q.has_separator and q.currency is None and 0 < q.amount < 1000 \
        and q.amount == q.amount.to_integral_value() and not text[total.end : q.start].strip() \
        and TIMES_MARK.fullmatch(text, q.end, unit.start) is not None and q.amount * unit.amount == total.amount \
        and named(text[: total.start], marks)


def _printed(m: Money) -> bool:
    return m.has_separator or m.currency is not None


def discounted_price(row: Row, money: Sequence[Money]) -> bool:
    """Whether ``row`` opens with a price, then a rate of discount and the net line total they
    make (``98.000 disc 15%  83.300``, under its name): an item's line, no discount of the receipt's."""
    if len(money) < 2 or row.text[: money[0].start].strip():
        return False
    rate = RATE.search(row.text, money[0].end, money[-1].start)
    return rate is not None and taken_down(money[0].amount, rate, money[-1])
