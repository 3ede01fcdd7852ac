"""Confidence calibration: the shipped maps are monotone probabilities, applied to found fields only."""

from __future__ import annotations

import pytest

import idextract
from idextract.confidence import CalibrationMap, calibration_map, raw_confidences

RECEIPT = "TOKO CONTOH\n12/03/2024 10:15\nTEH 1 5.000\nTOTAL 5.000\nTUNAI 10.000\nKEMBALI 5.000"


@pytest.mark.parametrize("field", ["total", "amount_paid", "transaction_date", "transaction_time", "merchant_name"])
def test_shipped_maps_are_monotone_probabilities(field: str) -> None:
    mapping = calibration_map("receipt", field)
    assert mapping is not None
    grid = [i / 100 for i in range(101)]
    values = [mapping(r) for r in grid]
    assert all(0.0 <= v <= 1.0 for v in values) and values[0] == 0.0
    assert all(b >= a for a, b in zip(values, values[1:]))
    assert max(values) < 1.0  # no map claims certainty


def test_map_interpolates_between_knots_and_is_flat_past_the_last() -> None:
    m = CalibrationMap((0.5, 0.9), (0.4, 0.98))
    assert m(0.25) == pytest.approx(0.2) and m(0.7) == pytest.approx(0.69) and m(0.99) == 0.98


@pytest.mark.parametrize("field", ["total", "subtotal", "amount_paid", "transaction_date", "merchant_name"])
def test_no_map_lifts_a_doubted_value_to_near_certain(field: str) -> None:
    """Under 0.9 the parser has said why a value is not near-certain (a cap, a failed check):
    the map keeps it under 0.9 whatever its knots (a refit once took the 0.894 cap to 0.908)."""
    mapping = calibration_map("receipt", field)
    assert mapping is not None and all(mapping(i / 1000) < 0.9 for i in range(900))
    steep = CalibrationMap((0.5, 0.9), (0.5, 0.999))
    assert steep(0.89) == pytest.approx(0.89) and steep(0.95) == pytest.approx(0.999)


@pytest.mark.parametrize("text, cap", [
    ("WARUNG\nTOTAL Rp 1.0000\nTUNAI 20.000", "unsettled_scale"),  # 10,000 or 1.0000?
    ("TOKO MAJU\nTOTAL 12 500", "unsettled_scale"),  # 12,500, or a count and 500?
])
def test_no_map_lifts_a_value_over_the_cap_the_parser_set(text: str, cap: str) -> None:
    """A cap says what the evidence cannot show (the scale of 1.0000). The receipt amounts' map,
    fitted on values of the same raw confidence that are mostly right (amounts whose printed
    arithmetic fails), lifts their raw 0.41-0.45 to 0.58-0.65: a capped value keeps its cap."""
    from idextract.confidence import CAPS

    with raw_confidences():
        raw = idextract.parse_receipt(text).total
    calibrated = idextract.parse_receipt(text).total
    assert raw.value == calibrated.value and raw.value is not None
    assert 0.0 < calibrated.confidence <= CAPS[cap] and raw.confidence <= CAPS[cap]
    record = idextract.parse_receipt(text)  # the cap kept through the map is no part of the record
    assert record == type(record).model_validate_json(record.model_dump_json())


def test_raw_confidences_turn_the_maps_off_and_missing_fields_stay_zero() -> None:
    calibrated = idextract.parse_receipt(RECEIPT)
    with raw_confidences():
        raw = idextract.parse_receipt(RECEIPT)
    mapping = calibration_map("receipt", "total")
    assert mapping is not None
    assert calibrated.total.confidence == round(mapping(raw.total.confidence), 3)
    assert calibrated.receipt_number.confidence == raw.receipt_number.confidence == 0.0
    assert calibrated.currency.confidence == raw.currency.confidence  # no map for it


def test_a_banded_map_keeps_its_values_inside_the_band() -> None:
    m = CalibrationMap((0.75, 0.85), (0.95, 0.99), band=(0.7, 0.9))
    assert m.covers(0.7) and m.covers(0.899) and not m.covers(0.9) and not m.covers(0.69)
    assert m(0.7) == pytest.approx(0.7)  # rises from the band's floor: no jump at its edge
    assert m(0.85) == pytest.approx(0.89) and m(0.89) == pytest.approx(0.89)  # under 0.9, however sure
    top = CalibrationMap((0.95,), (0.99,), band=(0.9, 1.0))
    assert top.covers(1.0) and top(0.9) == pytest.approx(0.9) and top(1.0) == pytest.approx(0.99)


@pytest.mark.parametrize("field", ["name", "religion", "nik", "birth_date", "issue_place", "nationality"])
def test_card_maps_respect_the_parsers_bands(field: str) -> None:
    """A card value under 0.9 (snapped, placed, filled in) stays under 0.9, one at 0.7 or under
    (filled in from another field, contradicted) keeps its confidence, and the map is monotone."""
    mapping = calibration_map("ktp", field)
    assert mapping is not None
    grid = [i / 200 for i in range(201)]
    values = [mapping(r) for r in grid]
    assert all(b >= a for a, b in zip(values, values[1:]))
    for raw, value in zip(grid, values):
        if raw <= 0.7:
            assert value == raw
        elif raw < 0.9:
            assert 0.7 <= value < 0.9
        else:
            assert 0.9 <= value < 1.0
