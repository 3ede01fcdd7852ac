"""Downloading an image from an http(s) URL without becoming a proxy into the caller's network.

An expense backend that passes its users' URLs to :func:`download` must not let a user make it
fetch ``http://169.254.169.254/`` (cloud metadata), ``http://localhost:6379/`` or a host on the
office LAN. So, for every hop (the URL given and each redirect, followed by hand):

1. the URL is checked: http or https only, a host, a valid port (:func:`~idextract.urls.validate_url`);
2. the host is resolved once and **every** address it resolves to must be public
   (:func:`~idextract.urls.is_public_address`): loopback, private, link-local (169.254.x.x, cloud metadata),
   shared (100.64/10), multicast, reserved and unspecified addresses are refused with
   ``url_not_allowed`` unless the caller opts in (``allow_private_urls=True``);
3. the connection is made to the address that was checked, not to a second resolution of the
   name. Resolving twice (once to check, once to connect) is the DNS-rebinding hole: a name with
   a zero TTL can answer a public address to the check and 127.0.0.1 to the connect. The pinning
   is done by a connection class whose only change is the address it connects to; the Host
   header, TLS SNI and the certificate check still use the name. Known limits: only the first
   allowed address is tried (no fallback to the next one on a connection error); proxies from
   the environment are ignored on purpose (a proxy resolves the name itself, which would undo
   the check), so a deployment behind an egress proxy cannot use URL input as is.

Time is bounded twice: each wait by the (connect, read) timeout, and the whole download,
every redirect hop included, by one deadline (``deadline`` seconds, 30 by default) that the
library enforces itself: before every blocking step (name resolution, connect, TLS handshake,
sending, and each receive of the status line, the headers and the body) the socket's timeout
is set to the smaller of that step's timeout and the time left. A server that drips its headers
or its body a byte at a time, each byte within the read timeout, is cut off at the deadline
(plus a few milliseconds). Name resolution waits at most the connect timeout, within the
deadline (getaddrinfo has no timeout of its own). Reading stops one chunk past ``max_bytes``:
an unbounded body is never read. The response must be an image (``image/*``,
``application/pdf``, or ``application/octet-stream`` / no type with an image's magic bytes).

Every failure is an :class:`~idextract.errors.InputError` with code ``download_failed`` (or
``url_not_allowed`` / ``invalid_url_*``), whose message shows the URL as scheme and host only: no
user info, path or query, which may carry tokens or personal values. The error carries no
``__cause__`` or ``__context__`` (requests' and urllib3's exceptions quote the whole URL), and
while a download runs, the log records of urllib3 (which logs each request's path and query
at DEBUG) have that URL's path, query, user info and fragment replaced by ``<hidden>``: a
filter on urllib3's loggers, installed when this module is imported, that touches nothing
outside a download. The URL and address policy itself is :mod:`idextract.urls`.
"""

from __future__ import annotations

import contextvars
import logging
import os
import urllib.parse
from collections.abc import Callable, Iterable

import requests
import urllib3

from .errors import InputError
from .pinning import Clock, PinnedAdapter
from .urls import Address, Resolver, idna_host, resolve_checked, shown_url, validate_url

__all__ = ["DEFAULT_DEADLINE", "DEFAULT_TIMEOUT", "HEIF_BRANDS", "MAX_REDIRECTS", "download", "looks_like_image"]

#: (connect, read) seconds. The read timeout bounds each wait for a packet, not the whole body.
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 20.0)
#: Seconds for the whole download: resolution, connection, headers and body, redirects included.
DEFAULT_DEADLINE = 30.0
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}

# What the first bytes of an image (or PDF) look like; used when a server says octet-stream.
_MAGIC: tuple[bytes, ...] = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
    b"%PDF-",
)
#: ISO-BMFF brands of HEIF photos (iPhones); AVIF shares the container, and Pillow reads it itself.
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")
_AVIF_BRANDS = (b"avif", b"avis")


# --- no URL path or query in log records ----------------------------------------------------------

#: The parts of the URLs being downloaded (in this context) that must not reach a log record.
_HIDDEN: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("idextract_fetch_hidden", default=None)
_HIDE_LOGGERS = ("urllib3.connectionpool", "urllib3.connection", "urllib3.response", "urllib3.poolmanager",
                 "urllib3.util.retry", "urllib3.http2.connection", "urllib3.contrib.pyopenssl", "requests")


def _hide(hidden: list[str], url: str) -> None:
    """Add ``url`` and its path, query, user info and fragment to what log records must not show."""
    found = [url]
    try:
        parts = urllib.parse.urlsplit(url)
        found += [parts.path + ("?" + parts.query if parts.query else ""), parts.path, parts.query,
                  parts.fragment, parts.username or "", parts.password or ""]
    except ValueError:
        pass
    for text in found:
        if len(text) > 1 and text not in hidden:
            hidden.append(text)
    hidden.sort(key=len, reverse=True)  # the whole URL before its parts


def _scrub(text: str, hidden: list[str]) -> str:
    for secret in hidden:
        text = text.replace(secret, "<hidden>")
    return text


class _HideUrls(logging.Filter):
    """Rewrites the records urllib3 emits during a download so they carry no path or query."""

    def filter(self, record: logging.LogRecord) -> bool:
        hidden = _HIDDEN.get()
        if not hidden:
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a record whose arguments do not fit its format
            message = f"{record.msg} {record.args}"
        clean = _scrub(message, hidden)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            if _scrub(text, hidden) != text:
                record.exc_info, record.exc_text = None, _scrub(text, hidden)
        elif record.exc_text:
            record.exc_text = _scrub(record.exc_text, hidden)
        if record.stack_info:
            record.stack_info = _scrub(record.stack_info, hidden)
        return True


_HIDE_FILTER = _HideUrls()
for _name in _HIDE_LOGGERS:
    _logger = logging.getLogger(_name)
    if not any(isinstance(f, _HideUrls) for f in _logger.filters):
        _logger.addFilter(_HIDE_FILTER)


# --- download -----------------------------------------------------------------------------------


def looks_like_image(head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a body) starts like an image or a PDF."""
    if head.startswith(_MAGIC):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    if head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00":  # BMP: "BM", size, two zero fields
        return True
    return head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS + _AVIF_BRANDS


def _timeouts(timeout: float | tuple[float, float] | None) -> tuple[float, float]:
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, (int, float)):
        return float(timeout), float(timeout)
    connect, read = timeout
    return float(connect), float(read)


def download(
    url: str,
    *,
    max_bytes: int,
    timeout: float | tuple[float, float] | None = DEFAULT_TIMEOUT,
    deadline: float | None = DEFAULT_DEADLINE,
    allow_private_urls: bool = False,
    resolver: Resolver | None = None,
    address_filter: Callable[[Address], bool] | None = None,
    max_redirects: int = MAX_REDIRECTS,
) -> bytes:
    """The body of the image at ``url``, at most ``max_bytes`` bytes.

    ``timeout`` is (connect, read) seconds, or one number for both: each wait for the network.
    ``deadline`` bounds the whole download: name resolution, connection, TLS, the status line,
    the headers and the body, redirects included (``None``: no deadline); every wait is cut to
    the time left, so the download ends at the deadline, not a read timeout later.
    ``resolver`` replaces DNS resolution; ``address_filter(ip)`` returning True lets one
    non-public address through without opening all of them (``allow_private_urls=True`` opens all).

    Raises :class:`InputError` with code ``invalid_url_format``, ``invalid_url_protocol``,
    ``url_not_allowed`` or ``download_failed``, without ``__cause__`` or ``__context__``.
    """
    hidden: list[str] = []
    token = _HIDDEN.set(hidden)
    try:
        return _download(url, hidden, max_bytes=max_bytes, timeouts=_timeouts(timeout), clock=Clock(deadline),
                         allow_private_urls=allow_private_urls, resolver=resolver, address_filter=address_filter,
                         max_redirects=max_redirects)
    finally:
        _HIDDEN.reset(token)


def _download(
    url: str,
    hidden: list[str],
    *,
    max_bytes: int,
    timeouts: tuple[float, float],
    clock: Clock,
    allow_private_urls: bool,
    resolver: Resolver | None,
    address_filter: Callable[[Address], bool] | None,
    max_redirects: int,
) -> bytes:
    connect_timeout, _ = timeouts  # the read timeout is _send's
    pins: dict[tuple[str, int], str] = {}
    with requests.Session() as session:
        _set_up(session, pins, clock)
        current = url.strip()
        shown = shown_url(current)
        for hop in range(max_redirects + 1):
            _hide(hidden, current)
            parts = validate_url(current) if hop == 0 else _validate_redirect(current, shown)
            shown = shown_url(current)
            host = idna_host(parts.hostname or "")
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            if clock.expired():
                raise _took_too_long(shown, clock)
            pins[(host, port)] = _resolve(host, port, shown=shown, clock=clock, seconds=connect_timeout,
                                          allow_private_urls=allow_private_urls, resolver=resolver,
                                          address_filter=address_filter)
            response = _send(session, current, hidden, shown=shown, clock=clock, timeouts=timeouts)
            with response:
                if response.status_code in _REDIRECTS and response.headers.get("Location"):
                    current = urllib.parse.urljoin(current, response.headers["Location"].strip())
                    continue
                return _read_body(response, shown=shown, max_bytes=max_bytes, clock=clock)
        raise InputError(f"{shown} redirected more than {max_redirects} times", code="download_failed")


def _set_up(session: requests.Session, pins: dict[tuple[str, int], str], clock: Clock) -> None:
    """Make ``session`` connect only to the pinned (checked) addresses, with the download's headers."""
    # Environment proxies and .netrc are ignored: a proxy would resolve the host itself.
    session.trust_env = False
    session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
    adapter = PinnedAdapter(pins, clock)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({
        "User-Agent": "idextract (image download)",
        "Accept": "image/*, application/pdf;q=0.8, */*;q=0.1",
        "Accept-Encoding": "identity",  # images are compressed already; no gzip bombs
    })


def _send(session: requests.Session, current: str, hidden: list[str], *, shown: str, clock: Clock,
          timeouts: tuple[float, float]) -> requests.Response:
    """GET ``current`` (one hop, redirects not followed); a known failure is an InputError showing ``shown``."""
    connect_timeout, read_timeout = timeouts
    failure: InputError | None = None
    try:
        prepared = session.prepare_request(requests.Request("GET", current))
        _hide(hidden, prepared.url or "")
        _hide(hidden, prepared.path_url)
        response = session.send(
            prepared, stream=True, allow_redirects=False,
            timeout=(clock.wait(connect_timeout), clock.wait(read_timeout)),
        )
    except Exception as exc:  # sorted below; anything unknown is raised as is
        failure = _request_failure(exc, shown, clock)
        if failure is None:
            raise
    # Raised here, after the except block: no __context__ quoting the whole URL.
    if failure is not None:
        raise failure
    return response


def _resolve(host: str, port: int, *, shown: str, clock: Clock, seconds: float, allow_private_urls: bool,
             resolver: Resolver | None, address_filter: Callable[[Address], bool] | None) -> str:
    try:
        return resolve_checked(
            host, port, shown=shown, allow_private_urls=allow_private_urls, resolver=resolver,
            address_filter=address_filter, seconds=min(seconds, clock.left()),
        )
    except InputError as exc:
        if exc.code != "download_failed" or not clock.expired():
            raise
    raise _no_answer(shown, clock)


def _request_failure(exc: Exception, shown: str, clock: Clock) -> InputError | None:
    """The InputError for what requests raised (None: not a network error, raise it as is)."""
    if isinstance(exc, InputError):
        exc.__cause__ = exc.__context__ = None
        return exc
    if not isinstance(exc, (requests.RequestException, OSError, ValueError)):
        return None
    if isinstance(exc, requests.exceptions.SSLError):
        return InputError(f"the TLS connection to {shown} failed", code="download_failed")
    if clock.expired():
        return _no_answer(shown, clock)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return InputError(f"connecting to {shown} timed out", code="download_failed")
    if isinstance(exc, requests.exceptions.Timeout):
        return InputError(f"{shown} did not answer in time", code="download_failed")
    return InputError(f"cannot connect to {shown}", code="download_failed")


def _validate_redirect(url: str, shown_from: str) -> urllib.parse.SplitResult:
    try:
        return validate_url(url)
    except InputError as exc:
        code = exc.code
    raise InputError(f"{shown_from} redirected to a URL that cannot be used ({code})", code="download_failed")


def _no_answer(shown: str, clock: Clock) -> InputError:
    return InputError(f"{shown} did not answer within the {clock.limit:g} s deadline", code="download_failed")


def _took_too_long(shown: str, clock: Clock) -> InputError:
    return InputError(f"downloading from {shown} took longer than {clock.limit:g} s", code="download_failed")


def _read_body(response: requests.Response, *, shown: str, max_bytes: int, clock: Clock) -> bytes:
    status = response.status_code
    if not 200 <= status < 300:
        raise InputError(f"{shown} answered HTTP {status}", code="download_failed")
    ctype = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
    sniff = ctype in ("", "application/octet-stream", "binary/octet-stream")
    if not (ctype.startswith("image/") or ctype == "application/pdf" or sniff):
        raise InputError(f"{shown} answered with {ctype[:60]!r}, not an image", code="download_failed")
    declared = response.headers.get("Content-Length", "").strip()
    if declared.isdigit() and int(declared) > max_bytes:
        raise InputError(f"the image at {shown} is larger than {max_bytes} bytes", code="download_failed")
    body = bytearray()
    # read1 returns what one read of the socket gives (at most _CHUNK); each receive waits at most
    # the time left (see _DeadlineReader), and the deadline is checked again after every packet.
    # urllib3 < 2.3 has no read1; there the deadline is checked between 64 KB chunks.
    read1 = getattr(response.raw, "read1", None)
    chunks: Iterable[bytes] = iter(lambda: read1(_CHUNK), b"") if read1 else response.iter_content(_CHUNK)
    failure: InputError | None = None
    try:
        for chunk in chunks:
            body += chunk
            if len(body) > max_bytes:
                raise InputError(f"the image at {shown} is larger than {max_bytes} bytes", code="download_failed")
            if clock.expired():
                raise _took_too_long(shown, clock)
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        # requests reports a read timeout inside the body as a ConnectionError.
        if clock.expired():
            failure = _took_too_long(shown, clock)
        else:
            timed_out = isinstance(exc, requests.exceptions.Timeout) or "timed out" in str(exc).lower()
            what = "stopped sending the image (read timeout)" if timed_out else "broke off the download"
            failure = InputError(f"{shown} {what}", code="download_failed")
    if failure is not None:  # raised outside the except block: no __context__ quoting the URL
        raise failure
    if not body:
        raise InputError(f"{shown} sent an empty body", code="download_failed")
    if sniff and not looks_like_image(bytes(body[:16])):
        raise InputError(f"{shown} sent {ctype or 'untyped'} data that is not an image", code="download_failed")
    return bytes(body)
