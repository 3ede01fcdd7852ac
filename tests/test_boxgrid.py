"""The grid that finds a box's neighbours must never miss one: merging a strip's runs and
placing labels rely on it to see every box that overlaps (or touches) the one they test."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from idextract.boxgrid import BoxGrid
from idextract.label_space import overlap

coord = st.integers(min_value=-50, max_value=600)
size = st.integers(min_value=0, max_value=120)
box = st.tuples(coord, coord, size, size).map(lambda b: (b[0], b[1], b[0] + b[2], b[1] + b[3]))


@settings(max_examples=300, deadline=None)
@given(st.lists(box, max_size=40), box, st.sampled_from([5, 16, 64]))
def test_near_holds_every_box_that_overlaps_or_touches(boxes: list[tuple[int, int, int, int]],
                                                       query: tuple[int, int, int, int], cell: int) -> None:
    grid = BoxGrid[int](cell=cell)
    for i, b in enumerate(boxes):
        grid.add(b, i)
    near = grid.near(query)
    assert near == sorted(set(near))  # each once, in the order added
    assert {i for i, b in enumerate(boxes) if overlap(query, b)} <= set(near)


def test_far_boxes_are_not_returned() -> None:
    grid = BoxGrid[str](cell=10)
    grid.add((0, 0, 5, 5), "a")
    grid.add((500.5, 500.0, 520.0, 530.0), "b")
    assert grid.near((6.0, 6.0, 9.0, 9.0)) == ["a"]  # the same cell: a candidate, not a match
    assert grid.near((100, 100, 200, 200)) == []
