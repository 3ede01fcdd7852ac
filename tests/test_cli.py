"""``python -m idextract``: run as a user would, in a subprocess.

Bad input exits 2 with a one-line message and no traceback. Two tests run the real embedded OCR
engine on the bundled fictional sample, once, shared through a module fixture.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from idextract.ocr.rapid import RapidOCR

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "receipts" / "items" / "minimarket.png"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

needs_ocr = pytest.mark.skipif(not RapidOCR.is_available(), reason="rapidocr/onnxruntime not installed")


def run_cli(*args: str | os.PathLike[str], cwd: Path = REPO, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "idextract", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _assert_one_line_error(proc: subprocess.CompletedProcess[str]) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("idextract:")
    assert proc.stdout == ""


def _not_an_image(tmp_path: Path) -> Path:
    path = tmp_path / "struk.jpg"
    path.write_bytes(b"TOTAL 19.700\nTUNAI 20.000\n")  # text saved under a .jpg name
    return path


def _truncated_png(tmp_path: Path) -> Path:
    path = tmp_path / "potong.png"
    path.write_bytes(PNG_MAGIC + b"\x00\x00\x00\x0dIHDR")  # a PNG cut off after its signature
    return path


def _directory(tmp_path: Path) -> Path:
    return tmp_path


BAD_INPUTS = [
    pytest.param(lambda tmp: Path("/no/such/file.jpg"), id="missing-file"),
    pytest.param(_not_an_image, id="text-bytes-under-a-jpg-name"),
    pytest.param(_truncated_png, id="truncated-png"),
    pytest.param(_directory, id="a-directory"),
]


@pytest.mark.parametrize("make_path", BAD_INPUTS)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, make_path) -> None:
    proc = run_cli("receipt", make_path(tmp_path))
    _assert_one_line_error(proc)


def test_missing_file_message_names_the_problem() -> None:
    proc = run_cli("receipt", "/no/such/file.jpg")
    assert "not found" in proc.stderr


def test_usage_error_exits_2() -> None:
    proc = run_cli("receipt")  # argparse: the path is missing
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def minimarket_json(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One real OCR run: ``receipt minimarket.png --json --annotated OUT.png``, from another cwd."""
    out_dir = tmp_path_factory.mktemp("cli")
    annotated = out_dir / "OUT.png"
    proc = run_cli("receipt", SAMPLE, "--json", "--annotated", annotated, cwd=out_dir)
    return proc, annotated


@needs_ocr
def test_json_output_of_the_sample_receipt(minimarket_json) -> None:
    proc, _ = minimarket_json
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    record = json.loads(proc.stdout)  # stdout is the JSON and nothing else
    assert record["doc_type"] == "receipt"
    assert record["total"]["value"] == "86500"
    assert 0.0 < record["total"]["confidence"] <= 1.0
    assert "annotated_image" not in record


@needs_ocr
def test_annotated_png_is_written(minimarket_json) -> None:
    proc, annotated = minimarket_json
    assert proc.returncode == 0, proc.stderr
    data = annotated.read_bytes()
    assert data.startswith(PNG_MAGIC)
    assert "annotated image:" in proc.stderr  # with --json the note goes to stderr, not into the JSON


@needs_ocr
def test_sample_receipt_currency_is_rupiah(minimarket_json) -> None:
    proc, _ = minimarket_json
    record = json.loads(proc.stdout)
    assert record["currency"]["value"] == "IDR"


def test_types_lists_the_installed_document_types() -> None:
    proc = run_cli("types")
    assert proc.returncode == 0, proc.stderr
    names = [line.split()[0] for line in proc.stdout.splitlines() if line and not line.startswith(" ")]
    assert names == ["ktp", "receipt"]
    assert "personal fields: nik, name" in proc.stdout


def test_an_unknown_document_type_is_a_usage_error() -> None:
    proc = run_cli("sim", "card.jpg")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "invalid choice" in proc.stderr


KTP_SAMPLE = REPO / "samples" / "ktp" / "items" / "ktp-01-bandung.png"


@needs_ocr
def test_ktp_mask_pii_masks_the_personal_fields_in_json() -> None:
    plain = run_cli("ktp", KTP_SAMPLE, "--json")
    masked = run_cli("ktp", KTP_SAMPLE, "--json", "--mask-pii")
    assert plain.returncode == 0 and masked.returncode == 0, plain.stderr + masked.stderr
    a, b = json.loads(plain.stdout), json.loads(masked.stdout)
    nik = a["nik"]["value"]
    assert nik and nik not in masked.stdout and b["nik"]["value"] == nik[:4] + "*" * 8 + nik[-4:]
    assert b["nik"]["raw"] is None and "*" in b["name"]["value"]
    assert {k: v for k, v in a.items() if k not in ("nik", "name")} == {k: v for k, v in b.items()
                                                                          if k not in ("nik", "name")}
