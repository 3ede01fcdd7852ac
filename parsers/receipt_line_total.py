"""A row's line total as the count and unit price before it make it: with the decimal point the OCR
lost (``2 x 2.85  5 70``, the point read as a space, and ``12 x 28.80  34560`` are 5.70 and
345.60), or less a rate an invoice's Disc% column prints between them (``2.6  89.90  15%
198.68``)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import regex

from idextract.money import Money

__all__ = ["RATE", "discounted", "mend_line_total", "rounding", "taken_down"]

_CENTS = regex.compile(r"[0-9]+[.,][0-9]{2}")


def mend_line_total(text: str, amounts: list[Money]) -> list[Money]:
    """``amounts`` with a row's line total read with the decimal point the OCR lost, where a count
    and a unit price in cents before it make exactly that: ``2 x 2.85  5 70`` (the point read as
    a space) and ``12 x 28.80  34560`` (lost) are 5.70 and 345.60. Ambiguous, and noted."""
    if len(amounts) < 3:
        return amounts
    last, split = amounts[-1], None
    units = amounts[-2]
    if len(amounts) >= 4 and len(last.raw) == 2 and last.raw.isdigit() and units.raw.isdigit() \
            and text[units.end : last.start] == " ":
        split = units
    digits = (split.raw if split is not None else "") + last.raw
    if not digits.isdigit() or last.has_separator or len(digits) < 3 or text[last.end :].strip():
        return amounts
    mended = Decimal(digits).scaleb(-2)
    before = amounts[: -2 if split is not None else -1]
    if not any(u.has_separator and _CENTS.fullmatch(u.raw) and 0 < q.amount <= 999 and q.amount * u.amount == mended
               for q, u in itertools.pairwise(before)):
        return amounts
    start = split.start if split is not None else last.start
    note = "decimal point lost: read from the count and the unit price"
    line = Money(amount=mended, currency=last.currency, raw=text[start : last.end], ambiguous=True, start=start,
                 end=last.end, has_separator=True, notes=(note,))
    return [*before, line]


#: A rate of discount printed on an item's row ("15%", "7.5 %").
RATE = regex.compile(r"([0-9]{1,2}(?:[.,][0-9]{1,2})?)\s*%")
_SPACE = regex.compile(r"\s*")


def rounding(amount: Decimal) -> Decimal:
    """How far a printed ``amount`` computed from others (a net price, a tax) may stand from the
    exact figure: a cent's rounding, or a unit's (a rupiah's) where no cents are printed."""
    exponent = amount.as_tuple().exponent
    return Decimal("0.006") if isinstance(exponent, int) and exponent < 0 else Decimal(1)


def taken_down(gross: Decimal, rate: regex.Match[str], total: Money) -> bool:
    """Whether the rate of discount ``rate`` (a :data:`RATE` match) takes ``gross`` down to ``total``."""
    net = gross * (100 - Decimal(rate.group(1).replace(",", "."))) / 100
    return abs(net - total.amount) < rounding(total.amount)


def discounted(gross: Decimal, text: str, start: int, total: Money) -> bool:
    """Whether a rate printed alone between the unit price and the line total (an invoice's Disc%
    column) takes ``gross`` down to the total, rounded to the cent or the unit as it prints."""
    lead = _SPACE.match(text, start)
    rate = RATE.match(text, lead.end() if lead else start, total.start)
    return rate is not None and not text[rate.end() : total.start].strip() and taken_down(gross, rate, total)
