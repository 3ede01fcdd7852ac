"""``python -m idextract``: receipts and KTP cards from the command line.

    python -m idextract receipt IMAGE [--json] [--annotated OUT.png] [--engine NAME] [--allow-private-urls]
    python -m idextract ktp IMAGE [--json] [--annotated OUT.png] [--mask-pii] [--engine NAME] [--allow-private-urls]

IMAGE is a path, an http(s) URL, a base64 string or a data: URL.
    python -m idextract demo
    python -m idextract evaluate DIR [--type receipt|ktp] [--mode text|image] [--folds K --group-by KEY]

Errors from bad input exit with status 2 and a one-line message, no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .api import extract_ktp, extract_receipt
from .evaluate import add_arguments as add_evaluate_arguments
from .evaluate import run_cli as run_evaluate
from .errors import IdextractError
from .parsers.ktp import PII_FIELDS
from .money import format_money
from .records import Document, Extracted

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "receipts" / "items" / "transfer-bni-photo.jpg"


def _fmt(value: Any, currency: str | None) -> str:
    from decimal import Decimal

    if isinstance(value, Decimal) and currency:
        try:
            return format_money(value, currency)
        except Exception:  # an unknown currency code: print the number
            return str(value)
    return "" if value is None else str(value)


def render_table(record: Document, *, mask_pii: bool = False) -> str:
    """The record's fields, confidences and checks as a plain-text table."""
    currency = getattr(getattr(record, "currency", None), "value", None)
    lines = [f"{'field':20} {'value':40} {'conf':>5}", "-" * 67]
    for name, field in record.fields():
        if field.found:
            shown = _fmt(field.value, currency)
            if mask_pii and name in PII_FIELDS:
                shown = PII_FIELDS[name](shown)
            lines.append(f"{name:20} {shown[:40]:40} {field.confidence:5.2f}")
    items = getattr(record, "items", None) or []
    if items:
        lines.append("")
        lines.append(f"{'item':34} {'qty':>5} {'price':>13} {'conf':>5}")
        for it in items:
            item_name: Extracted[Any] = it.name
            qty = "" if it.quantity.value is None else f"{it.quantity.value.normalize():f}"
            lines.append(
                f"{str(item_name.value)[:34]:34} {qty:>5} {_fmt(it.total_price.value, currency):>13} "
                f"{it.total_price.confidence:5.2f}"
            )
    if record.checks:
        lines.append("")
        for check in record.checks:
            lines.append(f"check {check.name:34} {check.status:5} {check.detail}")
    for warning in record.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(lines)


def _receipt(path: str, *, as_json: bool, annotated: str | None, engine: str | None, private: bool) -> int:
    record = extract_receipt(path, ocr=engine, annotated=annotated is not None or not as_json,
                             allow_private_urls=private)
    if as_json:
        print(record.model_dump_json(indent=2))
    else:
        print(render_table(record))
    if annotated:
        out = record.save_annotated(annotated)
        print(f"annotated image: {out}", file=sys.stderr if as_json else sys.stdout)
    return 0


def _ktp(path: str, *, as_json: bool, annotated: str | None, engine: str | None, mask_pii: bool,
         private: bool) -> int:
    record = extract_ktp(path, ocr=engine, annotated=annotated is not None, mask_pii=mask_pii,
                         allow_private_urls=private)
    if as_json:
        data = record.model_dump(mode="json")
        if mask_pii:
            for name, mask in PII_FIELDS.items():
                if data[name]["value"] is not None:
                    data[name].update(value=mask(data[name]["value"]), raw=None)
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(render_table(record, mask_pii=mask_pii))
    if annotated:
        out = record.save_annotated(annotated)
        print(f"annotated image: {out}", file=sys.stderr if as_json else sys.stdout)
    return 0


def _demo(engine: str | None) -> int:
    if not SAMPLE.exists():
        print(f"idextract: the demo sample is missing ({SAMPLE}); run from a source checkout", file=sys.stderr)
        return 2
    print(f"reading {SAMPLE.name} with the embedded OCR engine...")
    record = extract_receipt(SAMPLE, ocr=engine)
    print(render_table(record))
    out = Path(tempfile.gettempdir()) / "idextract-demo-annotated.png"
    record.save_annotated(out)
    print(f"\nannotated image: {out}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="idextract", description="Indonesian receipts and KTP cards to records")
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("receipt", help="read a receipt or transfer slip")
    ktp = sub.add_parser("ktp", help="read the front of an e-KTP identity card")
    for command in (rec, ktp):
        command.add_argument("path", metavar="IMAGE", help="a path, an http(s) URL, base64 or a data: URL")
        command.add_argument("--json", action="store_true", help="print the record as JSON")
        command.add_argument("--annotated", metavar="OUT.png", help="write the annotated image here")
        command.add_argument("--engine", help="OCR engine (default: $IDEXTRACT_OCR or rapidocr)")
        command.add_argument("--allow-private-urls", action="store_true",
                             help="let a URL reach loopback or private addresses (refused by default)")
    ktp.add_argument("--mask-pii", action="store_true", help="mask the NIK and name in output and image")
    demo = sub.add_parser("demo", help="read the bundled sample receipt")
    demo.add_argument("--engine", help="OCR engine")
    evaluate = sub.add_parser("evaluate", help="score the library on a folder in the common dataset layout")
    add_evaluate_arguments(evaluate)
    args = parser.parse_args(argv)
    try:
        if args.command == "receipt":
            return _receipt(args.path, as_json=args.json, annotated=args.annotated, engine=args.engine,
                            private=args.allow_private_urls)
        if args.command == "ktp":
            return _ktp(args.path, as_json=args.json, annotated=args.annotated, engine=args.engine,
                        mask_pii=args.mask_pii, private=args.allow_private_urls)
        if args.command == "evaluate":
            return run_evaluate(args)
        return _demo(args.engine)
    except IdextractError as exc:
        print(f"idextract: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
