"""idextract.annotate: outlines, labels, the legend, colours and masking drawn on the input picture."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont
from pydantic import BaseModel, Field

import idextract
from idextract.annotate import (
    COLOUR_HIGH,
    COLOUR_LOW,
    COLOUR_MEDIUM,
    annotate,
    annotate_words,
    band_colour,
    iter_fields,
    plan,
)
from idextract.images import scale_result
from idextract.ocr.rapid import RapidOCR
from idextract.orientation import turn_words
from idextract.records import Box, Document, Extracted, OcrResult, OcrWord, Polygon, cut_polygon


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


# --- polygons, labels that cover no text, the legend -----------------------------------------
# Real pictures: clean renders from samples/ turned by a known angle, read by the embedded engine.

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TILT_DEG = 7.0


def _tilted(path: Path, degrees: float, width: int) -> Image.Image:
    """``path`` turned counter-clockwise by ``degrees`` on a grey table, ``width`` px wide."""
    image = Image.open(path).convert("RGB")
    turned = image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(90, 80, 70))
    return turned.resize((width, round(turned.height * width / turned.width)), Image.Resampling.LANCZOS)


def _card() -> Path:
    return sorted((SAMPLES / "ktp" / "items").glob("ktp-*.png"))[0]


@pytest.fixture(scope="module", params=[TILT_DEG, -TILT_DEG], ids=["ccw", "cw"])
def tilted_card(request: pytest.FixtureRequest) -> tuple[Image.Image, Document, float]:
    image = _tilted(_card(), request.param, 760)
    return image, idextract.extract(image, "ktp", annotated=False), request.param


@pytest.fixture(scope="module")
def tilted_receipt() -> tuple[Image.Image, Document, OcrResult]:
    image = _tilted(SAMPLES / "receipts" / "items" / "restaurant.png", 5.0, 900)
    return image, idextract.extract(image, "receipt", annotated=False), RapidOCR().ocr(image)


def _edges(polygon: Polygon) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    return [(polygon[i], polygon[(i + 1) % len(polygon)]) for i in range(len(polygon))]


def _top_slope(polygon: Polygon) -> float:
    """The slope of the polygon's longest edge running left to right (its top or bottom)."""
    a, b = max((e for e in _edges(polygon) if abs(e[1][0] - e[0][0]) > abs(e[1][1] - e[0][1])),
               key=lambda e: abs(e[1][0] - e[0][0]))
    return (b[1] - a[1]) / (b[0] - a[0])


def _inside(point: tuple[float, float], polygon: Polygon) -> bool:
    """Ray casting: whether ``point`` lies inside ``polygon``."""
    x, y = point
    hit = False
    for (ax, ay), (bx, by) in _edges(polygon):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            hit = not hit
    return hit


def _mask(size: tuple[int, int], polygons: list[Polygon]) -> Image.Image:
    mask = Image.new("1", size, 0)
    draw = ImageDraw.Draw(mask)
    for polygon in polygons:
        draw.polygon(list(polygon), fill=1)
    return mask


def test_ocr_words_carry_their_quads_on_a_tilted_card(tilted_card: tuple[Image.Image, Document, float]) -> None:
    image, _, degrees = tilted_card
    words = RapidOCR().ocr(image).words
    slopes = []
    for word in words:
        assert word.polygon is not None and len(word.polygon) == 4 and word.box is not None
        xs, ys = [x for x, _ in word.polygon], [y for _, y in word.polygon]
        assert (min(xs), min(ys), max(xs), max(ys)) == pytest.approx(tuple(word.box), abs=0.11)
        if word.box.width > 4 * word.box.height / 2 and len(word.text) >= 6:
            slopes.append(_top_slope(word.polygon))
    # rotate() turns counter-clockwise: a printed line then climbs to the right (y falls).
    assert len(slopes) >= 5
    assert sorted(slopes)[len(slopes) // 2] == pytest.approx(-math.tan(math.radians(degrees)), abs=0.02)


def test_field_polygons_follow_the_tilt(tilted_card: tuple[Image.Image, Document, float]) -> None:
    _, record, degrees = tilted_card
    fields = [(n, f) for n, f in iter_fields(record) if f.box is not None and f.value is not None]
    assert len(fields) >= 12
    expected = -math.tan(math.radians(degrees))
    for name, f in fields:
        assert f.polygon is not None and f.box is not None, name
        assert _within(f.polygon, f.box), name  # the outline is the value's, the box its words'
        if f.box.width > 4 * (f.box.height - f.box.width * abs(expected)) and len(str(f.value)) >= 6:
            assert _top_slope(f.polygon) == pytest.approx(expected, abs=0.03), name
    # The outline is a thin band along the line where the box is a tall rectangle: much smaller.
    nik = dict(iter_fields(record))["nik"]
    assert nik.polygon is not None and nik.box is not None
    assert _area(nik.polygon) < 0.6 * nik.box.width * nik.box.height


def _within(polygon: Polygon, box: Box) -> bool:
    return all(box.x0 - 1 <= x <= box.x1 + 1 and box.y0 - 1 <= y <= box.y1 + 1 for x, y in polygon)


def _area(polygon: Polygon) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in _edges(polygon))) / 2


def test_an_upside_down_card_keeps_its_outlines_on_the_values() -> None:
    # Read turned round (rapidocr's 180-degree path) then stood upright: quads turn with boxes.
    path = next(iter(sorted((SAMPLES / "ktp" / "items").glob("ktp-*-upside-down.png"))))
    record = idextract.extract(path, "ktp", annotated=False)
    found = [(n, f) for n, f in iter_fields(record) if f.box is not None and f.value is not None]
    assert len(found) >= 10
    for name, f in found:
        assert f.polygon is not None and f.box is not None, name
        assert _within(f.polygon, f.box), name


def test_turned_words_turn_their_quads() -> None:
    quad = ((10.0, 20.0), (60.0, 25.0), (59.0, 40.0), (9.0, 35.0))
    word = OcrWord(text="SUKAJADI", box=Box(9, 20, 60, 40), polygon=quad)
    for turns in (1, 2, 3):
        (turned,) = turn_words([word], turns, (100, 80))
        assert turned.polygon is not None and turned.box is not None
        xs, ys = [x for x, _ in turned.polygon], [y for _, y in turned.polygon]
        assert (min(xs), min(ys), max(xs), max(ys)) == tuple(turned.box)
        size = (100, 80) if turns % 2 == 0 else (80, 100)
        (back,) = turn_words([turned], 4 - turns, size)
        assert back.polygon == quad and back.box == word.box


def _tilted_ocr(lines: list[str], slope: float = 0.1) -> OcrResult:
    """One run per line, 12 px a character, each run a quad climbing by ``slope``."""
    words = []
    for i, text in enumerate(lines):
        x0, y0, x1 = 40.0, 40.0 + 45 * i, 40.0 + 12 * len(text)
        quad = ((x0, y0), (x1, y0 + slope * (x1 - x0)), (x1, y0 + slope * (x1 - x0) + 20), (x0, y0 + 20))
        box = Box(x0, y0, x1, y0 + slope * (x1 - x0) + 20)
        words.append(OcrWord(text=text, box=box, polygon=quad, confidence=0.99, slope=slope))
    return OcrResult(engine="test", image_size=(600, 60 + 45 * len(lines)), words=words)


def test_a_value_outline_leaves_out_the_label_read_in_the_same_run() -> None:
    ocr = _tilted_ocr(["No. Bill : R-0815", "Kasir : YANTI", "TOTAL 19.700"])
    record = idextract.parse(ocr, "receipt")
    for name, run, label, value in (("receipt_number", 0, "No. Bill :", "R-0815"), ("cashier", 1, "Kasir :", "YANTI"),
                                    ("total", 2, "TOTAL", "19.700")):
        f = getattr(record, name)
        assert f.polygon is not None and f.box is not None, name
        lx, ly = _centre_of(ocr.words[run], label)
        assert f.box.x0 <= lx <= f.box.x1 and f.box.y0 <= ly <= f.box.y1  # the box holds the label ...
        assert not _inside((lx, ly), f.polygon), name  # ... the outline does not
        assert _inside(_centre_of(ocr.words[run], value), f.polygon), name


def _centre_of(word: OcrWord, part: str) -> tuple[float, float]:
    """The centre of ``part`` of a run, placed by its characters (the runs above are monospace)."""
    assert word.polygon is not None
    start, n = word.text.index(part), len(word.text)
    a, b, c, d = cut_polygon(word.polygon, start / n, (start + len(part)) / n)
    return (a[0] + b[0] + c[0] + d[0]) / 4, (a[1] + b[1] + c[1] + d[1]) / 4


def test_text_mode_records_gain_only_a_null_polygon() -> None:
    record = idextract.parse("TOKO MAJU\nTOTAL 19.700\nTUNAI 20.000\nKEMBALI 300", "receipt")
    data = json.loads(record.model_dump_json())
    assert data["total"]["value"] == "19700" and data["total"]["polygon"] is None
    assert all(f.polygon is None for _, f in iter_fields(record))


def test_labels_on_a_tilted_receipt_cover_no_text(tilted_receipt: tuple[Image.Image, Document, OcrResult]) -> None:
    image, record, ocr = tilted_receipt
    layout = plan(image, record)
    text = _mask(image.size, [w.polygon for w in ocr.words if w.polygon is not None])
    inline = [r for r in layout.regions if r.number is None]
    assert len(inline) >= 8
    for region in inline:
        assert region.tag is not None
        x0, y0, x1, y1 = region.tag
        covered = int(np.count_nonzero(np.asarray(text.crop((x0, y0, x1 + 1, y1 + 1)))))
        # Engine quads are padded around the letters; a label may brush a padding, not a word.
        assert covered <= 0.1 * (x1 - x0 + 1) * (y1 - y0 + 1), region.label
    tags = [r.tag for r in layout.regions if r.tag is not None]
    assert not any(_overlaps(a, b) for i, a in enumerate(tags) for b in tags[i + 1 :])
    # What the plan says is what is drawn: each label's tag is filled with its field's colour.
    out = _open(annotate(image, record))
    for region in inline[:5]:
        assert region.tag is not None
        assert out.getpixel((region.tag[0] + 1, region.tag[1] + 1)) == region.colour


def _overlaps(a: tuple[int, int, int, int] | None, b: tuple[int, int, int, int] | None) -> bool:
    assert a is not None and b is not None
    return min(a[2], b[2]) >= max(a[0], b[0]) and min(a[3], b[3]) >= max(a[1], b[1])


def test_the_old_box_labels_would_have_covered_text(tilted_receipt: tuple[Image.Image, Document, OcrResult]) -> None:
    # The premise of the test above: above the top-left corner of each box (where labels went
    # before) there is text for several fields of this receipt.
    image, record, ocr = tilted_receipt
    text = _mask(image.size, [w.polygon for w in ocr.words if w.polygon is not None])
    hits = 0
    for _, f in iter_fields(record):
        if f.box is not None and f.value is not None and f.box.y0 > 20:
            strip = text.crop((int(f.box.x0), int(f.box.y0) - 14, int(f.box.x0) + 100, int(f.box.y0)))
            hits += int(np.count_nonzero(np.asarray(strip))) > 140
    assert hits >= 5


def test_crowded_labels_go_to_a_legend(tilted_receipt: tuple[Image.Image, Document, OcrResult]) -> None:
    image, record, _ = tilted_receipt
    layout = plan(image, record)
    assert layout.legend and layout.legend_side in ("right", "bottom")
    assert [r.number for r in layout.legend] == list(range(1, len(layout.legend) + 1))
    out = _open(annotate(image, record))
    w, h = image.size
    assert out.size[0] > w if layout.legend_side == "right" else out.size[1] > h
    assert out.crop((0, 0, w, h)).size == image.size  # the picture keeps its coordinates
    panel = out.crop((w, 0, *out.size)) if layout.legend_side == "right" else out.crop((0, h, *out.size))
    colours = {c for _, c in panel.getcolors(1 << 20) or []}
    assert {r.colour for r in layout.legend} <= colours  # every legend number in its field's colour
    for region in layout.legend:  # each number sits by its value, on no other label
        assert region.tag is not None
        assert out.getpixel((region.tag[0] + 1, region.tag[1] + 1)) == region.colour


def test_no_legend_when_every_label_fits() -> None:
    image = Image.new("RGB", (500, 300), "white")
    record = Receipt(total=Extracted(value=Decimal("19700"), confidence=0.95, box=Box(40, 100, 140, 125)),
                     merchant=Extracted(value="TOKO", confidence=0.95, box=Box(40, 20, 120, 45)))
    layout = plan(image, record)
    assert not layout.legend and layout.legend_side is None
    assert _open(annotate(image, record)).size == image.size


def test_labels_that_collide_are_numbered() -> None:
    # Rows of printed text 20 px apart, a value on each: no label fits between them, the table
    # around the page is the only free room, too far from most values.
    image = Image.new("RGB", (300, 240), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=16)
    fields = {}
    for i in range(10):
        y = 10 + 22 * i
        draw.text((5, y), f"ITEM NAME {i}   12.000   24.000", fill="black", font=font)
        fields[f"row{i}"] = Box(5, y, 295, y + 18)
    items = [Item(name=Extracted(value=f"ITEM NAME {i}", confidence=0.95, box=box)) for i, box in
             enumerate(fields.values())]
    layout = plan(image, Receipt(items=items))
    assert len(layout.legend) >= 5


def test_polygon_drawn_not_its_box() -> None:
    image = Image.new("RGB", (400, 200), "white")
    quad = ((50.0, 60.0), (300.0, 110.0), (300.0, 140.0), (50.0, 90.0))
    record = Receipt(total=Extracted(value=Decimal("19700"), confidence=0.95, box=Box(50, 60, 300, 140), polygon=quad))
    out = _open(annotate(image, record))
    assert out.getpixel((175, 85)) == COLOUR_HIGH  # on the top edge, half way along
    assert not _changed(image, out, (250, 60, 299, 80))  # the box's top-right corner: untouched


def test_a_polygon_that_left_its_box_behind_is_not_trusted() -> None:
    # A step that moves boxes but forgets polygons would outline the wrong place: the box wins.
    image = Image.new("RGB", (400, 300), "white")
    stale = ((10.0, 10.0), (60.0, 10.0), (60.0, 30.0), (10.0, 30.0))
    record = Receipt(total=Extracted(value=Decimal("1"), confidence=0.95, box=Box(200, 200, 300, 240), polygon=stale))
    out = _open(annotate(image, record))
    assert out.getpixel((200, 220)) == COLOUR_HIGH
    assert not _changed(image, out, (5, 5, 65, 35))


def test_masked_polygon_is_filled_along_the_slope() -> None:
    image = Image.effect_noise((400, 240), 80).convert("RGB")
    quad = ((50.0, 60.0), (330.0, 116.0), (330.0, 146.0), (50.0, 90.0))
    record = Card(nik=Extracted(value="3171234567890003", confidence=0.99, box=Box(50, 60, 330, 146), polygon=quad))
    out = _open(annotate(image, record, masked={"nik"}))
    for t in (0.1, 0.5, 0.9):  # along the value's centre line: solid black
        x, y = 50 + 280 * t, 75 + 56 * t
        assert out.crop((int(x) - 3, int(y) - 3, int(x) + 3, int(y) + 3)).getextrema() == ((0, 0),) * 3
    assert _changed(image, out, (55, 125, 60, 140)) is False  # the box's bottom-left corner: the picture


def test_ocr_regions_drawn_for_return_image(tilted_card: tuple[Image.Image, Document, float]) -> None:
    image = tilted_card[0]
    words = RapidOCR().ocr(image).words
    out = _open(annotate_words(image, words))
    assert out.size == image.size
    word = max(words, key=lambda w: len(w.text))
    assert word.polygon is not None
    (ax, ay), (bx, by) = word.polygon[0], word.polygon[1]
    mid = (round((ax + bx) / 2), round((ay + by) / 2))
    assert _changed(image, out, (mid[0] - 2, mid[1] - 2, mid[0] + 3, mid[1] + 3))


def test_a_draft_decoded_reading_scales_its_quads_with_its_boxes() -> None:
    # A large JPEG is decoded reduced and its reading scaled back (api.extract): quads with boxes.
    quad = ((10.0, 20.0), (60.0, 25.0), (59.0, 40.0), (9.0, 35.0))
    result = OcrResult(image_size=(100, 50), words=[OcrWord(text="SUKAJADI", box=Box(9, 20, 60, 40), polygon=quad)])
    (word,) = scale_result(result, 2.0).words
    assert word.box == Box(18, 40, 120, 80)
    assert word.polygon == tuple((2 * x, 2 * y) for x, y in quad)
