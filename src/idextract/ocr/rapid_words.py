"""rapidocr's output (quads, texts, scores) as :class:`~idextract.ocr.base.OcrWord` objects, and
the page's slope measured from the quads.

Pure geometry and text clean-up, no engine: kept apart from :mod:`idextract.ocr.rapid`, which
runs the engine, so that how its output is mapped back to the input image's pixels (scaled, and
turned back when the page was read upside down) reads on its own.
"""

from __future__ import annotations

import statistics
import unicodedata
from typing import Any

from ..orientation import turn_box
from ..records import Box
from .base import OcrWord

__all__ = ["page_slope", "to_words"]


def page_slope(out: Any, *, sx: float, sy: float) -> float | None:
    """The median slope (dy/dx, input pixels) of the text lines' top edges, from rapidocr's quads.

    The axis-aligned boxes of :class:`OcrWord` lose the tilt, and pairing boxes across a wide
    label-to-price gap cannot tell a tilt from the next row; each quad measures it directly
    (within ~0.01 on rendered pages tilted 0-8 degrees). Kept in ``meta["slope"]`` for layout.
    """
    boxes = getattr(out, "boxes", None)
    if boxes is None:
        return None
    slopes = [s for s in (_quad_slope(quad, sx=sx, sy=sy) for quad in boxes) if s is not None]
    return round(statistics.median(slopes), 4) if slopes else None


def _quad_slope(quad: Any, *, sx: float, sy: float) -> float | None:
    """The slope of a quad's top edge in input pixels; None for short runs ("2", "x"), whose
    angles are noise: only runs at least twice as wide as tall count."""
    (x0, y0), (x1, y1), _, (_, y3) = (tuple(map(float, p)) for p in quad)
    dx = (x1 - x0) * sx
    if dx > 0 and dx >= 2 * abs(y3 - y0) * sy:
        return round((y1 - y0) * sy / dx, 4)
    return None


def _clean(text: str) -> str:
    # NFKC folds the full-width punctuation rapidocr emits (，：) to ASCII; "×" has no
    # compatibility mapping, and receipts mean the letter x by it ("2 x 3.500").
    return unicodedata.normalize("NFKC", text).replace("\u00d7", "x").strip()


def to_words(
    out: Any,
    *,
    sx: float,
    sy: float,
    small: tuple[int, int],
    size: tuple[int, int],
    rotated: bool,
) -> list[OcrWord]:
    """rapidocr's quads, texts and scores as words with axis-aligned boxes and their quads
    (``polygon``) in input pixels."""
    boxes, texts, scores = getattr(out, "boxes", None), getattr(out, "txts", None), getattr(out, "scores", None)
    if boxes is None or not texts:
        return []
    w, h = size
    words: list[OcrWord] = []
    for quad, raw, score in zip(boxes, texts, scores or [None] * len(texts)):
        text = _clean(str(raw))
        if not text:
            continue
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if rotated:  # read on the image turned by 180 degrees: turn the box back
            x0, y0, x1, y1 = turn_box(Box(x0, y0, x1, y1), 2, small)
        box = Box(
            round(min(max(x0 * sx, 0.0), w), 1),
            round(min(max(y0 * sy, 0.0), h), 1),
            round(min(max(x1 * sx, 0.0), w), 1),
            round(min(max(y1 * sy, 0.0), h), 1),
        )
        # The quad itself, turned and scaled as the box: its points stay in reading order
        # (top-left, top-right, ... of the text as read), which a half turn does not change.
        pts = [(small[0] - x, small[1] - y) for x, y in zip(xs, ys)] if rotated else list(zip(xs, ys))
        polygon = tuple((round(min(max(x * sx, 0.0), w), 1), round(min(max(y * sy, 0.0), h), 1)) for x, y in pts)
        conf = None if score is None else round(min(max(float(score), 0.0), 1.0), 4)
        words.append(OcrWord(text=text, box=box, confidence=conf, slope=_quad_slope(quad, sx=sx, sy=sy),
                             polygon=polygon))
    if rotated:
        # rapidocr sorted the rotated page top to bottom; restore the upright page's order.
        words.sort(key=lambda wd: (wd.box.y0, wd.box.x0) if wd.box else (0.0, 0.0))
    return words
