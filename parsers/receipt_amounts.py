"""Receipt amounts: labelled candidates, then reconciliation by the printed arithmetic.

A receipt prints the same money several times (TOTAL, TUNAI, KEMBALI, HARGA JUAL, PPN...) and
OCR damages some of it. Instead of trusting the first TOTAL, every labelled amount becomes a
candidate for its role; the arithmetic then chooses between them and sets confidence:

* paid - total = change
* subtotal - discount + service (+ tax when added on top) (+ rounding) = total
* the items add up to the subtotal (or the total)
* PPN or PB1 at a rate the law allowed on the receipt's date

Each is reported as a :class:`~idextract.records.Check` (pass / fail / skip with the difference).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import regex

from idextract.confidence import Confidence
from idextract.dates import find_dates, find_times
from idextract.layout import Row
from idextract.money import Money, find_amounts
from idextract.records import Box, Check, Extracted
from idextract.text import LabelHit

__all__ = ["SEPARATORS", "Candidate", "Reconciled", "label_candidates", "reconcile", "row_amounts"]

MONEY_ROLES = ("total", "subtotal", "tax", "service_charge", "discount", "amount_paid", "change", "fee", "rounding")
_RATE = regex.compile(r"(?P<rate>\d{1,2}(?:[.,]\d{1,2})?)\s?%")
#: What sits between a label and its value on a receipt line: ``TOTAL : 19.700``.
SEPARATORS = " :=#-.|"
_PHONE_DIGITS = 9  # unseparated runs this long are phone numbers, codes or barcodes, not money
# A receipt prints an amount for a role a few times at most (TOTAL, then again on the slip's
# tear-off). The arithmetic below tries combinations of candidates, so text with thousands of
# labelled lines (a log, a receipt pasted 500 times) is cut to the strongest few per role.
MAX_CANDIDATES = 8
_Amount = Extracted[Decimal]  # parametrised once, not looked up per field


@dataclass
class Candidate:
    """An amount read for a role, with the evidence for it."""

    role: str
    money: Money
    row: Row
    label: str
    prior: float
    errors: int = 0
    next_row: bool = False
    label_box: Box | None = None
    rate: Decimal | None = None

    @property
    def amount(self) -> Decimal:
        return abs(self.money.amount)

    @property
    def box(self) -> Box | None:
        own = self.row.span_box(self.money.start, self.money.end)
        return Box.union([own, self.label_box])

    def confidence(self) -> Confidence:
        if self.label == "":
            conf = Confidence.start("derived", "computed from the printed arithmetic")
        elif self.errors:
            conf = Confidence.start("label_fuzzy", f"fuzzy label {self.label}")
        elif self.next_row:
            conf = Confidence.start("label_next_row", f"label {self.label} on the line above")
        else:
            conf = Confidence.start("label_exact", f"label {self.label}")
        if self.label and self.prior < 0.85:
            conf.weaken("weak_label", f"label {self.label} also names other amounts")
        conf.ocr(self.row.span_confidence(self.money.start, self.money.end))
        if self.money.ambiguous:
            conf.weaken("ambiguous_amount", "; ".join(self.money.notes) or None)
        if self.money.repaired:
            conf.weaken("digit_repaired")
        return conf


def row_amounts(row: Row, currency: str | None, min_rupiah: int) -> list[Money]:
    """The amounts of money in a row: not dates, times, rates, phone numbers or counts."""
    text = row.text
    found = find_amounts(text, currency=currency)
    if not found:
        return []  # dates and times only matter as what amounts must not overlap
    blocked = [(d.start, d.end) for d in find_dates(text)] + [(t.start, t.end) for t in find_times(text)]
    out = []
    for m in found:
        if any(m.start < e and m.end > s for s, e in blocked):
            continue
        if text[m.end : m.end + 2].lstrip().startswith("%"):
            continue
        if not m.has_separator and sum(ch.isdigit() for ch in m.raw) >= _PHONE_DIGITS:
            continue
        if (currency in (None, "IDR") and not m.has_separator and m.currency is None
                and 0 < abs(m.amount) < min_rupiah):
            continue
        out.append(m)
    return out


def rate_in(text: str) -> Decimal | None:
    m = _RATE.search(text)
    if not m:
        return None
    return Decimal(m.group("rate").replace(",", "."))


@dataclass
class Reconciled:
    """The chosen amount per role, with confidences, and the checks made."""

    fields: dict[str, Extracted[Decimal]] = field(default_factory=dict)
    chosen: dict[str, Candidate | None] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    tax_rate: Decimal | None = None
    warnings: list[str] = field(default_factory=list)


def _strongest(cands: list[Candidate]) -> list[Candidate]:
    """At most MAX_CANDIDATES of ``cands``, the best labelled, in their printed order."""
    if len(cands) <= MAX_CANDIDATES:
        return cands
    ranked = sorted(range(len(cands)), key=lambda i: -(cands[i].prior - 0.1 * cands[i].errors))
    return [cands[i] for i in sorted(ranked[:MAX_CANDIDATES])]


def _best(cands: Sequence[Candidate]) -> Candidate | None:
    return max(cands, key=lambda c: (c.prior - 0.1 * c.errors, c.row.index)) if cands else None


def _diff_detail(expected: Decimal, printed: Decimal, what: str) -> str:
    diff = printed - expected
    return f"{what}: expected {expected}, printed {printed} (difference {diff:+})"


def reconcile(
    cands: dict[str, list[Candidate]],
    *,
    items_sum: Decimal | None,
    date: dt.date | None,
    total_fallback_labels: set[str],
    tax_rates: dict[str, object],
) -> Reconciled:
    out = Reconciled()
    cands = {role: _strongest(cs) for role, cs in cands.items()}
    paid_c, change_c = cands.get("amount_paid", []), cands.get("change", [])

    # 1. The total: labelled totals, then pre-discount sums standing in for a missing total.
    options: list[tuple[Candidate, float]] = [(c, c.prior - 0.15 * c.errors) for c in cands.get("total", [])]
    options += [(c, 0.5 * c.prior) for c in cands.get("subtotal", []) if c.label in total_fallback_labels]
    if not options:
        options += [(c, 0.3) for c in cands.get("subtotal", [])]

    def support(t: Decimal) -> float:
        s = 0.0
        if any(p.amount - t == c.amount for p in paid_c for c in change_c):
            s += 1.2
        elif any(p.amount == t for p in paid_c):
            s += 0.4
        if items_sum is not None and items_sum == t:
            s += 0.6
        return s

    # A total the tender confirms (paid - change) but printed under another label, such as the
    # rounded total on a "ROUNDING" line: a weak option that only its support can carry.
    labelled = [c for role, cs in cands.items() if role != "amount_paid" for c in cs]
    for p, c in itertools.product(paid_c, change_c):
        t = p.amount - c.amount
        for other in labelled:
            if other.amount == t and other.row is not p.row and all(o.amount != t for o, _ in options):
                options.append((Candidate("total", other.money, other.row, other.label, other.prior, other.errors,
                                          other.next_row, other.label_box), 0.5))
    best_total: Candidate | None = None
    if options:
        scored = [(score + support(c.amount), c.row.index, c) for c, score in options]
        best_total = max(scored, key=lambda x: (x[0], x[1]))[2]
    elif paid_c:
        # No total printed (or not read): what was paid, less the change when there is some.
        p = _best(paid_c)
        assert p is not None
        c = _best(change_c)
        t = p.amount - (c.amount if c is not None and c.amount < p.amount else 0)
        best_total = Candidate("total", Money(t, raw=p.money.raw if t == p.amount else ""), p.row, "", 0.5)
    out.chosen["total"] = best_total
    total = best_total.amount if best_total else None

    # 2. Paid and change, by paid - total = change.
    pay = chg = None
    if total is not None:
        pairs = [(p, c) for p in paid_c for c in change_c if p.amount - total == c.amount]
        if pairs:
            pay, chg = max(pairs, key=lambda pc: pc[0].prior + pc[1].prior)
    if pay is None:
        exact = [p for p in paid_c if total is not None and p.amount >= total]
        pay = _best(exact or paid_c)
    if chg is None:
        chg = _best(change_c)
    out.chosen["amount_paid"], out.chosen["change"] = pay, chg

    # 3. Subtotal, discount, service, tax, rounding: the combination the total confirms.
    def opts(role: str, exclude: Candidate | None = None) -> list[Candidate | None]:
        return [c for c in cands.get(role, []) if c is not exclude][:4] + [None]

    best_combo: tuple[float, tuple[Candidate | None, ...], str] = (-1.0, (None,) * 5, "")
    for combo in itertools.product(
        opts("subtotal", best_total), opts("discount"), opts("service_charge"), opts("tax"), opts("rounding")
    ):
        s, d, v, x, r = combo
        score = sum(c.prior for c in combo if c is not None)
        how = ""
        if total is not None and s is not None:
            base = s.amount - (d.amount if d else 0) + (v.amount if v else 0)
            rnd = [Decimal(0)] + ([r.money.amount, -r.money.amount] if r else [])
            if x is not None and any(base + x.amount + k == total for k in rnd):
                score, how = score + 3, "subtotal - discount + service + tax = total"
            elif any(base + k == total for k in rnd) and (d or v or s.amount == total):
                score, how = score + 3 - (0.5 if x else 0), "subtotal - discount + service = total (tax included)"
        if s is not None and items_sum is not None and s.amount == items_sum:
            score += 0.5
        if score > best_combo[0]:
            best_combo = (score, combo, how)
    s, d, v, x, r = best_combo[1]
    out.chosen.update(subtotal=s, discount=d, service_charge=v, tax=x, rounding=r)
    out.chosen["fee"] = _best(cands.get("fee", []))

    # 4. Checks.
    checks: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    if items_sum is not None and s is not None:
        ok = s.amount == items_sum
        what = "items sum to the subtotal"
        checks["items_sum_matches_subtotal"] = (
            "pass" if ok else "fail", what if ok else _diff_detail(items_sum, s.amount, what), ("subtotal",))
    elif items_sum is not None and total is not None:
        # No subtotal printed: the items stand in for it, less the discount, plus service and tax.
        parts = (("discount", d, -1), ("service_charge", v, 1), ("tax", x, 1))
        adjusted = items_sum + sum((sign * c.amount for _, c, sign in parts if c is not None), Decimal(0))
        if items_sum == total:
            ok, what, involved = True, "items sum to the total", ("total",)
        else:
            ok, involved = adjusted == total, ("total", *(k for k, c, _ in parts if c is not None))
            what = "items - discount + service + tax = total" if len(involved) > 1 else "items sum to the total"
        checks["items_sum_matches_subtotal"] = (
            "pass" if ok else "fail", what if ok else _diff_detail(adjusted, total, what), involved)
    else:
        checks["items_sum_matches_subtotal"] = ("skip", "no items or no subtotal read", ())
    if total is not None and s is not None and (d or v or x or s.amount != total):
        involved = tuple(k for k, c in (("subtotal", s), ("discount", d), ("service_charge", v), ("tax", x)) if c)
        if best_combo[2]:
            # A tax already included in the total is not confirmed by this sum.
            if "tax included" in best_combo[2]:
                involved = tuple(k for k in involved if k != "tax")
            checks["total_matches_components"] = ("pass", best_combo[2], ("total", *involved))
        else:
            expected = s.amount - (d.amount if d else 0) + (v.amount if v else 0)
            checks["total_matches_components"] = (
                "fail", _diff_detail(expected, total, "subtotal - discount + service vs total"), ("total", *involved))
    elif total is not None and s is not None:
        checks["total_matches_components"] = ("pass", "subtotal = total", ("total", "subtotal"))
    else:
        checks["total_matches_components"] = ("skip", "no subtotal read", ())
    if total is not None and pay is not None and chg is not None:
        ok = pay.amount - total == chg.amount
        checks["change_matches_paid_minus_total"] = (
            "pass" if ok else "fail",
            "paid - total = change" if ok else _diff_detail(pay.amount - total, chg.amount, "paid - total vs change"),
            ("total", "amount_paid", "change"),
        )
    elif total is not None and pay is not None and pay.amount == total:
        checks["change_matches_paid_minus_total"] = ("pass", "paid exactly the total", ("total", "amount_paid"))
    else:
        checks["change_matches_paid_minus_total"] = ("skip", "paid or change not read", ())
    out.tax_rate, tax_check = _tax_rate_check(x, cands.get("tax_base", []), s, total, date, tax_rates)
    checks["tax_rate_plausible"] = tax_check

    # 5. Fields with confidences: confirmed by passing checks, weakened by failing ones.
    passed = {f for st, _, fs in checks.values() if st == "pass" for f in fs}
    failed = {f for st, _, fs in checks.values() if st == "fail" for f in fs} - passed
    for role in MONEY_ROLES:
        c = out.chosen.get(role)
        if c is None:
            out.fields[role] = Extracted()
            continue
        conf = c.confidence()
        others = {o.amount for o in cands.get(role, []) if o is not c}
        if others - {c.amount} and role not in passed:
            conf.weaken("competing_values", "other values printed for the same role")
        if role in passed and c.label:  # a derived value cannot confirm itself
            conf.confirm("confirmed by the printed arithmetic")
        elif role in failed:
            conf.weaken("check_failed", "the printed arithmetic does not add up")
        out.fields[role] = _Amount(
            value=c.amount, confidence=conf.rounded, raw=c.money.raw or None, box=c.box,
            line=c.row.index, notes=conf.notes,
        )
    out.checks = [Check(name=k, status=st, detail=detail) for k, (st, detail, _) in checks.items()]  # type: ignore[arg-type]
    return out


def _rates_for(date: dt.date | None, tax_rates: dict[str, object]) -> set[Decimal]:
    periods = tax_rates.get("periods", [])
    rates: set[Decimal] = set()
    assert isinstance(periods, list)
    for p in periods:
        start = dt.date.fromisoformat(p["from"])
        if date is None or date >= start:
            rates = {Decimal(str(r)) for r in p["rates"]} if date is not None else rates | {Decimal(str(r)) for r in p["rates"]}
    restaurant = tax_rates.get("restaurant", [])
    assert isinstance(restaurant, list)
    return rates | {Decimal(str(r)) for r in restaurant}


def _tax_rate_check(
    tax: Candidate | None, bases: list[Candidate], sub: Candidate | None, total: Decimal | None,
    date: dt.date | None, tax_rates: dict[str, object],
) -> tuple[Decimal | None, tuple[str, str, tuple[str, ...]]]:
    if tax is None or tax.amount == 0:
        return (tax.rate if tax else None), ("skip", "no tax amount read", ())
    allowed = _rates_for(date, tax_rates)
    tol = Decimal(str(tax_rates.get("tolerance", 0.006)))
    if tax.rate is not None:
        rate = tax.rate / 100
        ok = any(abs(rate - a) <= tol for a in allowed)
        return tax.rate, ("pass" if ok else "fail", f"printed rate {tax.rate}%", ("tax",))
    # No printed rate: the ratio to the base (DPP), else to the total without the tax.
    base = next((b.amount for b in bases if b.amount > 0), None)
    if base is None and sub is not None and sub.amount > tax.amount:
        base = sub.amount
    if base is None and total is not None and total > tax.amount:
        base = total - tax.amount
    if base is None:
        return None, ("skip", "no base to compare the tax with", ())
    rate = tax.amount / base
    ok = any(abs(rate - a) <= tol for a in allowed)
    pct = (rate * 100).quantize(Decimal("0.1"))
    detail = f"tax is {pct}% of {base}" + ("" if ok else f"; allowed {sorted(float(a) * 100 for a in allowed)}%")
    return None, ("pass" if ok else "fail", detail, ("tax",))


def _letter_o_zero(text: str, start: int, end: int) -> Money | None:
    """A zero read as the letter O, alone after its label (``KEMBALI : O``), as the amount 0."""
    seg = text[start:end]
    if seg.strip(SEPARATORS) != "O":
        return None
    at = start + seg.index("O")
    return Money(Decimal(0), raw="O", repaired=True, notes=("digit repaired O->0",), start=at, end=at + 1)


def label_candidates(
    rows: Sequence[Row],
    hits: Sequence[Sequence[LabelHit]],
    amounts: Sequence[Sequence[Money]],
    priors: dict[str, dict[str, float]],
) -> dict[str, list[Candidate]]:
    """One candidate per label that has an amount right of it (or alone on the next row)."""
    out: dict[str, list[Candidate]] = {}
    for i, row in enumerate(rows):
        row_hits = hits[i]
        for j, hit in enumerate(row_hits):
            end = row_hits[j + 1].start if j + 1 < len(row_hits) else len(row.text)
            # A label may swallow the currency mark ("Total Rp"): the number must still follow it.
            inside = [m for m in amounts[i] if m.start >= hit.start and m.end > hit.end and m.end <= end]
            next_row = False
            money = inside[-1] if inside else None
            if money is None:
                money = _letter_o_zero(row.text, hit.end, end)
            src = row
            if money is None and j == len(row_hits) - 1 and i + 1 < len(rows) and not hits[i + 1]:
                nxt = rows[i + 1]
                letters = sum(ch.isalpha() for ch in nxt.text)
                if amounts[i + 1] and letters <= 3:
                    money, src, next_row = amounts[i + 1][-1], nxt, True
            if money is None:
                continue
            cand = Candidate(
                role=hit.key, money=money, row=src, label=hit.label,
                prior=priors.get(hit.key, {}).get(hit.label, 0.5), errors=hit.errors, next_row=next_row,
                label_box=row.span_box(hit.start, hit.end), rate=rate_in(row.text[hit.end : money.start] if not next_row else row.text[hit.end :]),
            )
            out.setdefault(hit.key, []).append(cand)
    return out
