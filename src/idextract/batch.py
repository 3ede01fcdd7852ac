"""Many documents on one machine: :func:`extract_many`, a process pool with one engine per worker.

::

    from idextract.batch import extract_many

    for result in extract_many(paths, "receipt", workers=2, progress=True):
        if result.ok:
            store(result.source, result.record.model_dump_json())
        else:
            print(result.source, result.error_code, result.error_message)

Why it is built this way (after Marker's ``convert.py``, see
``shared/reference/service-and-scale.md``):

- a pool of processes, not threads: OCR holds the GIL between model calls and rapidocr's engine
  is not safe to share (one image at a time per process);
- the initializer loads the engine once per worker (and reads a small image, so the models are
  in memory before the first document), with ``workers x threads`` fitted to the cores: on 2
  cores, 2 workers of 1 thread each, or 1 worker of 2;
- ``max_tasks_per_child`` replaces a worker after that many documents, against memory that an
  engine's allocator keeps growing;
- a corrupt or hostile file is an error result (its code and the library's message, which hold
  no personal value), never the end of the run; a worker that dies (killed for memory, a crash
  in a native library) is found by re-reading the documents it held one at a time in a new
  pool, and only the one that kills it again is reported (``worker_died``);
- inputs are read lazily (a generator over stdin works) with a bounded number in flight, so
  memory does not grow with the number of documents.

The pool starts processes with ``spawn`` (a forked copy of a process whose engine threads are
running can deadlock), so a script calling :func:`extract_many` with ``workers > 1`` needs the
usual ``if __name__ == "__main__":`` guard. ``workers=1`` (or 0) runs in this process.

The pool itself (workers, results shipped back, the recovery from a dead worker) is
:mod:`idextract.batch_pool`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Generator, Iterable, Iterator, Sized
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .api import extract
from .doctypes import DEFAULT_DOCUMENT_TYPE, get_document_type
from .errors import APIError, IdextractError, InputError, OcrError, OcrUnavailableError
from .ocr.base import OcrBackend
from .records import Document

if TYPE_CHECKING:
    from .batch_pool import Pool

__all__ = ["DEFAULT_MAX_TASKS_PER_CHILD", "BatchResult", "cpu_count", "error_code", "extract_many", "plan_workers"]

#: A worker is replaced after this many documents (about 1% of its time goes to the restart).
DEFAULT_MAX_TASKS_PER_CHILD = 250
#: The error code of a document whose worker died again when it was read alone (:mod:`.batch_pool`).
WORKER_DIED = "worker_died"


@dataclass(frozen=True, slots=True)
class BatchResult:
    """One input's outcome: ``record`` when it was read, else ``error_code`` and
    ``error_message`` (the library's own message: no personal value, no image content).

    ``source`` is the path as given (``os.fspath``) or ``#<index>`` for bytes, files and images;
    ``index`` the input's position; ``seconds`` the time spent on it in the worker (wall clock),
    ``cpu_seconds`` the CPU time its process used meanwhile (all the engine's threads).
    """

    index: int
    source: str
    record: Document | None = None
    error_code: str | None = None
    error_message: str | None = None
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.record is not None

    @property
    def status(self) -> str:
        return "ok" if self.ok else "error"


def error_code(exc: BaseException) -> str:
    """A stable word for a failure: an ``InputError``'s code (the hosted API's vocabulary), the
    API's own code for an ``APIError``, else the kind of failure."""
    if isinstance(exc, InputError):
        return exc.code
    if isinstance(exc, APIError):
        return exc.code or "api_error"
    if isinstance(exc, OcrUnavailableError):
        return "ocr_unavailable"
    if isinstance(exc, OcrError):
        return "ocr_failed"
    if isinstance(exc, IdextractError):
        return "error"
    return "internal_error"


def cpu_count() -> int:
    """The cores this process may run on (the affinity mask, not the machine's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def plan_workers(workers: int | None, threads: int | None, cores: int | None = None) -> tuple[int, int]:
    """``(workers, threads)`` so that ``workers x threads`` fits the cores: by default one worker
    of one thread per core (measured fastest for throughput on 2 cores, see README "Batch")."""
    cores = cores or cpu_count()
    if workers is not None and (not isinstance(workers, int) or workers < 0):
        raise InputError("workers must be a non-negative integer", code="invalid_parameter", param="workers")
    if threads is not None and (not isinstance(threads, int) or threads < 1):
        raise InputError("threads must be a positive integer", code="invalid_parameter", param="threads")
    if workers is None:
        workers = max(1, cores // (threads or 1))
    return max(workers, 1), threads or max(1, cores // max(workers, 1))


@dataclass(frozen=True)
class _Job:
    """What every document of a run is read with (sent once to each worker)."""

    doc_type: str
    engine: str | OcrBackend | None
    annotated: bool
    mask_pii: bool
    options: dict[str, Any] = field(default_factory=dict)


def _source(index: int, item: object) -> str:
    if isinstance(item, str | os.PathLike):
        try:
            return str(os.fspath(item))
        except Exception:  # noqa: BLE001 - a PathLike whose __fspath__ misbehaves is read (and refused) later
            pass
    return f"#{index}"


def _extract_one(job: _Job, index: int, item: object) -> BatchResult:
    """One document; every failure but an interrupt becomes an error result."""
    source = _source(index, item)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        record = extract(item, job.doc_type, ocr=job.engine, annotated=job.annotated, mask_pii=job.mask_pii,
                         **job.options)
    except IdextractError as exc:
        return BatchResult(index, source, error_code=error_code(exc), error_message=str(exc),
                           seconds=time.perf_counter() - start, cpu_seconds=time.process_time() - cpu)
    except Exception as exc:  # noqa: BLE001 - a bug or a MemoryError must not end the run
        # The type only: a message from below the library can hold a path or text read.
        return BatchResult(index, source, error_code="internal_error", error_message=f"unexpected {type(exc).__name__}",
                           seconds=time.perf_counter() - start, cpu_seconds=time.process_time() - cpu)
    return BatchResult(index, source, record=record, seconds=time.perf_counter() - start,
                       cpu_seconds=time.process_time() - cpu)


def _warm_up(job: _Job) -> None:
    """Load the local engine's models and the parser now rather than during the first document; never raises
    (an engine that cannot load fails each document with its own error instead)."""
    try:
        from PIL import Image, ImageDraw, ImageFont

        from .ocr import get_backend
        from .ocr.rapid import RapidOCR

        backend = get_backend(job.engine)
        if not isinstance(backend, RapidOCR):
            return  # a hosted engine must not be called for nothing; others load quickly
        # Several long lines, so that the upside-down vote's classifier loads too.
        picture = Image.new("RGB", (640, 400), "white")
        draw, font = ImageDraw.Draw(picture), ImageFont.load_default(size=28)
        for row, text in enumerate(("INDOMARET CABANG 12", "TOTAL BELANJA 12.500", "TUNAI 20.000",
                                    "KEMBALIAN 7.500", "TERIMA KASIH")):
            draw.text((16, 16 + row * 76), text, fill="black", font=font)
        # The whole pipeline, so that the parser's spec and patterns load too.
        extract(picture, job.doc_type, ocr=backend, annotated=job.annotated)
    except Exception:  # noqa: BLE001, S110 - an exception here would break the whole pool
        pass


def _with_threads(engine: str | OcrBackend | None, threads: int) -> str | OcrBackend | None:
    """In this process: the embedded engine with ``threads`` threads (others as they are)."""
    from .ocr import get_backend
    from .ocr.rapid import RapidOCR

    backend = get_backend(engine)
    if not isinstance(backend, RapidOCR) or getattr(backend, "threads", threads) == threads:
        return backend
    return RapidOCR(max_side=backend.max_side, check_upside_down=backend.check_upside_down,
                    runtime=backend.runtime, threads=threads)


def extract_many(
    inputs: Iterable[Any],
    doc_type: str = DEFAULT_DOCUMENT_TYPE,
    *,
    workers: int | None = None,
    threads: int | None = None,
    progress: bool = False,
    ordered: bool = True,
    engine: str | OcrBackend | None = None,
    annotated: bool = False,
    mask_pii: bool = False,
    max_tasks_per_child: int | None = DEFAULT_MAX_TASKS_PER_CHILD,
    total: int | None = None,
    **options: Any,
) -> Generator[BatchResult, None, None]:
    """Read every input as ``doc_type``; yields a :class:`BatchResult` per input, in input order
    (``ordered=False``: as they finish, which keeps every worker busy behind a slow document).

    ``inputs`` is any iterable of what :func:`idextract.extract` takes (paths are read by the
    workers; with a pool, inputs must be picklable: paths, bytes, PIL images), consumed lazily.
    ``workers`` processes (default: one per core), each with ``threads`` engine threads (default:
    the cores divided by the workers); ``workers=1`` or ``0`` reads in this process, with the
    engine as configured here. ``engine``, ``annotated``, ``mask_pii`` and ``options``
    (``max_pixels``, ``max_bytes``, ``allow_private_urls``, ``today``) are passed to
    :func:`idextract.extract`; ``annotated`` is off by default (drawing costs time, and the PNG
    is not kept in JSON). ``progress=True`` draws a progress bar on stderr (``total`` documents
    when ``inputs`` has no length). Raises ``UnknownDocumentTypeError`` before starting anything.
    Closing the iterator early stops the workers.
    """
    get_document_type(doc_type)
    count, per_worker = plan_workers(workers, threads)
    if total is None and isinstance(inputs, Sized):
        total = len(inputs)
    job = _Job(doc_type, engine, annotated, mask_pii, dict(options))
    if progress:
        from .batch_cli import Progress  # the terminal side lives with the command line

    bar = Progress(total) if progress else None
    pool: Pool | None = None
    try:
        if count <= 1:
            if threads is not None:
                job = _Job(doc_type, _with_threads(engine, threads), annotated, mask_pii, dict(options))
            results: Iterator[BatchResult] = (_extract_one(job, i, item) for i, item in enumerate(inputs))
        else:
            from .batch_pool import Pool, pooled  # it imports this module: imported when a pool is needed

            pool = Pool(count, per_worker, job, max_tasks_per_child)
            results = pooled(iter(enumerate(inputs)), pool, ordered=ordered)
        for result in results:
            if bar is not None:
                bar.update(result)
            yield result
    finally:
        if pool is not None:
            # Every result is in when finished: idle workers (or one just started to replace a
            # worker past max_tasks_per_child) have nothing left to finish.
            pool.close()
        if bar is not None:
            bar.close()
