"""Receipt words mended before rows are built: amounts that printing or OCR hid from their label.

Dot leaders (``TOTAL.....19.700``, or one dot glued to a grouped amount: ``TOTAL .247,500``), a
label glued to its number (``TOTAL19.700``) and a label printed letter-spaced for emphasis
(``T O T A L``) each keep the label matcher from seeing a label followed by an amount. Such
words are rewritten (``TOTAL 19.700``, ``TOTAL``); every other word is kept as it is. (A zero
read as the letter O, ``KEMBALI : O``, is read where the label's candidates are made, since OCR
often boxes the O apart from its label.)
"""

from __future__ import annotations

import re

import regex

from idextract.ocr.base import OcrResult
from idextract.text import LabelMatcher

__all__ = ["unhide_amounts"]

# The habits above, one alternative each; only words that show one are mended. The same pattern
# runs by stdlib re on ASCII words (much faster, and all of it is ASCII there but the leaders).
_LEADER_MARKS = "[.·…_]"


def _may_hide(leaders: str) -> str:
    return rf"[A-Za-z][0-9]|{leaders}{{3,}}|(?:\b[A-Z] ){{3}}|(?<!\S){leaders}[0-9]"


_MAY_HIDE = regex.compile(_may_hide(_LEADER_MARKS))
_MAY_HIDE_ASCII = re.compile(_may_hide("[._]"))
_LEADERS = regex.compile(rf"\s*{_LEADER_MARKS}{{3,}}\s*")
# One leader mark glued to an amount in thousands groups (".247,500"): never a decimal fraction.
# After a number it is a separator beside a space instead ("1 .001.000" is 1,001,000).
_LEADING_MARK = regex.compile(
    rf"(?<!\S)(?<![0-9]\s+){_LEADER_MARKS}(?=[0-9]{{1,3}}(?:[.,][0-9]{{3}})+(?:[.,][0-9]{{2}})?(?!\S))")
# What a label's glued number is: digits and their marks up to the word's end.
_GLUED_NUMBER = regex.compile(r"[0-9][0-9.,:-]*(?!\S)")
_SPACED = regex.compile(r"(?<![A-Za-z])(?:[A-Z] ){2,}[A-Z](?![A-Za-z])")


def unhide_amounts(ocr: OcrResult, amounts: LabelMatcher) -> OcrResult:
    """Words whose amount is hidden from its label (see ``_MAY_HIDE``), mended; the rest as is.

    ``amounts`` finds the amount labels (TOTAL, TUNAI ...): only they are unglued or joined.
    """
    words, changed = [], False
    for word in ocr.words:
        text = word.text
        # A word of letters only, or digits only (most words), hides nothing: no search.
        plain = text.isalpha() or text.isdigit()
        if not plain and (_MAY_HIDE_ASCII if text.isascii() else _MAY_HIDE).search(text):
            text = _LEADING_MARK.sub("", _LEADERS.sub(" ", text))
            # Letter-spaced words are joined only when that makes an amount label.
            text = _SPACED.sub(lambda m: j if amounts.find(j := m.group(0).replace(" ", ""), fuzzy=False)
                               else m.group(0), text)
            for hit in reversed(amounts.find(text, fuzzy=False)):
                rest = text[hit.end :]
                if _GLUED_NUMBER.match(rest):  # not a code read as a label and digits ("N01.MR.MI")
                    text = f"{text[: hit.end]} {rest}"
        if text != word.text:
            word, changed = word.model_copy(update={"text": text}), True
        words.append(word)
    return ocr.model_copy(update={"words": words}) if changed else ocr
