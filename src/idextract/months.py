"""The calendar the date readers share: month names (calendar.toml), the years a date may
have, and a day, month and year made a date."""

from __future__ import annotations

import datetime as dt
from functools import cache

from .spec import load_toml, require
from .text import prefix_alternation

__all__ = ["MAX_YEAR", "MIN_YEAR", "date_of", "month_alternation", "months", "year_of"]

# Dates outside this window are misreads, not receipts (two-digit years are 20yy).
MIN_YEAR, MAX_YEAR = 1900, 2100


@cache
def months() -> dict[str, int]:
    """Each month name calendar.toml lists (upper case), and its number."""
    table = require(load_toml("idextract", "calendar.toml"), "months", "idextract/calendar.toml")
    return {name.upper(): int(num) for num, names in table.items() for name in names}


@cache
def month_alternation() -> tuple[str, str]:
    """The month names as one alternation (longest first, prefixes shared: JAN, JANUARI ...;
    matched case-insensitively), and, for ASCII names, the first two letters of any of them in
    either case (a quick necessary condition); '' when the names are not plain ASCII letters."""
    names = sorted(months(), key=len, reverse=True)
    if not all(name.isascii() and name.isalpha() for name in names):
        return "(?:" + "|".join(names) + ")", ""  # prefix_alternation's IGNORECASE condition
    seconds: dict[str, set[str]] = {}
    for name in names:
        seconds.setdefault(name[0], set()).add(name[1])
    initials = "|".join(f"[{a}{a.lower()}][{''.join(sorted(s | {c.lower() for c in s}))}]"
                        for a, s in sorted(seconds.items()))
    return prefix_alternation([(list(name), "") for name in names]), initials


def year_of(text: str | None) -> int | None:
    """A printed year as a number: two digits are 20yy; None for none printed."""
    if text is None:
        return None
    y = int(text)
    return 2000 + y if len(text) == 2 else y


def date_of(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None for no such day (31 April, 29 February of a common year)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
