"""``idextract batch``: a folder, a glob or a list of paths to one JSONL line per document.

    idextract batch DIR|GLOB|- --type receipt --out results.jsonl [--csv items.csv] [--workers N]
                    [--threads T] [--skip-existing] [--unordered] [--progress|--no-progress]

Each line: ``{"path", "status": "ok"|"error", "doc_type", "seconds", "record"}`` or, for a
failure, ``"error": {"code", "message"}`` instead of the record. Lines are written whole, one
``write`` each, as documents finish, so an interrupted run leaves a valid file; the first Ctrl-C
lets the documents being read finish and be written, a second one stops at once.
``--skip-existing`` reads the file back, drops a last line cut off by a crash, and reads only
the documents without a line. ``--csv`` writes one row per line item (receipts).
"""

from __future__ import annotations

import argparse
import csv
import glob
import importlib
import io
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any, BinaryIO, TextIO

from .batch import BatchResult, extract_many
from .doctypes import DocumentType, get_document_type

__all__ = ["IMAGE_SUFFIXES", "Progress", "add_arguments", "find_inputs", "read_done", "run_cli", "trim_csv"]

#: What a folder is searched for (recursively); a glob or stdin takes every path given.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff", ".gif", ".heic", ".heif",
                            ".pdf"})
CSV_COLUMNS = ("path", "item", "name", "quantity", "unit_price", "total_price", "discount", "confidence")
#: The item fields in the CSV, in its order.
_ITEM_FIELDS = CSV_COLUMNS[2:-1]
#: The columns before the item discount had one: their rows are read on resume, the cell left empty.
_OLD_COLUMNS = tuple(c for c in CSV_COLUMNS if c != "discount")
EXIT_INTERRUPTED = 130


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="DIR|GLOB|-",
                        help="a folder (its images, recursively), a glob ('photos/**/*.jpg', quoted) or - for "
                             "paths on stdin, one a line")
    parser.add_argument("--type", default="receipt", help="document type (default: receipt)")
    parser.add_argument("--out", required=True, metavar="results.jsonl", help="one JSON line per document")
    parser.add_argument("--csv", metavar="items.csv", help="also write the line items, one row each")
    parser.add_argument("--workers", type=int, help="worker processes (default: one per core; 1 = in this process)")
    parser.add_argument("--threads", type=int, help="engine threads per worker (default: cores / workers)")
    parser.add_argument("--skip-existing", action="store_true",
                        help="keep --out's lines and read only the documents it has no line for")
    parser.add_argument("--unordered", action="store_true", help="write lines as documents finish")
    parser.add_argument("--engine", help="OCR engine (default: $IDEXTRACT_OCR or rapidocr)")
    parser.add_argument("--mask-pii", action="store_true", help="mask the type's personal fields in the output")
    parser.add_argument("--max-tasks-per-child", type=int, default=250, metavar="N",
                        help="replace a worker after N documents (default 250; against memory growth)")
    bar = parser.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="progress bar on stderr (default: when stderr is a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false")


def find_inputs(source: str, stdin: Iterable[str] | None = None) -> Iterator[str]:
    """The paths ``source`` names: a folder's images (sorted, recursive), a glob's files (sorted),
    or the non-empty lines of ``stdin`` for ``-`` (read lazily)."""
    if source == "-":
        for line in stdin if stdin is not None else sys.stdin:
            path = line.rstrip("\r\n")
            if path.strip():
                yield path
        return
    if os.path.isdir(source):
        found = (p for p in Path(source).rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
        yield from sorted(str(p) for p in found)
        return
    yield from sorted(p for p in glob.glob(source, recursive=True) if os.path.isfile(p))


def read_done(out: Path) -> set[str]:
    """The paths ``out`` already has a line for; a last line cut off mid-write (a crash, a
    power cut) is removed from the file, so that lines appended next start on their own line."""
    done: set[str] = set()
    if not out.exists():
        return done
    keep = 0  # bytes of whole, valid lines from the start
    with out.open("rb") as handle:
        for raw in handle:
            try:
                line = json.loads(raw) if raw.endswith(b"\n") else None
            except ValueError:
                line = None
            if not isinstance(line, dict) or not isinstance(line.get("path"), str):
                break  # the file is valid up to here; what follows is rewritten
            done.add(line["path"])
            keep += len(raw)
    if keep != out.stat().st_size:
        with out.open("r+b") as handle:
            handle.truncate(keep)
    return done


def trim_csv(path: Path, done: set[str]) -> None:
    """Keep only the item rows of documents ``done`` (in the JSONL): a run stopped between a
    document's CSV rows and its JSONL line would otherwise repeat its items when resumed."""
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    if rows[:1] == [list(_OLD_COLUMNS)]:  # written before items had a discount: nothing is dropped
        at = CSV_COLUMNS.index("discount")
        rows = [list(CSV_COLUMNS)] + [[*row[:at], "", *row[at:]] if len(row) == len(_OLD_COLUMNS) else row
                                      for row in rows[1:]]
    kept = [row for row in rows[1:] if len(row) == len(CSV_COLUMNS) and row[0] in done]
    if rows[:1] == [list(CSV_COLUMNS)] and len(kept) == len(rows) - 1:
        return
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([list(CSV_COLUMNS), *kept])


def to_line(result: BatchResult, kind: DocumentType, *, mask_pii: bool) -> dict[str, Any]:
    """The JSONL object for one result (the record as ``model_dump(mode="json")``)."""
    line: dict[str, Any] = {"path": result.source, "status": result.status, "doc_type": kind.name,
                            "seconds": round(result.seconds, 3)}
    if result.record is not None:
        line["record"] = (kind.masked_dump(result.record) if mask_pii and kind.personal_fields
                          else result.record.model_dump(mode="json"))
    else:
        line["error"] = {"code": result.error_code, "message": result.error_message}
    return line


def item_rows(result: BatchResult) -> list[list[Any]]:
    """CSV rows for the record's line items (a type without items has none)."""
    rows: list[list[Any]] = []
    for n, item in enumerate(getattr(result.record, "items", None) or [], start=1):
        cells = [getattr(getattr(item, name, None), "value", None) for name in _ITEM_FIELDS]
        confidences = [getattr(getattr(item, name, None), "confidence", 0.0) for name in _ITEM_FIELDS
                       if getattr(getattr(item, name, None), "value", None) is not None]
        confidence = round(min(confidences), 3) if confidences else 0.0
        rows.append([result.source, n, *("" if c is None else str(c) for c in cells), confidence])
    return rows


class Progress:
    """A progress line on stderr: tqdm's bar when installed, else a plain one; both show
    documents/s and the failures so far."""

    def __init__(self, total: int | None, stream: TextIO | None = None) -> None:
        self.total, self.stream = total, stream or sys.stderr
        self.done = self.failed = 0
        self.start = self.last = time.monotonic()
        self.bar: Any = None
        try:
            tqdm = importlib.import_module("tqdm").tqdm  # optional, untyped
            self.bar = tqdm(total=total, unit="doc", file=self.stream, dynamic_ncols=True, smoothing=0.1)
        except ImportError:
            pass

    def update(self, result: BatchResult) -> None:
        self.done += 1
        self.failed += not result.ok
        if self.bar is not None:
            self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)
            return
        now = time.monotonic()
        if now - self.last >= 0.5 or self.done == self.total:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            of = f"/{self.total}" if self.total is not None else ""
            self.stream.write(f"\r{self.done}{of} documents, {rate:.2f} documents/s, {self.failed} failed ")
            self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.done:
            self.stream.write("\n")
            self.stream.flush()


class _Stop:
    """SIGINT handling: the first Ctrl-C stops reading new inputs, the second interrupts."""

    def __init__(self) -> None:
        self.requested = False
        self.previous: Any = None

    def __enter__(self) -> _Stop:
        self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self.previous)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        print("\nidextract: stopping after the documents being read (Ctrl-C again to stop now)", file=sys.stderr)

    def until(self, items: Iterable[str]) -> Iterator[str]:
        for item in items:
            if self.requested:
                return
            yield item


def _open_csv(path: str, *, append: bool) -> BinaryIO:
    handle = open(path, "ab" if append else "wb", buffering=0)  # noqa: SIM115 - closed by the caller
    if handle.tell() == 0:
        _write_csv(handle, [list(CSV_COLUMNS)])
    return handle


def _write_csv(handle: BinaryIO, rows: list[list[Any]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    handle.write(buffer.getvalue().encode("utf-8"))  # one write: whole rows or none


def _summary(done: Counter[str], failed: Counter[str], seconds: float, skipped: int, stopped: bool) -> str:
    count = sum(done.values())
    rate = count / seconds if seconds > 0 else 0.0
    parts = [f"{'stopped' if stopped else 'done'}: {count} documents in {seconds:.1f} s ({rate:.2f} documents/s)",
             f"ok {done['ok']}", f"failed {done['error']}"]
    if failed:
        parts[-1] += " (" + ", ".join(f"{code} {n}" for code, n in failed.most_common()) + ")"
    if skipped:
        parts.append(f"skipped {skipped} already in the output")
    return "; ".join(parts)


def run_cli(args: argparse.Namespace) -> int:
    kind = get_document_type(args.type)  # an unknown type fails before any work
    out = Path(args.out)
    done_before = read_done(out) if args.skip_existing else set()
    paths: Iterable[str] = (p for p in find_inputs(args.source) if p not in done_before)
    total = None
    if args.source != "-":
        listed = list(paths)
        paths, total = listed, len(listed)
        if not listed and not done_before:
            print(f"idextract: no input found in {args.source!r}", file=sys.stderr)
            return 2
    skipped = len(done_before)
    progress = sys.stderr.isatty() if args.progress is None else args.progress
    done: Counter[str] = Counter()
    failed: Counter[str] = Counter()
    start = time.monotonic()
    with _Stop() as stop, open(out, "ab" if args.skip_existing else "wb", buffering=0) as jsonl:
        if args.csv and args.skip_existing:
            trim_csv(Path(args.csv), done_before)
        items = _open_csv(args.csv, append=args.skip_existing) if args.csv else None
        results = extract_many(stop.until(paths), kind.name, workers=args.workers, threads=args.threads,
                               progress=progress, ordered=not args.unordered, engine=args.engine,
                               mask_pii=args.mask_pii, max_tasks_per_child=args.max_tasks_per_child, total=total)
        try:
            for result in results:
                line = json.dumps(to_line(result, kind, mask_pii=args.mask_pii), ensure_ascii=False)
                jsonl.write((line + "\n").encode("utf-8"))  # one write: a whole line or none
                if items is not None and result.record is not None:
                    _write_csv(items, item_rows(result))
                done[result.status] += 1
                if result.error_code:
                    failed[result.error_code] += 1
        except KeyboardInterrupt:  # the second Ctrl-C: what was written stays valid
            stop.requested = True
        finally:
            results.close()  # stops the workers now, whatever happened
            if items is not None:
                items.close()
    print(_summary(done, failed, time.monotonic() - start, skipped, stop.requested), file=sys.stderr)
    return EXIT_INTERRUPTED if stop.requested else 0
