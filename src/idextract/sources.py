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
import io
import os
import stat
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
_MAX_PATH = 4096  # PATH_MAX on Linux: a longer string is no path


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
        return _read_file(_fspath(source), max_bytes=max_bytes)
    if callable(getattr(source, "read", None)):
        return _read_stream(source, max_bytes=max_bytes)
    raise InputError(
        f"unsupported image input type {type(source).__name__}: give a path, an http(s) URL, base64 "
        "text, bytes, a binary file object or a PIL.Image.Image",
        code="invalid_parameter_type",
    )


def _fspath(source: os.PathLike[Any]) -> Path:
    """The path of a PathLike, whatever its ``__fspath__`` does (returns an int, raises...)."""
    try:
        return Path(os.fsdecode(source))
    except Exception:  # noqa: BLE001 - a hostile __fspath__ can raise anything
        raise InputError(
            f"the {type(source).__name__} object given as the image path does not give a path",
            code="invalid_parameter_type",
        ) from None


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
            scheme = m.group(1).lower()
            shown = repr(scheme) if scheme in _URL_SCHEMES else "of the image URL"
            raise InputError(f"the scheme {shown} is not allowed; use http or https", code="invalid_url_protocol")
        return download(source, max_bytes=max_bytes, **fetch)
    if kind == "base64":
        return _decode_base64(source, max_bytes=max_bytes, what="the base64 image string")
    if "\x00" in source or (("\n" in source or len(source) > _MAX_PATH) and not _exists(Path(source))):
        # Not a path: text or binary data handed over by mistake (OCR text, a NIK, a document).
        raise InputError(
            f"the image string ({_describe(source)}) is not a file path, an http(s) URL or base64",
            code="invalid_parameter",
        )
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
    if media_type and not (media_type.startswith("image/")
                           or media_type in ("application/octet-stream", "application/pdf")):
        raise InputError("the data URL's media type is not an image type", code="unsupported_image")
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
    """A regular file's bytes. FIFOs, sockets and devices are refused before they are opened
    (opening a FIFO for reading blocks until a writer comes; a device can be endless), and the
    file opened is checked again (it may have been swapped after the first look)."""
    what = _describe(str(path), kind="path")
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ImageNotFoundError(f"image file not found ({what})") from None
    except (OSError, ValueError) as exc:
        # The OSError carries the path (``exc.filename``): only its type goes on.
        raise InputError(f"the image path cannot be used ({what}; {type(exc).__name__})",
                         code="invalid_parameter") from None
    _check_regular(st.st_mode, what)
    # stat first: refuse a 2 GB file without reading it.
    _check_bytes(st.st_size, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(f"the image file cannot be opened ({what}; {type(exc).__name__})",
                         code="invalid_parameter") from None
    try:
        _check_regular(os.fstat(fd).st_mode, what)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"the image file cannot be read ({what}; {type(exc).__name__})",
                         code="invalid_parameter") from None
    finally:
        os.close(fd)
    if not data:
        raise InputError(f"the image file is empty ({what})", code="parameter_missing")
    _check_bytes(len(data), max_bytes)  # the file may have grown since stat
    return data


def _check_regular(mode: int, what: str) -> None:
    if stat.S_ISDIR(mode):
        raise InputError(f"the image path is a directory ({what})", code="invalid_parameter")
    if not stat.S_ISREG(mode):
        kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        raise InputError(f"the image path is {kind}, not a regular file ({what})", code="invalid_parameter")


def _read_stream(stream: Any, *, max_bytes: int) -> bytes:
    name = type(stream).__name__
    if isinstance(stream, io.TextIOBase):
        raise InputError(f"the image file object ({name}) is in text mode; open it with 'rb'",
                         code="invalid_parameter_type")
    if getattr(stream, "closed", False) is True:
        raise InputError(f"the image file object ({name}) is closed", code="invalid_parameter")
    # Read one byte past the limit: enough to know it is too large without reading it all.
    try:
        data = stream.read(max_bytes + 1)
    except UnicodeDecodeError:
        raise InputError(f"the image file object ({name}) is in text mode; open it with 'rb'",
                         code="invalid_parameter_type") from None
    except Exception as exc:  # noqa: BLE001 - a caller's read() can raise anything; its text may hold the data
        raise InputError(f"the image file object ({name}) cannot be read ({type(exc).__name__})",
                         code="invalid_parameter") from None
    if isinstance(data, str):
        raise InputError(
            f"the image file object ({name}) is in text mode; open it with 'rb'", code="invalid_parameter_type"
        )
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(
            f"the image file object's read() returned {type(data).__name__}, not bytes",
            code="invalid_parameter_type",
        )
    size = data.nbytes if isinstance(data, memoryview) else len(data)
    if not size:
        raise InputError("the image stream is empty", code="parameter_missing")
    _check_bytes(size, max_bytes)
    return bytes(data)


def _check_bytes(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(
            f"the image is larger than {max_bytes} bytes; send a smaller JPEG", code="image_too_large"
        )


def _describe(text: str, *, kind: str = "") -> str:
    """What a string looked like, never what it said: its kind and size."""
    lines = text.count("\n") + 1
    shape = f"{len(text)} characters" + (f", {lines} lines" if lines > 1 else "")
    return f"{kind} of {shape}" if kind else shape
