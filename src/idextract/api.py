"""The library's entry points: picture or text in, a validated record out.

:func:`extract` runs the whole pipeline (load and check the image, OCR, turn it upright, parse,
read a sharpened copy when the type asks for it and fields are missing, annotate); :func:`parse`
takes OCR output or plain text and does no I/O. Both work for every installed document type
(:mod:`idextract.doctypes`): this module names none.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

import regex
from PIL import Image

from .annotate import annotate
from .doctypes import DEFAULT_DOCUMENT_TYPE, DocumentType, get_document_type
from .errors import IdextractError, OcrError
from .images import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, load_for_ocr, scale_result
from .ocr import get_backend
from .ocr.base import OcrBackend, OcrResult
from .orientation import read_upright
from .quality import quality_warnings
from .records import Document
from .reread import ReadLine, better_of, closer_look, incomplete, mark_closer, sharpened

__all__ = ["extract", "parse"]

_HTTP_URL = regex.compile(r"^\s*https?://", regex.IGNORECASE)

log = logging.getLogger(__name__)


def extract(
    image: Any,
    doc_type: str = DEFAULT_DOCUMENT_TYPE,
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
    (``record.annotated_image``, PNG bytes); ``mask_pii=True`` blacks out the type's personal
    fields (a KTP's NIK and name) in it. An unknown ``doc_type`` raises
    :class:`~idextract.errors.UnknownDocumentTypeError` (an ``InputError``).
    """
    kind = get_document_type(doc_type)
    parser = kind.parse
    backend = get_backend(ocr)
    if isinstance(image, str) and _HTTP_URL.match(image) and callable(getattr(backend, "ocr_url", None)):
        # A hosted engine fetches the URL itself: nothing is downloaded here, so there is no
        # picture to annotate (the provider's own annotated image is in meta when asked for).
        url_record: Document = parser(backend.ocr_url(image.strip()), today=today)  # type: ignore[attr-defined]
        return url_record
    picture, factor, result = _read_picture(image, backend, kind, max_pixels=max_pixels, max_bytes=max_bytes,
                                            allow_private_urls=allow_private_urls)
    record: Document = parser(result, today=today)
    if kind.reread_sharpened and getattr(backend, "local", False) and incomplete(record):
        record = _reread_sharpened(record, backend, kind, picture, factor, today=today)
    read_line = getattr(backend, "read_line", None)
    if kind.reread_rows is not None and getattr(backend, "local", False) and callable(read_line):
        record = _closer_look(record, result, kind, read_line, picture, factor, today=today)
    if kind.quality_warnings:
        record.warnings.extend(quality_warnings(picture))
    if annotated:
        masked = set(kind.personal_fields) if mask_pii else set()
        record.annotated_image = annotate(picture, record, masked=masked, scale=1 / factor)
    return record


def _read_picture(image: Any, backend: OcrBackend, kind: DocumentType, *, max_pixels: int, max_bytes: int,
                  allow_private_urls: bool) -> tuple[Image.Image, float, OcrResult]:
    """Load ``image`` sized for ``backend`` and read it upright: the picture as read, the factor from
    :func:`load_for_ocr` and the OCR result, its boxes scaled back to the input's size."""
    picture, factor = load_for_ocr(image, max_side=getattr(backend, "max_side", None), max_pixels=max_pixels,
                                   max_bytes=max_bytes, allow_private_urls=allow_private_urls)
    picture, result = read_upright(picture, lambda page: _ocr(backend, page, kind.ocr_options))
    result = scale_result(result, factor)
    log.debug("ocr %s: %d words", result.engine, len(result.words))
    return picture, factor, result


def _reread_sharpened(record: Document, backend: OcrBackend, kind: DocumentType, picture: Image.Image,
                      factor: float, *, today: dt.date | None) -> Document:
    """The better of ``record`` and a reading of a sharpened copy of ``picture`` (fields were missing)."""
    def read_sharpened() -> Document | None:
        try:
            second = scale_result(_ocr(backend, sharpened(picture), kind.ocr_options), factor)
        except OcrError:  # the first read stands: a failed second look loses nothing
            log.debug("reread sharpened: the engine failed")
            return None
        reread: Document = kind.parse(second, today=today)
        return reread

    better, kept = better_of(record, read_sharpened)
    log.debug("reread sharpened: %s", "kept" if kept else "not kept")
    return better


def _closer_look(record: Document, result: OcrResult, kind: DocumentType, read_line: ReadLine,
                 picture: Image.Image, factor: float, *, today: dt.date | None) -> Document:
    """``record``, or the record of ``result`` with the rows ``kind`` names read again closer
    (:func:`idextract.reread.closer_look`) when that changed any of them."""
    assert kind.reread_rows is not None
    boxes = kind.reread_rows(record)
    if not boxes:
        return record
    try:
        second, changed = closer_look(result, boxes, read_line, picture, factor)
    except OcrError:  # the first read stands: a failed second look loses nothing
        log.debug("closer look: the engine failed")
        return record
    log.debug("closer look: %d of %d boxes read differently", len(changed), len(boxes))
    if not changed:
        return record
    return mark_closer(record, kind.parse(second, today=today), changed)


def _ocr(backend: OcrBackend, picture: Image.Image, options: Mapping[str, Any] | None = None) -> OcrResult:
    """``backend.ocr``, with those of ``options`` (a document type's) that the backend names in
    its ``options``; its failures are all :class:`OcrError`: a MemoryError or a runtime's own
    exception must not escape the tree. Only the type is kept; a lower layer's message can hold
    paths, array contents or text read from the picture."""
    accepted = getattr(backend, "options", ())
    chosen = {name: value for name, value in (options or {}).items() if name in accepted}
    try:
        return backend.ocr(picture, **chosen) if chosen else backend.ocr(picture)
    except IdextractError:
        raise
    except Exception as exc:  # noqa: BLE001 - third-party backends and runtimes raise anything
        failure = type(exc).__name__
    # Raised outside the handler, so that the exception (and its message) is not the context.
    raise OcrError(f"the OCR engine {getattr(backend, 'name', '?')!s:.40} failed ({failure})")


def parse(source: OcrResult | str, doc_type: str = DEFAULT_DOCUMENT_TYPE, *, today: dt.date | None = None) -> Document:
    """Parse OCR output (or plain text, one line per row) as a document of ``doc_type`` (an
    installed type, see :func:`idextract.document_types`)."""
    result: Document = get_document_type(doc_type).parse(source, today=today)
    return result
