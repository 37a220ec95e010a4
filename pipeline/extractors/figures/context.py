"""What a figure measures (metric) and whose it is (subject), from its sentence.

Both come from the words before the figure in its own sentence, using the
lexicons of rules/figures.yaml:

- metric: the metric word (metric_words: 主营业务收入, 增长率…) closest before the
  figure in its clause; a percentage right after a growth verb (同比增长8.8%) is a
  growth rate, of the metric the sentence named before it when there is one.
- subject: the nearest name before the figure ending in a subject head
  (subject_heads: 集群, 园区, 集团…) or a scope word (subject_scopes: 全市, 全省…).

Empty when the sentence does not say; analysts would rather see a blank than a guess.
"""
from __future__ import annotations

import re

from pipeline.speedups.regex_cache import compile_regex
from pipeline.rules import lexicon_regex

# Clause ends: a metric named in an earlier clause is not this figure's.
CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?\n]")
GROWTH_BEFORE = re.compile(r"(?:同比|环比|较上年|比上年|较去年同期)?(?:增长|增加|提高|提升|上升|下降|下滑|减少|回落|增幅为?|增速为?|增幅高达|增长率为?)了?(?:约|超过|近)?$")
# Metric words that name a growth rate rather than what grows (增加值 is what grows).
GROWTH_WORDS = ("同比", "环比", "增长", "增速", "增幅")
# Metrics that are already rates or shares: their change in points is still that metric.
RATE_ENDINGS = ("率", "比重", "占比", "份额")
# Characters that follow a number (2024年, 54个) and so never start a name.
AFTER_NUMBER = "年月日号个家名项位底"
# What a date is replaced with before looking for a subject: not a name character.
DATE_GAP = "|"
# A subject name: up to 14 word characters before a head word, within one clause.
NAME_BEFORE_HEAD = r"[\u4e00-\u9fffA-Za-z]{0,14}"


class FigureContext:
    def __init__(self, lexicons: dict[str, list[str]]):
        metric_words = lexicons.get("metric_words", [])
        heads = lexicons.get("subject_heads", [])
        scopes = lexicons.get("subject_scopes", [])
        stops = lexicons.get("subject_stop_words", [])
        self.metric_re = compile_regex(lexicon_regex(metric_words)) if metric_words else None
        parts = []
        if heads:
            parts.append(f"(?P<name>{NAME_BEFORE_HEAD}{lexicon_regex(heads)})")
        if scopes:
            parts.append(f"(?P<scope>{lexicon_regex(scopes)})")
        self.subject_re = compile_regex("|".join(parts)) if parts else None
        # Every subject holds a head or scope word: a text without one needs no subject search
        # (which tries up to 14 name characters before a head at every position).
        self.subject_words_re = compile_regex(lexicon_regex(heads + scopes)) if parts else None
        # the part of a name candidate after its last stop word
        self.after_stop_re = compile_regex(f"(?:.*{lexicon_regex(stops)})?(?P<rest>.*)$", re.S) if stops else None

    def metric_of(self, before_in_sentence: str, unit: str) -> str:
        clause = CLAUSE_BREAK.split(before_in_sentence)[-1]
        if self.metric_re is None:
            return ""
        found = list(self.metric_re.finditer(clause))
        metric = found[-1].group(0) if found else ""
        growth = GROWTH_BEFORE.search(clause) if unit in ("%", "个百分点", "百分点") else None
        if growth:
            # 增加值比上年增长6.3%, 收入同比增长8%: a growth rate of the metric named before the
            # growth words (not of a growth word itself: 同比增长, 增速).
            head = before_in_sentence[:len(before_in_sentence) - len(clause) + growth.start()]
            earlier = self.metric_re.findall(head)
            base = next((m for m in reversed(earlier) if not m.startswith(GROWTH_WORDS)), "")
            if base.endswith(RATE_ENDINGS):
                return base      # 毛利率下滑3.2个百分点: a change of the rate itself
            if base or not metric or found[-1].end() > growth.start():
                return f"{base}增长率" if base else "增长率"
        return metric

    def subject_of(self, before_in_sentence: str, dates: list[tuple[int, int]] = ()) -> str:
        """The nearest named subject (…集群, …园区, …集团) or scope word (全市) before the figure.

        `dates` are the spans (offsets into before_in_sentence) of the date expressions there:
        a subject never contains a date (2022年集群, 二〇二二年园区), so they are blanked out first.
        """
        if self.subject_re is None:
            return ""
        for start, end in dates:
            before_in_sentence = before_in_sentence[:start] + DATE_GAP * (end - start) + before_in_sentence[end:]
        if not self.subject_words_re.search(before_in_sentence):
            return ""
        subject = ""
        for m in self.subject_re.finditer(before_in_sentence):
            if m.lastgroup == "scope":
                subject = m.group("scope")
                continue
            name = m.group("name")
            if self.after_stop_re is not None:
                name = self.after_stop_re.match(name).group("rest")
            name = name.lstrip(AFTER_NUMBER)
            if len(name) >= 3:   # a bare head (集群, 园区) names nothing
                subject = name
        return subject
