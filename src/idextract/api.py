"""The library's entry points: picture or text in, a validated record out.

``extract_*`` run the whole pipeline (load and check the image, OCR, parse, annotate);
``parse_*`` take OCR output or plain text and do no I/O.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import regex
from PIL import Image

from .annotate import annotate
from .errors import IdextractError, OcrError
from .images import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, load_for_ocr, scale_result
from .ocr import get_backend
from .ocr.base import OcrBackend, OcrResult
from .parsers import get_parser
from .parsers.ktp import PII_FIELDS, Ktp, parse_ktp
from .parsers.receipt import Receipt, parse_receipt
from .quality import quality_warnings
from .records import Box, Document

__all__ = ["extract", "extract_ktp", "extract_receipt", "parse", "parse_ktp", "parse_receipt"]

_HTTP_URL = regex.compile(r"^\s*https?://", regex.IGNORECASE)
# A page whose text runs are mostly taller than wide was photographed sideways.
SIDEWAYS_SHARE = 0.5

log = logging.getLogger(__name__)


def extract(
    image: Any,
    doc_type: str = "receipt",
    *,
    ocr: str | OcrBackend | None = None,
    annotated: bool = True,
    mask_pii: bool = False,
    today: dt.date | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private_urls: bool = False,
) -> Document:
    """Read ``image`` as a document of ``doc_type``.

    ``image`` is a path, bytes, a binary file object, a PIL image, an http(s) URL, a base64
    string or a ``data:image/...;base64,`` URL (see :func:`idextract.images.load_image`, which
    also lists the :class:`~idextract.errors.InputError` codes). ``max_pixels`` and
    ``max_bytes`` bound the decoded and encoded size; URLs that resolve to loopback, private,
    link-local or multicast addresses are refused unless ``allow_private_urls=True``.

    ``ocr`` picks the engine: a registered name (``"rapidocr"``, the embedded default,
    ``"neosantara"``, ``"deepseek"``, ``"tesseract"``) or a backend instance; ``None`` uses
    ``$IDEXTRACT_OCR`` or the embedded engine. An http(s) URL given to a backend that reads URLs
    itself (the hosted API) is passed through, not downloaded (the backend checks its form). With
    ``annotated=True`` the record carries the input drawn with each field's box
    (``record.annotated_image``, PNG bytes); ``mask_pii=True`` blacks out personal fields
    (a KTP's NIK and name) in it.
    """
    parser = get_parser(doc_type)
    backend = get_backend(ocr)
    if isinstance(image, str) and _HTTP_URL.match(image) and callable(getattr(backend, "ocr_url", None)):
        # A hosted engine fetches the URL itself: nothing is downloaded here, so there is no
        # picture to annotate (the provider's own annotated image is in meta when asked for).
        url_record: Document = parser(backend.ocr_url(image.strip()), today=today)  # type: ignore[attr-defined]
        return url_record
    picture, factor = load_for_ocr(image, max_side=getattr(backend, "max_side", None), max_pixels=max_pixels,
                                   max_bytes=max_bytes, allow_private_urls=allow_private_urls)
    picture, result = _read_upright(picture, backend)
    result = scale_result(result, factor)
    log.debug("ocr %s: %d words", result.engine, len(result.words))
    record: Document = parser(result, today=today)
    if doc_type == "ktp":
        record.warnings.extend(quality_warnings(picture))
    if annotated:
        masked = set(PII_FIELDS) if mask_pii else set()
        record.annotated_image = annotate(picture, record, masked=masked, scale=1 / factor)
    return record


def _sideways(result: OcrResult) -> bool:
    runs = [w.box for w in result.words if w.box is not None and len(w.text.strip()) >= 4]
    tall = sum(1 for b in runs if b.height > 1.5 * b.width)
    return len(runs) >= 3 and tall > SIDEWAYS_SHARE * len(runs)


def _upright_boxes(picture: Image.Image, result: OcrResult) -> tuple[Image.Image, OcrResult]:
    """A page the engine read turned round (rapidocr's upside-down check) as the upright picture,
    with boxes to match, so that rows read top to bottom and the annotation stands upright."""
    if not result.meta.get("rotated_180"):
        return picture, result
    w, h = picture.size
    words = [
        word if word.box is None else word.model_copy(
            update={"box": Box(w - word.box.x1, h - word.box.y1, w - word.box.x0, h - word.box.y0)})
        for word in result.words
    ]
    meta = {**result.meta, "rotated_180": False, "turned_upright": True}
    return picture.transpose(Image.Transpose.ROTATE_180), result.model_copy(update={"words": words, "meta": meta})


def _ocr(backend: OcrBackend, picture: Image.Image) -> OcrResult:
    """``backend.ocr``, whose failures are all :class:`OcrError`: a MemoryError or a runtime's own
    exception must not escape the tree. Only the type is kept; a lower layer's message can hold
    paths, array contents or text read from the picture."""
    try:
        return backend.ocr(picture)
    except IdextractError:
        raise
    except Exception as exc:  # noqa: BLE001 - third-party backends and runtimes raise anything
        failure = type(exc).__name__
    # Raised outside the handler, so that the exception (and its message) is not the context.
    raise OcrError(f"the OCR engine {getattr(backend, 'name', '?')!s:.40} failed ({failure})")


def _read_upright(picture: Image.Image, backend: OcrBackend) -> tuple[Image.Image, OcrResult]:
    """OCR ``picture``; a page photographed sideways is turned a quarter and read again.

    The turn is always the same way: a page that then stands on its head is turned round by the
    engine's own upside-down check (rapidocr) or read as it is.
    """
    result = _ocr(backend, picture)
    picture, result = _upright_boxes(picture, result)
    if not _sideways(result):
        return picture, result
    turned = picture.transpose(Image.Transpose.ROTATE_90)
    second = _ocr(backend, turned)
    turned, second = _upright_boxes(turned, second)
    if len(second.words) and not _sideways(second):
        second.warnings.append("the picture was sideways; turned by 90 degrees")
        return turned, second
    return picture, result


def extract_receipt(
    image: Any,
    *,
    ocr: str | OcrBackend | None = None,
    annotated: bool = True,
    today: dt.date | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private_urls: bool = False,
) -> Receipt:
    """Read a receipt or transfer slip from a picture; see :func:`extract`."""
    record = extract(image, "receipt", ocr=ocr, annotated=annotated, today=today, max_pixels=max_pixels,
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
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private_urls: bool = False,
) -> Ktp:
    """Read the front of an e-KTP from a picture; see :func:`extract`.

    The record carries image-quality warnings (small, dark, blurred); nothing is written to
    disk and no personal value is logged.
    """
    record = extract(image, "ktp", ocr=ocr, annotated=annotated, mask_pii=mask_pii, today=today,
                     max_pixels=max_pixels, max_bytes=max_bytes, allow_private_urls=allow_private_urls)
    assert isinstance(record, Ktp)
    return record


def parse(source: OcrResult | str, doc_type: str = "receipt", *, today: dt.date | None = None) -> Document:
    """Parse OCR output (or plain text, one line per row) as a document of ``doc_type``."""
    result: Document = get_parser(doc_type)(source, today=today)
    return result
