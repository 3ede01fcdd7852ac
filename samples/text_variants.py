"""A set of line-text receipts written again as another reader would give them, the truth copied.

    python samples/text_variants.py SRC_SET OUT_SET KIND [SEED]

KIND is ``lower`` (every line in small letters, as some engines and hands write), ``upper`` (in
capitals) or ``edges`` (a stray mark, ``| . ' : ,``, glued to the start or the end of a fifth of
the lines: the paper's edge, a fold, thermal noise). Scoring both versions with
``../shared/tools/score.py`` measures what such a reading costs; see also ``tilted_words.py``.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

from tilted_words import write_beside

EDGE_SHARE = 0.2
EDGE_MARKS = "|.':,"


def _edges(rng: random.Random) -> Callable[[str], str]:
    def mark(text: str) -> str:
        if rng.random() >= EDGE_SHARE:
            return text
        m = rng.choice(EDGE_MARKS)
        return m + text.lstrip() if rng.random() < 0.5 else text.rstrip() + m
    return mark


def main(argv: list[str]) -> None:
    src, out, kind = Path(argv[0]), Path(argv[1]), argv[2]
    rng = random.Random(int(argv[3]) if len(argv) > 3 else 7)
    change: Callable[[str], str] = {"lower": str.lower, "upper": str.upper}.get(kind) or _edges(rng)
    if kind not in ("lower", "upper", "edges"):
        raise SystemExit(f"unknown kind {kind!r}: lower, upper or edges")
    (out / "items").mkdir(parents=True, exist_ok=True)
    for ocr in sorted((src / "items").glob("*.ocr.json")):
        doc = json.loads(ocr.read_text())
        for word in doc["words"]:
            word["text"] = change(word["text"])
        write_beside(ocr, out, doc)
    print(out)


if __name__ == "__main__":
    main(sys.argv[1:])
