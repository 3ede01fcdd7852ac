"""Letters an OCR reads for digits inside a damaged date (``3l/12/2024``, ``2O24-O1-15``,
``2G Jul 2O22``), repaired only where the token becomes a whole, valid date (calendar.toml's
look-alikes; :mod:`idextract.dates` reads the repaired copy)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import regex

from .months import MAX_YEAR, MIN_YEAR, date_of, month_alternation, year_of
from .spec import load_toml, require

__all__ = ["repair_lookalikes"]


@dataclass(frozen=True)
class _Lookalikes:
    """calendar.toml's look-alikes and the patterns built from them."""

    table: dict[str, str]  # letter -> digit, both kinds
    beside: frozenset[str]  # letters read as digits only beside a real digit (S, G)
    untable: dict[int, str]
    damaged: regex.Pattern[str]  # a numeric date with look-alikes
    month_damaged: regex.Pattern[str]  # a month-name date with look-alikes in the day or year
    any: regex.Pattern[str]
    shape: re.Pattern[str]  # a fast rejection of the ~96% of rows with nothing date-shaped
    month_shape: re.Pattern[str]


@cache
def _lookalikes() -> _Lookalikes:
    """calendar.toml's look-alikes and the patterns built from them: a numeric date with
    look-alikes (three groups of digits or look-alikes with date separators, not inside a word or
    a longer number; the time may follow: 2O24-O1-15-08:00 is not cut off), the same around a
    month name (2G Jul 2O22), any look-alike, and fast rejections (stdlib re is quicker there)."""
    spec = load_toml("idextract", "calendar.toml")
    table = {str(k): str(v) for k, v in require(spec, "lookalikes", "idextract/calendar.toml").items()}
    beside = {str(k): str(v) for k, v in require(spec, "lookalikes_beside_digits", "idextract/calendar.toml").items()}
    table.update(beside)
    letters = regex.escape("".join(table))
    g = rf"[0-9{letters}]"
    damaged = regex.compile(rf"(?<!\w|\d[.,/-]){g}{{1,4}}[-/.]{g}{{1,4}}[-/.]{g}{{1,4}}"
                            rf"(?!\w|[.,/]{g}|-{g}{{1,4}}[-/.])")
    shape = re.compile(rf"{g}[-/.]{g}{{1,4}}[-/.]{g}")
    names, initials = month_alternation()
    month_damaged = regex.compile(
        rf"(?<!\w)(?=[0-9]|{g}[0-9])(?P<d>{g}{{1,2}})\s*[-/ ]?\s*(?i:{names})\.?"
        rf"(?:\s*[-/ ,]?\s*['\u2019\u2018]?(?P<y>{g}{{4}}|{g}{{2}}))?(?!\w)")
    # A day with a look-alike keeps a real digit and a clean day is all digits (see
    # repair_lookalikes): a real digit stands at most one character before the month name.
    month_shape = re.compile(rf"\d{g}?[-/\s]*+(?:{initials})")
    return _Lookalikes(table, frozenset(beside), str.maketrans(table), damaged, month_damaged,
                       regex.compile(f"[{letters}]"), shape, month_shape)


# What the repaired token must be, whole: year first, or day first with one kind of separator.
_WHOLE_DATE = regex.compile(
    r"(?P<y>(?:19|20)[0-9]{2})(?P<s>[-/.])(?P<m>[0-9]{1,2})(?P=s)(?P<d>[0-9]{1,2})"
    r"|(?P<d>[0-9]{1,2})(?P<s>[-/.])(?P<m>[0-9]{1,2})(?P=s)(?P<y>[0-9]{4}|[0-9]{2})"
)


def repair_lookalikes(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` with look-alike letters read as digits inside damaged dates (same length), and the
    repaired spans with their note. Words, codes and tokens that are no whole valid date stay."""
    repairs: list[tuple[int, int, str]] = []
    look = _lookalikes()
    numeric, month_named = look.shape.search(text), look.month_shape.search(text)
    if not (numeric or month_named) or not look.any.search(text):
        return text, repairs
    fixes: list[tuple[int, int, str]] = []  # (start, end, repaired text)
    if numeric:
        for m in look.damaged.finditer(text):
            token = m.group(0)
            if not look.any.search(token) or sum(ch.isdigit() for ch in token) < 2:
                continue
            if not _beside_digits(regex.split(r"[-/.]", token), look):
                continue
            fixed = token.translate(look.untable)
            w = _WHOLE_DATE.fullmatch(fixed)
            if w is None:
                continue
            value = date_of(year_of(w.group("y")) or 0, int(w.group("m")), int(w.group("d")))
            if value is None or not MIN_YEAR <= value.year <= MAX_YEAR:
                continue
            fixes.append((m.start(), m.end(), fixed))
            repairs.append((m.start(), m.end(), _repair_note(token, look)))
    if month_named:
        for m in look.month_damaged.finditer(text):
            # Only the day and the year are repaired; each must keep a real digit (IS JUL 2022
            # is a word before a date, not the fifteenth).
            parts = [(m.start(k), m.end(k)) for k in ("d", "y") if m.group(k) is not None]
            printed = [text[s:e] for s, e in parts]
            if not any(look.any.search(x) for x in printed) or sum(ch.isdigit() for x in printed for ch in x) < 2:
                continue
            if not all(any(ch.isdigit() for ch in x) for x in printed if look.any.search(x)):
                continue
            day = int(printed[0].translate(look.untable))
            if not 1 <= day <= 31 or any(s < fe and e > fs for fs, fe, _ in fixes for s, e in parts):
                continue
            for (s, e), x in zip(parts, printed):
                if look.any.search(x):
                    fixes.append((s, e, x.translate(look.untable)))
            repairs.append((m.start(), m.end(), _repair_note("".join(printed), look)))
    if not repairs:
        return text, repairs
    parts_out: list[str] = []
    last = 0
    for s, e, fixed in sorted(fixes):
        parts_out += [text[last:s], fixed]
        last = e
    parts_out.append(text[last:])
    return "".join(parts_out), repairs


def _beside_digits(groups: list[str], look: _Lookalikes) -> bool:
    """No group of a date is made of letters that count as digits only beside a real one."""
    return all(any(ch.isdigit() for ch in g) for g in groups if any(ch in look.beside for ch in g))


def _repair_note(token: str, look: _Lookalikes) -> str:
    seen = dict.fromkeys(ch for ch in token if ch in look.table)
    return "digit repaired " + ", ".join(f"{ch}->{look.table[ch]}" for ch in seen)
