"""The date and figure rules rewritten to start by reading a character match as the former patterns did.
"""
from __future__ import annotations

import random
import re

import pytest

# --- rule patterns that start by reading a character -----------------------------------
# A pattern that opens with a lookaround is tried at every character; one that opens by reading
# a character lets the regex engine jump between the characters it can start with. These were
# the patterns before their lookbehinds moved after the first characters (kept as the specification).

FORMER_FRAGMENTS = {
    "dates": {"year": r"(?<![0-9０-９.．])(?<!公元前)(?P<year>(?:19|20|１９|２０)[0-9０-９]{2})"},
    "figures": {"arabic": r"(?=[0-9０-９])(?<![0-9０-９A-Za-z.．_/])(?<![0-9０-９][:：])(?<!第)(?![0０][0-9０-９])"
                          r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?(?![0-9０-９])",
                "cn_numeral": "(?=[一二两三四五六七八九十])(?<![第数几上成多零〇一二两三四五六七八九十百千万亿])(?<!(?<!其)余)"
                              "(?![一二](?![零〇一二两三四五六七八九十百千万亿]))[一二两三四五六七八九十]"
                              "[零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+)?"},
}


FORMER_PATTERNS = {
    "dates.year_month_day": "{at_digit}{year}{sp}年{sp}{month}{sp}月{sp}{day}(?:{day_end}|(?=[\u4e00-\u9fff])"
                            "(?![多余万亿千百个家名人项台套元年月日号次场届期位只条件天周岁分秒时点种例起批部架辆座所]))",
    "dates.numeric_date": "{at_digit}{year}(?P<sep>[-/.])(?P<month>1[0-2]|0?[1-9])(?P=sep){day}(?![0-9])",
    "dates.year_range": "{at_digit}{year}(?:{sp}年{sp}(?:至|到|~|～){sp}|{to}){year2}{sp}年"
                        "(?:{sp}{month2}{sp}月(?:{sp}{day2}{sp}[日号])?)?",
    "dates.short_year": "{at_digit}(?<![0-9０-９.．])(?P<short_year>[0-9]{2})年{month}月(?:{day}[日号])?",
    "dates.year_month": "{at_digit}{year}{sp}年{sp}{month}{sp}月",
    "dates.repaired_fused_year_month": "{at_digit}(?<![0-9])(?P<year>(?:19|20)[0-9]{2})(?P<month>1[0-2]|[1-9])月",
    "dates.year": "{at_digit}{year}{sp}年(?!代)",
    "dates.year_before_period": "{at_digit}{year}(?={sp}(?:上半年|下半年|全年|前三季度|第?[一二三四1-4]季度|财年|年度))",
    "dates.short_year_period": "{at_digit}(?<![0-9０-９.．])(?P<short_year>[0-9]{2})年(?:(?=底|末|上半年|下半年)|(?<=0.年)(?!代))",
    "dates.year_before_year": "{at_digit}{year}(?=[、，,和与及或]{sp}(?:19|20)[0-9]{2}{sp}年)",
    "dates.year_in_title": "(?<=[《“「【])(?P<year>(?:19|20)[0-9]{2}){not_a_count}",
    "dates.year_in_event_name": "{at_digit}(?<![0-9０-９A-Za-z.．])(?P<year>(?:19|20)[0-9]{2}){not_a_count}"
                                "(?=[\u4e00-\u9fffA-Za-z]{0,12}?{event_noun})",
    "figures.one_measure": "(?=一)(?<![第统唯之万同单逐其十百千零〇一二两三四五六七八九数])(?P<number>一)"
                           "(?!度|块|毛|成不变|元化|元复始|元论)(?P<unit>{measure}|{currency})(?!化|复始|论|素|次方|体|道)"
                           "{half}{unit_tail}{after}",
    "figures.one_compared": "(?=一)(?<![第统唯之万同单逐其十百千零〇一二两三四五六七八九数])(?P<number>一)(?P<unit>{classifier})"
                            "(?=[^，。；！？\n]{0,20}?(?:相当于|顶|抵|等于|替代|取代|顶替|替换)[^，。；！？\n]{0,3}?"
                            "[0-9０-９两三四五六七八九十百千]+(?P=unit))",
    "figures.two_of_noun": "(?=两)(?<![第数几上成零〇一二两三四五六七八九十百千万亿])(?P<number>两)(?P<unit>{two_of_noun})",
}


NUMBER_TEXT_PARTS = ["2019", "２０２０", "1998", "0", "０", "1", "5", "12", "８", "05", "3",
                     ".", "．", ",", ":", "：", "/", "_", "A", "第", "公元前", "年", "月", "日", "号", "代", "底",
                     "上半年", "《", "“", "、", "至", "-", "万", "亿", "元", "%", "个", "家", "博览会", "集群", " ",
                     "一", "二", "两", "三", "十", "百", "千", "零", "点", "余", "其余", "数", "米", "度", "台",
                     "相当于", "人", "口", "成不变", "化"]


def former_and_current_regexes(kind: str):
    """(rule id, former regex, current regex) for the shipped rules of a kind."""

    from pipeline.extractors import load_rules
    from pipeline.rules import expand_pattern

    rules = load_rules()
    lexicons, fragments = rules.lexicons.get(kind, {}), rules.fragments.get(kind, {})
    former_fragments = {**fragments, **FORMER_FRAGMENTS[kind]}
    out = []
    for rule in rules.rules(kind):
        if rule.pattern is None:
            continue
        former = FORMER_PATTERNS.get(rule.id, rule.pattern)
        out.append((rule.id, re.compile(expand_pattern(former, lexicons, former_fragments)), rule.regex))
    assert any(former.pattern != current.pattern for _, former, current in out)
    return out


def all_matches(regex, text):
    return [(m.span(), [m.span(g) for g in range(1, regex.groups + 1)]) for m in regex.finditer(text)]


@pytest.mark.parametrize("kind", ["dates", "figures"])
def test_rules_reading_their_first_character_match_as_before(kind, corpus_texts):
    rng = random.Random(13)
    texts = corpus_texts + ["".join(rng.choice(NUMBER_TEXT_PARTS) for _ in range(rng.randint(0, 14)))
                            for _ in range(20000)]
    for rule_id, former, current in former_and_current_regexes(kind):
        for text in texts:
            assert all_matches(current, text) == all_matches(former, text), (rule_id, text)
