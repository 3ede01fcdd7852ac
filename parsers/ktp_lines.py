"""A KTP row split into its label and its value, before it is matched to a field.

Each row is cut where its label ends: after a label read (exact or fuzzy) and whatever is left
of it (a label matched in part, ``Berlaku`` of ``Berlaku Hingge``), or, when no label matched,
at a damaged label's end (the value column, a colon, or the title-case words: labels are
printed in title case, values in capitals). With word boxes, the de-tilted x of the label and
value columns says whether a row starts in the label column (it starts a field) or in the value
column (it may continue the field above). The gender row also holds ``Gol. Darah`` and the blood
type, split here into two values.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

import regex

from idextract.layout import Row
from idextract.ocr.base import OcrWord
from idextract.text import LabelHit

from .ktp_layout import row_starts
from .ktp_spec import Spec

__all__ = ["ASCII_DIGITS", "NIK_MIN_DIGITS", "STRIP", "Line", "Shape", "Value", "read_lines", "split_blood"]

# Punctuation around labels and values (colons, dots, stray marks from the card's pattern).
STRIP = " :;.,=-_|'\""
ASCII_DIGITS = frozenset("0123456789")  # int() also reads other scripts' digits; a card prints these
# A NIK has 16 digits; a read with fewer than this many is no NIK at all.
NIK_MIN_DIGITS = 12
_BLOOD_TOKEN = regex.compile(r"^(?:AB|A|B|O|0|8|-)[+-]?$")


@dataclass
class Value:
    """A field's value as read: its text, where it stands on its row, and how it was found."""

    text: str
    row: Row
    start: int
    end: int
    errors: int
    # How the field was found: "label" (its printed label, exact or fuzzy), or "position" (the
    # label was lost or damaged beyond matching: known from its place in the label order).
    found_by: str = "label"
    swallowed: bool = False  # took a wrapped row although the next field was not found


@dataclass
class Line:
    """One row as the aligner sees it: its label (if any), where the value starts, and the value."""

    row: Row
    hit: LabelHit | None  # the label opening the row (exact or fuzzy)
    label_state: str  # "hit", "damaged" (a label part that matches no label), "none" (value only)
    in_label_column: bool | None  # from the boxes; None for plain text
    vstart: int
    value: str
    label_part: str = ""
    sims: dict[str, float] | None = None  # damaged label: similarity to each key's labels
    fits: dict[str, float] = field(default_factory=dict)  # how well the value fits each field, cached
    shape: Shape | None = None
    header: float | None = None


@dataclass(frozen=True)
class Shape:
    """What a row's value looks like (digits, letters, a date, RT/RW...), for scoring it per field."""

    upper: str
    digits: int
    letters: int
    dated: bool
    rtrw: bool
    blood_label: bool  # Gol. Darah on the row: the gender row
    other_vocab: float  # likeness to the closed vocabularies of other rows (for free-text fields)


def _split_label(row: Row, spec: Spec, start: tuple[float, float] | None, value_x: float | None,
                 label_x: float | None, hits: list[LabelHit]) -> Line:
    """``row`` as a label (a hit, a damaged one, or none) and a value; ``hits`` are its labels found."""
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
        end = _label_end(row, head.end, start, value_x, label_x)
        seg = text[end:]
        vstart = end + (len(seg) - len(seg.lstrip(STRIP)))
        return Line(row, head, "hit", True if in_label is None else in_label, vstart, text[vstart:].rstrip(STRIP),
                    text[: head.end])
    cut = _label_cut(row, text, in_label, value_x, label_x, start)
    if cut == 0:
        return Line(row, None, "none", in_label, 0, text.strip(STRIP))
    seg = text[cut:]
    vstart = cut + (len(seg) - len(seg.lstrip(STRIP)))
    return Line(row, None, "damaged", in_label, vstart, text[vstart:].rstrip(STRIP), text[:cut])


def _label_end(row: Row, end: int, start: tuple[float, float] | None, value_x: float | None,
               label_x: float | None) -> int:
    """Where a row's label ends, the label read up to ``end``.

    The rest of a label matched in part ("Berlaku" of "Berlaku Hingge"): words still left of
    the value column, or still in title case (values are printed in capitals).
    """
    text = row.text
    capitals = any(m.group().isupper() for m in regex.finditer(r"[^\s:]+", text[end:]))
    for w, (ws, we) in zip(row.words, row.spans):
        if we <= end or not text[ws:we].strip(STRIP):
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
    return end


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
    """The de-tilted x where ``word`` ends (infinite without boxes)."""
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


def read_lines(rows: list[Row], spec: Spec, slope: float | None = None) -> list[Line]:
    """Every row split into label and value (the columns measured from the rows whose label was read)."""
    starts = row_starts(rows, slope)
    found = [spec.labels.find(r.text) for r in rows]
    label_x, value_x = _columns(rows, found, starts)
    return [_split_label(r, spec, st, value_x, label_x, hits) for r, st, hits in zip(rows, starts, found)]


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
        after = [w for w, (s, _) in zip(row.words, row.spans) if s >= hits[0].end and w.text.strip(STRIP)]
        if after and after[0].box is not None:
            labels.append(st[0])
            values.append(after[0].box.x0 + shift)
    if not labels:
        return None, None
    label_x, value_x = statistics.median(labels), statistics.median(values)
    return (label_x, value_x) if value_x > label_x else (None, None)


def split_blood(line: Line, spec: Spec) -> tuple[str, Value | None]:
    """The gender value and the blood type printed after ``Gol. Darah`` on the same row."""
    text, base = line.value, line.vstart
    hits = [h for h in spec.labels.find(text) if h.key == "blood_type"]
    if hits:
        h = hits[0]
        seg = text[h.end :]
        token = seg.strip(STRIP)
        if not token and "-" in seg.replace(":", " ").split():
            token = "-"  # a lone dash is a value (blood type not recorded), not punctuation
        start = base + h.end + (len(seg) - len(seg.lstrip(STRIP)))
        return text[: h.start].rstrip(STRIP), Value(token, line.row, start, start + len(token), h.errors)
    # The label too damaged to match: the value after its colon, or a lone blood-type token.
    words = text.split()
    colon = text.rfind(":")
    if colon > 0 and len(words) > 1:
        token = text[colon + 1 :].strip(STRIP.replace("-", "")) or ("-" if "-" in text[colon + 1 :] else "")
        start = base + colon + 1
        return words[0], Value(token, line.row, start, start + len(token), 1, "position")
    if len(words) >= 3 and _BLOOD_TOKEN.match(words[-1].upper()):
        start = base + text.rindex(words[-1])
        return words[0], Value(words[-1], line.row, start, start + len(words[-1]), 1, "position")
    return text, None
