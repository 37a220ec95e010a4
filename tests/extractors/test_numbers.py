"""Numbers as Chinese news writes them (pipeline/numbers.py)."""
from __future__ import annotations

import pytest

from pipeline.extractors.numbers import format_value, parse_decimal, parse_number


@pytest.mark.parametrize("text, value", [
    ("1,378.6", 1378.6), ("１３７８．６", 1378.6), ("36.6亿", 3660000000), ("1.2万亿", 1200000000000),
    ("3千万", 30000000), ("1378.6亿", 137860000000),
    ("三千五百万", 35000000), ("两百", 200), ("一百二十", 120), ("十二", 12), ("十万", 100000),
    ("两万", 20000), ("一百零五", 105), ("三千零五十", 3050), ("一万二千亿", 1200000000000),
    ("三点五", 3.5), ("十二点零五", 12.05), ("二〇二一", 2021), ("一九八九", 1989),
    ("千", 1000), ("百万", 1000000), ("千万", 10000000), ("百亿", 10000000000),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["二三十", "一两", "七八", "十十", "百分", "百千", "千百", "", "abc", "1.2.3"])
def test_malformed_or_vague_numerals_are_not_numbers(text):
    assert parse_number(text) is None


def test_decimal_arithmetic_is_exact():
    assert parse_decimal("1378.6亿") == 137860000000
    assert format_value(parse_number("1378.6亿")) == "137860000000"
    assert format_value(parse_number("0.21")) == "0.21"
    assert format_value(parse_number("4.51")) == "4.51"


def test_wan_wan_is_yi_as_older_texts_write_it():
    assert parse_number("四万万") == 400000000
    assert parse_number("四万万") == parse_number("四亿")
    assert parse_number("七八万万") is None      # still a vague pair
