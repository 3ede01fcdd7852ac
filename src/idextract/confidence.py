"""Every confidence idextract reports is built here, from named factors.

A field's confidence is meant as the probability that its value is right. It starts from a prior
(how reliable the kind of evidence is: an exact label, a fuzzy label, a guess from position) and
is multiplied by factors for what weakens it (OCR score, digit repairs, ambiguous separators,
a failed arithmetic check) or raised by what confirms it (a passing check: two independent
printed numbers agreeing is strong evidence). Each factor applied leaves a note on the field, so
a reviewer can see why a value is at 0.62.

The constants were set against the dev datasets' calibration (expected calibration error and the
precision of fields reported at >= 0.9, see README.md), not against individual documents.

Last, :func:`calibrate` maps each field's confidence (the product above: a score that orders
values by how sure the evidence is) to the probability it stood for on data held apart from the
data it is scored on: a monotone map per family of fields, in ``calibration.toml``, refitted with
``python tests/fit_calibration.py``. :func:`raw_confidences` turns it off (for refitting).
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from .spec import load_toml, require

if TYPE_CHECKING:
    from .records import Extracted

__all__ = ["BAND_MARGIN", "CAPS", "EVIDENCE_FLOOR", "FACTORS", "NEAR_CERTAIN", "OCR_WEIGHT", "PRIORS",
           "SNAP_SIMILARITY_WEIGHT", "SURE_SNAP_SIMILARITY", "WEAK_LABEL_PRIOR", "Confidence", "apply_maps",
           "calibrate", "calibration_map", "cap_field", "confirmed", "ocr_factor", "raw_confidences"]

# Where a value came from: the starting probability that it is right.
PRIORS: dict[str, float] = {
    "label_exact": 0.88,  # an amount right of a printed label such as TOTAL
    "label_fuzzy": 0.75,  # the label was OCR-damaged (TUNAT, Kerbalian)
    "label_next_row": 0.8,  # the label's amount sat on the next line
    "derived": 0.7,  # not printed with a label; computed from others (paid - change)
    "position": 0.7,  # picked by position alone (first line for a merchant name)
    "pattern": 0.95,  # a shape that rarely lies (an NPWP, a date with a year)
    "brand": 0.95,  # a known chain's name printed at the head
    "card_field": 0.95,  # a value right of its label on an identity card (a fixed form)
    "currency_mark": 0.97,  # a currency mark (Rp, IDR, RM...) printed on the receipt
    "currency_inferred": 0.6,  # no mark printed: rupiah, or a currency with cents from the amounts' decimals
    "kind_clear": 0.9,  # receipt or transfer slip: no transfer marker, or two and more
    "kind_unclear": 0.7,  # a transfer slip told by one transfer marker (and a reference number)
    "status_word": 0.9,  # a transfer slip's status word (BERHASIL, SUCCESS)
    "from_nik": 0.6,  # a KTP birth date or sex not read on the card, filled in from the NIK
    # A KTP field not read (or read in part) and filled in by a rule of the card: issued in the
    # header's regency; a card valid for life is a citizen's (a foreigner's runs out); WN and an
    # unreadable letter is WNI. Right on 26 of 26, 21 of 21 and 17 of 17 of the hard renders of
    # seeds 3-5 when they stood at 0.7 ("derived"), which made the cards' ECE 0.05-0.06; inferred,
    # so not near-certain.
    "card_rule": 0.85,
}

# What weakens a value: multiplied in, each leaving a note.
FACTORS: dict[str, float] = {
    "ambiguous_amount": 0.55,  # separators the IDR rule could not settle
    "digit_repaired": 0.85,  # O->0 and similar repairs
    "no_year": 0.6,  # a date printed without a year: the year is a guess
    "check_failed": 0.6,  # the printed arithmetic disagrees
    "weak_label": 0.8,  # a label that also names other things (JUMLAH, Due)
    "competing_values": 0.75,  # other candidates of the same kind disagree
    "unlabelled_item": 0.8,  # an item line read without a price column
    "by_position": 0.8,  # a card field whose label was lost: known by its place in the label order
    "swallowed_row": 0.7,  # a wrapped field that took a row while the field after it was not found
    "unit_price_derived": 0.9,  # an item's unit price not printed: the line total divided by the quantity
    # A birth date or sex from the NIK: as sure as the NIK, a little less (a card whose printed
    # date was registered apart from its NIK; the century, a guess for holders near 100). On the
    # hard card renders (seeds 1-4) 91 of 91 were right.
    "from_nik": 0.96,
    # A closed-vocabulary value snapped from a read that holds most of its letters
    # (SURE_SNAP_SIMILARITY) and is near no other entry: 232 of 232 right on the hard card renders
    # (seeds 1-4), where nearer reads than that were 18 of 20.
    "snapped_unique": 0.98,
}
# Factors applied at half strength (the square root): other evidence makes up for part of the doubt.
# A card field known by its place whose value is in the field's closed vocabulary (which confirms
# the place), and a damaged label that still stands in its place in the card's label order.
FACTORS["by_position_in_vocab"] = FACTORS["by_position"] ** 0.5
FACTORS["fuzzy_card_label"] = FACTORS["weak_label"] ** 0.5

# Ceilings no value read so reaches, whatever the factors. The calibration keeps them too where
# the parser hands them over (calibrate's ``ceilings``): a map may move a capped value's
# confidence, never over its cap.
CAPS: dict[str, float] = {
    # A vocabulary value snapped from a read that lost much of it (under SURE_SNAP_SIMILARITY),
    # a place name snapped to a table: only a read that holds the value reaches this and up.
    "snapped": 0.89,
    # An amount read with an ambiguity (a separator read as a space...) that the printed
    # arithmetic agrees with: the same misreading repeated in an item and the total agrees too.
    "ambiguous_confirmed": 0.89,
    # An amount one check confirms and another contradicts (the items add up to the total, the
    # tender does not): the evidence disagrees, so it is not near-certain.
    "contested": 0.89,
    # An amount whose separators leave its scale unsettled (``1.0000``, ``12 500`` after a number)
    # and that no check confirms: it may be a thousand times off, a coin's toss at best (3 of 5
    # right on the read sets). The map, fitted on amounts that failed a check (most of them
    # right, at the same raw confidence), would lift it over 0.6.
    "unsettled_scale": 0.45,
    # A tender the printed arithmetic contradicts (paid - total is not the change printed): where
    # the total is confirmed otherwise, the tender is the misread one. Right on 3 of 7 of the read
    # sets' and 0 of 5 of a later blind set's (formats-wb), where the map, fitted on failed checks
    # of every role (nine in ten right), would have said 0.8.
    "tender_unconfirmed": 0.45,
    # A total of 0 that no check confirms: most often a damaged amount read as its last group
    # (``NET TOTAL 25. 0``). A voucher that pays it all is confirmed by the subtotal less the
    # discount, and a receipt for nothing rarely gets photographed.
    "zero_total": 0.3,
    # A subtotal read from a total-like line above the payable one ("TOTAL 38.10" / "Pembulatan"
    # / "TOTAL AKHIR 38.10"): what a bookkeeper records there differs (a pre-rounding total is a
    # subtotal to some, nothing to others). Reported at >= 0.9 it was right on 147 of 163 of the
    # invented sets' receipts and 1 of 24 of cord-llm's (the sixteenth session's records).
    "earlier_total": 0.89,
    # A bill's total with a payment taken off below it and the balance printed ("Total 146.800" /
    # "DP -50.000" / "Sisa 96.800"): the bill's total to most bookkeepers (24 of the 25 writers of
    # the read invented sets that print a deposit), what is left to pay to others, who record the
    # deposit's receipt apart.
    "left_to_pay": 0.89,
    # What was paid read from the total's own row under a word that names no tender ("Amount Paid
    # RM 55.00", "Total Paid", "Payment" over a screen's one amount): the total to every reader, a
    # tender to some. Right on 16 of 25 of the read invented sets' receipts, nine of them at 0.99
    # and seven under a status line at 0.89 (formats-ub's and -zb's writers record no tender there).
    "total_as_tender": 0.65,
    # A label whose role readers dispute (receipt.toml [disputed_labels]: "Biaya layanan" as a
    # service charge or a fee).
    "disputed_label": 0.89,
    # The subtotal printed below a discount, net of it, where a gross one is printed above ("Subtotal
    # 204.00" / "Discount -50.00" / "Total Before Tax 154.00"): cord-llm's labels record the net
    # (3 of 3), the invented sets' writers the gross (3 of 3).
    "net_subtotal": 0.89,
    # A subtotal standing in for a total that was not read, with a service charge or a fee
    # printed below it: the payable line is missing.
    "subtotal_as_total": 0.3,
}

# How much a field's OCR score weighs, by what the field can correct (an exponent on the OCR
# factor): free text has nothing to correct a misread letter, a closed vocabulary snaps it back.
OCR_WEIGHT: dict[str, float] = {"free": 3.0, "vocab": 0.0, "pattern": 1.0}
# A value snapped to a closed vocabulary keeps this power of the similarity (1.0 = exact): a
# unique nearest entry is a good bet, so the distance costs little.
SNAP_SIMILARITY_WEIGHT = 0.25
# A snap from a read this similar to its entry (and near no other) is as good as a clean read
# (the "snapped_unique" factor); under it the similarity weighs and the "snapped" cap holds.
SURE_SNAP_SIMILARITY = 0.6
# An amount label whose prior (receipt.toml) is below this also names other amounts (JUMLAH, Due).
WEAK_LABEL_PRIOR = 0.85
# A field less sure than this is not used as evidence for another (SEUMUR HIDUP for WNI).
EVIDENCE_FLOOR = 0.5

# A passing check leaves only this share of the remaining doubt.
CONFIRMED_DOUBT = 0.1
# OCR scores above this say nothing more; below it they scale confidence down.
OCR_SCORE_FLOOR = 0.95


def ocr_factor(score: float | None) -> float:
    """How much an OCR score (0..1, or None when the engine gives none) weakens a value."""
    if score is None:
        return 1.0
    return min(1.0, max(0.0, score) / OCR_SCORE_FLOOR)


@dataclass
class Confidence:
    """A confidence under construction: ``Confidence.start('label_exact').weaken('digit_repaired')``."""

    value: float
    notes: list[str] = field(default_factory=list)
    #: The lowest cap applied: the calibration keeps the value under it (:func:`calibrate`).
    ceiling: float = 1.0

    @classmethod
    def start(cls, prior: str, note: str | None = None) -> Confidence:
        return cls(PRIORS[prior], [note] if note else [])

    def weaken(self, factor: str, note: str | None = None) -> Confidence:
        self.value *= FACTORS[factor]
        self.notes.append(note or factor.replace("_", " "))
        return self

    def repaired(self, notes: Iterable[str]) -> Confidence:
        """Weaken once per repair a reader noted (``digit repaired l->1``, ``date separators repaired``)."""
        for note in notes:
            if "repaired" in note:
                self.weaken("digit_repaired", note)
        return self

    def ocr(self, score: float | None, kind: str | None = None) -> Confidence:
        """Weaken by an OCR score; ``kind`` ("free", "vocab", "pattern") weighs it by
        :data:`OCR_WEIGHT` (what the field can correct)."""
        f = ocr_factor(score) if kind is None else ocr_factor(score) ** OCR_WEIGHT[kind]
        if f < 1.0:
            self.value *= f
            self.notes.append(f"OCR score {score:.2f}")
        return self

    def scale(self, factor: float, note: str | None = None) -> Confidence:
        """Multiply by a measured factor (a similarity to a vocabulary entry), noting it when asked."""
        self.value *= factor
        if note:
            self.notes.append(note)
        return self

    def cap(self, name: str, note: str | None = None) -> Confidence:
        """No higher than the ceiling :data:`CAPS` ``[name]``, noting why when asked."""
        self.value = min(CAPS[name], self.value)
        self.ceiling = min(CAPS[name], self.ceiling)
        if note:
            self.notes.append(note)
        return self

    def confirm(self, note: str) -> Confidence:
        self.value = confirmed(self.value)
        self.notes.append(note)
        return self

    @property
    def rounded(self) -> float:
        # round(min(1.0, max(0.0, value)), 3) without the two calls: it runs for every field and
        # candidate. A NaN gives 0.0 as there (max(0.0, nan) keeps 0.0), an int 1 gives 1.0.
        value = self.value
        return round(1.0 if value >= 1.0 else value if value > 0.0 else 0.0, 3)


def confirmed(confidence: float) -> float:
    """The confidence of a value that a passing check confirms."""
    return 1.0 - (1.0 - confidence) * CONFIRMED_DOUBT


# --- calibration ---------------------------------------------------------------------------------

_RAW = contextvars.ContextVar("idextract_raw_confidences", default=False)
CALIBRATION_FILE = "idextract/calibration.toml"


@contextlib.contextmanager
def raw_confidences() -> Iterator[None]:
    """Within this block the parsers report uncalibrated confidences (to refit the maps)."""
    token = _RAW.set(True)
    try:
        yield
    finally:
        _RAW.reset(token)


@dataclass(frozen=True)
class CalibrationMap:
    """A monotone map from raw confidence to probability: linear between knots, proportional
    below the first, flat above the last.

    A map with a ``band`` (lo, hi) applies only to raw confidences in ``[lo, hi)`` (``hi`` = 1
    includes 1) and keeps its result in the band: below the first knot it rises from ``lo``, and
    it ends at least ``BAND_MARGIN`` under ``hi``. A parser whose confidence bands carry meaning
    (on a card, under 0.9: a value snapped or known by its place; under 0.6: a contradicted one)
    is calibrated within them, never across.
    """

    raws: tuple[float, ...]
    probs: tuple[float, ...]
    band: tuple[float, float] | None = None

    def covers(self, raw: float) -> bool:
        if self.band is None:
            return True
        lo, hi = self.band
        return lo <= raw < hi or (hi >= 1.0 and raw == hi)

    @property
    def top(self) -> float:
        """The highest probability the map may give: under its band's upper edge, or 1."""
        hi = self.band[1] if self.band is not None else 1.0
        return hi if hi >= 1.0 else hi - BAND_MARGIN

    def __call__(self, raw: float) -> float:
        if self.band is not None:
            return self._banded(raw)
        if not self.raws or raw <= 0.0:
            return max(0.0, raw)
        if raw <= self.raws[0]:
            value = self.probs[0] * raw / self.raws[0] if self.raws[0] > 0 else self.probs[0]
        else:
            value = self._between(raw)
        # Under NEAR_CERTAIN the parser has said why a value is not near-certain (a cap, a doubt,
        # a failed check): interpolating between knots must not lift it across that line.
        return min(value, NEAR_CERTAIN - BAND_MARGIN) if raw < NEAR_CERTAIN else value

    def _banded(self, raw: float) -> float:
        lo, top = (self.band or (0.0, 1.0))[0], self.top
        if not self.raws:
            return raw
        if raw <= self.raws[0]:
            first = min(max(self.probs[0], lo), top)
            value = lo + (first - lo) * (raw - lo) / (self.raws[0] - lo) if self.raws[0] > lo else first
        else:
            value = self._between(raw)
        return min(max(value, lo), top)

    def _between(self, raw: float) -> float:
        if raw >= self.raws[-1]:
            return self.probs[-1]
        i = bisect.bisect_right(self.raws, raw)
        r0, r1, p0, p1 = self.raws[i - 1], self.raws[i], self.probs[i - 1], self.probs[i]
        return p0 + (p1 - p0) * (raw - r0) / (r1 - r0) if r1 > r0 else p1


#: A banded map's result stays this far under the band's upper edge (0.9 -> at most 0.89, the
#: "snapped" cap).
BAND_MARGIN = 0.01
#: A raw confidence under this is not near-certain, and no map makes it so (at most 0.89).
NEAR_CERTAIN = 0.9


@cache
def _maps() -> tuple[dict[str, str], dict[str, tuple[CalibrationMap, ...]]]:
    spec = load_toml("idextract", "calibration.toml")
    fields: dict[str, str] = dict(require(spec, "fields", CALIBRATION_FILE))
    maps = {}
    for family, entry in require(spec, "maps", CALIBRATION_FILE).items():
        parts = [(None, entry["knots"])] if "knots" in entry else [
            ((float(band["range"][0]), float(band["range"][1])), band["knots"]) for band in entry.get("bands", [])]
        built = []
        for band, raw_knots in parts:
            knots = sorted((float(r), float(p)) for r, p in raw_knots)
            built.append(CalibrationMap(tuple(r for r, _ in knots), tuple(p for _, p in knots), band))
        maps[family] = tuple(built)
    return fields, maps


def calibration_map(doc_type: str, field_name: str) -> Callable[[float], float] | None:
    """The map for ``doc_type.field_name`` (``receipt.total``), None when the field has none. A
    family of banded maps maps each raw confidence by the band it is in; outside them it stays."""
    fields, maps = _maps()
    family = fields.get(f"{doc_type}.{field_name}")
    chosen = maps.get(family) if family is not None else None
    if not chosen:
        return None
    if len(chosen) == 1 and chosen[0].band is None:
        return chosen[0]
    return lambda raw: apply_maps(chosen, raw)


def apply_maps(maps: Iterable[CalibrationMap], raw: float) -> float:
    """``raw`` mapped by the first of ``maps`` that covers it (a family's bands); else as it is."""
    return next((m(raw) for m in maps if m.covers(raw)), raw)


def cap_field(extracted: Extracted[Any], name: str, note: str, ceilings: dict[str, float], field_name: str) -> None:
    """Cap a record's field by :data:`CAPS` ``[name]`` after it was read, noting why, and record
    the cap in ``ceilings`` (by field name) for :func:`calibrate` to keep."""
    extracted.confidence = min(extracted.confidence, CAPS[name])
    extracted.notes.append(note)
    ceilings[field_name] = min(ceilings.get(field_name, 1.0), CAPS[name])


def calibrate(record: Any, ceilings: Mapping[str, float] | None = None) -> Any:
    """Map the confidence of each field found in ``record`` (a Document) to a probability, in
    place; fields without a map in calibration.toml keep theirs, and none rises over a cap the
    parser set (``ceilings``, by field name: :attr:`Confidence.ceiling`). Returns the record."""
    if _RAW.get():
        return record
    for name, extracted in record.fields():
        if extracted.value is None or extracted.confidence <= 0.0:
            continue
        mapping = calibration_map(record.doc_type, name)
        if mapping is not None:
            ceiling = ceilings.get(name, 1.0) if ceilings else 1.0
            extracted.confidence = round(min(1.0, ceiling, max(0.0, mapping(extracted.confidence))), 3)
    return record
