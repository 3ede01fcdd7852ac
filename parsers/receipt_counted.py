"""A count and unit price printed under the item they make, on a row of their own: ``Tambal
Komposit 550,000`` / ``2 gigi x 275,000``, ``Case Silikon  RM 49.00`` / ``Qty 2 x RM 24.50``."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal

import regex

from idextract.layout import Row
from idextract.money import Money
from idextract.records import Box

from .receipt_item_record import DERIVED_UNIT, ReceiptItem
from .receipt_row_kinds import AT_MARK

__all__ = ["count_under"]

# A count, a word of unit perhaps, and a times or at mark before a row's one price: "2 gigi x 275,000".
_COUNT_UNIT_MARK = regex.compile(rf"\s*(?P<q>[1-9][0-9]{{0,2}})\s*(?:[^\W\d_]{{1,10}}\s*)?(?:[xX]\s*|{AT_MARK})$")
_COUNT_WORD = regex.compile(r"\s*([^\W\d_]+)\s*[:.]?(?=\s*[0-9])")  # a word before a count ("Qty 1", "QTY: 2")


def count_under(item: ReceiptItem, above: Row, above_money: Sequence[Money], row: Row, money: Sequence[Money],
                count_words: Collection[str]) -> bool:
    """Whether ``row``, right under ``item``'s price row ``above``, is its count and unit price,
    which make its line total and which it printed no count for; then ``item`` takes them (in
    place). A count's word may lead (``count_words``: "Qty 1 x RM 39.00"). A number ending the
    name read for its count, its unit price derived (``Tempered Glass NovaX 12  RM 39.00``), gives
    way to the count printed under it, and goes back to the name."""
    if not 1 <= len(money) <= 2:
        return False
    name_count = item.quantity.found and _count_ending_name(item, above, above_money)
    if item.quantity.found and not name_count:
        return False
    total = money[-1]
    word = _COUNT_WORD.match(row.text)
    start = word.end() if word is not None and word.group(1).upper() in count_words else 0
    lead = _COUNT_UNIT_MARK.match(row.text, start, total.start)
    if lead is None or total.amount <= 0 or item.total_price.value != int(lead.group("q")) * total.amount:
        return False
    if len(money) == 2 and money[0].start != lead.start("q"):
        return False  # two amounts: the first only as the count ("2 x 15.00", read in ringgit)
    if name_count and item.quantity.value == int(lead.group("q")):
        return False  # the number ending the name was the count column's ("PACK  2  25.80" / "2 x 12.90")
    if name_count and item.name.value and item.quantity.raw:
        item.name = item.name.model_copy(update={"value": f"{item.name.value} {item.quantity.raw}",
                                                 "box": Box.union([item.name.box, item.quantity.box])})
    q0, q1 = lead.span("q")
    item.quantity = item.total_price.model_copy(update={
        "value": Decimal(lead.group("q")), "raw": lead.group("q"), "box": row.span_box(q0, q1),
        "polygon": row.span_polygon(q0, q1), "line": row.index})
    item.unit_price = item.total_price.model_copy(update={
        "value": total.amount, "raw": total.raw, "box": row.span_box(total.start, total.end),
        "polygon": row.span_polygon(total.start, total.end), "line": row.index})
    return True


def _count_ending_name(item: ReceiptItem, row: Row, money: Sequence[Money]) -> bool:
    """Whether ``item``'s count is a bare number ending its name on its price row ``row``, its
    unit price derived from it, not printed."""
    q = item.quantity
    if q.line != row.index or not q.raw or DERIVED_UNIT not in item.unit_price.notes:
        return False
    total = next((m for m in reversed(money) if m.amount == item.total_price.value), None)
    return total is not None and row.text[: total.start].rstrip().endswith(f" {q.raw}")
