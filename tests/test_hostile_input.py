"""Hostile and careless input (issue #8): every failure is an ``IdextractError`` with a code, no
input hangs, and no personal value reaches a message, a chained cause or a log line.

The privacy property test pushes random NIKs and names through every error path the loader,
the parsers and the pipeline have, and looks for them in ``str(e)``, ``repr(e)``, ``e.args``,
every exception of the ``__cause__`` / ``__context__`` chain and the captured log records.
Long-image, memory and download-deadline cases are in test_long_images.py and
test_fetch_deadline.py.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

import idextract
from idextract.errors import IdextractError, InputError, OcrError
from idextract.images import load_image
from idextract.ocr.base import OcrResult, OcrWord

SAMPLE_KTP = Path(__file__).resolve().parents[1] / "samples" / "ktp" / "items"


def _png(size: tuple[int, int] = (64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, format="PNG")
    return buf.getvalue()


def _code(source: Any) -> str:
    with pytest.raises(IdextractError) as info:
        load_image(source)
    assert isinstance(info.value, InputError), repr(info.value)
    return info.value.code


def _within(seconds: float, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in a thread; fail (not hang) when it takes longer than ``seconds``."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


# --- inputs that used to escape the error tree ---------------------------------------------------


def test_closed_file(tmp_path: Path) -> None:
    path = tmp_path / "r.png"
    path.write_bytes(_png())
    with path.open("rb") as fh:
        pass
    assert _code(fh) == "invalid_parameter"


def test_file_opened_in_text_mode(tmp_path: Path) -> None:
    path = tmp_path / "r.png"
    path.write_bytes(_png())
    with path.open("r", encoding="utf-8") as fh:
        assert _code(fh) == "invalid_parameter_type"
    with path.open("r", encoding="latin-1") as fh:
        assert _code(fh) == "invalid_parameter_type"


def test_lazily_opened_truncated_pil_image(tmp_path: Path) -> None:
    path = tmp_path / "cut.png"
    buf = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(buf, format="PNG")
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with Image.open(path) as lazy:  # only the header is read here
        assert _code(lazy) == "unsupported_image"


def test_closed_pil_image(tmp_path: Path) -> None:
    path = tmp_path / "r.png"
    path.write_bytes(_png())
    image = Image.open(path)
    image.close()
    assert _code(image) == "unsupported_image"


class _Raising(io.RawIOBase):
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        raise self.exc


@pytest.mark.parametrize("exc", [RuntimeError("boom"), ValueError("x"), KeyError("k"), OSError(5, "io")])
def test_stream_whose_read_raises(exc: BaseException) -> None:
    assert _code(_Raising(exc)) == "invalid_parameter"


class _BadPath:
    def __init__(self, value: Any) -> None:
        self.value = value

    def __fspath__(self) -> Any:
        if isinstance(self.value, BaseException):
            raise self.value
        return self.value


@pytest.mark.parametrize("value", [42, None, 3.5, RuntimeError("no")])
def test_pathlike_that_gives_no_path(value: Any) -> None:
    assert _code(_BadPath(value)) == "invalid_parameter_type"


@pytest.mark.parametrize("parse", [idextract.parse_receipt, idextract.parse_ktp, idextract.parse])
@pytest.mark.parametrize("source", [b"TOTAL : 19.700", None, 42, ["TOTAL 1"], {"words": []}, Image.new("RGB", (9, 9))])
def test_parsers_answer_a_wrong_type(parse: Callable[[Any], Any], source: Any) -> None:
    with pytest.raises(InputError) as info:
        parse(source)
    assert info.value.code == "invalid_parameter_type"


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "struk.jpg"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as info:
        _within(5, lambda: load_image(fifo))
    assert info.value.code == "invalid_parameter" and "FIFO" in str(info.value)


def test_socket_and_devices_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        assert _within(5, lambda: _code(path)) == "invalid_parameter"
    finally:
        server.close()
    for device in ("/dev/zero", "/dev/urandom", "/dev/null"):
        if os.path.exists(device):
            with pytest.raises(InputError) as info:
                _within(5, lambda d=device: load_image(d))  # type: ignore[misc]
            assert "device" in str(info.value)


class _FailingBackend:
    name = "failing"

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    @classmethod
    def is_available(cls) -> bool:
        return True

    def ocr(self, image: Image.Image) -> OcrResult:
        raise self.exc


@pytest.mark.parametrize("exc", [MemoryError(), RuntimeError("onnxruntime: bad alloc"), IndexError("3")])
def test_engine_failures_are_ocr_errors(exc: BaseException) -> None:
    with pytest.raises(OcrError) as info:
        idextract.extract_receipt(_png(), ocr=_FailingBackend(exc))  # type: ignore[arg-type]
    assert type(exc).__name__ in str(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is None


# --- records always serialise ------------------------------------------------------------------


@pytest.mark.parametrize("parse", [idextract.parse_receipt, idextract.parse_ktp])
def test_lone_surrogates_never_reach_a_record(parse: Callable[[Any], Any]) -> None:
    text = "TOTAL : \udcff19,700\nNIK : 3273\ud800020401840085\nNama : BUDI\udfff\nTUNAI 20.000"
    json.loads(parse(text).model_dump_json())
    ocr = OcrResult(engine="eng\udcff", warnings=["w\ud800"],
                    words=[OcrWord(text="TOTAL\udc80"), OcrWord(text="19.700\udcff")])
    record = parse(ocr)
    json.loads(record.model_dump_json())
    assert "\udcff" not in record.engine and all("\ud800" not in w for w in record.warnings)


# Digits of scripts newer than Python's Unicode tables (Kawi U+11F50, Nag Mundari U+1E4F0): the
# parsers' patterns (the regex module, a newer Unicode) take them for digits; int() refuses them.
_NEW_DIGITS = ["\U00011f51", "\U0001e4f1"]
_DIGIT_SPOTS = ["TOTAL {d}{d}.000", "12/{d}{d}/2022 {d}{d}:30", "{d} ROTI 10.000", "{d}x ROTI 10.000",
                "PPN {d}{d}% 1.000", "Tanggal: {d}{d}-{d}{d}-20{d}{d}", "{d}{d}AGT2022", "RT/RW : {d}{d}{d}/{d}{d}{d}",
                "NIK : 3273{d}16501900001", "Berlaku Hingga : {d}{d}-{d}{d}-2030"]


@pytest.mark.parametrize("digit", _NEW_DIGITS)
@pytest.mark.parametrize("parse", [idextract.parse_receipt, idextract.parse_ktp])
def test_digits_newer_than_pythons_unicode_never_raise(parse: Callable[[Any], Any], digit: str) -> None:
    from idextract.dates import find_dates, find_times
    from idextract.money import find_amounts

    assert not digit.isdecimal()  # else this test tests nothing: pick a newer script's digit
    for spot in _DIGIT_SPOTS:
        text = "PROVINSI JAWA BARAT\nKOTA BANDUNG\nTOKO\n" + spot.format(d=digit) + "\nTOTAL 10.000"
        parse(text)
        find_dates(text), find_times(text), find_amounts(text)


def test_zalgo_text_is_bounded() -> None:
    marks = "".join(chr(c) for c in range(0x300, 0x36F))
    line = "".join(ch + marks[: 30] for ch in "TOTAL 19.700 TUNAI 20.000")
    text = "\n".join([line] * (1_000_000 // len(line)))
    start = time.perf_counter()
    idextract.parse_receipt(text)
    idextract.parse_ktp(text)
    assert time.perf_counter() - start < 10


# --- the CLI: one line, nothing echoed -----------------------------------------------------------


def test_cli_errors_are_one_line_and_echo_nothing(tmp_path: Path) -> None:
    nik, name = "3273020401840085", "SITI RAHAYU"
    for image in (f"PROVINSI JAWA BARAT\nNIK : {nik}\nNama : {name}", f"\x1b[31m{name}\x1b[0m.jpg", nik):
        proc = subprocess.run([sys.executable, "-m", "idextract", "ktp", image], capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("idextract: ")
        assert nik not in proc.stderr and name not in proc.stderr and "\x1b" not in proc.stderr


# --- privacy: random NIKs and names through every error path ------------------------------------

_SYLLABLES = ["BU", "DI", "SAN", "TO", "SO", "SI", "TI", "RA", "HA", "YU", "WA", "TI", "NING", "SIH", "PUR",
              "NO", "MO", "KO", "AGUS", "DEWI", "LES", "TA", "RI", "MAN", "YAH", "ROS", "LI", "NA"]
_word = st.lists(st.sampled_from(_SYLLABLES), min_size=2, max_size=3).map("".join)
NAMES = st.lists(_word, min_size=2, max_size=3).map(" ".join)
NIKS = st.builds(
    lambda region, day, month, year, serial: f"{region}{day:02d}{month:02d}{year:02d}{serial:04d}",
    st.sampled_from(["327302", "317101", "351507", "510403", "640271"]),
    st.integers(1, 71).filter(lambda d: d <= 31 or d > 40),
    st.integers(1, 12), st.integers(0, 99), st.integers(1, 9999),
)


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def _error_cases(nik: str, name: str, tmp: Path) -> list[tuple[str, Callable[[], Any]]]:
    """Every way a careless or hostile caller can fail, each carrying the NIK and the name."""
    ocr_text = f"PROVINSI JAWA BARAT\nNIK : {nik}\nNama : {name}\nAlamat : JL MAWAR"
    folder = tmp / f"{name} {nik}"
    folder.mkdir(exist_ok=True)
    textfile = folder / f"{nik}.jpg"
    textfile.write_text(ocr_text)
    empty = folder / f"{name}.png"
    empty.write_bytes(b"")
    fifo = folder / f"{nik}.fifo"
    if not fifo.exists():
        os.mkfifo(fifo)
    closed = Image.open(io.BytesIO(_png()))
    closed.close()
    b64_text = base64.b64encode(ocr_text.encode() * 4).decode()

    def ocr_fails(exc: BaseException) -> Callable[[], Any]:
        return lambda: idextract.extract_ktp(_png(), ocr=_FailingBackend(exc))  # type: ignore[arg-type]

    return [
        ("nik as path", lambda: load_image(nik)),
        ("name as path", lambda: load_image(name)),
        ("ocr text as path", lambda: idextract.extract_ktp(ocr_text)),
        ("missing file", lambda: load_image(folder / f"{nik}-{name}.jpg")),
        ("missing file str", lambda: load_image(str(folder / "x" / f"{name}.jpg"))),
        ("directory", lambda: load_image(folder)),
        ("text file", lambda: load_image(textfile)),
        ("empty file", lambda: load_image(empty)),
        ("fifo", lambda: load_image(fifo)),
        ("data url type", lambda: load_image(f"data:text/{nik}-{name};base64,{base64.b64encode(_png()).decode()}")),
        ("data url bad", lambda: load_image(f"data:image/png;base64,{nik}{name}!")),
        ("data url plain", lambda: load_image(f"data:image/{name},{nik}")),
        ("ftp url", lambda: load_image(f"ftp://example.com/{nik}?name={name}")),
        ("bad scheme", lambda: load_image(f"{name.split()[0].lower()}://{nik}/x")),
        ("no colon http", lambda: load_image(f"http//{nik}.example/{name}")),
        ("private url", lambda: load_image(f"http://127.0.0.1:9/{nik}?name={name}&nik={nik}")),
        ("userinfo url", lambda: load_image(f"http://{nik}:{name}@10.0.0.1/{nik}")),
        ("text bytes", lambda: load_image(ocr_text.encode())),
        ("base64 text", lambda: load_image(b64_text)),
        ("stream raises", lambda: load_image(_Raising(ValueError(f"{nik} {name}")))),
        ("stream text", lambda: load_image(io.StringIO(ocr_text))),
        ("pathlike raises", lambda: load_image(_BadPath(RuntimeError(f"{nik} {name}")))),
        ("closed pil", lambda: load_image(closed)),
        ("parse bytes", lambda: idextract.parse_ktp(ocr_text.encode())),
        ("parse wrong type", lambda: idextract.parse_receipt([nik, name])),  # type: ignore[arg-type]
        ("ocr raises", ocr_fails(RuntimeError(f"NIK {nik} Nama {name}"))),
        ("ocr key error", ocr_fails(KeyError(nik))),
        ("ocr memory", ocr_fails(MemoryError(name))),
    ]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(nik=NIKS, name=NAMES)
def test_no_personal_value_in_any_error(nik: str, name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for label, call in _error_cases(nik, name, tmp_path):
        caplog.clear()
        with pytest.raises(IdextractError) as info:
            _within(10, call)
        assert getattr(info.value, "code", None) or isinstance(info.value, OcrError), label
        assert "\n" not in str(info.value), label
        texts = [f"{e!s} {e!r} {e.args!r}" for e in _chain(info.value)]
        texts += [r.getMessage() + (r.exc_text or "") for r in caplog.records]
        for text in texts:
            for secret in (nik, name, *name.split()):
                assert secret not in text, f"{label}: {secret!r} leaked in {text!r}"


def _sample_card_failures(nik: str, name: str, data: bytes, copy: Path, tmp: Path) -> list[Callable[[], Any]]:
    """Ten calls that must fail around one sample card, each carrying its NIK or name (bound as
    arguments, so each call sees this card's values and not the loop's last)."""
    return [
        lambda: idextract.extract_ktp(f"NIK : {nik}\nNama : {name}"),
        lambda: idextract.extract_ktp(nik),
        lambda: idextract.extract_ktp(name),
        lambda: idextract.extract_ktp(copy),
        lambda: idextract.extract_ktp(tmp / f"{nik}.png"),
        lambda: idextract.extract_ktp(data[:100]),
        lambda: idextract.extract_ktp(f"https://127.0.0.1/card?nik={nik}&name={name}"),
        lambda: idextract.parse_ktp(data),
        lambda: idextract.extract_ktp(data, ocr=_FailingBackend(RuntimeError(f"{nik} {name}"))),  # type: ignore[arg-type]
        lambda: idextract.extract_ktp(io.StringIO(f"{nik} {name}")),
    ]


def test_sample_cards_forced_errors_hold_no_personal_value(tmp_path: Path) -> None:
    """The issue's census: errors forced around the sample cards (their OCR text, their file
    names, their bytes cut short) hold neither the card's NIK nor its name."""
    cards = sorted(SAMPLE_KTP.glob("*.gt.json"))[:10]
    images = sorted(p for p in SAMPLE_KTP.iterdir() if p.suffix in (".png", ".jpg"))
    assert cards and images, "no KTP samples"
    leaks = total = 0
    for gt_path in cards:
        fields = json.loads(gt_path.read_text())["fields"]
        nik, name = fields["nik"], fields["name"]
        stem = gt_path.name.removesuffix(".gt.json")
        data = next((p for p in images if p.stem == stem), images[0]).read_bytes()
        copy = tmp_path / f"{nik} {name}.jpg"
        copy.write_bytes(data[: len(data) // 3])
        forced = _sample_card_failures(nik, name, data, copy, tmp_path)
        for call in forced:
            total += 1
            with pytest.raises(IdextractError) as info:
                call()
            text = " ".join(f"{e!s} {e!r}" for e in _chain(info.value))
            leaks += nik in text or name in text
    assert total == 10 * len(cards) and leaks == 0



@pytest.mark.parametrize("doc_type", ["sim", "", None, 3, "receipt\n"])
def test_unknown_document_type_is_an_input_error(doc_type: Any) -> None:
    with pytest.raises(InputError) as info:
        idextract.parse("TOTAL 1", doc_type)
    assert info.value.param == "doc_type" and "known: ktp, receipt" in str(info.value)
