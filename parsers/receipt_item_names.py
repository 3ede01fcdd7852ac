"""Item names read across rows: a name begun on the count row above its price row (``59.90 x1
Kalkulator`` / ``Saintifik 59.90``), a name waiting above for its price row, wrapped onto it in
lower case or counted above it, and the row that names a nameless price row (the one below, where
price rows come first, or the one waiting above). :mod:`receipt_items` reads the rows in order and
asks these."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import regex

from idextract.dates import day_month_note
from idextract.layout import Row
from idextract.money import Money, find_amounts
from idextract.records import Box

from .receipt_item_record import ADD_ON_MARKS, Name, ReceiptItem
from .receipt_line import LEADING_QTY, clean_name, letters
from .receipt_quantities import measure_at_end
from .receipt_row_kinds import AT_MARK, CODE_ROW, name_only, quantity_name

__all__ = ["begun_above", "cased", "column_wrapped", "end_below", "goes_on", "indented_under", "name_of", "name_row",
           "priced_alone", "waiting", "wrapped", "wraps_below"]

# A field's short label, a colon and its value ("Acc : 22***-***-4418", "Vol: 31.447 L").
_FIELD_ROW = regex.compile(r"\s*[^\W\d_][\w./ ]{0,15}?\s*:\s*\S")
# A product code alone on its row, letters and three digits or more in one word ("SKU66695" under
# "Print Warna A4"): no name.
_CODE_LED = regex.compile(r"[0-9]{4,}\s+[^\W\d_]")  # a product's code, then its name's words
_CODE_TOKEN = regex.compile(r"\s*(?=[A-Za-z-]*[0-9]{3})[A-Za-z0-9-]+\s*")
# A unit price ending a name row ("LED TUBE @16.00"): no word of the name.
_TRAILING_UNIT = regex.compile(rf"\s*{AT_MARK}[0-9][0-9.,]*(?:\s+[A-Z]{{1,2}})?\s*$", regex.I)


def begun_above(at: Row, q: Money, u: Money | None, name: Name) -> Name:
    """``name`` with the words its count row prints after the price and the count, where the name
    begins (``59.90 x1  Kalkulator`` / ``Saintifik  59.90``)."""
    head = clean_name(at.text[q.end :]) if u is not None and u.end <= q.start and name.row is not at else ""
    if letters(head) < 3:
        return name
    return Name(f"{head} {name.text}".strip(), at, Box.union([at.span_box(q.end, len(at.text)), name.box]), None,
                f"{at.text}\n{name.raw}")


def waiting(row: Row, pending: Row | None, *, cased: bool = True, may_wrap: bool = True) -> Row | None:
    """The name waiting for its price row once ``row``, which prints none, is read: ``row`` if it
    names (two letters; three under a name already waiting, and no code: ``NZ-06/07 - 5/40``,
    ``WDOO - 15``, a word or two and a count after a dash; nor a field's label and value,
    ``Acc : 22***-***-4418`` under ``1. ELECTRICITY BILL``; nor a product code alone, ``SKU66695``;
    nor a hand-written bill's date, ``sabtu 6/4``), else the one waiting; where the receipt's
    letters are ``cased`` (see :func:`cased`), a row opening in a small letter goes on with it, and
    so does one indented under it (:func:`indented_under`'s rest of a name) unless the caller knows
    ``pending`` for no name's first words (``may_wrap``)."""
    named_above = pending is not None
    if letters(row.text) < (3 if named_above else 2) or day_month_note(row.text):
        return pending
    if pending is not None and cased and row.text[:1].islower():
        # "Masker Medis Earloop 3 Ply Box isi 50" / "pcs Hijau": a name goes on in small letters.
        return Row.joined([pending, row])
    if named_above and (CODE_ROW.match(row.text) or _FIELD_ROW.match(row.text) or _CODE_TOKEN.fullmatch(row.text)):
        return pending
    if pending is not None and row.index == pending.index + 1 and _CODE_LED.match(pending.text) \
            and row.text[:1].isalpha():
        # "200118 Rak Kasut Besi 4 Tingkat Boleh" / "Lipat Warna Kelabu": an item's code opens its
        # first row; a row of words right under it with none goes on with its name.
        return Row.joined([pending, row])
    if may_wrap and pending is not None and row.index == pending.index + 1 and pending.words and row.words \
            and _rest_of(pending.text.strip(), row.text.strip()) and _right_of(pending, row):
        # "CEREAL CORN FLAKES SUNNY" / "  MORNING 500G" / "  1 PCS x 11.50  RM11.50": the name's rest
        # indented under it, its price row below.
        return Row.joined([pending, row])
    return row


def priced_alone(rows: Sequence[Row], amounts: Sequence[Sequence[Money]], i: int, q: Money | None,
                  u: Money | None) -> bool:
    """Whether nameless price row ``i`` is an item with no name: it prints a count, a unit price
    and their product, and no name row follows it."""
    return q is not None and u is not None and not name_only(rows[i + 1 : i + 2], amounts[i + 1 : i + 2], loose=True)


def goes_on(pending: Row, connectors: tuple[str, ...]) -> bool:
    """Whether the name of ``pending`` goes on onto the named price row under it: it ends in a
    word or a mark that joins it to more (``Tempura Udon (Hot) with`` / ``Extra Kakiage
    1 29.00``)."""
    text = pending.text.rstrip()
    last = text.rsplit(" ", 1)[-1].upper()
    return last in connectors or text[-1:] in _JOINING_MARKS


_COMPONENT_MARKS = frozenset("-+>~")  # marks opening a row of what an item is made of or comes with
# Marks ending a name row that the next row finishes ("Nasi Goreng +", "Kopi Susu,").
_JOINING_MARKS = frozenset(",&+/(")


def cased(rows: Sequence[Row]) -> bool:
    """Whether the rows' case says something: some open with a capital (a name's first word), so a
    small letter opening a row goes on with the one above. A text read all in small letters (an
    engine or a hand that writes so) opens every name with one."""
    opening = [text[0] for r in rows if (text := r.text.lstrip()) and text[0].isalpha()]
    capitals = sum(1 for ch in opening if ch.isupper())
    return capitals >= _MIN_CAPITALS and capitals >= _CAPITAL_SHARE * len(opening)


#: Rows opening with a capital, at least, and their share of the rows opening with a letter.
_MIN_CAPITALS = 2
_CAPITAL_SHARE = 0.25


def indented_under(pending: Row, row: Row, after: Row | None = None) -> bool:
    """Whether ``row`` goes on with the name of ``pending`` above it where a name too long for its
    column is wrapped, indented (``Sarden Saus Tomat Laut`` / ``  Kidul 425G  25,200.00``): it
    starts two characters right of it at least (the leading spaces of a text's line, the words'
    boxes in a photo) with the rest of the name, no count or code first; ``pending`` is two words
    or more with no mark, field, bracket, code or amount, and in capitals only where the rest is
    (not ``[T05] MIE KOCOK``, ``Stall 03 - MINUMAN``, ``Juruwang: RAJ``, ``JASA``, ``SUKU CADANG``
    over ``Oli Mesin``: titles and notes over their rows); and the row ``after`` is no other
    named price row so indented (``Fare breakdown`` / ``  Base fare 3.00`` / ``  Distance 5.70``:
    a title over its list)."""
    if not pending.words or not row.words or not _rest_of(pending.text.strip(), row.text.strip()):
        return False
    if not _right_of(pending, row):
        return False
    return after is None or not after.words or not (_right_of(pending, after) and letters(after.text) >= _NAME_LETTERS
                                                    and find_amounts(after.text))


def column_wrapped(pending: Row, name: Name, row: Row) -> bool:
    """Whether the name of a table's row (a count, a unit price and a line total after it: the
    caller's to know) goes on from ``pending`` above it, wrapped in its column at the left edge
    (``Kemeja Batik`` / ``Tulis  2  450.000,00  900.000,00``, ``MINYAK KAYU`` / ``PUTIH 60ML
    2 24.000 48.000``): the row opens with its name, two words at most, and ``pending`` is a
    name's first words as :func:`indented_under` asks, with no digit or slash (not ``Room 208
    Standard Queen``, ``PUMP 02``, ``TapTill Cloud T03/Sri W.``: a note or a title)."""
    head, own = pending.text.strip(), name.text.strip()
    return _rest_of(head, own) and len(own.split()) <= _REST_WORDS and row.text.lstrip().startswith(own) \
        and not any(ch.isdigit() or ch == "/" for ch in head) and not any(ch.isdigit() for ch in own.split()[0])


def _rest_of(head: str, own: str) -> bool:
    """Whether ``own`` may be the rest of a name whose first words are ``head``: ``head`` two words
    or more with no mark, field, bracket, code or amount, and more than currency marks (``RM RM``
    over a table's amounts), in capitals only where ``own`` is;
    ``own`` opening with a letter, its first word no code."""
    return len(head.split()) >= 2 and letters(head) >= _HEAD_LETTERS and head[:1].isalpha() \
        and not _NOT_A_HEAD.search(head) and own[:1].isalpha() and not _DIGITS.search(own.split()[0]) \
        and not (head.isupper() and not own.isupper())


def _right_of(pending: Row, row: Row) -> bool:
    """Whether ``row`` starts ``_INDENT`` characters right of ``pending`` at least."""
    a, b = pending.words[0], row.words[0]
    if a.box is None or b.box is None:
        return a.box is None and b.box is None and _lead(b.text) >= _lead(a.text) + _INDENT
    width = (a.box.x1 - a.box.x0) / max(len(a.text.strip()), 1)  # a character's
    return width > 0 and b.box.x0 - a.box.x0 >= _INDENT * width


def _lead(text: str) -> int:
    """The spaces opening ``text`` (a text line's indent)."""
    return len(text) - len(text.lstrip(" "))


#: Characters a wrapped name's rest stands right of its first words, at least.
_INDENT = 2
# What no wrapped name's first words hold: a field's colon, a bracket, a dash between words (a
# stall's title), a code of four digits or more, a number with a separator.
_NOT_A_HEAD = regex.compile(r"[:\[\]()]|\s-\s|[0-9]{4}|[0-9][.,][0-9]")
_DIGITS = regex.compile(r"[0-9]{3}")  # a code's, opening the rest of a name
_NAME_LETTERS = 3  # letters of a named row, at least
_REST_WORDS = 2  # words of a name's rest wrapped in its column, at most
_HEAD_LETTERS = 6  # letters of a wrapped name's first words, at least


def wrapped(pending: Row, name: Name, row: Row, q: Money | None, sections: set[str], *,
            after_code: bool = False, goes_on: bool = False, cased: bool = True,
            after: Row | None = None, table_row: bool = False, may_wrap: bool = True) -> tuple[Name, Money | None]:
    """The name of a named price row under a name row with no price: the two together when the
    name was wrapped onto the price row, going on in lower case (``Milk Tea ...,normal sugar,no`` /
    ``rmal ice 19000 1 19000``: a new item's name starts with a capital), or counted above and
    not on the price row (``1 DOUBLE CHOCO CREAN FRAP`` / ``BLO VENTI 81000``; not onto ``** FOOD
    184,000``), or under a barcode that opens the item (``after_code``: ``9789674123320`` /
    ``Buku Aktiviti Matematik`` / ``Thn 3  17.80``; a section's title follows no barcode), or
    where the name above goes on onto it (``goes_on``, see :func:`goes_on`), or is indented under
    it (:func:`indented_under`), or wrapped in a table's name column (``table_row``: the price row
    prints a count and a unit price; :func:`column_wrapped`), unless the caller knows ``pending``
    for no name's first words (``may_wrap``); else the price row's own."""
    first = clean_name(pending.text)
    # The count above may be the one the price row's unit price times into its total, printed
    # nowhere on it ("3 Nasi Timbel" / "Komplit 45.000 135.000").
    derived = q is not None and q.start == q.end
    # A count after a component's mark ("- 2x Soft Drink L" under "Combo Couple  22.90") is the
    # item above's, no count of the price row's.
    component = pending.text.lstrip()[:1] in _COMPONENT_MARKS
    lead = LEADING_QTY.match(first) if (q is None or derived) and name.text.upper() not in sections \
        and not component else None
    if lead is not None and derived and q is not None and Decimal(lead.group("q")) != q.amount:
        lead = None
    small = cased and name.text[:1].islower()
    if not small and lead is None and not after_code and not goes_on and not (may_wrap and (
            indented_under(pending, row, after) or (table_row and column_wrapped(pending, name, row)))):
        return name, q
    if lead is not None and not small:
        first, q = first[lead.end() :], q if derived else Money(Decimal(lead.group("q")))
    return Name(f"{first} {name.text}", pending, Box.union([pending.box, name.box]), None,
                 f"{pending.text}\n{row.text}"), q


def name_row(rows: Sequence[Row], amounts: Sequence[Sequence[Money]], i: int, pending: Row | None, below: bool, *,
              bare: bool) -> Row | None:
    """The row that names the nameless price row ``i``: the one below where the items print
    their price rows above their names; else the name waiting above; else, for a bare price
    (``13.800`` / ``1 Sweet Tea``: on a tilted photo a price can land on the row above its name),
    a quantity-led name row below."""
    after, after_money = rows[i + 1 : i + 2], amounts[i + 1 : i + 2]
    if below and name_only(after, after_money, loose=True):
        return after[0]  # whatever stands above
    if pending is not None:
        return pending
    return after[0] if bare and quantity_name(after, after_money) else None


def name_of(row: Row, q: Money | None, unit: Money | None,
             money: Sequence[Money]) -> tuple[Name, Money | None, Money | None]:
    """The name a name row gives a price row whose amounts are ``money``, and the quantity
    leading it (``1 Sweet Tea``) or the weight ending it (``RON95 14.634 L`` over ``@ RM 2.05 /L
    30.00``) when the price row printed none, with the unit price it times; the price row's
    ``unit`` price printed after the name is none of it (``ALACARTE SUSHI 2.80`` over ``RM 2.80 2
    0.00 RM5.60``)."""
    own = _TRAILING_UNIT.sub("", row.text)  # "LED TUBE @16.00": the unit price is no name
    if q is None:
        for price in ([unit] if unit is not None else money[:-1]):
            if (weighed := measure_at_end(own, price, money[-1])) is not None:
                (own, q), unit = weighed, price
                break
    tail = find_amounts(own)[-1:] if unit is not None else []
    if unit is not None and tail and tail[0].amount == unit.amount and not own[tail[0].end :].strip() \
            and letters(own[: tail[0].start]) >= 3:
        own = own[: tail[0].start]
    name = Name(clean_name(own), row, row.box, row.span_polygon(0, len(own)), row.text)
    lead = LEADING_QTY.match(name.text)
    if lead and (q is None or q.amount == Decimal(lead.group("q"))):
        # "5 BKS GULA PASIR 1KG" over "@15.500 77.500": the count, read on either row, is no word of the name.
        q = q or Money(Decimal(lead.group("q")))
        name.text = name.text[lead.end() :]
    return name, q, unit


# Marks opening a note's row under an item, no name's end: an add-on's, a component's, a bracket's.
_NOTE_OPENINGS = frozenset(ADD_ON_MARKS) | _COMPONENT_MARKS | frozenset("(@[")
_MAX_WRAPPED_WORDS = 4  # words of a name's end wrapped in its column


def wraps_below(rows: Sequence[Row], amounts: Sequence[Sequence[Money]]) -> bool:
    """Whether the item region's names wrap onto the row under their price row: a name's end stands
    under the last priced row, which it can only end (names wrap the other way as often, their
    first words above the price row: ``Salted Egg`` / ``Chicken  2  28.00  56.00``)."""
    last = max((k for k, a in enumerate(amounts) if a), default=len(rows))
    after = rows[last + 1].text.strip() if last + 1 < len(rows) else ""
    return bool(after) and not amounts[last + 1] and letters(after) >= 2 and after[0] not in _NOTE_OPENINGS


def end_below(items: Sequence[ReceiptItem], pending: Row) -> None:
    """Where names wrap below (:func:`wraps_below`), ``pending``, a name row right under the last
    item's line that names nothing below it, is the end of that item's name (``Pulpen Gel  36
    37,000  1,332,000`` / ``Hitam (lusin)``), in place: a few words, no mark, field or code opening
    it, under a table's line (a count, a unit price, the total), every item named on its own row."""
    last, text = items[-1], pending.text.strip()
    if any(it.name.line != it.total_price.line for it in items) or last.total_price.line != pending.index - 1 \
            or not last.quantity.found or not last.unit_price.raw or not last.name.value or not text \
            or text[0] in _NOTE_OPENINGS or ":" in text or len(text.split()) > _MAX_WRAPPED_WORDS or letters(text) < 2:
        return
    last.name = last.name.model_copy(update={"value": f"{last.name.value} {clean_name(text)}",
                                             "box": Box.union([last.name.box, pending.box])})
