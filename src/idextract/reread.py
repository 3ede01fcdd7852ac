"""A second read of a sharpened copy of the picture, for a record that came out incomplete.

On a small, blurred photo of a card the detector finds only the largest text: the NIK and the
header, 3 to 15 words of a card's 30 or so, and the record misses most of its fields. An unsharp
mask restores enough edge contrast for the detector to find the body lines on many such photos,
but sharpening every picture is no gain: measured on the project's hard card renders (README
"Accuracy", ``samples/render_ktp_hard.py``), sharpening all of them lost as many sharp cards as
it won blurred ones (0.793 -> 0.775 of fields on seed 1). So the sharpened copy is read only
when the first record misses a field, and the record with more evidence (the larger sum of its
fields' confidences) is kept; a card whose fields were all found is read once.

The copy is grey: sharpening the colour channels one by one also sharpens the JPEG's colour
noise. On the hard cards of seeds 1 / 2 / 3 / 4 the reread took the fields right from 0.793 /
0.787 / 0.728 / 0.717 to 0.816 / 0.811 / 0.791 / 0.777 sharpened in colour, and to 0.811 /
0.816 / 0.812 / 0.792 in grey (seed 4 was rendered to choose between the two, after both were
tried on seeds 1-3).

Only a document type that asks (``DocumentType.reread_sharpened``; the KTP, whose fields are all
printed on every card) and only an engine that runs on this machine (``local = True`` on the
backend: a second upload to a hosted API would cost money and send the card twice) reread.
"""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image, ImageFilter, ImageOps

from .records import Document

__all__ = ["better_of", "incomplete", "sharpened"]

# radius 2 px and 150%: the best of radius 1-3 px and 150-300% on the 8 worst cards of seed 3
# (65 / 152 fields right, against 46 unsharpened); two passes were worse (47). In grey, radius
# 1.5 px or 200% were no better.
SHARPEN_RADIUS = 2.0
SHARPEN_PERCENT = 150
NOTE = "fields were missing: a sharpened grey copy of the picture was read again, and its record kept"


def sharpened(picture: Image.Image) -> Image.Image:
    """``picture`` in grey with an unsharp mask applied, as RGB (the same size: boxes read on it
    fit the original)."""
    grey = ImageOps.grayscale(picture)
    mask = ImageFilter.UnsharpMask(radius=SHARPEN_RADIUS, percent=SHARPEN_PERCENT, threshold=0)
    return grey.filter(mask).convert("RGB")


def incomplete(record: Document) -> bool:
    """Whether ``record`` misses any of its fields."""
    return any(not field.found for _, field in record.fields())


def _evidence(record: Document) -> float:
    return sum(field.confidence for _, field in record.fields())


def better_of(record: Document, read_sharpened: Callable[[], Document | None]) -> tuple[Document, bool]:
    """``record``, or the record of ``read_sharpened()`` when it holds more evidence (it then
    carries :data:`NOTE` in its warnings); the flag says which was kept. ``None`` (the second
    read failed) keeps ``record``."""
    second = read_sharpened()
    if second is None or _evidence(second) <= _evidence(record):
        return record, False
    second.warnings.append(NOTE)
    return second, True
