"""The embedded OCR backend: rapidocr (PP-OCRv6 small, models bundled in the wheel) on OpenVINO
or onnxruntime.

Why these settings (measured on this kind of 2-core machine, see
``shared/reference/embedded-ocr.md``):

- the per-line 0/180 degree classifier is off: it flips short number crops (``28000`` read as
  ``200``). Upside-down *pages* are caught instead by one cheap page-level vote of the same
  classifier over the widest text lines (~25 ms), and only a flipped page is read twice (the
  vote needs the engine's internals, so it lives here; the rest of the orientation handling,
  and the box rotation :mod:`idextract.ocr.rapid_words` uses, is in :mod:`idextract.orientation`);
- the long side is capped at 1600 px (a 12 MP photo otherwise takes ~3.4 s) and never upscaled;
- the detector scales a page's short side up to 736 px (rapidocr's default), or to what the
  document type asks (``detect_side``: receipts ask 512, their text being large for the paper;
  README "OCR runtimes");
- a strip (longer than 2.5 times its width: a long thermal receipt) keeps its width (capped at
  1600 px) and is read in overlapping tiles of at most 2:1 (:mod:`idextract.tiles`,
  :mod:`idextract.ocr.rapid_strips`): the detector scales a tile's short side up to 736 px, so
  a whole 1:30 strip cost 2.3 GB (a 1:1000 one 20 GB and more) and, shrunk to 1600 px long
  instead, its text was unreadable.

The engine itself (runtime, threads, models, session settings) is built once per process in
:mod:`idextract.ocr.rapid_engine` and shared by every :class:`RapidOCR` instance; its output
becomes words in :mod:`idextract.ocr.rapid_words`.
"""

from __future__ import annotations

import os

# onnxruntime >= 1.29 sends telemetry unless this is set before it is first imported. This module
# may be imported on its own (not through idextract/__init__), so set it here too, before anything
# below can pull onnxruntime in.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import importlib.util  # noqa: E402
import logging  # noqa: E402
import statistics  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

from ..errors import InputError, OcrError, OcrUnavailableError  # noqa: E402
from ..images import check_aspect, fit_for_ocr, is_strip  # noqa: E402
from .base import OcrResult  # noqa: E402
from .rapid_engine import (  # noqa: E402
    ENGINE_PARAMS,
    RUNTIMES,
    THREADS_ENV,
    default_runtime,
    default_threads,
    engine_params,
    get_engine,
)
from .rapid_strips import STRIP_WIDTH, read_strip  # noqa: E402
from .rapid_words import page_slope, to_words  # noqa: E402

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

# The engine's settings are re-exported: callers (batch, distributed, tests) know them from here.
__all__ = ["ENGINE_PARAMS", "RUNTIMES", "THREADS_ENV", "RapidOCR", "default_runtime", "default_threads",
           "engine_params"]

log = logging.getLogger(__name__)


# Page-level upside-down vote: the classifier is reliable on long text lines, not on short number
# crops, so only lines at least this many times wider than tall take part, and at most this many.
_VOTE_MIN_ASPECT = 3.0
_VOTE_MAX_LINES = 12
_VOTE_MIN_LINES = 3
_VOTE_MIN_SCORE = 0.9
# On 21 real receipt photos, upright pages had 0-1 of 12 lines voting "180" and flipped pages 7-11.

# rapidocr's __call__ mutates per-call state on the engine (update_params), and on 2 cores two
# concurrent calls only double the peak memory: run one image at a time per process.
_run_lock = threading.Lock()


class RapidOCR:
    """OCR with the embedded rapidocr engine; an :class:`~idextract.ocr.base.OcrBackend`.

    ``max_side`` caps the long side of the image the engine sees (boxes are always returned in
    the input image's pixels); a strip (longer than 2.5 times its width) keeps up to 3/4 of it
    as its width and is read in tiles (``meta["tiles"]``, 1 for a page). ``check_upside_down``
    turns the page-level 180 degree check on. Shapes beyond 1:40 raise ``InputError``.
    """

    name = "rapidocr"
    #: Runs on this machine: a document type may ask for a second read (:mod:`idextract.reread`).
    local = True
    #: The per-call options :meth:`ocr` takes (a document type's ``ocr_options`` are passed when
    #: named here).
    options = frozenset({"detect_side"})

    def __init__(
        self,
        *,
        max_side: int = 1600,
        check_upside_down: bool = True,
        runtime: str | None = None,
        threads: int | None = None,
    ) -> None:
        if max_side < 32:
            raise ValueError("max_side must be at least 32 px")
        runtime = (runtime or default_runtime()).strip().lower()
        if runtime not in RUNTIMES:
            raise InputError(f"unknown OCR runtime; known: {', '.join(sorted(RUNTIMES))}",
                             code="invalid_parameter", param="runtime")
        if threads is not None and (not isinstance(threads, int) or threads < 1):
            raise InputError("threads must be a positive integer", code="invalid_parameter", param="threads")
        if importlib.util.find_spec(RUNTIMES[runtime]) is None:
            raise OcrUnavailableError(f"the {runtime} runtime is not installed: pip install \"idextract[{runtime}]\"")
        self.max_side = max_side
        self.check_upside_down = check_upside_down
        self.runtime = runtime
        self.threads = threads or default_threads()

    def __repr__(self) -> str:
        return (f"RapidOCR(max_side={self.max_side}, check_upside_down={self.check_upside_down}, "
                f"runtime={self.runtime!r}, threads={self.threads})")

    @classmethod
    def is_available(cls) -> bool:
        """Whether rapidocr, OpenCV and onnxruntime are installed (imports none of them)."""
        return all(importlib.util.find_spec(m) is not None for m in ("rapidocr", "onnxruntime", "cv2"))

    def ocr(self, image: Image.Image, *, detect_side: int | None = None) -> OcrResult:
        """Read ``image`` (upright RGB); boxes are in its pixels. No text gives no words.

        ``detect_side``: the short side (px) the detector scales a smaller page up to (rapidocr's
        default, 736, when None); strips have their own (:mod:`idextract.ocr.rapid_strips`).
        """
        if detect_side is not None and (not isinstance(detect_side, int) or not 32 <= detect_side <= 4096):
            raise InputError("detect_side must be an integer from 32 to 4096", code="invalid_parameter",
                             param="detect_side")
        import numpy as np

        in_w, in_h = image.size
        check_aspect((in_w, in_h))  # an 8 x 100000 px strip would take thousands of tiles
        if image.mode != "RGB":
            image = image.convert("RGB")
        if is_strip(image.size):
            small, scale = fit_for_ocr(image, round(self.max_side * STRIP_WIDTH), strips=True)
        else:
            small, scale = fit_for_ocr(image, self.max_side)
        sw, sh = small.size
        # An ndarray goes straight to the model (rapidocr's own loader would also fetch URLs and
        # re-read EXIF); ndarrays must be in OpenCV's BGR order.
        bgr = np.ascontiguousarray(np.asarray(small)[:, :, ::-1])
        engine = get_engine(self.runtime, self.threads)

        start = time.perf_counter()
        warnings: list[str] = []
        rotated = False
        with _run_lock:
            out, tiles = self._read(engine, bgr, detect_side)
            if self.check_upside_down and self._looks_upside_down(engine, bgr, out):
                flipped, _ = self._read(engine, np.ascontiguousarray(bgr[::-1, ::-1]), detect_side)
                if _mean_score(flipped) > _mean_score(out):
                    out, rotated = flipped, True
                    warnings.append("the page was upside down: it was read rotated by 180 degrees")
        seconds = time.perf_counter() - start

        words = to_words(out, sx=in_w / sw, sy=in_h / sh, small=(sw, sh), size=(in_w, in_h), rotated=rotated)
        log.debug("rapidocr: %d words in %.2f s (scale %.3f, %d tiles)", len(words), seconds, scale, tiles)
        return OcrResult(
            engine=self.name,
            image_size=(in_w, in_h),
            words=words,
            warnings=warnings,
            meta={
                "scale": scale,
                "seconds": round(seconds, 3),
                "rotated_180": rotated,
                "slope": page_slope(out, sx=in_w / sw, sy=in_h / sh),
                "tiles": tiles,
                "runtime": self.runtime,
            },
        )

    def read_line(self, image: Image.Image) -> tuple[str, float] | None:
        """The text of ``image``, a crop holding one line of text, and the recogniser's score:
        recognition alone, no detection (None when nothing is read). For a closer second look at
        one row (:func:`idextract.reread.closer_look`): the detector never sees the crop, so a
        faint start it left out of the row's box is read with the rest."""
        import numpy as np

        if image.mode != "RGB":
            image = image.convert("RGB")
        bgr = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])
        engine = get_engine(self.runtime, self.threads)
        with _run_lock:
            try:
                # recognize_txt, not engine(..., use_det=False): those flags stay set on the shared engine
                out = engine.recognize_txt([bgr])
            except Exception as exc:  # noqa: BLE001 - rapidocr/onnxruntime raise many types
                raise OcrError(f"rapidocr failed on the image ({type(exc).__name__})") from exc
        texts, scores = getattr(out, "txts", None), getattr(out, "scores", None)
        if not texts or not scores or not str(texts[0]).strip():
            return None
        return str(texts[0]), float(scores[0])

    def _read(self, engine: Any, bgr: np.ndarray, detect_side: int | None = None) -> tuple[Any, int]:
        """The engine's output for the whole image, and the number of tiles it was read in.

        A strip is read in overlapping tiles (:func:`~idextract.ocr.rapid_strips.read_strip`).
        """
        h, w = bgr.shape[:2]
        if not is_strip((w, h)):
            return self._run(engine, bgr, detect_side), 1
        return read_strip(engine, bgr, self.max_side, self._run)

    @staticmethod
    def _run(engine: Any, bgr: np.ndarray, detect_side: int | None = None) -> Any:
        try:
            load = getattr(engine, "_load_det_model", None) if detect_side else None  # an internal
            detector = load() if callable(load) else None
            limit = getattr(detector, "limit_side_len", None)
            if detector is not None and limit is not None:
                detector.limit_side_len = detect_side
            try:
                return engine(bgr)
            finally:  # shared engine state: restore it
                if detector is not None and limit is not None:
                    detector.limit_side_len = limit
        except Exception as exc:  # noqa: BLE001 - rapidocr/onnxruntime raise many types
            # The type only: messages of lower layers can carry paths or array contents.
            raise OcrError(f"rapidocr failed on the image ({type(exc).__name__})") from exc

    @staticmethod
    def _looks_upside_down(engine: Any, bgr: np.ndarray, out: Any) -> bool:
        """A vote of the 0/180 classifier over the widest text lines (about 25 ms).

        Uses rapidocr internals (the crop helper and the lazily loaded classifier); if they
        change, the check is skipped rather than failing the read.
        """
        boxes = getattr(out, "boxes", None)
        if boxes is None or len(boxes) < _VOTE_MIN_LINES:
            return False
        try:
            import numpy as np
            from rapidocr.utils.process_img import get_rotate_crop_image

            crops = []
            for quad in boxes:
                crop = get_rotate_crop_image(bgr, np.array(quad, dtype=np.float32))
                if crop.shape[0] > 0 and crop.shape[1] >= _VOTE_MIN_ASPECT * crop.shape[0]:
                    crops.append(crop)
            if len(crops) < _VOTE_MIN_LINES:
                return False
            crops.sort(key=lambda c: -c.shape[1])
            crops = crops[:_VOTE_MAX_LINES]
            labels = engine._load_cls_model()(crops).cls_res
        except Exception:  # noqa: BLE001 - an optional check must never break OCR
            log.debug("upside-down check skipped", exc_info=True)
            return False
        flipped = sum(1 for label, score in labels if "180" in str(label) and score >= _VOTE_MIN_SCORE)
        return flipped * 2 > len(crops)


def _mean_score(out: Any) -> float:
    scores = getattr(out, "scores", None)
    return float(statistics.fmean(scores)) if scores else 0.0
