"""A money amount whose decimal point the OCR lost (a total, a tender, a change, a tax, a discount),
mended where the receipt's own arithmetic says so: on a receipt that prints its amounts in cents,
``T0TAL PAYABLE 38970`` under a total of 389.71 and a rounding of -0.01, paid 400.00 and change
10.30, is 389.70; ``TOTAL 77 20`` (the point read as a space) is 77.20; ``SST 6% 72`` under a
subtotal of 12.00 and a total of 12.72 is 0.72. Read alone, none could be told from a whole
amount."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import regex

from idextract.money import CURRENCY_WORDS, Money

from .receipt_candidates import Candidate

__all__ = ["mend_lost_points", "mend_split_groups", "with_group_before"]

_CENTS = regex.compile(r"[.,][0-9]{2}$")
# ...or with a look-alike letter the reading repaired ("469.B0").
_CENTS_REPAIRED = regex.compile(r"[.,][0-9A-Za-z]{2}$")
_MARK = regex.compile(rf"(?:{CURRENCY_WORDS})?\s*", regex.IGNORECASE)  # a currency mark the amount took in
# The digits before the amount's last two, split off by a space ("77 20": 20 read alone).
_SPLIT_OFF = regex.compile(r"(?<![\d.,])(?P<units>[0-9]{1,4})[ ](?=[0-9]{2}$)")
# The number before an amount of three digits, a space between ("109 8OO": 109,800 whose last
# separator was read as a space, or a count and a price).
_GROUP_BEFORE = regex.compile(r"(?<![\w.,])(?P<group>[0-9]{1,3}(?:[.,][0-9]{3})*) $")
# Three digits (look-alikes read as digits), perhaps with cents: a thousands group's shape.
_THREE_DIGITS = regex.compile(r"[0-9Oo]{3}(?:[.,][0-9]{2})?")
# Thousands groups, then five digits: the last group and its cents, the decimal mark between them lost.
_GROUPS_THEN_FIVE = regex.compile(r"[0-9]{1,3}(?:[.,][0-9]{3})*[.,][0-9]{5}")
#: Amounts printed in cents elsewhere on the receipt, for it to be one that prints cents.
_MIN_CENTS = 2


def mend_lost_points(cands: dict[str, list[Candidate]], items_sums: tuple[Decimal, ...]) -> dict[str, list[Candidate]]:
    """``cands`` with each total, tender, change, tax, service charge or discount read without its decimal
    point read with it, when the receipt prints its other amounts in cents and only that reading
    is what the rest of the receipt makes (a total: the tender, the items or the components; a
    tender: a total, or a total and the change; a change: a tender less a total; a tax: a total
    less a subtotal; a service charge: a total less a subtotal and the tax; a discount: what the
    subtotal and its charges exceed the total by); noted, and ambiguous."""
    others = [c for role, cs in cands.items() for c in cs if c.money.raw and _in_cents(c)]
    # The items' prices in cents count as one more ("TOTAL 4420" over items of 30.00, 2.50... and a
    # card payment of 44.20: the summary block prints one other amount only).
    in_cents = any(s.as_tuple().exponent == -2 for s in items_sums)
    if len(others) + in_cents < _MIN_CENTS:
        return cands
    out = dict(cands)
    out["total"] = _mended(cands.get("total", []), _made_by_the_rest(cands, items_sums))
    totals = [t.amount for t in out["total"] if _in_cents(t)]
    paid, change = cands.get("amount_paid", []), cands.get("change", [])
    subs = [c.amount for c in cands.get("subtotal", []) if _in_cents(c)]
    out["amount_paid"] = _mended(paid, {*totals, *(t + c.amount for t in totals for c in change)})
    out["change"] = _mended(change, {p.amount - t for p in out["amount_paid"] for t in totals})
    roundings = [Decimal(0)] + [c.money.amount for c in cands.get("rounding", [])]
    # A service charge or a fee in the summary ("Delivery & Installation 120.00"): either adds to the total.
    service = [Decimal(0)] + [c.amount for role in ("service_charge", "fee") for c in cands.get(role, [])]
    out["tax"] = _mended(cands.get("tax", []), {t - s - v - r for t in totals for s in subs for v in service
                                                for r in roundings if t > s})
    # A service charge: a total less the subtotal, the tax and the rounding, plus a discount ("Service
    # Charge 10% 662").
    taxes_read = [Decimal(0)] + [c.amount for c in out["tax"] if _in_cents(c) or c.money.ambiguous]
    offs_read = [Decimal(0)] + [c.amount for c in cands.get("discount", []) if _in_cents(c)]
    out["service_charge"] = _mended(cands.get("service_charge", []),
                                    {t - s - x - r + d for t in totals for s in subs for x in taxes_read
                                     for r in roundings for d in offs_read if t + d > s})
    # A discount: the subtotal, the tax, the service and the rounding less the total ("Member Discount 15% -46 65").
    out["discount"] = _mended(cands.get("discount", []), {s + x + v + r - t for t in totals for s in subs
                                                          for x in taxes_read for v in service for r in roundings
                                                          if s + x + v + r > t})
    # A subtotal: the items' sum, or a total less the rounding, less tax and service, plus discounts.
    taxes = [Decimal(0)] + [c.amount for c in cands.get("tax", []) if _in_cents(c)]
    offs = [Decimal(0)] + [c.amount for c in cands.get("discount", [])]
    out["subtotal"] = _mended(cands.get("subtotal", []), {*items_sums, *(t - r - x - v + d for t in totals
                                                                         for r in roundings for x in taxes
                                                                         for v in service for d in offs)})
    return {role: cs for role, cs in out.items() if cs or role in cands}


def _in_cents(cand: Candidate) -> bool:
    """Whether the candidate printed cents (its look-alike letters repaired)."""
    return _CENTS.search(cand.money.raw) is not None or (
        cand.money.repaired and _CENTS_REPAIRED.search(cand.money.raw) is not None)


def _mended(cands: list[Candidate], made: set[Decimal]) -> list[Candidate]:
    out = []
    for cand in cands:
        alt = _with_point(cand)
        out.append(cand if alt is None or alt.amount not in made or cand.amount in made else alt)
    return out


def _with_point(cand: Candidate) -> Candidate | None:
    """The candidate read with a decimal point before its last two digits, if it printed none."""
    # A minus before it, then perhaps a mark ("-11900", "-RM7480", "- 7480"), or after it ("11900-").
    signed = cand.money.raw.lstrip("- ")
    text, mark = cand.row.text, _MARK.match(signed)  # "RM 34720": the digits after the mark
    marked = mark.end() if mark else 0
    raw = signed[marked:].rstrip("- ")
    if raw.startswith("(") and raw.endswith(")"):  # a negative in parentheses: "(34800)"
        raw = raw[1:-1]
    if (grouped := _GROUPS_THEN_FIVE.fullmatch(raw)) is not None:  # "34.40000": 34.400,00, its comma lost
        raw = regex.sub(r"[.,]", "", grouped.group())
    if not raw.isdigit():
        return None
    if len(raw) == 2 and not marked and (split := _SPLIT_OFF.search(text, 0, cand.money.start + 2)) is not None \
            and split.end() == cand.money.start:
        start, printed = split.start(), f"{split.group('units')} {raw}"
        amount = Decimal(f"{split.group('units')}.{raw}")
    elif len(raw) >= 2:
        start, printed, amount = cand.money.start, cand.money.raw, Decimal(raw).scaleb(-2)
    else:
        return None
    note = f"'{printed}' read as {amount}: its decimal point lost"
    money = dataclasses.replace(cand.money, amount=amount if cand.money.amount >= 0 else -amount, raw=printed,
                                start=start, ambiguous=True, notes=(*cand.money.notes, note))
    return dataclasses.replace(cand, money=money)


def _made_by_the_rest(cands: dict[str, list[Candidate]], items_sums: tuple[Decimal, ...]) -> set[Decimal]:
    """The amounts the tender, the items and the components make: what a total may be."""
    paid, change = cands.get("amount_paid", []), cands.get("change", [])
    made = {p.amount - c.amount for p in paid for c in change} | {p.amount for p in paid} | set(items_sums)
    roundings = [Decimal(0)] + [c.money.amount for c in cands.get("rounding", [])]
    first = {role: cs[0].amount for role in ("tax", "service_charge", "discount") if (cs := cands.get(role))}
    made |= {t.amount + r for t in cands.get("total", []) if _in_cents(t) for r in roundings[1:]}
    for sub in cands.get("subtotal", []):
        net = sub.amount + first.get("tax", 0) + first.get("service_charge", 0) - first.get("discount", 0)
        made |= {sub.amount + r for r in roundings} | {net + r for r in roundings}
    return made


def mend_split_groups(cands: dict[str, list[Candidate]], items_sums: tuple[Decimal, ...]) -> dict[str, list[Candidate]]:
    """``cands`` with a total or subtotal of three digits after a number and a space (``Total 109
    8OO``: read as 800) read with that number as its first group (109,800), where only that reading
    is what the tender, the items or the components make; noted, and ambiguous."""
    if not any(len(c.money.raw) == 3 for role in ("total", "subtotal") for c in cands.get(role, [])):
        return cands  # most receipts: no sum of three digits
    made = _made_by_the_rest(cands, items_sums)
    out = dict(cands)
    for role in ("total", "subtotal"):
        if role in cands:
            out[role] = [alt if (alt := _with_group_before(c)) is not None and alt.amount in made
                         and c.amount not in made else c for c in cands[role]]
    return out


def _with_group_before(cand: Candidate) -> Candidate | None:
    """The candidate read with the number before it as its first group, if it is three digits."""
    money = cand.money
    if money.amount != money.amount.to_integral_value():
        return None
    joined = with_group_before(cand.row.text, money, "a thousands separator read as a space")
    return dataclasses.replace(cand, money=joined) if joined is not None else None


def with_group_before(text: str, money: Money, why: str) -> Money | None:
    """``money`` (three digits, perhaps with cents, no currency: ``8OO``, ``299.00``) read with the
    number before it and a space in ``text`` as its first group (``109 8OO`` is 109,800; ``1 299.00``
    1,299.00), noted (``why``) and ambiguous; ``None`` where no such number stands before it."""
    before = _GROUP_BEFORE.search(text, 0, money.start)
    if money.currency is not None or not _THREE_DIGITS.fullmatch(money.raw) or before is None:
        return None
    group = before.group("group")
    amount = Decimal(group.replace(".", "").replace(",", "")) * 1000 + abs(money.amount)
    note = f"'{group} {money.raw}' read as {amount}: {why}"
    return dataclasses.replace(money, amount=amount if money.amount >= 0 else -amount, raw=f"{group} {money.raw}",
                               start=before.start(), ambiguous=True, notes=(*money.notes, note))
