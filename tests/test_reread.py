"""A blurred card is read a second time, sharpened, and a receipt's faint date row again on a
closer crop (idextract.reread); the embedded engine runs."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from idextract import OcrResult, extract_ktp, extract_receipt, parse_ktp, parse_receipt
from idextract.errors import OcrError
from idextract.ocr.rapid import RapidOCR
from idextract.parsers.ktp import Ktp
from idextract.records import Box, Extracted, OcrWord
from idextract.reread import CLOSER_CAP, CLOSER_NOTE, NOTE, better_of, closer_look, incomplete, sharpened

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


class LineCountingOCR(RapidOCR):
    """The embedded engine, counting its single-line reads; ``local`` as given; failing them
    with ``OcrError`` when asked (a runtime out of memory...)."""

    def __init__(self, *, local: bool = True, fail: bool = False) -> None:
        super().__init__()
        self.local = local  # type: ignore[misc]
        self.fail = fail
        self.lines = 0

    def read_line(self, image: Image.Image) -> tuple[str, float] | None:
        self.lines += 1
        if self.fail:
            raise OcrError("the OCR engine rapidocr failed (MemoryError)")
        return super().read_line(image)


def _receipt_with_a_faint_day(shade: int) -> Image.Image:
    """A receipt whose date row (a minimarket's ``10.08.22-22:01/...``) prints its day in grey
    ``shade`` (thermal print fading at the paper's edge); the rest in black."""
    font = ImageFont.load_default(size=22)
    lines = ["TOKO MAJU JAYA", "Jl. Melati No. 8", "", "Roti Tawar        1   14.500",
             "Susu UHT 1L       2   38.000", "Kopi Bubuk        1   12.000", "TOTAL                  64.500",
             "TUNAI                 100.000", "KEMBALI                35.500", "TERIMA KASIH"]
    picture = Image.new("RGB", (560, 30 + 32 * len(lines)), "white")
    draw = ImageDraw.Draw(picture)
    for i, text in enumerate(lines):
        draw.text((20, 16 + 32 * i), text, font=font, fill="black")
    draw.text((20, 16 + 64), "10", font=font, fill=(shade,) * 3)
    draw.text((20 + draw.textlength("10", font=font), 16 + 64), ".08.22-22:01/2.2.17/TECP 30349/ANI/01", font=font,
              fill="black")
    return picture


def test_a_date_row_whose_faint_day_the_detector_left_out_is_read_again_closer() -> None:
    picture = _receipt_with_a_faint_day(246)
    engine = LineCountingOCR()
    first = engine.ocr(picture)
    assert any(w.text.startswith(".08.22-22:01") for w in first.words)  # the day was left out
    assert not parse_receipt(first, today=TODAY).transaction_date.found
    record = extract_receipt(picture, ocr=engine, today=TODAY, annotated=False)
    assert engine.lines == 1
    assert record.transaction_date.value == dt.date(2022, 8, 10)
    assert record.transaction_date.confidence == CLOSER_CAP and CLOSER_NOTE in record.transaction_date.notes
    assert record.total.value == 64500 and CLOSER_NOTE not in record.total.notes


def test_a_sure_date_takes_no_closer_look() -> None:
    engine = LineCountingOCR()
    record = extract_receipt(_receipt_with_a_faint_day(0), ocr=engine, today=TODAY, annotated=False)
    assert engine.lines == 0 and record.transaction_date.value == dt.date(2022, 8, 10)
    assert record.transaction_date.confidence >= 0.9


@pytest.mark.parametrize(("local", "fail"), [(False, False), (True, True)])
def test_a_hosted_engine_is_not_asked_and_a_failed_closer_look_keeps_the_first_record(local: bool,
                                                                                       fail: bool) -> None:
    engine = LineCountingOCR(local=local, fail=fail)
    record = extract_receipt(_receipt_with_a_faint_day(246), ocr=engine, today=TODAY, annotated=False)
    assert engine.lines == (1 if fail else 0)
    assert not record.transaction_date.found and record.total.value == 64500


_SLIP = "08.22-22:01/2.2.17/TECP"
_MENDED = "06.0622-20:34"


@pytest.mark.parametrize(("first", "second", "replaced"), [
    (_SLIP, ("10.08.22-22:01/2.2.17/TECP", 0.95), True),  # characters found before the first read's start
    (_SLIP, ("10.08.22-22:O1/2.2.17/TECP", 0.95), True),  # ... whatever the rest reads
    (_SLIP, (_SLIP, 0.99), False),                        # the same characters: the first stands
    (_MENDED, ("06.0822-20:34", 0.99), True),             # as many characters, clearly surer
    (_MENDED, ("06.0822-20:34", 0.975), False),           # ... not clearly
    (_MENDED, ("0622-20:34", 0.99), False),               # fewer characters
    (_MENDED, None, False),                               # nothing read
])
def test_a_second_read_replaces_the_first_only_when_it_found_more_or_read_clearer(
        first: str, second: tuple[str, float] | None, replaced: bool) -> None:
    word = OcrWord(text=first, box=Box(60, 10, 300, 30), confidence=0.97)
    result = OcrResult(engine="test", image_size=(400, 40), words=[OcrWord(text="X", box=Box(5, 12, 15, 28)), word])
    crops: list[tuple[int, int]] = []

    def read_line(crop: Image.Image) -> tuple[str, float] | None:
        crops.append(crop.size)
        return second

    out, changed = closer_look(result, [Box(50, 5, 310, 35)], read_line, Image.new("RGB", (400, 40), "white"))
    assert len(crops) == 1
    assert crops[0][0] == 2 * (300 - 16)  # from the previous word's end, at twice the scale
    assert out.words[1].text == (second[0] if replaced and second else first)
    assert bool(changed) is replaced and (out is result) is not replaced and out.words[0].text == "X"


def test_a_box_taller_than_a_row_or_off_the_page_is_not_read_again() -> None:
    # A hostile engine's box (the whole page) or a degenerate one: no crop, no read, the words kept.
    words = [OcrWord(text="12:30", box=Box(0, 0, 3000, 3000), confidence=0.9),
             OcrWord(text="13:45", box=Box(50, 20, 50, 40), confidence=0.9)]
    result = OcrResult(engine="test", image_size=(3000, 3000), words=words)
    calls: list[int] = []

    def read_line(crop: Image.Image) -> tuple[str, float] | None:
        calls.append(1)
        return ("01.01.22 12:30", 0.99)

    out, changed = closer_look(result, [Box(0, 0, 3000, 3000)], read_line, Image.new("RGB", (300, 300), "white"))
    assert not calls and out is result and not changed
