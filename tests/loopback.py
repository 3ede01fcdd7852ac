"""Real HTTP servers on 127.0.0.1 for the OCR service tests: scripted answers, recorded requests.

A :class:`Loopback` is a ``http.server.ThreadingHTTPServer`` on an ephemeral port, run in a
daemon thread. Each request is recorded (path, headers, parsed JSON body, arrival time), then
answered by the next :class:`Reply` of a script (the last one repeats), or by a function of the
request. Nothing is patched: the client under test talks real HTTP over the loopback interface.

    with Loopback([Reply(503), Reply(503), Reply(200, {"extracted_text": "..."})]) as server:
        client = NeosantaraOCR("key", base_url=server.url)
        ...
        assert server.count == 3
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

__all__ = ["Loopback", "Recorded", "Reply", "closed_port"]


@dataclass
class Reply:
    """One scripted answer. ``body``: a dict/list (sent as JSON), str or bytes (sent as is).

    ``delay`` seconds pass before the answer (a cold start); ``hang_up`` closes the connection
    without answering (a reset).
    """

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    hang_up: bool = False


@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    raw: bytes
    at: float  # time.monotonic() at arrival

    @property
    def json(self) -> Any:
        return json.loads(self.raw)


Handler = Callable[[Recorded, int], Reply]


class Loopback:
    """A scripted HTTP server on 127.0.0.1; use as a context manager."""

    def __init__(self, script: Sequence[Reply] | Handler) -> None:
        self._script = script
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        owner = self

        class _Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                owner._handle(self)

            do_GET = do_POST  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        """The base URL, ``http://127.0.0.1:PORT/v1``."""
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}/v1"

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def __enter__(self) -> Loopback:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _reply_for(self, request: Recorded, index: int) -> Reply:
        if callable(self._script):
            return self._script(request, index)
        script = list(self._script)
        return script[min(index, len(script) - 1)]

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        request = Recorded(
            method=h.command,
            path=h.path,
            headers={k.lower(): v for k, v in h.headers.items()},
            raw=raw,
            at=time.monotonic(),
        )
        with self._lock:
            index = len(self.requests)
            self.requests.append(request)
        reply = self._reply_for(request, index)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.hang_up:
            h.close_connection = True
            return  # no status line at all: the client sees the connection close
        if isinstance(reply.body, (bytes, bytearray)):
            payload = bytes(reply.body)
            ctype = "application/octet-stream"
        elif isinstance(reply.body, str):
            payload = reply.body.encode("utf-8")
            ctype = "application/json"  # malformed JSON still claims to be JSON
        elif reply.body is None:
            payload, ctype = b"", "application/json"
        else:
            payload = json.dumps(reply.body).encode("utf-8")
            ctype = "application/json"
        try:
            h.send_response(reply.status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                h.send_header(name, value)
            h.end_headers()
            h.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def self_signed_certificate(folder: Path, host: str = "receipts.test") -> tuple[Path, Path]:
    """A certificate and key in ``folder`` that name ``host`` only, made with openssl; the
    calling test is skipped where openssl is not installed."""
    import pytest

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", f"/CN={host}", "-addext", f"subjectAltName=DNS:{host}"],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key
