"""One price row of a receipt's items: the name printed on it, and its quantity and unit price.

The line total is the row's rightmost amount; the quantity and unit price are the pair of numbers
before it whose product is the line total, a number next to a quantity mark such as ``x`` or
``PCS``, a count opening the row or standing right before a grouped price, or a printed unit price
the total is a whole multiple of. A number that does not divide the total into a whole price is a
size in the name (``REGAL MARIE 125 GR 12,200``).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

import regex

from idextract.layout import Row
from idextract.money import CURRENCY_WORDS, Money, count_units, find_amounts, measure_units, thousandth_units

from .receipt_item_words import leading_fraction
from .receipt_line_total import discounted
from .receipt_quantities import as_measure, measure_times_into, times_into, weight_at_end, whole_unit

__all__ = ["BARE_COUNT", "BRACKETED_COUNT", "LEADING_QTY", "NAME_MARKS", "TIMES_COUNT", "bracketed", "clean_name",
           "letters", "marks_pattern", "named", "outside", "own_name", "qty_unit"]

# A count opening a row, with a mark ("2X S-Lemon") or a unit of count glued to it ("1Prs
# Pangsit", "2Btl Mineral Water": money.toml's counts) or before a name of two letters or more
# ("5 BKS GULA PASIR"; "1 BOX T.O" is a box), before a name.
LEADING_QTY = regex.compile(
    rf"^\s*(?P<q>[0-9]{{1,3}})(?:[.,]0{{1,2}})?(?:(?i:{count_units()})|\s+(?i:{count_units('spaced')})(?=\s+[\[(]?\p{{L}}{{2}})"
    rf"|\s*(?:[xX]\b)?)\s+(?=[\[(]?\p{{L}})")
# A unit of count standing apart after a count, before a name (money.toml units.spaced).
_SPACED_UNIT = regex.compile(rf"\s+(?i:{count_units('spaced')})\s+(?=[\[(]?\p{{L}})")
# A unit of count or measure alone, no name ("PKT *", "LTR").
_UNIT_ONLY = regex.compile(rf"\s*(?i:{count_units()}|{measure_units()})[\W_]*")
# A count ending the name, bare or after its mark ("Hot Tea 2", "Kopi O x2"); not the second
# number of a size ("KABEL 2 x 2").
_TRAILING_QTY = regex.compile(r"\s(?:(?<!(?<!\w)[\d.,]+\s*)[xX]\s?)?(?P<q>[1-9][0-9]?)$")
# A count in brackets ending a name ("Roti Keju (3)"): under ten, or any where the receipt prints
# counts so on two rows or more (``bracketed``: one row's "Telur Ayam Gred B (30)" is what a tray
# holds); never what a pack holds ("Macaron Box (12)", "Buku Tulis 58 lbr (10)").
BRACKETED_COUNT = r"\((?P<q>[1-9][0-9]?)\)"
_BRACKETED_QTY = regex.compile(rf"\s(?<!(?<!\w)(?i:{count_units()})\s?){BRACKETED_COUNT}$")
_BRACKETED_ROW = regex.compile(rf"[\p{{L}})]\s*{BRACKETED_COUNT}(?!\S)")
_FEW = 10  # a count in brackets under this is one on any receipt
# "2x 3.500 7.000", "3x8.00 24.00", "4x3.000 12.000": a quantity glued to its mark, which the
# amount pattern (rightly) refuses; "5BAG 19.50 97.50": to its unit of count, a quantity only where a unit price follows
# that it times into the line total ("Gyoza 2pcs 9.800" is a pack of two).
_GLUED_QTY = regex.compile(r"(?<![\w.,])(?P<q>[0-9]{1,3})[xX](?=\s|[0-9]+[.,][0-9]{2}(?![\w.,])"
                           r"|[0-9]{1,3}(?:[.,][0-9]{3})+(?![\w.,]))")
_COUNT_BEFORE_MARK = regex.compile(r"(?<![\w.,])(?P<q>[0-9]{1,3})[xX]$")  # searched in the 4 characters before a price
_GLUED_COUNT = regex.compile(rf"(?<![\w.,])(?P<q>[0-9]{{1,3}})(?i:{count_units()})(?=\s)")
# "0.850kg x RM4.00/kg 3.40", "1.85kg @ RM30.00": a weight or volume glued to its unit, which the
# money reader (rightly) refuses as an amount.
_UNIT_AFTER = regex.compile(rf"\s?(?i:{measure_units()})(?![\w])")
_GLUED_MEASURE = regex.compile(
    rf"(?<![\w.,])(?P<q>[0-9]{{1,3}}(?:[.,][0-9]{{1,3}})?)(?P<unit>(?i:{measure_units()}))(?![\w])")
_MISREAD_COUNT = 20
_COUNTS = frozenset(Decimal(n) for n in range(1, 100))
_MARK_TAIL = regex.compile(r"(?:\s|^)[xX@]$")
_TIMES = regex.compile(r"\s*[xX]\s*")
# A count after its mark, after a price ("7.500,00 x3", "6.500 x2  Lem Kertas").
TIMES_COUNT = regex.compile(r"\s*[xX×]\s*(?P<q>[1-9][0-9]{0,2})\s*")
_NUMBER = regex.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
# A count alone before its price ("2  17,000" under the name).
BARE_COUNT = regex.compile(r"[1-9][0-9]{0,2}")  # a count alone, of three digits at most
NAME_MARKS = " \t:;=@#*|.,`->"


def letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def outside(text: str, money: Sequence[Money]) -> str:
    """``text`` less the spans of ``money`` (their currency marks are theirs: ``Rp22,000 Rp12,000``)."""
    parts, at = [], 0
    for m in money:
        parts.append(text[at : m.start])
        at = m.end
    return "".join(parts) + text[at:]


def named(text: str, marks: regex.Pattern[str]) -> bool:
    """Whether ``text`` holds a name: three letters or more besides the quantity marks (``x``, ``PCS``)
    that stand by a number."""
    # Taking the marks out only takes letters away: under three letters, no search (some 40% of
    # the texts asked about are counts and prices, and the search costs microseconds).
    if letters(text) < 3:
        return False
    return letters(_counting(marks).sub(" ", text)) >= 3


@lru_cache(maxsize=8)
def _counting(marks: regex.Pattern[str]) -> regex.Pattern[str]:
    # A mark counts something only beside a number ("2x", "10 PCS", "@ 5.000") or where a name
    # cut before its price ends ("500 ML EA"); else it is a word of the name ("BOX T.O 10,000": a
    # take-away box).
    # Nor is a currency word ("x RM4.00", "36000 IDR"; not one inside a word: "PERMEN", "TRMP")
    # or a unit of measure after a number or a slash ("30.24 L", "/kg"): "0.850kg x RM4.00/kg
    # 3.40" names nothing.
    return regex.compile(rf"(?<=\d){marks.pattern}|{marks.pattern}(?=\s*(?:\d|$))"
                         rf"|(?<![\w.])(?:{CURRENCY_WORDS})(?=\s?\d|[^\w]|$)"
                         rf"|(?:(?<=\d)\s?|/)(?:{measure_units()})(?![\w])",
                         marks.flags)


def clean_name(text: str) -> str:
    # Not a bracket opened where the name was cut ("RANTAI 916 (" before "4.52g) @ RM 420.00/g").
    name = text.strip(NAME_MARKS)
    if name.startswith("'") and name.count("'") == 1:
        name = name[1:].lstrip(NAME_MARKS)  # a stray mark at the paper's edge; not "ROTI 'O'"'s quotes
    return name[:-1].rstrip(NAME_MARKS) if name.endswith("(") else name


@lru_cache(maxsize=8)
def marks_pattern(quantity_marks: tuple[str, ...]) -> regex.Pattern[str]:
    # Whole words only: "EA" ends "Tea", "X" ends "BOX" (a mark glued to its count, "2X", stays).
    return regex.compile(r"\s*(?<![A-Z])(?:" + "|".join(regex.escape(m) for m in quantity_marks) + r")(?![A-Z])",
                         regex.I)


def qty_unit(numbers: list[Money], total: Money, text: str,
              marks: regex.Pattern[str]) -> tuple[Money | None, Money | None]:
    """The quantity and unit price before the line total, if the row prints them."""
    before = [m for m in numbers if m.end <= total.start]
    for a, b in itertools.pairwise(before):
        # When either could be the quantity, it is the one before an "x" between them ("210.00 x
        # 80 16,800": a weight and its price; "50.000,00 x 1,00 PAK" cannot be read so), else the
        # one printed bare ("2 GREEN TEA @ 1.00 2.00"), else the one opening the row ("2 TEA EXTRA
        # PERSON (1 PAX) 2.00"), else of two printed with decimals the first, as columns print a
        # quantity before its price ("001697 5.00 1.00 5.00", "17007 65.00 15.50 1,007.50"), else
        # the smaller ("TAKE AWAY 909 1 909").
        times = _TIMES.fullmatch(text, a.end, b.start) is not None
        orders = sorted(((a, b), (b, a)), key=lambda pair: (
            not (times and pair[0] is a), pair[0].has_separator, bool(text[: pair[0].start].strip()),
            (pair[0] is not a) if a.has_separator and b.has_separator else pair[0].amount > pair[1].amount))
        for q, u in orders:
            # A count is under a thousand; a weight or volume (decimals, a unit) may be more where it
            # times the price into the total exactly ("1676,5 kg  14.000  23.471.000", "1350 liter").
            if (0 < q.amount <= 999 and (measure_times_into if _UNIT_AFTER.match(text, q.end) else times_into)(
                    q.amount, u.amount, total.amount)) or (q.amount > 999 and q.amount * u.amount == total.amount and (
                        q.amount != q.amount.to_integral_value() or _UNIT_AFTER.match(text, q.end))):
                return q, u
            if 0 < q.amount <= 999 and q.start < u.start and discounted(q.amount * u.amount, text, u.end, total):
                return q, u  # "Aggregate 3/4 inch  2.6 m3  89.90  15%  198.68": a rate off the line
            # Not a price per unit ("0,B90 kg x 89.000/kg  79.210": 89 x 890 makes the total too)
            measured = None if text.startswith("/", q.end) else as_measure(
                q, u, total, opening=q.start < u.start and not text[: q.start].strip())
            if measured is not None and times_into(measured.amount, u.amount, total.amount):
                return measured, u
    columns = _in_columns(before, total, text)
    if columns is not None:
        return columns
    for m in before:
        # A price and its count glued to the mark after it ("6.500 x2  Lem Kertas 50ml  13.000"): the
        # count the money reader refuses (a digit after a letter), the price before it.
        count = TIMES_COUNT.match(text, m.end) if m.has_separator else None
        if count is not None and count.group()[-1:].isspace() and m.amount * int(count.group("q")) == total.amount:
            return Money(Decimal(count.group("q")), raw=count.group("q"), start=count.start("q"),
                         end=count.end("q")), m
    for m in reversed(before):
        tail = text[m.end : m.end + 10]  # room for the longest mark ("STRIP", "TABLET")
        if 0 < m.amount <= 999 and (mark := marks.match(tail)) and not _pack_size(text, m, tail[mark.end() :]):
            unit = next((u for u in before if u.start > m.end and u.amount * m.amount == total.amount), None)
            return m, unit
    glued = _glued(before, total, text)
    if glued is not None:
        return glued
    # "TAS RAMAH LINGKUNGAN 5600 5,600", "HOT TEA 12,000 36,000": a unit price the total is a whole
    # multiple of, the count lost by the OCR; a price, so printed with a separator unless it is the
    # total. A multiple of 2 or more not after a count ("FRISIAN FLAG 1 1.500 7,500": the count is
    # printed, the price misread); the price equal to the total whatever stands before it (a size).
    counted = len(before) > 1 and before[-2].amount in _COUNTS and not before[-2].has_separator
    # A bare number opening the row is its count ("1 ICED GREEN TEA 1.00"), no price.
    unit = next((m for m in before[-1:] if m.amount > 0 and (m.has_separator or m.amount == total.amount)
                 and (m.has_separator or text[: m.start].strip())
                 and (m.amount == total.amount or (not counted and total.amount / m.amount in _COUNTS))), None)
    if unit is not None:
        return Money(total.amount / unit.amount, start=unit.start, end=unit.start), unit
    return None, None


def _in_columns(before: list[Money], total: Money, text: str) -> tuple[Money, Money] | None:
    """The quantity and unit price of a row printed in an invoice's or a till's columns: a count,
    a unit price, their product, a tax, the total with it (``1  250.00  250.00  02  20.00
    270.00``); a count, a unit price, a discount, the total less it (``1  BOX  SKRU KAYU 1"  12.00
    1.20  10.80``: the count opening the row rather than a number in the name); or a count and
    its unit opening the row times a price printed after the name (``10 sak  Semen PCC 40 kg
    62.000  620.000``: not a size in the name marked as a count)."""
    for q, u in itertools.pairwise(before if len(before) >= 4 else ()):  # a count, a price, a product, a tax
        if 0 < q.amount <= 999 and q.amount == q.amount.to_integral_value() and u.has_separator:
            after = [m for m in before if m.start > u.end]
            net = next((m for m in after if m.amount == q.amount * u.amount and m.has_separator), None)
            if net is not None and any(t.start > net.end and t.has_separator and net.amount + t.amount == total.amount
                                       for t in after):
                return q, u
    if len(before) >= 3 and before[-2].has_separator and before[-1].has_separator:
        u, off = before[-2], before[-1]
        counts = sorted((q for q in before[:-2] if 0 < q.amount <= 999 and q.amount == q.amount.to_integral_value()
                         and 0 < off.amount < q.amount * u.amount == total.amount + off.amount),
                        key=lambda q: letters(text[: q.start]) > 0)
        if counts:
            return counts[0], u
    lead = LEADING_QTY.match(text)
    if lead is not None and (count := int(lead.group("q"))):
        unit = next((u for u in before
                     if u.start >= lead.end() and u.amount * count == total.amount and u.has_separator), None)
        if unit is not None:
            return Money(Decimal(count), raw=lead.group("q"), start=lead.start("q"), end=lead.end("q")), unit
    return None


def _glued(before: list[Money], total: Money, text: str) -> tuple[Money, Money | None] | None:
    """The quantity (and the unit price it times into the total, if printed) glued to its mark
    (``2x 3.500``), to a unit of measure (``0.850kg x RM4.00/kg``) or to a unit of count (``5BAG
    19.50``), which the money reader (rightly) refuses as amounts."""
    for u in before:
        # A count and its mark glued to a unit price that times into the total ("2x15rb = 30rb").
        count = _COUNT_BEFORE_MARK.search(text, max(0, u.start - 4), u.start) \
            if u is not total and text[u.start - 1 : u.start] in ("x", "X") else None
        if count is not None and 0 < (n := int(count.group("q"))) and u.amount * n == total.amount:
            return Money(Decimal(n), raw=count.group("q"), start=count.start("q"), end=count.end("q")), u
    glued = next((g for g in reversed(list(_GLUED_QTY.finditer(text, 0, total.start)))), None)
    if glued and int(glued.group("q")) > 0:
        q = Money(Decimal(glued.group("q")), raw=glued.group("q"), start=glued.start("q"), end=glued.end("q"))
        return q, next((u for u in before if u.amount * q.amount == total.amount), None)
    for weighed in _GLUED_MEASURE.finditer(text, 0, total.start):
        amount = Decimal(weighed.group("q").replace(",", "."))
        # "75gr  36.00  2.70": grams at a price per kilogram.
        per = 1000 if weighed.group("unit").lower() in thousandth_units() else 1
        unit = next((u for u in before if u.start > weighed.end() and amount
                     and any(measure_times_into(amount / k, u.amount, total.amount) for k in {1, per})), None)
        if unit is not None:
            return Money(amount, raw=weighed.group("q"), start=weighed.start("q"), end=weighed.end("q")), unit
    for packed in _GLUED_COUNT.finditer(text, 0, total.start):
        unit = next((u for u in before if u.start > packed.end() and u.amount * int(packed.group("q")) == total.amount
                     and u is not total), None)
        if unit is not None:
            return Money(Decimal(packed.group("q")), raw=packed.group("q"), start=packed.start("q"),
                         end=packed.end("q")), unit
    return None


def _pack_size(text: str, m: Money, after_mark: str) -> bool:
    """Whether count ``m`` and its mark stand alone in brackets after a count opening the row: the
    size of a pack ("1 Gyoza (5 pcs) 35.000"), not how many were bought ("Gosok (5 pcs) 10.00")."""
    return ("(" in (m.raw[:1], text[m.start - 1 : m.start]) and after_mark.lstrip().startswith(")")
            and LEADING_QTY.match(text) is not None)


def _unit_only(text: str) -> bool:
    return _UNIT_ONLY.fullmatch(text) is not None


def bracketed(rows: Sequence[Row]) -> bool:
    """Whether two rows or more print a name's count in brackets after it (see ``_BRACKETED_QTY``)."""
    return sum(1 for r in rows if _BRACKETED_ROW.search(r.text)) >= 2


def own_name(row: Row, total: Money, currency: str | None, marks: regex.Pattern[str],
             written: Sequence[Money] = (), *,
             counted: bool = False) -> tuple[str, tuple[int, int], Money | None, Money | None]:
    """The name printed on a price row, where it stands (start, end), and the row's quantity and
    unit price. The name is left of the first number, or right of a quantity that opens the row
    (``2 UDANG RE 216,000 432,000``, ``1X S-Lemon Macchiato @21,000 21,000``, ``1 Chicken Wrap
    50000``) up to the unit price that quantity times makes the line total. ``written``: amounts
    written short in the row (``2x15rb = 30rb``), which no number reader here finds; ``counted``:
    the receipt prints counts in brackets after names (:func:`bracketed`)."""
    text = row.text
    if (fraction := leading_fraction(text)) is not None and letters(text[fraction[3] : total.start]):
        # "2 1/2 kg Sayap Ayam   105rb": a hand-written nota's weight, no number the money reader finds.
        weight, start, end, named_at = fraction
        return (clean_name(text[named_at : total.start]), (named_at, total.start),
                Money(weight, raw=text[start:end], start=start, end=end), None)
    numbers = [m for m in find_amounts(text, currency=currency) if m.end <= total.end]
    if written:
        numbers = sorted([*numbers, *(w for w in written if w.end <= total.end and
                                      not any(m.start < w.end and w.start < m.end for m in numbers))],
                         key=lambda m: m.start)
    q, u = qty_unit(numbers, total, text, marks)
    if q is not None and u is None and not whole_unit(total, q.amount):
        q = None  # "REGAL MARIE 125 GR 12,200": a size (12,200 / 125 is no price), not a quantity
    if q is not None and not letters(text[: q.start]) and (u is None or u.start > q.end):
        mark = marks.match(text, q.end)  # "1X S-Lemon": the mark glued to the quantity
        start = mark.end() if mark else q.end
        end = u.start if u is not None else total.start
        if (spaced := _SPACED_UNIT.match(text, start)) is not None:
            start = spaced.end()  # "350 ft Metal Roofing", "16 lgth G.I. Pipe": the count's unit, no word of the name
        own = clean_name(text[start:end])
        # Not "2 X 5.51 (DISC: 1.53) 7.96" (a price first), nor "1 ECS x 9,000" (a unit word, the
        # name on the row above).
        price_first = (m := _NUMBER.match(own)) is not None and any(ch in ".," for ch in m.group())
        # Nor a unit of count alone ("1.00 PKT * 0.7500 0.75": the name is on the row above).
        if letters(own) and not price_first and not _MARK_TAIL.search(own) and not _unit_only(own):
            return own, (start, end), q, u
        # Between the count and the price, a mark alone or nothing (not "* RM").
        if u is not None and (not text[start:end].strip() or marks.fullmatch(text[start:end].strip())) and \
                not any(u.end <= m.start and m is not total and m.has_separator for m in numbers) and \
                letters(after := clean_name(text[u.end : total.start])):
            # "2 @ 98.00  BAJA NPK 15-15-15 50KG  196.00": the count and unit price open the row, the name
            # after (not "2 X 7.50 (DISC: 1.00) 14.00": another price, the name on the row above).
            return after, (u.end, total.start), q, u
    if q is not None and u is not None and u.end <= q.start and not text[: u.start].strip() \
            and (_TIMES.fullmatch(text, u.end, q.start) or (u.has_separator and not text[u.end : q.start].strip()))\
            and letters(own := clean_name(text[q.end : total.start])):
        # "15.000 x 2  Roti Abon Sapi  30.000", "25,000.00  2  Pangsit Goreng  50,000.00" (a Price, Qty,
        # Item, Total table): the unit price and its count open the row, the name after them.
        return own, (q.end, total.start), q, u
    first_num = min([m.start for m in (q, u) if m is not None] + [total.start])
    name_part = text[:first_num]
    # Quantity marks and prices left of the line total are not part of the name.
    if q is not None and name_part.strip().isdigit():
        name_part = marks.sub(" ", name_part)
    offset = len(name_part) - len(name_part.lstrip(NAME_MARKS))  # of the cleaned name in the text
    name_part = clean_name(name_part)
    lead = LEADING_QTY.match(name_part)
    if lead and q is None and whole_unit(total, Decimal(lead.group("q"))):  # not "7 UP CAN 330 ML 6,000"
        q = Money(Decimal(lead.group("q")), start=row.spans[0][0], end=row.spans[0][0] + len(lead.group("q")))
        name_part = name_part[lead.end() :]
        # "2 POCAI 3 111,000 222,000": the number the leading quantity times makes the line
        # total is the unit price, not part of the name.
        unit = next((m for m in numbers if m.end <= total.start and m.amount * q.amount == total.amount
                     and m.start >= offset + lead.end()), None)
        if unit is not None:
            u, name_part = unit, clean_name(text[offset + lead.end() : unit.start])
    if q is None and (misread := _count_before_misread_price(text, numbers, total)) is not None:
        q, name_part = misread, clean_name(text[: misread.start])
    bare = BARE_COUNT.fullmatch(name_part) if q is None and total.has_separator else None
    if bare and whole_unit(total, Decimal(bare.group())):
        # "2  17,000" under its name: a count and one price on a row of their own.
        q = Money(Decimal(bare.group()), raw=bare.group(), start=offset, end=offset + bare.end())
        name_part = ""
    trail = _TRAILING_QTY.search(name_part) if q is None and total.has_separator else None
    if trail is None and q is None and total.has_separator and (inside := _BRACKETED_QTY.search(name_part)) \
            and (counted or int(inside.group("q")) < _FEW):
        trail = inside
    if trail and letters(name_part[: trail.start()]) >= 3 and whole_unit(total, Decimal(trail.group("q"))):
        # "GONG GIBAB 1 20,000", "Hot Tea 2 22,000", "Kopi O x2 3.60": a count right before a grouped price.
        q = Money(Decimal(trail.group("q")), raw=trail.group("q"), start=offset + trail.start("q"),
                  end=offset + trail.end("q"))
        name_part = name_part[: trail.start()]
    if q is None and (weighed := weight_at_end(name_part)) is not None and letters(name_part[: weighed.start]):
        # "Pump 04 RON97 14.620L  50.00": what was weighed or measured out, its price per unit not printed.
        q = dataclasses.replace(weighed, start=offset + weighed.start, end=offset + weighed.end)
        name_part = name_part[: weighed.start]
    return name_part, (0, first_num), q, u


def _count_before_misread_price(text: str, numbers: list[Money], total: Money) -> Money | None:
    """The count of ``TEH KOTAK 50 1 3,000 8,000``: a count and a grouped price right before the
    line total that do not multiply to it. The count stands and the price was misread (the unit
    price is then the total over the count); neither is part of the name. A larger number is a
    size in the name (``TEH KOTAK 50 3.000 8,000``)."""
    before = [m for m in numbers if m.end <= total.start]
    if len(before) < 2:
        return None
    count, price = before[-2], before[-1]
    if (price.has_separator and not count.has_separator and 0 < count.amount <= _MISREAD_COUNT
            and not text[count.end : price.start].strip() and letters(text[: count.start]) >= 3
            and whole_unit(total, count.amount)):
        return count
    return None
