"""idextract: photos of Indonesian receipts and KTP cards to validated, typed records.

The names below are imported on first use, so that a toolkit module (``idextract.money``,
``idextract.dates``, ``idextract.layout``) can be imported without the parsers, the OCR backends,
Pillow or requests.
"""

import importlib as _importlib
import os as _os
from typing import TYPE_CHECKING, Any

# onnxruntime >= 1.29 sends telemetry unless this is set before it is first imported; the
# embedded OCR engine imports it, so set it here, ahead of everything else.
_os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

if TYPE_CHECKING:
    from .api import extract, extract_ktp, extract_receipt, parse, parse_ktp, parse_receipt
    from .errors import IdextractError, InputError
    from .parsers.ktp import Ktp
    from .parsers.receipt import Receipt, ReceiptItem
    from .records import Box, Check, Document, Extracted, OcrResult, OcrWord

# Where each public name lives.
_WHERE = {
    "Box": ".records",
    "Check": ".records",
    "Document": ".records",
    "Extracted": ".records",
    "IdextractError": ".errors",
    "InputError": ".errors",
    "Ktp": ".parsers.ktp",
    "OcrResult": ".records",
    "OcrWord": ".records",
    "Receipt": ".parsers.receipt",
    "ReceiptItem": ".parsers.receipt",
    "extract": ".api",
    "extract_ktp": ".api",
    "extract_receipt": ".api",
    "parse": ".api",
    "parse_ktp": ".api",
    "parse_receipt": ".api",
}

__all__ = sorted(_WHERE)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'idextract' has no attribute {name!r}")
    value = getattr(_importlib.import_module(module, __name__), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
