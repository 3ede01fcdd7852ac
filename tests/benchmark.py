"""Speed benchmark for idextract: how long a receipt takes, and how much memory a process needs.

Run from the repository root (or anywhere; paths are resolved from this file)::

    python tests/benchmark.py                       # committed samples only, ~1-2 min on 2 cores
    python tests/benchmark.py --repeat 2 --dataset ../shared/datasets/andre-receipts --limit 20
    python tests/benchmark.py --json bench.json     # also write the figures as JSON

This is not a pytest test (the file name does not start with ``test_``); it asserts nothing and
only reports numbers. It needs nothing but the repository and an installed ``idextract``: the
default run uses the committed samples under ``samples/receipts/items/``. ``--dataset DIR``
(layout ``DIR/items/<id>.ocr.json`` and ``DIR/items/<id>.jpg``) adds a second row to the parse
and extraction measurements; ``--limit N`` caps the number of dataset *images* (OCR is slow,
parsing is not, so every dataset ``ocr.json`` is parsed).

What is measured, and why:

1. **parse from OcrResult** - ``idextract.parse_receipt(OcrResult)`` on every ``*.ocr.json``.
   The JSON is read and validated once, outside the timing, so this is the parser alone (rows,
   labels, amounts, dates, items, reconciliation). ``idextract.dates`` memoises date and time
   finding per text with ``lru_cache``; the caches are cleared before every repetition, otherwise
   repetitions 2..N would time cache hits. The first call in the process (TOML spec load, regex
   compilation) is reported separately and is not among the samples. Figures are per receipt
   over all documents x repetitions.
2. **extract_receipt from a photo** - the whole pipeline (load and check the image, OCR with the
   default engine, parse, annotate) on the ``*-photo.jpg`` samples, after one warm-up call that
   loads the OCR models (its time is reported as "warm-up"). The image sizes are those the OCR
   engine was given (after EXIF orientation), before its own downscaling to at most 1600 px.
3. **first call in a fresh process** - what a command-line user or a cold serverless worker
   waits for: ``python -c`` children that import idextract and read one photo. Timed twice:
   wall clock in the parent around ``subprocess.run`` (includes interpreter start-up), and
   inside the child from before ``import idextract`` to after the call (split into import and
   call). The OS file cache is warm by then (the models were read during step 2), which is the
   usual case on a machine that has run idextract before.
4. **peak RSS** - ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` in those children after the
   call: the memory a process needs to read one receipt.

Why medians: timings on a shared or laptop machine have a floor (the real cost) and a long
right tail (other processes, frequency scaling, GC pauses). The median ignores the tail and is
stable across runs with few samples; the mean is dragged by one slow outlier. p95 shows the
tail itself and is printed where there are enough samples to mean something (not for the three
fresh processes, where the spread is shown as min-max instead). Compare runs on the same
machine only, and look at the load average printed in the header before trusting a change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import idextract
    import idextract.dates
    import idextract.misreadings
except ImportError as exc:  # pragma: no cover - a setup problem, not a benchmark result
    sys.exit(f"benchmark: cannot import idextract ({exc}); install the repository first: pip install -e .")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "receipts" / "items"
KTP_SAMPLES = ROOT / "samples" / "ktp" / "items"

DEFAULT_PARSE_REPEAT = 5
DEFAULT_EXTRACT_REPEAT = 3
DEFAULT_FRESH_RUNS = 3

# The child of the fresh-process measurement. sys.argv[1] is the image path. The clock starts
# before anything of idextract is imported; resource does not exist on Windows.
CHILD_CODE = """\
import time
t0 = time.perf_counter()
import idextract
t1 = time.perf_counter()
record = idextract.extract_receipt(__import__("sys").argv[1])
t2 = time.perf_counter()
import json, sys
try:
    import resource
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
except ImportError:
    rss = None
print(json.dumps({"import_s": t1 - t0, "call_s": t2 - t1, "total_s": t2 - t0,
                  "maxrss_raw": rss, "platform": sys.platform, "engine": record.engine}))
"""


# --------------------------------------------------------------------------------------------
# Statistics and small helpers


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) by linear interpolation between order statistics (NumPy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def clear_caches() -> None:
    """Empty idextract's per-text memo caches, so a repetition does the work again."""
    for module, name in ((idextract.dates, "_find_dates"), (idextract.dates, "_find_times"),
                         (idextract.money, "_find_amounts"), (idextract.misreadings, "l_as_i")):
        func = getattr(module, name, None)
        if func is not None and hasattr(func, "cache_clear"):
            func.cache_clear()


def maxrss_mb(raw: int | None, plat: str) -> float | None:
    """``ru_maxrss`` in MB: it is kilobytes on Linux and the BSDs, bytes on macOS."""
    if raw is None:
        return None
    return raw / (1024 * 1024) if plat == "darwin" else raw / 1024


def progress(message: str) -> None:
    """Progress goes to stderr, so stdout holds only the report."""
    print(message, file=sys.stderr, flush=True)


def version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def cpu_model() -> str | None:
    """The CPU model name on Linux (``platform.processor()`` is usually empty there)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def git_revision() -> str | None:
    """The checked-out commit (``+dirty`` with local changes), if this is a git checkout."""
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{rev}+dirty" if dirty else rev


def machine_info() -> dict[str, Any]:
    affinity = getattr(os, "sched_getaffinity", None)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu_count": os.cpu_count(),
        "usable_cpus": len(affinity(0)) if affinity else None,
        "cpu_model": cpu_model(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "load_average_at_start": [round(x, 2) for x in load] if load else None,
    }


def versions() -> dict[str, str | None]:
    return {
        "idextract": version("idextract") or getattr(idextract, "__version__", None),
        "rapidocr": version("rapidocr"),
        "onnxruntime": version("onnxruntime"),
        "idextract_path": str(Path(idextract.__file__).parent),
        "git": git_revision(),
    }


# --------------------------------------------------------------------------------------------
# Results


@dataclass
class Timing:
    """One measured quantity: its samples and their summary (unit given by ``unit``)."""

    name: str
    unit: str
    samples: list[float]
    docs: int = 0
    repeat: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.samples)

    def summary(self) -> dict[str, Any]:
        s = self.samples
        return {
            "name": self.name,
            "unit": self.unit,
            "n": self.n,
            "docs": self.docs,
            "repeat": self.repeat,
            "p50": statistics.median(s) if s else None,
            "p95": percentile(s, 0.95) if s else None,
            "min": min(s) if s else None,
            "max": max(s) if s else None,
            "mean": statistics.fmean(s) if s else None,
            **self.extra,
            "samples": [round(x, 6) for x in s],
        }


# --------------------------------------------------------------------------------------------
# 1. parse_receipt on OcrResult


def load_ocr(paths: Sequence[Path]) -> list[tuple[str, idextract.OcrResult]]:
    """Read and validate every ``ocr.json`` once, outside any timing."""
    docs = []
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            docs.append((path.name.removesuffix(".ocr.json"), idextract.OcrResult.model_validate(json.load(fh))))
    return docs


def bench_parse(label: str, docs: Sequence[tuple[str, idextract.OcrResult]], repeat: int,
                parse: Callable[..., Any] = idextract.parse_receipt) -> Timing:
    """Per-document parse time in ms, over all documents x ``repeat`` (caches cleared per repetition)."""
    samples: list[float] = []
    per_doc: dict[str, list[float]] = {name: [] for name, _ in docs}
    clock = time.perf_counter
    for rep in range(repeat):
        clear_caches()
        for name, ocr in docs:
            start = clock()
            parse(ocr)
            ms = (clock() - start) * 1000
            samples.append(ms)
            per_doc[name].append(ms)
        progress(f"  parse {label}: repetition {rep + 1}/{repeat} done")
    slowest = max(per_doc, key=lambda k: statistics.median(per_doc[k])) if per_doc else None
    return Timing(
        name=f"{parse.__name__} ({label})", unit="ms", samples=samples, docs=len(docs), repeat=repeat,
        extra={
            "words_median": statistics.median(len(o.words) for _, o in docs) if docs else None,
            "slowest_doc": slowest,
            "slowest_doc_p50": statistics.median(per_doc[slowest]) if slowest else None,
            "per_doc_p50": {k: round(statistics.median(v), 4) for k, v in per_doc.items()},
        },
    )


def first_parse_ms(docs: Sequence[tuple[str, idextract.OcrResult]]) -> float | None:
    """The first parse in this process: loads the TOML specs and compiles the patterns."""
    if not docs:
        return None
    clear_caches()
    start = time.perf_counter()
    idextract.parse_receipt(docs[0][1])
    return (time.perf_counter() - start) * 1000


# --------------------------------------------------------------------------------------------
# 2. extract_receipt on photos


def warm_up(path: Path) -> tuple[float, str]:
    """One untimed-for-the-table call: loads the OCR models. Returns (seconds, engine)."""
    start = time.perf_counter()
    record = idextract.extract_receipt(path)
    return time.perf_counter() - start, record.engine


def bench_extract(label: str, paths: Sequence[Path], repeat: int,
                  extract: Callable[..., Any] = idextract.extract_receipt) -> Timing:
    """Seconds per image for the whole pipeline, over all images x ``repeat``."""
    samples: list[float] = []
    sizes: dict[str, list[int] | None] = {}
    errors: dict[str, str] = {}
    total = len(paths) * repeat
    done = 0
    for _ in range(repeat):
        for path in paths:
            if path.name in errors:
                continue
            clear_caches()
            start = time.perf_counter()
            try:
                record = extract(path)
            except idextract.IdextractError as exc:
                errors[path.name] = f"{type(exc).__name__}: {exc}"
                continue
            seconds = time.perf_counter() - start
            samples.append(seconds)
            sizes[path.name] = list(record.image_size) if record.image_size else None
            done += 1
            progress(f"  extract {label}: {done}/{total} {path.name} {seconds:.2f} s")
    return Timing(
        name=f"{extract.__name__} ({label})", unit="s", samples=samples, docs=len(paths) - len(errors),
        repeat=repeat, extra={"image_sizes": sizes, "file_kb": {p.name: round(p.stat().st_size / 1024, 1)
                                                                 for p in paths}, "errors": errors},
    )


def describe_sizes(sizes: dict[str, list[int] | None]) -> str:
    """``WxH`` per image for a few images, or a min/median/max summary of megapixels for many."""
    known = {k: v for k, v in sizes.items() if v}
    if not known:
        return "sizes unknown"
    if len(known) <= 4:
        return ", ".join(f"{k.removesuffix('.jpg').removesuffix('-photo')} {w}x{h}" for k, (w, h) in known.items())
    mp = [w * h / 1e6 for w, h in known.values()]
    longest = [max(w, h) for w, h in known.values()]
    return (f"{len(known)} images, {min(mp):.2f}-{max(mp):.2f} MP (median {statistics.median(mp):.2f}), "
            f"long side {min(longest)}-{max(longest)} px")


# --------------------------------------------------------------------------------------------
# 3 + 4. First call in a fresh process, and its peak RSS


def bench_fresh(path: Path, runs: int) -> tuple[Timing, Timing, Timing, Timing, list[str]]:
    """Spawn ``runs`` children; return (parent wall, child import+call, child call, peak RSS, errors)."""
    wall: list[float] = []
    inside: list[float] = []
    imports: list[float] = []
    calls: list[float] = []
    rss: list[float] = []
    errors: list[str] = []
    for i in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", CHILD_CODE, str(path)], capture_output=True, text=True,
                              cwd=ROOT, env=os.environ.copy(), timeout=600)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            tail = proc.stderr.strip().splitlines()[-1:] or ["no output"]
            errors.append(f"run {i + 1}: exit {proc.returncode}: {tail[0]}")
            progress(f"  fresh process {i + 1}/{runs}: failed ({tail[0]})")
            continue
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        wall.append(elapsed)
        inside.append(out["total_s"])
        imports.append(out["import_s"])
        calls.append(out["call_s"])
        mb = maxrss_mb(out["maxrss_raw"], out["platform"])
        if mb is not None:
            rss.append(mb)
        progress(f"  fresh process {i + 1}/{runs}: wall {elapsed:.2f} s, in child {out['total_s']:.2f} s "
                 f"(import {out['import_s']:.2f} s), peak RSS {mb if mb is None else round(mb)} MB")
    image = {"image": path.name}
    return (
        Timing("fresh process: wall clock (parent)", "s", wall, docs=1, repeat=runs, extra=image),
        Timing("fresh process: import + call (child)", "s", inside, docs=1, repeat=runs,
               extra={**image, "import_p50": statistics.median(imports) if imports else None,
                      "call_p50": statistics.median(calls) if calls else None,
                      "import_samples": imports, "call_samples": calls}),
        Timing("fresh process: call only (child)", "s", calls, docs=1, repeat=runs, extra=image),
        Timing("fresh process: peak RSS", "MB", rss, docs=1, repeat=runs, extra=image),
        errors,
    )


# --------------------------------------------------------------------------------------------
# Report


def fmt(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.0f} {unit}"


def print_report(header: dict[str, Any], rows: list[tuple[Timing, bool, str]], notes: list[str]) -> None:
    """``rows``: (timing, show p95, note)."""
    m, v = header["machine"], header["versions"]
    load = m["load_average_at_start"]
    print()
    print("idextract benchmark")
    print(f"  machine : {m['cpu_count']} CPUs ({m['usable_cpus']} usable), {m['cpu_model'] or 'unknown CPU'}")
    print(f"            {m['platform']}, {m['python']}"
          + (f", load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}" if load else ""))
    print(f"  versions: idextract {v['idextract']} ({v['git'] or 'not a git checkout'}), "
          f"rapidocr {v['rapidocr']}, onnxruntime {v['onnxruntime']}")
    print(f"  settings: parse x{header['settings']['parse_repeat']}, extract x{header['settings']['extract_repeat']}, "
          f"fresh processes x{header['settings']['fresh_runs']}")
    print()
    name_w = max([len(t.name) for t, _, _ in rows] + [9])
    print(f"  {'benchmark':<{name_w}}  {'n':>4}  {'p50':>10}  {'p95':>10}  notes")
    print(f"  {'-' * name_w}  {'-' * 4}  {'-' * 10}  {'-' * 10}  {'-' * 5}")
    for timing, show_p95, note in rows:
        s = timing.summary()
        p95 = fmt(s["p95"], timing.unit) if show_p95 else "-"
        print(f"  {timing.name:<{name_w}}  {timing.n:>4}  {fmt(s['p50'], timing.unit):>10}  {p95:>10}  {note}")
    if notes:
        print()
        for line in notes:
            print(f"  * {line}")
    print()


# --------------------------------------------------------------------------------------------
# Main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=None,
                    help=f"repetitions for both parsing and extraction (default {DEFAULT_PARSE_REPEAT} "
                         f"for parsing, {DEFAULT_EXTRACT_REPEAT} for extraction)")
    ap.add_argument("--parse-repeat", type=int, default=None, help="repetitions for parsing (overrides --repeat)")
    ap.add_argument("--extract-repeat", type=int, default=None,
                    help="repetitions for extraction (overrides --repeat)")
    ap.add_argument("--fresh-runs", type=int, default=DEFAULT_FRESH_RUNS,
                    help=f"fresh processes to spawn (default {DEFAULT_FRESH_RUNS}; 0 skips)")
    ap.add_argument("--dataset", type=Path, default=None,
                    help="also benchmark DIR/items/<id>.ocr.json and DIR/items/<id>.jpg")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N dataset images (sorted by name)")
    ap.add_argument("--no-extract", action="store_true", help="parsing only: skip OCR and fresh processes")
    ap.add_argument("--json", type=Path, default=None, metavar="OUT", help="write the figures as JSON to OUT")
    args = ap.parse_args(argv)
    args.parse_repeat = args.parse_repeat or args.repeat or DEFAULT_PARSE_REPEAT
    args.extract_repeat = args.extract_repeat or args.repeat or DEFAULT_EXTRACT_REPEAT
    for name in ("parse_repeat", "extract_repeat"):
        if getattr(args, name) < 1:
            ap.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.fresh_runs < 0 or (args.limit is not None and args.limit < 1):
        ap.error("--fresh-runs must be >= 0 and --limit >= 1")
    if args.dataset is not None and not (args.dataset / "items").is_dir():
        ap.error(f"--dataset: {args.dataset / 'items'} is not a directory")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    header: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "versions": versions(),
        "settings": {"parse_repeat": args.parse_repeat, "extract_repeat": args.extract_repeat,
                     "fresh_runs": 0 if args.no_extract else args.fresh_runs,
                     "dataset": str(args.dataset) if args.dataset else None, "limit": args.limit},
    }
    rows: list[tuple[Timing, bool, str]] = []
    notes: list[str] = []
    extra: dict[str, Any] = {}

    sample_ocr = sorted(SAMPLES.glob("*.ocr.json"))
    sample_photos = sorted(SAMPLES.glob("*-photo.jpg"))
    if not sample_ocr or not sample_photos:
        print(f"benchmark: no samples under {SAMPLES}", file=sys.stderr)
        return 2
    data_ocr: list[Path] = []
    data_jpgs: list[Path] = []
    data_label = ""
    if args.dataset is not None:
        items = args.dataset / "items"
        data_label = args.dataset.resolve().name
        data_ocr = sorted(items.glob("*.ocr.json"))
        data_jpgs = sorted(items.glob("*.jpg"))[: args.limit]

    if os.environ.get("IDEXTRACT_OCR"):
        notes.append(f"IDEXTRACT_OCR={os.environ['IDEXTRACT_OCR']} is set: extraction uses that engine")

    # 1. Parsing (first, while nothing else has warmed the parser up).
    progress("parse_receipt ...")
    docs = load_ocr(sample_ocr)
    data_docs = load_ocr(data_ocr) if data_ocr else []
    first_ms = first_parse_ms(docs)
    extra["first_parse_ms"] = first_ms
    t = bench_parse("samples", docs, args.parse_repeat)
    rows.append((t, True, f"{len(docs)} docs x {args.parse_repeat}, median {t.summary()['words_median']:.0f} words; "
                          f"first call in process {fmt(first_ms, 'ms')}"))
    ktp_docs = load_ocr(sorted(KTP_SAMPLES.glob("*.ocr.json")))
    if ktp_docs:
        idextract.parse_ktp(ktp_docs[0][1])  # load its spec outside the timing
        t = bench_parse("ktp samples", ktp_docs, args.parse_repeat, idextract.parse_ktp)
        rows.append((t, True, f"{len(ktp_docs)} cards x {args.parse_repeat}, "
                              f"median {t.summary()['words_median']:.0f} words"))
    if data_docs:
        t = bench_parse(data_label, data_docs, args.parse_repeat)
        s = t.summary()
        rows.append((t, True, f"{len(data_docs)} docs x {args.parse_repeat}, median {s['words_median']:.0f} words; "
                              f"slowest {s['slowest_doc']} {fmt(s['slowest_doc_p50'], 'ms')}"))

    # 2-4. Extraction, then fresh processes.
    if not args.no_extract:
        progress("extract_receipt: warm-up (loads the OCR models) ...")
        try:
            warm_s, engine = warm_up(sample_photos[0])
        except idextract.IdextractError as exc:
            notes.append(f"extraction skipped: {type(exc).__name__}: {exc}")
            progress(notes[-1])
        else:
            extra["warm_up_s"] = warm_s
            extra["engine"] = engine
            notes.append(f"warm-up call (first extract_receipt in the process, loads the models): "
                         f"{warm_s:.2f} s; engine {engine}")
            t = bench_extract("samples", sample_photos, args.extract_repeat)
            rows.append((t, True, f"{t.docs} photos x {args.extract_repeat}: {describe_sizes(t.extra['image_sizes'])}"))
            if t.extra["errors"]:
                notes.append(f"sample extraction errors: {t.extra['errors']}")
            ktp_photos = sorted(KTP_SAMPLES.glob("*-photo.jpg"))[:6]
            if ktp_photos:
                t = bench_extract("ktp photo samples", ktp_photos, args.extract_repeat, idextract.extract_ktp)
                rows.append((t, True, f"{t.docs} card photos x {args.extract_repeat}: "
                                      f"{describe_sizes(t.extra['image_sizes'])}"))
            if data_jpgs:
                t = bench_extract(data_label, data_jpgs, args.extract_repeat)
                rows.append((t, True, f"{t.docs} photos x {args.extract_repeat}: "
                                      f"{describe_sizes(t.extra['image_sizes'])}"))
                if t.extra["errors"]:
                    notes.append(f"{data_label} extraction errors ({len(t.extra['errors'])}): "
                                 + "; ".join(f"{k}: {v}" for k, v in list(t.extra["errors"].items())[:3]))
            if args.fresh_runs:
                progress(f"fresh processes ({args.fresh_runs}) on {sample_photos[0].name} ...")
                wall, inside, call, rss, errors = bench_fresh(sample_photos[0], args.fresh_runs)

                def spread(x: Timing) -> str:
                    return f"min-max {fmt(min(x.samples), x.unit)}-{fmt(max(x.samples), x.unit)}" if x.samples else ""

                rows.append((wall, False, f"{sample_photos[0].name}; interpreter start-up included; {spread(wall)}"))
                rows.append((inside, False, f"import {fmt(inside.extra['import_p50'], 's')} + call "
                                            f"{fmt(inside.extra['call_p50'], 's')}; {spread(inside)}"))
                rows.append((rss, False, f"ru_maxrss after the call; {spread(rss)}"))
                extra["fresh_call_only"] = call.summary()
                if errors:
                    notes.append("fresh-process failures: " + "; ".join(errors))

    elapsed = time.perf_counter() - started
    notes.append(f"benchmark took {elapsed:.0f} s")
    print_report(header, rows, notes)

    if args.json is not None:
        payload = {**header, "results": [t.summary() for t, _, _ in rows], "extra": extra, "notes": notes,
                   "elapsed_s": round(elapsed, 2)}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8")
        progress(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
