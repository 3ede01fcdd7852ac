"""Loading and checking input images, before any OCR runs.

Everything a caller can hand us (a path, bytes, a file object, a Pillow image, an http(s) URL,
a base64 string or a ``data:`` URL) comes out of :func:`load_image` as one thing: an upright RGB
:class:`PIL.Image.Image`, or an :class:`~idextract.errors.InputError` whose ``code`` says what
was wrong. The checks run in the cheapest order: byte size before reading, the header's pixel
count before decoding, so a hostile or mistaken input (a 60000 x 60000 PNG of a few hundred
bytes) costs nothing. How each kind of input becomes bytes is :mod:`idextract.sources`; URLs are
downloaded by :mod:`idextract.fetch`, which refuses local and private addresses.

>>> from PIL import Image
>>> load_image(Image.new("L", (40, 30))).mode
'RGB'
>>> fit_for_ocr(Image.new("RGB", (3200, 800)), max_side=1600)[1]
0.5
"""

from __future__ import annotations

import io
import logging
import math
import os
import struct
from contextvars import ContextVar
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Union

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import IdextractError, InputError, scrub
from .fetch import DEFAULT_DEADLINE, DEFAULT_TIMEOUT
from .formats import enable_heif, heif_enabled, is_heif, render_pdf
from .records import Box, Polygon
from .sources import classify_source, read_bytes

if TYPE_CHECKING:
    from .ocr.base import OcrResult

__all__ = ["ImageSource", "classify_source", "fit_for_ocr", "load_image", "to_png_bytes"]

log = logging.getLogger(__name__)

#: Everything :func:`load_image` accepts.
ImageSource = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes], Image.Image]

# 40 MP is above any phone camera in use (a 12 MP photo is 4032 x 3024; 200 MP sensors bin to
# 12-50 MP by default) and keeps the decoded RGB buffer near 120 MB.
DEFAULT_MAX_PIXELS = 40_000_000
# The hosted OCR API's own upload limit; a JPEG of a receipt is rarely over 5 MB.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Below this on either side there is no text to read; such inputs are almost always a mistake
# (a thumbnail, an empty canvas, a 1x1 tracking pixel).
MIN_SIDE = 8
# Shape policy, from the header, before decoding. The OCR reads a page at most ``max_side`` px long;
# a page longer than STRIP_ASPECT times its width is a strip (a long thermal receipt: 576 x 6000 px
# is 1:10, a phone scan of a long one 400 x 12000 is 1:30), read at full width in tiles, so its
# cost grows with its length. Beyond MAX_ASPECT nothing is a document: an 8 x 100000 px PNG of a
# few hundred bytes is an attack or a mistake (rapidocr's detector used to scale its short side
# up to 736 px and allocate past 20 GB), and is refused, whatever its pixel count.
MAX_ASPECT = 40
STRIP_ASPECT = 2.5
# JPEGs are decoded reduced (libjpeg's 1/2, 1/4, 1/8 DCT scaling) when the OCR reads at most
# ``max_side`` px anyway: down to DRAFT_MARGIN times what it reads, so its input is unchanged.
DRAFT_MARGIN = 2.0

# Formats Pillow may open. An allow-list: Pillow's EPS plugin runs Ghostscript, and rarely used
# decoders (PSD, FITS, ...) are attack surface a receipt never needs. HEIF is added by the extra.
_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "BMP", "DIB", "TIFF", "GIF", "AVIF", "HEIF")
_UNSUPPORTED = (
    "the image cannot be decoded: not a supported image format (JPEG, PNG, WebP, BMP, TIFF, GIF; "
    "HEIC and PDF with the 'heic' and 'pdf' extras), or a damaged file"
)


def load_image(
    source: Any,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private_urls: bool = False,
    timeout: float | tuple[float, float] | None = DEFAULT_TIMEOUT,
    deadline: float | None = DEFAULT_DEADLINE,
) -> Image.Image:
    """Load ``source`` as an upright RGB image, checking size and format first.

    ``source`` is a path (``str`` or ``os.PathLike``), encoded bytes (``bytes``, ``bytearray``,
    ``memoryview``), a binary file object (anything with ``.read()``), a Pillow image, an
    ``http(s)://`` URL (downloaded; see :func:`idextract.fetch.download`), a base64 string or a
    ``data:image/...;base64,`` URL. JPEG, PNG, WebP, BMP, TIFF, GIF (and AVIF where Pillow has
    it); HEIC with the ``heic`` extra, PDF (first page, rendered at 200 dpi) with the ``pdf``
    extra. EXIF orientation is applied; multi-page files give their first page; transparency
    is flattened onto white.

    ``max_bytes`` bounds the encoded size (file, stream, base64 and download alike) and
    ``max_pixels`` the decoded size, read from the header before decoding. For URLs:
    ``timeout`` is (connect, read) seconds, ``deadline`` the total, and addresses that are not
    public (loopback, private, link-local, multicast, reserved) are refused unless
    ``allow_private_urls=True``.

    Raises :class:`~idextract.errors.InputError` with ``code``:

    - ``parameter_missing``: ``None``, empty bytes or an empty string;
    - ``invalid_parameter_type``: anything else than the kinds above;
    - ``invalid_parameter``: a directory, an unreadable file, an image under 8 px on a side or longer
      than 1:40 (see :func:`check_aspect`);
    - ``invalid_url_format``: ``http://``, ``http//x``, a URL that does not parse;
    - ``invalid_url_protocol``: ``ftp://``, ``file://``, any scheme but http and https;
    - ``invalid_base64_format``: base64 or a data URL that does not decode;
    - ``unsupported_image``: bytes that are no image we can read, or need a missing extra;
    - ``image_too_large``: more than ``max_bytes`` bytes or ``max_pixels`` pixels;
    - ``url_not_allowed``: a URL (or a redirect) to a non-public address;
    - ``download_failed``: timeouts, non-2xx, a non-image content type, a body over ``max_bytes``;

    and :class:`~idextract.errors.ImageNotFoundError` for a path that does not exist.
    """
    fetch: dict[str, Any] = {"allow_private_urls": allow_private_urls, "timeout": timeout, "deadline": deadline}
    try:
        if isinstance(source, Image.Image):
            return _from_pil(source, max_pixels=max_pixels)
        data = read_bytes(source, max_bytes=max_bytes, fetch=fetch)
        return _decode(data, max_pixels=max_pixels)
    except IdextractError as exc:
        raise scrub(exc)  # noqa: B904 - exc itself again, scrubbed in place; "from" would overwrite its own cause
    except MemoryError:
        raise InputError("the image is too large to decode in the memory available", code="image_too_large") from None
    except Exception as exc:  # noqa: BLE001 - the last line of defence: every input failure has a code
        raise InputError(f"the image cannot be read ({type(exc).__name__})", code="unsupported_image") from None


def _from_pil(image: Image.Image, *, max_pixels: int) -> Image.Image:
    """A caller's Pillow image, loaded here: a lazily opened file may be truncated or closed."""
    _check_pixels(image.size, max_pixels)
    try:
        image.load()
    except Image.DecompressionBombError:
        raise _too_many_pixels(max_pixels) from None
    except Exception as exc:  # noqa: BLE001 - decoders and closed files raise many types
        raise InputError(
            f"the PIL image cannot be loaded (closed, damaged or truncated; {type(exc).__name__})",
            code="unsupported_image",
        ) from None
    try:
        return _finish(image, max_pixels=max_pixels, exif=True)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - an odd mode or a broken palette
        raise InputError(f"the PIL image cannot be converted to RGB ({type(exc).__name__})",
                         code="unsupported_image") from None


def fit_for_ocr(image: Image.Image, max_side: int = 1600, *, strips: bool = False) -> tuple[Image.Image, float]:
    """Downscale ``image`` so its long side is at most ``max_side``; never upscale.

    With ``strips=True`` an image longer than ``STRIP_ASPECT`` times its width (a long receipt)
    has its *short* side capped instead, for an engine that reads it in tiles: shrinking a
    576 x 6000 px receipt to 1600 px long would leave its text 3 px wide.

    Returns the image (the same object when nothing changed) and the scale applied, so that
    boxes found on the result map back by dividing by it. Upscaling is refused on purpose:
    measured on receipt photos it was 1.4-2.9x slower and lost dates (see embedded-ocr.md).
    """
    scale = ocr_scale(image.size, max_side, strips=strips)
    if scale == 1.0:
        return image, 1.0
    w, h = image.size
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    # reducing_gap: a fast integer reduce first, then LANCZOS for the last step; visually the same
    # as plain LANCZOS and several times faster on 12 MP photos.
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0), scale


def is_strip(size: tuple[int, int]) -> bool:
    """Whether an image of ``size`` is longer than ``STRIP_ASPECT`` times its width (either way)."""
    return max(size) > STRIP_ASPECT * max(1, min(size))


def ocr_scale(size: tuple[int, int], max_side: int, *, strips: bool = False) -> float:
    """The factor (<= 1) that brings the side an OCR engine is limited on down to ``max_side``:
    the long side, or for a strip (``strips=True``) the short side."""
    if max_side <= 0:
        raise ValueError("max_side must be positive")
    side = min(size) if strips and is_strip(size) else max(size)
    return 1.0 if side <= max_side else max_side / side


def load_for_ocr(source: Any, *, max_side: int | None, **kwargs: Any) -> tuple[Image.Image, float]:
    """:func:`load_image` for an engine that reads at most ``max_side`` px (see :func:`ocr_scale`).

    A JPEG more than ``DRAFT_MARGIN`` times bigger than that is decoded reduced by libjpeg (1/2,
    1/4 or 1/8 of its size: a 40 MP photo in a quarter of the memory and half the time), never
    below ``DRAFT_MARGIN * max_side``, so the engine's input is what it would have been. Returns
    the picture and the factor from its pixels to the original's: multiply boxes found on it by
    the factor (:func:`scale_result`) to store them in the original image's coordinates.
    Other formats are decoded whole and then reduced by the same scale (:func:`_reduce`); PIL
    images and ``max_side=None`` are loaded as they are (factor 1.0).
    """
    if not max_side:
        return load_image(source, **kwargs), 1.0
    request = _Draft(max_side)
    token = _draft.set(request)  # read by _decode, under load_image's checks and error handling
    try:
        image = load_image(source, **kwargs)
    finally:
        _draft.reset(token)
    return image, request.factor


@dataclass
class _Draft:
    """A reduced decode asked for by :func:`load_for_ocr`, and the factor :func:`_decode` applied."""

    max_side: int
    factor: float = 1.0


_draft: ContextVar[_Draft | None] = ContextVar("idextract_draft", default=None)


def scale_result(result: OcrResult, factor: float) -> OcrResult:
    """``result`` (read on a reduced picture) with its boxes and ``image_size`` multiplied by
    ``factor`` (from :func:`load_for_ocr`); the same object at 1.0. Sizes are exact to a pixel."""
    if factor == 1.0 or result.image_size is None:
        return result
    w, h = round(result.image_size[0] * factor), round(result.image_size[1] * factor)

    def scaled(box: Box) -> Box:
        return Box(*(round(min(max(v * factor, 0.0), limit), 1) for v, limit in zip(box, (w, h, w, h))))

    def scaled_polygon(polygon: Polygon | None) -> Polygon | None:
        if polygon is None:
            return None
        return tuple((round(min(max(x * factor, 0.0), w), 1), round(min(max(y * factor, 0.0), h), 1))
                     for x, y in polygon)

    words = [word if word.box is None else
             word.model_copy(update={"box": scaled(word.box), "polygon": scaled_polygon(word.polygon)})
             for word in result.words]
    meta = {**result.meta, "decode_scale": round(1 / factor, 4)}
    return result.model_copy(update={"words": words, "image_size": (w, h), "meta": meta})


def to_png_bytes(image: Image.Image, *, compress_level: int = 3) -> bytes:
    """Encode ``image`` as PNG. Level 3 is ~3x faster than the default 6 for a few % more bytes."""
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=compress_level)
    return buf.getvalue()


# --- decoding -----------------------------------------------------------------------------------


def _decode(data: bytes, *, max_pixels: int) -> Image.Image:
    request = _draft.get()
    image, factor = _decode_reduced(data, max_pixels=max_pixels, max_side=request.max_side if request else None)
    if request is not None:
        request.factor = factor
    return image


def _decode_reduced(data: bytes, *, max_pixels: int, max_side: int | None) -> tuple[Image.Image, float]:
    """Decode ``data``; a JPEG reduced by libjpeg if ``max_side`` allows (see :func:`load_for_ocr`).
    Returns the picture and the factor from its pixels to the original's."""
    if data.startswith(b"%PDF-"):
        return _finish(render_pdf(data, max_pixels=max_pixels), max_pixels=max_pixels, exif=False), 1.0
    try:
        image = _open(data, max_pixels)
    except UnidentifiedImageError:
        if not is_heif(data) or heif_enabled():
            raise InputError(_UNSUPPORTED, code="unsupported_image") from None
        enable_heif()  # raises unsupported_image naming the extra when it is not installed
        image = _open(data, max_pixels)
    _check_pixels(image.size, max_pixels)
    fmt = image.format or "unknown"
    original = image.size
    try:
        image.seek(0)  # the first page of a TIFF or the first frame of a GIF/WebP
        if max_side and fmt in ("JPEG", "MPO"):
            _ask_draft(image, max_side)  # after seek: an MPO's seek re-reads the frame's header
        image.load()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(max_pixels) from exc
    except Exception as exc:  # noqa: BLE001 - decoders raise many types; all mean "damaged"
        raise InputError(
            f"the {fmt} image cannot be decoded (damaged or truncated file)", code="unsupported_image"
        ) from exc
    factor = max(original) / max(image.size)
    image = _finish(image, max_pixels=max_pixels, exif=True)
    if max_side and factor == 1.0:
        image, factor = _reduce(image, max_side)
    return image, factor


def _reduce(image: Image.Image, max_side: int) -> tuple[Image.Image, float]:
    """A decoded picture of another format (PNG, WebP, TIFF...) shrunk by the scale libjpeg would
    have used for a JPEG (see :func:`_ask_draft`), by averaging blocks of pixels. A 40 MP PNG was
    otherwise resized, annotated and encoded at full size: its annotated PNG alone took 2.6 s."""
    w, h = image.size
    keep = ocr_scale((w, h), max(1, round(DRAFT_MARGIN * max_side)), strips=True)
    step = 1
    while step < 8 and keep * step * 2 <= 1.0:
        step *= 2
    if step == 1:
        return image, 1.0
    reduced = image.reduce(step)
    return reduced, max(w, h) / max(reduced.size)


def _ask_draft(image: Image.Image, max_side: int) -> None:
    """Ask libjpeg for the smallest DCT scale (1/2, 1/4, 1/8) that keeps the side the OCR is
    limited on (:func:`ocr_scale`, strips included) at least ``DRAFT_MARGIN * max_side``."""
    w, h = image.size
    keep = ocr_scale((w, h), max(1, round(DRAFT_MARGIN * max_side)), strips=True)
    if keep <= 0.5:
        image.draft("RGB", (math.ceil(w * keep), math.ceil(h * keep)))


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """``Image.open`` limited to the allowed formats; reads the header only."""
    Image.init()
    formats = [f for f in _FORMATS if f in Image.OPEN]
    try:
        return Image.open(io.BytesIO(data), formats=formats)
    except UnidentifiedImageError:
        raise
    except Image.DecompressionBombError as exc:
        # Pillow refuses more than twice Image.MAX_IMAGE_PIXELS at open, whatever max_pixels says.
        raise _too_many_pixels(min(max_pixels, 2 * (Image.MAX_IMAGE_PIXELS or max_pixels))) from exc
    except (OSError, SyntaxError, ValueError, EOFError, KeyError, IndexError, struct.error) as exc:
        raise InputError(_UNSUPPORTED, code="unsupported_image") from exc


def _check_pixels(size: tuple[int, int], max_pixels: int) -> None:
    w, h = size
    if w * h > max_pixels:
        raise _too_many_pixels(max_pixels)
    if min(w, h) < MIN_SIDE:
        raise InputError(
            f"image is empty/too small ({w}x{h} px; at least {MIN_SIDE} px a side)", code="invalid_parameter"
        )
    check_aspect(size)


def check_aspect(size: tuple[int, int]) -> None:
    """Refuse (``invalid_parameter``) a shape longer than ``MAX_ASPECT`` times its width. Run on the
    header before decoding, and by the OCR engines on what they are handed directly."""
    w, h = size
    if max(w, h) > MAX_ASPECT * min(w, h):
        what = "too narrow for its length" if h > w else "too low for its width"
        raise InputError(f"the image is {w}x{h} px: {what} (at most 1:{MAX_ASPECT})", code="invalid_parameter")


def _too_many_pixels(max_pixels: int) -> InputError:
    return InputError(
        f"the image has more than {max_pixels} pixels; downscale it first", code="image_too_large"
    )


def _finish(image: Image.Image, *, max_pixels: int, exif: bool) -> Image.Image:
    """Size checks, EXIF rotation and RGB conversion, common to every input kind."""
    _check_pixels(image.size, max_pixels)
    if exif:
        try:
            image = ImageOps.exif_transpose(image)
        except Exception:  # noqa: BLE001 - a broken EXIF block must not lose the picture
            log.warning("ignoring an unreadable EXIF orientation tag")
    return _to_rgb(image)


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB, with transparency flattened onto white.

    A plain ``convert("RGB")`` turns transparent pixels black; screenshots and scanner exports
    often have black text on a transparent background, which would become black on black.
    """
    mode = image.mode
    if mode == "RGB":
        return image
    if mode in ("I", "I;16", "I;16B", "I;16L", "I;16N", "F"):
        # 16-bit and float greys: convert("RGB") clips at 255, which whitens every pixel of a
        # 16-bit scan. Stretch the actual range to 0..255 instead.
        image = image.convert("F")
        extrema = image.getextrema()  # (min, max) for a one-band image
        lo, hi = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]
        span = (hi - lo) or 1.0
        return image.point(lambda v: (v - lo) * 255.0 / span).convert("L").convert("RGB")
    if mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
        mode = "RGBA"
    if mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")
