"""What counts as right: a field's value against its label, and line items matched one to one.

The definitions of the shared ``tools/score.py`` (see :mod:`idextract.evaluate`), and the items'
sum check that looks at items on sets that do not label them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

AMOUNT_FIELDS = {"total", "subtotal", "tax", "service_charge", "discount", "amount_paid", "change"}
DATE_FIELDS = {"transaction_date", "birth_date", "issue_date", "valid_until"}
EXACT_FIELDS = {"nik", "gender", "blood_type", "rt_rw", "religion", "marital_status", "nationality"}
FUZZY_THRESHOLD = 0.85  # free-text fields: normalised similarity needed to count as right
ITEM_NAME_THRESHOLD = 0.7


def norm_text(s: object) -> str:
    """NFKC, upper case, every non-alphanumeric character a space, spaces collapsed."""
    text = unicodedata.normalize("NFKC", str(s)).upper()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def plain_value(extracted: Any) -> Any:
    """The plain value of a record field (an ``Extracted`` or a bare value; Money-like -> amount)."""
    if extracted is None:
        return None
    value = getattr(extracted, "value", extracted)
    amount = getattr(value, "amount", None)
    return amount if amount is not None else value


def confidence_of(extracted: Any) -> float | None:
    c = getattr(extracted, "confidence", None)
    return float(c) if c is not None else None


def same(name: str, truth: Any, pred: Any) -> bool:
    """Whether a predicted value counts as the ground truth ``truth`` of field ``name``."""
    if pred is None:
        return False
    if name in AMOUNT_FIELDS:
        try:
            return Decimal(str(truth)) == Decimal(str(pred))
        except InvalidOperation:
            return False
    if name in DATE_FIELDS:
        if isinstance(pred, dt.datetime):
            pred = pred.date()
        if isinstance(pred, dt.date):
            pred = pred.isoformat()
        return norm_text(truth) == norm_text(pred)
    if name == "transaction_time":
        if isinstance(pred, dt.time):
            pred = pred.strftime("%H:%M:%S")
        return str(pred)[:5] == str(truth)[:5]
    if name in EXACT_FIELDS:
        return norm_text(truth) == norm_text(pred)
    a, b = norm_text(truth), norm_text(pred)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= FUZZY_THRESHOLD


def item_pairs(truth_items: Sequence[dict[str, Any]],
               pred_items: Sequence[Any] | None) -> list[tuple[dict[str, Any], Any]]:
    """Greedy one-to-one matching of line items on price and a similar name: the (truth, item) pairs."""
    items = list(pred_items or [])
    preds = [(norm_text(plain_value(getattr(it, "name", None)) or ""), plain_value(getattr(it, "total_price", None)))
             for it in items]
    used: set[int] = set()
    pairs = []
    for t in truth_items:
        tname, tprice = norm_text(t.get("name") or ""), t.get("total_price")
        for i, (pname, pprice) in enumerate(preds):
            if i in used:
                continue
            price_ok = tprice is None or (pprice is not None and Decimal(str(tprice)) == Decimal(str(pprice)))
            if price_ok and difflib.SequenceMatcher(None, tname, pname).ratio() >= ITEM_NAME_THRESHOLD:
                used.add(i)
                pairs.append((t, items[i]))
                break
    return pairs


def item_matches(truth_items: Sequence[dict[str, Any]], pred_items: Sequence[Any] | None) -> tuple[int, int, int]:
    """(tp, n_pred, n_truth) of :func:`item_pairs`: score.py's item figures."""
    return len(item_pairs(truth_items, pred_items)), len(pred_items or []), len(truth_items)


def quantities_right(pairs: Sequence[tuple[dict[str, Any], Any]]) -> int:
    """How many matched items have the labelled quantity (none labelled, none read, counts too)."""
    def same_quantity(truth: Any, pred: Any) -> bool:
        return truth is None and pred is None or (truth is not None and pred is not None
                                                  and Decimal(str(truth)) == Decimal(str(pred)))
    return sum(same_quantity(t.get("quantity"), plain_value(getattr(it, "quantity", None))) for t, it in pairs)


def items_sum_agrees(gt: dict[str, Any], record: Any | None) -> bool | None:
    """Whether a receipt's items add up to its labelled total or subtotal (None when neither is
    labelled): a check of the items on sets that do not label them. Not every receipt's items
    should (item discounts, a tax on top, a receipt cut short), so it compares runs, not rules."""
    fields = gt.get("fields") or {}
    if gt.get("doc_type", "receipt") != "receipt" or record is None or fields.get("items") == []:
        return None  # not a receipt, not read, or labelled as printing no items (a transfer)
    try:
        sums = {Decimal(str(fields[k])) for k in ("total", "subtotal") if fields.get(k) not in (None, "")}
    except InvalidOperation:
        return None
    items = getattr(record, "items", None) or []
    prices = [it.total_price.value for it in items if it.total_price.value is not None]
    # Before the discounts printed under the items or after them: receipts sum them either way.
    off = sum((d for it in items if (d := getattr(getattr(it, "discount", None), "value", None)) is not None),
              Decimal(0))
    gross = sum(prices, Decimal(0))
    return (bool(prices) and (gross in sums or gross - off in sums)) if sums else None
