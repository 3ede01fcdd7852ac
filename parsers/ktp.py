"""e-KTP identity cards (front side): text in, a :class:`Ktp` record out.

The labels stand in a fixed order down a fixed column (``parsers/ktp.toml``). Rows are aligned
to that order (a Viterbi pass over the rows: header, next label, a wrapped line of the field
above, or junk), scoring each row by its label (exact, fuzzy, or a damaged one by edit
distance), by where it starts (a row starting in the label column starts a new field; only
rows in the value column continue a name or an address) and by its value (a date, RT/RW, a
closed vocabulary). So a label damaged beyond matching (``Nams``, ``KelDesa``) or lost
altogether is known by its place between its neighbours, with less confidence. The issue place
and date printed right of the photo are split off by position before rows are built, anchored
on the date even when its separators are lost. Closed vocabularies (religion, marital status,
occupation...) are snapped with a length-aware distance that knows OCR look-alikes (8/B, 0/O,
1/I, 5/S), the distance lowering confidence. The NIK is repaired (O->0, B->8...) and
cross-checked with the printed birth date, sex and province; cross-field evidence (sex from the
NIK, the issue place from the header's regency, WNI from a card valid for life) fills or
confirms a damaged field, with a note and less confidence than a clean read.

Privacy: ``repr()``/``str()`` of the record mask the NIK and the name; nothing is logged.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex
from pydantic import Field

from idextract.bounds import parser_input
from idextract.confidence import FACTORS, Confidence, ocr_factor
from idextract.dates import find_dates
from idextract.layout import Row, group_rows
from idextract.ocr.base import OcrResult, OcrWord
from idextract.records import Check, Document, Extracted
from idextract.spec import load_toml, require
from idextract.text import LabelHit, LabelMatcher, normalize

from . import nik as niklib
from .ktp_layout import DATE_LIKE, page_slope, row_starts, split_photo_column, upright

__all__ = ["Ktp", "parse_ktp"]

SPEC_FILE = "idextract.parsers/ktp.toml"
_RT_RW = regex.compile(r"(?P<rt>[0-9OoIl]{1,3})\s*[/\\|]\s*(?P<rw>[0-9OoIl]{1,3})")
# Both printed zero-padded to three digits: six digits (seven, the slash read as 1 or 7) are RT/RW.
_RT_RW_BARE = regex.compile(r"(?P<rt>[0-9OoIl]{3})\s*[17]?\s*(?P<rw>[0-9OoIl]{3})")
_STRIP = " :;.,=-_|'\""


class Ktp(Document):
    """The printed fields of an e-KTP. Upper-case strings as printed; dates ``datetime.date``."""

    doc_type: str = "ktp"
    province: Extracted[str] = Field(default_factory=Extracted)
    city_regency: Extracted[str] = Field(default_factory=Extracted)
    nik: Extracted[str] = Field(default_factory=Extracted)
    name: Extracted[str] = Field(default_factory=Extracted)
    birth_place: Extracted[str] = Field(default_factory=Extracted)
    birth_date: Extracted[dt.date] = Field(default_factory=Extracted)
    gender: Extracted[str] = Field(default_factory=Extracted)
    blood_type: Extracted[str] = Field(default_factory=Extracted)
    address: Extracted[str] = Field(default_factory=Extracted)
    rt_rw: Extracted[str] = Field(default_factory=Extracted)
    village: Extracted[str] = Field(default_factory=Extracted)
    district: Extracted[str] = Field(default_factory=Extracted)
    religion: Extracted[str] = Field(default_factory=Extracted)
    marital_status: Extracted[str] = Field(default_factory=Extracted)
    occupation: Extracted[str] = Field(default_factory=Extracted)
    nationality: Extracted[str] = Field(default_factory=Extracted)
    valid_until: Extracted[dt.date | str] = Field(default_factory=Extracted)
    issue_place: Extracted[str] = Field(default_factory=Extracted)
    issue_date: Extracted[dt.date] = Field(default_factory=Extracted)

    def __repr_args__(self) -> Any:
        for key, value in super().__repr_args__():
            if key in PII_FIELDS and isinstance(value, Extracted) and value.value is not None:
                masked = value.model_copy(update={"value": PII_FIELDS[key](str(value.value)), "raw": None})
                yield key, masked
            else:
                yield key, value

    def __str__(self) -> str:
        return self.__repr__()


def _mask_name(name: str) -> str:
    return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())


PII_FIELDS = {"nik": niklib.mask, "name": _mask_name}


# A NIK has 16 digits; a read with fewer than this many is no NIK at all.
_NIK_MIN_DIGITS = 12
_NIK_PARTS = regex.compile(r"[:;=]")


@dataclass
class _Value:
    text: str
    row: Row
    start: int
    end: int
    errors: int
    # How the field was found: "label" (its printed label, exact or fuzzy), or "position" (the
    # label was lost or damaged beyond matching: known from its place in the label order).
    found_by: str = "label"
    swallowed: bool = False  # took a wrapped row although the next field was not found


# Characters OCR confuses on small, blurred print (digits and letters, and letters among
# themselves); a substitution between two of them costs this much instead of 1.
_CONFUSABLE = {frozenset(p) for p in ("0O", "0D", "0Q", "OD", "OQ", "DB", "1I", "1L", "IL", "IJ", "1T", "5S", "2Z",
                                      "6G", "8B", "9G", "MN", "MW", "NW", "UV", "CG", "EF", "HN", "KX")}
_CONFUSION_COST = 0.4
_ALNUM = regex.compile(r"[^A-Z0-9]+")


def _wdist(a: str, b: str, confusion: float = _CONFUSION_COST) -> float:
    """Levenshtein distance of upper-case ``a`` and ``b`` where look-alikes (8/B, 0/O, 1/I, 5/S,
    M/N...) cost ``confusion``."""
    if a == b:
        return 0.0
    prev = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        cur = [float(i)]
        for j, cb in enumerate(b, 1):
            sub = 0.0 if ca == cb else (confusion if frozenset((ca, cb)) in _CONFUSABLE else 1.0)
            cur.append(min(prev[j] + 1.0, cur[j - 1] + 1.0, prev[j - 1] + sub))
        prev = cur
    return prev[-1]


_LETTER_WEIGHT = 0.85


def _bigrams(text: str) -> set[str]:
    t = f" {text} "
    return {t[i : i + 2] for i in range(len(t) - 1)}


class _Vocab:
    """A closed vocabulary: exact look-up, a cheap bigram likeness (for choosing rows), and a
    length-aware snap that knows OCR look-alikes (for the value)."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.keys = list(table)
        self.grams = [_bigrams(k) for k in self.keys]
        self.index: dict[str, list[int]] = {}
        for i, grams in enumerate(self.grams):
            for g in grams:
                self.index.setdefault(g, []).append(i)
        self._like: dict[str, float] = {}
        small = len(self.keys) <= 16
        self.letters = [(Counter(k.replace(" ", "")), len(k.replace(" ", ""))) for k in self.keys] if small else []

    def likeness(self, text: str) -> float:
        """Dice similarity of bigrams with the nearest entry (0..1); cached per text."""
        key = " ".join(text.upper().split())
        if key in self.table:
            return 1.0
        hit = self._like.get(key)
        if hit is not None:
            return hit
        grams = _bigrams(key)
        counts: dict[int, int] = {}
        for g in grams:
            for i in self.index.get(g, ()):
                counts[i] = counts.get(i, 0) + 1
        best = max((2 * c / (len(grams) + len(self.grams[i])) for i, c in counts.items()), default=0.0)
        if self.letters:
            # Short words lose most of their bigrams to one bad letter (LAIG-LAN): their letters
            # (as a multiset) say more, discounted as weaker evidence.
            mine = Counter(key.replace(" ", ""))
            size = sum(mine.values())
            letters = max((2 * sum((mine & theirs).values()) / (size + n) for theirs, n in self.letters), default=0.0)
            best = max(best, _LETTER_WEIGHT * letters)
        if len(self._like) < 4096:
            self._like[key] = best
        return best

    def snap(self, text: str) -> tuple[str | None, float]:
        """The entry nearest to ``text`` and a similarity (1.0 = exact), or ``(None, 0.0)``.

        Chosen and accepted with look-alikes costing :data:`_CONFUSION_COST` (within about a
        third of the entry's length, and only when no other entry is as near); the similarity
        counts every edit in full, as it measures how much of the value was actually read.
        """
        key = " ".join(text.upper().split())
        if key in self.table:
            return self.table[key], 1.0
        if not key:
            return None, 0.0
        grams = _bigrams(key)
        if len(self.keys) > 16:
            counts: dict[int, int] = {}
            for g in grams:
                for i in self.index.get(g, ()):
                    counts[i] = counts.get(i, 0) + 1
            pool = sorted(counts, key=lambda i: -2 * counts[i] / (len(grams) + len(self.grams[i])))[:6]
        else:
            pool = list(range(len(self.keys)))
        scored = sorted((_wdist(key, self.keys[i]), i) for i in pool)
        if not scored:
            return None, 0.0
        d, i = scored[0]
        entry = self.keys[i]
        n = max(len(key), len(entry))
        allowed = max(0.5, 0.34 * len(entry)) if len(entry) > 1 else 0.5
        rivals = [d2 for d2, j in scored[1:] if self.table[self.keys[j]] != self.table[entry]]
        margin = rivals[0] - d if rivals else float("inf")
        # Up to half the entry's length when every other entry is much farther (ISLIR, CENAE MIDP).
        far = len(entry) >= 4 and d <= 0.5 * len(entry) and margin >= 1.5
        if not far and (d > allowed or margin < 0.5 or 1 - d / n < 0.6):
            return None, 0.0
        return self.table[entry], round(1 - _wdist(key, entry, 1.0) / n, 3)


class _Spec:
    def __init__(self) -> None:
        raw = load_toml("idextract.parsers", "ktp.toml")
        self.labels = LabelMatcher(require(raw, "labels", SPEC_FILE))
        header = require(raw, "header", SPEC_FILE)
        self.header = LabelMatcher({"province": header["province"], "regency": header["regency"]})
        self.jakarta = [j.upper() for j in header["jakarta"]]
        self.vocab: dict[str, dict[str, str]] = {}
        for name, entries in require(raw, "vocabularies", SPEC_FILE).items():
            table = {}
            for canonical, variants in entries.items():
                table[canonical.upper()] = canonical
                for v in variants:
                    table[v.upper()] = canonical
            self.vocab[name] = table
        printed = {}
        for name, shown in niklib.provinces().values():
            printed[shown] = shown
            printed[name] = shown
        self.vocab["province"] = printed
        self.lifetime = [x.upper() for x in require(raw, "valid_until.lifetime", SPEC_FILE)]
        self.wrapping = set(require(raw, "layout.wrapping", SPEC_FILE))
        self.min_labels = int(require(raw, "layout.min_labels", SPEC_FILE))
        self.label_order: list[str] = require(raw, "layout.label_order", SPEC_FILE)
        self.order_index = {key: k for k, key in enumerate(self.label_order)}
        self.min_age = int(require(raw, "nik.min_age", SPEC_FILE))
        self.vocabs = {name: _Vocab(table) for name, table in self.vocab.items()}
        self.vocabs["valid_until"] = _Vocab({x: "SEUMUR HIDUP" for x in self.lifetime})
        # Each field's labels as bare letters, for rows whose label is damaged beyond the matcher.
        self.skeletons = {key: sorted({_skeleton(lab) for lab in labs}) for key, labs in
                          require(raw, "labels", SPEC_FILE).items() if key in self.label_order}


@cache
def _spec() -> _Spec:
    return _Spec()


@dataclass
class _Line:
    """One row as the aligner sees it: its label (if any), where the value starts, and the value."""

    row: Row
    hit: LabelHit | None  # the label opening the row (exact or fuzzy)
    label_state: str  # "hit", "damaged" (a label part that matches no label), "none" (value only)
    in_label_column: bool | None  # from the boxes; None for plain text
    vstart: int
    value: str
    label_part: str = ""
    sims: dict[str, float] | None = None  # damaged label: similarity to each key's labels
    fits: dict[str, float] = field(default_factory=dict)  # _content per field, cached
    shape: _Shape | None = None
    header: float | None = None


# Rows aligned to the label order: those from a few above the first label read on.
_MAX_ABOVE = 6
_MAX_ROWS = 60
# Scores of the row-to-label alignment (log-odds-like; see _align).
_SCORE_HIT = 6.0
_SCORE_WRONG_HIT = -8.0
_SCORE_NO_LABEL = -1.0
_SCORE_SKIP = -1.5
_SCORE_JUNK = -2.5
_SCORE_HEADER = 3.0
_ADDRESS_WORDS = regex.compile(r"\b(?:JL|JLN|JALAN|GG|GANG|NO|BLOK|PERUM|PERUMAHAN|KOMPLEK|KOMP|DUSUN|DSN|RT|RW|KP|"
                               r"KAMPUNG|LINGKUNGAN|CLUSTER|LK)\b")
_RTRW_LIKE = regex.compile(r"[0-9OoIl]{1,3}\s*[/\\|]\s*[0-9OoIl]{1,3}|^[0-9OoIl]{3}\s*[0-9OoIl]{3}$")


def _skeleton(text: str) -> str:
    return _ALNUM.sub("", text.upper())


def _split_label(row: Row, spec: _Spec, start: tuple[float, float] | None, value_x: float | None,
                 label_x: float | None, hits: list[LabelHit]) -> _Line:
    text = row.text
    head = hits[0] if hits and hits[0].start <= max(3, len(text) // 6) else None
    if head is None and hits:
        # An exact label later in the row (Gol. Darah) hides a damaged one at its start from
        # the fuzzy pass: look at the start alone.
        first = spec.labels.find(text[: hits[0].start])
        head = first[0] if first and first[0].start <= 3 else None
    in_label: bool | None = None
    if start is not None and value_x is not None and label_x is not None:
        in_label = start[0] < (label_x + value_x) / 2
    if head is not None:
        end = head.end
        # The rest of a label matched in part ("Berlaku" of "Berlaku Hingge"): words still left
        # of the value column, or still in title case (values are printed in capitals).
        capitals = any(m.group().isupper() for m in regex.finditer(r"[^\s:]+", text[end:]))
        for w, (ws, we) in zip(row.words, row.spans):
            if we <= end or not text[ws:we].strip(_STRIP):
                continue
            if ws < end:  # the word holding the end of the hit: all label if it ends before the values
                if value_x is not None and _right_of_word(row, w, start) < value_x - 0.6 * start[1]:  # type: ignore[index]
                    end = we
                    continue
                if value_x is not None:
                    break
            elif value_x is not None:
                if not _left_of_values(row, w, start, value_x, label_x):
                    break
                end = we
                continue
            offset = max(ws, end)
            for m in regex.finditer(r"\S+", text[offset:we]):  # plain text: one word holds the row
                token = m.group()
                if ":" in token or not capitals or token.isupper() or not any(ch.islower() for ch in token):
                    break
                end = offset + m.end()
            break
        seg = text[end:]
        vstart = end + (len(seg) - len(seg.lstrip(_STRIP)))
        return _Line(row, head, "hit", True if in_label is None else in_label, vstart, text[vstart:].rstrip(_STRIP),
                     text[: head.end])
    cut = _label_cut(row, text, in_label, value_x, label_x, start)
    if cut == 0:
        return _Line(row, None, "none", in_label, 0, text.strip(_STRIP))
    seg = text[cut:]
    vstart = cut + (len(seg) - len(seg.lstrip(_STRIP)))
    return _Line(row, None, "damaged", in_label, vstart, text[vstart:].rstrip(_STRIP), text[:cut])


def _label_sims(line: _Line, spec: _Spec) -> dict[str, float]:
    """A damaged label's similarity to each field's labels (computed when first asked)."""
    if line.sims is None:
        skel = _skeleton(line.label_part)[:24]
        line.sims = {key: max(1 - _wdist(skel, lab) / max(len(skel), len(lab)) for lab in labs)
                     for key, labs in spec.skeletons.items()} if skel else {}
    return line.sims


def _left_of_values(row: Row, word: OcrWord, start: tuple[float, float] | None, value_x: float | None,
                    label_x: float | None) -> bool:
    """Whether ``word`` (of ``row``) starts in the label column, well left of the values
    (de-tilted like the row's start). A word opening with a colon starts a value."""
    if start is None or value_x is None or label_x is None or word.box is None or row.words[0].box is None:
        return False
    if word.text.lstrip()[:1] in ":;=":
        return False
    return word.box.x0 + start[0] - row.words[0].box.x0 < label_x + 0.7 * (value_x - label_x)


def _right_of_word(row: Row, word: OcrWord, start: tuple[float, float] | None) -> float:
    if start is None or word.box is None or row.words[0].box is None:
        return float("inf")
    return word.box.x1 + start[0] - row.words[0].box.x0


def _label_cut(row: Row, text: str, in_label: bool | None, value_x: float | None, label_x: float | None,
               start: tuple[float, float] | None) -> int:
    """Where a row's damaged label part ends (0: the row is a value only)."""
    if in_label is False:
        return 0
    if in_label and value_x is not None and start is not None and len(row.words) > 1:
        # The words left of the value column are the label (the first word's de-tilted start
        # is known; the others keep their offsets from it along the line).
        for w, (s, _) in zip(row.words[1:], row.spans[1:]):
            if w.box is not None and not _left_of_values(row, w, start, value_x, label_x):
                return s
    colon = text.find(":")
    if 0 < colon <= 26 and sum(ch.isalpha() for ch in text[:colon]) >= 2:
        return colon
    # Labels are printed in title case, values in capitals: a leading run of mixed-case words.
    tokens = list(regex.finditer(r"\S+", text))
    cut = 0
    for m in tokens:
        if any(ch.islower() for ch in m.group()):
            cut = m.end()
        else:
            break
    if 0 < cut < len(text.rstrip()):
        return cut
    if in_label:  # a row in the label column with nothing else: all label
        return len(text)
    return 0


def _content(line: _Line, key: str, spec: _Spec) -> float:
    """How well a row's value fits field ``key`` (positive: fits; negative: belongs elsewhere)."""
    fit = line.fits.get(key)
    if fit is None:
        fit = line.fits[key] = _fit(line, key, spec)
    return fit


@dataclass(frozen=True)
class _Shape:
    upper: str
    digits: int
    letters: int
    dated: bool
    rtrw: bool
    blood_label: bool  # Gol. Darah on the row: the gender row
    other_vocab: float  # likeness to the closed vocabularies of other rows (for free-text fields)


def _shape(line: _Line, spec: _Spec) -> _Shape:
    if line.shape is None:
        v = line.value.upper()
        digits = sum(ch.isdigit() for ch in v)
        letters = sum(ch.isalpha() for ch in v)
        dated = digits >= 4 and (bool(DATE_LIKE.search(v)) or bool(find_dates(v)))
        other = max(spec.vocabs[k].likeness(v) for k in ("religion", "marital_status", "occupation", "valid_until")) \
            if v and digits < _NIK_MIN_DIGITS else 0.0
        line.shape = _Shape(v, digits, letters, dated, bool(_RTRW_LIKE.search(v)) and letters <= 2,
                            bool(_BLOOD_LABEL.search(v)), other)
    return line.shape


def _fit(line: _Line, key: str, spec: _Spec) -> float:
    sh = _shape(line, spec)
    v, digits, letters, dated = sh.upper, sh.digits, sh.letters, sh.dated
    if key == "nik":
        return 4.0 if digits >= _NIK_MIN_DIGITS else (-1.0 if not v else -3.0)
    if digits >= _NIK_MIN_DIGITS:
        return -4.0
    if not v:
        return -0.5
    if sh.blood_label:
        return 3.0 if key == "gender" else -2.0
    if key == "birth":
        if dated:
            return 3.0 if letters >= 3 else 1.0
        # A date whose year was cut or garbled still shows as DD-MM after the place.
        return 1.0 if letters >= 3 and _PARTIAL_DATE.search(v) else -1.5
    if key == "valid_until":
        return max(2.0 if dated else -2.0, 6 * (spec.vocabs["valid_until"].likeness(v) - 0.5))
    if key == "rt_rw":
        return 3.0 if sh.rtrw else -2.0
    if key in spec.vocabs:
        words = v.split()
        like = max(spec.vocabs[key].likeness(v), spec.vocabs[key].likeness(words[0]) - 0.1 if key == "gender" else 0.0)
        return max(-2.5, min(3.0, 8 * (like - 0.55)))
    if dated:
        return -3.0
    penalty = -2.5 if sh.other_vocab >= 0.85 else 0.0
    if sh.rtrw:
        return -2.5
    if key == "address":
        return penalty + (1.5 if _ADDRESS_WORDS.search(v) or digits else 0.0)
    if key == "name":
        return penalty + (-2.0 if digits else 0.5)
    return penalty + (-1.0 if digits > 1 else 0.3)  # village, district


def _match(line: _Line, k: int, spec: _Spec) -> float:
    key = spec.label_order[k]
    if line.label_state == "hit":
        assert line.hit is not None
        return _SCORE_HIT - line.hit.errors if line.hit.key == key else _SCORE_WRONG_HIT
    if line.label_state == "damaged":
        sim = _label_sims(line, spec).get(key, 0.0)
        label = max(-2.5, min(2.0, 5 * (sim - 0.55)))
    else:
        label = _SCORE_NO_LABEL
    return label + _content(line, key, spec)


def _continues(line: _Line, k: int, filled: bool, spec: _Spec) -> float:
    """Score of ``line`` being a further line of field ``k`` (a wrapped name or address, or the
    value of a label read on the row above)."""
    if line.label_state == "hit" or line.in_label_column:
        return -1e9  # a row that starts in the label column starts a field of its own
    if line.label_state == "damaged" and line.in_label_column is None:
        return -3.0
    key = spec.label_order[k]
    if not filled:
        return _content(line, key, spec) + 0.5
    if key in spec.wrapping:
        if key == "birth":
            return -3.0
        return 0.3 + min(0.0, _content(line, key, spec))
    return -1e9


def _header_score(line: _Line, spec: _Spec) -> float:
    if line.header is None:
        line.header = _header_fit(line, spec)
    return line.header


def _header_fit(line: _Line, spec: _Spec) -> float:
    text = line.row.text
    if sum(ch.isdigit() for ch in text) >= _NIK_MIN_DIGITS or line.label_state == "hit":
        return -6.0
    if spec.header.find(text) or any(j in text.upper() for j in spec.jakarta):
        return _SCORE_HEADER
    return -1.0


def _align(lines: list[_Line], spec: _Spec) -> list[int | None]:
    """Each line's field (index into the label order), -1 for header lines, -2 - k for a further
    line of field k, None for junk.

    A monotone alignment of the rows against the card's fixed label order (a Viterbi pass):
    a row is the header (top only), the next label (any number of labels may be missing, at a
    cost), a further line of the field above (wrapped names and addresses; never a row that
    starts in the label column), or junk. A label too damaged to match is thus known from its
    place between its neighbours and from its value (a date, RT/RW, a closed vocabulary).
    State s is "the last field read is s - 1" (0: none yet, the header).
    """
    order = spec.label_order
    n_keys = len(order)
    neg = -1e18
    states = n_keys + 1
    score = [neg] * states
    score[0] = 0.0
    filled = [False] * states
    back: list[list[tuple[int, int]]] = []  # (previous state, move): 0 junk, 1 header, 2 assign, 3 continue
    for line in lines:
        new = [neg] * states
        ptr = [(-1, 0)] * states
        new_filled = [False] * states
        hit = line.hit
        if hit is not None:
            # A read label: that field (after any skipped ones), else junk at a high cost.
            k = spec.order_index.get(hit.key, -1)
            if k >= 0:
                best, arg = neg, -1
                for j in range(k + 1):
                    if score[j] > neg and score[j] + _SCORE_SKIP * (k - j) > best:
                        best, arg = score[j] + _SCORE_SKIP * (k - j), j
                if arg >= 0:
                    new[k + 1], ptr[k + 1], new_filled[k + 1] = best + _SCORE_HIT - hit.errors, (arg, 2), bool(line.value)
            for st in range(states):
                if score[st] > neg and score[st] + _SCORE_WRONG_HIT > new[st]:
                    new[st], ptr[st], new_filled[st] = score[st] + _SCORE_WRONG_HIT, (st, 0), filled[st]
        else:
            if score[0] > neg:
                h = _header_score(line, spec)
                new[0], ptr[0] = max((score[0] + h, (0, 1)), (score[0] + _SCORE_JUNK, (0, 0)))
            best, arg = neg, -1
            for k in range(n_keys):
                if score[k] > neg and score[k] >= best:
                    best, arg = score[k], k
                if best > neg:
                    cand = best + _match(line, k, spec)
                    if cand > new[k + 1]:
                        new[k + 1], ptr[k + 1], new_filled[k + 1] = cand, (arg, 2), bool(line.value)
                best += _SCORE_SKIP
            for st in range(1, states):
                if score[st] <= neg:
                    continue
                c = score[st] + _continues(line, st - 1, filled[st], spec)
                if c > new[st]:
                    new[st], ptr[st], new_filled[st] = c, (st, 3), filled[st] or bool(line.value)
                if score[st] + _SCORE_JUNK > new[st]:
                    new[st], ptr[st], new_filled[st] = score[st] + _SCORE_JUNK, (st, 0), filled[st]
        back.append(ptr)
        score, filled = new, new_filled
    st = max(range(states), key=lambda i: score[i] + _SCORE_SKIP * (n_keys - i))
    out: list[int | None] = [None] * len(lines)
    for i in range(len(lines) - 1, -1, -1):
        prev, move = back[i][st]
        if move == 1:
            out[i] = -1
        elif move == 2:
            out[i] = st - 1
        elif move == 3:
            out[i] = -2 - (st - 1)
        st = prev
    return out


def _lines(rows: list[Row], spec: _Spec, slope: float | None = None) -> list[_Line]:
    starts = row_starts(rows, slope)
    found = [spec.labels.find(r.text) for r in rows]
    label_x, value_x = _columns(rows, found, starts)
    return [_split_label(r, spec, st, value_x, label_x, hits) for r, st, hits in zip(rows, starts, found)]


def _values(lines: list[_Line], spec: _Spec) -> tuple[dict[str, _Value], list[Row], list[Row]]:
    """Each field's value (joined with its wrapped lines), the header rows, and the rows left
    over after the last field (plain text: the issue place and date)."""
    # A card has about 20 rows: align a window of rows from just above the first label read
    # (a long text is no card, and the alignment's cost grows with every row).
    first = next((i for i, line in enumerate(lines) if line.hit is not None), 0)
    lo = max(0, first - _MAX_ABOVE)
    window = _align(lines[lo : lo + _MAX_ROWS], spec)
    plan: list[int | None] = [None] * lo + window + [None] * max(0, len(lines) - lo - _MAX_ROWS)
    found: dict[str, _Value] = {}
    header: list[Row] = []
    last_key_row = -1
    for i, (line, k) in enumerate(zip(lines, plan)):
        if k is None:
            continue
        if k == -1:
            header.append(line.row)
            continue
        last_key_row = i
        if k <= -2:
            key = spec.label_order[-2 - k]
            v = found.get(key)
            if v is None:
                continue
            if not v.text:
                found[key] = _Value(line.value, line.row, line.vstart, line.vstart + len(line.value), v.errors,
                                    v.found_by)
            elif line.value:
                v.text = f"{v.text} {line.value}"
            continue
        key = spec.label_order[k]
        errors = line.hit.errors if line.hit is not None else 0
        value = line.value
        if key == "gender":
            value, blood = _split_blood(line, spec)
            if blood is not None:
                found["blood_type"] = blood
        found[key] = _Value(value, line.row, line.vstart, line.vstart + len(value), errors,
                            "label" if line.label_state == "hit" else "position")
    # A wrapped field whose next field is missing may have swallowed that field's row.
    order = spec.label_order
    for i, key in enumerate(order[:-1]):
        v = found.get(key)
        if v is not None and key in spec.wrapping and order[i + 1] not in found and " " in v.text and \
                any(plan[j] == -2 - i for j in range(len(plan))):
            v.swallowed = True
    tail = [line.row for line, k in zip(lines[last_key_row + 1 :], plan[last_key_row + 1 :]) if k is None]
    return found, header, tail


def _columns(rows: list[Row], found: list[list[LabelHit]],
             starts: list[tuple[float, float] | None]) -> tuple[float | None, float | None]:
    """The de-tilted x of the label column and of the value column, from rows whose label was read."""
    labels, values = [], []
    for row, st, hits in zip(rows, starts, found):
        if st is None or len(row.words) < 2:
            continue
        if not hits or hits[0].start > 3 or hits[0].errors or hits[0].key == "blood_type":
            continue
        x_first = row.words[0].box.x0 if row.words[0].box is not None else 0.0
        shift = st[0] - x_first
        after = [w for w, (s, _) in zip(row.words, row.spans) if s >= hits[0].end and w.text.strip(_STRIP)]
        if after and after[0].box is not None:
            labels.append(st[0])
            values.append(after[0].box.x0 + shift)
    if not labels:
        return None, None
    label_x, value_x = statistics.median(labels), statistics.median(values)
    return (label_x, value_x) if value_x > label_x else (None, None)


_RT_RW_LEAD = "689"
_ASCII_DIGITS = frozenset("0123456789")  # int() also reads other scripts' digits; a card prints these
_BLOOD_LABEL = regex.compile(r"\b(?:G[O0]L|DAR[A-Z]H|DARAH)\b")
_PARTIAL_DATE = regex.compile(r"(?<![0-9])[0-9]{2}\s?[-./ ]\s?[0-9]{2}(?![0-9])")
_AB_LIKE = regex.compile(r"^[A4][A-Z38]$")
_WNI_LIKE = regex.compile(r"^[WV](?:[NHM][^A\s]?)?(?:\s|$)")
_BLOOD_TOKEN = regex.compile(r"^(?:AB|A|B|O|0|8|-)[+-]?$")


def _split_blood(line: _Line, spec: _Spec) -> tuple[str, _Value | None]:
    """The gender value and the blood type printed after ``Gol. Darah`` on the same row."""
    text, base = line.value, line.vstart
    hits = [h for h in spec.labels.find(text) if h.key == "blood_type"]
    if hits:
        h = hits[0]
        seg = text[h.end :]
        token = seg.strip(_STRIP)
        if not token and "-" in seg.replace(":", " ").split():
            token = "-"  # a lone dash is a value (blood type not recorded), not punctuation
        start = base + h.end + (len(seg) - len(seg.lstrip(_STRIP)))
        return text[: h.start].rstrip(_STRIP), _Value(token, line.row, start, start + len(token), h.errors)
    # The label too damaged to match: the value after its colon, or a lone blood-type token.
    words = text.split()
    colon = text.rfind(":")
    if colon > 0 and len(words) > 1:
        token = text[colon + 1 :].strip(_STRIP.replace("-", "")) or ("-" if "-" in text[colon + 1 :] else "")
        start = base + colon + 1
        return words[0], _Value(token, line.row, start, start + len(token), 1, "position")
    if len(words) >= 3 and _BLOOD_TOKEN.match(words[-1].upper()):
        start = base + text.rindex(words[-1])
        return words[0], _Value(words[-1], line.row, start, start + len(words[-1]), 1, "position")
    return text, None


# How much a field's OCR score weighs (an exponent on the OCR factor): free text has nothing to
# correct a misread letter, while a closed vocabulary snaps it back.
_SNAP_CAP = 0.89
_OCR_WEIGHT = {"free": 3.0, "vocab": 0.0, "pattern": 1.0}


def _field(value: str | dt.date | None, v: _Value | None, conf: Confidence, raw: str | None = None,
           kind: str = "pattern") -> Extracted[Any]:
    if value is None or value == "":
        return Extracted()
    if v is not None:
        score = v.row.span_confidence(v.start, max(v.end, v.start + 1))
        factor = ocr_factor(score) ** _OCR_WEIGHT[kind]
        if factor < 1.0:
            conf.value *= factor
            conf.notes.append(f"OCR score {score:.2f}")
        if v.found_by == "position":
            note = "label not read: the field known by its place in the card's label order"
            if kind == "vocab":  # its value, in the field's closed vocabulary, confirms the place
                conf.value *= FACTORS["by_position"] ** 0.5
                conf.notes.append(note)
            else:
                conf.weaken("by_position", note)
        elif v.errors:  # a damaged label that still stands in its place in the label order
            conf.value *= FACTORS["weak_label"] ** 0.5
            conf.notes.append("fuzzy label")
        if v.swallowed:
            conf.weaken("swallowed_row", "took a wrapped line while the next field was not found")
    return Extracted[Any](
        value=value, confidence=conf.rounded, raw=raw if raw is not None else (v.text if v else None),
        box=v.row.span_box(v.start, max(v.end, v.start + 1)) if v else None, line=v.row.index if v else None,
        notes=conf.notes,
    )


def _vocab_field(name: str, v: _Value | None, spec: _Spec) -> Extracted[Any]:
    if v is None or not v.text:
        return Extracted()
    text = v.text
    value, similarity = spec.vocabs[name].snap(text)
    if value is None and name not in ("blood_type",):
        # Stray digits glued on from a neighbouring column ("MELIM KANIN 143").
        words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
        if words and len(words) < len(text.split()):
            value, similarity = spec.vocabs[name].snap(" ".join(words))
    if value is None and name == "gender":
        words = text.split()
        # The first word(s); or, glued to what follows ("PEREMPUANGOL."), the word's head.
        for cand in (" ".join(words[:2]), words[0], words[0][:9], words[0][:10]):
            value, similarity = spec.vocabs[name].snap(cand)
            if value is not None:
                break
    if value is None:
        conf = Confidence.start("card_field", "not in the closed vocabulary")
        conf.weaken("check_failed", "value kept as printed")
        return _field(" ".join(text.upper().split()), v, conf, kind="free")
    conf = Confidence.start("card_field", "closed vocabulary")
    if similarity < 1.0:
        # A unique nearest entry is a good bet, but only an exact read reaches _SNAP_CAP and up.
        conf.value = min(_SNAP_CAP, conf.value * similarity ** 0.25)
        conf.notes.append(f"snapped to vocabulary (similarity {similarity:.2f})")
    return _field(value, v, conf, kind="vocab")


def _text_field(v: _Value | None) -> Extracted[Any]:
    if v is None:
        return Extracted()
    text = " ".join(normalize(v.text).upper().split()).strip(_STRIP)
    return _field(text, v, Confidence.start("card_field"), kind="free")


def parse_ktp(source: OcrResult | str, *, today: dt.date | None = None) -> Ktp:
    """Parse OCR output (or plain text, one line per row) of a KTP's front side."""
    ocr = parser_input(source)
    spec = _spec()
    today = today or dt.date.today()
    ocr = upright(ocr, spec.labels, spec.label_order)
    record = Ktp(engine=ocr.engine, image_size=ocr.image_size, warnings=list(ocr.warnings))
    slope = page_slope(ocr.words)
    main_words, photo_words = split_photo_column(ocr, spec.labels, slope)
    rows = group_rows(main_words)
    for row in rows:
        row.text = normalize(row.text)
    lines = _lines(rows, spec, slope)
    n_labels = len({line.hit.key for line in lines if line.hit is not None})
    # A card whose labels the OCR lost is still a card: a valid NIK under a PROVINSI header.
    nik_card = any(_nik_like(line) for line in lines) and (n_labels > 0 or any(
        spec.header.find(line.row.text) or spec.vocabs["province"].snap(line.row.text.partition(" ")[2])[0]
        for line in lines[:3]))
    if n_labels < spec.min_labels and not nik_card:
        record.warnings.append("this does not look like a KTP: too few of its labels were found")
        return record
    found, header, tail = _values(lines, spec)

    _header(record, header, spec)
    _person(record, found, spec, today)
    _issue(record, group_rows(photo_words) if photo_words else [], tail, today)
    nik, apart = _nik_value(found.get("nik"), rows)
    _nik(record, nik, spec, today, apart=apart)
    _from_the_nik(record)
    _issue_place_from_header(record, spec)
    _check_issue_date(record, today)
    _nationality_from_validity(record)
    return record


def _header(record: Ktp, header: list[Row], spec: _Spec) -> None:
    """Province and regency/city from the header rows; a damaged PROVINSI / KOTA / KABUPATEN is
    known by its place (first and second header row) and by what follows it (a province name)."""
    for row in header:
        hits = spec.header.find(row.text)
        upper = row.text.upper()
        first, _, rest_text = " ".join(upper.split()).partition(" ")
        if hits and hits[0].start <= 3 and hits[0].key == "province" and not record.province.found:
            _province(record, row, hits[0].end, hits[0].errors, spec, None)
        elif not record.province.found and not record.city_regency.found and rest_text and \
                _wdist(_skeleton(first), "PROVINSI") <= 3 and spec.vocabs["province"].snap(rest_text)[0] is not None:
            _province(record, row, row.text.upper().index(first) + len(first), 0, spec,
                      f"PROVINSI read as {first!r}: known by its place")
        elif (hits and hits[0].key == "regency") or any(j in upper for j in spec.jakarta):
            if not record.city_regency.found:
                text = " ".join(normalize(row.text).upper().split()).strip(_STRIP)
                record.city_regency = _field(text, _Value(text, row, 0, len(row.text), 0),
                                             Confidence.start("card_field", "header line"), kind="free")
        elif record.province.found and not record.city_regency.found and rest_text:
            # KOTA / KABUPATEN damaged beyond the matcher, on the row under PROVINSI.
            kind = min(("KOTA", "KABUPATEN"), key=lambda k: _wdist(_skeleton(first), k) / len(k))
            if _wdist(_skeleton(first), kind) <= len(kind) / 2:
                text = f"{kind} {' '.join(normalize(rest_text).split()).strip(_STRIP)}"
                conf = Confidence.start("card_field", "header line")
                conf.weaken("by_position", f"{kind} read as {first!r}: known by its place under PROVINSI")
                record.city_regency = _field(text, _Value(text, row, 0, len(row.text), 0), conf, kind="free")


def _province(record: Ktp, row: Row, end: int, errors: int, spec: _Spec, damaged: str | None) -> None:
    rest = row.text[end:].strip(_STRIP)
    value, similarity = spec.vocabs["province"].snap(rest)
    conf = Confidence.start("card_field", "header PROVINSI")
    if damaged:
        conf.weaken("by_position", damaged)
    if value is None:
        value = " ".join(rest.upper().split())
        conf.weaken("check_failed", "not a known province")
    elif similarity < 1.0:
        conf.value *= similarity
        conf.notes.append(f"snapped to a province (similarity {similarity:.2f})")
    record.province = _field(value, _Value(rest, row, end, len(row.text), errors), conf, kind="vocab")


def _person(record: Ktp, found: dict[str, _Value], spec: _Spec, today: dt.date) -> None:
    record.name = _text_field(found.get("name"))
    birth = found.get("birth")
    if birth is not None:
        dates = find_dates(birth.text, today=today)
        if dates:
            d = dates[-1]
            conf = Confidence.start("pattern", "date after Tempat/Tgl Lahir").repaired(d.notes)
            record.birth_date = _field(d.value, _Value(d.raw, birth.row, birth.start + d.start, birth.start + d.end,
                                                       birth.errors), conf)
            place = birth.text[: d.start]
        else:
            # A date too damaged to read still ends the place: cut at its first digits.
            m = regex.search(r"[0-9]{2}", birth.text)
            place = birth.text[: m.start()] if m else birth.text
        place = " ".join(place.upper().split()).strip(_STRIP)
        record.birth_place = _field(place, _Value(place, birth.row, birth.start, birth.start + len(place), birth.errors),
                                    Confidence.start("card_field"), kind="free")
    record.gender = _vocab_field("gender", found.get("gender"), spec)
    blood = found.get("blood_type")
    if blood is not None and blood.text.split():
        token = blood.text.split()[0]
        # "-" is a value here (blood type not recorded), so it is not stripped as punctuation.
        blood = _Value(token.strip(_STRIP.replace("-", "")) or "-", blood.row, blood.start, blood.start + len(token),
                       blood.errors)
    record.blood_type = _vocab_field("blood_type", blood, spec)
    if blood is not None and record.blood_type.value not in spec.vocabs["blood_type"].table.values() and \
            _AB_LIKE.match(blood.text.upper()):
        # Two letters after Gol. Darah: AB is the only two-letter type (a blurred B reads as
        # E, S, N, R...).
        conf = Confidence.start("derived", f"read as {blood.text!r}: the only two-letter blood type")
        record.blood_type = _field("AB", blood, conf, kind="vocab")
    if blood is not None and not record.blood_type.found:
        # Every card prints something after Gol. Darah; OCR drops a lone "-" far more often
        # than a letter, so an empty value is most likely the dash.
        conf = Confidence.start("derived", "Gol. Darah read with no value: taken as '-' (a dash the OCR dropped)")
        record.blood_type = _field("-", blood, conf, raw="")
    record.address = _text_field(found.get("address"))
    rtrw = found.get("rt_rw")
    if rtrw is not None:
        m = _RT_RW.search(rtrw.text) or _RT_RW_BARE.fullmatch(rtrw.text.strip(_STRIP))
        if m:
            conf = Confidence.start("pattern", "RT/RW pattern")
            if m.re is _RT_RW_BARE:
                conf.weaken("digit_repaired", "the slash between RT and RW was lost (or read as a digit)")
            parts = []
            for g in ("rt", "rw"):
                part = m.group(g).replace("O", "0").replace("o", "0").replace("I", "1").replace("l", "1")
                if len(part) == 3 and part[0] in _RT_RW_LEAD:
                    # Printed zero-padded, and no RT or RW runs into the hundreds: a blurred
                    # leading 0 read as 8, 6 or 9.
                    conf.weaken("digit_repaired", f"leading {part[0]} of {part} read as 0")
                    part = "0" + part[1:]
                parts.append(int(part))
            record.rt_rw = _field(f"{parts[0]:03d}/{parts[1]:03d}", rtrw, conf)
    record.village = _text_field(found.get("village"))
    record.district = _text_field(found.get("district"))
    for name in ("religion", "marital_status", "occupation", "nationality"):
        setattr(record, name, _vocab_field(name, found.get(name), spec))
    nat = found.get("nationality")
    if nat is not None and record.nationality.value not in ("WNI", "WNA") and _WNI_LIKE.match(nat.text.upper()):
        # WN? with the last letter lost or garbled: citizens' cards (WNA cards are rare and the
        # A is the letter OCR keeps best), with a note and less confidence.
        conf = Confidence.start("derived", f"read as {nat.text!r}: WN and an unreadable letter taken as WNI")
        record.nationality = _field("WNI", nat, conf, kind="vocab")
    valid = found.get("valid_until")
    if valid is not None and valid.text:
        lifetime, similarity = spec.vocabs["valid_until"].snap(valid.text)
        dates = find_dates(valid.text, today=today)
        if lifetime is not None:
            conf = Confidence.start("card_field", "SEUMUR HIDUP")
            conf.value *= similarity
            record.valid_until = _field(lifetime, valid, conf, kind="vocab")
        elif dates:
            record.valid_until = _field(dates[0].value, valid,
                                        Confidence.start("pattern", "a date: an older card").repaired(dates[0].notes))


def _issue(record: Ktp, photo_rows: list[Row], tail: list[Row], today: dt.date) -> None:
    """Issue place and date: right of the photo (boxes), or the rows after the last field (plain text).

    The date anchors the place above it even when its separators were lost (``25 07 2023``) or
    it does not parse; such a date is read with less confidence, or not at all.
    """
    candidates = photo_rows or tail[-3:]
    for i, row in enumerate(candidates):
        dates = find_dates(row.text, today=today)
        loose = DATE_LIKE.search(row.text) if not dates else None
        if not dates and loose is None:
            continue
        if dates:
            d = dates[-1]
            start = d.start
            record.issue_date = _field(d.value, _Value(d.raw, row, d.start, d.end, 0),
                                       Confidence.start("pattern", "date under the photo").repaired(d.notes))
        else:
            assert loose is not None
            start = loose.start()
            read = _loose_date(loose.group())
            if read is not None:
                conf = Confidence.start("pattern", "date under the photo").weaken("digit_repaired",
                                                                                  "date separators repaired")
                if read[1]:
                    conf.weaken("check_failed", "the month's first digit read as no month: taken as 0")
                record.issue_date = _field(read[0], _Value(loose.group(), row, loose.start(), loose.end(), 0), conf)
        above = [r for r in candidates[:i] if sum(ch.isalpha() for ch in r.text) >= 3]
        own = row.text[:start].strip(_STRIP)
        place_row, text = (row, own) if sum(ch.isalpha() for ch in own) >= 3 else (
            (above[-1], above[-1].text) if above else (None, ""))
        if place_row is not None:
            text = " ".join(normalize(text).upper().split()).strip(_STRIP)
            record.issue_place = _field(text, _Value(text, place_row, 0, len(place_row.text), 0),
                                        Confidence.start("card_field", "place above the issue date"), kind="free")
        break


def _loose_date(text: str) -> tuple[dt.date, bool] | None:
    """A DD MM YYYY date whose separators were lost or misread (``25 07 2023``, ``2507-2023``),
    and whether a digit was repaired: a month's first digit that makes no month (``04-43-2025``)
    is a 0 when the second digit allows no other month (3-9)."""
    digits = "".join(ch for ch in text if ch in _ASCII_DIGITS)
    if len(digits) != 8:
        return None
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    if not 1900 <= year <= 2100:
        return None
    repaired = False
    if month > 12 and month % 10 >= 3:
        month, repaired = month % 10, True
    try:
        return dt.date(year, month, day), repaired
    except ValueError:
        return None


def _regency_name(city_regency: str) -> str:
    """``KOTA BANDUNG`` -> ``BANDUNG``: the name printed as the issue place."""
    return regex.sub(r"^(?:KOTA\s+ADM(?:INISTRASI)?\.?|KOTA|KABUPATEN|KAB\.?)\s+", "", city_regency).strip()


def _issue_place_from_header(record: Ktp, spec: _Spec) -> None:
    """Cross-check the issue place with the header's regency (the card is issued there): a
    damaged read near the regency's name is snapped to it, a missing one filled in (with less
    confidence than a clean read, and a note)."""
    city = record.city_regency.value
    if not isinstance(city, str) or not city:
        return
    name = _regency_name(city)
    place = record.issue_place
    if isinstance(place.value, str) and place.value:
        if place.value == name:
            return
        d = _wdist(_skeleton(place.value), _skeleton(name))
        n = max(len(_skeleton(place.value)), len(_skeleton(name)))
        if n and d / n <= 0.34:
            conf = Confidence(place.confidence, list(place.notes)).weaken(
                "digit_repaired", f"read as {place.value!r}; snapped to the header's regency")
            record.issue_place = place.model_copy(update={"value": name, "confidence": conf.rounded,
                                                          "notes": conf.notes})
        return
    if record.nik.found:
        conf = Confidence.start("derived", "not read under the photo: the header's regency, where cards are issued")
        record.issue_place = Extracted[str](value=name, confidence=conf.rounded, notes=conf.notes)


def _nationality_from_validity(record: Ktp) -> None:
    """A card valid for life is a citizen's: a foreigner's KTP runs out with the stay permit
    (UU 24/2013), so an unread nationality next to SEUMUR HIDUP is WNI."""
    if record.nationality.value in ("WNI", "WNA") or record.valid_until.value != "SEUMUR HIDUP":
        return
    if record.valid_until.confidence < 0.5:
        return
    note = "not read; SEUMUR HIDUP cards are citizens' (a foreigner's KTP carries an end date)"
    if record.nationality.found:
        note = f"read as {record.nationality.value!r}; " + note.split("; ", 1)[1]
    conf = Confidence.start("derived", note)
    record.nationality = record.nationality.model_copy(update={"value": "WNI", "confidence": conf.rounded,
                                                               "notes": conf.notes})


def _from_the_nik(record: Ktp) -> None:
    """Birth date and sex filled in from the NIK are as sure as the NIK (a little less: the
    century is a guess), never as sure as a printed value read and confirmed."""
    nik = record.nik
    if not nik.found or record.check("nik_format") is None or record.check("nik_format").status != "pass":  # type: ignore[union-attr]
        return
    for name in ("birth_date", "gender"):
        field = getattr(record, name)
        if field.found and any("from the NIK" in n for n in field.notes):
            setattr(record, name, field.model_copy(update={"confidence": round(min(_SNAP_CAP, 0.9 * nik.confidence), 3)}))


def _check_issue_date(record: Ktp, today: dt.date) -> None:
    """An issue date that contradicts the card is read with less confidence: cards are issued
    from 17 years of age, not in the future, and old cards ran five years from issue."""
    issued, born, valid = record.issue_date.value, record.birth_date.value, record.valid_until.value
    if not isinstance(issued, dt.date):
        return
    reasons = []
    if issued > today:
        reasons.append("after today")
    if isinstance(born, dt.date) and issued.year < born.year + 17:
        reasons.append("before the holder was 17")
    if isinstance(valid, dt.date) and valid.year - issued.year != 5:
        reasons.append("not five years before the printed Berlaku Hingga")
    if reasons:
        conf = Confidence(record.issue_date.confidence, list(record.issue_date.notes))
        conf.weaken("check_failed", "issue date " + ", ".join(reasons))
        record.issue_date = record.issue_date.model_copy(update={"confidence": conf.rounded, "notes": conf.notes})


def _nik_like(line: _Line) -> bool:
    """A row holding a structurally valid NIK (a card whose labels the OCR lost is still a card)."""
    digits = "".join(ch for ch in line.value if ch in _ASCII_DIGITS)
    letters = sum(ch.isalpha() for ch in line.value)
    return letters <= 3 and len(digits) in (16, 17) and any(_valid_nik(c) for c in {digits[:16], digits[-16:]})


def _valid_nik(digits: str) -> bool:
    if len(digits) != 16 or any(ch not in _ASCII_DIGITS for ch in digits):
        return False
    info = niklib.decode(digits)
    return info is not None and not digits.startswith("0") and digits[:2] in niklib.provinces() \
        and niklib.valid_date_part(info)


def _nik_value(v: _Value | None, rows: list[Row]) -> tuple[_Value | None, bool]:
    """The NIK as read: the digit run after the label, or a lone 16-digit row near it (then
    ``True``: read apart from its label).

    OCR adds stray marks before the number (``X:3273...``, from the card's pattern), and a
    large bold NIK whose box overlaps the label's can land on a row of its own.
    """
    if v is not None:
        part = max(_NIK_PARTS.split(v.text), key=_digit_count)
        if _digit_count(part) >= _NIK_MIN_DIGITS:
            start = v.start + v.text.index(part)
            stripped = part.strip(_STRIP)
            start += part.index(stripped) if stripped else 0
            return _Value(stripped, v.row, start, start + len(stripped), v.errors), False
    label_row = v.row.index if v is not None else 0
    lone = [r for r in rows if niklib.lone_number().fullmatch(r.text.strip(_STRIP + " "))]
    if not lone:
        return v, False
    row = min(lone, key=lambda r: abs(r.index - label_row))
    text = row.text.strip(_STRIP + " ")
    start = row.text.index(text)
    return _Value(text, row, start, start + len(text), 0), True


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _nik(record: Ktp, v: _Value | None, spec: _Spec, today: dt.date, *, apart: bool = False) -> None:
    checks: list[Check] = []
    if v is None or not v.text:
        record.checks = [Check(name="nik_format", status="fail", detail="no NIK read")]
        record.warnings.append("no NIK read")
        return
    digits, repairs = niklib.repair(v.text.replace(" ", ""))
    conf = Confidence.start("pattern", "NIK")
    if len(digits) == 17 and all(ch in _ASCII_DIGITS for ch in digits):
        # One stray mark read as a digit (a colon glued to the number reads as 1): keep the
        # 16 digits that make a valid NIK, if only one end does.
        valid = [c for c in (digits[1:], digits[:-1]) if _valid_nik(c)]
        if len(valid) == 1:
            conf.weaken("digit_repaired", "17 digits read: a stray digit at one end dropped")
            digits = valid[0]
    if apart:
        conf.weaken("weak_label", "a lone 16-digit row near the NIK label, read apart from it")
    for note in repairs:
        conf.weaken("digit_repaired", note)
    info = niklib.decode(digits)
    province_name = niklib.provinces().get(digits[:2])
    ok = not digits.startswith("0") and province_name is not None and niklib.valid_date_part(info)
    detail = "16 digits, known province, valid date part" if ok else (
        f"{len(digits)} characters read, 16 digits expected" if len(digits) != 16 or not digits.isdigit()
        else "invalid province code or date part")
    checks.append(Check(name="nik_format", status="pass" if ok else "fail", detail=detail))
    if not ok:
        conf.weaken("check_failed", detail)
    confirmed = 0
    if info is not None:
        confirmed += _check_birth(record, info, digits, checks, today, spec)
        confirmed += _check_gender(record, info, checks)
        if province_name is not None and record.province.found:
            same = record.province.value == province_name[1]
            checks.append(Check(name="nik_province_matches", status="pass" if same else "warn",
                                detail="NIK prefix matches the printed province" if same else
                                "NIK issued in another province than the one printed (the holder may have moved)"))
            if same:
                record.province.confidence = Confidence(record.province.confidence).confirm("").rounded
                record.province.notes.append("confirmed by the NIK's province code")
            else:
                record.warnings.append("the NIK's province code differs from the printed province")
        else:
            checks.append(Check(name="nik_province_matches", status="skip", detail="province not read"))
    for check in checks:
        if check.status == "fail" and check.name != "nik_format":
            conf.weaken("check_failed", f"{check.name} failed")
    if ok and confirmed and not any(c.status == "fail" for c in checks):
        conf.confirm("birth date and sex printed on the card agree with the NIK")
    record.nik = _field(digits, v, conf, raw=v.text)
    record.checks = checks


def _check_birth(record: Ktp, info: niklib.NikInfo, digits: str, checks: list[Check], today: dt.date, spec: _Spec) -> int:
    printed = record.birth_date.value
    if not isinstance(printed, dt.date):
        coded = niklib.birth_date(info, today=today, min_age=spec.min_age)
        checks.append(Check(name="nik_birth_date_matches", status="skip", detail="no printed birth date read"))
        if coded is not None:
            record.birth_date = Extracted[dt.date](value=coded, confidence=0.6, notes=["from the NIK; not read on the card"])
        return 0
    coded = niklib.birth_date(info, today=today, min_age=spec.min_age, century_hint=printed.year // 100 * 100)
    if coded == printed:
        checks.append(Check(name="nik_birth_date_matches", status="pass", detail="NIK birth date = printed birth date"))
        record.birth_date.confidence = Confidence(record.birth_date.confidence).confirm("").rounded
        record.birth_date.notes.append("confirmed by the NIK")
        return 1
    a, b = f"{printed:%d%m%y}", f"{info.birth_day:02d}{info.birth_month:02d}{info.birth_yy:02d}"
    if coded is not None and sum(x != y for x, y in zip(a, b)) == 1:
        # The NIK is printed larger and bold: trust it over the smaller date, and say so.
        record.birth_date.notes.append(f"one printed digit read as {printed:%d-%m-%Y}; repaired from the NIK")
        record.birth_date.value = coded
        checks.append(Check(name="nik_birth_date_matches", status="pass",
                            detail="one digit of the printed date disagreed; repaired from the NIK"))
        return 1
    checks.append(Check(name="nik_birth_date_matches", status="fail",
                        detail="the NIK's date part does not match the printed birth date"))
    record.warnings.append("the NIK's birth date differs from the printed one")
    return 0


def _check_gender(record: Ktp, info: niklib.NikInfo, checks: list[Check]) -> int:
    coded = "PEREMPUAN" if info.female else "LAKI-LAKI"
    if not record.gender.found:
        checks.append(Check(name="nik_gender_matches", status="skip", detail="no printed sex read"))
        record.gender = Extracted[str](value=coded, confidence=0.6, notes=["from the NIK; not read on the card"])
        return 0
    if record.gender.value not in ("LAKI-LAKI", "PEREMPUAN"):
        checks.append(Check(name="nik_gender_matches", status="skip", detail="the printed sex is unreadable"))
        record.gender = record.gender.model_copy(update={
            "value": coded, "confidence": 0.6,
            "notes": [f"printed value unreadable ({record.gender.value!r}); from the NIK"]})
        return 0
    if record.gender.value == coded:
        checks.append(Check(name="nik_gender_matches", status="pass", detail="NIK day encodes the printed sex"))
        record.gender.confidence = Confidence(record.gender.confidence).confirm("").rounded
        record.gender.notes.append("confirmed by the NIK")
        return 1
    checks.append(Check(name="nik_gender_matches", status="fail", detail="the NIK's day encodes the other sex"))
    record.warnings.append("the NIK's sex differs from the printed one")
    return 0
