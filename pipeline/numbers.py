"""Numbers as Chinese news writes them -> float.

Arabic (1,378.6), full-width (１３７８．６), Chinese numerals (三千五百万, 两百,
一百二十, 二〇二一), and mixed forms (36.6亿, 1.2万亿, 3千万). Multipliers are
applied: parse_number("36.6亿") == 3660000000.
"""
from __future__ import annotations

import unicodedata

DIGITS = {"〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
          "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2, "十": 10}


def to_halfwidth(text: str) -> str:
    """Full-width digits and punctuation to ASCII (１３７８．６ -> 1378.6)."""
    return unicodedata.normalize("NFKC", text)


def _parse_chinese_integer(text: str) -> float | None:
    """三千五百万 -> 35000000; 二〇二一 -> 2021 (digit-by-digit when there are no unit words)."""
    if not text:
        return None
    if all(ch in DIGITS for ch in text):
        if len(text) == 1:
            return float(DIGITS[text])
        return float("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0.0, 0.0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (digit if digit is not None else 1) * SMALL_UNITS[ch]
            digit = None
        elif ch in LARGE_UNITS:
            section += digit or 0
            unit = LARGE_UNITS[ch]
            # 万亿: a larger unit after a smaller one multiplies everything so far.
            if total and unit > 10_000 and total < unit:
                total = (total + section) * unit
            else:
                total += section * unit
            section, digit = 0.0, None
        else:
            return None
    return total + section + (digit or 0)


def parse_number(text: str) -> float | None:
    """The value of a written number, multipliers applied; None when it is not a number."""
    t = to_halfwidth(text).replace(",", "").replace("，", "").strip()
    if not t:
        return None
    # Split a trailing multiplier run (亿, 万亿, 千万) from an Arabic head: 36.6亿, 3千万.
    i = 0
    while i < len(t) and (t[i].isdigit() or t[i] == "."):
        i += 1
    if i:
        try:
            head = float(t[:i])
        except ValueError:
            return None
        rest = t[i:]
        factor = 1.0
        for ch in rest:
            if ch in LARGE_UNITS:
                factor *= LARGE_UNITS[ch]
            elif ch in SMALL_UNITS:
                factor *= SMALL_UNITS[ch]
            else:
                return None
        return head * factor
    return _parse_chinese_integer(t)


def format_value(value: float) -> str:
    """A plain decimal for CSV cells: no scientific notation, no trailing .0."""
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return format(value, ".10f").rstrip("0").rstrip(".")
