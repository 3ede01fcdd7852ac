"""The FastAPI application: ``POST /v1/ocr`` (the hosted contract), ``POST /v1/extract/{type}``,
``GET /v1/models``, ``/health``, ``/ready``, ``/metrics`` and the OpenAPI page.

:func:`create_app` builds it from :class:`~idextract.server.settings.Settings`; the engine runs in
worker processes started by the lifespan hook (:mod:`idextract.server.pool`), and the app is
wrapped in the :class:`~idextract.server.gateway.Gateway` (keys, limits, request ids, logs).
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException

from .. import __version__
from ..doctypes import DocumentType, document_types
from .errors import ServiceError, error_body
from .gateway import Gateway, ServerState
from .inputs import field, image_bytes, read_json
from .metrics import Metrics, process_rss
from .pool import Pool, pool_config
from .schemas import ErrorResponse, ExtractRequest, ExtractResponse, OcrRequest, OcrResponse, request_body
from .settings import CONTRACT_MODEL, Settings

__all__ = ["create_app"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse} for status in (400, 401, 413, 429, 500, 503, 504)
}


def create_app(settings: Settings, pool: Pool | None = None) -> tuple[Gateway, FastAPI, ServerState]:
    """The ASGI app to serve (the gateway around FastAPI), the FastAPI app and their shared state.
    ``pool``: worker processes already launched (default: made here, started by the lifespan)."""
    pool = pool or Pool(pool_config(settings))
    kinds = document_types()
    routes = {"/v1/ocr", "/v1/models", "/health", "/ready", "/metrics", "/docs", "/openapi.json"}
    routes |= {f"/v1/extract/{kind.name}" for kind in kinds}
    state = ServerState(settings=settings, pool=pool, metrics=Metrics(), routes=frozenset(routes))
    state.metrics.gauges = [
        ("idextract_queue_depth", "Requests waiting for an inference slot.", lambda: float(pool.waiting)),
        ("idextract_in_flight", "Inference slots reading an image.", lambda: float(pool.busy)),
        ("idextract_slots", "Inference slots (worker processes).", lambda: float(settings.slots)),
        ("idextract_ready", "1 when the engine has read its warm-up image and the server is not draining.",
         lambda: float(pool.ready and not state.draining)),
        ("idextract_worker_restarts_total", "Workers killed at a deadline or after a crash, and restarted.",
         lambda: float(pool.restarts)),
        ("idextract_server_resident_bytes", "Resident memory of the server process.", process_rss),
        ("idextract_workers_resident_bytes", "Resident memory of the worker processes.",
         lambda: float(sum(w.rss_bytes for w in pool.workers))),
    ]

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # The engine starts in the background: /health answers at once, /ready once it has read.
        starting = asyncio.create_task(pool.start())
        yield
        state.draining = True
        starting.cancel()
        await asyncio.to_thread(pool.close)

    app = FastAPI(title="idextract", version=__version__, lifespan=lifespan,
                  description="The hosted OCR API's contract (POST /v1/ocr), served with the embedded engine, "
                              "and validated records (POST /v1/extract/{type}).",
                  docs_url="/docs" if settings.docs else None, redoc_url=None,
                  openapi_url="/openapi.json" if settings.docs else None)
    _add_handlers(app)
    _add_ocr(app, state)
    for kind in kinds:
        _add_extract(app, state, kind)
    _add_status(app, state)
    return Gateway(app, state), app, state


def _add_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> Response:
        return _error_response(request, exc)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "invalid_request")
        message = {404: "no such endpoint", 405: "method not allowed on this endpoint"}.get(exc.status_code,
                                                                                            "invalid request")
        return _error_response(request, ServiceError(exc.status_code, code, message, param=None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Only the type: a message could quote what the request held.
        return _error_response(request, ServiceError.internal(f"unexpected server error ({type(exc).__name__})"))


def _error_response(request: Request, exc: ServiceError) -> Response:
    request.scope.get("idextract", {})["code"] = exc.code
    headers = dict(exc.headers)
    if exc.status == 413:
        headers["Connection"] = "close"  # the rest of the body will not be read
    return Response(exc.body(), status_code=exc.status, headers=headers, media_type="application/json")


def _deadline(request: Request, settings: Settings) -> tuple[float, float]:
    """(deadline on the monotonic clock, the budget in seconds). ``X-Request-Timeout`` (seconds)
    can shorten the server's deadline for one request, never lengthen it."""
    budget = settings.timeout
    asked = request.headers.get("x-request-timeout", "")
    try:
        if asked and 0 < float(asked) < budget:
            budget = float(asked)
    except ValueError:
        pass
    started = request.scope.get("idextract", {}).get("started", time.monotonic())
    return started + budget, budget


def _engine_time(request: Request, done: dict[str, Any]) -> None:
    """The worker's own time for the access log: the rest of ``ms`` is queue, transfer, HTTP."""
    request.scope.get("idextract", {})["engine_ms"] = round(1000 * float(done.get("seconds", 0.0)), 1)


def _request_id(request: Request) -> str:
    return str(request.scope.get("idextract", {}).get("request_id", "unknown"))


def _add_ocr(app: FastAPI, state: ServerState) -> None:
    settings = state.settings

    @app.post("/v1/ocr", response_model=OcrResponse, responses=_ERRORS, openapi_extra=request_body(OcrRequest),
              summary="Read an image: the hosted OCR API's contract")
    async def ocr(request: Request) -> Response:
        deadline, budget = _deadline(request, settings)
        data = await read_json(request, deadline, budget)
        model = field(data, "model", str, CONTRACT_MODEL)
        if model not in settings.models:
            known = ", ".join(settings.models)
            raise ServiceError(400, "model_not_found", f"unknown model; this server answers {known}", param="model")
        if data.get("prompt") is not None:
            raise ServiceError(400, "unsupported_capability", "this engine reads the page as printed and takes no "
                               "prompt", param="prompt")
        return_image = field(data, "return_image", bool, False)
        image = await image_bytes(data, settings, state, deadline, budget)
        done = await state.pool.run("ocr", {"data": image, "return_image": return_image}, deadline, budget)
        _engine_time(request, done)
        words = int(done["words"])
        body: dict[str, Any] = {
            "id": f"ocr-{_request_id(request)}", "object": "ocr.completion", "created": int(time.time()),
            "model": model, "choices": [{"index": 0, "text": done["text"], "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 0, "completion_tokens": words, "total_tokens": words},
            "engine": done["engine"],
            **done.get("located", {}),  # the extension: "words" (with boxes) and "image_size"
        }
        if return_image:
            body["result_image_base64"] = base64.b64encode(done["image"]).decode("ascii")
        return JSONResponse(body)


def _add_extract(app: FastAPI, state: ServerState, kind: DocumentType) -> None:
    settings = state.settings

    async def extract(request: Request) -> Response:
        deadline, budget = _deadline(request, settings)
        data = await read_json(request, deadline, budget)
        annotated = field(data, "annotated", bool, False)
        mask_pii = field(data, "mask_pii", bool, False)
        image = await image_bytes(data, settings, state, deadline, budget)
        args = {"data": image, "doc_type": kind.name, "annotated": annotated, "mask_pii": mask_pii}
        done = await state.pool.run("extract", args, deadline, budget)
        _engine_time(request, done)
        head = {"id": f"extract-{_request_id(request)}", "object": "extract.result", "created": int(time.time()),
                "doc_type": kind.name, "engine": done["engine"]}
        if annotated and done["image"] is not None:
            head["annotated_image_base64"] = base64.b64encode(done["image"]).decode("ascii")
        # The record arrives as JSON from the worker: spliced in, not parsed and dumped again.
        text = json.dumps(head, ensure_ascii=False)[:-1] + ', "record": ' + done["record"] + "}"
        return Response(text.encode("utf-8"), media_type="application/json")

    personal = ", ".join(kind.personal_fields) or "none"
    app.add_api_route(
        f"/v1/extract/{kind.name}", extract, methods=["POST"], response_model=ExtractResponse, responses=_ERRORS,
        openapi_extra=request_body(ExtractRequest), summary=f"Read {kind.description}",
        description=f"The record is `{kind.record.__module__}.{kind.record.__qualname__}`; personal fields "
                    f"(masked with mask_pii): {personal}.",
    )


def _add_status(app: FastAPI, state: ServerState) -> None:
    settings = state.settings

    @app.get("/v1/models", summary="The model names /v1/ocr answers to")
    async def models() -> dict[str, Any]:
        created = int(time.time())
        return {"object": "list", "data": [
            {"id": name, "object": "model", "created": created, "owned_by": "idextract", "engine": settings.engine_name}
            for name in settings.models
        ]}

    @app.get("/health", summary="Alive (the process answers)")
    async def health() -> dict[str, Any]:
        return {"status": "ok"}

    @app.get("/ready", summary="Ready: 503 until the engine has read its warm-up image, and while draining")
    async def ready() -> Response:
        pool = state.pool
        if pool.ready and not state.draining:
            return JSONResponse({"status": "ready", "engine": settings.engine_name, "slots": settings.slots})
        status = "draining" if state.draining else "failed" if pool.failed else "starting"
        body = error_body(f"not ready: {status}", code="server_overloaded" if status != "failed" else "engine_failed",
                          type="server_error")
        return Response(body, status_code=503, headers={"Retry-After": "1"}, media_type="application/json")

    @app.get("/metrics", summary="Prometheus metrics", response_class=PlainTextResponse)
    async def metrics() -> PlainTextResponse:
        return PlainTextResponse(state.metrics.render(), media_type="text/plain; version=0.0.4")
