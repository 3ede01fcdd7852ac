"""Peak memory and time of the worst inputs the library accepts (and of some it refuses).

    python tests/bench_limits.py [--repeat 3] [--limit-gb 6] [--only NAME ...] [--markdown]

Each case runs in a fresh child process under ``RLIMIT_AS`` (so a case that runs away ends with
a MemoryError in the child, not by the kernel's OOM killer on this machine) and is measured from
outside: wall time of the whole child minus its start-up (interpreter, imports, models, measured
by the child itself), and the child's peak RSS (``ru_maxrss`` from ``wait4``), which includes the
interpreter and the OCR models (the "idle" row shows that base).
Inputs are made by the parent in a temporary folder before any child starts: the project's own
renders (a sample receipt blown up to 40 MP, long thermal receipts of 1:10 and 1:30 from
``samples/render.py``), absurd shapes, and 1 MB hostile texts. Medians over ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "receipts" / "items" / "minimarket-photo.jpg"

# The child: read one input, run the pipeline once, print what it found and its own timings.
CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import idextract
from idextract.errors import IdextractError
kind, path, expected = sys.argv[1], sys.argv[2], sys.argv[3]
t1 = time.perf_counter()
out = {"startup": t1 - t0}
try:
    if kind == "idle":
        from PIL import Image
        idextract.extract_receipt(Image.new("RGB", (64, 64), "white"))  # loads the models
        out["result"] = "models loaded, a blank image read"
    elif kind == "text":
        text = open(path, encoding="utf-8", errors="surrogatepass").read()
        r = idextract.parse_receipt(text)
        k = idextract.parse_ktp(text)
        r.model_dump_json(); k.model_dump_json()
        out["result"] = f"parsed; total={r.total.value}"
    else:
        r = idextract.extract(path, kind)
        out["result"] = f"total={r.total.value}" if kind == "receipt" else "read"
        out["ok"] = expected == "" or str(r.total.value) == expected
except IdextractError as e:
    out["result"] = f"{type(e).__name__}({getattr(e, 'code', '')})"
    out["ok"] = expected == "refused"
except MemoryError:
    out["result"] = "MemoryError (escaped)"
    out["ok"] = False
out["run"] = time.perf_counter() - t1
print(json.dumps(out))
"""


def _limit(gigabytes: float) -> Any:
    def apply() -> None:
        size = int(gigabytes * 1024**3)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return apply


def run_child(kind: str, path: Path, expected: str, limit_gb: float) -> dict[str, Any]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, kind, str(path), expected],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_limit(limit_gb), cwd=ROOT,
    )
    stdout, stderr = proc.communicate(timeout=600)
    wall = time.perf_counter() - start
    # The probe process that calls this runs exactly one child: RUSAGE_CHILDREN is that child's.
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if proc.returncode != 0 or not stdout.strip():
        return {"result": f"child died (exit {proc.returncode}): {stderr.decode()[-300:]}", "ok": False,
                "wall": wall, "rss_mb": rss_mb, "run": wall}
    out: dict[str, Any] = json.loads(stdout.decode().strip().splitlines()[-1])
    out.update(wall=wall, rss_mb=rss_mb)
    return out


def make_inputs(folder: Path) -> list[tuple[str, str, Path, str]]:
    """(name, kind, path, expected) for every case; expected is a total, "refused" or ""."""
    import numpy as np
    from PIL import Image

    sys.path.insert(0, str(ROOT / "samples"))
    from render import render_long_receipt  # type: ignore[import-not-found]

    cases: list[tuple[str, str, Path, str]] = []
    idle = folder / "idle.txt"
    idle.write_text("")
    cases.append(("idle: interpreter + models loaded", "idle", idle, ""))

    # 40 MP: the sample photo blown up to the pixel limit, with sensor-like noise.
    photo = Image.open(SAMPLE).convert("RGB")
    big = photo.resize((7300, 5470), Image.Resampling.BICUBIC)
    png = folder / "photo-40mp.png"
    big.save(png, compress_level=9)  # without noise, to stay under the 20 MB byte limit
    noise = np.random.default_rng(0).normal(0, 6, (5470, 7300, 1))
    big = Image.fromarray(np.clip(np.asarray(big, dtype=np.float32) + noise, 0, 255).astype(np.uint8))
    jpg = folder / "photo-40mp.jpg"
    big.save(jpg, quality=90)
    del big, noise
    total = str(json.loads(SAMPLE.with_name("minimarket-photo.gt.json").read_text())["fields"]["total"])
    cases.append(("40 MP JPEG photo (7300 x 5470)", "receipt", jpg, total))
    cases.append(("40 MP PNG (7300 x 5470)", "receipt", png, total))

    for aspect in (10, 30):
        image, doc = render_long_receipt(float(aspect))
        path = folder / f"long-1x{aspect}.png"
        image.save(path)
        cases.append((f"long receipt 1:{aspect} ({image.width} x {image.height})", "receipt", path,
                      str(doc.fields["total"])))

    for size in ((8, 100_000), (100_000, 8), (100, 60_000)):
        path = folder / f"absurd-{size[0]}x{size[1]}.png"
        Image.new("L", size, 255).save(path)
        cases.append((f"absurd shape {size[0]} x {size[1]} PNG ({path.stat().st_size} bytes)", "receipt", path,
                      "refused"))

    rnd = random.Random(8)
    marks = "".join(chr(c) for c in range(0x300, 0x36F))
    receipt = ("INDOMARET\nJL. MAWAR 1\n24.07.2022 10:15\nAQUA 600ML 2 3.500 7.000\nROTI TAWAR 1 15.500\n"
               "SUBTOTAL 22.500\nTOTAL 22.500\nTUNAI 50.000\nKEMBALI 27.500")
    texts = {
        "1 MB text: combining marks on every letter": "\n".join(
            "".join(ch + "".join(rnd.choice(marks) for _ in range(rnd.randint(0, 12))) for ch in "TOTAL 19.700 TUNAI")
            for _ in range(12_000)),
        "1 MB text: lone surrogates and controls": "\n".join(
            f"TOTAL \udcff{rnd.randint(1, 99999)}\x1b[31m NIK \ud800{rnd.randint(10**15, 10**16 - 1)}\u202e"
            for _ in range(25_000)),
        "1 MB text: one line": "TOTAL " + "9" * 1_000_000,
        "1 MB text: a receipt repeated": (receipt + "\n") * (1_000_000 // (len(receipt) + 1)),
    }
    for name, text in texts.items():
        path = folder / f"text-{len(cases)}.txt"
        path.write_text(text[:1_000_000], encoding="utf-8", errors="surrogatepass")
        cases.append((name, "text", path, ""))
    return cases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit-gb", type=float, default=6.0, help="RLIMIT_AS of each child (default 6 GB)")
    ap.add_argument("--only", nargs="*", help="run only cases whose name contains one of these words")
    ap.add_argument("--markdown", action="store_true", help="print a table for README.md")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        cases = make_inputs(Path(tmp))
        if args.only:
            cases = [c for c in cases if any(word in c[0] for word in args.only)]
        rows = []
        for name, kind, path, expected in cases:
            runs = []
            for _ in range(args.repeat):
                # A fresh grandchild per run: RUSAGE_CHILDREN of a process that ran only it.
                probe = subprocess.run(
                    [sys.executable, __file__, "--probe", kind, str(path), expected, str(args.limit_gb)],
                    capture_output=True, text=True, timeout=900,
                )
                if probe.returncode != 0:
                    runs.append({"result": f"probe failed: {probe.stderr[-300:]}", "ok": False,
                                 "rss_mb": 0.0, "run": 0.0, "wall": 0.0})
                else:
                    runs.append(json.loads(probe.stdout.strip().splitlines()[-1]))
            rss = statistics.median(r["rss_mb"] for r in runs)
            seconds = statistics.median(r["run"] for r in runs)
            rows.append((name, rss, seconds, runs[-1]["result"], all(r.get("ok", True) for r in runs)))
            print(f"{name:58} {rss:8.0f} MB {seconds:7.2f} s  {runs[-1]['result']}"
                  f"{'' if rows[-1][4] else '  (WRONG)'}", flush=True)
    if args.markdown:
        print("\n| input | peak RSS | time | result |\n|---|---|---|---|")
        for name, rss, seconds, result, ok in rows:
            print(f"| {name} | {rss:.0f} MB | {seconds:.2f} s | {result}{'' if ok else ' (wrong)'} |")


def probe() -> None:
    kind, path, expected, limit_gb = sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
    out = run_child(kind, Path(path), expected, limit_gb)
    print(json.dumps(out))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--probe":
        probe()
    else:
        main()
