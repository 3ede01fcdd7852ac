"""idextract.images: every input kind load_image accepts, and every error code it raises."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from idextract.errors import ImageNotFoundError, InputError
from idextract.images import fit_for_ocr, load_image, to_png_bytes


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


def _code(source: object, **kwargs: int) -> str:
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


def test_missing_path_names_the_path_only(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "receipt.jpg"
    with pytest.raises(ImageNotFoundError) as info:
        load_image(str(missing))
    assert isinstance(info.value, FileNotFoundError) and isinstance(info.value, InputError)
    assert str(missing) in str(info.value)
    with pytest.raises(ImageNotFoundError):
        load_image(missing)


def test_directory(tmp_path: Path) -> None:
    assert _code(tmp_path) == "invalid_parameter"


@pytest.mark.parametrize(
    "source",
    [
        "https://example.com/receipt.jpg",
        "HTTP://example.com/r.png",
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    ],
)
def test_urls_and_base64_are_not_supported_yet(source: str) -> None:
    with pytest.raises(InputError) as info:
        load_image(source)
    assert info.value.code == "invalid_parameter"
    assert "not supported yet" in str(info.value)
    assert source[20:] not in str(info.value)  # the payload is never echoed


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


def test_decompression_bomb_header_is_rejected_before_decoding() -> None:
    bomb = _png_header(60_000, 60_000)
    assert len(bomb) < 100
    start = time.perf_counter()
    assert _code(bomb) == "image_too_large"
    assert time.perf_counter() - start < 0.5


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
