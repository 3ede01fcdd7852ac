"""OCR backends and their registry.

A backend is anything with ``name``, ``is_available()`` and ``ocr(image) -> OcrResult`` (see
:class:`~idextract.ocr.base.OcrBackend`). Backends are looked up by name::

    get_backend()            # $IDEXTRACT_OCR, else "rapidocr"
    get_backend("rapidocr")  # the same instance every time: models load once per process
    get_backend(my_backend)  # an instance passes through

New backends join with ``register(name, factory)``, where ``factory`` takes no argument and
returns a backend (a class works). Nothing heavy is imported here: the embedded engine's module
is imported on first use, and onnxruntime only on the first OCR call.

The registered backends:

====================  ========================  ===========================================
name                  class                     needs
====================  ========================  ===========================================
rapidocr              :class:`RapidOCR`         nothing (the default; models in the wheel)
rapidocr-onnxruntime  :class:`RapidOCR`         the same engine on onnxruntime
rapidocr-openvino     :class:`RapidOCR`         the same engine on OpenVINO
                                                (``pip install "idextract[openvino]"``)
neosantara            :class:`NeosantaraOCR`    ``$NEOSANTARA_API_KEY`` (the hosted DeepSeek
                                                OCR API)
deepseek              :class:`OpenAIChatOCR`    a DeepSeek-OCR server (vLLM, SGLang,
                                                llama.cpp) at ``$IDEXTRACT_DEEPSEEK_URL``
                                                (default ``http://localhost:8000/v1``)
tesseract             :class:`TesseractOCR`     ``pip install "idextract[tesseract]"``
====================  ========================  ===========================================

Plain ``rapidocr`` runs on ``$IDEXTRACT_OCR_RUNTIME`` if set, else on onnxruntime (README "OCR
runtimes" has the comparison).

A backend that cannot run here makes :func:`get_backend` raise
:class:`~idextract.errors.OcrUnavailableError`, whose message says what to install or set (the
backend's ``install_hint``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import InputError, OcrUnavailableError
from .base import OcrBackend, OcrResult, OcrWord

if TYPE_CHECKING:
    from .neosantara import NeosantaraOCR
    from .openai_chat import OpenAIChatOCR
    from .rapid import RapidOCR
    from .tesseract import TesseractOCR

__all__ = [
    "NeosantaraOCR",
    "OcrBackend",
    "OcrResult",
    "OcrWord",
    "OpenAIChatOCR",
    "RapidOCR",
    "TesseractOCR",
    "available_backends",
    "get_backend",
    "register",
]

#: The environment variable naming the default backend.
ENV_VAR = "IDEXTRACT_OCR"
DEFAULT_BACKEND = "rapidocr"

_factories: dict[str, Callable[[], OcrBackend]] = {}
_instances: dict[str, OcrBackend] = {}
_lock = threading.RLock()  # re-entrant: a factory may register() another backend


def register(name: str, factory: Callable[[], OcrBackend]) -> None:
    """Make ``factory()`` the backend called ``name`` (case-insensitive); replaces any earlier one."""
    key = _key(name)
    if not key:
        raise ValueError("a backend name cannot be empty")
    if not callable(factory):
        raise TypeError("factory must be callable (a class or a function returning a backend)")
    with _lock:
        _factories[key] = factory
        _instances.pop(key, None)  # a replaced backend must not be served from the cache


def get_backend(spec: str | OcrBackend | None = None) -> OcrBackend:
    """The backend ``spec`` names (``None``: ``$IDEXTRACT_OCR`` or ``"rapidocr"``).

    An object that already is a backend is returned as is. Named backends are built once and
    cached, so their models load once per process. Raises
    :class:`~idextract.errors.InputError` (``invalid_parameter``) for an unknown name and
    :class:`~idextract.errors.OcrUnavailableError` when the backend is not installed here.
    """
    if spec is None:
        spec = os.environ.get(ENV_VAR, "").strip() or DEFAULT_BACKEND
    if not isinstance(spec, str):
        if isinstance(spec, OcrBackend):
            return spec
        raise InputError(
            f"an OCR backend is a name or an object with name, is_available() and ocr(); got "
            f"{type(spec).__name__}",
            code="invalid_parameter_type",
            param="ocr",
        )
    key = _key(spec)
    with _lock:
        cached = _instances.get(key)
        if cached is not None:
            return cached
        factory = _factories.get(key)
        if factory is None:
            known = ", ".join(sorted(_factories))
            raise InputError(
                f"unknown OCR backend {spec[:40]!r}; known backends: {known}",
                code="invalid_parameter",
                param="ocr",
            )
        backend = factory()
        if not backend.is_available():
            hint = getattr(backend, "install_hint", None)
            raise OcrUnavailableError(
                f"the OCR backend {key!r} is not installed on this machine" + (f": {hint}" if hint else "")
            )
        _instances[key] = backend
        return backend


def available_backends() -> list[str]:
    """The registered backend names that can run on this machine, sorted."""
    with _lock:
        names = sorted(_factories)
    usable = []
    for name in names:
        try:
            get_backend(name)
        except Exception:  # noqa: BLE001 - a backend that cannot be built is not available
            continue
        usable.append(name)
    return usable


def _key(name: str) -> str:
    return name.strip().lower()


def _rapidocr(runtime: str | None = None) -> OcrBackend:
    from .rapid import RapidOCR

    return RapidOCR(runtime=runtime)


def _neosantara() -> OcrBackend:
    from .neosantara import NeosantaraOCR

    return NeosantaraOCR()  # raises OcrUnavailableError without an API key


def _deepseek() -> OcrBackend:
    from .openai_chat import OpenAIChatOCR

    return OpenAIChatOCR()


def _tesseract() -> OcrBackend:
    from .tesseract import TesseractOCR

    return TesseractOCR()


# The backend classes are exported lazily: importing idextract must stay light (no Pillow, no
# numpy, no requests session, no tesserocr).
_LAZY = {
    "NeosantaraOCR": "neosantara",
    "OpenAIChatOCR": "openai_chat",
    "RapidOCR": "rapid",
    "TesseractOCR": "tesseract",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{module}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


register(DEFAULT_BACKEND, _rapidocr)
# The embedded engine on a named runtime (the plain name uses $IDEXTRACT_OCR_RUNTIME or the default).
register("rapidocr-onnxruntime", lambda: _rapidocr("onnxruntime"))
register("rapidocr-openvino", lambda: _rapidocr("openvino"))
register("neosantara", _neosantara)
register("deepseek", _deepseek)
register("tesseract", _tesseract)
