"""Hash every record the parsers make from the dev sets and the samples (text mode, no OCR).

    python tests/record_hash.py [--datasets ../shared/datasets] [--diff BEFORE.json] [--save OUT.json]

A restructuring commit must leave this hash unchanged: run it before and after and compare. With
``--save`` the per-document hashes are written to a file; ``--diff`` compares the current run
with such a file and lists the documents whose record changed (ids only: the records of the
shared sets hold personal data and stay out of the output). ``today`` is fixed, so the output
does not depend on the date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

from idextract import parse
from idextract.ocr.base import OcrResult

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 1, 1)


def sources(datasets: Path) -> list[tuple[str, str, Path]]:
    """(set name, doc type, ocr.json path) for every document that has OCR input."""
    found = []
    for name, folder in [("samples/receipts", ROOT / "samples" / "receipts"), ("samples/ktp", ROOT / "samples" / "ktp"),
                         *((f"datasets/{d.name}", d) for d in sorted(datasets.iterdir()) if d.is_dir())]:
        for path in sorted((folder / "items").glob("*.ocr.json")):
            gt = path.with_name(path.name.replace(".ocr.json", ".gt.json"))
            doc_type = json.loads(gt.read_text()).get("doc_type", "receipt") if gt.exists() else "receipt"
            found.append((name, doc_type, path))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    ap.add_argument("--save", type=Path, help="write per-document hashes here")
    ap.add_argument("--diff", type=Path, help="compare with per-document hashes saved earlier")
    args = ap.parse_args()

    per_doc: dict[str, str] = {}
    per_set: dict[str, hashlib._Hash] = {}
    for set_name, doc_type, path in sources(args.datasets):
        record = parse(OcrResult.model_validate_json(path.read_text()), doc_type, today=TODAY)
        digest = hashlib.sha256(record.model_dump_json().encode()).hexdigest()
        per_doc[f"{set_name}/{path.name.removesuffix('.ocr.json')}"] = digest
        per_set.setdefault(set_name, hashlib.sha256()).update(digest.encode())
    overall = hashlib.sha256("".join(per_doc.values()).encode()).hexdigest()
    for set_name, h in per_set.items():
        count = sum(1 for key in per_doc if key.startswith(set_name + "/"))
        print(f"{set_name:28} {count:5} records  {h.hexdigest()[:16]}")
    print(f"{'all':28} {len(per_doc):5} records  {overall[:16]}")
    if args.save:
        args.save.write_text(json.dumps(per_doc, indent=0, sort_keys=True))
    if args.diff:
        before = json.loads(args.diff.read_text())
        changed = sorted(k for k in per_doc.keys() | before.keys() if per_doc.get(k) != before.get(k))
        print(f"{len(changed)} records differ from {args.diff}")
        for key in changed[:50]:
            print(f"  {key}")
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
