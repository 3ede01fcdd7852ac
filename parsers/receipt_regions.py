"""Where things are on a receipt: the first summary line, the item region between the head and
the summary, and which labels count inside it (the column header and printed tax tables:
:mod:`receipt_tables`).

The rules are about layout, not about any store: a summary label must lead its row (a label-like
word inside an item name is part of the name); the items lie below the last head detail and
above the first summary line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import regex

from idextract.dates import find_dates
from idextract.layout import Row
from idextract.money import CURRENCY_WORDS, Money, find_amounts
from idextract.records import Extracted
from idextract.text import LabelHit

from .receipt_candidates import MONEY_ROLES, RULE_MARKS
from .receipt_label_items import (
    counted_price,
    item_line,
    label_then_name,
    label_word_name,
    labelled_item_line,
    name_words,
    names_the_line_below,
    prints_money,
)
from .receipt_line import LEADING_QTY
from .receipt_row_kinds import code_row, names_an_item

if TYPE_CHECKING:
    from .receipt_spec import ReceiptSpec

__all__ = ["first_summary", "item_region", "item_region_labels", "leads", "run_together"]

_FIELD = re.compile(r"\s*:")  # a field's label: its value after a colon
_DETAIL_VALUE = re.compile(r"\s*[.:]|.*?(?:[0-9][\s.\-]?){5,}")
# Words up to the row's first colon or digit, a letter among them, then the colon and a number
# (perhaps after a letter and its sign: an eye's "OD: S-1.75"):
# ``[^\d:]*[^\W\d_][^\d:]*:\s*[0-9]``, written so that a row without a colon is not tried at
# every split of its words (the run before the colon can only be the whole run of non-digits).
_LABEL_NUMBER = re.compile(r"(?=[^\d:]*[^\W\d_])[^\d:]*+:\s*(?:[A-Za-z][-+])?[0-9]")
# ...or a colon, words and a bare number ending the row ("Pasien : PASIEN UMUM 882": a field's
# value and its number, no price, which would print a separator or cents).
_WORDS_NUMBER = re.compile(r"(?=[^\d:]*[^\W\d_])[^\d:]*+:(?=[^\d:]*[^\W\d_])[^\d:]*\s[0-9]+\s*$")
# Words go on before the count (a name's size or code, "Periodic Service 60K   1   120.00"), so
# possessive: each word is taken whole.
_COUNT_AND_AMOUNT = re.compile(rf"[^\d%\s]*(?:\s+(?:[^\d%\s]++|(?=\S*[^\W\d_])\S++))*+\s+[1-9][0-9]?\s+"
                               rf"(?:(?:{CURRENCY_WORDS})\s*)?[0-9][0-9.,]*\s*$", re.IGNORECASE)
# ...or a colon and a value going on after its last number ("Nopol: BM 4821 QA", "Pasien: Tn. B***
# (No RM 00871)"): a price ends its row.
_VALUE_GOES_ON = re.compile(r"(?=[^\d:]*[^\W\d_])[^\d:]*+:.*[0-9][^\s\d.,]*\s*(?:[^\W\d_]|\))[^\d]*$")
# ...or two fields on one row ("Nopol: AB 3321 KX   Km: 23.410", "Meja: 12   Pax: 3").
_TWO_FIELDS = re.compile(r"[^\W\d_][^:\d]*:[^:]*\s[^\W\d_][^:\d]*:\s*[0-9]")
_BARE = re.compile(r"\s*[0-9]+\s*$")  # a row that is only a number ("TOTAL" / "55000")
# A word, then a plain price of whole hundreds, no field's colon ("4  Mie Ayam Bakso  92000"; not
# "Depok 21811", "Invoice No : T 68376").
_NAME_THEN_PRICE = re.compile(r"[^:]*[^\W\d_]{3}[^:]*\s[0-9]{2,}00")
# ...under a field's label and its colon, the value put on a row of its own ("No. Struk:" / "6054535").
_LABEL_COLON = re.compile(r"\s*[^\W\d_][^\d:]{0,24}:\s*")
# A money amount right after a label: thousands groups, four digits and more, or cents (not a
# quantity).
_AMOUNT_NEXT = re.compile(r"[\s:=#.\-|]*(?:RP\.?\s*)?(?:\d{1,3}(?:[.,]\d{3})+|\d{4,}|\d+[.,]\d\d)(?![\d.,])",
                          re.IGNORECASE)


# A point right after a word, then a word: an abbreviation opening a name ("DP. ORDER").
_ABBREVIATED_NAME = re.compile(r"\.[ ]?[^\W\d_]{2}")
# A hyphen and a digit right after a word: a product code ("SC-0012").
_CODE_TAIL = re.compile(r"-[0-9]")
# A qualifier in parentheses after a label ("Total Sales (Excl GST)"): no words of a name.
_PARENTHESES = re.compile(r"\([^()]*\)")


def _unqualified(text: str, start: int, qualified: regex.Pattern[str] | None) -> str:
    """``text`` with what stands in parentheses blanked, each character a space, and a qualifier
    right at ``start`` (a label's end) and the words after it (``qualified``: "Total Excluding
    Tax")."""
    text = _PARENTHESES.sub(lambda m: " " * len(m.group()), text)
    found = qualified.match(text, start) if qualified is not None else None
    return text if found is None else text[: found.start()] + " " * len(found.group()) + text[found.end() :]


def leads(text: str, hits: list[LabelHit]) -> bool:
    """Whether the row's first label opens it: nothing but numbers and marks before it, or for an
    exact money label one word ("Eat-In Tot (inc PAJAK)", "2 Total"), for a total an amount right
    after it.
    A label-like word further in is part of an item's name ("PARACETAMOL 500 TABLET", "VITAMIN C
    SC 1 20.000", "Roti Bakar")."""
    if not hits:
        return False
    first = hits[0]
    before = text[: first.start]
    if (first.errors and before.strip(RULE_MARKS)) or before.count("(") > before.count(")"):
        # "1 BAYAM GORENG 87,000": a damaged label after a quantity is an item's name (not one after
        # a rule merged into its row: "----------  Jurnlah 277000"); "2 X 5.51 (DISC: 1.53) 7.96":
        # a label in parentheses qualifies an item's price.
        return False
    words = [w for w in text[: first.start].split() if any(ch.isalpha() for ch in w)]
    if first.errors and len(hits) == 1 and name_words(text, first.end) >= 1:
        return False  # a word one letter from a label, then a name: "Tuna N Chicken Bread 1x 13,500"
    if first.key == "ignore" and _counted(text, first) and (
            name_words(text, first.end) >= 2 or text[first.end : first.end + 1].isalnum()):
        # A count, then a name opening with a label word ("3 NO. OF GUESTS (2 SETS) 60.00") or
        # a menu code read as one ("1 N01.MR.MI GORENG").
        return False
    if first.key in MONEY_ROLES and len(first.label) <= 2 and (_ABBREVIATED_NAME.match(text, first.end)
                                                                or _CODE_TAIL.match(text, first.end)):
        # A short label's letters abbreviating a name's word ("DP. ORDER 19BC1054" is an item) or
        # opening a product code ("SKU SC-0012  3 @ 32.00").
        return False
    if not words:
        return not (first.key == "count" and _counts_its_price(text, before, first.end))
    if first.errors or first.key not in MONEY_ROLES:
        return False
    # An exact money label after one word, unless a count opens the row ("1 BAG FEE RM0.20" is an
    # item); an exact total right before a money amount (a count printed ahead of it: "Qty= 6
    # Item= 4 Total 14,500", its labels damaged by the OCR). Only the total: short labels such as
    # SC stand in item names ("LM Dmplg Chli Sc 68,000").
    counted = bool(LEADING_QTY.match(before))
    # Nor a label word inside a name priced as the items are, a count then the amount ("Jasa
    # Service (gratis)   1   0": an item of the quantity column).
    priced_as_item = first.key != "total" and _COUNT_AND_AMOUNT.match(text, first.end) is not None
    return (len(words) == 1 and not counted and not priced_as_item) \
        or (first.key == "total" and bool(_AMOUNT_NEXT.match(text, first.end)))


def _counts_its_price(text: str, before: str, end: int) -> bool:
    """Whether a count's word after a number is the unit of a count that times the unit price
    after it into the line total ending the row (``20 pax  95.000  1.900.000`` under its name):
    an item's count row, no count of the receipt."""
    if not before.strip().isdigit():
        return False
    money = find_amounts(text[end:])
    return len(money) == 2 and int(before) * money[0].amount == money[1].amount


def _counted(text: str, hit: LabelHit) -> bool:
    """Whether a count (``3``, ``2x``, ``1 pcs``) and nothing else stands before ``hit``."""
    count = LEADING_QTY.match(text)
    return count is not None and count.end() == hit.start


def run_together(text: str, hits: list[LabelHit]) -> bool:
    """Whether a row holds a summary run together on one line (``... CMP SPC 49.090 TX1 4.909 TL
    53.999 CASH 54.000``): two exact money labels or more, each right before an amount. Its
    labels stand, though none leads it."""
    return sum(1 for h in hits if not h.errors and h.key in MONEY_ROLES and _AMOUNT_NEXT.match(text, h.end)) >= 2


def first_summary(rows: list[Row], leading: list[list[LabelHit]], amounts: list[list[Money]],
                  quantity_marks: list[str], headers: set[int], sections: set[int],
                  stacked: Collection[int] = (), qualified: regex.Pattern[str] | None = None) -> int:
    """The first summary line: a row led by an amount label (TOTAL, SUBTOTAL, TUNAI, a count or
    DPP, not a discount, which items print too) with an amount on it or on the next row (a money
    amount, or a row that is only a number: not ``(317041-W)``), when that row has no name of its
    own (``TAX: XXXXX`` / ``133 Round Wagyu (1gr) 53.200`` is a label with a masked value, then an
    item), and below the items' column header (above it, ``CASHIER : CASH 3`` and ``GST ID: 0016
    6993 5104`` are head details).
    ``leading`` holds a row's labels only when one leads it: a label-like word inside an item
    name ("... TABLET", "SC") does not end the items. A count above the priced rows is of the
    head (``PAX: 2``). ``sections``: the :func:`section_sums` and :func:`items_among_items` rows
    (the caller's: the item region's labels need them too), summary lines only where no label names one;
    ``stacked``: label rows whose amounts are printed in a column after them (receipt_stacked);
    ``qualified``: a qualifier and the words it governs, no name (receipt_spec)."""
    summary_roles = set(MONEY_ROLES) | {"count", "tax_base"}
    # A count above every row that prints money, no label leading it, is of the head ("PAX: 2",
    # "TABLE: 5"): a count sums items up below them; so is a tender's word ("118, Jalan Transfer").
    priced = next((i for i, a in enumerate(amounts) if not leading[i] and prints_money(a)), len(rows))
    for i, row_hits in enumerate(leading):
        if i <= max(headers, default=-1):
            continue
        # On a row with amounts, a label with none after it names none ("Tel 03-8736 5501  SST:
        # B16-1809-32008812": the number is the phone's, SST a registration's label).
        named = [x for x in row_hits if not amounts[i] or any(m.end > x.end for m in amounts[i])]
        roles = {x.key for x in named} - {"discount"} - ({"count", "amount_paid"} if i < priced else set())
        if roles and i in sections:
            continue
        if roles == {"count"} and item_line(rows[i + 1 : i + 2], amounts[i + 1 : i + 2], quantity_marks):
            continue  # "QTY(S) : 5" / "99999 1 X 0.20 0.20": a count the OCR read above the last item
        if roles == {"count"} and not amounts[i] and i + 1 < len(rows) and any(m.currency for m in amounts[i + 1]):
            continue  # "Promo: 2nd item 50% off min" / "RM30.00": money, no count
        if labelled_item_line(rows[i], row_hits, amounts[i], quantity_marks) or \
                counted_price(rows, row_hits, amounts, i):
            continue
        if label_then_name(rows, leading, amounts, i, row_hits) and any(
                h and h[0].key in ("total", "subtotal") for h in leading[i + 1 :]):
            continue  # "Kartu Perdana 4G 25.000" above the total: an item, not a tender
        if roles & summary_roles and not code_row(rows[i].text) and (
                _money_beside(rows[i].text, amounts[i]) or i in stacked or (i + 1 < len(rows)
                                                            and _money_beside(rows[i + 1].text, amounts[i + 1])
                                              and name_words(_unqualified(rows[i].text, row_hits[-1].end, qualified),
                                                             row_hits[-1].end) < 2
                                              and _value_only(rows[i + 1].text, amounts[i + 1], quantity_marks)
                                              and (prints_money(amounts[i + 1]) or _BARE.match(rows[i + 1].text)))):
            return i
    return len(rows)


def _value_only(text: str, amounts: list[Money], quantity_marks: list[str]) -> bool:
    """Whether a row under a label is only its value: no name besides its amounts (currency marks
    included: ``RM43.40 RM43.40``) and no other number (``1X 000001234567 15.50SR`` is an item
    under ``GST ID : 0020173946``), and no more than two amounts (``70549 1 160.00 160.00 160.00``
    under ``WORKMANSHIP & SERVICE`` is a table's row: a code, a count, prices and their total)."""
    if len(amounts) > 2:
        return False
    kept, at = [], 0
    for m in amounts:
        kept.append(text[at : m.start])
        at = m.end
    rest = " ".join([*kept, text[at:]])
    return not any(ch.isdigit() for ch in rest) and not names_an_item(rest, quantity_marks)


def _money_beside(text: str, amounts: list[Money]) -> bool:
    """Whether a label has money beside it: an amount that is no code (``GST 000292065280``, a
    leading zero: the registration number) nor a group of one (``NO GST: 0010 9273 4976``)."""
    code_end = -1  # where the code read so far ends
    for m in amounts:
        if not m.has_separator and m.amount != 0 and (
                m.raw.startswith("0") or (code_end >= 0 and not text[code_end : m.start].strip())):
            code_end = m.end
            continue
        return True
    return False


def _posting(row: Row, money: list[Money]) -> bool:
    """Whether a row read for the head's date is a dated charge, an item as well ("02/05/2025  Room
    Charge Deluxe  550.000" opening a folio with no other date): it opens with the date and ends
    with a price printed as money after a name."""
    dates = find_dates(row.text)
    if not dates or row.text[: dates[0].start].strip() or not money or not prints_money(money[-1:]):
        return False
    return sum(ch.isalpha() for ch in row.text[dates[0].end : money[-1].start]) >= 3


def item_region(rows: list[Row], leading: list[list[LabelHit]], amounts: list[list[Money]], headers: set[int],
                 first_summary: int, head: list[Extracted[Any]], spec: ReceiptSpec) -> range:
    """The rows of the items: below the head (the last line above the first summary that holds
    a head detail, a leading count or ignored label, or the column header), up to the first
    summary line or a stop line ("TERIMA KASIH")."""
    head_lines = {x.line for x in head if x.line is not None and not _posting(rows[x.line], amounts[x.line])}
    # An ignored or count label (NO, MEJA, TELP) ends the head only above the first row that
    # prints money: below it, "No Ice" is an item's note.
    # A detail gives its value after a colon or as a long number (TELP 0361-223344, NO: 12); "WA
    # 17 - 12/144" is a product code under an item's name. A row of words, a colon and a number is
    # one whatever its label ("VALUED CUSTOMER: 1370001392", "FRI-SAT:1000 HRS - 2300 HRS"); a
    # label word opening a priced name is none ("HP ORBIT A15  1.899.000").
    details = {i for i, h in enumerate(leading) if h and any(x.key in ("ignore", "count") and _DETAIL_VALUE.match(
        rows[i].text, x.end) for x in h) and not label_word_name(rows[i], h, amounts[i])
        and not counted_price(rows, h, amounts, i)}
    numbered = {i for i in range(first_summary) if _LABEL_NUMBER.match(rows[i].text)
                or _WORDS_NUMBER.match(rows[i].text) or (amounts[i] and _VALUE_GOES_ON.match(rows[i].text))
                or (amounts[i] and _TWO_FIELDS.match(rows[i].text))}
    numbered |= {j for i in range(first_summary - 1) if _LABEL_COLON.fullmatch(rows[i].text)
                 and _BARE.fullmatch(rows[i + 1].text) for j in (i, i + 1)}
    either = details | numbered  # once, not at every row tried below (neither set changes)
    # (or a row of a name and a plain price at its end: "4  Mie Ayam Bakso  92000", whole rupiah)
    first_money = next((i for i in range(first_summary) if i not in either and (prints_money(amounts[i]) or (
        amounts[i] and _NAME_THEN_PRICE.fullmatch(rows[i].text[: amounts[i][-1].end])
        and not rows[i].text[amounts[i][-1].end :].strip()))), first_summary)
    head_lines |= {i for i in details if i < first_money}
    # ...below the head read so far, above its first row with a number of its own: "Mix flavo:8000"
    # under "Mixue Ice Cream 8000" is an item.
    known = max([i for i in head_lines if i < first_summary] + [-1])
    first_number = next((i for i in range(known + 1, first_summary) if i not in either and amounts[i]),
                        first_summary)
    head_lines |= {i for i in numbered if known < i < first_number}
    # The column header over the items; one repeated below priced rows heads another section of
    # them (a marketplace order's sellers, an invoice's second page): inside the items.
    above = {h for h in headers if h < first_money}
    head_lines |= above or headers
    head_end = max([i for i in head_lines if i < first_summary] + [-1])
    region = range(head_end + 1, first_summary)
    # A stop word on an item's discount row ("MEMBER DISCOUNT -0.24", "MEMBER 10% -3.99": a
    # negative amount printed as money) does not end the items, nor one inside a row above every
    # priced row of the region ("Tamu : Ibu Fitri (Member Gold)": a head row the head did not take
    # in; "Terima kasih ..." opening its row still ends them, a field there does not: "Member:
    # Gold ***2210").
    priced = next((i for i in region if prints_money(amounts[i])), region.stop)
    # Most regions hold no stop word: one search of their rows instead of one per row.
    stopped = spec.stop.in_any(rows[i].text for i in region)
    stops = [i for i in region if stopped and (hit := spec.stop.find(rows[i].text, fuzzy=False))
             and (i > priced or (not rows[i].text[: hit[0].start].strip()
                                 and not _FIELD.match(rows[i].text, hit[0].end)))
             and not any(x.key == "discount" for x in leading[i])
             and not _takes_off(rows, amounts, i, spec.min_rupiah)
             and not _note_among_items(rows, amounts, i, region.stop)]
    return range(region.start, stops[0] if stops else region.stop)


# A word of two letters or more (perhaps after a count: "2x  Chicken Chop"); the row ends in a digit.
_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")


#: Rows above a note that its item may stand on (the item, an add-on, an unpriced modifier).
_NOTE_REACH = 3


def _note_among_items(rows: list[Row], amounts: list[list[Money]], i: int, end: int) -> bool:
    """Whether stop-word row ``i`` is a priced item's note (one of the rows above it prints a price),
    with more priced items below it before the summary (``Snack Kucing 1 18,000 18,000`` / ``Member
    Price (Reg 19,000) Save 1,000`` / ``Pasir Kucing 1 48,000 48,000``): the items go on."""
    if end >= len(rows) or not any(prints_money(amounts[k]) for k in range(max(0, i - _NOTE_REACH), i)):
        return False
    return any(prints_money(amounts[k]) and rows[k].text.rstrip()[-1:].isdigit() and _TWO_LETTERS.search(rows[k].text)
               for k in range(i + 1, end))


def _takes_off(rows: list[Row], amounts: list[list[Money]], i: int, least: int) -> bool:
    """Whether row ``i`` is an item's discount: a negative amount printed as money on it (with a
    separator, or a plain number of rupiah, ``least`` or more: "HARGA MEMBER -500"), or, with
    none on it, alone on the row under it ("Harga Member" / "-388,000")."""
    money = amounts[i]
    if not money and i + 1 < len(rows) and len(amounts[i + 1]) == 1:
        below = amounts[i + 1][0]
        money = [below] if not rows[i + 1].text[: below.start].strip() else []
    return bool(money) and money[-1].amount < 0 and (money[-1].has_separator or money[-1].amount <= -least)


def item_region_labels(region: range, rows: list[Row], hits: list[list[LabelHit]], leading: list[list[LabelHit]],
                       amounts: list[list[Money]], quantity_marks: list[str], sections: set[int],
                       labelled: set[int]) -> None:
    """Inside the item region a label counts only where it leads its row, and not where it opens
    an item's name (``hits`` is changed in place). ``sections``: the rows of :func:`section_sums`,
    ``labelled`` those of :func:`items_among_items`."""
    for i in region:
        if i in sections:
            # "SUBTOTAL 8.85" of a section: neither the receipt's subtotal nor an item
            hits[i] = [dataclasses.replace(h, key="ignore") for h in leading[i]]
            continue
        if not run_together(rows[i].text, hits[i]):
            hits[i] = leading[i]  # a label word inside an item name ("... TABLET", "SC") is part of the name
        if hits[i] and ((not amounts[i] and name_words(rows[i].text, hits[i][-1].end) >= 2) or code_row(rows[i].text)
                        or i in labelled or labelled_item_line(rows[i], hits[i], amounts[i], quantity_marks)
                        or counted_price(rows, hits[i], amounts, i)
                        or label_word_name(rows[i], hits[i], amounts[i]) or _word_near_a_discount(hits[i], amounts[i])
                        or label_then_name(rows, leading, amounts, i, hits[i])
                        or (not amounts[i] and all(h.key in MONEY_ROLES for h in hits[i])
                            and names_the_line_below(rows, amounts, i, quantity_marks))):
            # A name opening with a label word, its price below ("SC ACR FRAME S103M") or on it
            # among items ("SERVICE AIRCOND 80.00"); a code and a pack count ("CG 61/2 - 48"); a
            # label word naming the count and price under it ("Ongkos kirim" / "1 x 50.000 50.000").
            hits[i] = []


def _word_near_a_discount(hits: list[LabelHit], amounts: list[Money]) -> bool:
    """Whether a row among the items is named by a word one letter from a discount's label, priced
    with no minus: an item ("Shaving 25.000" is no SAVING)."""
    return all(h.errors and h.key == "discount" for h in hits) and bool(amounts) and amounts[-1].amount > 0
