"""One exception tree for everything idextract raises.

::

    IdextractError
     +-- InputError (also ValueError)         the image input was missing, of the wrong type,
     |    |                                   unreadable or too large; ``.code`` names the problem
     |    +-- ImageNotFoundError (also FileNotFoundError)
     +-- OcrError                             an OCR backend failed
     |    +-- OcrUnavailableError             the backend is not installed on this machine
     +-- SpecError                            a shipped data file (parsers/*.toml) is broken

Parsers never raise on odd text: junk gives a record with empty fields and a warning.
Messages name the problem, never the content of an image or a personal value.

``InputError.code`` uses the vocabulary of the hosted OCR API's error codes
(``parameter_missing``, ``invalid_parameter_type``, ``invalid_parameter``,
``unsupported_image``, ``image_too_large`` ...), so a caller can branch on it whatever the
engine.
"""

from __future__ import annotations

__all__ = [
    "IdextractError",
    "ImageNotFoundError",
    "InputError",
    "OcrError",
    "OcrUnavailableError",
    "SpecError",
]


class IdextractError(Exception):
    """Base of every exception raised by idextract."""


class InputError(IdextractError, ValueError):
    """The image input cannot be used; ``code`` says why in a stable, machine-readable word."""

    def __init__(self, message: str, *, code: str = "invalid_parameter", param: str | None = "image") -> None:
        super().__init__(message)
        self.code = code
        self.param = param


class ImageNotFoundError(InputError, FileNotFoundError):
    """A path given as the image does not exist."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="invalid_parameter")


class OcrError(IdextractError):
    """An OCR backend could not produce text."""


class OcrUnavailableError(OcrError):
    """The OCR backend asked for is not installed here (an optional extra)."""


class SpecError(IdextractError):
    """A document spec shipped with idextract failed to load; the message names file and key."""
