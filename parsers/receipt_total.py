"""The total: the last payable line of the summary, chosen among the labelled totals (and the sums
standing in for a missing one) by their labels and by what the tender, the items and the printed
components confirm; then read after a rounding line below it. :mod:`receipt_amounts` reconciles
it with the rest."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Collection
from decimal import Decimal

import regex

from idextract.money import Money

from .receipt_added_up import added_up
from .receipt_candidates import ADJUSTMENT_SIGNS, Candidate
from .receipt_checks import Components, components_fit
from .receipt_tenders import best as _best

__all__ = ["FROM_TENDERS", "after_rounding", "choose_total", "with_earlier_totals", "without_bases_below"]

#: The label prior of an earlier total-like line, read as a subtotal when a later one is the total.
EARLIER_TOTAL_PRIOR = 0.6
#: The roles that adjust a subtotal into the total: those with a sign, and a rounding (either sign).
ADJUSTMENTS = (*ADJUSTMENT_SIGNS, "rounding")
#: What a subtotal and its components adding up to a total candidate add to its score.
COMPONENTS_SUPPORT = 0.5

FROM_TENDERS = "what was paid, less the change"


def choose_total(
    cands: dict[str, list[Candidate]], *, items_sums: tuple[Decimal, ...], total_fallback_labels: set[str],
    face_values: Collection[str] = (), tender_totals: Collection[str] = (),
) -> Candidate | None:
    """The total: labelled totals, then pre-discount sums standing in for a missing total, each
    scored by its label and by what the tender and the items confirm; else paid less change.
    ``tender_totals``: words opening a tender's label that name a total (``TOTAL PAID``), offered
    where no total label is printed."""
    paid_c, change_c = cands.get("amount_paid", []), cands.get("change", [])
    left = _left_to_pay(cands)
    options: list[tuple[Candidate, float]] = [(c, c.prior - 0.15 * c.errors) for c in cands.get("total", [])
                                              if c not in left]
    options += [(c, 0.5 * c.prior) for c in cands.get("subtotal", []) if c.label in total_fallback_labels]
    if not options:
        options += [(c, 0.3) for c in cands.get("subtotal", [])]
        # A tender's line named a total ("Total paid RM9.00" under "Subtotal 11.00" / "Voucher
        # -2.00"): the bill's total, settled; the arithmetic decides against the subtotal.
        options += [(dataclasses.replace(c, role="total"), 0.3) for c in paid_c
                    if c.label.upper().startswith(tuple(tender_totals)) and not c.errors]
    options += _tender_confirmed_options(cands, options, left)
    if options:
        explicit = [c for c in cands.get("total", []) if not c.errors and c not in left]
        scored = []
        for cand, score in options:
            # The last payable line wins: the items or the components adding up to an earlier
            # line (a subtotal, a section total such as "TOTAL 6% SUPPLIES") do not overrule a
            # later total of another amount whose label is as strong.
            # A later total that this line and a printed tax, service or rounding add up to
            # ("Net Total 60.909" / "P. Resto 6.091" / "Total 67.000") supersedes it, whatever the labels.
            superseded = any(o.row.index > cand.row.index and o.amount != cand.amount and
                             (o.prior >= cand.prior or _components_reach(cands, o, [cand])) for o in explicit)
            support = _total_support(cand.amount, paid_c, change_c, () if superseded else items_sums)
            if not superseded and _components_reach(with_earlier_totals(cands, cand, face_values), cand):
                support += COMPONENTS_SUPPORT
            scored.append((score + support, cand.row.index, cand))
        return max(scored, key=lambda x: (x[0], x[1]))[2]
    if not paid_c:
        return None
    # No total printed (or not read): what was paid, less the change when there is some.
    paid = _best(paid_c)
    assert paid is not None
    change = _best(change_c)
    amount = paid.amount - (change.amount if change is not None and change.amount < paid.amount else 0)
    return Candidate("total", Money(amount, raw=paid.money.raw if amount == paid.amount else ""), paid.row, "", 0.5,
                     derived_from=FROM_TENDERS)


def without_bases_below(cands: dict[str, list[Candidate]], including: regex.Pattern[str]) -> None:
    """Take out of ``cands`` the totals before tax printed below the last total where the tax is
    stated as included (``Total (Incl. SST) 150.80`` / ``Total Excl. SST 139.63`` / ``SST 8% included
    11.17``): what the tax was reckoned on, no subtotal."""
    totals = cands.get("total", [])
    stated = [c for c in totals + cands.get("tax", []) if including.search(c.row.text)]
    if stated and totals:
        last = max(c.row.index for c in totals)
        cands["subtotal"] = [c for c in cands.get("subtotal", []) if not (c.before_tax and c.row.index > last)]


def _left_to_pay(cands: dict[str, list[Candidate]]) -> list[Candidate]:
    """Total-like lines that are an earlier total less a payment printed between them (``TOTAL AMOUNT
    2,290.00`` / ``Deposit paid (8/11) 1,000.00`` / ``BALANCE DUE 1,290.00``): what is left to pay,
    not the bill's total."""
    totals, paid_c = cands.get("total", []), cands.get("amount_paid", [])
    sums = totals + cands.get("subtotal", [])
    # One payment between them, or all of them ("Deposit Paid (1) -3,050.00" / "Deposit Paid (2)
    # -3,050.00" / "Balance Payable 4,116.44").
    return [c for c in totals
            if any(e.row.index < p.row.index < c.row.index and e.amount - p.amount == c.amount > 0
                   for e in sums for p in paid_c)
            or any(len(between := [p.amount for p in paid_c if e.row.index < p.row.index < c.row.index]) >= 2
                   and e.amount - sum(between, Decimal(0)) == c.amount > 0 for e in sums if e.row.index < c.row.index)]


def after_rounding(total_c: Candidate | None,
                   cands: dict[str, list[Candidate]]) -> tuple[Candidate | None, dict[str, list[Candidate]]]:
    """The payable amount when a rounding line is printed below the total: a total printed
    after it that is the total plus the rounding (the label of a rounded total may be too damaged
    to outrank the first); with no total after it (``Total 17,001`` / ``Rounding -1`` / ``FLAZZ
    17,000``), the total plus the rounding, computed, so never reported as printed. A sign the
    print lost is the one the tender confirms; a "rounding" of 5% of the total or more is
    something else and changes nothing, unless it is the rounded total itself (then ``cands``
    come back with the adjustment it makes in place of that line)."""
    if total_c is None or not total_c.label:
        return total_c, cands
    below = [c for c in cands.get("rounding", []) if c.row.index > total_c.row.index and c.amount]
    if not below:
        return total_c, cands
    step = below[0].money.amount
    if 0 < abs(total_c.amount - step) * 100 < total_c.amount:
        return _rounded_on_its_line(total_c, below[0], cands)
    return _rounded(total_c, below[0], cands), cands


def _rounded_on_its_line(total_c: Candidate, line: Candidate,
                         cands: dict[str, list[Candidate]]) -> tuple[Candidate, dict[str, list[Candidate]]]:
    """A rounding line that prints the rounded total itself (``JUMLAH 68.62`` / ``BUNDAR 68.60``), not
    the adjustment: the payable amount, as printed; the adjustment it makes, computed, stands in
    for it among the rounding lines."""
    rounded = Candidate("total", line.money, line.row, line.label, total_c.prior, line.errors, line.next_row,
                        line.label_box)
    step = Money(line.amount - total_c.amount, start=line.money.start, end=line.money.end)
    made = Candidate("rounding", step, line.row, "", line.prior, derived_from="the rounded total less the total")
    return rounded, {**cands, "rounding": [made if c is line else c for c in cands["rounding"]]}


def _rounded(total_c: Candidate, line: Candidate, cands: dict[str, list[Candidate]]) -> Candidate:
    """The total after the adjustment ``line`` prints (see :func:`after_rounding`)."""
    step = line.money.amount
    if abs(step) * 20 >= total_c.amount:
        return total_c
    options = [total_c.amount + step] + ([total_c.amount - step] if step > 0 else [])
    # The rounded total printed ("TOTAL AFTER ADJ" under a damaged label, a second "SUBTOTAL"), or another.
    later = [c for role in ("total", "subtotal") for c in cands.get(role, []) if c.row.index > line.row.index]
    if any(c.role == "total" for c in later) or any(c.amount in options for c in later):
        return next((c for amount in options for c in later if c.amount == amount), total_c)
    paid_c, change_c = cands.get("amount_paid", []), cands.get("change", [])
    tender = {p.amount for p in paid_c} | {p.amount - c.amount for p in paid_c for c in change_c}
    amount = next((o for o in options if o in tender), options[0])
    money = Money(amount, start=total_c.money.start, end=total_c.money.end)
    how = f"the printed total {total_c.money.raw} with the rounding line {line.money.raw}"
    return Candidate("total", money, total_c.row, "", total_c.prior, label_box=total_c.label_box, derived_from=how)


def with_earlier_totals(cands: dict[str, list[Candidate]], total_c: Candidate | None,
                         face_values: Collection[str] = ()) -> dict[str, list[Candidate]]:
    """``cands`` with the total-like lines printed above the chosen total, of another amount, as
    subtotal candidates when no line is labelled as one: when two rows are total-like, the
    earlier one sums a part of the bill."""
    if total_c is None or cands.get("subtotal"):
        return cands
    earlier = [Candidate("subtotal", c.money, c.row, c.label, min(c.prior, EARLIER_TOTAL_PRIOR), c.errors,
                         c.next_row, c.label_box, c.rate, c.label_polygon, earlier_total=True)
               for c in cands.get("total", []) if c.row.index < total_c.row.index and c.label not in face_values
               and (c.amount != total_c.amount or _adjusted_between(cands, c, total_c))]
    if not earlier:
        return cands
    return {**cands, "subtotal": cands.get("subtotal", []) + earlier}


def _adjusted_between(cands: dict[str, list[Candidate]], earlier: Candidate, total_c: Candidate) -> bool:
    """Whether a discount, service, tax or rounding line stands between two total-like lines:
    then the earlier one is the sum before them, even when they change nothing (``Total =
    25,000`` / ``Disc 0.00 % = 0.00`` / ``PPN 0.00 % = 0.00`` / ``Grand Total = 25,000``)."""
    # Not a fee: a top-up's or a transfer's amount ("Nominal 100.000" / "Biaya Admin 1.500" / "Total
    # 101.500") is what was bought, no subtotal.
    return any(earlier.row.index < c.row.index < total_c.row.index
               for role in ADJUSTMENTS if role != "fee" for c in cands.get(role, []))


def _components_reach(cands: dict[str, list[Candidate]], total_c: Candidate,
                      subtotals: list[Candidate] | None = None) -> bool:
    """Whether a printed subtotal (or one of ``subtotals``), with the discount, service, tax and
    rounding printed, adds up to ``total_c`` (a subtotal equal to it counts only with another
    component or alone)."""
    if subtotals is None:
        subtotals = [c for c in cands.get("subtotal", []) if c.row is not total_c.row][:3]
    if not subtotals:
        return False
    cands = added_up(cands)  # lines of a role reach it together: a coupon and a voucher, several fees

    def options(role: str) -> list[Candidate | None]:
        return [*cands.get(role, [])[:3], None]

    return any(
        components_fit(Components(*combo), total_c.amount) > 0
        for combo in itertools.product(subtotals, options("discount"), options("service_charge"), options("tax"),
                                       options("rounding"), options("fee"))
    )


def _total_support(amount: Decimal, paid_c: list[Candidate], change_c: list[Candidate],
                   items_sums: tuple[Decimal, ...]) -> float:
    """How much the tender (paid - change, or paid alone) and the items' sum confirm a total."""
    support = 0.0
    if any(p.amount - amount == c.amount for p in paid_c for c in change_c):
        support += 1.2
    elif any(p.amount == amount for p in paid_c):
        support += 0.4
    if amount in items_sums:
        support += 0.6
    return support


def _tender_confirmed_options(
    cands: dict[str, list[Candidate]], options: list[tuple[Candidate, float]], left: Collection[Candidate] = (),
) -> list[tuple[Candidate, float]]:
    """A total the tender confirms (paid - change) but printed under another label, such as the
    rounded total on a "ROUNDING" line: a weak option that only its support can carry. Not a line
    of what is ``left`` to pay after a deposit (the tender pays that, not the bill)."""
    paid_c, change_c = cands.get("amount_paid", []), cands.get("change", [])
    # Not a line labelled as no money of the bill's ("Sisa Tagihan 1.450.000" after a deposit: what is left to pay),
    # nor the change (paid less a balance "Sisa" can equal the "Kembali" row under it).
    labelled = [c for role, cs in cands.items() if role not in ("amount_paid", "change", "ignore") for c in cs
                if c not in left]
    added: list[tuple[Candidate, float]] = []
    for paid, change in itertools.product(paid_c, change_c):
        amount = paid.amount - change.amount
        for other in labelled:
            if other.amount == amount and other.row is not paid.row and \
                    all(o.amount != amount for o, _ in options + added):
                added.append((Candidate("total", other.money, other.row, other.label, other.prior, other.errors,
                                        other.next_row, other.label_box), 0.5))
    return added
