"""Which way up: every place that turns a picture or its words, who does it and why.

The OCR engines read best on an upright page and the parsers build rows top to bottom, so a page
must stand upright, boxes and all, before its rows are built. A picture meets four steps, in
this order; this module owns the geometry they share (:func:`turn_box`, :func:`turn_words`,
:func:`is_sideways`) and the steps that need no engine or document knowledge.

1. **EXIF** (:func:`idextract.images.load_image`): a phone stores the sensor's pixels plus an
   orientation tag; the loader applies it, so every later step sees the picture as shot.
2. **Upside down, page level** (``RapidOCR._looks_upside_down`` in :mod:`idextract.ocr.rapid`):
   the embedded engine's 0/180 line classifier votes over the widest text lines and a flipped
   page is read again turned round. The vote stays in the backend because it needs the engine's
   internals (its classifier, its crop helper, the quads before they become boxes); the backend
   turns the boxes back into the picture as given (:func:`turn_box`, half a turn) and says so in
   ``meta["rotated_180"]``. :func:`upright_page` then turns picture and boxes round, so that rows
   read top to bottom and the annotated image stands upright. Other engines read as they are.
3. **Sideways** (:func:`read_upright`, run by :func:`idextract.api.extract` for every engine and
   document type): text runs mostly taller than wide (:func:`is_sideways`) mean the page was
   photographed on its side; the picture is turned a quarter and read again, and the second
   reading is kept when it is no longer sideways. The turn is always the same way: a page that
   then stands on its head is caught by step 2 or read as it is.
4. **Words that arrive turned** (:func:`idextract.parsers.ktp_layout.upright`): OCR output
   given as words (text mode, no picture to turn) with the geometry of a card lying sideways or
   upside down. Only a document with a fixed label order can tell which way is up from words
   alone: the KTP parser scores each turn (:func:`turn_words`) by how many of its labels come in
   the card's order. Receipts have no fixed order and are read as given.

No step here knows a document type; none imports Pillow until a picture is turned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .records import Box, OcrResult, OcrWord, Polygon

if TYPE_CHECKING:
    from PIL import Image

__all__ = [
    "SIDEWAYS_SHARE", "is_sideways", "read_upright", "turn_box", "turn_polygon", "turn_words", "upright_page",
]

# A page whose text runs (of 4 characters or more) are mostly taller than wide was read sideways.
SIDEWAYS_SHARE = 0.5
# A run counts as standing on its side when it is this many times taller than wide.
TALL = 1.5
# Shorter runs ("2", "x", "Rp") are as often tall as wide: they do not vote.
MIN_RUN_CHARS = 4


def turn_box(box: Box, quarter_turns: int, size: tuple[float, float]) -> Box:
    """``box`` in a picture of ``size`` (w, h) as it stands once the picture is turned clockwise
    by ``quarter_turns`` * 90 degrees.

    >>> turn_box(Box(10, 20, 30, 40), 2, (100, 50))
    Box(x0=70, y0=10, x1=90, y1=30)
    >>> turn_box(Box(10, 20, 30, 40), 1, (100, 50))
    Box(x0=10, y0=10, x1=30, y1=30)
    """
    w, h = size
    turns = quarter_turns % 4
    if turns == 0:
        return box
    if turns == 2:
        return Box(w - box.x1, h - box.y1, w - box.x0, h - box.y0)
    if turns == 1:
        return Box(h - box.y1, box.x0, h - box.y0, box.x1)
    return Box(box.y0, w - box.x1, box.y1, w - box.x0)


def turn_polygon(polygon: Polygon, quarter_turns: int, size: tuple[float, float]) -> Polygon:
    """``polygon`` turned as :func:`turn_box` turns a box; the points keep their order (a quad's
    first point stays the start of its text as read).

    >>> turn_polygon(((10, 20), (30, 20), (30, 40), (10, 40)), 2, (100, 50))
    ((90, 30), (70, 30), (70, 10), (90, 10))
    >>> turn_polygon(((10, 20), (30, 20), (30, 40), (10, 40)), 1, (100, 50))
    ((30, 10), (30, 30), (10, 30), (10, 10))
    """
    w, h = size
    turns = quarter_turns % 4
    if turns == 0:
        return polygon
    if turns == 2:
        return tuple((w - x, h - y) for x, y in polygon)
    if turns == 1:
        return tuple((h - y, x) for x, y in polygon)
    return tuple((y, w - x) for x, y in polygon)


def turn_words(words: Sequence[OcrWord], quarter_turns: int, size: tuple[float, float]) -> list[OcrWord]:
    """The words with their boxes as if the picture were turned clockwise by ``quarter_turns`` *
    90 degrees. Half a turn keeps a line's slope; a quarter turn makes it meaningless (dropped)."""
    out = []
    for word in words:
        if word.box is None:
            out.append(word)
            continue
        box = turn_box(word.box, quarter_turns, size)
        polygon = None if word.polygon is None else turn_polygon(word.polygon, quarter_turns, size)
        slope = word.slope if quarter_turns % 4 == 2 else None
        out.append(word.model_copy(update={"box": box, "slope": slope, "polygon": polygon}))
    return out


def is_sideways(words: Sequence[OcrWord], *, min_runs: int = 3) -> bool:
    """Whether most text runs (of at least ``MIN_RUN_CHARS`` characters, ``min_runs`` of them at
    least) stand taller than wide: a page read on its side."""
    runs = [w.box for w in words if w.box is not None and len(w.text.strip()) >= MIN_RUN_CHARS]
    tall = sum(1 for b in runs if b.height > TALL * b.width)
    return len(runs) >= max(min_runs, 1) and tall > SIDEWAYS_SHARE * len(runs)


def upright_page(picture: Image.Image, result: OcrResult) -> tuple[Image.Image, OcrResult]:
    """A page the engine read turned round (``meta["rotated_180"]``, step 2) as the upright
    picture, with boxes to match, so that rows read top to bottom and the annotation stands
    upright. Any other reading is returned as it is."""
    if not result.meta.get("rotated_180"):
        return picture, result
    from PIL import Image

    words = turn_words(result.words, 2, picture.size)
    meta = {**result.meta, "rotated_180": False, "turned_upright": True}
    return picture.transpose(Image.Transpose.ROTATE_180), result.model_copy(update={"words": words, "meta": meta})


def read_upright(picture: Image.Image, read: Callable[[Image.Image], OcrResult]) -> tuple[Image.Image, OcrResult]:
    """``read(picture)`` (OCR); a page photographed sideways is turned a quarter and read again.

    Returns the picture as read (turned when that reading was kept) and its OCR result, boxes in
    that picture's pixels.
    """
    from PIL import Image

    result = read(picture)
    picture, result = upright_page(picture, result)
    if not is_sideways(result.words):
        return picture, result
    turned = picture.transpose(Image.Transpose.ROTATE_90)
    second = read(turned)
    turned, second = upright_page(turned, second)
    if len(second.words) and not is_sideways(second.words):
        second.warnings.append("the picture was sideways; turned by 90 degrees")
        return turned, second
    return picture, result
