"""Receipts (struk, nota) and bank transfer slips: text in, a :class:`Receipt` out.

Words whose amount printing hid from its label are mended first
(:mod:`idextract.parsers.receipt_words`). The parser then reads rows (see :mod:`idextract.layout`),
finds labels from ``receipt.toml`` (exact, then fuzzy for OCR damage such as ``TUNAT`` or
``Kerbalian``), turns each labelled amount into a candidate and lets the printed arithmetic choose
between candidates (:mod:`idextract.parsers.receipt_amounts`). Items come from the rows between the
head and the first summary line (:mod:`idextract.parsers.receipt_items`).

It never raises on text: junk gives a record with empty fields, confidence 0 and a warning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import Field

from idextract.bounds import parser_input
from idextract.confidence import Confidence, calibrate
from idextract.layout import Row
from idextract.money import Money, size_after
from idextract.ocr.base import OcrResult
from idextract.records import Document, Extracted, field
from idextract.text import LabelHit, normalize

from .receipt_amounts import Reconciled, reconcile
from .receipt_candidates import MONEY_ROLES, Candidate, label_candidates, row_amounts
from .receipt_cells import cells_rejoined
from .receipt_currency import THOUSAND, currency_of, tenths, without_cents_under
from .receipt_dates import date_time
from .receipt_fuel import fuel_items
from .receipt_head import head_details, merchant_name, text_fields
from .receipt_item_record import add_ons_counted_in, lone_item, unit_prices_by_sum
from .receipt_items import ReceiptItem
from .receipt_line import NAME_MARKS
from .receipt_merged import items_unmerged
from .receipt_mirrored import amounts_last, cells_joined, totals_column_joined, totals_rejoined
from .receipt_regions import first_summary as find_first_summary
from .receipt_regions import item_region, item_region_labels, leads
from .receipt_row_kinds import ENDS_IN_CENTS, counted_charge
from .receipt_sections import (
    charges_above_a_total,
    items_among_items,
    measure_table,
    offer_rows,
    section_sums,
    seller_fees,
    taken_off,
)
from .receipt_spec import ReceiptSpec, receipt_spec
from .receipt_stacked import stacked_values, unnamed_changes
from .receipt_tables import column_headers, tax_table
from .receipt_tender_doubts import balance_after_deposit, status_tender, total_as_tender
from .receipt_tenders import completed_tender, points_spent
from .receipt_total import without_bases_below
from .receipt_unlabelled import with_unlabelled
from .receipt_words import unhide_amounts

__all__ = ["Receipt", "ReceiptItem", "parse_receipt"]

# A note written short prints its sums in full on this many rows at most (total, paid, change, a
# deposit and what is left).
_MOST_FULL_SUMS = 5


class Receipt(Document):
    """A shop receipt or a bank transfer slip. Money is ``Decimal``; dates ``datetime.date``."""

    doc_type: str = "receipt"
    document_kind: Extracted[str] = field()
    merchant_name: Extracted[str] = field()
    merchant_address: Extracted[str] = field()
    merchant_phone: Extracted[str] = field()
    merchant_npwp: Extracted[str] = field()
    transaction_date: Extracted[dt.date] = field()
    transaction_time: Extracted[dt.time] = field()
    receipt_number: Extracted[str] = field()
    cashier: Extracted[str] = field()
    items: list[ReceiptItem] = Field(default_factory=list)
    subtotal: Extracted[Decimal] = field()
    discount: Extracted[Decimal] = field()
    service_charge: Extracted[Decimal] = field()
    tax: Extracted[Decimal] = field()
    tax_rate: Extracted[Decimal] = field()
    total: Extracted[Decimal] = field()
    amount_paid: Extracted[Decimal] = field()
    change: Extracted[Decimal] = field()
    payment_method: Extracted[str] = field()
    currency: Extracted[str] = field()
    # Transfer slips.
    reference_number: Extracted[str] = field()
    sender_name: Extracted[str] = field()
    recipient_name: Extracted[str] = field()
    bank: Extracted[str] = field()
    account_number: Extracted[str] = field()
    fee: Extracted[Decimal] = field()
    status: Extracted[str] = field()


# Parametrised once: each ``Extracted[str]`` is a lookup in pydantic's cache of generic classes.
_Text = Extracted[str]
_Amount = Extracted[Decimal]
_Date = Extracted[dt.date]
_Time = Extracted[dt.time]
_NOTHING: Extracted[Any] = Extracted()  # read only: what a role without a field has found


def parse_receipt(source: OcrResult | str, *, today: dt.date | None = None) -> Receipt:
    """Parse OCR output (or plain text, one line per row) into a :class:`Receipt`."""
    spec = receipt_spec()
    ocr = unhide_amounts(parser_input(source), spec.amounts)
    rows = ocr.rows()
    for row in rows:
        if len(row.words) == 1:
            row.text = normalize(row.text)
    record = Receipt(engine=ocr.engine, image_size=ocr.image_size, warnings=list(ocr.warnings))

    currency, cur_conf, cur_raw = currency_of(rows, spec.ringgit_words)
    rows = amounts_last(cells_rejoined(rows, spec.column_headers), currency)
    rows = totals_column_joined(totals_rejoined(cells_joined(rows, currency), currency), currency)
    record.currency = _Text(value=currency, confidence=cur_conf.rounded, raw=cur_raw,
                            notes=["currency mark printed" if cur_raw else "no currency mark; inferred"])
    amounts = [row_amounts(r, currency, spec.min_rupiah, sizes=size_after()) for r in rows]
    if _written_short(rows, amounts, spec):
        amounts = [row_amounts(r, currency, spec.min_rupiah, sizes=size_after(), short=spec.shorthand.find)
                   for r in rows]
    if currency == "IDR":
        amounts = without_cents_under(rows, amounts, spec.min_rupiah)
    # Most receipts print no tariff ("Tarif : Rp 5.000 / jam"), offer, refund, tax table or transfer
    # marker: one search of every row for all their words tells (rare), for each pass alike.
    rare = spec.rare.in_any(r.text for r in rows)
    tariffed = rare and spec.tariff.in_any(r.text for r in rows)
    hits, leading, headers, tables = _labels(rows, amounts, spec, tariffed, rare)
    # Both the first summary line and the item region's labels look at these rows: found once.
    marks = spec.items["quantity_marks"]
    sections = section_sums(rows, leading, amounts) | seller_fees(rows, leading, amounts)
    labelled = items_among_items(rows, leading, amounts, marks)
    stacked = stacked_values(rows, leading, amounts)
    first_summary = find_first_summary(rows, leading, amounts, marks, headers, sections | labelled, stacked,
                                       spec.qualified)
    head = _read_head(record, rows, amounts, leading, headers, spec, today or dt.date.today())
    region = item_region(rows, leading, amounts, headers, first_summary, head, spec)
    item_region_labels(region, rows, hits, leading, amounts, marks, sections, labelled)
    refund = rare and spec.refund.in_any(rows[i].text for i in range(region.start))  # some of rare's rows
    if refund:  # the goods returned, printed negative, are its items
        amounts = [[dataclasses.replace(m, amount=-m.amount) if m.amount < 0 and i in region else m for m in a]
                   for i, a in enumerate(amounts)]
    for i, change in unnamed_changes(rows, hits, stacked).items():
        hits[i] = [change]
    cands = _candidates(rows, hits, amounts, currency, spec, stacked, tables)
    discounting = _read_items(record, region, rows, hits, amounts, currency, spec, _printed_sums(cands), tariffed)
    record.items = fuel_items(rows, amounts, record.items, spec.fuel)
    items_discount = sum((it.discount.value for it in record.items if it.discount.value is not None), Decimal(0))
    if discounting:
        cands["discount"] = _receipt_discounts(cands.get("discount", []), discounting, items_discount)
    record.items = add_ons_counted_in(record.items, rows, amounts, _printed_sums(cands), items_discount)
    unit_prices_by_sum(record.items, _printed_sums(cands), items_discount)
    result = reconcile(cands, items_sums=_items_sums(record.items, items_discount), items_discount=items_discount,
                       date=record.transaction_date.value, total_fallback_labels=spec.fallbacks,
                       tax_rates=spec.tax_rates_of.get(currency, spec.tax_rates), handed_over=spec.handed_over,
                       face_values=spec.face_values, tender_totals=spec.tender_totals, refund=refund,
                       disputed=spec.disputed)
    _set_summary(record, result)
    if not record.items and (item := lone_item([rows[i] for i in region if not hits[i]], [amounts[i] for i in region],
                                               record.subtotal)) is not None:
        record.items = [item]  # a labelled row (a count, a note) names no item
    _tenders(record, result, cands, rows, hits, amounts, spec)
    _transfer_fields(record, rows, spec, rare)
    _finish(record)
    calibrate(record, result.ceilings)
    return record


def _candidates(rows: list[Row], hits: list[list[LabelHit]], amounts: list[list[Money]], currency: str | None,
                spec: ReceiptSpec, stacked: dict[int, tuple[int, int]], tables: set[int]) -> dict[str, list[Candidate]]:
    """Each role's amount candidates: labelled, unlabelled, points spent; no base of tax under the total."""
    cands = label_candidates(rows, hits, amounts, spec.priors, excluding=spec.excluding, value_words=spec.value_words,
                             qualifying=spec.qualifying_ignored, charges=spec.charges, stacked=stacked,
                             taken_off_only=spec.taken_off_only, money_only=spec.money_only,
                             counted_too=spec.counted_too)
    with_unlabelled(cands, rows, hits, amounts, spec.rates_of.get(currency, spec.rates), spec.unlabelled_tax_slack,
                    tables, spec.value_words)
    if spent := points_spent(cands, rows, amounts, spec.points, spec.points_kept):
        cands["discount"] = [*cands.get("discount", []), *spent]
    without_bases_below(cands, spec.including)
    return cands


_EDGE_MARKS = NAME_MARKS + "'"  # a stray mark the paper's edge gives a row, as a name's ends lose


def _written_short(rows: list[Row], amounts: list[list[Money]], spec: ReceiptSpec) -> bool:
    """Whether a note writes its rupiah short ("9rb", "15k"): names print them too ("PULSA 50RB" /
    "Harga 51.500"), so only where no amount of a thousand or more is printed in full but on rows
    a money label leads (the note's "total 181.000", "bayar 200.000", "DP 300.000")."""
    full = [i for i, money in enumerate(amounts) if any(m.amount >= THOUSAND for m in money)]
    return len(full) <= _MOST_FULL_SUMS and all(_summed_in_full(rows[i].text, spec) for i in full)


def _summed_in_full(text: str, spec: ReceiptSpec) -> bool:
    hits = spec.amounts.find(text, fuzzy=False)
    # A stray mark before the label ("|total 181.000", the paper's edge) leads nothing.
    return bool(hits) and hits[0].key in MONEY_ROLES and not text[: hits[0].start].strip(_EDGE_MARKS)


def _labels(rows: list[Row], amounts: list[list[Money]], spec: ReceiptSpec, tariffed: bool,
            rare: bool) -> tuple[list[list[LabelHit]], list[list[LabelHit]], set[int], set[int]]:
    """The amount labels of each row, those that lead their row, the column-header rows and the
    rows of printed tax tables (``tariffed``: some row may hold a tariff word; ``rare``: some row
    may hold a word of ``spec.rare``)."""
    # The fuzzy pass is slow: only where an amount could belong to the label (same or next row).
    exact = spec.amounts.find_each([r.text for r in rows])
    hits = [spec.amount_hits(r.text, fuzzy_until=amounts[i][0].start if amounts[i] else
                             (len(r.text) if i + 1 < len(rows) and amounts[i + 1] else 0), exact=exact[i])
            for i, r in enumerate(rows)]
    headers, tables = column_headers(rows, amounts, spec), tax_table(rows, spec) if rare else set()
    for i in headers | tables:
        hits[i] = []  # "Item Qty Price Total" names columns, a tax table breaks the tax down
    if tariffed:
        for i, row in enumerate(rows):
            if hits[i] and spec.tariff.find(row.text, fuzzy=False):
                hits[i] = []  # a price per hour ("Tarif : Rp 5.000 / jam") is no sum
    offers = offer_rows(rows, hits, amounts, spec.offer) if rare and spec.offer.in_any(r.text for r in rows) else set()
    leading = [h if leads(r.text, h) or i in offers else [] for i, (r, h) in enumerate(zip(rows, hits))]
    for i in charges_above_a_total(rows, leading, amounts, spec.charge_items):
        hits[i], leading[i] = [], []  # "Tarif Tiket 645.000" over "Total 652.500": the fare bought, an item
    return hits, leading, headers, tables


def _read_head(record: Receipt, rows: list[Row], amounts: list[list[Money]], leading: list[list[LabelHit]],
               headers: set[int], spec: ReceiptSpec, today: dt.date) -> list[Extracted[Any]]:
    """Set the head's fields (merchant, date and time, address, phone, numbers) on ``record``;
    return them, for the item region to start below."""
    date, time = date_time(rows, spec.date_labels, today)
    record.transaction_date, record.transaction_time = date, time
    merchant, merchant_row = merchant_name(rows, spec, amounts, leading, headers)
    record.merchant_name = merchant
    details = head_details(rows, spec, merchant_row, amounts)
    texts = text_fields(rows, spec, amounts)
    for name, value in {**texts, **details}.items():
        if name in Receipt.model_fields:
            setattr(record, name, value)
    return [merchant, date, time, *details.values(), *texts.values()]


def _read_items(record: Receipt, region: range, rows: list[Row], hits: list[list[LabelHit]],
                amounts: list[list[Money]], currency: str, spec: ReceiptSpec, sums: set[Decimal],
                tariffed: bool) -> set[int]:
    """Set ``record.items`` from the item region (``sums``: what they may add up to; ``tariffed``: some
    row of the receipt may hold a tariff word); return the rows of the discounts they took."""
    # A labelled row's amounts are its label's, not an item's; a discount's may be an item's own
    # (after an ignored word: "MEMBER DISCOUNT -0.24"). A tariff's row names nothing ("MAX PER DAY RM15.00").
    tariffs = tariffed and spec.tariff.in_any(rows[i].text for i in region)  # none where no row has one
    labels = [next((h for h in hits[i] if h.key != "ignore"), hits[i][0]) if hits[i] else
              next(iter(spec.tariff.find(rows[i].text, fuzzy=False)), None)
              if tariffs and not counted_charge(rows[i].text, amounts[i]) else None for i in region]
    if tariffs and _charged(region, labels, amounts, sums):
        labels = [None if lab is not None and lab.key == "tariff" else lab for lab in labels]
    priceless = measure_table(rows, region, spec.measure_header, spec.measure_rows)
    # A stop word's row among the items is an item's note ("Member Price (Reg 19,000) Save 1,000"), its
    # numbers no price (unless taken off the item: "MEMBER 10% -3.99").
    if spec.stop.in_any(rows[i].text for i in region):
        priceless |= {i for i in region if spec.stop.find(rows[i].text, fuzzy=False) and not taken_off(amounts[i])
                     and not any(h.key == "discount" for h in hits[i])}
    item_amounts = [amounts[i] if i not in priceless and ((lab is None and not tenths(amounts[i], currency))
                    or (lab is not None and lab.key == "discount" and lab.label not in spec.discount_sums)
                    or (lab is not None and lab.key == "ignore" and taken_off(amounts[i]))) else []
                    for i, lab in zip(region, labels)]
    cents = any(m.has_separator and ENDS_IN_CENTS.search(m.raw) for row in amounts for m in row)
    record.items, discounting = items_unmerged([rows[i] for i in region], item_amounts,
                                               [lab.key if lab else "" for lab in labels], currency, spec, cents, sums)
    return discounting


def _charged(region: range, labels: list[LabelHit | None], amounts: list[list[Money]], sums: set[Decimal]) -> bool:
    """Whether the item region's tariff rows are what was charged ("Jam pertama 2.00" / "Jam
    berikutnya 2 x 1.00 2.00" / "JUMLAH 4.00"), no notice of a rate: their amounts and the other
    priced rows' add up to a printed sum."""
    last = [amounts[i][-1].amount for i, lab in zip(region, labels)
            if amounts[i] and (lab is None or lab.key == "tariff")]
    return any(lab is not None and lab.key == "tariff" and amounts[i] for i, lab in zip(region, labels)) \
        and sum(last, Decimal(0)) in sums


def _set_summary(record: Receipt, result: Reconciled) -> None:
    """The summary block's fields, checks and tax rate as the arithmetic chose them."""
    for role in ("total", "subtotal", "tax", "service_charge", "discount", "amount_paid", "change", "fee"):
        setattr(record, role, result.fields[role])
    record.checks = result.checks
    if result.tax_rate is not None and record.tax.found:
        record.tax_rate = _Amount(value=result.tax_rate, confidence=record.tax.confidence,
                                  raw=f"{result.tax_rate}%", box=record.tax.box, line=record.tax.line,
                                  polygon=tax.label_polygon if (tax := result.chosen.get("tax")) else None)


def _tenders(record: Receipt, result: Reconciled, cands: dict[str, list[Candidate]], rows: list[Row],
             hits: list[list[LabelHit]], amounts: list[list[Money]], spec: ReceiptSpec) -> None:
    """What was paid and the change, completed where the arithmetic chose none, with the doubts a
    deposit taken off or a status line casts (their caps in ``result.ceilings``), and the payment
    method."""
    record.amount_paid, record.change = completed_tender(record.total, record.amount_paid, record.change, rows, hits,
                                                         amounts, cands, spec.settled)
    balance_after_deposit(record.total, cands, rows, amounts, result.ceilings)
    status_tender(record.amount_paid, result.chosen.get("amount_paid"), rows, spec.status, result.ceilings)
    total_as_tender(record.amount_paid, record.total, result.chosen.get("amount_paid"), result.chosen.get("total"),
                    spec.payment_methods, result.ceilings)
    _payment_method(record, result.chosen.get("amount_paid"), spec)


def _payment_method(record: Receipt, paid: Candidate | None, spec: ReceiptSpec) -> None:
    """The payment method when the tender's label names one (``DEBIT BCA``, ``OVO``); a kind's
    label names the one it qualifies (``E-Wallet (QRIS)``: QRIS)."""
    if paid is not None and paid.label.upper() in spec.payment_methods:
        named = [h.label for h in spec.amounts.find(paid.row.text, fuzzy=False)
                 if h.label in spec.payment_methods and h.label != paid.label.upper()]
        label = named[-1] if named and spec.payment_methods[paid.label.upper()] in spec.generic_methods else paid.label
        record.payment_method = _Text(value=spec.payment_methods[label.upper()],
                                      confidence=record.amount_paid.confidence, raw=label,
                                      box=paid.label_box, polygon=paid.label_polygon, line=paid.row.index,
                                      notes=["payment label"])


def _receipt_discounts(cands: list[Candidate], discounting: set[int], items_discount: Decimal) -> list[Candidate]:
    """The receipt's discount candidates: a discount printed under an item is that item's, unless
    it is the only one, under a gross subtotal ("ITEM DISCOUNT 10% -1.16" / "TOTAL 11.60" /
    "TOTAL INCLUSIVE GST: 10.45"): then the receipt's too, if the arithmetic takes it."""
    own = [c for c in cands if c.row.index in discounting]
    kept = [c for c in cands if c.row.index not in discounting]
    if len(own) == 1 and own[0].amount == items_discount:
        own[0].under_item = True
        kept.append(own[0])
    return kept


def _printed_sums(cands: dict[str, list[Candidate]]) -> set[Decimal]:
    """What the items may add up to: a printed subtotal or total, or a total plus a discount
    printed below the items ("ULTRA TEH KO 2 4.500" ... "DISKON 1,500" / "TOTAL 22,500")."""
    totals = [c.amount for c in cands.get("total", [])]
    return ({c.amount for c in cands.get("subtotal", [])} | set(totals)
            | {t + d.amount for t in totals for d in cands.get("discount", []) if not d.under_item})


def _items_sums(items: list[ReceiptItem], off: Decimal) -> tuple[Decimal, ...]:
    """The items' sum, and the sum after their own discounts (``off`` in all) when some are
    printed; none for free items alone (modifiers priced 0), which sum to nothing a total can be
    checked against."""
    if not any(it.total_price.value for it in items):
        return ()
    gross = sum((it.total_price.value for it in items if it.total_price.value is not None), Decimal(0))
    return (gross, gross - off) if off else (gross,)


def _transfer_fields(record: Receipt, rows: list[Row], spec: ReceiptSpec, rare: bool) -> None:
    markers = sum(len(spec.transfer.find(r.text, fuzzy=False)) for r in rows) if rare and spec.transfer.in_any(
        r.text for r in rows) else 0  # a shop's receipt prints no marker: one search says so
    is_transfer = markers >= 2 or (record.reference_number.found and markers >= 1)
    kind = "transfer" if is_transfer else "receipt"
    clear = markers >= 2 or markers == 0
    kind_conf = Confidence.start("kind_clear" if clear else "kind_unclear")
    record.document_kind = _Text(value=kind, confidence=kind_conf.rounded, notes=[f"{markers} transfer markers"])
    if not is_transfer:
        for name in ("sender_name", "recipient_name", "bank", "account_number", "reference_number"):
            if name != "reference_number":
                setattr(record, name, Extracted())
        return
    for row in rows:
        hit = next(iter(spec.status.find(row.text, fuzzy=False)), None)
        if hit is not None and not record.status.found:
            printed = row.text[hit.start : hit.end].upper()
            record.status = _Text(value=printed, confidence=Confidence.start("status_word").rounded, raw=row.text,
                                  notes=[f"status: {hit.key}"],
                                  box=row.span_box(hit.start, hit.end), polygon=row.span_polygon(hit.start, hit.end),
                                  line=row.index)
    if record.bank.found:
        bank_hit = next(iter(spec.banks.find(record.bank.value or "", fuzzy=False)), None)
        if bank_hit is not None:
            record.bank.value = bank_hit.label
    if not record.total.found and record.amount_paid.found:
        record.total = record.amount_paid.model_copy()


def _finish(record: Receipt) -> None:
    # Receipt-like means money or a date was read; a name-like first line alone is not enough.
    evidence = [name for name in (*MONEY_ROLES, "transaction_date") if getattr(record, name, _NOTHING).found]
    if not evidence and not record.items:
        for name, _ in list(record.fields()):
            setattr(record, name, Extracted())
        record.checks = []
        record.warnings.append("no receipt-like content found: no amounts or date could be read")
        return
    if not record.total.found:
        record.warnings.append("no total found")
    for check in record.checks:
        if check.status == "fail":
            record.warnings.append(f"check {check.name} failed: {check.detail}")
