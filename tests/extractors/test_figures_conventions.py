"""Figures the gold's conventions (benchmarks/gold/README.md) ask for beyond SCHEMA.md's list, on
sentences written for these tests: neighbouring-digit ranges (convention 15), "only one" counts
(convention 12), counts in older writing, and chart positions in tables that count nobody."""
from __future__ import annotations

import pytest

from pipeline import extract


def figures(text):
    return [(f.text, f.value, f.unit) for f in extract(text).figures]


@pytest.mark.parametrize("text, expected", [
    ("镇上只有一两家超市。", [("一", 1, "家"), ("两家", 2, "家")]),
    ("面积不过二三省。", [("二", 2, "省"), ("三省", 3, "省")]),
    ("来了三四个人。", [("三", 3, "个"), ("四个人", 4, "个")]),
    ("各国人口七八万万。", [("七", 700000000, ""), ("八万万", 800000000, "")]),
])
def test_neighbouring_digits_give_one_figure_per_end(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize("text", [
    "来了二三十家企业。", "花了七八十万。", "等了两三个月。", "干了三四年。", "心里七上八下。", "八九不离十。",
])
def test_vague_tens_and_durations_stay_out(text):
    assert figures(text) == []


def test_only_one_counts_but_only_some_does_not():
    assert figures("全村只有一家超市，仅有一次机会。") == [("一家", 1, "家"), ("一次", 1, "次")]
    assert figures("只有一些企业，只有一点希望，一家企业。") == []


def test_older_counts():
    assert figures("割去台湾一省，高某等二人获奖，以上三处完工，精兵百万，进口值百抽五。") == [
        ("一省", 1, "省"), ("二人", 2, "人"), ("三处", 3, "处"), ("百万", 1000000, ""), ("值百抽五", 5, "%")]
    assert figures("推行一县一品，看二人转，千万不可大意，成了百万富翁。") == []


def test_a_chart_position_alone_in_a_table_cell_is_no_count():
    assert figures("节目\t排名\n人气歌谣\t1位（冠军歌曲）\n音乐中心\n1位\n") == []
    assert figures("共有3位专家出席。") == [("3位", 3, "位")]


def test_times_done_after_the_verb():
    assert figures("他擦了两下，又读了三遍。") == [("两下", 2, "下"), ("三遍", 3, "遍")]
    assert figures("他真有两下子。") == []
