"""Which boxes of a set lie near a box: a grid of cells, so that finding a box's neighbours
costs what its own cells hold, not what the whole set holds.

Merging the runs of a 1:30 receipt strip (2,761 of them) and placing the labels of its 500
items compared every box with every other one: millions of comparisons, seconds of pure Python.
A box is filed under every cell it touches; two boxes that overlap (or touch) share a cell, so
the boxes of the cells a query touches include every box that can overlap it. Callers apply
their own exact test to those.

>>> grid = BoxGrid[str](cell=10)
>>> grid.add((0, 0, 5, 5), "a"); grid.add((30, 30, 45, 35), "b")
>>> grid.near((4, 4, 12, 12))
['a']
>>> sorted(grid.near((0, 0, 40, 40)))
['a', 'b']
"""

from __future__ import annotations

import math
from typing import Generic, TypeVar

__all__ = ["BoxGrid"]

T = TypeVar("T")
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


class BoxGrid(Generic[T]):
    """Items filed by their box (``x0, y0, x1, y1``; ints or floats, ends inclusive)."""

    def __init__(self, cell: float = 64.0) -> None:
        self.cell = cell
        self._cells: dict[tuple[int, int], list[int]] = {}
        self._items: list[T] = []

    def add(self, box: Box, item: T) -> None:
        index = len(self._items)
        self._items.append(item)
        for key in self._keys(box):
            self._cells.setdefault(key, []).append(index)

    def near(self, box: Box) -> list[T]:
        """The items whose cells ``box`` touches (each once, in the order they were added): a
        superset of those whose box overlaps or touches ``box``."""
        found: set[int] = set()
        for key in self._keys(box):
            found.update(self._cells.get(key, ()))
        return [self._items[i] for i in sorted(found)]

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        x0, y0 = math.floor(box[0] / c), math.floor(box[1] / c)
        x1, y1 = math.floor(box[2] / c), math.floor(box[3] / c)
        return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
