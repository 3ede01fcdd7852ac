"""The HTTP client shared by the OCR services: one session, timeouts, retries, error mapping.

What it does, and why (practice of requests, urllib3 and the official OpenAI/Anthropic SDKs;
see ``shared/reference/ocr-backends.md``):

- always a (connect, read) timeout: requests has none by default and would wait forever;
- our own retry loop: urllib3's ``Retry`` does not retry a POST on a status;
- retried: connection errors, timeouts, 408, 409, 429, 502, 503, 504, with exponential backoff
  ``min(base * 2**n, max)`` plus up to 25 % jitter, or the wait the server asked for
  (``Retry-After``, ``retry-after-ms``, ``error.details.retry_after``), capped;
- any other status >= 500 retried at most once: the hosted API turns bad input into a
  deterministic 500, and a paid request should not be repeated for nothing;
- never retried: other 4xx, and a 2xx whose body is not JSON;
- statuses mapped to the classes of :mod:`idextract.errors`, carrying status, code, param,
  type, request id and the parsed body;
- the API key never leaves the ``Authorization`` header: not in logs, reprs, or messages (a key
  the server echoes back is redacted before the message is built);
- ``X-Guard`` is never sent, even when an injected session carries it (the hosted API's PII
  redaction can blank a KTP's NIK).

How an error answer becomes an exception (its fields, the wait it asks for, the key redacted)
is :mod:`idextract.ocr._http_errors`.
"""

from __future__ import annotations

import json
import logging
import random
import time
from dataclasses import dataclass
from typing import Any, TypeVar

import requests

from ..errors import (
    APIConnectionError,
    APIError,
    APIResponseError,
    APITimeoutError,
)
from ._http_errors import redact, status_error

_B = TypeVar("_B", bound="HttpBackend")

__all__ = ["HttpBackend", "HttpClient", "JsonResponse", "Timeout", "encode_image", "redact"]

log = logging.getLogger(__name__)

Timeout = float | tuple[float, float]

#: Statuses retried up to ``max_retries`` times.
RETRY_STATUSES = frozenset({408, 409, 429, 502, 503, 504})
#: Headers that carry the service's id of a request, in order of preference.
REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "cf-ray")
_JITTER = 0.25

try:
    from importlib.metadata import version as _version

    _USER_AGENT = f"idextract/{_version('idextract')}"
except Exception:  # noqa: BLE001 - not installed as a distribution (a source checkout)
    _USER_AGENT = "idextract"


class HttpBackend:
    """What the HTTP backends share: their client's base URL, closing, use as a context manager."""

    _http: HttpClient

    @property
    def base_url(self) -> str:
        return self._http.base_url

    def close(self) -> None:
        """Close the HTTP session (unless it was injected)."""
        self._http.close()

    def __enter__(self: _B) -> _B:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class JsonResponse:
    """A successful answer: its parsed body and what the caller keeps on the OcrResult."""

    body: Any
    status: int
    request_id: str | None
    attempts: int
    seconds: float


class HttpClient:
    """POSTs JSON to one service with the retry and error policy above.

    ``session`` may be injected (tests, connection pools, proxies); a session created here is
    closed by :meth:`close`, an injected one is left to its owner.
    """

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        timeout: Timeout,
        max_retries: int,
        session: requests.Session | None,
        backoff_base: float,
        backoff_max: float,
        retry_after_max: float,
        service: str,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if backoff_base < 0 or backoff_max < 0 or retry_after_max < 0:
            raise ValueError("backoff_base, backoff_max and retry_after_max must be >= 0")
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key or None
        self.timeout = timeout
        self.max_retries = max_retries
        self._own_session = session is None
        self.session = session if session is not None else requests.Session()
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.retry_after_max = retry_after_max
        self.service = service

    def __repr__(self) -> str:
        return f"HttpClient(base_url={self.base_url!r}, service={self.service!r})"

    def close(self) -> None:
        if self._own_session:
            self.session.close()

    def _headers(self) -> dict[str, str | None]:
        headers: dict[str, str | None] = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "User-Agent": _USER_AGENT,
            # None removes a header that the session would otherwise merge in.
            "X-Guard": None,
        }
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def post_json(self, path: str, body: dict[str, Any]) -> JsonResponse:
        """POST ``body`` to ``base_url + path``; the parsed JSON answer, or an :class:`APIError`."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        start = time.perf_counter()
        attempt = 0  # retries done so far
        server_errors = 0  # 500-like answers seen: retried at most once
        while True:
            error, response = self._attempt(url, data, attempt + 1)
            if response is not None:
                seconds = time.perf_counter() - start
                return JsonResponse(
                    body=response[0],
                    status=response[1],
                    request_id=response[2],
                    attempts=attempt + 1,
                    seconds=round(seconds, 3),
                )
            assert error is not None
            error.attempts = attempt + 1
            retry = attempt < self.max_retries and self._retryable(error, server_errors)
            if error.status is not None and error.status >= 500 and error.status not in RETRY_STATUSES:
                server_errors += 1
            if not retry:
                raise error
            delay = self._delay(attempt, error)
            log.warning(
                "%s: %s; retry %d of %d in %.1f s",
                self.service,
                _short_reason(error),
                attempt + 1,
                self.max_retries,
                delay,
            )
            time.sleep(delay)
            attempt += 1

    # --- one request ---------------------------------------------------------------------------

    def _attempt(
        self, url: str, data: bytes, number: int
    ) -> tuple[APIError | None, tuple[Any, int, str | None] | None]:
        t0 = time.perf_counter()
        try:
            resp = self.session.post(url, data=data, headers=self._headers(), timeout=self.timeout)
        except requests.Timeout as exc:
            log.debug("%s: POST %s timed out (attempt %d)", self.service, url, number)
            return APITimeoutError(
                f"{self.service}: no answer within the timeout {self.timeout!r} ({type(exc).__name__})"
            ), None
        except requests.ConnectionError as exc:
            log.debug("%s: POST %s failed to connect (attempt %d)", self.service, url, number)
            return APIConnectionError(f"{self.service}: cannot reach {self.base_url} ({type(exc).__name__})"), None
        except requests.RequestException as exc:
            # Invalid URL, too many redirects...: a setup problem, not worth retrying.
            err = APIConnectionError(f"{self.service}: the request to {self.base_url} failed ({type(exc).__name__})")
            err.status = None
            raise err from exc
        with resp:
            raw = resp.content
            status = resp.status_code
            headers = resp.headers
        request_id = next((headers[h] for h in REQUEST_ID_HEADERS if headers.get(h)), None)
        log.debug(
            "%s: POST %s -> %d in %.2f s (attempt %d, %d bytes)",
            self.service, url, status, time.perf_counter() - t0, number, len(raw),
        )
        parsed, is_json = _parse_json(raw)
        if 200 <= status < 300:
            if not is_json:
                return APIResponseError(
                    f"{self.service}: the answer ({status}) is not valid JSON",
                    status=status,
                    request_id=request_id,
                ), None
            return None, (parsed, status, request_id)
        return status_error(status, parsed if is_json else None, raw, headers, request_id, service=self.service,
                            api_key=self._api_key), None

    # --- policy --------------------------------------------------------------------------------

    @staticmethod
    def _retryable(error: APIError, server_errors: int) -> bool:
        if isinstance(error, APIConnectionError):  # includes timeouts
            return True
        status = error.status
        if status is None or isinstance(error, APIResponseError):
            return False
        if status in RETRY_STATUSES:
            return True
        return status >= 500 and server_errors == 0

    def _delay(self, attempt: int, error: APIError) -> float:
        wait = getattr(error, "retry_after", None)
        if wait is not None and wait >= 0:
            return min(float(wait), self.retry_after_max)
        base = min(self.backoff_base * 2.0**attempt, self.backoff_max)
        return base + random.uniform(0.0, _JITTER * base)  # noqa: S311 - jitter, not crypto


# --- parsing helpers ----------------------------------------------------------------------------


def _parse_json(raw: bytes) -> tuple[Any, bool]:
    if not raw.strip():
        return None, False
    try:
        return json.loads(raw), True
    except (ValueError, UnicodeDecodeError):
        return None, False


def _short_reason(error: APIError) -> str:
    if error.status is None:
        return type(error).__name__
    return f"HTTP {error.status}" + (f" ({error.code})" if error.code else "")


def encode_image(image: Any, *, image_format: str, max_side: int | None, jpeg_quality: int) -> tuple[str, str]:
    """``image`` (upright RGB PIL image) as (base64 text, MIME type), downscaled to ``max_side``.

    Raises :class:`~idextract.errors.InputError` (``image_too_large``) when the encoded image is
    over the hosted API's 20 MB upload limit.
    """
    import base64
    import io

    from ..errors import InputError
    from ..images import DEFAULT_MAX_BYTES, fit_for_ocr, to_png_bytes

    if max_side:
        image, _ = fit_for_ocr(image, max_side)
    fmt = image_format.upper()
    if fmt == "PNG":
        data, mime = to_png_bytes(image), "image/png"
    elif fmt in ("JPEG", "JPG"):
        buf = io.BytesIO()
        image.convert("RGB").save(buf, format="JPEG", quality=jpeg_quality)
        data, mime = buf.getvalue(), "image/jpeg"
    else:
        raise ValueError(f"image_format must be 'PNG' or 'JPEG', not {image_format!r}")
    if len(data) > DEFAULT_MAX_BYTES:
        raise InputError(
            f"the encoded image is larger than {DEFAULT_MAX_BYTES} bytes; send a smaller image",
            code="image_too_large",
        )
    return base64.b64encode(data).decode("ascii"), mime
