"""DeepSeek-OCR output to OCR words: grounding tags, markdown and HTML tables, repetition loops.

DeepSeek-OCR answers in one of three forms, depending on the prompt (see
``shared/reference/ocr-backends.md``):

- ``Free OCR.`` (the hosted API): plain text or markdown; tables as markdown pipes or as HTML
  ``<table><tr><td>...``. No boxes. Each text line becomes one box-less :class:`OcrWord` (a row
  of its own, see :mod:`idextract.layout`), each table row one line with its cells joined by a
  space, so ``| TOTAL | 19.700 |`` reads ``TOTAL 19.700`` like a printed receipt line.
- ``<|grounding|>OCR this image.`` (line mode): ``<|ref|>TEXT<|/ref|><|det|>[[x1, y1, x2, y2]]<|/det|>``
  per text line, coordinates 0-999 per axis: pixel ``x = x / 999 * W``. One ref may carry several
  boxes (the same text in several places): boxes on one text line are merged, others give one word
  each.
- ``<|grounding|>Convert the document to markdown.`` (document mode): ``<|ref|>label<|/ref|>`` with
  the block's box, then the block's content on the following lines; each content line gets a
  slice of the block's box, top to bottom.

Malformed grounding (``[[1, 2, 3``, an orphan ``<|det|>``, coordinates outside 0-999) is skipped
and counted, never evaluated: payloads are matched by a strict pattern of numbers.

Repetition loops (the model writing the same line or block again and again until the token
limit, or ``<pre> <pre> <pre>`` on one line) are cut to one copy; the result is then *degraded*:
every word's confidence is lowered (the loop's own copy the most) and a warning says why.

This module reads the grounding and decides what the answer is worth; markdown and HTML become
lines in :mod:`idextract.ocr.markdown`, loops are found in :mod:`idextract.ocr.loops` (``flatten``,
``Loop`` and ``cut_loops`` are re-exported from here, where callers always found them).

>>> [w.text for w in read_deepseek("| TOTAL | 19.700 |\\n|---|---|\\n"
...                                "<table><tr><td>TUNAI</td><td>20.000</td></tr></table>").words]
['TOTAL 19.700', 'TUNAI 20.000']
>>> r = read_deepseek("<|ref|>TOTAL 19.700<|/ref|><|det|>[[100, 500, 899, 550]]<|/det|>", (999, 1998))
>>> r.words[0].box
Box(x0=100.0, y0=1000.0, x1=899.0, y1=1100.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from ..records import Box
from .base import OcrWord
from .loops import Loop, cut_inline_loop, cut_loops, loop_key
from .markdown import clean_line, flatten

__all__ = ["BLOCK_LABELS", "Loop", "Reading", "cut_loops", "flatten", "parse_boxes", "read_deepseek"]

#: Block labels of document mode: a ref with one of these names a layout block, not text.
BLOCK_LABELS = frozenset({
    "title", "sub_title", "subtitle", "text", "table", "table_caption", "table_footnote", "image",
    "image_caption", "figure", "figure_caption", "formula", "equation", "header", "footer",
    "page_header", "page_footer", "list", "code", "reference", "footnote", "caption", "seal",
})
# Labels whose block holds no text of its own.
_PICTURE_LABELS = frozenset({"image", "figure", "seal"})

#: Confidence of every word of a degraded reading (a loop or a truncated answer somewhere).
DEGRADED_CONFIDENCE = 0.7
#: Confidence of the copy kept from a loop, and of the last line of a truncated answer.
LOOP_CONFIDENCE = 0.4

_COORD_MAX = 999.0
_NUM = r"-?\d+(?:\.\d+)?"
_BOX = rf"\[\s*({_NUM})\s*,\s*({_NUM})\s*,\s*({_NUM})\s*,\s*({_NUM})\s*\]"
_PAYLOAD = regex.compile(rf"^\s*(?:\[\s*{_BOX}(?:\s*,\s*{_BOX})*\s*\]|{_BOX})\s*$")
_ONE_BOX = regex.compile(_BOX)
# Grounding tokens. Ref/det contents never span lines nor hold another tag; an unclosed
# <|det|> takes its coordinate-like payload with it, so "[[1, 2, 3" never becomes a text line.
_TOKENS = regex.compile(
    r"<\|ref\|>(?P<ref>(?:(?!<\|).)*?)<\|/ref\|>"
    r"|<\|det\|>(?P<det>(?:(?!<\|).)*?)<\|/det\|>"
    r"|(?P<stray><\|det\|>[\[\]\d \t,.\-]*|<\|/?(?:ref|det)\|>)"
)
# Special tokens that survive skip_special_tokens=false (DeepSeek writes its own with full-width
# bars and U+2581), and the grounding switch echoed back.
_SPECIALS = regex.compile(r"<\|(?:grounding|end_of_sentence|endoftext|begin_of_sentence)\|>|<｜[^｜<>]{1,40}｜>")


@dataclass
class Reading:
    """What :func:`read_deepseek` made of an answer."""

    words: list[OcrWord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    loops: list[Loop] = field(default_factory=list)
    truncated: bool = False
    grounded: bool = False
    skipped_boxes: int = 0

    @property
    def degraded(self) -> bool:
        """A loop was cut or the answer was truncated: the caller may want another engine."""
        return bool(self.loops) or self.truncated


def read_deepseek(
    text: str,
    image_size: tuple[int, int] | None = None,
    *,
    finish_reason: str | None = None,
) -> Reading:
    """DeepSeek-OCR's answer as words, in reading order, loops cut, degradation flagged.

    ``image_size`` (width, height of the image the model saw, in the caller's pixels) turns
    grounding coordinates into pixel boxes; without it grounded text comes without boxes.
    ``finish_reason == "length"`` marks the answer as truncated.
    """
    reading = Reading()
    text = _cut_raw_loops(_SPECIALS.sub("", text or ""), reading)
    if "<|ref|>" in text or "<|det|>" in text:
        reading.grounded = True
        words = _read_grounded(text, image_size, reading)
    else:
        words = [OcrWord(text=line) for line in flatten(text)]

    words, loops = cut_loops(words, key=lambda w: loop_key(w.text))
    reading.loops.extend(loops)
    kept = _loop_words(words, loops, reading)
    reading.truncated = finish_reason == "length"

    if reading.degraded:
        _lower_confidence(words, kept, reading.truncated)
    _add_warnings(reading)
    reading.words = [w for w in words if w.text.strip()]
    return reading


def _cut_raw_loops(text: str, reading: Reading) -> str:
    """``text`` with every loop within a line cut to one copy, each loop recorded in ``reading``."""
    # Loops within a line are cut on the raw text, before markup is removed: "<pre> <pre> ..."
    # would otherwise vanish as markup and leave no trace of the degradation.
    raw_lines = text.split("\n")
    for k, raw in enumerate(raw_lines):
        cut, inline = cut_inline_loop(raw)
        if inline is not None:
            raw_lines[k] = cut
            reading.loops.append(Loop(line=k, period=0, repeats=inline[0], sample=inline[1]))
    return "\n".join(raw_lines)


def _loop_words(words: list[OcrWord], loops: list[Loop], reading: Reading) -> set[int]:
    """The indexes of the words a loop left behind; loops still within a word are cut in place.

    ``loops`` are the line/block loops just cut from ``words`` (already in ``reading.loops``).
    """
    kept: set[int] = set()
    for loop in reading.loops:  # loops within a raw line: the words that still hold the phrase
        sample = loop_key(clean_line(loop.sample))
        if len(sample) >= 4:
            kept.update(i for i, w in enumerate(words) if sample in loop_key(w.text))
    for loop in loops:
        kept.update(range(loop.line, loop.line + loop.period))
    for i, word in enumerate(words):
        cut, inline = cut_inline_loop(word.text)
        if inline is not None:
            words[i] = word.model_copy(update={"text": cut})
            reading.loops.append(Loop(line=i, period=0, repeats=inline[0], sample=inline[1]))
            kept.add(i)
    return kept


def _lower_confidence(words: list[OcrWord], kept: set[int], truncated: bool) -> None:
    """Every word's confidence lowered in place: the loops' words and a truncated last line the most."""
    last = len(words) - 1
    for i, word in enumerate(words):
        low = LOOP_CONFIDENCE if i in kept or (truncated and i == last) else DEGRADED_CONFIDENCE
        conf = low if word.confidence is None else min(word.confidence, low)
        words[i] = word.model_copy(update={"confidence": conf})


def _add_warnings(reading: Reading) -> None:
    """A warning for every loop cut, for a truncated answer and for skipped boxes."""
    for loop in reading.loops:
        reading.warnings.append(f"repetition loop in the OCR output, cut: {loop.describe()}")
    if reading.truncated:
        reading.warnings.append(
            "the OCR output stopped at the token limit (finish_reason 'length'): the text may be incomplete"
        )
    if reading.skipped_boxes:
        reading.warnings.append(f"{reading.skipped_boxes} malformed grounding box(es) skipped")


# --- grounding ----------------------------------------------------------------------------------


def parse_boxes(payload: str) -> list[tuple[float, float, float, float]] | None:
    """The boxes of a ``<|det|>`` payload (``[[x1, y1, x2, y2], ...]``), or ``None`` if malformed.

    >>> parse_boxes("[[1, 2, 30, 40], [5, 6, 70, 80]]")
    [(1.0, 2.0, 30.0, 40.0), (5.0, 6.0, 70.0, 80.0)]
    >>> parse_boxes("[[1, 2, 3") is None
    True
    """
    if len(payload) > 2000 or not _PAYLOAD.match(payload):
        return None
    return [tuple(float(v) for v in m.groups()) for m in _ONE_BOX.finditer(payload)]  # type: ignore[misc]


def _to_pixels(coords: tuple[float, float, float, float], size: tuple[int, int]) -> Box | None:
    x0, y0, x1, y1 = coords
    if not all(0.0 <= v <= _COORD_MAX + 1 for v in coords) or x1 <= x0 or y1 <= y0:
        return None
    w, h = size
    sx, sy = w / _COORD_MAX, h / _COORD_MAX
    return Box(
        round(min(x0 * sx, w), 1), round(min(y0 * sy, h), 1), round(min(x1 * sx, w), 1), round(min(y1 * sy, h), 1)
    )


def _read_grounded(text: str, size: tuple[int, int] | None, reading: Reading) -> list[OcrWord]:
    events = _events(text)
    words: list[OcrWord] = []
    i = 0
    while i < len(events):
        kind, value = events[i]
        if kind == "text":
            words.extend(OcrWord(text=line) for line in flatten(value))
            i += 1
            continue
        if kind in ("stray", "det"):  # a det without its ref, or a broken tag
            reading.skipped_boxes += 1
            i += 1
            continue
        boxes, i = _ref_boxes(events, i, size, reading)
        label = value.strip()
        if label.lower() in BLOCK_LABELS:
            # Document mode: the block's content is the text up to the next ref.
            content, i = _block_content(events, i, reading)
            if label.lower() in _PICTURE_LABELS and not content:
                continue
            words.extend(_block_words(content, boxes[0] if len(boxes) == 1 else Box.union(boxes)))
            continue
        line = clean_line(label)
        if not line:
            continue
        placed: list[Box | None] = list(_merge_same_line(boxes)) or [None]
        words.extend(OcrWord(text=line, box=box) for box in placed)
    return words


def _events(text: str) -> list[tuple[str, str]]:
    """The grounding tokens and the text between them, in order."""
    # Events in order: ("ref", text) ("det", payload) ("text", chunk) ("stray", tag).
    events: list[tuple[str, str]] = []
    pos = 0
    for m in _TOKENS.finditer(text):
        if m.start() > pos:
            events.append(("text", text[pos : m.start()]))
        kind = m.lastgroup or "stray"
        events.append((kind, m.group(kind) or ""))
        pos = m.end()
    if pos < len(text):
        events.append(("text", text[pos:]))
    return events


def _ref_boxes(
    events: list[tuple[str, str]], i: int, size: tuple[int, int] | None, reading: Reading
) -> tuple[list[Box], int]:
    """The pixel boxes of the ref at ``events[i]``, and the index of the event after its det."""
    # A ref: its det may follow after whitespace.
    j = i + 1
    if j < len(events) and events[j][0] == "text" and not events[j][1].strip():
        j += 1
    boxes: list[Box] = []
    has_det = j < len(events) and events[j][0] == "det"
    if not has_det:
        return boxes, i + 1
    parsed = parse_boxes(events[j][1])
    if parsed is None:
        reading.skipped_boxes += 1
    elif size is not None:
        for coords in parsed:
            box = _to_pixels(coords, size)
            if box is None:
                reading.skipped_boxes += 1
            else:
                boxes.append(box)
    return boxes, j + 1


def _block_content(events: list[tuple[str, str]], i: int, reading: Reading) -> tuple[list[str], int]:
    """The text lines from ``events[i]`` up to the next ref, and the index of that ref (or the end)."""
    content: list[str] = []
    while i < len(events) and events[i][0] != "ref":
        if events[i][0] == "text":
            content.extend(flatten(events[i][1]))
        elif events[i][0] in ("stray", "det"):
            reading.skipped_boxes += 1
        i += 1
    return content, i


def _block_words(lines: Sequence[str], box: Box | None) -> list[OcrWord]:
    """One word per content line, each with a horizontal slice of the block's box."""
    if box is None or not lines:
        return [OcrWord(text=line) for line in lines]
    step = (box.y1 - box.y0) / len(lines)
    return [
        OcrWord(text=line, box=Box(box.x0, round(box.y0 + k * step, 1), box.x1, round(box.y0 + (k + 1) * step, 1)))
        for k, line in enumerate(lines)
    ]


def _merge_same_line(boxes: list[Box]) -> list[Box]:
    """Boxes of one ref that share a text line become one; boxes on other lines stay apart."""
    merged: list[Box] = []
    for box in boxes:
        for k, other in enumerate(merged):
            overlap = min(box.y1, other.y1) - max(box.y0, other.y0)
            if overlap > 0.5 * min(box.height, other.height):
                merged[k] = Box.union([box, other])  # type: ignore[assignment]
                break
        else:
            merged.append(box)
    return merged
