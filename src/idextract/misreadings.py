"""Other readings of a row whose letters an OCR misread, for the label matcher to try: an l among
capitals read as I (``DEBlT``, ``BAKl``), an l after a small letter read as i (``Bakl``,
``Tunal``, ``Servlce``), rn inside a word read as m (``Jurnlah``, ``Kernbali``)."""

from __future__ import annotations

import functools
import re

__all__ = ["CAPS_BY_L", "CAP_L", "l_as_i", "rn_as_m", "small_l_as_i"]

# A lowercase l among capitals may be the OCR's I ("BAKl", "DEBlT", "R0UNDlNG"), where labels
# read so cover more of the row than read as L ("TOTAl"): a word of capitals (digits read for
# letters allowed) with an l, two capitals besides.
_CAPS_L = re.compile(r"(?<![A-Za-z0-9])[A-Z0-9]*[A-Z][A-Z0-9]*l[A-Z0-9l]*(?![a-z0-9])"
                     r"|(?<![A-Za-z0-9])[A-Z0-9]*l[A-Z0-9l]*[A-Z][A-Z0-9l]*(?![a-z0-9])")


CAPS_BY_L = re.compile(r"[A-Z0-9]l|l[A-Z]")  # a necessary condition, searched first (most rows fail it)


@functools.lru_cache(maxsize=4096)  # each row is looked at by several matchers
def l_as_i(text: str) -> str | None:
    """``text`` upper-cased with each l among capitals read as I (same length), or ``None`` when
    it holds none."""
    if "l" not in text or not CAPS_BY_L.search(text):
        return None
    alt = _CAPS_L.sub(lambda m: m.group().replace("l", "I") if sum(map(str.isupper, m.group())) >= 2
                      else m.group(), text)
    return alt.upper() if alt != text else None


def small_l_as_i(text: str) -> str | None:
    """``text`` upper-cased with each l after a small letter, or after a capital opening a word of
    small letters, read as i (same length; an i's dot lost: ``Bakl``, ``Tunal``, ``Dlskon``), or
    ``None`` when it holds none. Tried only where the row read as printed holds no label, or
    holds less of the row: most such l are l (``Total``, ``Jumlah``)."""
    alt = _SMALL_L.sub("I", text)
    return alt.upper() if alt != text else None


_SMALL_L = re.compile(r"(?<=[a-z])l|(?<=\b[A-Z])l(?=[a-z])")
#: A capital opening a word, then an l and small letters ("Dlskon"): an i whose dot was lost, perhaps.
CAP_L = re.compile(r"\b[A-Z]l[a-z]")


def rn_as_m(upper: str) -> tuple[str, list[int]] | None:
    """``upper`` with each RN inside a word read as M (an OCR's split of an m), and where each of
    its positions stands in ``upper`` (one more than its length, for ends); ``None`` when there is
    none."""
    alt = _RN_IN_WORD.sub("M", upper)
    if alt == upper:
        return None
    at: list[int] = []
    i = 0
    for m in _RN_IN_WORD.finditer(upper):
        at.extend(range(i, m.start()))
        at.append(m.start())  # the M stands for both letters
        i = m.end()
    at.extend(range(i, len(upper) + 1))
    return alt, at


_RN_IN_WORD = re.compile(r"(?<=[A-Z])RN(?=[A-Z])")
