"""Document parsers: one module per document type, with its knowledge in a TOML file beside it.

The registry maps a document type to its parse function. A new type (SIM, NPWP card, STNK) is
``parsers/<doc>.py`` + ``parsers/<doc>.toml`` + one line here, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from idextract.records import Document

from .ktp import Ktp, parse_ktp
from .receipt import Receipt, ReceiptItem, parse_receipt

__all__ = ["PARSERS", "Ktp", "Receipt", "ReceiptItem", "get_parser", "parse_ktp", "parse_receipt"]

PARSERS: dict[str, Callable[..., Document]] = {
    "ktp": parse_ktp,
    "receipt": parse_receipt,
}


def get_parser(doc_type: str) -> Callable[..., Any]:
    """The parse function for ``doc_type``; KeyError names the known types."""
    try:
        return PARSERS[doc_type]
    except KeyError:
        raise KeyError(f"unknown document type {doc_type!r}; known: {sorted(PARSERS)}") from None
