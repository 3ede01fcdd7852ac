"""Errors as the hosted OCR API answers them: ``{"error": {"message", "type", "param", "code"}}``.

Every failure a client can see goes through :class:`ServiceError`: the library's
:class:`~idextract.errors.InputError` codes are kept one to one (``invalid_base64_format`` stays
``invalid_base64_format``), and the server adds its own (``invalid_api_key``,
``payload_too_large``, ``server_overloaded``, ``timeout``, ``rate_limit_exceeded``...). Messages
are the library's (which never quote image content, personal values or a URL's path and query)
or fixed strings written here.

No FastAPI import: the worker processes and the ASGI middlewares use this module too.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError

__all__ = ["INPUT_STATUS", "ServiceError", "error_body", "from_input_error"]

# HTTP status of each InputError code. 400 for everything the caller got wrong; a download the
# server could not make is the image host's failure, reported as 400 too, as the hosted API does
# (its codes are all 400-class), so that clients do not retry it blindly.
INPUT_STATUS: dict[str, int] = {
    "parameter_missing": 400,
    "invalid_parameter": 400,
    "invalid_parameter_type": 400,
    "invalid_url_format": 400,
    "invalid_url_protocol": 400,
    "invalid_base64_format": 400,
    "unsupported_image": 400,
    "unsupported_capability": 400,
    "model_not_found": 400,
    "image_too_large": 400,
    "url_not_allowed": 400,
    "download_failed": 400,
}


@dataclass
class ServiceError(Exception):
    """An error answer: status, code, message, and the headers it needs (``Retry-After``)."""

    status: int
    code: str
    message: str
    param: str | None = None
    type: str = "invalid_request_error"
    headers: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def body(self) -> bytes:
        return error_body(self.message, code=self.code, param=self.param, type=self.type, details=self.details)

    @classmethod
    def overloaded(cls, retry_after: float, message: str = "the server is busy; retry later") -> ServiceError:
        seconds = retry_seconds(retry_after)
        return cls(503, "server_overloaded", message, type="server_error", headers={"Retry-After": str(seconds)},
                   details={"retry_after": seconds})

    @classmethod
    def timeout(cls, seconds: float) -> ServiceError:
        return cls(504, "timeout", f"the request did not finish within its {seconds:g} s deadline",
                   type="server_error")

    @classmethod
    def internal(cls, what: str = "the server failed to read the image") -> ServiceError:
        return cls(500, "internal_error", what, type="server_error")


def retry_seconds(value: float) -> int:
    """``Retry-After`` is whole seconds (RFC 9110), at least 1."""
    return max(1, math.ceil(value))


def error_body(message: str, *, code: str, param: str | None = None, type: str = "invalid_request_error",  # noqa: A002
               details: dict[str, Any] | None = None) -> bytes:
    error: dict[str, Any] = {"message": message, "type": type, "param": param, "code": code}
    if details:
        error["details"] = details
    return json.dumps({"error": error}, ensure_ascii=False).encode("utf-8")


def from_input_error(exc: InputError) -> ServiceError:
    """The answer for a library :class:`InputError`: its code, param and message as they are."""
    code = exc.code if isinstance(exc.code, str) else "invalid_parameter"
    return ServiceError(INPUT_STATUS.get(code, 400), code, str(exc), param=exc.param)
