"""``idextract serve`` as a real process on 127.0.0.1, for the server tests and the benchmark.

:func:`start_server` runs ``python -m idextract serve`` on a free loopback port with the options
given, its log in a file, and waits for ``/ready``; :func:`raw_exchange` speaks HTTP/1.1 over a
bare socket, for what a client library would hide (a body that is never sent in full).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import requests

__all__ = ["ServerProcess", "free_port", "raw_exchange", "start_server"]

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProcess:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path
    started: float  # time.monotonic() at launch
    ready_after: float = 0.0  # seconds from launch to the first 200 on /ready

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM, then wait for the exit (killed after ``timeout``); the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def start_server(args: Sequence[str], log: Path, *, env: dict[str, str] | None = None,
                 ready_timeout: float = 120.0) -> ServerProcess:
    """Launch the server with ``args`` (``--port`` is added) and wait until ``/ready`` answers 200."""
    port = free_port()
    environ = dict(os.environ)
    environ.pop("IDEXTRACT_API_KEYS", None)  # only the keys a test gives
    environ.update(env or {})
    handle = log.open("wb")
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "idextract", "serve", "--port", str(port), *args],
                            stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=REPO, env=environ)
    handle.close()
    server = ServerProcess(proc, port, log, started)
    while time.monotonic() - started < ready_timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}: {server.log_text()[-2000:]}")
        try:
            if requests.get(f"{server.url}/ready", timeout=2).status_code == 200:
                server.ready_after = time.monotonic() - started
                return server
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    server.stop(5)
    raise RuntimeError(f"the server was not ready within {ready_timeout:g} s: {server.log_text()[-2000:]}")


def raw_exchange(port: int, head: bytes, chunks: Iterable[bytes] = (), *,
                 timeout: float = 30.0) -> tuple[int, bytes, int]:
    """Send ``head`` (request line and headers) then ``chunks`` one by one, stopping as soon as the
    server has answered; returns (status, whole answer, bytes of body actually sent)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head)
        sent = 0
        for chunk in chunks:
            sock.settimeout(0.2)
            try:
                if sock.recv(1, socket.MSG_PEEK):
                    break  # an answer came before the body was sent
            except TimeoutError:
                pass
            sock.settimeout(timeout)
            try:
                sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        sock.settimeout(timeout)
        answer = b""
        while b"\r\n\r\n" not in answer:
            part = sock.recv(65536)
            if not part:
                break
            answer += part
        head_end = answer.find(b"\r\n\r\n")
        length = 0
        for line in answer[:head_end].split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(answer) < head_end + 4 + length:
            part = sock.recv(65536)
            if not part:
                break
            answer += part
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return status, answer, sent


def children(pid: int) -> set[int]:
    """The process ids of ``pid``'s children (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found
