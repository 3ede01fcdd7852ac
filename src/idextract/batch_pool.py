"""The process pool behind :func:`idextract.batch.extract_many` (``workers > 1``).

The worker side (the initializer that sets the threads and loads the engine, each document
read and its result shipped back as JSON) and the parent side (a bounded number of documents in
flight, results as they finish or in input order, and the re-reading that finds which document
kills a worker). Why the pool is built this way is told in :mod:`idextract.batch`; it lives
apart so that the public module reads as what a batch does, this one as how the processes run it.

This module imports :mod:`idextract.batch` (results, the per-document read); ``batch`` imports
this one only when a pool is needed, and a spawned worker imports it by name to unpickle its
initializer.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace

from .batch import WORKER_DIED, BatchResult, _extract_one, _Job, _source, _warm_up
from .doctypes import get_document_type
from .records import Document

__all__ = ["Pool", "pooled"]

#: Documents queued per worker: one being read and one ready, so no worker waits for the parent.
_QUEUED_PER_WORKER = 2
#: In input order, results wait for a slow earlier one; at most this many per worker are held.
_AHEAD_PER_WORKER = 8
_DIED_MESSAGE = ("the worker process reading this document died (killed by the system, out of memory, "
                 "or a crash in a native library)")
# Besides the embedded engine's own variable (rapid.THREADS_ENV), OpenMP and BLAS pools of other
# libraries follow this one.
_OMP_THREADS = "OMP_NUM_THREADS"

_WORKER_JOB: _Job | None = None


def _init_worker(job: _Job, threads: int) -> None:
    """Pool initializer: threads first (the engine reads them when built), then the engine."""
    global _WORKER_JOB
    # Ctrl-C in a terminal reaches the whole process group: the parent decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .ocr.rapid import THREADS_ENV  # read by the engine when it is built, below

    for name in (THREADS_ENV, _OMP_THREADS):
        os.environ[name] = str(threads)
    _WORKER_JOB = job
    _warm_up(job)


@dataclass(frozen=True, slots=True)
class _Shipped:
    """A result on its way from a worker: records of generic pydantic fields (``Extracted[str]``)
    do not pickle, so the record travels as its JSON (and the annotated PNG beside it)."""

    result: BatchResult
    record_json: str | None
    png: bytes | None

    def unpack(self, record_class: type[Document]) -> BatchResult:
        if self.record_json is None:
            return self.result
        record = record_class.model_validate_json(self.record_json)
        record.annotated_image = self.png
        return replace(self.result, record=record)


def _work(index: int, item: object) -> _Shipped:
    if _WORKER_JOB is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker not initialised")
    result = _extract_one(_WORKER_JOB, index, item)
    if result.record is None:
        return _Shipped(result, None, None)
    return _Shipped(replace(result, record=None), result.record.model_dump_json(), result.record.annotated_image)


class Pool:
    """A process pool, started on first use, that can be replaced when one of its workers dies."""

    def __init__(self, workers: int, threads: int, job: _Job, max_tasks_per_child: int | None) -> None:
        self.workers, self.threads, self.job, self.max_tasks = workers, threads, job, max_tasks_per_child
        self.record_class = get_document_type(job.doc_type).record
        self.executor: ProcessPoolExecutor | None = None

    def submit(self, index: int, item: object, *, alone: bool = False) -> Future[_Shipped]:
        """Send one document; ``alone`` starts a one-worker pool if none runs (to find which
        document kills its worker, one process is enough)."""
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                max_workers=1 if alone else self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker, initargs=(self.job, self.threads), max_tasks_per_child=self.max_tasks)
        return self.executor.submit(_work, index, item)

    def close(self) -> None:
        """Stop the workers now, without waiting for the documents being read."""
        if self.executor is None:
            return
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = None
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)


def _outcome(future: Future[_Shipped], pool: Pool, index: int, item: object) -> BatchResult | None:
    """The future's result, an error result, or None when its worker died."""
    try:
        return future.result().unpack(pool.record_class)
    except BrokenProcessPool:
        return None
    except Exception as exc:  # noqa: BLE001 - e.g. an input that cannot be sent to a worker (not picklable)
        return BatchResult(index, _source(index, item), error_code="internal_error",
                           error_message=f"unexpected {type(exc).__name__}")


def _sort_outcome(future: Future[_Shipped], pool: Pool, pair: tuple[int, object], finished: list[BatchResult],
                  suspects: list[tuple[int, object]]) -> None:
    result = _outcome(future, pool, *pair)
    if result is None:
        suspects.append(pair)
    else:
        finished.append(result)


def _recover(pool: Pool, suspects: list[tuple[int, object]]) -> Iterator[BatchResult]:
    """Read the documents a dead worker's pool held, one at a time in a new pool: only the one
    that kills a worker again is reported as ``worker_died``. The full pool restarts with the
    next document submitted."""
    pool.close()
    for index, item in sorted(suspects, key=lambda pair: pair[0]):
        try:
            result = _outcome(pool.submit(index, item, alone=True), pool, index, item)
        except BrokenProcessPool:
            result = None
        if result is None:
            result = BatchResult(index, _source(index, item), error_code=WORKER_DIED, error_message=_DIED_MESSAGE)
            pool.close()
        yield result
    pool.close()


def pooled(items: Iterator[tuple[int, object]], pool: Pool, *, ordered: bool) -> Iterator[BatchResult]:
    """Results from the pool as they complete (``ordered=False``) or in input order."""
    queued, ahead = pool.workers * _QUEUED_PER_WORKER, pool.workers * _AHEAD_PER_WORKER
    inflight: dict[Future[_Shipped], tuple[int, object]] = {}
    held: dict[int, BatchResult] = {}
    submitted = released = 0
    exhausted = False
    while True:
        suspects: list[tuple[int, object]] = []
        while not exhausted and not suspects and len(inflight) < queued and (
                not ordered or submitted - released < ahead):
            pair = next(items, None)
            if pair is None:
                exhausted = True
                break
            submitted += 1
            try:
                inflight[pool.submit(*pair)] = pair
            except BrokenProcessPool:
                suspects.append(pair)
        if not inflight and not suspects:
            return
        done = wait(inflight, return_when=FIRST_COMPLETED).done if inflight and not suspects else set()
        finished: list[BatchResult] = []
        for future in done:
            _sort_outcome(future, pool, inflight.pop(future), finished, suspects)
        if suspects:
            # The pool is broken: the others' futures fail at once (or hold results already).
            for future, pair in inflight.items():
                _sort_outcome(future, pool, pair, finished, suspects)
            inflight.clear()
            finished.extend(_recover(pool, suspects))
        for result in finished:
            if ordered:
                held[result.index] = result
            else:
                yield result
        while released in held:
            yield held.pop(released)
            released += 1
