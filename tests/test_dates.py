"""idextract.dates: day-first dates and clock times as receipts, bank slips and OCR print them.

All strings are invented; tables are named after where such prints come from. ``TODAY`` is fixed so
that dates printed without a year resolve the same way on every run.
"""

from __future__ import annotations

import datetime as dt

import pytest

from idextract.dates import DateMatch, day_month_note, find_dates, find_times, parse_date

TODAY = dt.date(2026, 11, 25)


def _date(text: str, expected: dt.date, raw: str, *, id: str, marks=()):  # noqa: A002
    return pytest.param(text, expected, raw, id=id, marks=marks)


# Numeric, day first, as thermal printers write them.
PRINTED_BY_MINIMART_PRINTERS = [
    _date("24-7-2022", dt.date(2022, 7, 24), "24-7-2022", id="minimart:dash-single-digit-month"),
    _date("24.08.22", dt.date(2022, 8, 24), "24.08.22", id="minimart:dots-two-digit-year"),
    _date("17/01/23", dt.date(2023, 1, 17), "17/01/23", id="minimart:slashes-two-digit-year"),
    _date("24/07/2026", dt.date(2026, 7, 24), "24/07/2026", id="minimart:slashes-four-digit-year"),
    _date("Tgl: 24/07/2026 19:42", dt.date(2026, 7, 24), "24/07/2026", id="minimart:label-colon-date-time"),
    _date("24.07.2026 19:42", dt.date(2026, 7, 24), "24.07.2026", id="minimart:dots-then-time"),
    _date("16/10/25 13:05", dt.date(2025, 10, 16), "16/10/25", id="warung:short-year-then-time"),
]

# Year first, as POS software and bank exports write ISO dates.
YEAR_FIRST = [
    _date("2022-09-06", dt.date(2022, 9, 6), "2022-09-06", id="pos:iso"),
    _date("2026/07/24", dt.date(2026, 7, 24), "2026/07/24", id="pos:iso-slashes"),
    _date("2026-07-24T19:42:10", dt.date(2026, 7, 24), "2026-07-24", id="export:iso-datetime"),
]

# Month names, Indonesian and English, full and abbreviated, with or without a day name.
MONTH_NAMES = [
    _date("12 Nov 2025", dt.date(2025, 11, 12), "12 Nov 2025", id="restaurant:abbreviated-english"),
    _date("Selasa, 12 Desember 2025", dt.date(2025, 12, 12), "12 Desember 2025", id="bank-app:day-name-indonesian"),
    _date("Kamis, 24 Juli 2026", dt.date(2026, 7, 24), "24 Juli 2026", id="bank-app:kamis"),
    _date("23 Jun 22", dt.date(2022, 6, 23), "23 Jun 22", id="restaurant:abbreviated-two-digit-year"),
    _date("October 14, 2022", dt.date(2022, 10, 14), "October 14, 2022", id="english-app:month-first"),
    _date("Jun 5, 2023", dt.date(2023, 6, 5), "Jun 5, 2023", id="english-app:abbreviated-month-first"),
    _date("24-Jul-2026", dt.date(2026, 7, 24), "24-Jul-2026", id="pos:dashed-month-name"),
    _date("16-OKT-25", dt.date(2025, 10, 16), "16-OKT-25", id="pos:dashed-indonesian-upper"),
    _date("24 AGT 2025", dt.date(2025, 8, 24), "24 AGT 2025", id="minimart:agt"),
    _date("01 Mei 2026", dt.date(2026, 5, 1), "01 Mei 2026", id="bank-app:mei"),
    _date("7 Sept 2025", dt.date(2025, 9, 7), "7 Sept 2025", id="restaurant:sept"),
    _date("15 Nop 2024", dt.date(2024, 11, 15), "15 Nop 2024", id="old-spelling:nop"),
    _date("12 Pebruari 2024", dt.date(2024, 2, 12), "12 Pebruari 2024", id="old-spelling:pebruari"),
    _date("29 Feb 2024", dt.date(2024, 2, 29), "29 Feb 2024", id="leap-day"),
    _date("12 DES 25", dt.date(2025, 12, 12), "12 DES 25", id="minimart:des-two-digit-year"),
    _date(
        "Sabtu, 25 Juli 2026 07:29:32 WIB", dt.date(2026, 7, 25), "25 Juli 2026",
        id="bank-app:full-timestamp-wib",
    ),
    _date("24AGT2022", dt.date(2022, 8, 24), "24AGT2022", id="ocr:month-glued-both-sides"),
    _date("24JUL22", dt.date(2022, 7, 24), "24JUL22", id="pos:glued-two-digit-year"),
    _date("24Agustus2022", dt.date(2022, 8, 24), "24Agustus2022", id="ocr:full-month-glued"),
    _date("24 Jul '22", dt.date(2022, 7, 24), "24 Jul '22", id="restaurant:apostrophe-year"),
    _date("24-Jul-’22", dt.date(2022, 7, 24), "24-Jul-’22", id="restaurant:typographic-apostrophe"),
]

# Indomaret-style run-on date and time, and what OCR does to dots.
OCR_AND_RUN_ONS = [
    _date("24.08.22-23:08", dt.date(2022, 8, 24), "24.08.22", id="indomaret:date-runs-into-time"),
    _date("TRX 24.08.22-23:08 JL", dt.date(2022, 8, 24), "24.08.22", id="indomaret:run-on-in-a-row"),
    _date("24-07.2026", dt.date(2026, 7, 24), "24-07.2026", id="ocr:mixed-separators"),
    _date("  24  Jul  2026", dt.date(2026, 7, 24), "24  Jul  2026", id="ocr:double-spaces"),
    _date(
        "Tgl.24/07/2026", dt.date(2026, 7, 24), "24/07/2026", id="minimart:label-dot-glued-to-date",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "raw"), PRINTED_BY_MINIMART_PRINTERS + YEAR_FIRST + MONTH_NAMES + OCR_AND_RUN_ONS
)
def test_find_dates_with_a_year(text: str, expected: dt.date, raw: str) -> None:
    found = find_dates(text, today=TODAY)
    assert [d.value for d in found] == [expected]
    d = found[0]
    assert d.raw == raw
    assert text[d.start : d.end] == raw
    assert d.has_year
    assert d.notes == ()


def test_lost_dot_is_repaired_and_noted() -> None:
    """Damaged prints lose a dot: 06.0822 is 06.08.22."""
    (d,) = find_dates("06.0822", today=TODAY)
    assert d.value == dt.date(2022, 8, 6)
    assert d.has_year
    assert any("repaired" in n for n in d.notes)


# Printed without a year: the year is the most recent one that does not put the day after TODAY.
NO_YEAR = [
    pytest.param("16 Okt", TODAY, dt.date(2026, 10, 16), id="restaurant:earlier-this-year"),
    pytest.param("16 Des", TODAY, dt.date(2025, 12, 16), id="restaurant:later-month-is-last-year"),
    pytest.param("31 Des", TODAY, dt.date(2025, 12, 31), id="restaurant:new-years-eve"),
    pytest.param("1 Jan", TODAY, dt.date(2026, 1, 1), id="restaurant:new-year"),
    pytest.param("Tanggal 24 Juli", TODAY, dt.date(2026, 7, 24), id="bank-app:label-then-day-month"),
    pytest.param("25/07 07:29", TODAY, dt.date(2026, 7, 25), id="bank-slip:day-month-before-time"),
    pytest.param("25 Nov", TODAY, dt.date(2026, 11, 25), id="restaurant:today-itself"),
    pytest.param("26 Nov", TODAY, dt.date(2025, 11, 26), id="restaurant:tomorrow-is-last-year"),
    pytest.param("29 Feb", dt.date(2026, 3, 1), dt.date(2024, 2, 29), id="leap-day-in-a-common-year"),
]


@pytest.mark.parametrize(("text", "today", "expected"), NO_YEAR)
def test_dates_without_a_year_assume_the_most_recent_past_one(text: str, today: dt.date, expected: dt.date) -> None:
    found = find_dates(text, today=today)
    assert [d.value for d in found] == [expected]
    assert not found[0].has_year
    assert any("year assumed" in n for n in found[0].notes)


def test_yearless_date_followed_by_a_time() -> None:
    """Bank slips print the day and month, then the time."""
    text = "16 Okt 19:42"
    dates = find_dates(text, today=TODAY)
    assert [(d.value, d.has_year) for d in dates] == [(dt.date(2026, 10, 16), False)]
    assert [t.value for t in find_times(text)] == [dt.time(19, 42)]


# Not dates: impossible days, amounts, bare day/month without a time, years out of range.
NOT_DATES = [
    pytest.param("29 Feb 2023", id="no-leap-day-in-2023"),
    pytest.param("Rabu, 29 Februari 2023", id="no-leap-day-with-day-name"),
    pytest.param("31/04/2024", id="april-has-30-days"),
    pytest.param("13/13/2024", id="month-13"),
    pytest.param("1.000.000", id="amount-dot-groups"),
    pytest.param("Rp 12.500", id="amount-one-group"),
    pytest.param("25/07", id="bare-day-month-could-be-a-code"),
    pytest.param("3 Maret 1899", id="before-1900"),
    pytest.param("PEB 2024", id="month-and-year-only"),
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert find_dates(text, today=TODAY) == []


def test_docstring_example_keeps_only_the_real_date() -> None:
    """An Indomaret header row: the date runs into the time, then a version number."""
    assert [d.value.isoformat() for d in find_dates("02.10.22-23:08 2.0.20", today=TODAY)] == ["2022-10-02"]


def test_several_dates_left_to_right() -> None:
    text = "Periode 01/07/2026 s/d 31 Juli 2026"
    found = find_dates(text, today=TODAY)
    assert [d.value for d in found] == [dt.date(2026, 7, 1), dt.date(2026, 7, 31)]
    assert all(isinstance(d, DateMatch) for d in found)
    assert found[0].start < found[1].start


def test_parse_date() -> None:
    assert parse_date("TGL 24/07/2026", today=TODAY) == dt.date(2026, 7, 24)
    assert parse_date("TERIMA KASIH", today=TODAY) is None


# Clock times.
TIMES = [
    pytest.param("5:51:30 PM", dt.time(17, 51, 30), "5:51:30 PM", id="english-app:pm-with-seconds"),
    pytest.param("1:30 am", dt.time(1, 30), "1:30 am", id="english-app:lower-am"),
    pytest.param("12:05 AM", dt.time(0, 5), "12:05 AM", id="english-app:midnight-hour"),
    pytest.param("12:05 PM", dt.time(12, 5), "12:05 PM", id="english-app:noon-hour"),
    pytest.param("19:42", dt.time(19, 42), "19:42", id="minimart:hh-mm"),
    pytest.param("07:29:32 WIB", dt.time(7, 29, 32), "07:29:32", id="bank-app:seconds-and-zone"),
    pytest.param("EKA , 09:19 , Sun", dt.time(9, 19), "09:19", id="ocr:commas-around-time"),
    pytest.param("Jam 19 : 42", dt.time(19, 42), "19 : 42", id="ocr:spaces-around-colon"),
    pytest.param("07.29.32", dt.time(7, 29, 32), "07.29.32", id="bank-app:dotted-with-seconds"),
    pytest.param("24.08.22-23:08", dt.time(23, 8), "23:08", id="indomaret:time-after-run-on-date"),
    pytest.param("Tgl 02.10.22 19.42.10", dt.time(19, 42, 10), "19.42.10", id="minimart:dotted-time-after-date"),
    pytest.param(
        "24 Juli 2026 pukul 19.42 WIB", dt.time(19, 42), "19.42", id="bank-app:pukul-dotted-hh-mm",
    ),
]


@pytest.mark.parametrize(("text", "expected", "raw"), TIMES)
def test_find_times(text: str, expected: dt.time, raw: str) -> None:
    found = find_times(text)
    assert [(t.value, t.raw) for t in found] == [(expected, raw)]
    assert text[found[0].start : found[0].end] == raw


NOT_TIMES = [
    pytest.param("02.10.22", id="short-date-is-not-02:10:22"),
    pytest.param("24.08.22", id="another-short-date"),
    pytest.param("25:61", id="hour-and-minute-out-of-range"),
    pytest.param("Rp 12.500", id="amount"),
    pytest.param("1.000.000", id="amount-two-groups"),
    pytest.param("PB1 : 23,005", id="a-label-digit-a-colon-and-a-grouped-amount"),
    pytest.param("KEMBAL1 : 23.100", id="a-damaged-label-a-colon-and-an-amount"),
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_not_times(text: str) -> None:
    assert find_times(text) == []


# Full-width forms are read as ASCII; spans and raw refer to the text as given.
def test_full_width_date_and_time() -> None:
    text = "Tgl １５／０１／２０２４ １４：３０"
    (d,) = find_dates(text, today=TODAY)
    assert d.value == dt.date(2024, 1, 15)
    assert d.raw == text[d.start : d.end] == "１５／０１／２０２４"
    assert d.notes == ()
    (t,) = find_times(text)
    assert t.value == dt.time(14, 30)
    assert t.raw == text[t.start : t.end] == "１４：３０"


# OCR letters for digits inside a numeric date: repaired, and the date says so.
DAMAGED_DATES = [
    pytest.param("Tgl. 3l/12/2024 10:00", dt.date(2024, 12, 31), "3l/12/2024", "l->1", id="l-for-1-in-the-day"),
    pytest.param("2O24-O1-15 08:00", dt.date(2024, 1, 15), "2O24-O1-15", "O->0", id="O-for-0-year-first"),
    pytest.param("TGL 24.O8.22-23:08", dt.date(2022, 8, 24), "24.O8.22", "O->0", id="O-in-an-indomaret-run-on"),
    pytest.param("Lahir: 3l-O8-199O", dt.date(1990, 8, 31), "3l-O8-199O", "l->1, O->0", id="ktp-birth-date"),
    pytest.param("I5/07/2026", dt.date(2026, 7, 15), "I5/07/2026", "I->1", id="capital-I-for-1"),
    pytest.param("1o/07/2026", dt.date(2026, 7, 10), "1o/07/2026", "o->0", id="lower-o-for-0"),
]


@pytest.mark.parametrize(("text", "expected", "raw", "repair"), DAMAGED_DATES)
def test_lookalike_letters_in_a_date_are_repaired_and_noted(
    text: str, expected: dt.date, raw: str, repair: str
) -> None:
    (d,) = find_dates(text, today=TODAY)
    assert d.value == expected
    assert d.raw == text[d.start : d.end] == raw
    assert d.has_year
    assert d.notes == (f"digit repaired {repair}",)


def test_repaired_date_does_not_become_a_time() -> None:
    assert [t.value for t in find_times("2O24-O1-15 08:00")] == [dt.time(8, 0)]


# No date is invented from words, codes or amounts with O, l or I in them.
NOT_REPAIRED = [
    pytest.param("SOL0/12/2024", id="letters-glued-before-a-digit"),
    pytest.param("SOLO/12/2O24", id="word-ending-in-O"),
    pytest.param("TOKO 12/2O24", id="month-and-year-only"),
    pytest.param("lO.lO.lO", id="no-real-digits"),
    pytest.param("OI/OI/2O", id="one-real-digit"),
    pytest.param("KODE 2O24-OOl-15", id="three-character-month"),
    pytest.param("1O.O1.2O.OO", id="four-groups-is-a-code"),
    pytest.param("3l/13/2024", id="month-13-after-repair"),
    pytest.param("3O/O2/2O24", id="thirtieth-of-february"),
    pytest.param("1OO.OOO.OOO", id="amount-with-O-zeros"),
    pytest.param("Rp 2O.OOO", id="amount-one-group"),
    pytest.param("RT.OO3/RW.OO5", id="rt-rw"),
    pytest.param("l2/l2/l2l2", id="year-out-of-range"),
    pytest.param("BOLO-lOlO-OIIO", id="letters-and-dashes"),
]


@pytest.mark.parametrize("text", NOT_REPAIRED)
def test_no_date_is_invented_from_words_with_lookalikes(text: str) -> None:
    assert find_dates(text, today=TODAY) == []


def test_a_clean_date_beside_damaged_words_has_no_repair_note() -> None:
    (d,) = find_dates("TOKO SOLO 12.05.2024 lOl", today=TODAY)
    assert (d.value, d.raw, d.notes) == (dt.date(2024, 5, 12), "12.05.2024", ())


# Separators lost or read as ':': repaired, noted (the receipt's confidence is weakened for it).
LOST_SEPARATORS = [
    pytest.param("24:07:2022", dt.date(2022, 7, 24), "24:07:2022", id="colons-day-first"),
    pytest.param("2022:07:24 14:02:11", dt.date(2022, 7, 24), "2022:07:24", id="colons-year-first"),
    pytest.param("Tgl 24072022", dt.date(2022, 7, 24), "24072022", id="eight-digits-after-tgl"),
    pytest.param("TANGGAL: 20220724", dt.date(2022, 7, 24), "20220724", id="year-first-after-tanggal"),
    pytest.param("24072022 14:02", dt.date(2022, 7, 24), "24072022", id="eight-digits-before-a-time"),
]


@pytest.mark.parametrize(("text", "expected", "raw"), LOST_SEPARATORS)
def test_lost_separators_are_repaired_and_noted(text: str, expected: dt.date, raw: str) -> None:
    (d,) = find_dates(text, today=TODAY)
    assert (d.value, d.raw, d.notes) == (expected, raw, ("date separators repaired",))


NOT_DATES_WITHOUT_CONTEXT = [
    pytest.param("24072022", id="eight-digits-alone-are-a-number"),
    pytest.param("NO 24072022", id="receipt-number"),
    pytest.param("TGL 240720221", id="nine-digits"),
    pytest.param("12:30:45", id="a-time"),
    pytest.param("24:07:22", id="colons-and-a-two-digit-year-are-a-time-shape"),
    pytest.param("24JUL223", id="glued-year-too-long"),
]


@pytest.mark.parametrize("text", NOT_DATES_WITHOUT_CONTEXT)
def test_no_date_from_digits_without_context(text: str) -> None:
    assert find_dates(text, today=TODAY) == []


# S and G read for 5 and 6 only beside a real digit; around month names too.
MORE_LOOKALIKES = [
    pytest.param("2s/07/2022", dt.date(2022, 7, 25), "2s/07/2022", "s->5", id="s-for-5"),
    pytest.param("1S.08.22", dt.date(2022, 8, 15), "1S.08.22", "S->5", id="S-for-5"),
    pytest.param("2G-07-2022", dt.date(2022, 7, 26), "2G-07-2022", "G->6", id="G-for-6"),
    pytest.param("2G Jul 2O22", dt.date(2022, 7, 26), "2G Jul 2O22", "G->6, O->0", id="around-a-month-name"),
    pytest.param("l2 Nov 2O25", dt.date(2025, 11, 12), "l2 Nov 2O25", "l->1, O->0", id="l-and-O-around-a-month"),
]


@pytest.mark.parametrize(("text", "expected", "raw", "repair"), MORE_LOOKALIKES)
def test_more_lookalikes_are_repaired_and_noted(text: str, expected: dt.date, raw: str, repair: str) -> None:
    (d,) = find_dates(text, today=TODAY)
    assert (d.value, d.raw, d.notes) == (expected, raw, (f"digit repaired {repair}",))


NOT_REPAIRED_BESIDE = [
    pytest.param("S/05/2024", id="a-lone-S-is-a-letter"),
    pytest.param("G/05/2024", id="a-lone-G-is-a-letter"),
    pytest.param("s/d 12/2024", id="s-d-sampai-dengan"),
    pytest.param("IS JUL 2022 X", id="a-word-before-a-month"),
]


@pytest.mark.parametrize("text", NOT_REPAIRED_BESIDE)
def test_no_repair_of_letters_that_stand_alone(text: str) -> None:
    assert [d for d in find_dates(text, today=TODAY) if d.notes] == []


def test_a_repaired_date_weakens_the_receipt_date() -> None:
    from idextract import parse_receipt

    clean = parse_receipt("TOKO\n24/07/2022 10:00\nTOTAL 5.000", today=TODAY).transaction_date
    for damaged in ("TOKO\n24:07:2022 10:00\nTOTAL 5.000", "TOKO\n2G/07/2022 10:00\nTOTAL 5.000"):
        date = parse_receipt(damaged, today=TODAY).transaction_date
        assert date.value is not None and date.confidence < clean.confidence
        assert any("repaired" in n for n in date.notes)


@pytest.mark.parametrize("text, expected", [
    ("18-07-2022.18:04", dt.date(2022, 7, 18)),  # a date run on into its time by a dot
    ("24.07.22.10:15", dt.date(2022, 7, 24)),
])
def test_a_date_glued_to_its_time_by_a_dot(text: str, expected: dt.date) -> None:
    assert [d.value for d in find_dates(text, today=dt.date(2023, 1, 1))] == [expected]


def test_a_dot_and_digits_that_are_no_time_still_end_no_date() -> None:
    assert find_dates("12.07.2022.5", today=dt.date(2023, 1, 1)) == []


@pytest.mark.parametrize("text", [
    "24.08.22-23:08", "17.06 22-17:33", "06.0822", "25/07 10:30", "12 Desember 2025", "October 14, 2022",
    "24:07:2022", "2022:07:24", "Tgl 24072022", "24072022 10:00", "123456789", "TOTAL 19.700", "2 x 3.500",
])
def test_the_joined_gate_agrees_with_the_gates(text: str) -> None:
    # _any_gate is the gates' branches with their leading digit taken out in front (speed only).
    from idextract import dates

    gates = dates._patterns()[1]
    assert (dates._any_gate().search(text) is not None) == any(g.search(text) for g in gates)


@pytest.mark.parametrize(("text", "note"), [
    ("sabtu 6/4", True), ("tarikh 9/8 mlm", True), ("Date: 12.05", True), ("KHAMIS 3-10", True),
    # A fraction in a name is no date; a day and month with no day name or date word says nothing.
    ("Ayam Goreng 1/2 ekor", False), ("Nasi 1/2 porsi", False), ("meja 3/4", False), ("tgl 32/4", False),
])
def test_a_day_and_month_beside_a_day_name_or_date_word_is_a_date_note(text: str, note: bool) -> None:
    assert day_month_note(text) is note
