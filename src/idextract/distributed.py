"""The same pipeline on Ray Data, on this machine or a cluster (``pip install "idextract[ray]"``).

::

    import ray
    from idextract.distributed import extract_dataset, iter_records

    ray.init()                       # a cluster: ray.init(address="auto"), the code unchanged
    rows = extract_dataset(paths, "receipt", concurrency=2)   # a lazy ray.data.Dataset
    rows.write_json("s3://bucket/results/")                    # or, to the driver:
    for result in iter_records(rows, "receipt"):               # idextract.batch.BatchResult
        print(result.source, result.record.total.value if result.ok else result.error_code)

:class:`Extractor` is the class ``Dataset.map_batches`` builds once per actor: the engine is
loaded in ``__init__`` (one actor per CPU by default, each engine with the actor's CPUs as
threads), and each call takes a batch of ``{"bytes", "path"}`` (what
``ray.data.read_binary_files(..., include_paths=True)`` gives; ``path`` alone is read by the
actor) and returns ``{"path", "status", "record", "error_code", "error_message", "seconds",
"cpu_seconds"}``, ``record`` being the record's JSON. As in :func:`idextract.batch.extract_many`,
a bad file is an error row, never a failed job. Rows come back in no particular order (Ray Data's default): match
them by ``path``.

Ray is imported inside the functions only: ``import idextract`` never pulls it in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .batch import BatchResult, _extract_one, _Job, _warm_up
from .doctypes import DEFAULT_DOCUMENT_TYPE, get_document_type
from .ocr.base import OcrBackend

if TYPE_CHECKING:
    import ray.data

__all__ = ["OUTPUT_COLUMNS", "Extractor", "extract_dataset", "iter_records"]

OUTPUT_COLUMNS = ("path", "status", "record", "error_code", "error_message", "seconds", "cpu_seconds")


def _actor_cpus() -> int:
    """The CPUs Ray gave this actor (1 outside Ray or when it cannot tell)."""
    try:
        import ray

        cpus = ray.get_runtime_context().get_assigned_resources().get("CPU", 1.0)  # type: ignore[no-untyped-call]
    except Exception:  # noqa: BLE001 - not in a Ray worker, or another Ray version's API
        return 1
    return max(1, int(cpus))


class Extractor:
    """A callable class for ``ray.data.Dataset.map_batches``: the engine loads once per actor.

    ``threads`` engine threads (default: the CPUs the actor was given, ``num_cpus``); the other
    arguments are those of :func:`idextract.batch.extract_many` (``annotated`` stays off: the
    PNG is not part of the record's JSON).
    """

    def __init__(self, doc_type: str = DEFAULT_DOCUMENT_TYPE, *, engine: str | OcrBackend | None = None,
                 threads: int | None = None, mask_pii: bool = False, **options: Any) -> None:
        get_document_type(doc_type)
        from .ocr.rapid import THREADS_ENV

        # The engine reads its threads when built; this process is the actor's own.
        os.environ[THREADS_ENV] = str(threads or _actor_cpus())
        self.job = _Job(doc_type, engine, False, mask_pii, dict(options))
        _warm_up(self.job)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        paths = [str(p) for p in batch["path"]]
        data = batch.get("bytes")
        out: dict[str, list[Any]] = {name: [] for name in OUTPUT_COLUMNS}
        for i, path in enumerate(paths):
            item: object = bytes(data[i]) if data is not None else path
            result = _extract_one(self.job, i, item)
            out["path"].append(path)
            out["status"].append(result.status)
            out["record"].append(result.record.model_dump_json() if result.record is not None else None)
            out["error_code"].append(result.error_code)
            out["error_message"].append(result.error_message)
            out["seconds"].append(round(result.seconds, 3))
            out["cpu_seconds"].append(round(result.cpu_seconds, 3))
        return out


def extract_dataset(
    source: Sequence[str | os.PathLike[str]] | ray.data.Dataset,
    doc_type: str = DEFAULT_DOCUMENT_TYPE,
    *,
    concurrency: int | tuple[int, int] | None = None,
    num_cpus: float = 1,
    batch_size: int = 4,
    engine: str | OcrBackend | None = None,
    threads: int | None = None,
    **options: Any,
) -> ray.data.Dataset:
    """A lazy dataset of result rows (:data:`OUTPUT_COLUMNS`) for ``source``: paths (read with
    ``ray.data.read_binary_files``; on a cluster, paths every node can read, e.g. ``s3://``) or
    a dataset with a ``path`` column and optionally ``bytes``.

    ``concurrency`` actors, or ``(min, max)`` for an autoscaling pool (default: as many as the
    cluster's CPUs hold at ``num_cpus`` each),
    each reading ``batch_size`` documents per call. Nothing runs until the dataset is consumed
    (``iter_rows``, ``write_json``, :func:`iter_records`).
    """
    import ray
    import ray.data

    get_document_type(doc_type)  # an unknown type fails here, not in every actor
    if isinstance(source, ray.data.Dataset):
        dataset = source
    else:
        # Reading is I/O: at num_cpus=0 the reads never wait for CPUs the actors hold (with every
        # CPU given to actors, reads asking for one deadlock the pipeline).
        dataset = ray.data.read_binary_files([os.fspath(p) for p in source], include_paths=True, num_cpus=0)
    if concurrency is None:
        concurrency = max(1, int(ray.cluster_resources().get("CPU", 1) // num_cpus))  # type: ignore[no-untyped-call]
    actors = (ray.data.ActorPoolStrategy(size=concurrency) if isinstance(concurrency, int)
              else ray.data.ActorPoolStrategy(min_size=concurrency[0], max_size=concurrency[1]))
    return dataset.map_batches(
        Extractor,
        fn_constructor_args=(doc_type,),
        fn_constructor_kwargs={"engine": engine, "threads": threads, **options},
        batch_size=batch_size,
        compute=actors,
        num_cpus=num_cpus,
        batch_format="default",
    )


def iter_records(rows: ray.data.Dataset | Iterable[dict[str, Any]],
                 doc_type: str = DEFAULT_DOCUMENT_TYPE) -> Iterator[BatchResult]:
    """The rows of :func:`extract_dataset` (a dataset, or rows already fetched) as
    :class:`~idextract.batch.BatchResult` objects with typed records, as ``extract_many`` yields
    them (``index`` counts rows as they arrive)."""
    record_class = get_document_type(doc_type).record
    iterable: Iterable[dict[str, Any]] = rows.iter_rows() if hasattr(rows, "iter_rows") else rows
    for index, row in enumerate(iterable):
        record = record_class.model_validate_json(row["record"]) if row.get("record") else None
        yield BatchResult(index, str(row["path"]), record=record, error_code=row.get("error_code"),
                          error_message=row.get("error_message"), seconds=float(row.get("seconds") or 0.0),
                          cpu_seconds=float(row.get("cpu_seconds") or 0.0))
