"""Rows led by a label's word that are items, not summary lines: the word opens or ends a name
priced on the row (``SERVICE LABOUR 1 60.00 60.00``, ``Kartu Perdana 4G 25.000``, ``HP ORBIT A15
1.899.000``), names the count and price under it (``Ongkos kirim`` / ``1 x 50.000``), or is a
count's word before an item's count and price (``Qty 1  RM 12.90``). :mod:`receipt_regions` asks
these for the first summary line and the item region's labels."""

from __future__ import annotations

import re

from idextract.layout import Row
from idextract.money import Money, currency_code
from idextract.text import LabelHit

from .receipt_line import marks_pattern, own_name
from .receipt_row_kinds import TIMES_MARK, count_only

__all__ = ["counted_price", "item_line", "label_then_name", "label_word_name", "labelled_item_line", "name_words",
           "names_the_line_below", "prints_money"]

_UP_TO_DIGIT = re.compile(r"[^0-9]*")
_MAX_COUNT = 1000
_NAME_OPENING_ROLES = ("amount_paid", "change", "fee")  # labels whose word may open an item name
_NEXT_WORD = re.compile(r"\s+([^\W\d_]{3,})(?=\s|$)")  # a word of letters right after a label


def prints_money(amounts: list[Money]) -> bool:
    """Whether a row's amounts include money as printers print it: a separator or a currency
    (not a bare number, which may be a count, a size or a code)."""
    for m in amounts:  # a loop, not any() of a generator: asked some 100 times per receipt
        if m.has_separator or m.currency:
            return True
    return False  # most rows have none


def name_words(text: str, start: int) -> int:
    """How many words with letters, no currency mark, stand from ``start`` to the first digit."""
    tail = _UP_TO_DIGIT.match(text, start)
    words = tail.group().split() if tail else []
    return sum(1 for w in words if any(ch.isalpha() for ch in w) and currency_code(w) is None)


# A count's word opening the row, its count, then the price ("Qty 1   RM 12.90").
_COUNT_WORD_PRICE = re.compile(r"\s*[:.]?\s*([0-9]{1,3})\s+\S")


def counted_price(rows: list[Row], hits: list[LabelHit], amounts: list[list[Money]], i: int) -> bool:
    """Whether row ``i``, led by a count's word, is an item's count and price under its name
    (``Nasi Lemak Ayam Goreng`` / ``Qty 1   RM 12.90``): the word alone, a count and one price in
    money form, under a row of words with no amount, or priced at the count times the price
    (``Case Silikon  RM 49.00`` / ``Qty 2 x RM 24.50``; not ``TOTAL QTY 1  80.91`` under the items)."""
    money = amounts[i]
    # The count read as an amount too, or not (a rupiah count is under the smallest coin).
    counted = len(money) == 1 or (len(money) == 2 and money[0].amount < _MAX_COUNT)
    count = _COUNT_WORD_PRICE.match(rows[i].text, hits[0].end) if len(hits) == 1 else None
    if not (count is not None and hits[0].key == "count" and " " not in hits[0].label and counted
            and prints_money(money[-1:])):
        return False
    if i == 0 or sum(ch.isalpha() for ch in rows[i - 1].text) < 3:
        return False
    above = amounts[i - 1]
    # Priced above, the count takes a times mark (not "ITEMS:1  29.000", a count of the items).
    return not above or (TIMES_MARK.match(rows[i].text, count.end(1)) is not None
                         and above[-1].amount == int(count.group(1)) * money[-1].amount)


def labelled_item_line(row: Row, hits: list[LabelHit], money: list[Money], quantity_marks: list[str]) -> bool:
    """Whether a row led by a label is an item's line: the label opens or ends a name ("SERVICE
    LABOUR  1  60.00  60.00", "Towel Service  1  10.00  10.00"), and a count and a unit price make
    the line total. Not a summary run together with an amount before a label ("Total 28.60
    DuitNow QR 28.60")."""
    # An amount printed before the label (not a line number or a code: "8  6183958  Deposit Tong
    # Gas  1 PCS  50.00  50.00") makes a summary run together.
    if not hits or len(money) < 2 or any(m.start < hits[-1].end and m.has_separator for m in money):
        return False
    named = name_words(row.text, hits[-1].end) > 0 or any(ch.isalpha() for ch in row.text[: hits[0].start])
    return named and item_line([row], [money], quantity_marks)


def label_then_name(rows: list[Row], leading: list[list[LabelHit]], amounts: list[list[Money]], i: int,
                    hits: list[LabelHit]) -> bool:
    """Whether row ``i``, led by a tender's, the change's or a fee's word (``hits``), is an item
    named with it: a word of three letters or more, no label, right after it, and a positive price
    printed as money ending the row (``Kartu Perdana 4G 25.000``; not ``DEBIT BCA 150.000``,
    ``BIAYA ADMIN 2.500``); a fee's word only among the items, an item priced below it (``Biaya
    Tinting 25.000`` over ``Cat Kayu 197.000``; not ``Biaya aplikasi 2.000`` over the total).
    Above the total only (the caller's). Not a discount's word: discounts print positive too
    (``DISC ULTAH 143.200``)."""
    row, money = rows[i], amounts[i]
    if not hits or hits[0].key not in _NAME_OPENING_ROLES or not prints_money(money[-1:]) \
            or money[-1].amount <= 0 or row.text[: hits[0].start].strip():
        return False
    if hits[0].key == "fee":
        below = next((k for k in range(i + 1, len(rows)) if leading[k] or prints_money(amounts[k])), None)
        if below is None or leading[below]:
            return False
    word = _NEXT_WORD.match(row.text, hits[0].end)
    if word is None and hits[0].errors:
        # A word one letter from the label, then a name's words ("Wayar 2x1.5mm Hitam 27.50" is no
        # BAYAR): letters before the price, no other label among them.
        rest = row.text[hits[0].end : money[0].start]
        return len(hits) == 1 and sum(ch.isalpha() for ch in rest) >= 3 and currency_code(rest.strip()) is None
    return word is not None and not any(h.start == word.start(1) for h in hits[1:]) \
        and currency_code(word.group(1)) is None and word.end(1) <= money[0].start


def label_word_name(row: Row, hits: list[LabelHit], money: list[Money]) -> bool:
    """Whether a row's leading labels are words of an item's name: only ignore labels (a phone's
    HP, a NO), no mark after them as a field's label has (``HP: 0812...``, ``No Akaun: ...``), a
    name word after them and a price in money form at the row's end (``HP ORBIT A15 4/128
    1.899.000``, ``[REG] BLACK SAKURA 45,455``)."""
    if not hits or any(h.key != "ignore" for h in hits) or not prints_money(money):
        return False
    words = _UP_TO_DIGIT.match(row.text, hits[-1].end)
    if words is None or ":" in words.group() or row.text[hits[-1].end : hits[-1].end + 1] in (".", "="):
        return False  # a field's label and its value ("No Akaun: TN-00918821")
    # A name word right after the label (not a unit in parentheses: "BAKI KAD (RM)  32.87").
    opens = row.text[hits[-1].end :].lstrip(" ])")[:1].isalnum()
    return opens and name_words(row.text, hits[-1].end) >= 1 and money[-1].has_separator


def names_the_line_below(rows: list[Row], amounts: list[list[Money]], i: int, quantity_marks: list[str]) -> bool:
    """Whether the row after ``i`` is an item's line (a count, a unit price and their product; or
    a count, its mark and one price: ``1 x  25.000``) with no name of its own, which row ``i`` names."""
    if i + 1 >= len(rows) or not amounts[i + 1]:
        return False
    if count_only(rows[i + 1], amounts[i + 1]):
        return True
    before = rows[i + 1].text[: amounts[i + 1][0].start]
    if not item_line(rows[i + 1 : i + 2], amounts[i + 1 : i + 2], quantity_marks):
        return False
    return not any(ch.isalpha() for ch in marks_pattern(tuple(quantity_marks)).sub("", before))  # "2 x", "1 pcs @"


def item_line(after: list[Row], after_money: list[list[Money]], quantity_marks: list[str]) -> bool:
    """Whether the next row is an item's line: a count, a unit price and their product."""
    if not after or len(after_money[0]) < 2:
        return False
    _, _, q, u = own_name(after[0], after_money[0][-1], None, marks_pattern(tuple(quantity_marks)))
    return q is not None and u is not None
