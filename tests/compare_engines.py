"""Tesseract vs the embedded engine on a dataset's photos, side by side in one run.

    python tests/compare_engines.py [--dataset ../shared/datasets/andre-receipts] [--limit N]
                                    [--engines rapidocr,tesseract] [--json OUT]

Not a pytest test (the name does not start with ``test_``): it asserts nothing and reports
numbers. For each image (``DIR/items/<id>.jpg`` with ``<id>.gt.json``) it loads the picture once
(:func:`idextract.images.load_image`: EXIF rotation applied), then for each engine in turn runs
``engine.ocr(picture)`` and :func:`idextract.parse_receipt`, and scores ``total`` and
``transaction_date`` against the ground truth the way ``../shared/tools/score.py`` does (a value
where the truth is null counts against precision; a wrong value is both a miss and a false
positive). Engines alternate per image, so a slow period of the machine hits both alike.

Time per image is OCR plus parsing (the image is decoded outside the timing); each engine gets
one warm-up call first (model loading), reported separately.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import idextract
from idextract.images import load_image
from idextract.ocr import get_backend

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = ROOT.parent / "shared" / "datasets" / "andre-receipts"
FIELDS = ("total", "transaction_date")


def same(field: str, truth: Any, pred: Any) -> bool:
    if pred is None:
        return False
    if field == "total":
        try:
            return Decimal(str(truth)) == Decimal(str(pred))
        except InvalidOperation:
            return False
    return str(truth) == (pred.isoformat() if hasattr(pred, "isoformat") else str(pred))


def f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--engines", default="rapidocr,tesseract", help="comma-separated registry names")
    ap.add_argument("--json", type=Path, help="write per-image results here")
    args = ap.parse_args(argv)

    gts = sorted((args.dataset / "items").glob("*.gt.json"))
    docs = []
    for gt_path in gts:
        doc_id = gt_path.name[: -len(".gt.json")]
        image = next((p for p in gt_path.parent.glob(f"{doc_id}.*")
                      if p.suffix.lower() in {".jpg", ".jpeg", ".png"}), None)
        if image is not None:
            docs.append((doc_id, image, json.loads(gt_path.read_text())))
    if args.limit:
        docs = docs[: args.limit]
    if not docs:
        print(f"no images with ground truth under {args.dataset}/items", file=sys.stderr)
        return 2

    names = [n.strip() for n in args.engines.split(",") if n.strip()]
    engines = {name: get_backend(name) for name in names}
    warmup = {}
    first = load_image(docs[0][1])
    for name, engine in engines.items():
        t0 = time.perf_counter()
        engine.ocr(first)
        warmup[name] = time.perf_counter() - t0

    counts = {n: {f: {"tp": 0, "fp": 0, "fn": 0} for f in FIELDS} for n in names}
    times: dict[str, list[float]] = {n: [] for n in names}
    per_doc = []
    for k, (doc_id, path, gt) in enumerate(docs):
        picture = load_image(path)
        row: dict[str, Any] = {"id": doc_id, "size": list(picture.size)}
        for name in names:
            t0 = time.perf_counter()
            try:
                record = idextract.parse_receipt(engines[name].ocr(picture))
            except Exception as exc:  # noqa: BLE001 - a crash scores as both fields missed
                print(f"{doc_id} {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                record = None
            times[name].append(time.perf_counter() - t0)
            row[name] = {}
            for field in FIELDS:
                truth = gt["fields"].get(field)
                pred = getattr(getattr(record, field, None), "value", None)
                c = counts[name][field]
                if truth is None:
                    c["fp"] += pred is not None
                    continue
                ok = same(field, truth, pred)
                c["tp"] += ok
                c["fn"] += not ok
                c["fp"] += (not ok) and pred is not None
                row[name][field] = {"truth": str(truth), "pred": None if pred is None else str(pred), "ok": ok}
        per_doc.append(row)
        print(f"[{k + 1}/{len(docs)}] {doc_id} " + " ".join(
            f"{n}={times[n][-1]:.2f}s" for n in names), file=sys.stderr, flush=True)

    print(f"{args.dataset.name}, image mode, {len(docs)} images, engines alternated per image")
    print(f"{'engine':10} {'total F1':>9} {'date F1':>8} {'p50 s':>7} {'p95 s':>7} {'mean s':>7} {'warm-up s':>9}")
    for name in names:
        f = {field: f1(**counts[name][field]) for field in FIELDS}
        t = times[name]
        print(f"{name:10} {f['total']:9.3f} {f['transaction_date']:8.3f} {statistics.median(t):7.2f} "
              f"{pct(t, 0.95):7.2f} {statistics.fmean(t):7.2f} {warmup[name]:9.2f}")
    if args.json:
        args.json.write_text(json.dumps(per_doc, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
