"""The fuzzy pass of :class:`idextract.text.LabelMatcher`, run on the labels a text may hold.

The pass is one alternation of every label long enough to be damaged (``(?:T[O0]TAL){e<=1}|...``,
225 amount labels) under the regex module's BESTMATCH, which tries each branch at each position:
some 200-400 µs for a window of a row, the slowest single step of a receipt. Most texts that get
past the matcher's screens hold no damaged label after all, or one. So:

* A label matched with at most ``k`` errors matches one of ``k + 1`` disjoint pieces of it
  exactly (``text._exact_pieces``): a label none of whose pieces occurs in the text cannot match
  there. The pieces are looked up among the text's substrings, every spelling of them (the
  look-alikes spelled out) in one table.
* A label matched with at most ``k`` errors keeps all but ``2k`` of the pairs of neighbouring
  characters inside its words (a substitution or deletion breaks the two pairs a character is
  in, an insertion the one it falls into; a space or dot between words is no error): a label
  of which the text holds fewer such pairs cannot match there. An address row full of pieces
  of labels ("JL. TUKAD PAKERISAN": "TU" of TUNAI, "KA" of KARTU) leaves few of its candidates.
* Each label left (a handful) is searched with its own one-branch pattern: a few µs each.
* A branch that matches nowhere in a text changes nothing in an alternation's search of it. So
  with no label matching, the alternation finds nothing; with one, it finds what that label's own
  pattern finds (the same group name, the same errors); only with two or more is the whole
  alternation run, as it always was. The hits are the same in every case.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import regex

__all__ = ["FuzzyLabel", "FuzzyPass"]


class FuzzyLabel(NamedTuple):
    """A label of the fuzzy pass: its group name, its branch (``(?P<name>(?:...){e<=n})``), its
    exact pieces (each a list of the readings of its characters; ``None`` for none), its words
    (the same readings, word by word) and the errors its branch allows."""

    name: str
    branch: str
    pieces: list[list[str]] | None
    words: list[list[str]]
    errors: int


class _Node:
    """A trie node: the characters that may follow, and the labels whose piece ends here."""

    __slots__ = ("names", "next")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.names: list[str] = []


class FuzzyPass:
    """``finditer()`` of the BESTMATCH alternation of fuzzy label branches between two edges."""

    def __init__(self, branches: Sequence[FuzzyLabel], edges: tuple[str, str]) -> None:
        self._edges = edges
        self._branches = {b.name: b.branch for b in branches}
        self._whole = self._compile([b.branch for b in branches])
        self._unscreened = [b.name for b in branches if b.pieces is None]  # searched in any text
        # Each label's pairs of neighbouring characters inside a word (every spelling of each), and
        # how many of them a text may lack for a match, two per error (see the module docstring).
        self._pairs = {b.name: ([frozenset(map("".join, itertools.product(word[i], word[i + 1])))
                                 for word in b.words for i in range(len(word) - 1)], 2 * b.errors) for b in branches}
        # Every spelling of every piece, in a trie: a walk from each character of a text finds
        # the pieces that start there.
        self._pieces = _Node()
        for name, _, pieces, _, _ in branches:
            for piece in pieces or ():
                for chars in itertools.product(*piece):
                    node = self._pieces
                    for ch in chars:
                        node = node.next.setdefault(ch, _Node())
                    if name not in node.names:
                        node.names.append(name)
        # Each label's own pattern, compiled when first searched (some ms for all): one per label at most.
        self._own: dict[str, regex.Pattern[str]] = {}

    def _compile(self, branches: list[str]) -> regex.Pattern[str]:
        left, right = self._edges
        return regex.compile(left + "(?:" + "|".join(branches) + ")" + right, flags=regex.BESTMATCH)

    def _pattern(self, name: str) -> regex.Pattern[str]:
        pattern = self._own.get(name)
        if pattern is None:
            pattern = self._own[name] = self._compile([self._branches[name]])
        return pattern

    def candidates(self, text: str) -> list[str]:
        """The labels that may match in ``text``: one of their pieces occurs there (or they have
        none), and enough of their pairs of neighbouring characters."""
        found = dict.fromkeys(self._unscreened)
        root = self._pieces.next
        for start, first in enumerate(text):
            node, at = root.get(first), start + 1
            while node is not None:
                if node.names:
                    found.update(dict.fromkeys(node.names))
                node = node.next.get(text[at]) if at < len(text) else None
                at += 1
        held = {text[i : i + 2] for i in range(len(text) - 1)}
        return [name for name in found if self._enough_pairs(name, held)]

    def _enough_pairs(self, name: str, held: set[str]) -> bool:
        pairs, slack = self._pairs[name]
        return len(pairs) <= slack or sum(map(held.isdisjoint, pairs)) <= slack  # the pairs lacking, counted in C

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        """The alternation's matches in ``text`` (see the module docstring)."""
        matching = [name for name in self.candidates(text) if self._pattern(name).search(text)]
        if not matching:
            return iter(())
        return (self._pattern(matching[0]) if len(matching) == 1 else self._whole).finditer(text)
