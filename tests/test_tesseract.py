"""The optional Tesseract backend: run for real when tesserocr is installed, and its absence handled."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

import idextract
from idextract.errors import OcrUnavailableError
from idextract.ocr import OcrBackend, available_backends, get_backend, register
from idextract.ocr.tesseract import TesseractOCR

INSTALLED = TesseractOCR.is_available()
needs_tesseract = pytest.mark.skipif(
    not INSTALLED, reason='tesserocr or its English model is not installed: pip install "idextract[tesseract]"'
)

LINES = [
    ("TOKO MAJU JAYA", None),
    ("12/03/2024 14:22", None),
    ("AQUA 600ML", "7.000"),
    ("ROTI TAWAR", "12.700"),
    ("TOTAL", "19.700"),
    ("TUNAI", "20.000"),
    ("KEMBALI", "300"),
]


def receipt() -> Image.Image:
    font = ImageFont.load_default(size=28)
    img = Image.new("RGB", (640, 400), "white")
    draw = ImageDraw.Draw(img)
    for i, (label, amount) in enumerate(LINES):
        y = 20 + 52 * i
        draw.text((30, y), label, fill="black", font=font)
        if amount:
            draw.text((420, y), amount, fill="black", font=font)
    return img


@pytest.fixture(scope="module")
def engine() -> TesseractOCR:
    return TesseractOCR()


@needs_tesseract
def test_reads_a_rendered_receipt_with_word_boxes_and_confidences(engine: TesseractOCR) -> None:
    image = receipt()
    result = engine.ocr(image)
    assert result.engine == "tesseract" and result.image_size == image.size
    assert result.words
    for word in result.words:
        assert word.box is not None
        assert 0 <= word.box.x0 < word.box.x1 <= 640 and 0 <= word.box.y0 < word.box.y1 <= 400
        assert word.confidence is not None and 0.0 <= word.confidence <= 1.0
    texts = [w.text for w in result.words]
    assert "TOTAL" in texts and "19.700" in texts  # word level: label and amount apart
    total = next(w for w in result.words if w.text == "19.700")
    assert total.box is not None and total.box.x0 > 400 and 20 + 52 * 4 - 10 < total.box.cy < 20 + 52 * 5
    rows = [r.text for r in result.rows()]
    assert "TOTAL 19.700" in rows
    record = idextract.parse_receipt(result)
    assert record.total.value == Decimal("19700")
    assert record.amount_paid.value == Decimal("20000") and record.change.value == Decimal("300")
    assert record.transaction_date.value.isoformat() == "2024-03-12"


@needs_tesseract
def test_boxes_stay_in_input_pixels_when_the_image_is_resized(engine: TesseractOCR) -> None:
    big = receipt().resize((1280, 800))
    small_side = TesseractOCR(max_side=640)
    a, b = engine.ocr(big), small_side.ocr(big)
    assert b.meta["scale"] == 0.5 and a.meta["scale"] == 1.0
    ta = next(w for w in a.words if w.text == "TOTAL")
    tb = next(w for w in b.words if w.text == "TOTAL")
    assert ta.box is not None and tb.box is not None
    assert abs(ta.box.x0 - tb.box.x0) < 8 and abs(ta.box.y0 - tb.box.y0) < 8


@needs_tesseract
def test_a_blank_image_gives_no_words(engine: TesseractOCR) -> None:
    result = engine.ocr(Image.new("RGB", (200, 100), "white"))
    assert result.words == []


@needs_tesseract
def test_it_is_registered_and_available() -> None:
    backend = get_backend("tesseract")
    assert isinstance(backend, TesseractOCR) and isinstance(backend, OcrBackend)
    assert "tesseract" in available_backends()


def test_a_missing_model_is_an_unavailable_error_naming_the_extra(tmp_path: Path) -> None:
    backend = TesseractOCR(tessdata=tmp_path)  # an empty tessdata directory
    with pytest.raises(OcrUnavailableError, match=r"idextract\[tesseract\]"):
        backend.ocr(receipt())


def test_without_tesserocr_it_is_unavailable_and_the_registry_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A None entry in sys.modules makes the module unimportable, as if it were not installed.
    monkeypatch.setitem(sys.modules, "tesserocr", None)
    assert TesseractOCR.is_available() is False
    register("tesseract", TesseractOCR)  # drops any cached instance
    try:
        with pytest.raises(OcrUnavailableError, match=r"idextract\[tesseract\]"):
            get_backend("tesseract")
        assert "tesseract" not in available_backends()
        with pytest.raises(OcrUnavailableError, match=r"idextract\[tesseract\]"):
            TesseractOCR().ocr(receipt())
    finally:
        register("tesseract", TesseractOCR)  # no instance made without tesserocr stays cached
