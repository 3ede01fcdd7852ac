"""An OCR service's error answer as one of the exceptions of :mod:`idextract.errors`.

What :class:`~idextract.ocr._http.HttpClient` raises for a status it does not accept: the class
for the status, the service's code, param, type and message from whichever error shape it uses,
the wait it asked for (``Retry-After``, ``retry-after-ms``, ``error.details.retry_after``), and
the API key redacted from anything the server echoed back. Kept apart from the client because
it reads only the answer (status, headers, body), never the connection or the retry loop.
"""

from __future__ import annotations

import email.utils
import json
import time
from typing import Any

from ..errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
)

__all__ = ["redact", "status_error"]

# The longest server message quoted in an exception: enough to say what, never a whole page.
_MAX_MESSAGE = 300
_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: BadRequestError,
    429: RateLimitError,
}


def redact(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` replaced (and nothing else changed)."""
    if secret and secret in text:
        return text.replace(secret, "[redacted]")
    return text


def status_error(
    status: int, body: Any, raw: bytes, headers: Any, request_id: str | None, *, service: str, api_key: str | None
) -> APIStatusError:
    """The exception for an answer with ``status``: ``body`` is its parsed JSON (None when it is
    not JSON), ``raw`` its bytes; ``api_key`` is redacted from the message and the body kept."""
    message, code, param, etype, retry_after = _error_fields(body)
    if message is None and body is None:
        text = raw.decode("utf-8", "replace").strip()
        message = " ".join(text.split()) or None
    message = redact(message, api_key) if message else None
    if message and len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 3] + "..."
    cls = _STATUS_CLASSES.get(status, InternalServerError if status >= 500 else APIStatusError)
    what = f"{service}: HTTP {status}"
    if code:
        what += f" ({code})"
    err = cls(
        f"{what}: {message}" if message else what,
        status=status,
        code=code,
        param=param,
        type=etype,
        request_id=request_id,
        body=_redact_body(body, api_key),
    )
    header_wait = _retry_after_header(headers)
    wait = header_wait if header_wait is not None else retry_after
    if isinstance(err, RateLimitError) or wait is not None:
        err.retry_after = wait  # type: ignore[attr-defined]
    return err


def _error_fields(body: Any) -> tuple[str | None, str | None, str | None, str | None, float | None]:
    """(message, code, param, type, retry_after) from the error shapes the services use:
    ``{"error": {...}}``, ``{"error": "text"}``, the flat ``{"object": "error", "message": ...}``
    of older vLLM, and FastAPI's ``{"detail": ...}``."""
    if not isinstance(body, dict):
        return None, None, None, None, None
    err = body.get("error")
    if isinstance(err, str):
        return err, None, None, None, None
    src: dict[str, Any] = err if isinstance(err, dict) else body
    message = src.get("message")
    if message is None and "detail" in body:
        detail = body["detail"]
        message = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
    code = src.get("code")
    param = src.get("param")
    etype = src.get("type")
    retry_after = None
    details = src.get("details")
    if isinstance(details, dict):
        retry_after = _seconds(details.get("retry_after"))
    return (
        None if message is None else str(message),
        code if isinstance(code, str) and code else None,  # vLLM puts the status there: not a code
        param if isinstance(param, str) and param else None,
        etype if isinstance(etype, str) and etype else None,
        retry_after,
    )


def _redact_body(body: Any, secret: str | None) -> Any:
    if body is None or not secret:
        return body
    text = json.dumps(body, ensure_ascii=False)
    if secret not in text:
        return body
    return json.loads(redact(text, secret))


def _seconds(value: Any) -> float | None:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 and seconds == seconds else None  # NaN is not a wait


def _retry_after_header(headers: Any) -> float | None:
    """``retry-after-ms`` (OpenAI), else ``Retry-After`` in seconds or as an HTTP date."""
    ms = _seconds(headers.get("retry-after-ms"))
    if ms is not None:
        return ms / 1000.0
    value = headers.get("retry-after")
    if not value:
        return None
    seconds = _seconds(value)
    if seconds is not None:
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())
