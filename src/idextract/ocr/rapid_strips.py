"""A strip (a long thermal receipt) read by the embedded engine in overlapping tiles.

The cutting and merging need no engine (:mod:`idextract.tiles`); what is here drives rapidocr
through them: detection tile by tile, then each run recognised once, cropped from the whole
strip, with the detector's scale and the recogniser's crop width set for a strip's short runs.
It is apart from :mod:`idextract.ocr.rapid` (which reads pages, and calls :func:`read_strip` for
a strip) because these settings were measured for strips alone and touch more of rapidocr's
internals than a page's read does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import OcrError
from ..tiles import Candidate, edge_distance, merge, spans

if TYPE_CHECKING:
    import numpy as np

__all__ = ["STRIP_WIDTH", "read_strip"]

# A strip is read at most this share of max_side wide: the short side of the largest page read
# (1200 x 1600 px), and the detector's work grows with the width squared times the length.
STRIP_WIDTH = 0.75
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


def read_strip(
    engine: Any, bgr: np.ndarray, max_side: int, run: Callable[[Any, np.ndarray], Any]
) -> tuple[Any, int]:
    """The engine's output for the strip ``bgr``, and the number of tiles it was read in.

    The strip is cut across its long side into overlapping tiles (each at most 2:1, so the
    detector's memory does not grow with the strip's length). Text is detected tile by tile,
    the boxes mapped to the whole image, the ones found twice in an overlap merged
    (:func:`tiles.merge`), and then each run recognised once, cropped from the whole image.
    ``run`` reads a tile whole (``RapidOCR._run``): for a rapidocr without the internals used.
    """
    h, w = bgr.shape[:2]
    import numpy as np

    axis = 1 if h >= w else 0  # the coordinate (of a point: x=0, y=1) along the long side
    parts = spans(max(w, h), min(w, h), max_side)
    found: list[Candidate] = []
    two_phase = callable(getattr(engine, "recognize_txt", None))
    for i, (start, end) in enumerate(parts):
        tile = bgr[start:end] if axis else bgr[:, start:end]
        sample = tile[::4, ::4]
        if int(sample.max()) - int(sample.min()) < _BLANK_RANGE:
            continue  # blank paper
        if two_phase:
            boxes, texts, scores = _detect(engine, np.ascontiguousarray(tile)), None, None
        else:  # rapidocr without the internals used: read each tile whole
            out = run(engine, np.ascontiguousarray(tile))
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
        kept = _recognize(engine, bgr, kept)
    merged = _Merged(
        boxes=np.stack([c.quad for c in kept]) if kept else None,
        txts=tuple(c.text for c in kept),
        scores=tuple(c.score for c in kept),
    )
    return merged, len(parts)


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


@dataclass
class _Merged:
    """The runs of a strip read in tiles, shaped like rapidocr's output (what
    :mod:`idextract.ocr.rapid` reads)."""

    boxes: Any
    txts: tuple[str, ...]
    scores: tuple[float, ...]
