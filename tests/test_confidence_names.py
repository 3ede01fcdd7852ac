"""Confidence lives in one module: the parsers hold no bare confidence number.

Every prior, factor and cap is named in ``idextract.confidence`` (PRIORS, FACTORS, CAPS and a few
named constants) and applied through :class:`~idextract.confidence.Confidence`, so calibration is
refitted in one place. An AST scan of the parser modules flags what would bypass that:

* ``confidence=0.6`` (or ``0.9 if x else 0.7``) keyword arguments and ``{"confidence": 0.6}`` entries;
* a number multiplied with a confidence (``0.9 * nik.confidence``, ``conf.value * 0.9``);
* a confidence written directly (``conf.value *= f``, ``x.confidence = ...`` not from a
  ``Confidence``), or capped / compared with a number (``min(0.89, conf.value)``, ``< 0.5``);
* the tables read directly (``FACTORS["weak_label"] ** 0.5``) instead of through the methods.

Thresholds that are not confidences (``letters < 0.5 * len(text)``, candidate scores such as
``c.prior - 0.1 * c.errors``, alignment scores) are not flagged: only expressions that name a
confidence (an identifier containing ``conf``, not ``confirm``) count.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from idextract import confidence as cmod
from idextract.confidence import CAPS, FACTORS, OCR_WEIGHT, PRIORS, Confidence, ocr_factor

PARSERS = Path(__file__).resolve().parent.parent / "parsers"
_CONF_NAME = re.compile(r"conf(?!irm)", re.IGNORECASE)
_TABLES = {"PRIORS", "FACTORS", "CAPS"}


def _is_number(node: ast.AST) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool)


def _numeric(node: ast.AST) -> bool:
    """A number, or a choice between numbers (``0.9 if clear else 0.7``)."""
    if isinstance(node, ast.IfExp):
        return _numeric(node.body) or _numeric(node.orelse)
    return _is_number(node)


def _names_confidence(node: ast.AST) -> bool:
    """Whether the expression mentions a confidence (``conf``, ``x.confidence``, ``Confidence``)."""
    for sub in ast.walk(node):
        ident = sub.id if isinstance(sub, ast.Name) else sub.attr if isinstance(sub, ast.Attribute) else None
        if ident is not None and _CONF_NAME.search(ident):
            return True
    return False


def _writes_confidence(target: ast.AST) -> bool:
    """``x.confidence`` or ``<conf>.value`` as an assignment target."""
    if not isinstance(target, ast.Attribute):
        return False
    return target.attr == "confidence" or (target.attr == "value" and _names_confidence(target.value))


def bare_confidences(source: str, filename: str = "<source>") -> list[str]:
    """``file:line: what`` for each confidence number or direct confidence arithmetic in ``source``."""
    found: list[str] = []

    def flag(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{getattr(node, 'lineno', '?')}: {what}")

    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.keyword) and node.arg == "confidence" and _numeric(node.value):
            flag(node.value, "confidence=<number>")
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "confidence" and _numeric(value):
                    flag(value, '{"confidence": <number>}')
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div, ast.Pow)):
            for a, b in ((node.left, node.right), (node.right, node.left)):
                if _is_number(a) and _names_confidence(b):
                    flag(node, "a number times a confidence")
                    break
        elif isinstance(node, ast.AugAssign) and _writes_confidence(node.target):
            flag(node, "a confidence changed in place, not through Confidence")
        elif isinstance(node, ast.Assign) and any(_writes_confidence(t) for t in node.targets):
            if not (isinstance(node.value, ast.Attribute) and node.value.attr == "rounded"):
                flag(node, "a confidence set, not from Confidence(...).rounded")
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_is_number(o) for o in operands) and any(_names_confidence(o) and not _is_number(o)
                                                            for o in operands):
                flag(node, "a confidence compared with a number")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("min", "max"):
            if any(_is_number(a) for a in node.args) and any(_names_confidence(a) for a in node.args):
                flag(node, f"{node.func.id}() of a confidence and a number")
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in _TABLES:
            flag(node, f"{node.value.id}[...] read directly, not through Confidence")
    return found


def _parser_modules() -> list[Path]:
    modules = sorted(PARSERS.glob("*.py"))
    assert modules, f"no parser modules under {PARSERS}"
    return modules


@pytest.mark.parametrize("path", _parser_modules(), ids=lambda p: p.name)
def test_no_bare_confidence_in_parsers(path: Path) -> None:
    assert bare_confidences(path.read_text(encoding="utf-8"), path.name) == []


def test_scan_flags_what_it_should() -> None:
    bad = """
a = X(value=1, confidence=0.6)
b = f.model_copy(update={"confidence": 0.6})
c = round(min(SNAP_CAP, 0.9 * nik.confidence), 3)
conf.value *= similarity
conf.value = min(0.89, conf.value * s)
if record.valid_until.confidence < 0.5: pass
d = FACTORS["weak_label"] ** 0.5
e = round(conf.value * 0.9, 3)
record.birth_date.confidence = 0.6
g = X(value=kind, confidence=0.9 if clear else 0.7)
"""
    lines = {int(f.split(":")[1]) for f in bare_confidences(bad)}
    assert lines == set(range(2, 12))


def test_scan_ignores_thresholds_that_are_not_confidences() -> None:
    fine = """
if letters < 3 or letters < 0.5 * len(text): pass
key = -(c.prior - 0.1 * c.errors)
score = 1.0 + (0.6 if d.has_year else 0)
confirmed += 1
record.birth_date.confidence = Confidence(record.birth_date.confidence).confirm("").rounded
x = Extracted(value=v, confidence=conf.rounded)
if n and d / n <= 0.34: pass
record.bank.value = label
"""
    assert bare_confidences(fine) == []


# --- the names the parsers use exist, and the methods keep the arithmetic --------------------------


def _literal_names(method: str) -> set[tuple[str, str]]:
    """``(file, name)`` for every ``.<method>("name", ...)`` call in the parsers (``Confidence.start``
    only, for ``start``: a regex match has one too)."""
    out = set()
    for path in _parser_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method and (
                    method != "start"
                    or (isinstance(node.func.value, ast.Name) and node.func.value.id == "Confidence")):
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    out.add((path.name, first.value))
                elif isinstance(first, ast.IfExp):
                    out |= {(path.name, b.value) for b in (first.body, first.orelse)
                            if isinstance(b, ast.Constant) and isinstance(b.value, str)}
    return out


@pytest.mark.parametrize(("method", "table"), [("start", PRIORS), ("weaken", FACTORS), ("cap", CAPS)])
def test_names_used_by_the_parsers_exist(method: str, table: dict[str, float]) -> None:
    used = _literal_names(method)
    assert used, f"no .{method}() calls found: the scan is broken"
    assert {(f, n) for f, n in used if n not in table} == set()


def test_every_named_value_is_a_probability_or_a_weight() -> None:
    for table in (PRIORS, FACTORS, CAPS):
        assert all(0.0 < v <= 1.0 for v in table.values()), table
    assert all(w >= 0.0 for w in OCR_WEIGHT.values())
    assert 0.0 < cmod.SNAP_SIMILARITY_WEIGHT <= 1.0
    assert 0.0 < cmod.WEAK_LABEL_PRIOR <= 1.0 and 0.0 < cmod.EVIDENCE_FLOOR < 1.0


def test_half_strength_factors_follow_their_base() -> None:
    assert FACTORS["by_position_in_vocab"] == FACTORS["by_position"] ** 0.5
    assert FACTORS["fuzzy_card_label"] == FACTORS["weak_label"] ** 0.5


@pytest.mark.parametrize("x", [0.0, 0.123, 0.5, 0.6, 0.855, 0.95, 0.9999, 1.0])
def test_methods_keep_the_arithmetic(x: float) -> None:
    # The same operations, in the same order, as the literal arithmetic they replaced.
    assert Confidence(x).weaken("from_nik").cap("snapped").rounded == round(min(CAPS["snapped"],
                                                                                  FACTORS["from_nik"] * x), 3)
    assert Confidence(x).weaken("unit_price_derived").rounded == round(x * FACTORS["unit_price_derived"], 3)
    conf = Confidence(0.95).scale(x ** cmod.SNAP_SIMILARITY_WEIGHT, "snapped").cap("snapped")
    assert conf.value == min(CAPS["snapped"], 0.95 * x ** cmod.SNAP_SIMILARITY_WEIGHT)
    assert conf.notes == ["snapped"]
    assert Confidence(0.95).scale(x).notes == []


@pytest.mark.parametrize("score", [None, 0.3, 0.8, 0.94, 0.99])
@pytest.mark.parametrize("kind", ["free", "vocab", "pattern"])
def test_weighted_ocr(score: float | None, kind: str) -> None:
    conf = Confidence(0.95).ocr(score, kind)
    factor = ocr_factor(score) ** OCR_WEIGHT[kind]
    assert conf.value == (0.95 * factor if factor < 1.0 else 0.95)
    assert conf.notes == ([f"OCR score {score:.2f}"] if factor < 1.0 else [])


# --- less boilerplate per record: the field helper and the spec loader -----------------------------


def test_field_helper_is_an_empty_extracted() -> None:
    from idextract.parsers.ktp import Ktp
    from idextract.parsers.receipt import Receipt, ReceiptItem
    from idextract.records import Extracted

    for cls in (Receipt, ReceiptItem, Ktp):
        record = cls()
        for name, info in cls.model_fields.items():
            if getattr(info.annotation, "__pydantic_generic_metadata__", {}).get("origin") is Extracted:
                assert info.default_factory is Extracted, (cls.__name__, name)
                assert getattr(record, name) == Extracted()
    assert Receipt().total is not Receipt().total  # each record its own empty field, not a shared one


def test_spec_loader_loads_once_and_names_the_file(tmp_path: Path) -> None:
    from idextract.errors import SpecError
    from idextract.spec import require, spec_loader

    built: list[str] = []

    class Spec:
        def __init__(self, raw: dict[str, object], source: str) -> None:
            built.append(source)
            self.labels = require(raw, "labels", source)
            self.missing = raw.get("nope")

    load = spec_loader("idextract.parsers", "ktp.toml", Spec)
    assert load() is load()
    assert built == ["idextract.parsers/ktp.toml"]

    class Strict:
        def __init__(self, raw: dict[str, object], source: str) -> None:
            require(raw, "no.such.key", source)

    with pytest.raises(SpecError, match=r"idextract.parsers/ktp.toml: missing key 'no.such.key'"):
        spec_loader("idextract.parsers", "ktp.toml", Strict)()
