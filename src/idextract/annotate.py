"""The annotated image: every field found, boxed and labelled on the picture it came from.

A reviewer checks a record faster by eye than by reading JSON: a green box around ``total:
19700`` on the receipt says where the number came from; an orange or red one says "look here".
Drawn with Pillow only (rapidocr's own ``.vis()`` downloads a font at run time).
"""

from __future__ import annotations

import datetime as _dt
import logging
from collections.abc import Collection, Iterator
from decimal import Decimal
from typing import Any

import regex
from PIL import Image, ImageDraw, ImageFont
from pydantic import BaseModel

from .images import to_png_bytes
from .records import Box, Document, Extracted

__all__ = ["BAND_HIGH", "BAND_MEDIUM", "COLOUR_HIGH", "COLOUR_LOW", "COLOUR_MEDIUM", "annotate", "iter_fields"]

log = logging.getLogger(__name__)

#: Confidence bands. ``confidence`` is meant as the probability that the value is right, so
#: >= 0.9 needs no second look (green), 0.6-0.9 deserves a glance (orange), below 0.6 is more
#: likely wrong than a reviewer would accept unchecked (red).
BAND_HIGH = 0.9
BAND_MEDIUM = 0.6
COLOUR_HIGH = (0, 160, 60)  # green, dark enough for white label text
COLOUR_MEDIUM = (230, 120, 0)  # orange
COLOUR_LOW = (210, 30, 30)  # red
#: Fill of a masked field (KTP personal data): opaque, so nothing of the value shows through.
COLOUR_MASK = (0, 0, 0)
LABEL_TEXT = (255, 255, 255)
# Values longer than this are cut in labels: a long address would hide the receipt.
MAX_VALUE_CHARS = 30
_INDEX = regex.compile(r"\[\d+\]")


def annotate(image: Image.Image, record: Document, *, masked: Collection[str] = (), scale: float = 1.0) -> bytes:
    """A PNG of ``image`` with each found field's box drawn and labelled ``name: value``.

    Fields are the record's top-level :class:`~idextract.records.Extracted` fields and those of
    lists of sub-models (``items[0].total_price``). Fields with no box or no value are skipped.
    A field named in ``masked`` (by its full name, ``items[0].name``, or without indices,
    ``items.name``) has its box filled solid and only its name as label. ``scale`` multiplies the
    record's boxes first: a record in an original's pixels drawn on a reduced copy of it.
    """
    canvas = image.convert("RGB") if image.mode != "RGB" else image.copy()
    w, h = canvas.size
    draw = ImageDraw.Draw(canvas)
    font = _font_for(canvas.size)
    line_width = max(2, round(min(w, h) / 400))

    fields = [(name, f) for name, f in iter_fields(record) if f.box is not None and f.value is not None]
    hidden = {name for name, _ in fields if _is_masked(name, masked)}

    # Masks first, so that labels of neighbouring fields drawn later stay readable on top of them.
    for name, field in fields:
        if name in hidden:
            draw.rectangle(_pixel_box(field.box, w, h, scale), fill=COLOUR_MASK)  # type: ignore[arg-type]

    # Outlines first, labels after: a label is never crossed by a later field's outline.
    labels: list[tuple[str, tuple[int, int, int, int], tuple[int, int, int]]] = []
    for name, field in fields:
        box = _pixel_box(field.box, w, h, scale)  # type: ignore[arg-type]
        colour = band_colour(field.confidence)
        if name in hidden:
            labels.append((name, box, colour))
        else:
            draw.rectangle(box, outline=colour, width=line_width)
            labels.append((f"{name}: {_short(_format_value(field.value))}", box, colour))
    placed: list[tuple[int, int, int, int]] = []
    for label, box, colour in labels:
        _draw_label(draw, label, box, colour, font, (w, h), placed)
    log.debug("annotated %d fields (%d masked)", len(fields), len(hidden))
    return to_png_bytes(canvas)


def band_colour(confidence: float) -> tuple[int, int, int]:
    """The colour of a confidence band (see the constants at the top of this module)."""
    if confidence >= BAND_HIGH:
        return COLOUR_HIGH
    if confidence >= BAND_MEDIUM:
        return COLOUR_MEDIUM
    return COLOUR_LOW


def iter_fields(record: BaseModel) -> Iterator[tuple[str, Extracted[Any]]]:
    """Every ``Extracted`` field of ``record``, including those of lists of sub-models.

    Names are paths: ``total``, ``items[0].total_price``, ``address.rt_rw``.
    """
    for name in type(record).model_fields:
        value = getattr(record, name, None)
        if isinstance(value, Extracted):
            yield name, value
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel) and not isinstance(item, Extracted):
                    yield from _sub_fields(f"{name}[{i}]", item)
        elif isinstance(value, BaseModel):
            yield from _sub_fields(name, value)


def _sub_fields(prefix: str, model: BaseModel) -> Iterator[tuple[str, Extracted[Any]]]:
    # One level deep: records are flat apart from line items and grouped sub-records.
    for name in type(model).model_fields:
        value = getattr(model, name, None)
        if isinstance(value, Extracted):
            yield f"{prefix}.{name}", value


def _is_masked(name: str, masked: Collection[str]) -> bool:
    return name in masked or _INDEX.sub("", name) in masked


def _format_value(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return " ".join(str(value).split())  # multi-line values (addresses) on one label line


def _short(text: str) -> str:
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 3] + "..."


def _font_for(size: tuple[int, int]) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's bundled font scales without any system font; ~1/70 of the short side (12-16 px on
    # a phone photo of a receipt) reads well without hiding too much of the text under it.
    px = max(12, min(40, round(min(size) / 70)))
    return ImageFont.load_default(size=px)


def _pixel_box(box: Box, w: int, h: int, scale: float = 1.0) -> tuple[int, int, int, int]:
    if scale != 1.0:
        box = Box(box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale)
    x0 = min(max(int(box.x0), 0), w - 1)
    y0 = min(max(int(box.y0), 0), h - 1)
    x1 = min(max(int(round(box.x1)), x0), w - 1)
    y1 = min(max(int(round(box.y1)), y0), h - 1)
    return x0, y0, x1, y1


def _draw_label(
    draw: ImageDraw.ImageDraw,
    text: str,
    box: tuple[int, int, int, int],
    colour: tuple[int, int, int],
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    size: tuple[int, int],
    placed: list[tuple[int, int, int, int]],
) -> None:
    """A filled tag next to the box, kept inside the image, avoiding the tags already ``placed``.

    Receipts put a label, a quantity and a price on one line, so tags above the left edge of
    every box collide; the first free spot of above-left, below-left, above-right, below-right
    is used (the least crowded one when none is free).
    """
    w, h = size
    pad = 2
    # Cut the label until it fits the image width.
    while True:
        left, top, right, bottom = (int(v) for v in draw.textbbox((0, 0), text, font=font))
        tw, th = right - left + 2 * pad, bottom - top + 2 * pad
        if tw <= w or len(text) <= 1:
            break
        text = text[: max(1, len(text) - 4)] + "..." if len(text) > 4 else text[:-1]
    x0, y0, x1, y1 = box
    spots = [(x0, y0 - th), (x0, y1 + 1), (x1 - tw, y0 - th), (x1 - tw, y1 + 1)]
    best: tuple[int, int, int, int] | None = None
    best_overlap = -1
    for sx, sy in spots:
        # Clamp into the image: a label must never fall off the picture.
        tx = min(max(sx, 0), max(w - tw, 0))
        ty = min(max(sy, 0), max(h - th, 0))
        rect = (tx, ty, tx + tw - 1, ty + th - 1)
        overlap = sum(_overlap(rect, other) for other in placed)
        if best is None or overlap < best_overlap:
            best, best_overlap = rect, overlap
        if overlap == 0:
            break
    assert best is not None
    placed.append(best)
    draw.rectangle(best, fill=colour)
    draw.text((best[0] + pad - left, best[1] + pad - top), text, fill=LABEL_TEXT, font=font)


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> int:
    dx = min(a[2], b[2]) - max(a[0], b[0])
    dy = min(a[3], b[3]) - max(a[1], b[1])
    return dx * dy if dx > 0 and dy > 0 else 0
