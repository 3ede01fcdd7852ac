"""The built-in document types: receipts (and transfer slips) and the e-KTP.

One module per type, with its knowledge in a TOML file beside it; this module holds their
:class:`~idextract.doctypes.DocumentType` objects, registered through the entry-point group
``idextract.document_types`` in idextract's ``pyproject.toml`` exactly as a third party registers
its own (see :mod:`idextract.doctypes`): the core finds them there, never by name. It also holds
the typed shortcuts ``extract_receipt`` and ``extract_ktp``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from idextract.doctypes import DocumentType
from idextract.records import Box, Document
from idextract.spec import load_toml

from .ktp import Ktp, parse_ktp
from .receipt import Receipt, ReceiptItem, parse_receipt

if TYPE_CHECKING:
    from idextract.ocr.base import OcrBackend

__all__ = ["KTP", "RECEIPT", "Ktp", "Receipt", "ReceiptItem", "extract_ktp", "extract_receipt", "parse_ktp",
           "parse_receipt"]

# The fictional samples the project renders; present in a source checkout only.
_SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _samples(folder: str) -> Path | None:
    path = _SAMPLES / folder
    return path if path.is_dir() else None


# A date at or above this is taken as read; below it, the rows of the date and time get a closer look.
_SURE_DATE = 0.9


def _date_rows(record: Document) -> list[Box]:
    """Where a closer look may find a receipt's date: its time's row (receipts print the date
    beside the time, and a faint start of that row loses the day: ``.08.22-22:01``) and the
    date's own, when the date is missing or unsure; none when it is sure."""
    if not isinstance(record, Receipt):
        return []
    date = record.transaction_date
    if date.found and date.confidence >= _SURE_DATE:
        return []
    return [found.box for found in (date, record.transaction_time) if found.found and found.box is not None]


RECEIPT = DocumentType(
    name="receipt",
    record=Receipt,
    parse=parse_receipt,
    description="a receipt or bank transfer slip",
    ocr_options=load_toml("idextract.parsers", "receipt.toml").get("ocr", {}),
    reread_rows=_date_rows,
    samples=_samples("receipts"),
    demo="items/transfer-bni-photo.jpg",
)

KTP = DocumentType(
    name="ktp",
    record=Ktp,
    parse=parse_ktp,
    description="the front of an e-KTP identity card",
    quality_warnings=True,
    reread_sharpened=True,
    samples=_samples("ktp"),
)


def extract_receipt(
    image: Any,
    *,
    ocr: str | OcrBackend | None = None,
    annotated: bool = True,
    today: dt.date | None = None,
    max_pixels: int | None = None,
    max_bytes: int | None = None,
    allow_private_urls: bool = False,
) -> Receipt:
    """Read a receipt or transfer slip from a picture; see :func:`idextract.extract`."""
    record = _extract(image, RECEIPT, ocr=ocr, annotated=annotated, today=today, max_pixels=max_pixels,
                      max_bytes=max_bytes, allow_private_urls=allow_private_urls)
    assert isinstance(record, Receipt)
    return record


def extract_ktp(
    image: Any,
    *,
    ocr: str | OcrBackend | None = None,
    annotated: bool = True,
    mask_pii: bool = False,
    today: dt.date | None = None,
    max_pixels: int | None = None,
    max_bytes: int | None = None,
    allow_private_urls: bool = False,
) -> Ktp:
    """Read the front of an e-KTP from a picture; see :func:`idextract.extract`.

    The record carries image-quality warnings (small, dark, blurred); nothing is written to
    disk and no personal value is logged.
    """
    record = _extract(image, KTP, ocr=ocr, annotated=annotated, mask_pii=mask_pii, today=today,
                      max_pixels=max_pixels, max_bytes=max_bytes, allow_private_urls=allow_private_urls)
    assert isinstance(record, Ktp)
    return record


def _extract(image: Any, doc_type: DocumentType, *, max_pixels: int | None, max_bytes: int | None,
             **options: Any) -> Any:
    from idextract.api import extract  # the pipeline (Pillow, the OCR backends) loads on first use
    from idextract.images import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS

    return extract(image, doc_type.name, max_pixels=DEFAULT_MAX_PIXELS if max_pixels is None else max_pixels,
                   max_bytes=DEFAULT_MAX_BYTES if max_bytes is None else max_bytes, **options)
