"""Long and absurdly shaped images: refused from the header, or read in tiles with bounded memory.

- shapes beyond 1:40 (8 x 100000 px PNGs of a few hundred bytes, a 100 x 60000 TIFF) are refused
  as ``invalid_parameter`` before decoding and before any OCR;
- long receipts (rendered by ``samples/render.py``: 576 px wide, 1:10 and 1:30) are read end to
  end, in tiles that keep every row whole;
- the memory cases run in a child process under an address-space limit, so that a regression
  fails one test instead of taking the machine down;
- a big JPEG is decoded reduced (libjpeg draft) and its boxes still come out in its own pixels.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import json
import os
import resource
import struct
import subprocess
import sys
import textwrap
import time
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont

import idextract
from idextract.errors import InputError
from idextract.images import MAX_ASPECT, load_for_ocr, load_image
from idextract.ocr.base import OcrResult
from idextract.ocr.rapid import RapidOCR
from idextract.tiles import Candidate, merge, spans

REPO = Path(__file__).resolve().parents[1]
needs_rapid = pytest.mark.skipif(not RapidOCR.is_available(), reason="rapidocr/onnxruntime not installed")


def _render() -> Any:
    spec = importlib.util.spec_from_file_location("sample_render", REPO / "samples" / "render.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sample_render"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


render = _render()


class NoOcr:
    """A backend that fails the test if it is ever asked to read."""

    name = "no-ocr"
    max_side = 1600

    @classmethod
    def is_available(cls) -> bool:
        return True

    def ocr(self, image: Image.Image) -> OcrResult:
        raise AssertionError("OCR ran on an image that should have been refused")


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A valid PNG signature and header claiming ``width x height``, one empty IDAT: 57 bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def _tiff(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="TIFF", compression="tiff_deflate")
    return buf.getvalue()


# --- (a) absurd shapes: refused from the header, no OCR --------------------------------------------


ABSURD = {
    "8x100000 png": lambda: _png(Image.new("L", (8, 100_000), 255)),
    "100000x8 png": lambda: _png(Image.new("L", (100_000, 8), 255)),
    "8x4999999 png": lambda: _png_header_only(8, 4_999_999),  # 40 MP less 8 px: under max_pixels
    "100x60000 tiff": lambda: _tiff(Image.new("L", (100, 60_000), 255)),
}


@pytest.mark.parametrize("name", list(ABSURD))
def test_absurd_shapes_are_refused_before_decoding_and_before_ocr(name: str) -> None:
    data = ABSURD[name]()
    assert len(data) < 200_000  # "a few hundred bytes" to a few KB
    w, h = (int(v) for v in name.split()[0].split("x"))
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        idextract.extract_receipt(data, ocr=NoOcr())
    assert time.perf_counter() - start < 2.0
    assert info.value.code == "invalid_parameter"
    message = str(info.value)
    assert f"{w}x{h} px" in message and f"1:{MAX_ASPECT}" in message and "\n" not in message
    with pytest.raises(InputError, match="px: too"):
        load_image(data)


def test_an_absurd_pil_image_is_refused_too() -> None:
    with pytest.raises(InputError) as info:
        idextract.extract_receipt(Image.new("L", (8, 100_000)), ocr=NoOcr())
    assert info.value.code == "invalid_parameter" and "too narrow for its length" in str(info.value)
    with pytest.raises(InputError, match="too low for its width"):
        load_image(Image.new("RGB", (100_000, 8)))


def test_the_engines_refuse_absurd_shapes_handed_to_them_directly() -> None:
    from idextract.ocr.tesseract import TesseractOCR

    for engine in (RapidOCR(), TesseractOCR()):
        with pytest.raises(InputError) as info:
            engine.ocr(Image.new("RGB", (8, 100_000), "white"))
        assert info.value.code == "invalid_parameter"


def test_long_but_sane_shapes_pass_the_check() -> None:
    for size in [(576, 17_280), (400, 12_000), (100, 4_000), (17_280, 576)]:
        assert load_image(Image.new("L", size, 255)).size == size


# --- tiling: geometry and merging (no OCR) ---------------------------------------------------------


def test_tiles_cover_the_strip_and_overlap_by_more_than_a_text_line() -> None:
    for length, width in [(5760, 576), (17_280, 576), (12_000, 400), (18_750, 1200), (3990, 100)]:
        parts = spans(length, width, 1600)
        assert parts[0][0] == 0 and parts[-1][1] == length
        for (a0, a1), (b0, _) in itertools.pairwise(parts):
            assert b0 < a1 and a1 - b0 >= min(96, (a1 - a0) // 4)  # overlap
        assert all(e - s <= min(2 * width, 1600) for s, e in parts)  # at most 2:1, at most max_side
    assert spans(1000, 800, 1600) == [(0, 1000)]


def _cand(box: tuple[float, float, float, float], text: str, tile: int, edge: float) -> Candidate:
    x0, y0, x1, y1 = box
    return Candidate([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], text, 0.9, tile, edge)


def test_merge_keeps_the_copy_farthest_from_a_cut_edge() -> None:
    whole_a = _cand((30, 1100, 540, 1130), "TOTAL 9.594.300", tile=0, edge=22)
    whole_b = _cand((31, 1101, 541, 1131), "TOTAL 9.594.300", tile=1, edge=180)
    cut = _cand((30, 1140, 300, 1152), "TUNA", tile=0, edge=0)  # cut by tile 0's lower edge
    full = _cand((30, 1140, 300, 1168), "TUNAI", tile=1, edge=218)
    other = _cand((400, 1140, 540, 1168), "10.000", tile=1, edge=218)
    kept = merge([whole_a, cut, whole_b, full, other])
    assert [c.text for c in kept] == ["TOTAL 9.594.300", "TUNAI", "10.000"]
    assert kept[0].tile == 1  # the copy farther from its cut edge
    # Runs of one tile are never merged, even when their boxes touch.
    assert len(merge([_cand((0, 0, 50, 20), "2", 0, 50), _cand((10, 0, 60, 20), "x", 0, 50)])) == 2


@needs_rapid
def test_a_wide_strip_is_tiled_along_x_and_words_on_a_cut_are_found_once() -> None:
    font = ImageFont.load_default(size=30)
    image = Image.new("RGB", (2400, 300), "white")
    draw = ImageDraw.Draw(image)
    words = {"ALPHA": 80, "BRAVO": 520, "CHARLIE": 1030, "DELTA": 1500, "ECHO": 2150}
    for text, x in words.items():
        draw.text((x, 130), text, fill="black", font=font)
    result = RapidOCR().ocr(image)
    assert result.meta["tiles"] > 1
    texts = [w.text for w in result.words]
    assert sorted(texts) == sorted(words), texts
    for word in result.words:
        assert word.box is not None and abs(word.box.x0 - words[word.text]) < 15 and 120 < word.box.cy < 180


# --- (b), (c) long receipts read end to end ----------------------------------------------------------


@pytest.fixture(scope="module")
def long_1x10() -> tuple[Image.Image, Any]:
    return render.render_long_receipt(10)  # 576 x 5760 px, 157 items


@needs_rapid
def test_a_1_to_10_receipt_is_read_whole(long_1x10: tuple[Image.Image, Any], tmp_path: Path) -> None:
    image, doc = long_1x10
    assert image.size == (576, 5760)
    path = tmp_path / "long.png"
    image.save(path)
    record = idextract.extract_receipt(path)
    assert record.total.value == Decimal(doc.fields["total"])
    assert record.subtotal.value == Decimal(doc.fields["subtotal"])
    assert record.amount_paid.value == Decimal(doc.fields["amount_paid"])
    assert record.change.value == Decimal(doc.fields["change"])
    expected = doc.fields["items"]
    assert len(expected) == 157
    # Every item row is read (the tiles keep rows whole); one misread would still pass.
    assert abs(len(record.items) - len(expected)) <= 1
    names = [item.name.value for item in record.items]
    assert sum(a == e["name"] for a, e in zip(names, expected)) >= 0.95 * len(expected)
    # The total's box is in the input's pixels, near the bottom of the strip.
    assert record.total.box is not None and 5300 < record.total.box.y0 < 5760 and record.total.box.x1 <= 576


@needs_rapid
def test_a_1_to_30_strip_reads_the_right_total() -> None:
    image, doc = render.render_long_receipt(30, items=40)  # 576 x 17280 px, lines spaced out
    assert image.size == (576, 17_280)
    record = idextract.extract_receipt(image)
    assert record.total.value == Decimal(doc.fields["total"])
    assert record.change.value == Decimal(doc.fields["change"])
    assert len(record.items) == 40


def test_tesseract_reads_a_1_to_30_strip_at_full_width_in_bounded_time() -> None:
    from idextract.ocr.tesseract import TesseractOCR

    if not TesseractOCR.is_available():
        pytest.skip("tesseract not installed")
    image, doc = render.render_long_receipt(30, items=40)
    start = time.perf_counter()
    record = idextract.extract_receipt(image, ocr=TesseractOCR())
    assert time.perf_counter() - start < 30
    assert record.total.value == Decimal(doc.fields["total"])


# --- (d) memory, in a child process under an address-space limit -------------------------------------

# A plain extract_receipt peaks at ~1.25 GB of address space (onnxruntime's arenas and threads) and
# ~0.6 GB resident; a whole 1:30 strip used to take 2.3 GB resident, 1:100 ones 7-20 GB.
ADDRESS_LIMIT = 3 * 2**30
RSS_LIMIT_MB = 1200

CHILD = textwrap.dedent(
    """
    import json, sys, time
    from idextract import extract_receipt
    start = time.perf_counter()
    record = extract_receipt(sys.argv[1])
    # VmHWM, not ru_maxrss: ru_maxrss keeps the forking parent's (pytest's) peak across exec.
    hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(json.dumps({"rss_mb": hwm / 1024,
                      "seconds": time.perf_counter() - start,
                      "total": str(record.total.value), "box": record.total.box}))
    """
)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_LIMIT, ADDRESS_LIMIT))


def _extract_in_child(path: Path) -> dict[str, Any]:
    env = {**os.environ, "OMP_NUM_THREADS": "2"}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=240,
                          preexec_fn=_limit, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def _narrow_strip(width: int, height: int) -> Image.Image:
    """A narrow strip with a short line of text every 300 px: not blank, so every tile is read."""
    image = Image.new("RGB", (width, height), (246, 245, 240))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=max(10, width // 8))
    for n, y in enumerate(range(20, height - 40, 300)):
        draw.text((6, y), f"{n:03d} {n * 700}", fill="black", font=font)
    return image


@needs_rapid
def test_memory_of_a_narrow_1_to_20_strip_is_bounded(tmp_path: Path) -> None:
    # 100 x 2000: the detector used to see it as 736 x 14720 px (11 MP of float32 feature maps;
    # 1:50 took 3.7 GB). In tiles it sees at most 736 x 1472 px at a time.
    path = tmp_path / "narrow.png"
    _narrow_strip(100, 2000).save(path)
    out = _extract_in_child(path)
    assert out["rss_mb"] < RSS_LIMIT_MB, out


@needs_rapid
def test_memory_of_a_40_mp_jpeg_is_bounded(big_jpeg: Path) -> None:
    out = _extract_in_child(big_jpeg)
    assert out["rss_mb"] < RSS_LIMIT_MB, out
    assert out["total"] == "86500"


# --- (e) draft decoding keeps boxes in the original's pixels ----------------------------------------


@pytest.fixture(scope="module")
def big_jpeg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimarket sample upscaled 8x (5432 x 6592 px, 36 MP), as a quality 90 JPEG."""
    clean = Image.open(REPO / "samples" / "receipts" / "items" / "minimarket.png").convert("RGB")
    big = clean.resize((clean.width * 8, clean.height * 8), Image.Resampling.BILINEAR)
    path = tmp_path_factory.mktemp("big") / "big.jpg"
    big.save(path, quality=90)
    return path


def test_a_big_jpeg_is_decoded_reduced_for_the_ocr(big_jpeg: Path) -> None:
    full = load_image(big_jpeg)
    reduced, factor = load_for_ocr(big_jpeg, max_side=1600)
    assert full.size == (5432, 6592)
    assert reduced.size == (2716, 3296) and factor == 2.0  # libjpeg's 1/2 scale keeps >= 2 x 1600 px
    assert load_for_ocr(big_jpeg, max_side=None)[0].size == full.size
    assert load_for_ocr(big_jpeg, max_side=4096)[1] == 1.0  # an engine reading 4096 px gets it all


@pytest.mark.parametrize(("fmt", "mode"), [("PNG", "RGB"), ("PNG", "P"), ("TIFF", "L"), ("WEBP", "RGB")])
def test_a_big_picture_of_another_format_is_reduced_by_the_same_scale(tmp_path: Path, fmt: str, mode: str) -> None:
    picture = Image.new(mode, (5432, 6592), 255)
    ImageDraw.Draw(picture).rectangle((1000, 4000, 3000, 4100), fill=0)
    path = tmp_path / f"big.{fmt.lower()}"
    options = {"PNG": {"compress_level": 1}, "TIFF": {"compression": "tiff_deflate"}}.get(fmt, {})
    picture.save(path, format=fmt, **options)
    reduced, factor = load_for_ocr(path, max_side=1600)
    assert reduced.size == (2716, 3296) and factor == 2.0 and reduced.mode == "RGB"  # as a JPEG's 1/2
    assert reduced.getpixel((1000, 2025)) == (0, 0, 0)  # the bar, at half its coordinates
    assert load_for_ocr(path, max_side=4096)[1] == 1.0  # an engine reading 4096 px gets it all
    assert load_for_ocr(path, max_side=None)[0].size == (5432, 6592)


@needs_rapid
def test_boxes_of_a_draft_decoded_jpeg_are_in_original_pixels(big_jpeg: Path) -> None:
    drafted = idextract.extract_receipt(big_jpeg)  # decoded at 1/2, boxes scaled back
    whole = idextract.extract_receipt(load_image(big_jpeg))  # a PIL image: read at full size
    for record in (drafted, whole):
        assert record.total.value == 86500 and record.total.box is not None
    a, b = drafted.total.box, whole.total.box
    assert a is not None and b is not None
    assert all(abs(u - v) < 16 for u, v in zip(a, b)), (a, b)  # 16 px of 6592: within the OCR's own noise
    assert 1600 < a.x0 and a.x1 <= 5432 and 4000 < a.y0 < 5000
    annotated = Image.open(io.BytesIO(drafted.annotated_image or b""))
    # Drawn on the reduced picture, boxes scaled down to it; a legend may widen or lengthen the canvas.
    w, h = annotated.size
    assert (w == 2716 and h >= 3296) or (h == 3296 and w >= 2716), annotated.size
