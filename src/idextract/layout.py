"""Words to rows in reading order, robust to photos tilted a few degrees.

OCR engines return text runs, not rows: rapidocr gives one box per run of text
(``AQUA 600ML | 2 x 3.500 | 7.000`` is three boxes), Google Vision one per word, in block order
(often the left column, then the price column). A receipt parser needs rows: the label and its
amount together.

Sorting by top y fails on a photo tilted by 3 degrees: across a 400 px line the baseline drifts by
20 px, about a line height, so prices interleave with the labels of neighbouring rows. We
estimate the page slope from pairs of horizontally adjacent words (their centres lie on one text
line; :mod:`idextract.tilt`), then group words whose centres agree once the slope is removed. Boxes are axis-aligned, so
a tilted run's box is taller than its text by about ``width * slope``; heights are corrected the
same way before being used as tolerances.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from .records import Box, OcrWord, Polygon, cut_polygon, hull
from .tilt import LocalSlope, Point, estimate_slope, slope_samples

__all__ = ["Row", "estimate_slope", "group_rows"]

# A word joins a row when its de-tilted centre is within this fraction of a text height.
ROW_TOLERANCE = 0.5
_PUNCT = set(".,:;-/)(%@'\"")
# A rule of twelve marks or more, as printers draw between a receipt's parts.
_RULE = re.compile(r"[-=_*~]{12,}")
# A letter or digit (what str.isalnum accepts): ``\w`` without the underscore.
_ALNUM = re.compile(r"[^\W_]")
# A boxed word once its local tilt is known, unpacked by the placing loops (quicker than objects'
# attributes): left, level (centre y less the local slope times centre x), local slope, text
# height (the tilt's share of the box taken out), centre x, centre y, right, height, the word.
_Placed = tuple[float, float, float, float, float, float, float, float, OcrWord]
_X0 = itemgetter(0)
# The rows' levels while words are placed (see _place_words): the levels of their last words,
# sorted, and beside each the row's number and that word.
_Levels = tuple[list[float], list[tuple[int, _Placed]]]


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
        boxes = [w.box for w, (s, e) in zip(self.words, self.spans) if s < end and e > start and w.box is not None]
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

    @staticmethod
    def joined(rows: Sequence[Row], gap: str = " ") -> Row:
        """One row of ``rows`` (the first's index), their texts ``gap`` apart, each word where it was."""
        spans: list[tuple[int, int]] = []
        words: list[OcrWord] = []
        pos = 0
        for row in rows:
            spans += [(pos + s, pos + e) for s, e in row.spans]
            words += row.words
            pos += len(row.text) + len(gap)
        return Row(rows[0].index, words, gap.join(r.text for r in rows), spans)

    def span_confidence(self, start: int, end: int) -> float | None:
        # words_in() written out: this and span_box() run for every field found
        scores = [w.confidence for w, (s, e) in zip(self.words, self.spans)
                  if s < end and e > start and w.confidence is not None]
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
    first = words[0]
    text = first.text.strip()
    pos = len(text)
    if len(words) == 1:  # most rows of plain text and many of OCR: nothing to glue
        return Row(index, words, text, [(0, pos)])
    parts = [text]
    spans = [(0, pos)]
    pb, prev_text = first.box, text
    h_prev = 0.0 if pb is None else pb[3] - pb[1]  # each box's height once, carried to the next word
    for w in words[1:]:
        text = w.text.strip()
        b = w.box
        glue = True
        if b is not None:
            h = b[3] - b[1]
            if pb is not None:
                low = (h if h < h_prev else h_prev) or 1.0  # min(), without the call
                # Engines that split words from punctuation ("Jl" "." / "Total" ":") leave no gap.
                glue = not (b[0] - pb[2] < 0.15 * low and (set(text) <= _PUNCT or set(prev_text) <= _PUNCT))
            h_prev = h
        if glue:
            parts.append(" ")
            pos += 1
        parts.append(text)
        end = pos + len(text)
        spans.append((pos, end))
        pos = end
        pb, prev_text = b, text
    return Row(index, words, "".join(parts), spans)


def _split_words(words: Sequence[OcrWord]) -> tuple[list[Point], list[bool], list[OcrWord]]:
    """The boxed words, whether each steers rows, and the loose words.

    Punctuation alone (":" "." "=") is short and sits off its line's centre: it joins the row
    it falls in afterwards and never starts or steers one.
    """
    found: list[Point] = []
    steers: list[bool] = []
    loose: list[OcrWord] = []
    alnum = _ALNUM.search
    for w in words:
        text = w.text
        if not text.strip():
            continue
        box = w.box
        if box is None:
            loose.append(w)
            continue
        # tilt.point(w), written out: a tuple per word, no call and no object.
        x0, y0, x1, y1 = box
        h = y1 - y0
        found.append(((x0 + x1) / 2, x0, (y0 + y1) / 2, 1.0 if 1.0 > h else h, x1, x1 - x0, w.slope, w))
        steers.append(text.isalnum() or alnum(text) is not None)
    return found, steers, loose


def _level_words(found: Sequence[Point], steers: Sequence[bool]) -> tuple[list[_Placed], list[_Placed]]:
    """The words that steer rows and the punctuation marks, each with its local tilt taken out,
    once: the placing loops compare de-tilted levels and heights thousands of times per receipt."""
    local = LocalSlope(slope_samples(found))
    ys, medians, left = local.ys, local.medians, bisect.bisect_left
    geos: list[_Placed] = []
    marks: list[_Placed] = []
    # Each word's local slope (local.at), true height and level, once.
    for (cx, x0, cy, h, x1, w, _, word), steer in zip(found, steers):
        s = medians[left(ys, cy)]
        # The text height inside an axis-aligned box of tilted text: max(h - |s| w, 0.35 h, 1),
        # written out (no calls) as the loops below.
        th = h - (s if s >= 0 else -s) * w
        if 0.35 * h > th:
            th = 0.35 * h
        (geos if steer else marks).append((x0, cy - s * cx, s, 1.0 if 1.0 > th else th, cx, cy, x1, h, word))
    if not geos:
        geos, marks = marks, []
    return geos, marks


def _place_words(geos: Sequence[_Placed]) -> tuple[list[list[_Placed]], _Levels]:
    """The rows of the words that steer them, and the rows' levels.

    Words are placed left to right, so that a row is continued from its last word along the slope:
    each joins the row whose last word, extended along the slope, passes closest to its centre
    (within ROW_TOLERANCE text heights), or starts a row. Only rows near its level are tried.
    """
    rows: list[list[_Placed]] = []
    # Rows by their de-tilted height (the level of their last word), so that each word only tests
    # the rows near it: the levels sorted, ties by row number (as tuples (level, row) would sort),
    # and beside each its row and that row's last word. Bisection over plain floats finds the
    # same ranges as over such tuples, at half the cost.
    lv: list[float] = []
    es: list[tuple[int, _Placed]] = []
    # False once a NaN level is in lv: lv is then not sorted, and insertion follows bisect.insort's
    # steps over (level, row) tuples exactly (_insort_at).
    ordered = True
    left, right = bisect.bisect_left, bisect.bisect_right
    # One loop, no calls per word, min() and max() written out: it runs some 80 times per receipt.
    for g in sorted(geos, key=_X0):
        gx0, lvl, s, h, gcx, gcy, _, gh, _ = g
        reach = 3 * gh + 0.05 * gcx
        best_i, best_cost = -1, ROW_TOLERANCE
        lo = left(lv, lvl - reach)
        for i, (_, (_, _, _, lth, lcx, lcy, lx1, lh, _)) in enumerate(es[lo:right(lv, lvl + reach)], lo):
            if gx0 < lx1 - 0.5 * (gh if gh < lh else lh):
                continue  # overlaps the row's last word: a word of another row
            dy = gcy - (lcy + s * (gcx - lcx))
            cost = (dy if dy >= 0 else -dy) / (lth if lth > h else h)
            if cost <= best_cost:
                best_i, best_cost = i, cost
        i = best_i
        if i >= 0:
            k = es[i][0]
            rows[k].append(g)
            # Most words leave their row between the same neighbours: its entry stays in place
            # (a NaN level, equal to nothing, never does).
            if ordered and lvl == lvl and (i == 0 or lv[i - 1] < lvl) and (i + 1 == len(lv) or lvl < lv[i + 1]):
                lv[i] = lvl
                es[i] = (k, g)
                continue
            del lv[i], es[i]
        else:
            k = len(rows)
            rows.append([g])
        if lvl != lvl:
            ordered = False
        if ordered:
            i = right(lv, lvl)
            while i and lv[i - 1] == lvl and es[i - 1][0] > k:
                i -= 1  # equal levels: the lower row number first
        else:
            i = _insort_at(lv, es, lvl, k)
        lv.insert(i, lvl)
        es.insert(i, (k, g))
    return rows, (lv, es)


def _insort_at(lv: list[float], es: list[tuple[int, _Placed]], lvl: float, k: int) -> int:
    """Where ``bisect.insort`` would put ``(lvl, k)`` among the tuples ``zip(lv, rows of es)``,
    by the same steps: with a NaN among the levels the list is not sorted, and only the same
    comparisons give the same place."""
    lo, hi = 0, len(lv)
    while lo < hi:
        mid = (lo + hi) // 2
        level = lv[mid]
        if lvl < level or (lvl == level and k < es[mid][0]):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _place_marks(marks: Sequence[_Placed], rows: list[list[_Placed]], levels: _Levels) -> None:
    """Punctuation joins the row it falls in, in x order, once the rows are known (a mark would
    fake a row's tilt); a mark near no row stands as a row of its own."""
    for g in marks:
        # A rule across the paper ("------------", "============") is a row of its own: no row
        # prints one inside it, and tilted, its box reaches the rows around it.
        k = -1 if _RULE.fullmatch(g[8].text.strip()) else _mark_row(g, rows, levels)
        if k >= 0:
            row = rows[k]
            row.append(g)
            row.sort(key=_X0)
        else:
            rows.append([g])


def _mark_row(g: _Placed, rows: Sequence[list[_Placed]], levels: _Levels) -> int:
    """The row whose word nearest ``g`` in x, extended along the slope, passes closest to ``g``'s
    centre (within one text height), or -1."""
    _, lvl, s, gth, gcx, gcy, _, gh, _ = g
    lv, es = levels
    lo = bisect.bisect_left(lv, lvl - 3 * gh - 0.05 * gcx)
    hi = bisect.bisect_right(lv, lvl + 3 * gh + 0.05 * gcx)
    best: tuple[float, int] | None = None
    for k, _ in es[lo:hi]:
        # The row's word nearest in x (the first of equals, as min() gives).
        members = rows[k]
        near = members[0]
        near_dx = near[4] - gcx
        near_dx = near_dx if near_dx >= 0 else -near_dx
        for m in members:
            dx = m[4] - gcx
            dx = dx if dx >= 0 else -dx
            if dx < near_dx:
                near, near_dx = m, dx
        _, _, _, nth, ncx, ncy, _, _, _ = near
        dy = gcy - (ncy + s * (gcx - ncx))
        # Over the mark's text height, not its box's: a long rule of dashes on a tilted page has a
        # box rows tall, which would reach the rows above and below it.
        d = (dy if dy >= 0 else -dy) / (nth if nth > gth else gth)
        if best is None or d < best[0]:
            best = (d, k)
    return best[1] if best is not None and best[0] <= 1.0 else -1


def _first_level(members: list[_Placed]) -> float:
    return members[0][1]


def group_rows(words: Sequence[OcrWord]) -> list[Row]:
    """Group words into rows, top to bottom, each row left to right.

    Words are taken left to right; each joins the row whose line, extended along the local slope,
    passes closest to its centre (within half a text height), or starts a new row. Words without a
    box are whole lines already (plain text, transcripts): they become rows of their own, after
    the boxed ones, in the order given.
    """
    found, steers, loose = _split_words(words)
    groups: list[list[OcrWord]] = []
    if found:
        geos, marks = _level_words(found, steers)
        rows, levels = _place_words(geos)
        _place_marks(marks, rows, levels)
        # Top to bottom by the level of each row's first word.
        groups = [[g[8] for g in members] for members in sorted(rows, key=_first_level)]
    groups.extend([w] for w in loose)
    return [_make_row(i, g) for i, g in enumerate(groups)]
