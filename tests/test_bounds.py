"""What the parsers read: invisible characters cleaned, sizes bounded, the caller's data untouched."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from idextract import OcrResult, parse_ktp, parse_receipt
from idextract.bounds import MAX_WORD_CHARS, MAX_WORDS, clean_text, parser_input
from idextract.ocr.base import OcrWord

TODAY = dt.date(2025, 6, 1)


def test_clean_text() -> None:
    assert clean_text("TOTAL 19.700") == "TOTAL 19.700"
    assert clean_text("TOKO\x00MAJU") == "TOKO MAJU"
    assert clean_text("\x1b[1;31mTOKO\x1b[0m") == " TOKO "
    assert clean_text("TO\u200bTAL\u00ad 1\ufeff9.700\u202e") == "TOTAL 19.700"
    assert clean_text("A\x85B\x9fC") == "A B C"  # C1 controls too
    assert clean_text("Rp 10.000 \u00e9\u4e2d") == "Rp 10.000 \u00e9\u4e2d"  # letters of any script stay


def test_the_callers_ocr_result_is_not_changed() -> None:
    ocr = OcrResult(words=[OcrWord(text="TOKO\x00MAJU"), OcrWord(text="TOTAL 19.700")])
    clean = parser_input(ocr)
    assert [w.text for w in clean.words] == ["TOKO MAJU", "TOTAL 19.700"]
    assert ocr.words[0].text == "TOKO\x00MAJU"
    assert parser_input(clean) is clean  # nothing left to do: no copy


def test_long_lines_keep_their_label_and_amount() -> None:
    line = "TOTAL " + "x" * 50_000 + " 19.700"
    ocr = parser_input(line)
    assert len(ocr.words[0].text) <= MAX_WORD_CHARS + 1
    assert ocr.words[0].text.startswith("TOTAL ") and ocr.words[0].text.endswith(" 19.700")
    assert any("shortened" in w for w in ocr.warnings)
    assert parse_receipt("TOKO MAJU\n" + line, today=TODAY).total.value == Decimal(19700)


def test_too_many_lines_are_cut_with_a_warning() -> None:
    text = "TOKO MAJU\nTOTAL 19.700\nTUNAI 20.000\nKEMBALI 300\n" + "ROTI 1.000\n" * (MAX_WORDS + 10)
    ocr = parser_input(text)
    assert len(ocr.words) == MAX_WORDS
    record = parse_receipt(text, today=TODAY)
    assert record.total.value == Decimal(19700)
    assert any(f"first {MAX_WORDS} lines" in w for w in record.warnings)
    assert any(f"first {MAX_WORDS} lines" in w for w in parse_ktp(text, today=TODAY).warnings)


def test_ordinary_input_has_no_warning() -> None:
    assert parse_receipt("TOKO MAJU\nTOTAL 19.700\nTUNAI 20.000\nKEMBALI 300", today=TODAY).warnings == []
