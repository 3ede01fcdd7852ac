"""The inference worker: a child process that holds the OCR engine and reads one image at a time.

Why a process and not a thread: a request past its deadline must not keep the engine busy, and
a thread in the middle of an onnxruntime call cannot be stopped. The server kills the worker at
the deadline and starts a new one (:mod:`idextract.server.pool`), so the slot is free again
after a restart (about 2 s) instead of after the image (up to the whole deadline, and more for a
hostile input). The same process boundary also keeps a crash or an out-of-memory kill of the
engine away from the server.

Run as ``python -m idextract.server.worker FD CONFIG_JSON``: ``FD`` is the worker's end of a
socket pair (a :class:`multiprocessing.connection.Connection`), the config names the engine and
the image limits. The worker loads the engine, reads a warm-up image rendered in memory, sends
``("ready", info)``, then answers ``(seq, op, args)`` jobs with ``(seq, status, value)`` until
the connection closes or it receives ``None``. It ignores SIGINT and SIGTERM: the server decides
when it stops, after the requests in flight have finished.

No FastAPI here, and nothing it sends holds more than the answer: errors carry the library's
code and message (which never quote the image or a personal value) or an exception's type name.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import time
from multiprocessing.connection import Connection
from typing import Any

__all__ = ["main", "read_text", "warm_up_image"]

log = logging.getLogger(__name__)


def warm_up_image() -> Any:
    """A small receipt-like picture drawn in memory: what the engine reads before the server
    says it is ready (no file, no sample folder needed in an installed package)."""
    from PIL import Image, ImageDraw, ImageFont

    # Near square: the detector scales the short side up, so a wide strip would cost more.
    picture = Image.new("RGB", (320, 240), "white")
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=26)
    for row, line in enumerate(("TOKO WARMUP", "TOTAL 12.500", "TUNAI 20.000")):
        draw.text((16, 30 + row * 64), line, fill="black", font=font)
    return picture


def read_text(backend: Any, data: bytes, *, max_pixels: int, max_bytes: int) -> tuple[Any, Any, float]:
    """The page in ``data`` read upright: (picture as read, OcrResult in the original's pixels,
    factor from the picture's pixels to the original's)."""
    from ..api import _ocr
    from ..images import load_for_ocr, scale_result
    from ..orientation import read_upright

    picture, factor = load_for_ocr(data, max_side=getattr(backend, "max_side", None), max_pixels=max_pixels,
                                   max_bytes=max_bytes)
    picture, result = read_upright(picture, lambda page: _ocr(backend, page))
    return picture, scale_result(result, factor), factor


class _Jobs:
    """The operations a worker runs, on its one engine."""

    def __init__(self, engine: str | None, *, max_pixels: int, max_bytes: int) -> None:
        from ..ocr import get_backend

        self.backend = get_backend(engine)
        self.max_pixels = max_pixels
        self.max_bytes = max_bytes

    def ocr(self, data: bytes, return_image: bool = False) -> dict[str, Any]:
        picture, result, factor = read_text(self.backend, data, max_pixels=self.max_pixels, max_bytes=self.max_bytes)
        rows = result.rows()
        image = _draw_regions(picture, result, 1 / factor) if return_image else None
        # "located": the response's extension (the engine's text runs with their geometry, in the
        # received image's pixels), so a client can parse by position as in-process extraction does.
        located = result.model_dump(mode="json", include={"words", "image_size"})
        return {"text": "\n".join(row.text for row in rows), "engine": result.engine, "words": len(result.words),
                "image": image, "located": located}

    def extract(self, data: bytes, doc_type: str, annotated: bool = False, mask_pii: bool = False) -> dict[str, Any]:
        from ..api import extract
        from ..doctypes import get_document_type

        kind = get_document_type(doc_type)
        record = extract(data, kind.name, ocr=self.backend, annotated=annotated, mask_pii=mask_pii,
                         max_pixels=self.max_pixels, max_bytes=self.max_bytes)
        if mask_pii and kind.personal_fields:
            body = json.dumps(kind.masked_dump(record), ensure_ascii=False)
        else:
            body = record.model_dump_json()
        return {"record": body, "engine": getattr(self.backend, "name", "?"),
                "image": record.annotated_image if annotated else None}

    def warm_up(self) -> dict[str, Any]:
        """Read the warm-up picture through the whole pipeline (OCR, every parser, the drawing)."""
        from ..api import parse
        from ..doctypes import document_types
        from ..errors import OcrError
        from ..images import to_png_bytes

        started = time.monotonic()
        data = to_png_bytes(warm_up_image())
        found = self.ocr(data, return_image=True)
        for kind in document_types():  # parsers load their spec files on first use
            parse("TOTAL 12.500", kind.name)
        if not found["text"].strip():
            raise OcrError("the engine read no text on the warm-up image")
        return {"engine": found["engine"], "seconds": round(time.monotonic() - started, 3)}


def _draw_regions(picture: Any, result: Any, scale: float) -> bytes:
    """A JPEG of ``picture`` with each recognised text region outlined, as the hosted API's
    ``result_image_base64`` (a JPEG, regions only, no labels). The drawing is
    :func:`idextract.annotate.annotate_words` where this version of the library has it (each run's
    quad, coloured by confidence), else plain boxes."""
    import io

    from PIL import Image, ImageDraw

    from .. import annotate

    draw_words = getattr(annotate, "annotate_words", None)
    if draw_words is not None:
        canvas = Image.open(io.BytesIO(draw_words(picture, result.words, scale=scale))).convert("RGB")
    else:
        canvas = picture.convert("RGB") if picture.mode != "RGB" else picture.copy()
        draw = ImageDraw.Draw(canvas)
        width = max(2, round(min(canvas.size) / 400))
        for word in result.words:
            if word.box is not None:
                draw.rectangle(tuple(v * scale for v in word.box), outline=(230, 40, 40), width=width)
    buf = io.BytesIO()
    canvas.save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def _serve(conn: Connection, jobs: _Jobs) -> None:
    from ..errors import IdextractError, InputError, OcrError

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the server is gone
        if job is None:
            return
        seq, op, args = job
        started = time.perf_counter()
        try:
            value = getattr(jobs, op)(**args)
            value["seconds"] = time.perf_counter() - started
            reply: tuple[Any, str, Any] = (seq, "ok", value)
        except InputError as exc:
            reply = (seq, "input", (exc.code, str(exc), exc.param))
        except OcrError as exc:
            reply = (seq, "ocr", str(exc))
        except IdextractError as exc:
            reply = (seq, "internal", type(exc).__name__)
        except MemoryError:
            reply = (seq, "input", ("image_too_large", "the image is too large to read in the memory available",
                                    "image"))
        except Exception as exc:  # noqa: BLE001 - only the type leaves: a message can quote the input
            reply = (seq, "internal", type(exc).__name__)
        conn.send(reply)


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    fd, config = int(argv[0]), json.loads(argv[1])
    conn = Connection(fd)
    try:
        jobs = _Jobs(config.get("engine"), max_pixels=config["max_pixels"], max_bytes=config["max_bytes"])
        info = jobs.warm_up()
    except Exception as exc:  # noqa: BLE001 - reported to the server, which keeps the slot closed
        from ..errors import IdextractError

        reason = str(exc) if isinstance(exc, IdextractError) else type(exc).__name__
        conn.send(("failed", f"the OCR engine could not start: {reason}"))
        return 1
    conn.send(("ready", info))
    _serve(conn, jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
