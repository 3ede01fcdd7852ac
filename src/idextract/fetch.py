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

Name resolution waits at most the connect timeout (getaddrinfo has no timeout of its own).
Then the body is streamed with a (connect, read) timeout and a total deadline, and reading
stops one chunk past ``max_bytes``: an unbounded body is never read. The response must be an
image (``image/*``, ``application/pdf``, or ``application/octet-stream`` / no type with an
image's magic bytes). Every failure is an :class:`~idextract.errors.InputError` with code
``download_failed`` (or ``url_not_allowed`` / ``invalid_url_*``), whose message shows the URL as
scheme and host only: no user info, path or query, which may carry tokens or personal values.
The URL and address policy itself is :mod:`idextract.urls`.
"""

from __future__ import annotations

import os
import socket
import time
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.poolmanager import PoolManager
from urllib3.util import connection as _u3conn

from .errors import InputError
from .urls import Address, Resolver, idna_host, resolve_checked, shown_url, validate_url

__all__ = ["DEFAULT_DEADLINE", "DEFAULT_TIMEOUT", "HEIF_BRANDS", "MAX_REDIRECTS", "download", "looks_like_image"]

#: (connect, read) seconds. The read timeout bounds each wait for a packet, not the whole body.
DEFAULT_TIMEOUT: tuple[float, float] = (5.0, 20.0)
#: Seconds for the whole download, redirects included.
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


# --- connections pinned to the checked address ---------------------------------------------------


def _pinned(base: type[HTTPConnection], address: str) -> type[HTTPConnection]:
    class Pinned(base):  # type: ignore[valid-type,misc]
        """Connects to ``address``; everything else (Host header, SNI, certificate) uses the name."""

        def _new_conn(self) -> socket.socket:
            try:
                return _u3conn.create_connection(
                    (address, self.port), self.timeout,
                    source_address=self.source_address, socket_options=self.socket_options,
                )
            except socket.timeout as exc:
                raise ConnectTimeoutError(self, f"connection timed out (timeout={self.timeout})") from exc
            except OSError as exc:
                raise NewConnectionError(self, f"failed to establish a new connection: {exc}") from exc

    return Pinned


class _PinnedPoolManager(PoolManager):
    def __init__(self, pins: dict[tuple[str, int], str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pins = pins

    def _new_pool(self, scheme: str, host: str, port: int, request_context: dict[str, Any] | None = None) -> Any:
        pool = super()._new_pool(scheme, host, port, request_context)
        address = self._pins.get((host.strip("[]").lower(), port))
        if address is None:  # never happens: every hop is checked before it is requested
            raise InputError("refusing a connection to a host that was not checked", code="url_not_allowed")
        pool.ConnectionCls = _pinned(HTTPSConnection if scheme == "https" else HTTPConnection, address)
        return pool


class _PinnedAdapter(HTTPAdapter):
    def __init__(self, pins: dict[tuple[str, int], str]) -> None:
        self._pins = pins
        super().__init__(max_retries=0)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        self._pool_connections = connections
        self._pool_maxsize = maxsize
        self._pool_block = block
        self.poolmanager = _PinnedPoolManager(self._pins, num_pools=connections, maxsize=maxsize, block=block,
                                              **pool_kwargs)


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

    ``timeout`` is (connect, read) seconds, or one number for both; ``deadline`` bounds the
    whole download, redirects included (the last read can overrun it by at most the read
    timeout, which is clamped to the time left). ``resolver`` replaces DNS resolution;
    ``address_filter(ip)`` returning True lets one non-public address through without opening
    all of them (``allow_private_urls=True`` opens all).

    Raises :class:`InputError` with code ``invalid_url_format``, ``invalid_url_protocol``,
    ``url_not_allowed`` or ``download_failed``.
    """
    connect_timeout, read_timeout = _timeouts(timeout)
    start = time.monotonic()
    limit = float("inf") if deadline is None else float(deadline)
    pins: dict[tuple[str, int], str] = {}
    with requests.Session() as session:
        # Environment proxies and .netrc are ignored: a proxy would resolve the host itself.
        session.trust_env = False
        session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        adapter = _PinnedAdapter(pins)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers.update({
            "User-Agent": "idextract (image download)",
            "Accept": "image/*, application/pdf;q=0.8, */*;q=0.1",
            "Accept-Encoding": "identity",  # images are compressed already; no gzip bombs
        })
        current = url.strip()
        shown = shown_url(current)
        for hop in range(max_redirects + 1):
            parts = validate_url(current) if hop == 0 else _validate_redirect(current, shown)
            shown = shown_url(current)
            host = idna_host(parts.hostname or "")
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            left = limit - (time.monotonic() - start)
            if left <= 0:
                raise _deadline(shown, limit)
            pins[(host, port)] = resolve_checked(
                host, port, shown=shown, allow_private_urls=allow_private_urls, resolver=resolver,
                address_filter=address_filter, seconds=min(connect_timeout, left),
            )
            left = limit - (time.monotonic() - start)
            if left <= 0:
                raise _deadline(shown, limit)
            try:
                response = session.get(
                    current, stream=True, allow_redirects=False,
                    timeout=(min(connect_timeout, left), min(read_timeout, left)),
                )
            except requests.exceptions.ConnectTimeout as exc:
                raise InputError(f"connecting to {shown} timed out", code="download_failed") from exc
            except requests.exceptions.Timeout as exc:
                raise InputError(f"{shown} did not answer in time", code="download_failed") from exc
            except InputError:
                raise
            except requests.exceptions.SSLError as exc:
                raise InputError(f"the TLS connection to {shown} failed", code="download_failed") from exc
            except (requests.RequestException, OSError, ValueError) as exc:
                raise InputError(f"cannot connect to {shown}", code="download_failed") from exc
            with response:
                if response.status_code in _REDIRECTS and response.headers.get("Location"):
                    current = urllib.parse.urljoin(current, response.headers["Location"].strip())
                    continue
                return _read_body(response, shown=shown, max_bytes=max_bytes, start=start, limit=limit)
        raise InputError(f"{shown} redirected more than {max_redirects} times", code="download_failed")


def _validate_redirect(url: str, shown_from: str) -> urllib.parse.SplitResult:
    try:
        return validate_url(url)
    except InputError as exc:
        raise InputError(f"{shown_from} redirected to a URL that cannot be used ({exc.code})",
                         code="download_failed") from exc


def _deadline(shown: str, limit: float) -> InputError:
    return InputError(f"downloading from {shown} took longer than {limit:g} s", code="download_failed")


def _read_body(response: requests.Response, *, shown: str, max_bytes: int, start: float, limit: float) -> bytes:
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
    # read1 returns what one read of the socket gives (at most _CHUNK), so the deadline is checked
    # after every packet: a server dripping one byte at a time cannot hold a 64 KB read open.
    # urllib3 < 2.3 has no read1; there the deadline is checked between 64 KB chunks.
    read1 = getattr(response.raw, "read1", None)
    chunks: Iterable[bytes] = iter(lambda: read1(_CHUNK), b"") if read1 else response.iter_content(_CHUNK)
    try:
        for chunk in chunks:
            body += chunk
            if len(body) > max_bytes:
                raise InputError(f"the image at {shown} is larger than {max_bytes} bytes", code="download_failed")
            if time.monotonic() - start > limit:
                raise _deadline(shown, limit)
    except (requests.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        # requests reports a read timeout inside the body as a ConnectionError.
        timed_out = isinstance(exc, requests.exceptions.Timeout) or "timed out" in str(exc).lower()
        what = "stopped sending the image (read timeout)" if timed_out else "broke off the download"
        raise InputError(f"{shown} {what}", code="download_failed") from exc
    if not body:
        raise InputError(f"{shown} sent an empty body", code="download_failed")
    if sniff and not looks_like_image(bytes(body[:16])):
        raise InputError(f"{shown} sent {ctype or 'untyped'} data that is not an image", code="download_failed")
    return bytes(body)
