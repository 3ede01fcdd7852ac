"""Markdown and HTML from an OCR model as plain text lines: tables one line per row, markup removed.

DeepSeek-OCR writes its text as markdown, with tables as markdown pipes or as HTML
``<table><tr><td>...`` (see :mod:`idextract.ocr.markup`, which reads the whole answer). The
parsers want printed lines, so each table row becomes one line with its cells joined by a space
(``| TOTAL | 19.700 |`` reads ``TOTAL 19.700``, like a printed receipt line), and headings,
emphasis, escapes, math delimiters, entities and stray tags are removed.

This is a module of its own because it knows nothing of grounding boxes or repetition loops:
it is only text to lines, used for the free text of an answer and for the text of grounded refs.

>>> flatten("| TOTAL | 19.700 |\\n|---|---|\\n<table><tr><td>TUNAI</td><td>20.000</td></tr></table>")
['TOTAL 19.700', 'TUNAI 20.000']
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

import regex

__all__ = ["clean_line", "flatten"]

_HTML_TAGS = regex.compile(
    r"</?(?:table|thead|tbody|tfoot|tr|td|th|pre|p|div|span|center|b|i|u|s|strong|em|hr|h[1-6]|sup|sub|code"
    r"|ul|ol|li|caption|colgroup|col|html|body|font)\b[^<>]{0,200}>",
    regex.IGNORECASE,
)
_BR = regex.compile(r"<br\s*/?>", regex.IGNORECASE)
_TABLE = regex.compile(r"<table\b.*?</table\s*>", regex.IGNORECASE | regex.DOTALL)
_MD_SEPARATOR = regex.compile(r"^:?-{2,}:?$")
_MD_HEADING = regex.compile(r"^#{1,6}\s+")
_MD_EMPHASIS = regex.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
# Inline/display math delimiters (DeepSeek writes "\( 2 \times 3.500 \)" now and then); "$" is
# left alone: it is a currency mark on receipts.
_LATEX = regex.compile(r"\\[()\[\]]")
_SPACES = regex.compile(r"\s+")


class _TableRows(HTMLParser):
    """The rows of an HTML table, each as its cells' text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif data.strip():  # text outside any cell (a caption): a row of its own
            self.rows.append([data])

    def close(self) -> None:
        super().close()
        if self._cell is not None and self.rows:  # an unclosed last cell (truncated output)
            self.rows[-1].append("".join(self._cell))
            self._cell = None


def _table_lines(table_html: str) -> list[str]:
    parser = _TableRows()
    parser.feed(table_html)
    parser.close()
    out = []
    for cells in parser.rows:
        line = " ".join(c for c in (_SPACES.sub(" ", cell).strip() for cell in cells) if c)
        if line:
            out.append(line)
    return out


def flatten(text: str) -> list[str]:
    """Markdown or HTML text as plain lines: tables as one line per row, markup removed.

    >>> flatten("## TOKO **MAJU**\\n"
    ...         "<table><tr><th>Item</th><th>Rp</th></tr><tr><td>AQUA</td><td>3.500</td></tr></table>")
    ['TOKO MAJU', 'Item Rp', 'AQUA 3.500']
    """
    text = _TABLE.sub(lambda m: "\n" + "\n".join(_table_lines(m.group(0))) + "\n", text)
    # A table the answer never closed (truncated output): its rows still count.
    start = regex.search(r"<table\b", text, regex.IGNORECASE)
    if start:
        text = text[: start.start()] + "\n" + "\n".join(_table_lines(text[start.start() :])) + "\n"
    text = _BR.sub("\n", text)
    lines = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("```"):
            continue
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            cells = [c.strip() for c in stripped[1:-1].split("|")]
            if all(_MD_SEPARATOR.match(c) for c in cells if c) and any(cells):
                continue  # |---|:---:|
            stripped = " ".join(c for c in cells if c)
        line = clean_line(stripped)
        if line:
            lines.append(line)
    return lines


def clean_line(line: str) -> str:
    """One line with its markup removed: tags, heading marks, emphasis, math, escapes, entities.

    >>> clean_line("## <b>TOTAL</b> **19.700** &amp; 2 \\\\times 1")
    'TOTAL 19.700 & 2 x 1'
    """
    line = _HTML_TAGS.sub(" ", line)
    line = _MD_HEADING.sub("", line.strip())
    line = _MD_EMPHASIS.sub(r"\2", line)
    line = _LATEX.sub(" ", line).replace("\\times", "x")
    line = _MD_ESCAPE.sub(r"\1", line)
    line = html.unescape(line)
    return str(_SPACES.sub(" ", line)).strip()
