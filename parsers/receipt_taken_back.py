"""Lines taken back: a void or a return, read as an item with a negative count and total, and the
cancel words (``VOID``, ``BATAL``) that mark such lines, as OCR prints them (``** V0ID **``)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

import regex

from idextract.layout import Row
from idextract.money import Money

from .receipt_item_record import Name, ReceiptItem, item_record
from .receipt_line import clean_name, letters, named

__all__ = ["cancel_pattern", "taken_back_line"]

# OCR's digits for a cancel word's letters.
_LOOKALIKE_LETTERS = {"O": "[O0]", "I": "[I1l]"}
_NEGATIVE_COUNT = regex.compile(r"(?<![\w.,])-(?P<q>[1-9][0-9]{0,2})(?:[.,]0{1,2})?(?=[xX]\s)")


@lru_cache(maxsize=8)
def cancel_pattern(cancel_words: tuple[str, ...]) -> regex.Pattern[str]:
    """receipt.toml's cancel words as whole words, with the digits OCR reads for O and I (``** V0ID
    **``, ``V0lD``)."""
    forms = ("".join(_LOOKALIKE_LETTERS.get(ch, regex.escape(ch)) for ch in w.upper()) for w in cancel_words)
    return regex.compile(r"\b(?:" + "|".join(forms) + r")\b", regex.I)



def taken_back_line(rows: Sequence[Row], amounts: Sequence[Sequence[Money]], i: int, pending: Row | None,
                    marks: regex.Pattern[str]) -> ReceiptItem | None:
    """A line taken back (a return, a void), as an item with a negative count and total: a negative
    count before its unit price, and the negative line total they make at the row's end
    (``9021485 -1 X 13.50 -13.50``) or alone on the next row (``080360 -1.00 x 39,000`` /
    ``-39,000``). Its name is on the row before the count, or the one waiting above."""
    row, money = rows[i], amounts[i]
    q = next((m for m in money[:-1] if -999 <= m.amount < 0 and m.amount == m.amount.to_integral_value()), None)
    glued = _NEGATIVE_COUNT.search(row.text) if q is None else None
    if glued is not None:  # "-1.00x 39,000": the mark glued to the count, which the money reader refuses
        q = Money(-Decimal(glued.group("q")), raw=glued.group(0), start=glued.start(), end=glued.end("q"))
    u = next((m for m in money if q is not None and m.start > q.end and m.amount > 0), None)
    if q is None or u is None:
        return None
    after = amounts[i + 1] if i + 1 < len(amounts) else []
    if money[-1].amount == q.amount * u.amount:
        at_total, total = row, money[-1]
    elif len(after) == 1 and after[0].amount == q.amount * u.amount and not letters(rows[i + 1].text):
        at_total, total = rows[i + 1], after[0]
    else:
        return None
    own = clean_name(row.text[: q.start])
    if named(own, marks):
        name = Name(own, row, row.span_box(0, q.start), None, row.text)
    elif pending is not None:
        name = Name(clean_name(pending.text), pending, pending.box, None, pending.text)
    else:
        name = Name("", row, None, None, "")
    return item_record(at_total, name, total, q, u, row)
