"""``idextract serve``: the options, the safety checks on them, and the uvicorn run.

Only this module and :mod:`idextract.server.app` import FastAPI/uvicorn, and only when
``serve`` runs: ``import idextract`` and the other subcommands never need the ``server`` extra.
"""

from __future__ import annotations

import argparse
import importlib.util
import ipaddress
import json
import logging
import os
import sys
import time
from typing import Any

from ..images import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS
from .settings import ENV_API_KEYS, Settings, is_loopback

__all__ = ["add_arguments", "run", "settings_from_args"]


def add_arguments(sub: Any) -> argparse.ArgumentParser:
    """Register ``serve`` on the subparsers ``sub`` of ``python -m idextract``."""
    p = sub.add_parser("serve", help="serve the hosted OCR API and the extraction endpoints on this machine",
                       description="POST /v1/ocr (the hosted contract), POST /v1/extract/{type}, /v1/models, "
                                   "/health, /ready, /metrics, /docs.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--api-key", action="append", default=[], metavar="KEY",
                   help=f"a Bearer key for /v1/* (repeatable; default: ${ENV_API_KEYS}, comma-separated)")
    p.add_argument("--insecure-no-auth", action="store_true",
                   help="allow a non-loopback --host without any API key")
    p.add_argument("--engine", help="OCR engine (default: $IDEXTRACT_OCR or rapidocr)")
    p.add_argument("--slots", type=int, default=1, help="inference worker processes (default 1)")
    p.add_argument("--engine-threads", type=int, default=None, metavar="N",
                   help="threads per worker's engine (default: the cores divided among the slots)")
    p.add_argument("--queue", type=int, default=8, help="requests that may wait for a slot (default 8)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per request, queue included (default 30)")
    p.add_argument("--max-body-bytes", type=int, default=0, help="request body limit (default: room for a "
                   "base64 image of --max-image-bytes)")
    p.add_argument("--max-image-bytes", type=int, default=DEFAULT_MAX_BYTES, help="encoded image limit")
    p.add_argument("--max-pixels", type=int, default=DEFAULT_MAX_PIXELS, help="decoded image limit")
    p.add_argument("--allow-private-urls", action="store_true",
                   help="let image URLs reach loopback and private addresses (refused by default)")
    p.add_argument("--allow-private-network", action="append", default=[], metavar="CIDR",
                   help="let image URLs reach this non-public network only (repeatable), e.g. 10.0.5.0/24")
    p.add_argument("--rate-limit", type=float, default=0.0, metavar="PER_MINUTE",
                   help="requests per minute per API key (default: no limit)")
    p.add_argument("--rate-burst", type=int, default=0, metavar="N",
                   help="requests a key may make at once before --rate-limit applies (default: a minute's worth)")
    p.add_argument("--no-docs", action="store_true", help="do not serve /docs and /openapi.json")
    p.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    return p  # type: ignore[no-any-return]


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The settings, or ``SystemExit(2)`` with a one-line reason for an unsafe or wrong choice."""
    keys = list(args.api_key) or [k for k in os.environ.get(ENV_API_KEYS, "").split(",") if k.strip()]
    if not keys and not is_loopback(args.host) and not args.insecure_no_auth:
        _fail(f"refusing to serve on {args.host} without an API key: pass --api-key (or set {ENV_API_KEYS}), "
              "or --insecure-no-auth if a proxy in front checks the callers")
    if args.slots < 1 or args.queue < 0 or args.timeout <= 0:
        _fail("--slots must be >= 1, --queue >= 0 and --timeout > 0")
    try:
        networks = tuple(ipaddress.ip_network(n, strict=False) for n in args.allow_private_network)
    except ValueError:
        _fail("--allow-private-network takes a network such as 10.0.5.0/24")
    return Settings.with_keys(
        keys, host=args.host, port=args.port, engine=args.engine, slots=args.slots, queue=args.queue,
        timeout=args.timeout, max_bytes=args.max_image_bytes, max_pixels=args.max_pixels, max_body=args.max_body_bytes,
        allow_private_urls=args.allow_private_urls, private_networks=networks, rate_limit=args.rate_limit,
        rate_burst=args.rate_burst, engine_threads=args.engine_threads,
        docs=not args.no_docs,
    )


def _fail(message: str) -> None:
    print(f"idextract serve: {message}", file=sys.stderr)
    raise SystemExit(2)


class _JsonLines(logging.Formatter):
    """Server log records as JSON lines; access records are JSON already."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if message.startswith("{"):
            return message
        entry = {"ts": round(record.created, 3), "level": record.levelname.lower(), "logger": record.name,
                 "message": message.strip()}
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: a traceback's messages and locals can quote what a request held.
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry)


def _logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonLines())
    for name in ("idextract", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False


def run(args: argparse.Namespace) -> int:
    """Serve until SIGTERM or SIGINT: readiness turns 503, requests in flight finish, then exit."""
    settings = settings_from_args(args)
    if importlib.util.find_spec("fastapi") is None or importlib.util.find_spec("uvicorn") is None:
        _fail("the server needs FastAPI and uvicorn: pip install \"idextract[server]\"")
    _logging(args.log_level)
    from .pool import Pool, pool_config

    pool = Pool(pool_config(settings))
    pool.launch()  # the engine loads in its processes while FastAPI and uvicorn are imported here
    import uvicorn

    from .app import create_app

    gateway, _, state = create_app(settings, pool)

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            state.draining = True  # /ready answers 503 from now on; new work is refused
            super().handle_exit(sig, frame)

    config = uvicorn.Config(
        gateway, host=settings.host, port=settings.port, access_log=False, log_config=None, lifespan="on",
        # In-flight requests get their whole deadline to finish before the workers are stopped.
        timeout_graceful_shutdown=int(settings.timeout) + 5, log_level=args.log_level,
    )
    logging.getLogger("idextract.server").info(json.dumps({
        "ts": round(time.time(), 3), "event": "starting", "host": settings.host, "port": settings.port,
        "engine": settings.engine_name, "slots": settings.slots, "queue": settings.queue,
        "auth": bool(settings.key_hashes),
    }))
    Server(config).run()
    return 0
