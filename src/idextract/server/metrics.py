"""Prometheus metrics, written by hand in the text exposition format (no client library needed).

Counters and one histogram live here; the gauges (queue depth, slots in use, readiness, worker
restarts, memory) are read from the pool when ``/metrics`` is scraped. Label values are bounded:
routes are the server's own templates (``other`` for anything else), error codes its own list.
"""

from __future__ import annotations

import bisect
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable

__all__ = ["BUCKETS", "Metrics"]

#: Latency histogram buckets in seconds: an image takes 0.3-3 s on 2 cores; errors take ms.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0, 60.0)

Gauge = tuple[str, str, Callable[[], float]]


class Metrics:
    """Request counters by route and status, a latency histogram by route, errors by code."""

    def __init__(self, gauges: Iterable[Gauge] = ()) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.errors: dict[str, int] = defaultdict(int)
        self.buckets: dict[str, list[int]] = {}
        self.sums: dict[str, float] = defaultdict(float)
        self.gauges = list(gauges)

    def observe(self, route: str, method: str, status: int, seconds: float, code: str | None) -> None:
        with self._lock:
            self.requests[(route, method, status)] += 1
            if code:
                self.errors[code] += 1
            counts = self.buckets.setdefault(route, [0] * (len(BUCKETS) + 1))
            counts[bisect.bisect_left(BUCKETS, seconds)] += 1
            self.sums[route] += seconds

    def render(self) -> str:
        out: list[str] = []
        with self._lock:
            out += ["# HELP idextract_requests_total HTTP requests answered, by route, method and status.",
                    "# TYPE idextract_requests_total counter"]
            for (route, method, status), n in sorted(self.requests.items()):
                out.append(f'idextract_requests_total{{route="{route}",method="{method}",status="{status}"}} {n}')
            out += ["# HELP idextract_errors_total Error answers, by error code.",
                    "# TYPE idextract_errors_total counter"]
            for code, n in sorted(self.errors.items()):
                out.append(f'idextract_errors_total{{code="{code}"}} {n}')
            out += ["# HELP idextract_request_duration_seconds Time from request to answer, by route.",
                    "# TYPE idextract_request_duration_seconds histogram"]
            for route, counts in sorted(self.buckets.items()):
                total = 0
                for le, n in zip((*(f"{b:g}" for b in BUCKETS), "+Inf"), counts):
                    total += n
                    out.append(f'idextract_request_duration_seconds_bucket{{route="{route}",le="{le}"}} {total}')
                out.append(f'idextract_request_duration_seconds_sum{{route="{route}"}} {self.sums[route]:.6f}')
                out.append(f'idextract_request_duration_seconds_count{{route="{route}"}} {total}')
        for name, help_text, read in self.gauges:
            out += [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", f"{name} {read():g}"]
        return "\n".join(out) + "\n"


def process_rss() -> float:
    """This process's resident set size in bytes (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            return float(int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE"))
    except (OSError, ValueError, IndexError):
        return 0.0
