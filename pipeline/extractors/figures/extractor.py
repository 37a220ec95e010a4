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
from functools import partial

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extractors.figures.context import FigureContext
from pipeline.extractors.matching import GatedRules, SpanIndex, find_matches
from pipeline.extractors.numbers import parse_decimal, to_halfwidth
from pipeline.extractors.registry import load_rules_at
from pipeline.nlp.doc_text import text_of
from pipeline.nlp.sentences import sentence_at
from pipeline.nlp.spans import set_spans
from pipeline.records import FigureRecord
from pipeline.rules import RuleSet, built_from, lexicon_regex
from pipeline.speedups.regex_cache import compile_regex

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
        # how far before or after a figure a fixed term that overlaps it may start or end
        self.fixed_reach = max((len(w) for w in fixed), default=0)
        self.not_approx_before = tuple(lexicons.get("not_approx_before", []))
        self.currency_before_number = tuple(sorted(lexicons.get("currency_before_number", []), key=len, reverse=True))
        before_words = [w for (position, w) in self.approx_kind if position == "before"]
        self.before_re = compile_regex(lexicon_regex(before_words) + r"\Z") if before_words else None
        self.before_width = max((len(w) for w in before_words), default=0)
        self.context = FigureContext(lexicons)
        self.rank_before = tuple(lexicons.get("rank_before", []))
        self.rank_units = set(lexicons.get("rank_units", []))
        self.rank_after = tuple(lexicons.get("rank_after", []))
        self.unit_aliases = rules.file_data.get("figures", {}).get("unit_aliases", {}) or {}
        # change words (增长, 下降…): the lexicon that lists a word says which way it goes
        self.change_kind = {w: "increase" for w in lexicons.get("change_increase", [])}
        self.change_kind.update({w: "decrease" for w in lexicons.get("change_decrease", [])})
        self.not_change_before = tuple(lexicons.get("not_change_before", []))
        self._end_groups: dict[str, tuple[str, ...]] = {}
        between = lexicon_regex(lexicons.get("change_between", [])) if lexicons.get("change_between") else "(?!)"
        self.change_re = compile_regex(
            f"(?P<word>{lexicon_regex(list(self.change_kind))})(?:{between})*\\Z") if self.change_kind else None
        self.change_width = max((len(w) for w in self.change_kind), default=0) + 6

    def approx_word_before(self, text: str, start: int) -> tuple[str, int]:
        """The qualifier word written right before a figure (超过 in 超过36.6亿个) and where it
        starts; ("", start) when there is none. A currency named between them (约合人民币4971元)
        is passed over."""
        if self.before_re is None:
            return "", start
        if text.endswith(self.currency_before_number, 0, start):
            for name in self.currency_before_number:
                if text.endswith(name, 0, start):   # 约合人民币4971元: the qualifier is before the currency
                    start -= len(name)
                    break
        m = self.before_re.search(text, max(0, start - self.before_width), start)
        if m is None or text.endswith(self.not_approx_before, 0, start):
            return "", start  # 最近3家: 近 belongs to 最近; 签约120亿元: 约 belongs to 签约
        return m.group(0), m.start()

    def approx_of(self, groups: dict, before_word: str) -> str:
        """The first qualifier of the figure: before the number first, then between, then after."""
        kind = self.approx_kind.get(("before", before_word), "") if before_word else ""
        if kind:
            return kind
        for group, position in APPROX_GROUPS.items():
            word = groups.get(group)
            kind = self.approx_kind.get((position, word)) if word else None
            if kind:
                return kind
        return ""

    def is_rank(self, text: str, start: int, end: int, unit: str = "") -> bool:
        """A count of 名/位 that is a place in a ranking: after a ranking word (排名, 获得, 第),
        also across a lower end the range rules could not read (第17-32名), or before a word of
        ranking (17-32名排位赛); and N位 alone in a table cell (音乐节目\t1位（…）, or a cell on a line
        of its own): a chart position, since a count of 位 names whom it counts (3位专家)."""
        if self.rank_after and text.startswith(self.rank_after, end):
            return True
        if unit == "位" and text[start - 1:start] in ("\t", "\n") and text[end:end + 1] in TABLE_CELL_END:
            return True
        if not self.rank_before:
            return False
        lower = RANGE_LOWER_END.search(text, max(0, start - 12), start)
        if lower is not None:
            start = lower.start()
        return text.endswith(self.rank_before, 0, start)

    def in_fixed_term(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] overlaps a fixed term (四个全面). Only the stretch where such a
        term could stand is searched: one search of the whole text would cost more than the
        few figures of an article."""
        if self.fixed_terms is None:
            return False
        reach = self.fixed_reach
        for m in self.fixed_terms.finditer(text, max(0, start - reach), end + reach):
            if m.start() < end and start < m.end():
                return True
        return False

    def end_groups(self, rule) -> tuple[str, ...]:
        """The END_GROUPS the rule's regex has (the others never take part in its matches)."""
        found = self._end_groups.get(rule.id)
        if found is None:
            names = rule.regex.groupindex
            found = self._end_groups[rule.id] = tuple(g for g in END_GROUPS if g in names)
        return found

    def change_of(self, text: str, start: int) -> str:
        """increase / decrease when the words right before the figure give it as a rise or a fall
        (同比下降3.2%, 减少了约12亿元, 增幅达8%); not a level reached (降至3%, 增长到8%)."""
        if self.change_re is None:
            return ""
        m = self.change_re.search(text, max(0, start - self.change_width), start)
        if m is None or text.endswith(self.not_change_before, 0, m.start() + len(m.group("word"))):
            return ""
        return self.change_kind[m.group("word")]

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        records = doc._.records["figures"]
        dates = SpanIndex([(d.start, d.end) for d in doc._.records["dates"]])
        for rm in find_matches(self.rules.for_text(text), text):
            m = rm.match
            groups = m.groupdict()
            if not groups.get("number") or rm.rule.options.get("not_a_figure"):
                continue   # a not_a_figure rule takes its span (两双数据) so that no figure does
            unit = to_halfwidth(rm.rule.options.get("unit") or groups.get("unit") or "")
            mult = groups.get("mult") or ""
            value = parse_decimal(groups["number"] + mult)
            if value is None:
                continue
            value += _minor_parts(groups)
            if rm.rule.options.get("counts_list") and (value != _items_listed_before(text, m.start("number"))
                                                       or not _word_starts_at(doc, m.end("unit"))):
                continue   # 省、市、县三级 counts the three listed, but 三流作家 nothing, and 三要素 no 要
            start = m.start("lead") if groups.get("lead") else m.start("number")
            end = max(m.end(g) for g in self.end_groups(rm.rule) if groups.get(g) is not None)
            ends = []
            if groups.get("low"):
                low_mult = groups.get("low_mult") or mult or _shared_place(groups["low"], groups["number"])
                low_value = parse_decimal(groups["low"] + low_mult)
                if low_value is None:
                    continue
                low_end = m.end("low_mult") if groups.get("low_mult") else m.end("low")
                ends.append([m.start("low"), low_end, low_value])
            ends.append([start, end, value])
            for each in ends:    # a written sign stays: -12亿元, 增速为-1.5%, 负0.2%
                sign_start = _sign_start(text, each[0])
                if sign_start is not None:
                    each[0], each[2] = sign_start, -each[2]
            if groups.get("lead") and (_sign_start(text, m.start("number")) or -1) >= m.start("lead"):
                ends[-1][2] = -ends[-1][2]   # a sign inside the lead: 摄氏零下10度
            if any(dates.overlaps(s, e) or self.in_fixed_term(text, s, e) for s, e, _ in ends):
                continue
            if text[ends[0][0] - 1:ends[0][0]] == "《" and text[m.end():m.end() + 1] == "》":
                continue   # 《一元钱》: the quantity is the whole title of a work, a name
            if _opens_quoted_term(text, ends[0][0], ends[-1][1]):
                continue   # “五方联动”机制, “四个着力点”: the number begins a slogan's name
            unit = self.unit_aliases.get(unit, unit)
            if unit in self.rank_units and self.is_rank(text, ends[0][0], ends[-1][1], unit):
                continue   # 排名在20-40名, 第17-32名, 17-32名排位赛: a rank, not a count of people
            if _is_list_number(text, m.start("number"), end, groups):
                continue   # "2 台州模具集群": the number of an item in a list, running into its name
            if _in_ordinal_list(text, ends[0][0]):
                continue   # 第37-40、43-62、89-120集: every number after 第 is an ordinal
            before_word, before_start = self.approx_word_before(text, ends[0][0])
            approx = self.approx_of(groups, before_word)
            change = self.change_of(text, before_start)
            sent_start, _, sentence = sentence_at(doc, ends[0][0])
            before = text[sent_start:ends[0][0]]
            metric = self.context.metric_of(before, unit)
            dates_before = [(max(s, sent_start) - sent_start, min(e, ends[0][0]) - sent_start)
                            for s, e in dates.within(sent_start, ends[0][0])]
            subject = self.context.subject_of(before, dates_before, partial(_word_starts, doc, sent_start, ends[0][0]))
            for s, e, v in ends:
                records.append(FigureRecord(
                    text=text[s:e], value=_as_float(v), unit=unit, approx=approx, metric=metric,
                    subject=subject, start=s, end=e, sentence=sentence, rule=rm.rule.id, change=change))
        set_spans(doc, "figures", ((r.start, r.end, r.rule) for r in records))
        return doc


# A lower end and range separator right before a figure (17- in 第17-32名).
RANGE_LOWER_END = re.compile(r"[0-9０-９]+ ?(?:-|－|—|–|~|～|〜|至|到) ?\Z"
                             r"|[一二两三四五六七八九十]+(?:-|－|—|–|~|～|〜|至|到)\Z")
# What follows a table cell's last word (the next cell, a note in brackets, the line's end).
TABLE_CELL_END = ("", "\t", " ", "\n", "（", "(")
# The groups a figure's text runs to the end of (the last one present).
END_GROUPS = ("number", "approx_mid", "mult", "mult_tenth", "approx_mid2", "unit", "unit_tail", "decimal_tail", "half",
              "dimes", "dimes_unit", "cents", "cents_unit", "coin_tail")
# A minus sign written before a number; the character before it must not end a number or a word
# (1-3% is a range, COVID-19 a name).
SIGNS = "-－−﹣"
NOT_BEFORE_SIGN = (set("0123456789０１２３４５６７８９.．%％)）]】")
                   | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
# What may follow a figure that is a whole line (or a line's first clause): not the rest of a name.
LINE_PAUSE = ("", "\n", "\r", "，", "。", "；", "、", "！", "？", ",", ";", ".", "!", "?")
# A list summed up by the count after it (省、市、县三级): how far back its clause may start, what ends
# a clause, the longest item after the first, and the words that join the last two items.
LIST_REACH = 60
LIST_BREAKS = set("，。；！？：,;!?:\n“”「」『』（）()《》 \t\u3000")
LIST_ITEM_MAX_CHARS = 8
LIST_JOIN = re.compile("以及|和|及|与")
# A short term in quotation marks (“五方联动”): its marks, its longest length, what cannot stand in it.
TERM_CLOSE = {"“": "”", "「": "」", "『": "』"}
TERM_MAX_CHARS = 6
TERM_BREAKS = set("，。；！？、：,;!?:\n“”「」『』")
CHINESE_DIGITS = dict(zip("〇零一二两三四五六七八九", "001223456789"))


def _sign_start(text: str, start: int) -> int | None:
    """Where a sign written right before the number at `start` begins (-3%, 负0.2, 零下5度), or None."""
    before = text[start - 1:start]
    if before == "负":
        return start - 1
    if text[start - 2:start] == "零下":
        return start - 2
    if before and before in SIGNS and text[start - 2:start - 1] not in NOT_BEFORE_SIGN:
        return start - 1
    return None


def _digits(numeral: str) -> str:
    """Decimal digits as written, Chinese or Arabic: 五 -> 5, 75 -> 75."""
    return "".join(CHINESE_DIGITS.get(ch, ch) for ch in to_halfwidth(numeral))


def _minor_parts(groups: dict) -> Decimal:
    """What the figure adds after its unit: a decimal digit said after it (1米7, 七五折), a half
    (一吨半, 三成半), a tenth of the multiplier said after it (一万五), and smaller coins
    (五元三毛, 两美元又三美分: tenths and hundredths)."""
    extra = Decimal(0)
    if groups.get("decimal_tail"):
        extra += Decimal("0." + _digits(groups["decimal_tail"]))
    if groups.get("half"):
        extra += Decimal("0.5")
    if groups.get("mult_tenth"):      # 一万五 = 1.5 万: a digit said after the multiplier is its tenth
        extra += parse_decimal("1" + groups["mult"]) * Decimal(_digits(groups["mult_tenth"])) / 10
    for group, scale in (("dimes", Decimal("0.1")), ("cents", Decimal("0.01"))):
        if groups.get(group):
            part = parse_decimal(groups[group])
            if part is not None:
                extra += part * scale
    return extra


ORDINAL_LIST_BEFORE = re.compile(r"第[0-9０-９]+(?:[-－~～、,，][0-9０-９]+)*[-－~～、,，]\Z")


def _in_ordinal_list(text: str, start: int) -> bool:
    """Whether the number at `start` continues a list or range of ordinals after 第
    (第37-40、43-62、89-120集)."""
    if start == 0 or text[start - 1] not in "-－~～、,，":
        return False
    return ORDINAL_LIST_BEFORE.search(text, max(0, start - 40), start) is not None


def _items_listed_before(text: str, start: int) -> int:
    """How many items the list that ends right before `start` names (省、市、县 -> 3; 商流、资金流、
    信息流以及物流 -> 4: the last 、 part may join two with 和, 及, 与 or 以及), within the clause; 0
    when no list ends there. Items other than the first (which carries the clause's words before
    the list) are short: a list of names, not of clauses."""
    clause_start = start
    while clause_start > 0 and start - clause_start < LIST_REACH and text[clause_start - 1] not in LIST_BREAKS:
        clause_start -= 1
    parts = text[clause_start:start].split("、")
    if len(parts) < 2 or any(not p or len(p) > LIST_ITEM_MAX_CHARS for p in parts[1:]):
        return 0
    joined = LIST_JOIN.split(parts[-1])
    if len(joined) > 2 or not all(joined):
        return 0
    return len(parts) + len(joined) - 1


def _opens_quoted_term(text: str, start: int, end: int) -> bool:
    """Whether the figure at text[start:end] opens a short term in quotation marks and the term
    goes on after it (“五方联动”, “四个着力点”, “3个100%”): a slogan or a programme's name, whose
    numbers are no figures. A quotation that is the figure, or ends with it (“卖了十个亿”), and
    longer quotations (what someone said) are left alone."""
    closing = TERM_CLOSE.get(text[start - 1]) if start else None
    if closing is None:
        return False
    close = text.find(closing, end, start + TERM_MAX_CHARS + 1)
    return close > end and not any(ch in TERM_BREAKS for ch in text[end:close])


def _is_list_number(text: str, start: int, end: int, groups: dict) -> bool:
    """A number that opens a line and is followed by a space before its "unit" numbers an item
    in a list when the line runs on into a name (1 台州模具集群); a line that is the figure
    alone, or the figure and a pause (5 公斤。), is a figure."""
    line_start = start == 0 or text[start - 1] == "\n"
    if not line_start:
        return False
    after = text[start + len(groups["number"]):start + len(groups["number"]) + 1]
    return after in (" ", "\u3000", "\u00a0", "\t") and text[end:end + 1] not in LINE_PAUSE


def _word_starts_at(doc: Doc, pos: int) -> bool:
    """Whether a word of the Doc (jieba's) starts at `pos`, or the text ends there: a unit read as one
    character (figures.list_count) must be a whole word, not the head of one (三要素)."""
    if pos >= len(text_of(doc)):
        return True
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    return span is not None and span.start_char == pos


def _word_starts(doc: Doc, start: int, end: int) -> set[int]:
    """Where the Doc's words (jieba's) start in text[start:end], as offsets from `start`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    offsets = {t.idx - start for t in span} if span is not None else set(range(end - start))
    offsets.add(end - start)
    return offsets


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
