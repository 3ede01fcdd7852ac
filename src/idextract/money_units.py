"""The vocabularies of money.toml the money reader and the parsers read: units a price is printed
per (``12.500/kg``), units of count and packaging, units of measure that make a number a size in a
name (``AQUA 600 ML``), words of loyalty points, tax codes glued after an amount (``15.50SR``), and
the marks printed for hidden digits (``****8841``)."""

from __future__ import annotations

from functools import cache

import regex

from .spec import load_toml, require

__all__ = ["count_units", "mask_class", "mask_marks", "measure_units", "size_after", "tax_codes", "thousandth_units",
           "units", "weighed_units"]


def _unit_list(kind: str) -> list[str]:
    return [str(u) for u in require(load_toml("idextract", "money.toml"), f"units.{kind}", "idextract/money.toml")]


def _alternation(words: list[str]) -> str:
    return "|".join(sorted((regex.escape(w) for w in words), key=len, reverse=True))


@cache
def units() -> str:
    """money.toml's units, as an alternation: what a price may be printed per (12.500/kg)."""
    return _alternation([*_unit_list("measures"), *_unit_list("counts")])


@cache
def count_units(kind: str = "counts") -> str:
    """money.toml's units of count and packaging, as an alternation (``pcs|btl|...``, longest
    first); ``kind="spaced"``: those that stand apart from their count before a name."""
    return _alternation(_unit_list(kind))


def weighed_units(*, whole: bool = False) -> str:
    """money.toml's units goods are weighed or measured out in, as an alternation (longest first);
    ``whole``: only those a price is per (kg, l), no thousandths (g, ml)."""
    thousandths = thousandth_units() if whole else frozenset()
    return _alternation([u for u in _unit_list("weighed") if u.lower() not in thousandths])


@cache
def thousandth_units() -> frozenset[str]:
    """money.toml's units of measure a thousandth of the one a price is per (grams, millilitres), lower-case."""
    return frozenset(u.lower() for u in _unit_list("thousandths"))


def measure_units() -> str:
    """money.toml's units of measure, as an alternation (``kg|ml|...``, longest first)."""
    return _alternation(_unit_list("measures"))


@cache
def size_after() -> regex.Pattern[str]:
    """Matches, right after a number, a space and one of money.toml's units of measure (kg,
    ml...): the number is a size in a name ("AQUA 600 ML"), not money; or a word of loyalty
    points, spaced or not ("TUKAR POIN (2.000 poin) 20.000": 2,000 points, not rupiah); not a
    points word that opens a label of its own ("Mastercard 51.70  Points balance: 2,118", two
    lines run together)."""
    points = _alternation(_unit_list("points"))
    return regex.compile(rf"(?:[ \t]+(?i:{measure_units()})|[ \t]*(?i:{points})(?![ \t]*\p{{L}}*[ \t]*:))(?![\w/])")


@cache
def tax_codes() -> str:
    """money.toml's tax codes glued after an amount, as an alternation."""
    codes = require(load_toml("idextract", "money.toml"), "tax_codes.glued", "idextract/money.toml")
    return _alternation([str(c) for c in codes])


@cache
def mask_marks(kind: str = "all") -> str:
    """money.toml's marks printed for hidden digits (``*xX•●``); ``kind="screen"``: those no
    printer prints (a screen's bullets), which mask digits even a space apart (``•••• 3681``) where
    two stars may be a label's decoration (``TOTAL ** 5.000``)."""
    marks = [str(m) for m in require(load_toml("idextract", "money.toml"), "masks.marks", "idextract/money.toml")]
    return "".join(m for m in marks if kind != "screen" or not m.isascii())


@cache
def mask_class(kind: str = "all") -> str:
    """:func:`mask_marks` as a character class for ``re`` and ``regex`` (``[\\*xX•●]``)."""
    return "[" + "".join(regex.escape(m) for m in mask_marks(kind)) + "]"
