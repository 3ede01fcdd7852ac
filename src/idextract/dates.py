"""Day-first dates and times as Indonesian receipts and cards print them.

Numeric dates are day first (``24-7-2022``, ``24.08.22``, ``17/01/23``) unless the year leads
(``2022-09-06``); month names come in Indonesian and English, full or abbreviated
(``12 Desember 2025``, ``23 Jun 22``, ``October 14, 2022``); Indomaret runs date and time
together (``24.08.22-23:08``) and damaged prints lose a dot (``06.0822``). A date printed
without a year (``16 Okt``, bank slips' ``25/07``) is returned with ``has_year=False`` and the
year assumed from ``today``, flagged in the notes.

>>> [d.value.isoformat() for d in find_dates("02.10.22-23:08 2.0.20")]
['2022-10-02']
>>> find_dates("Selasa, 12 Desember 2025")[0].value
datetime.date(2025, 12, 12)
>>> find_times("EKA , 09:19 , Sun")[0].value
datetime.time(9, 19)

OCR's letters for digits are repaired inside a numeric date only (``3l/12/2024``,
``2O24-O1-15``: O/o -> 0, l/I -> 1), when the token has at least two real digits and becomes a
whole, valid date; such a date carries a "digit repaired" note. Full-width forms (``１４：３０``)
are read as ASCII. Offsets and ``raw`` always refer to the text as given.

>>> d = find_dates("Tgl. 3l/12/2024 10:00")[0]
>>> d.value, d.raw, d.notes
(datetime.date(2024, 12, 31), '3l/12/2024', ('digit repaired l->1',))
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .bounds import CACHED_ROW_CHARS, ROW_CACHE
from .date_lookalikes import repair_lookalikes
from .months import MAX_YEAR, MIN_YEAR, date_of, month_alternation, months, year_of
from .spec import load_toml, require
from .text import fold_width

__all__ = ["DateMatch", "TimeMatch", "day_month_note", "find_dates", "find_times", "parse_date"]

_DIGIT = regex.compile(r"\d")


@dataclass(frozen=True)
class DateMatch:
    value: dt.date
    start: int
    end: int
    raw: str
    has_year: bool = True
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimeMatch:
    value: dt.time
    start: int
    end: int
    raw: str


_DAY_MONTH_SHAPE = re.compile(r"[0-9][/.-][0-9]")  # a quick necessary condition


@cache
def _day_month_note() -> regex.Pattern[str]:
    days = require(load_toml("idextract", "calendar.toml"), "days", "idextract/calendar.toml")
    words = "|".join(regex.escape(w) for w in sorted({*days["names"], *days["date_words"]}, key=len, reverse=True))
    day_month = r"(?<![\d/.-])(?:0?[1-9]|[12][0-9]|3[01])[/.-](?:0?[1-9]|1[0-2])(?![\d/.-])"
    return regex.compile(rf"(?i)\b(?:{words})\b.{{0,12}}?{day_month}|{day_month}.{{0,12}}?\b(?:{words})\b")


def day_month_note(text: str) -> bool:
    """Whether ``text`` prints a day and month with no year beside a day name or a date word
    (``sabtu 6/4``, ``tarikh 9/8 mlm``): a hand-written bill's date, not the name of an item."""
    return _DAY_MONTH_SHAPE.search(text) is not None and _day_month_note().search(text) is not None


_NUMERIC, _NUMBER_MONTH, _MONTH_NUMBER_YEAR, _LOST = 0, 1, 2, 3  # the gates (_gates), by index


@cache
def _patterns() -> tuple[list[tuple[str, regex.Pattern[str], int]], tuple[re.Pattern[str], ...]]:
    """``(kind, pattern, gate)`` in the order tried, and the gates: quick necessary conditions,
    on ASCII text, for the patterns that name them by index (none if the month names are not
    plain ASCII letters)."""
    # Longest first, prefixes shared (JAN, JANUARI ...): the month alternation is tried after
    # every number on a row.
    alternation, initials = month_alternation()
    month = rf"(?P<mon>{alternation})\.?"
    # Not inside a longer number; a date may run on into a time (02.10.22-23:08).
    # ... or into a time after a dot (18-07-2022.18:04): a separator and digits that are a time.
    b, e = r"(?<!\d|\d[.,/-])", r"(?!\d|[.,/]\d(?!\d?\s?:\d)|-\d(?!\d?\s?:))"
    return [
        ("ymd", regex.compile(rf"{b}(?P<y>(?:19|20)\d\d)\s?[-/.]\s?(?P<m>\d{{1,2}})\s?[-/.]\s?(?P<d>\d{{1,2}}){e}"),
         _NUMERIC),
        # The regular form may be followed by another separator (03-09-2022/01:03), not its own.
        ("dmy", regex.compile(rf"{b}(?P<d>\d{{1,2}})\s?(?P<s>[-/.])\s?(?P<m>\d{{1,2}})\s?(?P=s)\s?"
                              rf"(?P<y>\d{{4}}|\d{{2}})"
                              r"(?!\d|(?P=s)\d|[.,]\d(?!\d?\s?:\d))"), _NUMERIC),
        # Mixed separators (24-07.2022) happen in OCR; weaker, tried after the regular form.
        ("dmy", regex.compile(rf"{b}(?P<d>\d{{1,2}})[-/.](?P<m>\d{{1,2}})[-/.](?P<y>\d{{4}}|\d{{2}}){e}"), _NUMERIC),
        # A month name, the year glued (24AGT2022, 24JUL22) or after an apostrophe (24 Jul '22).
        ("d_mon_y", regex.compile(
            rf"(?<![\w])(?P<d>\d{{1,2}})\s*[-/ ]?\s*{month}"
            rf"(?:\s*[-/ ,]?\s*['\u2019\u2018]?(?P<y>\d{{4}}|\d{{2}})(?!\s?[:.]\d))?(?!\w)",
            flags=regex.IGNORECASE), _NUMBER_MONTH),
        ("mon_d_y", regex.compile(
            rf"(?<![\w]){month}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})(?!\d)", flags=regex.IGNORECASE),
         _MONTH_NUMBER_YEAR),
        *_runon_patterns(b, e),
        # No year: bank slips print 25/07 before the time.
        ("dm", regex.compile(rf"{b}(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?=\s+\d{{1,2}}:\d{{2}}){e}"), _NUMERIC),
    ], _gates(initials)


def _runon_patterns(b: str, e: str) -> list[tuple[str, regex.Pattern[str], int]]:
    """The "runon" patterns of _patterns (``b``, ``e``: its bounds): dates whose separators were
    lost or misread, read with a "date separators repaired" note."""
    labels = "|".join(regex.escape(str(x)).replace(r"\ ", r"\s?")
                      for x in require(load_toml("idextract", "calendar.toml"), "run_together.labels",
                                       "idextract/calendar.toml"))
    # Eight digits in a row are a date only after a date label or before a time (Tgl 24072022).
    together = (rf"(?:(?<=(?<![A-Za-z])(?i:{labels})\.?\s{{0,3}}[:.]?\s{{0,3}})"
                rf"|(?=\d{{8}}\s{{1,3}}\d{{1,2}}[:.]\d\d(?!\d)))")
    return [
        # A lost dot: 06.0822 -> 06.08.22.
        ("runon", regex.compile(rf"{b}(?P<d>\d{{2}})[.](?P<m>\d{{2}})(?P<y>\d{{2}}){e}"), _NUMERIC),
        # The second dot of a run-on read as a space: 17.06 22-17:33 (Indomaret's header).
        ("runon", regex.compile(rf"{b}(?P<d>\d{{2}})[.](?P<m>\d{{2}})\s(?P<y>\d{{2}})(?=-\d{{1,2}}\s?:\s?\d\d)"),
         _NUMERIC),
        # Separators read as ':' (24:07:2022, 2022:07:24): a four-digit year, which no time has.
        ("runon", regex.compile(rf"{b}(?P<d>\d{{1,2}}):(?P<m>\d{{1,2}}):(?P<y>(?:19|20)\d\d){e}"), _LOST),
        ("runon", regex.compile(rf"{b}(?P<y>(?:19|20)\d\d):(?P<m>\d{{1,2}}):(?P<d>\d{{1,2}})(?![\d:])"), _LOST),
        # Separators lost: DDMMYYYY or YYYYMMDD after a date label or before a time.
        ("runon", regex.compile(rf"{together}(?<!\d)(?P<d>[0-3]\d)(?P<m>[01]\d)(?P<y>(?:19|20)\d\d)(?!\d)"), _LOST),
        ("runon", regex.compile(rf"{together}(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"), _LOST),
    ]


@cache
def _any_gate() -> re.Pattern[str]:
    """The gates as one alternation: it matches where one of them does, and rules a row out in one
    search. The branches that open with a digit share it (``\\d(?:...|...)``): stdlib re then
    skips to the row's digits instead of trying every branch at every character, which made the
    plain alternation of the gates as slow as all four searched one by one."""
    branches = [branch for gate in _gate_branches(month_alternation()[1]) for branch in gate]
    led = [branch.removeprefix(_LEAD) for branch in branches if branch.startswith(_LEAD)]
    rest = [branch for branch in branches if not branch.startswith(_LEAD)]
    return re.compile("|".join([rf"{_LEAD}(?:{'|'.join(led)})", *rest]))


def _gates(initials: str) -> tuple[re.Pattern[str], ...]:
    """The gates of _patterns, in the order _NUMERIC ... _LOST (none without ASCII ``initials``)."""
    return tuple(re.compile("|".join(gate)) for gate in _gate_branches(initials)) if initials else ()


# What the digit-led gate branches open with: each is written ``\d`` then no quantifier (``\d\d{3}``
# for ``\d{4}``), so that _any_gate can take it out in front.
_LEAD = r"\d"


def _gate_branches(initials: str) -> tuple[tuple[str, ...], ...]:
    """The branches of each gate of _gates."""
    # Most rows hold no date, and the gates rule them out several times faster than the patterns
    # (stdlib re; on ASCII text its \d and \s match what regex's do, \s a few more): a numeric
    # date has two separators between digit groups (an amount such as 19.700 one), or is one of
    # the run-on (06.0822) and yearless (25/07 10:30) forms; a month name follows a number, or a
    # day and a year follow it. On ASCII text, a month name begins with the first two letters of
    # a listed one, in either case. Dates whose separators were lost or read as ':' have their own
    # (eight digits alone: the first not after a digit, which the look-behind checks from the second).
    return (
        (r"\d\s?[-/.]\s?\d{1,2}\s?[-/.]\s?\d", r"\d\d\.\d{4}", r"\d\d\.\d\d\s\d\d-\d", r"\d/\d{1,2}\s+\d{1,2}:\d"),
        (rf"\d[-/\s]*+(?:{initials})",),  # \s*[-/ ]?\s* at most, never backtracked into
        (r"[A-Za-z]\.?\s++\d{1,2},?\s+\d{4}",),
        (r"\d:\d\d?:\d{4}", r"\d\d{3}:\d\d?:\d", r"\d(?<!\d\d)\d{7}(?!\d)"),
    )


_TIME = regex.compile(
    r"(?<![\d.:,])(?P<h>[01]?\d|2[0-3])\s?:\s?(?P<m>[0-5]\d)(?:\s?:\s?(?P<s>[0-5]\d))?(?:\s?(?P<ampm>[AaPp]\.?[Mm]\.?))?(?![\d:]|[.,]\d{3})"
    r"|(?<![\d.:,])(?P<h2>[01]\d|2[0-3])\.(?P<m2>[0-5]\d)(?:\.(?P<s2>[0-5]\d)(?![\d.])"
    # HH.MM alone reads like money (19.42): only after "pukul"/"jam" or before a time zone.
    r"|(?<=(?:PUKUL|JAM)\s?:?\s?\d\d\.\d\d)|(?![\d.])(?=\s?(?:WIB|WITA|WIT)\b))",
    flags=regex.IGNORECASE,
)
# What _TIME needs: H:MM, or H.MM with seconds, a time zone after it or "pukul"/"jam" before
# it. As the date gates (see _gates), it rules out most rows of ASCII text much faster.
_TIME_SHAPE = re.compile(r"\d\s?:\s?\d|\d\.\d\d(?:\.\d|\s?w)|pukul|jam", re.IGNORECASE)


def _assume_year(year: int, month: int, day: int, today: dt.date) -> dt.date | None:
    """The most recent such day not after ``today`` (29 Feb goes back to a leap year)."""
    for y in range(year, year - 8, -1):
        value = date_of(y, month, day)
        if value is not None and value <= today:
            return value
    return None


def find_dates(text: str, *, today: dt.date | None = None) -> list[DateMatch]:
    """Every plausible date in ``text``, left to right; overlapping readings keep the first form."""
    find = _find_dates if len(text) <= CACHED_ROW_CHARS else _find_dates.__wrapped__
    return list(find(text, today or _today()))


# (start, end, date): the local day the clock was last seen in, as timestamps.
_day: tuple[float, float, dt.date] = (0.0, 0.0, dt.date.min)


def _today() -> dt.date:
    """``dt.date.today()``, read from the clock but not recomputed while the clock stays inside
    the same local day. find_dates runs some 40 times per receipt, mostly cache hits, and
    today() (the clock and the time zone's rules) cost as much as the hit itself."""
    global _day
    now = time.time()
    start, end, day = _day
    if start <= now < end:
        return day
    day = dt.date.fromtimestamp(now)  # what dt.date.today() is
    start = dt.datetime.combine(day, dt.time()).timestamp()
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).timestamp()
    _day = (start, end, day)
    return day


@lru_cache(maxsize=ROW_CACHE)
def _find_dates(text: str, today: dt.date) -> tuple[DateMatch, ...]:
    # Cached: a parser asks about the same row several times (amounts, dates, names).
    if not _DIGIT.search(text):
        return ()
    # Matched on a same-length copy (full-width folded, damaged dates repaired); spans and raw
    # refer to ``text``.
    work, repairs = repair_lookalikes(fold_width(text))
    patterns, gates = _patterns()
    possible = None
    if gates and work.isascii():
        if _any_gate().search(work) is None:
            return ()  # no pattern can match: the common case
        possible = [g.search(work) is not None for g in gates]
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, gate in patterns:
        if possible is not None and not possible[gate]:
            continue  # the pattern cannot match
        for m in pattern.finditer(work):
            if any(m.start() < e and m.end() > s for s, e in taken):
                continue
            notes: list[str] = []
            month = (months()[m.group("mon").upper()] if "mon" in m.groupdict() and m.group("mon")
                     else int(m.group("m")))
            year = year_of(m.groupdict().get("y"))
            has_year = year is not None
            if year is None:
                # Assume the most recent such day that is not in the future.
                year = today.year
                notes.append("no year printed; year assumed")
            if kind == "runon":
                notes.append("date separators repaired")
            notes += [note for s, e, note in repairs if m.start() < e and m.end() > s]
            value = (_assume_year(year, month, int(m.group("d")), today) if not has_year
                     else date_of(year, month, int(m.group("d"))))
            if value is None:
                continue
            if not MIN_YEAR <= value.year <= MAX_YEAR:
                continue
            found.append(DateMatch(value, m.start(), m.end(), text[m.start() : m.end()], has_year, tuple(notes)))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return tuple(found)


def find_times(text: str) -> list[TimeMatch]:
    """Every plausible clock time in ``text`` (``HH:MM``, ``HH:MM:SS``, ``5:51:30 PM``, ``HH.MM.SS``)."""
    return list((_find_times if len(text) <= CACHED_ROW_CHARS else _find_times.__wrapped__)(text))


@lru_cache(maxsize=ROW_CACHE)
def _find_times(text: str) -> tuple[TimeMatch, ...]:
    if not _DIGIT.search(text):
        return ()
    folded = fold_width(text)  # same length: spans refer to ``text``
    if folded.isascii() and not _TIME_SHAPE.search(folded):
        return ()
    found = []
    dates = [(d.start, d.end) for d in find_dates(text)]
    for _, end in dates:
        if folded[end : end + 1] == ".":  # "18-07-2022.18:04": the time glued to its date by a dot
            folded = f"{folded[:end]} {folded[end + 1:]}"
    for m in _TIME.finditer(folded):
        if any(m.start() < e and m.end() > s for s, e in dates):
            continue  # 02.10.22 is a date, not 02:10:22
        if m.group("h2") is not None:
            h, mi = int(m.group("h2")), int(m.group("m2"))
            s = int(m.group("s2")) if m.group("s2") else 0
        else:
            h, mi = int(m.group("h")), int(m.group("m"))
            s = int(m.group("s")) if m.group("s") else 0
            ampm = (m.group("ampm") or "").upper().replace(".", "")
            if ampm == "PM" and h < 12:
                h += 12
            elif ampm == "AM" and h == 12:
                h = 0
        found.append(TimeMatch(dt.time(h, mi, s), m.start(), m.end(), text[m.start() : m.end()]))
    return tuple(found)


def parse_date(text: str, *, today: dt.date | None = None) -> dt.date | None:
    """The first date in ``text``, or ``None``."""
    dates = find_dates(text, today=today)
    return dates[0].value if dates else None
