"""A blurred card is read a second time, sharpened (idextract.reread); the embedded engine runs."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageFilter

from idextract import OcrResult, extract_ktp, extract_receipt, parse_ktp
from idextract.ocr.rapid import RapidOCR
from idextract.parsers.ktp import Ktp
from idextract.records import Extracted
from idextract.reread import NOTE, better_of, incomplete, sharpened

KTP_ITEMS = Path(__file__).resolve().parents[1] / "samples" / "ktp" / "items"
TODAY = dt.date(2026, 12, 3)


class CountingOCR(RapidOCR):
    """The embedded engine, counting its reads; ``local`` as given."""

    def __init__(self, *, local: bool = True) -> None:
        super().__init__()
        self.local = local  # type: ignore[misc]
        self.reads = 0

    def ocr(self, image: Image.Image, **options: Any) -> OcrResult:
        self.reads += 1
        return super().ocr(image, **options)


def _small_blurred_photo(sample: str) -> Image.Image:
    """A clean sample card shrunk to 380 px wide on a dark table, blurred (sigma 1.4), JPEG 50:
    the detector finds its header and NIK, and only some of its body lines."""
    card = Image.open(KTP_ITEMS / f"{sample}.png").convert("RGB")
    card = card.resize((380, round(card.height * 380 / card.width)), Image.Resampling.LANCZOS)
    photo = Image.new("RGB", (570, round(card.height * 1.6)), (60, 60, 66))
    photo.paste(card, ((photo.width - card.width) // 2, (photo.height - card.height) // 2))
    buf = io.BytesIO()
    photo.filter(ImageFilter.GaussianBlur(1.4)).save(buf, "JPEG", quality=50)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _right(record: Ktp, sample: str) -> int:
    truth = json.loads((KTP_ITEMS / f"{sample}.gt.json").read_text())["fields"]
    got = {name: getattr(record, name).value for name in truth}
    return sum(str(got[n].isoformat() if hasattr(got[n], "isoformat") else got[n]) == str(v)
               for n, v in truth.items() if v is not None)


@pytest.mark.parametrize("sample", ["ktp-02-bogor"])
def test_a_blurred_card_missing_fields_is_read_again_sharpened_and_more_is_right(sample: str) -> None:
    photo = _small_blurred_photo(sample)
    engine = CountingOCR()
    first = parse_ktp(engine.ocr(photo), today=TODAY)
    assert incomplete(first)
    engine.reads = 0
    record = extract_ktp(photo, ocr=engine, today=TODAY)
    assert engine.reads == 2
    assert NOTE in record.warnings
    assert _right(record, sample) >= _right(first, sample) + 4
    assert record.nik.value == json.loads((KTP_ITEMS / f"{sample}.gt.json").read_text())["fields"]["nik"]


def test_a_hosted_engine_is_never_sent_the_card_twice() -> None:
    engine = CountingOCR(local=False)
    record = extract_ktp(_small_blurred_photo("ktp-02-bogor"), ocr=engine, today=TODAY)
    assert engine.reads == 1 and NOTE not in record.warnings and incomplete(record)


class FailingSecondRead(CountingOCR):
    """The embedded engine, failing from its second read on (a runtime out of memory...)."""

    def ocr(self, image: Image.Image, **options: Any) -> OcrResult:
        if self.reads:
            self.reads += 1
            raise MemoryError
        return super().ocr(image, **options)


def test_a_failed_second_read_keeps_the_first_record() -> None:
    engine = FailingSecondRead()
    record = extract_ktp(_small_blurred_photo("ktp-02-bogor"), ocr=engine, today=TODAY)
    assert engine.reads == 2 and NOTE not in record.warnings
    assert record.nik.found and incomplete(record)


def test_a_card_read_whole_is_read_once() -> None:
    engine = CountingOCR()
    record = extract_ktp(KTP_ITEMS / "ktp-01-bandung-photo.jpg", ocr=engine, today=TODAY)
    assert engine.reads == 1 and not incomplete(record) and NOTE not in record.warnings


def test_a_receipt_is_never_read_twice() -> None:
    """Receipts leave fields empty as a rule (no discount, no tax): they do not ask for it."""
    engine = CountingOCR()
    extract_receipt(_small_blurred_photo("ktp-02-bogor"), ocr=engine, today=TODAY)
    assert engine.reads == 1


def _ktp(**confidences: float) -> Ktp:
    return Ktp(doc_type="ktp", **{name: Extracted(value="X", confidence=c) for name, c in confidences.items()})


def test_the_record_with_more_evidence_is_kept() -> None:
    first = _ktp(name=0.9, address=0.5)
    kept, replaced = better_of(first, lambda: _ktp(name=0.9, address=0.4))
    assert kept is first and not replaced and NOTE not in first.warnings
    second = _ktp(name=0.9, address=0.5, religion=0.3)
    kept, replaced = better_of(first, lambda: second)
    assert kept is second and replaced and kept.warnings == [NOTE]
    assert better_of(first, lambda: None) == (first, False)


def test_sharpening_keeps_the_size_so_boxes_fit_the_original() -> None:
    picture = Image.new("RGB", (123, 45), "white")
    assert sharpened(picture).size == picture.size
