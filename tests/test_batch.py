"""Batch extraction (idextract.batch, ``idextract batch``): the embedded engine really runs on the
rendered samples, in this process and in a pool of two spawned workers.

Expected records are what ``extract_receipt`` gives for the same file in this process, so a
result that differs in any field fails. The worker-death test uses an engine that kills its
process on one picture (a native crash cannot be provoked on purpose otherwise) and reads the
others with the real engine.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from idextract import extract_receipt
from idextract.batch import WORKER_DIED, BatchResult, extract_many, plan_workers
from idextract.batch_cli import CSV_COLUMNS, read_done, trim_csv
from idextract.ocr import get_backend
from idextract.ocr.base import OcrResult
from idextract.ocr.rapid import RapidOCR

REPO = Path(__file__).resolve().parents[1]
ITEMS = REPO / "samples" / "receipts" / "items"
SAMPLES = [ITEMS / "minimarket.png", ITEMS / "transfer-bni.png", ITEMS / "restaurant.png"]
KILLER_WIDTH = 333  # the dying engine's trigger: no sample has this width

pytestmark = pytest.mark.skipif(not RapidOCR.is_available(), reason="rapidocr/onnxruntime not installed")


@pytest.fixture(scope="module")
def expected() -> dict[str, str]:
    """Each sample's record JSON from extract_receipt, the reference for every test here."""
    return {str(p): extract_receipt(p, annotated=False).model_dump_json() for p in SAMPLES}


@pytest.fixture(scope="module")
def corrupt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bad") / "cut.jpg"
    path.write_bytes((ITEMS / "minimarket-photo.jpg").read_bytes()[:300])  # a JPEG cut after its header
    return path


def _json(result: BatchResult) -> str:
    assert result.record is not None, (result.error_code, result.error_message)
    return result.record.model_dump_json()


def test_plan_fits_workers_times_threads_to_the_cores() -> None:
    assert plan_workers(None, None, cores=2) == (2, 1)
    assert plan_workers(1, None, cores=2) == (1, 2)
    assert plan_workers(None, 2, cores=2) == (1, 2)
    assert plan_workers(None, None, cores=8) == (8, 1)


def test_in_process_keeps_order_and_a_corrupt_file_is_an_error(expected: dict[str, str], corrupt: Path) -> None:
    inputs = [SAMPLES[0], corrupt, SAMPLES[1]]
    results = list(extract_many(inputs, workers=1))
    assert [r.source for r in results] == [str(p) for p in inputs]
    assert [r.index for r in results] == [0, 1, 2]
    assert results[1].error_code == "unsupported_image" and not results[1].ok
    assert results[1].error_message and str(corrupt) not in results[1].error_message
    assert _json(results[0]) == expected[str(SAMPLES[0])]
    assert _json(results[2]) == expected[str(SAMPLES[1])]
    assert all(r.seconds > 0 for r in results if r.ok)


def test_pool_of_two_in_order_with_workers_replaced(expected: dict[str, str], corrupt: Path) -> None:
    # Five documents, two workers, two documents each at most: a worker is replaced mid-run.
    inputs: list[Any] = [SAMPLES[0], SAMPLES[1], corrupt, SAMPLES[2].read_bytes(), SAMPLES[0]]
    results = list(extract_many(inputs, workers=2, threads=1, max_tasks_per_child=2))
    assert [r.index for r in results] == list(range(len(inputs)))
    assert [r.source for r in results] == [str(SAMPLES[0]), str(SAMPLES[1]), str(corrupt), "#3", str(SAMPLES[0])]
    assert _json(results[4]) == expected[str(SAMPLES[0])]
    assert _json(results[0]) == expected[str(SAMPLES[0])]
    assert _json(results[1]) == expected[str(SAMPLES[1])]
    assert results[2].error_code == "unsupported_image"
    assert _json(results[3]) == expected[str(SAMPLES[2])]  # bytes read as the file is


def test_pool_unordered_yields_every_input_once(expected: dict[str, str], corrupt: Path) -> None:
    inputs = [corrupt, *SAMPLES]
    results = list(extract_many(iter(inputs), workers=2, ordered=False))  # a plain iterator: no length
    assert sorted(r.index for r in results) == list(range(len(inputs)))
    by_source = {r.source: r for r in results}
    assert by_source[str(corrupt)].error_code == "unsupported_image"
    for path in SAMPLES:
        assert _json(by_source[str(path)]) == expected[str(path)]


class DyingOCR:
    """The real engine, except that a picture KILLER_WIDTH px wide kills the worker process, as a
    crash in a native library or the kernel's OOM killer would."""

    name = "dying"
    # A wrapper forwards the document type's options, so the records match the plain engine's.
    options = frozenset({"detect_side"})

    @classmethod
    def is_available(cls) -> bool:
        return True

    def ocr(self, image: Image.Image, **options: Any) -> OcrResult:
        if image.width == KILLER_WIDTH:
            os._exit(1)
        return get_backend("rapidocr").ocr(image, **options)


def test_a_dead_worker_fails_its_document_only(expected: dict[str, str], tmp_path: Path) -> None:
    killer = tmp_path / "killer.png"
    Image.new("RGB", (KILLER_WIDTH, 200), "white").save(killer)
    inputs = [SAMPLES[0], killer, SAMPLES[1]]
    results = list(extract_many(inputs, workers=2, engine=DyingOCR()))
    assert [r.source for r in results] == [str(p) for p in inputs]
    assert results[1].error_code == WORKER_DIED
    assert results[0].ok and results[2].ok
    for result, path in ((results[0], SAMPLES[0]), (results[2], SAMPLES[1])):
        assert _json(result) == expected[str(path)]


def run_cli(*args: str | os.PathLike[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idextract", "batch", *map(str, args)], capture_output=True,
                          text=True, cwd=REPO, timeout=300, input=stdin)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture()
def folder(tmp_path: Path, corrupt: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES[0], docs / "a.png")
    shutil.copy(SAMPLES[1], docs / "sub" / "b.png")
    shutil.copy(corrupt, docs / "c.jpg")
    (docs / "notes.txt").write_text("not an image")  # a folder is searched for images only
    return docs


def test_cli_writes_jsonl_and_csv_and_resumes_after_a_cut(folder: Path, tmp_path: Path,
                                                          expected: dict[str, str]) -> None:
    out, items = tmp_path / "r.jsonl", tmp_path / "items.csv"
    proc = run_cli(folder, "--out", out, "--csv", items, "--workers", "1")
    assert proc.returncode == 0, proc.stderr
    lines = _lines(out)
    assert [Path(line["path"]).name for line in lines] == ["a.png", "c.jpg", "b.png"]
    assert [line["status"] for line in lines] == ["ok", "error", "ok"]
    assert lines[1]["error"]["code"] == "unsupported_image" and "record" not in lines[1]
    assert json.dumps(lines[0]["record"], sort_keys=True) == json.dumps(
        json.loads(expected[str(SAMPLES[0])]), sort_keys=True)
    assert "done: 3 documents" in proc.stderr and "unsupported_image 1" in proc.stderr
    rows = items.read_text(encoding="utf-8").splitlines()
    assert rows[0] == ",".join(CSV_COLUMNS)
    n_items = sum(len(line["record"]["items"]) for line in lines if line["status"] == "ok")
    assert n_items > 0 and len(rows) == 1 + n_items

    # A crash mid-write: two whole lines and half of the third, the CSV with all rows.
    raw = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(raw[0] + raw[1] + raw[2][: len(raw[2]) // 2])
    proc = run_cli(folder, "--out", out, "--csv", items, "--workers", "1", "--skip-existing")
    assert proc.returncode == 0, proc.stderr
    assert "skipped 2" in proc.stderr and "done: 1 documents" in proc.stderr
    again = _lines(out)
    assert sorted(line["path"] for line in again) == sorted(line["path"] for line in lines)
    assert again[2]["record"] == lines[2]["record"]
    assert sorted(items.read_text(encoding="utf-8").splitlines()) == sorted(rows)  # no item twice


def test_cli_reads_paths_from_stdin(tmp_path: Path, corrupt: Path) -> None:
    out = tmp_path / "r.jsonl"
    proc = run_cli("-", "--out", out, "--workers", "1", stdin=f"{corrupt}\n\n{tmp_path / 'missing.png'}\n")
    assert proc.returncode == 0, proc.stderr
    assert [(line["path"], line["error"]["code"]) for line in _lines(out)] == [
        (str(corrupt), "unsupported_image"), (str(tmp_path / "missing.png"), "invalid_parameter")]


def test_cli_without_inputs_exits_2(tmp_path: Path) -> None:
    proc = run_cli(tmp_path / "nothing-*.jpg", "--out", tmp_path / "r.jsonl")
    assert proc.returncode == 2 and "no input found" in proc.stderr and "Traceback" not in proc.stderr


def test_ctrl_c_leaves_valid_jsonl_and_a_rerun_completes(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(4):
        shutil.copy(SAMPLES[n % 2], docs / f"{n}.png")
    out = tmp_path / "r.jsonl"
    command = [sys.executable, "-m", "idextract", "batch", str(docs), "--out", str(out), "--workers", "1"]
    proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while (not out.exists() or not out.read_bytes()) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "stopped:" in stderr
    first = _lines(out)  # every line parses
    assert 1 <= len(first) < 4
    proc2 = run_cli(docs, "--out", out, "--workers", "1", "--skip-existing")
    assert proc2.returncode == 0, proc2.stderr
    paths = [line["path"] for line in _lines(out)]
    assert sorted(paths) == sorted(str(docs / f"{n}.png") for n in range(4))


def test_read_done_drops_a_cut_last_line_and_trim_csv_drops_its_rows(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_bytes(b'{"path": "a", "status": "ok"}\n{"path": "b", "status": "error"}\n{"path": "c", "sta')
    assert read_done(out) == {"a", "b"}
    assert out.read_bytes().endswith(b'"error"}\n')
    items = tmp_path / "items.csv"
    items.write_text(",".join(CSV_COLUMNS) + "\na,1,x,1,2,2,,0.9\nc,1,y,1,2,2,1,0.9\nc,2,z\n", encoding="utf-8")
    trim_csv(items, {"a", "b"})
    assert items.read_text(encoding="utf-8").splitlines()[1:] == ["a,1,x,1,2,2,,0.9"]


def test_trim_csv_keeps_the_rows_of_a_csv_written_before_the_discount_column(tmp_path: Path) -> None:
    items = tmp_path / "items.csv"
    old = [c for c in CSV_COLUMNS if c != "discount"]
    items.write_text(",".join(old) + "\na,1,x,1,2,2,0.9\nc,1,y,1,2,2,0.9\n", encoding="utf-8")
    trim_csv(items, {"a"})
    assert items.read_text(encoding="utf-8").splitlines() == [",".join(CSV_COLUMNS), "a,1,x,1,2,2,,0.9"]
