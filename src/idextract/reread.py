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

A closer look (:func:`closer_look`) reads a few rows again, each on its own crop: thermal print
fades at the edge of the paper, and where the first characters of a row are faint the detector
starts the row's box after them (``.08.22-22:01/...`` for ``10.08.22-22:01/...``: the date lost
its day). The crop reaches left from the box to the row's previous word or the edge of the page,
at twice the scale, and the recogniser alone reads it. A document type names the rows
(``DocumentType.reread_rows``: the receipt's time row when its date is missing or unsure); a
value the second look changed is capped at :data:`CLOSER_CAP` with :data:`CLOSER_NOTE`. On the
andre photos (``score.py ... --mode image``) it found 3 dates of 7 missed or wrong, one of them
wrong (a faint ``06`` read ``08``): 2 right of 3, hence the cap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PIL import Image, ImageFilter, ImageOps

from .records import Box, Document, OcrResult, OcrWord

__all__ = ["CLOSER_CAP", "CLOSER_NOTE", "ReadLine", "better_of", "closer_look", "incomplete", "mark_closer",
           "sharpened"]

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


#: A value a closer look changed is no surer than this (2 of 3 right on the andre photos).
CLOSER_CAP = 0.7
CLOSER_NOTE = "its row was read again on a closer crop (its start was faint): the value changed"
# How far left of a row's box the crop reaches, in row heights, when no word stands before it;
# the scale of the crop (the recogniser's input is 48 px high: a 25 px row gains from 2x); the
# margin above and below, in row heights; and the most rows one record may have read again.
_REACH = 4.0
_SCALE = 2
_PAD = 0.12
_MOST_ROWS = 4
# A row's crop no taller and no wider than this (px of the picture read): a taller box is no line
# of text (a hostile engine's or picture's), and either bounds the memory the crop takes.
_MAX_ROW_HEIGHT = 200
_MAX_ROW_WIDTH = 4000
# A second read of as many characters replaces the first only with a clearly higher score.
_CLEARER = 0.01
# The first read's opening characters that must recur later in a second read that found more.
_HEAD = 6

#: An engine's ``read_line``: one line's crop in, its text and score out (None: nothing read).
ReadLine = Callable[[Image.Image], tuple[str, float] | None]


def closer_look(result: OcrResult, boxes: Sequence[Box], read_line: ReadLine, picture: Image.Image,
                factor: float = 1.0) -> tuple[OcrResult, list[Box]]:
    """``result`` with the words inside ``boxes`` read again, each on its own crop of ``picture``
    (``result``'s boxes are ``factor`` times the picture's pixels), and the boxes of the words
    whose text changed. A second read replaces the first when it found characters before the
    first's start (the first's opening recurs later in it), or read as many characters with a
    clearly higher score; otherwise the first stands."""
    words = list(result.words)
    chosen = [i for i, word in enumerate(words) if word.box is not None and any(_inside(word.box, b) for b in boxes)]
    changed: list[Box] = []
    for i in chosen[:_MOST_ROWS]:
        word = words[i]
        crop_box = _crop_box(word, words, factor)
        if crop_box is None:
            continue
        crop = picture.crop(crop_box)
        second = read_line(crop.resize((crop.width * _SCALE, crop.height * _SCALE), Image.Resampling.LANCZOS))
        if second is None or not _better(word, *second):
            continue
        box = Box(*(round(v * factor, 1) for v in crop_box))
        words[i] = OcrWord(text=second[0], box=box, confidence=min(max(second[1], 0.0), 1.0), slope=word.slope)
        changed.append(box)
    if not changed:
        return result, []
    return result.model_copy(update={"words": words}), changed


def mark_closer(first: Document, second: Document, changed: Sequence[Box]) -> Document:
    """``second`` (read after :func:`closer_look` changed the rows ``changed``) with every value
    that differs from ``first``'s and comes from a changed row capped at :data:`CLOSER_CAP`."""
    for name, field in second.fields():
        before = getattr(first, name)
        if field.found and field.value != before.value and field.box is not None \
                and any(_overlaps(field.box, box) for box in changed):
            field.confidence = min(field.confidence, CLOSER_CAP)
            field.notes.append(CLOSER_NOTE)
    return second


def _crop_box(word: OcrWord, words: Sequence[OcrWord], factor: float) -> tuple[int, int, int, int] | None:
    """The crop of ``word``'s row, in the picture's pixels: from the end of the row's previous
    word (or :data:`_REACH` row heights left, or the page's edge) to the word's end."""
    assert word.box is not None
    x0, y0, x1, y1 = (v / factor for v in word.box)
    height = y1 - y0
    if not 0 < height <= _MAX_ROW_HEIGHT or x1 <= x0 or x1 - x0 > _MAX_ROW_WIDTH:
        return None
    left = max(0.0, x0 - _REACH * height)
    for other in words:
        ob = other.box
        if other is word or ob is None:
            continue
        before = ob.x1 / factor <= x0 + 1
        same_row = min(y1, ob.y1 / factor) - max(y0, ob.y0 / factor) >= height / 2
        if before and same_row:
            left = max(left, ob.x1 / factor + 1)
    pad = _PAD * height
    return (int(left), int(max(0.0, y0 - pad)), int(round(x1)), int(round(y1 + pad)))


def _better(word: OcrWord, text: str, score: float) -> bool:
    """Whether a second read (``text`` at ``score``) of ``word``'s row replaces the first (see
    :func:`closer_look`)."""
    first = word.text.strip()
    text = text.strip()
    if not text or text == first or not first:
        return False
    head = first[:_HEAD]
    at = text.find(head)
    if at > 0 and text[:at].strip():
        return True
    return len(text) == len(first) and score > (word.confidence or 0.0) + _CLEARER


def _inside(box: Box, region: Box) -> bool:
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    return region.x0 <= cx <= region.x1 and region.y0 <= cy <= region.y1


def _overlaps(a: Box, b: Box) -> bool:
    return min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.y1, b.y1) > max(a.y0, b.y0)
