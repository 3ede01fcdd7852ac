"""A receipt's item record: how a price row, read, becomes a :class:`ReceiptItem`; the discounts
the rows under it take off it; and the rows that only sum the items up by section, dropped."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

import regex
from pydantic import BaseModel

from idextract.confidence import Confidence
from idextract.layout import Row
from idextract.money import CURRENCY_WORDS, Money, find_amounts
from idextract.records import Box, Extracted, Polygon, field

from .receipt_line import LEADING_QTY, clean_name, letters

__all__ = ["ADD_ON_MARKS", "BRACKETED_EXTRA", "DERIVED_UNIT", "Name", "ReceiptItem", "add_ons_counted_in", "discounts",
           "item_record", "line_number_end", "lone_item", "take_off", "unit_prices_by_sum", "with_add_ons",
           "without_line_numbers", "without_section_totals"]

# A lone price after a count is the line total unless the arithmetic says otherwise; the items
# whose price it may be the unit price of are tried in combinations, up to this many of them.
_MAX_RETRIED = 10
DERIVED_UNIT = "line total / quantity"
# An item's add-ons priced inside its line total are looked for this far down (a few toppings).
_MAX_ADD_ONS = 8
# Rows under an item that add to it or say how it is made: no item of their own.
ADD_ON_MARKS = ("+", "-", "*", "#", "=")  # marks opening an add-on's or a note's row under an item
# Parametrised once, not looked up per item.
_Text = Extracted[str]
_Amount = Extracted[Decimal]
# A product code or barcode printed before the name ("10293847 LAMPU LED 12W", "061558 - BMS MILK
# THISTLE"; five digits or more are no count), or a stall's or section's number in brackets ("[T05]
# MIE ACEH"; not a tag of letters, "[MD]", "[RICHE]"), a code opening with 0 (an e-invoice's
# classification, "022 Laptop Repair": no count opens so), or a folio's posting date ("03/05/2025
# Laundry"): no word of the name.
# A running line number opening a name, then a word with a letter ("2 Kuas 3 inch"), perhaps
# after a product code ("1   77120  Obeng Set", "1  TY-4311  HEADLAMP BULB": a code's cell, two
# spaces after it; the code goes with the number).
_NUMBER_OPENING = r"(?P<n>[1-9][0-9]{0,2})\.?\s+"  # a line's number opening a name
_LINE_NUMBER = regex.compile(_NUMBER_OPENING + r"(?:[0-9]{5,}\s+|(?=[A-Z-]*[0-9])[A-Z0-9][A-Z0-9-]{3,}\s{2,})?"
                             r"(?=\S*\p{L})")
_NUMBER_ALONE = regex.compile(_NUMBER_OPENING)
_CODE_FIRST = regex.compile(r"^\s*(?:[0-9]{5,}[\s*:#-]+|0[0-9]{2,4}\s+|\[[A-Z]{0,3}[0-9]{1,4}\]\s*"
                            r"|[0-3]?[0-9]([/.-])[01]?[0-9]\1(?:[0-9]{4}|[0-9]{2})\s+)(?=[^\d\s]*\p{L})")


class ReceiptItem(BaseModel):
    """One purchased line."""

    name: Extracted[str] = field()
    quantity: Extracted[Decimal] = field()
    unit_price: Extracted[Decimal] = field()
    total_price: Extracted[Decimal] = field()
    #: What the rows printed under the line take off it (positive; ``total_price`` is before it).
    discount: Extracted[Decimal] = field()


def discounts(item: ReceiptItem, amount: Money, label: str) -> bool:
    """Whether a row under an item, with no name waiting between them, takes ``amount`` off it:
    one labelled a discount (``MEGA Discount 250-``: the minus read apart), or a negative amount
    printed as money, with a separator (``AMOUNT -29,200``, ``After 4pm)(30%) (4.200)``, ``VC ADEM
    SARI : ( 1,200)``; not ``CHEESE ROLL (4)``), no more than the item's price. A larger one is
    no discount of this item (a return, a misread, the receipt's own discount)."""
    price = item.total_price.value
    return (price is not None and 0 < abs(amount.amount) <= price
            and (label == "discount" or (amount.amount < 0 and amount.has_separator)))


def take_off(item: ReceiptItem, row: Row, amount: Money) -> None:
    """Add the discount ``amount`` printed on ``row`` to ``item``'s (two vouchers on one line add up)."""
    conf = Confidence.start("label_exact", "item discount")
    conf.ocr(row.span_confidence(amount.start, amount.end))
    before = item.discount
    value = abs(amount.amount) + (before.value or Decimal(0))
    raw = amount.raw if before.raw is None else f"{before.raw} {amount.raw}"
    item.discount = _Amount(value=value, confidence=min(conf.rounded, before.confidence or 1.0), raw=raw,
                            box=Box.union([before.box, row.span_box(amount.start, amount.end)]),
                            line=row.index if before.line is None else before.line,
                            notes=["the rows under the item add up"] if before.value is not None else [])


def _amount(item: ReceiptItem) -> Decimal:
    return item.total_price.value or Decimal(0)


def without_section_totals(items: list[ReceiptItem], section_words: set[str]) -> list[ReceiptItem]:
    """``items`` less the rows that sum them up by section: a section word (receipt.toml
    ``items.section_words``) with no quantity, priced at the sum of the items since the last one
    (``1 HOT OCHA 10,000`` / ``3 OCHA 30,000`` / ``** BEVERAGE 40,000``) or ending them; and the rows at their end
    that break their sum down (``FOOD 1,213,000`` / ``BEVERAGES 60,000``, ``** KIDS MEAL
    150,000``): rows with no quantity whose amounts add up to the sum of the two or more items
    above them, each of which prints its quantity (so the rows are of another kind)."""
    kept: list[ReceiptItem] = []
    run = Decimal(0)
    for item in items:
        if (kept and item.quantity.value is None and _amount(item) == run != 0
                and clean_name(item.name.value or "").upper() in section_words):
            run = Decimal(0)
            continue
        kept.append(item)
        run += _amount(item)
    while kept and kept[-1].quantity.value is None and clean_name(kept[-1].name.value or "").upper() in section_words:
        kept.pop()  # "FOOD 757,000" / "BEVERAGES 100,000" below the items, some of them lost
    items = kept
    for k in range(1, len(items) - 1):
        tail, above = items[-k:], items[:-k]
        if tail[0].quantity.value is not None:
            break
        if all(it.quantity.value is not None for it in above) and \
                sum(map(_amount, tail)) == sum(map(_amount, above)) != 0:
            return above
    return items


def line_number_end(text: str) -> int:
    """Where a name opening with a line's number (``19 FD-4759 Local White Rice``) goes on after
    it; 0 for none."""
    return m.end() if (m := _NUMBER_ALONE.match(text)) is not None else 0


def without_line_numbers(items: list[ReceiptItem]) -> list[ReceiptItem]:
    """``items`` with the running line numbers opening every name taken out (``1 Cat Tembok 5kg``,
    ``2 Kuas 3 inch``, ...: an invoice's ``No`` column, 1, 2, 3 in order), no word of the names."""
    numbers = [_LINE_NUMBER.match(it.name.value or "") for it in items]
    if len(items) < 2 or any(m is None or int(m.group("n")) != k for k, m in enumerate(numbers, 1)):
        return items
    for it, m in zip(items, numbers):
        assert m is not None
        # A product's code after the number is no word of the name either ("3 20991  Wheat Flour").
        it.name.value = _CODE_FIRST.sub("", (it.name.value or "")[m.end() :], count=1)
    return items


def with_add_ons(items: list[ReceiptItem]) -> list[ReceiptItem]:
    """``items`` less the add-ons priced inside the line total of the item above them: where an
    item's count times the unit price printed in its name (``1X S-Hazelnut Milk Tea @20,000
    23,000``) falls short of its line total by exactly the prices of the countless rows right
    under it (``Bubbles 3,000``), those rows are its add-ons, not items; the item then keeps that
    unit price and a name without it."""
    kept: list[ReceiptItem] = []
    k = 0
    while k < len(items):
        item = items[k]
        kept.append(item)
        k += 1
        at = _unit_in_name(item)
        q, total = item.quantity.value, item.total_price.value
        if at is None or q is None or total is None or total <= q * at.amount:
            continue
        short, run, j = total - q * at.amount, Decimal(0), k
        while run < short and j < min(len(items), k + _MAX_ADD_ONS) and items[j].quantity.value is None \
                and items[j].total_price.value:
            run += items[j].total_price.value or 0
            j += 1
        if run == short:
            _priced_with_add_ons(item, at, j - k)
            k = j
    return kept


def _unit_in_name(item: ReceiptItem) -> Money | None:
    """The unit price the OCR left at the end of an item's name (``... Milk Tea @20,000``)."""
    name = item.name.value or ""
    if "@" not in name:
        return None  # no "@" for the price to follow: most names, spared the search for amounts
    tail = find_amounts(name)[-1:]
    if not tail or name[tail[0].end :].strip() or not name[: tail[0].start].rstrip().endswith("@"):
        return None
    return tail[0]


def _priced_with_add_ons(item: ReceiptItem, unit: Money, add_ons: int) -> None:
    """Give ``item`` its printed unit price and its name without it (in place)."""
    name = item.name.value or ""
    note = f"its line total holds the {add_ons} add-on(s) priced under it"
    item.name = item.name.model_copy(update={"value": clean_name(name[: unit.start].rstrip().rstrip("@"))})
    item.unit_price = _Amount(value=unit.amount, confidence=item.total_price.confidence, raw=unit.raw,
                              line=item.total_price.line, notes=[note])
    item.total_price = item.total_price.model_copy(update={"notes": [*item.total_price.notes, note]})


def lone_item(rows: Sequence[Row], amounts: Sequence[Sequence[Money]], price: Extracted[Decimal]) -> ReceiptItem | None:
    """The one item of an item region that prints a single name and no price (``1 DAGING SAPI`` /
    ``+B. TELOR BESAR`` / ``Subtotal 75.000``), priced at ``price`` (the subtotal), derived; add-ons
    and notes under it (``+``, ``-``, ``*``, ``#``, ``=``) are no second name. ``None`` otherwise."""
    if price.value is None or price.value <= 0 or any(amounts):
        return None
    names = [r for r in rows if letters(r.text) >= 3 and not r.text.lstrip().startswith(ADD_ON_MARKS)]
    if len(names) != 1:
        return None
    row = names[0]
    text, q = clean_name(row.text), None
    if (lead := LEADING_QTY.match(text)) is not None and int(lead.group("q")) > 0:
        q, text = Decimal(lead.group("q")), text[lead.end() :]
    if any(ch.isdigit() for ch in text):
        return None  # "1.00xITEMS": a count glued to its word, no name
    conf = min(price.confidence, Confidence.start("derived").rounded)
    note = "no price printed: the only item, priced at the subtotal"
    total = _Amount(value=price.value, confidence=conf, notes=[note])
    item = ReceiptItem(name=_Text(value=clean_name(text), confidence=conf, raw=row.text, box=row.box,
                                  line=row.index), total_price=total)
    if q is not None:
        item.quantity = _Amount(value=q, confidence=conf, raw=lead.group("q") if lead else None, line=row.index)
        item.unit_price = _Amount(value=price.value / q, confidence=conf, notes=[DERIVED_UNIT, note])
    return item


@dataclass
class Name:
    """An item's name and where it was read: its own row, the row above, or both."""

    text: str
    row: Row
    box: Box | None
    polygon: Polygon | None
    raw: str


def item_record(row: Row, name: Name, total: Money, q: Money | None, u: Money | None, at: Row) -> ReceiptItem:
    """The item record of a price row: the total always, the quantity and unit price when known
    (read on row ``at``; a unit price not printed is the line total over the quantity, noted)."""
    if q is not None and (q.amount == 0 or (q.amount < 0) != (total.amount < 0)):
        q = None  # "0 x ...", or a sign the total does not share: a misread, not a quantity
    conf = Confidence.start("label_exact", "item line")
    conf.ocr(row.span_confidence(total.start, total.end))
    if total.ambiguous:
        conf.weaken("ambiguous_amount")
    text = clean_name(_CODE_FIRST.sub("", name.text, count=1))
    name_field = _Text(value=text, confidence=conf.rounded, raw=name.raw, box=name.box,
                       polygon=name.polygon, line=name.row.index) if text else _Text(
        notes=["no name printed with this price"])
    total_price = _Amount(value=total.amount, confidence=conf.rounded, raw=total.raw,
                          box=row.span_box(total.start, total.end),
                          polygon=row.span_polygon(total.start, total.end), line=row.index)
    if q is None:
        return ReceiptItem(name=name_field, total_price=total_price)
    unit = u.amount if u is not None else total.amount / q.amount
    # A measure printed with its decimals ("14.620L", "1.000kg"), no count.
    weighed = u is None and (q.amount != q.amount.to_integral_value() or any(ch in ".," for ch in q.raw))
    if u is None and not weighed and unit != unit.quantize(total.amount, rounding=ROUND_DOWN):
        # A count the total does not divide at its own precision ("6 GAL WHITE CONTAINER ...
        # 63.50"): a size, not six of them.
        return ReceiptItem(name=name_field, total_price=total_price)
    quantity = _Amount(value=q.amount, confidence=conf.rounded, raw=q.raw or None,
                       box=at.span_box(q.start, q.end) if q.raw else None,
                       polygon=at.span_polygon(q.start, q.end) if q.raw else None, line=at.index)
    if weighed:
        # A weight with no price per unit printed ("RON97 14.620L  50.00"): the till rounded the
        # total, so the price per unit is not derived.
        return ReceiptItem(name=name_field, quantity=quantity, total_price=total_price)
    unit_price = _Amount(
        value=unit.to_integral_value() if unit == unit.to_integral_value() else unit,
        confidence=conf.rounded if u is not None else Confidence(conf.value).weaken("unit_price_derived").rounded,
        raw=u.raw if u is not None else None,
        box=at.span_box(u.start, u.end) if u is not None else None,
        polygon=at.span_polygon(u.start, u.end) if u is not None else None,
        line=at.index if u is not None else row.index,
        notes=[] if u is not None else [DERIVED_UNIT],
    )
    # Every field at once: an Extracted() default made only to be replaced costs a model.
    return ReceiptItem(name=name_field, quantity=quantity, unit_price=unit_price, total_price=total_price)


# An add-on's price in brackets after a plus ("(+4.000)", "(+RM1.50)"; "(+Rp5. 000)", a space the
# OCR read after a thousands separator).
BRACKETED_EXTRA = regex.compile(rf"\(\s*\+\s*(?:(?:{CURRENCY_WORDS})\s*)?[0-9](?:[0-9.,]|\s(?=[0-9]{{3}}))*\s*\)",
                                regex.IGNORECASE)


def add_ons_counted_in(items: list[ReceiptItem], rows: Sequence[Row], amounts: Sequence[Sequence[Money]],
                       sums: Collection[Decimal], off: Decimal = Decimal(0)) -> list[ReceiptItem]:
    """``items`` less the add-ons priced in brackets on a row of their own, the bracket its only
    amount (``1x Nasi Goreng Rp 37.000`` / ``Tambahan: Keju (+Rp5.000)``), where the items add up
    to a printed sum (a subtotal, a total) without them and not with them: the item's line amount
    counts its add-ons."""
    if not sums or not any("+" in row.text for row in rows):
        return items  # most receipts: no add-on priced with a plus
    lines = {row.index: (row, money) for row, money in zip(rows, amounts)}

    def bracketed(item: ReceiptItem) -> bool:
        row, money = lines.get(item.total_price.line if item.total_price.line is not None else -1, (None, ()))
        extra = BRACKETED_EXTRA.search(row.text) if row is not None and len(money) == 1 else None
        return extra is not None and extra.start() <= money[0].start and money[0].end <= extra.end()

    add_ons = [it for it in items if bracketed(it)]
    if not add_ons or _reaches(items, sums, off):
        return items
    extra = sum((it.total_price.value for it in add_ons if it.total_price.value is not None), Decimal(0))
    if not _reaches(items, {s + extra for s in sums}, off):
        return items
    taken = {id(it) for it in add_ons}
    return [it for it in items if id(it) not in taken]


def _reaches(items: Sequence[ReceiptItem], sums: Collection[Decimal], off: Decimal) -> bool:
    """Whether the items' line totals add up to one of ``sums``, before or after ``off`` (what
    their own discounts take off)."""
    gross = sum((it.total_price.value for it in items if it.total_price.value is not None), Decimal(0))
    return gross in sums or gross - off in sums


def unit_prices_by_sum(items: list[ReceiptItem], sums: Collection[Decimal], off: Decimal = Decimal(0)) -> None:
    """Where a count and one price were read as the line total (``5 ES TEH MANIS 4,000``) and the
    items add up to none of the printed ``sums`` (subtotals, totals), but would if the price of
    one set of them were the unit price, the smallest such set, if only one, is read so (in
    place): the count times the price, no surer than a derived value, noted. ``off`` is what the items' own
    discounts take off."""
    if not sums or _reaches(items, sums, off):
        return
    gross = sum((it.total_price.value for it in items if it.total_price.value is not None), Decimal(0))
    lone = [it for it in items if it.quantity.value is not None and it.quantity.value > 1
            and DERIVED_UNIT in it.unit_price.notes and it.total_price.value is not None]
    if not lone or len(lone) > _MAX_RETRIED:
        return
    for size in range(1, len(lone) + 1):
        found = [combo for combo in itertools.combinations(lone, size)
                 if (gross + sum(_more(it) for it in combo)) in sums
                 or (gross - off + sum(_more(it) for it in combo)) in sums]
        if found:
            if len(found) == 1:
                for it in found[0]:
                    _as_unit_price(it)
            return


def _more(item: ReceiptItem) -> Decimal:
    """What an item's line total grows by when its price is the unit price."""
    assert item.quantity.value is not None and item.total_price.value is not None
    return (item.quantity.value - 1) * item.total_price.value


def _as_unit_price(item: ReceiptItem) -> None:
    """Read the item's price as its unit price, the line total as the count times it."""
    printed, q = item.total_price, item.quantity.value
    assert q is not None and printed.value is not None
    conf = min(printed.confidence, Confidence.start("derived").rounded)
    note = "the price printed is the unit price: the items add up to a printed sum so"
    item.unit_price = printed.model_copy(update={"notes": [*printed.notes, note]})
    item.total_price = _Amount(value=q * printed.value, confidence=conf, raw=None, box=printed.box,
                               polygon=printed.polygon, line=printed.line, notes=["count x unit price", note])
