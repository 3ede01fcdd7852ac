"""idextract.annotate: boxes, labels, colours and masking drawn on the input picture."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from PIL import Image, ImageChops
from pydantic import BaseModel, Field

from idextract.annotate import COLOUR_HIGH, COLOUR_LOW, COLOUR_MEDIUM, annotate, band_colour, iter_fields
from idextract.records import Box, Document, Extracted


class Item(BaseModel):
    name: Extracted[str] = Field(default_factory=Extracted)
    total_price: Extracted[Decimal] = Field(default_factory=Extracted)


class Receipt(Document):
    doc_type: str = "receipt"
    merchant: Extracted[str] = Field(default_factory=Extracted)
    total: Extracted[Decimal] = Field(default_factory=Extracted)
    date: Extracted[dt.date] = Field(default_factory=Extracted)
    items: list[Item] = Field(default_factory=list)


class Card(Document):
    doc_type: str = "ktp"
    nik: Extracted[str] = Field(default_factory=Extracted)
    name: Extracted[str] = Field(default_factory=Extracted)


def _open(data: bytes) -> Image.Image:
    assert data.startswith(b"\x89PNG")
    return Image.open(io.BytesIO(data)).convert("RGB")


def _changed(before: Image.Image, after: Image.Image, box: tuple[int, int, int, int]) -> bool:
    return ImageChops.difference(before.crop(box), after.crop(box)).getbbox() is not None


def test_boxed_field_is_drawn_and_image_size_kept() -> None:
    image = Image.new("RGB", (400, 300), "white")
    record = Receipt(
        total=Extracted(value=Decimal("19700"), confidence=0.95, box=Box(200, 150, 300, 180)),
        merchant=Extracted(value="TOKO MAJU JAYA", confidence=0.5),  # no box: skipped
        date=Extracted(box=Box(10, 10, 50, 30)),  # no value: skipped
    )
    out = _open(annotate(image, record))
    assert out.size == image.size
    assert _changed(image, out, (200, 150, 301, 181))
    assert out.getpixel((200, 165)) == COLOUR_HIGH  # the outline, green for >= 0.9
    assert not _changed(image, out, (0, 0, 60, 40))  # the value-less field drew nothing
    assert image.getpixel((200, 165)) == (255, 255, 255)  # the input is not modified


def test_line_items_are_walked() -> None:
    record = Receipt(
        items=[
            Item(total_price=Extracted(value=Decimal("7000"), confidence=0.7, box=Box(300, 50, 380, 70))),
            Item(name=Extracted(value="ROTI", confidence=0.2, box=Box(20, 100, 90, 120))),
        ]
    )
    names = [name for name, _ in iter_fields(record)]
    assert "items[0].total_price" in names and "items[1].name" in names
    out = _open(annotate(Image.new("L", (400, 200), 255), record))
    assert out.getpixel((300, 60)) == COLOUR_MEDIUM
    assert out.getpixel((20, 110)) == COLOUR_LOW


def test_masked_field_is_filled_solid() -> None:
    # A busy picture: the mask must hide every pixel under the box, not just draw a frame.
    image = Image.effect_noise((300, 200), 80).convert("RGB")
    record = Card(
        nik=Extracted(value="3171234567890003", confidence=0.99, box=Box(40, 80, 260, 110)),
        name=Extracted(value="BUDI", confidence=0.95, box=Box(40, 140, 120, 160)),
    )
    out = _open(annotate(image, record, masked={"nik"}))
    inside = out.crop((41, 81, 259, 109))
    assert inside.getextrema() == ((0, 0), (0, 0), (0, 0))
    assert _changed(image, out, (40, 140, 121, 161))  # the other field is still drawn


def test_masked_line_item_field_by_indexless_name() -> None:
    image = Image.new("RGB", (200, 100), "white")
    record = Receipt(items=[Item(name=Extracted(value="X", confidence=1.0, box=Box(50, 50, 150, 80)))])
    out = _open(annotate(image, record, masked=["items.name"]))
    assert out.crop((51, 51, 149, 79)).getextrema() == ((0, 0), (0, 0), (0, 0))


def test_labels_stay_inside_a_small_image() -> None:
    # A box at the very top-right with a long value: the label must be moved and cut, not drop off.
    image = Image.new("RGB", (120, 60), "white")
    record = Receipt(merchant=Extracted(value="A" * 80, confidence=0.95, box=Box(100, 0, 119, 10)))
    out = _open(annotate(image, record))
    assert out.size == (120, 60)
    assert _changed(image, out, (0, 0, 120, 60))


def test_band_colours() -> None:
    assert band_colour(0.9) == COLOUR_HIGH
    assert band_colour(0.6) == COLOUR_MEDIUM
    assert band_colour(0.59) == COLOUR_LOW


def test_masked_value_leaves_no_trace() -> None:
    # Whatever the masked value, the picture is the same: neither the box nor the label shows it.
    image = Image.effect_noise((300, 200), 80).convert("RGB")

    def drawn(nik: str) -> bytes:
        record = Card(nik=Extracted(value=nik, confidence=0.99, box=Box(40, 80, 260, 110)))
        return annotate(image, record, masked={"nik"})

    assert drawn("3171234567890003") == drawn("9999999999999999")
