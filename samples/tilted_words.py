"""A set of line-text receipts written again as words with the boxes a tilted photo gives them.

    python samples/tilted_words.py SRC_SET OUT_SET SEED [MAX_DEGREES]

Each printed line's words get axis-aligned boxes (12 px a character, 22 px text, 30 px pitch), as
Google Vision returns them for a photo: the page turned by up to MAX_DEGREES (default 4) and bent a
little, each word's box the bounding box of its turned rectangle (a long word's box is tall), the
words shuffled. The ground truth is copied. Scoring both versions with ``../shared/tools/score.py``
measures what grouping words into rows loses on photos; the invented sets in samples/formats are
written as lines, the form a text OCR gives.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import sys
from pathlib import Path

CHAR_W, PITCH, TEXT_H, MARGIN = 12.0, 30.0, 22.0, 40


def tilted(lines: list[str], degrees: float, bend: float) -> tuple[list[dict[str, object]], tuple[int, int]]:
    """The words of ``lines`` with their boxes on a page turned by ``degrees`` and bent by ``bend``
    (pixels of drop per squared pixel from the centre), and the page's size."""
    width = max((len(line) for line in lines), default=1) * CHAR_W
    height = len(lines) * PITCH
    a = math.radians(degrees)
    cos, sin = math.cos(a), math.sin(a)
    cx, cy = width / 2, height / 2
    words: list[dict[str, object]] = []
    for i, line in enumerate(lines):
        col = 0
        for token in line.split(" "):
            if token:
                x0, x1 = col * CHAR_W, (col + len(token)) * CHAR_W
                y0, y1 = i * PITCH, i * PITCH + TEXT_H
                xs, ys = [], []
                for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1)):
                    dx, dy = x - cx, y + bend * (x - cx) ** 2 - cy
                    xs.append(cx + dx * cos - dy * sin + MARGIN)
                    ys.append(cy + dx * sin + dy * cos + MARGIN)
                words.append({"text": token, "box": [round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))]})
            col += len(token) + 1
    return words, (int(width) + 2 * MARGIN, int(height) + 2 * MARGIN)


def main(argv: list[str]) -> None:
    src, out, seed = Path(argv[0]), Path(argv[1]), int(argv[2])
    most = float(argv[3]) if len(argv) > 3 else 4.0
    rng = random.Random(seed)
    (out / "items").mkdir(parents=True, exist_ok=True)
    for ocr in sorted((src / "items").glob("*.ocr.json")):
        lines = [w["text"] for w in json.loads(ocr.read_text())["words"]]
        degrees = rng.uniform(-most, most)
        width = max((len(line) for line in lines), default=1) * CHAR_W
        words, size = tilted(lines, degrees, rng.uniform(-1, 1) * 6.0 / max(width, 1.0) ** 2)
        rng.shuffle(words)
        write_beside(ocr, out, {"engine": "google-vision", "image_size": list(size), "words": words})
    print(out)


def write_beside(ocr: Path, out: Path, doc: dict[str, object]) -> None:
    """``doc`` as ``out``'s OCR file of the receipt ``ocr``, its truth copied beside it."""
    (out / "items" / ocr.name).write_text(json.dumps(doc))
    truth = ocr.with_name(ocr.name.replace(".ocr.json", ".gt.json"))
    shutil.copy(truth, out / "items" / truth.name)


if __name__ == "__main__":
    main(sys.argv[1:])
