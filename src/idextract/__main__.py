"""``python -m idextract``: documents from the command line, one subcommand per installed type.

    python -m idextract TYPE IMAGE [--json] [--annotated OUT.png] [--mask-pii] [--engine NAME] [--allow-private-urls]
    python -m idextract types
    python -m idextract demo [TYPE] [--engine NAME]
    python -m idextract evaluate DIR [--type TYPE] [--mode text|image] [--folds K --group-by KEY]
    python -m idextract batch DIR|GLOB|- --type TYPE --out results.jsonl [--csv items.csv] [--workers N]

TYPE is an installed document type (``receipt``, ``ktp`` and any a plugin registers, see
:mod:`idextract.doctypes`); IMAGE is a path, an http(s) URL, a base64 string or a data: URL.
``--mask-pii`` masks the type's personal fields in the output and in the annotated image.

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

from .api import extract
from .doctypes import DocumentType, document_types, get_document_type
from .errors import IdextractError
from .evaluate import add_arguments as add_evaluate_arguments
from .evaluate import run_cli as run_evaluate
from .money import format_money
from .records import Document, Extracted


def _fmt(value: Any, currency: str | None) -> str:
    from decimal import Decimal

    if isinstance(value, Decimal) and currency:
        try:
            return format_money(value, currency)
        except Exception:  # an unknown currency code: print the number
            return str(value)
    return "" if value is None else str(value)


def render_table(record: Document, *, mask: DocumentType | None = None) -> str:
    """The record's fields, confidences and checks as a plain-text table; with ``mask``, that
    type's personal fields are shown masked."""
    currency = getattr(getattr(record, "currency", None), "value", None)
    lines = [f"{'field':20} {'value':40} {'conf':>5}", "-" * 67]
    for name, field in record.fields():
        if field.found:
            shown = _fmt(field.value, currency)
            if mask is not None:
                shown = mask.mask(name, shown)
            lines.append(f"{name:20} {shown[:40]:40} {field.confidence:5.2f}")
    # Line items shaped like a receipt's (name, quantity, total_price); other lists are in --json.
    items = [it for it in getattr(record, "items", None) or []
             if all(isinstance(getattr(it, f, None), Extracted) for f in ("name", "quantity", "total_price"))]
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


def _read(kind: DocumentType, path: str, *, as_json: bool, annotated: str | None, engine: str | None,
          mask_pii: bool, private: bool) -> int:
    record = extract(path, kind.name, ocr=engine, annotated=annotated is not None, mask_pii=mask_pii,
                     allow_private_urls=private)
    if as_json and mask_pii and kind.personal_fields:
        print(json.dumps(kind.masked_dump(record), indent=2, ensure_ascii=False))
    elif as_json:
        print(record.model_dump_json(indent=2))
    else:
        print(render_table(record, mask=kind if mask_pii else None))
    if annotated:
        out = record.save_annotated(annotated)
        print(f"annotated image: {out}", file=sys.stderr if as_json else sys.stdout)
    return 0


def _types() -> int:
    kinds = document_types()
    if not kinds:
        print("no document types installed (idextract's own register through its package metadata: reinstall it)")
        return 1
    for kind in kinds:
        personal = ", ".join(kind.personal_fields) or "none"
        print(f"{kind.name:12} {kind.description}")
        print(f"{'':12} record {kind.record.__module__}.{kind.record.__qualname__}; personal fields: {personal}")
    return 0


def _demo(name: str | None, engine: str | None) -> int:
    kinds = [get_document_type(name)] if name else list(document_types())
    samples = [(kind, kind.samples / kind.demo) for kind in kinds if kind.samples is not None and kind.demo]
    found = [(kind, path) for kind, path in samples if path.exists()]
    if not found:
        print("idextract: no demo sample found (the samples come with a source checkout)", file=sys.stderr)
        return 2
    kind, sample = found[0]
    print(f"reading {sample.name} with the embedded OCR engine...")
    record = extract(sample, kind.name, ocr=engine)
    print(render_table(record))
    out = Path(tempfile.gettempdir()) / "idextract-demo-annotated.png"
    record.save_annotated(out)
    print(f"\nannotated image: {out}")
    return 0


def _add_document_type(sub: Any, kind: DocumentType) -> None:
    command = sub.add_parser(kind.name, help=f"read {kind.description}")
    command.add_argument("path", metavar="IMAGE", help="a path, an http(s) URL, base64 or a data: URL")
    command.add_argument("--json", action="store_true", help="print the record as JSON")
    command.add_argument("--annotated", metavar="OUT.png", help="write the annotated image here")
    personal = " and ".join(kind.personal_fields) or "nothing (this type has no personal fields)"
    command.add_argument("--mask-pii", action="store_true", help=f"mask {personal} in output and image")
    command.add_argument("--engine", help="OCR engine (default: $IDEXTRACT_OCR or rapidocr)")
    command.add_argument("--allow-private-urls", action="store_true",
                         help="let a URL reach loopback or private addresses (refused by default)")


def main(argv: Sequence[str] | None = None) -> int:
    kinds = {kind.name: kind for kind in document_types()}
    parser = argparse.ArgumentParser(prog="idextract", description="Indonesian documents to typed records")
    sub = parser.add_subparsers(dest="command", required=True)
    for kind in kinds.values():
        _add_document_type(sub, kind)
    sub.add_parser("types", help="list the installed document types")
    demo = sub.add_parser("demo", help="read a bundled sample")
    demo.add_argument("type", nargs="?", choices=sorted(kinds), help="document type (default: the first one "
                      "with a demo sample)")
    demo.add_argument("--engine", help="OCR engine")
    evaluate = sub.add_parser("evaluate", help="score the library on a folder in the common dataset layout")
    add_evaluate_arguments(evaluate)
    batch = sub.add_parser("batch", help="read many documents to JSONL (a folder, a glob or paths on stdin)")
    from .batch_cli import add_arguments as add_batch_arguments  # batch's options live with its code

    add_batch_arguments(batch)
    from .server.cli import add_arguments as add_serve_arguments  # FastAPI is imported only when serve runs

    add_serve_arguments(sub)
    args = parser.parse_args(argv)
    try:
        if args.command in kinds:
            return _read(kinds[args.command], args.path, as_json=args.json, annotated=args.annotated,
                         engine=args.engine, mask_pii=args.mask_pii, private=args.allow_private_urls)
        if args.command == "types":
            return _types()
        if args.command == "evaluate":
            return run_evaluate(args)
        if args.command == "batch":
            from .batch_cli import run_cli as run_batch

            return run_batch(args)
        if args.command == "serve":
            from .server.cli import run as run_serve

            return run_serve(args)
        return _demo(args.type, args.engine)
    except IdextractError as exc:
        print(f"idextract: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
