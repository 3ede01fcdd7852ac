"""idextract.text: clean-up of OCR text and label matching that survives OCR damage.

Labels here are a small hand-made table in the style of parsers/receipt.toml; rows are invented.
"""

from __future__ import annotations

import pytest

from idextract.text import LabelHit, LabelMatcher, normalize, repair_digits

NORMALIZE = [
    # Full-width characters come out of OCR engines trained on CJK text.
    pytest.param("ＴＯＴＡＬ　：　８６．５００", "TOTAL : 86.500", id="ocr:full-width-row"),
    pytest.param("TOTAL：86.500", "TOTAL:86.500", id="ocr:full-width-colon"),
    pytest.param("①", "1", id="ocr:circled-digit"),
    # Look-alikes printers and OCR use.
    pytest.param("2 × 3.500", "2 x 3.500", id="minimart:multiplication-sign"),
    pytest.param("KEMBALI—13.500", "KEMBALI-13.500", id="restaurant:em-dash"),
    pytest.param("DISKON –2.000", "DISKON -2.000", id="restaurant:en-dash"),
    pytest.param("“LUNAS”", '"LUNAS"', id="bank-app:curly-double-quotes"),
    pytest.param("Jum’at", "Jum'at", id="bank-app:curly-apostrophe"),
    pytest.param("A ¦ B", "A | B", id="ocr:broken-bar"),
    # Whitespace: collapsed and trimmed.
    pytest.param("AIR   MINERAL\t 7.000", "AIR MINERAL 7.000", id="ocr:runs-of-spaces-and-tabs"),
    pytest.param("  Rp 100.000  ", "Rp 100.000", id="ocr:padding"),
    pytest.param("TOTAL\n86.500", "TOTAL 86.500", id="transcript:newline"),
    pytest.param("", "", id="empty"),
]


@pytest.mark.parametrize(("text", "expected"), NORMALIZE)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_normalize_is_idempotent() -> None:
    for param in NORMALIZE:
        once = normalize(param.values[0])
        assert normalize(once) == once


LABELS = {
    "total": ["TOTAL", "TOTAL BELANJA", "GRAND TOTAL"],
    "subtotal": ["SUB TOTAL"],
    "paid": ["TUNAI", "BAYAR"],
    "change": ["KEMBALIAN", "KEMBALI"],
    "tax": ["PPN"],
    "receipt_number": ["No. Struk"],
}


@pytest.fixture(scope="module")
def matcher() -> LabelMatcher:
    return LabelMatcher(LABELS)


# Exact hits: (row, [(key, label as listed, start, end)]).
EXACT = [
    pytest.param("TUNAI 100.000", [("paid", "TUNAI", 0, 5)], id="minimart:paid"),
    pytest.param("KEMBALIAN 13.500", [("change", "KEMBALIAN", 0, 9)], id="minimart:longest-label-wins"),
    pytest.param("KEMBALI 13.500", [("change", "KEMBALI", 0, 7)], id="minimart:short-change-label"),
    pytest.param("total belanja 86.500", [("total", "TOTAL BELANJA", 0, 13)], id="minimart:lower-case"),
    pytest.param("GRAND TOTAL 100.000", [("total", "GRAND TOTAL", 0, 11)], id="restaurant:grand-total"),
    pytest.param("SUBTOTAL 86.500", [("subtotal", "SUB TOTAL", 0, 8)], id="restaurant:subtotal-without-space"),
    pytest.param("SUB TOTAL 86.500", [("subtotal", "SUB TOTAL", 0, 9)], id="restaurant:subtotal-with-space"),
    pytest.param("Sub.Total 86.500", [("subtotal", "SUB TOTAL", 0, 9)], id="restaurant:subtotal-with-dot"),
    pytest.param("NO.STRUK T1-0099", [("receipt_number", "NO. STRUK", 0, 8)], id="minimart:no-dot-struk-glued"),
    pytest.param("No Struk: T1-0099", [("receipt_number", "NO. STRUK", 0, 8)], id="minimart:no-struk-without-dot"),
    pytest.param("TOTAL:86.500", [("total", "TOTAL", 0, 5)], id="minimart:label-glued-to-colon"),
    pytest.param("PPN 8.572", [("tax", "PPN", 0, 3)], id="minimart:short-label"),
    # A digit read for its look-alike letter is the label as printed ("T0TAL", "TUNA1").
    pytest.param("TUNA1 100.000", [("paid", "TUNAI", 0, 5)], id="ocr:TUNA1-digit-for-letter"),
    pytest.param(
        "Total Belanja Rp 86.500 Tunai Rp 100.000",
        [("total", "TOTAL BELANJA", 0, 13), ("paid", "TUNAI", 24, 29)],
        id="e-receipt:two-labels-on-one-row",
    ),
]


@pytest.mark.parametrize(("row", "expected"), EXACT)
def test_exact_label_hits(matcher: LabelMatcher, row: str, expected: list[tuple[str, str, int, int]]) -> None:
    hits = matcher.find(row)
    assert [(h.key, h.label, h.start, h.end) for h in hits] == expected
    assert all(h.errors == 0 for h in hits)
    assert hits == matcher.find(row, fuzzy=False)


# OCR-damaged labels: found by the fuzzy pass with their edit distance.
OCR_DAMAGE = [
    pytest.param("TUNAT 100.000", "paid", "TUNAI", 1, id="ocr:TUNAT"),
    pytest.param("Kerbalian 13.500", "change", "KEMBALIAN", 1, id="ocr:Kerbalian"),
    pytest.param("KEMBALT 500", "change", "KEMBALI", 1, id="ocr:KEMBALT"),
]


@pytest.mark.parametrize(("row", "key", "label", "errors"), OCR_DAMAGE)
def test_fuzzy_label_hits(matcher: LabelMatcher, row: str, key: str, label: str, errors: int) -> None:
    hits = matcher.find(row)
    assert [(h.key, h.label, h.errors) for h in hits] == [(key, label, errors)]
    assert hits[0].start == 0
    # The fuzzy pass is opt-out, and it is the only way these rows hit.
    assert matcher.find(row, fuzzy=False) == []


# Not labels: the label is part of a longer word, or too short to match fuzzily.
NO_HIT = [
    pytest.param("TOTALAN 5", id="word-boundary:right"),
    pytest.param("XTOTAL 5", id="word-boundary:left"),
    pytest.param("PPM 8.572", id="short-label-not-fuzzy"),
    pytest.param("TERIMA KASIH", id="footer"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("row", NO_HIT)
def test_no_label_hit(matcher: LabelMatcher, row: str) -> None:
    assert matcher.find(row) == []


def test_exact_hits_suppress_the_fuzzy_pass(matcher: LabelMatcher) -> None:
    """An exact label on the row means no fuzzy guesses elsewhere on it."""
    hits = matcher.find("TOTAL 86.500 TUNAT 100.000")
    assert [(h.key, h.errors) for h in hits] == [("total", 0)]


def test_min_fuzzy_length_turns_the_fuzzy_pass_off() -> None:
    strict = LabelMatcher({"paid": ["TUNAI"]}, min_fuzzy_length=99)
    assert strict.find("TUNAT 100.000") == []
    assert strict.find("TUNAI 100.000") == [LabelHit("paid", "TUNAI", 0, 5, 0)]


REPAIRS = [
    pytest.param("1O.OOO", "10.000", 4, id="ocr:capital-O"),
    pytest.param("l5.500", "15.500", 1, id="ocr:lower-l"),
    pytest.param("12.500", "12.500", 0, id="clean"),
]


@pytest.mark.parametrize(("text", "expected", "n_notes"), REPAIRS)
def test_repair_digits(text: str, expected: str, n_notes: int) -> None:
    repaired, notes = repair_digits(text, {"O": "0", "l": "1"})
    assert repaired == expected
    assert len(notes) == n_notes


def test_look_alike_labels_keep_their_listed_order() -> None:
    """A label's letter I is also read as 1 ("V1SA", "BAK1"); two labels that read the same text
    (PI and P1 both read "P1") are tried in the order listed, whatever other label shares the
    start of one of them (the prefix-merged pattern may not move P1 ahead of PI)."""
    hits = LabelMatcher({"a": ["P1 X"], "b": ["PI"], "c": ["P1"]}, min_fuzzy_length=99).find("P1 9.00")
    assert [(h.key, h.label) for h in hits] == [("b", "PI")]
    visa = LabelMatcher({"paid": ["VISA"], "change": ["BAKI"]}).find("V1SA ****2231 507.38 BAK1 0.00")
    assert [(h.key, h.errors) for h in visa] == [("paid", 0), ("change", 0)]


def test_matchers_label_hits_are_the_dataclass_s() -> None:
    """text._label_hit (quick construction in the matchers' loops) makes what LabelHit(...) makes;
    a field added to LabelHit must be added there."""
    import dataclasses

    from idextract.text import _label_hit

    quick, plain = _label_hit("total", "TOTAL", 2, 7, 1), LabelHit("total", "TOTAL", 2, 7, 1)
    assert quick == plain and hash(quick) == hash(plain) and repr(quick) == repr(plain)
    assert vars(quick) == vars(plain) and list(vars(quick)) == [f.name for f in dataclasses.fields(LabelHit)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.start = 0  # type: ignore[misc]
    found = LabelMatcher({"total": ["TOTAL"]}).find("Sub x TOTAL 12.000")
    assert found == [LabelHit("total", "TOTAL", 6, 11, 0)] and type(found[0]) is LabelHit
