"""idextract.distributed on a local Ray instance (2 CPUs, no dashboard): rendered samples through
two actors give the records ``extract_receipt`` gives in this process, and a bad file is an
error row. Skipped only when ray is not importable (it is in the dev extras, so CI runs it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from idextract import extract_receipt
from idextract.ocr.rapid import RapidOCR

ray = pytest.importorskip("ray")

REPO = Path(__file__).resolve().parents[1]
ITEMS = REPO / "samples" / "receipts" / "items"
SAMPLES = [ITEMS / "minimarket.png", ITEMS / "transfer-bni.png", ITEMS / "restaurant.png"]

pytestmark = pytest.mark.skipif(not RapidOCR.is_available(), reason="rapidocr/onnxruntime not installed")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    import ray.data

    # Ray starts its workers at nice 15: on a machine busy with anything else they would crawl.
    previous = os.environ.get("RAY_worker_niceness")
    os.environ["RAY_worker_niceness"] = "0"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    try:
        yield
    finally:
        ray.shutdown()
        if previous is None:
            os.environ.pop("RAY_worker_niceness", None)
        else:
            os.environ["RAY_worker_niceness"] = previous


def test_two_actors_give_extract_receipts_records(local_ray: None, tmp_path: Path) -> None:
    from idextract.distributed import OUTPUT_COLUMNS, extract_dataset, iter_records

    corrupt = tmp_path / "cut.png"
    corrupt.write_bytes(SAMPLES[0].read_bytes()[:200])
    paths = [*SAMPLES, corrupt]
    rows = extract_dataset(paths, "receipt", concurrency=2, batch_size=1).take_all()
    assert all(set(row) == set(OUTPUT_COLUMNS) for row in rows)
    results = {r.source: r for r in iter_records(rows, "receipt")}
    assert sorted(results) == sorted(map(str, paths))
    for path in SAMPLES:
        record = results[str(path)].record
        assert record is not None, results[str(path)].error_code
        assert record.model_dump_json() == extract_receipt(path, annotated=False).model_dump_json()
    assert results[str(corrupt)].error_code == "unsupported_image" and results[str(corrupt)].record is None


def test_a_dataset_of_paths_is_read_by_the_actors(local_ray: None) -> None:
    import ray.data

    from idextract.distributed import extract_dataset, iter_records

    rows = extract_dataset(ray.data.from_items([{"path": str(SAMPLES[1])}]), "receipt", concurrency=1)
    (result,) = iter_records(rows, "receipt")
    assert result.record is not None
    assert result.record.model_dump_json() == extract_receipt(SAMPLES[1], annotated=False).model_dump_json()
