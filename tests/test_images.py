"""idextract.images: every input kind load_image accepts, and every error code it raises.

URL downloads are tested against a local HTTP server in test_fetch.py; here: paths, bytes, file
objects, Pillow images, base64 and data URLs, formats (HEIC and PDF through their extras), the
decompression-bomb check, and the CLI's exit status for each kind of bad input.
"""

from __future__ import annotations

import base64
import io
import os
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from idextract.errors import ImageNotFoundError, InputError
from idextract.images import classify_source, fit_for_ocr, load_image, to_png_bytes

REPO = Path(__file__).resolve().parents[1]


def _encode(image: Image.Image, fmt: str = "PNG", **kwargs: object) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width x height`` but holds no pixel data: a decompression bomb
    as cheap as one gets (a few dozen bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.fixture
def picture() -> Image.Image:
    """Left half red, right half blue: orientation is visible in the pixels."""
    img = Image.new("RGB", (60, 40), (255, 0, 0))
    img.paste((0, 0, 255), (30, 0, 60, 40))
    return img


# --- accepted inputs ----------------------------------------------------------------------------


def test_str_path_and_pathlike(tmp_path: Path, picture: Image.Image) -> None:
    path = tmp_path / "receipt.png"
    picture.save(path)
    for source in (str(path), path):
        out = load_image(source)
        assert out.mode == "RGB" and out.size == (60, 40)
        assert out.getpixel((5, 5)) == (255, 0, 0)


@pytest.mark.parametrize("kind", [bytes, bytearray, memoryview])
def test_bytes_like(kind: type, picture: Image.Image) -> None:
    out = load_image(kind(_encode(picture)))
    assert out.size == (60, 40) and out.mode == "RGB"


def test_binary_file_object(tmp_path: Path, picture: Image.Image) -> None:
    assert load_image(io.BytesIO(_encode(picture, "JPEG"))).size == (60, 40)
    path = tmp_path / "r.jpg"
    picture.save(path)
    with path.open("rb") as fh:
        assert load_image(fh).size == (60, 40)


@pytest.mark.parametrize("mode", ["RGB", "L", "1", "P", "CMYK", "RGBA", "LA", "I;16"])
def test_pil_image_any_mode_becomes_rgb(mode: str, picture: Image.Image) -> None:
    source = picture.convert(mode)
    out = load_image(source)
    assert out.mode == "RGB" and out.size == (60, 40)
    assert source.mode == mode  # the caller's image is left alone


def test_transparency_is_flattened_on_white() -> None:
    # Black text on a transparent background must not turn into black on black.
    img = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    img.putpixel((5, 5), (0, 0, 0, 255))
    out = load_image(_encode(img))
    assert out.getpixel((0, 0)) == (255, 255, 255)
    assert out.getpixel((5, 5)) == (0, 0, 0)


def test_sixteen_bit_grey_keeps_contrast() -> None:
    img = Image.new("I;16", (20, 20), 1000)
    img.paste(20000, (0, 0, 10, 20))
    out = load_image(img)
    assert out.getpixel((0, 0)) == (255, 255, 255)
    assert out.getpixel((15, 0)) == (0, 0, 0)


def test_exif_rotated_jpeg_comes_back_upright(picture: Image.Image) -> None:
    # A phone held upright stores the sensor's landscape pixels plus "rotate 90 CW" (6) in EXIF.
    stored = picture.transpose(Image.Transpose.ROTATE_90)  # 40 x 60, red at the bottom
    exif = Image.Exif()
    exif[0x0112] = 6
    data = _encode(stored, "JPEG", exif=exif.tobytes(), quality=95)
    assert Image.open(io.BytesIO(data)).size == (40, 60)
    out = load_image(data)
    assert out.size == (60, 40)
    r, g, b = out.getpixel((5, 20))
    assert r > 200 and b < 60  # red on the left again
    r, g, b = out.getpixel((55, 20))
    assert b > 200 and r < 60


def test_exif_on_a_pil_image_is_applied_too(picture: Image.Image) -> None:
    stored = picture.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6
    opened = Image.open(io.BytesIO(_encode(stored, "JPEG", exif=exif.tobytes())))
    assert load_image(opened).size == (60, 40)


def test_tiff_gives_the_first_page(picture: Image.Image) -> None:
    second = Image.new("RGB", (90, 90), (0, 255, 0))
    buf = io.BytesIO()
    picture.save(buf, format="TIFF", save_all=True, append_images=[second])
    out = load_image(buf.getvalue())
    assert out.size == (60, 40)


# --- errors -------------------------------------------------------------------------------------


def _code(source: object, **kwargs: object) -> str:
    with pytest.raises(InputError) as info:
        load_image(source, **kwargs)
    return info.value.code


@pytest.mark.parametrize("source", [None, b"", bytearray(), "", "   ", io.BytesIO(b"")])
def test_missing(source: object) -> None:
    assert _code(source) == "parameter_missing"


@pytest.mark.parametrize("source", [42, 3.5, {"image": "x"}, ["a.png"], object()])
def test_wrong_type(source: object) -> None:
    assert _code(source) == "invalid_parameter_type"


def test_text_mode_file_is_a_wrong_type() -> None:
    assert _code(io.StringIO("not bytes")) == "invalid_parameter_type"


def test_missing_path_names_its_size_not_its_content(tmp_path: Path) -> None:
    # A path can be a NIK or a person's name ("ktp-budi-santoso.jpg"): the message says what
    # kind of thing was given and how long it was, never what it said.
    missing = tmp_path / "nope" / "receipt.jpg"
    with pytest.raises(ImageNotFoundError) as info:
        load_image(str(missing))
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, InputError)
    assert str(info.value) == f"image file not found (path of {len(str(missing))} characters)"
    assert "receipt" not in repr(info.value) and info.value.__cause__ is None
    with pytest.raises(ImageNotFoundError):
        load_image(missing)


def test_directory(tmp_path: Path) -> None:
    assert _code(tmp_path) == "invalid_parameter"


def test_undecodable_bytes() -> None:
    assert _code(b"this is not an image at all" * 10) == "unsupported_image"


def test_truncated_image(picture: Image.Image) -> None:
    big = Image.effect_noise((400, 300), 64).convert("RGB")
    data = _encode(big, "JPEG")
    assert _code(data[: len(data) // 3]) == "unsupported_image"


def test_too_many_bytes(picture: Image.Image, tmp_path: Path) -> None:
    data = _encode(picture)
    assert _code(data, max_bytes=len(data) - 1) == "image_too_large"
    assert _code(io.BytesIO(data), max_bytes=len(data) - 1) == "image_too_large"
    path = tmp_path / "r.png"
    path.write_bytes(data)
    assert _code(path, max_bytes=len(data) - 1) == "image_too_large"
    assert load_image(data, max_bytes=len(data)).size == (60, 40)


def test_decompression_bomb_header_is_rejected_before_decoding(record_property: object) -> None:
    bomb = _png_header(60_000, 60_000)
    assert len(bomb) < 100
    load_image(to_png_bytes(Image.new("RGB", (10, 10))))  # warm up imports and Pillow's plugin table
    start = time.perf_counter()
    assert _code(bomb) == "image_too_large"
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5
    b64 = base64.b64encode(bomb).decode()
    for source in (io.BytesIO(bomb), "data:image/png;base64," + b64, b64):
        assert _code(source) == "image_too_large"
    record_property("bomb_60000x60000_reject_seconds", elapsed)
    print(f"60000x60000 PNG header ({len(bomb)} bytes) rejected in {elapsed * 1000:.3f} ms")


def test_pixel_limit_is_checked_on_the_header() -> None:
    # 50 MP: under Pillow's own bomb limit, over ours; the check must not decode anything.
    assert _code(_png_header(10_000, 5_000)) == "image_too_large"
    assert _code(Image.new("L", (100, 100)), max_pixels=9_999) == "image_too_large"


@pytest.mark.parametrize("size", [(0, 0), (7, 100), (100, 3)])
def test_empty_or_tiny(size: tuple[int, int]) -> None:
    with pytest.raises(InputError) as info:
        load_image(Image.new("RGB", size))
    assert info.value.code == "invalid_parameter"
    assert "too small" in str(info.value)


def test_tiny_encoded_image() -> None:
    assert _code(_encode(Image.new("RGB", (4, 4)))) == "invalid_parameter"


# --- formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "kwargs"), [("WEBP", {"lossless": True}), ("BMP", {}), ("GIF", {}), ("PNG", {}),
                                             ("JPEG", {"quality": 95}), ("TIFF", {})])
def test_common_formats(fmt: str, kwargs: dict[str, object], picture: Image.Image) -> None:
    out = load_image(_encode(picture, fmt, **kwargs))
    assert out.size == (60, 40) and out.mode == "RGB"
    r, _g, b = out.getpixel((5, 5))
    assert r > 200 and b < 60


def test_formats_outside_the_allow_list_are_not_opened(picture: Image.Image) -> None:
    # Pillow reads these, but they are no receipt photos; EPS would even start Ghostscript.
    for fmt in ("ICO", "TGA", "PCX", "PPM", "EPS"):
        try:
            data = _encode(picture, fmt)
        except (OSError, KeyError):  # no Ghostscript here to write EPS: hand-made header instead
            data = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 60 40\n" + b"%" * 200
        with pytest.raises(InputError) as info:
            load_image(data)
        assert info.value.code == "unsupported_image", fmt
        assert "not a supported image format" in str(info.value)


def test_heic_with_the_extra(picture: Image.Image) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    buf = io.BytesIO()
    pillow_heif.from_pillow(picture).save(buf, format="HEIF", quality=95)
    data = buf.getvalue()
    assert data[4:12] == b"ftypheic"
    out = load_image(data)
    assert out.size == (60, 40) and out.mode == "RGB"
    r, _g, b = out.getpixel((5, 20))
    assert r > 180 and b < 80


def test_pdf_first_page_with_the_extra(picture: Image.Image) -> None:
    pytest.importorskip("pypdfium2")
    second = Image.new("RGB", (90, 90), (0, 255, 0))
    buf = io.BytesIO()
    picture.save(buf, format="PDF", resolution=72.0, save_all=True, append_images=[second])
    out = load_image(buf.getvalue())
    assert out.mode == "RGB"
    # 60 x 40 points at 200 dpi (pdfium rounds up)
    assert abs(out.size[0] - 60 * 200 / 72) <= 1 and abs(out.size[1] - 40 * 200 / 72) <= 1
    r, _g, b = out.getpixel((10, 50))
    assert r > 200 and b < 60
    # a huge vector page is rendered with fewer pixels, not refused
    small = load_image(buf.getvalue(), max_pixels=10_000)
    assert small.size[0] * small.size[1] <= 10_000


def test_damaged_pdf_is_unsupported() -> None:
    pytest.importorskip("pypdfium2")
    assert _code(b"%PDF-1.7\n" + b"garbage " * 50) == "unsupported_image"


def _run_without(module: str, data: bytes, tmp_path: Path) -> str:
    """load_image(data) in a fresh interpreter where ``module`` cannot be imported; its output."""
    path = tmp_path / "input.bin"
    path.write_bytes(data)
    code = (
        f"import sys; sys.modules[{module!r}] = None\n"
        "from idextract.images import load_image\n"
        "from idextract.errors import InputError\n"
        "try:\n"
        f"    load_image({str(path)!r})\n"
        "except InputError as e:\n"
        "    print(e.code, '|', e)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_heic_without_the_extra_names_it(tmp_path: Path) -> None:
    # An ISO-BMFF header with the "heic" brand is enough to be recognised.
    data = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
    out = _run_without("pillow_heif", data, tmp_path)
    assert out.startswith("unsupported_image |")
    assert "pip install 'idextract[heic]'" in out


def test_pdf_without_the_extra_names_it(tmp_path: Path) -> None:
    out = _run_without("pypdfium2", b"%PDF-1.4\n" + b"x" * 200, tmp_path)
    assert out.startswith("unsupported_image |")
    assert "pip install 'idextract[pdf]'" in out


# --- base64 and data URLs -------------------------------------------------------------------------


def test_base64_string(picture: Image.Image) -> None:
    data = _encode(picture)
    b64 = base64.b64encode(data).decode()
    for text in (
        b64,
        b64.rstrip("="),  # padding stripped, as many clients do
        base64.encodebytes(data).decode(),  # MIME: 76-character lines
        "  " + b64 + "\n",
        base64.urlsafe_b64encode(_encode(picture, "JPEG")).decode(),
    ):
        assert classify_source(text) == "base64"
        assert load_image(text).size == (60, 40)


@pytest.mark.parametrize("prefix", ["data:image/png;base64,", "DATA:IMAGE/PNG;BASE64,",
                                    "data:image/png;charset=x;base64,", "data:;base64,",
                                    "data:application/octet-stream;base64,"])
def test_data_url(prefix: str, picture: Image.Image) -> None:
    b64 = base64.b64encode(_encode(picture)).decode()
    assert load_image(prefix + b64).size == (60, 40)
    assert load_image(prefix + b64.replace("+", "%2B").replace("/", "%2F")).size == (60, 40)


def _b64_png() -> str:
    img = Image.effect_noise((40, 40), 64).convert("RGB")
    return base64.b64encode(_encode(img)).decode()


@pytest.mark.parametrize(
    "make",
    [
        lambda b: "data:image/png;base64," + b[:50] + "!!**" + b[50:],  # characters outside the alphabet
        lambda b: "data:image/png;base64,",  # no data
        lambda b: "data:image/png;base64",  # no comma
        lambda b: "data:image/png," + b,  # not marked base64
        lambda b: "data:image/png;base64," + b[: len(b) - len(b) % 4 - 3],  # truncated: length % 4 == 1
        lambda b: "data:image/png;base64," + b[:60] + "=" + b[60:],  # padding in the middle
        lambda b: b[:100] + "-_" + b[100:],  # standard and URL-safe alphabets mixed
        lambda b: b[:80] + "$%&" + b[80:],  # damaged bare base64, recognised by its PNG magic
        lambda b: b.rstrip("=")[:201],  # bare, truncated
    ],
)
def test_invalid_base64(make: object) -> None:
    b64 = _b64_png()
    source = make(b64)  # type: ignore[operator]
    with pytest.raises(InputError) as info:
        load_image(source)
    assert info.value.code == "invalid_base64_format", str(info.value)
    assert b64[:40] not in str(info.value) and b64[-40:] not in str(info.value)  # never the payload


def test_base64_of_something_else_is_unsupported() -> None:
    text = base64.b64encode(b"TOTAL 19.700 TUNAI 20.000 " * 20).decode()
    assert classify_source(text) == "base64"
    assert _code(text) == "unsupported_image"
    assert _code("data:text/html;base64," + text) == "unsupported_image"


def test_base64_over_the_byte_limit_is_refused_before_decoding(picture: Image.Image) -> None:
    b64 = base64.b64encode(_encode(picture)).decode()
    assert _code(b64, max_bytes=100) == "image_too_large"
    assert _code("data:image/png;base64," + b64, max_bytes=100) == "image_too_large"


@pytest.mark.parametrize(
    "name",
    [
        "receipt.jpg",
        "IMG_20240115_093000",
        "a" * 100,
        "struk-indomaret-2024-01-15-kasir-03-shift-pagi-nomor-transaksi-000123-final",
        "scans/2024/01/receipt_from_whatsapp_image_2024_01_15_at_09_30_00_number_three_of_four",
        "iVBORw0KGgo",  # the PNG magic alone, too short to be an image
        "Qk" + "x" * 70,  # BMP magic: too weak alone, and no file name is a BMP
    ],
)
def test_ordinary_file_names_are_never_taken_for_base64(name: str) -> None:
    assert classify_source(name) == "path"
    with pytest.raises(ImageNotFoundError):
        load_image(name)


def test_long_missing_path_under_an_existing_directory(tmp_path: Path) -> None:
    for name in (str(tmp_path / ("y" * 300)), str(tmp_path / "x" / "y" / ("z" * 300)), "tests/" + "q" * 300):
        assert classify_source(name) == "path"


def test_an_existing_file_wins_over_any_reading(tmp_path: Path, picture: Image.Image) -> None:
    b64_name = base64.b64encode(_encode(picture))[:80].decode().replace("/", "_")
    for name in (b64_name, "http:x", "file:receipt"):
        path = tmp_path / name
        picture.save(path, format="PNG")
        cwd = os.getcwd()
        os.chdir(tmp_path)
        try:
            assert classify_source(name) == "path"
            assert load_image(name).size == (60, 40)
        finally:
            os.chdir(cwd)


_NAME_CHARS = st.characters(categories=("L", "N"), include_characters="_- ()[]#@+,")


@settings(max_examples=300, deadline=None)
@given(stem=st.text(_NAME_CHARS, min_size=1, max_size=200),
       ext=st.sampled_from(["jpg", "jpeg", "png", "heic", "pdf", "webp"]),
       folder=st.sampled_from(["", "scans/", "/tmp/uploads/", "C:\\Users\\budi\\"]))
def test_property_file_names_are_paths(stem: str, ext: str, folder: str) -> None:
    assert classify_source(f"{folder}{stem}.{ext}") == "path"


def test_classify_source() -> None:
    assert classify_source("https://x/y.jpg") == "url"
    assert classify_source("ftp://x/y.jpg") == "url"
    assert classify_source("http//x") == "url"
    assert classify_source("data:image/png;base64,xx") == "data_url"
    assert classify_source("receipt.jpg") == "path"
    assert classify_source("C:\\receipts\\r.jpg") == "path"


# --- CLI ------------------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "idextract", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(
    ("arg", "words"),
    [
        ("ftp://x/y.png", "scheme 'ftp' is not allowed"),
        ("file:///etc/passwd", "scheme 'file' is not allowed"),
        ("http//x", "malformed"),
        ("http://", "has no host"),
        ("data:image/png;base64,!!!!", "not valid base64"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://localhost:9/r.png", "loopback"),
    ],
)
def test_cli_input_errors_exit_2_with_one_line(arg: str, words: str) -> None:
    proc = _cli("receipt", arg)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("idextract:"), proc.stderr
    assert words in lines[0]
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_cli_bomb_and_base64_garbage_exit_2(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header(60_000, 60_000))
    text = base64.b64encode(b"not an image at all " * 30).decode()
    for arg, words in ((str(bomb), "more than"), (text, "cannot be decoded")):
        proc = _cli("receipt", arg)
        assert proc.returncode == 2
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0], proc.stderr
        assert text[:30] not in proc.stderr


# --- fit_for_ocr / to_png_bytes ---------------------------------------------------------------------


def test_fit_for_ocr_downscales_never_upscales() -> None:
    big = Image.new("RGB", (1000, 4000))
    out, scale = fit_for_ocr(big, 1600)
    assert out.size == (400, 1600) and scale == pytest.approx(0.4)
    small = Image.new("RGB", (300, 200))
    out, scale = fit_for_ocr(small, 1600)
    assert out is small and scale == 1.0


def test_to_png_bytes_round_trips(picture: Image.Image) -> None:
    data = to_png_bytes(picture)
    assert data.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(data)).getpixel((50, 10)) == (0, 0, 255)
