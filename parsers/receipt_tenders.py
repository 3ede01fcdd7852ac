"""What was paid: the tender and the change, chosen by paid - total = change; a tender split over
two payments or more (``QRIS 300.000`` / ``Tunai 250.000``) is their sum."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from decimal import Decimal

import regex

from idextract.confidence import Confidence
from idextract.layout import Row
from idextract.money import Money, mask_class
from idextract.records import Extracted
from idextract.text import LabelHit

from .receipt_candidates import ON_THE_LINE_ABOVE, Candidate
from .receipt_line import letters
from .receipt_tender_doubts import paid_earlier

__all__ = ["POINTS_SPENT", "best", "choose_tender", "completed_tender", "points_spent", "tenders_added_up",
           "totals_over_change", "vouchers_tendered", "without_points_unspent"]

#: Most tender lines between two total-like lines whose subsets are tried as what the later one adds up.
_MAX_TENDERS = 5
#: How far below the total a tender with no label it knows is looked for (rows with an amount).
_UNLABELLED_REACH = 2
# A card number masked but for its last digits ("****1190", "**** **** **** 4455").
_MASKED_CARD = regex.compile(rf"(?:{mask_class()}{{4}}[ -]?)+[0-9]{{4}}(?![0-9])")


#: The label of points spent as money (:func:`points_spent`), handed over as a voucher is.
POINTS_SPENT = "POINTS"


def best(cands: Sequence[Candidate]) -> Candidate | None:
    """The surest label's candidate, the lowest on the receipt of those."""
    return max(cands, key=lambda c: (c.prior - 0.1 * c.errors, c.row.index)) if cands else None


def tenders_added_up(cands: dict[str, list[Candidate]],
                     handed_over: Collection[str] = ()) -> dict[str, list[Candidate]]:
    """``cands`` with a total-like line printed under two tenders or more that is their sum
    (``Total 532.000`` / ``QRIS 300.000`` / ``Tunai 250.000`` / ``Total Bayar 550.000``) read as
    what was paid, not as the total: the last payable line is the one above the tenders. A voucher
    or points handed over (``handed_over`` labels) count among the tenders (``VOUCHER 100.000`` /
    ``KARTU DEBIT 1.270.600`` / ``TOTAL DIBAYAR 1.370.600``)."""
    totals, paid = cands.get("total", []), cands.get("amount_paid", [])
    handed = [d for d in cands.get("discount", []) if d.label in handed_over and d.amount]
    moved, tendered = [], []
    for t in totals:
        above = max((o.row.index for o in totals if o.row.index < t.row.index), default=-1)
        tenders = _adding_up([p for p in [*paid, *handed] if above < p.row.index < t.row.index], t.amount)
        if tenders:
            moved.append(t)
            tendered += [p for p in tenders if p.role == "discount"]  # handed over: no discount
    if not moved:
        return cands
    return {**cands, "total": [t for t in totals if t not in moved], "amount_paid": [*paid, *map(_as_paid, moved)],
            "discount": [d for d in cands.get("discount", []) if d not in tendered]}


def totals_over_change(cands: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    """``cands`` with a total-like line over a change that is an earlier sum plus that change
    (``Total Harga 62.500`` / ``Jumlah Bayar 100.000`` / ``Kembali 37.500``) read as what was paid,
    when no tender is printed: ``Jumlah Bayar`` is the amount to pay in Malay, the amount paid in
    Indonesian, and the change says which."""
    totals, change_c = cands.get("total", []), cands.get("change", [])
    if cands.get("amount_paid") or not change_c:
        return cands
    sums = totals + cands.get("subtotal", [])
    moved = [t for t in totals
             if any(e.row.index < t.row.index < c.row.index and e.amount + c.amount == t.amount and c.amount > 0
                    for e in sums for c in change_c)]
    if not moved:
        return cands
    return {**cands, "total": [t for t in totals if t not in moved], "amount_paid": list(map(_as_paid, moved))}


def _adding_up(tenders: Sequence[Candidate], amount: Decimal) -> list[Candidate]:
    """The most of ``tenders``, two or more, that add up to ``amount`` (all of them, or some: a
    ``Jumlah Dibayar 256.45`` among them may be the rounded total the others pay); none if no such."""
    if len(tenders) > _MAX_TENDERS:
        return []
    return next((list(combo) for size in range(len(tenders), 1, -1) for combo in itertools.combinations(tenders, size)
                 if sum((p.amount for p in combo), Decimal(0)) == amount), [])


def _as_paid(t: Candidate) -> Candidate:
    """Total-like line ``t`` read as what was paid."""
    return Candidate("amount_paid", t.money, t.row, t.label, t.prior, t.errors, t.next_row, t.label_box, t.rate,
                     t.label_polygon)


def vouchers_tendered(cands: dict[str, list[Candidate]], total_c: Candidate | None,
                      handed_over: Collection[str]) -> dict[str, list[Candidate]]:
    """``cands`` with the vouchers (``handed_over`` labels) printed under the total (``Total
    Belanja 149.100`` / ``Voucher Belanja 10.000`` / ``QRIS 139.100``) read as tenders, when with
    the tenders under the total, less the change, they pay it exactly and no tender alone does: the
    total was printed before them, so they took nothing off it. A discount so printed (``T-CASH
    DISC 4,500``) stays one: it lowers what is paid."""
    if total_c is None:
        return cands
    # Not one printed negative ("Voucher -RM2.00" under a subtotal): taken off, no tender.
    below = [d for d in cands.get("discount", [])
             if d.row.index > total_c.row.index and d.amount != 0 and d.label in handed_over and d.money.amount > 0]
    paid = [p for p in cands.get("amount_paid", []) if p.row.index > total_c.row.index]
    if not below or not paid:
        return cands
    change = best(cands.get("change", []))
    back = change.amount if change is not None else Decimal(0)
    # A tender over the total counts only with a change that it alone does not make ("VOUCHER
    # BELANJA 25.000" / "TUNAI 100.000" / "KEMBALI 34.580" under 90.420).
    if any(p.amount >= total_c.amount and (change is None or p.amount - back == total_c.amount) for p in paid):
        return cands
    handed = sum((abs(d.amount) for d in below), Decimal(0)) + sum((p.amount for p in paid), Decimal(0))
    if handed - back != total_c.amount:
        return cands
    as_paid = [Candidate("amount_paid", Money(abs(d.amount), raw=d.money.raw, start=d.money.start, end=d.money.end),
                         d.row, d.label, d.prior, d.errors, d.next_row, d.label_box, d.rate, d.label_polygon)
               for d in below]
    return {**cands, "discount": [d for d in cands.get("discount", []) if d not in below],
            "amount_paid": [*cands.get("amount_paid", []), *as_paid]}


def choose_tender(cands: dict[str, list[Candidate]],
                  total: Decimal | None) -> tuple[Candidate | None, Candidate | None, Decimal]:
    """Paid and change: the pair with paid - total = change, else the best of each; a tender
    split over two payments or more under the total is their sum when it and the change make the
    total (computed); on a final payment after a deposit paid earlier, the tenders that pay what
    was left (that deposit's amount is returned third). A "change" that is what a part payment
    leaves to pay is none."""
    paid_c, change_c = cands.get("amount_paid", []), cands.get("change", [])
    paid = change = None
    if total is not None:
        pairs = [(p, c) for p in paid_c for c in change_c if p.amount - total == c.amount]
        if pairs:
            paid, change = max(pairs, key=lambda pc: pc[0].prior + pc[1].prior)
    earlier = Decimal(0)
    if paid is None and total is not None:
        paid, change, earlier = _after_earlier(paid_c, change_c, total)
    if paid is None and total is not None and paid_c and (
            all(p.amount < total for p in paid_c)
            or (all(p.amount != total for p in paid_c) and any(c.amount > 0 for c in change_c))):
        # Each short of the total, or one over it with a change making up the sum ("Boost 30.00"
        # / "Tunai 100.00" / "Baki 34.55" under 95.45).
        paid = _split(paid_c, change_c, total) or _taken_off(paid_c)
    if paid is None:
        enough = [p for p in paid_c if total is not None and p.amount >= total]
        paid = best(enough or paid_c)
    if change is None:
        change = best(change_c)
    if paid is not None and change is not None and total is not None and change.amount == total - paid.amount > 0:
        change = None  # what a part payment leaves to pay ("DEPOSIT 300.00" / "SISA 427.20"), no change
    return paid, change, earlier


def _after_earlier(paid_c: Sequence[Candidate], change_c: Sequence[Candidate],
                   total: Decimal) -> tuple[Candidate | None, Candidate | None, Decimal]:
    """What was paid now on a final payment: where a tender was paid earlier (:func:`paid_earlier`:
    a deposit) beside tenders that were not, those tenders that, added up and less a change printed
    (or none), pay what was left (``Bayar 300.000`` / ``Kembali 50.000`` under a total of 450.000)."""
    earlier = [p for p in paid_c if paid_earlier(p)]
    now = [p for p in paid_c if p not in earlier and p.money.amount > 0]
    if not earlier or not now:
        return None, None, Decimal(0)
    # Two tenders or more now pay the balance together ("Debit 1.000.000" / "Tunai 2.500.000").
    paid = now[0] if len(now) == 1 else _added(now)
    before = sum((p.amount for p in earlier), Decimal(0))
    for change in [*sorted(change_c, key=lambda c: -c.prior), None]:
        if paid.amount - (change.amount if change is not None else 0) == total - before > 0:
            return paid, change, before
    return None, None, Decimal(0)


def _split(paid_c: Sequence[Candidate], change_c: Sequence[Candidate], total: Decimal) -> Candidate | None:
    """The sum of two tenders or more (``CASH 50.00`` / ``DEBIT CARD 37.82``) that, less the
    change printed (or none), is the total."""
    if len(paid_c) < 2:
        return None
    amount = sum((p.amount for p in paid_c), Decimal(0))
    change = best(change_c)
    if amount - (change.amount if change is not None else Decimal(0)) != total:
        return None
    return _added(paid_c)


def _added(paid_c: Sequence[Candidate]) -> Candidate:
    """Tenders as one, their amounts added up."""
    amount = sum((p.amount for p in paid_c), Decimal(0))
    first = min(paid_c, key=lambda p: p.row.index)
    # Labelled as its tenders are (the first's label, the weakest's prior): printed tenders that add
    # up to the total and the change confirm each other as one tender that makes them does (of
    # _split's sums, right on 84 of 85 across the invented sets at 0.709 unlabelled; the one wrong,
    # a deposit's writer counting the final payment only).
    return Candidate("amount_paid", Money(amount, start=first.money.start, end=first.money.end), first.row,
                     first.label, min(p.prior for p in paid_c), derived_from=f"{len(paid_c)} tenders added up")


def _taken_off(paid_c: Sequence[Candidate]) -> Candidate | None:
    """The sum of two payments or more printed taken off the total, each short of it (``Deposit
    Paid (1) -3,050.00`` / ``Deposit Paid (2) -3,050.00`` / ``Balance Payable 4,116.44``): all that
    was paid."""
    off = [p for p in paid_c if p.money.amount < 0]
    if len(off) < 2 or len(off) != len(paid_c):
        return None
    first = min(off, key=lambda p: p.row.index)
    return Candidate("amount_paid", Money(sum((p.amount for p in off), Decimal(0)), start=first.money.start,
                                          end=first.money.end), first.row, first.label, min(p.prior for p in off),
                     derived_from=f"{len(off)} payments taken off added up")


def _tender_under_total(total: Extracted[Decimal], rows: Sequence[Row], hits: Sequence[Sequence[LabelHit]],
                       amounts: Sequence[Sequence[Money]]) -> Extracted[Decimal] | None:
    """What was paid where no tender was read: the first row with an amount under a labelled
    total, whose words no label knows (an e-wallet or bank the parser has no name for, ``DompetKu
    136.290``; a card by its masked number, ``MASTER ****6612 406.30``, ``Card (Debit) ****1190``
    where CARD alone names nothing) and whose one amount is the total. By position, so never
    near-certain."""
    if not _labelled(total):
        return None
    below = [i for i, r in enumerate(rows) if r.index > (total.line or 0) and amounts[i]][:_UNLABELLED_REACH]
    if not below:
        return None
    i = below[0]
    money = amounts[i]
    known = [h for h in hits[i] if not (h.key == "ignore" and _MASKED_CARD.search(rows[i].text))]
    if known or len(money) != 1 or money[0].amount != total.value or letters(rows[i].text[: money[0].start]) < 3:
        return None
    return _printed(rows[i], money[0], Confidence.start("position", "no tender label: the amount printed under "
                                                        "the total, equal to it"))


def _paid_by_its_label(total: Extracted[Decimal], rows: Sequence[Row],
                      settled: regex.Pattern[str]) -> Extracted[Decimal] | None:
    """What was paid where no tender was read: the total, when its row says it has been paid
    (``Total Dibayar 1.262.500``, ``Total (Paid Online) 54.99``: receipt.toml's ``settled``)."""
    if not _labelled(total):
        return None
    at = next((k for k, r in enumerate(rows) if r.index == total.line), None)
    if at is None:
        return None
    # The label on the row above its amount ("Total dibayar" / "Rp15.000").
    above = at > 0 and any(n.endswith(ON_THE_LINE_ABOVE) for n in total.notes)
    labelled = rows[at - 1] if above else rows[at]
    if not settled.search(labelled.text):
        return None
    conf = Confidence.start("derived", "the total's label says it was paid")
    return Extracted[Decimal](value=total.value, confidence=conf.rounded, raw=total.raw, box=total.box,
                              line=total.line, notes=conf.notes)


def completed_tender(total: Extracted[Decimal], paid: Extracted[Decimal], change: Extracted[Decimal],
                     rows: Sequence[Row], hits: Sequence[Sequence[LabelHit]], amounts: Sequence[Sequence[Money]],
                     cands: dict[str, list[Candidate]],
                     settled: regex.Pattern[str]) -> tuple[Extracted[Decimal], Extracted[Decimal]]:
    """What was paid and the change, completed where the receipt printed them in part: a tender
    whose label was read but no amount (:func:`_unread_tender`); with neither read, an unlabelled
    amount equal to the total under it (:func:`_tender_under_total`) or a total whose label says it
    was paid (:func:`_paid_by_its_label`)."""
    unread = _unread_tender(total, paid, change, rows, hits, cands)
    if unread is not None:
        return (paid, unread) if change.value is None else (unread, change)
    if not paid.found and not change.found:
        paid = _tender_under_total(total, rows, hits, amounts) or _paid_by_its_label(total, rows, settled) or paid
    elif not change.found:
        change = _change_under_tender(total, paid, rows, hits, amounts) or change
    return paid, change


def _change_under_tender(total: Extracted[Decimal], paid: Extracted[Decimal], rows: Sequence[Row],
                         hits: Sequence[Sequence[LabelHit]],
                         amounts: Sequence[Sequence[Money]]) -> Extracted[Decimal] | None:
    """The change where no change label was read: the row right under the tender, whose words no
    money label knows (``Balance 2.50``: a balance is also a card's or what is owed, so no label)
    and whose one amount is what was paid less the total. Its words are no evidence, the
    arithmetic is: derived."""
    if total.value is None or paid.value is None or paid.line is None or paid.value <= total.value:
        return None
    below = next((i for i, r in enumerate(rows) if r.index > paid.line and amounts[i]), None)
    if below is None or rows[below].index != paid.line + 1 or any(h.key != "ignore" for h in hits[below]):
        return None
    money = amounts[below]
    if len(money) != 1 or money[0].amount != paid.value - total.value \
            or letters(rows[below].text[: money[0].start]) < 3:
        return None
    return _printed(rows[below], money[0], Confidence.start("derived", "printed under the tender with no change "
                                                             "label: what was paid less the total"))


def _labelled(total: Extracted[Decimal]) -> bool:
    """Whether ``total`` was read right of a label of its own (not derived, not by position)."""
    return total.value is not None and total.line is not None and any(n.startswith("label ") for n in total.notes)


def _printed(row: Row, money: Money, conf: Confidence) -> Extracted[Decimal]:
    """A field read as ``money`` printed on ``row``, with ``conf``."""
    return Extracted[Decimal](value=money.amount, confidence=conf.rounded, raw=money.raw or None,
                              box=row.span_box(money.start, money.end), line=row.index, notes=conf.notes)


def _unread_tender(total_f: Extracted[Decimal], paid_f: Extracted[Decimal], change_f: Extracted[Decimal],
                   rows: Sequence[Row], hits: Sequence[Sequence[LabelHit]],
                   cands: dict[str, list[Candidate]]) -> Extracted[Decimal] | None:
    """A tender whose label was read below the total but no amount (``KEMBALI 31 20``, ``Cash 50
    009``: damaged beyond reading): the total and the other tender give it (paid - total =
    change), derived; not a change of 0 (an empty ``KEMBALI :`` under an exact payment)."""
    total, paid, change = total_f.value, paid_f.value, change_f.value
    if total is None or (paid is None) == (change is None):
        return None
    role = "change" if change is None else "amount_paid"
    # Below the total, where tenders are printed ("SEGI CASH & CARRY" above it is a name).
    below = total_f.line if total_f.line is not None else -1
    row = next((r for r, h in zip(rows, hits) if r.index > below and any(x.key == role for x in h)), None)
    if row is None or cands.get(role):
        return None
    value = paid - total if paid is not None else total + (change or 0)
    if value <= 0:
        return None
    conf = Confidence.start("derived", "its label was read, not its amount: paid - total = change")
    other = paid_f if role == "change" else change_f
    return Extracted[Decimal](value=value, confidence=min(conf.rounded, total_f.confidence or 0, other.confidence or 0),
                              box=row.box, line=row.index, notes=conf.notes)


def points_spent(cands: dict[str, list[Candidate]], rows: Sequence[Row], amounts: Sequence[Sequence[Money]],
                 points: regex.Pattern[str], kept: regex.Pattern[str]) -> list[Candidate]:
    """Points spent as money: rows of a word of ``points`` (none of ``kept``: a balance, points
    earned) and one amount printed as money that no label's candidate holds, offered as handed
    over (:data:`POINTS_SPENT`) for :func:`tenders_added_up` and :func:`vouchers_tendered` to
    count among the tenders where they pay the total exactly; :func:`without_points_unspent`
    drops the rest."""
    held = {c.row.index for role, cs in cands.items() if role != "ignore" for c in cs}
    out = []
    for i, row in enumerate(rows):
        if i in held or len(amounts[i]) != 1 or not (amounts[i][0].has_separator or amounts[i][0].currency) \
                or amounts[i][0].amount <= 0 or not points.search(row.text) or kept.search(row.text):
            continue
        out.append(Candidate("discount", amounts[i][0], row, POINTS_SPENT, 0.5))
    return out


def without_points_unspent(cands: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    """``cands`` less the points of :func:`points_spent` that no tender's arithmetic took."""
    if not any(d.label == POINTS_SPENT for d in cands.get("discount", [])):
        return cands
    return {**cands, "discount": [d for d in cands["discount"] if d.label != POINTS_SPENT]}
