"""The input formats that need an optional extra: HEIC/HEIF photos (pillow-heif registers an
opener with Pillow, once, when the first one arrives) and PDF e-receipts (the first page
rendered by pdfium). Without the extra, a clear ``unsupported_image`` error names it.
"""

from __future__ import annotations

import math
import threading

from PIL import Image

from .errors import InputError
from .fetch import HEIF_BRANDS

__all__ = ["PDF_DPI", "enable_heif", "heif_enabled", "is_heif", "render_pdf"]

# PDF e-receipts are rendered at this resolution (fewer pixels if max_pixels demands it).
PDF_DPI = 200


def is_heif(data: bytes) -> bool:
    """Whether ``data`` starts as an HEIC/HEIF file (an ISO media file of a HEIF brand)."""
    return data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS


_heif_lock = threading.Lock()
_heif_ready = False


def heif_enabled() -> bool:
    """Whether pillow-heif's opener is registered (then Pillow itself opens HEIF)."""
    return _heif_ready


def enable_heif() -> None:
    """Register pillow-heif's opener with Pillow, once; a clear error when the extra is missing."""
    global _heif_ready
    with _heif_lock:
        if _heif_ready:
            return
        try:
            import pillow_heif  # type: ignore[import-not-found,import-untyped,unused-ignore]
        except ImportError:
            raise InputError(
                "HEIC/HEIF images (iPhone photos) need the optional 'heic' extra: "
                "pip install 'idextract[heic]'",
                code="unsupported_image",
            ) from None
        pillow_heif.register_heif_opener()
        _heif_ready = True


# pdfium is not thread-safe: one document at a time.
_pdf_lock = threading.Lock()


def render_pdf(data: bytes, *, max_pixels: int) -> Image.Image:
    """The first page of a PDF as an image, at PDF_DPI or fewer pixels if ``max_pixels`` says so."""
    try:
        import pypdfium2 as pdfium  # type: ignore[import-not-found,import-untyped,unused-ignore]
    except ImportError:
        raise InputError(
            "PDF files (e-receipts) need the optional 'pdf' extra: pip install 'idextract[pdf]'",
            code="unsupported_image",
        ) from None
    with _pdf_lock:
        try:
            pdf = pdfium.PdfDocument(data)
        except Exception as exc:  # noqa: BLE001 - PdfiumError and friends
            raise InputError("the PDF cannot be opened (damaged or password-protected)",
                             code="unsupported_image") from exc
        try:
            if len(pdf) == 0:
                raise InputError("the PDF has no pages", code="unsupported_image")
            page = pdf[0]
            width, height = page.get_size()  # points, 1/72 inch
            if not (width > 0 and height > 0):
                raise InputError("the PDF's first page is empty", code="unsupported_image")
            scale = PDF_DPI / 72
            if width * height * scale * scale > max_pixels:
                # A vector page has no size of its own: render it smaller rather than refuse it.
                scale = math.sqrt(max_pixels / (width * height)) * 0.99
            rendered: Image.Image = page.render(scale=scale).to_pil().copy()
            return rendered
        except InputError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise InputError("the PDF's first page cannot be rendered", code="unsupported_image") from exc
        finally:
            pdf.close()
