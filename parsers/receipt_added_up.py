"""Summary lines of one role printed apart and added into the total: a Malaysian hotel's SST and
its tourism tax (``SST 8% 59.71`` / ``Tourism Tax (RM10 x 2 nights) 20.00``) are the receipt's
tax together; a delivery order's fees (``Ongkos kirim 11.000`` / ``Biaya jasa aplikasi 2.000``)
its fee. Their sum is offered as one more candidate, derived; the printed arithmetic chooses it
only where the total is made with it."""

from __future__ import annotations

from decimal import Decimal

from idextract.money import Money

from .receipt_candidates import Candidate

__all__ = ["TAXES_ADDED_UP", "added_up"]

#: At most this many lines of a role are added up (more taxes are a tax table or a repeated line; a
#: delivery order prints up to five fees: delivery, platform, small order, packaging, a tip).
_MAX_LINES = {"tax": 3, "fee": 5, "discount": 3}
#: The note of a tax made of several lines.
TAXES_ADDED_UP = "tax lines added up"


def added_up(cands: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    """``cands`` with the sum of two lines or more of a role (tax, fee, discount; at most
    ``_MAX_LINES`` of it), each on its own row and labelled, put first among them (the
    combinations are tried in order, the sum before its parts)."""
    out = _without_zero_taxes(cands)
    for role, most in _MAX_LINES.items():
        # Not an item's own discount, nor a line that sums discounts up ("TOTAL DISKON").
        lines = [c for c in cands.get(role, []) if c.label and c.amount > 0 and not c.under_item]
        if not 2 <= len(lines) <= most or len({c.row.index for c in lines}) != len(lines):
            continue
        first = min(lines, key=lambda c: c.row.index)
        amount = sum((c.amount for c in lines), Decimal(0))
        summed = Candidate(role, Money(amount, start=first.money.start, end=first.money.end), first.row, "", 0.5,
                           derived_from=f"{len(lines)} {role} lines added up")
        out = {**out, role: [summed, *out[role]]}
    return out


def _without_zero_taxes(cands: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    """``cands`` less the tax lines that print 0 beside others that print an amount (an electricity
    token's ``PPN : Rp 0`` / ``PPJ : Rp 2.857``: together, the tax is the second)."""
    taxes = cands.get("tax", [])
    zero = [c for c in taxes if c.label and c.amount == 0]
    # The amount printed as money ("56 (3) (B) GST ACT 2014" prints a year).
    if not zero or not any(c.label and c.amount > 0 and not c.under_item and (c.money.has_separator or c.money.currency)
                           for c in taxes):
        return cands
    return {**cands, "tax": [c for c in taxes if c not in zero]}
