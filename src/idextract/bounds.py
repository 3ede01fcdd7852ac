"""What a parser reads: OCR text cleaned of control characters and bounded in size.

The parsers take whatever an engine, a caller or an attacker hands them. Two things are settled
here, once, for every document type:

* **Invisible characters.** Control characters (NUL, ESC and its ANSI sequences, the C1 range)
  become spaces: a NUL in a stored field breaks Postgres text columns and JSON consumers, and
  OCR never means one. Format characters (zero-width spaces and joiners, bidi marks and
  overrides, soft hyphens, BOMs) are removed: they sit inside words (``TO\\u200bTAL``) and hide
  labels from the matchers. Lone surrogates (``\\udcff``, what ``errors="surrogateescape"``
  leaves of undecodable bytes) are removed too: they cannot be encoded as UTF-8, so a record
  holding one could not be serialised or stored. Runs of combining marks are cut to
  :data:`MAX_MARKS` per letter (Indonesian needs none, Vietnamese two): "zalgo" text of 1 MB
  otherwise slows every matcher down several times.
* **Size.** A receipt has tens of rows, a long one a few hundred; a KTP twenty. Beyond the
  limits below, text is not a document but a mistake (a whole log file, a 1 MB base64 blob) and
  the parse must still return quickly. So at most :data:`MAX_WORDS` words (or plain-text lines)
  are read, and a word longer than :data:`MAX_WORD_CHARS` keeps its head and tail (a label
  opens a line, its amount closes it). Each cut leaves a warning on the record.

>>> ocr = parser_input("TOKO\\x00MAJU\\nTO\\u200bTAL 19.700")
>>> [w.text for w in ocr.words]
['TOKO MAJU', 'TOTAL 19.700']
"""

from __future__ import annotations

import regex

from .errors import InputError
from .records import OcrResult, OcrWord

__all__ = ["CACHED_ROW_CHARS", "MAX_MARKS", "MAX_WORDS", "MAX_WORD_CHARS", "ROW_CACHE", "clean_text", "parser_input"]

#: Words (or lines of plain text) a parser reads; the rest is dropped with a warning.
MAX_WORDS = 5_000
#: Characters kept of one word or line: its first and last MAX_WORD_CHARS // 2.
MAX_WORD_CHARS = 1_000
#: Combining marks kept after one letter.
MAX_MARKS = 2
#: Rows whose amounts, dates and times are cached (a parser asks about each row several times):
#: more than a document's MAX_WORDS, so that a long document does not evict its own rows between
#: passes. Only rows up to CACHED_ROW_CHARS are cached, so the caches hold a few MB at most.
ROW_CACHE = 8_192
CACHED_ROW_CHARS = 2_000

# ANSI escape sequences (CSI ... final byte, and two-character ESC sequences) go whole; other
# control characters (Cc) become a space; format characters (Cf) go.
_ANSI = regex.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")
_CONTROL = regex.compile(r"[\p{Cc}]")
_FORMAT = regex.compile(r"[\p{Cf}\p{Cs}]")
_MARKS = regex.compile(rf"(\p{{M}}{{{MAX_MARKS}}})\p{{M}}+")
_SUSPECT = regex.compile(rf"[\p{{Cc}}\p{{Cf}}\p{{Cs}}]|\p{{M}}{{{MAX_MARKS + 1}}}")


def clean_text(text: str) -> str:
    """``text`` without control and format characters (see the module docstring)."""
    if text.isascii() and text.isprintable():
        return text  # printable ASCII has neither (the usual word, tested without a regex)
    if not _SUSPECT.search(text):
        return text  # the common case: nothing to do, no copy
    return _MARKS.sub(r"\1", _FORMAT.sub("", _CONTROL.sub(" ", _ANSI.sub(" ", text))))


def _shorten(text: str) -> str:
    half = MAX_WORD_CHARS // 2
    return f"{text[:half]} {text[-half:]}"


def parser_input(source: OcrResult | str) -> OcrResult:
    """``source`` (OCR output, or plain text with one row per line) as the parsers read it.

    The caller's :class:`OcrResult` is never changed: a cleaned copy is returned when anything
    had to be cleaned or cut. Anything else than the two is an
    :class:`~idextract.errors.InputError` (``invalid_parameter_type``): an image goes to
    ``extract_*``, not ``parse_*``.
    """
    if not isinstance(source, (OcrResult, str)):
        raise InputError(
            f"a parser reads OCR output (OcrResult) or text (str), not {type(source).__name__}; "
            "for an image use extract_receipt / extract_ktp",
            code="invalid_parameter_type", param="source",
        )
    if isinstance(source, str):
        lines = [line for line in source.splitlines() if line.strip()]
        ocr = OcrResult(engine="text", words=[OcrWord(text=line) for line in lines[:MAX_WORDS]])
        dropped = len(lines) - len(ocr.words)
    else:
        ocr, dropped = source, max(0, len(source.words) - MAX_WORDS)
    words, changed, cut = [], dropped > 0, 0
    for word in ocr.words[:MAX_WORDS]:
        text = word.text
        if len(text) <= MAX_WORD_CHARS and text.isascii() and text.isprintable():
            words.append(word)  # the usual word: nothing to clean or cut (see clean_text)
            continue
        text = clean_text(text)
        if len(text) > MAX_WORD_CHARS:
            text, cut = _shorten(text), cut + 1
        if text != word.text:
            word, changed = word.model_copy(update={"text": text}), True
        words.append(word)
    engine = clean_text(ocr.engine)[:100]
    warnings = [clean_text(w)[:MAX_WORD_CHARS] for w in ocr.warnings[:100]]
    if not changed and cut == 0 and engine == ocr.engine and warnings == ocr.warnings:
        return ocr
    if dropped:
        warnings.append(f"the text is too long for a document: only its first {MAX_WORDS} lines or words were read")
    if cut:
        warnings.append(f"{cut} line(s) over {MAX_WORD_CHARS} characters were shortened to their start and end")
    return ocr.model_copy(update={"words": words, "warnings": warnings, "engine": engine})
