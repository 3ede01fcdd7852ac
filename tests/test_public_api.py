"""The public surface: ``idextract.__all__`` and the record types every caller handles."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from pydantic import Field

import idextract
from idextract import Document, Extracted, IdextractError, InputError
from idextract.parsers.receipt import Receipt
from idextract.records import Box, Check

REQUIRED_NAMES = ["extract", "parse", "document_types", "extract_receipt", "parse_receipt", "OcrResult",
                  "IdextractError", "InputError"]
# The public surface, at most twelve names: document types are reached through extract()/parse() and
# document_types(), their record classes through their modules.
PUBLIC = ["Document", "Extracted", "IdextractError", "InputError", "OcrResult", "document_types", "extract",
          "extract_ktp", "extract_receipt", "parse", "parse_ktp", "parse_receipt"]


def test_all_is_sorted() -> None:
    assert list(idextract.__all__) == sorted(idextract.__all__)


def test_all_is_the_public_surface_of_at_most_twelve_names() -> None:
    assert list(idextract.__all__) == PUBLIC
    assert len(idextract.__all__) <= 12


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        idextract.Receipt  # noqa: B018 - reached through idextract.parsers.receipt now


def test_all_has_no_duplicates() -> None:
    assert len(set(idextract.__all__)) == len(idextract.__all__)


@pytest.mark.parametrize("name", idextract.__all__)
def test_every_name_in_all_exists(name: str) -> None:
    assert getattr(idextract, name, None) is not None


@pytest.mark.parametrize("name", REQUIRED_NAMES)
def test_all_contains_the_entry_points(name: str) -> None:
    assert name in idextract.__all__


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from idextract import *", namespace)  # noqa: S102
    assert sorted(k for k in namespace if k != "__builtins__") == sorted(idextract.__all__)


def test_input_error_is_an_idextract_error_and_a_value_error() -> None:
    assert issubclass(InputError, IdextractError)
    assert issubclass(InputError, ValueError)
    err = InputError("image too large", code="image_too_large")
    assert err.code == "image_too_large"
    assert err.param == "image"


def test_parse_receipt_from_plain_text() -> None:
    """The text entry point runs without OCR and never raises on a receipt-looking text."""
    text = "WARUNG SRI REJEKI\n24/07/2026 19:42\nTOTAL 19.700\nTUNAI 20.000\nKEMBALI 300\n"
    record = idextract.parse_receipt(text, today=dt.date(2026, 11, 25))
    assert isinstance(record, Receipt)
    assert record.total.value == Decimal("19700")
    assert record.annotated_image is None


# records ---------------------------------------------------------------------------------------


def test_extracted_defaults() -> None:
    field: Extracted[str] = Extracted()
    assert field.value is None
    assert field.confidence == 0.0
    assert field.raw is None and field.box is None and field.line is None
    assert field.notes == []
    assert not field.found


def test_extracted_notes_are_not_shared() -> None:
    a: Extracted[str] = Extracted()
    b: Extracted[str] = Extracted()
    a.notes.append("label TOTAL")
    assert b.notes == []


@pytest.mark.parametrize("confidence", [-0.01, 1.01])
def test_extracted_confidence_is_a_probability(confidence: float) -> None:
    with pytest.raises(ValueError):
        Extracted(value="x", confidence=confidence)


UNIONS = [
    pytest.param([Box(0, 0, 10, 10), Box(5, 5, 20, 8)], Box(0, 0, 20, 10), id="overlapping"),
    pytest.param([Box(100, 40, 160, 64), Box(300, 42, 372, 66)], Box(100, 40, 372, 66), id="label-and-price"),
    pytest.param([None, Box(1, 2, 3, 4), None], Box(1, 2, 3, 4), id="none-entries-ignored"),
    pytest.param([Box(1, 2, 3, 4)], Box(1, 2, 3, 4), id="single"),
    pytest.param([], None, id="empty"),
    pytest.param([None, None], None, id="only-none"),
]


@pytest.mark.parametrize(("boxes", "expected"), UNIONS)
def test_box_union(boxes: list[Box | None], expected: Box | None) -> None:
    assert Box.union(boxes) == expected
    assert Box.union(iter(boxes)) == expected  # any iterable, e.g. a generator


def test_box_geometry() -> None:
    b = Box(10, 20, 110, 60)
    assert (b.width, b.height, b.cx, b.cy) == (100, 40, 60, 40)


class _Slip(Document):
    doc_type: str = "test-slip"
    total: Extracted[Decimal] = Field(default_factory=Extracted)


def test_save_annotated_without_an_image_raises_value_error(tmp_path) -> None:
    record = _Slip()
    with pytest.raises(ValueError):
        record.save_annotated(tmp_path / "out.png")
    assert not (tmp_path / "out.png").exists()


def test_save_annotated_writes_the_bytes(tmp_path) -> None:
    record = _Slip(annotated_image=b"\x89PNG\r\n\x1a\nfake")
    out = record.save_annotated(tmp_path / "out.png")
    assert out.read_bytes() == b"\x89PNG\r\n\x1a\nfake"


def test_dumps_leave_out_the_annotated_image() -> None:
    record = _Slip(
        annotated_image=b"\x89PNG\r\n\x1a\nfake",
        total=Extracted[Decimal](value=Decimal("19700"), confidence=0.9, box=Box(1, 2, 3, 4)),
        checks=[Check(name="change_matches_paid_minus_total", status="pass")],
    )
    data = json.loads(record.model_dump_json())
    assert "annotated_image" not in data
    assert "annotated_image" not in record.model_dump()
    assert data["total"]["value"] == "19700"
    assert data["total"]["box"] == [1, 2, 3, 4]
    assert "annotated_image" not in repr(record)


def test_document_fields_and_check_lookup() -> None:
    record = _Slip(checks=[Check(name="a", status="skip")])
    assert [name for name, _ in record.fields()] == ["total"]
    assert record.check("a") == Check(name="a", status="skip")
    assert record.check("missing") is None


@pytest.mark.parametrize("module", ["idextract.money", "idextract.dates", "idextract.layout", "idextract.records",
                                    "idextract.doctypes", "idextract.orientation"])
def test_a_toolkit_module_imports_only_what_it_uses(module: str) -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True,
                          text=True, timeout=60, check=True)
    loaded = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    heavy = {"requests", "PIL", "PIL.Image", "numpy", "idextract.api", "idextract.parsers", "idextract.ocr",
             "idextract.images", "idextract.fetch"}
    assert not loaded & heavy, sorted(loaded & heavy)
