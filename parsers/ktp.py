"""e-KTP identity cards (front side): text in, a :class:`Ktp` record out.

Values are anchored on the printed labels (``parsers/ktp.toml``), not on line numbers, so a card
with a missing line or an extra wrapped one still reads. Long names and addresses that wrap onto
a second line are joined; the issue place and date printed right of the photo are split off by
position before rows are built, so they never merge into the label rows. Closed vocabularies
(religion, marital status, occupation...) are snapped to their nearest entry, the distance
lowering confidence. The NIK is repaired (O->0, B->8...) and cross-checked with the printed
birth date, sex and province, and each check can repair the other side by one digit.

Privacy: ``repr()``/``str()`` of the record mask the NIK and the name; nothing is logged.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from functools import cache
from typing import Any

import regex
from pydantic import Field

from idextract.bounds import parser_input
from idextract.confidence import Confidence
from idextract.dates import find_dates
from idextract.layout import Row, group_rows
from idextract.ocr.base import OcrResult
from idextract.records import Check, Document, Extracted
from idextract.spec import load_toml, require
from idextract.text import LabelMatcher, normalize

from . import nik as niklib
from .ktp_layout import split_photo_column, upright

__all__ = ["Ktp", "parse_ktp"]

SPEC_FILE = "idextract.parsers/ktp.toml"
_RT_RW = regex.compile(r"(?P<rt>[0-9OoIl]{1,3})\s*[/\\|]\s*(?P<rw>[0-9OoIl]{1,3})")
_STRIP = " :;.,=-_|'\""


class Ktp(Document):
    """The printed fields of an e-KTP. Upper-case strings as printed; dates ``datetime.date``."""

    doc_type: str = "ktp"
    province: Extracted[str] = Field(default_factory=Extracted)
    city_regency: Extracted[str] = Field(default_factory=Extracted)
    nik: Extracted[str] = Field(default_factory=Extracted)
    name: Extracted[str] = Field(default_factory=Extracted)
    birth_place: Extracted[str] = Field(default_factory=Extracted)
    birth_date: Extracted[dt.date] = Field(default_factory=Extracted)
    gender: Extracted[str] = Field(default_factory=Extracted)
    blood_type: Extracted[str] = Field(default_factory=Extracted)
    address: Extracted[str] = Field(default_factory=Extracted)
    rt_rw: Extracted[str] = Field(default_factory=Extracted)
    village: Extracted[str] = Field(default_factory=Extracted)
    district: Extracted[str] = Field(default_factory=Extracted)
    religion: Extracted[str] = Field(default_factory=Extracted)
    marital_status: Extracted[str] = Field(default_factory=Extracted)
    occupation: Extracted[str] = Field(default_factory=Extracted)
    nationality: Extracted[str] = Field(default_factory=Extracted)
    valid_until: Extracted[dt.date | str] = Field(default_factory=Extracted)
    issue_place: Extracted[str] = Field(default_factory=Extracted)
    issue_date: Extracted[dt.date] = Field(default_factory=Extracted)

    def __repr_args__(self) -> Any:
        for key, value in super().__repr_args__():
            if key in PII_FIELDS and isinstance(value, Extracted) and value.value is not None:
                masked = value.model_copy(update={"value": PII_FIELDS[key](str(value.value)), "raw": None})
                yield key, masked
            else:
                yield key, value

    def __str__(self) -> str:
        return self.__repr__()


def _mask_name(name: str) -> str:
    return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())


PII_FIELDS = {"nik": niklib.mask, "name": _mask_name}


# A NIK has 16 digits; a read with fewer than this many is no NIK at all.
_NIK_MIN_DIGITS = 12
_NIK_PARTS = regex.compile(r"[:;=]")


@dataclass
class _Value:
    text: str
    row: Row
    start: int
    end: int
    errors: int


class _Spec:
    def __init__(self) -> None:
        raw = load_toml("idextract.parsers", "ktp.toml")
        self.labels = LabelMatcher(require(raw, "labels", SPEC_FILE))
        header = require(raw, "header", SPEC_FILE)
        self.header = LabelMatcher({"province": header["province"], "regency": header["regency"]})
        self.jakarta = [j.upper() for j in header["jakarta"]]
        self.vocab: dict[str, dict[str, str]] = {}
        for field, entries in require(raw, "vocabularies", SPEC_FILE).items():
            table = {}
            for canonical, variants in entries.items():
                table[canonical.upper()] = canonical
                for v in variants:
                    table[v.upper()] = canonical
            self.vocab[field] = table
        printed = {}
        for code, (name, shown) in niklib.provinces().items():
            printed[shown] = shown
            printed[name] = shown
        self.vocab["province"] = printed
        self.lifetime = [x.upper() for x in require(raw, "valid_until.lifetime", SPEC_FILE)]
        self.wrapping = set(require(raw, "layout.wrapping", SPEC_FILE))
        self.min_labels = int(require(raw, "layout.min_labels", SPEC_FILE))
        self.label_order: list[str] = require(raw, "layout.label_order", SPEC_FILE)
        self.min_age = int(require(raw, "nik.min_age", SPEC_FILE))


@cache
def _spec() -> _Spec:
    return _Spec()


def _snap(value: str, table: dict[str, str]) -> tuple[str | None, float]:
    """The vocabulary entry nearest to ``value`` and the similarity (1.0 = exact)."""
    key = " ".join(value.upper().split())
    if key in table:
        return table[key], 1.0
    close = difflib.get_close_matches(key, table.keys(), n=1, cutoff=0.7)
    if not close:
        return None, 0.0
    return table[close[0]], difflib.SequenceMatcher(None, key, close[0]).ratio()


def _values(rows: list[Row], spec: _Spec) -> tuple[dict[str, _Value], list[Row]]:
    """Each label's value (joined with its wrapped continuation lines) and the header rows."""
    found: dict[str, _Value] = {}
    header: list[Row] = []
    last: str | None = None
    seen_label = False
    for row in rows:
        hits = spec.labels.find(row.text)
        # A label must open the row (or follow one on the same row, like Gol. Darah).
        hits = [h for i, h in enumerate(hits) if i > 0 or h.start <= max(3, len(row.text) // 6)]
        if not hits:
            if not seen_label:
                header.append(row)
            elif last in spec.wrapping and last in found and row.text.strip(_STRIP):
                v = found[last]
                v.text = f"{v.text} {row.text.strip(_STRIP)}"
            last = None if last not in spec.wrapping else last
            continue
        seen_label = True
        for j, hit in enumerate(hits):
            end = hits[j + 1].start if j + 1 < len(hits) else len(row.text)
            seg = row.text[hit.end : end]
            text = seg.strip(_STRIP)
            if not text and "-" in seg.replace(":", " ").split():
                text = "-"  # a lone dash is a value (blood type not recorded), not punctuation
            start = hit.end + (len(seg) - len(seg.lstrip(_STRIP)))
            if hit.key not in found or (not found[hit.key].text and text):
                found[hit.key] = _Value(text, row, start, start + len(text), hit.errors)
            last = hit.key
    return found, header


def _field(value: str | dt.date | None, v: _Value | None, conf: Confidence, raw: str | None = None) -> Extracted[Any]:
    if value is None or value == "":
        return Extracted()
    if v is not None:
        conf.ocr(v.row.span_confidence(v.start, max(v.end, v.start + 1)))
        if v.errors:
            conf.weaken("weak_label", "fuzzy label")
    return Extracted[Any](
        value=value, confidence=conf.rounded, raw=raw if raw is not None else (v.text if v else None),
        box=v.row.span_box(v.start, max(v.end, v.start + 1)) if v else None, line=v.row.index if v else None,
        notes=conf.notes,
    )


def _vocab_field(name: str, v: _Value | None, spec: _Spec) -> Extracted[Any]:
    if v is None or not v.text:
        return Extracted()
    value, similarity = _snap(v.text, spec.vocab[name])
    if value is None:
        conf = Confidence.start("card_field", "not in the closed vocabulary")
        conf.weaken("check_failed", "value kept as printed")
        return _field(" ".join(v.text.upper().split()), v, conf)
    conf = Confidence.start("card_field", "closed vocabulary")
    if similarity < 1.0:
        conf.value *= similarity
        conf.notes.append(f"snapped to vocabulary (similarity {similarity:.2f})")
    return _field(value, v, conf)


def _text_field(v: _Value | None) -> Extracted[Any]:
    if v is None:
        return Extracted()
    text = " ".join(normalize(v.text).upper().split()).strip(_STRIP)
    return _field(text, v, Confidence.start("card_field"))


def parse_ktp(source: OcrResult | str, *, today: dt.date | None = None) -> Ktp:
    """Parse OCR output (or plain text, one line per row) of a KTP's front side."""
    ocr = parser_input(source)
    spec = _spec()
    today = today or dt.date.today()
    ocr = upright(ocr, spec.labels, spec.label_order)
    record = Ktp(engine=ocr.engine, image_size=ocr.image_size, warnings=list(ocr.warnings))
    main_words, photo_words = split_photo_column(ocr, spec.labels)
    rows = group_rows(main_words)
    for row in rows:
        row.text = normalize(row.text)
    found, header = _values(rows, spec)
    nik_like = "nik" in found and _digit_count(found["nik"].text) >= _NIK_MIN_DIGITS
    if len(found) < spec.min_labels and not nik_like:
        record.warnings.append("this does not look like a KTP: too few of its labels were found")
        return record

    _header(record, header, spec)
    _person(record, found, spec, today)
    _issue(record, group_rows(photo_words) if photo_words else [], rows, spec)
    nik, apart = _nik_value(found.get("nik"), rows)
    _nik(record, nik, spec, today, apart=apart)
    return record


def _header(record: Ktp, header: list[Row], spec: _Spec) -> None:
    for row in header:
        hits = spec.header.find(row.text)
        upper = row.text.upper()
        if hits and hits[0].key == "province" and not record.province.found:
            rest = row.text[hits[0].end :].strip(_STRIP)
            value, similarity = _snap(rest, spec.vocab["province"])
            conf = Confidence.start("card_field", "header PROVINSI")
            if value is None:
                value = " ".join(rest.upper().split())
                conf.weaken("check_failed", "not a known province")
            elif similarity < 1.0:
                conf.value *= similarity
                conf.notes.append(f"snapped to a province (similarity {similarity:.2f})")
            v = _Value(rest, row, hits[0].end, len(row.text), hits[0].errors)
            record.province = _field(value, v, conf)
        elif (hits and hits[0].key == "regency") or any(j in upper for j in spec.jakarta):
            if not record.city_regency.found:
                text = " ".join(normalize(row.text).upper().split()).strip(_STRIP)
                record.city_regency = _field(text, _Value(text, row, 0, len(row.text), 0),
                                             Confidence.start("card_field", "header line"))


def _person(record: Ktp, found: dict[str, _Value], spec: _Spec, today: dt.date) -> None:
    record.name = _text_field(found.get("name"))
    birth = found.get("birth")
    if birth is not None:
        dates = find_dates(birth.text, today=today)
        if dates:
            d = dates[-1]
            conf = Confidence.start("pattern", "date after Tempat/Tgl Lahir").repaired(d.notes)
            record.birth_date = _field(d.value, _Value(d.raw, birth.row, birth.start + d.start, birth.start + d.end,
                                                       birth.errors), conf)
            place = birth.text[: d.start]
        else:
            place = birth.text
        place = " ".join(place.upper().split()).strip(_STRIP)
        record.birth_place = _field(place, _Value(place, birth.row, birth.start, birth.start + len(place), birth.errors),
                                    Confidence.start("card_field"))
    record.gender = _vocab_field("gender", found.get("gender"), spec)
    blood = found.get("blood_type")
    if blood is not None and blood.text.split():
        token = blood.text.split()[0]
        # "-" is a value here (blood type not recorded), so it is not stripped as punctuation.
        blood = _Value(token.strip(_STRIP.replace("-", "")) or "-", blood.row, blood.start, blood.start + len(token),
                       blood.errors)
    record.blood_type = _vocab_field("blood_type", blood, spec)
    if blood is not None and not record.blood_type.found:
        # Every card prints something after Gol. Darah; OCR drops a lone "-" far more often
        # than a letter, so an empty value is most likely the dash.
        conf = Confidence.start("derived", "Gol. Darah read with no value: taken as '-' (a dash the OCR dropped)")
        record.blood_type = _field("-", blood, conf, raw="")
    record.address = _text_field(found.get("address"))
    rtrw = found.get("rt_rw")
    if rtrw is not None:
        m = _RT_RW.search(rtrw.text)
        if m:
            rt, rw = (m.group(g).replace("O", "0").replace("o", "0").replace("I", "1").replace("l", "1")
                      for g in ("rt", "rw"))
            record.rt_rw = _field(f"{int(rt):03d}/{int(rw):03d}", rtrw, Confidence.start("pattern", "RT/RW pattern"))
    record.village = _text_field(found.get("village"))
    record.district = _text_field(found.get("district"))
    for name in ("religion", "marital_status", "occupation", "nationality"):
        setattr(record, name, _vocab_field(name, found.get(name), spec))
    valid = found.get("valid_until")
    if valid is not None and valid.text:
        lifetime, similarity = _snap(valid.text, {x: "SEUMUR HIDUP" for x in spec.lifetime})
        dates = find_dates(valid.text, today=today)
        if lifetime is not None:
            conf = Confidence.start("card_field", "SEUMUR HIDUP")
            conf.value *= similarity
            record.valid_until = _field(lifetime, valid, conf)
        elif dates:
            record.valid_until = _field(dates[0].value, valid,
                                        Confidence.start("pattern", "a date: an older card").repaired(dates[0].notes))


def _issue(record: Ktp, photo_rows: list[Row], rows: list[Row], spec: _Spec) -> None:
    """Issue place and date: right of the photo (boxes), or the last lines (plain text)."""
    candidates = photo_rows or [r for r in rows[-3:] if not spec.labels.find(r.text, fuzzy=False)]
    for i, row in enumerate(candidates):
        dates = find_dates(row.text)
        if not dates:
            continue
        d = dates[-1]
        record.issue_date = _field(d.value, _Value(d.raw, row, d.start, d.end, 0),
                                   Confidence.start("pattern", "date under the photo").repaired(d.notes))
        above = [r for r in candidates[:i] if sum(ch.isalpha() for ch in r.text) >= 3]
        own = row.text[: d.start].strip(_STRIP)
        place_row, text = (row, own) if sum(ch.isalpha() for ch in own) >= 3 else (
            (above[-1], above[-1].text) if above else (None, ""))
        if place_row is not None:
            text = " ".join(normalize(text).upper().split()).strip(_STRIP)
            record.issue_place = _field(text, _Value(text, place_row, 0, len(place_row.text), 0),
                                        Confidence.start("card_field", "place above the issue date"))
        break


def _nik_value(v: _Value | None, rows: list[Row]) -> tuple[_Value | None, bool]:
    """The NIK as read: the digit run after the label, or a lone 16-digit row near it (then
    ``True``: read apart from its label).

    OCR adds stray marks before the number (``X:3273...``, from the card's pattern), and a
    large bold NIK whose box overlaps the label's can land on a row of its own.
    """
    if v is not None:
        part = max(_NIK_PARTS.split(v.text), key=_digit_count)
        if _digit_count(part) >= _NIK_MIN_DIGITS:
            start = v.start + v.text.index(part)
            stripped = part.strip(_STRIP)
            start += part.index(stripped) if stripped else 0
            return _Value(stripped, v.row, start, start + len(stripped), v.errors), False
    label_row = v.row.index if v is not None else 0
    lone = [r for r in rows if niklib.lone_number().fullmatch(r.text.strip(_STRIP + " "))]
    if not lone:
        return v, False
    row = min(lone, key=lambda r: abs(r.index - label_row))
    text = row.text.strip(_STRIP + " ")
    start = row.text.index(text)
    return _Value(text, row, start, start + len(text), 0), True


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _nik(record: Ktp, v: _Value | None, spec: _Spec, today: dt.date, *, apart: bool = False) -> None:
    checks: list[Check] = []
    if v is None or not v.text:
        record.checks = [Check(name="nik_format", status="fail", detail="no NIK read")]
        record.warnings.append("no NIK read")
        return
    digits, repairs = niklib.repair(v.text.replace(" ", ""))
    conf = Confidence.start("pattern", "NIK")
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
    for check in checks:
        if check.status == "fail" and check.name != "nik_format":
            conf.weaken("check_failed", f"{check.name} failed")
    if ok and confirmed and not any(c.status == "fail" for c in checks):
        conf.confirm("birth date and sex printed on the card agree with the NIK")
    record.nik = _field(digits, v, conf, raw=v.text)
    record.checks = checks


def _check_birth(record: Ktp, info: niklib.NikInfo, digits: str, checks: list[Check], today: dt.date, spec: _Spec) -> int:
    printed = record.birth_date.value
    if not isinstance(printed, dt.date):
        coded = niklib.birth_date(info, today=today, min_age=spec.min_age)
        checks.append(Check(name="nik_birth_date_matches", status="skip", detail="no printed birth date read"))
        if coded is not None:
            record.birth_date = Extracted[dt.date](value=coded, confidence=0.6, notes=["from the NIK; not read on the card"])
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


def _check_gender(record: Ktp, info: niklib.NikInfo, checks: list[Check]) -> int:
    coded = "PEREMPUAN" if info.female else "LAKI-LAKI"
    if not record.gender.found:
        checks.append(Check(name="nik_gender_matches", status="skip", detail="no printed sex read"))
        record.gender = Extracted[str](value=coded, confidence=0.6, notes=["from the NIK; not read on the card"])
        return 0
    if record.gender.value == coded:
        checks.append(Check(name="nik_gender_matches", status="pass", detail="NIK day encodes the printed sex"))
        record.gender.confidence = Confidence(record.gender.confidence).confirm("").rounded
        record.gender.notes.append("confirmed by the NIK")
        return 1
    checks.append(Check(name="nik_gender_matches", status="fail", detail="the NIK's day encodes the other sex"))
    record.warnings.append("the NIK's sex differs from the printed one")
    return 0
