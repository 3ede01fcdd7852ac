"""idextract.fetch: one deadline for the whole download, and no URL path or query in errors or logs.

Real TCP servers on 127.0.0.1 (a thread each, scripted at the byte level, so they can drip a
status line, headers or a body one byte at a time); nothing in requests or urllib3 is patched.
Loopback is private, so the tests opt in with ``allow_private_urls=True`` (or an
``address_filter`` letting 127.0.0.1 alone through). Refused addresses (169.254.169.254) are
refused before any connection: no traffic leaves the machine.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self

import pytest
from loopback import closed_port, self_signed_certificate

from idextract.errors import InputError
from idextract.fetch import download

PNG_HEAD = b"\x89PNG\r\n\x1a\n"
TOKEN = "SECRETTOKEN"
NIK = "3273020401840085"
PASSWORD = "Pa55wordXYZ"
SECRETS = ("secret", TOKEN, NIK, PASSWORD)
QUERY = f"token={TOKEN}&nik={NIK}"


# --- a byte-level server ------------------------------------------------------------------------


class Conn:
    """One accepted connection as a handler sees it."""

    def __init__(self, sock: socket.socket, stop: threading.Event) -> None:
        self.sock = sock
        self.stop = stop
        self.sent = 0

    def send(self, data: bytes) -> bool:
        """Send ``data``; False once the client has gone (or the server stops)."""
        if self.stop.is_set():
            return False
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        self.sent += len(data)
        return True

    def drip(self, data: bytes, every: float) -> None:
        """``data`` one byte every ``every`` seconds, until done, the client leaves or the server stops."""
        for i in range(len(data)):
            if self.stop.wait(every) or not self.send(data[i : i + 1]):
                return

    def hold(self) -> None:
        """Keep the connection open, answering nothing, until the server stops or the client leaves."""
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                if not self.sock.recv(1024):
                    return
            except TimeoutError:
                continue
            except OSError:
                return


Handler = Callable[[Conn, bytes], None]


class RawServer:
    """A TCP server on 127.0.0.1; ``handler(conn, request_head)`` runs per connection in a thread."""

    def __init__(self, handler: Handler, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.tls = tls
        self.stop = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.conns: list[Conn] = []
        self.threads: list[threading.Thread] = []
        self.accepter = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> Self:
        self.accepter.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.accepter.join(timeout=2)
        self.listener.close()
        for thread in self.threads:
            thread.join(timeout=2)

    @property
    def sent(self) -> int:
        return sum(c.sent for c in self.conns)

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                sock, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn = Conn(sock, self.stop)
            self.conns.append(conn)
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _serve(self, conn: Conn) -> None:
        try:
            conn.sock.settimeout(1.0)
            if self.tls is not None:
                try:
                    conn.sock = self.tls.wrap_socket(conn.sock, server_side=True)
                except OSError:
                    return
            head = b""
            try:
                while b"\r\n\r\n" not in head and len(head) < 65536:
                    data = conn.sock.recv(4096)
                    if not data:
                        break
                    head += data
                    if not head.startswith(b"GET"[: len(head)]):  # not HTTP (a TLS hello)
                        break
            except OSError:
                pass
            if not head.startswith(b"GET "):
                conn.send(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            self.handler(conn, head)
        finally:
            try:
                conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.sock.close()


def _path(head: bytes) -> tuple[str, str]:
    """(path, query) of the request line."""
    target = head.split(b" ", 2)[1].decode("latin-1")
    path, _, query = target.partition("?")
    return path, query


def _answer(status: int, headers: dict[str, str], body: bytes = b"") -> bytes:
    lines = [f"HTTP/1.1 {status} Whatever"] + [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _scripted(conn: Conn, head: bytes) -> None:
    """The behaviour named by the path's last segment: /secret/<kind>."""
    path, query = _path(head)
    kind = path.rsplit("/", 1)[-1]
    close = {"Connection": "close"}
    if kind == "ok":
        conn.send(_answer(200, {"Content-Type": "image/png", "Content-Length": "16", **close}, PNG_HEAD + b"\0" * 8))
    elif kind == "status":
        conn.send(_answer(404, {"Content-Type": "text/plain", "Content-Length": "9", **close}, b"not found"))
    elif kind == "html":
        conn.send(_answer(200, {"Content-Type": "text/html", "Content-Length": "6", **close}, b"<html>"))
    elif kind == "declared-huge":
        conn.send(_answer(200, {"Content-Type": "image/png", "Content-Length": str(10**9), **close}, PNG_HEAD))
    elif kind == "huge":
        conn.send(_answer(200, {"Content-Type": "image/png", **close}, PNG_HEAD + b"\0" * 20_000))
    elif kind == "empty":
        conn.send(_answer(200, {"Content-Type": "image/png", "Content-Length": "0", **close}))
    elif kind == "octet-text":
        conn.send(_answer(200, {"Content-Type": "application/octet-stream", "Content-Length": "20", **close},
                          b"plain text, no image"))
    elif kind == "broken":
        conn.send(_answer(200, {"Content-Type": "image/png", "Content-Length": "1000"}, PNG_HEAD))
    elif kind == "hang-up":
        pass  # closed without a status line
    elif kind == "silent":
        conn.hold()
    elif kind == "loop":
        conn.send(_answer(302, {"Location": f"/secret/loop?{query}", "Content-Length": "0", **close}))
    elif kind == "to-ftp":
        conn.send(_answer(302, {"Location": f"ftp://127.0.0.1/secret/file?{query}", "Content-Length": "0", **close}))
    elif kind == "to-metadata":
        location = f"http://169.254.169.254/secret/meta?{query}"
        conn.send(_answer(302, {"Location": location, "Content-Length": "0", **close}))
    elif kind == "slow-hop":
        # Each hop answers within the read timeout; the chain as a whole does not.
        if not conn.stop.wait(0.4):
            conn.send(_answer(302, {"Location": f"/secret/slow-hop?{query}", "Content-Length": "0", **close}))
    elif kind == "drip-status":
        conn.drip(b"HTTP/1.1 200 OK\r\n" * 1000, every=0.2)
    elif kind == "drip-headers":
        if conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"):
            conn.drip(b"X-Drip: " + b"a" * 100_000, every=0.2)  # never ends: one header of 100 KB
    elif kind == "drip-body":
        if conn.send(_answer(200, {"Content-Type": "image/png", "Content-Length": "100000"})):
            conn.drip(PNG_HEAD + b"\0" * 99_992, every=0.5)
    else:
        conn.send(_answer(404, {"Content-Length": "0", **close}))


@pytest.fixture
def server() -> Iterator[RawServer]:
    with RawServer(_scripted) as srv:
        yield srv


def _url(port: int, kind: str, scheme: str = "http") -> str:
    return f"{scheme}://127.0.0.1:{port}/secret/{kind}?{QUERY}"


def _only_loopback_1(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip == ipaddress.ip_address("127.0.0.1")


def _timed_failure(url: str, **kwargs: Any) -> tuple[InputError, float]:
    kwargs.setdefault("max_bytes", 1_000_000)
    start = time.monotonic()
    with pytest.raises(InputError) as info:
        download(url, **kwargs)
    return info.value, time.monotonic() - start


# --- the deadline -------------------------------------------------------------------------------


def test_the_server_works(server: RawServer) -> None:
    """The scripted server serves an image, so the failures below are the scripts' doing."""
    assert download(_url(server.port, "ok"), max_bytes=1000, allow_private_urls=True).startswith(PNG_HEAD)


@pytest.mark.parametrize("kind", ["drip-headers", "drip-status"])
def test_headers_dripped_a_byte_at_a_time_end_at_the_deadline(server: RawServer, kind: str) -> None:
    """Each byte comes well within the read timeout (0.2 s < 1 s); only the deadline stops it.
    Before, http.client read on until its cap of 100 headers of 64 KB: some 850 s."""
    err, elapsed = _timed_failure(_url(server.port, kind), allow_private_urls=True, timeout=(1.0, 1.0), deadline=1.5)
    assert err.code == "download_failed"
    assert str(err) == "http://127.0.0.1 did not answer within the 1.5 s deadline"
    assert 1.4 < elapsed < 3.0, elapsed
    assert server.sent > 5  # the drip was on


@pytest.fixture(scope="module")
def tls_context(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, Path]:
    """A server context whose self-signed certificate names "receipts.test", and the certificate."""
    cert, key = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context, cert


def test_headers_dripped_over_tls_end_at_the_deadline(
    tls_context: tuple[ssl.SSLContext, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same drip inside a TLS connection (reads go through the SSL socket)."""
    context, cert = tls_context
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    with RawServer(_scripted, tls=context) as srv:
        url = f"https://receipts.test:{srv.port}/secret/ok?{QUERY}"
        assert download(url, max_bytes=1000, allow_private_urls=True, resolver=lambda h, p: ["127.0.0.1"])
        url = f"https://receipts.test:{srv.port}/secret/drip-headers?{QUERY}"
        err, elapsed = _timed_failure(url, allow_private_urls=True, resolver=lambda h, p: ["127.0.0.1"],
                                      timeout=(1.0, 1.0), deadline=1.5)
    assert str(err) == "https://receipts.test did not answer within the 1.5 s deadline"
    assert 1.4 < elapsed < 3.0, elapsed


def test_body_dripped_a_byte_at_a_time_ends_at_the_deadline(server: RawServer) -> None:
    err, elapsed = _timed_failure(_url(server.port, "drip-body"), allow_private_urls=True, timeout=(1.0, 1.0),
                                  deadline=1.5)
    assert err.code == "download_failed" and "took longer than 1.5 s" in str(err), err
    assert 1.4 < elapsed < 3.0, elapsed


def test_a_silent_server_ends_at_the_deadline_not_the_read_timeout(server: RawServer) -> None:
    err, elapsed = _timed_failure(_url(server.port, "silent"), allow_private_urls=True, timeout=(5.0, 10.0),
                                  deadline=1.0)
    assert err.code == "download_failed" and "within the 1 s deadline" in str(err), err
    assert 0.9 < elapsed < 2.0, elapsed


def test_a_stalled_tls_handshake_ends_at_the_deadline() -> None:
    """The server accepts the TCP connection and never answers the TLS hello: the handshake
    waits for the time left, not for the 5 s connect timeout."""
    with _Holder() as holder:
        url = f"https://127.0.0.1:{holder.port}/secret/x?{QUERY}"
        err, elapsed = _timed_failure(url, allow_private_urls=True, timeout=(5.0, 10.0), deadline=1.0)
    assert err.code == "download_failed" and "within the 1 s deadline" in str(err), err
    assert 0.9 < elapsed < 2.0, elapsed


class _Holder:
    """A listener that accepts connections and never sends a byte (a stalled TLS handshake)."""

    def __enter__(self) -> Self:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.listener.settimeout(0.05)
        self.thread.start()
        return self

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                self.accepted.append(self.listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        for sock in self.accepted:
            sock.close()
        self.listener.close()


def test_the_deadline_covers_every_redirect_hop_in_total(server: RawServer) -> None:
    """Each hop answers in 0.4 s, well within the read timeout; five of them do not fit 1 s."""
    err, elapsed = _timed_failure(_url(server.port, "slow-hop"), allow_private_urls=True, timeout=(1.0, 1.0),
                                  deadline=1.0)
    assert err.code == "download_failed" and "1 s" in str(err), err
    assert 0.9 < elapsed < 2.0, elapsed


def test_no_deadline_means_the_timeouts_alone(server: RawServer) -> None:
    err, elapsed = _timed_failure(_url(server.port, "silent"), allow_private_urls=True, timeout=(1.0, 0.3),
                                  deadline=None)
    assert err.code == "download_failed" and "did not answer in time" in str(err), err
    assert elapsed < 1.5


# --- no URL path, query or user info in the exception chain or the log ---------------------------


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo = [exc]
    while todo:
        e = todo.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [x for x in (e.__cause__, e.__context__) if x is not None]


def _slow_resolver(release: threading.Event) -> Callable[[str, int], list[str]]:
    def resolve(host: str, port: int) -> list[str]:
        release.wait(3.0)
        return ["127.0.0.1"]

    return resolve


def _gaierror(host: str, port: int) -> list[str]:
    raise socket.gaierror(socket.EAI_NONAME, f"Name or service not known: {host}")


# (label, url template ({port}, {closed}), download kwargs, code, words in the message)
FAILURES: list[tuple[str, str, dict[str, Any], str, str]] = [
    ("refused address", "http://127.0.0.1:{port}/secret/ok", {}, "url_not_allowed", "loopback"),
    ("refused metadata", "http://169.254.169.254/secret/meta", {}, "url_not_allowed", "link-local"),
    ("dns failure", "http://no-such-host.test/secret/ok", {"resolver": _gaierror}, "download_failed",
     "cannot be resolved"),
    ("dns timeout", "http://slow-dns.test/secret/ok", {"timeout": (0.3, 1.0), "resolver": "slow"}, "download_failed",
     "timed out"),
    ("connect refused", "http://127.0.0.1:{closed}/secret/ok", {}, "download_failed", "cannot connect"),
    ("read timeout", "http://127.0.0.1:{port}/secret/silent", {"timeout": (1.0, 0.3)}, "download_failed",
     "did not answer in time"),
    ("hang up", "http://127.0.0.1:{port}/secret/hang-up", {}, "download_failed", "cannot connect"),
    ("tls error", "https://127.0.0.1:{port}/secret/ok", {}, "download_failed", "TLS"),
    ("http status", "http://127.0.0.1:{port}/secret/status", {}, "download_failed", "HTTP 404"),
    ("http status, user info", "http://budi:" + PASSWORD + "@127.0.0.1:{port}/secret/status", {},
     "download_failed", "HTTP 404"),
    ("content type", "http://127.0.0.1:{port}/secret/html", {}, "download_failed", "text/html"),
    ("not an image", "http://127.0.0.1:{port}/secret/octet-text", {}, "download_failed", "not an image"),
    ("empty body", "http://127.0.0.1:{port}/secret/empty", {}, "download_failed", "empty"),
    ("declared too large", "http://127.0.0.1:{port}/secret/declared-huge", {}, "download_failed", "larger than"),
    ("too large", "http://127.0.0.1:{port}/secret/huge", {"max_bytes": 10_000}, "download_failed", "larger than"),
    ("broken body", "http://127.0.0.1:{port}/secret/broken", {}, "download_failed", "broke off"),
    ("too many redirects", "http://127.0.0.1:{port}/secret/loop", {}, "download_failed", "more than 5 times"),
    ("redirect to ftp", "http://127.0.0.1:{port}/secret/to-ftp", {}, "download_failed", "cannot be used"),
    ("redirect to metadata", "http://127.0.0.1:{port}/secret/to-metadata", {"allow": "127.0.0.1"},
     "url_not_allowed", "link-local"),
    ("deadline, headers", "http://127.0.0.1:{port}/secret/drip-headers", {"deadline": 0.8}, "download_failed",
     "deadline"),
    ("deadline, body", "http://127.0.0.1:{port}/secret/drip-body", {"deadline": 0.8, "timeout": (1.0, 1.0)},
     "download_failed", "took longer than 0.8 s"),
    ("bad port", "http://127.0.0.1:99999/secret/ok", {}, "invalid_url_format", "port"),
    ("bad ipv6", "http://[::1/secret/ok", {}, "invalid_url_format", "cannot be parsed"),
    ("bad scheme", "ftp://127.0.0.1/secret/ok", {}, "invalid_url_protocol", "ftp"),
]


@pytest.mark.parametrize(("label", "template", "options", "code", "words"), FAILURES, ids=[f[0] for f in FAILURES])
def test_no_path_query_or_user_info_in_the_error_its_chain_or_the_log(
    server: RawServer, caplog: pytest.LogCaptureFixture,
    label: str, template: str, options: dict[str, Any], code: str, words: str,
) -> None:
    url = template.format(port=server.port, closed=closed_port()) + "?" + QUERY
    kwargs: dict[str, Any] = {"allow_private_urls": True, **options}
    release = threading.Event()
    if kwargs.get("resolver") == "slow":
        kwargs["resolver"] = _slow_resolver(release)
    if code == "url_not_allowed":  # the refusals: no opt-in, or one for 127.0.0.1 alone
        del kwargs["allow_private_urls"]
        if kwargs.pop("allow", None):
            kwargs["address_filter"] = _only_loopback_1
    caplog.set_level(logging.DEBUG)
    try:
        err, elapsed = _timed_failure(url, **kwargs)
    finally:
        release.set()
    assert elapsed < 3.0, elapsed
    assert err.code == code, (label, err.code, str(err))
    assert words in str(err), str(err)
    assert err.__cause__ is None and err.__context__ is None, (err.__cause__, err.__context__)
    texts = []
    for e in _chain(err):
        texts += [str(e), repr(e)]
    for record in caplog.records:
        texts += [record.getMessage(), record.exc_text or "", str(record.args)]
        if record.exc_info:
            texts.append(logging.Formatter().formatException(record.exc_info))
    texts.append(caplog.text)
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, (label, secret, text)
    if not code.startswith("invalid_url"):
        assert "://" in str(err), str(err)  # the URL is shown, as scheme and host


def test_urllib3_logs_the_request_with_the_path_hidden(server: RawServer, caplog: pytest.LogCaptureFixture) -> None:
    """The filter is what keeps the path out: urllib3 does log each request line at DEBUG."""
    caplog.set_level(logging.DEBUG)
    with pytest.raises(InputError):
        download(_url(server.port, "status"), max_bytes=1000, allow_private_urls=True)
    lines = [r.getMessage() for r in caplog.records if r.name == "urllib3.connectionpool"]
    assert any('"GET <hidden> HTTP/1.1" 404' in line for line in lines), lines
    # Outside a download the filter leaves records alone.
    logging.getLogger("urllib3.connectionpool").debug("a path: %s", "/secret/x")
    assert caplog.records[-1].getMessage() == "a path: /secret/x"
