"""Receipt amounts, step 3: the checks of the printed arithmetic, each a
:class:`~idextract.records.Check` (pass / fail / skip with the difference) and the roles it
confirms or puts in doubt.

* paid - total = change
* subtotal - discount + service (+ tax when added on top) (+ rounding) = total
* the items add up to the subtotal (or the total)
* PPN or PB1 at a rate the law allowed on the receipt's date

The combination of candidates they check is chosen in :mod:`idextract.parsers.receipt_amounts`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from idextract.records import Check

from .receipt_added_up import TAXES_ADDED_UP
from .receipt_candidates import ADJUSTMENT_SIGNS, Candidate

__all__ = ["TENDER_CHECK", "Components", "Verdict", "check_change", "check_items_sum", "check_total_components",
           "components_fit", "rates_for", "tax_rate_check"]

#: The check of the tender against the total.
TENDER_CHECK = "change_matches_paid_minus_total"


def diff_detail(expected: Decimal, printed: Decimal, what: str) -> str:
    diff = printed - expected
    return f"{what}: expected {expected}, printed {printed} (difference {diff:+})"


@dataclass
class Components:
    """The summary-block amounts that make up the total, as one combination."""

    subtotal: Candidate | None = None
    discount: Candidate | None = None
    service_charge: Candidate | None = None
    tax: Candidate | None = None
    rounding: Candidate | None = None
    #: A fee added in the summary (delivery, admin, booking).
    fee: Candidate | None = None
    how: str = ""  # the sum the total confirmed, "" when none did
    #: The subtotal printed above the discount when ``subtotal`` is the one printed below it, net
    #: of it ("Subtotal 18,182" / "-15% DISC -2,727" / "Subtotal 15,455").
    gross: Candidate | None = None

    def as_dict(self) -> dict[str, Candidate | None]:
        return {"subtotal": self.subtotal, "discount": self.discount, "service_charge": self.service_charge,
                "tax": self.tax, "rounding": self.rounding, "fee": self.fee}


#: A check made, and the roles whose values it confirms (pass) or puts in doubt (fail).
Verdict = tuple[Check, tuple[str, ...]]


def verdict(name: str, status: str, detail: str, involved: tuple[str, ...] = ()) -> Verdict:
    return Check(name=name, status=status, detail=detail), involved  # type: ignore[arg-type]


def check_items_sum(items_sums: tuple[Decimal, ...], total: Decimal | None, parts: Components) -> Verdict:
    """The items add up to the subtotal; with no subtotal, items - discount + service + tax = total.
    ``items_sums`` are the items' sum, then, when rows under them discount some, the sum after
    those discounts: a receipt sums its items one way or the other."""
    name, sub = "items_sum_matches_subtotal", parts.subtotal
    if items_sums and sub is not None:
        ok = sub.amount in items_sums or (parts.gross is not None and parts.gross.amount in items_sums)
        what = "items sum to the subtotal"
        return verdict(name, "pass" if ok else "fail", what if ok else diff_detail(items_sums[-1], sub.amount, what),
                        ("subtotal",))
    if not items_sums or total is None:
        return verdict(name, "skip", "no items or no subtotal read")
    if items_sums[0] == total:
        return verdict(name, "pass", "items sum to the total", ("total",))
    # No subtotal printed: the items stand in for it, less the discount, plus service and tax.
    signed = tuple((role, getattr(parts, role), sign) for role, sign in ADJUSTMENT_SIGNS.items())
    involved = ("total", *(k for k, c, _ in signed if c is not None))
    what = "items - discount + service + tax = total" if len(involved) > 1 else "items sum to the total"
    adjusted = [s + sum((sign * c.amount for _, c, sign in signed if c is not None), Decimal(0)) for s in items_sums]
    if total in adjusted:
        return verdict(name, "pass", what, involved)
    if total in items_sums:  # after the items' own discounts, which the receipt's discount may sum up
        return verdict(name, "pass", "items less their discounts sum to the total", ("total",))
    return verdict(name, "fail", diff_detail(adjusted[-1], total, what), involved)


def check_total_components(total: Decimal | None, parts: Components) -> Verdict:
    """subtotal - discount + service (+ tax) (+ rounding) = total."""
    name, sub = "total_matches_components", parts.subtotal
    disc, serv, tax, fee = parts.discount, parts.service_charge, parts.tax, parts.fee
    if total is None or sub is None:
        return verdict(name, "skip", "no subtotal read")
    if not (disc or serv or tax or fee or sub.amount != total):
        return verdict(name, "pass", "subtotal = total", ("total", "subtotal"))
    involved = tuple(k for k, c in (("subtotal", sub), ("discount", disc), ("service_charge", serv), ("tax", tax),
                                    ("fee", fee)) if c)
    if parts.how:
        # A tax already included in the total is not confirmed by this sum.
        if "tax included" in parts.how:
            involved = tuple(k for k in involved if k != "tax")
        return verdict(name, "pass", parts.how, ("total", *involved))
    expected = sub.amount - (disc.amount if disc else 0) + (serv.amount if serv else 0) + (fee.amount if fee else 0)
    what = "subtotal - discount + service + fee vs total" if fee else "subtotal - discount + service vs total"
    return verdict(name, "fail", diff_detail(expected, total, what),
                    ("total", *involved))


def check_change(total: Decimal | None, paid: Candidate | None, change: Candidate | None,
                 earlier: Decimal = Decimal(0)) -> Verdict:
    """paid - total = change (or paid exactly the total); with a deposit paid ``earlier``, what
    was left of the total in its place."""
    name = TENDER_CHECK
    owed = total - earlier if total is not None else None
    what = "paid - (total - paid earlier)" if earlier else "paid - total"
    if owed is not None and paid is not None and change is not None:
        ok = paid.amount - owed == change.amount
        detail = f"{what} = change" if ok else diff_detail(paid.amount - owed, change.amount, f"{what} vs change")
        return verdict(name, "pass" if ok else "fail", detail, ("total", "amount_paid", "change"))
    if owed is not None and paid is not None and paid.amount == owed:
        return verdict(name, "pass", "paid exactly the total" if not earlier else "paid exactly what was left",
                       ("total", "amount_paid"))
    return verdict(name, "skip", "paid or change not read")


def rates_for(date: dt.date | None, tax_rates: dict[str, object]) -> set[Decimal]:
    """The tax rates receipt.toml allows on ``date`` (every period's when ``None``), restaurant taxes included."""
    periods = tax_rates.get("periods", [])
    rates: set[Decimal] = set()
    assert isinstance(periods, list)
    for p in periods:
        start = dt.date.fromisoformat(p["from"])
        if date is None or date >= start:
            these = {Decimal(str(r)) for r in p["rates"]}
            rates = these if date is not None else rates | these
    restaurant = tax_rates.get("restaurant", [])
    assert isinstance(restaurant, list)
    return rates | {Decimal(str(r)) for r in restaurant}


def tax_rate_check(
    tax: Candidate | None, bases: list[Candidate], sub: Candidate | None, total: Decimal | None,
    date: dt.date | None, tax_rates: dict[str, object], service: Candidate | None = None,
) -> tuple[Decimal | None, tuple[str, str, tuple[str, ...]]]:
    """The tax at a rate the law allowed on the date, and, where a base was printed, the tax
    amount that rate of the base: the DPP, the subtotal (plus service, which restaurants tax
    too), or the total less the tax. A printed rate alone does not confirm the amount beside it."""
    if tax is None or tax.amount == 0:
        return (tax.rate if tax else None), ("skip", "no tax amount read", ())
    if not tax.label and tax.derived_from.endswith(TAXES_ADDED_UP):
        return None, ("skip", "taxes of several lines added up: no one rate", ())
    if total is not None and 0 < total <= tax.amount:
        return tax.rate, ("fail", "the tax is as much as the total", ("tax",))  # "TOTAL WITH GST @ 6% 77.20"
    allowed = rates_for(date, tax_rates)
    tol = Decimal(str(tax_rates.get("tolerance", 0.006)))
    candidates = [b.amount for b in bases if b.amount > 0]
    if sub is not None and sub.amount > tax.amount:
        candidates.append(sub.amount)
        if service is not None:
            candidates.append(sub.amount + service.amount)
    if total is not None and total > tax.amount:
        candidates.append(total - tax.amount)
    if tax.rate is not None:
        rate = tax.rate / 100
        if not any(abs(rate - a) <= tol for a in allowed):
            return tax.rate, ("fail", f"printed rate {tax.rate}%", ("tax",))
        if candidates and not any(abs(tax.amount / b - rate) <= tol for b in candidates):
            base = candidates[0]
            pct = (tax.amount / base * 100).quantize(Decimal("0.1"))
            return tax.rate, ("fail", f"printed rate {tax.rate}%, but the tax is {pct}% of {base}", ("tax",))
        return tax.rate, ("pass", f"printed rate {tax.rate}%", ("tax",))
    # No printed rate: the ratio to the base (DPP), else to the subtotal, else to the total without the tax.
    first = next(iter(candidates), None)
    if first is None:
        return None, ("skip", "no base to compare the tax with", ())
    base = first
    rate = tax.amount / base
    if bases and base == bases[0].amount:
        # A printed DPP: the tax is the rate of it to the rupiah (one or two off, rounded both
        # ways), not roughly ("DPP= 34,955 PPN= 3,645" is 3,845 misread).
        unit = Decimal(1).scaleb(min(int(base.as_tuple().exponent), 0))  # a rupiah, a sen
        ok = any(abs(tax.amount - base * a) <= max(2 * unit, base * a / 1000) for a in allowed)
    else:
        ok = any(abs(rate - a) <= tol for a in allowed)
    pct = (rate * 100).quantize(Decimal("0.1"))
    detail = f"tax is {pct}% of {base}" + ("" if ok else f"; allowed {sorted(float(a) * 100 for a in allowed)}%")
    return None, ("pass" if ok else "fail", detail, ("tax",))


def components_fit(parts: Components, total: Decimal | None) -> float:
    """The bonus for a combination whose sum is the total; sets ``parts.how`` to that sum."""
    sub, disc, serv, tax, rounding = parts.subtotal, parts.discount, parts.service_charge, parts.tax, parts.rounding
    fee = parts.fee
    if total is None or sub is None or (fee is not None and fee.row.index < sub.row.index):
        return 0.0  # a fee above the subtotal is in it
    base = sub.amount - (disc.amount if disc else 0) + (serv.amount if serv else 0) + (fee.amount if fee else 0)
    steps = [Decimal(0)] + ([rounding.money.amount, -rounding.money.amount] if rounding else [])
    plus_fee = " + fee" if fee else ""
    if tax is not None and any(base + tax.amount + k == total for k in steps):
        parts.how = f"subtotal - discount + service{plus_fee} + tax = total"
        return 3.0
    if any(base + k == total and (k or disc or serv or (fee and fee.amount) or sub.amount == total) for k in steps):
        parts.how = f"subtotal - discount + service{plus_fee} = total (tax included)"
        return 3.0 - (0.5 if tax else 0)
    return 0.0
