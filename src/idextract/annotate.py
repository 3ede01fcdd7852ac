"""The annotated image: every field found, outlined and labelled on the picture it came from.

A reviewer checks a record faster by eye than by reading JSON: a green outline around ``19.700``
on the receipt says where the total came from; an orange or red one says "look here". What a
person needs from the picture decides how it is drawn:

- each value is outlined by its ``polygon`` (its share of the OCR quads, the label left out), so
  on a tilted photo the outline follows the line instead of covering the rows above and below;
  fields without one (text-mode records, engines without quads) fall back to their box;
- a label (``total: 19700``) goes next to its value, on the first spot that covers no printed
  text (measured on the picture itself: dark strokes against their surroundings), no other
  value and no other label;
- a field whose label has no such spot gets a small number instead, and the number's entry goes
  in a legend added to the right of (or below) the picture, so that nothing written hides what
  was read. The picture keeps its own pixel coordinates: the legend only extends the canvas.

Drawn with Pillow and numpy only (rapidocr's own ``.vis()`` downloads a font at run time).
"""

from __future__ import annotations

import datetime as _dt
import functools
import logging
import math
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import regex
from PIL import Image, ImageDraw, ImageFont
from pydantic import BaseModel

from .images import to_png_bytes
from .label_space import Occupancy, Points, Rect
from .records import Box, Document, Extracted, OcrWord

__all__ = [
    "BAND_HIGH", "BAND_MEDIUM", "COLOUR_HIGH", "COLOUR_LOW", "COLOUR_MEDIUM", "Plan", "Region", "annotate",
    "annotate_words", "band_colour", "draw_words", "iter_fields", "plan",
]

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
LEGEND_BACKGROUND = (255, 255, 255)
LEGEND_TEXT = (20, 20, 20)
# Values longer than this are cut in labels: a long address would hide the receipt. The legend,
# beside the picture, hides nothing: it shows more.
MAX_VALUE_CHARS = 30
MAX_LEGEND_CHARS = 60
_INDEX = regex.compile(r"\[\d+\]")
_PAD = 6  # pixels around the legend and its entries


@dataclass
class Region:
    """One field as drawn: its outline, its label and where the label went."""

    name: str
    label: str
    entry: str  # the legend's line, when the label goes there
    outline: Points
    colour: tuple[int, int, int]
    masked: bool
    tag: Rect | None = None  # the label (or the number, in legend mode) as placed
    number: int | None = None  # set when the label went to the legend


@dataclass
class Plan:
    """Everything :func:`annotate` draws, in the picture's pixels (tests and callers read it)."""

    size: tuple[int, int]
    regions: list[Region]
    legend_side: str | None = None  # "right" or "bottom" when a legend is needed

    @property
    def legend(self) -> list[Region]:
        return [r for r in self.regions if r.number is not None]


def annotate(image: Image.Image, record: Document, *, masked: Collection[str] = (), scale: float = 1.0) -> bytes:
    """A PNG of ``image`` with each found field outlined and labelled ``name: value``.

    Fields are the record's top-level :class:`~idextract.records.Extracted` fields and those of
    lists of sub-models (``items[0].total_price``). Fields with no geometry or no value are
    skipped. A field named in ``masked`` (by its full name, ``items[0].name``, or without
    indices, ``items.name``) is filled solid and labelled with its name only. ``scale``
    multiplies the record's coordinates first: a record in an original's pixels drawn on a
    reduced copy of it. Labels that find no free spot are numbered and listed in a legend that
    extends the canvas to the right or below; the picture's own pixels keep their coordinates.
    """
    canvas = image.convert("RGB") if image.mode != "RGB" else image.copy()
    layout = plan(canvas, record, masked=masked, scale=scale)
    font = _font_for(canvas.size)
    draw = ImageDraw.Draw(canvas)
    width = _line_width(canvas.size)
    # Masks first, outlines next, labels last: nothing drawn later hides a label.
    for r in layout.regions:
        if r.masked:
            _fill_mask(draw, r.outline, width)
    for r in layout.regions:
        if not r.masked:
            draw.line([*r.outline, r.outline[0]], fill=r.colour, width=width, joint="curve")
    for r in layout.regions:
        if r.tag is not None:
            _draw_tag(draw, r.tag, str(r.number) if r.number is not None else r.label, r.colour, font)
    if layout.legend_side is not None:
        canvas = _with_legend(canvas, layout, font)
    log.debug("annotated %d fields (%d in the legend)", len(layout.regions), len(layout.legend))
    return to_png_bytes(canvas)


def annotate_words(image: Image.Image, words: Sequence[OcrWord], *, scale: float = 1.0) -> bytes:
    """A PNG of ``image`` with every recognised text run outlined (its quad where the engine
    gives one, else its box), coloured by the engine's confidence: the ``return_image`` of the
    OCR endpoint, where there are no fields to label. ``scale`` as in :func:`annotate`."""
    return to_png_bytes(draw_words(image, words, scale=scale))


def draw_words(image: Image.Image, words: Sequence[OcrWord], *, scale: float = 1.0) -> Image.Image:
    """:func:`annotate_words` as a picture, for a caller that encodes it otherwise (a JPEG)."""
    canvas = image.convert("RGB") if image.mode != "RGB" else image.copy()
    draw = ImageDraw.Draw(canvas)
    width = max(1, _line_width(canvas.size) - 1)
    for word in words:
        outline = _outline(word.polygon, word.box, scale)
        if outline is not None:
            colour = COLOUR_HIGH if word.confidence is None else band_colour(word.confidence)
            draw.line([*outline, outline[0]], fill=colour, width=width, joint="curve")
    return canvas


def plan(image: Image.Image, record: Document, *, masked: Collection[str] = (), scale: float = 1.0) -> Plan:
    """Where :func:`annotate` puts each outline, label and legend number on ``image``."""
    size = image.size
    font = _font_for(size)
    regions: list[Region] = []
    for name, f in iter_fields(record):
        outline = _outline(f.polygon, f.box, scale) if f.value is not None else None
        if outline is None:
            continue
        hidden = _is_masked(name, masked)
        value = _format_value(f.value)
        label = name if hidden else f"{name}: {_short(value)}"
        entry = name if hidden else f"{name}: {_short(value, MAX_LEGEND_CHARS)}"
        regions.append(Region(name, label, entry, outline, band_colour(f.confidence), hidden))
    occupied = Occupancy(image, [r.outline for r in regions])
    legend_side = None
    for r in regions:
        r.label, tag_size = _fit_text(r.label, font, size[0])
        r.tag = occupied.place(r.outline, tag_size, strict=True)
    numbered = [r for r in regions if r.tag is None]
    for k, r in enumerate(numbered, start=1):
        r.number = k
        r.tag = occupied.place(r.outline, _text_size(str(k), font), strict=False)
    if numbered:  # on the side that adds the least canvas
        sizes = [_text_size(f"{r.number}  {r.entry}", font) for r in numbered]
        legend_side = min(("right", "bottom"), key=lambda side: _panel(sizes, size, side)[-1])
    return Plan(size=size, regions=regions, legend_side=legend_side)


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


def _short(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font_for(size: tuple[int, int]) -> Font:
    # Pillow's bundled font scales without any system font; ~1/70 of the short side (12-16 px on
    # a phone photo of a receipt) reads well without hiding too much of the text under it.
    return _font(max(12, min(40, round(min(size) / 70))))


@functools.lru_cache(maxsize=32)
def _font(px: int) -> Font:
    # One font object per size, so that the measurements below are cached across calls.
    return ImageFont.load_default(size=px)


@functools.lru_cache(maxsize=8192)
def _bbox(font: Font, text: str) -> tuple[int, int, int, int]:
    # FreeType measures a 30-character label in ~0.3 ms here, and a long receipt's labels and
    # legend entries are measured several times each (to fit, to place, to draw): a 1:10 strip
    # with 157 items asked for 5,000 measurements.
    left, top, right, bottom = (int(v) for v in font.getbbox(text))
    return left, top, right, bottom


def _line_width(size: tuple[int, int]) -> int:
    return max(2, round(min(size) / 400))


def _outline(polygon: Any, box: Box | None, scale: float) -> Points | None:
    """The polygon when it is usable and agrees with the box (a polygon a later step forgot to
    move with its box would outline the wrong place), else the box's corners."""
    pts: Points | None = None
    if polygon is not None and len(polygon) >= 3:
        pts = [(float(x), float(y)) for x, y in polygon]
        if box is not None:
            xs, ys = [x for x, _ in pts], [y for _, y in pts]
            slack = 2.0 + 0.02 * max(box.width, box.height)
            if (min(xs) < box.x0 - slack or max(xs) > box.x1 + slack or min(ys) < box.y0 - slack
                    or max(ys) > box.y1 + slack):
                pts = None
    if pts is None and box is not None:
        pts = [(box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)]
    if pts is None:
        return None
    return [(x * scale, y * scale) for x, y in pts]


def _fill_mask(draw: ImageDraw.ImageDraw, outline: Points, width: int) -> None:
    # Grown by about a character's width: a value cut out of a longer OCR run is placed by its
    # share of the characters, which can be a letter off in a proportional font.
    grow = max(width, round(0.4 * _thickness(outline)))
    draw.polygon(outline, fill=COLOUR_MASK)
    draw.line([*outline, outline[0]], fill=COLOUR_MASK, width=2 * grow, joint="curve")


def _thickness(outline: Points) -> float:
    """The text height of an outline: its area over its longest side (a line's length)."""
    n = len(outline)
    area = abs(sum(outline[i][0] * outline[(i + 1) % n][1] - outline[(i + 1) % n][0] * outline[i][1]
                   for i in range(n))) / 2
    longest = max(math.dist(outline[i], outline[(i + 1) % n]) for i in range(n))
    return area / longest if longest > 0 else 0.0


def _text_size(text: str, font: Font) -> tuple[int, int]:
    left, top, right, bottom = _bbox(font, text)
    return right - left + 4, bottom - top + 4


def _fit_text(text: str, font: Font, width: int) -> tuple[str, tuple[int, int]]:
    """``text`` cut until its tag fits ``width`` pixels, and the tag's size."""
    while True:
        tw, th = _text_size(text, font)
        if tw <= width or len(text) <= 1:
            return text, (tw, th)
        text = text[: max(1, len(text) - 4)] + "..." if len(text) > 4 else text[:-1]


def _draw_tag(draw: ImageDraw.ImageDraw, rect: Rect, text: str, colour: tuple[int, int, int], font: Font) -> None:
    left, top = _bbox(font, text)[:2]
    draw.rectangle(rect, fill=colour)
    draw.text((rect[0] + 2 - left, rect[1] + 2 - top), text, fill=LABEL_TEXT, font=font)


def _panel(sizes: Sequence[tuple[int, int]], size: tuple[int, int], side: str) -> tuple[int, int, int, int, int]:
    """A legend of entries of ``sizes`` beside a picture of ``size``, on ``side``: its line
    height, column width, entries per column, columns, and the pixels it adds to the canvas."""
    w, h = size
    line_h = max(s[1] for s in sizes) + 4
    col_w = max(s[0] for s in sizes) + 2 * _PAD
    if side == "right":
        per_col = max(1, (h - 2 * _PAD) // line_h)
        cols = math.ceil(len(sizes) / per_col)
        return line_h, col_w, per_col, cols, (cols * col_w + _PAD) * h
    cols = max(1, min(len(sizes), (w - _PAD) // col_w))
    per_col = math.ceil(len(sizes) / cols)
    return line_h, col_w, per_col, cols, (per_col * line_h + 2 * _PAD) * max(w, cols * col_w + _PAD)


def _with_legend(canvas: Image.Image, layout: Plan, font: Font) -> Image.Image:
    """``canvas`` extended by a legend panel: one line per numbered field, ``n  name: value``
    with the number in the field's colour, in as many columns as the panel's length needs."""
    entries = layout.legend
    w, h = canvas.size
    sizes = [_text_size(f"{r.number}  {r.entry}", font) for r in entries]
    line_h, col_w, per_col, cols, _ = _panel(sizes, canvas.size, layout.legend_side or "right")
    if layout.legend_side == "right":
        panel = Image.new("RGB", (w + cols * col_w + _PAD, h), LEGEND_BACKGROUND)
        origin = (w + _PAD, _PAD)
    else:
        panel = Image.new("RGB", (max(w, cols * col_w + _PAD), h + per_col * line_h + 2 * _PAD), LEGEND_BACKGROUND)
        origin = (_PAD, h + _PAD)
    panel.paste(canvas, (0, 0))
    draw = ImageDraw.Draw(panel)
    for i, r in enumerate(entries):
        x = origin[0] + (i // per_col) * col_w
        y = origin[1] + (i % per_col) * line_h
        number = str(r.number)
        nw, nh = _text_size(number, font)
        _draw_tag(draw, (x, y, x + nw - 1, y + nh - 1), number, r.colour, font)
        left, top = _bbox(font, r.entry)[:2]
        draw.text((x + nw + _PAD - left, y + 2 - top), r.entry, fill=LEGEND_TEXT, font=font)
    return panel
