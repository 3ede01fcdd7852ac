"""Rows among the items that a label leads but that are no summary line: the sums of sections
(``SUBTOTAL 8.85`` under two items, more items under it), items named with a money label's word
(``CONSULTATION FEE 30.00``), and charges a subtotal or total sums in with the items (``Ongkir 8 kg
x 38.000 304.000`` over ``Subtotal``). The first summary line and the item region's labels both
read them (``receipt.py`` finds them once). And a table of measurements among the items (an
optician's prescription), which prices nothing; offers for a later visit, which are no sum; and a
fare's or a charge's label above the total, pricing the item bought."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection
from decimal import Decimal

from idextract.layout import Row
from idextract.money import Money
from idextract.text import LabelHit, LabelMatcher

from .receipt_label_items import name_words, prints_money
from .receipt_row_kinds import ENDS_IN_CENTS, names_an_item

__all__ = ["charges_above_a_total", "items_among_items", "measure_table", "offer_rows", "section_sums", "seller_fees",
           "taken_off"]

_WORD = re.compile(r"[A-Z]+")  # a word of letters, in upper case
# Charges that an items' subtotal may sum in with the items (receipt.toml: fees; packing and bags
# are read as rounding-like adjustments of the total).
_CHARGES = ("fee", "rounding")


def section_sums(rows: list[Row], leading: list[list[LabelHit]], amounts: list[list[Money]]) -> set[int]:
    """The rows that sum the items up by section (``SUBTOTAL 8.85`` under two items, more items
    under it): led by a subtotal or total label, priced at the sum of the two or more unlabelled
    prices since the last such row, with more items under it, and a later total or subtotal
    priced at the sum of all those prices."""
    if not _sections_possible(leading, amounts):
        return set()  # most receipts: no sum with items under it, then another sum
    priced = _item_prices(leading, amounts)

    def items_follow(k: int) -> bool:  # before the next labelled row; a section's own title may come first
        nxt = _next_priced(leading, amounts, k)
        return nxt is not None and priced(nxt) and amounts[nxt][-1].amount > 0  # an item, not a discount

    found: set[int] = set()
    last: int | None = None
    last_fees: set[int] = set()  # the last section's own fee rows ("Pengiriman: ..." above "Total toko")
    # The sums run net of the savings printed under the items ("Save -0.47") and gross of them.
    run, seen, count = [Decimal(0), Decimal(0)], [Decimal(0), Decimal(0)], 0
    # A section's own fees, which its sum may count ("Pengiriman: KurirKita  11.000" / "Total toko
    # 428.500"), and their rows: of the section, no summary.
    fees, fee_rows = Decimal(0), set[int]()
    for k, row_hits in enumerate(leading):
        if k in fee_rows or _product_again(rows, amounts, priced, k):
            continue
        if priced(k):
            price = _price(rows, amounts, k)
            gross = price if price > 0 else Decimal(0)
            run, seen = [run[0] + price, run[1] + gross], [seen[0] + price, seen[1] + gross]
            count += price > 0
        elif row_hits and row_hits[0].key == "fee" and count:
            at = k if amounts[k] else k + 1 if k + 1 < len(rows) and priced(k + 1) else None
            if at is not None:  # its amount on its row, or alone on the next ("Pengiriman: ..." / "Rp 11.000")
                fees, fee_rows = fees + amounts[at][-1].amount, fee_rows | {k, at}
        elif row_hits and row_hits[0].key in ("subtotal", "total") and amounts[k]:
            amount = amounts[k][-1].amount
            summed = amount in run or amount - fees in run
            if amount in seen and found:
                # The sum of every section, the receipt's own. One price after the last section,
                # not summed by a row of its own, is an unlabelled tax or fee ("SUB TOTAL 49,091" /
                # "PJR 4,909" / "TOTAL 54,000").
                return found | {last} | last_fees if last is not None else (found if count >= 2 else set())
            if summed and count and not items_follow(k):
                last = k  # the last section's own sum, right above the receipt's
                last_fees = fee_rows if fees and amount - fees in run else set()
            # Two items or more: a price repeated under each item ("HARGA JUAL : 18,800") sums none.
            elif count >= 2 and summed:
                found |= {k} | (fee_rows if fees and amount - fees in run else set())
                run, count, last, fees = [Decimal(0), Decimal(0)], 0, None, Decimal(0)
            fee_rows = {r for r in fee_rows if r in found}
    # No row sums them all (a marketplace order's "Total Harga" counts the goods, not each
    # seller's shipping its "Total toko" adds): two sections or more, each with items under it,
    # are sections still.
    return found | ({last} | last_fees if last is not None else set()) if len(found) >= 2 else set()


def seller_fees(rows: list[Row], leading: list[list[LabelHit]], amounts: list[list[Money]]) -> set[int]:
    """The fee rows among the items of a marketplace order's sellers, none summed on its own
    (``Penjual: A`` / its items / ``Ongkos kirim 9,000`` / ``Penjual: B`` / its items / ``Ongkos
    kirim 12,000`` / ``Subtotal untuk produk 132,500``): two fees or more, items priced before each,
    and the first subtotal or total the sum of every item above it, the fees left out. Rows of the
    sections, no summary. (One fee between items, ``Biaya kemasan 2.000``, is the summary's.)"""
    if sum(1 for h in leading if h and h[0].key == "fee") < 2:
        return set()  # most receipts: one fee or none
    priced = _item_prices(leading, amounts)
    run, fees, since = Decimal(0), set[int](), 0  # ``since``: items priced since the last fee
    for k, row_hits in enumerate(leading):
        if _product_again(rows, amounts, priced, k):
            continue
        if priced(k):
            run, since = run + _price(rows, amounts, k), since + 1
        elif row_hits and row_hits[0].key == "fee" and amounts[k] and run:
            if not since:
                return set()  # two fees in a row: a summary's
            fees, since = fees | {k}, 0
        elif row_hits and row_hits[0].key in ("subtotal", "total") and amounts[k]:
            return fees if len(fees) >= 2 and amounts[k][-1].amount == run else set()
    return set()


def _product_again(rows: list[Row], amounts: list[list[Money]], priced: Callable[[int], bool], k: int) -> bool:
    """Whether row ``k`` is the product of a count and price above it, alone (``1 X 3.99`` / ``3.99``)."""
    return (priced(k) and k > 0 and priced(k - 1) and len(amounts[k]) == 1
            and amounts[k - 1][-1].amount == amounts[k][0].amount and not any(ch.isalpha() for ch in rows[k].text))


def _price(rows: list[Row], amounts: list[list[Money]], k: int) -> Decimal:
    """The line total of priced row ``k`` (two items' where the OCR merged their rows)."""
    return _line_totals(rows[k].text, amounts[k]) if len(amounts[k]) > 1 else amounts[k][-1].amount


def _sections_possible(leading: list[list[LabelHit]], amounts: list[list[Money]]) -> bool:
    """A necessary condition for :func:`section_sums` to find a row, with no price added up: a
    section's sum is a row a total or subtotal leads, with amounts, whose next labelled or priced
    row is unlabelled and priced above 0 (its ``items_follow``), and a later such row sums it."""
    sums = [k for k, h in enumerate(leading) if h and h[0].key in ("subtotal", "total") and amounts[k]]
    for k in sums[:-1]:
        nxt = _next_priced(leading, amounts, k)
        if nxt is not None and not leading[nxt] and amounts[nxt][-1].amount > 0:
            return True
    return False


def _next_priced(leading: list[list[LabelHit]], amounts: list[list[Money]], k: int) -> int | None:
    """The next labelled or priced row after section sum ``k``, past the section's own fee (a
    marketplace seller's shipping: "Subtotal Harga Barang 554.000" / "Ongkos Kirim 11.000" /
    "Penjual: Sport Maju Store" / its items)."""
    return next((j for j in range(k + 1, len(leading)) if (leading[j] or prints_money(amounts[j]))
                 and not (leading[j] and leading[j][0].key == "fee")), None)


def _line_totals(text: str, money: list[Money]) -> Decimal:
    """The row's line total, or the sum of two items' line totals where the OCR merged their rows
    (``3 Kerepek 9.60 2 Mi Segera 10.40``: a price with a name after it ends an item too)."""
    last = money[-1]
    priced = [m for m in money if ENDS_IN_CENTS.search(m.raw)]
    ended = [m for m, nxt in zip(priced, priced[1:])
             if m.amount > 0 and sum(ch.isalpha() for ch in text[m.end : nxt.start]) >= 2]
    return last.amount + sum((m.amount for m in ended), Decimal(0)) if last.amount > 0 else last.amount


def items_among_items(rows: list[Row], leading: list[list[LabelHit]], amounts: list[list[Money]],
                      quantity_marks: list[str]) -> set[int]:
    """The rows led by a money label that are items named with that word: a word before the
    label or a name after it (``CONSULTATION FEE 30.00``, ``SERVICE AIRCOND 80.00``), money on
    it, an unlabelled item priced in money right under it, and the prices of the unlabelled rows
    above the next total or subtotal, with its own, adding up to it. A summary line is the label
    alone, its block goes on in labels, and the items' sum is printed before it. (One pass: the
    sums are running ones, so that no text makes this quadratic.)"""
    n = len(rows)
    before: list[Decimal] | None = None  # built for the first row that gets to the sum (few do)
    found: set[int] = set()
    end: int | None = None  # the next total or subtotal below, walking up
    for i in range(n - 1, -1, -1):
        hits = leading[i]
        if hits and any(h.key in ("total", "subtotal") for h in hits):
            nearest = end
            end = i
        else:
            nearest = end
        if not hits or nearest is None or i + 1 >= n or leading[i + 1] or not prints_money(amounts[i]):
            continue
        text, first = rows[i].text, hits[0]
        worded = any(ch.isalpha() for ch in text[: first.start]) or name_words(text, hits[-1].end) >= 1
        below = rows[i + 1].text[: amounts[i + 1][0].start] if amounts[i + 1] else ""
        if not (worded and prints_money(amounts[i + 1]) and names_an_item(below, quantity_marks)):
            continue
        before = _prices_above(leading, amounts) if before is None else before
        if before[nearest] + amounts[i][-1].amount in {m.amount for m in amounts[nearest]}:
            found.add(i)
    return found | _charges_summed_in(rows, leading, amounts)


def _prices_above(leading: list[list[LabelHit]], amounts: list[list[Money]]) -> list[Decimal]:
    """The unlabelled prices above each row (and below the last), added up."""
    before = [Decimal(0)] * (len(amounts) + 1)
    for k, money in enumerate(amounts):
        own = money[-1].amount if not leading[k] and prints_money(money) else Decimal(0)
        before[k + 1] = before[k] + own
    return before


def _item_prices(leading: list[list[LabelHit]], amounts: list[list[Money]]) -> Callable[[int], bool]:
    """Whether a row prints an item's price: money, no label, and in cents where most prices
    print cents, or without where most do not (a head's "ODO: 152,004" among prices in cents, a
    time "09.00" among rupiah, price nothing)."""
    line_totals = [a[-1] for k, a in enumerate(amounts) if not leading[k] and prints_money(a)]
    cents = sum(1 for m in line_totals if ENDS_IN_CENTS.search(m.raw)) > len(line_totals) / 2

    def priced(k: int) -> bool:
        money = amounts[k]
        return not leading[k] and prints_money(money) and bool(ENDS_IN_CENTS.search(money[-1].raw)) == cents

    return priced


def _charges_summed_in(rows: list[Row], leading: list[list[LabelHit]], amounts: list[list[Money]]) -> set[int]:
    """The rows led by a charge's label (a fee, packing) above the first subtotal that, with the
    unlabelled prices above it, make that subtotal: items ("Ongkir 8 kg x 38.000 304.000",
    "Packing kayu" / "60.000", "Biaya admin 2.500" over "Subtotal 371.500"). Where the subtotal is
    the prices alone, the charges below it are the summary's. With no subtotal, the first total
    made so, by charges named past their label ("Ongkir Jakarta Selatan 50.000", "Biaya
    Administrasi (1) 5.000"; a tender's word above every total, "Kartu Ucapan 10.000", names one
    too): a charge alone ("Service Charge 10% 5.000") stays the summary's."""
    sub = next((k for k, h in enumerate(leading) if h and h[0].key == "subtotal" and prints_money(amounts[k])), None)
    end = sub if sub is not None else next(
        (k for k, h in enumerate(leading) if h and h[0].key == "total" and prints_money(amounts[k])), None)
    if end is None:
        return set()
    kinds = _CHARGES if sub is not None else (*_CHARGES, "amount_paid")
    if not any(h and all(x.key in kinds for x in h) for h in leading[:end]):
        return set()  # no charge's row above it (most receipts): nothing to add up
    priced = _item_prices(leading, amounts)
    prices, charges, found = Decimal(0), Decimal(0), set()
    for k in range(end):
        if not leading[k]:
            prices += amounts[k][-1].amount if priced(k) else 0
        elif all(h.key in kinds for h in leading[k]) and (sub is not None
                                                           or name_words(rows[k].text, leading[k][-1].end)):
            if prints_money(amounts[k]) and amounts[k][-1].amount > 0:
                charges += amounts[k][-1].amount
                found.add(k)
            elif not amounts[k] and k + 1 < end and not leading[k + 1] and prints_money(amounts[k + 1]):
                found.add(k)  # its price alone on the next row, added up with the prices
    made = prices + charges in {m.amount for m in amounts[end]}
    return found if found and charges and prices and made else set()


def measure_table(rows: list[Row], region: range, header: set[str], words: set[str]) -> set[int]:
    """The rows of a table of measurements among the items (receipt.toml ``measure_table_*``: an
    optician's ``Rx SPH CYL AXIS ADD`` and its rows of numbers), which price nothing."""
    out: set[int] = set()
    k = region.start
    while k < region.stop:
        named = _WORD.findall(rows[k].text.upper())
        if len(set(named) & header) >= 2 and all(w in words for w in named):
            out.add(k)
            k += 1
            while k < region.stop and any(ch.isdigit() for ch in rows[k].text) and \
                    all(w in words for w in _WORD.findall(rows[k].text.upper())):
                out.add(k)
                k += 1
            continue
        k += 1
    return out


# An offer's terms open a row when they start at most this far in (a row holds no leading spaces;
# one mark may come first: "*Min. belanja").
_OPENS = 1


def offer_rows(rows: list[Row], hits: list[list[LabelHit]], amounts: list[list[Money]],
               offer: LabelMatcher) -> set[int]:
    """A row that offers something for a later visit (``offer``: receipt.toml's offer words), or
    a discount's row whose next row opens with the offer's terms, is labelled ignored: its amounts
    are no sum and no item, wherever the label stands (``hits`` changed in place). Returns those
    rows."""
    offers = set()
    for i, row in enumerate(rows):
        if taken_off(amounts[i]):
            continue
        if offered := offer.find(row.text, fuzzy=False):
            # "Belanja Rp 100.000 dapat voucher Rp 10.000" is no discount of this bill
            hits[i] = [dataclasses.replace(h, key="ignore") for h in (*hits[i], *offered)]
            offers.add(i)
        elif hits[i] and i + 1 < len(rows) and all(h.key == "discount" for h in hits[i]) \
                and any(h.start <= _OPENS for h in offer.find(rows[i + 1].text, fuzzy=False)):
            # "VOUCHER Rp 10.000" / "Min. belanja Rp 100.000, berlaku s/d 13 Des"
            hits[i] = [dataclasses.replace(h, key="ignore") for h in hits[i]]
            offers.add(i)
    return offers


def taken_off(amounts: list[Money]) -> bool:
    """Whether a row's last amount is money taken off ("MEMBER 10% -3.99" under an item)."""
    return bool(amounts) and amounts[-1].amount < 0 and amounts[-1].has_separator


_FIELD_COLON = re.compile(r"\s*:")  # a field's label, its value after a colon


def charges_above_a_total(rows: list[Row], leading: list[list[LabelHit]], amounts: list[list[Money]],
                           charge_items: Collection[str]) -> list[int]:
    """The rows of a charge's label (receipt.toml ``charge_items``: ``Tarif Zona 4 210.000``)
    priced on their row, above a row that another total's label leads: what was bought, which
    the total sums up (alone, the charge is the total: ``TARIF 3.000`` / ``LUNAS - TUNAI``; a
    field's label and value, ``Tarif : Rp 17.000`` among ``Masuk :`` and ``Keluar :``, are the
    slip's details)."""
    charges = [i for i, h in enumerate(leading) if h and amounts[i] and not _FIELD_COLON.match(rows[i].text, h[-1].end)
               and all(x.key == "total" and x.label in charge_items for x in h)]
    if not charges:
        return []
    last_total = max((i for i, h in enumerate(leading) if any(x.key == "total" and x.label not in charge_items
                                                                  for x in h)), default=-1)
    return [i for i in charges if i < last_total]
