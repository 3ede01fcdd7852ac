"""Self-hosted DeepSeek-OCR (OpenAI chat completions), against a real server on 127.0.0.1.

The server answers with grounding output as DeepSeek-OCR writes it: one
``<|ref|>TEXT<|/ref|><|det|>[[x1, y1, x2, y2]]<|/det|>`` per line, coordinates 0-999.
"""

from __future__ import annotations

import base64
import io
from decimal import Decimal
from typing import Any

import pytest
from loopback import Loopback, Recorded, Reply
from PIL import Image

import idextract
from idextract.errors import BadRequestError, OcrError
from idextract.ocr import OcrBackend, OcrResult, OcrWord, get_backend
from idextract.ocr.openai_chat import DEFAULT_VLLM_XARGS, GROUNDING_PROMPT, OpenAIChatOCR

FAST: dict[str, Any] = {"backoff_base": 0.01, "backoff_max": 0.05}
W, H = 666, 1332  # pixel x = x / 999 * 666 = 2/3 x; pixel y = 4/3 y


def line(text: str, *boxes: tuple[int, int, int, int]) -> str:
    det = ", ".join(f"[{x0}, {y0}, {x1}, {y1}]" for x0, y0, x1, y1 in boxes)
    return f"<|ref|>{text}<|/ref|><|det|>[{det}]<|/det|>"


GROUNDED = "\n".join([
    line("TOKO MAJU JAYA", (300, 30, 700, 60)),
    line("12/03/2024 14:22", (60, 90, 450, 112)),
    line("AQUA 600ML", (60, 150, 400, 172)),
    line("7.000", (780, 150, 930, 172)),
    line("ROTI TAWAR", (60, 190, 400, 212)),
    line("12.700", (780, 190, 930, 212)),
    line("TOTAL", (60, 260, 300, 285)),
    line("19.700", (780, 260, 930, 285)),
    line("TUNAI", (60, 300, 300, 322)),
    line("20.000", (780, 300, 930, 322)),
    line("KEMBALI", (60, 340, 300, 362)),
    line("300", (840, 340, 930, 362)),
]) + "<｜end▁of▁sentence｜>"


def completion(content: Any, finish_reason: str = "stop") -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "deepseek-ai/DeepSeek-OCR",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": 273, "completion_tokens": 400, "total_tokens": 673}}


def picture() -> Image.Image:
    return Image.new("RGB", (W, H), "white")


def client(server: Loopback, **kw: Any) -> OpenAIChatOCR:
    return OpenAIChatOCR(server.url, **{**FAST, **kw})


class TextBackend:
    """A real backend (the protocol, no mocking) that reads every image as the same text."""

    name = "textfake"

    def __init__(self, text: str, fail: bool = False) -> None:
        self.text, self.fail, self.calls = text, fail, 0

    @classmethod
    def is_available(cls) -> bool:
        return True

    def ocr(self, image: Image.Image) -> OcrResult:
        self.calls += 1
        if self.fail:
            raise OcrError("the fallback broke")
        return OcrResult(engine=self.name, image_size=image.size,
                         words=[OcrWord(text=t, confidence=0.99) for t in self.text.splitlines()])


def test_grounding_output_gives_words_with_pixel_boxes() -> None:
    with Loopback([Reply(200, completion(GROUNDED), {"X-Request-Id": "r-7"})]) as server:
        result = client(server).ocr(picture())
    assert result.engine == "deepseek" and result.image_size == (W, H) and not result.warnings
    assert len(result.words) == 12
    total = next(w for w in result.words if w.text == "19.700")
    assert total.box == pytest.approx((780 * W / 999, 260 * H / 999, 930 * W / 999, 285 * H / 999), abs=0.1)
    assert all(w.box is not None for w in result.words)
    assert result.meta["request_id"] == "r-7" and result.meta["finish_reason"] == "stop" and result.meta["grounded"]
    rows = [r.text for r in result.rows()]
    assert "TOTAL 19.700" in rows and "AQUA 600ML 7.000" in rows

    record = idextract.parse_receipt(result)
    assert record.total.value == Decimal("19700") and record.change.value == Decimal("300")
    assert record.transaction_date.value.isoformat() == "2024-03-12"
    assert record.total.box is not None and record.total.box.x1 > W / 2  # reaches the amount, in pixels


def test_the_request_follows_the_documented_contract() -> None:
    with Loopback([Reply(200, completion(GROUNDED))]) as server:
        client(server).ocr(picture())
        (req,) = server.requests
    assert req.path == "/v1/chat/completions" and "authorization" not in req.headers
    body = req.json
    assert body["model"] == "deepseek-ai/DeepSeek-OCR"
    assert body["max_tokens"] == 4096 and body["temperature"] == 0.0 and body["skip_special_tokens"] is False
    assert body["vllm_xargs"] == {"ngram_size": 30, "window_size": 90, "whitelist_token_ids": [128821, 128822]}
    (message,) = body["messages"]
    image_part, text_part = message["content"]
    assert text_part == {"type": "text", "text": GROUNDING_PROMPT} and "<image>" not in text_part["text"]
    url = image_part["image_url"]["url"]
    assert url.startswith("data:image/png;base64,")
    sent = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1])))
    assert sent.format == "PNG" and sent.size == (W, H)


def test_an_api_key_is_sent_as_a_bearer_token_and_hidden() -> None:
    with Loopback([Reply(200, completion(GROUNDED))]) as server:
        api = client(server, api_key="local-secret-123")
        api.ocr(picture())
        assert server.requests[0].headers["authorization"] == "Bearer local-secret-123"
    assert "local-secret-123" not in repr(api) and "***" in repr(api)


def test_malformed_grounding_is_skipped_never_evaluated() -> None:
    content = "\n".join([
        line("TOTAL 19.700", (60, 260, 930, 285)),
        "<|ref|>TUNAI 20.000<|/ref|><|det|>[[60, 300, 930<|/det|>",          # cut short
        "<|det|>[[60, 400, 930, 420]]<|/det|>",                                # orphan det
        "<|ref|>KEMBALI 300<|/ref|><|det|>[[__import__('os').system('false')]]<|/det|>",  # never eval'd
        "<|ref|>BAYAR<|/ref|><|det|>[[930, 500, 60, 520]]<|/det|>",            # x1 < x0
        "<|ref|>PPN<|/ref|><|det|>[[60, 500, 1500, 520]]<|/det|>",             # outside 0-999
        "<|det|>[[1, 2, 3",                                                    # unclosed
    ])
    with Loopback([Reply(200, completion(content))]) as server:
        result = client(server).ocr(picture())
    texts = {w.text: w.box for w in result.words}
    assert set(texts) == {"TOTAL 19.700", "TUNAI 20.000", "KEMBALI 300", "BAYAR", "PPN"}
    assert texts["TOTAL 19.700"] is not None
    assert all(texts[t] is None for t in ("TUNAI 20.000", "KEMBALI 300", "BAYAR", "PPN"))
    assert any("6 malformed grounding box(es) skipped" in w for w in result.warnings)
    assert not any("[[" in w.text or "<|" in w.text for w in result.words)


def test_several_boxes_per_ref() -> None:
    content = "\n".join([
        line("ES TEH 5.000", (60, 150, 400, 172), (60, 300, 400, 322)),       # the same line twice
        line("TOTAL 10.000", (60, 400, 300, 422), (500, 402, 930, 424)),       # one line in two pieces
    ])
    with Loopback([Reply(200, completion(content))]) as server:
        result = client(server).ocr(picture())
    es = [w for w in result.words if w.text == "ES TEH 5.000"]
    assert len(es) == 2 and es[0].box != es[1].box
    (total,) = [w for w in result.words if w.text == "TOTAL 10.000"]
    assert total.box == pytest.approx((60 * W / 999, 400 * H / 999, 930 * W / 999, 424 * H / 999), abs=0.1)


def test_document_mode_blocks_give_one_word_per_content_line() -> None:
    content = (
        "<|ref|>title<|/ref|><|det|>[[300, 30, 700, 60]]<|/det|>\n# TOKO MAJU JAYA\n\n"
        "<|ref|>table<|/ref|><|det|>[[60, 260, 930, 362]]<|/det|>\n"
        "<table><tr><td>TOTAL</td><td>19.700</td></tr><tr><td>TUNAI</td><td>20.000</td></tr>"
        "<tr><td>KEMBALI</td><td>300</td></tr></table>\n"
        "<|ref|>image<|/ref|><|det|>[[0, 900, 999, 999]]<|/det|>\n"
    )
    with Loopback([Reply(200, completion(content))]) as server:
        prompt = "<|grounding|>Convert the document to markdown."
        result = client(server, prompt=prompt).ocr(picture())
        assert server.requests[0].json["messages"][0]["content"][1]["text"] == prompt
    assert [w.text for w in result.words] == ["TOKO MAJU JAYA", "TOTAL 19.700", "TUNAI 20.000", "KEMBALI 300"]
    boxes = [w.box for w in result.words[1:] if w.box is not None]
    assert len(boxes) == 3
    assert boxes[0].y1 <= boxes[1].y0 + 0.2 and boxes[1].y1 <= boxes[2].y0 + 0.2  # stacked slices
    assert idextract.parse_receipt(result).total.value == Decimal("19700")


LOOP = GROUNDED.replace("<｜end▁of▁sentence｜>", "") + "\n" + "\n".join([line("KEMBALI", (60, 340, 300, 362))] * 50)


def test_a_repetition_loop_is_cut_flagged_and_lowers_confidence() -> None:
    with Loopback([Reply(200, completion(LOOP, finish_reason="length"))]) as server:
        result = client(server).ocr(picture())
    assert result.engine == "deepseek"
    assert [w.text for w in result.words].count("KEMBALI") == 2  # the receipt's own, plus one loop copy
    assert any("repetition loop" in w for w in result.warnings)
    assert any("token limit" in w for w in result.warnings)
    assert all(w.confidence is not None and w.confidence <= 0.7 for w in result.words)
    assert min(w.confidence for w in result.words if w.confidence is not None) <= 0.4
    record = idextract.parse_receipt(result)
    # The lowered OCR confidence reaches the field (the printed arithmetic may still confirm it).
    assert record.total.value == Decimal("19700") and any("OCR score" in n for n in record.total.notes)
    assert any("repetition loop" in w for w in record.warnings)


def test_a_loop_within_one_line_is_cut() -> None:
    content = GROUNDED + "\n" + "<pre> " * 200
    with Loopback([Reply(200, completion(content, finish_reason="length"))]) as server:
        result = client(server).ocr(picture())
    assert not any("pre" in w.text for w in result.words)
    assert any("repetition loop" in w for w in result.warnings)


def test_finish_reason_length_with_a_fallback_uses_the_fallback() -> None:
    fallback = TextBackend("TOKO MAJU JAYA\nTOTAL 19.700\nTUNAI 20.000\nKEMBALI 300")
    with Loopback([Reply(200, completion(GROUNDED, finish_reason="length"), {"X-Request-Id": "r-9"})]) as server:
        result = client(server, fallback=fallback).ocr(picture())
    assert fallback.calls == 1
    assert result.engine == "textfake" and [w.text for w in result.words][1] == "TOTAL 19.700"
    assert "fallback engine 'textfake'" in result.warnings[0] and "used instead" in result.warnings[0]
    assert any("token limit" in w for w in result.warnings)
    assert result.meta["fallback_from"]["engine"] == "deepseek"
    assert result.meta["fallback_from"]["request_id"] == "r-9"
    assert idextract.parse_receipt(result).total.value == Decimal("19700")


def test_a_loop_with_a_fallback_uses_the_fallback() -> None:
    fallback = TextBackend("TOTAL 19.700")
    with Loopback([Reply(200, completion(LOOP))]) as server:
        result = client(server, fallback=fallback).ocr(picture())
    assert result.engine == "textfake" and "repetition loop" in result.warnings[0]


def test_a_clean_reading_never_calls_the_fallback() -> None:
    fallback = TextBackend("TOTAL 1")
    with Loopback([Reply(200, completion(GROUNDED))]) as server:
        result = client(server, fallback=fallback).ocr(picture())
    assert fallback.calls == 0 and result.engine == "deepseek"


def test_a_failing_fallback_keeps_the_degraded_reading() -> None:
    fallback = TextBackend("", fail=True)
    with Loopback([Reply(200, completion(LOOP))]) as server:
        result = client(server, fallback=fallback).ocr(picture())
    assert result.engine == "deepseek" and fallback.calls == 1
    assert any("fallback engine 'textfake' failed" in w for w in result.warnings)


def _old_vllm(request: Recorded, index: int) -> Reply:
    """Older vLLM: a list inside vllm_xargs is refused with the flat error shape."""
    xargs = request.json.get("vllm_xargs", {})
    if any(isinstance(v, list) for v in xargs.values()):
        return Reply(400, {"object": "error", "message": "vllm_xargs values must be str, int or float, got list "
                           "for 'whitelist_token_ids'", "type": "BadRequestError", "param": None, "code": 400})
    return Reply(200, completion(GROUNDED))


def test_a_400_refusing_the_list_is_retried_once_without_it() -> None:
    with Loopback(_old_vllm) as server:
        api = client(server)
        result = api.ocr(picture())
        assert server.count == 2
        first, second = (r.json["vllm_xargs"] for r in server.requests)
        assert "whitelist_token_ids" in first
        assert second == {"ngram_size": 30, "window_size": 90}
        assert any("whitelist_token_ids" in w for w in result.warnings)
        assert len(result.words) == 12
        # Later calls do not try the list again.
        api.ocr(picture())
        assert server.count == 3 and "whitelist_token_ids" not in server.requests[2].json["vllm_xargs"]
    assert DEFAULT_VLLM_XARGS["whitelist_token_ids"] == [128821, 128822]  # the module default is untouched


def test_other_400s_are_not_retried() -> None:
    body = {"error": {"message": "The image is too large", "type": "BadRequestError", "param": None, "code": 400}}
    with Loopback([Reply(400, body)]) as server:
        with pytest.raises(BadRequestError) as info:
            client(server).ocr(picture())
        assert server.count == 1
    assert info.value.status == 400 and info.value.code is None and "too large" in str(info.value)


def test_a_400_that_persists_without_the_list_is_raised() -> None:
    body = {"object": "error", "message": "bad vllm_xargs", "type": "BadRequestError", "code": 400}
    with Loopback([Reply(400, body)]) as server:
        with pytest.raises(BadRequestError):
            client(server).ocr(picture())
        assert server.count == 2


def test_server_errors_are_retried_like_the_hosted_api() -> None:
    with Loopback([Reply(503, {"error": {"message": "loading"}}), Reply(200, completion(GROUNDED))]) as server:
        result = client(server).ocr(picture())
        assert server.count == 2
    assert result.meta["attempts"] == 2


def test_content_parts_and_plain_text_answers() -> None:
    parts = [{"type": "text", "text": "TOTAL 19.700\n"}, {"type": "text", "text": "TUNAI 20.000"}]
    with Loopback([Reply(200, completion(parts))]) as server:
        result = client(server, prompt="Free OCR.", vllm_xargs=None).ocr(picture())
        assert "vllm_xargs" not in server.requests[0].json
    assert [w.text for w in result.words] == ["TOTAL 19.700", "TUNAI 20.000"]
    assert all(w.box is None for w in result.words) and result.meta["grounded"] is False


def test_it_is_a_registered_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    api = OpenAIChatOCR("http://127.0.0.1:9/v1")
    assert isinstance(api, OcrBackend) and api.name == "deepseek" and OpenAIChatOCR.is_available()
    assert api._http.timeout == (5.0, 180.0)
    assert isinstance(get_backend("deepseek"), OpenAIChatOCR)
    with pytest.raises(TypeError):
        OpenAIChatOCR("http://127.0.0.1:9/v1", fallback="rapidocr")  # type: ignore[arg-type]


# --- the text reader itself (idextract.ocr.markup), on what a receipt legitimately repeats ---------

from idextract.ocr.markup import flatten, parse_boxes, read_deepseek  # noqa: E402


def test_a_receipt_that_repeats_a_few_lines_is_not_a_loop() -> None:
    text = "\n".join(["TOKO", "--------", "AQUA 600ML 3.500"] + ["ES TEH 5.000"] * 4
                     + ["--------", "TOTAL 23.500", "================================"])
    reading = read_deepseek(text, finish_reason="stop")
    assert not reading.degraded and not reading.warnings
    assert [w.text for w in reading.words].count("ES TEH 5.000") == 4
    assert all(w.confidence is None for w in reading.words)


def test_a_block_loop_keeps_one_copy_and_what_follows() -> None:
    text = "\n".join(["TOKO"] + ["A 1.000", "B 2.000"] * 6 + ["TOTAL 3.000"])
    reading = read_deepseek(text)
    assert [w.text for w in reading.words] == ["TOKO", "A 1.000", "B 2.000", "TOTAL 3.000"]
    assert reading.loops[0].repeats == 6 and reading.loops[0].period == 2


@pytest.mark.parametrize(("payload", "boxes"), [
    ("[[1, 2, 3, 4]]", [(1, 2, 3, 4)]),
    ("[1, 2, 3, 4]", [(1, 2, 3, 4)]),
    ("[[1,2,3,4],[5, 6, 7, 8]]", [(1, 2, 3, 4), (5, 6, 7, 8)]),
    ("[[1, 2, 3]]", None),
    ("[[1, 2, 3, 4]", None),
    ("[[1, 2, 3, 4], [5]]", None),
    ("[[a, b, c, d]]", None),
    ("", None),
    ("[[1e9, 2, 3, 4]]", None),
])
def test_box_payloads_are_matched_strictly(payload: str, boxes: Any) -> None:
    assert parse_boxes(payload) == boxes


def test_flatten_handles_entities_breaks_and_unclosed_tables() -> None:
    assert flatten("A &amp; W<br>ROOT BEER") == ["A & W", "ROOT BEER"]
    assert flatten("<table><tr><td>TOTAL</td><td>19.700</td></tr><tr><td>TUNAI</td><td>20.0") == [
        "TOTAL 19.700", "TUNAI 20.0"]
    assert flatten("```\nTOTAL 5.000\n```") == ["TOTAL 5.000"]
    assert flatten("\\( 2 \\times 3.500 \\)") == ["2 x 3.500"]
