"""The text's tilt down the page, for :mod:`idextract.layout`: each word's box as plain floats,
slope samples from horizontally adjacent words, and the local slope near a height of the page.

Sorting by top y fails on a photo tilted by 3 degrees: across a 400 px line the baseline drifts by
20 px, about a line height. The slope is estimated from pairs of horizontally adjacent words
(their centres lie on one text line); paper curls, so it is taken near each word's height.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from operator import itemgetter

from .records import OcrWord

__all__ = ["MAX_SLOPE", "PAIR_MAX_GAP", "LocalSlope", "Point", "estimate_slope", "median", "point", "slope_samples"]

# Largest tilt we try to undo: about 15 degrees. Beyond it the page is rotated, not tilted.
MAX_SLOPE = 0.27
# Neighbours further apart than this many text heights say little about the slope: across a
# wide gap the nearest box to the right may well sit on the next line of a tightly printed
# receipt.
PAIR_MAX_GAP = 4.0
# A page tilted more than this (about 3 degrees) has its pairs looked for again along the tilt.
_STEEP = 0.05
_CY = itemgetter(2)
_INF = float("inf")


def median(values: Sequence[float]) -> float:
    """``statistics.median`` without its generality (it is called for every document)."""
    ordered = sorted(values)
    n = len(ordered)
    if n % 2:
        return ordered[n // 2]
    return (ordered[n // 2 - 1] + ordered[n // 2]) / 2


# A boxed word as the slope and row loops read it, tuples being unpacked in their inner loops
# faster than objects' attributes are read: centre x, left, centre y, height (at least 1 px),
# right, width, the engine's slope of its line (``None`` where unmeasured), the word.
Point = tuple[float, float, float, float, float, float, float | None, OcrWord]


def point(word: OcrWord) -> Point:
    """A boxed word's :data:`Point` (layout builds them inline, without this call per word)."""
    x0, y0, x1, y1 = word.box  # type: ignore[misc]  # only boxed words get here
    h = y1 - y0
    return (x0 + x1) / 2, x0, (y0 + y1) / 2, 1.0 if 1.0 > h else h, x1, x1 - x0, word.slope, word


def slope_samples(pts: Sequence[Point]) -> list[tuple[float, float]]:
    """``(y, slope)`` samples of the text's tilt down the page.

    Engines with oriented boxes measure each run's tilt: those are used as they are. Otherwise
    each box and its nearest right-hand neighbour on the same text line give one sample.
    """
    if not pts:
        return []
    measured = sorted((cy, slope) for _, _, cy, _, _, _, slope, _ in pts
                      if slope is not None and abs(slope) <= MAX_SLOPE)
    if len(measured) >= 3:
        return measured
    by_y = sorted(pts, key=_CY)
    samples = _pair_samples(by_y, 0.0)
    if len(samples) >= 3 and abs(tilt := median([sl for _, sl in samples])) > _STEEP:
        # A steep page: a neighbour across a wide gap sits lower (or higher) than a line height
        # and was taken for another line's; looked for again along the first estimate, such
        # pairs ("PARI  1" ... "28.90") say the tilt instead of a neighbouring line's.
        samples = _pair_samples(by_y, tilt)
    return samples


def _pair_samples(by_y: Sequence[Point], tilt: float) -> list[tuple[float, float]]:
    """``(y, slope)`` samples from each box (``by_y``: sorted by centre y) and its nearest
    right-hand neighbour on the same text line, the line running at ``tilt``."""
    ys = [p[2] for p in by_y]
    x0s = [p[1] for p in by_y]
    h_med = median([p[3] for p in by_y])
    gap_min, gap_max = -0.3 * h_med, PAIR_MAX_GAP * h_med
    # The inner loop avoids calls: it runs some 600 times per receipt.
    samples: list[tuple[float, float]] = []
    left, right, max_slope = bisect.bisect_left, bisect.bisect_right, MAX_SLOPE
    for acx, _, acy, ah, ax1, _, _, _ in by_y:
        reach = 0.6 * ah
        # Along the tilt, a neighbour up to PAIR_MAX_GAP heights away sits this much lower.
        lo_y, hi_y = (acy - reach, acy + reach + tilt * gap_max * 2) if tilt >= 0 else \
            (acy - reach + tilt * gap_max * 2, acy + reach)
        best_gap, best_slope = _INF, None
        for j in range(left(ys, lo_y), right(ys, hi_y)):
            # The gap first, from the left edges alone: it turns away most boxes (a itself, those
            # left of it) before their tuples are unpacked.
            gap = x0s[j] - ax1
            if gap < gap_min or gap > gap_max or gap >= best_gap:
                continue
            bcx, _, bcy, bh, _, _, _, _ = by_y[j]
            dx = bcx - acx
            if dx <= 0:
                continue  # b is a, or left of it
            dy = bcy - acy
            # Same line: near neighbours whose boxes overlap vertically. Punctuation boxes
            # (":" ".") are short and sit off the line's centre: they would fake a tilt.
            if ah < bh:  # min() and max(), without a tuple
                lo_h, hi_h = ah, bh
            else:
                lo_h, hi_h = bh, ah
            ady = dy if dy >= 0 else -dy  # abs(), without the call
            off = dy - tilt * dx
            if (off if off >= 0 else -off) > 0.6 * lo_h or ady > max_slope * dx or lo_h < 0.7 * hi_h:
                continue
            best_gap, best_slope = gap, dy / dx
        if best_slope is not None:
            samples.append((acy, best_slope))
    samples.sort()
    return samples


def estimate_slope(words: Sequence[OcrWord]) -> float:
    """The page's median text slope (dy/dx), from pairs of horizontally adjacent boxes."""
    samples = slope_samples([point(w) for w in words if w.box is not None])
    if len(samples) < 3:
        return 0.0
    return median([s for _, s in samples])


class LocalSlope:
    """The text slope near a height of the page: paper curls, so the slope changes down a receipt.

    The median of the ``k`` slope samples nearest in height, precomputed per sample.
    """

    def __init__(self, samples: list[tuple[float, float]], k: int = 7) -> None:
        assert k % 2 == 1
        self.ys = [y for y, _ in samples]
        slopes = [s for _, s in samples]
        self.overall = median(slopes) if len(samples) >= 3 else 0.0
        n = len(samples)
        if n < k:
            self.medians = [self.overall] * (n + 1)
        else:
            mid = k // 2  # k is odd: the middle of the sorted window is its median
            window = _window_middles(slopes, k)
            # Height i (between samples i-1 and i) takes the window centred there, clamped to
            # the first and last windows.
            self.medians = [window[0]] * mid + window + [window[-1]] * (mid + 1)

    def at(self, y: float) -> float:
        return self.medians[bisect.bisect_left(self.ys, y)]


def _window_middles(values: list[float], k: int) -> list[float]:
    """``sorted(values[lo : lo + k])[k // 2]`` for each ``lo``: one window kept sorted as it slides,
    a value out and a value in per step, instead of a sort per window."""
    mid = k // 2
    total = sum(values)
    if total != total:  # a NaN orders nothing: bisection in a window holding one would go astray
        return [sorted(values[lo : lo + k])[mid] for lo in range(len(values) - k + 1)]
    window = sorted(values[:k])
    middles = [window[mid]]
    left, insort = bisect.bisect_left, bisect.insort
    for out, new in zip(values, values[k:]):
        del window[left(window, out)]  # an equal value in its place leaves the same window
        insort(window, new)
        middles.append(window[mid])
    return middles
