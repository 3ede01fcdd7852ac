"""Words to rows in reading order, robust to photos tilted a few degrees.

OCR engines return text runs, not rows: rapidocr gives one box per run of text
(``AQUA 600ML | 2 x 3.500 | 7.000`` is three boxes), Google Vision one per word, in block order
(often the left column, then the price column). A receipt parser needs rows: the label and its
amount together.

Sorting by top y fails on a photo tilted by 3 degrees: across a 400 px line the baseline drifts by
20 px, about a line height, so prices interleave with the labels of neighbouring rows. We
estimate the page slope from pairs of horizontally adjacent words (their centres lie on one text
line), then group words whose centres agree once the slope is removed. Boxes are axis-aligned, so
a tilted run's box is taller than its text by about ``width * slope``; heights are corrected the
same way before being used as tolerances.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from .records import Box, OcrWord, Polygon, cut_polygon, hull

__all__ = ["Row", "estimate_slope", "group_rows"]

# Largest tilt we try to undo: about 15 degrees. Beyond it the page is rotated, not tilted.
MAX_SLOPE = 0.27
# A word joins a row when its de-tilted centre is within this fraction of a text height.
ROW_TOLERANCE = 0.5
# Neighbours further apart than this many text heights say little about the slope: across a
# wide gap the nearest box to the right may well sit on the next line of a tightly printed
# receipt.
PAIR_MAX_GAP = 4.0
_PUNCT = set(".,:;-/)(%@'\"")
# A letter or digit (what str.isalnum accepts): ``\w`` without the underscore.
_ALNUM = re.compile(r"[^\W_]")
_X0 = attrgetter("x0")
_CY = attrgetter("cy")
_INF = float("inf")


def _median(values: Sequence[float]) -> float:
    """``statistics.median`` without its generality (it is called for every document)."""
    ordered = sorted(values)
    n = len(ordered)
    if n % 2:
        return ordered[n // 2]
    return (ordered[n // 2 - 1] + ordered[n // 2]) / 2


@dataclass
class Row:
    """One text line: its words left to right, their joined text and where each word sits in it."""

    index: int
    words: list[OcrWord]
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def box(self) -> Box | None:
        return Box.union(w.box for w in self.words)

    @property
    def confidence(self) -> float | None:
        """The weakest word's OCR confidence (``None`` when the engine gives none)."""
        scores = [w.confidence for w in self.words if w.confidence is not None]
        return min(scores) if scores else None

    def words_in(self, start: int, end: int) -> list[OcrWord]:
        """The words overlapping the character range ``[start, end)`` of :attr:`text`."""
        return [w for w, (s, e) in zip(self.words, self.spans) if s < end and e > start]

    def span_box(self, start: int, end: int) -> Box | None:
        """The box of the text ``text[start:end]`` (the union of the words it touches)."""
        boxes = [w.box for w in self.words_in(start, end) if w.box is not None]
        # Most spans lie in one word: its box is the union.
        return boxes[0] if len(boxes) == 1 else Box.union(boxes)

    def span_polygon(self, start: int, end: int) -> Polygon | None:
        """The outline of ``text[start:end]`` alone: the hull of its share of each word's quad
        (a word half in the span gives the part it holds, placed by its characters, see
        :func:`_shares`), so a label read in the same run as its value is left out. ``None``
        unless every word touched has a quad (text, word-box engines)."""
        points: list[tuple[float, float]] = []
        for w, (s, e) in zip(self.words, self.spans):
            if s >= end or e <= start:
                continue
            if w.polygon is None or len(w.polygon) != 4:
                return None
            a, b = _shares(self.text[s:e], max(start, s) - s, min(end, e) - s)
            points.extend(cut_polygon(w.polygon, a, b))
        return hull(points)

    def span_confidence(self, start: int, end: int) -> float | None:
        scores = [w.confidence for w in self.words_in(start, end) if w.confidence is not None]
        return min(scores) if scores else None


# Spaces and punctuation take about half a letter's width in the proportional fonts of cards
# (": ASEP" cut by plain character counts starts inside the A). In a receipt's monospace font the
# same weights shift a cut by half a character per space or mark, which the padding of the
# engine's quads mostly absorbs; seen on the sample photos, the outlines start at the value.
_NARROW = frozenset(" .,:;'\"!|()-")


def _shares(text: str, a: int, b: int) -> tuple[float, float]:
    """Where characters ``a`` and ``b`` of ``text`` fall along its printed length (0..1)."""
    weights = [0.5 if ch in _NARROW else 1.0 for ch in text]
    total = sum(weights)
    if total <= 0:
        return 0.0, 1.0
    return sum(weights[:a]) / total, sum(weights[:b]) / total


def _make_row(index: int, words: list[OcrWord]) -> Row:
    if len(words) == 1:  # most rows of plain text and many of OCR: nothing to glue
        text = words[0].text.strip()
        return Row(index=index, words=words, text=text, spans=[(0, len(text))])
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    pb: Box | None = None
    prev_text = ""
    for w in words:
        text = w.text.strip()
        b = w.box
        if parts:
            glue = " "
            if pb is not None and b is not None:
                gap = b[0] - pb[2]
                h_prev, h = pb[3] - pb[1], b[3] - b[1]
                h = (h if h < h_prev else h_prev) or 1.0  # min(), without the call
                # Engines that split words from punctuation ("Jl" "." / "Total" ":") leave no gap.
                if gap < 0.15 * h and (set(text) <= _PUNCT or set(prev_text) <= _PUNCT):
                    glue = ""
            parts.append(glue)
            pos += len(glue)
        parts.append(text)
        spans.append((pos, pos + len(text)))
        pos += len(text)
        pb, prev_text = b, text
    return Row(index=index, words=words, text="".join(parts), spans=spans)


class _Geo:
    """A word's box as plain floats: the grouping loop reads them thousands of times."""

    __slots__ = ("word", "x0", "x1", "cx", "cy", "h", "w", "slope", "th", "s", "lvl")
    # Set by the grouping pass once the page's slope is known: the tilt at this word, the height
    # with the tilt's share removed, and the row level (centre y less slope * x).
    s: float
    th: float
    lvl: float

    def __init__(self, word: OcrWord) -> None:
        x0, y0, x1, y1 = word.box  # type: ignore[misc]  # only boxed words get here
        self.word = word
        self.x0, self.x1 = x0, x1
        self.cx, self.cy = (x0 + x1) / 2, (y0 + y1) / 2
        h = y1 - y0
        self.h, self.w = 1.0 if 1.0 > h else h, x1 - x0  # max(h, 1.0)
        self.slope = word.slope


def _slope_samples(geos: Sequence[_Geo]) -> list[tuple[float, float]]:
    """``(y, slope)`` samples of the text's tilt down the page.

    Engines with oriented boxes measure each run's tilt: those are used as they are. Otherwise
    each box and its nearest right-hand neighbour on the same text line give one sample.
    """
    if not geos:
        return []
    measured = sorted((g.cy, g.slope) for g in geos if g.slope is not None and abs(g.slope) <= MAX_SLOPE)
    if len(measured) >= 3:
        return measured
    by_y = sorted(geos, key=_CY)
    ys = [g.cy for g in by_y]
    h_med = _median([g.h for g in by_y])
    gap_min, gap_max = -0.3 * h_med, PAIR_MAX_GAP * h_med
    # The inner loop unpacks tuples and avoids calls: it runs some 600 times per receipt.
    pts = [(g.cx, g.x0, g.cy, g.h) for g in by_y]
    samples: list[tuple[float, float]] = []
    left, right, max_slope = bisect.bisect_left, bisect.bisect_right, MAX_SLOPE
    for g in by_y:
        acx, acy, ax1, ah = g.cx, g.cy, g.x1, g.h
        reach = 0.6 * ah
        best_gap, best_slope = _INF, None
        for bcx, bx0, bcy, bh in pts[left(ys, acy - reach) : right(ys, acy + reach)]:
            dx = bcx - acx
            if dx <= 0:
                continue  # b is a, or left of it
            gap = bx0 - ax1
            if gap < gap_min or gap > gap_max or gap >= best_gap:
                continue
            dy = bcy - acy
            # Same line: near neighbours whose boxes overlap vertically. Punctuation boxes
            # (":" ".") are short and sit off the line's centre: they would fake a tilt.
            lo_h, hi_h = (ah, bh) if ah < bh else (bh, ah)
            ady = dy if dy >= 0 else -dy  # abs(), without the call
            if ady > 0.6 * lo_h or ady > max_slope * dx or lo_h < 0.7 * hi_h:
                continue
            best_gap, best_slope = gap, dy / dx
        if best_slope is not None:
            samples.append((acy, best_slope))
    samples.sort()
    return samples


def estimate_slope(words: Sequence[OcrWord]) -> float:
    """The page's median text slope (dy/dx), from pairs of horizontally adjacent boxes."""
    samples = _slope_samples([_Geo(w) for w in words if w.box is not None])
    if len(samples) < 3:
        return 0.0
    return _median([s for _, s in samples])


class _LocalSlope:
    """The text slope near a height of the page: paper curls, so the slope changes down a receipt.

    The median of the ``k`` slope samples nearest in height, precomputed per sample.
    """

    def __init__(self, samples: list[tuple[float, float]], k: int = 7) -> None:
        assert k % 2 == 1
        self.ys = [y for y, _ in samples]
        slopes = [s for _, s in samples]
        self.overall = _median(slopes) if len(samples) >= 3 else 0.0
        n = len(samples)
        if n < k:
            self.medians = [self.overall] * (n + 1)
        else:
            mid = k // 2  # k is odd: the middle of the sorted window is its median
            window = [sorted(slopes[lo : lo + k])[mid] for lo in range(n - k + 1)]
            # Height i (between samples i-1 and i) takes the window centred there, clamped to
            # the first and last windows.
            self.medians = [window[0]] * mid + window + [window[-1]] * (mid + 1)

    def at(self, y: float) -> float:
        return self.medians[bisect.bisect_left(self.ys, y)]


def _split_words(words: Sequence[OcrWord]) -> tuple[list[_Geo], list[_Geo], list[_Geo], list[OcrWord]]:
    """The boxed words, those of them that steer rows, the punctuation marks, and the loose words.

    Punctuation alone (":" "." "=") is short and sits off its line's centre: it joins the row
    it falls in afterwards and never starts or steers one.
    """
    boxed: list[_Geo] = []
    geos: list[_Geo] = []
    marks: list[_Geo] = []
    loose: list[OcrWord] = []
    for w in words:
        if not w.text.strip():
            continue
        if w.box is None:
            loose.append(w)
            continue
        g = _Geo(w)
        boxed.append(g)
        (geos if w.text.isalnum() or _ALNUM.search(w.text) else marks).append(g)
    if not geos:
        geos, marks = marks, []
    return boxed, geos, marks, loose


def _level_words(boxed: Sequence[_Geo]) -> None:
    """Take the local tilt out of each word, once: the placing loops compare de-tilted levels and
    heights thousands of times per receipt."""
    local = _LocalSlope(_slope_samples(boxed))
    ys, medians, left = local.ys, local.medians, bisect.bisect_left
    for g in boxed:  # each word's local slope (local.at), true height and level, once
        g.s = s = medians[left(ys, g.cy)]
        # The text height inside an axis-aligned box of tilted text: max(h - |s| w, 0.35 h, 1),
        # written out (no calls) as the loops below.
        h = g.h
        th = h - (s if s >= 0 else -s) * g.w
        if 0.35 * h > th:
            th = 0.35 * h
        g.th = 1.0 if 1.0 > th else th
        g.lvl = g.cy - s * g.cx


def _place_words(geos: Sequence[_Geo]) -> tuple[list[list[_Geo]], list[tuple[float, int]]]:
    """The rows of the words that steer them, and each row's entry ``(level, k)``, sorted.

    Words are placed left to right, so that a row is continued from its last word along the slope.
    """
    rows: list[list[_Geo]] = []
    lasts: list[_Geo] = []  # each row's last word: rows[k][-1] while words are placed
    # Rows by their de-tilted height (the level of their last word), so that each word only
    # tests the rows near it.
    levels: list[tuple[float, int]] = []
    for g in sorted(geos, key=_X0):
        best_k = _nearest_row(g, lasts, levels)
        if best_k >= 0:
            _drop_level(levels, (lasts[best_k].lvl, best_k))
            rows[best_k].append(g)
            lasts[best_k] = g
        else:
            best_k = len(rows)
            rows.append([g])
            lasts.append(g)
        bisect.insort(levels, (g.lvl, best_k))
    return rows, levels


def _nearest_row(g: _Geo, lasts: Sequence[_Geo], levels: Sequence[tuple[float, int]]) -> int:
    """The row whose last word, extended along the slope, passes closest to ``g``'s centre (within
    ROW_TOLERANCE text heights), or -1: ``g`` starts a row. Only rows near ``g``'s level are tried."""
    s, h, lvl, gcx, gcy, gx0, gh = g.s, g.th, g.lvl, g.cx, g.cy, g.x0, g.h
    reach = 3 * gh + 0.05 * gcx
    lo = bisect.bisect_left(levels, (lvl - reach, -1))
    hi = bisect.bisect_right(levels, (lvl + reach, len(lasts)))
    best_k, best_cost = -1, ROW_TOLERANCE
    for _, k in levels[lo:hi]:
        last = lasts[k]
        lh, lth = last.h, last.th
        # min() and max() written out: this loop runs some 300 times per receipt.
        if gx0 < last.x1 - 0.5 * (gh if gh < lh else lh):
            continue  # overlaps the row's last word: a word of another row
        dy = gcy - (last.cy + s * (gcx - last.cx))
        cost = (dy if dy >= 0 else -dy) / (lth if lth > h else h)
        if cost <= best_cost:
            best_k, best_cost = k, cost
    return best_k


def _drop_level(levels: list[tuple[float, int]], old: tuple[float, int]) -> None:
    """A row's old entry leaves ``levels`` when a word continues it: the row moves to the new
    word's level."""
    # levels.remove(), by bisection: each row has one entry, and levels are sorted
    # (unless a box holds a NaN: then the whole list is searched).
    i = bisect.bisect_left(levels, old)
    if i < len(levels) and levels[i] == old:
        del levels[i]
    else:
        levels.remove(old)


def _place_marks(marks: Sequence[_Geo], rows: list[list[_Geo]], levels: Sequence[tuple[float, int]]) -> None:
    """Punctuation joins the row it falls in, in x order, once the rows are known (a mark would
    fake a row's tilt); a mark near no row stands as a row of its own."""
    for g in marks:
        k = _mark_row(g, rows, levels)
        if k >= 0:
            row = rows[k]
            row.append(g)
            row.sort(key=_X0)
        else:
            rows.append([g])


def _mark_row(g: _Geo, rows: Sequence[list[_Geo]], levels: Sequence[tuple[float, int]]) -> int:
    """The row whose word nearest ``g`` in x, extended along the slope, passes closest to ``g``'s
    centre (within one text height), or -1."""
    s, gcx, gcy, gh = g.s, g.cx, g.cy, g.h
    lvl = g.lvl
    lo = bisect.bisect_left(levels, (lvl - 3 * gh - 0.05 * gcx, -1))
    hi = bisect.bisect_right(levels, (lvl + 3 * gh + 0.05 * gcx, len(rows)))
    best: tuple[float, int] | None = None
    for _, k in levels[lo:hi]:
        # The row's word nearest in x (the first of equals, as min() gives).
        members = rows[k]
        near = members[0]
        near_dx = near.cx - gcx
        near_dx = near_dx if near_dx >= 0 else -near_dx
        for m in members:
            dx = m.cx - gcx
            dx = dx if dx >= 0 else -dx
            if dx < near_dx:
                near, near_dx = m, dx
        dy = gcy - (near.cy + s * (gcx - near.cx))
        nth = near.th
        d = (dy if dy >= 0 else -dy) / (nth if nth > gh else gh)
        if best is None or d < best[0]:
            best = (d, k)
    return best[1] if best is not None and best[0] <= 1.0 else -1


def group_rows(words: Sequence[OcrWord]) -> list[Row]:
    """Group words into rows, top to bottom, each row left to right.

    Words are taken left to right; each joins the row whose line, extended along the local slope,
    passes closest to its centre (within half a text height), or starts a new row. Words without a
    box are whole lines already (plain text, transcripts): they become rows of their own, after
    the boxed ones, in the order given.
    """
    boxed, geos, marks, loose = _split_words(words)
    groups: list[list[OcrWord]] = []
    if geos:
        _level_words(boxed)
        rows, levels = _place_words(geos)
        _place_marks(marks, rows, levels)
        # Top to bottom by the level of each row's first word.
        groups = [[g.word for g in members] for members in sorted(rows, key=lambda members: members[0].lvl)]
    groups.extend([w] for w in loose)
    return [_make_row(i, g) for i, g in enumerate(groups)]
