"""idextract: photos of Indonesian receipts and KTP cards to validated, typed records.

Document types are plugins (:mod:`idextract.doctypes`): ``extract(image, "ktp")`` and
``parse(text, "ktp")`` work for every installed type, ``document_types()`` lists them.

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
    from .api import extract as extract
    from .api import parse as parse
    from .doctypes import document_types as document_types
    from .errors import IdextractError as IdextractError
    from .errors import InputError as InputError
    from .parsers import extract_ktp as extract_ktp
    from .parsers import extract_receipt as extract_receipt
    from .parsers.ktp import parse_ktp as parse_ktp
    from .parsers.receipt import parse_receipt as parse_receipt
    from .records import Document as Document
    from .records import Extracted as Extracted
    from .records import OcrResult as OcrResult

# Where each public name lives. Twelve at most: every document type is reached through
# extract()/parse() and document_types() (the receipt and KTP shortcuts stay: the shared scorer
# uses them); record classes through their modules (idextract.parsers.receipt.Receipt,
# idextract.parsers.ktp.Ktp); Box, Check and OcrWord through idextract.records.
_WHERE = {
    "Document": ".records",
    "Extracted": ".records",
    "IdextractError": ".errors",
    "InputError": ".errors",
    "OcrResult": ".records",
    "document_types": ".doctypes",
    "extract": ".api",
    "extract_ktp": ".parsers",
    "extract_receipt": ".parsers",
    "parse": ".api",
    "parse_ktp": ".parsers.ktp",
    "parse_receipt": ".parsers.receipt",
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
