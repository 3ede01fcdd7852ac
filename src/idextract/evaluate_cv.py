"""Grouped cross-validation over the documents of ``idextract.evaluate``.

Documents are grouped so that near-duplicates never straddle folds (the same store's receipts, the
clean scan and the photo of one template), groups are assigned to K folds deterministically, and
each fold is scored on its own: per field the mean F1 over folds and the worst fold, likewise ECE and
P@0.9. ``fit`` is a hook for a later confidence recalibration: it gets the other folds' (record, gt)
pairs and returns a map (field, confidence) -> confidence applied to the held-out fold before its
calibration is computed.

Group keys: ``merchant`` (gt ``fields.merchant_name``, normalised; a document without one is its
own group), ``template`` / ``variant`` (a top-level gt key of that name if present, else the id's
prefix before the first '-' or digit run), or any gt key (dotted for nested keys, e.g.
``source.font``; a document without it is its own group).
"""

from __future__ import annotations

import dataclasses
import json
import re
import statistics
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .evaluate import Doc, EvalResult, Mode, Recalibrate, read_documents, score
from .evaluate_match import norm_text

TrainingSet = Sequence[tuple[Any, dict[str, Any]]]  # (record, gt) of the training folds' documents
Fit = Callable[[TrainingSet], Recalibrate]


def id_prefix(doc_id: str) -> str:
    """The id before its first '-' or digit run (``ktp-01-bandung`` -> ``ktp``); the id if that is empty."""
    prefix = re.match(r"[^-\d]*", doc_id)
    head = prefix.group(0).strip("_. ") if prefix else ""
    return head or doc_id


def _gt_key(gt: dict[str, Any], key: str) -> Any:
    value: Any = gt
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def group_of(doc: Doc, group_by: str) -> tuple[str, bool]:
    """(group name, whether the key was found); a document without the key is its own group."""
    if group_by == "merchant":
        name = (doc.gt.get("fields") or {}).get("merchant_name")
        if name:
            folded = "".join(ch for ch in unicodedata.normalize("NFKD", str(name)) if not unicodedata.combining(ch))
            return norm_text(folded), True
        return f"(own group) {doc.id}", False
    value = _gt_key(doc.gt, group_by)
    if value is not None and not isinstance(value, (dict, list)):
        return str(value), True
    if group_by in ("template", "variant"):
        return id_prefix(doc.id), True
    return f"(own group) {doc.id}", False


def assign_folds(sizes: dict[str, int], k: int) -> dict[str, int]:
    """Largest groups first (ties by name), each to the fold with the fewest documents (ties: lowest)."""
    load = [0] * k
    out = {}
    for name in sorted(sizes, key=lambda g: (-sizes[g], g)):
        fold = min(range(k), key=lambda i: (load[i], i))
        out[name] = fold
        load[fold] += sizes[name]
    return out


@dataclass(frozen=True)
class FieldCV:
    mean_f1: float
    worst_f1: float
    worst_fold: int
    worst_support: int  # documents with a truth (items: line items) in the worst fold
    folds: int  # folds where the field has a truth or a prediction


@dataclass
class Fold:
    index: int
    groups: list[str]
    ids: list[str]
    result: EvalResult


@dataclass
class CVResult:
    name: str
    group_by: str
    k: int
    folds: list[Fold]
    fields: dict[str, FieldCV]
    mean_macro_f1: float
    worst_macro_f1: float
    mean_ece: float | None
    worst_ece: float | None  # the highest
    worst_ece_fold: int | None
    mean_p90: float | None
    worst_p90: float | None  # the lowest
    worst_p90_fold: int | None
    groups: int
    warnings: list[str] = field(default_factory=list)
    mean_items_sum: float | None = None  # share of receipts whose items add up (EvalResult)
    worst_items_sum: float | None = None
    worst_items_sum_fold: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def report(self) -> str:
        sizes = " ".join(f"{len(f.ids)}" for f in self.folds)
        lines = [(f"{self.name}: {self.k}-fold cross-validation grouped by {self.group_by} "
                  f"({self.groups} groups; documents per fold: {sizes})")]
        lines += [f"warning: {w}" for w in self.warnings]
        lines.append(f"{'field':18} {'mean F1':>8} {'worst F1':>9} {'fold':>5} {'n':>5} {'folds':>6}")
        for name, s in self.fields.items():
            lines.append(f"{name:18} {s.mean_f1:8.3f} {s.worst_f1:9.3f} {s.worst_fold:5d} {s.worst_support:5d} "
                         f"{s.folds:6d}")
        lines.append(f"{'macro F1':18} {self.mean_macro_f1:8.3f} {self.worst_macro_f1:9.3f}")
        if self.mean_ece is not None and self.worst_ece is not None:
            lines.append(f"{'ECE':18} {self.mean_ece:8.3f} {self.worst_ece:9.3f} {self.worst_ece_fold:5d}")
        if self.mean_p90 is not None and self.worst_p90 is not None:
            lines.append(f"{'P@0.9':18} {self.mean_p90:8.3f} {self.worst_p90:9.3f} {self.worst_p90_fold:5d}")
        if self.mean_items_sum is not None and self.worst_items_sum is not None:
            lines.append(f"{'items sum agrees':18} {self.mean_items_sum:8.3f} {self.worst_items_sum:9.3f} "
                         f"{self.worst_items_sum_fold:5d}")
        return "\n".join(lines)


def _mean_worst(values: dict[int, float], *, low_is_worse: bool) -> tuple[float | None, float | None, int | None]:
    if not values:
        return None, None, None
    pick = min if low_is_worse else max
    fold = pick(sorted(values), key=lambda i: values[i])
    return statistics.fmean(values.values()), values[fold], fold


def cross_validate(source: str | Path | Sequence[Doc], k: int, group_by: str = "merchant", *,
                   doc_type: str | None = None, mode: Mode = "text", limit: int | None = None,
                   fit: Fit | None = None, name: str | None = None) -> CVResult:
    """Grouped K-fold evaluation of a folder (or of documents already read with ``read_documents``)."""
    if k < 2:
        raise ValueError("cross-validation needs at least 2 folds")
    if isinstance(source, (str, Path)):
        docs = read_documents(source, doc_type, mode, limit=limit)
        name = name or Path(source).resolve().name
    else:
        docs = list(source)
    warnings = []
    groups: dict[str, list[Doc]] = {}
    missing = 0
    for doc in docs:
        group, found = group_of(doc, group_by)
        missing += not found
        groups.setdefault(group, []).append(doc)
    if missing:
        warnings.append(f"{missing} of {len(docs)} documents have no {group_by}: each is its own group")
    if len(groups) < k:
        warnings.append(f"{k} folds asked but only {len(groups)} groups: {len(groups)} folds")
        k = len(groups)
    if k < 2:
        raise ValueError(f"cross-validation needs at least 2 groups; {group_by} gives {len(groups)}")
    fold_of = assign_folds({g: len(d) for g, d in groups.items()}, k)
    folds = []
    for i in range(k):
        names = sorted(g for g, f in fold_of.items() if f == i)
        held = sorted((d for g in names for d in groups[g]), key=lambda d: d.id)
        recal = None
        if fit is not None:
            held_ids = {d.id for d in held}
            recal = fit([(d.record, d.gt) for d in docs if d.id not in held_ids and d.record is not None])
        result = score(held, name=f"{name or ''} fold {i}", mode=mode, recalibrate=recal)
        folds.append(Fold(i, names, [d.id for d in held], result))
    per_field: dict[str, dict[int, float]] = {}
    for f in folds:
        for fname, s in f.result.fields.items():
            per_field.setdefault(fname, {})[f.index] = s.f1
    fields = {}
    for fname, by_fold in sorted(per_field.items(), key=lambda kv: (kv[0] == "items", kv[0])):
        mean, worst, worst_fold = _mean_worst(by_fold, low_is_worse=True)
        assert mean is not None and worst is not None and worst_fold is not None
        fields[fname] = FieldCV(mean, worst, worst_fold, folds[worst_fold].result.fields[fname].support, len(by_fold))
    macro = [f.result.macro_f1 for f in folds]
    ece = _mean_worst({f.index: f.result.ece for f in folds if f.result.ece is not None}, low_is_worse=False)
    p90 = _mean_worst({f.index: f.result.precision_at_high for f in folds if f.result.precision_at_high is not None},
                      low_is_worse=True)
    sums = _mean_worst({f.index: f.result.items_sum_agree / f.result.items_sum_checked for f in folds
                        if f.result.items_sum_checked}, low_is_worse=True)
    return CVResult(name or "", group_by, k, folds, fields, statistics.fmean(macro), min(macro), *ece, *p90,
                    groups=len(groups), warnings=warnings, mean_items_sum=sums[0], worst_items_sum=sums[1],
                    worst_items_sum_fold=sums[2])
