"""The NIK read and checked against the card, and the cross-field evidence on a KTP.

The NIK (16 digits: province, regency, district, birth date with 40 added for women, serial) is
repaired (O->0, B->8...) and cross-checked with the printed birth date, sex and province: what
agrees confirms both reads, what disagrees is a failed check and a warning. Other fields confirm
or fill each other: sex and birth date from the NIK when unread, a damaged header regency from
the regencies of the NIK's province (the NIK's own first), the issue place from the header's
regency (cards are issued there), WNI from a card valid for life, and an issue date that
contradicts the card is read with less confidence. A value filled in so is never as sure as a
clean read, and says where it came from.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from idextract.confidence import EVIDENCE_FLOOR, SNAP_SIMILARITY_WEIGHT, Confidence
from idextract.layout import Row
from idextract.records import Check, Extracted

from . import nik as niklib
from .ktp_fields import make_field, regency_kind_of
from .ktp_lines import ASCII_DIGITS, NIK_MIN_DIGITS, STRIP, Line, Value
from .ktp_spec import Spec
from .ktp_vocab import Vocab, skeleton, wdist

if TYPE_CHECKING:
    from .ktp import Ktp

__all__ = ["check_issue_date", "from_the_nik", "issue_place_from_header", "nationality_from_validity", "nik_like",
           "nik_value", "read_nik", "regency_from_header"]

_NIK_PARTS = regex.compile(r"[:;=]")
# Marks at either end of the number: punctuation, and the CJK characters the recogniser reads a
# card's pattern or a colon as ("二 1271..."). Letters stay: they may be misread digits (O, I, B).
_END_MARKS = regex.compile(r"^[^0-9A-Za-z]+|[^0-9A-Za-z]+$")
# A word of two letters or more before the number: the label damaged past matching (``NTK 3171``).
_LEADING_WORD = regex.compile(r"^(?=\S*\p{L}\S*\p{L})\S+\s+")


def nik_like(line: Line) -> bool:
    """A row holding a structurally valid NIK (a card whose labels the OCR lost is still a card)."""
    digits = "".join(ch for ch in line.value if ch in ASCII_DIGITS)
    letters = sum(ch.isalpha() for ch in line.value)
    return letters <= 3 and len(digits) in (16, 17) and any(_valid_nik(c) for c in {digits[:16], digits[-16:]})


def _valid_nik(digits: str) -> bool:
    """16 ASCII digits with a known province code and a valid date part."""
    if len(digits) != 16 or any(ch not in ASCII_DIGITS for ch in digits):
        return False
    info = niklib.decode(digits)
    return info is not None and not digits.startswith("0") and digits[:2] in niklib.provinces() \
        and niklib.valid_date_part(info)


def nik_value(v: Value | None, rows: list[Row]) -> tuple[Value | None, bool]:
    """The NIK as read: the digit run after the label, or a lone 16-digit row near it (then
    ``True``: read apart from its label).

    OCR adds stray marks before the number (``X:3273...``, from the card's pattern), and a
    large bold NIK whose box overlaps the label's can land on a row of its own.
    """
    if v is not None:
        part = max(_NIK_PARTS.split(v.text), key=_digit_count)
        if _digit_count(part) >= NIK_MIN_DIGITS:
            start = v.start + v.text.index(part)
            stripped = _END_MARKS.sub("", part)
            start += part.index(stripped) if stripped else 0
            word = _LEADING_WORD.match(stripped)
            # Dropped only when the rest is a valid NIK: letters may be misread digits (O, B).
            if word and not _valid_nik(niklib.repair(stripped)[0]) \
                    and _valid_nik(niklib.repair(stripped[word.end():])[0]):
                start, stripped = start + word.end(), stripped[word.end():]
            return Value(stripped, v.row, start, start + len(stripped), v.errors), False
    label_row = v.row.index if v is not None else 0
    lone = [r for r in rows if niklib.lone_number().fullmatch(r.text.strip(STRIP + " "))]
    if not lone:
        return v, False
    row = min(lone, key=lambda r: abs(r.index - label_row))
    text = row.text.strip(STRIP + " ")
    start = row.text.index(text)
    return Value(text, row, start, start + len(text), 0), True


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def read_nik(record: Ktp, v: Value | None, spec: Spec, today: dt.date, *, apart: bool = False) -> None:
    """The NIK repaired and checked (format, then birth date, sex and province against the card),
    the record's checks set; agreement confirms the NIK, a failed check weakens it."""
    checks: list[Check] = []
    if v is None or not v.text:
        record.checks = [Check(name="nik_format", status="fail", detail="no NIK read")]
        record.warnings.append("no NIK read")
        return
    digits, repairs = niklib.repair(v.text.replace(" ", ""))
    conf = Confidence.start("pattern", "NIK")
    if len(digits) == 17 and all(ch in ASCII_DIGITS for ch in digits):
        # One stray mark read as a digit (a colon glued to the number reads as 1): keep the
        # 16 digits that make a valid NIK, if only one end does.
        valid = [c for c in (digits[1:], digits[:-1]) if _valid_nik(c)]
        if len(valid) == 1:
            conf.weaken("digit_repaired", "17 digits read: a stray digit at one end dropped")
            digits = valid[0]
    if apart:
        conf.weaken("weak_label", "a lone 16-digit row near the NIK label, read apart from it")
    for note in repairs:
        conf.weaken("digit_repaired", note)
    info = niklib.decode(digits)
    province_name = niklib.provinces().get(digits[:2])
    ok = not digits.startswith("0") and province_name is not None and niklib.valid_date_part(info)
    detail = "16 digits, known province, valid date part" if ok else (
        f"{len(digits)} characters read, 16 digits expected" if len(digits) != 16 or not digits.isdigit()
        else "invalid province code or date part")
    checks.append(Check(name="nik_format", status="pass" if ok else "fail", detail=detail))
    if not ok:
        conf.weaken("check_failed", detail)
    confirmed = 0
    if info is not None:
        confirmed += _check_birth(record, info, digits, checks, today, spec)
        confirmed += _check_gender(record, info, checks)
        _check_province(record, province_name, checks)
    for check in checks:
        if check.status == "fail" and check.name != "nik_format":
            conf.weaken("check_failed", f"{check.name} failed")
    if ok and confirmed and not any(c.status == "fail" for c in checks):
        conf.confirm("birth date and sex printed on the card agree with the NIK")
    record.nik = make_field(digits, v, conf, raw=v.text)
    record.checks = checks


def _check_birth(record: Ktp, info: niklib.NikInfo, digits: str, checks: list[Check], today: dt.date,
                 spec: Spec) -> int:
    """The NIK's birth date against the printed one (1 when they agree); fills an unread date."""
    printed = record.birth_date.value
    if not isinstance(printed, dt.date):
        coded = niklib.birth_date(info, today=today, min_age=spec.min_age)
        checks.append(Check(name="nik_birth_date_matches", status="skip", detail="no printed birth date read"))
        if coded is not None:
            record.birth_date = Extracted[dt.date](value=coded, confidence=Confidence.start("from_nik").rounded,
                                                   notes=["from the NIK; not read on the card"])
        return 0
    coded = niklib.birth_date(info, today=today, min_age=spec.min_age, century_hint=printed.year // 100 * 100)
    if coded == printed:
        checks.append(Check(name="nik_birth_date_matches", status="pass", detail="NIK birth date = printed birth date"))
        record.birth_date.confidence = Confidence(record.birth_date.confidence).confirm("").rounded
        record.birth_date.notes.append("confirmed by the NIK")
        return 1
    a, b = f"{printed:%d%m%y}", f"{info.birth_day:02d}{info.birth_month:02d}{info.birth_yy:02d}"
    if coded is not None and sum(x != y for x, y in zip(a, b)) == 1:
        # The NIK is printed larger and bold: trust it over the smaller date, and say so.
        record.birth_date.notes.append(f"one printed digit read as {printed:%d-%m-%Y}; repaired from the NIK")
        record.birth_date.value = coded
        checks.append(Check(name="nik_birth_date_matches", status="pass",
                            detail="one digit of the printed date disagreed; repaired from the NIK"))
        return 1
    checks.append(Check(name="nik_birth_date_matches", status="fail",
                        detail="the NIK's date part does not match the printed birth date"))
    record.warnings.append("the NIK's birth date differs from the printed one")
    return 0


def _check_province(record: Ktp, province_name: tuple[str, str] | None, checks: list[Check]) -> None:
    """The NIK's province code against the printed province (a mismatch only warns: the holder
    may have moved)."""
    if province_name is not None and record.province.found:
        same = record.province.value == province_name[1]
        checks.append(Check(name="nik_province_matches", status="pass" if same else "warn",
                            detail="NIK prefix matches the printed province" if same else
                            "NIK issued in another province than the one printed (the holder may have moved)"))
        if same:
            record.province.confidence = Confidence(record.province.confidence).confirm("").rounded
            record.province.notes.append("confirmed by the NIK's province code")
        else:
            record.warnings.append("the NIK's province code differs from the printed province")
    else:
        checks.append(Check(name="nik_province_matches", status="skip", detail="province not read"))


def _check_gender(record: Ktp, info: niklib.NikInfo, checks: list[Check]) -> int:
    """The sex the NIK encodes against the printed one (1 when they agree); fills an unread one."""
    coded = "PEREMPUAN" if info.female else "LAKI-LAKI"
    if not record.gender.found:
        checks.append(Check(name="nik_gender_matches", status="skip", detail="no printed sex read"))
        record.gender = Extracted[str](value=coded, confidence=Confidence.start("from_nik").rounded,
                                       notes=["from the NIK; not read on the card"])
        return 0
    if record.gender.value not in ("LAKI-LAKI", "PEREMPUAN"):
        checks.append(Check(name="nik_gender_matches", status="skip", detail="the printed sex is unreadable"))
        record.gender = record.gender.model_copy(update={
            "value": coded, "confidence": Confidence.start("from_nik").rounded,
            "notes": [f"printed value unreadable ({record.gender.value!r}); from the NIK"]})
        return 0
    if record.gender.value == coded:
        checks.append(Check(name="nik_gender_matches", status="pass", detail="NIK day encodes the printed sex"))
        record.gender.confidence = Confidence(record.gender.confidence).confirm("").rounded
        record.gender.notes.append("confirmed by the NIK")
        return 1
    checks.append(Check(name="nik_gender_matches", status="fail", detail="the NIK's day encodes the other sex"))
    record.warnings.append("the NIK's sex differs from the printed one")
    return 0


def from_the_nik(record: Ktp) -> None:
    """Birth date and sex filled in from the NIK are as sure as the NIK, a little less (a
    printed date registered apart from the NIK; the century, a guess), never as sure as a
    printed value read and confirmed."""
    nik = record.nik
    if not nik.found or record.check("nik_format") is None or record.check("nik_format").status != "pass":  # type: ignore[union-attr]
        return
    for name in ("birth_date", "gender"):
        field = getattr(record, name)
        if field.found and any("from the NIK" in n for n in field.notes):
            conf = Confidence(nik.confidence).weaken("from_nik")
            setattr(record, name, field.model_copy(update={"confidence": conf.rounded}))


_REGENCY_KIND = regex.compile(r"^(KOTA\s+ADM(?:INISTRASI)?\.?|KOTA|KABUPATEN|KAB\.?)\s+")
# The read's nearest regency of the province is taken down to this similarity when it is also
# the NIK's regency (two pieces of evidence), and from the vocabulary's own snap otherwise.
_NIK_REGENCY_NEAR = 0.5


def regency_from_header(record: Ktp, spec: Spec) -> None:
    """A damaged header regency (``KABUPATEN SLERAN``, ``KABIPATEN SLEMAN``) snapped to a regency
    of the card's province (python-stdnum's table; all its regencies for a province newer than
    it), the NIK's regency (its digits 3-4) taken a little farther when the read is nearest to
    it; an unread KOTA or KABUPATEN from the NIK's code (71 and up: a city) when the name is the
    NIK's. A holder who moved keeps the NIK: the NIK's regency only confirms a read near it, it
    never replaces a clean read of another."""
    city = record.city_regency
    if not isinstance(city.value, str) or not city.value:
        return
    kind, name = _split_regency(city.value)
    digits = record.nik.value if isinstance(record.nik.value, str) and record.nik.value.isdigit() else ""
    codes = {c: n for c, n in niklib.regencies().items() if c[:2] == digits[:2]} if digits else {}
    names = set(codes.values()) or niklib.regency_names()  # a province newer than the table: all
    if not names or (name in names and (not kind or _REGENCY_KIND.match(city.value))):
        return  # no table, or a clean read
    nik_name = codes.get(digits[:4])
    near, similarity = _regency_vocab(frozenset(names)).snap(name)
    if near is None and nik_name is not None:
        nearest = min(names, key=lambda n: wdist(name, n))
        sim = 1 - wdist(name, nearest, 1.0) / max(len(name), len(nearest))
        if nearest == nik_name and sim >= _NIK_REGENCY_NEAR:
            near, similarity = nearest, round(sim, 3)
    if near is None:
        return
    if not kind and near == nik_name and near not in spec.jakarta:  # KOTA / KABUPATEN not read
        kind = niklib.regency_kind(digits)
    value = f"{kind} {near}".strip()
    if value == city.value:
        return
    conf = Confidence(city.confidence, list(city.notes))
    why = "the NIK's regency" if near == nik_name else "a regency of the NIK's province"
    conf.scale(similarity ** SNAP_SIMILARITY_WEIGHT, f"read as {city.value!r}: snapped to {why}")
    conf.cap("snapped")
    record.city_regency = city.model_copy(update={"value": value, "confidence": conf.rounded, "notes": conf.notes})


@lru_cache(maxsize=64)
def _regency_vocab(names: frozenset[str]) -> Vocab:
    return Vocab({n: n for n in names})


def _split_regency(text: str) -> tuple[str, str]:
    """``KABIPATEN SLEMAN`` -> (``KABUPATEN``, ``SLEMAN``): the kind snapped to KOTA or KABUPATEN
    when damaged; ("", text) for a name printed without one (Jakarta's cities)."""
    m = _REGENCY_KIND.match(text)
    if m:
        return m.group(1), text[m.end():].strip()
    first, _, rest = text.partition(" ")
    kind, share = regency_kind_of(first)
    if rest and share <= 1 / 3:
        return kind, rest.strip()
    return "", text


# Under this an issue place read is too damaged to stand against the header's regency.
_GARBLED = 0.5


def _regency_name(city_regency: str) -> str:
    """``KOTA BANDUNG`` -> ``BANDUNG``: the name printed as the issue place."""
    return _REGENCY_KIND.sub("", city_regency).strip()


def issue_place_from_header(record: Ktp, spec: Spec) -> None:
    """Cross-check the issue place with the header's regency (the card is issued there): a
    damaged read near the regency's name is snapped to it, a missing one filled in (with less
    confidence than a clean read, and a note)."""
    city = record.city_regency.value
    if not isinstance(city, str) or not city:
        return
    name = _regency_name(city)
    place = record.issue_place
    if isinstance(place.value, str) and place.value:
        if place.value == name:
            return
        d = wdist(skeleton(place.value), skeleton(name))
        n = max(len(skeleton(place.value)), len(skeleton(name)))
        # Up to half the name when the read is no regency of its own (cards are issued where
        # their header says; SLEPWW under KABUPATEN SLEMAN).
        regencies = niklib.regency_names()
        if n and d / n <= (0.34 if place.value in regencies else 0.5):
            conf = Confidence(place.confidence, list(place.notes)).weaken(
                "digit_repaired", f"read as {place.value!r}; snapped to the header's regency")
            record.issue_place = place.model_copy(update={"value": name, "confidence": conf.rounded,
                                                          "notes": conf.notes})
        elif place.value not in regencies and name in regencies and place.confidence < _GARBLED:
            # A read too damaged to be near any name (NOINE under KOTA PADANG, at 0.34): the
            # header's regency, a known one, as where the card was issued.
            conf = Confidence.start("derived", f"read as {place.value!r}, no regency: the header's regency, "
                                               "where cards are issued")
            record.issue_place = place.model_copy(update={"value": name, "confidence": conf.rounded,
                                                          "notes": conf.notes})
        return
    if record.nik.found:
        conf = Confidence.start("card_rule", "not read under the photo: the header's regency, where cards are issued")
        record.issue_place = Extracted[str](value=name, confidence=conf.rounded, notes=conf.notes)


def nationality_from_validity(record: Ktp) -> None:
    """A card valid for life is a citizen's: a foreigner's KTP runs out with the stay permit
    (UU 24/2013), so an unread nationality next to SEUMUR HIDUP is WNI."""
    if record.nationality.value in ("WNI", "WNA") or record.valid_until.value != "SEUMUR HIDUP":
        return
    if record.valid_until.confidence < EVIDENCE_FLOOR:
        return
    note = "not read; SEUMUR HIDUP cards are citizens' (a foreigner's KTP carries an end date)"
    if record.nationality.found:
        note = f"read as {record.nationality.value!r}; " + note.split("; ", 1)[1]
    conf = Confidence.start("card_rule", note)
    record.nationality = record.nationality.model_copy(update={"value": "WNI", "confidence": conf.rounded,
                                                               "notes": conf.notes})


def check_issue_date(record: Ktp, today: dt.date) -> None:
    """An issue date that contradicts the card is read with less confidence: cards are issued
    from 17 years of age, not in the future, and old cards ran five years from issue."""
    issued, born, valid = record.issue_date.value, record.birth_date.value, record.valid_until.value
    if not isinstance(issued, dt.date):
        return
    reasons = []
    if issued > today:
        reasons.append("after today")
    if isinstance(born, dt.date) and issued.year < born.year + 17:
        reasons.append("before the holder was 17")
    if isinstance(valid, dt.date) and valid.year - issued.year != 5:
        reasons.append("not five years before the printed Berlaku Hingga")
    if reasons:
        conf = Confidence(record.issue_date.confidence, list(record.issue_date.notes))
        conf.weaken("check_failed", "issue date " + ", ".join(reasons))
        record.issue_date = record.issue_date.model_copy(update={"confidence": conf.rounded, "notes": conf.notes})
