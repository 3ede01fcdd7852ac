"""The head of a receipt: the merchant's name, address, phone and NPWP, and the labelled text
fields (cashier, receipt number...).

The merchant is a known chain named in the first rows or in a web or e-mail address anywhere on
the receipt (``KONTAK@INDOMARET.CO.ID``), else the first name-like row at the head:
not a greeting, a date, a phone number or an address, nor an item or summary row (one that
prints money, opens with an amount label, names the price row under it, or is shaped like an
item: ``2 Ayam Bakar 55000``, ``+Ice``), nor below the first item or the items' column
header: a photo cut below the head starts with items, and names under them are items. A company
registration number after the name is left out, and a company name wrapped onto the rows below
is joined up to its legal form (``SDN BHD``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import regex
from stdnum.id import npwp as stdnum_npwp

from idextract.confidence import Confidence
from idextract.dates import find_dates, find_times
from idextract.layout import Row
from idextract.money import Money
from idextract.records import Box, Extracted
from idextract.text import LabelHit

from .receipt_candidates import SEPARATORS as _SEPARATORS
from .receipt_label_items import item_line, names_the_line_below, prints_money
from .receipt_row_kinds import names_an_item

if TYPE_CHECKING:
    from .receipt_spec import ReceiptSpec

__all__ = ["head_details", "merchant_name", "text_fields"]

_Text = Extracted[str]
# Fifteen digits in NPWP groups, not running on into an amount's decimals ("000006227678 169.00SR").
_NPWP = regex.compile(r"(?<!\d)(\d{2})[.\s]?(\d{3})[.\s]?(\d{3})[.\s]?(\d)[-.\s]?(\d{3})[.\s]?(\d{3})(?![\d]|[.,]\d)")
# A street number after its word: "NO. 12", "NO: 6A", "NO 19-G".
_NUMBER_NEXT = regex.compile(r"[\s.:]*\d")
_COLON_NEXT = regex.compile(r"\s*[:#=]")


def _phone_pattern(country: str, area_digits: int) -> regex.Pattern[str]:
    """A phone number: a country code, or a trunk 0 followed by an area or mobile code (never by
    another 0: "I00100000006" is an item code, nor glued to a letter: "V031- 551345" is a bill
    number), of ``area_digits`` to 4 digits; then two runs (the dash after the area code may have
    a space beside it: "03- 40212008")."""
    return regex.compile(rf"(?<![\dA-Za-z])(?:{country}|0(?=[\s-]?\(?[1-9]))[\s-]?\(?\d{{{area_digits},4}}\)?"
                         r"(?:\s?-\s?|\s)?\d{3,4}[\s-]?\d{3,5}(?!\d)")


_PHONE = _phone_pattern(r"\+62|62", 2)
# After a phone label: a one-digit area code (Malaysia's "03-3362 4395") and +60 too.
_LABELLED_PHONE = _phone_pattern(r"\+?6[02]", 1)
_NOT_DIAL = regex.compile(r"[^\d+]")
_SHORT_AREA = re.compile(r"\d-\d{3,4}")
# Both an NPWP and a phone number hold two runs of three digits: rows without them (most) skip
# both patterns. Stdlib re, whose \d and \s take at least regex's on ASCII text.
_NUMBER_SHAPE = re.compile(r"\d{3}[\s.-]?\d{3}")


def _value_after(row: Row, hit: LabelHit, next_hit: LabelHit | None) -> tuple[str, int, int]:
    end = next_hit.start if next_hit else len(row.text)
    start = hit.end
    seg = row.text[start:end]
    stripped = seg.lstrip(_SEPARATORS)
    start += len(seg) - len(stripped)
    value = stripped.rstrip(_SEPARATORS + ",")
    return value, start, start + len(value)


def _in_code(text: str, hit: LabelHit) -> bool:
    """Whether a label is a word of something else: read with a digit for a letter and running on
    into letters or digits (``T002S``: "TO" then "02S"), or a short one (``TO``, ``BON``) neither
    opening its row nor followed by a colon (``2 CHG TO REG JASMINE`` is an item)."""
    if any(ch.isdigit() for ch in text[hit.start : hit.end]) and text[hit.end : hit.end + 1].isalnum():
        return True
    return ((len(hit.label) <= 3 or not any(ch.isdigit() for ch in text))
            and any(ch.isalpha() for ch in text[: hit.start]) and not _COLON_NEXT.match(text, hit.end))


def _in_item_name(rows: list[Row], k: int, hit: LabelHit, amounts: list[list[Money]], marks: list[str]) -> bool:
    """Whether a label is a word of an item's name: after a word, on a row that ends in a price
    (``Buku nota A5 x3 8.40`` is a note book, not receipt number A5) or that names the count and
    price printed under it (``Power Bank 20000mAh`` / ``1 x 215.000`` names no bank)."""
    text, money = rows[k].text, amounts[k]
    if not any(ch.isalpha() for ch in text[: hit.start]):
        # Opening the row, it is a name's first word where no colon follows it and the row is an
        # item's line: a count, a unit price and their product (``Operator Sound  1 orang  590.000
        # 590.000`` names no cashier).
        return bool(money) and not text[hit.end :].lstrip().startswith(":") \
            and item_line([rows[k]], [money], marks)
    if money:
        return prints_money(money[-1:]) and not text[money[-1].end :].strip()
    return names_the_line_below(rows, amounts, k, marks)


def text_fields(rows: list[Row], spec: ReceiptSpec, amounts: list[list[Money]]) -> dict[str, Extracted[str]]:
    out: dict[str, Extracted[str]] = {}
    marks = spec.items["quantity_marks"]
    for k, (row, hits) in enumerate(zip(rows, spec.text.find_each([row.text for row in rows]))):
        for j, hit in enumerate(hits):
            if hit.key in out or hit.key in ("merchant_phone", "merchant_npwp") or _in_code(row.text, hit) \
                    or _in_item_name(rows, k, hit, amounts, marks) or spec.page_number.search(row.text, 0, hit.start):
                continue
            value, s, e = _value_after(row, hit, hits[j + 1] if j + 1 < len(hits) else None)
            if hit.key in ("receipt_number", "reference_number", "account_number"):
                token = next((t for t in value.split() if any(ch.isdigit() for ch in t)), None)
                if token is None:
                    continue
                s = s + value.index(token)
                value, e = token.rstrip(_SEPARATORS + ",;"), s + len(token)
            else:
                # A time or date after a cashier's name belongs to the receipt, not the name.
                cut = min([d.start for d in find_dates(value)] + [t.start for t in find_times(value)] + [len(value)])
                value = value[:cut].rstrip(_SEPARATORS + ",")
                e = s + len(value)
            if sum(ch.isalnum() for ch in value) < 2:
                continue
            conf = Confidence.start("label_exact", f"label {hit.label}").ocr(row.span_confidence(s, e))
            out[hit.key] = _Text(value=value, confidence=conf.rounded, raw=row.text,
                                 box=row.span_box(hit.start, e), polygon=row.span_polygon(s, e),
                                 line=row.index, notes=conf.notes)
    return out


def merchant_name(rows: list[Row], spec: ReceiptSpec, amounts: list[list[Money]], leading: list[list[LabelHit]],
                  headers: set[int]) -> tuple[Extracted[str], Row | None]:
    """The merchant: a known chain named in the first rows or in a web or e-mail address, else the
    first name-like row at the head. A row that opens with an amount label (``SUBTOTAL``,
    ``Tendered``) is a summary line; the head ends at the first row that prints money (``1 Ice
    Kokofie 20.000``), names the price row under it, or is shaped like an item (receipt.toml
    ``merchant.item_row``), and at the items' column header: a photo cut below the head has no
    merchant. Returns the name and its last row (none for a chain named in an address)."""
    for row in rows[: spec.head_rows + 3]:
        hit = next(iter(spec.brand_matcher.find(row.text)), None)
        if hit is not None:
            conf = Confidence.start("brand", f"known chain {hit.key}")
            if hit.errors:
                conf.weaken("digit_repaired", "brand name OCR-damaged")
            return _Text(value=hit.key, confidence=conf.rounded, raw=row.text,
                         box=row.span_box(hit.start, hit.end), polygon=row.span_polygon(hit.start, hit.end),
                         line=row.index, notes=conf.notes), row
    in_address = _chain_in_address(rows, spec)
    if in_address.found:
        return in_address, None
    end, ceiling = spec.head_rows, min(headers, default=len(rows))
    for row in rows[:ceiling]:
        if row.index >= end:
            break
        if prints_money(amounts[row.index]) or _nameless_price_below(rows, amounts, row.index, spec):
            break  # the items begin: the rows below are items too
        label = leading[row.index][0] if leading[row.index] else None
        if label is not None and not any(ch.isalpha() for ch in row.text[: label.start]):
            continue  # a summary line, or a title that opens with an amount word (TAX INVOICE, CASH SALE)
        text = _without_registration(row.text, spec)
        letters = sum(ch.isalpha() for ch in text)
        if letters < 3 or letters < 0.5 * len(text.replace(" ", "")):
            continue
        if spec.skip.find(text) and not spec.company_suffix.search(text):
            end += 1  # a greeting or a notice does not use up the head's rows ("ECOSWAY.COM SDN BHD" is a name)
            continue
        if find_dates(text) or _PHONE.search(text):
            continue
        first = spec.address.find(text, fuzzy=False)
        if first and first[0].start == 0:
            continue
        names = _wrapped_name(rows, row.index, text, spec)
        text = " ".join([text, *(_without_registration(r.text, spec) for r in names[1:])])
        if spec.item_row.search(text):  # of the whole name: "AMPANG 210" / "FIRST CITY PARKING SDN BHD"
            break
        conf = Confidence.start("position", "first name-like line at the head")
        if len(names) > 1:
            conf.notes.append(f"a company name wrapped onto {len(names)} rows")
        return _Text(value=text, confidence=conf.rounded, raw="\n".join(r.text for r in names),
                     box=Box.union(r.box for r in names), polygon=row.span_polygon(0, len(row.text)),
                     line=row.index, notes=conf.notes), names[-1]
    return Extracted(), None


def _chain_in_address(rows: list[Row], spec: ReceiptSpec) -> Extracted[str]:
    """A known chain named in a web or e-mail address on the receipt (``KONTAK@INDOMARET.CO.ID``):
    the chain, less sure than its name printed at the head."""
    for row in rows:
        m = spec.brand_domain.search(row.text)
        # Case-insensitive matching also takes look-alike letters of other scripts (the Kelvin
        # sign for K): only a name that is a chain's, upper-cased, counts.
        brand = spec.brand_by_domain.get(m.group(1).upper()) if m is not None else None
        if m is not None and brand is not None:
            conf = Confidence.start("brand", f"known chain {brand}").weaken(
                "weak_label", "named in a web or e-mail address, not at the head")
            return _Text(value=brand, confidence=conf.rounded, raw=row.text, box=row.span_box(m.start(1), m.end(1)),
                         polygon=row.span_polygon(m.start(1), m.end(1)), line=row.index, notes=conf.notes)
    return Extracted()


def _nameless_price_below(rows: list[Row], amounts: list[list[Money]], i: int, spec: ReceiptSpec) -> bool:
    """Whether row ``i`` is followed by a price row with no name of its own (``2x 10.000
    20.000``, ``36,000``): then it is that item's name, not a shop's."""
    return i + 1 < len(rows) and prints_money(amounts[i + 1]) and \
        not names_an_item(rows[i + 1].text, spec.items["quantity_marks"])


def _without_registration(text: str, spec: ReceiptSpec) -> str:
    """A head row's text less a company registration number printed after the name
    (``99 SPEED MART S/B (519537-X)``)."""
    return spec.registration.sub("", text).strip(" *#=-_.")


def _wrapped_name(rows: list[Row], i: int, text: str, spec: ReceiptSpec) -> list[Row]:
    """The rows of the merchant's name that starts on row ``i``: that row, and the rows below it
    up to one that ends in a legal form (``POPULAR BOOK`` / ``CO. (M) SDN BHD``), or the row
    below a name ending in ``&``. Rows with digits, address words or a legal form opening them
    (``PT ...``) are not part of it. A brand printed over its company (``LEMON TREE RESTAURANT``
    / ``JTJ FOODS SDN BHD``) is kept with it: both name the merchant."""
    if spec.company_suffix.search(text):
        return [rows[i]]
    below: list[Row] = []
    for row in rows[i + 1 : i + 1 + spec.name_rows]:
        more = _without_registration(row.text, spec)
        if not more or any(ch.isdigit() for ch in more) or spec.company_prefix.match(more) or \
                spec.address.find(more, fuzzy=False) or spec.skip.find(more, fuzzy=False):
            break
        below.append(row)
        if spec.company_suffix.search(more):
            return [rows[i], *below]
    return [rows[i], below[0]] if below and text.endswith("&") else [rows[i]]


def _dialable(number: str) -> bool:
    """Whether a phone-shaped number has a phone's length: 8 to 12 digits after the trunk 0 or
    the country code (a 14-digit "02201803120255" is a document number)."""
    digits = _NOT_DIAL.sub("", number).lstrip("+")
    national = digits[2:] if digits.startswith(("62", "60")) else digits[1:]
    return 8 <= len(national) <= 12


def _phone(rows: list[Row], spec: ReceiptSpec, amounts: list[list[Money]]) -> Extracted[str] | None:
    """The merchant's phone number in the upper rows: right of a phone label (``TEL:03-3362
    4395``: there a one-digit area code and the +60 country code are read too) first, else the
    first phone-shaped number of a phone's length on a row that prints no price ("1X
    000004445551 12.90" is a product code)."""
    upper = [r for r in rows[: len(rows) // 2 + 3]  # the cheap tests first
             if (not r.text.isascii() or _NUMBER_SHAPE.search(r.text) or _SHORT_AREA.search(r.text))
             and not prints_money(amounts[r.index]) and not _NPWP.search(r.text)]
    found = None
    for row in upper:
        if not _LABELLED_PHONE.search(row.text):
            continue  # no phone on the row: its labels need not be looked for (the slow part)
        label = next((h for h in spec.text.find(row.text, fuzzy=False) if h.key == "merchant_phone"), None)
        p = _LABELLED_PHONE.search(row.text, label.end) if label is not None else None
        if p is not None and _dialable(p.group(0)):
            found = (row, p)
            break
    if found is None:
        found = next(((r, p) for r in upper if (p := _PHONE.search(r.text)) and _dialable(p.group(0))), None)
    if found is None:
        return None
    row, p = found
    conf = Confidence.start("pattern", "phone number pattern")
    return _Text(value=_NOT_DIAL.sub("", p.group(0)), confidence=conf.rounded, raw=p.group(0),
                 box=row.span_box(p.start(), p.end()), polygon=row.span_polygon(p.start(), p.end()),
                 line=row.index, notes=conf.notes)


def head_details(rows: list[Row], spec: ReceiptSpec, merchant_row: Row | None,
                 amounts: list[list[Money]]) -> dict[str, Extracted[str]]:
    out: dict[str, Extracted[str]] = {}
    for row in rows:
        if row.text.isascii() and not _NUMBER_SHAPE.search(row.text):
            continue  # neither an NPWP nor a phone number
        m = _NPWP.search(row.text)
        if m and (m.group(0).isdigit() or any(ch.isspace() for ch in m.group(0))) and \
                not any(h.key == "merchant_npwp" for h in spec.text.find(row.text)):
            # Fifteen digits in one run, unlabelled: a card or invoice number, not an NPWP; split by
            # spaces, columns ("10   540.000 5.400.000": a count, a price, a line total).
            m = None
        if m and "merchant_npwp" not in out:
            digits = "".join(m.groups())
            formatted = f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:]}"
            conf = Confidence.start("pattern", "NPWP pattern")
            if not stdnum_npwp.is_valid(digits):
                conf.weaken("check_failed", "NPWP check digit does not match")
            out["merchant_npwp"] = _Text(value=formatted, confidence=conf.rounded, raw=m.group(0),
                                         box=row.span_box(m.start(), m.end()),
                                         polygon=row.span_polygon(m.start(), m.end()), line=row.index,
                                         notes=conf.notes)
            continue
    phone = _phone(rows, spec, amounts)
    if phone is not None:
        out["merchant_phone"] = phone
    start = merchant_row.index + 1 if merchant_row is not None else 0
    lines = []
    for row in rows[start : start + 4]:
        if prints_money(amounts[row.index]):
            break  # the items begin ("Nasi Campur Bali 75,000" is no address)
        if not _without_registration(row.text, spec):
            continue  # the company's registration number, on a row of its own
        hits = [h for h in spec.address.find(row.text, fuzzy=False)
                if h.label not in spec.address_number_words or _NUMBER_NEXT.match(row.text, h.end)]
        if hits and not find_dates(row.text) and not _NPWP.search(row.text):
            lines.append(row)
        elif lines:
            break
    if lines:
        conf = Confidence.start("position", "address words under the merchant name")
        text = ", ".join(r.text for r in lines)
        out["merchant_address"] = _Text(value=text, confidence=conf.rounded, raw=text,
                                        box=lines[0].box if len(lines) == 1 else None,
                                        polygon=lines[0].span_polygon(0, len(text)) if len(lines) == 1 else None,
                                        line=lines[0].index, notes=conf.notes)
    return out
