"""What every OCR backend returns, and the interface it implements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from ..records import Box

if TYPE_CHECKING:
    from PIL import Image

    from ..layout import Row

__all__ = ["OcrBackend", "OcrResult", "OcrWord"]


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
        from ..layout import group_rows  # layout imports this module: import at call time

        return group_rows(self.words)

    @property
    def text(self) -> str:
        """The rows joined by newlines."""
        return "\n".join(row.text for row in self.rows())


@runtime_checkable
class OcrBackend(Protocol):
    """An OCR engine: an upright RGB picture in, an :class:`OcrResult` out.

    ``name`` is the registry key; ``is_available()`` tells, without loading any model, whether the
    engine can run here.
    """

    name: str

    @classmethod
    def is_available(cls) -> bool: ...

    def ocr(self, image: Image.Image) -> OcrResult: ...
