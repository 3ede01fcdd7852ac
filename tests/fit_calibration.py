"""Fit the confidence calibration maps (src/idextract/calibration.toml) on a held-apart split.

    python tests/fit_calibration.py [--datasets ../shared/datasets] [--write] [--folds 5]

The parsers' raw confidences (priors times factors, see confidence.py) order values by how sure
the evidence is; the maps turn them into probabilities. The dev documents (andre-receipts and
sroie in text mode; cord-llm's model-made labels are too noisy to fit on and are only scored)
are split by merchant: merchants whose name hashes even are the fitting half, the rest are held
apart, so no merchant's documents are on both sides. Per family of fields an isotonic regression
(pool adjacent violators) is fitted on the fitting half, each block's accuracy shrunk toward its
raw confidence (SHRINK pseudo-documents) so that a small block cannot claim certainty.

It prints ECE and P@0.9 (precision of the fields reported at >= 0.9) before and after on the
held-apart half and on each set, and the same method cross-validated by merchant (mean and
worst fold); ``--write`` stores the maps fitted on the fitting half.

KTP cards are fitted on hard photo-like cards the project renders (``samples/render_ktp_hard.py``,
seed 3, read in image mode; seeds 1 and 2 and samples/ktp are held apart and scored). The card
parser's confidence bands carry meaning (under 0.9: a value snapped to a vocabulary, known by its
place or filled in from the NIK; 0.7 and under: filled in from another field or contradicted),
so its maps are banded: one per band of ``KTP_BANDS``, each keeping its values inside the band,
and the values under the lowest band are left as the parser gives them.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from idextract.confidence import raw_confidences
from idextract.evaluate import Doc, Outcome, ece, read_documents, score_document
from idextract.evaluate_cv import cross_validate, group_of

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "idextract" / "calibration.toml"
FIT_SETS = ("andre-receipts", "sroie")
SCORE_ONLY = ("cord-llm",)
SHRINK = 8.0  # pseudo-documents at the raw confidence added to each block
MAX_PROB = 0.995  # no map claims more than this
ORDER_RISE = 0.005  # a banded map's rise across one block of its fit (see fit_isotonic)
FAMILIES = {
    "receipt": {
        **{f: "receipt_amount" for f in ("total", "subtotal", "tax", "service_charge", "discount", "amount_paid",
                                         "change", "fee")},
        "transaction_date": "receipt_date",
        "transaction_time": "receipt_time",
        "merchant_name": "receipt_merchant",
    },
    "ktp": {
        **{f: "ktp_free" for f in ("name", "address", "birth_place", "village", "district", "issue_place",
                                   "city_regency", "province")},
        **{f: "ktp_vocab" for f in ("religion", "marital_status", "occupation", "gender", "blood_type",
                                    "nationality", "valid_until")},
        **{f: "ktp_pattern" for f in ("nik", "birth_date", "issue_date", "rt_rw")},
    },
}
#: The card parser's bands (see the docstring): (lo, hi) raw confidences mapped inside themselves.
KTP_BANDS = ((0.7, 0.9), (0.9, 1.0))
#: Hard cards rendered with this seed are the KTP fitting set; these seeds are held apart.
KTP_FIT_SEED, KTP_HELD_SEEDS, KTP_CARDS = 3, (1, 2), 40

Pairs = list[tuple[float, bool]]


def family_of(doc: Doc, outcome: Outcome) -> str | None:
    return FAMILIES.get(doc.gt.get("doc_type", "receipt"), {}).get(outcome.field)


def pairs_by_family(docs: Sequence[Doc]) -> dict[str, Pairs]:
    out: dict[str, Pairs] = {}
    for doc in docs:
        for o in doc.outcomes:
            family = family_of(doc, o)
            if family and o.has_pred and o.confidence is not None:
                out.setdefault(family, []).append((o.confidence, o.ok))
    return out


def fit_isotonic(pairs: Pairs, *, spans: bool = False) -> list[tuple[float, float]]:
    """Knots (raw, probability) of the isotonic fit of correctness on raw confidence: one per
    block at its mean raw confidence, or with ``spans`` two, at its lowest and highest, the
    probability rising by ORDER_RISE across it (a block of values all right, from raw 0.90 to
    0.995, maps to about 0.99 throughout, not from the band's floor up)."""
    tied: dict[float, list[float]] = {}  # equal raw confidences are one block from the start
    for raw, ok in pairs:
        block = tied.setdefault(raw, [0.0, 0.0, 0.0, raw, raw])
        block[0] += raw
        block[1] += float(ok)
        block[2] += 1.0
    blocks: list[list[float]] = []  # [sum_raw, sum_ok, n, lowest raw, highest raw]
    for raw in sorted(tied):
        blocks.append(tied[raw])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1] = [*(a + b for a, b in zip(blocks[-1][:3], last[:3])), blocks[-1][3], last[4]]
    knots: list[tuple[float, float]] = []
    floor = 0.0
    for sum_raw, sum_ok, n, lowest, highest in blocks:
        raw = sum_raw / n
        prob = min(MAX_PROB, (sum_ok + SHRINK * raw) / (n + SHRINK))
        start, floor = floor, max(floor, prob)  # shrinking may bend the order back: keep it monotone
        if spans and highest > lowest:
            # Within a block the parser's order stays (a repaired date under a clean one), by little.
            knots.append((round(lowest, 4), round(max(start, floor - ORDER_RISE), 4)))
            knots.append((round(highest, 4), round(floor, 4)))
        else:
            knots.append((round(lowest if spans else raw, 4), round(floor, 4)))
    return knots


Knots = list[tuple[float, float]]
Banded = list[tuple[tuple[float, float], Knots]]


def fit_banded(pairs: Pairs, bands: Sequence[tuple[float, float]]) -> Banded:
    """One isotonic fit per band on the pairs whose raw confidence is in it, knots kept inside."""
    from idextract.confidence import CalibrationMap

    out: Banded = []
    for lo, hi in bands:
        probe = CalibrationMap((), (), (lo, hi))  # the library's own band rules: what it covers, its top
        # A value at the band's floor keeps it (the map rises from there): at 0.7, one filled in
        # from another field.
        inside = [(c, ok) for c, ok in pairs if probe.covers(c) and c > lo]
        knots = [(r, round(min(max(p, lo), probe.top), 4))
                 for r, p in fit_isotonic(inside, spans=True)] if inside else []
        out.append(((lo, hi), knots))
    return out


def mapper(knots_by_family: dict[str, Any]) -> Callable[[str, float], float]:
    """Map (family, raw) with plain knots (a list of pairs) or banded ones (:func:`fit_banded`)."""
    from idextract.confidence import CalibrationMap, apply_maps

    maps: dict[str, list[CalibrationMap]] = {}
    for fam, fitted in knots_by_family.items():
        if fitted and isinstance(fitted[0][0], tuple):  # banded
            maps[fam] = [CalibrationMap(tuple(r for r, _ in k), tuple(p for _, p in k), band) for band, k in fitted]
        else:
            maps[fam] = [CalibrationMap(tuple(r for r, _ in fitted), tuple(p for _, p in fitted))]

    def apply(family: str, raw: float) -> float:
        return apply_maps(maps.get(family, ()), raw)

    return apply


def ktp_cards(seed: int, folder: Path) -> list[Doc]:
    """Hard cards rendered with ``seed`` into ``folder``, read in image mode, raw confidences."""
    out = folder / f"seed{seed}"
    subprocess.run([sys.executable, str(ROOT / "samples" / "render_ktp_hard.py"), str(out), "--seed", str(seed),
                    "--count", str(KTP_CARDS)], check=True, capture_output=True)
    with raw_confidences():
        return read_documents(out, mode="image")


def scores(docs: Sequence[Doc], apply: Callable[[str, float], float] | None = None) -> tuple[float, float, int]:
    """ECE, P@0.9 and the count of fields at >= 0.9 over every scored field of ``docs``."""
    pairs: Pairs = []
    for doc in docs:
        for o in doc.outcomes:
            if not o.has_pred or o.confidence is None:
                continue
            family = family_of(doc, o)
            conf = apply(family, o.confidence) if apply and family else o.confidence
            pairs.append((conf, o.ok))
    high = [ok for c, ok in pairs if c >= 0.9]
    return ece(pairs) or 0.0, (sum(high) / len(high)) if high else 1.0, len(high)


def half(doc: Doc) -> str:
    key, _ = group_of(doc, "merchant")
    return "fit" if int(hashlib.sha256(key.encode()).hexdigest(), 16) % 2 == 0 else "held"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    ap.add_argument("--write", action="store_true", help=f"write the maps to {OUT.relative_to(ROOT)}")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--no-ktp", action="store_true", help="skip the KTP cards (rendering and reading take minutes)")
    ap.add_argument("--ktp-only", action="store_true", help="with --write, rewrite the KTP maps only (the receipt "
                    "maps stay as written)")
    ap.add_argument("--formats", type=Path, default=None, help="also fit on the invented receipt sets in this "
                    "folder (samples/formats), split by set: half fit, half held apart")
    ap.add_argument("--held-out", default="", help="comma-separated format sets never fitted on (blind sets kept "
                    "held out): only scored")
    ap.add_argument("--receipt-only", action="store_true", help="with --write and --no-ktp, rewrite the receipt "
                    "maps only (the KTP maps stay as written)")
    args = ap.parse_args()
    if args.write and args.no_ktp and not args.receipt_only:
        ap.error("--write rewrites every map, the KTP ones too: it needs the KTP fit (drop --no-ktp, or add "
                 "--receipt-only)")

    with raw_confidences():
        sets = {name: read_documents(args.datasets / name, mode="text") for name in FIT_SETS + SCORE_ONLY}
    fit_docs = [d for name in FIT_SETS for d in sets[name] if half(d) == "fit"]
    held_docs = [d for name in FIT_SETS for d in sets[name] if half(d) == "held"]
    formats_fit, formats_held, blind = _format_sets(args.formats, set(filter(None, args.held_out.split(","))))
    fit_docs += [d for docs in formats_fit.values() for d in docs]
    knots = {fam: fit_isotonic(p) for fam, p in sorted(pairs_by_family(fit_docs).items())}
    apply = mapper(knots)

    print(f"fitting half: {len(fit_docs)} documents, held apart: {len(held_docs)}")
    print(f"{'documents':34} {'ECE raw':>8} {'ECE cal':>8} {'P@0.9 raw':>10} {'P@0.9 cal':>10}")
    rows = [("held-apart half", held_docs), ("fitting half", fit_docs),
            *((f"{name} (all)", docs) for name, docs in sets.items()),
            *((f"{name} (held apart)", docs) for name, docs in formats_held.items()),
            *((f"{name} (held out)", docs) for name, docs in blind.items())]
    for label, docs in rows:
        (e0, p0, n0), (e1, p1, n1) = scores(docs), scores(docs, apply)
        print(f"{label:34} {e0:8.3f} {e1:8.3f} {p0:6.3f} ({n0:4}) {p1:6.3f} ({n1:4})")

    # The method, cross-validated by merchant: fitted on K-1 folds, scored on the fold left out.
    for name in FIT_SETS:
        for label, hook in (("raw", None), ("refitted per fold", _fit_from_training)):
            cv = cross_validate(sets[name], args.folds, "merchant", fit=hook)
            print(f"{name}: {args.folds}-fold by merchant, {label}: ECE mean {cv.mean_ece or 0:.3f} worst "
                  f"{cv.worst_ece or 0:.3f}; P@0.9 mean {cv.mean_p90 or 0:.3f} worst {cv.worst_p90 or 0:.3f}")

    ktp_knots: dict[str, Banded] = {}
    if not args.no_ktp:
        with tempfile.TemporaryDirectory() as tmp:
            fit_cards = ktp_cards(KTP_FIT_SEED, Path(tmp))
            ktp_knots = {fam: fit_banded(p, KTP_BANDS) for fam, p in sorted(pairs_by_family(fit_cards).items())}
            held = {f"hard cards, seed {s}": ktp_cards(s, Path(tmp)) for s in KTP_HELD_SEEDS}
        with raw_confidences():
            held["samples/ktp, image"] = read_documents(ROOT / "samples" / "ktp", mode="image")
            held["samples/ktp, text"] = read_documents(ROOT / "samples" / "ktp", mode="text")
        ktp_apply = mapper(ktp_knots)
        print(f"KTP: fitted on {len(fit_cards)} hard cards (seed {KTP_FIT_SEED}), bands {KTP_BANDS}")
        for label, docs in [(f"hard cards, seed {KTP_FIT_SEED} (fitting)", fit_cards), *held.items()]:
            (e0, p0, n0), (e1, p1, n1) = scores(docs), scores(docs, ktp_apply)
            print(f"{label:34} {e0:8.3f} {e1:8.3f} {p0:6.3f} ({n0:4}) {p1:6.3f} ({n1:4})")

    if args.write:
        lines = [OUT.read_text(encoding="utf-8").split("\n[fields]")[0].rstrip(), "", "[fields]"]
        for doc_type, fields in FAMILIES.items():
            lines += [f'"{doc_type}.{f}" = "{fam}"' for f, fam in fields.items()]
        lines += ["", "[maps]"]
        if args.ktp_only:  # the receipt families' lines as they stand
            written = OUT.read_text(encoding="utf-8").split("\n[maps]\n")[1].splitlines()
            lines += [line for line in written if line.strip() and not line.startswith("ktp_")]
        else:
            lines += [f"{fam}.knots = [{', '.join(f'[{r}, {p}]' for r, p in k)}]" for fam, k in knots.items()]
        if args.receipt_only:  # the KTP families' lines as they stand
            written = OUT.read_text(encoding="utf-8").split("\n[maps]\n")[1].splitlines()
            lines += [line for line in written if line.startswith("ktp_")]
        for fam, banded in ktp_knots.items():
            parts = [f"{{range = [{lo}, {hi}], knots = [{', '.join(f'[{r}, {p}]' for r, p in k)}]}}"
                     for (lo, hi), k in banded if k]
            lines += [f"{fam}.bands = [{', '.join(parts)}]"]
        OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


def _format_sets(folder: Path | None, held_out: set[str]) -> tuple[dict[str, list[Doc]], ...]:
    """The invented sets of ``folder`` read with raw confidences: those fitted on and those held
    apart (by the hash of the set's name, so that no writer's receipts are on both sides), and the
    blind sets ``held_out`` (never fitted on, only scored)."""
    fit: dict[str, list[Doc]] = {}
    held: dict[str, list[Doc]] = {}
    blind: dict[str, list[Doc]] = {}
    if folder is None:
        return fit, held, blind
    for path in sorted(p for p in folder.iterdir() if (p / "items").is_dir()):
        with raw_confidences():
            docs = read_documents(path, mode="text")
        side = blind if path.name in held_out else \
            fit if int(hashlib.sha256(path.name.encode()).hexdigest(), 16) % 2 == 0 else held
        side[path.name] = docs
    return fit, held, blind


def _fit_from_training(train: Sequence[tuple[object, dict[str, object]]]) -> Callable[[str, float], float]:
    """The CV hook: fit on the training folds' (record, truth) pairs; maps (field, raw) on the
    fold left out."""
    docs = []
    for record, gt in train:
        outcomes, _ = score_document("", gt, record)
        docs.append(Doc("", gt, record, None, outcomes, None))
    apply = mapper({fam: fit_isotonic(p) for fam, p in pairs_by_family(docs).items()})
    field_family = {f: fam for fields in FAMILIES.values() for f, fam in fields.items()}
    return lambda field, raw: apply(field_family[field], raw) if field in field_family else raw


if __name__ == "__main__":
    sys.exit(main())
