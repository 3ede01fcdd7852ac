"""Receipt amounts, step 2: reconciliation of the candidates by the printed arithmetic.

The candidates (:mod:`idextract.parsers.receipt_candidates`) are chosen between, and their
confidence set, by what the receipt's own numbers say:

* paid - total = change
* subtotal - discount + service (+ tax when added on top) (+ rounding) = total
* the items add up to the subtotal (or the total)
* PPN or PB1 at a rate the law allowed on the receipt's date

The checks themselves, each a :class:`~idextract.records.Check` (pass / fail / skip with the
difference), are :mod:`idextract.parsers.receipt_checks`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from idextract.confidence import WEAK_LABEL_PRIOR, Confidence, cap_field
from idextract.records import Check, Extracted

from .receipt_added_up import added_up
from .receipt_candidates import MONEY_ROLES, Candidate
from .receipt_checks import (
    TENDER_CHECK,
    Components,
    Verdict,
    check_change,
    check_items_sum,
    check_total_components,
    components_fit,
    tax_rate_check,
)
from .receipt_lost_points import mend_lost_points, mend_split_groups
from .receipt_tenders import (
    POINTS_SPENT,
    choose_tender,
    tenders_added_up,
    totals_over_change,
    vouchers_tendered,
    without_points_unspent,
)
from .receipt_tenders import best as _best
from .receipt_total import FROM_TENDERS, after_rounding, choose_total, with_earlier_totals

__all__ = ["Reconciled", "reconcile"]

# A receipt prints an amount for a role a few times at most (TOTAL, then again on the slip's
# tear-off). The arithmetic below tries combinations of candidates, so text with thousands of
# labelled lines (a log, a receipt pasted 500 times) is cut to the strongest few per role.
MAX_CANDIDATES = 8
_Amount = Extracted[Decimal]  # parametrised once, not looked up per field


@dataclass
class Reconciled:
    """The chosen amount per role, with confidences, and the checks made."""

    fields: dict[str, Extracted[Decimal]] = field(default_factory=dict)
    chosen: dict[str, Candidate | None] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    tax_rate: Decimal | None = None
    warnings: list[str] = field(default_factory=list)
    #: By role, the caps set on its confidence, for the calibration to keep.
    ceilings: dict[str, float] = field(default_factory=dict)


def _strongest(cands: list[Candidate]) -> list[Candidate]:
    """At most MAX_CANDIDATES of ``cands``, the best labelled, in their printed order."""
    if len(cands) <= MAX_CANDIDATES:
        return cands
    ranked = sorted(range(len(cands)), key=lambda i: -(cands[i].prior - 0.1 * cands[i].errors))
    return [cands[i] for i in sorted(ranked[:MAX_CANDIDATES])]


def reconcile(
    cands: dict[str, list[Candidate]],
    *,
    items_sums: tuple[Decimal, ...],
    items_discount: Decimal = Decimal(0),
    date: dt.date | None,
    total_fallback_labels: set[str],
    tax_rates: dict[str, object],
    handed_over: Collection[str] = (),
    face_values: Collection[str] = (),
    tender_totals: Collection[str] = (),
    refund: bool = False,
    disputed: Mapping[str, Collection[str]] | None = None,
) -> Reconciled:
    """Choose one candidate per role by the printed arithmetic, check it, and set confidences.

    ``items_sums`` are the items' sum, and their sum after the discounts printed under them
    (``items_discount`` in all), when there are some. ``handed_over``: discount labels that may
    be tenders (a voucher); ``face_values``: total labels of what was bought (a top-up's
    ``NOMINAL``), never a subtotal; ``tender_totals``: words opening a tender's label that name a
    total (``TOTAL PAID``). ``refund``: the document says it is one (a refund word in its
    head); its tender lines are then money going back, as they are on one whose total is printed
    negative (:func:`_refunded`). ``disputed``: by role, labels whose role readers dispute (never
    near-certain).

    In order: the total (:func:`choose_total`), the tender (:func:`choose_tender`), the
    components (:func:`choose_components`), the four checks, the confidence pass
    (:func:`confidence_pass`), and a receipt discount from the items' when none was chosen.
    """
    if refund:  # "NOTA RETUR" ... "Dikembalikan ke Debit ****3435 1,090,000": no payment, no change
        cands = {role: cs for role, cs in cands.items() if role not in ("amount_paid", "change")}
    handed_over = {*handed_over, POINTS_SPENT}  # points spent (receipt_tenders.points_spent) are handed over too
    cands = totals_over_change(tenders_added_up({role: _strongest(cs) for role, cs in cands.items()}, handed_over))
    # Points spent are offered to the tenders only, never to the components of the total.
    points, cands = [d for d in cands.get("discount", []) if d.label == POINTS_SPENT], without_points_unspent(cands)
    cands = mend_lost_points(cands, items_sums)
    cands = mend_split_groups(cands, items_sums)
    total_c = choose_total(cands, items_sums=items_sums, total_fallback_labels=total_fallback_labels,
                           face_values=face_values, tender_totals=tender_totals)
    total_c, cands = after_rounding(total_c, cands)
    total = total_c.amount if total_c else None
    cands = _refunded(_vouchers_tendered(cands, points, total_c, handed_over), total_c)
    paid, change, earlier = choose_tender(cands, total)
    parts = _net_subtotal(choose_components(added_up(with_earlier_totals(cands, total_c, face_values)), total_c,
                                            items_sums=items_sums, items_discount=items_discount),
                          cands.get("subtotal", []))
    out = Reconciled()
    out.chosen = {"total": total_c, "amount_paid": paid, "change": change, **parts.as_dict()}
    out.chosen["fee"] = parts.fee or _best(cands.get("fee", []))
    if (parts.subtotal is None and total_c is not None and total_c.role == "subtotal"
            and total_c.label not in total_fallback_labels):
        # The only sum printed is labelled a subtotal ("Sub Total 30000", no TOTAL): it is both
        # (a total-like "Total Item 4 47,000" is only the total). Chosen after the components,
        # so that it cannot confirm itself as the total.
        out.chosen["subtotal"] = total_c
    out.tax_rate, tax_check = tax_rate_check(parts.tax, cands.get("tax_base", []), parts.subtotal, total, date,
                                              tax_rates, parts.service_charge)
    verdicts = [
        check_items_sum(items_sums, total, parts),
        check_total_components(total, parts),
        check_change(total, paid, change, earlier),
        (Check(name="tax_rate_plausible", status=tax_check[0], detail=tax_check[1]), tax_check[2]),  # type: ignore[arg-type]
    ]
    out.fields = confidence_pass(out.chosen, cands, verdicts, disputed or {}, out.ceilings)
    if parts.gross is not None and out.fields["subtotal"].found:
        cap_field(out.fields["subtotal"], "net_subtotal", "readers differ: the subtotal before the discount is printed "
                  "above it", out.ceilings, "subtotal")
    out.checks = [check for check, _ in verdicts]
    if items_discount and not out.fields["discount"].found:
        out.fields["discount"] = _items_discount(items_discount, cands.get("discount", []))
    elif items_discount and _net_of_items(parts, items_sums):
        out.fields["discount"] = _all_discounts(out.fields["discount"], items_discount)
    return out


def _refunded(cands: dict[str, list[Candidate]], total_c: Candidate | None) -> dict[str, list[Candidate]]:
    """``cands`` without the tenders printed negative on a refund that says so only by its total,
    printed negative (``TOTAL RETUR -399.000`` / ``Dikembalikan Visa -399.000``): money that went
    back to the customer, no payment. (A refund word in the head drops every tender: ``reconcile``.)"""
    if total_c is None or total_c.money.amount >= 0:
        return cands
    return {**cands, "amount_paid": [p for p in cands.get("amount_paid", []) if p.money.amount >= 0]}


def _net_of_items(parts: Components, items_sums: tuple[Decimal, ...]) -> bool:
    """Whether the subtotal is the items' sum after the discounts printed under them, and a
    discount of the receipt's own, not under an item, is taken off it."""
    disc, sub = parts.discount, parts.subtotal
    return (disc is not None and disc.amount > 0 and not disc.under_item and sub is not None and len(items_sums) == 2
            and sub.amount == items_sums[1] != items_sums[0])


def _all_discounts(receipt: Extracted[Decimal], off: Decimal) -> Extracted[Decimal]:
    """The receipt's discount with the discounts under its items (``off`` in all), which the
    subtotal is already net of (``Diskon Promo Pagi 20% -5.700`` under an item, ``Disc Member 10%
    -9.980`` under the subtotal: 15.680 taken off in all), derived."""
    assert receipt.value is not None
    conf = Confidence.start("derived", "the discounts under the items and the receipt's, added up")
    return _Amount(value=receipt.value + off, confidence=min(conf.rounded, receipt.confidence), raw=None,
                   box=receipt.box, line=receipt.line, notes=[*receipt.notes, *conf.notes])


def _items_discount(off: Decimal, cands: Sequence[Candidate]) -> Extracted[Decimal]:
    """The receipt's discount when the arithmetic chose none but rows under the items discount
    them by ``off`` in all: a discount printed at that amount (``ANDA HEMAT : 1,200`` below a
    subtotal already net of it), which the items confirm; else ``off`` itself, derived."""
    printed = next((c for c in cands if c.amount == off and not c.under_item), None)
    if printed is None:
        conf = Confidence.start("derived", "the discounts printed under the items, added up")
        return _Amount(value=off, confidence=conf.rounded, notes=conf.notes)
    conf = printed.confidence()
    conf.confirm("the discounts printed under the items add up to it")
    return _Amount(value=off, confidence=conf.rounded, raw=printed.money.raw or None, box=printed.box,
                   polygon=printed.polygon, line=printed.row.index, notes=conf.notes)


def choose_components(cands: dict[str, list[Candidate]], total_c: Candidate | None, *,
                      items_sums: tuple[Decimal, ...], items_discount: Decimal = Decimal(0)) -> Components:
    """Subtotal, discount, service, tax and rounding: the combination the total confirms. A
    discount printed under the total counts only where the sum needs it or discounts are printed
    under the items, which it sums up (``Anda Hemat 188.500``)."""
    total = total_c.amount if total_c else None

    def options(role: str, exclude: Candidate | None = None) -> list[Candidate | None]:
        return [c for c in cands.get(role, []) if c is not exclude][:4] + [None]

    # A receipt's discount with the items' own added, for a subtotal printed before both ("Subtotal
    # 516.500" over items discounted by 25.880 in all, "Diskon Member -10.000", "Total 480.620").
    discounts = options("discount")
    if items_discount and items_sums and any(c.amount == items_sums[0] for c in cands.get("subtotal", [])):
        discounts += [_with_items_off(d, items_discount) for d in discounts if d is not None and not d.under_item
                      and d.amount > 0]
    best: tuple[float, Components] = (-1.0, Components())
    for combo in itertools.product(options("subtotal", total_c), discounts, options("service_charge"),
                                   options("tax"), options("rounding"), options("fee")):
        parts = Components(*combo)
        fit = components_fit(parts, total)
        if parts.discount is not None and not fit and (parts.discount.under_item or (
                total_c is not None and parts.discount.row.index > total_c.row.index and not items_discount)):
            # An item's own discount is the receipt's only where the sum needs it; so is one printed
            # under the total where no discount is printed under the items ("HEMAT 244.400" after
            # the tenders: what the net prices already took off).
            continue
        score = sum(c.prior for c in combo if c is not None) + fit
        if parts.subtotal is not None and parts.subtotal.amount in items_sums:
            score += 0.5
        if score > best[0]:
            best = (score, parts)
    return best[1]


def _vouchers_tendered(cands: dict[str, list[Candidate]], points: list[Candidate], total_c: Candidate | None,
                       handed_over: Collection[str]) -> dict[str, list[Candidate]]:
    """:func:`vouchers_tendered`, with the points spent (``points``) among what was handed over only
    where the vouchers and tenders alone do not pay the total: a points row that pays nothing
    ("Poin Hari Ini 5.000" under "VOUCHER 5.000" / "TUNAI 20.000") keeps the voucher a tender."""
    tendered = vouchers_tendered(cands, total_c, handed_over)
    if points and tendered is cands:
        tendered = vouchers_tendered({**cands, "discount": [*cands.get("discount", []), *points]}, total_c,
                                     handed_over)
    return without_points_unspent(tendered)


def _net_subtotal(parts: Components, subtotals: Sequence[Candidate]) -> Components:
    """The subtotal printed below the discount, when one is, rather than the gross one above it
    (``Subtotal 18,182`` / ``-15% DISC -2,727`` / ``Subtotal 15,455`` / ``PAJAK 10% 1,546``): the
    sum the tax is taken on. The discount stays, confirmed by the two."""
    sub, disc = parts.subtotal, parts.discount
    if not parts.how or sub is None or disc is None or disc.row.index <= sub.row.index:
        return parts
    net = next((c for c in subtotals if c.row.index > disc.row.index and c.amount == sub.amount - disc.amount), None)
    if net is not None:
        parts.gross, parts.subtotal = sub, net
        parts.how = "gross subtotal - discount = subtotal; " + parts.how.replace("subtotal - discount", "subtotal", 1)
    return parts


def _with_items_off(receipt: Candidate, off: Decimal) -> Candidate:
    """The receipt's discount candidate with the items' own discounts (``off``) added: derived."""
    amount = receipt.amount + off
    money = dataclasses.replace(receipt.money, amount=-amount if receipt.money.amount < 0 else amount, raw="")
    return dataclasses.replace(receipt, money=money, derived_from="the discounts under the items and the receipt's, "
                                                                  "added up")


def _added_below(total_c: Candidate, chosen: dict[str, Candidate | None]) -> bool:
    """Whether a service charge or a fee, more than 0 and less than ``total_c``, stands below it
    (``SUBTOTAL`` / ``SERVICE CHARGE`` / ``TAX 10%`` / a payable line too damaged to read;
    ``Booking Fee 2.00`` under ``Subtotal 71.00``): a sum with a charge added below is not the
    payable one. A tax alone is not enough: taxes stated as included are printed below the total
    (``PPN ( 4,658)``); no receipt states a service charge or a fee as included."""
    def below(role: str) -> bool:
        return (c := chosen.get(role)) is not None and 0 < c.amount < total_c.amount \
            and c.row.index > total_c.row.index
    return below("service_charge") or below("fee")


def confidence_pass(
    chosen: dict[str, Candidate | None], cands: dict[str, list[Candidate]], verdicts: list[Verdict],
    disputed: Mapping[str, Collection[str]], ceilings: dict[str, float],
) -> dict[str, Extracted[Decimal]]:
    """Each role's field, its confidence confirmed by passing checks and weakened by failing ones
    and by other values printed for the same role; the caps set, by role, in ``ceilings``."""
    # A total made of the tender less the change makes their check pass by construction: where
    # another check of that total fails (the items add up to another sum), it confirms neither
    # tender nor change (the total, derived, is never confirmed).
    circular = (total_c := chosen.get("total")) is not None and total_c.derived_from == FROM_TENDERS and any(
        check.status == "fail" and "total" in fs for check, fs in verdicts)
    passed = {f for check, fs in verdicts if check.status == "pass"
              for f in fs if not (circular and check.name == TENDER_CHECK and f != "total")}
    failed = {f for check, fs in verdicts if check.status == "fail" for f in fs} - passed
    # The tender is printed apart from the sums: when it disagrees with a total a sum confirms,
    # one of the two was misread (or the tender covers a tax or rounding the sum lacks).
    contradicted = {f for check, fs in verdicts if check.status == "fail" and check.name == TENDER_CHECK
                    for f in fs if f == "total"}
    fields: dict[str, Extracted[Decimal]] = {}
    for role in MONEY_ROLES:
        cand = chosen.get(role)
        if cand is None:
            fields[role] = Extracted()
            continue
        conf = cand.confidence()
        others = {o.amount for o in cands.get(role, []) if o is not cand}
        if others - {cand.amount} and role not in passed:
            conf.weaken("competing_values", "other values printed for the same role")
        if role in passed and cand.label:  # a derived value cannot confirm itself
            conf.confirm("confirmed by the printed arithmetic")
            if cand.money.ambiguous or (role == "change" and cand.amount == 0 and cand.prior < WEAK_LABEL_PRIOR):
                # A weak label's remainder of 0 (SISA 0) is change or a balance due: both add up.
                conf.cap("ambiguous_confirmed")
            if role in contradicted:
                conf.cap("contested", "another check of the printed arithmetic does not add up")
        elif role in failed:
            conf.weaken("check_failed", "the printed arithmetic does not add up")
            if role == "amount_paid":
                conf.cap("tender_unconfirmed")
        if cand.money.ambiguous and role not in passed:
            conf.cap("unsettled_scale", "its scale unsettled: no check confirms it")
        if role == "total" and cand.amount == 0 and role not in passed:
            conf.cap("zero_total", "a total of 0 that no check confirms")
        if cand.label in disputed.get(role, ()):
            conf.cap("disputed_label", f"readers differ on what {cand.label} is")
        if role == "subtotal" and cand.earlier_total:
            conf.cap("earlier_total", "a total-like line above the total read as the subtotal")
        if role == "total" and cand.role == "subtotal" and _added_below(cand, chosen):
            conf.cap("subtotal_as_total", "a service charge or a fee printed below this sum is not in it")
        fields[role] = _Amount(
            value=cand.amount, confidence=conf.rounded, raw=cand.money.raw or None, box=cand.box, polygon=cand.polygon,
            line=cand.row.index, notes=conf.notes,
        )
        ceilings[role] = conf.ceiling
    return fields
