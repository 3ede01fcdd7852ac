"""Rows aligned to the KTP's fixed label order, and each field's value taken from them.

The labels stand in a fixed order down a fixed column (``layout.label_order`` in ktp.toml), so
the rows are aligned to that order by a Viterbi pass: each row is the header, the next label
(any number of labels may be missing, at a cost), a wrapped line of the field above, or junk.
A row is scored by its label (exact, fuzzy, or a damaged one by edit distance), by where it
starts (a row starting in the label column starts a new field; only rows in the value column
continue a name or an address) and by its value (a date, RT/RW, a closed vocabulary). So a
label damaged beyond matching (``Nams``, ``KelDesa``) or lost altogether is known by its place
between its neighbours, with less confidence (``found_by="position"``).
"""

from __future__ import annotations

import regex

from idextract.dates import find_dates
from idextract.layout import Row

from .ktp_layout import DATE_LIKE
from .ktp_lines import NIK_MIN_DIGITS, Line, Shape, Value, split_blood
from .ktp_spec import Spec
from .ktp_vocab import skeleton, wdist

__all__ = ["align", "field_values"]

# Rows aligned to the label order: those from a few above the first label read on.
_MAX_ABOVE = 6
_MAX_ROWS = 60
# Scores of the row-to-label alignment (log-odds-like; see align).
_SCORE_HIT = 6.0
_SCORE_WRONG_HIT = -8.0
_SCORE_NO_LABEL = -1.0
_SCORE_SKIP = -1.5
_SCORE_JUNK = -2.5
_SCORE_HEADER = 3.0
_NEG = -1e18  # an unreachable state
# One Viterbi step's result: each state's score, whether its field has a value, and back-pointers.
_Step = tuple[list[float], list[bool], list[tuple[int, int]]]
_ADDRESS_WORDS = regex.compile(r"\b(?:JL|JLN|JALAN|GG|GANG|NO|BLOK|PERUM|PERUMAHAN|KOMPLEK|KOMP|DUSUN|DSN|RT|RW|KP|"
                               r"KAMPUNG|LINGKUNGAN|CLUSTER|LK)\b")
_RTRW_LIKE = regex.compile(r"[0-9OoIl]{1,3}\s*[/\\|]\s*[0-9OoIl]{1,3}|^[0-9OoIl]{3}\s*[0-9OoIl]{3}$"
                           r"|[0-9OoIl]{3}\s*[:;]\s*[0-9OoIl]{3}")
_BLOOD_LABEL = regex.compile(r"\b(?:G[O0]L|DAR[A-Z]H|DARAH)\b")
_PARTIAL_DATE = regex.compile(r"(?<![0-9])[0-9]{2}\s?[-./ ]\s?[0-9]{2}(?![0-9])")


def _label_sims(line: Line, spec: Spec) -> dict[str, float]:
    """A damaged label's similarity to each field's labels (computed when first asked)."""
    if line.sims is None:
        skel = skeleton(line.label_part)[:24]
        line.sims = {key: max(1 - wdist(skel, lab) / max(len(skel), len(lab)) for lab in labs)
                     for key, labs in spec.skeletons.items()} if skel else {}
    return line.sims


def _content(line: Line, key: str, spec: Spec) -> float:
    """How well a row's value fits field ``key`` (positive: fits; negative: belongs elsewhere)."""
    fit = line.fits.get(key)
    if fit is None:
        fit = line.fits[key] = _fit(line, key, spec)
    return fit


def _shape(line: Line, spec: Spec) -> Shape:
    """What the line's value looks like (computed when first asked)."""
    if line.shape is None:
        v = line.value.upper()
        digits = sum(ch.isdigit() for ch in v)
        letters = sum(ch.isalpha() for ch in v)
        dated = digits >= 4 and (bool(DATE_LIKE.search(v)) or bool(find_dates(v)))
        other = max(spec.vocabs[k].likeness(v) for k in ("religion", "marital_status", "occupation", "valid_until")) \
            if v and digits < NIK_MIN_DIGITS else 0.0
        line.shape = Shape(v, digits, letters, dated, bool(_RTRW_LIKE.search(v)) and letters <= 2,
                           bool(_BLOOD_LABEL.search(v)), other)
    return line.shape


def _fit(line: Line, key: str, spec: Spec) -> float:
    """The value's fit to field ``key``: a NIK's digits, a date, RT/RW, a closed vocabulary, or
    free text that looks like none of the others."""
    sh = _shape(line, spec)
    v, digits, letters, dated = sh.upper, sh.digits, sh.letters, sh.dated
    if key == "nik":
        return 4.0 if digits >= NIK_MIN_DIGITS else (-1.0 if not v else -3.0)
    if digits >= NIK_MIN_DIGITS:
        return -4.0
    if not v:
        return -0.5
    if sh.blood_label:
        return 3.0 if key == "gender" else -2.0
    if key == "birth":
        if dated:
            return 3.0 if letters >= 3 else 1.0
        # A date whose year was cut or garbled still shows as DD-MM after the place.
        return 1.0 if letters >= 3 and _PARTIAL_DATE.search(v) else -1.5
    if key == "valid_until":
        return max(2.0 if dated else -2.0, 6 * (spec.vocabs["valid_until"].likeness(v) - 0.5))
    if key == "rt_rw":
        return 3.0 if sh.rtrw else -2.0
    if key in spec.vocabs:
        words = v.split()
        like = max(spec.vocabs[key].likeness(v), spec.vocabs[key].likeness(words[0]) - 0.1 if key == "gender" else 0.0)
        return max(-2.5, min(3.0, 8 * (like - 0.55)))
    if dated:
        return -3.0
    penalty = -2.5 if sh.other_vocab >= 0.85 else 0.0
    if sh.rtrw:
        return -2.5
    if key == "address":
        return penalty + (1.5 if _ADDRESS_WORDS.search(v) or digits else 0.0)
    if key == "name":
        return penalty + (-2.0 if digits else 0.5)
    return penalty + (-1.0 if digits > 1 else 0.3)  # village, district


def _match(line: Line, k: int, spec: Spec) -> float:
    """Score of ``line`` being the row of field ``k`` (label and value together)."""
    key = spec.label_order[k]
    if line.label_state == "hit":
        assert line.hit is not None
        return _SCORE_HIT - line.hit.errors if line.hit.key == key else _SCORE_WRONG_HIT
    if line.label_state == "damaged":
        sim = _label_sims(line, spec).get(key, 0.0)
        label = max(-2.5, min(2.0, 5 * (sim - 0.55)))
    else:
        label = _SCORE_NO_LABEL
    return label + _content(line, key, spec)


def _continues(line: Line, k: int, filled: bool, spec: Spec) -> float:
    """Score of ``line`` being a further line of field ``k`` (a wrapped name or address, or the
    value of a label read on the row above)."""
    if line.label_state == "hit" or line.in_label_column:
        return -1e9  # a row that starts in the label column starts a field of its own
    if line.label_state == "damaged" and line.in_label_column is None:
        return -3.0
    key = spec.label_order[k]
    if not filled:
        return _content(line, key, spec) + 0.5
    if key in spec.wrapping:
        if key == "birth":
            return -3.0
        return 0.3 + min(0.0, _content(line, key, spec))
    return -1e9


def _header_score(line: Line, spec: Spec) -> float:
    """Score of ``line`` being a header row (PROVINSI, the regency); cached on the line."""
    if line.header is None:
        line.header = _header_fit(line, spec)
    return line.header


def _header_fit(line: Line, spec: Spec) -> float:
    """A header row names the province or the regency (or a Jakarta city); never a NIK or a label."""
    text = line.row.text
    if sum(ch.isdigit() for ch in text) >= NIK_MIN_DIGITS or line.label_state == "hit":
        return -6.0
    if spec.header.find(text) or any(j in text.upper() for j in spec.jakarta):
        return _SCORE_HEADER
    return -1.0


def align(lines: list[Line], spec: Spec) -> list[int | None]:
    """Each line's field (index into the label order), -1 for header lines, -2 - k for a further
    line of field k, None for junk.

    A monotone alignment of the rows against the card's fixed label order (a Viterbi pass):
    a row is the header (top only), the next label (any number of labels may be missing, at a
    cost), a further line of the field above (wrapped names and addresses; never a row that
    starts in the label column), or junk. A label too damaged to match is thus known from its
    place between its neighbours and from its value (a date, RT/RW, a closed vocabulary).
    State s is "the last field read is s - 1" (0: none yet, the header).
    """
    n_keys = len(spec.label_order)
    states = n_keys + 1
    score = [_NEG] * states
    score[0] = 0.0
    filled = [False] * states
    back: list[list[tuple[int, int]]] = []  # (previous state, move): 0 junk, 1 header, 2 assign, 3 continue
    for line in lines:
        if line.hit is not None:
            score, filled, ptr = _step_label(line, line.hit.key, line.hit.errors, score, filled, spec)
        else:
            score, filled, ptr = _step_unlabelled(line, score, filled, spec)
        back.append(ptr)
    st = max(range(states), key=lambda i: score[i] + _SCORE_SKIP * (n_keys - i))
    return _trace_back(back, st)


def _step_label(line: Line, key: str, errors: int, score: list[float], filled: list[bool], spec: Spec) -> _Step:
    """One Viterbi step for a row whose label was read: that field (after any skipped ones), else
    junk at a high cost."""
    states = len(score)
    new = [_NEG] * states
    ptr = [(-1, 0)] * states
    new_filled = [False] * states
    k = spec.order_index.get(key, -1)
    if k >= 0:
        best, arg = _NEG, -1
        for j in range(k + 1):
            if score[j] > _NEG and score[j] + _SCORE_SKIP * (k - j) > best:
                best, arg = score[j] + _SCORE_SKIP * (k - j), j
        if arg >= 0:
            new[k + 1], ptr[k + 1], new_filled[k + 1] = best + _SCORE_HIT - errors, (arg, 2), bool(line.value)
    for st in range(states):
        if score[st] > _NEG and score[st] + _SCORE_WRONG_HIT > new[st]:
            new[st], ptr[st], new_filled[st] = score[st] + _SCORE_WRONG_HIT, (st, 0), filled[st]
    return new, new_filled, ptr


def _step_unlabelled(line: Line, score: list[float], filled: list[bool], spec: Spec) -> _Step:
    """One Viterbi step for a row with no label read: the header, the next field (by a damaged
    label or by its value), a further line of the field above, or junk."""
    states = len(score)
    new = [_NEG] * states
    ptr = [(-1, 0)] * states
    new_filled = [False] * states
    if score[0] > _NEG:
        h = _header_score(line, spec)
        new[0], ptr[0] = max((score[0] + h, (0, 1)), (score[0] + _SCORE_JUNK, (0, 0)))
    best, arg = _NEG, -1
    for k in range(states - 1):
        if score[k] > _NEG and score[k] >= best:
            best, arg = score[k], k
        if best > _NEG:
            cand = best + _match(line, k, spec)
            if cand > new[k + 1]:
                new[k + 1], ptr[k + 1], new_filled[k + 1] = cand, (arg, 2), bool(line.value)
        best += _SCORE_SKIP
    for st in range(1, states):
        if score[st] <= _NEG:
            continue
        c = score[st] + _continues(line, st - 1, filled[st], spec)
        if c > new[st]:
            new[st], ptr[st], new_filled[st] = c, (st, 3), filled[st] or bool(line.value)
        if score[st] + _SCORE_JUNK > new[st]:
            new[st], ptr[st], new_filled[st] = score[st] + _SCORE_JUNK, (st, 0), filled[st]
    return new, new_filled, ptr


def _trace_back(back: list[list[tuple[int, int]]], st: int) -> list[int | None]:
    """The best path's moves, from its last state ``st`` back to the first row."""
    out: list[int | None] = [None] * len(back)
    for i in range(len(back) - 1, -1, -1):
        prev, move = back[i][st]
        if move == 1:
            out[i] = -1
        elif move == 2:
            out[i] = st - 1
        elif move == 3:
            out[i] = -2 - (st - 1)
        st = prev
    return out


def field_values(lines: list[Line], spec: Spec) -> tuple[dict[str, Value], list[Row], list[Row]]:
    """Each field's value (joined with its wrapped lines), the header rows, and the rows left
    over after the last field (plain text: the issue place and date)."""
    plan = _plan(lines, spec)
    found: dict[str, Value] = {}
    header: list[Row] = []
    last_key_row = -1
    for i, (line, k) in enumerate(zip(lines, plan)):
        if k is None:
            continue
        if k == -1:
            header.append(line.row)
            continue
        last_key_row = i
        if k <= -2:
            key = spec.label_order[-2 - k]
            v = found.get(key)
            if v is None:
                continue
            if not v.text:
                found[key] = Value(line.value, line.row, line.vstart, line.vstart + len(line.value), v.errors,
                                   v.found_by)
            elif line.value:
                v.text = f"{v.text} {line.value}"
            continue
        key = spec.label_order[k]
        errors = line.hit.errors if line.hit is not None else 0
        value = line.value
        if key == "gender":
            value, blood = split_blood(line, spec)
            if blood is not None:
                found["blood_type"] = blood
        found[key] = Value(value, line.row, line.vstart, line.vstart + len(value), errors,
                           "label" if line.label_state == "hit" else "position")
    _mark_swallowed(found, plan, spec)
    tail = [line.row for line, k in zip(lines[last_key_row + 1 :], plan[last_key_row + 1 :]) if k is None]
    return found, header, tail


def _plan(lines: list[Line], spec: Spec) -> list[int | None]:
    """:func:`align` over a window of the lines, None for every line outside it.

    A card has about 20 rows: align a window of rows from just above the first label read
    (a long text is no card, and the alignment's cost grows with every row).
    """
    first = next((i for i, line in enumerate(lines) if line.hit is not None), 0)
    lo = max(0, first - _MAX_ABOVE)
    window = align(lines[lo : lo + _MAX_ROWS], spec)
    return [None] * lo + window + [None] * max(0, len(lines) - lo - _MAX_ROWS)


def _mark_swallowed(found: dict[str, Value], plan: list[int | None], spec: Spec) -> None:
    """A wrapped field whose next field is missing may have swallowed that field's row."""
    order = spec.label_order
    for i, key in enumerate(order[:-1]):
        v = found.get(key)
        if v is not None and key in spec.wrapping and order[i + 1] not in found and " " in v.text and \
                any(plan[j] == -2 - i for j in range(len(plan))):
            v.swallowed = True
