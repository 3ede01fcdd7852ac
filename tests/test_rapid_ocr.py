"""The embedded OCR backend, run for real on receipts rendered with Pillow's bundled font."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

from idextract.errors import InputError
from idextract.ocr import OcrBackend, OcrResult, available_backends, get_backend, register
from idextract.ocr.rapid import RapidOCR

pytestmark = pytest.mark.skipif(not RapidOCR.is_available(), reason="rapidocr/onnxruntime not installed")

LINES = [
    ("TOKO MAJU JAYA", None),
    ("AQUA 600ML", "7.000"),
    ("ROTI TAWAR", "12.700"),
    ("TOTAL", "19.700"),
    ("TUNAI", "20.000"),
    ("KEMBALI", "300"),
]


def _receipt() -> Image.Image:
    """A 600 x 340 receipt: labels on the left, amounts in a right-hand column."""
    font = ImageFont.load_default(size=28)
    img = Image.new("RGB", (600, 340), "white")
    draw = ImageDraw.Draw(img)
    for i, (label, amount) in enumerate(LINES):
        y = 20 + 50 * i
        draw.text((30, y), label, fill="black", font=font)
        if amount:
            draw.text((400, y), amount, fill="black", font=font)
    return img


@pytest.fixture(scope="module")
def engine() -> RapidOCR:
    # The rapidocr engine is process-wide; one backend per module keeps the model load to one.
    return RapidOCR()


@pytest.fixture(scope="module")
def upright(engine: RapidOCR) -> OcrResult:
    return engine.ocr(_receipt())


def _inside(result: OcrResult) -> None:
    assert result.image_size is not None
    w, h = result.image_size
    for word in result.words:
        assert word.box is not None
        assert 0 <= word.box.x0 < word.box.x1 <= w and 0 <= word.box.y0 < word.box.y1 <= h
        assert word.confidence is not None and 0.0 <= word.confidence <= 1.0


def test_reads_words_and_numbers(upright: OcrResult) -> None:
    assert upright.engine == "rapidocr" and upright.image_size == (600, 340)
    texts = [w.text for w in upright.words]
    for label, amount in LINES:
        assert label in texts
        if amount:
            assert amount in texts
    _inside(upright)
    total = next(w for w in upright.words if w.text == "19.700")
    assert total.box is not None
    # Drawn at x=400, y=170 (28 px font): the box must sit there in input pixels.
    assert 385 <= total.box.x0 <= 410 and 160 <= total.box.y0 <= 185


def test_boxes_map_back_after_downscaling(engine: RapidOCR) -> None:
    big = _receipt().resize((1200, 680)).convert("L")  # and a grey image is fine too
    small = RapidOCR(max_side=600).ocr(big)
    assert small.image_size == (1200, 680) and small.meta["scale"] == pytest.approx(0.5)
    _inside(small)
    total = next(w for w in small.words if w.text == "19.700")
    assert total.box is not None and 770 <= total.box.x0 <= 820


def _row_texts(result: OcrResult) -> list[str]:
    return [row.text for row in result.rows()]


EXPECTED_ROWS = ["TOKO MAJU JAYA"] + [f"{label} {amount}" for label, amount in LINES[1:]]


@pytest.fixture(scope="module")
def tilted(engine: RapidOCR, upright: OcrResult) -> dict[int, OcrResult]:
    """The receipt read at 0 and +-3 degrees (Pillow turns counter-clockwise)."""
    results = {0: upright}
    for angle in (-3, 3):
        image = _receipt().rotate(angle, expand=True, fillcolor="white", resample=Image.Resampling.BICUBIC)
        results[angle] = engine.ocr(image)
    return results


@pytest.mark.parametrize("angle", [0, -3, 3])
def test_rows_survive_a_small_tilt(tilted: dict[int, OcrResult], angle: int) -> None:
    _inside(tilted[angle])
    assert _row_texts(tilted[angle]) == EXPECTED_ROWS


@pytest.mark.parametrize("angle", [0, -3, 3])
def test_page_slope_from_the_quads(tilted: dict[int, OcrResult], angle: int) -> None:
    # Counter-clockwise in image coordinates (y down): the lines rise, so dy/dx < 0.
    expected = -math.tan(math.radians(angle))
    assert tilted[angle].meta["slope"] == pytest.approx(expected, abs=0.015)


def test_upside_down_page_is_turned(engine: RapidOCR) -> None:
    result = engine.ocr(_receipt().rotate(180))
    assert result.meta["rotated_180"] is True and result.warnings
    texts = {w.text for w in result.words}
    assert {"TOTAL", "19.700", "TUNAI", "20.000"} <= texts
    _inside(result)
    total = next(w for w in result.words if w.text == "19.700")
    assert total.box is not None
    # Upright at x=400..490 in a 600 px wide page: turned, it sits at 110..200.
    assert 100 <= total.box.x0 <= 125


def test_detect_side_scales_the_detector_for_one_call(engine: RapidOCR, upright: OcrResult) -> None:
    from idextract.ocr.rapid_engine import get_engine

    detector = get_engine(engine.runtime, engine.threads)._load_det_model()
    default, session = detector.limit_side_len, detector.session
    shapes: list[tuple[int, ...]] = []

    def spy(batch: Any) -> Any:  # the detector model's input: (1, 3, h, w)
        shapes.append(tuple(batch.shape))
        return session(batch)

    detector.session = spy
    try:
        small = engine.ocr(_receipt(), detect_side=512)
        plain = engine.ocr(_receipt())
    finally:
        detector.session = session
    assert detector.limit_side_len == default == 736  # shared engine state restored
    assert [shape[2] for shape in shapes] == [512, 736]  # the 340 px short side scaled to each
    assert [w.text for w in small.words] == [w.text for w in plain.words] == [w.text for w in upright.words]
    for bad in (0, 31, 5000, 512.0, "512"):
        with pytest.raises(InputError) as info:
            engine.ocr(_receipt(), detect_side=bad)  # type: ignore[arg-type]
        assert info.value.code == "invalid_parameter" and info.value.param == "detect_side"


def test_onnxruntime_sessions_flush_denormals_and_the_recogniser_keeps_an_arena(engine: RapidOCR) -> None:
    from idextract.ocr.rapid_engine import get_engine

    built = get_engine("onnxruntime", engine.threads)
    for model, arena in ((built.text_det, False), (built.text_cls, False), (built.text_rec, True)):
        options = model.session.session.get_session_options()
        assert options.get_session_config_entry("session.set_denormal_as_zero") == "1"
        assert options.enable_cpu_mem_arena is arena


def test_blank_image_gives_no_words(engine: RapidOCR) -> None:
    result = engine.ocr(Image.new("RGB", (300, 200), "white"))
    assert result.words == [] and result.image_size == (300, 200)


def test_registry(engine: RapidOCR) -> None:
    backend = get_backend("rapidocr")
    assert isinstance(backend, OcrBackend) and backend is get_backend(" RapidOCR ")
    assert get_backend(engine) is engine
    assert "rapidocr" in available_backends()
    with pytest.raises(InputError) as info:
        get_backend("tesseract-9000")
    assert info.value.code == "invalid_parameter" and "rapidocr" in str(info.value)
    with pytest.raises(InputError) as info:
        get_backend(42)  # type: ignore[arg-type]
    assert info.value.code == "invalid_parameter_type"


def test_registry_env_and_register(monkeypatch: pytest.MonkeyPatch) -> None:
    class Fixed:
        name = "fixed"

        @classmethod
        def is_available(cls) -> bool:
            return True

        def ocr(self, image: Image.Image) -> OcrResult:
            return OcrResult(engine="fixed", image_size=image.size)

    register("fixed-test", Fixed)
    monkeypatch.setenv("IDEXTRACT_OCR", "fixed-test")
    assert isinstance(get_backend(), Fixed)
    monkeypatch.delenv("IDEXTRACT_OCR")
    assert isinstance(get_backend(), RapidOCR)


def _run(code: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_import_idextract_does_not_import_onnxruntime() -> None:
    out = _run(
        """
        import sys, idextract, idextract.ocr
        idextract.ocr.get_backend("rapidocr")
        print("onnxruntime" in sys.modules, "rapidocr" in sys.modules)
        """
    )
    assert out == "False False"


def test_telemetry_is_off_after_importing_the_backend() -> None:
    out = _run(
        """
        import os
        import idextract.ocr.rapid
        print(os.environ.get("ORT_DISABLE_TELEMETRY"))
        """
    )
    assert out == "1"


def test_rapid_sets_telemetry_off_before_its_imports() -> None:
    # idextract/__init__ sets it too, so the subprocess test cannot tell the two apart: check that
    # rapid.py itself sets it before importing anything that could pull onnxruntime in.
    import ast
    import inspect

    import idextract.ocr.rapid as rapid
    import idextract.ocr.rapid_engine as rapid_engine

    for module in (rapid, rapid_engine):
        tree = ast.parse(inspect.getsource(module))
        first_set = next(
            node.lineno
            for node in tree.body
            if isinstance(node, ast.Expr) and "ORT_DISABLE_TELEMETRY" in ast.unparse(node)
        )
        imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        before = [ast.unparse(n) for n in imports if n.lineno < first_set]
        assert before in (["from __future__ import annotations", "import os"], ["import os"])


# --- runtimes: the same bundled models on OpenVINO (default) and onnxruntime ------------------------


def _photo() -> Image.Image:
    from idextract.images import load_image

    return load_image(os.path.join(os.path.dirname(__file__), "..", "samples", "receipts", "items",
                                   "minimarket-photo.jpg"))


def test_onnxruntime_is_the_default_runtime_and_openvino_the_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IDEXTRACT_OCR_RUNTIME", raising=False)
    assert RapidOCR().runtime == "onnxruntime"
    monkeypatch.setenv("IDEXTRACT_OCR_RUNTIME", "openvino")
    assert RapidOCR().runtime == "openvino"
    assert get_backend("rapidocr-openvino").runtime == "openvino"  # type: ignore[attr-defined]
    assert get_backend("rapidocr-onnxruntime").runtime == "onnxruntime"  # type: ignore[attr-defined]


def test_unknown_runtime_and_bad_threads_are_input_errors() -> None:
    with pytest.raises(InputError) as err:
        RapidOCR(runtime="tensorflow")
    assert err.value.code == "invalid_parameter" and err.value.param == "runtime"
    with pytest.raises(InputError):
        RapidOCR(threads=0)


def test_threads_follow_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDEXTRACT_OCR_THREADS", "1")
    assert RapidOCR().threads == 1
    assert RapidOCR(threads=2).threads == 2


def test_both_runtimes_read_the_same_text_from_a_photo() -> None:
    # OpenVINO computes in bf16 by default on CPUs with bf16 units, which changed the text on 9 of
    # 12 real photos; the engine asks for f32, so the two runtimes agree word for word.
    picture = _photo()
    results = {rt: RapidOCR(runtime=rt).ocr(picture) for rt in ("openvino", "onnxruntime")}
    assert results["openvino"].meta["runtime"] == "openvino"
    assert results["onnxruntime"].meta["runtime"] == "onnxruntime"
    words = {rt: [(w.text, w.box) for w in r.words] for rt, r in results.items()}
    assert len(words["openvino"]) > 20
    assert words["openvino"] == words["onnxruntime"]
