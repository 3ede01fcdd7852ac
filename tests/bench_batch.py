"""Batch throughput: documents/s for worker layouts on this machine, and Ray against the pool.

    python tests/bench_batch.py                        # committed samples, ~3-6 min on 2 cores
    python tests/bench_batch.py --docs 24 --repeat 5 --dataset ../shared/datasets/andre-receipts
    python tests/bench_batch.py --no-ray --json bench.json

Not a pytest test: it reports numbers and asserts nothing. What is measured:

1. **layouts**: ``extract_many`` over the same ``--docs`` documents (the sample receipts, cycled)
   as 1 worker x 1 thread, 2 workers x 1 thread and 1 worker x 2 threads (1 worker runs in this
   process; 2 in a spawned pool). Layouts alternate within each repetition (the order rotates),
   so that the machine's drift hits all of them alike.
2. **Ray**: ``ray.init(num_cpus=2)`` (its wall time is the start-up cost), then, alternating,
   the pool of 2 workers and ``extract_dataset`` through 2 actors of 1 CPU on the same documents.

Three rates per run: *steady* = documents after the first result of every worker divided by
the time from that result to the last (engines loaded, what a long batch sees); *busy* =
documents x workers / the sum of each document's seconds in its worker (no idle time, no
start-up); *end-to-end* = all documents divided by the whole call (start-up included, what a
short batch sees). CPU seconds per document (the worker process's, all threads) depend less on
what else runs on the machine than wall times do: on cores given to the batch alone, W workers
of 1 thread read about W / (CPU s per document) documents/s. Ray hands rows to the driver in
blocks, so its arrival times say nothing per document: its steady rate is its busy rate.
Figures are medians over repetitions; ``--max-seconds`` bounds the whole run (at least one
repetition is always made). Timings here vary by 30% or more: compare figures of one run only.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "receipts" / "items"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")


@dataclass
class Run:
    """One pass over the documents: when each result arrived, from the start of the call."""

    arrivals: list[float]
    failures: int
    parallel: int  # workers or actors: their first results include loading the engine
    busy: list[float] = field(default_factory=list)  # each document's seconds in its worker
    cpu: list[float] = field(default_factory=list)  # each document's CPU seconds (all its threads)
    blocks: bool = False  # results arrive in blocks (Ray): arrival times say nothing per document

    @property
    def total(self) -> float:
        return self.arrivals[-1] if self.arrivals else 0.0

    @property
    def end_to_end(self) -> float:
        return len(self.arrivals) / self.total if self.total else 0.0

    @property
    def cpu_per_doc(self) -> float:
        return statistics.median(self.cpu) if self.cpu else 0.0

    @property
    def busy_rate(self) -> float:
        return len(self.busy) * self.parallel / sum(self.busy) if sum(self.busy) else 0.0

    @property
    def steady(self) -> float:
        if self.blocks:
            return self.busy_rate
        k = min(self.parallel, len(self.arrivals) - 1)
        span = self.arrivals[-1] - self.arrivals[k - 1]
        return (len(self.arrivals) - k) / span if span > 0 else 0.0


@dataclass
class Series:
    name: str
    runs: list[Run] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(run, attr) for run in self.runs) if self.runs else 0.0

    def spread(self, attr: str) -> str:
        values = [getattr(run, attr) for run in self.runs]
        return f"{min(values):.2f}-{max(values):.2f}" if values else "-"


def documents(dataset: Path | None, count: int, limit: int | None) -> list[str]:
    folder = (dataset / "items") if dataset else SAMPLES
    found = sorted(str(p) for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)[:limit]
    if not found:
        sys.exit(f"no images in {folder}")
    return list(itertools.islice(itertools.cycle(found), count))


def timed(results: Iterable[Any], parallel: int, *, blocks: bool = False) -> Run:
    start = time.perf_counter()
    run = Run([], 0, parallel, blocks=blocks)
    for result in results:
        run.arrivals.append(time.perf_counter() - start)
        run.failures += not result.ok
        run.busy.append(result.seconds)
        run.cpu.append(getattr(result, "cpu_seconds", 0.0))
    return run


def run_pool(paths: Sequence[str], workers: int, threads: int) -> Run:
    from idextract.batch import extract_many

    return timed(extract_many(paths, "receipt", workers=workers, threads=threads, ordered=False), workers)


def run_ray(paths: Sequence[str], actors: int) -> Run:
    from idextract.distributed import extract_dataset, iter_records

    rows = extract_dataset(paths, "receipt", concurrency=actors, batch_size=1, threads=1)
    return timed(iter_records(rows.iter_rows(), "receipt"), actors, blocks=True)


def alternate(series: dict[str, Series], jobs: Mapping[str, Callable[[], Run]], repeat: int,
              deadline: float) -> None:
    names = list(jobs)
    for rep in range(repeat):
        if rep and time.monotonic() > deadline:
            print(f"  time budget reached after {rep} repetitions", flush=True)
            return
        for name in names[rep % len(names):] + names[: rep % len(names)]:
            run = jobs[name]()
            series[name].runs.append(run)
            print(f"  rep {rep + 1} {name:28} steady {run.steady:5.2f} doc/s, busy {run.busy_rate:5.2f}, "
                  f"end-to-end {run.end_to_end:5.2f} doc/s, "
                  f"{run.total:6.1f} s, {run.failures} failed", flush=True)


def table(series: Iterable[Series]) -> list[str]:
    lines = ["| layout | documents/s steady (median, range) | busy rate | end-to-end | CPU s per document | runs |",
             "|---|---|---|---|---|---|"]
    for s in series:
        lines.append(f"| {s.name} | {s.median('steady'):.2f} ({s.spread('steady')}) | {s.median('busy_rate'):.2f} | "
                     f"{s.median('end_to_end'):.2f} ({s.spread('end_to_end')}) | {s.median('cpu_per_doc'):.2f} | "
                     f"{len(s.runs)} |")
    return lines


def start_ray() -> float:
    os.environ.setdefault("RAY_worker_niceness", "0")  # Ray's default nice 15 loses to any other load
    import ray
    import ray.data

    start = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    seconds = time.perf_counter() - start
    ray.data.DataContext.get_current().enable_progress_bars = False
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=12, help="documents per run (the samples cycled)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dataset", type=Path, help="a folder in the common layout (DIR/items/*.jpg)")
    parser.add_argument("--limit", type=int, help="at most this many distinct images")
    parser.add_argument("--max-seconds", type=float, default=900, help="stop repeating after this long")
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    paths = documents(args.dataset, args.docs, args.limit)
    deadline = time.monotonic() + args.max_seconds
    print(f"{len(paths)} documents per run, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}",
          flush=True)

    layouts = {"1 worker x 1 thread": (1, 1), "2 workers x 1 thread": (2, 1), "1 worker x 2 threads": (1, 2)}
    series = {name: Series(name) for name in layouts}
    jobs = {name: functools.partial(run_pool, paths, w, t) for name, (w, t) in layouts.items()}
    alternate(series, jobs, args.repeat, deadline)
    one, two = series["1 worker x 1 thread"], series["2 workers x 1 thread"]
    ratio = two.median("steady") / one.median("steady") if one.median("steady") else 0.0
    best = max(series.values(), key=lambda s: s.median("steady"))
    report: dict[str, Any] = {"documents": len(paths), "layouts": {s.name: _figures(s) for s in series.values()},
                              "scaling_2_over_1": round(ratio, 2), "best_layout": best.name}
    lines = ["", *table(series.values()), "",
             f"scaling, 2 workers x 1 thread over 1 worker x 1 thread (steady): {ratio:.2f}x (target >= 1.7)",
             f"best layout: {best.name}, {best.median('steady'):.2f} documents/s steady"]

    if not args.no_ray:
        startup = start_ray()
        print(f"ray.init(num_cpus=2): {startup:.1f} s", flush=True)
        versus = {"pool, 2 workers x 1 thread": Series("pool, 2 workers x 1 thread"),
                  "Ray Data, 2 actors x 1 CPU": Series("Ray Data, 2 actors x 1 CPU")}
        alternate(versus, {"pool, 2 workers x 1 thread": lambda: run_pool(paths, 2, 1),
                           "Ray Data, 2 actors x 1 CPU": lambda: run_ray(paths, 2)}, args.repeat, deadline)
        pool, ray_series = versus.values()
        first_ray = ray_series.runs[0]
        lines += ["", *table(versus.values()), "",
                  f"Ray start-up: ray.init {startup:.1f} s; first result of a run after "
                  f"{statistics.median(r.arrivals[0] for r in ray_series.runs):.1f} s (actors loading the engine) "
                  f"against {statistics.median(r.arrivals[0] for r in pool.runs):.1f} s for the pool",
                  f"Ray / pool, steady: {ray_series.median('steady') / max(pool.median('steady'), 1e-9):.2f}x; "
                  f"end-to-end: {ray_series.median('end_to_end') / max(pool.median('end_to_end'), 1e-9):.2f}x"]
        report["ray"] = {"init_seconds": round(startup, 2), "first_run_total": round(first_ray.total, 2),
                         **{s.name: _figures(s) for s in versus.values()}}
    lines.append(f"load average at the end: {os.getloadavg()[0]:.2f}")
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


def _figures(s: Series) -> dict[str, Any]:
    return {"steady_median": round(s.median("steady"), 3), "end_to_end_median": round(s.median("end_to_end"), 3),
            "steady_runs": [round(r.steady, 3) for r in s.runs],
            "first_result_s": [round(r.arrivals[0], 2) for r in s.runs]}


if __name__ == "__main__":
    sys.exit(main())
