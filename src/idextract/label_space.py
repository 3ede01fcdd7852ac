"""Where a label can go on a picture without hiding what was read.

:func:`idextract.annotate.annotate` labels each value next to it, on the first spot that covers no
printed text, no other value and no label already placed. Printed text is found on the picture
itself (thin dark strokes, see :func:`ink`), so text the engine missed is avoided too, while the
table around a photographed receipt counts as free room.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from PIL import Image, ImageDraw

from .boxgrid import BoxGrid

__all__ = ["MAX_COVER", "MAX_MARKER_INK", "Occupancy", "Points", "Rect", "ink", "overlap"]

#: A label spot is free when at most this share of it is printed text or another value: a
#: letter's tail or a speck of noise, not a word.
MAX_COVER = 0.04
#: A legend number may stand half over printed text: next to its value it says which value it
#: marks; moved away to a clear spot it could mark the neighbour.
MAX_MARKER_INK = 0.5
Rect = tuple[int, int, int, int]  # x0, y0, x1, y1, inclusive pixels
Points = list[tuple[float, float]]


class Occupancy:
    """What a label must not cover: printed text (found on the picture), the values being
    outlined, and the labels already placed. Sums over rectangles from integral images."""

    def __init__(self, image: Image.Image, outlines: Sequence[Points]) -> None:
        self.size = image.size
        # Measured on a copy about 600 px on its short side: a label is a dozen pixels tall
        # there still, and a 12 MP photo costs what a phone screenshot does.
        self.step = step = max(1, round(min(image.size) / 600))
        small = image.reduce(step) if step > 1 else image
        self.ink = _integral(ink(small))
        values = Image.new("1", small.size, 0)
        vdraw = ImageDraw.Draw(values)
        for outline in outlines:
            vdraw.polygon([(x / step, y / step) for x, y in outline], fill=1)
        self.values = _integral(np.asarray(values, dtype=bool))
        self.placed: list[Rect] = []
        self._grid = BoxGrid[Rect]()  # the placed labels near a spot (500 items: 4,000 labels)

    def cover(self, rect: Rect) -> tuple[float, float]:
        """The shares of ``rect`` that are outlined values and printed text."""
        step, w, h = self.step, self.ink.shape[1] - 1, self.ink.shape[0] - 1
        x0, y0 = min(rect[0] // step, w - 1), min(rect[1] // step, h - 1)
        cell = (x0, y0, min(max(rect[2] // step, x0), w - 1), min(max(rect[3] // step, y0), h - 1))
        area = (cell[2] - cell[0] + 1) * (cell[3] - cell[1] + 1)
        return _sum(self.values, cell) / area, _sum(self.ink, cell) / area

    def place(self, outline: Points, tag: tuple[int, int], *, strict: bool) -> Rect | None:
        """The first free spot for a ``tag`` (w, h) next to ``outline``.

        ``strict`` (a label): free means no other label, no value and no printed text under it;
        None when no spot is free. Otherwise (a legend number, a few pixels wide): the first spot
        on no label and no value, even over some printed text (a number half over a colon still
        says which value it marks; one moved next to another value would not), else the least
        bad one.
        """
        best: tuple[tuple[int, float, float], Rect] | None = None
        spots = list(_spots(outline, tag, self.size))
        if not strict:  # a number goes on its value's line first: above or below, it is ambiguous
            spots = [spots[0], spots[-1], *spots[1:-1]]
        for rect in spots:
            clash = sum(1 for other in self._grid.near(rect) if overlap(rect, other))
            values, printed = self.cover(rect)
            score = (clash, values, printed) if strict else (clash, values, max(printed - MAX_MARKER_INK, 0.0))
            if clash == 0 and values <= MAX_COVER and score[2] <= (MAX_COVER if strict else 0.0):
                best = (score, rect)
                break
            if best is None or score < best[0]:
                best = (score, rect)
        if best is None or (strict and (best[0][0] or max(best[0][1:]) > MAX_COVER)):
            return None
        self.placed.append(best[1])
        self._grid.add(best[1], best[1])
        return best[1]


def ink(image: Image.Image) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Printed text: strokes darker than their surroundings and thinner than a few pixels (a
    morphological black-hat), grown to cover the gaps between letters. Unlike a plain contrast
    test, the edge of a receipt against the table is no text: a label may go over the table."""
    grey = np.asarray(image.convert("L"), dtype=np.int16)
    stroke = max(3, round(min(image.size) / 300))  # half the widest stroke that still counts
    closed = _spread(_spread(grey, stroke, np.maximum), stroke, np.minimum)
    strokes = (closed - grey) > 30
    return _spread(strokes, max(2, round(min(image.size) / 120)), np.maximum)


def _spread(a: np.ndarray[Any, Any], r: int, op: Any) -> np.ndarray[Any, Any]:
    """``op`` (``np.maximum``: dilate, ``np.minimum``: erode) over a (2r+1)-pixel square, done
    as two 1-D passes of shifted copies (a 1 MP picture in ~10 ms; Pillow's rank filters take
    0.5 s)."""
    for _ in range(2):  # down the columns, then (transposed) along the rows
        n = a.shape[0]
        padded = np.pad(a, ((r, r), (0, 0)), mode="edge")
        out = padded[:n].copy()
        for k in range(1, 2 * r + 1):
            op(out, padded[k : k + n], out=out)
        a = np.ascontiguousarray(out.T)
    return a


def _integral(mask: np.ndarray[Any, Any]) -> np.ndarray[Any, np.dtype[np.int32]]:
    # int32 holds the count of any picture under the library's pixel limit (40 MP < 2**31).
    out = np.zeros((mask.shape[0] + 1, mask.shape[1] + 1), dtype=np.int32)
    np.cumsum(mask, axis=0, dtype=np.int32, out=out[1:, 1:])
    np.cumsum(out[1:, 1:], axis=1, out=out[1:, 1:])
    return out


def _sum(table: np.ndarray[Any, np.dtype[np.int32]], rect: Rect) -> int:
    x0, y0, x1, y1 = rect
    return int(table[y1 + 1, x1 + 1] - table[y0, x1 + 1] - table[y1 + 1, x0] + table[y0, x0])


def _spots(outline: Points, tag: tuple[int, int], size: tuple[int, int]) -> Iterator[Rect]:
    """Spots for a tag next to ``outline``, kept inside the picture: after its end (on the line,
    where receipts and cards leave room), above and below its start and its end, before it."""
    tw, th = tag
    w, h = size
    xs = [x for x, _ in outline]
    x0, x1 = min(xs), max(xs)
    gap = 3
    start_y, end_y = _y_at(outline, x0 + 1), _y_at(outline, x1 - 1)
    raw = [
        (x1 + gap, (end_y[0] + end_y[1] - th) / 2),
        (x0, _y_range(outline, x0, x0 + tw)[0] - th - gap),
        (x0, _y_range(outline, x0, x0 + tw)[1] + gap),
        (x1 - tw, _y_range(outline, x1 - tw, x1)[0] - th - gap),
        (x1 - tw, _y_range(outline, x1 - tw, x1)[1] + gap),
        (x0 - gap - tw, (start_y[0] + start_y[1] - th) / 2),
    ]
    for sx, sy in raw:
        tx = int(min(max(sx, 0), max(w - tw, 0)))
        ty = int(min(max(sy, 0), max(h - th, 0)))
        yield tx, ty, min(tx + tw - 1, w - 1), min(ty + th - 1, h - 1)


def _y_at(outline: Points, x: float) -> tuple[float, float]:
    return _y_range(outline, x, x)


def _y_range(outline: Points, xa: float, xb: float) -> tuple[float, float]:
    """The outline's top and bottom over the columns ``xa..xb`` (its whole height when they miss
    it): a tag above a tilted value clears the value where the tag is, not at its highest."""
    ys = [y for x, y in outline if xa <= x <= xb]
    n = len(outline)
    for i in range(n):
        (ax, ay), (bx, by) = outline[i], outline[(i + 1) % n]
        for x in (xa, xb):
            if min(ax, bx) <= x <= max(ax, bx) and ax != bx:
                ys.append(ay + (by - ay) * (x - ax) / (bx - ax))
    if not ys:
        ys = [y for _, y in outline]
    return min(ys), max(ys)


def overlap(a: Rect, b: Rect) -> bool:
    return min(a[2], b[2]) >= max(a[0], b[0]) and min(a[3], b[3]) >= max(a[1], b[1])
