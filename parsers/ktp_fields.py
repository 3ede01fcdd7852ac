"""The KTP's fields read from their aligned values: each value typed, snapped and scored.

Dates are parsed (a birth date after the place, the issue date under the photo even when its
separators were lost), RT/RW is read as two zero-padded numbers, closed vocabularies are snapped
(:mod:`.ktp_vocab`), free text is normalised. Each field's confidence starts from how it was
read and drops with the OCR score (weighed by how much the field can correct: free text
nothing, a vocabulary almost everything), a label read only by its place, a fuzzy label, or a
wrapped line taken from a missing neighbour; every drop leaves a note.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import regex

from idextract.confidence import SNAP_SIMILARITY_WEIGHT, SURE_SNAP_SIMILARITY, Confidence
from idextract.dates import find_dates
from idextract.layout import Row
from idextract.records import Extracted
from idextract.text import normalize

from .ktp_layout import DATE_LIKE
from .ktp_lines import ASCII_DIGITS, STRIP, Value
from .ktp_spec import Spec
from .ktp_vocab import skeleton, wdist

if TYPE_CHECKING:
    from .ktp import Ktp

__all__ = ["make_field", "read_header", "read_issue", "read_person", "regency_kind_of"]

# The slash blurred into a colon only between two zero-padded numbers (``014:008``): no time or
# date on a card has three digits on both sides of one.
_RT_RW = regex.compile(r"(?P<rt>[0-9OoIl]{1,3})\s*[/\\|]\s*(?P<rw>[0-9OoIl]{1,3})"
                       r"|(?P<rt>[0-9OoIl]{3})\s*(?P<colon>[:;])\s*(?P<rw>[0-9OoIl]{3})")
# Both printed zero-padded to three digits: six digits (seven, the slash read as 1 or 7) are RT/RW.
_RT_RW_BARE = regex.compile(r"(?P<rt>[0-9OoIl]{3})\s*[17]?\s*(?P<rw>[0-9OoIl]{3})")
_RT_RW_LEAD = "689"
_AB_LIKE = regex.compile(r"^[A4][A-Z38]$")
_WNI_LIKE = regex.compile(r"^[WV](?:[NHM][^A\s]?)?(?:\s|$)")
# A vocabulary entry this long is a word (ISLAM, WNI, KAWIN), not a code letter (A, B, O, -).
_WORD_ENTRY = 3


def make_field(value: str | dt.date | None, v: Value | None, conf: Confidence, raw: str | None = None,
               kind: str = "pattern", place_confirmed: bool = False) -> Extracted[Any]:
    """The record's field for ``value`` read from ``v``, its confidence lowered by the OCR score
    (weighed by ``kind``: "free", "vocab" or "pattern", see ``confidence.OCR_WEIGHT``) and by how
    the field was found, unless ``place_confirmed`` (the value is a word of the field's own
    vocabulary: no other field prints it)."""
    if value is None or value == "":
        return Extracted()
    if v is not None:
        conf.ocr(v.row.span_confidence(v.start, max(v.end, v.start + 1)), kind)
        if v.found_by == "position":
            note = "label not read: the field known by its place in the card's label order"
            if place_confirmed:
                conf.notes.append(f"{note}, which its value confirms")
            elif kind == "vocab":  # its value, in the field's closed vocabulary, confirms the place
                conf.weaken("by_position_in_vocab", note)
            else:
                conf.weaken("by_position", note)
        elif v.errors and place_confirmed:
            conf.notes.append("fuzzy label, which its value confirms")
        elif v.errors:  # a damaged label that still stands in its place in the label order
            conf.weaken("fuzzy_card_label", "fuzzy label")
        if v.swallowed:
            conf.weaken("swallowed_row", "took a wrapped line while the next field was not found")
    return Extracted[Any](
        value=value, confidence=conf.rounded, raw=raw if raw is not None else (v.text if v else None),
        box=v.row.span_box(v.start, max(v.end, v.start + 1)) if v else None,
        polygon=v.row.span_polygon(v.start, max(v.end, v.start + 1)) if v else None, line=v.row.index if v else None,
        notes=conf.notes,
    )


def _vocab_field(name: str, v: Value | None, spec: Spec) -> Extracted[Any]:
    """A closed-vocabulary field, snapped (less sure the farther the read); kept as printed, and
    much less sure, when no entry is near."""
    if v is None or not v.text:
        return Extracted()
    text = v.text
    value, similarity = spec.vocabs[name].snap(text)
    if value is None and name not in ("blood_type",):
        # Stray digits glued on from a neighbouring column ("MELIM KANIN 143").
        words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
        if words and len(words) < len(text.split()):
            value, similarity = spec.vocabs[name].snap(" ".join(words))
    dropped = False
    if value is None and name not in ("blood_type", "gender"):
        # The photo column's issue place glued on after the value ("ISLAM SEMARANG"): the
        # longest run of leading words that is an entry.
        words = text.split()
        for k in range(len(words) - 1, 0, -1):
            value, similarity = spec.vocabs[name].snap(" ".join(words[:k]))
            if value is not None:
                dropped = True
                break
    if value is None and name == "gender":
        words = text.split()
        # The first word(s); or, glued to what follows ("PEREMPUANGOL."), the word's head.
        for cand in (" ".join(words[:2]), words[0], words[0][:9], words[0][:10]):
            value, similarity = spec.vocabs[name].snap(cand)
            if value is not None:
                break
    if value is None:
        conf = Confidence.start("card_field", "not in the closed vocabulary")
        conf.weaken("check_failed", "value kept as printed")
        return make_field(" ".join(text.upper().split()), v, conf, kind="free")
    conf = Confidence.start("card_field", "closed vocabulary")
    if dropped:
        conf.cap("snapped", "words after the value left out (the photo column's text?)")
    _snapped(conf, similarity, "snapped to vocabulary")
    # A word of the field's vocabulary is printed by no other field: it confirms a place the
    # label did not (419 of 419 right on the hard card renders, seeds 1-5). A blood type's
    # letters (A, B, O, a dash) are any stray mark's: they confirm nothing.
    return make_field(value, v, conf, kind="vocab", place_confirmed=len(value) >= _WORD_ENTRY)


def _snapped(conf: Confidence, similarity: float, note: str) -> None:
    """Weaken ``conf`` for a value snapped to a closed vocabulary from a read ``similarity``
    (1.0 = exact) like it."""
    if SURE_SNAP_SIMILARITY <= similarity < 1.0:
        # Most of the entry's letters read and no other entry near (snap's margin): a good bet.
        conf.weaken("snapped_unique", f"{note} (similarity {similarity:.2f})")
    elif similarity < 1.0:
        # Less than that read: the nearest entry is a guess, and never near-certain.
        conf.scale(similarity ** SNAP_SIMILARITY_WEIGHT, f"{note} (similarity {similarity:.2f})")
        conf.cap("snapped")


def _text_field(v: Value | None) -> Extracted[Any]:
    """A free-text field (name, address...), normalised and upper-case."""
    if v is None:
        return Extracted()
    text = " ".join(normalize(v.text).upper().split()).strip(STRIP)
    return make_field(text, v, Confidence.start("card_field"), kind="free")


def read_header(record: Ktp, header: list[Row], spec: Spec) -> None:
    """Province and regency/city from the header rows; a damaged PROVINSI / KOTA / KABUPATEN is
    known by its place (first and second header row) and by what follows it (a province name)."""
    for row in header:
        hits = spec.header.find(row.text)
        upper = row.text.upper()
        first, _, rest_text = " ".join(upper.split()).partition(" ")
        if hits and hits[0].start <= 3 and hits[0].key == "province" and not record.province.found:
            _province(record, row, hits[0].end, hits[0].errors, spec, None)
        elif not record.province.found and not record.city_regency.found and rest_text and \
                wdist(skeleton(first), "PROVINSI") <= 3 and spec.vocabs["province"].snap(rest_text)[0] is not None:
            _province(record, row, row.text.upper().index(first) + len(first), 0, spec,
                      f"PROVINSI read as {first!r}: known by its place")
        elif (hits and hits[0].key == "regency") or any(j in upper for j in spec.jakarta):
            if not record.city_regency.found:
                text = " ".join(normalize(row.text).upper().split()).strip(STRIP)
                record.city_regency = make_field(text, Value(text, row, 0, len(row.text), 0),
                                                 Confidence.start("card_field", "header line"), kind="free")
        elif record.province.found and not record.city_regency.found and rest_text:
            # KOTA / KABUPATEN damaged beyond the matcher, on the row under PROVINSI.
            kind, share = regency_kind_of(first)
            if share <= 1 / 2:
                text = f"{kind} {' '.join(normalize(rest_text).split()).strip(STRIP)}"
                conf = Confidence.start("card_field", "header line")
                conf.weaken("by_position", f"{kind} read as {first!r}: known by its place under PROVINSI")
                record.city_regency = make_field(text, Value(text, row, 0, len(row.text), 0), conf, kind="free")


def regency_kind_of(word: str) -> tuple[str, float]:
    """The nearer of KOTA and KABUPATEN to a damaged ``word`` (``KABIPATEN``), and its edits as
    a share of the kind's length; each caller sets how much damage it takes."""
    kind = min(("KOTA", "KABUPATEN"), key=lambda k: wdist(skeleton(word), k) / len(k))
    return kind, wdist(skeleton(word), kind) / len(kind)


def _province(record: Ktp, row: Row, end: int, errors: int, spec: Spec, damaged: str | None) -> None:
    """The province after PROVINSI (read up to ``end``), snapped to the province list."""
    rest = row.text[end:].strip(STRIP)
    value, similarity = spec.vocabs["province"].snap(rest)
    conf = Confidence.start("card_field", "header PROVINSI")
    if damaged:
        conf.weaken("by_position", damaged)
    if value is None:
        value = " ".join(rest.upper().split())
        conf.weaken("check_failed", "not a known province")
    elif similarity < 1.0:
        conf.scale(similarity, f"snapped to a province (similarity {similarity:.2f})")
    record.province = make_field(value, Value(rest, row, end, len(row.text), errors), conf, kind="vocab")


def read_person(record: Ktp, found: dict[str, Value], spec: Spec, today: dt.date) -> None:
    """The fields under the NIK, from the name down to Berlaku Hingga."""
    record.name = _text_field(found.get("name"))
    birth = found.get("birth")
    if birth is not None:
        _birth(record, birth, spec, today)
    record.gender = _vocab_field("gender", found.get("gender"), spec)
    _blood_type(record, found.get("blood_type"), spec)
    record.address = _text_field(found.get("address"))
    rtrw = found.get("rt_rw")
    if rtrw is not None:
        _rt_rw(record, rtrw)
    record.village = _text_field(found.get("village"))
    record.district = _text_field(found.get("district"))
    for name in ("religion", "marital_status", "occupation", "nationality"):
        setattr(record, name, _vocab_field(name, found.get(name), spec))
    nat = found.get("nationality")
    if nat is not None:
        _nationality(record, nat)
    valid = found.get("valid_until")
    if valid is not None and valid.text:
        _valid_until(record, valid, spec, today)


# A birth place read this similar to a place name (1 - edits / length, the snap's measure) is
# snapped to it; down to PLACE_NEAR it is kept as read, not near-certain; farther it is another
# place (SINGAPURA is 0.56 from JAYAPURA). On the hard rendered cards the 20 snaps were all right
# (SLOAN 0.67 and SEMANAND 0.75 among them); a village two letters from a regency (SUKAMAJU,
# SUKAMARA: 0.75) is snapped wrongly, at 0.89 at most and with its read in the note and raw.
PLACE_SNAP = 0.65
PLACE_NEAR = 0.6


def _birth(record: Ktp, birth: Value, spec: Spec, today: dt.date) -> None:
    """Tempat/Tgl Lahir: the place, then the date."""
    dates = find_dates(birth.text, today=today)
    if dates:
        d = dates[-1]
        conf = Confidence.start("pattern", "date after Tempat/Tgl Lahir").repaired(d.notes)
        record.birth_date = make_field(d.value, Value(d.raw, birth.row, birth.start + d.start, birth.start + d.end,
                                                      birth.errors), conf)
        place = birth.text[: d.start]
    else:
        # A date too damaged to read still ends the place: cut at its first digits.
        m = regex.search(r"[0-9]{2}", birth.text)
        place = birth.text[: m.start()] if m else birth.text
    place = " ".join(place.upper().split()).strip(STRIP)
    value, conf = _place(place, spec)
    record.birth_place = make_field(value, Value(place, birth.row, birth.start, birth.start + len(place),
                                                 birth.errors), conf, raw=place, kind="free")


def _place(place: str, spec: Spec) -> tuple[str, Confidence]:
    """A birth place as read, or the place name it is a damaged read of, and its confidence."""
    conf = Confidence.start("card_field")
    near, similarity = spec.places.snap(place) if place else (None, 0.0)
    if near is None or similarity == 1.0:
        return place, conf
    if similarity >= PLACE_SNAP:
        # Near a place name: that name, damaged (places printed that are no regency name are
        # listed in ktp.toml [places]).
        conf.scale(similarity ** SNAP_SIMILARITY_WEIGHT, f"read as {place!r}: snapped to the place name {near}")
        conf.cap("snapped")
        return near, conf
    if similarity >= PLACE_NEAR:
        # Farther: perhaps another place (SUKAMAJU, a village, is 2 letters from SUKAMARA).
        conf.cap("snapped", f"close to the place name {near}: the read may be damaged")
    return place, conf


def _blood_type(record: Ktp, blood: Value | None, spec: Spec) -> None:
    """Gol. Darah: a blood type from the vocabulary, AB from two letters, '-' from nothing."""
    if blood is not None and blood.text.split():
        token = blood.text.split()[0]
        # "-" is a value here (blood type not recorded), so it is not stripped as punctuation.
        blood = Value(token.strip(STRIP.replace("-", "")) or "-", blood.row, blood.start, blood.start + len(token),
                      blood.errors)
    record.blood_type = _vocab_field("blood_type", blood, spec)
    if blood is not None and record.blood_type.value not in spec.vocabs["blood_type"].table.values() and \
            _AB_LIKE.match(blood.text.upper()):
        # Two letters after Gol. Darah: AB is the only two-letter type (a blurred B reads as
        # E, S, N, R...).
        conf = Confidence.start("derived", f"read as {blood.text!r}: the only two-letter blood type")
        record.blood_type = make_field("AB", blood, conf, kind="vocab")
    if blood is not None and not record.blood_type.found:
        # Every card prints something after Gol. Darah; OCR drops a lone "-" far more often
        # than a letter, so an empty value is most likely the dash.
        conf = Confidence.start("derived", "Gol. Darah read with no value: taken as '-' (a dash the OCR dropped)")
        record.blood_type = make_field("-", blood, conf, raw="")


def _rt_rw(record: Ktp, rtrw: Value) -> None:
    """RT/RW as two zero-padded numbers, the slash or a blurred leading 0 repaired."""
    m = _RT_RW.search(rtrw.text) or _RT_RW_BARE.fullmatch(rtrw.text.strip(STRIP))
    if not m:
        return
    conf = Confidence.start("pattern", "RT/RW pattern")
    if m.re is _RT_RW_BARE:
        conf.weaken("digit_repaired", "the slash between RT and RW was lost (or read as a digit)")
    elif m.group("colon"):
        conf.weaken("digit_repaired", "the slash between RT and RW read as a colon")
    parts = []
    for g in ("rt", "rw"):
        part = m.group(g).replace("O", "0").replace("o", "0").replace("I", "1").replace("l", "1")
        if len(part) == 3 and part[0] in _RT_RW_LEAD:
            # Printed zero-padded, and no RT or RW runs into the hundreds: a blurred
            # leading 0 read as 8, 6 or 9.
            conf.weaken("digit_repaired", f"leading {part[0]} of {part} read as 0")
            part = "0" + part[1:]
        parts.append(int(part))
    record.rt_rw = make_field(f"{parts[0]:03d}/{parts[1]:03d}", rtrw, conf)


def _nationality(record: Ktp, nat: Value) -> None:
    """A nationality outside the vocabulary that still reads as WN and a letter."""
    if record.nationality.value not in ("WNI", "WNA") and _WNI_LIKE.match(nat.text.upper()):
        # WN? with the last letter lost or garbled: citizens' cards (WNA cards are rare and the
        # A is the letter OCR keeps best), with a note and less confidence.
        conf = Confidence.start("card_rule", f"read as {nat.text!r}: WN and an unreadable letter taken as WNI")
        record.nationality = make_field("WNI", nat, conf, kind="vocab")


def _valid_until(record: Ktp, valid: Value, spec: Spec, today: dt.date) -> None:
    """Berlaku Hingga: SEUMUR HIDUP (snapped), or a date on an older card."""
    lifetime, similarity = spec.vocabs["valid_until"].snap(valid.text)
    dates = find_dates(valid.text, today=today)
    if lifetime is not None:
        conf = Confidence.start("card_field", "SEUMUR HIDUP")
        _snapped(conf, similarity, "snapped")
        record.valid_until = make_field(lifetime, valid, conf, kind="vocab", place_confirmed=True)
    elif dates:
        record.valid_until = make_field(dates[0].value, valid,
                                        Confidence.start("pattern", "a date: an older card").repaired(dates[0].notes))


def read_issue(record: Ktp, photo_rows: list[Row], tail: list[Row], today: dt.date) -> None:
    """Issue place and date: right of the photo (boxes), or the rows after the last field (plain text).

    The date anchors the place above it even when its separators were lost (``25 07 2023``) or
    it does not parse; such a date is read with less confidence, or not at all.
    """
    candidates = photo_rows or tail[-3:]
    for i, row in enumerate(candidates):
        dates = find_dates(row.text, today=today)
        loose = DATE_LIKE.search(row.text) if not dates else None
        if not dates and loose is None:
            continue
        if dates:
            d = dates[-1]
            start = d.start
            record.issue_date = make_field(d.value, Value(d.raw, row, d.start, d.end, 0),
                                           Confidence.start("pattern", "date under the photo").repaired(d.notes))
        else:
            assert loose is not None
            start = loose.start()
            read = _loose_date(loose.group())
            if read is not None:
                conf = Confidence.start("pattern", "date under the photo").weaken("digit_repaired",
                                                                                  "date separators repaired")
                if read[1]:
                    conf.weaken("check_failed", "the month's first digit read as no month: taken as 0")
                record.issue_date = make_field(read[0], Value(loose.group(), row, loose.start(), loose.end(), 0),
                                               conf)
        above = [r for r in candidates[:i] if sum(ch.isalpha() for ch in r.text) >= 3]
        own = row.text[:start].strip(STRIP)
        place_row, text = (row, own) if sum(ch.isalpha() for ch in own) >= 3 else (
            (above[-1], above[-1].text) if above else (None, ""))
        if place_row is not None:
            text = " ".join(normalize(text).upper().split()).strip(STRIP)
            record.issue_place = make_field(text, Value(text, place_row, 0, len(place_row.text), 0),
                                            Confidence.start("card_field", "place above the issue date"), kind="free")
        break


def _loose_date(text: str) -> tuple[dt.date, bool] | None:
    """A DD MM YYYY date whose separators were lost or misread (``25 07 2023``, ``2507-2023``),
    and whether a digit was repaired: a month's first digit that makes no month (``04-43-2025``)
    is a 0 when the second digit allows no other month (3-9)."""
    digits = "".join(ch for ch in text if ch in ASCII_DIGITS)
    if len(digits) != 8:
        return None
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    if not 1900 <= year <= 2100:
        return None
    repaired = False
    if month > 12 and month % 10 >= 3:
        month, repaired = month % 10, True
    try:
        return dt.date(year, month, day), repaired
    except ValueError:
        return None
