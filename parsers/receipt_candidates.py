"""Receipt amounts, step 1: every labelled amount becomes a candidate for its role.

A receipt prints the same money several times (TOTAL, TUNAI, KEMBALI, HARGA JUAL, PPN...) and
OCR damages some of it. Instead of trusting the first TOTAL, each label with an amount right of
it (or alone on the next row) gives a :class:`Candidate` with the evidence for it: the label and
its prior, OCR errors in the label, a rate printed beside it. Which candidate wins is decided by
the printed arithmetic in :mod:`idextract.parsers.receipt_amounts`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import regex

from idextract.confidence import WEAK_LABEL_PRIOR, Confidence
from idextract.dates import find_dates, find_times
from idextract.layout import Row
from idextract.money import CURRENCY_WORDS, Money, find_amounts, mask_class
from idextract.records import Box, Polygon
from idextract.text import LabelHit

from .receipt_line import letters, outside
from .receipt_line_total import mend_line_total, rounding

__all__ = ["ADJUSTMENT_SIGNS", "EXCLUDED_TOTAL_PRIOR", "MONEY_ROLES", "ON_THE_LINE_ABOVE", "RULE_MARKS", "SEPARATORS",
           "Candidate", "label_candidates", "rate_in", "row_amounts"]

ON_THE_LINE_ABOVE = "on the line above"  # the end of the note of a label printed over its amount
MONEY_ROLES = ("total", "subtotal", "tax", "service_charge", "discount", "amount_paid", "change", "fee", "rounding")
# ASCII digits: regex's \d knows digits newer than Python's own tables, which Decimal() refuses.
_RATE = regex.compile(r"(?P<rate>[0-9]{1,2}(?:[.,][0-9]{1,2})?)\s?%")
#: What sits between a label and its value on a receipt line: ``TOTAL : 19.700``.
SEPARATORS = " :=#-.|"
# What an indent and a rule line merged into a row open it with ("----------  Jurnlah 277000").
RULE_MARKS = " -=_*~."
# Between a label and its amount, groups of digits (one to three, then threes) and one space: the
# amount's thousands, their separators read as spaces ("TOTAL 1 677.00", "TOTAL 1 376 400").
# A rate may stand between, in parentheses or not ("P Resto 10% 3 273", "PB1 (10%) 15 800"). Not
# before an amount grouped by its own marks ("Total Item 4 118,101": a count, then the amount).
_GROUP_BEFORE = regex.compile(
    rf"[\s:=]*(?:\(?[0-9]{{1,2}}(?:[.,][0-9]{{1,2}})?\s?%\)?[\s:=]*)?(?:(?:{CURRENCY_WORDS})\s*)?"
    r"(?P<g>[1-9][0-9]{0,2}(?: [0-9]{3})*) ",
    regex.I)
_GROUPED = regex.compile(r"[0-9]{3}(?: [0-9]{3})*(?P<minor>[.,][0-9]{1,2})?")
_LETTER = regex.compile(r"\p{L}")
#: A charge named by the word before a change label's abbreviation ("Card Chg").
CHARGE_PRIOR = 0.7
# One word of letters between a total's label and its amount: a section's name ("TTL Food 645000").
_SECTION_NAME = regex.compile(r"\s+(\p{L}{3,})\s+")
_PHONE_DIGITS = 9  # unseparated runs this long are phone numbers, codes or barcodes, not money
#: The label prior of a total printed as before tax, read as a subtotal.
EXCLUDED_TOTAL_PRIOR = 0.8
#: What a subtotal (or the items' sum) becomes the total with, and the sign of each.
ADJUSTMENT_SIGNS = {"discount": -1, "service_charge": 1, "tax": 1, "fee": 1}


@dataclass
class Candidate:
    """An amount read for a role, with the evidence for it."""

    role: str
    money: Money
    row: Row
    label: str
    prior: float
    errors: int = 0
    next_row: bool = False
    label_box: Box | None = None
    rate: Decimal | None = None
    label_polygon: Polygon | None = None
    #: How a value with no label of its own was computed (the derived values' note).
    derived_from: str = ""
    #: Printed under an item, as that item's discount: the receipt's only when the arithmetic says so.
    under_item: bool = False
    #: A subtotal read from a total-like line printed above the chosen total (receipt_total).
    earlier_total: bool = False
    #: A subtotal read from a total qualified as before tax ("TOTAL EXCL. SST").
    before_tax: bool = False

    @property
    def amount(self) -> Decimal:
        return abs(self.money.amount)

    @property
    def box(self) -> Box | None:
        own = self.row.span_box(self.money.start, self.money.end)
        return Box.union([own, self.label_box])

    @property
    def polygon(self) -> Polygon | None:
        """The amount's outline alone (the box holds the label too)."""
        return self.row.span_polygon(self.money.start, self.money.end)

    def confidence(self) -> Confidence:
        if self.label == "":
            conf = Confidence.start("derived", self.derived_from or "computed from the printed arithmetic")
        elif self.errors:
            conf = Confidence.start("label_fuzzy", f"fuzzy label {self.label}")
        elif self.next_row:
            conf = Confidence.start("label_next_row", f"label {self.label} {ON_THE_LINE_ABOVE}")
        else:
            conf = Confidence.start("label_exact", f"label {self.label}")
        if self.label and self.derived_from:  # labelled as the amounts it is made of ("2 tenders added up")
            conf.notes.append(self.derived_from)
        if self.label and self.prior < WEAK_LABEL_PRIOR:
            conf.weaken("weak_label", f"label {self.label} also names other amounts")
        conf.ocr(self.row.span_confidence(self.money.start, self.money.end))
        if self.money.ambiguous:
            conf.weaken("ambiguous_amount", "; ".join(self.money.notes) or None)
        if self.money.repaired:
            conf.weaken("digit_repaired", "; ".join(self.money.notes) or None)
        return conf


# Groups of four digits apart, three or more, or led by a zero ("4111 1111 1111", "0045 1187"), or
# masked ("6032 98xx xxxx 4417", "****8810"): a card or account number (two prices without
# separators stand apart too: "1 9000 9000"). Fixed-width groups: linear on any text.
_MASK = mask_class()
_MASK_OR_DIGIT = f"(?:[0-9]|{_MASK})"
_PLAIN_CARD = r"[0-9]{4}(?: [0-9]{4}){2,}|0[0-9]{3}(?: [0-9]{4})+"
_CARD_DIGITS = re.compile(rf"(?<![\d.,])(?:{_PLAIN_CARD})(?![\d.,])"
                          rf"|(?<![\w.,])(?<!{_MASK}){_MASK}{{2,}}[0-9]{{4}}(?![\d.,])"
                          rf"|(?<![\w.,])(?<!{_MASK})(?=[0-9 -]{{0,18}}{_MASK}){_MASK_OR_DIGIT}{{4}}"
                          rf"(?:[ -]{_MASK_OR_DIGIT}{{4}}){{1,3}}(?![\d.,])")
_CARD_SHAPE = re.compile(rf"[0-9]{{4}}[ -]|{_MASK}{{2}}")  # a necessary condition, searched first (stdlib re)
_PLAIN_CARD_RE = re.compile(_PLAIN_CARD)
_MASKS = re.compile(_MASK)
_COUNTS = 1000  # a bare whole number under this after a label that also names a count is a count
_COUNT_THEN = re.compile(r"[\s:]*[0-9]{1,3}\s*")  # a bare count, then its word
_COMPANY_NUMBER = re.compile(r"(?<![0-9.,])[0-9]{4,}-[A-Z](?![A-Za-z0-9])")


def _card_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` prints a card or account number (groups of four: some masked, the last
    digits); two groups of digits with a mark after them are two amounts and a tax mark
    (``1  4500  4500 *``), no card."""
    if not _CARD_SHAPE.search(text):
        return []
    return [(c.start(), c.end()) for c in _CARD_DIGITS.finditer(text)
            if (_PLAIN_CARD_RE.fullmatch(c.group()) if not _MASKS.search(c.group())
                else c.group()[-4:].isdigit() and len(_MASKS.findall(c.group())) >= 2)]


def row_amounts(row: Row, currency: str | None, min_rupiah: int, *,
                sizes: regex.Pattern[str] | None = None,
                short: Callable[[str], list[Money]] | None = None) -> list[Money]:
    """The amounts of money in a row: not dates, times, rates, phone numbers or counts, nor a
    size in a name (a number that ``sizes`` matches right after: ``600 ML``). In rupiah, ``short``
    finds amounts written short ("34rb"), which stand for the numbers they are made of."""
    text = row.text
    found = find_amounts(text, currency=currency)
    if short is not None and currency in (None, "IDR") and (written := short(text)):
        found = sorted([m for m in found if not any(m.start < w.end and m.end > w.start for w in written)] + written,
                       key=lambda m: m.start)
    if not found:
        return []  # dates and times only matter as what amounts must not overlap
    blocked = [(d.start, d.end) for d in find_dates(text)] + [(t.start, t.end) for t in find_times(text)]
    blocked += _card_spans(text)
    if "-" in text:  # a Malaysian company number ("(1377889-M)", "002233445-A")
        blocked += [(c.start(), c.end()) for c in _COMPANY_NUMBER.finditer(text)]
    out = []
    for m in found:
        if blocked and any(m.start < e and m.end > s for s, e in blocked):  # most rows block nothing
            continue
        if text[m.end : m.end + 2].lstrip().startswith("%"):
            continue
        if sizes is not None and m.currency is None and sizes.match(text, m.end):
            continue
        if not m.has_separator and len(m.raw) >= _PHONE_DIGITS and sum(ch.isdigit() for ch in m.raw) >= _PHONE_DIGITS:
            continue
        if (currency in (None, "IDR") and not m.has_separator and m.currency is None
                and 0 < m.amount < min_rupiah):
            continue  # a count; a small number printed negative is money ("Pembulatan -50")
        out.append(m)
    return mend_line_total(text, out)


def rate_in(text: str) -> Decimal | None:
    m = _RATE.search(text)
    if not m:
        return None
    return Decimal(m.group("rate").replace(",", "."))


def _letter_o_zero(text: str, start: int, end: int) -> Money | None:
    """A zero read as the letter O, alone after its label (``KEMBALI : O``), as the amount 0."""
    seg = text[start:end]
    if seg.strip(SEPARATORS) != "O":
        return None
    at = start + seg.index("O")
    return Money(Decimal(0), raw="O", repaired=True, notes=("digit repaired O->0",), start=at, end=at + 1)


def _breakdown(inside: Sequence[Money]) -> bool:
    """Whether a total's amounts are the columns of a tax table's total row: the net, then the
    tax, smaller (``TOTAL : 10.94 0.66`` under ``SR 6 10.94 0.66``). Such a row does not print
    the payable total; a third column that is their sum (``TOTAL 9.81 0.59 10.40``) does."""
    if len(inside) < 2:
        return False
    net, tax = inside[-2], inside[-1]
    return net.has_separator and tax.has_separator and abs(tax.amount) < abs(net.amount)


def label_candidates(
    rows: Sequence[Row],
    hits: Sequence[Sequence[LabelHit]],
    amounts: Sequence[Sequence[Money]],
    priors: dict[str, dict[str, float]],
    *,
    excluding: regex.Pattern[str] | None = None,
    value_words: Collection[str] = (),
    qualifying: Collection[str] = (),
    charges: Collection[str] = (),
    stacked: Mapping[int, tuple[int, int]] | None = None,
    taken_off_only: Collection[str] = (),
    money_only: Collection[str] = (),
    counted_too: Collection[str] = (),
) -> dict[str, list[Candidate]]:
    """One candidate per label that has an amount right of it (or alone on the next row).

    A total qualified as before tax (``excluding``: "TOTAL (EXCLUDING GST)") is a subtotal. An
    ignore label of ``qualifying`` after a money label does not end that label's reach ("Paid via
    CARD 45.00"). A change label of ``charges`` after a word is that word's charge, a fee.
    ``stacked``: the amount row of each label row in a column of labels printed before a column of
    their amounts (:func:`receipt_stacked.stacked_values`). A label of ``taken_off_only`` owns
    an amount only where it is printed taken off ("Retur : -1.049.000"), one of ``money_only``
    only where it is printed as money ("Cheque No: 482522" is the cheque's number), one of
    ``counted_too`` not with a small whole number printed bare ("Total Item 9": a count).
    """
    out: dict[str, list[Candidate]] = {}
    named: dict[int, tuple[str, str]] = {}  # a total's label and the one word after it, by candidate
    stacked = stacked or {}
    for i, row in enumerate(rows):
        row_hits = hits[i]
        for j, hit in enumerate(row_hits):
            end = next((h.start for h in row_hits[j + 1 :]
                        if not (hit.key in MONEY_ROLES and ((h.key == "ignore" and h.label in qualifying)
                                                            or _counted_before(row.text, hit.end, h)))), len(row.text))
            # A label may swallow the currency mark ("Total Rp"): the number must still follow it.
            inside = [m for m in amounts[i] if m.start >= hit.start and m.end > hit.end and m.end <= end]
            next_row = False
            money = _value_of(row.text, inside)
            if money is not None and hit.key in MONEY_ROLES:
                money = _with_group_before(row.text, hit.end, money)
            if money is None:
                money = _letter_o_zero(row.text, hit.end, end)
            src = row
            if money is None and i in stacked and j == len(row_hits) - 1:  # a column of labels, then of amounts
                (at, place), next_row = stacked[i], True
                src, money = rows[at], amounts[at][place]
            if money is None and i + 1 < len(rows) and not hits[i + 1] and amounts[i + 1] \
                    and (letters(outside(rows[i + 1].text, amounts[i + 1])) <= 3
                         or _value_row(rows[i + 1].text, amounts[i + 1], value_words)):
                # A tender's label may be followed by the card's digits ("Paid by Visa ending 3309" /
                # "583.00": ENDING's): the row's last label but those.
                last = len(row_hits) - 1 if hit.key != "amount_paid" else \
                    max(k for k, h in enumerate(row_hits) if h.key != "ignore" or k == j)
                money = _below(row.text, hit, amounts[i + 1], last=j >= last)
                src, next_row = rows[i + 1], money is not None
            if money is None:
                continue
            if hit.label in taken_off_only and (money.amount >= 0 or not (money.has_separator or money.currency)):
                continue  # "Points Redeemed (500)": a count in brackets
            if hit.label in money_only and not (money.has_separator or money.currency):
                continue
            if hit.label in counted_too and not (money.has_separator or money.currency) and 0 <= money.amount < _COUNTS:
                continue
            role, prior = hit.key, priors.get(hit.key, {}).get(hit.label, 0.5)
            if role == "change" and hit.label in charges and _LETTER.search(row.text, 0, hit.start):
                role, prior = "fee", min(prior, CHARGE_PRIOR)  # "Admin Chg 1.00": a charge, no change
            if role == "total" and _breakdown(inside):
                continue
            tail = row.text[hit.end : money.start] if not next_row else row.text[hit.end :]
            before_tax = role == "total" and excluding is not None and excluding.search(tail) is not None
            if before_tax:
                role, prior = "subtotal", min(prior, EXCLUDED_TOTAL_PRIOR)
            rate = rate_in(tail)
            if rate is not None and role == "change":
                continue  # change has no rate: "SUC CHG 6% 21,030" is a damaged service charge
            cand = Candidate(
                role=role, money=money, row=src, label=hit.label, prior=prior, errors=hit.errors, next_row=next_row,
                label_box=row.span_box(hit.start, hit.end), rate=rate,
                label_polygon=row.span_polygon(hit.start, hit.end), before_tax=before_tax,
            )
            out.setdefault(role, []).append(cand)
            if role == "total" and not next_row and (word := _SECTION_NAME.fullmatch(tail)) is not None:
                named[id(cand)] = (hit.label, word.group(1).upper())
    if len(named) >= 2:
        out["total"] = _without_section_totals(out, named)
    if len(out.get("tax", ())) >= 2:
        out["tax"] = _without_tax_bases(out["tax"])
    return out


def _without_tax_bases(taxes: list[Candidate]) -> list[Candidate]:
    """The tax candidates less a rate's taxable amount printed on the tax's row (``S = SST 10%
    (incl.)  Amt 45.74  Tax 4.16``): the other amount there is that much of it at the rate, the
    tax included in it or added to it, to the cent."""
    bases = []
    for base in taxes:
        if base.rate is None or base.rate <= 0:
            continue
        shares = (base.amount * base.rate / (100 + base.rate), base.amount * base.rate / 100)
        if any(t is not base and t.row.index == base.row.index and 0 < t.amount < base.amount
               and any(abs(share - t.amount) <= rounding(t.amount) for share in shares) for t in taxes):
            bases.append(base)
    return [t for t in taxes if t not in bases] if bases else taxes


def _without_section_totals(cands: dict[str, list[Candidate]], named: dict[int, tuple[str, str]]) -> list[Candidate]:
    """The total candidates less the sums of sections: two rows or more of one label, each
    naming its section in a word of its own before the amount ("TTL Food 645000" / "TTL Beer
    415000"), of different amounts, with an amount printed below them as large as their sum (what
    the bill comes to), none of them the bill's total. ``named``: a candidate's label and that
    word, by id."""
    totals = cands["total"]
    parts: dict[str, list[Candidate]] = {}
    for c in totals:
        if id(c) in named:
            parts.setdefault(named[id(c)][0], []).append(c)
    sections = set()
    for label, cs in parts.items():
        # Of different words and amounts: a folio's "Total Charges 656.20" / "Total Credits 656.20"
        # is its balance; "Total Order 1.500.000" / "Total Deposit 500.000" sum to no amount below.
        last = max(c.row.index for c in cs)
        below = [c.amount for group in cands.values() for c in group if c.row.index > last]
        if len({named[id(c)][1] for c in cs}) >= 2 and len({c.amount for c in cs}) >= 2 and \
                any(b >= sum(c.amount for c in cs) for b in below):
            sections.add(label)
    return [c for c in totals if not (id(c) in named and c.label in sections)]


def _counted_before(text: str, start: int, hit: LabelHit) -> bool:
    """Whether ``hit`` is a count's word after its number ("SUBTOTAL 6 ITEM 206.840", "Redeem 100
    Poin -10.000"): it names that number, and the money label before it reaches on past it."""
    # Not a label of its own value ("Total Item: 6   Qty: 179": QTY's colon).
    return hit.key in ("count", "ignore") and _COUNT_THEN.fullmatch(text, start, hit.start) is not None \
        and not text[hit.end : hit.end + 2].lstrip().startswith(":")


def _with_group_before(text: str, label_end: int, money: Money) -> Money:
    """``money`` read with the group of digits standing alone between it and its label, when its
    own digits before the decimals are whole groups of three (``TOTAL 1 677.00`` is 1,677.00, not
    a count and 677.00: a count is labelled or worded); ambiguous, so never near-certain."""
    group = _GROUP_BEFORE.fullmatch(text, label_end, money.start)
    grouped = _GROUPED.fullmatch(money.raw) if group is not None and money.currency is None else None
    if group is None or grouped is None:
        return money
    digits = regex.sub(r"[^0-9]", "", money.raw[: grouped.start("minor")] if grouped.group("minor") else money.raw)
    minor = (grouped.group("minor") or "")[1:]
    amount = Decimal(group.group("g").replace(" ", "") + digits + ("." + minor if minor else ""))
    return Money(amount=amount, raw=text[group.start("g") : money.end], ambiguous=True, repaired=money.repaired,
                 notes=(*money.notes, "thousands separator read as a space: read with the group before it"),
                 start=group.start("g"), end=money.end, has_separator=True)


def _value_row(text: str, amounts: Sequence[Money], value_words: Collection[str]) -> bool:
    """Whether a row is one value word and an amount ("AMOUNT 17,136"): the value of a label above."""
    return len(amounts) == 1 and text[: amounts[0].start].strip(SEPARATORS).upper() in value_words \
        and not text[amounts[0].end :].strip()


def _below(text: str, hit: LabelHit, below: Sequence[Money], *, last: bool) -> Money | None:
    """A label's amount on the row under it: in a row of labels over a row of as many amounts
    ("CASH CHANGE" / "60,000 0"), the one in the label's place; else the last, for the row's
    last label."""
    # The label's own words are one ("Biaya pengiriman" / "Rp22,000 Rp12,000": a fee struck
    # through and the one charged, the last).
    place = len(text[: hit.start].split())
    words = place + 1 + len(text[hit.end :].split())
    if len(below) > 1 and words == len(below) and place < len(below):
        return below[place]
    return below[-1] if last else None


def _value_of(text: str, inside: list[Money]) -> Money | None:
    """A label's amount among those right of it: the last, unless words stand between an amount
    printed as money and the next ("SUBTOTAL 54,950 PLASTIK TENTENG 0", a row the OCR ran
    together): then that first one ("TOTAL 2 ITEMS 14,500": a count first)."""
    for a, b in itertools.pairwise(inside):
        if a.has_separator and sum(ch.isalpha() for ch in text[a.end : b.start]) >= 3:
            return a
    return inside[-1] if inside else None
