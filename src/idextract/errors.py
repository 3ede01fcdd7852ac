"""One exception tree for everything idextract raises.

::

    IdextractError
     +-- InputError (also ValueError)         the image input was missing, of the wrong type,
     |    |                                   unreadable or too large; ``.code`` names the problem
     |    +-- ImageNotFoundError (also FileNotFoundError)
     |    +-- UnknownDocumentTypeError        a document type no installed package registers
     +-- OcrError                             an OCR backend failed
     |    +-- OcrUnavailableError             the backend is not installed (or configured) here
     |    +-- APIError                        an OCR service failed; ``.status``, ``.code``,
     |         |                              ``.param``, ``.type``, ``.request_id``, ``.body``
     |         +-- APIConnectionError         no answer: refused, reset, DNS, TLS
     |         |    +-- APITimeoutError       no answer within the (connect, read) timeout
     |         +-- APIResponseError           a 2xx answer that is not the documented shape
     |         +-- APIStatusError             an error status (4xx, 5xx)
     |              +-- BadRequestError           400 (and 422): ``.code`` says what, e.g.
     |              |                             ``invalid_base64_format``, ``model_not_found``
     |              +-- AuthenticationError       401: missing or wrong API key
     |              +-- PaymentRequiredError      402: the account's balance is exhausted
     |              +-- PermissionDeniedError     403
     |              +-- NotFoundError             404
     |              +-- RateLimitError            429: ``.retry_after`` (seconds) when given
     |              +-- InternalServerError       >= 500 (the hosted API answers bad input
     |                                            with 500 too)
     +-- SpecError                            a shipped data file (parsers/*.toml) is broken

Parsers never raise on odd text: junk gives a record with empty fields and a warning.
Messages name the problem, never the content of an image or a personal value.

``InputError.code`` uses the vocabulary of the hosted OCR API's error codes
(``parameter_missing``, ``invalid_parameter_type``, ``invalid_parameter``,
``unsupported_image``, ``image_too_large`` ...), so a caller can branch on it whatever the
engine. :class:`APIError` carries the service's own code in ``.code`` (the body's
``error.code``, more specific than the status): ``exc.code == "invalid_base64_format"``.

API errors never carry the API key: not in the message, not in ``repr``, not in any attribute
(the client redacts a key the server echoes back before the message is built).
"""

from __future__ import annotations

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "IdextractError",
    "ImageNotFoundError",
    "InputError",
    "InternalServerError",
    "NotFoundError",
    "OcrError",
    "OcrUnavailableError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "SpecError",
    "UnknownDocumentTypeError",
    "one_line",
    "scrub",
]


class IdextractError(Exception):
    """Base of every exception raised by idextract.

    The message is kept to one printable line: control characters (newlines, ANSI escapes) are
    shown escaped, so a message can go to a terminal or a log line as it is.

    >>> str(IdextractError("bad\\n\\x1b[31minput"))
    'bad\\\\n\\\\x1b[31minput'
    """

    def __init__(self, *args: object) -> None:
        if len(args) == 1 and isinstance(args[0], str):
            args = (one_line(args[0]),)
        super().__init__(*args)


def one_line(text: str) -> str:
    """``text`` with control, format and surrogate characters escaped (``\\n``, ``\\x1b``)."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
        for ch in text
    )


def scrub(exc: BaseException) -> BaseException:
    """``exc`` with the contexts its chain suppressed (``raise ... from None``) dropped.

    ``from None`` only hides the exception being handled from tracebacks: it stays in
    ``__context__``, where an error reporter walking the chain finds the message it carries
    (an ``OSError`` with the path, a decoder's error with the URL). Called on the way out of the
    public functions, so the chain holds only what was chained on purpose.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.__suppress_context__:
            current.__context__ = None
        current = current.__cause__ or current.__context__
    return exc


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


class UnknownDocumentTypeError(InputError):
    """A document type that no installed package registers (see :mod:`idextract.doctypes`);
    the message names the known ones. ``code`` is ``invalid_parameter``, ``param`` ``doc_type``."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="invalid_parameter", param="doc_type")


class OcrError(IdextractError):
    """An OCR backend could not produce text."""


class OcrUnavailableError(OcrError):
    """The OCR backend asked for is not installed here (an optional extra), or lacks its
    configuration (a hosted API without an API key)."""


class APIError(OcrError):
    """An OCR service (hosted API, self-hosted server) failed.

    ``status`` is the HTTP status (``None`` when no answer came), ``code``/``param``/``type``
    the body's ``error.code``/``error.param``/``error.type`` when it gave them, ``request_id``
    the service's id of the request (quote it to the provider), ``body`` the parsed error body
    (``None`` when it was not JSON), ``attempts`` how many requests were made in all.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        param: str | None = None,
        type: str | None = None,  # noqa: A002 - the providers' field name
        request_id: str | None = None,
        body: object = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.message = str(self)
        self.status = status
        self.code = code
        self.param = param
        self.type = type
        self.request_id = request_id
        self.body = body
        self.attempts = attempts

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{k}={v!r}" for k, v in (("status", self.status), ("code", self.code), ("request_id", self.request_id))
            if v is not None
        )
        return f"{type(self).__name__}({self.message!r}{', ' if fields else ''}{fields})"


class APIConnectionError(APIError):
    """No answer from the service: connection refused or reset, DNS, TLS."""


class APITimeoutError(APIConnectionError):
    """The service did not answer within the (connect, read) timeout."""


class APIResponseError(APIError):
    """The service answered 2xx, but not with the documented shape (e.g. malformed JSON)."""


class APIStatusError(APIError):
    """The service answered with an error status; the subclass names the status."""


class BadRequestError(APIStatusError):
    """400 (or 422): the request was refused; ``code`` names the problem."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or wrong."""


class PaymentRequiredError(APIStatusError):
    """402: the account's balance is exhausted."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not use this model or endpoint."""


class NotFoundError(APIStatusError):
    """404: wrong base URL, endpoint or model."""


class RateLimitError(APIStatusError):
    """429: too many requests; ``retry_after`` is the wait the service asked for, in seconds."""

    retry_after: float | None = None


class InternalServerError(APIStatusError):
    """>= 500: the service failed (or, on the hosted API, rejected the input with a 500)."""


class SpecError(IdextractError):
    """A document spec shipped with idextract failed to load; the message names file and key."""
