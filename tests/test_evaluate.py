"""``idextract.evaluate``: the project's own scoring, checked against the shared score.py on samples/.

Text mode only (fast): samples/receipts and samples/ktp, the repository's own fictional documents.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from idextract.evaluate import EvalResult, calibration_bins, ece, evaluate, read_documents, score
from idextract.evaluate_cv import assign_folds, cross_validate, group_of, id_prefix
from idextract.evaluate_diagram import reliability_diagram
from idextract.evaluate_match import item_pairs, items_sum_agrees, quantities_right, same

REPO = Path(__file__).resolve().parents[1]
RECEIPTS = REPO / "samples" / "receipts"
KTP = REPO / "samples" / "ktp"
SCORE_PY = Path("/work/shared/tools/score.py")
ROW = re.compile(r"^(\w+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)$")


@pytest.fixture(scope="module")
def receipt_docs():
    return read_documents(RECEIPTS)


@pytest.fixture(scope="module")
def ktp_docs():
    return read_documents(KTP)


def _score_py(folder: Path) -> dict[str, float]:
    """What the shared score.py prints for ``folder`` in text mode, as {field: F1, ...}."""
    out = subprocess.run([sys.executable, str(SCORE_PY), str(folder), "--mode", "text"], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    figures: dict[str, float] = {}
    for line in out.splitlines():
        if m := ROW.match(line):
            name, p, r, f1, n = m.groups()
            figures.update({f"{name}.p": float(p), f"{name}.r": float(r), f"{name}.f1": float(f1),
                            f"{name}.n": float(n)})
        if m := re.match(r"calibration: ECE=([\d.]+)\s+precision@conf>=0.9=([\d.]+) on (\d+)/(\d+)", line):
            figures.update(ece=float(m[1]), p90=float(m[2]), high=float(m[3]), pairs=float(m[4]))
        if m := re.match(r"summary: macroF1=([\d.]+)", line):
            figures["macro"] = float(m[1])
    return figures


def _ours(result: EvalResult) -> dict[str, float]:
    figures: dict[str, float] = {}
    for name, s in result.fields.items():
        figures.update({f"{name}.p": s.precision, f"{name}.r": s.recall, f"{name}.f1": s.f1,
                        f"{name}.n": float(s.support)})
    assert result.ece is not None and result.precision_at_high is not None
    figures.update(ece=result.ece, p90=result.precision_at_high, high=float(result.high_confidence),
                   pairs=float(result.calibrated_fields), macro=result.macro_f1)
    return figures


@pytest.mark.skipif(not SCORE_PY.exists(), reason="the shared score.py is not on this machine")
@pytest.mark.parametrize("folder", [RECEIPTS, KTP], ids=["receipts", "ktp"])
def test_agrees_with_score_py(folder: Path) -> None:
    theirs, ours = _score_py(folder), _ours(evaluate(folder))
    assert theirs.keys() == ours.keys()
    for key, value in theirs.items():
        assert ours[key] == pytest.approx(value, abs=0.0011), key  # score.py prints 3 decimals


def test_receipt_samples_score_perfectly(receipt_docs) -> None:
    result = score(receipt_docs, name="receipts")
    assert result.documents == 6 and result.crashed == 0
    assert {"total", "transaction_date", "merchant_name", "items"} <= result.fields.keys()
    assert all(s.f1 == 1.0 for s in result.fields.values()), result.report()
    assert result.quantities_right == result.fields["items"].tp > 0  # the renders print every quantity
    assert f"item quantities: {result.quantities_right} of {result.quantities_right} matched" in result.report()
    item = next(it for d in receipt_docs if d.record is not None for it in d.record.items)
    truth = {"name": item.name.value, "total_price": str(item.total_price.value)}
    assert quantities_right(item_pairs([{**truth, "quantity": str(item.quantity.value)}], [item])) == 1
    assert quantities_right(item_pairs([{**truth, "quantity": 999}], [item])) == 0
    assert result.macro_f1 == 1.0 and result.precision_at_high == 1.0
    assert result.worst == {}
    assert result.time_p50 is not None and result.time_p95 is not None and result.time_p50 <= result.time_p95
    assert len(result.slowest) == 5 and result.slowest[0][1] >= result.slowest[-1][1]
    text = result.report()
    assert "macro F1 1.000" in text and "ECE=" in text and "p50=" in text


def test_ktp_samples_and_no_values_in_output(ktp_docs) -> None:
    result = score(ktp_docs, name="ktp")
    assert result.documents == 52 and result.crashed == 0
    assert result.fields["nik"].f1 == 1.0 and result.macro_f1 > 0.99
    dumped = result.to_json()
    for doc in ktp_docs:  # ids, counts and confidences only: no NIK or name in results
        assert doc.gt["fields"]["nik"] not in dumped and doc.gt["fields"]["name"] not in dumped
    assert json.loads(dumped)["documents"] == 52
    for name, ids in result.worst.items():  # the wrong documents of a field, ids only
        assert result.fields[name].f1 < 1.0 and set(ids) <= {d.id for d in ktp_docs}


def test_items_sum_against_the_labelled_sums(receipt_docs, ktp_docs) -> None:
    # The project's receipts print items that add up to their subtotal or total; its transfers
    # are labelled with no items, and cards have none.
    result = score(receipt_docs)
    assert result.items_sum_checked == 4 and result.items_sum_agree == 4
    assert "items' sum = the labelled total or subtotal: 4 of 4" in result.report()
    assert score(ktp_docs).items_sum_checked == 0
    doc = receipt_docs[0]
    wrong = {**doc.gt, "fields": {**doc.gt["fields"], "total": "1", "subtotal": None}}
    assert items_sum_agrees(doc.gt, doc.record) is True and items_sum_agrees(wrong, doc.record) is False
    assert items_sum_agrees({**doc.gt, "fields": {"total": None}}, doc.record) is None
    assert items_sum_agrees({**doc.gt, "fields": {"total": "n/a"}}, doc.record) is None
    cv = cross_validate(receipt_docs, 2, "doc")
    assert cv.mean_items_sum == 1.0 and "items sum agrees" in cv.report()


def test_definitions() -> None:
    assert same("total", "118800", "118800.00") and not same("total", "118800", "11880")
    assert same("transaction_time", "19:42", "19:42:10")
    assert same("merchant_name", "INDOMARET", "indomaret.") and not same("merchant_name", "ALFAMART", "INDOMARET")
    assert not same("nik", "3273020401840085", None)
    pairs = [(0.95, True), (0.95, True), (1.0, False), (0.15, False), (0.55, True)]
    bins = calibration_bins(pairs)
    assert [b.count for b in bins] == [0, 1, 0, 0, 0, 1, 0, 0, 0, 3]
    assert ece(pairs) == pytest.approx((0.15 + 0.45 + 3 * abs((0.95 + 0.95 + 1.0) / 3 - 2 / 3)) / 5)
    assert ece([]) is None


def test_grouping_and_fold_assignment(ktp_docs) -> None:
    assert id_prefix("ktp-01-bandung") == "ktp" and id_prefix("transfer-bni-photo") == "transfer"
    assert id_prefix("cord_000001") == "cord" and id_prefix("20221123_225136") == "20221123_225136"
    assert {group_of(d, "variant")[0] for d in ktp_docs} == {"clean", "photo"}  # the gt key wins
    folds = assign_folds({"a": 5, "b": 3, "c": 3, "d": 1, "e": 1}, 2)
    assert folds == {"a": 0, "b": 1, "c": 1, "d": 0, "e": 0}  # loads 7 and 6
    assert folds == assign_folds({"e": 1, "d": 1, "c": 3, "b": 3, "a": 5}, 2)  # deterministic


@pytest.mark.parametrize(("k", "group_by"), [(3, "template"), (4, "source.font"), (4, "variant")])
def test_cross_validation_partitions(receipt_docs, ktp_docs, k: int, group_by: str) -> None:
    docs = receipt_docs if group_by == "template" else ktp_docs
    cv = cross_validate(docs, k, group_by, name="samples")
    ids = [i for fold in cv.folds for i in fold.ids]
    assert sorted(ids) == sorted(d.id for d in docs) and len(set(ids)) == len(ids)  # a partition
    for fold in cv.folds:  # a group never straddles folds
        assert {group_of(d, group_by)[0] for d in docs if d.id in fold.ids} == set(fold.groups)
    for s in cv.fields.values():
        assert s.worst_f1 <= s.mean_f1 + 1e-12 and 0 <= s.worst_fold < cv.k
    assert cv.worst_ece is not None and cv.mean_ece is not None and cv.worst_ece >= cv.mean_ece - 1e-12
    assert cv.worst_p90 is not None and cv.mean_p90 is not None and cv.worst_p90 <= cv.mean_p90 + 1e-12
    if group_by == "variant":  # clean / photo: two groups, so two folds and a warning
        assert cv.k == 2 and any("only 2 groups" in w for w in cv.warnings)
    assert "worst F1" in cv.report() and json.loads(cv.to_json())["k"] == cv.k


def test_fit_hook_recalibrates_the_held_out_fold(receipt_docs) -> None:
    seen: list[int] = []

    def fit(train):
        seen.append(len(train))
        assert all(isinstance(gt, dict) and rec is not None for rec, gt in train)
        return lambda field, confidence: 1.0

    cv = cross_validate(receipt_docs, 3, "template", fit=fit)
    assert seen == [4, 4, 4]  # the other two folds' documents
    for fold in cv.folds:  # every confidence 1.0: ECE = 1 - accuracy = 0 on perfect samples
        assert fold.result.ece == pytest.approx(0.0) and fold.result.high_confidence == fold.result.calibrated_fields


def test_reliability_diagram_is_a_png(receipt_docs, tmp_path: Path) -> None:
    out = reliability_diagram(score(receipt_docs, name="receipts"), tmp_path / "rel.png")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert 600 <= width <= 2000 and 400 <= height <= 2000 and len(data) > 5000


def test_cli(tmp_path: Path) -> None:
    diagram, out = tmp_path / "d.png", tmp_path / "r.json"
    proc = subprocess.run([sys.executable, "-m", "idextract", "evaluate", str(RECEIPTS), "--folds", "3",
                           "--group-by", "template", "--diagram", str(diagram), "--json", str(out)],
                          capture_output=True, text=True, timeout=120, cwd=REPO, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "macro F1 1.000" in proc.stdout and "3-fold cross-validation grouped by template" in proc.stdout
    assert diagram.read_bytes()[:4] == b"\x89PNG"
    data = json.loads(out.read_text())
    assert data["evaluation"]["documents"] == 6 and len(data["cross_validation"]["folds"]) == 3
    proc = subprocess.run([sys.executable, "-m", "idextract", "evaluate", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, cwd=REPO, check=False)
    assert proc.returncode == 2 and proc.stderr.startswith("idextract:") and "Traceback" not in proc.stderr


def test_a_crash_scores_as_all_missed(tmp_path: Path) -> None:
    items = tmp_path / "items"
    items.mkdir()
    (items / "broken.gt.json").write_bytes((RECEIPTS / "items" / "minimarket.gt.json").read_bytes())
    (items / "broken.ocr.json").write_text("{not json")
    result = evaluate(tmp_path)
    assert result.crashed == 1 and result.crashed_ids == ["broken"] and result.crash_types == {"JSONDecodeError": 1}
    assert result.fields["total"].f1 == 0.0 and result.fields["total"].fn == 1 and "items" not in result.fields
    assert result.ece is None and result.time_p50 is None and "crashed (JSONDecodeError 1): broken" in result.report()
