"""Numbers as Chinese news writes them -> float.

Arabic (1,378.6), full-width (１３７８．６), Chinese numerals (三千五百万, 两百,
一百二十, 三点五, and a leading 百 or 千 said without 一: 千元, 百万; a last digit said without
its place: 一万二 = 12000, 三千五 = 3500), digit strings (二〇二一), and mixed forms (36.6亿, 1.2万亿,
3千万, 十个亿, $2.5 billion). Multipliers are applied: parse_number("36.6亿") == 3660000000.
Arithmetic is decimal, so 1378.6亿 is 137860000000 exactly, not ...99.99998.
A malformed numeral (二三十, 十十) is not a number: parse_number returns None.
"""
from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

DIGITS = {"〇": 0, "零": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
          "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
LARGE_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
ZEROS = {"〇", "零"}
# Multipliers said in English after a sum in a currency sign ($2.5 billion).
ENGLISH_MULTIPLIERS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
                       "trillion": 1_000_000_000_000}


def to_halfwidth(text: str) -> str:
    """Full-width digits and punctuation to ASCII (１３７８．６ -> 1378.6)."""
    return unicodedata.normalize("NFKC", text)


def _chinese_section(text: str) -> int | None:
    """A numeral below 万: 三千五百 -> 3500, 十二 -> 12, 一百零五 -> 105; None when malformed."""
    if not text:
        return 0
    total, digit, last_unit = 0, None, 10_000
    for ch in text:
        if ch in DIGITS:
            if digit is not None and not (digit == 0 or ch in ZEROS):
                return None            # two digits in a row (二三十) is a vague range, not a number
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_unit:
                return None            # 十十, 百千: units must decrease
            if digit is None and not (total == 0 and (unit == 10 or ch == text[0])):
                return None            # only a leading 十, 百 or 千 may stand without a digit (十二, 千元, 百万)
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    if digit and 100 <= last_unit < 10_000 and text[-2] in SMALL_UNITS:
        return total + digit * last_unit // 10   # 三千五 is 3500 and 两百五 is 250 (三千零五 is 3005)
    return total + (digit or 0)


def _parse_chinese_integer(text: str) -> int | None:
    """三千五百万 -> 35000000; 二〇二一 -> 2021 (digit by digit when there are no unit words)."""
    if not text:
        return None
    text = text.replace("万万", "亿")   # 四万万 (older writing) is 四亿
    if all(ch in DIGITS for ch in text):
        if len(text) == 2 and not set(text) & ZEROS:
            return None                # 一两, 三四, 七八: a vague pair, not 12 or 34
        return int("".join(str(DIGITS[ch]) for ch in text))
    # Split on 亿 then 万, largest first: 一万二千亿 = (1*10000 + 2000) * 1e8.
    total, rest = 0, text
    for ch_set, factor in ((("亿", "億"), 100_000_000), (("万", "萬"), 10_000)):
        cut = max(rest.rfind(c) for c in ch_set)
        if cut == -1:
            continue
        head = rest[:cut]
        if factor == 100_000_000 or any(c in head for c in ch_set):
            # (二万八千万 is 28000 万, as older texts write 2.8亿)
            head_value = _parse_chinese_integer(head) if head else None
        else:
            head_value = _chinese_section(head) if head else None
        if head_value is None:
            return None
        total += head_value * factor
        rest = rest[cut + 1:]
        if len(rest) == 1 and rest in DIGITS and rest not in ZEROS:
            return total + DIGITS[rest] * factor // 10    # 一万二 is 12000, 一亿五 is 150000000
    tail = _chinese_section(rest)
    if tail is None:
        return None
    return total + tail


def _parse_chinese(text: str) -> Decimal | None:
    """Chinese numeral with an optional decimal part: 三点五 -> 3.5, 十二点零五 -> 12.05."""
    if "点" in text:
        whole, _, frac = text.partition("点")
        if not frac or not all(ch in DIGITS for ch in frac):
            return None
        head = _parse_chinese_integer(whole)
        if head is None:
            return None
        return Decimal(f"{head}.{''.join(str(DIGITS[ch]) for ch in frac)}")
    value = _parse_chinese_integer(text)
    return Decimal(value) if value is not None else None


def _multiplier(text: str) -> Decimal | None:
    """The factor of a multiplier run after Arabic digits: 亿 -> 1e8, 千万 -> 1e7, 万亿 -> 1e12,
    个亿 -> 1e8 (3个亿, as people say 3亿), 兆 -> 1e6 (mega, as in 50兆字节)."""
    if text in ENGLISH_MULTIPLIERS:
        return Decimal(ENGLISH_MULTIPLIERS[text])
    factor = Decimal(1)
    for ch in text.replace("个亿", "亿"):
        if ch == "兆":
            factor *= 1_000_000
        elif ch in LARGE_UNITS:
            factor *= LARGE_UNITS[ch]
        elif ch in SMALL_UNITS:
            factor *= SMALL_UNITS[ch]
        else:
            return None
    return factor


def parse_decimal(text: str) -> Decimal | None:
    """The exact value of a written number, multipliers applied; None when it is not a number."""
    t = to_halfwidth(text).replace(",", "").replace(" ", "").replace("个亿", "亿").strip()
    if not t:
        return None
    i = 0
    while i < len(t) and (t[i].isdigit() or t[i] == "."):
        i += 1
    if i:
        try:
            head = Decimal(t[:i])
        except InvalidOperation:
            return None
        factor = _multiplier(t[i:])
        return head * factor if factor is not None else None
    return _parse_chinese(t)


def parse_number(text: str) -> float | None:
    """The value of a written number as a float (exact for the integers news writes)."""
    value = parse_decimal(text)
    return float(value) if value is not None else None


def format_value(value: float) -> str:
    """A plain decimal for CSV cells: no scientific notation, no trailing .0."""
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return format(Decimal(repr(value)), "f").rstrip("0").rstrip(".")
