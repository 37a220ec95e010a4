"""Dates: calendar expressions -> ISO 8601 values (rules/dates.yaml).

A rule's regex names its parts: `year`, `month`, `day` (the date, or a range's
start), `year2`, `month2`, `day2` (a range's end), and `rel_year` (今年, 去年…
resolved against the publication date). A month or day with no year takes the
publication year, else `XXXX`. A range is one record whose value is the ISO
interval `start/end`; the end takes the parts it leaves out from the start
(6月3日至5日) and the start takes a year it leaves out from the end (1-10月 in
2016年1-10月, 2017-2018年). A match with only a `day` (27日) takes its year and
month from the nearest date before it that has a month; with none, it is a day of
the publication month (of the month before, when the day is later than the
publication day: news says 25日 for a recent day), and `XXXX-XX-25` when the
publication date is unknown. `rel_year2` is a relative year at a range's end
(2004年12月到今年4月). `rel_month` (上月, 本月) with a `day` counts months from the
publication month. `ctx_year` (同年, 次年) names no year of its own: like any month
without a written year it takes the publication year, as SCHEMA.md says;
`short_year` (18年3月) is put in the century that keeps it before publication. The record's text
ends at the last 年, 月 or 日 the rule matched.
`date_from`/`date_to` are the first and last day the value covers (bounds.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extractors.dates.bounds import date_bounds
from pipeline.extractors.matching import GatedRules, find_matches
from pipeline.extractors.numbers import parse_number, to_halfwidth
from pipeline.extractors.registry import load_rules_at
from pipeline.nlp.doc_text import text_of
from pipeline.nlp.sentences import sentence_at
from pipeline.nlp.spans import set_spans
from pipeline.records import DateRecord
from pipeline.rules import RuleSet, built_from

UNKNOWN_YEAR = "XXXX"


@dataclass
class DateParts:
    year: str | None      # four digits, or XXXX when only the publication date could tell
    month: int | None
    day: int | None

    def iso(self) -> str:
        value = self.year or UNKNOWN_YEAR
        if self.month is not None:
            value += f"-{self.month:02d}"
            if self.day is not None:
                value += f"-{self.day:02d}"
        elif self.day is not None:
            value += f"-XX-{self.day:02d}"    # a day whose month the text does not tell
        return value


def _year_of(published: str | None) -> int | None:
    if published and len(published) >= 4 and published[:4].isdigit():
        return int(published[:4])
    return None


# Arabic digits written among Chinese ones (二00四年), and a circle for zero (二○二三年), read as the Chinese digit.
ARABIC_AS_CHINESE = str.maketrans("0123456789０１２３４５６７８９○", "〇一二三四五六七八九〇一二三四五六七八九〇")
CHINESE_DIGIT_VALUES = str.maketrans("〇零○一二三四五六七八九", "000123456789")


def _int(value: str | None) -> int | None:
    if not value:
        return None
    if value == "元":
        return 1      # 元月 (January), 元年 (an era's first year)
    if not value.isascii() and any(ch in "〇零○一二三四五六七八九" for ch in value):
        value = value.translate(ARABIC_AS_CHINESE)
    number = parse_number(value)
    return int(number) if number is not None else None


def _two_digits(value: str) -> int | None:
    """A two-digit year read digit by digit: 08 -> 8, 五七 -> 57, 〇八 -> 8."""
    digits = to_halfwidth(value).translate(CHINESE_DIGIT_VALUES)
    return int(digits) if digits.isdigit() else None


def _parts(groups: dict[str, str | None], suffix: str) -> tuple[int | None, int | None, int | None]:
    return _int(groups.get("year" + suffix)), _int(groups.get("month" + suffix)), _int(groups.get("day" + suffix))


def _valid(month: int | None, day: int | None) -> bool:
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31)


def _publication_month(published: str | None, day: int) -> DateParts:
    """The month a bare day (25日) falls in: the publication month, or the month before when
    the day is later than the publication day; unknown when the publication date is."""
    try:
        year, month, pub_day = int(published[:4]), int(published[5:7]), int(published[8:10])
    except (TypeError, ValueError):
        return DateParts(None, None, day)
    if day > pub_day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return DateParts(f"{year:04d}", month, day)


def _relative_month(published: str | None, shift: int, day: int) -> DateParts:
    """上月20日, 本月3日: a day of the month `shift` months from the publication month."""
    try:
        year, month = int(published[:4]), int(published[5:7])
    except (TypeError, ValueError):
        return DateParts(None, None, day)
    index = year * 12 + month - 1 + shift
    return DateParts(f"{index // 12:04d}", index % 12 + 1, day)


def _century(two_digits: int, base_year: int | None) -> int:
    """18 -> 2018, 98 -> 1998: the latest year not after publication (or 2030 when it is unknown)."""
    limit = (base_year or 2030) + 1
    return 2000 + two_digits if 2000 + two_digits <= limit else 1900 + two_digits


def _bce_value(groups: dict[str, str | None]) -> str | None:
    """公元前3000年 -> -3000, 公元前3300年到公元前3000年 -> -3300/-3000 (ISO 8601 writes years
    before year 1 with a minus sign; astronomical numbering is not applied, as the text counts)."""
    values = []
    for name in ("bce_year", "bce_year2"):
        if groups.get(name):
            number = _int(groups[name].replace(",", "").replace("，", ""))
            if not number:
                return None
            values.append(f"-{number:04d}")
    return "/".join(values) or None


def date_value(groups: dict[str, str | None], published: str | None, relative_years: dict[str, int],
               month_context: DateParts | None = None, era_first_years: dict[str, int] | None = None,
               relative_months: dict[str, int] | None = None) -> str | None:
    """ISO value (or interval) of a matched date; None when the parts are not a valid date."""
    if groups.get("bce_year"):
        return _bce_value(groups)
    year, month, day = _parts(groups, "")
    year2, month2, day2 = _parts(groups, "2")
    base_year = _year_of(published)
    if groups.get("short_year"):
        two = _two_digits(groups["short_year"])
        if two is None:
            return None
        year = _century(two, base_year)
    if groups.get("short_year2"):
        two = _two_digits(groups["short_year2"])
        if two is None:
            return None
        year2 = _century(two, base_year)
    era = groups.get("era")
    if era:
        # 民国三年 -> 1914: the era's first year is its year 1 (元年)
        first = (era_first_years or {}).get(era)
        number = 1 if groups.get("era_year") == "元" else _int(groups.get("era_year"))
        if first is None or not number:
            return None
        year = first + number - 1
    if groups.get("pub_day"):
        # 今（9）日: a day of the publication month
        day = _int(groups["pub_day"])
        return _publication_month(published, day).iso() if day and _valid(None, day) else None
    if groups.get("rel_month"):
        # 上月20日: a day of a month counted from the publication month
        shift = (relative_months or {}).get(groups["rel_month"])
        day = _int(groups.get("day"))
        if shift is None or not day or not _valid(None, day):
            return None
        return _relative_month(published, shift, day).iso()
    rel = groups.get("rel_year")
    if rel:
        if rel not in relative_years:
            return None
        year = base_year + relative_years[rel] if base_year is not None else None
    if day is not None and month is None and year is None and not rel:
        # A day alone: the month (and year) of the date written before it.
        if not _valid(None, day):
            return None
        if month_context is None or month_context.month is None:
            return _publication_month(published, day).iso()
        return DateParts(month_context.year, month_context.month, day).iso()
    rel2 = groups.get("rel_year2")
    if rel2:
        if rel2 not in relative_years:
            return None
        # 到今年4月: the end's year is its own (unknown without a publication date), not the start's
        year2 = base_year + relative_years[rel2] if base_year is not None else None
    is_range = any(v is not None for v in (year2, month2, day2))
    if is_range:
        if year is None and year2 is not None and month is not None and month2 is not None and month2 < month:
            year = year2 - 1   # 7月17日至20年1月8日: the start is in the year before the end's
        if year2 is not None and year is not None and year2 < year:
            return None        # 2020-2018: not a range of years
        if year2 is None and not rel2 and month is not None and month2 is not None and month2 < month:
            # The end runs into the next year (2021年11月至3月, 12月28日至1月3日).
            start_year = year if year is not None else base_year
            if start_year is not None:
                year, year2 = start_year, start_year + 1
        year2 = year2 if (year2 is not None or rel2) else year
        year = year if year is not None else year2
        if day2 is not None and month2 is None:
            month2 = month
    if not (_valid(month, day) and _valid(month2, day2)):
        return None
    if year is None and month is None:
        return None

    def year_text(y: int | None) -> str | None:
        if y is not None:
            return f"{y:04d}"
        return f"{base_year:04d}" if base_year is not None else None

    start = DateParts(year_text(year), month, day)
    if not is_range:
        return start.iso()
    end = DateParts(year_text(year2), month2, day2)
    return f"{start.iso()}/{end.iso()}"


_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
# How far from a sexagenary year an event word may stand to say which cycle it is.
EVENT_REACH = 40


def sexagenary_name(year: int) -> str:
    """The 干支 name of a Gregorian year (1984 -> 甲子)."""
    return _STEMS[(year - 4) % 10] + _BRANCHES[(year - 4) % 12]


def sexagenary_year(name: str, text: str, published: str | None, events: dict) -> int | None:
    """The Gregorian year a 干支 `name` stands for in `text`: the year of its event in `events`
    (name -> {year, words}) when one of those words stands near any mention of the name in the
    article; else the publication year when that year bears the name; else None (any cycle)."""
    event = events.get(name)
    if event:
        words = event.get("words") or ()
        at = text.find(name)
        while at >= 0:
            window = text[max(0, at - EVENT_REACH):at + len(name) + EVENT_REACH]
            if any(word in window for word in words):
                return int(event["year"])
            at = text.find(name, at + 1)
    base_year = _year_of(published)
    if base_year is not None and sexagenary_name(base_year) == name:
        return base_year
    return None


class DateExtractor:
    def __init__(self, rules: RuleSet):
        self.rules = GatedRules.of(rules, "dates")
        self.relative_years = rules.file_data.get("dates", {}).get("relative_years", {})
        self.era_first_years = rules.file_data.get("dates", {}).get("era_first_years", {}) or {}
        self.relative_months = rules.file_data.get("dates", {}).get("relative_months", {}) or {}
        self.sexagenary_events = rules.file_data.get("dates", {}).get("sexagenary_events", {}) or {}

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        records = doc._.records["dates"]
        month_context: DateParts | None = None    # the last date that named a month
        month_context_at = 0                      # where that date starts
        published = doc._.published               # (read once: a Doc extension costs a lookup each time)
        for rm in find_matches(self.rules.for_text(text), text):
            groups = rm.match.groupdict()
            if groups.get("ganzhi"):
                year = sexagenary_year(groups["ganzhi"], text, published, self.sexagenary_events)
                if year is None:
                    continue
                groups = {"year": str(year)}
            context = month_context
            if (context is not None and published and groups.get("day") and not groups.get("month")
                    and _outside_paragraph_not_opening_it(text, rm.start, month_context_at)):
                context = None    # a news digest's 12日晚间: the publication month, not an earlier item's
            value = date_value(groups, published, self.relative_years, context, self.era_first_years,
                               self.relative_months)
            if value is None:
                continue
            # a day placed in the publication month tells nothing about the dates after it
            guessed_month = (month_context is None and groups.get("day") and not groups.get("month")
                             and not groups.get("rel_month"))
            last = value.split("/")[-1].split("-") if not guessed_month else []
            if len(last) >= 2 and last[1].isdigit():
                month_context = DateParts(last[0], int(last[1]), None)
                month_context_at = rm.start
            start, end = rm.start, rm.end
            date_from, date_to = date_bounds(value)
            records.append(DateRecord(text=text[start:end], value=value, start=start, end=end,
                                      sentence=sentence_at(doc, start)[2], rule=rm.rule.id,
                                      date_from=date_from, date_to=date_to))
        join_consecutive_days(records, text)
        set_spans(doc, "dates", ((r.start, r.end, r.rule) for r in records))
        return doc


def join_consecutive_days(records: list[DateRecord], text: str) -> None:
    """"2009年3月14、15日": a day and the day after it, listed with 、, are one event's two days and
    one record with an ISO interval; days further apart (8月4、11日, weekly episodes) stay two dates."""
    i = 0
    while i + 1 < len(records):
        first, second = records[i], records[i + 1]
        if (text[first.end:second.start].strip() == "、" and second.text[-1:] in "日号"
                and len(first.value) == len("2009-03-14") and first.value[8:].isdigit()
                and second.value == f"{first.value[:8]}{int(first.value[8:]) + 1:02d}"):
            value = f"{first.value}/{second.value}"
            date_from, date_to = date_bounds(value)
            records[i] = DateRecord(text=text[first.start:second.end], value=value, date_from=date_from,
                                    date_to=date_to, start=first.start, end=second.end, sentence=first.sentence,
                                    rule=first.rule)
            del records[i + 1]
        i += 1


def _outside_paragraph_not_opening_it(text: str, start: int, context_at: int) -> bool:
    """Whether a bare day at `start` is in a later paragraph than the date at `context_at` and
    does not open its paragraph. A day that opens its paragraph (5月12日…\n13日，…) continues a
    chronology; one inside a paragraph that names no month (an item of a news digest: 某公司
    12日晚间公告) is a day of the publication month."""
    paragraph = text.rfind("\n", 0, start) + 1
    if context_at >= paragraph:
        return False
    return bool(text[paragraph:start].strip(" \t\u3000\u00a0（(【[“\"-—•·*"))


@Language.factory("newsx_dates", default_config={"rules_dirs": []})
def make_date_extractor(nlp: Language, name: str, rules_dirs: list[str]) -> DateExtractor:
    return built_from(DateExtractor, load_rules_at(rules_dirs))
