"""A receipt's transaction date and time: the most likely dated row, the time beside it, and the
evidence that disagrees with the choice (another date nearly as likely, a damaged date row)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from idextract.confidence import Confidence
from idextract.dates import find_dates, find_times
from idextract.layout import Row
from idextract.records import Extracted
from idextract.text import LabelMatcher

__all__ = ["date_time"]

_ASCII_DIGIT = re.compile(r"[0-9]")
_Date = Extracted[dt.date]
_Time = Extracted[dt.time]


def date_time(rows: list[Row], labels: LabelMatcher, today: dt.date) -> tuple[Extracted[dt.date], Extracted[dt.time]]:
    """The transaction date (the most likely dated row) and the time beside it, else the first time
    on its own line; ``labels`` tells date, time and avoid labels apart (receipt.toml)."""
    best, scored, unread = _score_dates(rows, labels, today)
    if best is None:
        return Extracted(), _time_only(rows, labels)
    top, d, row = best
    conf = Confidence.start("pattern", "date pattern")
    if not d.has_year:
        conf.weaken("no_year", "no year printed; year assumed")
    # Evidence that disagrees: another date nearly as likely, or a row labelled as the date that
    # could not be read while the date chosen is not on a labelled row (Date 6-2022 damaged, the
    # date taken from Time In 12-05-2022).
    disputed = [r for r in unread if not _holds_day_and_month(r.text, d.value)]
    time_row = row
    if any(other.value != d.value and at is not row and score >= top - _RIVAL_MARGIN for score, other, at in scored):
        conf.weaken("competing_values", "another date printed nearly as likely")
    elif not _labelled_date_unread(row.text, labels, readable=True) and disputed:
        conf.weaken("competing_values", "a row labelled as the date could not be read")
        # Its time is the transaction's, not the one beside the date read elsewhere ("Date 06-2022
        # 15:41" damaged, "Time In 12-05-2022 15:18" read).
        time_row = next((r for r in disputed if find_times(r.text)), row)
    conf.repaired(d.notes).ocr(row.span_confidence(d.start, d.end))
    date = _Date(value=d.value, confidence=conf.rounded, raw=d.raw,
                 box=row.span_box(d.start, d.end), polygon=row.span_polygon(d.start, d.end), line=row.index,
                 notes=conf.notes)
    return date, _time_beside(rows, labels, d, row, time_row)


def _score_dates(
    rows: list[Row], labels: LabelMatcher, today: dt.date,
) -> tuple[tuple[float, Any, Row] | None, list[tuple[float, Any, Row]], list[Row]]:
    """Every date read, scored (a year, a time, a date label beside it; an avoid label or a future
    day against it): the best (score, date, row), all of them, and the damaged date rows."""
    best: tuple[float, Any, Row] | None = None
    scored: list[tuple[float, Any, Row]] = []
    unread: list[Row] = []  # rows a date label leads whose date could not be read (damaged)
    # Without a date, time or avoid label anywhere (most receipts), each row's look-up finds none.
    labelled = labels.in_any(row.text for row in rows)
    for row in rows:
        dates = find_dates(row.text, today=today)
        if not dates:
            if labelled and _labelled_date_unread(row.text, labels):
                unread.append(row)
            continue
        found = labels.find(row.text, fuzzy=False) if labelled else []
        times = find_times(row.text)
        for d in dates:
            score = 1.0 + (0.6 if d.has_year else 0) + (0.4 if times else 0)
            before = [h for h in found if h.end <= d.start]
            if before and before[-1].key == "date":
                score += 0.5
            if before and before[-1].key == "avoid":
                score -= 1.0
            if d.value > today + dt.timedelta(days=2):
                score -= 1.0
            scored.append((score, d, row))
            if best is None or score > best[0]:
                best = (score, d, row)
    return best, scored, unread


def _time_beside(rows: list[Row], labels: LabelMatcher, d: Any, row: Row, time_row: Row) -> Extracted[dt.time]:
    """The time on ``time_row`` nearest the date ``d`` read on ``row`` (not one an avoid label
    leads, when another is printed), else the first time on its own line."""
    times = [t for t in find_times(time_row.text)]
    found = labels.find(time_row.text, fuzzy=False)
    times = [t for t in times if not any(h.key == "avoid" and h.end <= t.start for h in found)] or times
    if not times:
        return _time_only(rows, labels)
    t = min(times, key=lambda t: abs(t.start - d.end))
    if time_row is row:
        tconf = Confidence.start("pattern", "time beside the date")
    else:
        tconf = Confidence.start("pattern", "time on the row labelled as the date, its date unread")
        tconf.weaken("competing_values", "another dated row prints another time")
    tconf.ocr(time_row.span_confidence(t.start, t.end))
    return _Time(value=t.value, confidence=tconf.rounded, raw=t.raw,
                 box=time_row.span_box(t.start, t.end), polygon=time_row.span_polygon(t.start, t.end),
                 line=time_row.index, notes=tconf.notes)


# A date within this score of the chosen one (a label, a year or a time beside it are worth 0.4-0.6)
# is a rival: the two were told apart by little.
_RIVAL_MARGIN = 0.3


def _labelled_date_unread(text: str, matcher: LabelMatcher, *, readable: bool = False) -> bool:
    """Whether a date label (of three letters and more) leads ``text`` and digits follow it;
    ``readable=True`` asks only for the label (for the row a date was read from)."""
    if not readable and text.isascii() and not _ASCII_DIGIT.search(text):
        return False  # no digit to follow a label (in ASCII only 0-9 are isdigit()): no labels looked for
    labels = [h for h in matcher.find(text, fuzzy=False) if h.key == "date" and len(h.label) >= 3]
    if not labels or labels[0].start > 2:
        return False
    return readable or any(c.isdigit() for c in text[labels[0].end:])


def _holds_day_and_month(text: str, day: dt.date) -> bool:
    """Whether the numbers in ``text`` include ``day``'s day and month (a date printed in an
    order the reader does not take, 12/28/2017, still agrees with 2017-12-28)."""
    numbers = {int(n) for n in re.findall(r"\d{1,4}", text)}
    return day.day in numbers and day.month in numbers


def _time_only(rows: list[Row], matcher: LabelMatcher) -> Extracted[dt.time]:
    for row in rows:
        times = find_times(row.text)
        if not times:
            continue
        labels = matcher.find(row.text, fuzzy=False)
        if labels and labels[0].key == "avoid":
            continue
        t = times[0]
        conf = Confidence.start("position", "a time on its own line")
        if labels and labels[-1].key == "time":
            conf = Confidence.start("label_exact", f"label {labels[-1].label}")
        conf.ocr(row.span_confidence(t.start, t.end))
        return _Time(value=t.value, confidence=conf.rounded, raw=t.raw,
                     box=row.span_box(t.start, t.end), polygon=row.span_polygon(t.start, t.end), line=row.index,
                     notes=conf.notes)
    return Extracted()
