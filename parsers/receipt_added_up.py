"""Summary lines of one role printed apart and added into the total: a Malaysian hotel's SST and
its tourism tax (``SST 8% 59.71`` / ``Tourism Tax (RM10 x 2 nights) 20.00``) are the receipt's
tax together. Their sum is offered as one more candidate, derived; the printed arithmetic
chooses it only where the total is made with it."""

from __future__ import annotations

from decimal import Decimal

from idextract.money import Money

from .receipt_candidates import Candidate

__all__ = ["TAXES_ADDED_UP", "taxes_added_up"]

#: At most this many tax lines are added up (more is a tax table or a repeated line).
_MAX_LINES = 3
#: The note of a tax made of several lines.
TAXES_ADDED_UP = "tax lines added up"


def taxes_added_up(cands: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    """``cands`` with the sum of two or three tax lines, each on its own row and labelled, put
    first among the taxes (the combinations are tried in order, the sum before its parts)."""
    taxes = [c for c in cands.get("tax", []) if c.label and c.amount > 0]
    rows = {c.row.index for c in taxes}
    if not 2 <= len(taxes) <= _MAX_LINES or len(rows) != len(taxes):
        return cands
    first = min(taxes, key=lambda c: c.row.index)
    amount = sum((c.amount for c in taxes), Decimal(0))
    summed = Candidate("tax", Money(amount, start=first.money.start, end=first.money.end), first.row, "", 0.5,
                       derived_from=f"{len(taxes)} {TAXES_ADDED_UP}")
    return {**cands, "tax": [summed, *cands["tax"]]}
