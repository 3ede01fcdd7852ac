"""Text clean-up and label matching that tolerates OCR damage.

Labels are document knowledge and live in ``parsers/*.toml``; this module only knows how to
find them. An exact pass (one compiled alternation) runs on every row; the fuzzy pass (the
``regex`` module's ``{e<=n}``), which is much slower, only where the exact pass found nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import regex

__all__ = ["LabelHit", "LabelMatcher", "fold_width", "normalize", "repair_digits"]

_SPACES = regex.compile(r"\s+")
_WORDS = regex.compile(r"[A-Z]{2,}")
_MIN_NEAR = 4  # a token shorter than this is never within one edit of a 5-letter label word
_TRANSLATE = str.maketrans({"×": "x", "¦": "|", "—": "-", "–": "-", "“": '"', "”": '"', "’": "'"})


# Full-width ASCII (U+FF01..U+FF5E), the ideographic space, and the decimal digits NFKC folds to
# ASCII (full-width, mathematical, segmented): each is one code point that becomes one ASCII
# character, so folding keeps every offset. NFKC itself is not used: it can change the length
# ("¼" -> "1⁄4") and would move spans. Arabic-Indic and other scripts' digits are left alone.
_WIDTH_FOLD: dict[int, int] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH_FOLD[0x3000] = ord(" ")
for _first in (0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1FBF0):  # five mathematical styles, segmented
    _WIDTH_FOLD.update({_first + i: ord("0") + i for i in range(10)})
_WIDE = regex.compile("[" + "".join(regex.escape(chr(c)) for c in sorted(_WIDTH_FOLD)) + "]")


def fold_width(text: str) -> str:
    """``text`` with full-width forms as ASCII, same length: ``'Rp１０.０００'`` -> ``'Rp10.000'``."""
    if text.isascii() or not _WIDE.search(text):
        return text
    return text.translate(_WIDTH_FOLD)


def normalize(text: str) -> str:
    """NFKC (full-width punctuation from OCR), a few look-alikes, single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).translate(_TRANSLATE)).strip()


def repair_digits(text: str, mapping: Mapping[str, str]) -> tuple[str, list[str]]:
    """Replace OCR look-alikes of digits (``O``->``0``...) using ``mapping``; returns the notes made."""
    out, notes = [], []
    for ch in text:
        if not ch.isdigit() and ch in mapping:
            out.append(mapping[ch])
            notes.append(f"digit repaired {ch}->{mapping[ch]}")
        else:
            out.append(ch)
    return "".join(out), notes


@dataclass(frozen=True)
class LabelHit:
    key: str  # what the label means (the spec's key, e.g. "total")
    label: str  # the label as listed in the spec
    start: int
    end: int
    errors: int  # edit distance of a fuzzy hit; 0 for exact


def _label_regex(label: str) -> str:
    # Printed spacing and punctuation vary: "SUB TOTAL", "SUBTOTAL", "No.Struk", "NO. STRUK".
    words = [regex.escape(w) for w in regex.split(r"[\s.]+", label) if w]
    return r"[\s.]*".join(words)


class LabelMatcher:
    """Finds labels in a row of text: ``{key: [label, ...]}`` in, :class:`LabelHit` list out."""

    def __init__(self, labels: Mapping[str, Iterable[str]], *, min_fuzzy_length: int = 5) -> None:
        self._key_of: dict[str, tuple[str, str]] = {}
        patterns = []
        fuzzy = []
        entries = sorted(((lab.upper(), key) for key, labs in labels.items() for lab in labs), key=lambda e: -len(e[0]))
        for i, (label, key) in enumerate(entries):
            name = f"l{i}"
            self._key_of[name] = (key, label)
            pat = _label_regex(label)
            patterns.append(f"(?P<{name}>{pat})")
            if len(label.replace(" ", "")) >= min_fuzzy_length:
                errors = 1 if len(label) < 9 else 2
                fuzzy.append(f"(?P<{name}>(?:{pat}){{e<={errors}}})")
        # Every label word and its one-letter deletions: a row whose words come nowhere near them
        # cannot hold a damaged label, and skips the slow fuzzy pass (SymSpell's trick).
        self._near: set[str] = set()
        for label, _ in entries:
            if len(label.replace(" ", "")) < min_fuzzy_length:
                continue
            for word in regex.findall(r"[A-Z]{5,}", label):
                self._near.add(word)
                self._near.update(word[:i] + word[i + 1 :] for i in range(len(word)))
        # One edit away from a label word means at most one letter longer than the longest.
        self._max_near = max((len(w) for w in self._near), default=0) + 1
        edge_l, edge_r = r"(?<![A-Z0-9])", r"(?![A-Z])"
        self._exact = regex.compile(edge_l + "(?:" + "|".join(patterns) + ")" + edge_r)
        self._fuzzy = regex.compile(
            edge_l + "(?:" + "|".join(fuzzy) + ")" + edge_r, flags=regex.BESTMATCH
        ) if fuzzy else None

    def find(self, text: str, *, fuzzy: bool = True) -> list[LabelHit]:
        """Non-overlapping label hits in ``text``, left to right."""
        upper = text.upper()
        hits = [self._hit(m, 0) for m in self._exact.finditer(upper)]
        if not hits and fuzzy and self._fuzzy is not None and self._maybe_damaged(upper):
            hits = [self._hit(m, sum(m.fuzzy_counts)) for m in self._fuzzy.finditer(upper)]
        return hits

    def _maybe_damaged(self, upper: str) -> bool:
        """Whether some word is within one edit of a label word (deletions meet in the middle)."""
        near = self._near
        words = _WORDS.findall(upper)
        # OCR also splits words ("Ind maret"): try each pair of neighbours joined.
        for token in words + [a + b for a, b in zip(words, words[1:])]:
            if not _MIN_NEAR <= len(token) <= self._max_near:
                continue
            if token in near or any(token[:i] + token[i + 1 :] in near for i in range(len(token))):
                return True
        return False

    def _hit(self, m: regex.Match[str], errors: int) -> LabelHit:
        name = m.lastgroup or ""
        key, label = self._key_of[name]
        return LabelHit(key, label, m.start(), m.end(), errors)
