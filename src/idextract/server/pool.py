"""Inference slots: worker processes, a short bounded queue in front of them, deadlines that free them.

- A fixed number of slots, one :class:`Worker` process each (default 1: on 2 cores one engine
  already uses both with its 2 threads; more slots only share the same cores).
- At most ``queue`` requests wait for a slot. Past ``slots + queue`` a request is refused at once
  with ``server_overloaded`` (503 + ``Retry-After``, estimated from the recent service time), never
  queued without limit.
- Each request has a deadline, queue wait included. At the deadline the request answers
  ``timeout`` (504) and, if its image is still being read, the worker is killed and a new one is
  started: the engine is never kept busy for an answer nobody waits for. The slot comes back
  when the new worker has read its warm-up image.
- A worker that dies (a crash, the kernel's out-of-memory killer) is restarted the same way; the
  request it was reading answers 500.

The parent never runs OCR: it waits for a worker's answer in a thread of its own (one per slot),
so the event loop stays free.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from ..errors import InputError
from .errors import ServiceError, from_input_error
from .settings import Settings

__all__ = ["Pool", "PoolConfig", "Worker", "pool_config"]

log = logging.getLogger("idextract.server")

# How long a worker may take to load its engine and read the warm-up image.
START_TIMEOUT = 120.0
# A failed start is tried again after this many seconds (doubling, up to a minute).
RESTART_BACKOFF = 1.0


@dataclass(frozen=True)
class PoolConfig:
    engine: str | None
    slots: int
    queue: int
    max_pixels: int
    max_bytes: int
    threads: int | None = None  # engine threads per worker; None: the cores shared among slots


def pool_config(settings: Settings) -> PoolConfig:
    return PoolConfig(engine=settings.engine, slots=settings.slots, queue=settings.queue,
                      max_pixels=settings.max_pixels, max_bytes=settings.max_bytes, threads=settings.engine_threads)


class Worker:
    """One inference process and the connection to it. Its methods block: call them from a thread."""

    def __init__(self, index: int, config: PoolConfig) -> None:
        self.index = index
        self.config = config
        self.process: subprocess.Popen[bytes] | None = None
        self.conn: Connection | None = None
        self.info: dict[str, Any] = {}
        self.restarts = 0

    def launch(self) -> None:
        """Start the process; it loads the engine while the server starts (see :meth:`wait_ready`)."""
        if self.process is not None:
            return
        parent, child = socket.socketpair()
        threads = self.config.threads or max(1, (os.cpu_count() or 2) // self.config.slots)
        env = {**os.environ, "IDEXTRACT_OCR_THREADS": str(threads)}
        config = {"engine": self.config.engine, "max_pixels": self.config.max_pixels,
                  "max_bytes": self.config.max_bytes}
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "idextract.server.worker", str(child.fileno()), json.dumps(config)],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, env=env,
            )
        finally:
            child.close()
        self.conn = Connection(parent.detach())

    def start(self) -> None:
        """Start the process (unless launched) and wait for its warm-up read; RuntimeError if it fails."""
        self.launch()
        assert self.conn is not None
        if not self.conn.poll(START_TIMEOUT):
            self.kill()
            raise RuntimeError(f"worker {self.index} did not become ready within {START_TIMEOUT:g} s")
        try:
            status, value = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise RuntimeError(f"worker {self.index} exited while starting") from None
        if status != "ready":
            self.kill()
            raise RuntimeError(f"worker {self.index}: {value}")
        self.info = value

    def call(self, seq: int, op: str, args: dict[str, Any], deadline: float) -> tuple[str, Any]:
        """Send one job and wait for its answer until ``deadline`` (``time.monotonic()``).
        Returns ``(status, value)``; on timeout or death the worker is restarted before returning
        ``("timeout", None)`` / ``("crashed", None)``."""
        conn = self.conn
        assert conn is not None
        try:
            conn.send((seq, op, args))
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not conn.poll(left):
                    self.restart()
                    return "timeout", None
                got, status, value = conn.recv()
                if got == seq:
                    return status, value
        except (EOFError, OSError, ValueError):
            self.restart()
            return "crashed", None

    def restart(self) -> None:
        self.kill()
        self.restarts += 1
        delay = RESTART_BACKOFF
        while True:
            try:
                self.start()
                return
            except RuntimeError as exc:
                log.error(json.dumps({"event": "worker_start_failed", "worker": self.index, "reason": str(exc)}))
                time.sleep(delay)
                delay = min(60.0, delay * 2)

    def kill(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the worker to exit; kill it if it does not within ``timeout``."""
        if self.conn is not None:
            try:
                self.conn.send(None)
            except OSError:
                pass
        if self.process is not None:
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    @property
    def rss_bytes(self) -> int:
        return _rss(self.process.pid) if self.process is not None else 0


class Pool:
    """The slots and their queue, for one event loop."""

    def __init__(self, config: PoolConfig) -> None:
        self.config = config
        self.workers = [Worker(i, config) for i in range(config.slots)]
        self._threads = concurrent.futures.ThreadPoolExecutor(config.slots + 1, thread_name_prefix="idextract-slot")
        self._idle: asyncio.Queue[Worker] | None = None
        self._seq = itertools.count(1)
        self.pending = 0  # admitted requests: waiting for a slot or holding one
        self.busy = 0  # slots reading an image
        self.ready = False
        self.failed: str | None = None
        self.service_time = 1.0  # recent seconds per image (EWMA), for Retry-After
        self._lock = threading.Lock()

    @property
    def waiting(self) -> int:
        return max(0, self.pending - self.busy)

    @property
    def capacity(self) -> int:
        return self.config.slots + self.config.queue

    @property
    def restarts(self) -> int:
        return sum(w.restarts for w in self.workers)

    def full(self) -> bool:
        return self.pending >= self.capacity

    def retry_after(self) -> float:
        """Seconds until a slot is likely free: the queue ahead divided among the slots."""
        return self.service_time * (self.pending + 1) / self.config.slots

    def launch(self) -> None:
        """Start the worker processes now, without waiting: they load the engine while the
        server imports its web framework (cold start is the longer of the two, not the sum)."""
        for worker in self.workers:
            worker.launch()

    async def start(self) -> None:
        """Start every worker (in parallel); ``ready`` turns true when all have read the warm-up image."""
        loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        try:
            await asyncio.gather(*(loop.run_in_executor(self._threads, w.start) for w in self.workers))
        except RuntimeError as exc:
            self.failed = str(exc)
            log.error(json.dumps({"event": "engine_failed", "reason": self.failed}))
            return
        for worker in self.workers:
            self._idle.put_nowait(worker)
        self.ready = True

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def run(self, op: str, args: dict[str, Any], deadline: float, budget: float) -> dict[str, Any]:
        """Run ``op`` on a free worker before ``deadline``; raises :class:`ServiceError`.
        ``budget`` is the request's whole deadline in seconds, for the message."""
        if not self.ready or self._idle is None:
            raise ServiceError(503, "server_overloaded", "the OCR engine is starting; retry shortly",
                               type="server_error", headers={"Retry-After": "2"})
        if self.full():
            raise ServiceError.overloaded(self.retry_after())
        if self.pending >= self.config.slots:
            # It would wait: admit it only if the queue ahead and its own read fit in its deadline,
            # otherwise it would time out in the queue or be killed mid-read, wasting the slot.
            ahead = self.service_time * (self.pending - self.config.slots + 1) / self.config.slots
            # 1.5: service times swing by half on a busy machine; a 503 now beats a 504 later.
            if 1.5 * (ahead + self.service_time) > deadline - time.monotonic():
                raise ServiceError.overloaded(ahead, "the queue ahead would not finish within this request's "
                                              "deadline; retry later")
        self.pending += 1
        try:
            try:
                worker = await asyncio.wait_for(self._idle.get(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                raise ServiceError.timeout(budget) from None
            return await self._on(worker, op, args, deadline, budget)
        finally:
            self.pending -= 1

    async def _on(self, worker: Worker, op: str, args: dict[str, Any], deadline: float,
                  budget: float) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        self.busy += 1
        started = time.monotonic()
        future = self._threads.submit(worker.call, next(self._seq), op, args, deadline)

        def done(_: concurrent.futures.Future[tuple[str, Any]]) -> None:
            # Runs when the worker has answered, or was killed and restarted: only then is its slot
            # free, whatever happened to the request that used it.
            loop.call_soon_threadsafe(self._release, worker, time.monotonic() - started)

        future.add_done_callback(done)
        try:
            status, value = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)),
                                                   max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise ServiceError.timeout(budget) from None
        if status == "ok":
            assert isinstance(value, dict)
            return value
        raise _failure(status, value, budget)

    def _release(self, worker: Worker, seconds: float) -> None:
        self.busy -= 1
        if seconds < 2 * self.service_time + 5:  # a restart is not a service time
            self.service_time = 0.8 * self.service_time + 0.2 * seconds
        assert self._idle is not None
        self._idle.put_nowait(worker)


def _failure(status: str, value: Any, budget: float) -> ServiceError:
    if status == "input":
        code, message, param = value
        return from_input_error(InputError(message, code=code, param=param))
    if status == "timeout":
        return ServiceError.timeout(budget)
    if status == "ocr":
        return ServiceError(500, "ocr_failed", str(value), type="server_error")
    if status == "crashed":
        return ServiceError.internal("the OCR worker stopped while reading the image; it was restarted")
    return ServiceError.internal(f"the server failed to read the image ({str(value)[:60]})")


def _rss(pid: int) -> int:
    """Resident set size of process ``pid`` in bytes (Linux /proc; 0 elsewhere)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
