"""e-KTP identity cards (front side): text in, a :class:`Ktp` record out.

The labels stand in a fixed order down a fixed column (``parsers/ktp.toml``). Rows are aligned
to that order (a Viterbi pass over the rows: header, next label, a wrapped line of the field
above, or junk), scoring each row by its label (exact, fuzzy, or a damaged one by edit
distance), by where it starts (a row starting in the label column starts a new field; only
rows in the value column continue a name or an address) and by its value (a date, RT/RW, a
closed vocabulary). So a label damaged beyond matching (``Nams``, ``KelDesa``) or lost
altogether is known by its place between its neighbours, with less confidence. The issue place
and date printed right of the photo are split off by position before rows are built, anchored
on the date even when its separators are lost. Closed vocabularies (religion, marital status,
occupation...) are snapped with a length-aware distance that knows OCR look-alikes (8/B, 0/O,
1/I, 5/S), the distance lowering confidence. The NIK is repaired (O->0, B->8...) and
cross-checked with the printed birth date, sex and province; cross-field evidence (sex from the
NIK, the issue place from the header's regency, WNI from a card valid for life) fills or
confirms a damaged field, with a note and less confidence than a clean read.

The steps, one module each: :mod:`.ktp_layout` (the photo column, which way up),
:mod:`.ktp_lines` (rows split into label and value), :mod:`.ktp_align` (rows aligned to the
label order, values taken), :mod:`.ktp_fields` (values typed, snapped and scored),
:mod:`.ktp_checks` (the NIK and the cross-field evidence), with :mod:`.ktp_vocab` (closed
vocabularies, look-alike distance) and :mod:`.ktp_spec` (what ``ktp.toml`` says). This module
holds the record and runs the steps in order.

Privacy: ``repr()``/``str()`` of the record mask the NIK and the name; nothing is logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import ClassVar

from idextract.bounds import parser_input
from idextract.confidence import calibrate
from idextract.layout import group_rows
from idextract.ocr.base import OcrResult
from idextract.records import Extracted, PersonalDocument, field
from idextract.text import normalize

from . import nik as niklib
from .ktp_align import field_values
from .ktp_checks import (
    check_issue_date,
    from_the_nik,
    issue_place_from_header,
    nationality_from_validity,
    nik_like,
    nik_value,
    read_nik,
    regency_from_header,
)
from .ktp_fields import read_header, read_issue, read_person
from .ktp_layout import page_slope, split_photo_column, upright
from .ktp_lines import read_lines
from .ktp_spec import load_spec

__all__ = ["PII_FIELDS", "Ktp", "parse_ktp"]


def _mask_name(name: str) -> str:
    """Each word's first letter kept (``BUDI SANTOSO`` -> ``B*** S******``)."""
    return " ".join(w[0] + "*" * (len(w) - 1) for w in name.split())


class Ktp(PersonalDocument):
    """The printed fields of an e-KTP. Upper-case strings as printed; dates ``datetime.date``.

    The NIK and the name are personal: masked in ``repr()``/``str()`` (see ``PersonalDocument``).
    """

    personal_fields: ClassVar[Mapping[str, Callable[[str], str]]] = {"nik": niklib.mask, "name": _mask_name}

    doc_type: str = "ktp"
    province: Extracted[str] = field()
    city_regency: Extracted[str] = field()
    nik: Extracted[str] = field()
    name: Extracted[str] = field()
    birth_place: Extracted[str] = field()
    birth_date: Extracted[dt.date] = field()
    gender: Extracted[str] = field()
    blood_type: Extracted[str] = field()
    address: Extracted[str] = field()
    rt_rw: Extracted[str] = field()
    village: Extracted[str] = field()
    district: Extracted[str] = field()
    religion: Extracted[str] = field()
    marital_status: Extracted[str] = field()
    occupation: Extracted[str] = field()
    nationality: Extracted[str] = field()
    valid_until: Extracted[dt.date | str] = field()
    issue_place: Extracted[str] = field()
    issue_date: Extracted[dt.date] = field()


# Personal fields, masked in repr/str, in the annotated image (mask_pii) and in CLI output.
PII_FIELDS = Ktp.personal_fields


def parse_ktp(source: OcrResult | str, *, today: dt.date | None = None) -> Ktp:
    """Parse OCR output (or plain text, one line per row) of a KTP's front side."""
    ocr = parser_input(source)
    spec = load_spec()
    today = today or dt.date.today()
    ocr = upright(ocr, spec.labels, spec.label_order)
    record = Ktp(engine=ocr.engine, image_size=ocr.image_size, warnings=list(ocr.warnings))
    slope = page_slope(ocr.words)
    main_words, photo_words = split_photo_column(ocr, spec.labels, slope)
    rows = group_rows(main_words)
    for row in rows:
        row.text = normalize(row.text)
    lines = read_lines(rows, spec, slope)
    n_labels = len({line.hit.key for line in lines if line.hit is not None})
    # A card whose labels the OCR lost is still a card: a valid NIK under a PROVINSI header.
    nik_card = any(nik_like(line) for line in lines) and (n_labels > 0 or any(
        spec.header.find(line.row.text) or spec.vocabs["province"].snap(line.row.text.partition(" ")[2])[0]
        for line in lines[:3]))
    if n_labels < spec.min_labels and not nik_card:
        record.warnings.append("this does not look like a KTP: too few of its labels were found")
        return record
    found, header, tail = field_values(lines, spec)

    read_header(record, header, spec)
    read_person(record, found, spec, today)
    read_issue(record, group_rows(photo_words) if photo_words else [], tail, today)
    nik, apart = nik_value(found.get("nik"), rows)
    read_nik(record, nik, spec, today, apart=apart)
    from_the_nik(record)
    regency_from_header(record, spec)
    issue_place_from_header(record, spec)
    check_issue_date(record, today)
    nationality_from_validity(record)
    calibrate(record)  # within the parser's evidence bands (calibration.toml)
    return record
