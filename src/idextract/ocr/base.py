"""The interface every OCR backend implements; what it returns is :mod:`idextract.records`'
:class:`~idextract.records.OcrResult` (re-exported here)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ..records import OcrResult, OcrWord

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["OcrBackend", "OcrResult", "OcrWord"]


@runtime_checkable
class OcrBackend(Protocol):
    """An OCR engine: an upright RGB picture in, an :class:`OcrResult` out.

    ``name`` is the registry key; ``is_available()`` tells, without loading any model, whether the
    engine can run here. An engine that takes per-call keyword options names them in an
    ``options`` attribute (a set of names): ``extract()`` then passes those of the document
    type's ``ocr_options`` (the embedded engine takes ``detect_side``); others get ``ocr(image)``.
    An engine that runs on this machine says so with ``local = True``: a document type may then
    have a blurred picture read a second time (:mod:`idextract.reread`); a hosted one is never
    sent a picture twice.
    """

    name: str

    @classmethod
    def is_available(cls) -> bool: ...

    def ocr(self, image: Image.Image) -> OcrResult: ...
