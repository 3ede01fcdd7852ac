"""Self-hosted DeepSeek-OCR behind an OpenAI-compatible server (vLLM, SGLang, llama.cpp).

The request (``shared/reference/ocr-backends.md``, section 2), sent to
``{base_url}/chat/completions``::

    {"model": "deepseek-ai/DeepSeek-OCR",
     "messages": [{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,..."}},
        {"type": "text", "text": "<|grounding|>OCR this image."}]}],
     "max_tokens": 4096, "temperature": 0.0, "skip_special_tokens": false,
     "vllm_xargs": {"ngram_size": 30, "window_size": 90, "whitelist_token_ids": [128821, 128822]}}

- the prompt is sent exactly (the model is sensitive to wording) and without ``<image>`` (the
  server adds it); grounding tags survive only with ``skip_special_tokens: false``;
- ``vllm_xargs`` feeds vLLM's n-gram logits processor, which curbs repetition loops; older vLLM
  rejects a list there with a 400: the request is then sent once more without
  ``whitelist_token_ids``, and this client stops sending it;
- the answer (``choices[0].message.content``) is grounding output: one ``<|ref|>`` line per text
  line with a box in 0-999 coordinates, read by :func:`idextract.ocr.markup.read_deepseek` into
  words with pixel boxes;
- a repetition loop or ``finish_reason: "length"`` makes the reading *degraded*: the loop is cut,
  confidences lowered, a warning added; with ``fallback=`` another backend reads the image
  instead and its result is returned, with a warning saying so.
"""

from __future__ import annotations

import copy
import logging
import os
from typing import TYPE_CHECKING, Any

import regex
import requests

from ..errors import APIResponseError, BadRequestError
from ._http import HttpBackend, HttpClient, JsonResponse, Timeout, encode_image
from .base import OcrBackend, OcrResult
from .markup import Reading, read_deepseek

if TYPE_CHECKING:
    from PIL import Image

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_VLLM_XARGS",
    "DOCUMENT_PROMPT",
    "ENV_API_KEY",
    "ENV_BASE_URL",
    "FREE_PROMPT",
    "GROUNDING_PROMPT",
    "OpenAIChatOCR",
]

log = logging.getLogger(__name__)

#: One record per text line, each with a box.
GROUNDING_PROMPT = "<|grounding|>OCR this image."
#: One record per layout block (title, text, table ...), each with a box.
DOCUMENT_PROMPT = "<|grounding|>Convert the document to markdown."
#: Text only.
FREE_PROMPT = "Free OCR."

ENV_BASE_URL = "IDEXTRACT_DEEPSEEK_URL"
ENV_API_KEY = "IDEXTRACT_DEEPSEEK_API_KEY"
#: vLLM's default port.
DEFAULT_BASE_URL = "http://localhost:8000/v1"
#: The n-gram repetition guard of vLLM's DeepSeek-OCR logits processor (table cell tags may
#: repeat: their token ids are whitelisted).
DEFAULT_VLLM_XARGS: dict[str, Any] = {"ngram_size": 30, "window_size": 90, "whitelist_token_ids": [128821, 128822]}
# A 400 that names these rejected the list inside vllm_xargs (older vLLM).
_REJECTS_LIST = regex.compile(r"xargs|whitelist|\blist\b", regex.IGNORECASE)


class OpenAIChatOCR(HttpBackend):
    """DeepSeek-OCR on an OpenAI-compatible server; an :class:`~idextract.ocr.base.OcrBackend`.

    ``base_url`` is the server's ``/v1`` root (default ``$IDEXTRACT_DEEPSEEK_URL`` or
    ``http://localhost:8000/v1``); ``api_key`` (default ``$IDEXTRACT_DEEPSEEK_API_KEY``) is sent
    as a bearer token when set. ``prompt`` is one of :data:`GROUNDING_PROMPT` (the default),
    :data:`DOCUMENT_PROMPT`, :data:`FREE_PROMPT`. ``fallback`` is a backend that reads the image
    instead when DeepSeek's reading is degraded (a loop, a truncated answer). ``vllm_xargs=None``
    leaves out vLLM's extra arguments (for servers that refuse unknown fields). Timeouts,
    retries, backoff and ``session`` work as for :class:`~idextract.ocr.neosantara.NeosantaraOCR`.
    """

    name = "deepseek"

    def __init__(
        self,
        base_url: str | None = None,
        *,
        model: str = "deepseek-ai/DeepSeek-OCR",
        api_key: str | None = None,
        timeout: Timeout = (5.0, 180.0),
        max_retries: int = 2,
        session: requests.Session | None = None,
        prompt: str = GROUNDING_PROMPT,
        fallback: OcrBackend | None = None,
        max_tokens: int = 4096,
        temperature: float = 0.0,
        vllm_xargs: dict[str, Any] | None = DEFAULT_VLLM_XARGS,
        image_format: str = "PNG",
        jpeg_quality: int = 92,
        max_side: int | None = 2048,
        backoff_base: float = 0.5,
        backoff_max: float = 8.0,
        retry_after_max: float = 30.0,
    ) -> None:
        if fallback is not None and not isinstance(fallback, OcrBackend):
            raise TypeError("fallback must be an OCR backend (name, is_available(), ocr())")
        url = base_url or os.environ.get(ENV_BASE_URL, "").strip() or DEFAULT_BASE_URL
        key = api_key if api_key is not None else os.environ.get(ENV_API_KEY, "")
        self.model = model
        self.prompt = prompt
        self.fallback = fallback
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.vllm_xargs = copy.deepcopy(vllm_xargs) if vllm_xargs is not None else None
        self.image_format = image_format
        self.jpeg_quality = jpeg_quality
        self.max_side = max_side
        self._http = HttpClient(
            base_url=url,
            api_key=key.strip() or None,
            timeout=timeout,
            max_retries=max_retries,
            session=session,
            backoff_base=backoff_base,
            backoff_max=backoff_max,
            retry_after_max=retry_after_max,
            service=self.name,
        )

    def __repr__(self) -> str:
        key = ", api_key='***'" if self._http._api_key else ""
        fallback = f", fallback={self.fallback.name!r}" if self.fallback is not None else ""
        return (
            f"OpenAIChatOCR(base_url={self.base_url!r}, model={self.model!r}{key}, "
            f"timeout={self._http.timeout!r}, max_retries={self._http.max_retries}{fallback})"
        )


    @classmethod
    def is_available(cls) -> bool:
        """Always true: it needs only requests; whether the server answers shows at the first call."""
        return True

    def ocr(self, image: Image.Image) -> OcrResult:
        """Read ``image`` (upright RGB); boxes in its pixels. Degraded readings may be replaced by
        the ``fallback`` backend's result (with a warning)."""
        data, mime = encode_image(
            image, image_format=self.image_format, max_side=self.max_side, jpeg_quality=self.jpeg_quality
        )
        response, notes = self._post(f"data:{mime};base64,{data}")
        text, finish_reason = _content_of(response.body)
        if text is None:
            raise APIResponseError(
                f"{self.name}: the answer has no text in choices[0].message.content",
                status=response.status,
                request_id=response.request_id,
                attempts=response.attempts,
            )
        reading = read_deepseek(text, image.size, finish_reason=finish_reason)
        body = response.body if isinstance(response.body, dict) else {}
        meta: dict[str, Any] = {
            "id": body.get("id"),
            "request_id": response.request_id,
            "model": body.get("model"),
            "usage": body.get("usage"),
            "finish_reason": finish_reason,
            "attempts": response.attempts,
            "seconds": response.seconds,
            "grounded": reading.grounded,
        }
        result = OcrResult(
            engine=self.name,
            image_size=image.size,
            words=reading.words,
            warnings=notes + reading.warnings,
            meta=meta,
        )
        if reading.degraded and self.fallback is not None:
            return self._fall_back(image, result, reading)
        return result

    # --- internals -----------------------------------------------------------------------------

    def _request(self, data_url: str) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "image_url", "image_url": {"url": data_url}},
                        {"type": "text", "text": self.prompt},
                    ],
                }
            ],
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "skip_special_tokens": False,
        }
        if self.vllm_xargs is not None:
            body["vllm_xargs"] = self.vllm_xargs
        return body

    def _post(self, data_url: str) -> tuple[JsonResponse, list[str]]:
        try:
            return self._http.post_json("chat/completions", self._request(data_url)), []
        except BadRequestError as exc:
            xargs = self.vllm_xargs
            if not (xargs and "whitelist_token_ids" in xargs and _rejects_list(exc)):
                raise
            # Older vLLM: scalars only in vllm_xargs. Drop the list for this and later calls.
            self.vllm_xargs = {k: v for k, v in xargs.items() if k != "whitelist_token_ids"}
            log.warning("%s: the server refused whitelist_token_ids in vllm_xargs; sending without it", self.name)
            response = self._http.post_json("chat/completions", self._request(data_url))
            return response, ["the server refused vllm_xargs.whitelist_token_ids (older vLLM); sent without it"]

    def _fall_back(self, image: Image.Image, degraded: OcrResult, reading: Reading) -> OcrResult:
        assert self.fallback is not None
        why = "a repetition loop" if reading.loops else "a truncated answer"
        if reading.loops and reading.truncated:
            why = "a repetition loop and a truncated answer"
        try:
            result = self.fallback.ocr(image)
        except Exception as exc:  # noqa: BLE001 - a failing fallback must not lose the reading
            log.warning("%s: fallback %r failed (%s)", self.name, self.fallback.name, type(exc).__name__)
            degraded.warnings.append(
                f"the fallback engine {self.fallback.name!r} failed ({type(exc).__name__}); "
                "the degraded DeepSeek-OCR reading was kept"
            )
            return degraded
        note = (
            f"DeepSeek-OCR's reading was degraded ({why}); the result of the fallback engine "
            f"{self.fallback.name!r} is used instead"
        )
        meta = dict(result.meta)
        meta["fallback_from"] = {
            "engine": self.name,
            "request_id": degraded.meta.get("request_id"),
            "finish_reason": degraded.meta.get("finish_reason"),
            "warnings": list(degraded.warnings),
        }
        return result.model_copy(update={"warnings": [note, *degraded.warnings, *result.warnings], "meta": meta})


def _rejects_list(exc: BadRequestError) -> bool:
    return any(isinstance(s, str) and _REJECTS_LIST.search(s) for s in (exc.message, exc.param, exc.code))


def _content_of(body: Any) -> tuple[str | None, str | None]:
    """(text, finish_reason) of an OpenAI chat completion."""
    if not isinstance(body, dict):
        return None, None
    choices = body.get("choices")
    if not (isinstance(choices, list) and choices and isinstance(choices[0], dict)):
        return None, None
    choice = choices[0]
    finish = choice.get("finish_reason")
    finish = finish if isinstance(finish, str) else None
    message = choice.get("message")
    content = message.get("content") if isinstance(message, dict) else choice.get("text")
    if isinstance(content, list):  # content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return (content, finish) if isinstance(content, str) else (None, finish)
