"""Whether a count or a measure times a unit price into a line total: exactly, or for a weight or
a volume rounded as the total is; a measure the money reader took for a thousands group; a weight
ending a name row."""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import regex

from idextract.money import Money, measure_units, weighed_units

__all__ = ["as_measure", "measure_at_end", "measure_times_into", "rounds_to", "times_into", "weight_at_end",
           "whole_unit"]

#: Most places a whole line total of a weighed item is rounded to (hundreds).
_ROUNDED_PLACES = 2
# A weight or volume ending a name row ("RON95  14.634 L" over "@ RM 2.05 /L  30.00").
_MEASURE_AT_END = regex.compile(rf"(?<![\w.,])(?P<q>[0-9]{{1,3}}[.,][0-9]{{1,3}})\s?(?i:{measure_units()})\s*$")
# A weight or volume to the thousandth of a unit a price is per ending a name ("RON97 14.620L",
# "Apel Fuji 0.850kg"; "Aqua 1.5L" is a size).
_WEIGHT_AT_END = regex.compile(rf"\s(?P<q>[0-9]{{1,3}}[.,][0-9]{{3}})\s?(?i:{weighed_units(whole=True)})\.?\s*$")
_THREE_DECIMALS = regex.compile(r"[0-9]{1,3}[.,] ?[0-9]{3}")  # a space after the point, as OCR reads it: "0. 760"


def rounds_to(value: Decimal, exponent: int, expected: Decimal) -> bool:
    """Whether ``value`` rounded half up to ``10 ** exponent`` is ``expected``; a value too large to
    round so (past the context's precision: a price of 28 digits) is no match, not an error."""
    try:
        return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP) == expected
    except InvalidOperation:
        return False


def times_into(q: Decimal, u: Decimal, total: Decimal) -> bool:
    """Whether ``q`` times ``u`` is ``total``: exactly, or for a measured quantity (a weight, a
    volume: not whole) rounded to the total's precision (``DIESEL 45.512 L x 2.15 97.85``; a
    whole total to its tens or hundreds, as rupiah weighed prices are rounded)."""
    product = q * u
    if product == total:
        return True
    exponent = total.as_tuple().exponent
    if q == q.to_integral_value() or not isinstance(exponent, int):
        return False
    if rounds_to(product, exponent, total):
        return True
    # A whole total rounded to its tens or hundreds ("1,260 kg x 24.900" / "31.400": 31,374 to 100).
    zeros = _trailing_zeros(total) if exponent == 0 and total else 0
    return 0 < zeros <= _ROUNDED_PLACES and \
        rounds_to(product, zeros, total)


def _trailing_zeros(n: Decimal) -> int:
    digits = str(int(n))
    return len(digits) - len(digits.rstrip("0"))


def measure_times_into(q: Decimal, u: Decimal, total: Decimal) -> bool:
    """``times_into`` for a quantity printed with its unit of measure (``30.24 L``, ``0.850kg``), or
    the volume of a prepaid amount (``RM62.00`` of fuel at 2.05: 30.24 L), the total over the
    price rounded to the decimals printed."""
    if times_into(q, u, total):
        return True
    places = q.as_tuple().exponent
    return (bool(u) and isinstance(places, int) and places < 0
            and rounds_to(total / u, places, q))


def as_measure(q: Money, unit: Money, total: Money, *, opening: bool = False) -> Money | None:
    """A volume or weight printed to three decimals that the money reader took for a thousands
    group (``45.512`` L of diesel is no 45,512; ``0,850`` kg, a group of thousands never opening
    with 0; ``1. 250`` kg, the OCR's space after the point), read as a decimal; a group the reader
    had no doubt of (``1.220`` on a rupiah receipt) only where it times ``unit`` into ``total``
    exactly (``Kepiting 1.220  240.000  292.800``), or, ``opening`` its row before the price and
    the name, rounded as the total is (``1.345  20.500  BUNCIS SEGAR  27.570``: a till's weight
    column)."""
    if not _THREE_DECIMALS.fullmatch(q.raw):
        return None
    measure = Decimal(q.raw.replace(",", ".").replace(" ", ""))
    if not (q.ambiguous or q.raw[:1] == "0" or " " in q.raw) and measure * unit.amount != total.amount \
            and not (opening and times_into(measure, unit.amount, total.amount)):
        return None
    return dataclasses.replace(q, amount=measure, ambiguous=False, notes=())


def measure_at_end(text: str, unit: Money, total: Money) -> tuple[str, Money] | None:
    """A name row's text before the weight or volume ending it, and that quantity, when it times
    the price row's ``unit`` price into its ``total``."""
    m = _MEASURE_AT_END.search(text)
    if m is None:
        return None
    q = Decimal(m.group("q").replace(",", "."))
    if not measure_times_into(q, unit.amount, total.amount):
        return None
    return text[: m.start()], Money(q, raw=m.group("q"))


def whole_unit(total: Money, quantity: Decimal) -> bool:
    """Whether ``quantity`` divides the line total into a price of the total's own precision
    (whole rupiah, or sen)."""
    if quantity <= 0:
        return True  # not a quantity either way: left to the item record
    unit = total.amount / quantity
    exponent = total.amount.as_tuple().exponent
    return isinstance(exponent, int) and rounds_to(unit, min(exponent, 0), unit)


def weight_at_end(text: str) -> Money | None:
    """The weight or volume to the thousandth ending ``text`` (``RON97 14.620L``), as a quantity
    whose raw text and span (``start``, ``end``) are its own, or ``None``."""
    found = _WEIGHT_AT_END.search(text)
    if found is None:
        return None
    return Money(Decimal(found.group("q").replace(",", ".")), raw=found.group(), start=found.start(), end=found.end())
