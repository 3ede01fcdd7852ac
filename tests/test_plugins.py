"""Document types as plugins: a third party's type, installed the way pip would leave it, works
everywhere a built-in one does, and the built-ins register through the same entry points.

The package is built in a temporary folder: a module with a record class, a parse function and a
``DocumentType``, and a ``idx_sim-0.1.dist-info`` holding ``METADATA`` and ``entry_points.txt``.
Putting the folder on ``sys.path`` (``PYTHONPATH`` for the CLI's subprocess) is all
``importlib.metadata`` needs to find it. Its one personal field is the licence number.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

import idextract
from idextract import doctypes
from idextract.annotate import COLOUR_MASK
from idextract.doctypes import DocumentType, UnknownDocumentTypeError
from idextract.ocr.rapid import RapidOCR
from idextract.records import Box, Document, OcrResult, OcrWord

REPO = Path(__file__).resolve().parents[1]
NUMBER = "880312345678"  # a fictional SIM number, 12 digits
MASKED = "88**********"

PLUGIN = '''
"""A tiny third-party document type: an Indonesian driving licence (SIM), two fields."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import Field

from idextract.doctypes import DocumentType
from idextract.records import Extracted, OcrResult, PersonalDocument

_NUMBER = re.compile(r"(?<![0-9])([0-9]{12,14})(?![0-9])")
_CLASS = re.compile(r"\\bGOL\\w*\\W*(A|B1|B2|C|D)\\b", re.IGNORECASE)


def mask_number(number: str) -> str:
    return number[:2] + "*" * (len(number) - 2)


class Sim(PersonalDocument):
    personal_fields = {"licence_number": mask_number}

    doc_type: str = "sim"
    licence_number: Extracted[str] = Field(default_factory=Extracted)
    licence_class: Extracted[str] = Field(default_factory=Extracted)


def parse_sim(source: OcrResult | str, *, today: dt.date | None = None) -> Sim:
    ocr = source if isinstance(source, OcrResult) else OcrResult.from_text(str(source))
    record = Sim(engine=ocr.engine, image_size=ocr.image_size)
    for word in ocr.words[:5000]:
        text = word.text[:1000].replace(" ", "")
        found = _NUMBER.search(text)
        if found and not record.licence_number.found:
            record.licence_number = Extracted[str](value=found.group(1), confidence=0.9, raw=word.text,
                                                   box=word.box)
        kind = _CLASS.search(word.text[:1000])
        if kind and not record.licence_class.found:
            record.licence_class = Extracted[str](value=kind.group(1).upper(), confidence=0.8, raw=word.text,
                                                  box=word.box)
    if not record.licence_number.found:
        record.warnings.append("no SIM number found")
    return record


SIM = DocumentType(
    name="sim",
    record=Sim,
    parse=parse_sim,
    description="an Indonesian driving licence (SIM), test plugin",
    quality_warnings=True,
)
'''


@pytest.fixture(scope="module")
def plugin_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "idx_sim").mkdir()
    (root / "idx_sim" / "__init__.py").write_text("")
    (root / "idx_sim" / "sim.py").write_text(PLUGIN)
    info = root / "idx_sim-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: idx-sim\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[idextract.document_types]\nsim = idx_sim.sim:SIM\n")
    return root


@pytest.fixture()
def sim(plugin_dir: Path) -> Iterator[DocumentType]:
    """The plugin on sys.path and in the registry, for one test; everything undone after."""
    sys.path.insert(0, str(plugin_dir))
    try:
        doctypes.refresh()
        yield doctypes.get_document_type("sim")
    finally:
        sys.path.remove(str(plugin_dir))
        for name in [m for m in sys.modules if m == "idx_sim" or m.startswith("idx_sim.")]:
            del sys.modules[name]
        doctypes.refresh()


def _env(plugin_dir: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin_dir), os.environ.get("PYTHONPATH", "")])}


# --- the built-ins register the same way ------------------------------------------------------------


def test_the_built_in_types_come_from_entry_points() -> None:
    registered = {ep.name: ep.value for ep in entry_points(group=doctypes.ENTRY_POINT_GROUP)}
    assert registered["receipt"] == "idextract.parsers:RECEIPT"
    assert registered["ktp"] == "idextract.parsers:KTP"
    assert [kind.name for kind in idextract.document_types()] == ["ktp", "receipt"]
    ktp = doctypes.get_document_type("ktp")
    assert set(ktp.personal_fields) == {"nik", "name"} and ktp.quality_warnings
    assert not doctypes.get_document_type("receipt").quality_warnings


class RecordingOcr:
    """A backend that names the options it takes (``takes``) and records the ones it is given."""

    name = "recording"

    def __init__(self, takes: frozenset[str]) -> None:
        self.options = takes
        self.given: list[dict[str, Any]] = []

    @classmethod
    def is_available(cls) -> bool:
        return True

    def ocr(self, image: Image.Image, **options: Any) -> OcrResult:
        self.given.append(options)
        return OcrResult(engine=self.name, image_size=image.size)


def test_a_types_ocr_options_reach_only_engines_that_take_them() -> None:
    assert dict(doctypes.get_document_type("receipt").ocr_options) == {"detect_side": 512}
    assert not doctypes.get_document_type("ktp").ocr_options  # fine print: the engine's default
    picture = Image.new("RGB", (320, 200), "white")
    taker, other = RecordingOcr(frozenset({"detect_side"})), RecordingOcr(frozenset({"something_else"}))
    for doc_type in ("receipt", "ktp"):
        idextract.extract(picture, doc_type, ocr=taker, annotated=False)
        idextract.extract(picture, doc_type, ocr=other, annotated=False)
    assert taker.given == [{"detect_side": 512}, {}] and other.given == [{}, {}]
    idextract.extract(picture, "receipt", ocr=FakeOcr(), annotated=False)  # names none: plain ocr(image)


def test_an_unknown_type_is_an_input_error_naming_the_known_ones() -> None:
    with pytest.raises(UnknownDocumentTypeError) as info:
        idextract.extract(b"not even an image", "sim")
    assert isinstance(info.value, idextract.InputError)
    assert info.value.code == "invalid_parameter" and info.value.param == "doc_type"
    assert "known: ktp, receipt" in str(info.value)


@pytest.mark.parametrize("name", ["demo", "types", "evaluate", "Sim", "", "a b"])
def test_a_type_cannot_take_a_subcommand_or_a_bad_name(name: str) -> None:
    with pytest.raises(ValueError):
        DocumentType(name=name, record=Document, parse=lambda s, today=None: Document(doc_type="x"), description="x")


def test_personal_fields_must_be_fields_of_a_personal_record() -> None:
    with pytest.raises(TypeError):  # a plain Document would show them in its repr
        DocumentType(name="x", record=Document, parse=print, description="x", personal_fields={"doc_type": str})
    with pytest.raises(ValueError):
        from idextract.parsers.ktp import Ktp

        DocumentType(name="x", record=Ktp, parse=print, description="x", personal_fields={"nik": str})


# --- the third-party type --------------------------------------------------------------------------


def test_the_plugin_is_found_and_removed_again(sim: DocumentType) -> None:
    assert [kind.name for kind in idextract.document_types()] == ["ktp", "receipt", "sim"]
    assert sim.record.__module__ == "idx_sim.sim" and dict(sim.personal_fields).keys() == {"licence_number"}


def test_parse_and_the_masked_repr(sim: DocumentType) -> None:
    record = idextract.parse(f"SURAT IZIN MENGEMUDI\nNo. SIM : {NUMBER}\nGol : B1", "sim")
    assert isinstance(record, sim.record)
    assert record.licence_number.value == NUMBER and record.licence_class.value == "B1"
    for shown in (repr(record), str(record)):
        assert NUMBER not in shown and MASKED in shown
    assert record.model_dump()["licence_number"]["value"] == NUMBER  # the data itself is not masked
    assert sim.masked_dump(record)["licence_number"] == {**record.licence_number.model_dump(mode="json"),
                                                         "value": MASKED, "raw": None}


class FakeOcr:
    """An OCR backend object that returns fixed words, wherever the picture has them."""

    name = "fake"

    @classmethod
    def is_available(cls) -> bool:
        return True

    def ocr(self, image: Image.Image) -> OcrResult:
        words = [OcrWord(text=f"No. SIM : {NUMBER}", box=Box(20, 20, 300, 60), confidence=0.99),
                 OcrWord(text="Gol : A", box=Box(20, 80, 140, 110), confidence=0.99)]
        return OcrResult(engine=self.name, image_size=image.size, words=words)


def test_extract_with_any_backend_masks_the_annotation(sim: DocumentType) -> None:
    picture = Image.new("RGB", (320, 200), "white")
    plain = idextract.extract(picture, "sim", ocr=FakeOcr())
    masked = idextract.extract(picture, "sim", ocr=FakeOcr(), mask_pii=True)
    assert plain.licence_number.value == masked.licence_number.value == NUMBER
    assert masked.licence_class.value == "A"
    assert any("small" in w for w in plain.warnings)  # quality_warnings=True: image-quality warnings apply
    centre = (160, 40)
    assert Image.open(io.BytesIO(masked.annotated_image or b"")).convert("RGB").getpixel(centre) == COLOUR_MASK
    assert Image.open(io.BytesIO(plain.annotated_image or b"")).convert("RGB").getpixel(centre) != COLOUR_MASK


def test_the_fuzz_and_regression_tests_cover_it(sim: DocumentType, plugin_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import test_fuzz
    import test_regressions

    assert "parse_sim" in test_fuzz.parser_targets()
    before = test_fuzz.STATS["calls"].get("parse_sim", 0)
    test_fuzz.test_digit_soup()  # hypothesis runs its examples through every target, the plugin's too
    test_fuzz.test_control_characters_and_latin1()
    assert test_fuzz.STATS["calls"]["parse_sim"] > before

    assert "sim" in test_regressions.doc_types()
    for name in test_regressions.NASTY:
        test_regressions.test_parsers_never_raise_on_nasty_text("sim", name)
    for name in test_regressions.CONTROL_CASES:
        test_regressions.test_no_control_characters_in_field_values("sim", name)
    monkeypatch.setenv("PYTHONPATH", _env(plugin_dir)["PYTHONPATH"])  # the 1 MB cases run in a child
    test_regressions.test_one_megabyte_parses_in_well_under_ten_seconds("sim", "one-word")


# --- the CLI: a subcommand per installed type -------------------------------------------------------


def _cli(plugin_dir: Path, *args: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idextract", *map(str, args)], check=False, capture_output=True,
                          text=True, cwd=plugin_dir, env=_env(plugin_dir), timeout=300, stdin=subprocess.DEVNULL)


def test_cli_lists_the_plugin_and_refuses_bad_input(plugin_dir: Path, tmp_path: Path) -> None:
    listed = _cli(plugin_dir, "types")
    assert listed.returncode == 0, listed.stderr
    assert "sim " in listed.stdout and "licence_number" in listed.stdout and "ktp " in listed.stdout
    missing = _cli(plugin_dir, "sim", tmp_path / "no-such-file.jpg")
    assert missing.returncode == 2 and missing.stderr.startswith("idextract:") and "Traceback" not in missing.stderr
    assert _cli(plugin_dir, "sim").returncode == 2  # argparse: the image is missing


@pytest.fixture(scope="module")
def sim_picture(plugin_dir: Path) -> Path:
    path = plugin_dir / "sim.png"
    picture = Image.new("RGB", (1000, 260), "white")
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=40)  # at 48 px the engine drops a digit of the run
    draw.text((40, 40), f"No. SIM {NUMBER}", fill="black", font=font)
    draw.text((40, 150), "GOL B1", fill="black", font=font)
    picture.save(path)
    return path


@pytest.mark.skipif(not RapidOCR.is_available(), reason="rapidocr/onnxruntime not installed")
def test_cli_reads_and_masks_the_plugin_type(plugin_dir: Path, sim_picture: Path) -> None:
    plain = _cli(plugin_dir, "sim", sim_picture, "--json")
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout)["licence_number"]["value"] == NUMBER
    out = plugin_dir / "masked.png"
    masked = _cli(plugin_dir, "sim", sim_picture, "--json", "--mask-pii", "--annotated", out)
    assert masked.returncode == 0, masked.stderr
    assert json.loads(masked.stdout)["licence_number"]["value"] == MASKED
    assert NUMBER not in masked.stdout + masked.stderr and out.read_bytes().startswith(b"\x89PNG")
    table = _cli(plugin_dir, "sim", sim_picture, "--mask-pii")
    assert table.returncode == 0 and MASKED in table.stdout and NUMBER not in table.stdout


def test_the_core_names_no_document_type() -> None:
    """api.py and __main__.py read the registry; no type's name or record class appears in them."""
    for module in ("api.py", "__main__.py"):
        source = (REPO / "src" / "idextract" / module).read_text()
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
        body = code.split('"""', 2)[-1]  # after the module docstring
        for word in ("ktp", "Ktp", "Receipt", "receipt", "PII_FIELDS"):
            assert word not in textwrap.dedent(body), (module, word)
