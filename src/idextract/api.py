"""The library's entry points: picture or text in, a validated record out.

``extract_*`` run the whole pipeline (load and check the image, OCR, parse, annotate);
``parse_*`` take OCR output or plain text and do no I/O.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from .annotate import annotate
from .images import load_image
from .ocr import get_backend
from .ocr.base import OcrBackend, OcrResult
from .parsers import get_parser
from .parsers.receipt import Receipt, parse_receipt
from .records import Document

__all__ = ["extract", "extract_receipt", "parse", "parse_receipt"]

log = logging.getLogger(__name__)


def extract(
    image: Any,
    doc_type: str = "receipt",
    *,
    ocr: str | OcrBackend | None = None,
    annotated: bool = True,
    today: dt.date | None = None,
) -> Document:
    """Read ``image`` (path, bytes, file object or PIL image) as a document of ``doc_type``.

    ``ocr`` picks the engine: a registered name (``"rapidocr"``, the embedded default) or a
    backend instance; ``None`` uses ``$IDEXTRACT_OCR`` or the embedded engine. With
    ``annotated=True`` the record carries the input drawn with each field's box
    (``record.annotated_image``, PNG bytes).
    """
    parser = get_parser(doc_type)
    picture = load_image(image)
    backend = get_backend(ocr)
    result = backend.ocr(picture)
    log.debug("ocr %s: %d words", result.engine, len(result.words))
    record: Document = parser(result, today=today)
    if annotated:
        record.annotated_image = annotate(picture, record)
    return record


def extract_receipt(
    image: Any,
    *,
    ocr: str | OcrBackend | None = None,
    annotated: bool = True,
    today: dt.date | None = None,
) -> Receipt:
    """Read a receipt or transfer slip from a picture; see :func:`extract`."""
    record = extract(image, "receipt", ocr=ocr, annotated=annotated, today=today)
    assert isinstance(record, Receipt)
    return record


def parse(source: OcrResult | str, doc_type: str = "receipt", *, today: dt.date | None = None) -> Document:
    """Parse OCR output (or plain text, one line per row) as a document of ``doc_type``."""
    result: Document = get_parser(doc_type)(source, today=today)
    return result
