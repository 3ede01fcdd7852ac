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
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from .ocr.base import OcrWord
from .records import Box

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
        return Box.union(w.box for w in self.words_in(start, end))

    def span_confidence(self, start: int, end: int) -> float | None:
        scores = [w.confidence for w in self.words_in(start, end) if w.confidence is not None]
        return min(scores) if scores else None


def _make_row(index: int, words: list[OcrWord]) -> Row:
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    prev: OcrWord | None = None
    for w in words:
        text = w.text.strip()
        if prev is not None and parts:
            glue = " "
            pb, b = prev.box, w.box
            if pb is not None and b is not None:
                gap = b[0] - pb[2]
                h = min(pb[3] - pb[1], b[3] - b[1]) or 1.0
                # Engines that split words from punctuation ("Jl" "." / "Total" ":") leave no gap.
                if gap < 0.15 * h and (set(text) <= _PUNCT or set(prev.text.strip()) <= _PUNCT):
                    glue = ""
            parts.append(glue)
            pos += len(glue)
        parts.append(text)
        spans.append((pos, pos + len(text)))
        pos += len(text)
        prev = w
    return Row(index=index, words=words, text="".join(parts), spans=spans)


class _Geo:
    """A word's box as plain floats: the grouping loop reads them thousands of times."""

    __slots__ = ("word", "x0", "x1", "cx", "cy", "h", "w", "slope", "th")

    def __init__(self, word: OcrWord) -> None:
        b = word.box
        assert b is not None
        self.word = word
        self.x0, self.x1 = b.x0, b.x1
        self.cx, self.cy = (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2
        self.h, self.w = max(b.y1 - b.y0, 1.0), b.x1 - b.x0
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
    by_y = sorted(geos, key=lambda g: g.cy)
    ys = [g.cy for g in by_y]
    h_med = statistics.median(g.h for g in by_y)
    gap_min, gap_max = -0.3 * h_med, PAIR_MAX_GAP * h_med
    samples: list[tuple[float, float]] = []
    for a in by_y:
        lo = bisect.bisect_left(ys, a.cy - 0.6 * a.h)
        hi = bisect.bisect_right(ys, a.cy + 0.6 * a.h)
        best_gap, best_slope = float("inf"), None
        acx, acy, ax1, ah = a.cx, a.cy, a.x1, a.h
        for b in by_y[lo:hi]:
            dx = b.cx - acx
            if dx <= 0:
                continue  # b is a, or left of it
            gap = b.x0 - ax1
            if gap < gap_min or gap > gap_max or gap >= best_gap:
                continue
            dy = b.cy - acy
            # Same line: near neighbours whose boxes overlap vertically. Punctuation boxes
            # (":" ".") are short and sit off the line's centre: they would fake a tilt.
            lo_h, hi_h = (ah, b.h) if ah < b.h else (b.h, ah)
            if abs(dy) > 0.6 * lo_h or abs(dy) > MAX_SLOPE * dx or lo_h < 0.7 * hi_h:
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
    return statistics.median(s for _, s in samples)


class _LocalSlope:
    """The text slope near a height of the page: paper curls, so the slope changes down a receipt.

    The median of the ``k`` slope samples nearest in height, precomputed per sample.
    """

    def __init__(self, samples: list[tuple[float, float]], k: int = 7) -> None:
        assert k % 2 == 1
        self.ys = [y for y, _ in samples]
        slopes = [s for _, s in samples]
        self.overall = statistics.median(slopes) if len(samples) >= 3 else 0.0
        n = len(samples)
        if n < k:
            self.medians = [self.overall] * (n + 1)
        else:
            mid = k // 2  # k is odd: the middle of the sorted window is its median
            window = [sorted(slopes[lo : lo + k])[mid] for lo in range(n - k + 1)]
            self.medians = [window[max(0, min(i - k // 2, n - k))] for i in range(n + 1)]

    def at(self, y: float) -> float:
        return self.medians[bisect.bisect_left(self.ys, y)]


def group_rows(words: Sequence[OcrWord]) -> list[Row]:
    """Group words into rows, top to bottom, each row left to right.

    Words are taken left to right; each joins the row whose line, extended along the local slope,
    passes closest to its centre (within half a text height), or starts a new row. Words without a
    box are whole lines already (plain text, transcripts): they become rows of their own, after
    the boxed ones, in the order given.
    """
    boxed = [_Geo(w) for w in words if w.box is not None and w.text.strip()]
    # Punctuation alone (":" "." "=") is short and sits off its line's centre: it joins the row
    # it falls in afterwards and never starts or steers one.
    geos = [g for g in boxed if any(ch.isalnum() for ch in g.word.text)]
    marks = [g for g in boxed if not any(ch.isalnum() for ch in g.word.text)]
    if not geos:
        geos, marks = marks, []
    loose = [w for w in words if w.box is None and w.text.strip()]
    groups: list[list[OcrWord]] = []
    if geos:
        local = _LocalSlope(_slope_samples(boxed))
        rows: list[list[_Geo]] = []
        # Rows by their de-tilted height, so that each word only tests the rows near it.
        levels: list[tuple[float, int]] = []
        for g in sorted(geos, key=lambda g: g.x0):
            s = local.at(g.cy)
            h = g.th = _true_height(g, s)
            lvl = g.cy - s * g.cx
            reach = 3 * g.h + 0.05 * g.cx
            lo = bisect.bisect_left(levels, (lvl - reach, -1))
            hi = bisect.bisect_right(levels, (lvl + reach, len(rows)))
            best_k, best_cost = -1, ROW_TOLERANCE
            for _, k in levels[lo:hi]:
                last = rows[k][-1]
                dy = g.cy - (last.cy + s * (g.cx - last.cx))
                if g.x0 < last.x1 - 0.5 * min(last.h, g.h):
                    continue  # overlaps the row's last word: a word of another row
                cost = abs(dy) / max(h, last.th)
                if cost <= best_cost:
                    best_k, best_cost = k, cost
            if best_k >= 0:
                last = rows[best_k][-1]
                levels.remove((last.cy - local.at(last.cy) * last.cx, best_k))
                rows[best_k].append(g)
            else:
                best_k = len(rows)
                rows.append([g])
            bisect.insort(levels, (g.cy - s * g.cx, best_k))

        def level(members: list[_Geo]) -> float:
            first = members[0]
            return first.cy - local.at(first.cy) * first.cx

        for g in marks:
            s = local.at(g.cy)
            g.th = _true_height(g, s)
            lvl = g.cy - s * g.cx
            lo = bisect.bisect_left(levels, (lvl - 3 * g.h - 0.05 * g.cx, -1))
            hi = bisect.bisect_right(levels, (lvl + 3 * g.h + 0.05 * g.cx, len(rows)))
            best: tuple[float, int] | None = None
            for _, k in levels[lo:hi]:
                near = min(rows[k], key=lambda m: abs(m.cx - g.cx))
                d = abs(g.cy - (near.cy + s * (g.cx - near.cx))) / max(g.h, near.th)
                if best is None or d < best[0]:
                    best = (d, k)
            if best is not None and best[0] <= 1.0:
                rows[best[1]].append(g)
                rows[best[1]].sort(key=lambda m: m.x0)
            else:
                rows.append([g])
        groups = [[g.word for g in members] for members in sorted(rows, key=level)]
    groups.extend([w] for w in loose)
    return [_make_row(i, g) for i, g in enumerate(groups)]


def _true_height(g: _Geo, slope: float) -> float:
    """The text height inside an axis-aligned box of tilted text."""
    return max(g.h - abs(slope) * g.w, 0.35 * g.h, 1.0)
