"""The hosted DeepSeek OCR API client, against a real HTTP server on 127.0.0.1 speaking its contract.

Every test starts its own server (tests/loopback.py) and counts the requests it receives, so
retry behaviour is shown by what arrives on the wire, not by mocks. Backoff is shortened with
``backoff_base``/``backoff_max`` except where the test checks a server-requested wait.
"""

from __future__ import annotations

import base64
import io
import logging
from decimal import Decimal
from typing import Any

import pytest
import requests
from loopback import Loopback, Reply, closed_port
from PIL import Image

import idextract
from idextract.errors import (
    APIConnectionError,
    APIError,
    APIResponseError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InputError,
    InternalServerError,
    NotFoundError,
    OcrError,
    OcrUnavailableError,
    PaymentRequiredError,
    PermissionDeniedError,
    RateLimitError,
)
from idextract.images import load_image
from idextract.ocr import OcrBackend, get_backend
from idextract.ocr.neosantara import NeosantaraOCR

KEY = "sk-neo-TEST-9f8e7d6c5b4a"
FAST: dict[str, Any] = {"backoff_base": 0.01, "backoff_max": 0.05}
RECEIPT = """TOKO MAJU JAYA
Jl. Merdeka No. 10, Denpasar
12/03/2024 14:22
AQUA 600ML 2 x 3.500 7.000
ROTI TAWAR 12.700
TOTAL 19.700
TUNAI 20.000
KEMBALI 300"""
USAGE = {"prompt_tokens": 50, "completion_tokens": 61, "total_tokens": 111}


def choices_shape(text: str = RECEIPT, **extra: Any) -> dict[str, Any]:
    return {"id": "ocr-abc123", "object": "ocr.completion", "created": 1234567890, "model": "deepseek-ocr",
            "choices": [{"index": 0, "text": text, "finish_reason": "stop"}], "usage": USAGE, **extra}


def flat_shape(text: str = RECEIPT, **extra: Any) -> dict[str, Any]:
    return {"id": "ocr-abc123", "object": "ocr.completion", "created": 1234567890, "model": "deepseek-ocr",
            "extracted_text": text, "finish_reason": "stop", "usage": USAGE, **extra}


def error(code: str, message: str = "bad", param: str | None = "image", status_type: str = "invalid_request_error",
          **extra: Any) -> dict[str, Any]:
    return {"error": {"message": message, "type": status_type, "param": param, "code": code, **extra}}


def picture(size: tuple[int, int] = (320, 480)) -> Image.Image:
    return Image.new("RGB", size, "white")


def client(server: Loopback, **kw: Any) -> NeosantaraOCR:
    return NeosantaraOCR(KEY, base_url=server.url, **{**FAST, **kw})


def raised(server: Loopback, **kw: Any) -> APIError:
    with pytest.raises(APIError) as info:
        client(server, **kw).ocr(picture())
    return info.value


# --- success --------------------------------------------------------------------------------------


def test_both_success_shapes_give_identical_results_and_records() -> None:
    with Loopback([Reply(200, choices_shape(), {"X-Request-Id": "req-1"})]) as a, \
            Loopback([Reply(200, flat_shape(), {"X-Request-Id": "req-1"})]) as b:
        ra = client(a).ocr(picture())
        rb = client(b).ocr(picture())
    assert ra.model_dump(exclude={"meta"}) == rb.model_dump(exclude={"meta"})
    timing = ("seconds",)
    assert ({k: v for k, v in ra.meta.items() if k not in timing}
            == {k: v for k, v in rb.meta.items() if k not in timing})
    assert ra.engine == "neosantara" and ra.image_size == (320, 480)
    assert [w.text for w in ra.words] == RECEIPT.splitlines()
    assert all(w.box is None for w in ra.words)
    assert ra.meta["id"] == "ocr-abc123" and ra.meta["request_id"] == "req-1"
    assert ra.meta["usage"] == USAGE and ra.meta["finish_reason"] == "stop" and ra.meta["attempts"] == 1

    rec_a, rec_b = idextract.parse_receipt(ra), idextract.parse_receipt(rb)
    assert rec_a.model_dump() == rec_b.model_dump()
    assert rec_a.total.value == Decimal("19700")
    assert rec_a.amount_paid.value == Decimal("20000") and rec_a.change.value == Decimal("300")
    assert rec_a.transaction_date.value.isoformat() == "2024-03-12"
    assert rec_a.engine == "neosantara"


def test_the_request_follows_the_contract() -> None:
    with Loopback([Reply(200, flat_shape())]) as server:
        client(server).ocr(picture((321, 479)))
        (req,) = server.requests
    assert req.method == "POST" and req.path == "/v1/ocr"
    assert req.headers["authorization"] == f"Bearer {KEY}"
    assert req.headers["content-type"] == "application/json"
    body = req.json
    assert body["model"] == "deepseek-ocr" and body["image_type"] == "base64" and body["return_image"] is False
    sent = Image.open(io.BytesIO(base64.b64decode(body["image"])))
    assert sent.format == "JPEG" and sent.size == (321, 479)


def test_png_can_be_sent_instead_of_jpeg() -> None:
    with Loopback([Reply(200, flat_shape())]) as server:
        client(server, image_format="PNG").ocr(picture())
        sent = Image.open(io.BytesIO(base64.b64decode(server.requests[0].json["image"])))
    assert sent.format == "PNG"


def test_exif_rotation_is_applied_before_sending(tmp_path: Any) -> None:
    # A photo stored 480 x 320 with "rotate 90 CW" in EXIF is upright at 320 x 480.
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "sideways.jpg"
    Image.new("RGB", (480, 320), "white").save(path, exif=exif.tobytes())
    with Loopback([Reply(200, flat_shape())]) as server:
        result = client(server).ocr(load_image(path))
        sent = Image.open(io.BytesIO(base64.b64decode(server.requests[0].json["image"])))
    assert sent.size == (320, 480) and result.image_size == (320, 480)


def test_url_is_passed_through() -> None:
    url = "https://example.com/struk.jpg?sig=abc"
    with Loopback([Reply(200, choices_shape())]) as server:
        result = client(server).ocr_url(url)
        body = server.requests[0].json
    assert body["image_type"] == "url" and body["image"] == url and body["model"] == "deepseek-ocr"
    assert result.image_size is None
    assert idextract.parse_receipt(result).total.value == Decimal("19700")


def test_extract_receipt_passes_a_url_through_without_downloading() -> None:
    url = "https://example.com/struk.jpg"
    with Loopback([Reply(200, choices_shape())]) as server:
        record = idextract.extract_receipt(url, ocr=client(server))
        body = server.requests[0].json
    assert server.count == 1 and body["image_type"] == "url" and body["image"] == url
    assert record.total.value == Decimal("19700") and record.annotated_image is None


@pytest.mark.parametrize(
    ("url", "code"),
    [("ftp://example.com/a.jpg", "invalid_url_protocol"), ("file:///etc/passwd", "invalid_url_protocol"),
     ("https:///nohost.jpg", "invalid_url_format"), ("", "parameter_missing")],
)
def test_bad_urls_are_refused_before_any_request(url: str, code: str) -> None:
    with Loopback([Reply(200, flat_shape())]) as server:
        with pytest.raises(InputError) as info:
            client(server).ocr_url(url)
        assert server.count == 0
    assert info.value.code == code


def test_return_image_keeps_the_annotated_image_bytes() -> None:
    jpeg = b"\xff\xd8\xff\xe0fake-jpeg-bytes\xff\xd9"
    reply = choices_shape(result_image_base64=base64.b64encode(jpeg).decode())
    with Loopback([Reply(200, reply)]) as server:
        result = client(server, return_image=True).ocr(picture())
        assert server.requests[0].json["return_image"] is True
    assert result.meta["result_image"] == jpeg
    assert not result.warnings


def test_return_image_without_an_image_in_the_answer_warns() -> None:
    with Loopback([Reply(200, flat_shape())]) as server:
        result = client(server, return_image=True).ocr(picture())
    assert result.meta["result_image"] is None
    assert any("annotated image" in w for w in result.warnings)


MARKDOWN = """# TOKO MAJU JAYA
Jl. Merdeka No. 10, Denpasar
12/03/2024 14:22

| Item | Qty | Harga |
|---|:---:|---:|
| AQUA 600ML | 2 x 3.500 | 7.000 |
| ROTI TAWAR | | 12.700 |

**TOTAL** 19.700
TUNAI 20.000
KEMBALI 300"""

HTML = """TOKO MAJU JAYA
Jl. Merdeka No. 10, Denpasar
12/03/2024 14:22
<table><tr><td>AQUA 600ML</td><td>2 x 3.500</td><td>7.000</td></tr>
<tr><td>ROTI TAWAR</td><td></td><td>12.700</td></tr>
<tr><td>TOTAL</td><td></td><td>19.700</td></tr><tr><td>TUNAI</td><td></td><td>20.000</td></tr>
<tr><td>KEMBALI</td><td></td><td>300</td></tr></table>"""


@pytest.mark.parametrize("text", [MARKDOWN, HTML], ids=["markdown-table", "html-table"])
def test_tables_are_flattened_to_rows(text: str) -> None:
    with Loopback([Reply(200, flat_shape(text))]) as server:
        result = client(server).ocr(picture())
    texts = [w.text for w in result.words]
    assert "AQUA 600ML 2 x 3.500 7.000" in texts and "TOTAL 19.700" in texts
    assert not any("|" in t or "<" in t for t in texts)
    record = idextract.parse_receipt(result)
    assert (record.total.value, record.amount_paid.value, record.change.value) == (
        Decimal("19700"), Decimal("20000"), Decimal("300"))


def test_a_looping_answer_is_cut_and_flagged() -> None:
    text = RECEIPT + "\n" + "\n".join(["KEMBALI 300"] * 40)
    with Loopback([Reply(200, choices_shape(text))]) as server:
        result = client(server).ocr(picture())
    assert [w.text for w in result.words] == RECEIPT.splitlines()
    assert any("repetition loop" in w for w in result.warnings)
    assert all(w.confidence is not None and w.confidence < 0.9 for w in result.words)


def test_an_empty_text_gives_no_words_and_a_warning() -> None:
    with Loopback([Reply(200, flat_shape(""))]) as server:
        result = client(server).ocr(picture())
    assert result.words == [] and any("no text" in w for w in result.warnings)


# --- idextract serve's extension: the engine's words with their boxes ----------------------------


def located(size: tuple[int, int] = (320, 480), scale: float = 1.0) -> dict[str, Any]:
    """The extension for RECEIPT at ``scale``: one word per line, stacked down the page."""
    words = [{"text": line, "box": [v * scale for v in (10.0, 20.0 + 30 * i, 10.0 + 10 * len(line), 44.0 + 30 * i)],
              "polygon": None, "confidence": 0.97, "slope": None} for i, line in enumerate(RECEIPT.splitlines())]
    return {"words": words, "image_size": list(size)}


def test_words_with_boxes_are_kept() -> None:
    extension = located()
    with Loopback([Reply(200, choices_shape(**extension))]) as server:
        result = client(server).ocr(picture())
    assert [w.model_dump(mode="json") for w in result.words] == extension["words"]
    assert result.image_size == (320, 480) and result.warnings == []
    assert result.meta["usage"] == USAGE and result.meta["id"] == "ocr-abc123"
    record = idextract.parse_receipt(result)
    assert record.total.value == Decimal("19700") and record.total.box is not None


def test_words_read_on_a_downscaled_copy_come_back_in_the_pictures_pixels() -> None:
    with Loopback([Reply(200, choices_shape(**located((160, 240), scale=0.5)))]) as server:
        result = client(server, max_side=240).ocr(picture((320, 480)))
        sent = Image.open(io.BytesIO(base64.b64decode(server.requests[0].json["image"])))
    assert sent.size == (160, 240) and result.image_size == (320, 480)
    assert [list(w.box or ()) for w in result.words] == [w["box"] for w in located()["words"]]


def _broken(case: str) -> dict[str, Any]:
    extension = located()
    word = extension["words"][1]
    edits: dict[str, Any] = {
        "words-not-a-list": lambda: extension.update(words={"text": "TOTAL"}),
        "no-image-size": lambda: extension.pop("image_size"),
        "zero-size": lambda: extension.update(image_size=[0, 480]),
        "size-as-text": lambda: extension.update(image_size=["320", "480"]),
        "no-box": lambda: word.pop("box"),
        "box-of-three": lambda: word.update(box=[1, 2, 3]),
        "inverted-box": lambda: word.update(box=[50, 20, 10, 40]),
        "nan-coordinate": lambda: word.update(box=[float("nan"), 20, 30, 40]),
        "text-not-text": lambda: word.update(text=12),
        "confidence-over-1": lambda: word.update(confidence=1.5),
        "polygon-not-points": lambda: word.update(polygon=[[1, 2, 3]]),
        "word-not-an-object": lambda: extension["words"].append("TOTAL"),
        "no-words-for-the-text": lambda: extension.update(words=[]),
    }
    edits[case]()
    return extension


@pytest.mark.parametrize("case", ["words-not-a-list", "no-image-size", "zero-size", "size-as-text", "no-box",
                                  "box-of-three", "inverted-box", "nan-coordinate", "text-not-text",
                                  "confidence-over-1", "polygon-not-points", "word-not-an-object",
                                  "no-words-for-the-text"])
def test_malformed_words_fall_back_to_the_text(case: str) -> None:
    with Loopback([Reply(200, choices_shape(**_broken(case))), Reply(200, choices_shape())]) as server:
        broken = client(server).ocr(picture())
        plain = client(server).ocr(picture())
    assert broken.model_dump(exclude={"meta"}) == plain.model_dump(exclude={"meta"})
    assert [w.text for w in broken.words] == RECEIPT.splitlines() and all(w.box is None for w in broken.words)
    assert idextract.parse_receipt(broken).total.value == Decimal("19700")


# --- errors ---------------------------------------------------------------------------------------

DOCUMENTED_CODES = ["model_not_found", "unsupported_capability", "parameter_missing", "invalid_parameter",
                    "invalid_parameter_type", "invalid_url_format", "invalid_url_protocol", "invalid_base64_format"]


@pytest.mark.parametrize("code", DOCUMENTED_CODES)
def test_each_documented_error_code_is_mapped_and_not_retried(code: str) -> None:
    body = error(code, message=f"problem: {code}", param="model" if code == "model_not_found" else "image")
    with Loopback([Reply(400, body, {"X-Request-Id": f"req-{code}"})]) as server:
        exc = raised(server)
        assert server.count == 1
    assert isinstance(exc, BadRequestError) and isinstance(exc, OcrError)
    assert exc.status == 400 and exc.code == code and exc.request_id == f"req-{code}"
    assert exc.param == ("model" if code == "model_not_found" else "image")
    assert exc.type == "invalid_request_error"
    assert code in str(exc) and f"problem: {code}" in str(exc)
    assert exc.body == body


def test_401_is_one_request_and_an_authentication_error_that_never_shows_the_key() -> None:
    # The server echoes the key back, as some do: it must not reach the message.
    body = error("invalid_api_key", message=f"Invalid API key: {KEY}", param=None, status_type="authentication_error")
    with Loopback([Reply(401, body)]) as server:
        exc = raised(server, max_retries=5)
        assert server.count == 1
    assert isinstance(exc, AuthenticationError) and exc.status == 401 and exc.code == "invalid_api_key"
    for text in (str(exc), repr(exc), str(exc.args), repr(exc.body), repr(vars(exc))):
        assert KEY not in text


def test_402_is_a_payment_required_error() -> None:
    body = error("insufficient_balance", message="Your balance is exhausted", param=None)
    with Loopback([Reply(402, body)]) as server:
        exc = raised(server)
        assert server.count == 1
    assert isinstance(exc, PaymentRequiredError) and exc.status == 402 and exc.code == "insufficient_balance"


@pytest.mark.parametrize(("status", "cls"), [(403, PermissionDeniedError), (404, NotFoundError),
                                             (422, BadRequestError), (418, APIStatusError)])
def test_other_4xx_are_mapped_and_never_retried(status: int, cls: type[APIError]) -> None:
    with Loopback([Reply(status, error("whatever", param=None))]) as server:
        exc = raised(server)
        assert server.count == 1
    assert type(exc) is cls and exc.status == status


def test_429_with_retry_after_waits_then_succeeds() -> None:
    script = [Reply(429, error("rate_limit_exceeded", param=None), {"Retry-After": "1"}), Reply(200, flat_shape())]
    with Loopback(script) as server:
        result = client(server).ocr(picture())
        first, second = server.requests
    assert server.count == 2 and result.meta["attempts"] == 2
    assert second.at - first.at >= 1.0


def test_429_honours_error_details_retry_after() -> None:
    body = error("rate_limit_exceeded", param=None, details={"retry_after": 0.4})
    with Loopback([Reply(429, body), Reply(200, flat_shape())]) as server:
        client(server).ocr(picture())
        first, second = server.requests
    assert second.at - first.at >= 0.4


def test_retry_after_is_capped() -> None:
    with Loopback([Reply(429, error("rate_limit_exceeded", param=None), {"Retry-After": "3600"}),
                   Reply(200, flat_shape())]) as server:
        client(server, retry_after_max=0.2).ocr(picture())
        first, second = server.requests
    assert 0.2 <= second.at - first.at < 5


def test_429_that_persists_ends_in_a_rate_limit_error_after_the_retries() -> None:
    with Loopback([Reply(429, error("rate_limit_exceeded", param=None), {"Retry-After": "0"})]) as server:
        exc = raised(server, max_retries=2)
        assert server.count == 3
    assert isinstance(exc, RateLimitError) and exc.retry_after == 0.0 and exc.attempts == 3


def test_503_503_200_succeeds_after_three_requests() -> None:
    down = Reply(503, error("service_unavailable", message="upstream down", param=None))
    with Loopback([down, down, Reply(200, choices_shape())]) as server:
        result = client(server).ocr(picture())
        assert server.count == 3
    assert result.meta["attempts"] == 3
    assert idextract.parse_receipt(result).total.value == Decimal("19700")


@pytest.mark.parametrize("status", [408, 409, 502, 504])
def test_transient_statuses_are_retried(status: int) -> None:
    with Loopback([Reply(status, {"error": {"message": "later"}}), Reply(200, flat_shape())]) as server:
        client(server).ocr(picture())
        assert server.count == 2


def test_500_with_detail_is_retried_once_then_raised() -> None:
    body = {"detail": "OCR Error: cannot identify image file"}
    with Loopback([Reply(500, body)]) as server:
        exc = raised(server, max_retries=5)
        assert server.count == 2
    assert isinstance(exc, InternalServerError) and exc.status == 500
    assert "OCR Error: cannot identify image file" in str(exc) and exc.body == body


def test_a_single_500_is_retried_and_can_succeed() -> None:
    with Loopback([Reply(500, {"detail": "OCR Error: CUDA busy"}), Reply(200, flat_shape())]) as server:
        result = client(server).ocr(picture())
        assert server.count == 2
    assert result.meta["attempts"] == 2


def test_max_retries_zero_means_one_request() -> None:
    with Loopback([Reply(503, None)]) as server:
        exc = raised(server, max_retries=0)
        assert server.count == 1
    assert isinstance(exc, InternalServerError) and exc.status == 503


def test_an_html_error_page_still_maps_by_status() -> None:
    with Loopback([Reply(502, "<html><body><h1>502 Bad Gateway</h1></body></html>")]) as server:
        exc = raised(server, max_retries=1)
        assert server.count == 2
    assert isinstance(exc, InternalServerError) and exc.status == 502 and exc.body is None
    assert "502 Bad Gateway" in str(exc)


def test_malformed_json_is_an_error_and_not_retried() -> None:
    with Loopback([Reply(200, '{"extracted_text": "TOTAL 19.700", ')]) as server:
        exc = raised(server)
        assert server.count == 1
    assert isinstance(exc, APIResponseError) and exc.status == 200


@pytest.mark.parametrize("body", [{"id": "x", "usage": {}}, [1, 2], {"choices": []}, {"extracted_text": 42}])
def test_json_without_text_is_an_error(body: Any) -> None:
    with Loopback([Reply(200, body)]) as server:
        exc = raised(server)
    assert isinstance(exc, APIResponseError)


def test_a_slow_first_response_succeeds_with_the_default_timeouts() -> None:
    # A cold start: the first answer takes seconds. The default read timeout (60 s) covers it.
    with Loopback([Reply(200, flat_shape(), delay=2.0)]) as server:
        api = NeosantaraOCR(KEY, base_url=server.url)
        assert api.timeout == (5.0, 60.0)
        result = api.ocr(picture())
        assert server.count == 1
    assert result.meta["seconds"] >= 2.0


def test_a_read_timeout_is_retried_then_raised() -> None:
    with Loopback([Reply(200, flat_shape(), delay=1.0)]) as server:
        exc = raised(server, timeout=(2.0, 0.3), max_retries=1)
        assert server.count == 2
    assert isinstance(exc, APITimeoutError) and isinstance(exc, APIConnectionError) and exc.status is None


def test_a_timeout_then_a_fast_answer_succeeds() -> None:
    with Loopback([Reply(200, flat_shape(), delay=1.0), Reply(200, flat_shape())]) as server:
        result = client(server, timeout=(2.0, 0.3)).ocr(picture())
        assert server.count == 2
    assert result.meta["attempts"] == 2


def test_a_dropped_connection_is_retried() -> None:
    with Loopback([Reply(hang_up=True), Reply(hang_up=True), Reply(200, flat_shape())]) as server:
        result = client(server).ocr(picture())
        assert server.count == 3
    assert result.words


def test_connection_refused_is_an_api_connection_error() -> None:
    api = NeosantaraOCR(KEY, base_url=f"http://127.0.0.1:{closed_port()}/v1", max_retries=1, **FAST)
    with pytest.raises(APIConnectionError) as info:
        api.ocr(picture())
    assert not isinstance(info.value, APITimeoutError) and info.value.attempts == 2


# --- the key, headers, configuration --------------------------------------------------------------


def test_the_key_is_never_in_reprs_exceptions_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api_errors: list[BaseException] = []
    script = [Reply(503, error("down", message=f"key {KEY} is fine, we are not")),
              Reply(400, error("invalid_base64_format", message=f"bad image for {KEY}"))]
    with Loopback(script) as server:
        api = client(server)
        with pytest.raises(APIError) as info:
            api.ocr(picture())
        api_errors.append(info.value)
    with Loopback([Reply(200, flat_shape(), delay=0.6)]) as slow:
        with pytest.raises(APITimeoutError) as timeout_info:
            client(slow, timeout=(1.0, 0.2), max_retries=0).ocr(picture())
        api_errors.append(timeout_info.value)
    refused = NeosantaraOCR(KEY, base_url=f"http://127.0.0.1:{closed_port()}/v1", max_retries=0)
    with pytest.raises(APIConnectionError) as refused_info:
        refused.ocr(picture())
    api_errors.append(refused_info.value)
    assert KEY not in repr(api) and KEY not in str(api) and "***" in repr(api)
    assert KEY not in repr(api._http)
    for exc in api_errors:
        assert KEY not in str(exc) and KEY not in repr(exc)
        assert KEY not in repr(getattr(exc, "body", None))
    assert KEY not in caplog.text
    assert "retry" in caplog.text  # the retry was logged, without the key


def test_x_guard_is_never_sent_even_from_an_injected_session() -> None:
    session = requests.Session()
    session.headers["X-Guard"] = "on"
    session.headers["X-Trace"] = "kept"
    with Loopback([Reply(200, flat_shape())]) as server:
        client(server, session=session).ocr(picture())
        client(server, session=session).ocr_url("https://example.com/a.jpg")
        for req in server.requests:
            assert "x-guard" not in req.headers
            assert req.headers["x-trace"] == "kept"  # the session's other headers are used


def test_the_api_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEOSANTARA_API_KEY", KEY)
    with Loopback([Reply(200, flat_shape())]) as server:
        NeosantaraOCR(base_url=server.url).ocr(picture())
        assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_no_key_is_an_unavailable_backend_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEOSANTARA_API_KEY", raising=False)
    with pytest.raises(OcrUnavailableError, match="NEOSANTARA_API_KEY"):
        NeosantaraOCR()
    with pytest.raises(OcrUnavailableError, match="NEOSANTARA_API_KEY"):
        get_backend("neosantara")


def test_it_is_a_backend_with_the_documented_defaults() -> None:
    api = NeosantaraOCR(KEY)
    assert isinstance(api, OcrBackend) and api.name == "neosantara" and NeosantaraOCR.is_available()
    assert api.base_url == "https://api.neosantara.xyz/v1" and api.model == "deepseek-ocr"
    assert api.timeout == (5.0, 60.0) and api.max_retries == 2


def test_an_injected_session_is_not_closed() -> None:
    session = requests.Session()
    with Loopback([Reply(200, flat_shape())]) as server:
        with client(server, session=session) as api:
            api.ocr(picture())
        # Still usable after the client is closed.
        client(server, session=session).ocr(picture())
        assert server.count == 2
