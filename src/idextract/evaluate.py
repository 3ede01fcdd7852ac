"""The project's own evaluation: field precision/recall/F1, items, calibration and time on a folder.

A folder in the common dataset layout (``items/<id>.gt.json`` with ``items/<id>.ocr.json`` and/or an
image ``items/<id>.jpg|jpeg|png``) is read document by document, in text mode (the OCR words parsed
with ``idextract.parse``) or image mode (``idextract.extract``), as the gt's ``doc_type`` (any
installed document type, see :mod:`idextract.doctypes`).

The definitions are those of the shared ``tools/score.py``, reimplemented here so that the figures
agree: only the fields listed in gt ``annotated_fields`` count (all of ``fields`` when absent), any of
gt ``<field>_alternatives`` also counts as right, a wrong value counts against recall *and*
precision, a value where the truth is null against precision; line items are matched greedily one
to one on price and a similar name; ECE over 10 equal bins of reported confidence; P@0.9 is the
precision of the fields reported with confidence >= 0.9. A crashed document scores as all fields
missed (and, as in score.py, its items are not counted).

Results hold document ids, counts and confidences only, never field values (KTP data is personal).
What counts as right (fields, matched items) is in ``evaluate_match``, grouped cross-validation in
``evaluate_cv``, the reliability diagram in ``evaluate_diagram``.
"""

from __future__ import annotations

import dataclasses
import json
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .doctypes import document_types
from .evaluate_match import confidence_of, item_pairs, items_sum_agrees, plain_value, quantities_right, same

BINS = 10
HIGH_CONFIDENCE = 0.9
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")

Mode = Literal["text", "image"]
Recalibrate = Callable[[str, float], float]  # (field name, confidence) -> recalibrated confidence


@dataclass(frozen=True)
class Bin:
    lo: float
    hi: float
    count: int
    confidence: float | None  # mean reported confidence in the bin
    accuracy: float | None  # share right


def calibration_bins(pairs: Sequence[tuple[float, bool]], bins: int = BINS) -> list[Bin]:
    """Equal-width bins [lo, hi); the last one also holds 1.0 (values outside [0, 1] fall in none)."""
    out = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in pairs if (lo <= c < hi) or (b == bins - 1 and c == 1.0)]
        n = len(inside)
        out.append(Bin(lo, hi, n, sum(c for c, _ in inside) / n if n else None,
                       sum(ok for _, ok in inside) / n if n else None))
    return out


def ece(pairs: Sequence[tuple[float, bool]], bins: int = BINS) -> float | None:
    """Expected calibration error: bin-weighted |mean confidence - accuracy| over all pairs."""
    if not pairs:
        return None
    return sum(b.count / len(pairs) * abs(b.confidence - b.accuracy)
               for b in calibration_bins(pairs, bins) if b.confidence is not None and b.accuracy is not None)


@dataclass(frozen=True)
class Outcome:
    """One annotated field of one document: no values, only what scoring needs."""
    field: str
    has_truth: bool
    has_pred: bool
    ok: bool
    confidence: float | None


@dataclass
class Doc:
    """One document as read: kept so that subsets (CV folds) can be scored without reading again."""
    id: str
    gt: dict[str, Any]
    record: Any | None  # None when reading crashed
    seconds: float | None
    outcomes: list[Outcome]
    # (tp, n_pred, n_truth, matched items with the labelled quantity) when items are annotated and non-empty
    items: tuple[int, int, int, int] | None
    error: str | None = None
    items_sum: bool | None = None  # see items_sum_agrees


def score_document(
    doc_id: str, gt: dict[str, Any], record: Any | None
) -> tuple[list[Outcome], tuple[int, int, int, int] | None]:
    annotated = set(gt.get("annotated_fields") or gt["fields"])
    outcomes, items = [], None
    for name, truth in gt["fields"].items():
        if name not in annotated:
            continue
        if name == "items":
            if truth and record is not None:
                pairs = item_pairs(truth, getattr(record, "items", None))
                items = (len(pairs), len(getattr(record, "items", None) or []), len(truth), quantities_right(pairs))
            continue
        extracted = getattr(record, name, None) if record is not None else None
        pred, conf = plain_value(extracted), confidence_of(extracted)
        ok = truth is not None and any(same(name, t, pred) for t in [truth, *(gt.get(f"{name}_alternatives") or [])])
        outcomes.append(Outcome(name, truth is not None, pred is not None, ok, conf))
    return outcomes, items


def _image_for(gt_path: Path, doc_id: str) -> Path:
    found = sorted(p for p in gt_path.parent.glob(f"{doc_id}.*") if p.suffix.lower() in IMAGE_SUFFIXES)
    if not found:
        raise FileNotFoundError(f"no image for document {doc_id}")
    return found[0]


def read_documents(folder: str | Path, doc_type: str | None = None, mode: Mode = "text", *,
                   limit: int | None = None, engine: str | None = None) -> list[Doc]:
    """Read and score every document of ``folder`` (sorted ids; the first ``limit`` when given)."""
    import idextract  # late: the package imports nothing from here

    paths = sorted((Path(folder) / "items").glob("*.gt.json"))[: limit or None]
    docs = []
    for gt_path in paths:
        doc_id = gt_path.name[: -len(".gt.json")]
        gt = json.loads(gt_path.read_text(encoding="utf-8"))
        kind = doc_type or gt.get("doc_type", "receipt")
        record, seconds, error = None, None, None
        try:
            start = time.perf_counter()
            if mode == "text":
                ocr_json = json.loads((gt_path.parent / f"{doc_id}.ocr.json").read_text(encoding="utf-8"))
                ocr = idextract.OcrResult.model_validate(ocr_json)
                record = idextract.parse(ocr, kind)
            else:
                record = idextract.extract(_image_for(gt_path, doc_id), kind, ocr=engine)
            seconds = time.perf_counter() - start
        except Exception as exc:  # noqa: BLE001 - a crash scores as all fields missed; the message may hold values
            error = type(exc).__name__
        outcomes, items = score_document(doc_id, gt, record)
        docs.append(Doc(doc_id, gt, record, seconds, outcomes, items, error, items_sum_agrees(gt, record)))
    return docs


@dataclass(frozen=True)
class FieldScore:
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    support: int  # documents (items: line items) with a truth


def _prf(tp: int, fp: int, fn: int) -> FieldScore:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return FieldScore(tp, fp, fn, p, r, 2 * p * r / (p + r) if p + r else 0.0, tp + fn)


@dataclass
class EvalResult:
    """Scores of a set of documents; ``to_json()`` for machines, ``report()`` for people."""
    name: str
    mode: str
    documents: int
    crashed: int
    fields: dict[str, FieldScore]  # sorted by name, then "items" when items are annotated
    macro_f1: float
    ece: float | None
    calibrated_fields: int  # fields with a value and a confidence
    high_confidence: int  # of those, reported with confidence >= 0.9
    precision_at_high: float | None
    bins: list[Bin]
    time_p50: float | None  # seconds per document
    time_p95: float | None
    slowest: list[tuple[str, float]]
    worst: dict[str, list[str]]  # field -> ids of the wrong documents, most confident first
    crashed_ids: list[str] = field(default_factory=list)
    crash_types: dict[str, int] = field(default_factory=dict)  # exception type name -> documents
    items_sum_agree: int = 0  # receipts whose items add up to the labelled total or subtotal...
    items_sum_checked: int = 0  # ...of those with either labelled
    quantities_right: int = 0  # matched line items (tp of items) whose quantity is the labelled one

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def report(self) -> str:
        lines = [f"{self.name}  mode={self.mode}  documents={self.documents}  crashed={self.crashed}",
                 f"{'field':18} {'prec':>6} {'recall':>6} {'F1':>6} {'n':>5}  worst documents"]
        for name, s in self.fields.items():
            worst = " ".join(self.worst.get(name, [])[:3])
            lines.append(f"{name:18} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.support:5d}  {worst}".rstrip())
        lines.append(f"macro F1 {self.macro_f1:.3f}")
        if self.ece is None:
            lines.append("calibration: no confidences reported")
        else:
            hi = (f"  precision@conf>=0.9={self.precision_at_high:.3f} on {self.high_confidence}/"
                  f"{self.calibrated_fields} fields" if self.precision_at_high is not None else "")
            lines.append(f"calibration: ECE={self.ece:.3f}{hi}")
        if self.time_p50 is not None and self.time_p95 is not None:
            lines.append(f"time per document: p50={self.time_p50 * 1000:.1f} ms  p95={self.time_p95 * 1000:.1f} ms")
            lines.append("slowest: " + "  ".join(f"{i} {s * 1000:.1f} ms" for i, s in self.slowest))
        if "items" in self.fields and self.fields["items"].tp:
            lines.append(f"item quantities: {self.quantities_right} of {self.fields['items'].tp} matched items right")
        if self.items_sum_checked:
            lines.append(f"items' sum = the labelled total or subtotal: {self.items_sum_agree} of "
                         f"{self.items_sum_checked} receipts ({self.items_sum_agree / self.items_sum_checked:.1%})")
        if self.crashed_ids:
            kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.crash_types.items()))
            more = f" ... (+{len(self.crashed_ids) - 10})" if len(self.crashed_ids) > 10 else ""
            lines.append(f"crashed ({kinds}): " + " ".join(self.crashed_ids[:10]) + more)
        return "\n".join(lines)


def score(docs: Sequence[Doc], *, name: str = "", mode: str = "text", recalibrate: Recalibrate | None = None,
          top: int = 5) -> EvalResult:
    """Aggregate scored documents (``recalibrate`` maps confidences before calibration is computed)."""
    counts: dict[str, list[int]] = {}
    pairs: list[tuple[float, bool]] = []
    wrong: dict[str, list[tuple[float, str]]] = {}
    item_tp = item_pred = item_truth = 0
    for doc in docs:
        for o in doc.outcomes:
            c = counts.setdefault(o.field, [0, 0, 0])
            c[0] += o.has_truth and o.ok
            c[1] += o.has_pred and not o.ok
            c[2] += o.has_truth and not o.ok
            if o.has_pred and o.confidence is not None:
                conf = recalibrate(o.field, o.confidence) if recalibrate else o.confidence
                pairs.append((conf, o.ok))
            if not o.ok and (o.has_truth or o.has_pred):
                wrong.setdefault(o.field, []).append((o.confidence or 0.0, doc.id))
        if doc.items is not None:
            item_tp, item_pred, item_truth = item_tp + doc.items[0], item_pred + doc.items[1], item_truth + doc.items[2]
    fields = {f: _prf(*c) for f, c in sorted(counts.items()) if c[0] + c[2] or c[1]}
    if item_truth:
        fields["items"] = _prf(item_tp, item_pred - item_tp, item_truth - item_tp)
        wrong["items"] = [(float(max(d.items[1], d.items[2]) - d.items[0]), d.id)  # most misses first
                          for d in docs if d.items is not None and max(d.items[1], d.items[2]) > d.items[0]]
    times = [d.seconds for d in docs if d.seconds is not None]
    high = [ok for c, ok in pairs if c >= HIGH_CONFIDENCE]
    return EvalResult(
        name=name, mode=mode, documents=len(docs), crashed=sum(d.record is None for d in docs), fields=fields,
        macro_f1=sum(s.f1 for s in fields.values()) / len(fields) if fields else 0.0,
        ece=ece(pairs), calibrated_fields=len(pairs), high_confidence=len(high),
        precision_at_high=sum(high) / len(high) if high else None, bins=calibration_bins(pairs),
        time_p50=statistics.median(times) if times else None,
        time_p95=sorted(times)[max(0, int(0.95 * len(times)) - 1)] if times else None,
        slowest=[(d.id, d.seconds) for d in sorted(docs, key=lambda d: -(d.seconds or 0.0))[:top]
                 if d.seconds is not None],
        worst={f: [i for _, i in sorted(w, key=lambda t: (-t[0], t[1]))[:top]] for f, w in sorted(wrong.items()) if w},
        crashed_ids=[d.id for d in docs if d.record is None],
        crash_types=dict(Counter(d.error or "?" for d in docs if d.record is None)),
        items_sum_agree=sum(d.items_sum is True for d in docs),
        items_sum_checked=sum(d.items_sum is not None for d in docs),
        quantities_right=sum(d.items[3] for d in docs if d.items is not None),
    )


def evaluate(folder: str | Path, doc_type: str | None = None, mode: Mode = "text", *, limit: int | None = None,
             engine: str | None = None, top: int = 5) -> EvalResult:
    """Score the library on ``folder`` (see the module docstring); ``doc_type`` None: each gt's doc_type."""
    docs = read_documents(folder, doc_type, mode, limit=limit, engine=engine)
    return score(docs, name=Path(folder).resolve().name, mode=mode, top=top)


def add_arguments(parser: Any) -> None:
    """The ``python -m idextract evaluate`` arguments (an ``argparse`` parser)."""
    parser.add_argument("folder", metavar="DIR", type=Path, help="items/<id>.gt.json + <id>.ocr.json and/or image")
    parser.add_argument("--type", choices=[kind.name for kind in document_types()],
                        help="document type (default: each gt's doc_type)")
    parser.add_argument("--mode", choices=["text", "image"], default="text", help="parse OCR words or read images")
    parser.add_argument("--json", metavar="OUT", type=Path, help="write the results as JSON here")
    parser.add_argument("--folds", type=int, default=0, metavar="K", help="grouped K-fold cross-validation")
    parser.add_argument("--group-by", default="merchant", metavar="KEY",
                        help="merchant, template, variant or a gt key (dotted for nested keys)")
    parser.add_argument("--diagram", metavar="OUT.png", type=Path, help="write a reliability diagram here")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="only the first N documents")


def run_cli(args: Any) -> int:
    """``python -m idextract evaluate``: print the report (and CV summary), write JSON and diagram."""
    import sys

    if not any((args.folder / "items").glob("*.gt.json")):
        print(f"idextract: no items/*.gt.json under the folder given ({args.folder.name})", file=sys.stderr)
        return 2
    docs = read_documents(args.folder, args.type, args.mode, limit=args.limit or None)
    name = args.folder.resolve().name
    result = score(docs, name=name, mode=args.mode)
    print(result.report())
    out: dict[str, Any] = {"evaluation": result.to_dict()}
    if args.folds:
        from .evaluate_cv import cross_validate

        try:
            cv = cross_validate(docs, args.folds, args.group_by, mode=args.mode, name=name)
        except ValueError as exc:
            print(f"idextract: {exc}", file=sys.stderr)
            return 2
        print()
        print(cv.report())
        out["cross_validation"] = cv.to_dict()
    if args.diagram:
        from .evaluate_diagram import reliability_diagram

        print(f"reliability diagram: {reliability_diagram(result, args.diagram)}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
        print(f"json: {args.json}")
    return 0
