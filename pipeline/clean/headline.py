"""Which line of a page is the article's headline.

Both cleaners see the page as lines (the DOM's text blocks, or the lines of copied page text)
and know where the body starts. The headline stands a little above the body (or is the body's
first line, when the extractor took it in), and it shows itself by what surrounds it: the
dateline or byline the template prints right under it, its recurrence elsewhere on the page
(the <title>, a breadcrumb's last step, a wire story's "题：…" line), a "主题：" label. Banners
("Hi,欢迎来到…网"), breadcrumbs, column names ("【新春走基层】"), bylines, counters ("文章分类:…
访问量:…次") and site names printed with their address are never headlines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from pipeline.clean import chrome_lines as chrome
from pipeline.speedups.regex_cache import compile_regex

HEADER_REACH = 14     # lines above the body searched for the headline
BODY_REACH = 3        # first lines of the body that may be the headline (with a dateline under them)
MIN_CHARS, MAX_CHARS = 4, 80

# What a headline shows, in points (see `score`): a dateline, byline or author name right under
# it, its recurrence on the page, a label; each line further from the body costs a little.
UNDER_METADATA = 4.0
UNDER_NAME = 2.0
RECURS = 4.0
LABELLED = 6.0
DISTANCE_COST = 0.15
# A candidate needs this much evidence to replace a title the page's <title> gave (WEAK_EVIDENCE
# when that title names no article).
EVIDENCE = 3.0
WEAK_EVIDENCE = 2.0

_COLUMN_TAG = compile_regex(r"^[【\[『「〖<《(（][^】\]』」〗>》)）]{1,12}[】\]』」〗>》)）]$")
_LEADING_TAG = compile_regex(r"^[【\[〖][^】\]〗]{1,10}[】\]〗]\s*(.{4,})$")
_COLUMN_PREFIX = compile_regex(r"^([^:：，,]{2,6})[:：]\s*(.{6,})$")
_SUBTITLE = compile_regex(r"^(?:——|--|－－|—)\s*\S")
_BULLET = compile_regex(r"^[*·•●■◆▲►>\-]+\s*")
_NOT_IN_HEADLINE_END = compile_regex(r"[。；;，,：:、]$")
_COMMAS = compile_regex(r"[，,]")
_CRUMB_STEP = compile_regex(r"[>＞»›]")
_CJK = compile_regex(r"[\u4e00-\u9fff]")
_NAME_LINE = compile_regex(r"^[\u4e00-\u9fff·]{2,4}$")
# "中新网济南6月27日电 题：…": a wire story restates its headline.
_WIRE_TITLE = compile_regex(r"(?:^|电\s*|\s)题\s*[:：]\s*(.{6,80})$")
# "专栏/轻小说/同人连载/<headline>": a breadcrumb written with slashes.
_SLASH_CRUMB = compile_regex(r"^[^/。，,！？]{1,20}(?:/[^/。，,！？]{1,40}){2,}$")
_HINT_SEPARATORS = compile_regex(r"\s*(?:_|\||｜|--|(?<!—)—(?!—)|-\s|\s-|–|»|›|::|>|＞|/)\s*")


def squash(text: str) -> str:
    return "".join(text.split())


@dataclass
class Headline:
    text: str
    index: int          # the line it was read from
    score: float
    recurs: bool = False
    labelled: bool = False
    last: int = -1      # the last line it takes (a subtitle joined to it), else `index`
    in_dateline: bool = False   # read from a post's header line, before its date
    evidence: float = 0.0       # the part of `score` that the page's structure gives (not length)


def hints_of(texts: Iterable[str], line: int = -1) -> dict[str, int]:
    """The squashed strings a headline may recur as, each with the line it was read from (-1:
    not a line of the page, e.g. its <title>): each text whole and each of its parts between
    title separators ("<headline>_<channel>_<site>")."""
    out: dict[str, int] = {}
    for text in texts:
        if not text:
            continue
        out.setdefault(squash(text), line)
        for part in _HINT_SEPARATORS.split(text):
            part = squash(part)
            if len(part) >= 2:
                out.setdefault(part, line)
    out.pop("", None)
    return out


def breadcrumb_tail(line: str) -> str:
    """The last step of a breadcrumb ("您的位置：首页 > 新闻 > <headline>"), when it is not "正文"."""
    parts = [p.strip() for p in re.split(r"[>＞»›]|\s/\s|/", line) if p.strip()]
    if len(parts) < 2:
        return ""
    tail = parts[-1]
    return "" if tail in ("正文", "详情", "内容", "文章", "正文内容") else tail


def page_hints(lines: list[str], start: int, end: int) -> dict[str, int]:
    """Recurrences found in lines[start:end]: breadcrumb tails and wire-story "题：" lines."""
    found: dict[str, int] = {}
    for i in range(max(0, start), min(end, len(lines))):
        line = lines[i]
        if len(line) > 120:
            continue
        if "题" in line:
            m = _WIRE_TITLE.search(line)
            if m:
                found.update(hints_of([m.group(1)], i))
        if chrome.is_breadcrumb(line) or _SLASH_CRUMB.match(line):
            tail = breadcrumb_tail(line)
            if tail:
                found.update(hints_of([tail], i))
    return found


def _label_value(line: str) -> str:
    m = chrome.TITLE_LABEL.match(line)
    return line[m.end():].strip() if m else ""


def is_headline_shaped(line: str, is_template: Callable[[str], bool] | None = None) -> bool:
    """Could be a headline by itself: a short line that is no sentence, no chrome, no metadata."""
    n = len(line)
    if n < MIN_CHARS or n > MAX_CHARS or _NOT_IN_HEADLINE_END.search(line) or "。" in line:
        return False
    if len(_COMMAS.findall(line)) > 2 or _COLUMN_TAG.match(line) or _SUBTITLE.match(line) or _CRUMB_STEP.search(line):
        return False
    if not _CJK.search(line):
        return False  # a Chinese page's headline has Chinese in it: this is a site name or a translation
    if n <= 30 and chrome.has_full_date(line):
        return False  # a date with a word or two: the banner's today, a blog's opening date
    if " " in line:
        words = line.split()
        if len(words) >= 3 and all(len(w) <= 4 for w in words):
            return False  # a menu of short words: "热门 推荐 排行"
    if is_template is not None and is_template(line):
        return False
    return not (chrome.is_meta_line(line) or chrome.is_dateline(line) or chrome.is_breadcrumb(line)
                or chrome.is_byline(line) or chrome.is_source_line(line) or chrome.is_banner_line(line)
                or chrome.is_counter_line(line)
                or chrome.has_web_address(line) or chrome.is_section_end(line) or chrome.is_interface_line(line)
                or chrome.is_original_title_line(line) or chrome.is_disclaimer(line) or chrome.is_wordless(line))


def _under(lines: list[str], i: int, reach: int = 2) -> float:
    """Evidence from the lines right under line i: a dateline, meta line or byline (a subtitle
    may stand between; the next line too, at less weight, when reach is 2), or a lone author's name."""
    j = i + 1
    if j < len(lines) and _SUBTITLE.match(lines[j]):
        j += 1
    for k, weight in ((j, 1.0), (j + 1, 0.75))[:reach]:
        if k >= len(lines):
            break
        line = lines[k]
        if chrome.is_dateline(line) or chrome.is_meta_line(line) or chrome.is_byline(line):
            return UNDER_METADATA * weight
        if k == j and _NAME_LINE.match(line):
            return UNDER_NAME
    return 0.0


def _recurs(text: str, hints: dict[str, int], at: int) -> bool:
    """`text` (read from line `at`) is printed elsewhere too: a hint from another line equals it,
    or holds it as the greater part."""
    key = squash(text)
    if hints.get(key, at) != at:
        return True
    return len(key) >= 6 and any(len(h) >= 6 and key in h and len(h) <= 3 * len(key) and line != at
                                 for h, line in hints.items())


def _dateline_prefix(line: str) -> str:
    """A post's header line "<headline> 2005-09-11 18:04:42 楼主": the headline before the date."""
    if not chrome.is_dateline(line):
        return ""
    m = chrome._DATE.search(line)
    prefix = line[:m.start()].strip() if m else ""
    if len(prefix) < 8 or ":" in prefix or "：" in prefix or chrome.PUBLISH_VERB.search(prefix):
        return ""
    return prefix


def choose_headline(lines: list[str], body_start: int, hints: dict[str, int] | None = None,
                    is_template: Callable[[str], bool] | None = None, low: int = 0) -> Headline | None:
    """The best headline among the lines above `body_start` (from `low` on) and the first body
    lines, or None when no line could be one."""
    best: Headline | None = None
    hints = hints or {}
    start = max(low, body_start - HEADER_REACH, 0)
    for i in range(start, min(len(lines), body_start + BODY_REACH)):
        line = _BULLET.sub("", lines[i]).strip()
        value, labelled, in_dateline = _label_value(line), False, False
        if value:
            line, labelled = value, True
        elif not is_headline_shaped(line, is_template):
            prefix = _dateline_prefix(line) if i <= body_start else ""
            if not prefix or not is_headline_shaped(prefix, is_template):
                continue
            line, in_dateline = prefix, True
        in_body = i >= body_start
        if in_body and any(len(x) >= 30 or x.endswith("。") for x in lines[body_start:i]):
            break  # past the body's first paragraph: a subheading, not the headline
        under = UNDER_METADATA if in_dateline else _under(lines, i, 1 if in_body else 2)
        recurs = _recurs(line, hints, i)
        if in_body and not (under or recurs or labelled):
            continue  # a body line is the headline only when something says so
        evidence = under + (RECURS if recurs else 0.0) + (LABELLED if labelled else 0.0)
        score = (evidence + min(len(line), 24) / 8 - DISTANCE_COST * max(0, body_start - 1 - i)
                 - (1.0 if len(_COMMAS.findall(line)) > 1 else 0.0))
        if best is None or score > best.score:
            best = Headline(line, i, score, recurs, labelled, i, in_dateline, evidence)
    if best is not None:
        _refine(best, lines, hints)
    return best


def _refine(head: Headline, lines: list[str], hints: dict[str, int]) -> None:
    """The headline as the page means it: a tag or column name before it dropped when the rest
    recurs on its own; a "——" subtitle printed right under it joined to it."""
    # A tag ("[湖湘文化]…") goes when the rest is a line of its own nearby; a column name
    # ("当前快看:…") only when the rest recurs where headlines recur (a "题：" line, the <title>):
    # "作者名：篇名" is a headline whose body may well restate the bare 篇名.
    m = _LEADING_TAG.match(head.text)
    if m:
        near = {squash(_BULLET.sub("", x)) for x in lines[max(0, head.index - HEADER_REACH):head.index + HEADER_REACH]}
        if squash(m.group(1)) in near:
            head.text = m.group(1).strip()
    m = _COLUMN_PREFIX.match(head.text)
    if m and hints.get(squash(m.group(2)), head.index) != head.index:
        head.text = m.group(2).strip()
    nxt = head.index + 1
    if nxt < len(lines) and _SUBTITLE.match(lines[nxt]) and len(lines[nxt]) <= 50 and not head.labelled:
        head.text = head.text + lines[nxt].strip()
        head.last = nxt
