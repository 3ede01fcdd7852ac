"""Line items: the rows between the receipt's head and its first summary line.

Printers lay items out in a few ways, all handled by one reading of each row:

* one row per item: ``AQUA 600ML  2  3.500  7.000`` (name, quantity, unit price, line total)
* a name row, then a price row: ``OPOTATO`` / ``1 x @ 26,730  26,730`` or ``1 PCS x 8.000 8,000``
* a leading quantity: ``1 Chicken Spinach Wrap 50000``
* a free modifier under its item, priced 0: ``+ Brown Sugar Jelly 0``
* a name wrapped onto its price row, going on in lower case: ``Milk Tea,normal sugar,no`` /
  ``rmal ice 19000 1 19000``
* price rows printed above their names: ``2X @10000 20,000`` / ``AYAM``
* a count row above its item: ``10X 20,000`` / ``CHIKATSU BEN 200,000``
* a name, a product code, a price row: ``TOILET BRUSH 47-2311 *S`` / ``HD03 - 5/40`` /
  ``9067860 1 X 2.70 2.70``
* a discount under its item: ``NASI KUNING 73,000`` / ``DISC ITEM -40%`` / ``AMOUNT -29,200``

How one price row is read (its name, quantity and unit price) is :mod:`receipt_line`'s, what
kind of row one is (a name only, no line total, a count for the row below) :mod:`receipt_row_kinds`'s; the item
record it becomes, the discounts under it and the rows that sum a section up (``** BEVERAGE
40,000``, no items) are :mod:`receipt_item_record`'s; names read across rows (wrapped, begun on
a count row, waiting above) :mod:`receipt_item_names`'s.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import regex

from idextract.layout import Row
from idextract.money import Money, find_amounts, mask_class, mask_marks

from .receipt_candidates import MONEY_ROLES
from .receipt_counted import count_under
from .receipt_item_names import (
    begun_above,
    cased,
    end_below,
    goes_on,
    name_of,
    name_row,
    priced_alone,
    waiting,
    wrapped,
    wraps_below,
)
from .receipt_item_record import (
    BRACKETED_EXTRA,
    Name,
    ReceiptItem,
    discounts,
    item_record,
    line_number_end,
    take_off,
    with_add_ons,
    without_line_numbers,
    without_section_totals,
)
from .receipt_item_words import code_only, part_number, preferences, price_words
from .receipt_line import bracketed, clean_name, letters, marks_pattern, named, own_name
from .receipt_quantities import times_into
from .receipt_row_kinds import (
    ENDS_IN_CENTS,
    count_at,
    count_only,
    count_over_its_total,
    discounted_price,
    names_below,
    no_line_total,
    priced_below,
    prices_in_cents,
)
from .receipt_taken_back import cancel_pattern, taken_back_line

__all__ = ["ReceiptItem", "parse_items"]

# A count, a word of unit perhaps, and a times or at mark before a row's one price: "2 gigi x 275,000".
# A phone or account number masked in its middle ending a name ("Pulsa 50rb 0813xxxx8821"): whose
# line it was, no word of what was bought.
_MASKED_NUMBER_END = regex.compile(rf"\s+[0-9]{{2,}}{mask_class()}{{3,}}[0-9]{{2,}}\s*$")
_MASK_MARKS = frozenset(mask_marks())
_BARCODE_DIGITS = 8  # a row of only this many digits or more is a barcode (EAN-8, EAN-13)


def parse_items(
    rows: Sequence[Row],
    amounts: Sequence[Sequence[Money]],
    currency: str | None,
    words: Mapping[str, Any],
    labels: Sequence[str] = (),
    receipt_cents: bool = False,
) -> tuple[list[ReceiptItem], set[int]]:
    """Items from the item region's rows (``amounts`` are each row's money amounts; ``words``
    receipt.toml's ``[items]``; ``labels`` the role of the label leading each row, if any: a
    money role is no item nor its name, a discount under an item is its discount; another, such
    as a note, ``NO SUGAR``, names nothing), and the indices (``Row.index``) of the rows that
    discounted an item. ``receipt_cents``: the receipt prints its amounts in cents (its summary,
    when no item does)."""
    cancel = cancel_pattern(tuple(words["cancel_words"]))
    amounts = [[] if _pack_count_only(r.text, a) and not cancel.search(r.text) else a for r, a in zip(rows, amounts)]
    reader = _ItemReader(rows, amounts, currency, words, labels, receipt_cents)
    for i in range(len(rows)):
        reader.read(i)
    return without_line_numbers(with_add_ons(without_section_totals(reader.items, reader.sections))), reader.discounting


def _pack_count_only(text: str, money: Sequence[Money]) -> bool:
    """Whether a row's one amount is a whole number in brackets ending a name (``Buku Tulis 58
    lbr (10)``): a pack's count, no price taken back (``VOID ... (3000)`` is one: see the caller)."""
    if len(money) != 1 or money[0].has_separator or money[0].currency or money[0].amount >= 0:
        return False
    m = money[0]
    return m.raw.startswith("(") and m.raw.endswith(")") and not text[m.end :].strip() and letters(text[: m.start]) >= 3


_TITLE_WORDS = 2  # words of a section's title at most ("MINUMAN DINGIN")


class _ItemReader:
    """Reads the item region row by row, top down: what a row is depends on the rows above it
    (a name waiting for its price, a count printed over its item, a cancel word, the item a
    discount row takes off)."""

    def __init__(self, rows: Sequence[Row], amounts: Sequence[Sequence[Money]], currency: str | None,
                 words: Mapping[str, Any], labels: Sequence[str], receipt_cents: bool) -> None:
        self.rows, self.amounts, self.currency, self.labels = rows, amounts, currency, labels
        self.marks = marks = marks_pattern(tuple(words["quantity_marks"]))
        self.cancel = cancel_pattern(tuple(words["cancel_words"]))
        self.sections = {w.upper() for w in words.get("section_words", ())}
        self.connectors = tuple(w.upper() for w in words.get("name_connectors", ()))
        self.cased = cased(rows)  # a small letter opening a row says it goes on (not in a text all small)
        self.preferences = preferences(tuple(words.get("preference_words", ())))
        # Rows of a price word and a price name nothing, nor rows of a code word and its number.
        self.price_words = price_words(tuple(words.get("price_words", ())), tuple(words.get("net_price_words", ())))
        self.code_only = code_only(tuple(words.get("code_words", ())))
        self.part_number = part_number(str(words.get("part_number", "(?!)")))
        # A count's word before the count names nothing ("Qty 1  RM 12.90": the name is the row above).
        self.count_words = {w.upper() for w in words.get("column_headers", {}).get("quantity", ())}
        self.header_words = {w.upper() for kind in words.get("column_headers", {}).values() for w in kind}
        self.counted_so = bracketed(rows)  # counts in brackets after names ("Roti Keju (3)"), two rows or more
        self.items: list[ReceiptItem] = []
        self.discounting: set[int] = set()  # the rows that discounted an item
        self.pending: Row | None = None  # a name row waiting for its price
        self.skip_next = False  # the line after a cancel word is no item
        self.used = -1  # a name row already given the price printed above it
        self.below = names_below(rows, amounts, marks)
        self.wraps_below = wraps_below(rows, amounts)
        self.position: dict[int, int] = {}  # a row's place in ``rows`` by its index (a merged row's first half)
        for k, r in enumerate(rows):
            self.position.setdefault(r.index, k)
        self.cents = prices_in_cents(amounts, currency, receipt_cents)
        self.counted: tuple[Row, Money, Money] | None = None  # a nameless row's count and price, for the row below
        self.last: ReceiptItem | None = None  # the item just read, while the rows under it may discount it

    def read(self, i: int) -> None:
        """Read row ``i``: an item, a part of one, or nothing."""
        row, money = self.rows[i], self.amounts[i]
        if i == self.used or self._not_an_item(i, row, money) or self._counts_the_item_above(row, money) \
                or self._no_line_total(i, row, money):
            return
        if self.skip_next:
            self.skip_next = False
            return
        if len(money) == 1 and not money[0].has_separator and self.code_only.fullmatch(row.text):
            return  # "SKU 867396" over its name: a code, no price
        total = money[-1]
        # "Kartu Ucapan" / "1 x Rp 0,00  Rp 0,00": a count and a unit price of 0 (not "1 16.00 0.00",
        # a price and a discount column's 0 with the line total unread).
        free = self.pending is not None and len(money) >= 2 and all(m.amount == 0 for m in money[1:])
        if total.amount < 0 or (total.amount == 0 and letters(row.text[: total.start]) < 3 and not free):
            # An item discount or a cancelled line; a 0 with no name of its own, nor a count and
            # price under a name waiting above (a free item).
            return
        if total.amount == 0 and self.pending is None and self.preferences.match(row.text):
            return  # "Less Sugar 0", "(Iced) 0.00" under a drink: how to make the item above, no item
        # A named row priced 0 is an item still: a free modifier ("+ coconut jelly 0 1 0").
        named = self._name(i, row, money, total)
        if named is None:
            return
        name, q, u = named
        at = row  # where the quantity and unit price were read
        # A bare number ending the name, read for a count ("Pulse 2  249.00"), is the name's own
        # where the count row above makes the total (the row printed "249.00 x1 Smartwatch").
        trailing = q is not None and u is None and q.start > 0 and not row.text[q.end : total.start].strip()
        if (q is None or trailing) and self.counted is not None and \
                times_into(self.counted[1].amount, self.counted[2].amount, total.amount):
            if trailing and q is not None:
                name = dataclasses.replace(name, text=f"{name.text} {q.raw}")
            at, q, u = self.counted  # "10X 20,000" over "CHIKATSU BEN 200,000": the count and unit price above
            name = begun_above(at, q, u, name)
        self.pending, self.counted = None, None
        code = self.code_only.match(name.text)
        if code is not None and letters(name.text[code.end() :]) >= 3:  # "SKU 884102 PHILIPS LED 9W"
            name = dataclasses.replace(name, text=name.text[code.end() :])
        elif (part := self.part_number.match(name.text, line_number_end(name.text))) is not None \
                and letters(name.text[part.end() :]) >= 3:
            # "FO-90915 Filter Oli", after a line's number perhaps ("19 FD-4759 Local White Rice":
            # the number is taken out with the others', see without_line_numbers).
            name = dataclasses.replace(name, text=name.text[: part.start()] + name.text[part.end() :])
        if _MASK_MARKS.intersection(name.text) and (masked := _MASKED_NUMBER_END.search(name.text)) is not None \
                and letters(name.text[: masked.start()]) >= 3:
            name = dataclasses.replace(name, text=name.text[: masked.start()])
        self.last = item_record(row, name, total, q, u, at)
        self.items.append(self.last)

    def _counts_the_item_above(self, row: Row, money: Sequence[Money]) -> bool:
        """Whether ``row`` is the count and unit price of the item right above it (see
        :func:`receipt_counted.count_under`): then they are that item's."""
        last = self.last
        # The row right under it, or its half where the OCR merged the two ("Ayam  27.80   2 @ 13.90").
        if last is None or self.pending is not None or last.total_price.line not in (row.index - 1, row.index):
            return False
        at = self.position.get(last.total_price.line) if last.total_price.line is not None else None
        return at is not None and count_under(last, self.rows[at], self.amounts[at], row, money, self.count_words)

    def _not_an_item(self, i: int, row: Row, money: Sequence[Money]) -> bool:
        """Whether row ``i`` was dealt with as no item of its own: a cancel word, a discount on
        the item above, a labelled row, a line taken back."""
        taken_back = taken_back_line(self.rows, self.amounts, i, self.pending, self.marks) if money else None
        if self.cancel.search(row.text):
            # "VOID TISU WAJAH -1 15.900 -15.900" takes its own line back; a cancel word alone
            # ("BATAL") the line after it.
            if taken_back is None and money and money[-1].amount < 0:
                # "VOID Es Campur -35,000": a negative line total takes back a line above, not
                # the one after it.
                own = clean_name(row.text[: money[-1].start])
                taken_back = item_record(row, Name(own, row, row.span_box(0, money[-1].start), None, row.text),
                                         money[-1], None, None, row)
            if taken_back is not None:
                self._take_back(i, row, taken_back)
            else:
                self.skip_next, self.pending, self.last = True, None, None
            return True
        if money and (self._net_price(row, money[-1]) or self._priced_in_above(row, money[-1])):
            return True
        label = self.labels[i] if i < len(self.labels) else ""
        if self.last is not None and self.pending is None and money and discounts(self.last, money[-1], label):
            take_off(self.last, row, money[-1])
            self.discounting.add(row.index)
            return True
        if label == "discount" and self.pending is not None and discounted_price(row, money):
            name, q, _ = name_of(self.pending, None, None, money[-1:])
            self.last = item_record(row, name, money[-1], q, None, row)
            self.items.append(self.last)
            self.discounting.add(row.index)  # its discount is the item's, none of the receipt's
            self.pending = None
            return True
        if label in MONEY_ROLES:
            # "MEGA Discount 800-": no item, nor the name of the next one. With an amount that
            # discounts nothing above ("Other discount 48000"), the summary has begun.
            self.pending, self.last = None, (self.last if not money else None)
            return True
        if label:
            return True  # a note under a name ("NO SUGAR") names nothing
        if taken_back is not None:  # a return or a void: a negative item
            self._take_back(i, row, taken_back)
            return True
        return False

    def _take_back(self, i: int, row: Row, taken_back: ReceiptItem) -> None:
        name = taken_back.name.value
        if name and self.cancel.search(name):  # the cancel word is no word of the name
            taken_back.name = taken_back.name.model_copy(update={"value": clean_name(self.cancel.sub("", name))})
        self.items.append(taken_back)
        self.used = i + 1 if taken_back.total_price.line != row.index else self.used
        self.skip_next, self.pending, self.last = False, None, None

    def _price_word(self, name_part: str) -> bool:
        return (m := self.price_words.fullmatch(name_part)) is not None and m.group("net") is None

    def _net_price(self, row: Row, total: Money) -> bool:
        """Whether ``row`` repeats the price of the item above less its discount ("Harga Promo 275.400")."""
        last = self.last
        if last is None or last.discount.value is None or last.total_price.value is None:
            return False
        m = self.price_words.fullmatch(row.text[: total.start])
        return m is not None and m.group("net") is not None and \
            total.amount == last.total_price.value - abs(last.discount.value)

    def _priced_in_above(self, row: Row, extra: Money) -> bool:
        """Whether ``row`` is an add-on whose price, printed in brackets with a plus (``+ Boba
        (+4.000)``), the item above already counts: its count times its unit price and the
        add-on's is its line total (``Thai Tea Jumbo  2  20.000  48.000``)."""
        last = self.last
        if last is None or not BRACKETED_EXTRA.search(row.text, 0, extra.end + 1):
            return False
        q, total = last.quantity.value, last.total_price.value
        at = next((k for k, r in enumerate(self.rows) if r.index == last.total_price.line), None)
        if q is None or total is None or at is None:
            return False
        # The unit price printed on the item's row (the one read there may be its total over the count).
        return any(q * m.amount != total and q * (m.amount + abs(extra.amount)) == total
                   for m in self.amounts[at][:-1])

    def _no_line_total(self, i: int, row: Row, money: Sequence[Money]) -> bool:
        """Whether row ``i`` prints no line total (a name, a count and unit price): it then waits
        for the row that does."""
        rows, amounts = self.rows, self.amounts
        if not (no_line_total(row.text, money, rows[i + 1 : i + 2], amounts[i + 1 : i + 2], self.marks, self.currency)
                or (self.cents and not ENDS_IN_CENTS.search(money[-1].raw) and not _point_mended(money[-1]))):
            return False
        # "2X MANUKA HONEY 385,000" over "MANUKA HONEY 770,000": the row below names itself.
        named_below = bool(money) and count_over_its_total(row.text, money, rows[i + 1 : i + 2],
                                                            amounts[i + 1 : i + 2]) is not None
        # A count row under a name waiting ("Kecap Manis" / "3 PCS x 22.900" / "68.700") names nothing.
        # Nor an add-on priced in brackets ("2 x Kopi Ais Kaw" / "Telur Mata (+RM1.50)" / "RM12.60").
        nameless = self.pending is not None and (count_only(row, money) or bool(BRACKETED_EXTRA.search(row.text)))
        self.pending = None if named_below else self.pending if nameless else \
            waiting(row, self.pending, cased=self.cased, may_wrap=self.pending is None or self._may_wrap(self.pending))
        self.last = self.last if self.pending is None else None
        self.counted = count_at(row, money) or self.counted
        return True

    def _may_wrap(self, pending: Row) -> bool:
        """Whether ``pending`` may be a wrapped name's first words: no preparation's note ("Less
        Sugar" / "Oat Milk  2  6.000  12.000"), section's title ("MINUMAN DINGIN" / "ES TEH  2
        5.000  10.000") or seller's column header ("Nama Produk  Jumlah  Harga Satuan")."""
        words = pending.text.upper().split()
        titled = bool(words) and words[0] in self.sections and len(words) <= _TITLE_WORDS  # not "MINUMAN TEH MELATI"
        return not self.preferences.match(pending.text) and not titled \
            and sum(w in self.header_words for w in words) < 2

    def _name(self, i: int, row: Row, money: Sequence[Money],
              total: Money) -> tuple[Name, Money | None, Money | None] | None:
        """The name, count and unit price of the item priced ``total`` on row ``i``: its own, or
        a wrapped name's, or a name row's above or below; ``None`` when the row is no item."""
        name_part, (start, end), q, u = own_name(row, total, self.currency, self.marks,
                                                 [m for m in money if m.raw[-1:].isalpha()], counted=self.counted_so)
        has_name = named(name_part, self.marks) and not self._price_word(name_part) \
            and not self.code_only.fullmatch(name_part) and name_part.strip(" :.").upper() not in self.count_words
        name = Name(name_part, row, row.span_box(start, end), row.span_polygon(start, end), row.text)
        if has_name and self.pending is not None:
            pending = self.pending
            at = next((k for k, r in enumerate(self.rows) if r.index == pending.index), 0)
            above = self.rows[at - 1].text.strip() if at > 0 else ""
            own = name
            name, q = wrapped(pending, name, row, q, self.sections,  # a name only, under a barcode
                              after_code=above.isdigit() and len(above) >= _BARCODE_DIGITS and not self.amounts[at],
                              goes_on=goes_on(pending, self.connectors),
                              cased=self.cased, after=self.rows[i + 1] if i + 1 < len(self.rows) else None,
                              table_row=q is not None and u is not None,
                              # Not under a preparation's note ("Less Sugar" / "Oat Milk  2  6.000  12.000") nor
                              # a seller's column header ("Nama Produk  Jumlah  Harga Satuan  Total Harga").
                              may_wrap=self._may_wrap(pending))
            if name is own:
                self._wrapped_below(pending)
            return name, q, u
        if has_name:
            return name, q, u
        if q is not None and len(money) == 1 and priced_below(self.rows, self.amounts, i, q.amount * total.amount):
            self.counted = (row, q, total)  # "3X 15,000" over "RAMEN 45,000": the count of the row below
            return None
        named_by = name_row(self.rows, self.amounts, i, self.pending, self.below, bare=len(money) == 1 and q is None)
        if named_by is not None and self._price_word(name_part) and \
                any(m.amount == total.amount for m in find_amounts(named_by.text, currency=self.currency)):
            return None  # "0.473kg @ 14,000" / "Harga per kg Rp 14.000": the unit price again, no item
        if named_by is None and self.below and self._priced_name_below(i):
            # "1X 000000388658 2.50ZR" / "CUT FRUITS 1.99": a name and a price by weight or a sticker's
            below, price = self.rows[i + 1], self.amounts[i + 1][0]
            self.used = i + 1
            return (Name(clean_name(below.text[: price.start]), below, below.span_box(0, price.start),
                         below.span_polygon(0, price.start), below.text), q, u)
        if named_by is None and not priced_alone(self.rows, self.amounts, i, q, u):
            # "59.90 x1  Kalkulator" over "Saintifik  59.90": a price and its count, the name begun.
            self.counted = (row, q, total) if q is not None else count_at(row, money)
            return None
        self.used = i + 1 if named_by is not None and named_by is not self.pending else self.used
        if named_by is None:  # "1x 12,000 12,000" with no name near (a code is none): an item still, unnamed
            return Name("", row, None, None, ""), q, u
        return name_of(named_by, q, u, money)

    def _wrapped_below(self, pending: Row) -> None:
        """A name row under a table's item line that names nothing below it ends that item's name
        (:func:`receipt_item_names.end_below`)."""
        text = pending.text.strip()
        if not self.wraps_below or not self.items or self.code_only.match(text) or self.preferences.match(text) \
                or self.cancel.search(text):
            return
        end_below(self.items, pending)

    def _priced_name_below(self, i: int) -> bool:
        """Where names are printed under their price rows, whether the row under nameless price
        row ``i`` is its name though it prints an amount of its own: a name, one amount, no label."""
        after = self.amounts[i + 1] if i + 1 < len(self.amounts) else []
        label = self.labels[i + 1] if i + 1 < len(self.labels) else ""
        return len(after) == 1 and not label and letters(self.rows[i + 1].text[: after[0].start]) >= 3


def _point_mended(total: Money) -> bool:
    """Whether a line total was read in cents with the decimal point the OCR lost (``5 70``, see
    ``receipt_line_total.mend_line_total``)."""
    return total.ambiguous and total.amount.as_tuple().exponent == -2
