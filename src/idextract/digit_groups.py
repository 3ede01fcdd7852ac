"""Which of a number's marks group thousands and which one starts the minor units.

:mod:`idextract.money` finds amounts in text; this module reads one number whose marks are
``.`` and ``,`` only (``100.000``, ``1,000,000.00``, ``25.000,-``) by the rule the money module's
docstring states: a mark followed by exactly three digits groups thousands, one or two digits
after the last mark are minor units, the same mark cannot both group and start decimals. What the
rule cannot settle is read anyway and flagged ``ambiguous`` with a note, never silently scaled
by 1,000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import regex

__all__ = ["MINOR_UNIT_CURRENCIES", "Reading", "read_number", "unspaced"]

# Currencies whose printed amounts carry minor units (cents).
MINOR_UNIT_CURRENCIES = {"MYR", "SGD", "USD"}
_MINOR_TAIL = regex.compile(r"[.,](?:[0-9]{1,2}|-)$")


@dataclass
class Reading:
    """A number read: its value, whether the rule had to guess, why, and whether digits were mended."""

    amount: Decimal
    ambiguous: bool = False
    notes: list[str] = field(default_factory=list)
    repaired: bool = False


def unspaced(number: str) -> str:
    """``number`` (thousands groups checked by the pattern) as its digits, then its minor part:
    ``'1 250 000,00'`` -> ``'1250000,00'``, for :func:`read_number` to read."""
    tail = _MINOR_TAIL.search(number)
    head = number[: tail.start()] if tail else number
    return "".join(ch for ch in head if ch.isdigit()) + (tail.group(0) if tail else "")


def _grouped(parts: list[str]) -> bool:
    return len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])


def read_number(number: str, currency: str | None) -> Reading | None:
    """Decide the separators of ``number`` (digits, '.' and ',' only) and read it; ``None`` when
    the marks make no amount (a date, a code). ``currency`` says whether cents are expected."""
    if number.endswith((",-", ".-")):
        number = number[:-2]
    if not number or not number[0].isdigit():
        return None
    last_pos = max(number.rfind("."), number.rfind(","))
    if last_pos < 0:
        return Reading(Decimal(number))
    groups = number.replace(",", ".").split(".")
    if "" in groups:
        return None
    if "." in number and "," in number:
        return _both_marks(number, last_pos)
    if len(groups) > 2:
        return _one_mark_repeated(groups, number[last_pos])
    return _one_mark(number, groups[0], number[last_pos], number[last_pos + 1 :], currency)


def _both_marks(number: str, last_pos: int) -> Reading | None:
    """``1.000,50``, ``1,000.00``: the last mark starts the decimals, the other groups."""
    last_sep, tail = number[last_pos], number[last_pos + 1 :]
    head = number[:last_pos]
    head_groups = head.replace(",", ".").split(".")
    if last_sep in head:
        return None  # "1.000,000.00": the same mark both grouping and decimal
    if len(tail) in (1, 2):
        reading = Reading(Decimal("".join(head_groups) + "." + tail))
        if not _grouped(head_groups):
            reading.ambiguous = True
            reading.notes.append("irregular digit grouping")
        return reading
    if len(tail) > 3:
        # Four or more digits are no thousands group: decimals, as one or two would be.
        return Reading(Decimal("".join(head_groups) + "." + tail), True,
                       [f"{len(tail)} digits after '{last_sep}': read as decimals"])
    # "1.000,000": both marks followed by three digits; call it grouping, but say so.
    return Reading(Decimal("".join(head_groups) + tail), True, ["two kinds of separator, no decimals"])


def _one_mark_repeated(groups: list[str], last_sep: str) -> Reading | None:
    """``1.000.000``: one mark used several times is grouping."""
    # Irregular groups (02.10.22) are dates or codes, not amounts, but for regular groups with
    # one or two digits after them (10.000.00): the minor part of an amount whose decimal mark
    # OCR misread.
    if _grouped(groups):
        return Reading(Decimal("".join(groups)))
    tail = groups[-1]
    if len(tail) == 2 and _grouped(groups[:-1]) and not groups[0].startswith("0"):
        return Reading(Decimal("".join(groups[:-1]) + "." + tail),
                       notes=[f"'{last_sep}{tail}' after thousands groups read as minor units"], repaired=True)
    return None


def _one_mark(number: str, head: str, last_sep: str, tail: str, currency: str | None) -> Reading:
    """``100.000``, ``9.00``, ``1,5``: one mark once; the digits after it decide."""
    minor = currency in MINOR_UNIT_CURRENCIES
    if len(tail) == 3:
        reading = Reading(Decimal(head + tail))
        if minor and last_sep == ".":
            # In a currency with cents "1.000" could be one unit with three decimals; it almost
            # never is on a receipt, but flag it rather than be silently 1,000 times off.
            reading.ambiguous = True
            reading.notes = [f"'{number}' read as a thousands group"]
        return reading
    if len(tail) == 2:
        reading = Reading(Decimal(head + "." + tail))
        if not minor and tail != "00" and currency == "IDR":
            reading.ambiguous = True
            reading.notes.append("rupiah amount with minor units")
        return reading
    if len(tail) == 1:
        if len(head) > 3:
            # No group is this long (25000,0): minor units, as two digits would be.
            reading = Reading(Decimal(head + "." + tail))
            if not minor and tail != "0":
                reading.ambiguous = True
                reading.notes.append("rupiah amount with minor units")
            return reading
        return Reading(Decimal(head + "." + tail), True, [f"one digit after '{last_sep}'"])
    # Four or more digits are no thousands group: decimals in a currency with cents (0.7500, a
    # unit price), else a stray mark in a rupiah number (1.0000); either way flagged.
    if minor:
        return Reading(Decimal(head + "." + tail), True, [f"{len(tail)} digits after '{last_sep}': read as decimals"])
    return Reading(Decimal(head + tail), True, [f"{len(tail)} digits after '{last_sep}': no thousands group"])
