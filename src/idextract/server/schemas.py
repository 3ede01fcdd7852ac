"""The request and response shapes, for the OpenAPI page only.

Bodies are checked by hand (:mod:`idextract.server.inputs`) so that every mistake gets the
hosted API's own error code (``parameter_missing``, ``invalid_parameter_type``...) rather than
FastAPI's 422, and so that the body is read under the request's deadline; these models document
the same fields.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = ["ErrorResponse", "ExtractRequest", "ExtractResponse", "OcrRequest", "OcrResponse", "request_body"]


class OcrRequest(BaseModel):
    model: str = Field("deepseek-ocr", description="'deepseek-ocr' (the hosted contract's name) or the engine's name")
    image: str = Field(..., description="an http(s) URL, or the image as base64 (a data: URL works too)")
    image_type: Literal["url", "base64"] = Field("url", description="how to read 'image'")
    return_image: bool = Field(False, description="also return the image with the text regions outlined (JPEG)")


class Choice(BaseModel):
    index: int = 0
    text: str = Field(..., description="the page's text in reading order, one row per line")
    finish_reason: Literal["stop"] = "stop"


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = Field(0, description="text runs the engine read")
    total_tokens: int = 0


class Word(BaseModel):
    text: str
    box: list[float] = Field(..., description="[x0, y0, x1, y1] in pixels of the image received")
    polygon: list[list[float]] | None = Field(None, description="the engine's quad, [[x, y], ...]")
    confidence: float | None = None
    slope: float | None = Field(None, description="the text line's tilt (dy/dx)")


class OcrResponse(BaseModel):
    id: str = Field(..., description="'ocr-' and the request id (X-Request-Id)")
    object: Literal["ocr.completion"] = "ocr.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    engine: str = Field(..., description="the engine that really read the image, e.g. 'rapidocr'")
    result_image_base64: str | None = Field(None, description="only with return_image")
    # An extension of the contract (its clients ignore unknown fields): what the parsers need to
    # read a page by position, as in-process extraction does.
    words: list[Word] = Field(..., description="idextract's extension: the text runs the engine read, with boxes")
    image_size: list[int] = Field(..., description="idextract's extension: [width, height] of the image received")


class ExtractRequest(BaseModel):
    image: str = Field(..., description="an http(s) URL, or the image as base64 (a data: URL works too)")
    image_type: Literal["url", "base64"] = "url"
    annotated: bool = Field(False, description="also return the annotated PNG (fields boxed and labelled)")
    mask_pii: bool = Field(False, description="mask the type's personal fields in the record and the image")


class ExtractResponse(BaseModel):
    id: str = Field(..., description="'extract-' and the request id")
    object: Literal["extract.result"] = "extract.result"
    created: int
    doc_type: str
    engine: str
    record: dict[str, Any] = Field(..., description="the validated record (the document type's record class)")
    annotated_image_base64: str | None = Field(None, description="PNG, only with annotated")


class ErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str


class ErrorResponse(BaseModel):
    error: ErrorDetail


def request_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` declaring ``model`` as the JSON body."""
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": model.model_json_schema()}}}}
