"""Load benchmark of ``idextract serve`` on loopback, side by side with in-process extraction.

    python tests/bench_server.py                      # 200 requests at concurrency 1, 4, 16 (~15 min on 2 cores)
    python tests/bench_server.py --requests 40 --json /tmp/bench.json   # a quick look
    python tests/bench_server.py --memory-only --requests 520           # memory after 50 and 500 at one load

Not a pytest test: it asserts nothing and reports figures. Bounded in count (``--requests`` per
concurrency level, ``--cold-starts`` server launches) and in time (every request has a timeout);
loopback only. What it measures:

1. **cold start to ready**: from launching ``python -m idextract serve`` to the first 200 on
   ``/ready`` (the engine loaded in its worker and a warm-up image read), median of
   ``--cold-starts`` launches.
2. **in-process**: ``extract_receipt(image_bytes, annotated=False)`` back to back in this process
   (the engine warmed first), over the receipt samples (clean renders and photos) in turn.
3. **server**: ``POST /v1/extract/receipt`` with the same images as base64 (``annotated: false``),
   from 1, 4 and 16 client threads. A 503 (``server_overloaded``, the bounded queue doing its
   job) is counted, and the client waits its ``Retry-After`` (at most ``--max-wait`` s) before
   trying again, as a well-behaved client does; latency percentiles are those of the answered
   requests. At concurrency 1 the in-process runs and the server runs alternate in rounds of
   ``--round`` requests, so that noise from other processes hits both alike.
4. **memory**: resident memory of the server process and of its worker (from ``/metrics``) after
   the 50th and after the 500th server request.

The default server settings are used (1 slot, queue 8, 30 s deadline) unless ``--server-args``
says otherwise.
"""

from __future__ import annotations

import argparse
import base64
import json
import shlex
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from server_process import REPO, ServerProcess, start_server  # noqa: E402

SAMPLES = sorted((REPO / "samples" / "receipts" / "items").glob("*.png")) + sorted(
    (REPO / "samples" / "receipts" / "items").glob("*.jpg"))


@dataclass
class Run:
    label: str
    latencies: list[float] = field(default_factory=list)
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def row(self) -> dict[str, Any]:
        done = len(self.latencies)
        lat = sorted(self.latencies)
        return {
            "run": self.label, "answered": done, "rps": round(done / self.seconds, 3) if self.seconds else 0.0,
            "p50_ms": round(1000 * statistics.median(lat), 1) if lat else None,
            "p99_ms": round(1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))], 1) if lat else None,
            "share_503": round(self.refused / (done + self.refused), 3) if done + self.refused else 0.0,
            "errors": len(self.errors), "seconds": round(self.seconds, 1),
        }


class Client:
    """Posts receipts to the server; counts 503s and honours Retry-After."""

    def __init__(self, server: ServerProcess, payloads: list[str], max_wait: float, on_answer: Callable[[], None]):
        self.server, self.payloads, self.max_wait, self.on_answer = server, payloads, max_wait, on_answer
        self.lock = threading.Lock()

    def one(self, session: requests.Session, index: int, run: Run) -> None:
        body = {"image": self.payloads[index % len(self.payloads)], "image_type": "base64", "annotated": False}
        while True:
            started = time.perf_counter()
            try:
                response = session.post(f"{self.server.url}/v1/extract/receipt", json=body, timeout=120)
            except requests.RequestException as exc:
                with self.lock:
                    run.errors.append(type(exc).__name__)
                return
            seconds = time.perf_counter() - started
            self.on_answer()
            if response.status_code == 503:
                with self.lock:
                    run.refused += 1
                time.sleep(min(self.max_wait, float(response.headers.get("Retry-After", "1"))))
                continue
            with self.lock:
                if response.status_code == 200:
                    run.latencies.append(seconds)
                else:
                    run.errors.append(f"{response.status_code} {response.text[:120]}")
            return

    def run(self, run: Run, count: int, concurrency: int) -> Run:
        jobs = iter(range(count))
        lock = threading.Lock()

        def loop() -> None:
            with requests.Session() as session:
                while True:
                    with lock:
                        index = next(jobs, None)
                    if index is None:
                        return
                    self.one(session, index, run)

        started = time.perf_counter()
        threads = [threading.Thread(target=loop) for _ in range(concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        run.seconds += time.perf_counter() - started
        return run


def in_process(run: Run, images: list[bytes], count: int, offset: int) -> Run:
    from idextract import extract_receipt

    started = time.perf_counter()
    for i in range(count):
        t = time.perf_counter()
        extract_receipt(images[(offset + i) % len(images)], annotated=False)
        run.latencies.append(time.perf_counter() - t)
    run.seconds += time.perf_counter() - started
    return run


def memory(server: ServerProcess) -> dict[str, float]:
    text = requests.get(f"{server.url}/metrics", timeout=10).text
    found = {}
    for line in text.splitlines():
        for name in ("idextract_server_resident_bytes", "idextract_workers_resident_bytes"):
            if line.startswith(name + " "):
                found[name.replace("idextract_", "").replace("_resident_bytes", "_mb")] = round(
                    float(line.split()[1]) / 2**20, 1)
    return found


def cold_starts(args: argparse.Namespace, folder: Path) -> list[float]:
    times = []
    for i in range(args.cold_starts):
        server = start_server(shlex.split(args.server_args), folder / f"cold{i}.log")
        times.append(round(server.ready_after, 2))
        server.stop()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per concurrency level (default 200)")
    parser.add_argument("--concurrency", default="1,4,16", help="client threads, comma-separated")
    parser.add_argument("--round", type=int, default=25, help="A/B round size at concurrency 1")
    parser.add_argument("--cold-starts", type=int, default=3)
    parser.add_argument("--max-wait", type=float, default=2.0, help="cap on a 503's Retry-After wait")
    parser.add_argument("--server-args", default="", help="extra options for idextract serve")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--memory-only", action="store_true",
                        help="only memory: --requests requests at concurrency 1, no in-process runs or cold starts "
                             "(after 50 and after 500 at the same load)")
    args = parser.parse_args()
    if args.memory_only:
        args.cold_starts, args.concurrency = 0, "1"
    images = [p.read_bytes() for p in SAMPLES]
    payloads = [base64.b64encode(b).decode("ascii") for b in images]
    folder = Path(tempfile.mkdtemp(prefix="idextract-bench-"))
    report: dict[str, Any] = {"samples": [p.name for p in SAMPLES], "cold_start_s": cold_starts(args, folder)}
    report["cold_start_median_s"] = statistics.median(report["cold_start_s"]) if report["cold_start_s"] else None

    from idextract import extract_receipt

    extract_receipt(images[0], annotated=False)  # the in-process engine loads outside the timings
    server = start_server(shlex.split(args.server_args), folder / "server.log")
    count = {"n": 0}
    marks: dict[str, dict[str, float]] = {}

    counting = threading.Lock()

    def on_answer() -> None:
        with counting:
            count["n"] += 1
            mark = count["n"] if count["n"] in (50, 500) else 0
        if mark:
            marks[f"after_{mark}"] = memory(server)

    client = Client(server, payloads, args.max_wait, on_answer)
    rows = []
    try:
        local, remote = Run("in-process"), Run("server c=1")
        done = 0
        while done < args.requests:  # A/B in rounds
            n = min(args.round, args.requests - done)
            if not args.memory_only:
                in_process(local, images, n, done)
            client.run(remote, n, 1)
            done += n
        rows += [remote.row()] if args.memory_only else [local.row(), remote.row()]
        for c in (int(x) for x in args.concurrency.split(",")):
            if c != 1:
                rows.append(client.run(Run(f"server c={c}"), args.requests, c).row())
        marks.setdefault("at_end", memory(server))
    finally:
        server.stop()
    report.update(runs=rows, memory=marks, server_requests=count["n"])
    print(json.dumps(report, indent=2))
    print("\n| run | answered | req/s | p50 ms | p99 ms | 503 share | errors |\n|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['run']} | {r['answered']} | {r['rps']} | {r['p50_ms']} | {r['p99_ms']} | {r['share_503']} "
              f"| {r['errors']} |")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
