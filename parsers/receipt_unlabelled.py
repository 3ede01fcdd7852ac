"""Receipt amounts, step 1b: amounts whose label was not read, offered as candidates for the
printed arithmetic to confirm: a total under a subtotal and its adjustments, a subtotal named after
its column above them, a tax at a rate of the subtotal, a printed tax table's tax, an amount taken
off between the sums."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Sequence
from decimal import Decimal

from idextract.layout import Row
from idextract.money import Money
from idextract.text import LabelHit

from .receipt_candidates import ADJUSTMENT_SIGNS, Candidate, rate_in

__all__ = ["discounts_with_unlabelled", "table_tax", "unlabelled_discount", "unlabelled_tax", "unlabelled_total",
           "valued_subtotal", "with_unlabelled"]

_MAX_PER_ROLE = 4  # candidates of each adjustment tried by unlabelled_total
_MAX_DISCOUNT_LINES = 4  # discount lines added up by discounts_with_unlabelled, at most
_Rows = list[tuple[int, Money]]  # rows and the amount each prints


def _likeliest(cands: list[Candidate]) -> Candidate:
    """Of a role's candidates, the surest label's, the lowest on the receipt of those."""
    return max(cands, key=lambda c: (c.prior, c.row.index))


def unlabelled_total(
    cands: dict[str, list[Candidate]], rows: Sequence[Row], hits: Sequence[Sequence[LabelHit]],
    amounts: Sequence[Sequence[Money]],
) -> Candidate | None:
    """With no total label read: the first row below the subtotal and its adjustments that has no
    label of its own and prints their sum (subtotal - discount + service + tax, one of them not
    0). Its label was too damaged to read (``TO : RM 73.00``, ``T L 94.00``). It is reported as
    computed (no label confirms it); a tender under a damaged label of its own (``CA : RM 73.00``)
    comes after it."""
    if cands.get("total") or not cands.get("subtotal"):
        return None
    subtotal = _likeliest(cands["subtotal"])
    # Each adjustment printed, or not: GST 1.50 and TAX 0.00 may both be read as the tax.
    choices = [[None, *cands.get(role, [])[:_MAX_PER_ROLE]] for role in ADJUSTMENT_SIGNS]
    sums: dict[Decimal, int] = {}
    for picked in itertools.product(*choices):
        if not any(c is not None and c.amount for c in picked):
            continue
        amount = subtotal.amount + sum((sign * c.amount for c, sign in zip(picked, ADJUSTMENT_SIGNS.values())
                                        if c is not None), Decimal(0))
        below = max([subtotal.row.index, *(c.row.index for c in picked if c is not None)])
        sums[amount] = min(sums.get(amount, below), below)
    for i in range(len(rows)):
        money = amounts[i][0] if len(amounts[i]) == 1 and not hits[i] else None
        if money is not None and money.amount in sums and i > sums[money.amount]:
            return Candidate(role="total", money=money, row=rows[i], label="", prior=0.5,
                             derived_from="a line with no label read, that the subtotal and its adjustments add up to")
    return None


def with_unlabelled(cands: dict[str, list[Candidate]], rows: Sequence[Row], hits: Sequence[Sequence[LabelHit]],
                    amounts: Sequence[Sequence[Money]], rates: Collection[Decimal], slack: Decimal,
                    table: Collection[int], value_words: Collection[str] = ()) -> None:
    """``cands`` (in place) with the total, the subtotal, the tax and the discounts printed with no
    label of their own, where no label was read for them (the functions below)."""
    found = unlabelled_total(cands, rows, hits, amounts)
    if found is not None:
        cands["total"] = [found]
    if (sub := valued_subtotal(cands, rows, hits, amounts, value_words)) is not None:
        cands["subtotal"] = [sub]
    tax = unlabelled_tax(cands, rows, hits, amounts, rates, slack) or table_tax(cands, rows, amounts, table)
    if tax is not None:
        cands["tax"] = [tax]
    if (off := unlabelled_discount(cands, rows, hits, amounts)) is not None:
        cands["discount"] = [off]
    elif (more := discounts_with_unlabelled(cands, rows, hits, amounts)) is not None:
        cands["discount"] = [more, *cands["discount"]]


def valued_subtotal(cands: dict[str, list[Candidate]], rows: Sequence[Row], hits: Sequence[Sequence[LabelHit]],
                    amounts: Sequence[Sequence[Money]], value_words: Collection[str]) -> Candidate | None:
    """With no subtotal label read: a row of a word of ``value_words`` alone and an amount, right
    above the adjustments printed over the total, that they add up from to the total (``Amount
    65.20`` / ``Total Discount -0.72`` / ``Rounding Adjustment 0.02`` / ``JUMLAH KESELURUHAN 64.50``):
    the items' sum, under the amount column's name."""
    if cands.get("subtotal") or not cands.get("total"):
        return None
    total = _likeliest(cands["total"])
    by_row: dict[int, Candidate] = {}
    for role in (*ADJUSTMENT_SIGNS, "rounding"):
        for c in cands.get(role, []):
            if c.row.index < total.row.index and not c.next_row:
                by_row.setdefault(c.row.index, c)
    # The adjustments, and nothing else, between the row and the total; not fees alone: a top-up's
    # amount and its fee ("Amount: RM 50.00" / "Convenience Fee: RM 0.50") are what was bought.
    if not by_row or set(range(min(by_row), total.row.index)) != set(by_row) \
            or all(c.role == "fee" for c in by_row.values()):
        return None
    i = min(by_row) - 1
    if i < 0 or len(amounts[i]) != 1 or hits[i] \
            or rows[i].text[: amounts[i][0].start].strip(" :.").upper() not in value_words:
        return None
    money = amounts[i][0]
    base = money.amount + sum((ADJUSTMENT_SIGNS[c.role] * c.amount for c in by_row.values() if c.role != "rounding"),
                              Decimal(0))
    roundings = [c.money.amount for c in by_row.values() if c.role == "rounding"] or [Decimal(0)]
    if not any(base + sign * r == total.amount for r in roundings for sign in (1, -1)):
        return None
    return Candidate(role="subtotal", money=money, row=rows[i], label="", prior=0.5,
                     derived_from="a row named after the amount column, that the adjustments add up from to the total")


def unlabelled_tax(cands: dict[str, list[Candidate]], rows: Sequence[Row], hits: Sequence[Sequence[LabelHit]],
                   amounts: Sequence[Sequence[Money]], rates: Collection[Decimal], slack: Decimal) -> Candidate | None:
    """With no tax label read: a row between the subtotal and the total with no label of its own
    and one amount that is a tax rate of the subtotal, the rate printed beside it (``10% 16.400``)
    or the subtotal and it adding up to the total (``FDI: 2.727``, PB1 as the OCR read it). It is
    reported as computed, for the arithmetic to confirm. ``slack``: how far its share of the
    subtotal may be from a rate (the tax is rounded)."""
    if cands.get("tax") or not cands.get("subtotal") or not cands.get("total"):
        return None
    subtotal = _likeliest(cands["subtotal"])
    total = _likeliest(cands["total"])
    if not subtotal.amount:
        return None  # "SUBTOTAL 0": no rate of it
    for i in range(subtotal.row.index + 1, total.row.index):
        # An ignored word may name it ("MEMBER 5% -2.22"): nothing the bill sums is one.
        if any(h.key != "ignore" for h in hits[i]) or len(amounts[i]) != 1 or amounts[i][0].amount <= 0:
            continue
        money = amounts[i][0]
        printed = rate_in(rows[i].text)
        share = money.amount / subtotal.amount
        if printed is not None and printed / 100 in rates:
            near = abs(money.amount - subtotal.amount * printed / 100) <= max(Decimal(1), money.amount / 200)
        else:
            near = any(abs(share - r) <= slack for r in rates) and subtotal.amount + money.amount == total.amount
        if near:
            return Candidate(role="tax", money=money, row=rows[i], label="", prior=0.5, rate=printed,
                             derived_from="a line with no label read, a tax rate of the subtotal")
    return None


def table_tax(cands: dict[str, list[Candidate]], rows: Sequence[Row], amounts: Sequence[Sequence[Money]],
              table: Collection[int]) -> Candidate | None:
    """With no tax label read: the tax a printed tax table gives (``GST SUMMARY`` / ``SR @ 6% 8.40
    0.50``), added up over its rows with a rate; in each, the amount that is the rate of another
    (``S 6.00% 39.09 2.34 41.43``: not the gross after it). As printed when one row holds it all,
    else computed; nothing when a row's tax is not found so."""
    if cands.get("tax"):
        return None
    taxes: list[tuple[int, Money]] = []
    for i in sorted(table):
        rate = rate_in(rows[i].text)
        if rate is None or len(amounts[i]) < 2:
            continue
        tax = _rate_of_another(amounts[i], rate / 100)
        if tax is None:
            return None
        taxes.append((i, tax))
    paying = [(i, m) for i, m in taxes if m.amount]
    if not taxes or len(paying) > 1 and len({i for i, _ in paying}) != len(paying):
        return None
    if len(paying) <= 1:
        at, money = paying[0] if paying else taxes[0]
        return Candidate(role="tax", money=money, row=rows[at], label="TAX TABLE", prior=0.8,
                         rate=rate_in(rows[at].text))
    total = sum((m.amount for _, m in paying), Decimal(0))
    first = paying[0][1]
    return Candidate(role="tax", money=Money(total, start=first.start, end=first.end), row=rows[paying[0][0]],
                     label="", prior=0.5, derived_from="the tax column of the printed tax table, added up")


def _rate_of_another(row: Sequence[Money], rate: Decimal) -> Money | None:
    """The amount of a tax-table row that is ``rate`` of another of its amounts (to the cent, or
    of the gross: ``rate / (1 + rate)``); a rate of 0 makes the smallest the tax."""
    if rate == 0:
        return min(row, key=lambda m: m.amount)
    for tax in row:
        for base in row:
            if base is not tax and base.amount > tax.amount and (
                    abs(base.amount * rate - tax.amount) <= Decimal("0.01") * max(Decimal(1), tax.amount / 100)
                    or abs(base.amount * rate / (1 + rate) - tax.amount) <= Decimal("0.01")):
                return tax
    return None


def unlabelled_discount(cands: dict[str, list[Candidate]], rows: Sequence[Row], hits: Sequence[Sequence[LabelHit]],
                        amounts: Sequence[Sequence[Money]]) -> Candidate | None:
    """With no discount label read: a row under a subtotal (or an earlier total-like sum) and above
    a total, with words no money label knows and one amount printed negative (``Happy Hour 20%
    (drinks) -8.20``, ``App Coupon PD5OFF -5.00``, ``Kurang -8.00``): taken off, for the arithmetic
    to confirm. Reported as computed. Each total is tried from the top ("Points: +42 Total: 318"
    under the bill is one too)."""
    if cands.get("discount"):
        return None
    for _, _, found in _taken_off_unlabelled(cands, rows, hits, amounts):
        if found:
            i, money = found[0]
            return Candidate(role="discount", money=money, row=rows[i], label="", prior=0.5,
                             derived_from="an amount printed negative with no label read, under the subtotal")
    return None


def discounts_with_unlabelled(cands: dict[str, list[Candidate]], rows: Sequence[Row],
                              hits: Sequence[Sequence[LabelHit]],
                              amounts: Sequence[Sequence[Money]]) -> Candidate | None:
    """Beside discount lines read by their labels, the rows :func:`unlabelled_discount` would take
    under the same subtotal (``Coupon -3.00`` / ``Staff 20% -1.56``; ``Disc 30% -101.34`` /
    ``Member RM10 -10.00``): all of them added up, offered as one more candidate for the arithmetic
    to confirm (two to four lines)."""
    labelled = [c for c in cands.get("discount", []) if c.label and not c.under_item and not c.derived_from]
    if not labelled:
        return None
    for total, start, found in _taken_off_unlabelled(cands, rows, hits, amounts):
        lines = [c for c in labelled if start < c.row.index < total.row.index]
        taken = {c.row.index for c in lines}
        extra = [(i, money) for i, money in found if i not in taken]
        if lines and extra and len(lines) + len(extra) <= _MAX_DISCOUNT_LINES:
            amount = sum((c.amount for c in lines), Decimal(0)) + sum((-m.amount for _, m in extra), Decimal(0))
            first = min(lines, key=lambda c: c.row.index)
            return Candidate(role="discount", money=Money(amount, start=first.money.start, end=first.money.end),
                             row=first.row, label="", prior=0.5,
                             derived_from=f"{len(lines) + len(extra)} discount lines added up, "
                                          f"{len(extra)} with no label read")
    return None


def _taken_off_unlabelled(cands: dict[str, list[Candidate]], rows: Sequence[Row], hits: Sequence[Sequence[LabelHit]],
                          amounts: Sequence[Sequence[Money]]) -> Iterator[tuple[Candidate, int, _Rows]]:
    """For each total from the top with a subtotal (or an earlier total-like sum) above it: the
    total, the first such sum's row and the rows between them with words no money label knows and
    one amount printed negative."""
    sums = sorted(c.row.index for role in ("subtotal", "total") for c in cands.get(role, []))
    for total in sorted(cands.get("total", []), key=lambda c: c.row.index):
        above = [i for i in sums if i < total.row.index]
        if not above:
            continue
        found = []
        for i in range(above[0] + 1, total.row.index):
            # An ignored word may name it ("MEMBER 5% -2.22"): nothing the bill sums is one. Money as
            # printed, not a count in brackets ("Points Redeemed (500)"), nor a rounding under an
            # unread label ("Round -1"): 1% of the total or less.
            money = amounts[i][0] if len(amounts[i]) == 1 else None
            if any(h.key != "ignore" for h in hits[i]) or money is None or money.amount >= 0 \
                    or not money.has_separator or -money.amount * 100 <= total.amount:
                continue
            if sum(ch.isalpha() for ch in rows[i].text[: money.start]) >= 3:
                found.append((i, money))
        yield total, above[0], found
