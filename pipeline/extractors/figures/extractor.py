"""Figures: quantities with a unit or multiplier, and percentages (rules/figures.yaml).

A rule's regex names its parts: `number` (digits or a Chinese numeral), `mult`
(万, 亿… after Arabic digits), `unit`, `unit_tail` (钱 in 10块钱, /小时 in
5元/小时: in the text, not in the unit), `low`/`low_mult` (the bare lower end of
a range, which becomes its own record with the upper end's unit), and the
qualifiers `approx_mid`/`approx_mid2` (余, 多 between number and unit) and
`approx_after` (以上, 左右…), and `decimal_tail` (the 7 of 1米7, a decimal digit said
after the unit). A qualifier before the number (超过, 约…) is the
longest before_* lexicon word ending right where the figure starts (looked up
here rather than in every pattern: a pattern that starts with the number lets
the regex engine skip text fast). A qualifier's kind comes from the lexicon
that lists it (before_more_than, mid_about…).

The record's text runs from the number to the end of its unit; qualifiers
before the number and after the unit stay out of it. Spans already taken by a
date, numbers inside fixed terms (lexicon fixed_terms: 四个全面) and a figure that is a whole
title by itself (the song 《一分钱》) are skipped. A unit written another way is reported
by its usual name (unit_aliases: 美金 -> 美元).
"""
from __future__ import annotations

import re
from decimal import Decimal

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extractors.figures.context import FigureContext
from pipeline.extractors.matching import GatedRules, find_matches, overlaps
from pipeline.extractors.numbers import parse_decimal, to_halfwidth
from pipeline.records import FigureRecord, columns
from pipeline.speedups.regex_cache import compile_regex
from pipeline.extractors.registry import load_rules_at
from pipeline.rules import RuleSet, built_from, lexicon_regex
from pipeline.nlp.doc_text import text_of
from pipeline.nlp.sentences import sentence_at
from pipeline.nlp.spans import set_spans


APPROX_KINDS = ("more_than", "about", "less_than")
# Regex group -> the lexicon position its words come from (before-words are found in code).
APPROX_GROUPS = {"approx_mid": "mid", "approx_mid2": "mid", "approx_after": "after"}
POSITIONS = ("before", "mid", "after")


class FigureExtractor:
    def __init__(self, rules: RuleSet):
        self.rules = GatedRules.of(rules, "figures")
        lexicons = rules.lexicons.get("figures", {})
        self.approx_kind: dict[tuple[str, str], str] = {}
        for name, words in lexicons.items():
            position, _, kind = name.partition("_")
            if position in POSITIONS and kind in APPROX_KINDS:
                for word in words:
                    self.approx_kind[(position, word)] = kind
        fixed = lexicons.get("fixed_terms", [])
        self.fixed_terms = compile_regex(lexicon_regex(fixed)) if fixed else None
        self.not_approx_before = tuple(lexicons.get("not_approx_before", []))
        self.currency_before_number = sorted(lexicons.get("currency_before_number", []), key=len, reverse=True)
        before_words = [w for (position, w) in self.approx_kind if position == "before"]
        self.before_re = compile_regex(lexicon_regex(before_words) + r"\Z") if before_words else None
        self.before_width = max((len(w) for w in before_words), default=0)
        self.context = FigureContext(lexicons)
        self.rank_before = tuple(lexicons.get("rank_before", []))
        self.rank_units = set(lexicons.get("rank_units", []))
        self.unit_aliases = rules.file_data.get("figures", {}).get("unit_aliases", {}) or {}

    def approx_before(self, text: str, start: int) -> str:
        """The kind of the qualifier word written right before a figure (超过36.6亿个), or ""."""
        if self.before_re is None:
            return ""
        for currency in self.currency_before_number:
            if text.endswith(currency, 0, start):   # 约合人民币4971元: the qualifier is before the currency
                start -= len(currency)
                break
        window = text[max(0, start - self.before_width):start]
        m = self.before_re.search(window)
        if m is None or text.endswith(self.not_approx_before, 0, start):
            return ""  # 最近3家: 近 belongs to 最近
        return self.approx_kind.get(("before", m.group(0)), "")

    def approx_of(self, match: re.Match, text: str, start: int) -> str:
        """The first qualifier of the figure: before the number first, then between, then after."""
        kind = self.approx_before(text, start)
        if kind:
            return kind
        for group, position in APPROX_GROUPS.items():
            word = match.groupdict().get(group)
            kind = self.approx_kind.get((position, word)) if word else None
            if kind:
                return kind
        return ""

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        records = doc._.records["figures"]
        blocked_dates = [(d.start, d.end) for d in doc._.records["dates"]]
        blocked = list(blocked_dates)
        if self.fixed_terms is not None:
            blocked += [m.span() for m in self.fixed_terms.finditer(text)]
        for rm in find_matches(self.rules.for_text(text), text):
            m = rm.match
            groups = m.groupdict()
            if not groups.get("number"):
                continue
            unit = to_halfwidth(rm.rule.options.get("unit") or groups.get("unit") or "")
            mult = groups.get("mult") or ""
            if groups.get("decimal_tail"):   # 1米7: the digit after the unit is the decimal
                value = parse_decimal(groups["number"] + "." + groups["decimal_tail"])
            else:
                value = parse_decimal(groups["number"] + mult)
            if value is None:
                continue
            start = m.start("lead") if groups.get("lead") else m.start("number")
            end = max(m.end(g) for g in ("number", "approx_mid", "mult", "approx_mid2", "unit", "unit_tail", "decimal_tail")
                      if groups.get(g) is not None and m.start(g) >= 0)
            ends = []
            if groups.get("low"):
                low_value = parse_decimal(groups["low"] + (groups.get("low_mult") or mult or _shared_place(groups["low"], groups["number"])))
                if low_value is None:
                    continue
                low_end = m.end("low_mult") if groups.get("low_mult") else m.end("low")
                ends.append((m.start("low"), low_end, low_value))
            ends.append((start, end, value))
            if any(overlaps(s, e, blocked) for s, e, _ in ends):
                continue
            if text[ends[0][0] - 1:ends[0][0]] == "《" and text[m.end():m.end() + 1] == "》":
                continue   # 《一元钱》: the quantity is the whole title of a work, a name
            unit = self.unit_aliases.get(unit, unit)
            if unit in self.rank_units and self.rank_before and text.endswith(self.rank_before, 0, ends[0][0]):
                continue   # 排名在20-40名: a rank, not a count of people
            approx = self.approx_of(m, text, ends[0][0])
            sent_start, _, sentence = sentence_at(doc, ends[0][0])
            before = text[sent_start:ends[0][0]]
            metric = self.context.metric_of(before, unit)
            dates_before = [(max(s, sent_start) - sent_start, min(e, ends[0][0]) - sent_start)
                            for s, e in blocked_dates if s < ends[0][0] and e > sent_start]
            subject = self.context.subject_of(before, dates_before)
            for s, e, v in ends:
                records.append(FigureRecord(
                    text=text[s:e], value=_as_float(v), unit=unit, approx=approx, metric=metric,
                    subject=subject, start=s, end=e, sentence=sentence, rule=rm.rule.id))
        set_spans(doc, "figures", ((r.start, r.end, r.rule) for r in records))
        return doc


def _shared_place(low: str, high: str) -> str:
    """The place words a bare Chinese lower end shares with the upper end: 两到三万 -> 万
    (两 is 两万), 五到六千 -> 千; none for Arabic digits or a lower end with its own."""
    if len(low) != 1 or low not in "一二两三四五六七八九":
        return ""
    return high[len(high.rstrip("十百千万亿")):]


def _as_float(value: Decimal) -> float:
    return float(value)


@Language.factory("newsx_figures", default_config={"rules_dirs": []})
def make_figure_extractor(nlp: Language, name: str, rules_dirs: list[str]) -> FigureExtractor:
    return built_from(FigureExtractor, load_rules_at(rules_dirs))
