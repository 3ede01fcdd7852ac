"""Reading a long strip (a 1:10 thermal receipt) in overlapping tiles, and merging the words.

A text detector resizes its whole input to a fixed short side (rapidocr: 736 px), so a strip
costs memory in proportion to its aspect ratio, and shrinking the strip to a page size instead
leaves its text a few pixels tall. Tiles cut across the long side keep every printed row whole
(a row of a tall strip lies inside one tile, a tile spans the full width) and cost the same
per tile whatever the length: at most ``TILE_ASPECT`` times as long as wide, never longer than
the engine's ``max_side``.

Consecutive tiles overlap by more than the tallest text line, so every word lies whole in at
least one tile. A word in an overlap is found twice (or once whole and once cut at a tile's
edge): :func:`merge` keeps the copy farthest from its tile's cut edge and drops the others.

>>> spans(5760, 576, 1600)[:2]
[(0, 1152), (922, 2074)]
>>> len(spans(5760, 576, 1600)), spans(5760, 576, 1600)[-1][1]
(6, 5760)
>>> spans(1000, 800, 1600)
[(0, 1000)]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .boxgrid import BoxGrid

__all__ = ["TILE_ASPECT", "TILE_OVERLAP", "TILE_OVERLAP_MIN", "Candidate", "merge", "spans"]

#: A tile is at most this many times as long as the strip is wide: rapidocr's detector then
#: sees at most 736 x 1472 px per tile (~1 MP; a whole 1:30 strip was 16 MP and 2.3 GB).
TILE_ASPECT = 2.0
#: Overlap between consecutive tiles: this share of the tile, and at least TILE_OVERLAP_MIN px
#: (the tallest line of a 576 px receipt is ~30 px; a double-height title ~60 px) or a quarter
#: of a short tile (a strip 100 px wide has no line taller than that).
TILE_OVERLAP = 0.15
TILE_OVERLAP_MIN = 96


def spans(length: int, width: int, max_side: int) -> list[tuple[int, int]]:
    """``[start, end)`` spans along a side of ``length`` px, for a strip ``width`` px across.

    Tiles are ``min(TILE_ASPECT * width, max_side)`` long (at least ``width``), evenly spread,
    overlapping by at least ``TILE_OVERLAP`` of a tile; the last one ends at ``length``.
    """
    tile = max(1, min(round(TILE_ASPECT * width), max_side), min(width, max_side))
    if length <= tile:
        return [(0, length)]
    overlap = round(max(TILE_OVERLAP * tile, min(TILE_OVERLAP_MIN, tile / 4)))
    count = math.ceil((length - overlap) / (tile - overlap))
    step = (length - tile) / (count - 1)  # <= tile - overlap: spread evenly, same overlap or more
    starts = [round(i * step) for i in range(count)]
    return [(s, min(s + tile, length)) for s in starts]


@dataclass
class Candidate:
    """A text run found in one tile, its box already in the whole image's pixels."""

    quad: Any  # 4 x 2 points, as the engine gives them
    text: str
    score: float
    tile: int
    edge: float  # distance along the cut axis from the box to its tile's nearest cut edge
    bbox: tuple[float, float, float, float] = field(init=False)

    def __post_init__(self) -> None:
        xs = [float(p[0]) for p in self.quad]
        ys = [float(p[1]) for p in self.quad]
        self.bbox = (min(xs), min(ys), max(xs), max(ys))


def edge_distance(lo: float, hi: float, span: tuple[int, int], *, first: bool, last: bool) -> float:
    """How far ``[lo, hi]`` keeps from the cut edges of ``span`` (image edges are no cuts)."""
    start, end = span
    distances = ([] if first else [lo - start]) + ([] if last else [end - hi])
    return min(distances) if distances else math.inf


def merge(candidates: Sequence[Candidate], *, same: float = 0.5) -> list[Candidate]:
    """One copy of each text run: the one farthest from its tile's cut edge.

    Two runs from different tiles are the same ink when their boxes overlap by more than
    ``same`` of the smaller box (a whole copy and a cut one at the edge, or two whole copies).
    Runs of one tile are never merged: the engine gave them apart. Returned in reading order
    (top to bottom, then left to right), as the engine sorts a page.
    """
    kept: list[Candidate] = []
    grid = BoxGrid[Candidate]()  # only the runs near a run can be its copy (2,761 on a 1:30 strip)
    for cand in sorted(candidates, key=lambda c: -c.edge):
        if not any(other.tile != cand.tile and _overlap(cand.bbox, other.bbox) > same
                   for other in grid.near(cand.bbox)):
            kept.append(cand)
            grid.add(cand.bbox, cand)
    kept.sort(key=lambda c: (round(c.bbox[1]), c.bbox[0]))
    return kept


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    """The intersection of two boxes as a share of the smaller one's area (0..1)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return w * h / smaller if smaller > 0 else 1.0
