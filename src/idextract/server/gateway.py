"""The pure-ASGI layer in front of the routes: request ids, access log, metrics, key check, rate
limits, early refusal when the slots are full, and the body limit.

Everything here runs before the request body is read, so an unauthenticated, rate-limited or
overloaded request is answered without receiving its body, and a body past the limit is refused
with 413 as soon as its ``Content-Length`` (or, when streamed in chunks, the running count) goes
past it, never read whole. The access log is one JSON object per line on the
``idextract.server.access`` logger: route template, status, error code, sizes, duration and the
request id; never the path's free parts, the query, the client's address, a header or the body.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ServiceError
from .metrics import Metrics
from .pool import Pool
from .settings import Settings

__all__ = ["Gateway", "ServerState"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

access_log = logging.getLogger("idextract.server.access")

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


@dataclass
class ServerState:
    """Shared by the gateway and the routes of one server."""

    settings: Settings
    pool: Pool
    metrics: Metrics
    routes: frozenset[str]
    draining: bool = False
    downloads: int = 0
    buckets: dict[int, tuple[float, float]] = field(default_factory=dict)  # key -> (tokens, at)
    started: float = field(default_factory=time.monotonic)


class _BodyTooLarge(ServiceError):
    """Raised from ``receive`` inside the app: its handler for ServiceError answers the 413."""


class Gateway:
    """Wraps the FastAPI app; see the module docstring."""

    def __init__(self, app: ASGIApp, state: ServerState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        rid = _request_id(scope)
        path = scope.get("path", "")
        route = path if path in self.state.routes else "other"
        ctx: dict[str, Any] = {"request_id": rid, "started": started, "code": None, "key": None, "engine_ms": None}
        scope["idextract"] = ctx
        seen = {"status": 500, "bytes_out": 0, "bytes_in": 0}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            elif message["type"] == "http.response.body":
                seen["bytes_out"] += len(message.get("body", b""))
            await send(message)

        try:
            refusal = self._refusal(scope, path, ctx)
            if refusal is not None:
                await _send_error(send_with_id, refusal, ctx)
            else:
                await self._guarded(scope, receive, send_with_id, ctx, seen)
        finally:
            seconds = time.monotonic() - started
            self.state.metrics.observe(route, scope.get("method", "?"), seen["status"], seconds, ctx["code"])
            access_log.info(json.dumps({
                "ts": round(time.time(), 3), "event": "request", "request_id": rid, "method": scope.get("method"),
                "route": route,
                "status": seen["status"], "code": ctx["code"], "ms": round(seconds * 1000, 1),
                "bytes_in": seen["bytes_in"], "bytes_out": seen["bytes_out"], "key": ctx["key"],
                "engine_ms": ctx["engine_ms"],
            }))

    def _refusal(self, scope: Scope, path: str, ctx: dict[str, Any]) -> ServiceError | None:
        """The error answered before the body is read, if any: key, rate limit, overload, size."""
        settings = self.state.settings
        if path.startswith("/v1/") and settings.key_hashes:
            key = _bearer(scope)
            ctx["key"] = settings.key_index(key) if key else None
            if ctx["key"] is None:
                return ServiceError(401, "invalid_api_key", "missing or invalid API key: send 'Authorization: "
                                    "Bearer <key>'", headers={"WWW-Authenticate": "Bearer"})
            wait = self._rate_limited(ctx["key"])
            if wait:
                return ServiceError(429, "rate_limit_exceeded", "too many requests for this API key; retry later",
                                    type="rate_limit_error", headers={"Retry-After": str(wait)},
                                    details={"retry_after": wait})
        if scope.get("method") == "POST" and path.startswith(("/v1/ocr", "/v1/extract/")):
            if self.state.draining:
                return ServiceError.overloaded(5, "the server is shutting down; retry on another instance")
            if self.state.pool.full():
                return ServiceError.overloaded(self.state.pool.retry_after())
        declared = _content_length(scope)
        if declared is not None and declared > settings.max_body:
            return _too_large(settings.max_body)
        return None

    def _rate_limited(self, key: int) -> int:
        """Seconds to wait when ``key`` has used its requests per minute (token bucket), else 0."""
        per_minute = self.state.settings.rate_limit
        if per_minute <= 0:
            return 0
        burst = self.state.settings.rate_burst or per_minute
        now = time.monotonic()
        tokens, at = self.state.buckets.get(key, (burst, now))
        tokens = min(burst, tokens + (now - at) * per_minute / 60)
        if tokens < 1:
            self.state.buckets[key] = (tokens, now)
            return max(1, int((1 - tokens) * 60 / per_minute + 0.999))
        self.state.buckets[key] = (tokens - 1, now)
        return 0

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, ctx: dict[str, Any],
                       seen: dict[str, int]) -> None:
        limit = self.state.settings.max_body
        started = {"response": False}

        async def counted() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                seen["bytes_in"] += len(message.get("body", b""))
                if seen["bytes_in"] > limit:
                    error = _too_large(limit)
                    raise _BodyTooLarge(error.status, error.code, error.message)
            return message

        async def tracking(message: Message) -> None:
            if message["type"] == "http.response.start":
                started["response"] = True
            await send(message)

        try:
            await self.app(scope, counted, tracking)
        except _BodyTooLarge:
            # Read outside a route (no handler ran): answer here, unless an answer has begun.
            if started["response"]:
                raise
            await _send_error(send, _too_large(limit), ctx)


def _too_large(limit: int) -> ServiceError:
    return ServiceError(413, "payload_too_large", f"the request body is larger than {limit} bytes; send a smaller "
                        "image (the limit counts base64, 4/3 of the image's bytes)")


async def _send_error(send: Send, error: ServiceError, ctx: dict[str, Any]) -> None:
    ctx["code"] = error.code
    body = error.body()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in error.headers.items()]
    if error.status == 413:
        headers.append((b"connection", b"close"))  # the rest of the body will not be read
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _request_id(scope: Scope) -> str:
    """The client's ``X-Request-Id`` when it is a plain token, else a new uuid4 (hex)."""
    given = _header(scope, b"x-request-id")
    if given and _REQUEST_ID.fullmatch(given.strip()):
        return given.strip()
    return uuid.uuid4().hex


def _bearer(scope: Scope) -> str | None:
    value = _header(scope, b"authorization")
    if not value:
        return None
    scheme, _, token = value.strip().partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _content_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())
