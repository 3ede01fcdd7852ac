"""Closed vocabularies of the KTP, and how far an OCR read is from a printed word.

A KTP prints most fields from a short fixed list (religion, marital status, occupation, sex,
blood type, province; ``SEUMUR HIDUP``). A blurred read is snapped to the nearest entry with an
edit distance that knows the OCR look-alikes (8/B, 0/O, 1/I, 5/S, M/N...), so a confusion costs
less than a real misspelling; the distance still lowers confidence. The same distance compares
damaged labels and header words (``PROVINSI``, ``KOTA``) with what the card prints, on their
bare letters (:func:`skeleton`).
"""

from __future__ import annotations

from collections import Counter

import regex

__all__ = ["Vocab", "skeleton", "wdist"]


# Characters OCR confuses on small, blurred print (digits and letters, and letters among
# themselves); a substitution between two of them costs this much instead of 1.
_CONFUSABLE = {frozenset(p) for p in ("0O", "0D", "0Q", "OD", "OQ", "DB", "1I", "1L", "IL", "IJ", "1T", "5S", "2Z",
                                      "6G", "8B", "9G", "MN", "MW", "NW", "UV", "CG", "EF", "HN", "KX")}
_CONFUSION_COST = 0.4
_ALNUM = regex.compile(r"[^A-Z0-9]+")


def wdist(a: str, b: str, confusion: float = _CONFUSION_COST) -> float:
    """Levenshtein distance of upper-case ``a`` and ``b`` where look-alikes (8/B, 0/O, 1/I, 5/S,
    M/N...) cost ``confusion``."""
    if a == b:
        return 0.0
    prev = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, 1):
        cur = [float(i)]
        for j, cb in enumerate(b, 1):
            sub = 0.0 if ca == cb else (confusion if frozenset((ca, cb)) in _CONFUSABLE else 1.0)
            cur.append(min(prev[j] + 1.0, cur[j - 1] + 1.0, prev[j - 1] + sub))
        prev = cur
    return prev[-1]


_LETTER_WEIGHT = 0.85


def _bigrams(text: str) -> set[str]:
    t = f" {text} "
    return {t[i : i + 2] for i in range(len(t) - 1)}


class Vocab:
    """A closed vocabulary: exact look-up, a cheap bigram likeness (for choosing rows), and a
    length-aware snap that knows OCR look-alikes (for the value)."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.keys = list(table)
        self.grams = [_bigrams(k) for k in self.keys]
        self.index: dict[str, list[int]] = {}
        for i, grams in enumerate(self.grams):
            for g in grams:
                self.index.setdefault(g, []).append(i)
        self._like: dict[str, float] = {}
        small = len(self.keys) <= 16
        self.letters = [(Counter(k.replace(" ", "")), len(k.replace(" ", ""))) for k in self.keys] if small else []

    def likeness(self, text: str) -> float:
        """Dice similarity of bigrams with the nearest entry (0..1); cached per text."""
        key = " ".join(text.upper().split())
        if key in self.table:
            return 1.0
        hit = self._like.get(key)
        if hit is not None:
            return hit
        grams = _bigrams(key)
        counts: dict[int, int] = {}
        for g in grams:
            for i in self.index.get(g, ()):
                counts[i] = counts.get(i, 0) + 1
        best = max((2 * c / (len(grams) + len(self.grams[i])) for i, c in counts.items()), default=0.0)
        if self.letters:
            # Short words lose most of their bigrams to one bad letter (LAIG-LAN): their letters
            # (as a multiset) say more, discounted as weaker evidence.
            mine = Counter(key.replace(" ", ""))
            size = sum(mine.values())
            letters = max((2 * sum((mine & theirs).values()) / (size + n) for theirs, n in self.letters), default=0.0)
            best = max(best, _LETTER_WEIGHT * letters)
        if len(self._like) < 4096:
            self._like[key] = best
        return best

    def snap(self, text: str) -> tuple[str | None, float]:
        """The entry nearest to ``text`` and a similarity (1.0 = exact), or ``(None, 0.0)``.

        Chosen and accepted with look-alikes costing :data:`_CONFUSION_COST` (within about a
        third of the entry's length, and only when no other entry is as near); the similarity
        counts every edit in full, as it measures how much of the value was actually read.
        """
        key = " ".join(text.upper().split())
        if key in self.table:
            return self.table[key], 1.0
        if not key:
            return None, 0.0
        grams = _bigrams(key)
        if len(self.keys) > 16:
            counts: dict[int, int] = {}
            for g in grams:
                for i in self.index.get(g, ()):
                    counts[i] = counts.get(i, 0) + 1
            pool = sorted(counts, key=lambda i: -2 * counts[i] / (len(grams) + len(self.grams[i])))[:6]
        else:
            pool = list(range(len(self.keys)))
        scored = sorted((wdist(key, self.keys[i]), i) for i in pool)
        if not scored:
            return None, 0.0
        d, i = scored[0]
        entry = self.keys[i]
        n = max(len(key), len(entry))
        allowed = max(0.5, 0.34 * len(entry)) if len(entry) > 1 else 0.5
        rivals = [d2 for d2, j in scored[1:] if self.table[self.keys[j]] != self.table[entry]]
        margin = rivals[0] - d if rivals else float("inf")
        # Up to half the entry's length when every other entry is much farther (ISLIR, CENAE MIDP).
        far = len(entry) >= 4 and d <= 0.5 * len(entry) and margin >= 1.5
        if not far and (d > allowed or margin < 0.5 or 1 - d / n < 0.6):
            return None, 0.0
        return self.table[entry], round(1 - wdist(key, entry, 1.0) / n, 3)


def skeleton(text: str) -> str:
    """Upper-case letters and digits only (``Tgl.Lahir`` -> ``TGLLAHIR``): labels compared as such."""
    return _ALNUM.sub("", text.upper())
