"""Repetition loops in OCR output: a line, a block of lines or a phrase repeated until the token limit.

Generative OCR models (DeepSeek-OCR among them, see ``shared/reference/ocr-backends.md``) now and
then fall into a loop: the same line or block written again and again until the token limit, or
``<pre> <pre> <pre>`` within one line. This module finds such runs and cuts each to one copy;
deciding what a cut means for the reading (lower confidence, a warning) is the caller's business
(:func:`idextract.ocr.markup.read_deepseek`). A module of its own because it knows nothing of any
model's markup: it works on words and plain lines.

>>> words, loops = cut_loops([OcrWord(text="TOKO")] + [OcrWord(text="ES TEH 5.000")] * 7)
>>> [w.text for w in words], loops[0].describe()
(['TOKO', 'ES TEH 5.000'], "7 repeats of 1 line(s) from line 2 ('ES TEH 5.000')")
>>> cut_inline_loop("TOTAL " + "<pre> " * 9 + "5.000")
('TOTAL <pre> 5.000', (9, '<pre>'))
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .base import OcrWord

__all__ = ["Loop", "cut_inline_loop", "cut_loops", "loop_key"]

# A run of one line repeated this many times in a row is a loop; a block of 2+ lines, this many.
LOOP_MIN_REPEATS_LINE = 6
LOOP_MIN_REPEATS_BLOCK = 4
LOOP_MAX_PERIOD = 12
# Within one line: a run of 1-6 tokens repeated this many times, or a string of letters repeated
# without spaces ("ABCABCABC...").
LOOP_MIN_REPEATS_TOKENS = 8
LOOP_MAX_TOKENS = 6
_CHAR_LOOP = regex.compile(r"(\S{2,40}?)\1{7,}")

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


def loop_key(text: str) -> str:
    """A line as loops compare it: spaces collapsed, case folded."""
    return str(_SPACES.sub(" ", text)).strip().casefold()


def cut_loops(items: list[OcrWord], key: object = None) -> tuple[list[OcrWord], list[Loop]]:
    """``items`` with every run of a repeated line or block cut to its first copy.

    A loop is one line repeated :data:`LOOP_MIN_REPEATS_LINE` times in a row, or a block of
    2-12 lines repeated :data:`LOOP_MIN_REPEATS_BLOCK` times. ``Loop.line`` indexes the output.
    """
    keyf = key if callable(key) else (lambda w: loop_key(w.text))
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


def cut_inline_loop(text: str) -> tuple[str, tuple[int, str] | None]:
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
