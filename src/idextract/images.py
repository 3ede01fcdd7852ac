"""Loading and checking input images, before any OCR runs.

Everything a caller can hand us (a path, bytes, a file object, a Pillow image) comes out of
:func:`load_image` as one thing: an upright RGB :class:`PIL.Image.Image`, or an
:class:`~idextract.errors.InputError` whose ``code`` says what was wrong. The checks run in the
cheapest order: byte size before reading, the header's pixel count before decoding, so a hostile
or mistaken input (a 60000 x 60000 PNG of a few hundred bytes) costs nothing.

>>> from PIL import Image
>>> load_image(Image.new("L", (40, 30))).mode
'RGB'
>>> fit_for_ocr(Image.new("RGB", (3200, 800)), max_side=1600)[1]
0.5
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import IO, Any, Union

import regex
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import ImageNotFoundError, InputError

__all__ = ["ImageSource", "fit_for_ocr", "load_image", "to_png_bytes"]

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

# What an http(s) URL, a data: URL or a bare base64 payload looks like. A base64 string must be
# long and free of path separators and dots so that ordinary file names never match.
_URL = regex.compile(r"^\s*(?:https?|ftp)://", regex.IGNORECASE)
_DATA_URL = regex.compile(r"^\s*data:", regex.IGNORECASE)
_BASE64 = regex.compile(r"^[A-Za-z0-9+/_\-\s]{64,}={0,2}\s*$")
# Paths echoed in messages are cut to this length: a message names the path, nothing more.
_MAX_PATH_IN_MESSAGE = 200


def load_image(
    source: Any,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Image.Image:
    """Load ``source`` as an upright RGB image, checking size and format first.

    ``source`` is a path (``str`` or ``os.PathLike``), encoded bytes (``bytes``, ``bytearray``,
    ``memoryview``), a binary file object (anything with ``.read()``), or a Pillow image. EXIF
    orientation is applied; multi-page files (TIFF, animated GIF/WebP) give their first page;
    transparency is flattened onto white.

    Raises :class:`~idextract.errors.InputError` with ``code``:

    - ``parameter_missing``: ``None``, empty bytes or an empty string;
    - ``invalid_parameter_type``: anything else than the kinds above;
    - ``invalid_parameter``: a URL or base64 string (not supported yet), a directory, an
      unreadable file, or an image under 8 px on a side;
    - ``unsupported_image``: bytes Pillow cannot decode;
    - ``image_too_large``: more than ``max_bytes`` bytes or ``max_pixels`` pixels;

    and :class:`~idextract.errors.ImageNotFoundError` for a path that does not exist.
    """
    if isinstance(source, Image.Image):
        return _finish(source, max_pixels=max_pixels, exif=True)
    data = _read_bytes(source, max_bytes=max_bytes)
    return _decode(data, max_pixels=max_pixels)


def fit_for_ocr(image: Image.Image, max_side: int = 1600) -> tuple[Image.Image, float]:
    """Downscale ``image`` so its long side is at most ``max_side``; never upscale.

    Returns the image (the same object when nothing changed) and the scale applied, so that
    boxes found on the result map back by dividing by it. Upscaling is refused on purpose:
    measured on receipt photos it was 1.4-2.9x slower and lost dates (see embedded-ocr.md).
    """
    if max_side <= 0:
        raise ValueError("max_side must be positive")
    w, h = image.size
    long_side = max(w, h)
    if long_side <= max_side:
        return image, 1.0
    scale = max_side / long_side
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    # reducing_gap: a fast integer reduce first, then LANCZOS for the last step; visually the same
    # as plain LANCZOS and several times faster on 12 MP photos.
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0), scale


def to_png_bytes(image: Image.Image, *, compress_level: int = 3) -> bytes:
    """Encode ``image`` as PNG. Level 3 is ~3x faster than the default 6 for a few % more bytes."""
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=compress_level)
    return buf.getvalue()


# --- reading ------------------------------------------------------------------------------------


def _read_bytes(source: Any, *, max_bytes: int) -> bytes:
    """The encoded bytes of ``source``, after the type, presence and byte-size checks."""
    if source is None:
        raise InputError("no image was given", code="parameter_missing")
    if isinstance(source, (bytes, bytearray, memoryview)):
        size = source.nbytes if isinstance(source, memoryview) else len(source)
        if size == 0:
            raise InputError("the image is empty (0 bytes)", code="parameter_missing")
        _check_bytes(size, max_bytes)
        return bytes(source)
    if isinstance(source, str):
        return _read_path_str(source, max_bytes=max_bytes)
    if isinstance(source, os.PathLike):
        return _read_file(Path(os.fsdecode(source)), max_bytes=max_bytes)
    if callable(getattr(source, "read", None)):
        return _read_stream(source, max_bytes=max_bytes)
    raise InputError(
        f"unsupported image input type {type(source).__name__}: give a path, bytes, a binary file "
        "object or a PIL.Image.Image",
        code="invalid_parameter_type",
    )


def _read_path_str(source: str, *, max_bytes: int) -> bytes:
    if not source.strip():
        raise InputError("no image was given (empty string)", code="parameter_missing")
    if _URL.match(source) or _DATA_URL.match(source):
        # Never echo the string: a data URL is the image itself.
        raise InputError(
            "image URLs and data: URLs are not supported yet (issue #5); give a path or bytes",
            code="invalid_parameter",
        )
    if "\x00" in source:
        # os.stat rejects NUL; such a string is almost always binary data decoded by mistake.
        raise InputError("the image path contains a NUL character", code="invalid_parameter")
    path = Path(source)
    if _BASE64.match(source) and not _exists(path):
        raise InputError(
            "base64 image strings are not supported yet (issue #5); decode to bytes first",
            code="invalid_parameter",
        )
    return _read_file(path, max_bytes=max_bytes)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # e.g. "File name too long" for a long base64 string
        return False


def _read_file(path: Path, *, max_bytes: int) -> bytes:
    shown = _short(str(path))
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ImageNotFoundError(f"image file not found: {shown}") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"image path cannot be used: {shown}", code="invalid_parameter") from exc
    if path.is_dir():
        raise InputError(f"image path is a directory: {shown}", code="invalid_parameter")
    # stat first: refuse a 2 GB file without reading it.
    _check_bytes(st.st_size, max_bytes)
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"image file cannot be read: {shown}", code="invalid_parameter") from exc
    if not data:
        raise InputError(f"image file is empty: {shown}", code="parameter_missing")
    _check_bytes(len(data), max_bytes)  # the file may have grown, or be a pipe with st_size 0
    return data


def _read_stream(stream: Any, *, max_bytes: int) -> bytes:
    # Read one byte past the limit: enough to know it is too large without reading it all.
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise InputError("the image stream cannot be read", code="invalid_parameter") from exc
    if isinstance(data, str):
        raise InputError(
            "the image file object is in text mode; open it with 'rb'", code="invalid_parameter_type"
        )
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(
            f"the image file object's read() returned {type(data).__name__}, not bytes",
            code="invalid_parameter_type",
        )
    if not data:
        raise InputError("the image stream is empty", code="parameter_missing")
    _check_bytes(len(data), max_bytes)
    return bytes(data)


def _check_bytes(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(
            f"the image is larger than {max_bytes} bytes; send a smaller JPEG", code="image_too_large"
        )


def _short(text: str) -> str:
    return text if len(text) <= _MAX_PATH_IN_MESSAGE else text[: _MAX_PATH_IN_MESSAGE - 3] + "..."


# --- decoding -----------------------------------------------------------------------------------


def _decode(data: bytes, *, max_pixels: int) -> Image.Image:
    try:
        # Image.open reads only the header; pixels are decoded by load() below.
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(max_pixels) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InputError(
            "the image cannot be decoded: not a supported image format, or a damaged file",
            code="unsupported_image",
        ) from exc
    _check_pixels(image.size, max_pixels)
    fmt = image.format or "unknown"
    try:
        image.seek(0)  # the first page of a TIFF or the first frame of a GIF/WebP
        image.load()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(max_pixels) from exc
    except Exception as exc:  # noqa: BLE001 - decoders raise many types; all mean "damaged"
        raise InputError(
            f"the {fmt} image cannot be decoded (damaged or truncated file)", code="unsupported_image"
        ) from exc
    return _finish(image, max_pixels=max_pixels, exif=True)


def _check_pixels(size: tuple[int, int], max_pixels: int) -> None:
    w, h = size
    if w * h > max_pixels:
        raise _too_many_pixels(max_pixels)
    if min(w, h) < MIN_SIDE:
        raise InputError(
            f"image is empty/too small ({w}x{h} px; at least {MIN_SIDE} px a side)", code="invalid_parameter"
        )


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
