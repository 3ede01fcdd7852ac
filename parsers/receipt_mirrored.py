"""Rows rearranged so that a line's amount ends its row, the way every other part of the parser
expects: receipts that print each amount before its name or label (``45.000  1 Nasi Goreng
Seafood``, ``259.600  TOTAL``), as some Chinese restaurants' and kopitiams' printers do, and a
line total wrapped onto a row of its own after an equals sign (``3,5 Kg x 8.000`` / ``= 28.000``),
a column of line totals a cloud OCR engine read after the rows they end, and an item's count, unit
price and line total each read as a row of its own."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import cast

import regex

from idextract.layout import Row
from idextract.money import CURRENCY_WORDS, Money, find_amounts
from idextract.records import OcrWord

from .receipt_line import BARE_COUNT, BRACKETED_COUNT
from .receipt_quantities import rounds_to

__all__ = ["amounts_last", "cells_joined", "totals_column_joined", "totals_rejoined"]

# A row of an equals sign and one amount ("= 28.000"), and a row it continues: a count times a
# price, no equals sign, no line total ("3,5 Kg x 8.000").
_EQUALS_TOTAL = regex.compile(rf"\s*=\s*(?:{CURRENCY_WORDS})?\s?[0-9][0-9.,]*\s*$", regex.I)
_TIMES_PRICE = regex.compile(rf".*\p{{L}}.*[xX@]\s*(?:{CURRENCY_WORDS})?\s?[0-9][0-9.,]*\s*$", regex.I)
#: Rows that must lead with their amount before the receipt is read as printing so.
_MIN_ROWS = 3
# An amount in money form opening a row, then a word of two letters or more ("45.000  1 Nasi",
# "74.50  TOTAL"; not "7.500,00 x3", a unit price and its count).
# One decimal too ("5.4 Puff Kari Ayam", cents whose 0 the printer trims), or a dash after ("17.500,-").
_LEAD = regex.compile(rf"\s*(?:{CURRENCY_WORDS})?\s*[0-9][0-9.,]*[.,][0-9]{{1,3}}(?:[.,]-)?\s+(?=.*\p{{L}}{{2}})",
                      regex.I)

# An amount in money form, a count and a name's word ("18.00  4 Ayam Goreng", "6.000  3 Tempe").
_AMOUNT_COUNT_NAME = regex.compile(
    rf"\s*(?:{CURRENCY_WORDS})?\s*[0-9][0-9.,]*[.,][0-9]{{1,3}}\s+[1-9][0-9]{{0,2}}\s+\p{{L}}{{2}}", regex.I)


# A count ending a name, in brackets or after a times mark ("Roti Sobek Keju (3)", "Teh x2"): no amount.
_COUNT_TAIL = regex.compile(rf"(?:{BRACKETED_COUNT}|(?<=\s)[xX]\s?[1-9][0-9]{{0,2}})\s*$")


def _amounts(row: Row, currency: str | None) -> list[Money]:
    """The amounts in ``row``'s text, less a count ending a name."""
    found = find_amounts(row.text, currency=currency)
    tail = _COUNT_TAIL.search(row.text)
    return [m for m in found if tail is None or m.start < tail.start()]


def _led(row: Row, currency: str | None) -> int:
    """Where the amount opening ``row`` ends, when the row opens with one in money form and ends in
    words (no amount at its end); else 0."""
    lead = _LEAD.match(row.text)
    if lead is None:
        return 0
    found = _amounts(row, currency)
    if not found or found[0].start > lead.end() or not found[0].has_separator or _ends(row, found[-1]):
        return 0
    return found[0].end


def _trailed(row: Row, currency: str | None) -> bool:
    """Whether ``row`` ends with an amount after words: the usual way."""
    found = _amounts(row, currency)
    return bool(found) and _ends(row, found[-1]) and any(ch.isalpha() for ch in row.text[: found[-1].start])


def _ends(row: Row, money: Money) -> bool:
    """Whether ``money`` ends ``row``'s text."""
    return money.end >= len(row.text.rstrip())


def amounts_last(rows: Sequence[Row], currency: str | None) -> list[Row]:
    """``rows``, with the amount moved to the end of each row that opens with it, where most of the
    receipt's priced rows do (three or more, and more than end with theirs, or none among them does)."""
    cuts = [_led(r, currency) for r in rows]
    at = [i for i, c in enumerate(cuts) if c]
    # Or, each an amount, a count and a name, none among them ends with its amount: the summary's
    # rows below do ("18.00  4 Ayam Goreng" / ... / "GRAND TOTAL  43.70" / "Tendered  25.00"...).
    if len(at) < _MIN_ROWS or (len(at) <= sum(1 for r in rows if _trailed(r, currency))
                               and (any(_trailed(r, currency) for r in rows[at[0] : at[-1] + 1])
                                    or not all(_AMOUNT_COUNT_NAME.match(rows[i].text) for i in at))):
        return list(rows)
    return [_moved(r, cut) if cut else r for r, cut in zip(rows, cuts)]


def _moved(row: Row, cut: int) -> Row:
    """``row`` with its text before ``cut`` (the amount) put after the rest."""
    if len(row.words) == 1:
        text = f"{row.text[cut:].strip()}  {row.text[:cut].strip()}"
        return Row(row.index, row.words, text, [(0, len(text))])
    before = [i for i, (s, _) in enumerate(row.spans) if s < cut]
    words: list[OcrWord] = [w for i, w in enumerate(row.words) if i not in before] + [row.words[i] for i in before]
    parts, spans, pos = [], [], 0
    for w in words:
        t = w.text.strip()
        spans.append((pos, pos + len(t)))
        parts.append(t)
        pos += len(t) + 1
    return Row(row.index, words, " ".join(parts), spans)


# A row of one amount in money form and nothing else ("180.000,00", "Rp 45.000").
_ALONE = regex.compile(rf"\s*(?:{CURRENCY_WORDS})?\s?[0-9]{{1,3}}(?:[.,][0-9]{{3}})*[.,][0-9]{{2,3}}\s*$", regex.I)
# A count of at most three digits standing alone (perhaps with a unit word after it) before the price.
_COUNT_THEN = regex.compile(r"(?<![\w.,])(?P<n>[1-9][0-9]{0,2})\s+(?:\p{L}{1,6}\.?\s+)?$")

# A name ending with its count ("Tepung Gandum 1kg x3").
_COUNT_SUFFIX = regex.compile(r"\p{L}.*\s[xX]\s?[1-9][0-9]{0,2}\s*$")
# A count and a times or at mark right before a price.
_TIMES_BEFORE = regex.compile(r"(?<![\w.,])[1-9][0-9]{0,2}\s*[xX@]\s*$")
# A weight, perhaps its unit, and an at or times mark before a price per unit ("0.250 kg @ 6.50/kg").
_WEIGHT_AT = regex.compile(r"(?<![\w.,])(?P<w>[0-9]{1,3}[.,][0-9]{1,3})\s*(?:\p{L}{1,4}\.?\s*)?[xX@]\s*$")
_PER_UNIT = regex.compile(r"(?:\s*/\s*\p{L}{1,4}\.?)?\s*")


def _counted_above(above: Row, row: Row, currency: str | None) -> bool:
    """Whether ``row``, one amount alone, is the line total of ``above``: a name, a count and a
    unit price with no total after it, the count times the price making the amount (a weight times
    a price per unit, rounded as the total is)."""
    if not _ALONE.match(row.text):
        return False
    below, prices = find_amounts(row.text, currency=currency), find_amounts(above.text, currency=currency)
    # A name on the row, or a count times the price ("9559450578902  2 x 8.90" / "17.80", under its name).
    if len(below) != 1 or not prices or (sum(ch.isalpha() for ch in above.text) < 3
                                         and not _TIMES_BEFORE.search(above.text, 0, prices[-1].start)):
        return False
    price, total = prices[-1], below[0].amount
    if price.amount <= 0:
        return False
    weight = _WEIGHT_AT.search(above.text, 0, price.start)
    if weight is not None and _PER_UNIT.fullmatch(above.text, price.end):  # "0.250 kg @ 6.50/kg" / "1.63"
        made = Decimal(weight.group("w").replace(",", ".")) * price.amount
        exponent = total.as_tuple().exponent
        return isinstance(exponent, int) and rounds_to(made, exponent, total)
    count = _COUNT_THEN.search(above.text, 0, price.start)
    return count is not None and not above.text[price.end :].strip() and int(count.group("n")) * price.amount == total


def totals_rejoined(rows: Sequence[Row], currency: str | None = None) -> list[Row]:
    """``rows`` with each line total wrapped onto a row of its own joined to the count and price it
    ends: after an equals sign (``3,5 Kg x 8.000`` / ``= 28.000``), or alone where the count times
    the price makes it (``ATK-0140 Pulpen Gel 0.5  5 Lusin  36.000,00`` / ``180.000,00``: a wide
    table's column the OCR read as a line of its own), or alone under a name that ends with its
    count (``Tepung Gandum 1kg x3`` / ``8.10``; not the first of a column of amounts, which may be
    another name's)."""
    equals = any(r.text.lstrip()[:1] == "=" for r in rows[1:])
    if not equals and not any(_ALONE.match(r.text) for r in rows[1:]):
        return list(rows)  # most receipts: no row opens with an equals sign, nor is an amount alone
    out: list[Row] = []
    for i, row in enumerate(rows):
        above = out[-1] if out else None
        if above is not None and ((equals and _EQUALS_TOTAL.match(row.text) and "=" not in above.text
                                   and _TIMES_PRICE.match(above.text))
                                  or _counted_above(above, row, currency)
                                  or (_COUNT_SUFFIX.search(above.text) and _ALONE.match(row.text)
                                      and not (i + 1 < len(rows) and _ALONE.match(rows[i + 1].text)))):
            out[-1] = Row.joined([above, row])
            continue
        out.append(row)
    return [Row(i, r.words, r.text, r.spans) for i, r in enumerate(out)]


# A count (a weight too), perhaps a unit word and a times or at mark, right before a unit price
# ("3 @ ", "6 x ", "5 sak ", "0.640 kg @ ").
_COUNT_BEFORE = regex.compile(r"(?<![\w.,])(?P<n>[0-9]{1,3}(?:[.,][0-9]{1,3})?)\s*(?:\p{L}{1,6}\.?\s*)?[xX@*]?\s*$")

#: Fewest items printed a cell a row for the cells to be read so.
_MIN_CELL_ITEMS = 2
#: How many rows a column of line totals reaches up for its priced rows, per total (a name above each).
_REACH = 3
# A count alone after a unit price, ending the row.
_COUNT_AFTER = regex.compile(r"\s+(?P<n>[1-9][0-9]{0,2})\s*")


def _line_amount(row: Row, currency: str | None) -> Decimal | None:
    """What ``row``'s count and unit price make, when it ends with a unit price and no line total,
    a count before it ("3 @ 6.800", "5 sak 62.000,00") or after it ("Kuas 3in 12.000 2"); ``None``
    for a row of no count ("Subtotal 9.00")."""
    found = find_amounts(row.text, currency=currency)
    if not found or not any(ch.isalpha() for ch in row.text) and len(found) < 2:
        return None
    last = found[-1]
    if len(found) >= 2 and not last.has_separator and last.amount == last.amount.to_integral_value() \
            and 0 < last.amount < 1000 and found[-2].has_separator:  # "14.500 1": the price, then the count
        return found[-2].amount * last.amount
    after = _COUNT_AFTER.fullmatch(row.text, last.end)
    if last.has_separator and after is not None:  # "Kuas 3in 12.000 2"
        return last.amount * int(after.group("n"))
    if not last.has_separator or row.text[last.end :].strip():
        return None
    count = _COUNT_BEFORE.search(row.text, 0, last.start)
    return last.amount * Decimal(count.group("n").replace(",", ".")) if count else None


def _alone(row: Row, currency: str | None) -> Money | None:
    """The one amount in money form of a row that holds nothing else but a mark or two."""
    found = find_amounts(row.text, currency=currency)
    if len(found) != 1 or not found[0].has_separator:
        return None
    rest = row.text[: found[0].start] + row.text[found[0].end :]
    return found[0] if sum(ch.isalnum() for ch in rest) <= 2 and not any(ch.isdigit() for ch in rest) else None


def totals_column_joined(rows: Sequence[Row], currency: str | None = None) -> list[Row]:
    """``rows`` with a column of line totals a cloud OCR engine read after the item rows they end
    (``Plester Luka 10s`` / ``3 @ 6.800`` / ... / ``20.400`` / ``23.500``) joined to those rows:
    two or more amounts alone, right after as many priced rows whose counts and prices make each,
    in order. Any one that does not make its amount, and the rows stay as read."""
    out = list(rows)
    alone = [_alone(r, currency) for r in out]
    i = len(out) - 1
    while i > 0:
        if alone[i] is None:
            i -= 1
            continue
        end = i
        while i > 0 and alone[i - 1] is not None:
            i -= 1
        totals = alone[i : end + 1]
        # The nearest rows above that end with a count and a unit price (not "... 12 Pcs Gagang
        # Karet", a name's size, nor "Subtotal 9.00").
        made = [(j, m) for j in range(i - 1, max(i - 1 - _REACH * len(totals), -1), -1)
                if (m := _line_amount(out[j], currency)) is not None][: len(totals)][::-1]
        if len(totals) >= 2 and len(made) == len(totals) and all(
                m == cast(Money, t).amount for (_, m), t in zip(made, totals)):
            for (j, _), k in zip(made, range(i, end + 1)):
                out[j] = Row.joined([out[j], out[k]])
            del out[i : end + 1], alone[i : end + 1]
        i -= 1
    return [Row(k, r.words, r.text, r.spans) for k, r in enumerate(out)] if len(out) != len(rows) else out


def cells_joined(rows: Sequence[Row], currency: str | None = None) -> list[Row]:
    """``rows`` with an item's count, unit price and line total, each read as a row of its own
    (``2`` / ``32.00`` / ``64.00``, or the price first: ``8.90`` / ``4`` / ``35.60``), joined into
    one row in that order (``2 32.00 64.00``), where the count times the price makes the total, on
    a receipt that prints two items so or more (one such triple may be a column of values under a
    column of labels: ``Total Qty`` / ``Subtotal`` / ``Total`` / ``1`` / ``4.50`` / ``4.50``)."""
    if not any(BARE_COUNT.fullmatch(r.text.strip()) for r in rows):
        return list(rows)  # most receipts: no count alone on a row
    found: dict[int, tuple[int, int, int]] = {}
    i = 0
    while i + 3 <= len(rows):
        order = _cells_order(rows[i : i + 3], currency)
        if order is not None:
            found[i] = order
        i += 3 if order is not None else 1
    if len(found) < _MIN_CELL_ITEMS:
        return list(rows)
    out: list[Row] = []
    i = 0
    while i < len(rows):
        if i in found:
            out.append(Row.joined([rows[i + k] for k in found[i]]))
            i += 3
        else:
            out.append(rows[i])
            i += 1
    return [Row(k, r.words, r.text, r.spans) for k, r in enumerate(out)]


def _cells_order(three: Sequence[Row], currency: str | None) -> tuple[int, int, int] | None:
    """The order (count, price, total) of three rows that are a count, a unit price and a line
    total in either of the two orders, the count times the price making the total; else ``None``."""
    for count_at, price_at in ((0, 1), (1, 0)):
        count = BARE_COUNT.fullmatch(three[count_at].text.strip())
        price, total = _alone(three[price_at], currency), _alone(three[2], currency)
        if count is not None and price is not None and total is not None \
                and price.amount * int(count.group()) == total.amount:
            return count_at, price_at, 2
    return None
