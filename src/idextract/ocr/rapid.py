"""The embedded OCR backend: rapidocr (PP-OCRv6 small, models bundled in the wheel) on OpenVINO
or onnxruntime.

Why these settings (measured on this kind of 2-core machine, see
``shared/reference/embedded-ocr.md``):

- the per-line 0/180 degree classifier is off: it flips short number crops (``28000`` read as
  ``200``). Upside-down *pages* are caught instead by one cheap page-level vote of the same
  classifier over the widest text lines (~25 ms), and only a flipped page is read twice (the
  vote needs the engine's internals, so it lives here; the rest of the orientation handling,
  and the box rotation used below, is in :mod:`idextract.orientation`);
- the long side is capped at 1600 px (a 12 MP photo otherwise takes ~3.4 s) and never upscaled;
- the detector scales a page's short side up to 736 px (rapidocr's default), or to what the
  document type asks (``detect_side``: receipts ask 512, their text being large for the paper;
  README "OCR runtimes");
- a strip (longer than 2.5 times its width: a long thermal receipt) keeps its width (capped at
  1600 px) and is read in overlapping tiles of at most 2:1 (:mod:`idextract.tiles`): the detector
  scales a tile's short side up to 736 px, so a whole 1:30 strip cost 2.3 GB (a 1:1000 one
  20 GB and more) and, shrunk to 1600 px long instead, its text was unreadable.

The engine itself (runtime, threads, models, session settings) is built once per process in
:mod:`idextract.ocr.rapid_engine` and shared by every :class:`RapidOCR` instance.
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
import unicodedata  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

from ..errors import InputError, OcrError, OcrUnavailableError  # noqa: E402
from ..images import check_aspect, fit_for_ocr, is_strip  # noqa: E402
from ..orientation import turn_box  # noqa: E402
from ..records import Box  # noqa: E402
from ..tiles import Candidate, edge_distance, merge, spans  # noqa: E402
from .base import OcrResult, OcrWord  # noqa: E402
from .rapid_engine import (  # noqa: E402
    ENGINE_PARAMS,
    RUNTIMES,
    THREADS_ENV,
    default_runtime,
    default_threads,
    engine_params,
    get_engine,
)

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
# A strip is read at most this share of max_side wide: the short side of the largest page read
# (1200 x 1600 px), and the detector's work grows with the width squared times the length.
_STRIP_WIDTH = 0.75
# A tile whose grey levels span less than this is blank paper (or an empty canvas): not read.
_BLANK_RANGE = 12
# The recogniser pads every crop of a batch to at least 320 x 48 px; a strip's runs are mostly
# short (a quantity, a price) and recognised in the thousands, so for strips the floor is lowered
# to a square: the same text for every run of the rendered 1:10 and 1:30 receipts (812 and 2,761
# runs) as at 320 or 160 px, in 0.77 of the time 160 px took (24.5 s against 31.9 s on the
# 1:30 one's runs, one run each, this session's slower machine). Batches stay at rapidocr's 6:
# at 12 or 24 the padding inside a batch changed a few runs' text.
_STRIP_REC_MIN_WIDTH = 48
# The detector scales an image up until its short side is 736 px; a strip's tile (576 px wide for
# 80 mm paper) is detected at its own size down to this. On rendered 1:10 and 1:30 receipts more
# item rows are read exactly (155 of 157 against 151; 510 of 517 against 483: upscaled, runs
# merged across column gaps); the detector takes 37% less time, the recogniser about as much more
# (9-11% more, shorter runs), so the whole read takes about the same time.
_STRIP_DET_MIN_SIDE = 512
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
        default, 736, when None); strips have their own (:data:`_STRIP_DET_MIN_SIDE`).
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
            small, scale = fit_for_ocr(image, round(self.max_side * _STRIP_WIDTH), strips=True)
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

        words = _to_words(out, sx=in_w / sw, sy=in_h / sh, small=(sw, sh), size=(in_w, in_h), rotated=rotated)
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
                "slope": _page_slope(out, sx=in_w / sw, sy=in_h / sh),
                "tiles": tiles,
                "runtime": self.runtime,
            },
        )

    def _read(self, engine: Any, bgr: np.ndarray, detect_side: int | None = None) -> tuple[Any, int]:
        """The engine's output for the whole image, and the number of tiles it was read in.

        A strip is cut across its long side into overlapping tiles (each at most 2:1, so the
        detector's memory does not grow with the strip's length). Text is detected tile by tile,
        the boxes mapped to the whole image, the ones found twice in an overlap merged
        (:func:`tiles.merge`), and then each run recognised once, cropped from the whole image.
        """
        h, w = bgr.shape[:2]
        if not is_strip((w, h)):
            return self._run(engine, bgr, detect_side), 1
        import numpy as np

        axis = 1 if h >= w else 0  # the coordinate (of a point: x=0, y=1) along the long side
        parts = spans(max(w, h), min(w, h), self.max_side)
        found: list[Candidate] = []
        two_phase = callable(getattr(engine, "recognize_txt", None))
        for i, (start, end) in enumerate(parts):
            tile = bgr[start:end] if axis else bgr[:, start:end]
            sample = tile[::4, ::4]
            if int(sample.max()) - int(sample.min()) < _BLANK_RANGE:
                continue  # blank paper
            if two_phase:
                boxes, texts, scores = self._detect(engine, np.ascontiguousarray(tile)), None, None
            else:  # rapidocr without the internals used: read each tile whole
                out = self._run(engine, np.ascontiguousarray(tile))
                boxes, texts, scores = (getattr(out, "boxes", None), getattr(out, "txts", None),
                                        getattr(out, "scores", None))
            for n, quad in enumerate(boxes if boxes is not None else ()):
                points = np.array(quad, dtype=np.float32).reshape(4, 2)
                points[:, axis] += start
                lo, hi = float(points[:, axis].min()), float(points[:, axis].max())
                edge = edge_distance(lo, hi, (start, end), first=i == 0, last=i == len(parts) - 1)
                text, score = (str(texts[n]), float(scores[n])) if texts and scores else ("", 0.0)
                found.append(Candidate(points, text, score, i, edge))
        kept = merge(found)
        if two_phase and kept:
            kept = self._recognize(engine, bgr, kept)
        merged = _Merged(
            boxes=np.stack([c.quad for c in kept]) if kept else None,
            txts=tuple(c.text for c in kept),
            scores=tuple(c.score for c in kept),
        )
        return merged, len(parts)

    @staticmethod
    def _detect(engine: Any, bgr: np.ndarray) -> Any:
        """Text boxes of a strip's tile ``bgr`` (quads in its pixels), without recognition; None
        for none. The detector scales the tile up only below :data:`_STRIP_DET_MIN_SIDE`."""
        previous = getattr(engine, "use_rec", True)
        detector = engine._load_det_model()
        limit = detector.limit_side_len
        try:
            detector.limit_side_len = min(limit, _STRIP_DET_MIN_SIDE)
            out = engine(bgr, use_rec=False)
        except Exception as exc:  # noqa: BLE001 - rapidocr/onnxruntime raise many types
            raise OcrError(f"rapidocr failed on the image ({type(exc).__name__})") from exc
        finally:  # flags kept on the shared engine: restore them
            engine.update_params(use_rec=previous)
            detector.limit_side_len = limit
        return getattr(out, "boxes", None)

    @staticmethod
    def _recognize(engine: Any, bgr: np.ndarray, runs: list[Candidate]) -> list[Candidate]:
        """``runs`` with their text read from ``bgr``, in batches as rapidocr does for one image;
        runs with no text or a score under the engine's ``text_score`` are dropped, as it does."""
        try:
            from rapidocr.utils.process_img import get_rotate_crop_image

            crops = [get_rotate_crop_image(bgr, run.quad.copy()) for run in runs]
            recognizer = engine._load_rec_model()
            shape = list(recognizer.rec_image_shape)
            recognizer.rec_image_shape = [*shape[:2], min(shape[2], _STRIP_REC_MIN_WIDTH)]
            try:
                out = engine.recognize_txt(crops)
            finally:
                recognizer.rec_image_shape = shape  # shared engine state: restore it
        except Exception as exc:  # noqa: BLE001 - rapidocr/onnxruntime raise many types
            raise OcrError(f"rapidocr failed on the image ({type(exc).__name__})") from exc
        minimum = float(getattr(engine, "text_score", 0.5))
        kept = []
        for run, text, score in zip(runs, out.txts, out.scores):
            if str(text).strip() and float(score) >= minimum:
                run.text, run.score = str(text), float(score)
                kept.append(run)
        return kept

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


@dataclass
class _Merged:
    """The runs of a strip read in tiles, shaped like rapidocr's output (what this module reads)."""

    boxes: Any
    txts: tuple[str, ...]
    scores: tuple[float, ...]


def _mean_score(out: Any) -> float:
    scores = getattr(out, "scores", None)
    return float(statistics.fmean(scores)) if scores else 0.0


def _page_slope(out: Any, *, sx: float, sy: float) -> float | None:
    """The median slope (dy/dx, input pixels) of the text lines' top edges, from rapidocr's quads.

    The axis-aligned boxes of :class:`OcrWord` lose the tilt, and pairing boxes across a wide
    label-to-price gap cannot tell a tilt from the next row; each quad measures it directly
    (within ~0.01 on rendered pages tilted 0-8 degrees). Kept in ``meta["slope"]`` for layout.
    """
    boxes = getattr(out, "boxes", None)
    if boxes is None:
        return None
    slopes = [s for s in (_quad_slope(quad, sx=sx, sy=sy) for quad in boxes) if s is not None]
    return round(statistics.median(slopes), 4) if slopes else None


def _quad_slope(quad: Any, *, sx: float, sy: float) -> float | None:
    """The slope of a quad's top edge in input pixels; None for short runs ("2", "x"), whose
    angles are noise: only runs at least twice as wide as tall count."""
    (x0, y0), (x1, y1), _, (_, y3) = (tuple(map(float, p)) for p in quad)
    dx = (x1 - x0) * sx
    if dx > 0 and dx >= 2 * abs(y3 - y0) * sy:
        return round((y1 - y0) * sy / dx, 4)
    return None


def _clean(text: str) -> str:
    # NFKC folds the full-width punctuation rapidocr emits (，：) to ASCII; "×" has no
    # compatibility mapping, and receipts mean the letter x by it ("2 x 3.500").
    return unicodedata.normalize("NFKC", text).replace("\u00d7", "x").strip()


def _to_words(
    out: Any,
    *,
    sx: float,
    sy: float,
    small: tuple[int, int],
    size: tuple[int, int],
    rotated: bool,
) -> list[OcrWord]:
    """rapidocr's quads, texts and scores as words with axis-aligned boxes and their quads
    (``polygon``) in input pixels."""
    boxes, texts, scores = getattr(out, "boxes", None), getattr(out, "txts", None), getattr(out, "scores", None)
    if boxes is None or not texts:
        return []
    w, h = size
    words: list[OcrWord] = []
    for quad, raw, score in zip(boxes, texts, scores or [None] * len(texts)):
        text = _clean(str(raw))
        if not text:
            continue
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if rotated:  # read on the image turned by 180 degrees: turn the box back
            x0, y0, x1, y1 = turn_box(Box(x0, y0, x1, y1), 2, small)
        box = Box(
            round(min(max(x0 * sx, 0.0), w), 1),
            round(min(max(y0 * sy, 0.0), h), 1),
            round(min(max(x1 * sx, 0.0), w), 1),
            round(min(max(y1 * sy, 0.0), h), 1),
        )
        # The quad itself, turned and scaled as the box: its points stay in reading order
        # (top-left, top-right, ... of the text as read), which a half turn does not change.
        pts = [(small[0] - x, small[1] - y) for x, y in zip(xs, ys)] if rotated else list(zip(xs, ys))
        polygon = tuple((round(min(max(x * sx, 0.0), w), 1), round(min(max(y * sy, 0.0), h), 1)) for x, y in pts)
        conf = None if score is None else round(min(max(float(score), 0.0), 1.0), 4)
        words.append(OcrWord(text=text, box=box, confidence=conf, slope=_quad_slope(quad, sx=sx, sy=sy),
                             polygon=polygon))
    if rotated:
        # rapidocr sorted the rotated page top to bottom; restore the upright page's order.
        words.sort(key=lambda wd: (wd.box.y0, wd.box.x0) if wd.box else (0.0, 0.0))
    return words
