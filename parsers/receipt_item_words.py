"""receipt.toml ``[items]`` words compiled into the patterns the item reader matches rows with:
price words (``Harga``, ``Harga Promo``), how to prepare an item (``Less Sugar``), a part number
opening a name, a code word and its code (``SKU 100245871``), a weight written as a fraction
(``2 1/2 kg``)."""

from __future__ import annotations

from decimal import Decimal
from functools import cache, lru_cache

import regex

from idextract.money import CURRENCY_WORDS, count_units, measure_units, weighed_units

__all__ = ["code_only", "leading_fraction", "part_number", "preferences", "price_words"]


def _longest_first(words: tuple[str, ...]) -> str:
    """``words`` as an alternation, the longest first (so "HARGA NORMAL" wins over "HARGA")."""
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


@lru_cache(maxsize=8)
def price_words(price: tuple[str, ...], net: tuple[str, ...]) -> regex.Pattern[str]:
    """A name part of only price words (group ``net``: a price less the discount above it), perhaps
    per a unit ("Harga per kg Rp", "Harga/100ml")."""
    per = rf"(?:\s*(?:/|\bPER\b)\s*[0-9]*\s*(?:{measure_units()}|{count_units()})\b)?"
    return regex.compile(rf"[\s:=]*(?:(?P<net>{_longest_first(net)})|{_longest_first(price)}){per}[\s:=]*"
                         rf"(?:{CURRENCY_WORDS})?[\s:]*", regex.IGNORECASE)


@lru_cache(maxsize=4)
def preferences(words: tuple[str, ...]) -> regex.Pattern[str]:
    """A row opening (after a modifier's mark) with a word of how to prepare an item."""
    if not words:
        return regex.compile(r"(?!)")
    return regex.compile(rf"\s*[-+>~*(\[]*\s*(?:[0-9]{{1,3}}\s*%\s*)?(?:{_longest_first(words)})\b", regex.I)


@lru_cache(maxsize=4)
def part_number(pattern: str) -> regex.Pattern[str]:
    """receipt.toml's part number opening a name, then the name's words."""
    return regex.compile(rf"(?:{pattern})\s+(?=\S)")


@lru_cache(maxsize=8)
def code_only(words: tuple[str, ...]) -> regex.Pattern[str]:
    """A name part of only a code word and its code ("SKU 100245871", "SKU 10234-BLK-M": a digit in it)."""
    code = r"(?=[0-9A-Z-]*[0-9])[0-9A-Z][0-9A-Z-]{3,}"
    return regex.compile(rf"[\s:=]*(?:{_longest_first(words)})\.?[\s:#.]*{code}[\s:=]*", regex.IGNORECASE)


@cache
def _fraction() -> regex.Pattern[str]:
    # A whole number perhaps, then halves, quarters or eighths, and a unit ("1/2 kg", "2 1/2 kg").
    return regex.compile(rf"\s*(?P<q>(?:(?P<w>[1-9][0-9]?)\s+)?(?P<a>[1-7])\s*/\s*(?P<b>[248]))\s*"
                         rf"(?i:{weighed_units()})\.?\s+(?=\p{{L}})")


def leading_fraction(text: str) -> tuple[Decimal, int, int, int] | None:
    """The weight or volume written as a fraction that opens ``text`` (``2 1/2 kg Sayap Ayam``, a
    hand-written nota's; not a length, ``1/2 inch Kran Air``): its value (2.5), where it stands, and
    where the name after its unit starts."""
    found = _fraction().match(text)
    if found is None or int(found.group("a")) >= int(found.group("b")):
        return None
    whole = Decimal(found.group("w") or 0)
    return whole + Decimal(found.group("a")) / Decimal(found.group("b")), found.start("q"), found.end("q"), found.end()
