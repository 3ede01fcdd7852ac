"""The embedded engine on OpenVINO vs onnxruntime, and against plain rapidocr, in one run.

    python tests/bench_runtimes.py [--dataset ../shared/datasets/andre-receipts] [--limit 20]
                                   [--repeat 3] [--fresh-runs 3]

Not a pytest test: it asserts nothing and reports numbers. Three contenders read the same photos,
alternating per photo and per repetition (so a slow period of this noisy machine hits all alike):

- ``plain``: rapidocr as its users call it (``rapidocr.RapidOCR()``: its defaults, onnxruntime,
  the bundled models), OCR only, on the decoded picture;
- ``onnxruntime`` and ``openvino``: the whole ``idextract.extract(picture, "receipt")`` (OCR,
  layout, parsing; no annotation) on each runtime.

Reported per contender: p50 and p90 seconds per photo (medians over repetitions first), the ratio
of each p50 to plain's, and for the two library runs total and date right against the ground
truth (accuracy over the full field set is ``../shared/tools/score.py --mode image`` with
``IDEXTRACT_OCR_RUNTIME`` set). Then, per runtime, in fresh child processes: the first call
(import, model load, one photo) and the peak RSS after reading five photos.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATASET = ROOT.parent / "shared" / "datasets" / "andre-receipts"

CHILD = r"""
import json, os, sys, time
t0 = time.perf_counter()
import idextract
paths = sys.argv[1:]
idextract.extract(paths[0], "receipt", annotated=False)
first = time.perf_counter() - t0
for p in paths[1:]:
    idextract.extract(p, "receipt", annotated=False)
# VmHWM, not ru_maxrss: the latter keeps the forking parent's peak across exec.
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"first": first, "rss_mb": hwm / 1024}))
"""


def _truth(path: Path) -> dict[str, Any]:
    gt: dict[str, Any] = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".gt.json").read_text())
    return dict(gt["fields"])


def _right(record: Any, truth: dict[str, Any]) -> tuple[bool, bool]:
    total = record.total.value
    date = record.transaction_date.value
    ok_total = total is not None and truth.get("total") is not None and Decimal(str(total)) == Decimal(truth["total"])
    ok_date = date is not None and str(date) == str(truth.get("transaction_date"))
    return ok_total, ok_date


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--fresh-runs", type=int, default=3)
    args = ap.parse_args()

    import numpy as np
    import rapidocr

    import idextract
    from idextract.images import load_image
    from idextract.ocr import get_backend

    paths = sorted((args.dataset / "items").glob("*.jpg"))[: args.limit]
    pictures = {p: load_image(p) for p in paths}
    plain = rapidocr.RapidOCR()
    engines = {rt: get_backend(f"rapidocr-{rt}") for rt in ("onnxruntime", "openvino")}
    first = paths[0]
    plain(np.asarray(pictures[first])[:, :, ::-1])
    for engine in engines.values():
        idextract.extract(pictures[first], "receipt", ocr=engine, annotated=False)

    names = ["plain", "onnxruntime", "openvino"]
    times: dict[str, dict[Path, list[float]]] = {n: {p: [] for p in paths} for n in names}
    right: dict[str, list[tuple[bool, bool]]] = {n: [] for n in names[1:]}
    for rep in range(args.repeat):
        for i, path in enumerate(paths):
            order = names[(i + rep) % 3:] + names[: (i + rep) % 3]
            for name in order:
                picture = pictures[path]
                start = time.perf_counter()
                if name == "plain":
                    plain(np.ascontiguousarray(np.asarray(picture)[:, :, ::-1]))
                else:
                    record = idextract.extract(picture, "receipt", ocr=engines[name], annotated=False)
                times[name][path].append(time.perf_counter() - start)
                if name != "plain" and rep == 0:
                    right[name].append(_right(record, _truth(path)))
        print(f"repetition {rep + 1} of {args.repeat} done", file=sys.stderr)

    per_photo = {n: [statistics.median(v) for v in times[n].values()] for n in names}
    base = statistics.median(per_photo["plain"])
    print(f"{args.dataset.name}: {len(paths)} photos x {args.repeat} repetitions, contenders alternated")
    print("| contender | p50 s/photo | p90 | ratio to plain | total right | date right |")
    print("|---|---|---|---|---|---|")
    for name in names:
        values = sorted(per_photo[name])
        p50, p90 = statistics.median(values), values[min(len(values) - 1, int(0.9 * len(values)))]
        ok = right.get(name)
        totals = f"{sum(t for t, _ in ok)}/{len(ok)}" if ok else "-"
        dates = f"{sum(d for _, d in ok)}/{len(ok)}" if ok else "-"
        print(f"| {name} | {p50:.3f} | {p90:.3f} | {p50 / base:.2f} | {totals} | {dates} |")

    print("\nfresh process per runtime (import + models + first photo; peak RSS after 5 photos), "
          f"medians of {args.fresh_runs}:")
    for runtime in ("onnxruntime", "openvino"):
        env = {**os.environ, "IDEXTRACT_OCR_RUNTIME": runtime}
        outs = []
        for _ in range(args.fresh_runs):
            proc = subprocess.run([sys.executable, "-c", CHILD, *map(str, paths[:5])], env=env,
                                  capture_output=True, text=True, timeout=600, check=True)
            outs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(f"- {runtime}: first call {statistics.median(o['first'] for o in outs):.2f} s, "
              f"peak RSS {statistics.median(o['rss_mb'] for o in outs):.0f} MB")


if __name__ == "__main__":
    main()
