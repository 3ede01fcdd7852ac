"""How each kind of image input becomes bytes: paths, streams, base64, data URLs and URLs.

:func:`read_bytes` checks the kind, presence and byte size of what a caller hands
:func:`idextract.images.load_image` and returns its encoded bytes; decoding is the images
module's. Messages never echo the input: a data URL or base64 string is the image itself, and a
URL's path or query can carry tokens, so URLs are shown as scheme and host only.

How a ``str`` is read, in this order: ``data:`` -> a data URL; ``scheme://...`` -> a URL (only
http and https are allowed); an existing file -> that file; ``http//x``, ``http:x``, ``file:x``
-> a malformed URL; something that looks like base64 (no dot, no backslash, only base64
characters, at least 64 of them, and either decoding to an image's magic bytes or long) ->
base64; anything else -> a path that does not exist. File names have dots or are short, so
an ordinary file name is never taken for base64.
"""

from __future__ import annotations

import base64
import binascii
import os
import urllib.parse
from pathlib import Path
from typing import Any, Literal

import regex

from .errors import ImageNotFoundError, InputError
from .fetch import download, looks_like_image

__all__ = ["classify_source", "read_bytes"]

# What a URL, a data: URL or a bare base64 payload looks like (see the module docstring).
_SCHEME = regex.compile(r"^\s*([A-Za-z][A-Za-z0-9+.\-]+):(.*)$", regex.DOTALL)
_NO_COLON_HTTP = regex.compile(r"^\s*https?//", regex.IGNORECASE)
_DATA_URL = regex.compile(r"^\s*data:([^,]*),(.*)$", regex.IGNORECASE | regex.DOTALL)
# Schemes taken as a URL even without "//" (file:/etc/passwd, http:x); a file of that name wins.
_URL_SCHEMES = frozenset(
    "http https ftp ftps sftp tftp file gopher ws wss s3 gs smb nfs ldap ldaps dict ssh scp telnet "
    "mailto javascript blob about jar netdoc rtsp git svn".split()
)
_WS = regex.compile(r"\s+")
_B64_CHARS = regex.compile(r"[A-Za-z0-9+/_\-]*={0,2}")
_MIN_BASE64 = 64  # the smallest real image (an 8 x 8 PNG) is longer than this in base64
_LONG_BASE64 = 256  # base64 without image magic is only guessed past NAME_MAX (255)
# Paths echoed in messages are cut to this length: a message names the path, nothing more.
_MAX_PATH_IN_MESSAGE = 200


def classify_source(source: str) -> Literal["url", "data_url", "base64", "path"]:
    """How :func:`load_image` reads the string ``source``, without reading it.

    ``"url"`` covers every scheme (an ``ftp://`` URL is a URL that is then refused) and
    malformed http URLs; a hosted OCR API that takes URLs and base64 itself can branch on this.
    """
    text = source.strip()
    if _DATA_URL.match(text) or text.lower().startswith("data:"):
        return "data_url"
    m = _SCHEME.match(text)
    if m and m.group(2).startswith("//"):
        return "url"
    if "\x00" not in source and _exists(Path(source)):
        return "path"
    if (m and m.group(1).lower() in _URL_SCHEMES) or _NO_COLON_HTTP.match(text):
        return "url"
    if _looks_like_base64(text):
        return "base64"
    return "path"


def read_bytes(source: Any, *, max_bytes: int, fetch: dict[str, Any]) -> bytes:
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
        return _read_str(source, max_bytes=max_bytes, fetch=fetch)
    if isinstance(source, os.PathLike):
        return _read_file(Path(os.fsdecode(source)), max_bytes=max_bytes)
    if callable(getattr(source, "read", None)):
        return _read_stream(source, max_bytes=max_bytes)
    raise InputError(
        f"unsupported image input type {type(source).__name__}: give a path, an http(s) URL, base64 "
        "text, bytes, a binary file object or a PIL.Image.Image",
        code="invalid_parameter_type",
    )


def _read_str(source: str, *, max_bytes: int, fetch: dict[str, Any]) -> bytes:
    if not source.strip():
        raise InputError("no image was given (empty string)", code="parameter_missing")
    # Messages below never echo the string: a data URL or base64 string is the image itself,
    # and a URL's path or query can carry tokens; URLs are shown as scheme and host only.
    kind = classify_source(source)
    if kind == "data_url":
        return _read_data_url(source, max_bytes=max_bytes)
    if kind == "url":
        m = _SCHEME.match(source)
        if m is None or m.group(1).lower() not in ("http", "https") or not m.group(2).startswith("//"):
            if m is None or m.group(1).lower() in ("http", "https"):
                # http//x, http:/x, http:x
                raise InputError("the image URL is malformed; it must start with http:// or https://",
                                 code="invalid_url_format")
            raise InputError(
                f"the image URL scheme {m.group(1).lower()[:20]!r} is not allowed; use http or https",
                code="invalid_url_protocol",
            )
        return download(source, max_bytes=max_bytes, **fetch)
    if kind == "base64":
        return _decode_base64(source, max_bytes=max_bytes, what="the base64 image string")
    if "\x00" in source:
        # os.stat rejects NUL; such a string is almost always binary data decoded by mistake.
        raise InputError("the image path contains a NUL character", code="invalid_parameter")
    return _read_file(Path(source), max_bytes=max_bytes)


def _looks_like_base64(text: str) -> bool:
    """Whether ``text`` (not an existing file) is base64 rather than a path; see the docstring."""
    if "." in text or "\\" in text or ":" in text:
        return False  # file names have extensions; base64 has no dots, colons or backslashes
    compact = _WS.sub("", text)
    if len(compact) < _MIN_BASE64:
        return False
    head = compact[:24].replace("-", "+").replace("_", "/")
    try:
        if looks_like_image(base64.b64decode(head, validate=True)):
            return True  # an image's magic bytes: base64, even if damaged further on
    except (binascii.Error, ValueError):
        pass
    if len(compact) < _LONG_BASE64 or not _B64_CHARS.fullmatch(compact):
        return False
    # A long run of base64 characters with a "/" could still be a deep path: it is one when it is
    # absolute (base64 starting with "/" and no image magic is 0xFC-0xFF bytes) or when its first
    # component exists.
    return not ("/" in text and (text.lstrip().startswith("/") or _exists(Path(text.lstrip().split("/", 1)[0]))))


def _read_data_url(source: str, *, max_bytes: int) -> bytes:
    m = _DATA_URL.match(source)
    if m is None:
        raise InputError("the data URL has no ',' before its data", code="invalid_base64_format")
    params = [p.strip().lower() for p in m.group(1).split(";")]
    media_type = params[0]
    if "base64" not in params[1:]:
        raise InputError("the data URL is not base64-encoded (';base64,' is missing)", code="invalid_base64_format")
    if media_type and not (media_type.startswith("image/") or media_type in ("application/octet-stream", "application/pdf")):
        raise InputError(f"the data URL's type {media_type[:60]!r} is not an image", code="unsupported_image")
    payload = m.group(2)
    if "%" in payload:
        payload = urllib.parse.unquote(payload)  # "%2B" for "+" in URL-escaped data URLs
    return _decode_base64(payload, max_bytes=max_bytes, what="the data URL")


def _decode_base64(text: str, *, max_bytes: int, what: str) -> bytes:
    compact = _WS.sub("", text)
    if not compact:
        raise InputError(f"{what} holds no data", code="invalid_base64_format")
    # Refuse an oversized payload before decoding it (4 characters carry 3 bytes).
    if len(compact.rstrip("=")) * 3 // 4 > max_bytes:
        raise InputError(f"the image is larger than {max_bytes} bytes; send a smaller JPEG", code="image_too_large")
    if not _B64_CHARS.fullmatch(compact):
        raise InputError(f"{what} is not valid base64: characters outside the base64 alphabet",
                         code="invalid_base64_format")
    urlsafe = "-" in compact or "_" in compact
    if urlsafe and ("+" in compact or "/" in compact):
        raise InputError(f"{what} is not valid base64: it mixes the standard and URL-safe alphabets",
                         code="invalid_base64_format")
    body = compact.rstrip("=")
    if len(body) % 4 == 1:
        raise InputError(f"{what} is not valid base64: truncated (wrong length)", code="invalid_base64_format")
    padded = body + "=" * (-len(body) % 4)  # padding is often stripped; accept that
    try:
        data = base64.b64decode(padded, altchars=b"-_" if urlsafe else None, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(f"{what} is not valid base64", code="invalid_base64_format") from None
    if not data:
        raise InputError(f"{what} holds no data", code="invalid_base64_format")
    _check_bytes(len(data), max_bytes)
    return data


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
