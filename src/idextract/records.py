"""The shape of every record idextract returns.

Every field of a document is an :class:`Extracted` value: what was read, how sure we are
(``confidence``, meant as the probability that ``value`` is right), the text it came from, where
it sits in the image and why its confidence is what it is. A field that was not found is
``Extracted()`` (``value=None, confidence=0.0``), never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from .layout import Row

__all__ = [
    "Box", "Check", "Document", "Extracted", "OcrResult", "OcrWord", "PersonalDocument", "Polygon", "cut_polygon",
    "hull",
]

T = TypeVar("T")

#: A text region's outline in pixels of the input image: ``((x, y), ...)``, dumped as
#: ``[[x, y], ...]``. An engine's quad is 4 points in reading order (top-left, top-right,
#: bottom-right, bottom-left of the text as read), so it follows a tilted line where a box cannot.
Polygon = tuple[tuple[float, float], ...]


class Box(NamedTuple):
    """An axis-aligned box ``(x0, y0, x1, y1)`` in pixels of the input image.

    A NamedTuple so that it loads from and dumps to the plain ``[x0, y0, x1, y1]`` lists of
    OCR JSON files.
    """

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @staticmethod
    def union(boxes: Any) -> Box | None:
        """The smallest box holding every box given (``None`` entries ignored)."""
        real = [b for b in boxes if b is not None]
        if not real:
            return None
        x0, y0, x1, y1 = zip(*real)  # each coordinate's values, in the boxes' order (no generators)
        return Box(min(x0), min(y0), max(x1), max(y1))


def cut_polygon(quad: Polygon, start: float, end: float) -> Polygon:
    """The part of a text run's ``quad`` between the fractions ``start`` and ``end`` (0..1) of
    its length, measured along the reading direction (its top and bottom edges).

    >>> cut_polygon(((0, 0), (100, 10), (100, 30), (0, 20)), 0.5, 1.0)
    ((50.0, 5.0), (100.0, 10.0), (100.0, 30.0), (50.0, 25.0))
    """
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = quad[:4]

    def at(px: float, py: float, qx: float, qy: float, t: float) -> tuple[float, float]:
        return round(px + (qx - px) * t, 1), round(py + (qy - py) * t, 1)

    return at(ax, ay, bx, by, start), at(ax, ay, bx, by, end), at(dx, dy, cx, cy, end), at(dx, dy, cx, cy, start)


def hull(points: Any) -> Polygon | None:
    """The convex hull of ``points`` (Andrew's monotone chain), clockwise on screen (y down)
    from the top-left-most point; ``None`` for fewer than 3 distinct points."""
    pts = sorted({(float(x), float(y)) for x, y in points})
    if len(pts) < 3:
        return None

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    def chain(seq: list[tuple[float, float]]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for p in seq:
            while len(out) >= 2 and cross(out[-2], out[-1], p) >= 0:
                out.pop()
            out.append(p)
        return out

    # The chain runs counter-clockwise on screen (y points down): reversed, it runs like a quad.
    ring = (chain(pts)[:-1] + chain(pts[::-1])[:-1])[::-1]
    if len(ring) < 3:
        return None
    first = min(range(len(ring)), key=lambda i: (ring[i][0] + ring[i][1], ring[i][1]))
    return tuple(ring[first:] + ring[:first])


class Extracted(BaseModel, Generic[T]):
    """One field of a document, with its provenance."""

    model_config = ConfigDict(frozen=False)

    value: T | None = None
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    raw: str | None = None
    box: Box | None = None
    # The value's outline (its share of the words' quads, the label left out): None when the
    # engine gives no quads (text, word boxes) or the value was not read from one text line.
    polygon: Polygon | None = None
    line: int | None = None
    notes: list[str] = Field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.value is not None


def field() -> Any:
    """A record field that starts not found: ``name: Extracted[str] = field()``.

    The same as ``Field(default_factory=Extracted)`` (the same schema), typed ``Any`` so that
    it can stand as the default of any ``Extracted[...]`` annotation.
    """
    return Field(default_factory=Extracted)


class Check(BaseModel):
    """A consistency check a reviewer would make by eye.

    ``pass``, ``fail``, ``skip`` (could not be made), or ``warn``: a disagreement that has an
    innocent explanation (a NIK issued in another province than the one printed today).
    """

    name: str
    status: Literal["pass", "fail", "warn", "skip"]
    detail: str = ""


class Document(BaseModel):
    """Base of every record: checks, warnings, where the text came from, the annotated image.

    ``model_dump()`` / ``model_dump_json()`` leave out ``annotated_image`` (PNG bytes): store
    it separately with :meth:`save_annotated` when you need it.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    doc_type: str
    engine: str | None = None
    image_size: tuple[int, int] | None = None
    checks: list[Check] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    annotated_image: bytes | None = Field(default=None, exclude=True, repr=False)

    def fields(self) -> Iterator[tuple[str, Extracted[Any]]]:
        """Every top-level ``Extracted`` field, as ``(name, field)``, in declaration order."""
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, Extracted):
                yield name, value

    def check(self, name: str) -> Check | None:
        """The check called ``name``, if it was made."""
        return next((c for c in self.checks if c.name == name), None)

    def save_annotated(self, path: str | PathLike[str]) -> Path:
        """Write the annotated PNG to ``path``; raises ``ValueError`` when there is none."""
        if self.annotated_image is None:
            raise ValueError("this record has no annotated image (it was parsed from text, not a picture)")
        out = Path(path)
        out.write_bytes(self.annotated_image)
        return out


class PersonalDocument(Document):
    """A record holding personal data (a name, an identity number): ``repr()`` and ``str()`` show
    each field named in ``personal_fields`` masked by its function (``raw`` dropped), so a record
    printed in a log or a traceback shows no personal value.

    ``personal_fields`` (field name -> mask function) is declared once, on the record class; its
    document type (:class:`idextract.doctypes.DocumentType`) reads it from there for the annotated
    image and the CLI.
    """

    personal_fields: ClassVar[Mapping[str, Callable[[str], str]]] = {}

    def __repr_args__(self) -> Any:
        masks = type(self).personal_fields
        for key, value in super().__repr_args__():
            if key is not None and key in masks and isinstance(value, Extracted) and value.value is not None:
                yield key, value.model_copy(update={"value": masks[key](str(value.value)), "raw": None})
            else:
                yield key, value

    def __str__(self) -> str:
        return self.__repr__()


# --- what OCR gives: the input of every parser ---------------------------------------------------


class OcrWord(BaseModel):
    """A run of text as the engine returned it: a word, a phrase or a whole line.

    ``box`` is ``None`` when the engine gives no geometry (plain text, LLM transcripts); such a
    word is then a whole line, in reading order.
    """

    model_config = ConfigDict(extra="ignore")

    text: str
    box: Box | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    # The text line's tilt (dy/dx) where the engine measured it (oriented boxes): axis-aligned
    # boxes lose it, and layout needs it to keep a tilted row together.
    slope: float | None = None
    # The engine's quad (see :data:`Polygon`), where it gives one: ``box`` is its bounding box.
    polygon: Polygon | None = None


class OcrResult(BaseModel):
    """OCR output: loads the ``ocr.json`` files of the shared datasets exactly as they are."""

    model_config = ConfigDict(extra="ignore")

    engine: str = "unknown"
    image_size: tuple[int, int] | None = None
    words: list[OcrWord] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # Backend extras a caller may want to keep: request id, token usage, timings.
    meta: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def from_text(cls, text: str, *, engine: str = "text") -> OcrResult:
        """Plain text, one line per row, no boxes."""
        words = [OcrWord(text=line) for line in text.splitlines() if line.strip()]
        return cls(engine=engine, words=words)

    def rows(self) -> list[Row]:
        """The text as rows in reading order (see :mod:`idextract.layout`)."""
        from .layout import group_rows  # layout imports this module: import at call time

        return group_rows(self.words)

    @property
    def text(self) -> str:
        """The rows joined by newlines."""
        return "\n".join(row.text for row in self.rows())
