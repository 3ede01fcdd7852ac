"""Request bodies to image bytes: the JSON fields checked, base64 decoded, URLs downloaded.

A string from a request is never handed to :func:`idextract.images.load_image` as it is: that
function reads a string that names an existing file as a path, and a server must not open its
own files for a client. ``image_type`` says how to read ``image``: ``base64`` (plain or a
``data:image/...;base64,`` URL) is decoded here, ``url`` is downloaded with the library's fetcher
(http and https only, every address checked, no redirects to private addresses), and the worker
only ever receives bytes.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from ..errors import InputError
from ..fetch import DEFAULT_DEADLINE, DEFAULT_TIMEOUT, download
from ..sources import _decode_base64, _read_data_url
from ..urls import validate_url
from .errors import ServiceError, from_input_error
from .settings import Settings

__all__ = ["field", "image_bytes", "read_json"]

# JSON bodies above this are parsed in a thread (about 1 ms per 100 KB on the event loop).
_THREAD_PARSE = 256 * 1024


async def read_json(request: Any, deadline: float, budget: float) -> dict[str, Any]:
    """The request's JSON object; the body is read before ``deadline``."""
    try:
        raw = await asyncio.wait_for(request.body(), max(0.0, deadline - time.monotonic()))
    except TimeoutError:
        raise ServiceError.timeout(budget) from None
    if not raw.strip():
        raise ServiceError(400, "parameter_missing", "the request has no JSON body", param="image")
    try:
        data = await asyncio.to_thread(json.loads, raw) if len(raw) > _THREAD_PARSE else json.loads(raw)
    except (ValueError, RecursionError):
        raise ServiceError(400, "invalid_parameter", "the request body is not valid JSON", param=None) from None
    if not isinstance(data, dict):
        raise ServiceError(400, "invalid_parameter_type", "the request body must be a JSON object", param=None)
    return data


def field(data: dict[str, Any], name: str, kind: type, default: Any = None, *, required: bool = False) -> Any:
    """``data[name]`` checked against ``kind``; absent or null gives ``default``."""
    value = data.get(name)
    if value is None:
        if required:
            raise ServiceError(400, "parameter_missing", f"'{name}' is required", param=name)
        return default
    # bool is an int in Python: a flag must be a JSON boolean, a string a JSON string.
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise ServiceError(400, "invalid_parameter_type", f"'{name}' must be a {_json_name(kind)}", param=name)
    return value


def _json_name(kind: type) -> str:
    return {str: "string", bool: "boolean", int: "integer", float: "number"}.get(kind, kind.__name__)


async def image_bytes(data: dict[str, Any], settings: Settings, state: Any, deadline: float, budget: float) -> bytes:
    """The encoded image the request names, by its ``image_type`` (``url`` by default)."""
    image = field(data, "image", str, required=True)
    image_type = field(data, "image_type", str, "url")
    if image_type not in ("url", "base64"):
        raise ServiceError(400, "invalid_parameter", "'image_type' must be 'url' or 'base64'", param="image_type")
    if not image.strip():
        raise ServiceError(400, "parameter_missing", "'image' is empty", param="image")
    try:
        if image_type == "base64":
            return await asyncio.to_thread(_from_base64, image, settings.max_bytes)
        validate_url(image)  # format and scheme first: no thread, no download slot for a typo
        return await _download(image, settings, state, deadline, budget)
    except InputError as exc:
        raise from_input_error(exc) from None


def _from_base64(text: str, max_bytes: int) -> bytes:
    if text.lstrip()[:5].lower() == "data:":
        return _read_data_url(text, max_bytes=max_bytes)
    return _decode_base64(text, max_bytes=max_bytes, what="the base64 image")


async def _download(url: str, settings: Settings, state: Any, deadline: float, budget: float) -> bytes:
    """Download in a thread (requests blocks), at most ``settings.max_downloads`` at a time."""
    if state.downloads >= settings.max_downloads:
        raise ServiceError.overloaded(2, "too many image downloads in progress; retry later")
    left = deadline - time.monotonic()
    if left <= 0:
        raise ServiceError.timeout(budget)
    state.downloads += 1
    try:
        filter_ = settings.address_allowed if settings.private_networks else None
        return await asyncio.to_thread(
            download, url, max_bytes=settings.max_bytes, timeout=DEFAULT_TIMEOUT, deadline=min(DEFAULT_DEADLINE, left),
            allow_private_urls=settings.allow_private_urls, address_filter=filter_,
        )
    finally:
        state.downloads -= 1
