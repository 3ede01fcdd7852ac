"""What ``parsers/receipt.toml`` says about receipts, loaded once.

The amount labels and their priors, the text and date labels, payment methods, brands and the
merchant's head-of-receipt words, the item region's words, tax tables and rates, and the
qualifiers that make one label part of another. Knowledge lives in the TOML, not in code: this
module only reads it and builds the matchers and patterns the parser uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import regex

from idextract.misreadings import CAP_L
from idextract.spec import require, spec_loader
from idextract.text import LabelHit, LabelMatcher

from .receipt_candidates import RULE_MARKS
from .receipt_candidates import SEPARATORS as _SEPARATORS
from .receipt_checks import rates_for
from .receipt_fuel import Fuel
from .receipt_shorthand import Shorthand

__all__ = ["ReceiptSpec", "receipt_spec"]

# Damaged labels are looked for in windows of this many characters (the fuzzy pass is slow).
FUZZY_WINDOW = 24
# Roles whose amounts a "total" after their label adds up ("Discount total", "Tax total").
_SUMMED = ("discount", "tax", "service_charge", "fee")
# Column-header words this long are still known with one letter misread.
_FUZZY_HEADER = 6
# A rate right after a label ("Servis 5%", "SERVIS (10 %)").
_RATE_AFTER = regex.compile(r"[\s:]*\(?\s*[0-9]{1,2}(?:[.,][0-9]{1,2})?\s*%")
_FUZZY_REMEMBERED = 4096


class ReceiptSpec:
    """receipt.toml, compiled once."""

    def __init__(self, raw: dict[str, Any], source: str) -> None:
        self.raw = raw
        amount_labels: dict[str, dict[str, float]] = require(raw, "amount_labels", source)
        self.priors = {role: {k.upper(): float(v) for k, v in labs.items()} for role, labs in amount_labels.items()}
        self.amounts = LabelMatcher({role: list(labs) for role, labs in self.priors.items()})
        self.text_labels: dict[str, list[str]] = require(raw, "text_labels", source)
        self.text = LabelMatcher(self.text_labels, min_fuzzy_length=6)
        dtl = require(raw, "datetime_labels", source)
        self.date_labels = LabelMatcher({"date": dtl["date"], "time": dtl["time"], "avoid": dtl["avoid"]})
        self.payment_methods = {k.upper(): v for k, v in require(raw, "payment_methods", source).items()}
        self.generic_methods = set(require(raw, "payment_kinds.generic", source))
        self.handed_over = {x.upper() for x in require(raw, "payment_kinds.handed_over", source)}
        self.points = _any_word(require(raw, "payment_kinds.points", source))
        self.points_kept = _any_word(require(raw, "payment_kinds.points_kept", source))
        settled = "|".join(r"[\W_]+".join(map(regex.escape, w.split()))
                           for w in require(raw, "payment_kinds.settled", source))
        self.settled = regex.compile(rf"(?<![A-Z])(?:{settled})(?![A-Z])", regex.IGNORECASE)
        self.fallbacks = {x.upper() for x in require(raw, "total_fallbacks.labels", source)}
        self.face_values = {x.upper() for x in require(raw, "total_fallbacks.face_values", source)}
        self.tender_totals = tuple(x.upper() for x in require(raw, "total_fallbacks.tender_total_words", source))
        self.charge_items = {x.upper() for x in require(raw, "total_fallbacks.charge_items", source)}
        self.disputed = {role: frozenset(x.upper() for x in labels)
                         for role, labels in require(raw, "disputed_labels", source).items()}
        self.min_rupiah = int(require(raw, "amounts.min_rupiah", source))
        self.shorthand = Shorthand(require(raw, "amounts.shorthand", source))
        ringgit = "|".join(regex.escape(w) for w in require(raw, "amounts.ringgit_words", source))
        self.ringgit_words = regex.compile(rf"(?<![A-Z])(?:{ringgit})(?![A-Z])", regex.IGNORECASE)
        self.brands = {k.upper(): v for k, v in require(raw, "brands", source).items()}
        by_brand: dict[str, list[str]] = {}
        for printed, brand in self.brands.items():
            by_brand.setdefault(brand, []).append(printed)
        self.brand_matcher = LabelMatcher(by_brand, min_fuzzy_length=7, screen=False)
        merchant = require(raw, "merchant", source)
        # A long greeting or notice is known with a letter or two misread ("TERIMA KASIN").
        self.skip = LabelMatcher({"skip": merchant["skip_words"]}, min_fuzzy_length=10)
        self.address = LabelMatcher({"address": merchant["address_words"]}, min_fuzzy_length=99)
        self.address_number_words = {w.upper() for w in merchant["address_number_words"]}
        self.head_rows = int(merchant["head_rows"])
        self.registration = regex.compile(merchant["registration_number"], regex.IGNORECASE)
        self.name_rows = int(merchant["name_rows"])
        self.item_row = regex.compile(merchant["item_row"])
        self.brand_by_domain = {k.replace(" ", ""): v for k, v in self.brands.items()}
        names = sorted(self.brand_by_domain, key=len, reverse=True)
        self.brand_domain = regex.compile("(" + "|".join(map(regex.escape, names)) + ")" + merchant["brand_domain"],
                                          regex.IGNORECASE)
        self.company_suffix = _forms(merchant["company_suffixes"], at_end=True)
        self.company_prefix = _forms(merchant["company_prefixes"], at_end=False)
        self.items = require(raw, "items", source)
        self.discount_sums = {w.upper() for w in self.items["discount_sums"]}
        self.measure_header = {w.upper() for w in self.items["measure_table_header"]}
        self.measure_rows = self.measure_header | {w.upper() for w in self.items["measure_table_rows"]}
        self.stop = LabelMatcher({"stop": self.items["stop_words"]}, min_fuzzy_length=99)
        self.tariff = LabelMatcher({"tariff": self.items["tariff_words"]}, min_fuzzy_length=99)
        self.offer = LabelMatcher({"offer": self.items["offer_words"]}, min_fuzzy_length=99)
        self.refund = LabelMatcher({"refund": self.items["refund_words"]}, min_fuzzy_length=99)
        tables = require(raw, "tax_tables", source)
        self.tax_tables = LabelMatcher({"table": tables["headers"]}, min_fuzzy_length=99)
        self.tax_table_rows = int(tables["max_rows"])
        self.column_headers = {w.upper(): kind for kind, words in self.items["column_headers"].items() for w in words}
        # Long header words one OCR error away ("PROOUCT"), each its own pattern: the kind is the word's.
        self._fuzzy_headers = [(regex.compile(rf"(?:{regex.escape(w)}){{e<=1}}"), kind)
                               for w, kind in self.column_headers.items() if len(w) >= _FUZZY_HEADER]
        self._fuzzy_kinds: dict[str, str | None] = {}
        self.status = LabelMatcher(require(raw, "status_words", source), min_fuzzy_length=99)
        pages = "|".join(regex.escape(w) for w in require(raw, "pages.words", source))
        # A page's number ending the text before a label ("Halaman 1 " before "dari 2").
        self.page_number = regex.compile(rf"(?<![A-Z])(?:{pages})\.?\s*:?\s*[0-9]{{1,3}}\s*$", regex.IGNORECASE)
        transfer = require(raw, "transfer", source)
        self.transfer = LabelMatcher({"marker": transfer["markers"]}, min_fuzzy_length=99)
        self.banks = LabelMatcher({"bank": transfer["banks"]}, min_fuzzy_length=99)
        # The words of five matchers most receipts hold none of: one search of a receipt for all
        # tells. An exact hit is a label's, wherever it stands among others: so this matcher has
        # one in a text exactly where one of them has (in_any), and none in the text's rows then.
        self.rare = LabelMatcher({"tariff": self.items["tariff_words"], "offer": self.items["offer_words"],
                                  "refund": self.items["refund_words"], "table": tables["headers"],
                                  "marker": transfer["markers"]}, min_fuzzy_length=99)
        self._tax_rates(require(raw, "tax_rates", source))
        self.fuel = Fuel(require(raw, "fuel", source))
        words = "|".join(regex.escape(w) for w in require(raw, "qualifiers.words", source))
        self.qualifier = regex.compile(rf"(?<![A-Z])(?:{words})\.?[\s-]*$", regex.IGNORECASE)
        # A qualifier word right after a label, and the words after it ("Total Excluding Tax",
        # "Total Incl. SST"; not "TOTAL CARE WITH MINT", a name).
        self.qualified = regex.compile(rf"[\s.:-]*(?:{words})(?![A-Z])[^0-9]*", regex.IGNORECASE)
        self.value_words = {w.upper() for w in require(raw, "qualifiers.values", source)}
        self.qualifying_ignored = {w.upper() for w in require(raw, "qualifiers.qualifying_ignored", source)}
        self.charges = {w.upper() for w in require(raw, "qualifiers.charges", source)}
        self.taken_off_only = {w.upper() for w in require(raw, "qualifiers.taken_off_only", source)}
        self.rated_only = {w.upper() for w in require(raw, "qualifiers.rated_only", source)}
        self.money_only = {w.upper() for w in require(raw, "qualifiers.money_only", source)}
        self.counted_too = {w.upper() for w in require(raw, "qualifiers.counted_too", source)}
        self.excluding = _any_word(require(raw, "qualifiers.excluding", source),
                                   unless_before=require(raw, "qualifiers.not_tax", source))
        self.including = _any_word(require(raw, "qualifiers.including", source))

    def _tax_rates(self, tax_rates: dict[str, Any]) -> None:
        """receipt.toml ``[tax_rates]``: the default country's, and each other currency's own."""
        self.tax_rates = tax_rates
        # A currency's own country's rates, in place of the default's periods and restaurant rates.
        self.tax_rates_of = {cur: {**tax_rates, **own} for cur, own in tax_rates.get("by_currency", {}).items()}
        # Every rate a tax may be charged at, whatever the date (an unlabelled tax is known by it).
        self.rates = rates_for(None, tax_rates)
        self.rates_of = {cur: rates_for(None, rates) for cur, rates in self.tax_rates_of.items()}
        self.unlabelled_tax_slack = Decimal(str(tax_rates["unlabelled_tolerance"]))

    def column_kind(self, word: str) -> str | None:
        """The kind of column a header word names (``name``, ``quantity``, ``price``, ``other``),
        one OCR error allowed in a long word; ``None`` for no header word."""
        kind = self.column_headers.get(word)
        if kind is not None or len(word) < _FUZZY_HEADER:
            return kind
        # Remembered: the fuzzy match is slow and a receipt's words recur (bounded: any text comes in).
        if word in self._fuzzy_kinds:
            return self._fuzzy_kinds[word]
        kind = next((k for pattern, k in self._fuzzy_headers if pattern.fullmatch(word)), None)
        if len(self._fuzzy_kinds) >= _FUZZY_REMEMBERED:
            self._fuzzy_kinds.clear()
        self._fuzzy_kinds[word] = kind
        return kind

    def _rated(self, text: str, hits: list[LabelHit]) -> list[LabelHit]:
        """``hits`` less those of a label of ``qualifiers.rated_only`` with no rate right after it."""
        if not self.rated_only.intersection(h.label for h in hits):
            return hits
        return [h for h in hits if h.label not in self.rated_only or _RATE_AFTER.match(text, h.end)]

    def amount_hits(self, text: str, *, fuzzy_until: int = 0, exact: list[LabelHit] | None = None) -> list[LabelHit]:
        """Amount labels in a row, less those that only qualify another label.

        A damaged label is looked for (slowly) only in ``text[:fuzzy_until]``, left of the amount;
        an m read as rn or an i as l (cheap) over the whole row.
        ``exact``: the row's exact hits when already found (``self.amounts.find_each``).
        """
        hits = self.amounts.find(text, fuzzy=False) if exact is None else exact
        if hits and fuzzy_until > 0 and ("rn" in text.lower() or CAP_L.search(text)):
            # "Uang Kernbali", "Dlskon Member", "Rp 1.500  Prorno -Rp 5.000" (two rows run
            # together): labels read with an m as rn, an i as l, over the whole row where they
            # cover more of it (LabelMatcher.find: cheap readings, no fuzzy search).
            hits = self.amounts.find(text, fuzzy=True) or hits
        hits = self._rated(text, hits)  # "Jasa Servis 35.000": an item, no charge
        if hits and fuzzy_until > 0 and all(_in_parentheses(text, h) for h in hits):
            # "T otal (incl. tax)": a label qualifying a word the OCR damaged names no amount, the
            # damaged one does; where none is found before the parentheses, theirs stands
            # ("Pelunasan (Debit) 976.200", "Kurang (diskaun) -1.15").
            opened = text.rfind("(", 0, hits[0].start)
            damaged = self.amounts.find(text[: min(opened, FUZZY_WINDOW)], fuzzy=True)
            if damaged and all(h.errors for h in damaged):
                return damaged
        if hits and 0 < fuzzy_until < hits[0].start and fuzzy_until <= FUZZY_WINDOW:
            # Two tenders run together on one row, the first's label damaged ("Tunal 350.000
            # Kartu Debit 404.000"): the amount before the first label read has its own.
            end = fuzzy_until
            damaged = [h for h in self.amounts.find(text[:end], fuzzy=True) if h.errors and not _cut(text, h.end, end)]
            hits = damaged + hits
        if not hits and fuzzy_until > 0:
            # Labels open the row or sit just before the amount: two short windows, not the row.
            # A window's edge cut inside a word is no word's edge ("PURCHASE.REDEM|PTION" holds
            # no REDEEM). The row opens after its indent and a rule merged into it ("----------
            # Jurnlah 277000").
            lead = len(text) - len(text.lstrip(RULE_MARKS))
            end = min(fuzzy_until, lead + FUZZY_WINDOW)
            hits = [LabelHit(h.key, h.label, h.start + lead, h.end + lead, h.errors)
                    for h in self.amounts.find(text[lead:end], fuzzy=True) if not _cut(text, h.end + lead, end)]
            if not hits and fuzzy_until > FUZZY_WINDOW:
                start = fuzzy_until - FUZZY_WINDOW
                hits = [LabelHit(h.key, h.label, h.start + start, h.end + start, h.errors)
                        for h in self.amounts.find(text[start:fuzzy_until], fuzzy=True)
                        if not _cut(text, h.start + start, start)
                        and not _cut(text, h.end + start, fuzzy_until)]
        hits = self._rated(text, hits)
        if len(hits) < 2:
            return hits
        kept = [hits[0]]
        for hit in hits[1:]:
            before = text[kept[-1].end : hit.start]
            inside_parens = before.count("(") > before.count(")")
            if inside_parens or self.qualifier.search(before):
                continue
            if hit.key == "count" and kept[-1].key == "discount" and not before.strip(_SEPARATORS):
                continue  # "TOTAL DISC. ITEM": the item a discount was given on, not a count
            if hit.key == "total" and kept[-1].key in _SUMMED and not before.strip(_SEPARATORS):
                continue  # "Discount total", "Tax total": the discounts (taxes) added up, not the total
            if hit.key == "amount_paid" and kept[-1].key == "total" and not before.strip(_SEPARATORS) \
                    and not self.settled.match(text, kept[-1].start):
                continue  # "Tot Pembayaran", "Total Payment": what is to be paid, the total (not "Jumlah Dibayar")
            if hit.key == "amount_paid" and kept[-1].key == "discount" and not before.strip(_SEPARATORS) \
                    and any(word in self.payment_methods for word in hit.label.split()):
                # "Diskon Kartu Kredit 15%", "Disc Debit BCA": a discount for paying so, no tender
                # (not "Voucher Payment 100,000": paid with a voucher)
                continue
            if hit.key == "discount" and kept[-1].key in ("count", "amount_paid") and not before.strip(_SEPARATORS):
                # "ITEM PROMO @12.99 -3.51": an item's discount, not a count; "BCA PROMO",
                # "Mandiri DISC 25%": a bank's discount, not a tender.
                kept[-1] = hit
                continue
            kept.append(hit)
        return kept


def _any_word(words: list[str], unless_before: Sequence[str] = ()) -> regex.Pattern[str]:
    """Any of ``words`` standing as a word of its own, in any case; not one followed by a word of
    ``unless_before``."""
    after = f"(?![\\s.:]*(?:{'|'.join(regex.escape(w) for w in unless_before)})(?![A-Z]))" if unless_before else ""
    return regex.compile(rf"(?<![A-Z])(?:{'|'.join(regex.escape(w) for w in words)})(?![A-Z]){after}", regex.IGNORECASE)


def _forms(words: list[str], *, at_end: bool) -> regex.Pattern[str]:
    """A pattern of legal forms (``SDN BHD``, ``PT``) ending or opening a row; dots and spaces
    between their letters are free (``SDN. BHD.``, ``P.T.``)."""
    forms = "|".join(r"[.\s]*".join(regex.escape(ch) for ch in w.replace(" ", "")) for w in words)
    return regex.compile(rf"(?<![A-Z0-9])(?:{forms})\.?\s*$" if at_end else rf"^(?:{forms})(?![A-Z0-9])",
                         regex.IGNORECASE)


receipt_spec = spec_loader("idextract.parsers", "receipt.toml", ReceiptSpec)


def _cut(text: str, at: int, edge: int) -> bool:
    """Whether a hit's edge ``at`` is a search window's ``edge``, cut between two letters of a word."""
    return at == edge and 0 < at < len(text) and text[at - 1].isalpha() and text[at].isalpha()


def _in_parentheses(text: str, hit: LabelHit) -> bool:
    """Whether ``hit`` stands inside parentheses opened after a word ("... (incl. tax)")."""
    before = text[: hit.start]
    opened = before.rfind("(")
    return before.count("(") > before.count(")") and any(ch.isalpha() for ch in before[:opened])
