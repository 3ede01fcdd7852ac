"""Item rows the OCR merged: two items' rows read as one (``Teh Tarik x2 4.40 Milo Ais x1 3.50``)
are read as two, when the receipt's sums do not say otherwise. The halves themselves are found by
:func:`receipt_row_kinds.merged_halves`. And line totals whose decimal point was lost among prices
in cents (``8900``), read in cents, and prices whose separator was read as a space (``1 299.00``),
read whole, where the items then add up to a printed sum."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

import regex

from idextract.layout import Row
from idextract.money import CURRENCY_WORDS, Money

from .receipt_item_record import ReceiptItem
from .receipt_items import parse_items
from .receipt_line import letters, marks_pattern, named
from .receipt_lost_points import with_group_before
from .receipt_regions import leads
from .receipt_row_kinds import merged_halves
from .receipt_spec import ReceiptSpec

__all__ = ["items_unmerged"]

_Rows = tuple[list[Row], list[Sequence[Money]], list[str]]
_MARK_LETTERS = "RMrmPpSGDUIyY$. "  # the letters and marks a currency mark before a number is made of
_NAME_WORDS, _NAME_LETTERS = 2, 5  # a name after a line total: words and letters at least
_MARK_AFTER = regex.compile(rf"\s*(?:{CURRENCY_WORDS})(?![\w])", regex.IGNORECASE)
# A count and its mark opening what follows an amount: the amount was a unit price, printed first
# ("14.90 x4  Kertas A4 80gsm").
_COUNT_FIRST = regex.compile(r"\s*(?:[xX@]\s?[0-9]|[0-9]{1,3}\s?[xX@](?![\w]))")
_MAX_JOINED = 8  # rows whose line total may be joined to the group before it, tried one by one


def items_unmerged(rows: list[Row], amounts: Sequence[Sequence[Money]], keys: list[str], currency: str,
                   spec: ReceiptSpec, cents: bool, sums: set[Decimal]) -> tuple[list[ReceiptItem], set[int]]:
    """The items of the item region's ``rows`` (``parse_items``), each merged row read as two,
    unless the items then add up to none of the printed ``sums`` and read whole they do (``LENS
    1.60 BLUE FILTER 480.00`` is a lens of index 1.60); where neither adds up, bare whole line
    totals read in cents, or a price split by a space read whole, if then they do."""
    split = _unmerged(rows, amounts, keys, spec)
    items, discounting = parse_items(*split[:2], currency, spec.items, split[2], cents)
    if not sums or _adds_up(items, sums):
        return items, discounting
    if len(split[0]) != len(rows):
        whole, whole_discounting = parse_items(rows, amounts, currency, spec.items, keys, cents)
        if _adds_up(whole, sums):
            return whole, whole_discounting
    # "1 Ribeye Steak 250g  8900" among prices in cents: 89.00; "LED TV 43"  1  1 299.00": one
    # price whose separator was read as a space, where the items then add up.
    for mended in [*(_points_mended(rows, amounts, keys) if cents else []), *_groups_joined(rows, amounts, keys)]:
        again, again_discounting = parse_items(rows, mended, currency, spec.items, keys, cents)
        if _adds_up(again, sums):
            return again, again_discounting
    return items, discounting


def _groups_joined(rows: list[Row], amounts: Sequence[Sequence[Money]], keys: list[str]) -> list[list[Sequence[Money]]]:
    """``amounts`` read with an unlabelled row's line total of three digits before its decimals or
    end, after a number of one to three digits and a space, as one amount with it (``1 299.00`` is
    1,299.00): one such row at a time, then all (at most ``_MAX_JOINED`` rows)."""
    joined: dict[int, Sequence[Money]] = {}
    for i, (row, money, key) in enumerate(zip(rows, amounts, keys)):
        one = with_group_before(row.text, money[-1], "a thousands separator read as a space, as the items then "
                                "add up") if money and not key else None
        if one is not None:
            joined[i] = [m for m in money[:-1] if m.end <= one.start] + [one]
    if not joined or len(joined) > _MAX_JOINED:
        return []
    singly = [[joined[i] if i == j else money for i, money in enumerate(amounts)] for j in joined]
    together = [[joined.get(i, money) for i, money in enumerate(amounts)]] if len(joined) > 1 else []
    return [*singly, *together]


def _points_mended(rows: list[Row], amounts: Sequence[Sequence[Money]],
                   keys: list[str]) -> list[list[Sequence[Money]]]:
    """``amounts`` with each unlabelled row's bare whole line total (three digits or more, after
    words) read in cents: one reading, none when no row has such a total."""
    out: list[Sequence[Money]] = []
    changed = False
    for row, money, key in zip(rows, amounts, keys):
        last = money[-1] if money else None
        digits = last.raw.lstrip(_MARK_LETTERS) if last is not None else ""  # "RM1450": the mark is no digit
        if key or last is None or last.has_separator or not digits.isdigit() or len(digits) < 3 \
                or row.text[last.end :].strip() or not any(ch.isalpha() for ch in row.text[: last.start]):
            out.append(money)
            continue
        note = "decimal point lost: read in cents, as the items then add up"
        point = dataclasses.replace(last, amount=last.amount.scaleb(-2), ambiguous=True, has_separator=True,
                                    notes=(*last.notes, note))
        out.append([*money[:-1], point])
        changed = True
    return [out] if changed else []


def _adds_up(items: list[ReceiptItem], sums: set[Decimal]) -> bool:
    gross = sum((it.total_price.value for it in items if it.total_price.value is not None), Decimal(0))
    off = sum((it.discount.value for it in items if it.discount.value is not None), Decimal(0))
    return gross in sums or gross - off in sums


def _unmerged(rows: list[Row], amounts: Sequence[Sequence[Money]], keys: list[str], spec: ReceiptSpec) -> _Rows:
    """The item rows with each row the OCR merged from two items' rows in two halves (no label
    after the first price: ``NASI 10.000 DISC 1.000`` is one item's)."""
    marks = marks_pattern(tuple(spec.items["quantity_marks"]))
    out: _Rows = ([], [], [])
    for k, (row, money, key) in enumerate(zip(rows, amounts, keys)):
        halves = None if key or len(money) < 2 else merged_halves(row, money, marks)
        if halves is None and not key and k + 1 < len(rows) and not keys[k + 1]:
            halves = _name_after_total(row, money, rows[k + 1], amounts[k + 1], marks)
        second = _second_key(halves[1], spec) if halves is not None else None
        if halves is not None and second is not None:
            for half, half_key in zip(halves, ("", second)):
                out[0].append(half)
                out[1].append([m for m in money if half.text[m.start : m.end] == m.raw])
                out[2].append(half_key)
        else:
            out[0].append(row)
            out[1].append(money)
            out[2].append(key)
    return out


def _name_after_total(row: Row, money: Sequence[Money], below: Row, below_money: Sequence[Money],
                      marks: regex.Pattern[str]) -> tuple[Row, Row] | None:
    """The halves of a price row merged with the name of the item under it (``1 @ 9.700  9.700
    Vitamin C 500mg 10s`` over ``4 @ 12.500  50.000``): a name of two words or more after the
    row's printed line total, over a price row of no name of its own."""
    if not money or not (money[-1].has_separator or money[-1].currency) or not below_money:
        return None
    # The total's currency mark printed after it ("18.50 RM Teh Hijau Premium Tin") is no word of the name.
    mark = _MARK_AFTER.match(row.text, money[-1].end)
    end = mark.end() if mark is not None else money[-1].end
    tail = row.text[end:]
    if _COUNT_FIRST.match(tail) or len(tail.split()) < _NAME_WORDS or letters(tail) < _NAME_LETTERS \
            or not named(tail, marks) or named(below.text[: below_money[-1].start], marks):
        return None
    return (dataclasses.replace(row, text=row.text[:end] + " " * (len(row.text) - end)),
            dataclasses.replace(row, text=" " * end + tail))


def _second_key(half: Row, spec: ReceiptSpec) -> str | None:
    """The role of the second half of a merged row: none ("") for an item's; a discount when its
    label opens it, taking money off the first ("AYAM BAKAR 30.000 DISKON 3.000"); ``None``, no
    split, for any other label ("MEE GORENG 7.50 SST 0.45" is one row)."""
    hits = spec.amounts.find(half.text, fuzzy=False)
    if not hits:
        return ""
    return hits[0].key if hits[0].key == "discount" and leads(half.text, hits) else None
