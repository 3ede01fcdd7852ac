"""Text clean-up and label matching that tolerates OCR damage.

Labels are document knowledge and live in ``parsers/*.toml``; this module only knows how to
find them. An exact pass (one compiled alternation, its common prefixes shared, run by the
stdlib ``re``) runs on every row; the fuzzy pass (the ``regex`` module's ``{e<=n}``), which is
much slower, only where the exact pass found nothing.
"""

from __future__ import annotations

import bisect
import functools
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import regex

from .fuzzy_labels import FuzzyLabel, FuzzyPass
from .misreadings import CAP_L, CAPS_BY_L, l_as_i, rn_as_m, small_l_as_i

__all__ = ["LabelHit", "LabelMatcher", "fold_width", "normalize", "prefix_alternation", "repair_digits"]

_SPACES = regex.compile(r"\s+")
_WORDS = re.compile(r"[A-Z]{2,}")  # stdlib re: ASCII only, and quicker than regex
_UP_TO_DIGIT = re.compile(r"[^0-9]*")
_LETTER_DIGIT = re.compile(r"(?<=[A-Z])[0158](?=[A-Z])|(?<=[A-Z]{2})[0158]\b|\b[0158](?=[A-Z]{2})")
_AS_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B"}
_AS_LETTER_DIGITS = re.compile(r"[0158]")  # a necessary condition for _LETTER_DIGIT, searched first (quicker)
_JOINER = "\x00"  # between rows searched at once (LabelMatcher.find_each)

_MIN_NEAR = 4  # a token shorter than this is never within one edit of a 5-letter label word
_TRANSLATE = str.maketrans({"×": "x", "¦": "|", "—": "-", "–": "-", "“": '"', "”": '"', "’": "'"})


# Full-width ASCII (U+FF01..U+FF5E), the ideographic space, and the digits NFKC folds to ASCII
# (full-width, mathematical, segmented, super- and subscript): each is one code point that becomes one ASCII
# character, so folding keeps every offset. NFKC itself is not used: it can change the length
# ("¼" -> "1⁄4") and would move spans. Arabic-Indic and other scripts' digits are left alone.
_WIDTH_FOLD: dict[int, int] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH_FOLD[0x3000] = ord(" ")
for _first in (0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1FBF0):  # five mathematical styles, segmented
    _WIDTH_FOLD.update({_first + i: ord("0") + i for i in range(10)})
# Superscript and subscript digits: an OCR reads a thin "1" so ("KEMBALI : ¹0,400").
_WIDTH_FOLD.update({ord(c): ord("0") + i for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")})
_WIDTH_FOLD.update({0x2080 + i: ord("0") + i for i in range(10)})
_WIDE = regex.compile("[" + "".join(regex.escape(chr(c)) for c in sorted(_WIDTH_FOLD)) + "]")
# Every decimal digit is below this code point (the last, segmented digits, end at U+1FBF9).
_DIGITS_END = 0x20000


def fold_width(text: str) -> str:
    """``text`` with full-width forms as ASCII, same length: ``'Rp１０.０００'`` -> ``'Rp10.000'``;
    a digit Python cannot read is U+FFFD (:func:`_unreadable_digits`)."""
    if text.isascii():
        return text
    if _WIDE.search(text):
        text = text.translate(_WIDTH_FOLD)
    unreadable = _unreadable_digits()
    if unreadable is not None and unreadable.search(text):
        text = unreadable.sub("\ufffd", text)
    return text


@functools.cache
def _unreadable_digits() -> regex.Pattern[str] | None:
    r"""The characters regex's ``\d`` matches that ``int()`` and ``Decimal()`` refuse: regex
    follows a newer Unicode than Python's own tables, so the digits of scripts added since (Kawi,
    Nag Mundari) match ``\d`` in the parsers' patterns and then raise. Found once per process
    (about 0.1 s), not listed, so that a newer regex cannot bring new ones in unseen."""
    everything = "".join(map(chr, chain(range(0xD800), range(0xE000, _DIGITS_END))))
    odd = sorted({ch for ch in regex.findall(r"\d", everything) if not ch.isdecimal()})
    return regex.compile("[" + "".join(map(regex.escape, odd)) + "]") if odd else None


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


_new = object.__new__


def _label_hit(key: str, label: str, start: int, end: int, errors: int) -> LabelHit:
    """``LabelHit(key, label, start, end, errors)`` for the matchers' loops: the frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``, twice the cost of
    filling the new instance's ``__dict__`` at once, as here (LabelHit has no ``__post_init__``;
    tests/test_text.py checks that both give equal objects with the same fields)."""
    hit = _new(LabelHit)
    hit.__dict__.update(key=key, label=label, start=start, end=end, errors=errors)
    return hit


# Printed spacing and punctuation vary: "SUB TOTAL", "SUBTOTAL", "SUB-TOTAL", "No.Struk", "NO. STRUK".
_SEPARATOR = r"[\s.-]*"
# The same for stdlib re, whose \s also takes \x1c-\x1f: regex's \s (Unicode White_Space)
# spelled out, so that both engines read a label alike.
_RE_SEPARATOR = r"[\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000.-]*"


# A digit inside a label is also read as the letters OCR confuses it with ("PB1" printed, "PBI"
# or "PBl" read), and a letter as its look-alike digit ("P8I", "T0TAL", "V1SA"); upper case, as
# rows are matched. Not L for I: "BALL" is no "BALI".
_LOOK_ALIKES = {"0": "0O", "1": "1IL|!", "O": "O0", "B": "B8", "S": "S5", "I": "I1|!"}
# In a label's words of four letters or more, also an L read as 1 ("Tota1", "Sa1do") and a G as 6
# ("CHAN6E") or q ("Chanqe", "Harqa"); not in short ones ("TL": "T1" is a table, "T11" a stall).
_LONG_LOOK_ALIKES = {"L": "L1|I", "G": "G6Q"}
_LONG_WORD = 4
# In words of three letters, an L read as I only ("TTI" for TTL, "JMI" for JML: an l's stroke).
_MID_LOOK_ALIKES = {"L": "LI"}
_MID_WORD = 3
# The fuzzy pass takes an I read as 1 as one edit ("TUNA1"): a class of digits in its patterns
# would let far more rows past its screen (any row with a 1 in it).
_FUZZY_LOOK_ALIKES = {ch: readings for ch, readings in _LOOK_ALIKES.items() if ch != "I"}


def _label_chars(label: str, look_alikes: Mapping[str, str] = _LOOK_ALIKES) -> list[list[str]]:
    """A label's words, each as the readings of its characters: the character itself, or it and
    its OCR look-alikes (``"T0TAL"`` -> ``[["T", "0O", "T", "A", "L1"]]``; the fuzzy pass's
    ``look_alikes`` take no long word's)."""
    words = [w for w in regex.split(r"[\s.]+", label) if w]
    longer = _LONG_LOOK_ALIKES if look_alikes is _LOOK_ALIKES else {}
    mid = _MID_LOOK_ALIKES if look_alikes is _LOOK_ALIKES else {}
    return [[look_alikes.get(ch) or (longer.get(ch, ch) if len(word) >= _LONG_WORD else
                                     mid.get(ch, ch) if len(word) == _MID_WORD else ch) for ch in word]
            for word in words]


def _atom(readings: str, escape: Callable[[str], str] = regex.escape) -> str:
    """One character's pattern: itself escaped, or the class of its readings."""
    return escape(readings) if len(readings) == 1 else "[" + "".join(escape(c) for c in readings) + "]"


def _label_atoms(label: str, separator: str = _SEPARATOR, escape: Callable[[str], str] = regex.escape,
                 look_alikes: Mapping[str, str] = _LOOK_ALIKES) -> list[str]:
    """A label's pattern, piece by piece: each character escaped (one with OCR look-alikes as a
    class of them), ``separator`` between words."""
    atoms: list[str] = []
    for word in _label_chars(label, look_alikes):
        if atoms:
            atoms.append(separator)
        atoms.extend(_atom(readings, escape) for readings in word)
    return atoms


def prefix_alternation(branches: Sequence[tuple[Sequence[str], str]], separator: str = _SEPARATOR) -> str:
    """``(?:b1|b2|...)`` with the branches' common prefixes written once: the same match, faster.

    Each branch is ``(atoms, tail)``: its pattern cut into pieces (single literal characters, or
    ``separator``), in priority order; ``tail`` (an empty named group, say) ends it. Regex engines
    try an alternation's branches one by one at every possible start, so 168 amount labels cost
    microseconds per word of text; most of them share a first letter or word (TOTAL ...).

    The match stays the first listed branch that matches, as in the plain alternation: a separator
    is always followed by a character it cannot match (see ``_label_atoms``), so it takes the whole
    run of spaces and dots and branches with a common prefix reach the same point of the text;
    and branches that go on with two different characters cannot both match there, so they may be
    tried in either order. Any other pair (a separator, or a branch that ends there) keeps its
    order. With IGNORECASE the characters must be ASCII letters (distinct letters never match the
    same character).
    """
    children: list[tuple[str | None, list[tuple[Sequence[str], str]]]] = []  # None: a branch ends
    for atoms, tail in branches:
        head = atoms[0] if atoms else None
        target = None
        if head is not None and head != separator:
            for key, members in reversed(children):
                if key == head:
                    target = members
                    break
                if key is None or key == separator or _overlap(key, head):
                    break  # may match the same text as this branch: not jumped over
        elif head == separator and children and children[-1][0] == separator:
            target = children[-1][1]
        if target is None:
            children.append((head, [(atoms, tail)]))
        else:
            target.append((atoms, tail))
    parts = [members[0][1] if key is None else key + prefix_alternation([(a[1:], t) for a, t in members], separator)
             for key, members in children]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _atom_chars(atom: str) -> set[str]:
    """The characters an atom of :func:`_label_atoms` matches (a class's members, or itself)."""
    body = atom[1:-1] if len(atom) > 1 and atom.startswith("[") else atom
    return set(re.sub(r"\\(.)", r"\1", body))


def _overlap(a: str, b: str) -> bool:
    """Whether two different atoms match a character in common (look-alike classes such as
    ``[I1|!]`` and ``[1IL|!]``), so that a branch may not be moved past the other."""
    return a != b and bool(_atom_chars(a) & _atom_chars(b))


def _exact_pieces(label: str, count: int) -> list[list[str]] | None:
    """``count`` disjoint pieces of ``label`` (the readings of their characters, see
    :func:`_label_chars`), each inside one word, or ``None`` when the label has too few letters
    for that.

    A fuzzy match with at most ``count - 1`` errors (insertions, deletions, substitutions) has
    one of them matched exactly, on consecutive characters of the text (pigeonhole: each error
    falls inside at most one piece; a piece holds no separator, so it matches a fixed number of
    characters). So a text in which no piece of any fuzzy label is found exactly holds no fuzzy
    match at all, and the fuzzy pass can be skipped there without losing a hit.
    """
    pieces = _label_chars(label, _FUZZY_LOOK_ALIKES)
    while len(pieces) < count:
        longest = max(pieces, key=len, default=[])
        if len(longest) < 2:
            return None
        at = pieces.index(longest)
        half = len(longest) // 2
        pieces[at : at + 1] = [longest[:half], longest[half:]]
    # Any ``count`` of them will do: the longest are the rarest in a text.
    return sorted(pieces, key=len, reverse=True)[:count]


def _covered(hits: Sequence[LabelHit]) -> int:
    """How many characters of a row ``hits`` cover."""
    return sum(h.end - h.start for h in hits)


class LabelMatcher:
    """Finds labels in a row of text: ``{key: [label, ...]}`` in, :class:`LabelHit` list out."""

    def __init__(self, labels: Mapping[str, Iterable[str]], *, min_fuzzy_length: int = 5, screen: bool = True) -> None:
        """``screen``: rows whose words are not within one edit of a label word skip the (slow)
        fuzzy pass; a matcher run on a few rows only (the brands at a receipt's head) may try every
        row, so that a name damaged twice and split (``Ind marei``) is still found."""
        self._screen = screen
        self._key_of: dict[str, tuple[str, str]] = {}
        branches = []
        fuzzy: list[FuzzyLabel] = []
        pieces: list[list[str]] | None = []  # None: some fuzzy label cannot be screened
        entries = sorted(((lab.upper(), key) for key, labs in labels.items() for lab in labs), key=lambda e: -len(e[0]))
        for i, (label, key) in enumerate(entries):
            name = f"l{i}"
            self._key_of[name] = (key, label)
            branches.append((_label_atoms(label, _RE_SEPARATOR, re.escape), f"(?P<{name}>)"))  # lastgroup names it
            pat = "".join(_label_atoms(label, look_alikes=_FUZZY_LOOK_ALIKES))
            if len(label.replace(" ", "")) >= min_fuzzy_length:
                errors = 1 if len(label) < 9 else 2
                own = _exact_pieces(label, errors + 1)
                fuzzy.append(FuzzyLabel(name, f"(?P<{name}>(?:{pat}){{e<={errors}}})", own,
                                        _label_chars(label, _FUZZY_LOOK_ALIKES), errors))
                pieces = None if own is None or pieces is None else pieces + own
        # Every label word and its one-letter deletions: a row whose words come nowhere near them
        # cannot hold a damaged label, and skips the slow fuzzy pass (SymSpell's trick).
        self._words = {w for label, _ in entries for w in _WORDS.findall(label)}
        self._near: set[str] = set()
        for label, _ in entries:
            if len(label.replace(" ", "")) < min_fuzzy_length:
                continue
            for word in regex.findall(r"[A-Z]{5,}", label):
                self._near.add(word)
                self._near.update(word[:i] + word[i + 1 :] for i in range(len(word)))
        # One edit away from a label word means at most one letter longer than the longest.
        self._max_near = max((len(w) for w in self._near), default=0) + 1
        self._near_heads = {w[:3] for w in self._near}
        edge_l, edge_r = r"(?<![A-Z0-9])", r"(?![A-Z])"
        # Stdlib re runs the shared-prefix alternation several times faster than regex does. An
        # empty label (it would match anywhere) keeps regex, as it always had, empty matches and all.
        engine: Any = re if all(atoms for atoms, _ in branches) else regex
        # find_each may search rows joined by _JOINER when no label holds it (see there).
        self._joinable = engine is re and not any(_JOINER in label for label, _ in entries)
        self._exact = engine.compile(edge_l + "(?:" + prefix_alternation(branches, _RE_SEPARATOR) + ")" + edge_r)
        self._fuzzy = FuzzyPass(fuzzy, (edge_l, edge_r)) if fuzzy else None
        # A necessary condition for any fuzzy match (see _exact_pieces): one search of the
        # pieces' shared-prefix alternation spares the slow pass most rows that hold none.
        self._pieces = re.compile(prefix_alternation([([_atom(r, re.escape) for r in p], "") for p in pieces],
                                                     _RE_SEPARATOR)) if fuzzy and pieces else None

    def find(self, text: str, *, fuzzy: bool = True) -> list[LabelHit]:
        """Non-overlapping label hits in ``text``, left to right."""
        upper = text.upper()
        # Most rows hold no label: search() tells without an iterator and a list (finditer() then
        # starts from the same first match).
        hits = [self._hit(m, 0) for m in self._exact.finditer(upper)] if self._exact.search(upper) else []
        # Each misreading below wins where its labels cover more of the row than the reading so far.
        if (alt := l_as_i(text)) is not None and self._exact.search(alt):
            if _covered(other := [self._hit(m, 0) for m in self._exact.finditer(alt)]) > _covered(hits):  # "DEBlT CARD"
                upper, hits = alt, other
        if fuzzy and "RN" in upper and (read := rn_as_m(upper)) is not None and self._exact.search(read[0]):
            # "Jurnlah", "Uang Kernbali": an m read as rn, two edits the fuzzy pass does not allow.
            alt, at = read
            found = (self._hit(m, 0) for m in self._exact.finditer(alt))
            other = [LabelHit(h.key, h.label, at[h.start], at[h.end], 1) for h in found]
            hits = other if _covered(other) > _covered(hits) else hits
        if fuzzy and "l" in text and (not hits or CAP_L.search(text)) and (alt := small_l_as_i(text)) is not None \
                and self._exact.search(alt):
            # "Bakl", "Dlskon Member": an i whose dot was lost.
            other = [self._hit(m, 1) for m in self._exact.finditer(alt)]
            hits = other if _covered(other) > _covered(hits) else hits
        if not hits and fuzzy and self._fuzzy is not None and (self._pieces is None or self._pieces.search(upper)) \
                and (not self._screen or self._maybe_damaged(upper)):
            hits = [hit for m in self._fuzzy.finditer(upper)
                    if not self._other_words(upper, m, hit := self._hit(m, sum(m.fuzzy_counts)))]
        return hits

    def find_each(self, texts: Sequence[str]) -> list[list[LabelHit]]:
        """``[self.find(text, fuzzy=False) for text in texts]``, by one search of the texts joined.

        The texts, upper-cased, are joined by ``_JOINER`` (NUL), which no label's pattern matches
        (no label holds it; the look-alike classes and the separator do not take it), and every
        branch takes a character at least (no empty label: the stdlib engine). So no match runs
        over a joiner, and one at a row's edge sees NUL beside it, neither letter nor digit, as
        the row's own edge would be: each position of a row matches as it does in the row alone,
        with the same branch. finditer() leaves each row where its last match there ended, and no
        match starts at a joiner, so it finds each row's matches in turn, as find() does."""
        if not self._joinable:
            return [self.find(text, fuzzy=False) for text in texts]
        uppers = [text.upper() for text in texts]
        found: list[list[LabelHit]] = [[] for _ in uppers]
        starts, at = [], 0
        for upper in uppers:
            starts.append(at)
            at += len(upper) + 1
        for m in self._exact.finditer(_JOINER.join(uppers)):
            i = bisect.bisect_right(starts, m.start()) - 1
            key, label = self._key_of[m.lastgroup or ""]
            found[i].append(_label_hit(key, label, m.start() - starts[i], m.end() - starts[i], 0))
        for i, text in enumerate(texts):
            if "l" in text and CAPS_BY_L.search(text):
                found[i] = self.find(text, fuzzy=False)  # an l among capitals may be an I
        return found

    def in_any(self, texts: Iterable[str]) -> bool:
        """Whether one of ``texts`` may hold an exact hit; ``False`` means ``find(text,
        fuzzy=False)`` is empty for each of them, found by one search instead of one per text.

        The texts are searched as one, joined by newlines (``upper()`` maps each character on its
        own, so the joined text upper-cased is the texts upper-cased, joined). A hit in a text is a
        match in the joined text at the same characters: the newline around it is neither a letter
        nor a digit, as the text's edges are not, so the label's edges hold there as they did."""
        joined = "\n".join(texts)
        return self._exact.search(joined.upper()) is not None or \
            ((alt := l_as_i(joined)) is not None and self._exact.search(alt) is not None)

    def _other_words(self, upper: str, m: regex.Match[str], hit: LabelHit) -> bool:
        """Whether a fuzzy match is words of other labels printed right, among words of their
        own: "DELIVERY CHARGE" and "Charge to Room 1208" are no damaged CHANGE (a lone "Charge:
        3,500" may be); "CIRCLE" is CIRCLE K's own."""
        words = set(_WORDS.findall(m.group()))
        if not words or not words <= self._words or words <= set(_WORDS.findall(hit.label)):
            return False
        tail = _UP_TO_DIGIT.match(upper, m.end())  # the words up to the amount
        after = _WORDS.findall(tail.group()) if tail else []
        return any(ch.isalpha() for ch in upper[: m.start()]) or any(w not in self._words for w in after[:2])

    def _maybe_damaged(self, upper: str) -> bool:
        """Whether some word is within one edit of a label word (deletions meet in the middle)."""
        near, heads, longest = self._near, self._near_heads, self._max_near
        # A digit the OCR read for a letter inside a word ("KEMBA1I", "T0TAL") is a letter here.
        if _AS_LETTER_DIGITS.search(upper):  # many texts hold none of them: no substitution to try
            upper = _LETTER_DIGIT.sub(lambda m: _AS_LETTER[m.group()], upper)
        words = _WORDS.findall(upper)
        # OCR also splits words ("Ind maret"): try each pair of neighbours joined.
        for token in chain(words, map(operator.add, words, words[1:])):
            n = len(token)
            if n < _MIN_NEAR or n > longest:
                continue
            if (token in near or token[1:] in near or token[0] + token[2:] in near
                    or token[:2] + token[3:] in near):
                return True
            # Deleting a later letter keeps the first three: unless some label word (or one of
            # its deletions) starts with them, those deletions cannot be near a label word.
            if token[:3] in heads and any(token[:i] + token[i + 1 :] in near for i in range(3, n)):
                return True
        return False

    def _hit(self, m: re.Match[str] | regex.Match[str], errors: int) -> LabelHit:
        name = m.lastgroup or ""
        key, label = self._key_of[name]
        return _label_hit(key, label, m.start(), m.end(), errors)
