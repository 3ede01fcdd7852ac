"""An item table read one cell per row: how a cloud OCR engine gives an A4 invoice's table when its
columns stand far apart (``No`` / ``Kode`` / ``Nama Barang`` / ``Qty`` / ... / ``Jumlah``, then
``1`` / ``BRG9967`` / ``TISU WAJAH 250S`` / ``12`` / ``DUS`` / ``10.400,00`` / ``0%`` /
``124.800,00``). The header's cells tell how many rows make a line; each line's rows are joined
into one row, cells two spaces apart, as the invoice prints them."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from functools import lru_cache

import regex

from idextract.layout import Row

__all__ = ["cells_rejoined"]

#: Fewest header cells for a table read cell by cell (a name, a count, a price and one more).
_MIN_CELLS = 4
# A row that only rules a line ("------", "======").
_RULE = regex.compile(r"\s*[-=_*.~]{3,}\s*")
# A line's last cell: an amount (its line total).
_AMOUNT = regex.compile(r"\s*(?:[A-Za-z]{1,3}\.?\s?)?-?[0-9][0-9.,]*\s*")
_CELL_GAP = "  "
_DIGIT = regex.compile(r"[0-9]")  # no header cell holds one: a quick test before the header pattern
#: Longest text of a header cell ("Harga Satuan", "Unit Price", "Description").
_MAX_CELL = 24


def cells_rejoined(rows: Sequence[Row], header_kinds: Mapping[str, str]) -> list[Row]:
    """``rows`` with each line of an item table read one cell per row joined into one row: after a
    header of four cells or more, one per row, each a column header word of ``header_kinds``
    (word -> kind: name, quantity, price, other), a name's and a price's among them; as long as
    each group of as many rows ends in an amount."""
    cell = _header_cell(tuple(sorted(header_kinds)))
    # Most receipts: no run of four header cells, one per row; one in four rows tells, so only
    # those are looked at first.
    if all(_cell_kind(r.text, cell, header_kinds) is None for r in rows[_MIN_CELLS - 1 :: _MIN_CELLS]):
        return list(rows)
    out, kinds = list(rows), [_cell_kind(r.text, cell, header_kinds) for r in rows]
    i = 0
    while i < len(out):
        width = _header_width(kinds, i)
        if width < _MIN_CELLS:
            i += 1
            continue
        j = i + width
        while j < len(out) and _RULE.fullmatch(out[j].text):
            j += 1
        while j + width <= len(out):
            if _line(out[j : j + width]):
                out[j : j + width] = [Row.joined(out[j : j + width], _CELL_GAP)]
                kinds[j : j + width] = [None]
            elif j > i + width and _words_only(out[j]) and _line(out[j + 1 : j + 1 + width]):
                pass  # a name wrapped under the line above ("BRILLIANT WHITE"): its own row, left as printed
            else:
                break
            j += 1
        i = j
    return [Row(k, r.words, r.text, r.spans) for k, r in enumerate(out)]


def _cell_kind(text: str, cell: regex.Pattern[str], header_kinds: Mapping[str, str]) -> str | None:
    """The kind of column a row of one header cell names (``Nama Barang``: name), else ``None``."""
    if len(text) > _MAX_CELL or _DIGIT.search(text) or cell.fullmatch(text) is None:
        return None
    words = regex.findall(r"[^\W\d_]+", text.upper())
    return next((header_kinds[w] for w in words if header_kinds[w] != "other"), "other")


@lru_cache(maxsize=4)
def _header_cell(words: tuple[str, ...]) -> regex.Pattern[str]:
    """A row of one or two column header words and nothing else but spaces and punctuation."""
    word = "(?:" + "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
    return regex.compile(rf"[\s.:/()-]*{word}(?![^\W\d_])(?:[\s.:/()-]+{word}(?![^\W\d_]))?[\s.:/()-]*",
                         regex.IGNORECASE)


def _header_width(kinds: Sequence[str | None], i: int) -> int:
    """How many rows from ``i`` are a table header's cells, one per row (0 for none)."""
    run = list(itertools.takewhile(lambda k: k is not None, kinds[i:]))
    return len(run) if {"name", "price"} <= set(run) else 0


def _line(group: Sequence[Row]) -> bool:
    """Whether ``group`` is one line of the table: no ruled row in it, an amount ending it."""
    return not any(_RULE.fullmatch(r.text) for r in group) and _AMOUNT.fullmatch(group[-1].text) is not None \
        and any(ch.isalpha() for r in group for ch in r.text)


def _words_only(row: Row) -> bool:
    return any(ch.isalpha() for ch in row.text) and not any(ch.isdigit() for ch in row.text)
