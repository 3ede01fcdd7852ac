"""idextract.fetch and URL input: a real HTTP server on 127.0.0.1, no patching of requests.

The server is started by the module fixture (ThreadingHTTPServer in a thread) and serves a
PNG, a JPEG with EXIF rotation, an HTML page, a 404, a 500, a slow endpoint, a drip-fed body, a
huge streamed body, redirects and a redirect loop. Loopback is private, so tests that must reach
it pass ``allow_private_urls=True`` (or an ``address_filter`` letting 127.0.0.1 alone through);
the tests without it prove ``url_not_allowed``, on the first hop and on redirects, and that the
server never saw the refused request. Nothing here leaves the machine: refused addresses
(169.254.169.254, 10.x, 192.168.x) are refused before any connection is attempted.
"""

from __future__ import annotations

import base64
import io
import ipaddress
import socket
import ssl
import struct
import threading
import time
import urllib.parse
import zlib
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from loopback import self_signed_certificate
from PIL import Image

import idextract
from idextract.errors import InputError
from idextract.fetch import download
from idextract.images import load_image
from idextract.urls import address_kind, is_public_address, shown_url, validate_url

FAST = 2.0  # every error within a second or two
SAMPLE_RECEIPT = Path(__file__).resolve().parents[1] / "samples" / "receipts" / "items" / "minimarket.png"


def _encode(image: Image.Image, fmt: str, **kwargs: Any) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def _picture() -> Image.Image:
    img = Image.new("RGB", (60, 40), (255, 0, 0))
    img.paste((0, 0, 255), (30, 0, 60, 40))
    return img


PNG = _encode(_picture(), "PNG")
_exif = Image.Exif()
_exif[0x0112] = 6  # "rotate 90 CW to display"
ROTATED_JPEG = _encode(_picture().transpose(Image.Transpose.ROTATE_90), "JPEG", exif=_exif.tobytes(), quality=95)


class _State:
    def __init__(self) -> None:
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.hits: list[str] = []
        self.hosts: list[str] = []
        self.sent: dict[str, int] = {}

    def count(self, path: str) -> int:
        with self.lock:
            return sum(1 for h in self.hits if h == path)


class _Handler(BaseHTTPRequestHandler):
    state: _State  # set on the subclass made per server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence the test log
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str | None = None,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if ctype is not None:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path, _, query = self.path.partition("?")
        params = urllib.parse.parse_qs(query)
        st = self.state
        with st.lock:
            st.hits.append(path)
            st.hosts.append(self.headers.get("Host", ""))
        try:
            self._route(path, params)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading, as it should for the huge and slow bodies

    def _route(self, path: str, params: dict[str, list[str]]) -> None:
        st = self.state
        if path in ("/receipt.png", "/r/receipt.png"):
            self._send(200, PNG, "image/png")
        elif path == "/minimarket.png":
            self._send(200, SAMPLE_RECEIPT.read_bytes(), "image/png")
        elif path == "/rotated.jpg":
            self._send(200, ROTATED_JPEG, "image/jpeg")
        elif path == "/octet":
            self._send(200, PNG, "application/octet-stream")
        elif path == "/untyped":
            self._send(200, PNG, None)
        elif path == "/octet-text":
            self._send(200, b"just some text, not an image\n" * 10, "application/octet-stream")
        elif path == "/fake.png":
            self._send(200, b"<html>not really a png</html>" * 10, "image/png")
        elif path == "/page.html":
            self._send(200, b"<html><body>Login</body></html>", "text/html; charset=utf-8")
        elif path == "/empty":
            self._send(200, b"", "image/png")
        elif path == "/missing":
            self._send(404, b"not found", "text/plain")
        elif path == "/error":
            self._send(500, b"oops", "text/plain")
        elif path == "/slow":
            st.stop.wait(3.0)  # longer than the read timeout the test passes
            self._send(200, PNG, "image/png")
        elif path == "/drip":
            # Headers at once, then one byte every 0.1 s for up to 10 s: each read is quick, the
            # whole is not; only a total deadline stops it.
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            for _ in range(100):
                if st.stop.wait(0.1):
                    break
                self.wfile.write(b"\x89")
                self.wfile.flush()
        elif path == "/huge":
            # A body of up to 256 MB with no Content-Length: the client must stop on its own.
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            chunk = PNG + b"\x00" * (64 * 1024 - len(PNG))
            sent = 0
            try:
                for _ in range(4096):
                    if st.stop.is_set():
                        break
                    self.wfile.write(chunk)
                    sent += len(chunk)
            finally:
                with st.lock:
                    st.sent["huge"] = sent
        elif path == "/chunked":
            self.protocol_version = "HTTP/1.1"
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
            for i in range(0, len(PNG), 100):
                part = PNG[i : i + 100]
                self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            self.close_connection = True
        elif path == "/declared-huge":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
            self.wfile.write(PNG)
        elif path == "/redirect":
            target = params.get("to", ["/receipt.png"])[0]
            code = int(params.get("code", ["302"])[0])
            self._send(code, b"", "text/plain", {"Location": target})
        elif path == "/loop":
            self._send(302, b"", "text/plain", {"Location": "/loop"})
        else:
            self._send(404, b"no such path", "text/plain")


def _serve(host: str) -> Iterator[tuple[str, _State]]:
    state = _State()
    handler = type("Handler", (_Handler,), {"state": state})
    httpd = ThreadingHTTPServer((host, 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{httpd.server_address[1]}", state
    finally:
        state.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, _State]]:
    yield from _serve("127.0.0.1")


@pytest.fixture(scope="module")
def other_server() -> Iterator[tuple[str, _State]]:
    """A second server on 127.0.0.2 (all of 127/8 is loopback on Linux): the "allowed host"."""
    try:
        yield from _serve("127.0.0.2")
    except OSError as exc:  # a system where only 127.0.0.1 is configured
        pytest.skip(f"cannot listen on 127.0.0.2: {exc}")


def _fail(source: str, **kwargs: Any) -> InputError:
    """The InputError ``load_image(source)`` raises, checked to be fast and one line."""
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        load_image(source, **kwargs)
    elapsed = time.perf_counter() - start
    assert elapsed < FAST, f"took {elapsed:.2f} s"
    assert "\n" not in str(info.value)
    return info.value


def _fail_download(url: str, **kwargs: Any) -> InputError:
    kwargs.setdefault("max_bytes", 1_000_000)
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        download(url, **kwargs)
    assert time.perf_counter() - start < FAST
    return info.value


def _only_loopback_1(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An allow-list of one private address: 127.0.0.1 plays "the public image host"."""
    return ip == ipaddress.ip_address("127.0.0.1")


# --- what works ---------------------------------------------------------------------------------


def test_png_over_http(server: tuple[str, _State]) -> None:
    base, _ = server
    out = load_image(f"{base}/receipt.png", allow_private_urls=True)
    assert out.size == (60, 40) and out.mode == "RGB"
    assert out.getpixel((5, 5)) == (255, 0, 0)


def test_exif_rotated_jpeg_over_http_comes_back_upright(server: tuple[str, _State]) -> None:
    base, _ = server
    out = load_image(f"{base}/rotated.jpg", allow_private_urls=True)
    assert out.size == (60, 40)
    r, _g, b = out.getpixel((5, 20))
    assert r > 200 and b < 60
    r, _g, b = out.getpixel((55, 20))
    assert b > 200 and r < 60


@pytest.mark.parametrize("path", ["/octet", "/untyped", "/chunked"])
def test_octet_stream_or_no_type_with_image_magic_is_accepted(server: tuple[str, _State], path: str) -> None:
    base, _ = server
    assert load_image(base + path, allow_private_urls=True).size == (60, 40)


def test_redirect_to_another_loopback_path(server: tuple[str, _State]) -> None:
    base, state = server
    for code in (301, 302, 303, 307, 308):
        url = f"{base}/redirect?code={code}&to=/r/receipt.png"
        assert load_image(url, allow_private_urls=True).size == (60, 40)
    # An absolute Location to the same server, under another name for it.
    port = base.rsplit(":", 1)[1]
    url = f"{base}/redirect?to=http://localhost:{port}/receipt.png"
    assert load_image(url, allow_private_urls=True).size == (60, 40)


def test_connection_is_pinned_to_the_checked_address(server: tuple[str, _State]) -> None:
    """The name never goes to DNS a second time: "receipts.test" does not resolve anywhere, yet
    the download works because the connection goes to the address the resolver gave and checked;
    the Host header still carries the name (what virtual hosts and TLS need)."""
    base, state = server
    port = int(base.rsplit(":", 1)[1])
    calls: list[tuple[str, int]] = []

    def resolver(host: str, p: int) -> list[str]:
        calls.append((host, p))
        return ["127.0.0.1"] if host == "receipts.test" else []

    data = download(f"http://receipts.test:{port}/receipt.png", max_bytes=1_000_000, resolver=resolver,
                    allow_private_urls=True)
    assert data == PNG
    assert calls == [("receipts.test", port)]  # resolved once, for the check
    assert state.hosts[-1] == f"receipts.test:{port}"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, str]]:
    """An https server on 127.0.0.1 whose self-signed certificate names "receipts.test" only."""
    cert, key = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    state = _State()
    handler = type("Handler", (_Handler,), {"state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], str(cert)
    finally:
        state.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_https_pinned_connection_still_verifies_the_certificate_by_name(
    tls_server: tuple[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pinning changes only the address connected to: TLS SNI and the certificate check use the
    URL's name. The test CA is trusted through REQUESTS_CA_BUNDLE (read by download)."""
    port, cert = tls_server
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", cert)
    resolver = lambda host, p: ["127.0.0.1"]  # noqa: E731
    data = download(f"https://receipts.test:{port}/receipt.png", max_bytes=10**6, resolver=resolver,
                    allow_private_urls=True)
    assert data == PNG
    # The certificate does not name these: verification is on, whatever the address.
    for url in (f"https://other.test:{port}/receipt.png", f"https://127.0.0.1:{port}/receipt.png"):
        err = _fail_download(url, resolver=resolver, allow_private_urls=True)
        assert err.code == "download_failed" and "TLS" in str(err), err


# --- url_not_allowed ----------------------------------------------------------------------------


def test_loopback_is_refused_without_opt_in_and_never_contacted(server: tuple[str, _State]) -> None:
    base, state = server
    port = base.rsplit(":", 1)[1]
    before = state.count("/receipt.png")
    for url in (
        f"{base}/receipt.png",
        f"http://localhost:{port}/receipt.png",
        f"http://[::1]:{port}/receipt.png",
        f"http://2130706433:{port}/receipt.png",  # 127.0.0.1 as one decimal number
        f"http://0x7f.1:{port}/receipt.png",  # and in hex shorthand
        f"http://[::ffff:127.0.0.1]:{port}/receipt.png",
        f"http://0.0.0.0:{port}/receipt.png",
    ):
        err = _fail(url)
        assert err.code == "url_not_allowed", (url, err)
        assert "allow_private_urls" in str(err)
    assert state.count("/receipt.png") == before


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://10.0.0.1/receipt.jpg",
        "http://172.16.0.1/receipt.jpg",
        "http://192.168.1.1/receipt.jpg",
        "http://100.64.0.1/receipt.jpg",
        "http://224.0.0.1/receipt.jpg",
        "http://[fe80::1]/receipt.jpg",
        "https://[::ffff:169.254.169.254]/",
    ],
)
def test_private_link_local_and_metadata_addresses_are_refused(url: str) -> None:
    assert _fail(url).code == "url_not_allowed"


def test_a_name_resolving_to_one_private_address_among_public_ones_is_refused() -> None:
    # Every address is checked, not only the first: round-robin DNS can mix them.
    err = _fail_download("http://images.example/r.jpg", resolver=lambda h, p: ["93.184.216.34", "10.0.0.5"])
    assert err.code == "url_not_allowed"
    err = _fail_download("http://meta.example/", resolver=lambda h, p: ["169.254.169.254"])
    assert err.code == "url_not_allowed" and "link-local" in str(err)


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/receipt.png",  # loopback, but not the allowed address
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/receipt.png",
        "http://[::1]:{port}/receipt.png",
        "http://intranet.example/receipt.png",  # resolved by the test resolver to 192.168.1.10
    ],
)
def test_redirect_from_an_allowed_host_to_a_private_one_is_refused(server: tuple[str, _State], target: str) -> None:
    """The first hop is allowed (127.0.0.1 stands in for a public image host through
    ``address_filter``); the redirect's target is checked again and refused before any
    connection to it."""
    base, state = server
    port = base.rsplit(":", 1)[1]
    target = target.format(port=port)
    before = state.count("/redirect")
    err = _fail_download(
        f"{base}/redirect?to={urllib.parse.quote(target, safe='')}",
        address_filter=_only_loopback_1,
        resolver=lambda h, p: ["192.168.1.10"] if h == "intranet.example" else [],
    )
    assert err.code == "url_not_allowed", err
    assert state.count("/redirect") == before + 1  # the first hop did go through
    # and the allowed host alone still works with the same filter
    assert download(f"{base}/receipt.png", max_bytes=10**6, address_filter=_only_loopback_1) == PNG


def test_redirect_from_an_allowed_host_to_127_0_0_1_is_refused(
    server: tuple[str, _State], other_server: tuple[str, _State]
) -> None:
    """127.0.0.2 is let through by ``address_filter`` (it plays the public image host); it
    redirects to 127.0.0.1, which is refused on the redirect, before any connection to it. With
    ``allow_private_urls=True`` the same chain reaches the image on 127.0.0.1."""
    base, state = server
    other, other_state = other_server
    url = f"{other}/redirect?to={urllib.parse.quote(base + '/receipt.png', safe='')}"
    only_other = lambda ip: ip == ipaddress.ip_address("127.0.0.2")  # noqa: E731
    before = state.count("/receipt.png")
    err = _fail_download(url, address_filter=only_other)
    assert err.code == "url_not_allowed" and "http://127.0.0.1" in str(err) and "loopback" in str(err)
    assert state.count("/receipt.png") == before  # never contacted
    assert other_state.count("/redirect") >= 1  # the allowed first hop was
    assert download(url, max_bytes=10**6, allow_private_urls=True) == PNG
    assert state.count("/receipt.png") == before + 1
    # The same with load_image: refused by default already on the first hop, allowed with the opt-in.
    assert _fail(url).code == "url_not_allowed"
    assert load_image(url, allow_private_urls=True).size == (60, 40)


def test_redirect_to_metadata_with_opt_in_only_for_the_first_hop_is_refused(server: tuple[str, _State]) -> None:
    """Opting one address in (address_filter) does not open the others: the redirect to the
    metadata service is refused; without any opt-in the loopback first hop is refused already."""
    base, state = server
    url = f"{base}/redirect?to=http://169.254.169.254/latest/meta-data/"
    assert _fail_download(url, address_filter=_only_loopback_1).code == "url_not_allowed"
    before = state.count("/redirect")
    assert _fail(url).code == "url_not_allowed"
    assert state.count("/redirect") == before


ALLOWED = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2001:4860:4860::8888"]
REFUSED = {
    "127.0.0.1": "loopback",
    "127.255.255.254": "loopback",
    "::1": "loopback",
    "10.0.0.1": "private",
    "172.16.5.4": "private",
    "172.31.255.255": "private",
    "192.168.1.1": "private",
    "fc00::1": "private",
    "fd00:ec2::254": "private",  # AWS's IPv6 metadata address
    "fec0::1": "private",  # deprecated site-local
    "169.254.169.254": "link-local",  # cloud metadata
    "169.254.0.1": "link-local",
    "fe80::1": "link-local",
    "100.64.0.1": "shared (carrier-grade NAT)",
    "0.0.0.0": "unspecified",
    "::": "unspecified",
    "224.0.0.1": "multicast",
    "239.255.255.250": "multicast",
    "ff02::1": "multicast",
    "240.0.0.1": "reserved",
    "255.255.255.255": "reserved",
    "::ffff:127.0.0.1": "loopback",  # IPv4-mapped
    "::ffff:169.254.169.254": "link-local",
    "64:ff9b::a9fe:a9fe": "link-local",  # NAT64 of 169.254.169.254
    "2002:7f00:1::1": "loopback",  # 6to4 of 127.0.0.1
    "192.0.2.1": "private",  # documentation range
    "198.18.0.1": "private",  # benchmarking range
}


@pytest.mark.parametrize("address", ALLOWED)
def test_public_addresses_pass_the_check(address: str) -> None:
    assert is_public_address(address) and address_kind(address) is None


@pytest.mark.parametrize("address", sorted(REFUSED))
def test_non_public_addresses_fail_the_check(address: str) -> None:
    assert not is_public_address(address)
    assert address_kind(address) == REFUSED[address]


def test_resolution_is_checked_for_public_names_without_network() -> None:
    """A public resolution passes the check; the refusal comes only from the address."""
    seen: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        seen.append(host)
        return ["10.9.8.7"] if host == "evil.example" else ["93.184.216.34"]

    assert _fail_download("http://evil.example/x.png", resolver=resolver).code == "url_not_allowed"
    assert seen == ["evil.example"]


# --- download_failed ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/page.html", "text/html"),
        ("/missing", "HTTP 404"),
        ("/error", "HTTP 500"),
        ("/octet-text", "not an image"),
        ("/empty", "empty"),
        ("/declared-huge", "larger than"),
        ("/loop", "redirected more than 5 times"),
        ("/redirect?to=ftp://127.0.0.1/receipt.png", "cannot be used"),
        ("/redirect?to=file:///etc/passwd", "cannot be used"),
    ],
)
def test_download_failures(server: tuple[str, _State], path: str, words: str) -> None:
    base, _ = server
    err = _fail(base + path, allow_private_urls=True)
    assert err.code == "download_failed", err
    assert words in str(err)
    assert path.split("?")[0] not in str(err)  # scheme and host only, never the path


def test_slow_server_hits_the_read_timeout(server: tuple[str, _State]) -> None:
    base, _ = server
    start = time.perf_counter()
    err = _fail(f"{base}/slow", allow_private_urls=True, timeout=(1.0, 0.3))
    assert err.code == "download_failed" and "did not answer in time" in str(err)
    assert time.perf_counter() - start < 1.0


def test_drip_fed_body_hits_the_total_deadline(server: tuple[str, _State]) -> None:
    base, _ = server
    start = time.perf_counter()
    err = _fail(f"{base}/drip", allow_private_urls=True, timeout=(1.0, 1.0), deadline=0.8)
    assert err.code == "download_failed" and "longer than 0.8 s" in str(err)
    assert time.perf_counter() - start < 1.5


def test_huge_body_is_cut_off_while_streaming(server: tuple[str, _State]) -> None:
    base, state = server
    start = time.perf_counter()
    err = _fail(f"{base}/huge", allow_private_urls=True, max_bytes=100_000)
    assert err.code == "download_failed" and "larger than 100000 bytes" in str(err)
    assert time.perf_counter() - start < 1.0
    # The server stopped long before the 256 MB it had to send: what it got out is what the
    # kernel buffers took before the client closed the connection.
    deadline = time.monotonic() + 3
    while "huge" not in state.sent and time.monotonic() < deadline:
        time.sleep(0.02)
    assert state.sent.get("huge", 0) < 32 * 1024 * 1024


def test_content_typed_image_that_is_not_one_is_unsupported(server: tuple[str, _State]) -> None:
    base, _ = server
    assert _fail(f"{base}/fake.png", allow_private_urls=True).code == "unsupported_image"


def test_connection_refused() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    err = _fail(f"http://127.0.0.1:{port}/receipt.png", allow_private_urls=True)
    assert err.code == "download_failed" and "cannot connect" in str(err)


def test_slow_name_resolution_is_bounded_by_the_connect_timeout() -> None:
    release = threading.Event()

    def resolver(host: str, port: int) -> list[str]:
        release.wait(5.0)  # a DNS server that does not answer
        return ["93.184.216.34"]

    start = time.perf_counter()
    try:
        err = _fail_download("https://slow-dns.example/r.jpg", resolver=resolver, timeout=(0.3, 1.0))
    finally:
        release.set()
    assert err.code == "download_failed" and "resolving the host" in str(err) and "timed out" in str(err)
    assert time.perf_counter() - start < 1.0


def test_unresolvable_host() -> None:
    def resolver(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    err = _fail_download("https://no-such-host.example/r.jpg", resolver=resolver)
    assert err.code == "download_failed" and "cannot be resolved" in str(err)


# --- URL format and protocol --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://", "https://", "http//x", "https//example.com/r.jpg", "http:/example.com/r.jpg", "http:example.com",
     "http://[::1", "http://exa mple.com/r.jpg", "http://x:99999/r.jpg", "http://x:0/", "http://x:abc/",
     "http://@/r.jpg", "http://a..b/r.jpg", "http://" + "a" * 300 + ".com/", "http://x/\x00"],
)
def test_invalid_url_format(url: str) -> None:
    assert _fail(url).code == "invalid_url_format"


@pytest.mark.parametrize(
    "url",
    ["ftp://x/y.png", "file:///etc/passwd", "file:/etc/passwd", "FTP://example.com/r.jpg", "gopher://x/",
     "s3://bucket/receipt.jpg", "javascript:alert(1)", "ws://x/y", "chrome-extension://abc/x.png"],
)
def test_invalid_url_protocol(url: str) -> None:
    err = _fail(url)
    assert err.code == "invalid_url_protocol"
    assert "http" in str(err)


def test_validate_url_is_usable_on_its_own() -> None:
    assert validate_url(" https://example.com/r.jpg ").hostname == "example.com"
    with pytest.raises(InputError) as info:
        validate_url("ftp://x/y")
    assert info.value.code == "invalid_url_protocol"


def test_messages_show_scheme_and_host_only(server: tuple[str, _State]) -> None:
    base, _ = server
    port = base.rsplit(":", 1)[1]
    url = f"http://budi:s3cret@127.0.0.1:{port}/missing?nik=3171234567890001&token=abc"
    err = _fail(url, allow_private_urls=True)
    assert err.code == "download_failed"
    text = str(err)
    assert "http://127.0.0.1" in text
    for secret in ("budi", "s3cret", "3171234567890001", "token", "/missing"):
        assert secret not in text
    assert shown_url("https://u:p@Example.COM:8443/a/b?c=d#e") == "https://example.com"
    err = _fail("http://budi:s3cret@169.254.169.254/?nik=3171234567890001")
    assert "s3cret" not in str(err) and "3171234567890001" not in str(err)


# --- every code, fast, one line -------------------------------------------------------------------


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IEND", b""))


def test_every_error_code_fails_fast_with_one_line(server: tuple[str, _State]) -> None:
    base, _ = server
    b64_png = base64.b64encode(PNG).decode()
    cases: list[tuple[str, Any, dict[str, Any]]] = [
        ("parameter_missing", "", {}),
        ("invalid_parameter_type", 42, {}),
        ("invalid_parameter", Image.new("RGB", (4, 4)), {}),
        ("invalid_url_format", "http//x", {}),
        ("invalid_url_protocol", "ftp://x/y.png", {}),
        ("invalid_base64_format", "data:image/png;base64," + b64_png[:40] + "!!" + b64_png[40:], {}),
        ("unsupported_image", b"%!PS-Adobe-3.0 EPSF-3.0\n" * 20, {}),  # EPS: never handed to Ghostscript
        ("image_too_large", _png_header(60_000, 60_000), {}),
        ("url_not_allowed", "http://169.254.169.254/latest/meta-data/", {}),
        ("download_failed", f"{base}/missing", {"allow_private_urls": True}),
    ]
    seen = set()
    for code, source, kwargs in cases:
        err = _fail(source, **kwargs)
        assert err.code == code, (code, err.code, str(err))
        assert b64_png[10:30] not in str(err)
        seen.add(code)
    assert len(seen) == 10


def test_extract_receipt_reads_a_url_end_to_end(server: tuple[str, _State]) -> None:
    """The public API downloads a real receipt (the embedded OCR reads it) only with the opt-in."""
    base, state = server
    url = f"{base}/minimarket.png"
    with pytest.raises(InputError) as info:
        idextract.extract_receipt(url)
    assert info.value.code == "url_not_allowed" and state.count("/minimarket.png") == 0
    record = idextract.extract_receipt(url, allow_private_urls=True)
    assert state.count("/minimarket.png") == 1
    assert record.total.value == Decimal("86500") and record.annotated_image
    with pytest.raises(InputError) as info:
        idextract.extract_receipt(url, allow_private_urls=True, max_bytes=1000)
    assert info.value.code == "download_failed"
