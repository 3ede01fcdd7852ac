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

>>> [w.text for w in read_deepseek("| TOTAL | 19.700 |\\n|---|---|\\n"
...                                "<table><tr><td>TUNAI</td><td>20.000</td></tr></table>").words]
['TOTAL 19.700', 'TUNAI 20.000']
>>> r = read_deepseek("<|ref|>TOTAL 19.700<|/ref|><|det|>[[100, 500, 899, 550]]<|/det|>", (999, 1998))
>>> r.words[0].box
Box(x0=100.0, y0=1000.0, x1=899.0, y1=1100.0)
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

import regex

from ..records import Box
from .base import OcrWord

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

# A run of one line repeated this many times in a row is a loop; a block of 2+ lines, this many.
LOOP_MIN_REPEATS_LINE = 6
LOOP_MIN_REPEATS_BLOCK = 4
LOOP_MAX_PERIOD = 12
# Within one line: a run of 1-6 tokens repeated this many times, or a string of letters repeated
# without spaces ("ABCABCABC...").
LOOP_MIN_REPEATS_TOKENS = 8
LOOP_MAX_TOKENS = 6
_CHAR_LOOP = regex.compile(r"(\S{2,40}?)\1{7,}")

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
_HTML_TAGS = regex.compile(
    r"</?(?:table|thead|tbody|tfoot|tr|td|th|pre|p|div|span|center|b|i|u|s|strong|em|hr|h[1-6]|sup|sub|code"
    r"|ul|ol|li|caption|colgroup|col|html|body|font)\b[^<>]{0,200}>",
    regex.IGNORECASE,
)
_BR = regex.compile(r"<br\s*/?>", regex.IGNORECASE)
_TABLE = regex.compile(r"<table\b.*?</table\s*>", regex.IGNORECASE | regex.DOTALL)
_MD_SEPARATOR = regex.compile(r"^:?-{2,}:?$")
_MD_HEADING = regex.compile(r"^#{1,6}\s+")
_MD_EMPHASIS = regex.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
# Inline/display math delimiters (DeepSeek writes "\( 2 \times 3.500 \)" now and then); "$" is
# left alone: it is a currency mark on receipts.
_LATEX = regex.compile(r"\\[()\[\]]")
_SPACES = regex.compile(r"\s+")


@dataclass
class Loop:
    """One repetition loop that was cut: where it started, what repeated, how often."""

    line: int
    period: int  # lines in the repeated block (0 for a loop within a line)
    repeats: int
    sample: str

    def describe(self) -> str:
        what = f"{self.period} line(s)" if self.period else "a phrase within a line"
        return f"{self.repeats} repeats of {what} from line {self.line + 1} ({self.sample[:40]!r})"


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
    text = _SPECIALS.sub("", text or "")
    # Loops within a line are cut on the raw text, before markup is removed: "<pre> <pre> ..."
    # would otherwise vanish as markup and leave no trace of the degradation.
    raw_lines = text.split("\n")
    for k, raw in enumerate(raw_lines):
        cut, inline = _cut_inline_loop(raw)
        if inline is not None:
            raw_lines[k] = cut
            reading.loops.append(Loop(line=k, period=0, repeats=inline[0], sample=inline[1]))
    text = "\n".join(raw_lines)
    if "<|ref|>" in text or "<|det|>" in text:
        reading.grounded = True
        words = _read_grounded(text, image_size, reading)
    else:
        words = [OcrWord(text=line) for line in flatten(text)]

    words, loops = cut_loops(words, key=lambda w: _norm(w.text))
    reading.loops.extend(loops)
    kept: set[int] = set()
    for loop in reading.loops:  # loops within a raw line: the words that still hold the phrase
        sample = _norm(_clean_line(loop.sample))
        if len(sample) >= 4:
            kept.update(i for i, w in enumerate(words) if sample in _norm(w.text))
    for loop in loops:
        kept.update(range(loop.line, loop.line + loop.period))
    for i, word in enumerate(words):
        cut, inline = _cut_inline_loop(word.text)
        if inline is not None:
            words[i] = word.model_copy(update={"text": cut})
            reading.loops.append(Loop(line=i, period=0, repeats=inline[0], sample=inline[1]))
            kept.add(i)
    reading.truncated = finish_reason == "length"

    if reading.degraded:
        last = len(words) - 1
        for i, word in enumerate(words):
            low = LOOP_CONFIDENCE if i in kept or (reading.truncated and i == last) else DEGRADED_CONFIDENCE
            conf = low if word.confidence is None else min(word.confidence, low)
            words[i] = word.model_copy(update={"confidence": conf})
    for loop in reading.loops:
        reading.warnings.append(f"repetition loop in the OCR output, cut: {loop.describe()}")
    if reading.truncated:
        reading.warnings.append(
            "the OCR output stopped at the token limit (finish_reason 'length'): the text may be incomplete"
        )
    if reading.skipped_boxes:
        reading.warnings.append(f"{reading.skipped_boxes} malformed grounding box(es) skipped")
    reading.words = [w for w in words if w.text.strip()]
    return reading


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
        # A ref: its det may follow after whitespace.
        j = i + 1
        if j < len(events) and events[j][0] == "text" and not events[j][1].strip():
            j += 1
        boxes: list[Box] = []
        has_det = j < len(events) and events[j][0] == "det"
        if has_det:
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
            i = j + 1
        else:
            i += 1
        label = value.strip()
        if label.lower() in BLOCK_LABELS:
            # Document mode: the block's content is the text up to the next ref.
            content: list[str] = []
            while i < len(events) and events[i][0] != "ref":
                if events[i][0] == "text":
                    content.extend(flatten(events[i][1]))
                elif events[i][0] in ("stray", "det"):
                    reading.skipped_boxes += 1
                i += 1
            if label.lower() in _PICTURE_LABELS and not content:
                continue
            words.extend(_block_words(content, boxes[0] if len(boxes) == 1 else Box.union(boxes)))
            continue
        line = _clean_line(label)
        if not line:
            continue
        placed: list[Box | None] = list(_merge_same_line(boxes)) or [None]
        words.extend(OcrWord(text=line, box=box) for box in placed)
    return words


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


# --- markdown and HTML --------------------------------------------------------------------------


class _TableRows(HTMLParser):
    """The rows of an HTML table, each as its cells' text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif data.strip():  # text outside any cell (a caption): a row of its own
            self.rows.append([data])

    def close(self) -> None:
        super().close()
        if self._cell is not None and self.rows:  # an unclosed last cell (truncated output)
            self.rows[-1].append("".join(self._cell))
            self._cell = None


def _table_lines(table_html: str) -> list[str]:
    parser = _TableRows()
    parser.feed(table_html)
    parser.close()
    out = []
    for cells in parser.rows:
        line = " ".join(c for c in (_SPACES.sub(" ", cell).strip() for cell in cells) if c)
        if line:
            out.append(line)
    return out


def flatten(text: str) -> list[str]:
    """Markdown or HTML text as plain lines: tables as one line per row, markup removed.

    >>> flatten("## TOKO **MAJU**\\n"
    ...         "<table><tr><th>Item</th><th>Rp</th></tr><tr><td>AQUA</td><td>3.500</td></tr></table>")
    ['TOKO MAJU', 'Item Rp', 'AQUA 3.500']
    """
    text = _TABLE.sub(lambda m: "\n" + "\n".join(_table_lines(m.group(0))) + "\n", text)
    # A table the answer never closed (truncated output): its rows still count.
    start = regex.search(r"<table\b", text, regex.IGNORECASE)
    if start:
        text = text[: start.start()] + "\n" + "\n".join(_table_lines(text[start.start() :])) + "\n"
    text = _BR.sub("\n", text)
    lines = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("```"):
            continue
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            if all(_MD_SEPARATOR.match(c) for c in cells if c) and any(cells):
                continue  # |---|:---:|
            stripped = " ".join(c for c in cells if c)
        line = _clean_line(stripped)
        if line:
            lines.append(line)
    return lines


def _clean_line(line: str) -> str:
    line = _HTML_TAGS.sub(" ", line)
    line = _MD_HEADING.sub("", line.strip())
    line = _MD_EMPHASIS.sub(r"\2", line)
    line = _LATEX.sub(" ", line).replace("\\times", "x")
    line = _MD_ESCAPE.sub(r"\1", line)
    line = html.unescape(line)
    return str(_SPACES.sub(" ", line)).strip()


# --- loops --------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return str(_SPACES.sub(" ", text)).strip().casefold()


def cut_loops(items: list[OcrWord], key: object = None) -> tuple[list[OcrWord], list[Loop]]:
    """``items`` with every run of a repeated line or block cut to its first copy.

    A loop is one line repeated :data:`LOOP_MIN_REPEATS_LINE` times in a row, or a block of
    2-12 lines repeated :data:`LOOP_MIN_REPEATS_BLOCK` times. ``Loop.line`` indexes the output.
    """
    keyf = key if callable(key) else (lambda w: _norm(w.text))
    keys = [keyf(w) for w in items]
    out: list[OcrWord] = []
    loops: list[Loop] = []
    i, n = 0, len(items)
    while i < n:
        found = False
        for period in range(1, min(LOOP_MAX_PERIOD, (n - i) // 2) + 1):
            block = keys[i : i + period]
            if not any(block):
                continue
            repeats = 1
            while keys[i + repeats * period : i + (repeats + 1) * period] == block:
                repeats += 1
            need = LOOP_MIN_REPEATS_LINE if period == 1 else LOOP_MIN_REPEATS_BLOCK
            if repeats >= need:
                loops.append(Loop(line=len(out), period=period, repeats=repeats, sample=items[i].text))
                out.extend(items[i : i + period])
                i += repeats * period
                found = True
                break
        if not found:
            out.append(items[i])
            i += 1
    return out, loops


def _cut_inline_loop(text: str) -> tuple[str, tuple[int, str] | None]:
    """A line with a phrase repeated many times in a row, cut to one copy; (text, None) if none."""
    tokens = text.split()
    if len(tokens) >= LOOP_MIN_REPEATS_TOKENS:
        for size in range(1, LOOP_MAX_TOKENS + 1):
            for start in range(0, len(tokens) - size * LOOP_MIN_REPEATS_TOKENS + 1):
                unit = tokens[start : start + size]
                if not any(ch.isalpha() or ch == "<" for tok in unit for ch in tok):
                    continue
                repeats = 1
                while tokens[start + repeats * size : start + (repeats + 1) * size] == unit:
                    repeats += 1
                if repeats >= LOOP_MIN_REPEATS_TOKENS:
                    kept = tokens[: start + size] + tokens[start + repeats * size :]
                    return " ".join(kept), (repeats, " ".join(unit))
    m = _CHAR_LOOP.search(text)
    if m and any(ch.isalpha() for ch in m.group(1)):
        repeats = len(m.group(0)) // len(m.group(1))
        return text[: m.start()] + m.group(1) + text[m.end() :], (repeats, m.group(1))
    return text, None
