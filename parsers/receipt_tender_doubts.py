"""Doubts cast on what was paid and on the total after the arithmetic chose them: a deposit
taken off below the total, a payment screen's status line, a total's own row read as a tender.
Each caps a field (its cap in ``ceilings``, for the calibration to keep)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from idextract.confidence import cap_field
from idextract.dates import find_dates
from idextract.layout import Row
from idextract.money import Money
from idextract.records import Extracted
from idextract.text import LabelMatcher

from .receipt_candidates import Candidate

__all__ = ["balance_after_deposit", "paid_earlier", "status_tender", "total_as_tender"]


def balance_after_deposit(total: Extracted[Decimal], cands: dict[str, list[Candidate]], rows: Sequence[Row],
                          amounts: Sequence[Sequence[Money]], ceilings: dict[str, float]) -> None:
    """Cap the total (``left_to_pay``, in place; the cap in ``ceilings``) where payments made
    earlier (:func:`paid_earlier`: deposits) are printed below it and the balance they leave below
    them, on a row that is no tender's (``Total 146.800`` / ``DP -50.000`` / ``Sisa 96.800``): the
    bill's total to most bookkeepers, the balance to others."""
    if total.value is None or total.line is None:
        return
    paid_c = cands.get("amount_paid", [])
    earlier = sorted((p for p in paid_c if p.row.index > total.line and paid_earlier(p)), key=lambda p: p.row.index)
    if not earlier:
        return
    left = total.value - sum((p.amount for p in earlier), Decimal(0))
    below, tenders = earlier[-1].row.index, {p.row.index for p in paid_c}
    if left > 0 and any(m.amount == left for row, money in zip(rows, amounts)
                        if row.index > below and row.index not in tenders for m in money):
        cap_field(total, "left_to_pay", f"{earlier[0].label or 'a payment'} taken off below: the balance is what "
                  "this receipt settles", ceilings, "total")


def status_tender(paid: Extracted[Decimal], cand: Candidate | None, rows: Sequence[Row], status: LabelMatcher,
                  ceilings: dict[str, float]) -> None:
    """Cap what was paid (``disputed_label``, in place; the cap in ``ceilings``) where its label is
    a word of a status line (``Payment successful`` / ``RM 48.73``): readers differ on whether a
    payment screen's one amount is a tender (two writers of the invented sets say no, one yes)."""
    if cand is None or not paid.found:
        return
    at = cand.row.index - 1 if cand.next_row else cand.row.index
    row = next((r for r in rows if r.index == at), None)
    if row is not None and status.find(row.text, fuzzy=False):
        cap_field(paid, "disputed_label", "its label a word of a status line: readers differ on the tender", ceilings,
                  "amount_paid")


def total_as_tender(paid: Extracted[Decimal], total: Extracted[Decimal], cand: Candidate | None,
                    total_cand: Candidate | None, methods: Mapping[str, str], ceilings: dict[str, float]) -> None:
    """Cap what was paid (``total_as_tender``, in place; the cap in ``ceilings``) where it is the
    total's own amount under a word that names no tender (``Amount Paid RM 55.00`` with no other
    summary line): the total to every reader, a tender too to some. A folio's credit column beside
    its total's (``Total 1,385,450 1,385,450``) is another amount."""
    if cand is None or not paid.found or paid.line != total.line or cand.label.upper() in methods:
        return
    if total_cand is not None and not total_cand.derived_from and total_cand.money.start != cand.money.start:
        return
    cap_field(paid, "total_as_tender", "the total's own row, its label no tender's: readers differ on a tender",
              ceilings, "amount_paid")


def paid_earlier(p: Candidate) -> bool:
    """A payment made before this receipt: dated on its row (``DP (12-1-25): Rp 200.000``) or
    printed taken off (``DP (transfer 01/06) -500.000``)."""
    return bool(find_dates(p.row.text[: p.money.start])) or p.money.amount < 0
