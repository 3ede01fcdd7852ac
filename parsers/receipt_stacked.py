"""A summary block read as a column of labels, then a column of their amounts (``Sub Total`` /
``PB1 (10%)`` / ``GRAND TOTAL`` / ``539.000`` / ``56.595`` / ``622.500``): how a cloud OCR engine
groups the words of a receipt whose labels and amounts stand in two columns far apart. The n-th
label row's amount is the n-th amount row after the last label."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from idextract.layout import Row
from idextract.money import Money
from idextract.text import LabelHit

from .receipt_line import BARE_COUNT, letters, outside

__all__ = ["stacked_values", "unnamed_changes"]

#: Fewest labels in a column for it to be one: a single label over its amount is the next-row rule's.
_MIN_STACK = 2
#: Words of a row of no known label that a column of labels may hold.
_UNKNOWN_LABEL_WORDS = 3
#: Letters an amount row may hold beside its amount (a currency mark: "RM", "Rp").
_AMOUNT_ROW_LETTERS = 3
#: Most amounts on one row of a column of amounts (two rows the OCR merged).
_MERGED_VALUES = 2


def stacked_values(rows: Sequence[Row], hits: Sequence[Sequence[LabelHit]],
                   amounts: Sequence[Sequence[Money]]) -> dict[int, tuple[int, int]]:
    """The amount of each label row in a column of two labels or more with no amount, right
    followed by exactly as many amounts on rows of amounts alone and no label: label row -> (amount
    row, the amount's place in it). Two amounts on one row are two rows the OCR merged ("RM0.00
    RM39.80": the rounding's and the total's)."""
    out: dict[int, tuple[int, int]] = {}
    i, n = 0, len(rows)
    while i < n:
        if not _label_only(hits[i], amounts[i]):
            i += 1
            continue
        start = i
        while i < n and (_label_only(hits[i], amounts[i]) or (i > start and _unknown_label(rows[i], amounts[i]))):
            i += 1
        labels = i - start
        values: list[tuple[int, int]] = []  # (row, place); a count's place is -1
        end = i
        while end < n:
            if k := _amounts_only(rows[end], hits[end], amounts[end]):
                values.extend((end, place) for place in range(k))
            elif not amounts[end] and BARE_COUNT.fullmatch(rows[end].text.strip()):  # "Bil. Item" / ... / "8"
                values.append((end, -1))
            else:
                break
            end += 1
        # A column opened by a label of no role known here ("Bil. Item" / "Subtotal" / ... / "8" /
        # "239.100"): taken in while the amounts outnumber the labels.
        while len(values) > labels and start > 0 and not hits[start - 1] and _unknown_label(rows[start - 1],
                                                                                             amounts[start - 1]):
            start, labels = start - 1, labels + 1
        # As many of each, or the columns are not read whole (a label lost): no pairing is sure.
        if labels >= _MIN_STACK and len(values) == labels:
            out.update({start + k: v for k, v in enumerate(values) if v[1] >= 0})  # not a count's
            i = end
    return out


def _label_only(hits: Sequence[LabelHit], money: Sequence[Money]) -> bool:
    return bool(hits) and not money


def _unknown_label(row: Row, money: Sequence[Money]) -> bool:
    """A row of a word or a few, no digit, in a column of labels: a label of no role known here
    (``Balance`` under ``Tendered``), which keeps the columns in step."""
    words = row.text.split()
    return not money and 0 < len(words) <= _UNKNOWN_LABEL_WORDS and not any(ch.isdigit() for ch in row.text) \
        and letters(row.text) >= 2


def _amounts_only(row: Row, hits: Sequence[LabelHit], money: Sequence[Money]) -> int:
    """How many amounts a row of amounts alone holds, with nothing else but currency marks or
    signs (not ``CB# : 389772 17/01/2018``: a number among a field's words); 0 for another row."""
    if hits or not money or len(money) > _MERGED_VALUES:
        return 0
    rest = outside(row.text, money)
    # Two amounts: money both ("RM0.00 RM39.80", "RM-0.02 RM23.30"; not "6 x 4.30").
    alone = len(money) == 1 or all(m.has_separator or m.currency for m in money)
    return len(money) if alone and letters(rest) <= _AMOUNT_ROW_LETTERS and not any(ch.isdigit() for ch in rest) else 0


def unnamed_changes(rows: Sequence[Row], hits: Sequence[Sequence[LabelHit]],
                    stacked: Mapping[int, tuple[int, int]]) -> dict[int, LabelHit]:
    """The change's label, for a stacked label row of no role known here right under a tender's
    (``Tendered`` / ``Balance`` / ``50.00`` / ``30.55``: what comes back after what was handed over)."""
    return {i: LabelHit("change", rows[i].text.strip().upper(), 0, len(rows[i].text), 0) for i in stacked
            if not hits[i] and i - 1 in stacked and any(h.key == "amount_paid" for h in hits[i - 1])}
