"""Which image URLs may be fetched: their form, and the addresses their hosts resolve to.

:func:`validate_url` checks the form (http or https, a host, a valid port) and is also used on
URLs passed through to a hosted API; :func:`address_kind` says why an address is not public
(loopback, private, link-local and cloud metadata, shared, multicast, reserved, unspecified,
and the IPv6 forms that carry one of those); :func:`resolve_checked` resolves a host once, within
a time limit, and refuses it when any of its addresses is not public. :mod:`idextract.fetch`
then connects to the address checked here, never to a second resolution of the name.

>>> is_public_address("169.254.169.254"), is_public_address("8.8.8.8")
(False, True)
>>> shown_url("https://user:secret@example.com/r.jpg?token=abc")
'https://example.com'
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any

from .errors import InputError

__all__ = ["MAX_URL_LENGTH", "Address", "Resolver", "address_kind", "idna_host", "is_public_address",
           "resolve_checked", "shown_url", "validate_url"]

MAX_URL_LENGTH = 8192

#: ``resolver(host, port)`` -> the addresses (strings) the host resolves to. The default uses
#: :func:`socket.getaddrinfo`; tests and callers with their own DNS policy can pass another.
Resolver = Callable[[str, int], Iterable[str]]
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: not public either


# --- URLs ---------------------------------------------------------------------------------------


def shown_url(url: str) -> str:
    """``url`` cut to scheme and host, for messages: no user info, port, path or query."""
    try:
        parts = urllib.parse.urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return "the URL"
    scheme = parts.scheme.lower()[:10]
    if not host:
        return f"a {scheme} URL" if scheme else "the URL"
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host[:100]}"


def validate_url(url: str) -> urllib.parse.SplitResult:
    """Check that ``url`` is a well-formed http(s) URL with a host; return it split.

    Raises :class:`InputError` ``invalid_url_protocol`` for any other scheme and
    ``invalid_url_format`` for the rest (no host, a bad port, spaces, unparsable). Useful on its
    own to check a URL that is passed through to a hosted API rather than downloaded.
    """
    text = url.strip()
    if not text:
        raise InputError("no image was given (empty URL)", code="parameter_missing")
    if len(text) > MAX_URL_LENGTH:
        raise InputError(f"the image URL is longer than {MAX_URL_LENGTH} characters", code="invalid_url_format")
    # Errors are raised outside the except blocks, so that they carry no __context__: Python's
    # exceptions about a URL can quote its user info.
    parts = _split(text)
    if parts is None:
        raise InputError("the image URL cannot be parsed", code="invalid_url_format")
    scheme = parts.scheme.lower()
    if not scheme:
        raise InputError("the image URL has no scheme; use http:// or https://", code="invalid_url_format")
    if scheme not in ("http", "https"):
        raise InputError(
            f"the image URL scheme {scheme[:20]!r} is not allowed; use http or https",
            code="invalid_url_protocol",
        )
    if not text[len(scheme) + 1 :].startswith("//"):
        raise InputError(f"the image URL must start with {scheme}://", code="invalid_url_format")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise InputError("the image URL contains spaces or control characters", code="invalid_url_format")
    try:
        host, port, bad_port = parts.hostname, parts.port, False
    except ValueError:
        host, port, bad_port = None, None, True
    if bad_port:
        raise InputError(f"the port of the image URL {shown_url(text)} is not valid", code="invalid_url_format")
    if not host:
        raise InputError(f"the image URL {scheme}:// has no host", code="invalid_url_format")
    if port == 0:
        raise InputError(f"the port of the image URL {shown_url(text)} is not valid", code="invalid_url_format")
    try:
        idna_host(host)
        good_host = True
    except ValueError:
        good_host = False
    if not good_host:
        raise InputError("the host name of the image URL is not valid", code="invalid_url_format")
    return parts


def _split(text: str) -> urllib.parse.SplitResult | None:
    try:
        return urllib.parse.urlsplit(text)
    except ValueError:
        return None


def idna_host(host: str) -> str:
    """The host as it goes on the wire: IDNA for names, unchanged for IP literals."""
    host = host.strip("[]").lower()
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return host
    except ValueError:
        pass
    if len(host) > 253 or any(ch in host for ch in "/\\@?#<>\"'`{}|^"):
        raise ValueError("bad host")
    try:
        encoded = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValueError("bad host") from exc
    if not encoded or any(not label for label in encoded.rstrip(".").split(".")):
        raise ValueError("bad host")
    return encoded


# --- addresses ----------------------------------------------------------------------------------


def _parse_address(address: str | Address) -> Address:
    if isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return address
    return ipaddress.ip_address(str(address).split("%", 1)[0])  # drop an IPv6 zone id


def address_kind(address: str | Address) -> str | None:
    """Why ``address`` is not public ("loopback", "private", "link-local" ...), or ``None``."""
    ip = _parse_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address: judge the IPv4 address inside.
        if ip.ipv4_mapped is not None:
            return address_kind(ip.ipv4_mapped)
        if ip in _NAT64:
            return address_kind(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour is not None:
            return address_kind(ip.sixtofour)
        if ip.teredo is not None:
            return address_kind(ip.teredo[1])
        if ip.is_site_local:
            return "private"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "shared (carrier-grade NAT)"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if not ip.is_global:
        return "non-public"
    return None


def is_public_address(address: str | Address) -> bool:
    """Whether ``address`` is a public unicast address (what a URL from a user may reach)."""
    try:
        return address_kind(address) is None
    except ValueError:
        return False


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _resolve_within(resolver: Resolver, host: str, port: int, seconds: float) -> list[str]:
    """``resolver(host, port)``, waiting at most ``seconds``: getaddrinfo has no timeout of its
    own (a dead DNS server costs 5 s per try). On a timeout the lookup thread is left to finish
    on its own; it holds nothing but the lookup."""
    result: list[Any] = []

    def run() -> None:
        try:
            result.append(list((resolver)(host, port)))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            result.append(exc)

    thread = threading.Thread(target=run, name="idextract-resolve", daemon=True)
    thread.start()
    thread.join(max(0.0, seconds))
    if not result:
        raise TimeoutError("name resolution timed out")
    if isinstance(result[0], BaseException):
        raise result[0]
    return list(result[0])


def resolve_checked(
    host: str,
    port: int,
    *,
    shown: str,
    allow_private_urls: bool,
    resolver: Resolver | None,
    address_filter: Callable[[Address], bool] | None,
    seconds: float,
) -> str:
    """The address to connect to, after checking every address ``host`` resolves to."""
    bare = host.strip("[]")
    # Errors are raised outside the except blocks: no __cause__ or __context__ (a resolver's
    # exception could quote anything it was given).
    addresses: list[str] = []
    failed = ""
    try:
        if _is_ip(bare):
            addresses = [str(_parse_address(bare))]
        else:
            addresses = list(dict.fromkeys(_resolve_within(resolver or _system_resolver, bare, port, seconds)))
    except TimeoutError:
        failed = f"resolving the host of {shown} timed out"
    except (OSError, UnicodeError):
        failed = f"the host of {shown} cannot be resolved"
    if failed or not addresses:
        raise InputError(failed or f"the host of {shown} cannot be resolved", code="download_failed")
    for address in addresses:
        try:
            ip: Address | None = _parse_address(address)
        except ValueError:
            ip = None
        if ip is None:
            raise InputError(f"the host of {shown} resolved to something that is not an address",
                             code="download_failed")
        kind = address_kind(ip)
        if kind is None or allow_private_urls or (address_filter is not None and address_filter(ip)):
            continue
        raise InputError(
            f"the image URL {shown} points to a {kind} address; URLs must reach public hosts "
            "(pass allow_private_urls=True to allow local and private ones)",
            code="url_not_allowed",
        )
    return str(_parse_address(addresses[0]))


def _is_ip(text: str) -> bool:
    try:
        _parse_address(text)
        return True
    except ValueError:
        return False
