"""The embedded OCR engine itself: rapidocr's bundled models on onnxruntime or OpenVINO, built
once per process (and per thread count) and shared by every :class:`~idextract.ocr.rapid.RapidOCR`.

Why these settings (measured on this kind of 2-core machine, README "OCR runtimes"):

- onnxruntime by default; OpenVINO by choice (``runtime=`` or ``$IDEXTRACT_OCR_RUNTIME``), in
  f32: the same text, faster, more memory;
- 2 threads (1 thread is ~1.8x slower), or ``$IDEXTRACT_OCR_THREADS`` (batch workers use 1);
- on onnxruntime, denormal floats flushed to zero and the recogniser on the memory arena: 8% and
  5% faster, the same text (see :func:`_build_engine`);
- only the bundled default models: asking for another model type, version or language makes
  rapidocr download at the first call.

How the engine reads a page (size caps, strips, the detector's scale, the upside-down vote) is
:mod:`idextract.ocr.rapid`.
"""

from __future__ import annotations

import os

# onnxruntime >= 1.29 sends telemetry unless this is set before it is first imported. This module
# may be imported on its own (not through idextract/__init__), so set it here too, before anything
# below can pull onnxruntime in.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import importlib.util  # noqa: E402
import logging  # noqa: E402
import threading  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from typing import Any  # noqa: E402

from ..errors import OcrError, OcrUnavailableError  # noqa: E402

__all__ = ["ENGINE_PARAMS", "PRECISIONS", "PRECISION_ENV", "RUNTIMES", "RUNTIME_ENV", "THREADS_ENV",
           "default_precision", "default_runtime", "default_threads", "engine_params", "get_engine"]

log = logging.getLogger(__name__)

#: The runtimes that can run the bundled models, and the module each needs.
RUNTIMES = {"onnxruntime": "onnxruntime", "openvino": "openvino"}
#: Chooses the runtime when the caller does not (``onnxruntime`` or ``openvino``).
RUNTIME_ENV = "IDEXTRACT_OCR_RUNTIME"
#: Chooses the engine's threads when the caller does not (a batch worker sets it to 1).
THREADS_ENV = "IDEXTRACT_OCR_THREADS"
#: OpenVINO's arithmetic: ``f32`` (the default: the same text as onnxruntime) or ``bf16``
#: (faster on CPUs with bf16 units, OpenVINO's own default there, but the text differs on most
#: photos and 0.6% fewer fields are right: README "OCR runtimes").
PRECISION_ENV = "IDEXTRACT_OCR_PRECISION"
PRECISIONS = ("bf16", "f32")
# The bundled models, named by path: any other model type, version or language would make
# rapidocr download at the first call (and fail offline); for OpenVINO its default is an IR
# model from the network, so the path is what keeps every runtime on the wheel's files.
_MODELS = {"Det": "PP-OCRv6_det_small.onnx", "Rec": "PP-OCRv6_rec_small.onnx",
           "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx"}
#: Parameters of the shared rapidocr engine, whatever the runtime.
ENGINE_PARAMS: dict[str, Any] = {
    "Global.use_cls": False,
    # "error", not "warning": rapidocr logs a warning for every image without text, through its
    # own stderr handler (it does not propagate to the logging tree).
    "Global.log_level": "error",
}

_engines: dict[tuple[str, int], Any] = {}
_engine_lock = threading.Lock()


def default_runtime() -> str:
    """``$IDEXTRACT_OCR_RUNTIME`` if set, else onnxruntime.

    OpenVINO reads the same models in 0.86 of the time here with the same words, but holds 0.2-0.65 GB
    more memory while it reads, which puts the largest accepted inputs past the 1.2 GB the
    library promises (README "OCR runtimes"): it is the option for callers who prefer speed.
    """
    chosen = os.environ.get(RUNTIME_ENV, "").strip().lower()
    return chosen or "onnxruntime"


def default_threads() -> int:
    """``$IDEXTRACT_OCR_THREADS`` if set, else 2 (1 thread is ~1.8x slower; more than the
    process's cores only adds contention)."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2))


def engine_params(runtime: str, threads: int) -> dict[str, Any]:
    """rapidocr's parameters for ``runtime`` with ``threads`` threads, on the bundled models."""
    import rapidocr
    from rapidocr import EngineType

    folder = os.path.join(os.path.dirname(rapidocr.__file__), "models")
    params = dict(ENGINE_PARAMS)
    for part, file in _MODELS.items():
        params[f"{part}.model_path"] = os.path.join(folder, file)
        params[f"{part}.engine_type"] = EngineType(runtime)
    if runtime == "openvino":
        params["EngineConfig.openvino.inference_num_threads"] = threads
        # Pinned threads of two 1-thread batch workers were seen on the same core.
        params["EngineConfig.openvino.enable_cpu_pinning"] = False
    else:
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
    return params


def default_precision() -> str:
    """``$IDEXTRACT_OCR_PRECISION`` if it names one of :data:`PRECISIONS`, else ``f32``."""
    chosen = os.environ.get(PRECISION_ENV, "").strip().lower()
    return chosen if chosen in PRECISIONS else "f32"


@contextmanager
def _openvino_hints(hints: dict[str, str]) -> Iterator[None]:
    """Add ``hints`` to the CPU properties rapidocr compiles its OpenVINO models with.

    rapidocr passes only thread and scheduling settings, and OpenVINO computes in bf16 by
    default on CPUs that have bf16 units: different text from the same models on 9 of 12 photos.
    Patched only while the engine is built (under the engine lock); without the internal it
    patches, the engine keeps OpenVINO's defaults.
    """
    try:
        from rapidocr.inference_engine.openvino import device_config
    except ImportError:  # pragma: no cover - another rapidocr layout
        yield
        return
    original = device_config.CPUConfig.get_config

    def get_config(self: Any) -> dict[str, Any]:
        return {**original(self), **hints}

    device_config.CPUConfig.get_config = get_config  # type: ignore[method-assign]
    try:
        yield
    finally:
        device_config.CPUConfig.get_config = original  # type: ignore[method-assign]


@contextmanager
def _onnxruntime_config(entries: dict[str, str]) -> Iterator[None]:
    """Add session config ``entries`` to the onnxruntime sessions rapidocr creates meanwhile.

    rapidocr sets threads, the arena and the graph optimisation only. Patched only while the
    engine is built (under the engine lock); without the internal it patches, the sessions keep
    onnxruntime's defaults.
    """
    try:
        from rapidocr.inference_engine.onnxruntime.main import OrtInferSession
    except ImportError:  # pragma: no cover - another rapidocr layout
        yield
        return
    original = OrtInferSession._init_sess_opts

    def init_sess_opts(cfg: Any) -> Any:
        options = original(cfg)
        for key, value in entries.items():
            options.add_session_config_entry(key, value)
        return options

    OrtInferSession._init_sess_opts = staticmethod(init_sess_opts)  # type: ignore[method-assign]
    try:
        yield
    finally:
        OrtInferSession._init_sess_opts = staticmethod(original)  # type: ignore[method-assign]


def _build_engine(runtime: str, threads: int) -> Any:
    """A rapidocr engine on ``runtime``; for OpenVINO with every model compiled here, with the
    chosen precision (rapidocr would otherwise compile them lazily, on first use)."""
    from rapidocr import RapidOCR as _Engine

    if runtime != "openvino":
        ort_engine: Any = _Engine(params=engine_params(runtime, threads))
        # Denormal floats flushed to zero: 8% faster on andre photos, the same text and boxes on
        # 101 photos and cards (subnormal activations are far below what changes a character).
        with _onnxruntime_config({"session.set_denormal_as_zero": "1"}):
            _load_models(ort_engine)
        return ort_engine
    with _openvino_hints({"INFERENCE_PRECISION_HINT": default_precision()}):
        engine: Any = _Engine(params=engine_params(runtime, threads))
        engine._load_det_model()
        engine._load_rec_model()
        engine._load_cls_model()
    return engine


def _load_models(engine: Any) -> None:
    """Load an onnxruntime engine's models now (rapidocr would load them on first use), the
    recogniser on onnxruntime's memory arena."""
    try:  # internals: without them every model keeps rapidocr's settings
        engine._load_det_model()
        engine._load_cls_model()
        # The recogniser runs a page's runs in dozens of small batches: on onnxruntime's memory
        # arena it does not allocate each one anew (5% faster). The detector stays off the arena,
        # which would keep a large page's buffers for the life of the process (a 40 MP PNG peaked
        # at 1.27 GB with the arena on for every model, 0.97-0.99 GB with it on for the recogniser).
        engine.cfg.EngineConfig.onnxruntime.enable_cpu_mem_arena = True
        engine._load_rec_model()
    except AttributeError:  # pragma: no cover - another rapidocr layout
        log.debug("rapidocr's model loaders not found: the recogniser's arena stays off")


def get_engine(runtime: str, threads: int) -> Any:
    """The process-wide rapidocr engine for ``runtime`` and ``threads``, created on first use
    (imports rapidocr lazily)."""
    key = (runtime, threads)
    engine = _engines.get(key)
    if engine is None:
        with _engine_lock:
            engine = _engines.get(key)
            if engine is None:
                if importlib.util.find_spec("rapidocr") is None:
                    raise OcrUnavailableError("the embedded OCR engine is not installed: pip install rapidocr")
                try:
                    engine = _build_engine(runtime, threads)
                except Exception as exc:  # noqa: BLE001 - any setup failure is an OcrError
                    raise OcrError(f"rapidocr could not be initialised ({type(exc).__name__})") from exc
                _engines[key] = engine
    return engine
