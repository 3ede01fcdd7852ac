"""Rupiah written short: a number and a word for its multiple ("9rb" is Rp 9.000, "1,5jt" Rp
1.500.000), as hand-written notes and chat orders print them."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import regex

from idextract.money import Money

__all__ = ["Shorthand"]


class Shorthand:
    """The amounts written short in a row, by the multiples of ``receipt.toml [amounts] shorthand``."""

    def __init__(self, multiples: Mapping[str, int]) -> None:
        self._multiples = {word.upper(): Decimal(value) for word, value in multiples.items()}
        words = "|".join(regex.escape(w) for w in sorted(self._multiples, key=len, reverse=True))
        # Up to three digits, a decimal part after a comma or point ("1,5jt"), the word glued or
        # after one space, and no letter after it ("34rb", not a word that starts "rb..."); a count's
        # mark may be glued before it ("2x15rb"), or the currency's ("Rp109.9k").
        number = r"(?:(?<![\w.,])|(?<=[0-9][xX]))(?:[Rr][Pp]\.?[ ]?)?(?P<n>[0-9]{1,3}(?:[.,][0-9]{1,2})?)"
        self._pattern = regex.compile(rf"{number}[ ]?(?P<w>{words})(?!\p{{L}})", regex.IGNORECASE) if words else None

    def find(self, text: str) -> list[Money]:
        """The short-written amounts in ``text``, in rupiah, left to right."""
        if self._pattern is None:
            return []
        out = []
        for m in self._pattern.finditer(text):
            # The pattern admits digits and one separator only: always a number.
            amount = Decimal(m.group("n").replace(",", ".")) * self._multiples[m.group("w").upper()]
            if amount != amount.to_integral_value():
                continue  # "1,2345jt" is no whole rupiah
            out.append(Money(amount=amount.quantize(Decimal(1)), currency="IDR", raw=m.group(), start=m.start(),
                             end=m.end(), has_separator=True, notes=(f"written short: {m.group('w')}",)))
        return out
