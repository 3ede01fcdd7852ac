"""Rows that print no sums though labels stand in them: the column header over the items
("Item  Qty  Price  Total": no digit, two kinds of column named) and a printed tax summary table
(it opens with its own title, "GST SUMMARY")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from idextract.layout import Row
from idextract.money import Money

from .receipt_label_items import prints_money

if TYPE_CHECKING:
    from .receipt_spec import ReceiptSpec

__all__ = ["column_headers", "tax_table"]

_HEADER_WORD = re.compile(r"[A-Z@]+")
_UNITS_ROW = re.compile(r"(?:\s*\(\s*[A-Za-z$%.]{1,5}\s*\))+\s*$")  # "(RM) (RM)" under a header
_ASCII_DIGIT = re.compile(r"[0-9]")


def column_headers(rows: list[Row], amounts: list[list[Money]], spec: ReceiptSpec) -> set[int]:
    """The rows that name the item columns ("Item  Qty  Price  Total"): no digit, mostly header
    words, naming at least two kinds of column (so "Total amount" is no header); a lone header
    word right below such a row (a header wrapped in two) too, and a row of the columns' units in
    parentheses below it (``(RM) (RM)``). Not below a row that prints money, unless it names all
    three kinds (name, quantity, price: a member's balance may stand above the items):
    "TOTAL ITEMS :" after the items is a count, "DESCRIPTION TOTAL POINTS" a loyalty table's. A
    long header word is known with one letter misread (``PROOUCT``)."""
    found: set[int] = set()
    priced = False  # a row printing money above
    for i, row in enumerate(rows):
        text = row.text
        # any(ch.isdigit() ...): in ASCII text only 0-9 are digits, found by one search.
        if amounts[i] or (_ASCII_DIGIT.search(text) is not None if text.isascii() else
                          any(ch.isdigit() for ch in text)):
            priced = priced or prints_money(amounts[i])
            continue
        words = [w for w in _HEADER_WORD.findall(row.text.upper()) if len(w) > 1 or w == "@"]
        kinds = [k for k in map(spec.column_kind, words) if k is not None]
        named = {k for k in kinds if k != "other"}
        if priced and len(named) < 3 and i - 1 not in found:
            continue  # a header of all three kinds of column stands below money too (an account's balance)
        if (len(named) >= 2 and len(kinds) >= 0.6 * len(words)) or (
                i - 1 in found and (len(kinds) == len(words) == 1 or _UNITS_ROW.match(row.text))):
            found.add(i)
    return found


def tax_table(rows: list[Row], spec: ReceiptSpec) -> set[int]:
    """The rows of printed tax summary tables: the header ("GST SUMMARY") and the rows after it
    that hold a rate or no digit (column names, above the rates: a row of no digit under them is
    the next block's, "Cash" / "Change Due" / "100.00"), at most ``tax_tables.max_rows`` of them."""
    found: set[int] = set()
    if not spec.tax_tables.in_any(row.text for row in rows):
        return found  # no header anywhere (most receipts): one search instead of one per row
    for i, row in enumerate(rows):
        if not spec.tax_tables.find(row.text, fuzzy=False):
            continue
        found.add(i)
        rated = False
        for j in range(i + 1, min(i + 1 + spec.tax_table_rows, len(rows))):
            text = rows[j].text
            if "%" not in text and (rated or any(ch.isdigit() for ch in text)):
                break
            rated = rated or "%" in text
            found.add(j)
    return found
