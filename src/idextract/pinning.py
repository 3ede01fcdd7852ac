"""How a download connects: to the address that was checked, every wait cut to one deadline.

:func:`idextract.fetch.download` resolves and checks a host itself; the connection classes here
then connect to that address only (not to a second resolution of the name: the DNS-rebinding
hole), while the Host header, TLS SNI and the certificate check still use the name. A
:class:`Clock` holds the whole download's deadline: before every blocking step (connect, TLS
handshake, send, each receive of the status line, headers and body) the socket's timeout is set
to the smaller of that step's timeout and the time left, so a server that drips its answer a
byte at a time is cut off at the deadline.
"""

from __future__ import annotations

import http.client
import io
import math
import socket
import time
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.poolmanager import PoolManager
from urllib3.util import connection as _u3conn

from .errors import InputError

__all__ = ["Clock", "PinnedAdapter"]

#: Less time left than this is no time left: a socket timeout of 0 would make it non-blocking.
_MIN_WAIT = 0.001


# --- the deadline -------------------------------------------------------------------------------


class Clock:
    """The whole download's deadline, and how long the next blocking step may wait."""

    def __init__(self, seconds: float | None) -> None:
        self.limit = math.inf if seconds is None else float(seconds)
        self.end = time.monotonic() + self.limit

    def left(self) -> float:
        return self.end - time.monotonic()

    def expired(self) -> bool:
        return self.left() < _MIN_WAIT

    def wait(self, timeout: Any) -> float | None:
        """``timeout`` (seconds, or None: no limit) cut to the time left; raises TimeoutError when
        none is left. Anything else (urllib3's "default" marker) counts as no limit."""
        left = self.left()
        if left < _MIN_WAIT:
            raise TimeoutError("the download deadline passed")
        wait = float(timeout) if isinstance(timeout, (int, float)) else None
        if math.isinf(left):
            return wait
        return left if wait is None else min(wait, left)


class _DeadlineReader(io.RawIOBase):
    """The socket as http.client reads it (status line, headers, body), each receive waiting at
    most the read timeout or the time left, whichever is less: a byte every second can no longer
    hold a read open past the deadline (http.client would wait for 100 headers of 64 KB)."""

    def __init__(self, sock: socket.socket, clock: Clock) -> None:
        super().__init__()
        self._sock = sock
        self._raw = sock.makefile("rb", buffering=0)
        self._timeout = sock.gettimeout()  # the read timeout urllib3 has just set
        self._clock = clock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        self._sock.settimeout(self._clock.wait(self._timeout))
        return self._raw.readinto(buffer)

    def fileno(self) -> int:
        return self._raw.fileno()

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _DeadlineSocket:
    """What http.client's HTTPResponse sees of the socket: it only calls ``makefile("rb")``."""

    def __init__(self, sock: socket.socket, clock: Clock) -> None:
        self._sock = sock
        self._clock = clock

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._clock))


# --- connections pinned to the checked address ---------------------------------------------------


def _pinned(base: type[HTTPConnection], address: str, clock: Clock) -> type[HTTPConnection]:
    class Response(http.client.HTTPResponse):
        def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
            super().__init__(_DeadlineSocket(sock, clock), *args, **kwargs)  # type: ignore[arg-type]

    class Pinned(base):  # type: ignore[valid-type,misc]
        """Connects to ``address``; everything else (Host header, SNI, certificate) uses the name.
        Every wait is cut to the time the download has left."""

        response_class = Response

        def _new_conn(self) -> socket.socket:
            try:
                sock = _u3conn.create_connection(
                    (address, self.port), clock.wait(self.timeout),
                    source_address=self.source_address, socket_options=self.socket_options,
                )
            except TimeoutError as exc:
                raise ConnectTimeoutError(self, f"connection timed out (timeout={self.timeout})") from exc
            except OSError as exc:
                raise NewConnectionError(self, f"failed to establish a new connection: {exc}") from exc
            try:
                # The TLS handshake that may follow is one call, bounded in total by this timeout.
                sock.settimeout(clock.wait(self.timeout))
            except TimeoutError as exc:
                sock.close()
                raise ConnectTimeoutError(self, "the download deadline passed") from exc
            return sock

        def send(self, data: Any) -> None:
            if self.sock is not None:
                self.sock.settimeout(clock.wait(self.timeout))
            super().send(data)

    return Pinned


class _PinnedPoolManager(PoolManager):
    def __init__(self, pins: dict[tuple[str, int], str], clock: Clock, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pins = pins
        self._clock = clock

    def _new_pool(self, scheme: str, host: str, port: int, request_context: dict[str, Any] | None = None) -> Any:
        pool = super()._new_pool(scheme, host, port, request_context)
        address = self._pins.get((host.strip("[]").lower(), port))
        if address is None:  # never happens: every hop is checked before it is requested
            raise InputError("refusing a connection to a host that was not checked", code="url_not_allowed")
        pool.ConnectionCls = _pinned(HTTPSConnection if scheme == "https" else HTTPConnection, address, self._clock)
        return pool


class PinnedAdapter(HTTPAdapter):
    def __init__(self, pins: dict[tuple[str, int], str], clock: Clock) -> None:
        self._pins = pins
        self._clock = clock
        super().__init__(max_retries=0)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        self._pool_connections = connections
        self._pool_maxsize = maxsize
        self._pool_block = block
        self.poolmanager = _PinnedPoolManager(self._pins, self._clock, num_pools=connections, maxsize=maxsize,
                                              block=block, **pool_kwargs)
