"""The hosted OCR backend: DeepSeek OCR at Neosantara (``POST {base_url}/ocr``).

The request (``shared/reference/ocr-backends.md``, section 1)::

    {"model": "deepseek-ocr", "image": "<base64 or URL>", "image_type": "base64" | "url",
     "return_image": false}

Both documented success shapes are read the same way: ``choices[0].text`` and the flat
``extracted_text``. The text is DeepSeek-OCR's ``Free OCR.`` output: plain lines, markdown, HTML
tables; it has no boxes, so every line becomes one box-less word (see
:mod:`idextract.ocr.markup`), which the parsers read as one row each.

``idextract serve`` answers the same contract with an extension, top-level ``words`` (its
engine's text runs: ``text``, ``box``, ``polygon``, ``confidence``, ``slope``) and ``image_size``:
when both are present and sound they are used as they are (boxes scaled back to the picture when it
was sent downscaled), so the parsers read by position as in-process extraction does; otherwise the
text is read as above.

Latency: 2-5 s, but 10-15 s for the first request after idle (a serverless GPU starting); the
default read timeout of 60 s covers that without a retry. Errors, retries and the API key's
handling are :mod:`idextract.ocr._http`'s: statuses become the exceptions of
:mod:`idextract.errors` with the body's ``error.code`` on ``.code``.

EXIF orientation: the server ignores it, so images are sent as :func:`idextract.images.load_image`
left them (rotated upright). ``X-Guard`` (the provider's PII redaction, which can blank a KTP's
NIK) is never sent.
"""

from __future__ import annotations

import base64
import binascii
import logging
import math
import os
from typing import TYPE_CHECKING, Any

import requests
from pydantic import TypeAdapter, ValidationError

from ..errors import APIResponseError, InputError, OcrUnavailableError
from ..urls import validate_url
from ._http import HttpBackend, HttpClient, JsonResponse, Timeout, encode_image
from .base import OcrResult, OcrWord
from .markup import read_deepseek

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["DEFAULT_BASE_URL", "ENV_API_KEY", "NeosantaraOCR"]

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.neosantara.xyz/v1"
ENV_API_KEY = "NEOSANTARA_API_KEY"
# A bound on the extension's image size: past it the answer is not one of ours.
_MAX_SIDE = 1 << 20


class NeosantaraOCR(HttpBackend):
    """OCR with the hosted DeepSeek OCR API; an :class:`~idextract.ocr.base.OcrBackend`.

    ``api_key`` defaults to ``$NEOSANTARA_API_KEY`` (no key: :class:`OcrUnavailableError`).
    ``timeout`` is (connect, read) in seconds; ``max_retries`` the retries after the first
    request (connection errors, timeouts, 408, 409, 429, 502-504; a 500 once);
    ``backoff_base``/``backoff_max`` shape the exponential backoff and ``retry_after_max`` caps a
    server-requested wait. ``session`` is an injectable ``requests.Session``. With
    ``return_image`` the provider's annotated JPEG is kept as bytes in
    ``result.meta["result_image"]``. Images go as ``image_format`` (``"JPEG"`` at
    ``jpeg_quality``, or ``"PNG"``), downscaled to ``max_side`` on the long side.
    """

    name = "neosantara"
    install_hint = f"set {ENV_API_KEY} or pass api_key=..."

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        model: str = "deepseek-ocr",
        timeout: Timeout = (5.0, 60.0),
        max_retries: int = 2,
        session: requests.Session | None = None,
        return_image: bool = False,
        image_format: str = "JPEG",
        jpeg_quality: int = 92,
        max_side: int | None = 4096,
        backoff_base: float = 0.5,
        backoff_max: float = 8.0,
        retry_after_max: float = 30.0,
    ) -> None:
        key = api_key if api_key is not None else os.environ.get(ENV_API_KEY, "")
        key = key.strip()
        if not key:
            raise OcrUnavailableError(f"the hosted OCR API needs an API key: {self.install_hint}")
        self.model = model
        self.return_image = return_image
        self.image_format = image_format
        self.jpeg_quality = jpeg_quality
        self.max_side = max_side
        self._http = HttpClient(
            base_url=base_url,
            api_key=key,
            timeout=timeout,
            max_retries=max_retries,
            session=session,
            backoff_base=backoff_base,
            backoff_max=backoff_max,
            retry_after_max=retry_after_max,
            service=self.name,
        )

    def __repr__(self) -> str:
        return (
            f"NeosantaraOCR(base_url={self.base_url!r}, model={self.model!r}, api_key='***', "
            f"timeout={self.timeout!r}, max_retries={self.max_retries}, return_image={self.return_image})"
        )


    @property
    def timeout(self) -> Timeout:
        return self._http.timeout

    @property
    def max_retries(self) -> int:
        return self._http.max_retries

    @classmethod
    def is_available(cls) -> bool:
        """Always true: it needs only requests (a core dependency); the API key is checked
        when the client is made."""
        return True

    def ocr(self, image: Image.Image) -> OcrResult:
        """Read ``image`` (upright RGB), sent as base64."""
        data, _ = encode_image(
            image, image_format=self.image_format, max_side=self.max_side, jpeg_quality=self.jpeg_quality
        )
        response = self._post(data, "base64")
        return self._result(response, image.size)

    def ocr_url(self, url: str) -> OcrResult:
        """Read the image at a public http(s) ``url``: the provider fetches it (``image_type: url``).

        Nothing is downloaded here, so ``image_size`` is unknown (``None``) and the provider
        applies no EXIF rotation either: a sideways phone photo is read sideways.
        """
        if not isinstance(url, str):
            raise InputError("the image URL must be a string", code="invalid_parameter_type")
        validate_url(url)  # its messages show scheme and host only: signed URLs carry credentials
        response = self._post(url.strip(), "url")
        return self._result(response, None)

    # --- internals -----------------------------------------------------------------------------

    def _post(self, image: str, image_type: str) -> JsonResponse:
        body = {"model": self.model, "image": image, "image_type": image_type, "return_image": self.return_image}
        return self._http.post_json("ocr", body)

    def _result(self, response: JsonResponse, image_size: tuple[int, int] | None) -> OcrResult:
        body = response.body
        text, finish_reason = _text_of(body)
        if text is None:
            raise APIResponseError(
                f"{self.name}: the answer has no text (neither choices[0].text nor extracted_text)",
                status=response.status,
                request_id=response.request_id,
                attempts=response.attempts,
            )
        assert isinstance(body, dict)
        located = _located_words(body, text, image_size)
        if located is not None:  # `idextract serve` sent its engine's text runs with their boxes
            words, image_size = located
            warnings: list[str] = []
        else:
            reading = read_deepseek(text, image_size, finish_reason=finish_reason)
            words, warnings = reading.words, list(reading.warnings)
        if not words:
            warnings.append("the OCR service found no text in the image")
        meta: dict[str, Any] = {
            "id": body.get("id"),
            "request_id": response.request_id,
            "model": body.get("model"),
            "created": body.get("created"),
            "usage": body.get("usage"),
            "finish_reason": finish_reason,
            "attempts": response.attempts,
            "seconds": response.seconds,
        }
        if self.return_image:
            encoded = body.get("result_image_base64")
            image_bytes = _b64decode(encoded) if isinstance(encoded, str) and encoded else None
            if image_bytes is None:
                warnings.append("the OCR service returned no readable annotated image")
            meta["result_image"] = image_bytes
        return OcrResult(engine=self.name, image_size=image_size, words=words, warnings=warnings, meta=meta)


def _text_of(body: Any) -> tuple[str | None, str | None]:
    """(text, finish_reason) from either documented success shape."""
    if not isinstance(body, dict):
        return None, None
    finish = body.get("finish_reason")
    choices = body.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        choice = choices[0]
        finish = choice.get("finish_reason", finish)
        text = choice.get("text")
        if text is None and isinstance(choice.get("message"), dict):
            text = choice["message"].get("content")
        if isinstance(text, str):
            return text, finish if isinstance(finish, str) else None
    text = body.get("extracted_text")
    if isinstance(text, str):
        return text, finish if isinstance(finish, str) else None
    return None, None


_WORDS = TypeAdapter(list[OcrWord])


def _located_words(
    body: dict[str, Any], text: str, sent_size: tuple[int, int] | None
) -> tuple[list[OcrWord], tuple[int, int]] | None:
    """The words of ``idextract serve``'s extension (``words`` with boxes and ``image_size``, in the
    pixels of the image it received), in the pixels of ``sent_size`` (the picture before
    :func:`encode_image` downscaled it); ``None`` when the answer has no valid extension: the hosted
    API sends none, and a malformed one from another server (or no words for a page with text) must
    not fail or empty a readable answer."""
    raw_words, raw_size = body.get("words"), body.get("image_size")
    if not isinstance(raw_words, list) or not isinstance(raw_size, list) or len(raw_size) != 2:
        return None
    if not all(type(v) is int and 0 < v <= _MAX_SIDE for v in raw_size):
        return None
    try:
        words = _WORDS.validate_python(raw_words)
    except ValidationError:
        return None
    if not all(_is_sound(word) for word in words) or (not words and text.strip()):
        return None
    size = (raw_size[0], raw_size[1])
    if sent_size is None or max(sent_size) == max(size):
        return words, size
    from ..images import scale_result  # PIL: imported when needed, as by encode_image

    # The client sent a downscaled copy: the same uniform factor back (a page the server turned a
    # quarter has its sides swapped, so the long sides are compared).
    scaled = scale_result(OcrResult(image_size=size, words=words), max(sent_size) / max(size))
    assert scaled.image_size is not None
    return scaled.words, scaled.image_size


def _is_sound(word: OcrWord) -> bool:
    """A box (the extension's words all have one, ordered corners) and finite numbers throughout."""
    if word.box is None or word.box.x1 < word.box.x0 or word.box.y1 < word.box.y0:
        return False
    numbers = [*word.box, *(v for point in word.polygon or () for v in point)]
    if word.slope is not None:
        numbers.append(word.slope)
    return all(math.isfinite(v) for v in numbers)


def _b64decode(text: str) -> bytes | None:
    if text.startswith("data:") and "," in text:
        text = text.split(",", 1)[1]
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        return None
