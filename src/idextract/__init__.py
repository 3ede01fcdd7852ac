"""idextract: photos of Indonesian receipts and KTP cards to validated, typed records."""

import os as _os

# onnxruntime >= 1.29 sends telemetry unless this is set before it is first imported; the
# embedded OCR engine imports it, so set it here, ahead of everything else.
_os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from .api import extract, extract_ktp, extract_receipt, parse, parse_ktp, parse_receipt  # noqa: E402
from .errors import IdextractError, InputError  # noqa: E402
from .ocr.base import OcrResult, OcrWord  # noqa: E402
from .parsers.ktp import Ktp  # noqa: E402
from .parsers.receipt import Receipt, ReceiptItem  # noqa: E402
from .records import Box, Check, Document, Extracted  # noqa: E402

__all__ = [
    "Box",
    "Check",
    "Document",
    "Extracted",
    "IdextractError",
    "InputError",
    "Ktp",
    "OcrResult",
    "OcrWord",
    "Receipt",
    "ReceiptItem",
    "extract",
    "extract_ktp",
    "extract_receipt",
    "parse",
    "parse_ktp",
    "parse_receipt",
]
__version__ = "0.1.0"
