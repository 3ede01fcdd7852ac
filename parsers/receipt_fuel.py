"""Fuel pump receipts: the fuel as one item, from its volume and its price per litre.

A pump's receipt (an SPBU's ``Jenis BBM Pertalite`` / ``Harga/liter Rp. 10.000`` / ``Liter
2,500`` / ``Total Rp. 25.000``, a Malaysian station's ``22.73 LITRE PUMP # 02`` / ``FUELSAVE 95
RM 50.00`` / ``2.200 RM / LITRE``) prints the volume and the price per litre on rows of their own,
which the item reader would take for items of that price. Their numbers follow no money habit (a
volume of ``48,540`` is 48.54 litres, a ringgit price per litre has three decimals), so each is
read both ways and the arithmetic decides: the volume times the price per litre is an amount the
receipt prints, within a litre's rounding. Only then are those rows one item, named by the
product's label or the row priced at that amount. Words (units, labels) are in receipt.toml
``[fuel]``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import regex

from idextract.confidence import Confidence
from idextract.layout import Row
from idextract.money import Money
from idextract.records import Extracted

from .receipt_item_record import ReceiptItem

__all__ = ["Fuel", "fuel_items"]

_Amount = Extracted[Decimal]
_Text = Extracted[str]
# A number as a pump prints it, not part of a longer one ("Rp.9.850": the dot after Rp is no mark).
# Thousands groups and decimals both may print ("12.500,00").
_NUMBER = regex.compile(r"(?<!\d)(?<!\d[.,])\d{1,6}(?:[.,]\d{3})*(?:[.,]\d{1,3})?(?![\d.,]*\d)")


class Fuel:
    """receipt.toml ``[fuel]``, compiled."""

    def __init__(self, raw: dict[str, Any]) -> None:
        words = "|".join(regex.escape(u) for u in raw["volume_words"])
        units = "|".join(regex.escape(u) for u in [*raw["volume_words"], *raw["volume_marks"]])
        # "/ LITRE", "/L", "/ LLITRE" (a letter doubled by the OCR): a price per litre.
        self.per_volume = regex.compile(rf"/\s*(?:(?:{units})\b|(?:{words}){{e<=1}}\b)", regex.IGNORECASE)
        self.volume = regex.compile(rf"(?<![/\w])(?:{words})\b", regex.IGNORECASE)
        self.product = regex.compile(
            r"^\s*(?:" + "|".join(regex.escape(w) for w in raw["product_labels"]) + r")\b\s*:?\s*(?P<name>.+)$",
            regex.IGNORECASE)
        # Volume x price per litre is the printed amount to within this share.
        self.tolerance = Decimal(str(raw["tolerance"]))
        self.pump = regex.compile(r"^\s*(?:" + "|".join(regex.escape(w) for w in raw["pump_labels"])
                                  + r")\.?\s*(?:NO\.?\s*)?#?\s*:?\s*[0-9]{1,2}\s+(?=\p{L})", regex.IGNORECASE)


def _readings(raw: str) -> list[Decimal]:
    """A printed number both ways: its mark as a decimal point and as thousands grouping."""
    out = []
    texts = [raw.replace(",", "."), raw.replace(",", "").replace(".", "")]
    if "," in raw and "." in raw:  # both marks: the last one is the decimal point ("12.500,00")
        last = max(raw.rfind(","), raw.rfind("."))
        texts = [raw[:last].replace(",", "").replace(".", "") + "." + raw[last + 1 :]]
    for text in texts:
        try:
            value = Decimal(text)
        except InvalidOperation:
            continue
        if value > 0 and value not in out:
            out.append(value)
    return out


# A number on a row: the row's index and the match.
_At = tuple[int, regex.Match[str]]


def _near(rows: list[Row], i: int, start: int, end: int) -> _At | None:
    """The number nearest the words at ``start:end`` of row ``i``."""
    numbers = list(_NUMBER.finditer(rows[i].text))
    found = min(numbers, key=lambda m: min(abs(m.start() - end), abs(start - m.end())), default=None)
    return (i, found) if found is not None else None


def fuel_items(rows: list[Row], amounts: list[list[Money]], items: list[ReceiptItem],
               fuel: Fuel) -> list[ReceiptItem]:
    """``items`` with the fuel as one item in place of its volume, price-per-litre and amount rows,
    when the receipt prints them and they multiply out; else ``items`` as they are. A pump and its
    number opening a name is no word of it."""
    for it in items:
        if it.name.value and (pump := fuel.pump.match(it.name.value)) is not None:
            it.name = it.name.model_copy(update={"value": it.name.value[pump.end() :]})
    # A price per litre opens with its slash: rows without one (nearly all) are not searched.
    per = next(((i, m) for i, r in enumerate(rows) if "/" in r.text and (m := fuel.per_volume.search(r.text))), None)
    unit = _near(rows, per[0], per[1].start(), per[1].end()) if per is not None else None
    if unit is None:
        return items
    volume = next((near for i, r in enumerate(rows) if i != unit[0] and (m := fuel.volume.search(r.text))
                   and (near := _near(rows, i, m.start(), m.end())) is not None), None)
    read = _multiplied(amounts, unit, volume, fuel.tolerance) if volume is not None else None
    if volume is None or read is None:
        return items
    v, u, at, total = read
    # The volume printed again on a row of its own ("39.54 LITRE PUMP # 07" / "39.54") is no item either.
    own = {rows[unit[0]].index, rows[volume[0]].index} | {r.index for r in rows if r.text.strip() == volume[1].group()}
    named_by = next((it for it in items if it.total_price.line == rows[at].index), None)
    product = next(((r, m) for r in rows if (m := fuel.product.match(r.text))), None)
    name = _product_name(*product) if product is not None else named_by.name if named_by else _Text()
    kept = [it for it in items if it is not named_by and it.total_price.line not in own]
    conf = Confidence.start("label_exact").rounded
    note = ["volume x price per litre = the amount printed"]
    return [*kept, ReceiptItem(
        name=name if name.found else _Text(notes=["no product name found"]),
        quantity=_number(rows, volume, v, conf, ["litres", *note]), unit_price=_number(rows, unit, u, conf, note),
        total_price=_Amount(value=total.amount, confidence=conf, raw=total.raw, line=rows[at].index, notes=note,
                            box=rows[at].span_box(total.start, total.end)))]


def _multiplied(amounts: list[list[Money]], unit: _At, volume: _At,
                tolerance: Decimal) -> tuple[Decimal, Decimal, int, Money] | None:
    """The volume and price per litre, read so that they multiply out to an amount printed on
    another row, and that amount with its row; ``None`` unless exactly one reading does."""
    printed = [(i, m) for i, ms in enumerate(amounts) for m in ms
               if i not in (unit[0], volume[0]) and m.amount > 0 and (m.has_separator or m.currency)]
    matches = [(v, u, i, m) for v in _readings(volume[1].group()) for u in _readings(unit[1].group())
               for i, m in printed if abs(v * u - m.amount) <= tolerance * m.amount]
    if len({(v, u) for v, u, _, _ in matches}) > 1:
        # "38.935" litres at "5.150" or the other way round: the price is read as money.
        priced = {m.amount for m in amounts[unit[0]]}
        matches = [x for x in matches if x[1] in priced]
    if len({(v, u) for v, u, _, _ in matches}) != 1:
        return None
    return min(matches, key=lambda x: (x[2], x[3].start))  # the first row that prints it


def _number(rows: list[Row], at: _At, value: Decimal, conf: float, notes: list[str]) -> Extracted[Decimal]:
    row, m = rows[at[0]], at[1]
    return _Amount(value=value, confidence=conf, raw=m.group(), box=row.span_box(m.start(), m.end()),
                   line=row.index, notes=notes)


def _product_name(row: Row, m: regex.Match[str]) -> Extracted[str]:
    """The product a label names (``Jenis BBM: Pertalite``)."""
    return _Text(value=m.group("name").strip(), confidence=Confidence.start("label_exact").rounded,
                 raw=row.text, box=row.span_box(m.start("name"), m.end("name")), line=row.index)
