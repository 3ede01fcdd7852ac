"""``idextract serve`` over real HTTP: one server process per module on 127.0.0.1, the real engine.

The hosted API's usage (``requests.post`` to ``/v1/ocr`` with a Bearer key; URL and base64;
``return_image``; reading ``error.code`` on failure) runs as a client of the hosted API writes it,
with only the base URL and the key changed. The project's own ``NeosantaraOCR`` client pointed at
this server must give the same records as in-process extraction (receipts and KTPs, through the
response's ``words`` extension). Every error code is
provoked over HTTP; the body limit, the queue limit and the deadline are shown from the outside
(a body never sent in full, a 503 at once, a worker process killed at the deadline).
"""

from __future__ import annotations

import base64
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from loopback import Loopback, Reply
from PIL import Image
from server_process import REPO, ServerProcess, children, raw_exchange, start_server

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

import idextract  # noqa: E402
from idextract.ocr.neosantara import NeosantaraOCR  # noqa: E402
from idextract.ocr.rapid import RapidOCR  # noqa: E402

KEY = "test-key-1f3a"
BURST_KEY = "test-key-burst"
RECEIPTS = sorted((REPO / "samples" / "receipts" / "items").glob("*.png"), key=lambda p: p.stat().st_size)
KTPS = sorted((REPO / "samples" / "ktp" / "items").glob("*.png"))
MAX_IMAGE = 2_000_000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    log = tmp_path_factory.mktemp("server") / "server.log"
    proc = start_server(["--api-key", KEY, "--api-key", BURST_KEY, "--allow-private-network", "127.0.0.0/8",
                         "--slots", "1", "--queue", "1", "--max-image-bytes", str(MAX_IMAGE), "--timeout", "25",
                         "--rate-limit", "240", "--rate-burst", "30"], log)
    yield proc
    assert proc.stop() in (0, -signal.SIGTERM)  # uvicorn re-raises the signal after a clean drain


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loopback]:
    """A loopback HTTP server serving the samples at paths that carry a 'secret' token."""
    def reply(request: Any, _: int) -> Reply:
        name = request.path.rsplit("/", 1)[-1].split("?", 1)[0]
        found = [p for p in [*RECEIPTS, *KTPS] if p.name == name]
        return Reply(200, found[0].read_bytes()) if found else Reply(404, {"error": "no such image"})

    with Loopback(reply) as loop:
        yield loop


def base_of(loop: Loopback) -> str:
    return loop.url.rsplit("/v1", 1)[0]


def b64(path: Path) -> str:
    return base64.b64encode(path.read_bytes()).decode("ascii")


def post(server: ServerProcess, route: str, body: Any, *, key: str | None = KEY, **headers: str) -> requests.Response:
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    return requests.post(f"{server.url}{route}", json=body, headers=headers, timeout=60)


def local_text(path: Path) -> str:
    """The page's rows as the layout rebuilds them, read in this process with the same engine."""
    from idextract.ocr import get_backend
    from idextract.server.worker import read_text

    _, result, _ = read_text(get_backend(), path.read_bytes(), max_pixels=40_000_000, max_bytes=MAX_IMAGE)
    return "\n".join(row.text for row in result.rows())


# --- the hosted API's usage, as its users write it ---------------------------------------------


def test_hosted_example_with_a_url(server: ServerProcess, images: Loopback) -> None:
    API_KEY = KEY  # noqa: N806 - as in the hosted API's examples
    BASE_URL = server.url  # the only other change: api.neosantara.xyz -> this server  # noqa: N806
    sample = RECEIPTS[0]
    image_url = f"{base_of(images)}/private-token-9f2c/{sample.name}?sig=s3cr3t"

    response = requests.post(
        f"{BASE_URL}/v1/ocr",
        headers={"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"},
        json={"model": "deepseek-ocr", "image": image_url, "image_type": "url"},
    )
    result = response.json()
    text = result["choices"][0]["text"]

    assert response.status_code == 200, result
    assert result["object"] == "ocr.completion" and result["model"] == "deepseek-ocr"
    assert result["id"] == f"ocr-{response.headers['x-request-id']}"
    assert result["choices"][0]["finish_reason"] == "stop" and result["engine"] == "rapidocr"
    assert "result_image_base64" not in result
    assert result["usage"]["completion_tokens"] > 0
    # The extension: every text run with its box, in the pixels of the image received.
    assert len(result["words"]) == result["usage"]["completion_tokens"]
    assert result["image_size"] == list(Image.open(sample).size)
    assert all(len(word["box"]) == 4 and word["text"] for word in result["words"])
    assert text == local_text(sample)
    truth = json.loads(sample.with_name(sample.name.replace(".png", ".gt.json")).read_text())
    assert truth["fields"]["merchant_name"] in text
    # The image's path and query never reach the log.
    log = server.log_text()
    assert "private-token-9f2c" not in log and "s3cr3t" not in log


def test_hosted_example_with_base64_and_return_image(server: ServerProcess) -> None:
    API_KEY = KEY  # noqa: N806
    BASE_URL = server.url  # noqa: N806
    sample = RECEIPTS[0]
    with open(sample, "rb") as f:
        image_base64 = base64.b64encode(f.read()).decode("utf-8")

    response = requests.post(
        f"{BASE_URL}/v1/ocr",
        headers={"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"},
        json={"model": "deepseek-ocr", "image": image_base64, "image_type": "base64", "return_image": True},
    )
    result = response.json()

    assert response.status_code == 200, result
    assert result["choices"][0]["text"] == local_text(sample)
    drawn = Image.open(io.BytesIO(base64.b64decode(result["result_image_base64"])))
    assert drawn.format == "JPEG" and drawn.size == Image.open(sample).size


def test_hosted_error_handling_example(server: ServerProcess) -> None:
    response = requests.post(
        f"{server.url}/v1/ocr",
        headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
        json={"model": "deepseek-ocr", "image": "not a url", "image_type": "url"},
    )
    if response.status_code != 200:
        error = response.json()["error"]
        message = f"Error {response.status_code}: {error['code']} - {error['message']}"
    assert response.status_code == 400
    assert error["code"] == "invalid_url_format" and error["param"] == "image" and error["type"]
    assert "not a url" not in message


class EngineDefaults(RapidOCR):
    """The embedded engine deaf to a document type's OCR options (a receipt's ``detect_side``):
    what /v1/ocr reads with, since it is told no document type."""

    options: frozenset[str] = frozenset()


def test_neosantara_client_gives_the_in_process_records(server: ServerProcess) -> None:
    """The response's extension (the engine's words with their boxes) lets the client parse by
    position: whole records match, boxes included, for receipts and for KTPs (whose issue place
    and date are told apart by position only), when read in-process with the engine's defaults
    as /v1/ocr reads (the extraction endpoints apply the type's options, as in-process
    extraction does). Only the engine's name differs."""
    client = NeosantaraOCR(KEY, base_url=f"{server.url}/v1", image_format="PNG")
    for doc_type, samples in (("receipt", RECEIPTS[:2]), ("ktp", KTPS[:3])):
        for sample in samples:
            remote = idextract.extract(sample, doc_type, ocr=client, annotated=False)
            local = idextract.extract(sample, doc_type, ocr=EngineDefaults(), annotated=False)
            assert remote.engine == "neosantara" and local.engine == "rapidocr"
            assert remote.model_dump(exclude={"engine"}) == local.model_dump(exclude={"engine"})
            assert any(field.box is not None for _, field in remote.fields())
            assert getattr(remote, "total" if doc_type == "receipt" else "issue_date").found


# --- extraction endpoints ------------------------------------------------------------------------


def test_extract_matches_in_process_and_masks(server: ServerProcess) -> None:
    sample = RECEIPTS[0]
    response = post(server, "/v1/extract/receipt", {"image": b64(sample), "image_type": "base64", "annotated": True},
                    **{"X-Request-Id": "bench-42"})
    body = response.json()
    assert response.status_code == 200, body
    assert response.headers["x-request-id"] == "bench-42" and body["id"] == "extract-bench-42"
    assert body["record"] == json.loads(idextract.extract(sample, "receipt", annotated=False).model_dump_json())
    assert Image.open(io.BytesIO(base64.b64decode(body["annotated_image_base64"]))).format == "PNG"

    card = KTPS[0]
    truth = json.loads(card.with_name(card.name.replace(".png", ".gt.json")).read_text())["fields"]
    masked = post(server, "/v1/extract/ktp", {"image": b64(card), "image_type": "base64", "mask_pii": True}).json()
    assert masked["record"]["nik"]["value"] not in (None, truth["nik"])
    assert masked["record"]["nik"]["value"][-4:] == truth["nik"][-4:]
    plain = post(server, "/v1/extract/ktp", {"image": b64(card), "image_type": "base64"}).json()
    assert plain["record"]["nik"]["value"] == truth["nik"]
    log = server.log_text()
    assert truth["nik"] not in log and truth["name"] not in log


# --- every error code ----------------------------------------------------------------------------


def test_every_error_code(server: ServerProcess, images: Loopback) -> None:
    tiny = b64(RECEIPTS[0])
    huge_pixels = io.BytesIO()
    Image.new("L", (9000, 5000)).save(huge_pixels, format="PNG")
    cases: list[tuple[str, int, Any]] = [
        ("parameter_missing", 400, {"model": "deepseek-ocr"}),
        ("invalid_parameter_type", 400, {"image": 12345, "image_type": "base64"}),
        ("invalid_parameter_type", 400, {"image": tiny, "image_type": "base64", "return_image": "yes"}),
        ("invalid_parameter", 400, {"image": tiny, "image_type": "file"}),
        ("invalid_url_format", 400, {"image": "http//example.com/r.jpg"}),
        ("invalid_url_protocol", 400, {"image": "ftp://example.com/r.jpg", "image_type": "url"}),
        ("invalid_url_protocol", 400, {"image": "file:///etc/passwd", "image_type": "url"}),
        ("invalid_base64_format", 400, {"image": "@@@not*base64@@@", "image_type": "base64"}),
        ("unsupported_image", 400, {"image": base64.b64encode(b"plain text, no picture " * 8).decode(),
                                    "image_type": "base64"}),
        ("image_too_large", 400, {"image": base64.b64encode(huge_pixels.getvalue()).decode(), "image_type": "base64"}),
        ("url_not_allowed", 400, {"image": "http://10.1.2.3/r.png", "image_type": "url"}),
        ("download_failed", 400, {"image": f"{base_of(images)}/missing/nothing.png", "image_type": "url"}),
        ("model_not_found", 400, {"model": "gpt-4o", "image": tiny, "image_type": "base64"}),
        ("unsupported_capability", 400, {"model": "deepseek-ocr", "image": tiny, "image_type": "base64",
                                         "prompt": "Free OCR."}),
    ]
    for code, status, body in cases:
        response = post(server, "/v1/ocr", body)
        error = response.json()["error"]
        assert (response.status_code, error["code"]) == (status, code), (code, error)
        assert set(error) >= {"message", "type", "param", "code"}
    # A server path is never read for a client, whatever image_type says.
    for image_type in ("base64", "url"):
        response = post(server, "/v1/ocr", {"image": str(RECEIPTS[0]), "image_type": image_type})
        assert response.status_code == 400
    no_key = post(server, "/v1/ocr", {"image": tiny, "image_type": "base64"}, key=None)
    assert no_key.status_code == 401 and no_key.json()["error"]["code"] == "invalid_api_key"
    assert post(server, "/v1/ocr", {}, key="wrong-key").json()["error"]["code"] == "invalid_api_key"
    assert post(server, "/v1/nothing", {}).json()["error"]["code"] == "not_found"
    not_json = requests.post(f"{server.url}/v1/ocr", data=b"{", headers={"Authorization": f"Bearer {KEY}"}, timeout=10)
    assert not_json.json()["error"]["code"] == "invalid_parameter"


def test_rate_limit_per_key(server: ServerProcess) -> None:
    headers = {"Authorization": f"Bearer {BURST_KEY}"}
    answers = [requests.get(f"{server.url}/v1/models", headers=headers, timeout=10) for _ in range(40)]
    limited = [r for r in answers if r.status_code == 429]
    assert limited and answers[0].status_code == 200
    assert limited[0].json()["error"]["code"] == "rate_limit_exceeded"
    assert int(limited[0].headers["Retry-After"]) >= 1
    assert limited[0].json()["error"]["details"]["retry_after"] >= 1
    # Buckets are per key: the other key is not limited.
    assert requests.get(f"{server.url}/v1/models", headers={"Authorization": f"Bearer {KEY}"}, timeout=10).ok


def test_body_limit_answers_before_the_body_is_sent(server: ServerProcess) -> None:
    auth = f"Authorization: Bearer {KEY}\r\n".encode()
    declared = (b"POST /v1/ocr HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + auth
                + b"Content-Length: 10000000000\r\n\r\n")
    status, answer, sent = raw_exchange(server.port, declared, [b"{" + b" " * 65535] * 4)
    assert status == 413 and b"payload_too_large" in answer and sent == 0
    chunked = (b"POST /v1/ocr HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + auth
               + b"Transfer-Encoding: chunked\r\n\r\n")
    piece = 256 * 1024
    chunk = f"{piece:x}\r\n".encode() + b" " * piece + b"\r\n"
    status, answer, sent = raw_exchange(server.port, chunked, [chunk] * 40)  # 10 MB offered, never finished
    assert status == 413 and b"payload_too_large" in answer
    assert sent < 20 * len(chunk)  # answered at the limit (~2.7 MB), the rest never sent
    # Without a key the answer is 401, before any of the body.
    status, _, sent = raw_exchange(server.port, declared.replace(auth, b""), [b" " * 65536] * 4)
    assert status == 401 and sent == 0


def test_queue_full_answers_503_at_once(server: ServerProcess) -> None:
    body = {"image": b64(RECEIPTS[-1]), "image_type": "base64"}
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(post(server, "/v1/ocr", body).status_code))
               for _ in range(2)]
    for t in threads:  # one reads, one waits: slots 1 + queue 1
        t.start()
        time.sleep(0.3)
    started = time.monotonic()
    refused = post(server, "/v1/ocr", body)
    waited = time.monotonic() - started
    for t in threads:
        t.join()
    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["code"] == "server_overloaded" and int(refused.headers["Retry-After"]) >= 1
    assert waited < 0.5
    assert results == [200, 200]


def tall_strip(copies: int) -> str:
    """A long strip of receipts (base64 PNG): many tiles, seconds of OCR."""
    page = Image.open(RECEIPTS[0]).convert("L")
    strip = Image.new("L", (page.width, page.height * copies), 255)
    for i in range(copies):
        strip.paste(page, (0, i * page.height))
    buf = io.BytesIO()
    strip.save(buf, format="PNG", optimize=True)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def test_deadline_frees_the_slot(server: ServerProcess) -> None:
    before = children(server.proc.pid)
    assert before
    started = time.monotonic()
    late = post(server, "/v1/ocr", {"image": tall_strip(12), "image_type": "base64"}, **{"X-Request-Timeout": "1.0"})
    assert late.status_code == 504 and late.json()["error"]["code"] == "timeout"
    assert time.monotonic() - started < 3.0
    # The worker that was reading it was killed, not left to finish, and a new one took its slot.
    deadline = time.monotonic() + 10
    while children(server.proc.pid) & before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not children(server.proc.pid) & before
    after = post(server, "/v1/ocr", {"image": b64(RECEIPTS[0]), "image_type": "base64"})
    assert after.status_code == 200
    metrics = requests.get(f"{server.url}/metrics", timeout=10).text
    assert "idextract_worker_restarts_total 1" in metrics


# --- status endpoints, logs ---------------------------------------------------------------------


def test_open_endpoints_and_metrics(server: ServerProcess) -> None:
    assert requests.get(f"{server.url}/health", timeout=5).json() == {"status": "ok"}
    assert requests.get(f"{server.url}/ready", timeout=5).status_code == 200
    assert requests.get(f"{server.url}/v1/models", timeout=5).status_code == 401
    models = requests.get(f"{server.url}/v1/models", headers={"Authorization": f"Bearer {KEY}"}, timeout=5).json()
    assert {m["id"] for m in models["data"]} == {"deepseek-ocr", "rapidocr"}
    spec = requests.get(f"{server.url}/openapi.json", timeout=5).json()
    assert {f"/v1/extract/{kind.name}" for kind in idextract.document_types()} <= set(spec["paths"])
    metrics = requests.get(f"{server.url}/metrics", timeout=5).text
    for name in ("idextract_requests_total{", "idextract_request_duration_seconds_bucket{", "idextract_queue_depth ",
                 "idextract_in_flight ", "idextract_errors_total{code="):
        assert name in metrics
    for line in server.log_text().splitlines():
        if '"event": "request"' in line:
            entry = json.loads(line)
            assert set(entry) == {"ts", "event", "request_id", "method", "route", "status", "code", "ms", "bytes_in",
                                  "bytes_out", "key", "engine_ms"}


def test_refuses_a_public_address_without_a_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "IDEXTRACT_API_KEYS"}
    proc = subprocess.run([sys.executable, "-m", "idextract", "serve", "--host", "0.0.0.0"], capture_output=True,
                          text=True, timeout=60, cwd=REPO, env=env)
    assert proc.returncode == 2 and "--insecure-no-auth" in proc.stderr and "Traceback" not in proc.stderr


def test_sigterm_drains_in_flight_requests(tmp_path: Path) -> None:
    server = start_server(["--queue", "2"], tmp_path / "drain.log")
    try:
        answers: list[requests.Response] = []
        body = {"image": b64(RECEIPTS[-1]), "image_type": "base64"}
        worker = threading.Thread(target=lambda: answers.append(requests.post(f"{server.url}/v1/ocr", json=body,
                                                                              timeout=60)))
        worker.start()
        time.sleep(0.3)
        server.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        # Draining: no new connection is accepted, the request in flight goes on.
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{server.url}/health", timeout=5)
        worker.join()
        assert answers[0].status_code == 200 and answers[0].json()["choices"][0]["text"]
        assert server.proc.wait(30) in (0, -signal.SIGTERM)
    finally:
        server.stop(10)
