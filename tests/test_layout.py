"""idextract.layout: OCR words back into rows, also from tilted photos and column-first engines.

Word boxes are built by hand: a fictional 6-line receipt, labels from x=30, prices right-aligned at
x=500, 12 px per character, 24 px text height, 40 px line pitch.
"""

from __future__ import annotations

import math
import random

import pytest

from idextract.layout import Row, estimate_slope, group_rows
from idextract.ocr.base import OcrResult, OcrWord
from idextract.records import Box

LINES: list[tuple[str, str | None]] = [
    ("WARUNG SRI REJEKI", None),
    ("AIR MINERAL", "7.000"),
    ("ROTI SOBEK", "12.700"),
    ("TOTAL", "19.700"),
    ("TUNAI", "20.000"),
    ("KEMBALI", "300"),
]
EXPECTED_ROWS = [" ".join(p for p in line if p) for line in LINES]
CHAR_W, HEIGHT, PITCH, TOP, LEFT, RIGHT = 12, 24, 40, 40, 30, 500
CENTRE = (265.0, 140.0)


def receipt_words() -> list[OcrWord]:
    """One word per printed word, row by row, left to right (reading order)."""
    words = []
    for i, (label, price) in enumerate(LINES):
        y = TOP + PITCH * i
        x = LEFT
        for token in label.split():
            words.append(OcrWord(text=token, box=Box(x, y, x + CHAR_W * len(token), y + HEIGHT), confidence=0.99))
            x += CHAR_W * (len(token) + 1)
        if price:
            words.append(OcrWord(text=price, box=Box(RIGHT - CHAR_W * len(price), y, RIGHT, y + HEIGHT),
                                 confidence=0.97))
    return words


def rotated(words: list[OcrWord], degrees: float, centre: tuple[float, float] = CENTRE) -> list[OcrWord]:
    """The words of a photo tilted by ``degrees`` about ``centre``: box centres move, sizes stay."""
    a = math.radians(degrees)
    cos, sin = math.cos(a), math.sin(a)
    out = []
    for w in words:
        b = w.box
        assert b is not None
        dx, dy = b.cx - centre[0], b.cy - centre[1]
        cx, cy = centre[0] + dx * cos - dy * sin, centre[1] + dx * sin + dy * cos
        half_w, half_h = b.width / 2, b.height / 2
        out.append(w.model_copy(update={"box": Box(cx - half_w, cy - half_h, cx + half_w, cy + half_h)}))
    return out


def column_first(words: list[OcrWord]) -> list[OcrWord]:
    """Google Vision's block order: the label column top to bottom, then the price column."""
    prices = {price for _, price in LINES if price}
    return [w for w in words if w.text not in prices] + [w for w in words if w.text in prices]


def shuffled(words: list[OcrWord], seed: int) -> list[OcrWord]:
    out = list(words)
    random.Random(seed).shuffle(out)
    return out


ORDERS = [
    pytest.param(lambda ws: ws, id="reading-order"),
    pytest.param(column_first, id="google-vision:column-first"),
    pytest.param(lambda ws: list(reversed(ws)), id="reversed"),
    *[pytest.param(lambda ws, s=s: shuffled(ws, s), id=f"shuffled-{s}") for s in range(3)],
]
TILTS = [
    pytest.param(0, id="flat-scan"),
    pytest.param(3, id="phone-photo:3-degrees"),
    pytest.param(-3, id="phone-photo:minus-3-degrees"),
    pytest.param(6, id="phone-photo:6-degrees"),
    pytest.param(-6, id="phone-photo:minus-6-degrees"),
]


@pytest.mark.parametrize("degrees", TILTS)
@pytest.mark.parametrize("order", ORDERS)
def test_rows_are_rebuilt_with_label_and_price_together(order, degrees: float) -> None:
    words = order(rotated(receipt_words(), degrees))
    rows = group_rows(words)
    assert [r.text for r in rows] == EXPECTED_ROWS
    assert [r.index for r in rows] == list(range(len(EXPECTED_ROWS)))
    for row in rows:
        xs = [w.box.x0 for w in row.words]
        assert xs == sorted(xs), "words of a row run left to right"


@pytest.mark.parametrize("degrees", [3, 6])
def test_the_tilt_really_breaks_sorting_by_height(degrees: float) -> None:
    """Guard on the test above: at these tilts a price sits nearer the next row's label than its own."""
    words = rotated(receipt_words(), degrees)
    by_text = {w.text: w.box for w in words}
    price, own_label, next_label = by_text["7.000"], by_text["AIR"], by_text["ROTI"]
    if degrees >= 6:
        assert price.cy > next_label.cy
    else:
        assert abs(price.cy - next_label.cy) < abs(price.cy - own_label.cy)


@pytest.mark.parametrize("degrees", [0, 3, -3, 6, -6])
def test_estimate_slope_matches_the_tilt(degrees: float) -> None:
    slope = estimate_slope(rotated(receipt_words(), degrees))
    assert slope == pytest.approx(math.tan(math.radians(degrees)), abs=0.01)


def test_words_without_boxes_are_one_row_each_in_order() -> None:
    """Plain text and LLM transcripts: every word is already a whole line."""
    lines = ["WARUNG SRI REJEKI", "TOTAL 19.700", "TUNAI 20.000", "KEMBALI 300"]
    rows = group_rows([OcrWord(text=t) for t in lines])
    assert [r.text for r in rows] == lines
    assert [r.index for r in rows] == [0, 1, 2, 3]
    assert all(r.box is None for r in rows)
    assert all(r.confidence is None for r in rows)


def test_loose_lines_come_after_the_boxed_rows() -> None:
    boxed = receipt_words()[:3]  # "WARUNG SRI REJEKI"
    rows = group_rows([OcrWord(text="CATATAN: PEDAS"), *boxed])
    assert [r.text for r in rows] == ["WARUNG SRI REJEKI", "CATATAN: PEDAS"]


def test_empty_input_gives_no_rows() -> None:
    assert group_rows([]) == []


def test_blank_words_are_dropped() -> None:
    rows = group_rows([OcrWord(text="   "), OcrWord(text="TOTAL 19.700"), OcrWord(text="", box=Box(0, 0, 10, 10))])
    assert [r.text for r in rows] == ["TOTAL 19.700"]


def test_plain_text_result_rows() -> None:
    result = OcrResult.from_text("WARUNG SRI REJEKI\n\nTOTAL 19.700\n")
    assert [r.text for r in result.rows()] == ["WARUNG SRI REJEKI", "TOTAL 19.700"]
    assert result.text == "WARUNG SRI REJEKI\nTOTAL 19.700"


def _row(text: str) -> Row:
    rows = [r for r in group_rows(receipt_words()) if r.text == text]
    assert len(rows) == 1
    return rows[0]


def test_span_box_is_the_union_of_the_words_under_the_span() -> None:
    row = _row("AIR MINERAL 7.000")
    air, mineral, price = (w.box for w in row.words)
    assert row.spans == [(0, 3), (4, 11), (12, 17)]
    start = row.text.index("MINERAL")
    assert row.span_box(start, len(row.text)) == Box.union([mineral, price])
    assert row.span_box(start, len(row.text)) == Box(mineral.x0, mineral.y0, price.x1, price.y1)
    assert row.span_box(0, 3) == air
    assert row.span_box(2, 5) == Box.union([air, mineral])  # a span touching two words
    assert row.span_box(3, 4) is None  # the space between words
    assert row.box == Box.union([air, mineral, price])


def test_span_confidence_and_row_confidence_are_the_weakest_word() -> None:
    row = _row("AIR MINERAL 7.000")
    assert row.span_confidence(0, 3) == pytest.approx(0.99)
    assert row.span_confidence(0, len(row.text)) == pytest.approx(0.97)
    assert row.confidence == pytest.approx(0.97)
    assert [w.text for w in row.words_in(4, 17)] == ["MINERAL", "7.000"]


def test_punctuation_split_off_by_the_engine_is_glued_back() -> None:
    """Engines that split 'Total' from ':' leave no gap; the row text should not gain a space."""
    words = [
        OcrWord(text="Total", box=Box(30, 40, 90, 64)),
        OcrWord(text=":", box=Box(90, 40, 96, 64)),
        OcrWord(text="19.700", box=Box(300, 40, 372, 64)),
    ]
    (row,) = group_rows(words)
    assert row.text == "Total: 19.700"
    assert row.text[slice(*row.spans[2])] == "19.700"


def _tilted_page(lines: list[str], degrees: float) -> list[OcrWord]:
    """Each printed line's words with the axis-aligned boxes a tilted photo gives them: the bounding
    box of each word's rotated rectangle (a long word's box is tall), 12 px a character, 24 px
    text, 40 px pitch."""
    a = math.radians(degrees)
    cos, sin = math.cos(a), math.sin(a)
    centre = (250.0, 40.0 * len(lines) / 2)
    words = []
    for i, line in enumerate(lines):
        col = 0
        for token in line.split(" "):
            if token:
                x0, x1 = LEFT + CHAR_W * col, LEFT + CHAR_W * (col + len(token))
                y0, y1 = TOP + PITCH * i, TOP + PITCH * i + HEIGHT
                pts = [(centre[0] + (x - centre[0]) * cos - (y - centre[1]) * sin,
                        centre[1] + (x - centre[0]) * sin + (y - centre[1]) * cos)
                       for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
                words.append(OcrWord(text=token, box=Box(min(p[0] for p in pts), min(p[1] for p in pts),
                                                         max(p[0] for p in pts), max(p[1] for p in pts))))
            col += len(token) + 1
    return words


@pytest.mark.parametrize("degrees", [6, -6, 8, -8])
def test_a_rule_across_a_tilted_page_is_a_row_of_its_own(degrees: float) -> None:
    # Tilted, a rule of dashes has a box several rows tall: it must not join the item row beside it
    # ("Nasi------------Rames"), nor lend its height to a row's tolerance.
    lines = ["WARUNG SRI REJEKI", "-" * 40, "Nasi Rames         2   30.000", "Es Teh Manis       1    5.000",
             "=" * 40, "TOTAL                   35.000"]
    rows = group_rows(shuffled(_tilted_page(lines, degrees), 1))
    texts = [r.text for r in rows]
    assert texts == [" ".join(line.split()) for line in lines], texts


@pytest.mark.parametrize("degrees", [8, -8, 10, 12, -12])
def test_wide_columns_on_a_steep_page_stay_in_their_rows(degrees: float) -> None:
    # Across a column gap of ten characters a line tilted 8 degrees or more drops by more than
    # half a line: the name's last word and the count's neighbour on the right, the amount, no
    # longer overlap, and the tilt was read from the next line's amount (the rows then crossed:
    # "SAYUR CHAP CHAY 1 28.90"). Pairs are looked for again along the first estimate.
    lines = ["KEDAI MAKAN DAUN", "Item                  Qty        Amount", "AYAM PONGTEH            1         22.90",
             "ASAM PEDAS IKAN PARI    1         28.90", "SAYUR CHAP CHAY         1         16.90",
             "NASI PUTIH              4          8.00", "CENDOL DURIAN           2         19.80",
             "JUMLAH                            96.50"]
    rows = group_rows(shuffled(_tilted_page(lines, degrees), 2))
    assert [r.text for r in rows] == [" ".join(line.split()) for line in lines]
