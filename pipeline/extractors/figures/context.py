"""What a figure measures (metric) and whose it is (subject), from its sentence.

Both come from the words before the figure in its own sentence, using the
lexicons of rules/figures.yaml:

- metric: the metric word (metric_words: 主营业务收入, 增长率…) closest before the
  figure in its clause; a percentage right after a growth verb (同比增长8.8%) is a
  growth rate, of the metric the sentence named before it when there is one.
- subject: the nearest name before the figure ending in a subject head
  (subject_heads: 集群, 园区, 集团…) or a scope word (subject_scopes: 全市, 全省…).

Both are whole words: a metric word that begins a longer term (规模 in 规模以上企业,
not_metric_words) is none, a subject starts where a word of the text starts, and a stop word
cuts a name only where it stands as a word of its own (有 in 有限公司 does not). The subject is
what the figure measures, so a speaker's organisation before a speech verb (某公司负责人表示，…)
is left out: only the words after the last speech cue (speech_cues) are read.

Empty when the sentence does not say; analysts would rather see a blank than a guess.
"""
from __future__ import annotations

import re
from typing import Callable, Container

from pipeline.rules import lexicon_regex
from pipeline.speedups.regex_cache import compile_regex

# Everything up to the last clause break: a metric named in an earlier clause is not this figure's.
UP_TO_LAST_BREAK = re.compile(r".*[，,；;：:。！？!?\n]", re.S)
GROWTH_BEFORE = re.compile(r"(?:同比|环比|较上年|比上年|较去年同期)?"
                           r"(?:增长|增加|提高|提升|上升|下降|下滑|减少|回落|增幅为?|增速为?|增幅高达|增长率为?)了?(?:约|超过|近)?$")
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
        self.stop_re = compile_regex(lexicon_regex(stops)) if stops else None
        not_metric = lexicons.get("not_metric_words", [])
        self.not_metric_words = tuple(not_metric)
        cues = lexicons.get("speech_cues", [])
        # a speech verb and the punctuation after it: what follows is what the speaker says
        self.speech_re = compile_regex(f"(?:{lexicon_regex(cues)})[，,：:“\"]") if cues else None

    def metric_of(self, before_in_sentence: str, unit: str) -> str:
        last_break = UP_TO_LAST_BREAK.match(before_in_sentence)
        clause = before_in_sentence[last_break.end():] if last_break else before_in_sentence
        if self.metric_re is None:
            return ""
        found = [m for m in self.metric_re.finditer(clause)
                 if not (self.not_metric_words and clause.startswith(self.not_metric_words, m.start()))]
        metric = found[-1].group(0) if found else ""
        growth = GROWTH_BEFORE.search(clause) if unit in ("%", "个百分点", "百分点") else None
        if growth:
            # 增加值比上年增长6.3%, 收入同比增长8%: a growth rate of the metric named before the
            # growth words (not of a growth word itself: 同比增长, 增速).
            head = before_in_sentence[:len(before_in_sentence) - len(clause) + growth.start()]
            earlier = [m.group(0) for m in self.metric_re.finditer(head)
                       if not (self.not_metric_words and head.startswith(self.not_metric_words, m.start()))]
            base = next((m for m in reversed(earlier) if not m.startswith(GROWTH_WORDS)), "")
            if base.endswith(RATE_ENDINGS):
                return base      # 毛利率下滑3.2个百分点: a change of the rate itself
            if base or not metric or found[-1].end() > growth.start():
                return f"{base}增长率" if base else "增长率"
        return metric

    def subject_of(self, before_in_sentence: str, dates: list[tuple[int, int]] = (),
                   word_starts: Callable[[], Container[int]] | None = None) -> str:
        """The nearest named subject (…集群, …园区, …集团) or scope word (全市) before the figure.

        `dates` are the spans (offsets into before_in_sentence) of the date expressions there:
        a subject never contains a date (2022年集群, 二〇二二年园区), so they are blanked out first.
        `word_starts()` gives the offsets (into before_in_sentence) where the text's words start;
        without it every character starts one.
        """
        if self.subject_re is None:
            return ""
        for start, end in dates:
            before_in_sentence = before_in_sentence[:start] + DATE_GAP * (end - start) + before_in_sentence[end:]
        if not self.subject_words_re.search(before_in_sentence):
            return ""
        # The subject comes after the last speech verb before the figure (X表示，…).
        said = list(self.speech_re.finditer(before_in_sentence)) if self.speech_re is not None else []
        offset = said[-1].end() if said else 0
        starts = None
        subject = ""
        for m in self.subject_re.finditer(before_in_sentence, offset):
            if m.lastgroup == "scope":
                subject = m.group("scope")
                continue
            if starts is None:
                starts = word_starts() if word_starts is not None else _EVERY_OFFSET
            name, at = m.group("name"), m.start("name")
            cut = 0
            if self.stop_re is not None:
                for stop in self.stop_re.finditer(name):
                    if at + stop.start() in starts and at + stop.end() in starts:
                        cut = stop.end()     # the last stop word that stands as a word of its own
            while cut < len(name) and (at + cut not in starts or name[cut] in AFTER_NUMBER):
                cut += 1                     # a name starts at a word, never after a number's unit
            name = name[cut:]
            if len(name) >= 3:   # a bare head (集群, 园区) names nothing
                subject = name
        return subject


class _EveryOffset:
    """Every offset is a word start (when the words of the text are not known)."""

    def __contains__(self, offset: object) -> bool:
        return True


_EVERY_OFFSET = _EveryOffset()
