"""Document parsers: one module per document type, with its knowledge in a TOML file beside it.

The registry maps a document type to its parse function. A new type (SIM, NPWP card, STNK) is
``parsers/<doc>.py`` + ``parsers/<doc>.toml`` + one line here, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from idextract.errors import InputError
from idextract.records import Document

from .ktp import Ktp, parse_ktp
from .receipt import Receipt, ReceiptItem, parse_receipt

__all__ = ["PARSERS", "Ktp", "Receipt", "ReceiptItem", "get_parser", "parse_ktp", "parse_receipt"]

PARSERS: dict[str, Callable[..., Document]] = {
    "ktp": parse_ktp,
    "receipt": parse_receipt,
}


def get_parser(doc_type: str) -> Callable[..., Any]:
    """The parse function for ``doc_type``; an unknown type is an
    :class:`~idextract.errors.InputError` (``invalid_parameter``) naming the known ones."""
    parser = PARSERS.get(doc_type) if isinstance(doc_type, str) else None
    if parser is None:
        shown = repr(doc_type)[:40] if isinstance(doc_type, str) else type(doc_type).__name__
        raise InputError(f"unknown document type {shown}; known: {', '.join(sorted(PARSERS))}",
                         code="invalid_parameter", param="doc_type")
    return parser
