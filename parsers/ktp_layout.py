"""Where things stand on a KTP photo: the photo column, and which way up the card is.

Both work on word boxes before rows are built: the issue place and date printed right of the
photo must not merge into the label rows beside them, and a card read sideways or upside down
must be turned (boxes and all) before its rows can be read top to bottom.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import regex

from idextract.dates import find_dates
from idextract.layout import Row, estimate_slope
from idextract.ocr.base import OcrResult, OcrWord
from idextract.orientation import is_sideways, turn_words
from idextract.text import LabelMatcher

__all__ = ["DATE_LIKE", "page_slope", "row_starts", "split_photo_column", "upright"]

# The photo column (issue place and date) is centred on the issue date, within this share of
# the card's text width either side; its words stand after a gap wider than VALUE_GAP heights.
PHOTO_COLUMN_HALF = 0.16
VALUE_GAP = 1.5
# A date as printed under the photo, its separators possibly lost or misread (``25 07 2023``,
# ``2507-2023``, ``01-43-2025``): two digit groups and a year. Enough to anchor the photo column
# even when it does not parse as a date.
DATE_LIKE = regex.compile(r"(?<![0-9])[0-9]{1,2}\s?[-./,]?\s?[0-9]{1,2}\s?[-./,]?\s?[12][0-9]{3}(?![0-9])")


def _order_score(words: list[OcrWord], labels: LabelMatcher, order: Sequence[str]) -> int:
    """How many pairs of labels stand in the card's top-to-bottom order (minus those reversed).

    Word by word, not row by row: cheap enough to try every orientation.
    """
    first: dict[str, float] = {}
    for word in words:
        if word.box is None:
            continue
        for hit in labels.find(word.text, fuzzy=False):
            first.setdefault(hit.key, word.box.cy)
    seq = [first[k] for k in order if k in first]
    return sum((a < b) - (a > b) for i, a in enumerate(seq) for b in seq[i + 1 :])


def upright(ocr: OcrResult, labels: LabelMatcher, order: Sequence[str]) -> OcrResult:
    """Words of a card read sideways or upside down (boxes and all), put upright.

    The picture path turns the image before OCR (:mod:`idextract.orientation`, which also
    turns the boxes here); this handles OCR results that arrive with the geometry of a turned
    card (step 4 there): the labels must come in the card's order.
    """
    boxed = [w for w in ocr.words if w.box is not None]
    if len(boxed) < 5:
        return ocr
    size = ocr.image_size or (max(w.box.x1 for w in boxed), max(w.box.y1 for w in boxed))  # type: ignore[union-attr]
    sideways = is_sideways(boxed, min_runs=1)
    turns = [1, 3] if sideways else ([0, 2] if _order_score(list(ocr.words), labels, order) < 0 else [0])
    if turns == [0]:
        return ocr
    def score(k: int) -> int:
        return _order_score(turn_words(ocr.words, k, size) if k else list(ocr.words), labels, order)

    best = max(turns, key=score)
    if best == 0:
        return ocr
    words = turn_words(ocr.words, best, size)
    return ocr.model_copy(update={"words": words, "warnings": [*ocr.warnings, f"card turned by {best * 90} degrees"]})


def split_photo_column(ocr: OcrResult, labels: LabelMatcher,
                       slope: float | None = None) -> tuple[list[OcrWord], list[OcrWord]]:
    """Words of the label block, and words right of the photo (issue place and date).

    The column is found from its date (the issue date, the lowest date right of the middle):
    words centred near it, below the header, that do not continue a value on their line (a
    value's next word follows closely; the photo column stands after a wide gap).
    """
    boxed = [w for w in ocr.words if w.box is not None]
    if len(boxed) < 5:
        return list(ocr.words), []
    s = page_slope(boxed) if slope is None else slope
    # De-tilted coordinates: x along the text lines, y across them.
    geo = {id(w): (w.box.x0 + s * w.box.cy, w.box.x1 + s * w.box.cy, w.box.cy - s * w.box.cx, w.box.height)
           for w in boxed if w.box is not None}
    lo = min(g[0] for g in geo.values())
    hi = max(g[1] for g in geo.values())
    top = sorted(g[2] for g in geo.values())[len(geo) // 4]  # below the header lines
    dates = [w for w in boxed if geo[id(w)][0] > lo + 0.5 * (hi - lo) and geo[id(w)][2] > top
             and (DATE_LIKE.search(w.text) or find_dates(w.text))]
    if not dates:
        return list(ocr.words), []
    anchor = geo[id(max(dates, key=lambda w: geo[id(w)][2]))]
    centre, half = (anchor[0] + anchor[1]) / 2, max(PHOTO_COLUMN_HALF * (hi - lo), anchor[1] - anchor[0])
    ids: set[int] = set()
    for w in sorted(boxed, key=lambda w: geo[id(w)][0]):
        x0, x1, y, h = geo[id(w)]
        if abs((x0 + x1) / 2 - centre) > half or y <= top or labels.find(w.text, fuzzy=False):
            continue
        left = [(x0 - o[1], key) for key, o in geo.items()
                if abs(o[2] - y) < 0.5 * h and o[1] <= x0 + 0.3 * h and o[0] < x0]
        gap, neighbour = min(left) if left else (float("inf"), 0)
        # The next word of a value on this line follows closely; the column's own words
        # ("JAKARTA" "SELATAN") follow each other.
        if gap < VALUE_GAP * h and neighbour not in ids:
            continue
        ids.add(id(w))
    right = [w for w in boxed if id(w) in ids]
    return [w for w in ocr.words if id(w) not in ids], right


def page_slope(words: Sequence[OcrWord]) -> float:
    """The tilt of the text lines (dy/dx): the median of the words' own slopes, else estimated."""
    boxed = [w for w in words if w.box is not None]
    slopes = [w.slope for w in boxed if w.slope is not None]
    if slopes:
        return float(statistics.median(slopes))
    return estimate_slope(boxed) if len(boxed) >= 5 else 0.0


def row_starts(rows: Sequence[Row], slope: float | None = None) -> list[tuple[float, float] | None]:
    """Each row's first word, de-tilted: (x where it starts along the text lines, its height).

    ``None`` for rows without boxes (plain text). Tilt is undone with the page's median slope, so
    that rows starting in the label column line up even on a photo turned by 12 degrees.
    """
    boxed = [w for r in rows for w in r.words if w.box is not None]
    if len(boxed) < 5:
        return [None] * len(rows)
    s = page_slope(boxed) if slope is None else slope
    out: list[tuple[float, float] | None] = []
    for r in rows:
        first = r.words[0].box if r.words else None
        out.append(None if first is None else (first.x0 + s * first.cy, first.height))
    return out
