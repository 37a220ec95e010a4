"""Article metadata: title, published time (ISO 8601, truncated to what the page states),
source (媒体来源) and author/editor, from meta tags, JSON-LD, visible text lines and URLs."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

from lxml import etree

from pipeline.clean.chrome_lines import ENGLISH_DATE_TEXT, FULLWIDTH_DATE_MARKS
from pipeline.clean.dom import element_text, normalise_space
from pipeline.speedups.regex_cache import compile_regex

# --- published time ---------------------------------------------------------------

_DATE_TIME = compile_regex(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*[(（]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[)）]?)?"   # "2023年6月8日 (星期四) 09:15"
    r"(?:\s*(?:T|\s|-)?\s*(上午|下午|晚上|晚间|凌晨|早上|中午|[AaPp]\.?[Mm]\.?)?\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?(?:\s*([AaPp])\.?[Mm]\b)?)?")
# Year last: "7/5/2005 9:23:57 PM" (month first, as a 12-hour clock goes with), "06/02/2022 - 13:48".
_DATE_TIME_YEAR_LAST = compile_regex(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])"
    r"(?:\s*[-,]?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\b)?)?")
# The year apart from the month and day, as some portals print them: "2023 06/08 09:15:32".
_YEAR_APART = compile_regex(r"(?<!\d)((?:19|20)\d{2})\s+(\d{1,2})/(\d{1,2})(?![\d/])"
                            r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_URL_DATE = compile_regex(r"(?<!\d)((?:19|20)\d{2})[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])(?!\d)")
_URL_MONTH_DAY = compile_regex(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])/")

# Meta tags that carry the publication time, most specific first.
_TIME_META_KEYS = ("article:published_time", "og:article:published_time", "og:published_time", "og:release_date",
                   "pubdate", "pub_date", "pubtime", "publishdate", "publish_date", "publish-date", "publishtime",
                   "publish_time", "publication_date", "ptime", "weibo:article:create_at",
                   "dc.date", "dc.date.issued", "dc.date.created", "dcterms.created", "dcterms.issued", "dcterms.date",
                   "date", "sailthru.date", "parsely-pub-date", "article.published", "apub:time",
                   "firstpublishedtime", "releasedate", "release_date", "createdate", "created",
                   # Scholarly pages (Highwire/Dublin Core/PRISM tags), then other CMS spellings.
                   "citation_publication_date", "citation_online_date", "citation_date", "prism.publicationdate",
                   "published_time", "published_date", "publisheddate", "date_published", "publication-date",
                   "article:published", "og:pubdate", "bt:pubdate", "originalpublicationdate",
                   "createtime", "create_time", "publish-time", "releasetime", "release_time",
                   "published", "published_at", "article:published_at", "og:time", "og:pubtime", "pub-date")


_LATIN_WORD = compile_regex(r"[A-Z][a-z]{2}|[A-Z]{3}")
_MONTHS = {name: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), 1) for name in names}
# "September 10th, 2005 10:56 am", "Mar. 21, 2005", "21 March 2005 11:21": blog templates' datelines.
_ENGLISH_DATE = compile_regex(ENGLISH_DATE_TEXT)


def iso_datetime(text: str) -> str:
    """The first date(-time) in `text` as ISO 8601 truncated to what it states; "" if none."""
    text = text or ""
    m = _DATE_TIME.search(text)
    if not m and _FULLWIDTH_DIGIT.search(text):
        text = text.translate(FULLWIDTH_DATE_MARKS)
        m = _DATE_TIME.search(text)
    if "/" in text:
        late = _DATE_TIME_YEAR_LAST.search(text, 0, m.start() if m else len(text))
        if late:
            return _iso_from_year_last(late)
    if not m:
        if "年" in text:
            chinese = _CHINESE_DATE.search(text)
            if chinese:
                return _iso_from_chinese(chinese)
        if "/" in text:
            apart = _YEAR_APART.search(text)
            if apart:
                year, month, day, hour, minute, second = apart.groups()
                return _iso(year, int(month), int(day), hour, minute, second, None)
        return _iso_from_english(text) if _LATIN_WORD.search(text) else ""
    return _iso_from_match(m)


_CHINESE_DATE = compile_regex(r"([〇零○Ｏ一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月"
                              r"\s*([一二三四五六七八九十]{1,3})\s*[日号]")
_FULLWIDTH_DIGIT = compile_regex(r"[０-９]")


def _iso_from_chinese(m) -> str:
    """"二〇二三年六月八日" -> 2023-06-08 (groups: year, month, day in Chinese numerals); "" when
    it is no date of 1900-2099."""
    year = "".join(str(_DIGIT_OF[c]) for c in m.group(1))
    if year[:2] not in ("19", "20"):
        return ""
    return _iso(year, _small_number(m.group(2)), _small_number(m.group(3)), None, None, None, None)


def _iso_from_english(text: str) -> str:
    for m in _ENGLISH_DATE.finditer(text):
        name_first, day_first, day_last, name_last, year, hour, minute, second, half = m.groups()
        month = _MONTHS.get((name_first or name_last).lower())
        if month:
            return _iso(year, month, int(day_first or day_last), hour, minute, second, half)
    return ""


# Words for the half of the day written before the clock time: "2023年6月8日 下午3:15", "PM 3:15".
_HALF_BEFORE = {"上午": "a", "凌晨": "a", "早上": "a", "下午": "p", "晚上": "p", "晚间": "p"}


def _iso_from_match(m) -> str:
    year, month, day, before, hour, minute, second, half = m.groups()
    if before and not half:
        if before == "中午":
            half = "p" if hour and int(hour) < 6 else None
        else:
            half = _HALF_BEFORE.get(before) or before[0]
    return _iso(year, int(month), int(day), hour, minute, second, half)


def _iso_from_year_last(m) -> str:
    first, second_number, year, hour, minute, second, half = m.groups()
    a, b = int(first), int(second_number)
    # The number above 12 is the day; otherwise a 12-hour clock marks the American order
    # (month first) and a 24-hour one the order of most of the world (day first).
    month, day = (b, a) if a > 12 or (b <= 12 and not half) else (a, b)
    return _iso(year, month, day, hour, minute, second, half)


def _iso(year: str, month_i: int, day_i: int, hour, minute, second, half) -> str:
    if not (1 <= month_i <= 12 and 1 <= day_i <= 31):
        return ""
    out = f"{year}-{month_i:02d}-{day_i:02d}"
    if hour is not None and minute is not None and int(hour) < 24 and int(minute) < 60:
        hour_i = int(hour)
        if half and half in "Pp" and hour_i < 12:
            hour_i += 12
        elif half and half in "Aa" and hour_i == 12:
            hour_i = 0
        out += f"T{hour_i:02d}:{minute}"
        if second is not None and int(second) < 60:
            out += f":{second}"
    return out


def date_from_url(url: str) -> str:
    m = _URL_MONTH_DAY.search(url or "") or _URL_DATE.search(url or "")
    if not m:
        return ""
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"


# Candidates for the last resort of published_from_dom, in document order: attribute steps, which
# libxml2 evaluates faster than a Python loop reading the attributes of every element.
_TIME_ELEMENTS = etree.XPath("descendant-or-self::time[@datetime]"
                             " | descendant-or-self::*/@itemprop[. = 'datePublished']/..")
# A CMS's RDFa date on any element (property="dc:date dc:created" content="…"): looked for last.
_RDFA_DATES = etree.XPath("descendant-or-self::*/@property[starts-with(., 'dc:')]/..")
_RDFA_DATE_PROPERTY = compile_regex(r"(?:^|\s)dc:(?:created|date|issued)(?:\s|$)")


@dataclass(slots=True)
class PageTags:
    """The elements the metadata is read from, in document order, gathered in one walk of the
    tree, not a walk per tag (links, metas, title, headings, scripts). Taken before strip_non_content,
    which removes <head> and <script>."""
    metas: list = field(default_factory=list)
    links: list = field(default_factory=list)
    titles: list = field(default_factory=list)
    scripts: list = field(default_factory=list)
    headings: list = field(default_factory=list)   # h1-h4

    @classmethod
    def of(cls, root) -> "PageTags":
        tags = cls()
        lists = {"meta": tags.metas, "link": tags.links, "title": tags.titles, "script": tags.scripts}
        for el in root.iter("meta", "link", "title", "script", "h1", "h2", "h3", "h4"):
            lists.get(el.tag, tags.headings).append(el)
        return tags


def published_from_dom(root, tags: PageTags | None = None) -> str:
    """Publication time from meta tags, then JSON-LD, then <time datetime>.
    `tags`: PageTags.of(root), when the caller has them."""
    tags = PageTags.of(root) if tags is None else tags
    metas = {}
    for meta in tags.metas:
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if " " in key:
            key = "".join(key.split())  # "weibo: article:create_at"
        content = meta.get("content")
        if key and content and key not in metas:
            metas[key] = content
    for key in _TIME_META_KEYS + ("datepublished", "datecreated"):
        if key in metas:
            iso = machine_datetime(metas[key])
            if iso:
                return iso
    for script in tags.scripts:
        if script.get("type") == "application/ld+json":
            iso = _jsonld_date(script.text or "")
            if iso:
                return iso
    for el in _TIME_ELEMENTS(root):
        # A <time> in a list or a link dates another article (a sidebar's, a related list's).
        if el.get("itemprop") != "datePublished" and _IN_LIST_OR_LINK(el):
            continue
        iso = machine_datetime(el.get("datetime") or el.get("content") or el.get("title") or element_text(el))
        if iso:
            return iso
    # A blog's hAtom entry date: <abbr class="published" title="2023-06-08T09:15:32+08:00">.
    for el in root.iter("abbr"):
        if el.get("title") and "published" in (el.get("class") or "").split() and not _IN_LIST_OR_LINK(el):
            iso = machine_datetime(el.get("title"))
            if iso:
                return iso
    for el in _RDFA_DATES(root):
        if el.get("content") and _RDFA_DATE_PROPERTY.search(el.get("property")) and not _IN_LIST_OR_LINK(el):
            iso = machine_datetime(el.get("content"))
            if iso:
                return iso
    return ""


_IN_LIST_OR_LINK = etree.XPath("boolean(ancestor::li | ancestor::a | ancestor::aside | ancestor::nav)")
# A UTC offset after a clock time: "…T12:48:06+00:00", "…T12:48:06Z", "… +0200".
_UTC_OFFSET = compile_regex(r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})$")
def has_utc_offset(iso: str) -> bool:
    return "T" in iso and (iso[-6] in "+-" if len(iso) > 16 else False)


# The zone of Chinese-language pages: a time stated in it needs no offset.
LOCAL_OFFSET = "+08:00"


# A Unix time in seconds or milliseconds (1686186932, 1686186932000), from 2000 to 2099.
_EPOCH = compile_regex(r"\s*([0-9]{10})([0-9]{3})?\s*")


def epoch_datetime(text: str) -> str:
    """A Unix time as the local wall time of Chinese-language pages (LOCAL_OFFSET), to the second:
    1686186932 -> 2023-06-08T09:15:32; "" when `text` is not one."""
    m = _EPOCH.fullmatch(text or "")
    if not m or not 946684800 <= int(m.group(1)) < 4102444800:
        return ""
    local = datetime.fromtimestamp(int(m.group(1)), timezone.utc) + timedelta(hours=8)
    return local.strftime("%Y-%m-%dT%H:%M:%S")


def machine_datetime(text: str) -> str:
    """A machine-readable time (meta tag, JSON-LD, <time datetime>) as ISO 8601, keeping a
    stated UTC offset other than the local one: "…T12:48:06+00:00" stays as it is, since a
    page abroad shows its readers that instant in another zone ("13:48" in Paris). A Unix
    time is read as the local time (epoch_datetime)."""
    if text and text[-1:].isdigit() and _EPOCH.fullmatch(text):
        return epoch_datetime(text)
    iso = iso_datetime(text)
    if "T" not in iso:
        return iso
    m = _UTC_OFFSET.search(text.strip())
    if not m:
        return iso
    offset = "+00:00" if m.group(1) == "Z" else m.group(1)
    if ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"
    return iso if offset == LOCAL_OFFSET else iso + offset


def _jsonld_date(raw: str) -> str:
    try:
        data = json.loads(raw)
    except ValueError:
        m = re.search(r'"(?:datePublished|pubDate)"\s*:\s*"([^"]+)"', raw)
        return machine_datetime(m.group(1)) if m else ""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key in ("datePublished", "pubDate", "dateCreated"):
                if isinstance(item.get(key), str) and iso_datetime(item[key]):
                    return machine_datetime(item[key])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return ""


def published_from_lines(lines: list[str]) -> str:
    """The first dateline among template lines ("2022-12-02 15:58:57 来源: …", "时间：2019-09-25");
    a sentence or a headline that merely contains a date is not a dateline."""
    from pipeline.clean.chrome_lines import is_dateline

    for line in lines:
        if is_dateline(line):
            iso = iso_datetime(_UPDATED_FIRST.sub("", line, 1) if _UPDATED_LABEL.search(line) else line)
            if iso:
                return iso
    return ""


# A post's footer giving only the clock time, under a day printed as the post's heading:
# "posted by 某人 at 3:15 PM", "发表者 某人 于 15:15 | 评论 (0)", "某人 @ 15:15".
_POSTING_CLOCK = compile_regex(r"(?:[Pp]osted|发表|发布|发帖|发贴|@)\D{0,30}?(?:\b(?:at|on)\s+|于\s*|@\s*)"
                               r"(上午|下午|晚上|凌晨)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)(?:\s*([AaPp])\.?[Mm]\b)?")


def with_posting_clock(day: str, lines: list[str]) -> str:
    """`day` (an ISO date) with the clock time of the first post footer among `lines` that
    gives one and no date of its own (see _POSTING_CLOCK); `day` itself when none does."""
    from pipeline.clean.chrome_lines import has_full_date

    for line in lines:
        if len(line) > 80 or has_full_date(line):
            continue
        m = _POSTING_CLOCK.search(line)
        if m:
            before, hour, minute, second, half = m.groups()
            half = half or (_HALF_BEFORE.get(before) if before else None)
            iso = _iso(day[:4], int(day[5:7]), int(day[8:10]), hour, minute, second, half)
            return iso or day
    return day


# "更新时间：<date> 发布时间：<date>": the time of publication is the one the line labels so.
_UPDATED_LABEL = compile_regex(r"(?:更新|修改|修订|编辑)(?:时间|日期|于)")
_UPDATED_FIRST = compile_regex(r"^.*?(?:最后)?(?:更新|修改|修订|编辑)(?:时间|日期|于).*?"
                               r"(?=(?:发布|发表|发稿|首发|出版)(?:时间|日期|于))")


# A wiki's footer: the page shows its readers only the time of its last revision.
_REVISION_LINE = compile_regex(r"(?:本页面?|此页面?|本条目|本词条|本文)?(?:最后|最近)(?:一次)?(?:修订|修改|编辑|更新)"
                               r"(?:于|时间\s*[:：])|[Ll]ast (?:edited|modified|updated) on")


def published_from_revision(lines: list[str]) -> str:
    """The date of a "本页面最后修订于<date>" line (a wiki's last revision) among `lines`."""
    for line in lines:
        if len(line) <= 90 and _REVISION_LINE.search(line):
            iso = iso_datetime(line)
            if iso:
                return iso
    return ""


def shows_date(texts: list[str], iso: str) -> bool:
    """Whether the page's text shows the day of `iso` in a usual form (2023-06-08, 2023年6月8日, 2023/6/8)."""
    if len(iso) < 10:
        return False
    y, m, d = iso[:4], int(iso[5:7]), int(iso[8:10])
    day = re.compile(rf"{y}\s*[-年/.]\s*0?{m}\s*[-月/.]\s*0?{d}(?!\d)")
    return any(day.search(t) for t in texts)


# Portals keep the article's time in their scripts: var publishTime = "…", "pubtime": "…", pubDate: '…',
# var createTime = '…' (WeChat articles, whose var ct = "…" is the Unix time), "publish_time": 1686186932.
# (The name is not checked for a word before it in the pattern: a pattern opening with a lookbehind
# is tried at every position of a long script, one opening with a letter only where one stands.)
_SCRIPT_TIME = compile_regex(r"(?:p(?:ublish_?[Tt]ime|ub_?[Tt]ime|ub_?[Dd]ate|ublish_?[Dd]ate|time)"
                             r"|release_?[Tt]ime|date_?[Pp]ublished|first_?[Pp]ublish(?:ed)?_?[Tt]ime"
                             r"|create_?[Tt]ime|var ct)[\"']?\s*[:=]\s*"
                             r"(?:[\"']([^\"'<>]{8,32})[\"']|([0-9]{10}(?:[0-9]{3})?)(?![0-9]))")
_NAME_GOES_ON = compile_regex(r"[\w.]")


def published_from_scripts(scripts) -> str:
    """The publication time a page's inline script states (see _SCRIPT_TIME)."""
    for script in scripts:
        if script.get("src") or script.get("type") == "application/ld+json":
            continue
        js = script.text or ""
        for m in _SCRIPT_TIME.finditer(js):
            if m.start() and _NAME_GOES_ON.match(js, m.start() - 1):
                continue    # the end of a longer name (xpubtime, obj.ptime)
            value = m.group(1) or m.group(2)
            iso = epoch_datetime(value) if value.isdigit() else iso_date_only(value)
            if iso:
                return iso
    return ""


# How far into the markup a page's own time is looked for: the head and the header, where
# templates keep their variables; a search to the end of a long page costs more than the rest.
MARKUP_HEAD_CHARS = 60_000


def with_seconds_from_markup(minute: str, markup: str) -> str:
    """`minute` (…T09:15) with its seconds, when the page's head writes that minute with them
    ("2023-06-08 09:15:32" in a script or a comment, "2023-06-08T09:15:32" in an attribute);
    `minute` itself otherwise. (Plain substring searches: no scan of the scripts.)"""
    day, clock = minute[:10], minute[11:16]
    for written in (f"{day} {clock}:", f"{day}T{clock}:"):
        at = markup.find(written, 0, MARKUP_HEAD_CHARS)
        if at >= 0:
            seconds = markup[at + len(written):at + len(written) + 2]
            if seconds.isdigit() and int(seconds) < 60 and not markup[at + len(written) + 2:][:1].isdigit():
                return f"{minute}:{seconds}"
    return minute


_CLOCK_ONLY = compile_regex(r"\d{1,2}:\d{2}(?::\d{2})?")


def join_split_times(lines: list[str]) -> list[str]:
    """Rejoin a date and a clock time that the template printed on two lines."""
    from pipeline.clean.chrome_lines import DATE_TEXT

    out = []
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and _CLOCK_ONLY.fullmatch(lines[i + 1]) and re.fullmatch(DATE_TEXT, line):
            out.append(f"{line} {lines[i + 1]}")
        else:
            out.append(line)
    return out


def more_precise(found: str, other: str) -> str:
    """`other` when it is `found` with more stated (the clock time of the same day), else `found`."""
    return other if len(other) > len(found) and other.startswith(found) else found


# Where an essay was first printed, closing its text: "——《北京之春》1996年6月号", "（原载《读书》2001年第3期）".
_PUBLICATION_NOTE = compile_regex(
    r"^[（(]?\s*(?:——|--|—)?\s*(?:原载|原刊|刊于|载于|刊登于|发表于|转载自|摘自|选自|转自)?\s*(?:于)?\s*《[^》]{1,30}》\s*"
    r"((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日|号|刊)?|第\s*\d{1,3}\s*期)?")


# A notice signed with its date in Chinese numerals: "二〇二三年六月八日".
_SIGNATURE_DATE = compile_regex(r"^([〇零○Ｏ一二三四五六七八九]{4})年"
                                r"([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$")
_DIGIT_OF = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}


def _small_number(text: str) -> int:
    """一 .. 三十一 as written in dates."""
    if "十" not in text:
        return _DIGIT_OF.get(text, 0)
    tens, _, units = text.partition("十")
    return (_DIGIT_OF.get(tens, 0) if tens else 1) * 10 + (_DIGIT_OF.get(units, 0) if units else 0)


def published_from_note(lines: list[str]) -> str:
    """The date of a closing publication note (see _PUBLICATION_NOTE) or of a notice's signature
    in Chinese numerals, as precise as it is."""
    for line in reversed(lines):
        if len(line) > 60:
            continue
        m = _SIGNATURE_DATE.match(line.strip())
        if m:
            iso = _iso_from_chinese(m)
            if iso:
                return iso
            continue
        m = _PUBLICATION_NOTE.match(line.strip())
        if m:
            year, month, day = m.groups()
            if month and 1 <= int(month) <= 12:
                if day and 1 <= int(day) <= 31:
                    return f"{year}-{int(month):02d}-{int(day):02d}"
                return f"{year}-{int(month):02d}"
            return year
    return ""


# Founder-style CMS pages keep the article's properties in a comment: <!--enpproperty <date>…</date>…-->.
_CMS_PROPERTY_DATE = compile_regex(r"<!--\s*enpproperty\b[^>]{0,200}?<date>\s*([^<]{8,30})</date>", re.I)


def published_from_markup(text: str) -> str:
    """Publication time from CMS metadata that the parser drops (HTML comments)."""
    m = _CMS_PROPERTY_DATE.search(text)
    return iso_date_only(m.group(1)) if m else ""


def published_by_htmldate(page_tree: Callable[[], object], url: str = "") -> str:
    """The last resort for a page none of the above dates: htmldate (a maintained library of
    publication-date heuristics over the whole page: the date its markup and links point at,
    updated-time tags when there is no other), with the time when it reads one. It reads the
    page parsed again by `page_tree()` as lxml.html's elements, with our parser's care: never
    the raw markup, whose pathological tags dom.parse_html caps, and which it would take for an
    address to download if it looked like one.
    Imported only by the pages that come this far (it brings dateparser: ~0.1 s once per
    process); its errors cost the date, never the page. Not its extensive search of the text:
    ours reads the text lines (above), and that search costs up to seconds on a long page."""
    try:
        from htmldate import find_date
    except ImportError:           # not installed: the page stays undated, as before
        return ""
    try:
        found = find_date(page_tree(), url=url or None, original_date=True, extensive_search=False,
                          outputformat="%Y-%m-%dT%H:%M:%S")
    except Exception:             # noqa: BLE001  a library's failure on odd markup is no failed page
        return ""
    # (midnight is what it writes when it read no time: the day alone)
    return iso_date_only(found) if found and _ISO_SECOND.fullmatch(found) else ""


_ISO_SECOND = compile_regex(r"(?:19|20)\d{2}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def iso_date_only(text: str) -> str:
    """A date whose clock part is a placeholder ("2022-02-13 00:00:00:0") as the date alone."""
    iso = iso_datetime(text)
    return iso[:10] if iso.endswith("T00:00:00") or iso.endswith("T00:00") else iso


# --- source and author --------------------------------------------------------------

_SOURCE = compile_regex(r"(?:来源|来自|稿源|出处|本文来源|信息来源|文章来源)\s*[:：]\s*([^\s|｜丨/　]{2,30})")
# "(文/经济参考报记者 郭倩 北京报道)" -> 郭倩: a "…记者" prefix names the outlet, not the person.
# The label starts the line or follows a space, a bracket, a separator or an outlet ("样例日报记者："):
# "全文/打印" and "发文：" are not bylines.
_AUTHOR = compile_regex(r"(?:^|(?<=[\s(（【\[|｜丨/，,。:：报社网台刊]))(?:作者|记者|文)\s*[:：/]\s*"
                        r"(?:\S{0,12}记者\s*)?"
                        r"([^\s|｜丨/　，,)）]{2,20})")
_EDITOR = compile_regex(r"(?:责任编辑|责编|编辑)\s*[:：]\s*([^\s|｜丨/　)）】]{2,20})")
_INLINE_SOURCE = compile_regex(rf"{_DATE_TIME.pattern}\s+(?:来源[:：]\s*)?(《?[\u4e00-\u9fffA-Za-z]{{2,16}}》?)\s*$")


def source_from_lines(lines: list[str]) -> str:
    for line in lines:
        m = _SOURCE.search(line)
        if m:
            # "来源：证券时报网作者：李在山": the next label ends the source.
            value = clean_name(re.split(r"(?:作者|编辑|责编|记者|时间|发布|日期|浏览|阅读|点击)", m.group(1))[0])
            if value:
                return value
    for line in lines:
        # "2019年11月25日 18:57 参考消息": a dateline followed by the outlet's name.
        m = _INLINE_SOURCE.search(line.strip())
        if m and len(line) < 60:
            value = clean_name(m.groups()[-1])
            if value:
                return value
    return ""


def author_from_lines(lines: list[str]) -> str:
    for line in lines:
        for m in _AUTHOR.finditer(line):
            # "记者：今年一季度，…" is a question in an interview, not a byline: a name ends at a
            # space, a bracket or the line's end, never at a comma that carries the sentence on.
            if line[m.end():m.end() + 1] in ("，", ",", "。", "、") or line[m.start(1) - 1:m.start(1)] in "“\"「":
                continue
            value = clean_name(m.group(1))
            if value:
                return value
    for line in lines:
        m = _EDITOR.search(line)
        if m:
            value = clean_name(m.group(1).rstrip("_0123456789NBFJ"))
            if value:
                return value
    return ""


# A date or clock time glued to a name ("人民网2023-03-23", "2021-05-06 1"), cut off before judging.
_NAME_DATE_TAIL = compile_regex(r"\s*(?:(?:19|20)\d{2}\s*[-年/.]|\d{1,2}:\d{2}).*$")
# What a template prints where a name goes without being one: a repost mark, a forum's "original
# poster", "the internet", an unknown; and words of time that start a sentence ("今年一季度，…").
_NOT_NAMES = frozenset({"转载", "转载文章", "转帖", "楼主", "网络", "互联网", "网络整理", "网友", "本站", "未知",
                        "不详", "原创", "admin", "administrator", "匿名"})
# Interface words a template prints after a dateline where an outlet's name could stand
# ("2023-06-08 09:15 发布", "… 更新", "… 分享"), or glued to the name's end ("样例日报发布").
_INTERFACE_WORDS = compile_regex(r"(?:发布|发表|更新|阅读|评论|分享|收藏|举报|打印|关闭|浏览|点击|纠错|"
                                 r"来源|编辑|作者|记者|时间|日期|责编|字号|我要评论|发表评论|查看评论)$")
_TIME_WORDS = compile_regex(r"^(?:今年|去年|明年|前年|今天|昨天|近日|日前|目前|当前|近期|上午|下午|本周|本月)"
                            r"|季度|月份")
_NAME_LABEL = compile_regex(r"^\s*(?:来源|作者|责任编辑|编辑|责编|本文来源|文章来源)\s*[:：]\s*")
_NAME_NEXT_LABEL = compile_regex(r"\s*(?:来源|作者|责任编辑|编辑|责编|时间|日期|发布|浏览|阅读|点击)\s*[:：]")
_NAME_PUNCT = compile_regex(r"[，。！？；,;!?“”\"「」…]")


def clean_name(value: str) -> str:
    """A source or author name as the page prints it, or "" when the text there is not one: a
    date, a sentence fragment, a lone letter or a placeholder word (see _NOT_NAMES)."""
    value = _NAME_DATE_TAIL.sub("", normalise_space(value or ""))
    # Fields glued together ("新华网 编辑：王五", "本报记者张三"): the name is the part for this field.
    value = _NAME_NEXT_LABEL.split(_NAME_LABEL.sub("", value), 1)[0]
    value = value.rsplit("记者", 1)[-1].strip(" ：:【】[]《》<>()（）|｜-_/")
    value = _INTERFACE_WORDS.sub("", value).strip()
    if len(value) < 2 or len(value) > 30 or value.lower() in _NOT_NAMES:
        return ""
    if _TIME_WORDS.search(value) or _NAME_PUNCT.search(value) or "://" in value \
            or re.fullmatch(r"[A-Za-z]{1,2}|[\d\W_]+", value):
        return ""
    return value


def meta_content(root, *keys: str) -> str:
    return _meta_content(root.iter("meta"), keys)


def _meta_content(metas, keys) -> str:
    """The content of the first of `metas` whose property or name is one of `keys`."""
    wanted = {k.lower() for k in keys}
    for meta in metas:
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key in wanted and (meta.get("content") or "").strip():
            return normalise_space(meta.get("content"))
    return ""


# --- title -----------------------------------------------------------------------------

# A lone dash separates a site name; "——" opens the headline's own subtitle.
_TITLE_SEPARATORS = compile_regex(r"\s*(?:_|\||｜|--|(?<!—)—(?!—)|-\s|\s-|–|»|›|::)\s*")
# A site name glued to the headline by a bare hyphen: "…一块顶十块GPU-EDN 电子技术设计".
_GLUED_SITE_SUFFIX = compile_regex(r"^(.{6,}?)-([^-]{2,20})$")


def title_from_dom(root, tags: PageTags | None = None) -> str:
    """Headline: the heading (h1–h4) that the <title> or og:title carries (the longest such
    heading), else og:title, else <title> minus the site and channel names.
    `tags`: PageTags.of(root), when the caller has them."""
    return titles_of_dom(root, tags)[0]


def titles_of_dom(root, tags: PageTags | None = None) -> tuple[str, bool, list[str]]:
    """(headline as title_from_dom finds it, whether a heading of the page confirmed it, the
    page's own titles: <title> and og:title). An unconfirmed headline is only what the page
    calls itself, which on small sites is often the site's name or a greeting."""
    tags = PageTags.of(root) if tags is None else tags
    page_title = normalise_space((tags.titles[0].text or "") if tags.titles else "")
    og_title = _meta_content(tags.metas, ("og:title", "twitter:title"))
    own = [t for t in (page_title, og_title) if t]
    best = ""
    # The <title>'s first part: where a short headline (a name) stands; the site's name comes last.
    first_part = next((p.strip() for p in _TITLE_SEPARATORS.split(page_title) if p.strip()), "")
    for h in tags.headings:
        text = normalise_space(element_text(h))
        if h.tag == "h1" and 2 <= len(text) < 4 and text == first_part and first_part != page_title:
            return text, True, own  # a short headline (a name) that the <title> carries as its own part
        if 4 <= len(text) <= 80 and len(text) > len(best) and (text in page_title or (og_title and text in og_title)):
            best = text
    if best and (len(best) >= 8 or len(best) * 2 >= len(_strip_site_names(page_title))):
        return best, True, own
    if og_title:
        return (_strip_site_names(og_title) if _TITLE_SEPARATORS.search(og_title) else og_title), False, own
    if page_title:
        return _strip_site_names(page_title), False, own
    for h in tags.headings:
        if h.tag != "h1":
            continue
        text = normalise_space(element_text(h))
        if text:
            return text, True, own
    return "", False, own


def _strip_site_names(title: str) -> str:
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if not parts:
        return title
    # The headline is the longest part; site and channel names are short.
    head = max(parts, key=len) if len(parts) > 1 else parts[0]
    return strip_glued_site_suffix(head).strip()


def strip_glued_site_suffix(head: str) -> str:
    """"…一块顶十块GPU-EDN 电子技术设计" -> the headline without the site name glued to it."""
    m = _GLUED_SITE_SUFFIX.match(head)
    if m and len(m.group(2)) * 2 < len(m.group(1)) and not re.search(r"\d$", m.group(1)):
        return m.group(1)
    return head


def site_from_dom(root, tags: PageTags | None = None) -> str:
    """The page's own address (canonical link or og:url), used when no URL was given.
    `tags`: PageTags.of(root), when the caller has them."""
    tags = PageTags.of(root) if tags is None else tags
    for link in tags.links:
        if link.get("rel") == "canonical" and link.get("href"):
            return link.get("href").strip()
    return _meta_content(tags.metas, ("og:url",))
