"""Page text -> title, body, metadata, without a DOM.

Input is what a browser's select-all copy gives (Chromium's innerText): the site's
navigation, breadcrumbs, share counters, the article, related-link lists, comments and
footers, one text line per block. The same idea as the DOM extractor, on lines:

1. every line gets a value: long punctuated sentences are positive; navigation runs
   (short unpunctuated lines), share counters, timestamps, URLs and repeated titles of
   link lists are negative; headings that open related lists or the comment box are
   barriers the article cannot extend across;
2. the article is the maximum-sum run of lines (Kadane), extended by the closing
   byline printed after it;
3. the title is the first headline-shaped line above the run, skipping datelines,
   share bars and counters; time, source and author come from the lines around it.
"""
from __future__ import annotations

import re

from pipeline.clean import chrome_lines as chrome
from pipeline.clean import headline, metadata
from pipeline.clean.cleaned_page import CleanedPage
from pipeline.clean.generic_body import best_run
from pipeline.speedups.regex_cache import compile_regex

BLOCK_COST = 6.0
# Large enough that no article runs across a related list or comment box into the text after it.
SECTION_END_BARRIER = 2000.0
HEADER_REACH = 14          # lines above the body searched for title and dateline
TRAILER_REACH = 12         # lines below the body searched for bylines and dateline

_URL = compile_regex(r"^(?:https?://|www\.|\.\./|/)\S*$|^\S+\.(?:s?html?|php|aspx?|jsp|jpe?g|png|gif)\S*$", re.I)
_NUMERIC = compile_regex(r"^[\d\s/|.,:：%+\-—()（）·•]*$")
_TIME_ONLY = compile_regex(rf"^(?:{chrome.DATE_TEXT}|\d{{1,2}}:\d{{2}}(?::\d{{2}})?|\d+\s*(?:秒|分钟|小时|天)前"
                           r"|(?:今天|昨天|前天)\s*\d{1,2}:\d{2})$")
# A list item ending in its timestamp: "旅行中，谁忽悠了你？【版主】08-11 16:06 298字 [4321/87]".
_TIMESTAMPED_ITEM = compile_regex(r"(?:\d{2,4}[-/.])?\d{1,2}[-/.]\d{1,2}\s*\d{1,2}:\d{2}(?::\d{2})?[^。，！？]{0,25}$|"
                                  r"[(（]\d{4}-\d{1,2}-\d{1,2}[^)）]{0,12}[)）]$")
_LINE_SPACES = compile_regex(r"[ \t\u00a0\u3000\u2002\u2003\u200b\ufeff]+")
_TOKEN_SEPARATORS = compile_regex(r"\s+|[|｜丨]")
_LINK_ROW_SEPARATOR = compile_regex(r"\s+[|｜]\s+")
_FULL_STOP = compile_regex(r"[。！？]")
_STOP_OR_SEMICOLON = compile_regex(r"[。；]")
_HEADLINE_END = compile_regex(r"[。！？!?…]$")
_NOT_IN_HEADLINES = compile_regex(r"[。；，,]")
_SHARE_COUNTER = compile_regex(r"^(?:\d+\s*)?(?:分享至|分享到?|赞|评论|收藏|转发|点赞|阅读|浏览|跟贴)"
                               r"\s*[:：]?\s*(?:\d+)?$")


def page_lines(text: str) -> list[str]:
    """Non-empty lines, whitespace-normalised (full-width indents and tabs removed)."""
    lines = []
    for raw in text.splitlines():
        line = _LINE_SPACES.sub(" ", raw).strip()
        if line:
            lines.append(line)
    return lines


def is_token_menu(line: str) -> bool:
    """A toolbar or menu flattened into one line: "缩小字体 放大字体 收藏 微博 微信 分享 106"."""
    if line.count("【") >= 3 and not _FULL_STOP.search(line):
        return True  # "页面功能【我来说两句(0)】【收藏本文】【热点排行】…"
    if "|" in line or "｜" in line:  # a row of links has its separators (most lines have none)
        segments = [t for t in _LINK_ROW_SEPARATOR.split(line) if t.strip()]
        if len(segments) >= 3 and all(len(t) <= 24 for t in segments) and not _STOP_OR_SEMICOLON.search(line):
            return True  # a row of links: "A | B | C"
    if chrome.SENTENCE_PUNCT.search(line):
        return False
    tokens = [t for t in _TOKEN_SEPARATORS.split(line) if t]
    if len(tokens) >= 12 and sum(map(len, tokens)) <= 8 * len(tokens):
        return True  # a directory of names flattened into one line ("外交部 国防部 国家发展和改革委员会 …")
    return ((len(tokens) >= 4 and all(len(t) <= 6 for t in tokens))
            or (len(tokens) >= 6 and all(len(t) <= 12 for t in tokens)))


SHORT_LINE = 30
LIST_ITEM_COST = 3.0
_CLAUSE_END = compile_regex(r"[。，,；;：:”」…]$")


def _among_short_lines(lines: list[str], i: int) -> bool:
    """At least three of the four lines around line i are short too (a list, not a paragraph)."""
    near = [lines[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(lines)]
    return len(near) >= 3 and sum(len(x) < SHORT_LINE for x in near) >= 3


def line_values(lines: list[str], template: TemplateLines, tables: set[int] = frozenset()) -> list[float]:
    values = []
    for i, line in enumerate(lines):
        n = len(line.replace(" ", ""))
        if i in tables:
            values.append(TABLE_CELL_VALUE)
            continue
        if chrome.is_section_end(line):
            values.append(-SECTION_END_BARRIER)
            continue
        if template[line] or _TIME_ONLY.match(line):
            values.append(-BLOCK_COST - min(n, 40) * 0.5)
            continue
        # Link-list items: a headline printed twice in a row (NetEase's picture + text link),
        # or a headline followed by a source line and a timestamp.
        if (i + 1 < len(lines) and lines[i + 1] == line) or (i > 0 and lines[i - 1] == line):
            values.append(-BLOCK_COST - n)
            continue
        if (i + 2 < len(lines) and _TIME_ONLY.match(lines[i + 2]) and len(lines[i + 1]) <= 16
                and not _TIME_ONLY.match(lines[i + 1]) and not line.endswith("。")) or \
                (n < 160 and _is_timestamped_item(line) and "。" not in line[-30:]):
            values.append(-BLOCK_COST - n * 0.5)
            continue
        punct = chrome.punctuation_count(line)
        if n < SHORT_LINE and not _CLAUSE_END.search(line) and _among_short_lines(lines, i):
            # A headline in a list of headlines (link lists, teaser boxes): even a "？" or "！"
            # at its end does not make it a sentence of the article.
            values.append(-LIST_ITEM_COST)
            continue
        if chrome.END_PUNCT.search(line) or n > 60:
            weight = 1.0 if punct else 0.5
        elif punct:
            weight = 0.5   # headline-shaped: related titles are punctuated too
        else:
            weight = 0.3
        values.append(n * weight + min(punct, 20) - BLOCK_COST)
    return values


# A table copied from the page, one cell (or row) per line, is the article's when a line of prose
# announces it (确定以下6个集群…现予公布。, 名单如下：) and it opens with a header cell (序号, 名称):
# its short lines would otherwise read as a link list, and the body would stop just above it.
_ANNOUNCES_TABLE = compile_regex(r"(?:以下|如下|下表|附表|名单|见表)[^。！？]*[。：:]$|[：:]$")
TABLE_HEADER_CELLS = ("序号", "编号", "排名", "名次", "序")
TABLE_HEADER_SUFFIXES = ("名称", "名单")     # 集群名称, 企业名称
TABLE_LINE_MAX = 40
TABLE_LINES_MAX = 600
TABLE_CELL_VALUE = 0.5
_NOT_IN_CELLS = compile_regex(r"[。，,；;！？!?：:]")


def announced_tables(lines: list[str]) -> set[int]:
    """The indices of the lines of tables announced by the prose line above them: from a header
    cell to the last short line without sentence punctuation."""
    found: set[int] = set()
    for i, line in enumerate(lines[:-1]):
        if len(line) < 8 or not _ANNOUNCES_TABLE.search(line):
            continue
        header = lines[i + 1].split()
        if not header or not (header[0] in TABLE_HEADER_CELLS or header[0].endswith(TABLE_HEADER_SUFFIXES)) \
                or _NOT_IN_CELLS.search(lines[i + 1]):
            continue
        j = i + 1
        while j < len(lines) and j - i <= TABLE_LINES_MAX and len(lines[j]) <= TABLE_LINE_MAX \
                and not _NOT_IN_CELLS.search(lines[j]):
            found.add(j)
            j += 1
    return found


_ISSUER = compile_regex(r"^[\u4e00-\u9fff（）()]{4,30}(?:厅|局|委员会|委|办公室|办公厅|政府|管委会|中心|协会|联合会)$")
_SIGNED_ON = compile_regex(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def _is_signature(lines: list[str]) -> bool:
    return len(lines) == 2 and bool(_ISSUER.match(lines[0]) and _SIGNED_ON.match(lines[1]))


def _is_timestamped_item(line: str) -> bool:
    # Either form needs a clock time's ":" or a closing bracket: most lines are ruled out without the search.
    return (":" in line or ")" in line or "）" in line) and bool(_TIMESTAMPED_ITEM.search(line))


def _is_template_line(line: str) -> bool:
    """A line the site template prints around every article: URLs, counters, share bars,
    copyright, breadcrumbs, flattened menus, related-link lines."""
    return bool(_URL.match(line) or _NUMERIC.match(line) or _SHARE_COUNTER.match(line)
                or chrome.is_interface_line(line) or chrome.is_copyright_line(line) or chrome.is_breadcrumb(line)
                or is_token_menu(line) or chrome.is_related_link_line(line))


class TemplateLines(dict):
    """_is_template_line of the lines of one page, each line tested once: the value, title,
    body and trailer passes ask about the same lines."""

    def __missing__(self, line: str) -> bool:
        value = self[line] = _is_template_line(line)
        return value


def _is_chrome_line(line: str, template: TemplateLines) -> bool:
    """Template lines, plus the disclaimers and 原标题 lines that sit inside the article's run."""
    return template[line] or chrome.is_disclaimer(line) or chrome.is_original_title_line(line)


def find_headline(lines: list[str], body_start: int, template: TemplateLines) -> headline.Headline | None:
    """The headline above the body (or opening it), by headline.choose_headline: the lines after
    the last breadcrumb, with the page's first lines (where a copy may begin with the page's
    <title>), breadcrumb tails and wire-story "题：" lines as the places it recurs."""
    breadcrumb_at = -1
    for i in range(max(0, body_start - 40), body_start):
        if chrome.is_breadcrumb(lines[i]):
            breadcrumb_at = i
    low = max(0, body_start - HEADER_REACH, breadcrumb_at + 1)
    hints = headline.page_hints(lines, body_start - 40, body_start + headline.BODY_REACH + 3)
    for i, line in enumerate(lines[:2]):
        if len(line) >= 6 and not template[line]:
            for key, at in headline.hints_of([line], i).items():
                hints.setdefault(key, at)
    head = headline.choose_headline(lines, body_start, hints, template.__getitem__, low)
    if head is None:
        return None
    # A title repeated (sina prints it twice): take the first print.
    while head.index - 1 >= low and lines[head.index - 1] == lines[head.index] and head.last == head.index:
        head.index -= 1
        head.last = head.index
    head.text = metadata.strip_glued_site_suffix(head.text)
    return head


_WINDOW_TITLE_SEP = compile_regex(r"\s+[-_|—–]\s+")
# The article's name above a site's tagline recurs this near the top (a wiki prints it again over the infobox).
NAME_RECURS_WITHIN = 60


def _name_over_tagline(lines: list[str], title: str) -> str:
    """The article's name on a page that prints it with the site's tagline (a wiki): a copy that
    opens with the window title "金某某 - 维基百科，自由的百科全书", or with the name over the
    tagline line. The name counts when it is printed again as a line of its own near the top;
    it replaces a headline that was the tagline, nothing, or a line not naming it. "" otherwise."""
    if len(lines) < 3:
        return ""
    name, rest = "", 1
    parts = _WINDOW_TITLE_SEP.split(lines[0], maxsplit=1)
    if len(parts) == 2 and chrome.is_site_tagline(parts[1]):
        name = parts[0].strip()
    elif chrome.is_site_tagline(lines[1]):
        name, rest = lines[0], 2
    if not (2 <= len(name) <= 40) or chrome.is_site_tagline(name) or name not in lines[rest:NAME_RECURS_WITHIN]:
        return ""
    return "" if title == name or (title and name in title and not chrome.is_site_tagline(title)) else name


def _headline_shaped(line: str, template: TemplateLines) -> bool:
    return 6 <= len(line) <= 80 and not _HEADLINE_END.search(line) and not _NOT_IN_HEADLINES.search(line) \
        and not _is_chrome_line(line, template) and not chrome.is_meta_line(line)


def clean_pagetext(text: str, url: str = "") -> CleanedPage:
    lines = page_lines(text)
    if not lines:
        return CleanedPage(extractor="pagetext")
    template = TemplateLines()
    tables = announced_tables(lines)
    values = line_values(lines, template, tables)
    first, last, _ = best_run(values)
    if last < first:
        return CleanedPage(extractor="pagetext")
    head = find_headline(lines, first, template)
    title, title_at = (head.text, head.index) if head else ("", -1)
    title = _name_over_tagline(lines, title) or title
    if head and head.last >= first:
        first = head.last + 1  # the run took in the headline (and its subtitle)
    if title_at < 0 and first + 2 <= last and chrome.is_dateline(lines[first]) \
            and _headline_shaped(lines[first + 1], template):
        first += 1  # a dateline above the headline: read again for the date below
    if title_at < 0 and first + 1 <= last and _headline_shaped(lines[first], template):
        # The page starts with the article: its first line is the headline, and the short
        # unpunctuated lines between it and the first paragraph are a subtitle or photo caption.
        title, title_at = lines[first], first
        first += 1
        while first < last and _headline_shaped(lines[first], template) and len(lines[first]) <= 40:
            first += 1

    body: list[str] = []
    body_from = last + 1
    for i in range(first, last + 1):
        line = lines[i]
        if i not in tables and (_is_chrome_line(line, template) or _TIME_ONLY.match(line)):
            continue
        if not body and (line == title or chrome.is_meta_line(line)):
            continue
        if not body:
            body_from = i
        body.append(line)
    post_datelines = []    # a post's own dateline: out of the body, still the post's date
    while body and (chrome.is_trailing_promo(body[-1]) or (len(body) > 1 and chrome.is_post_dateline(body[-1]))):
        line = body.pop()
        if chrome.is_post_dateline(line):
            post_datelines.append(line)
    # A notice's signature: the issuing body, then the date it was signed (河北省工业和信息化厅 / 2024年10月30日).
    if _is_signature(lines[last + 1:last + 3]):
        body += lines[last + 1:last + 3]
        last += 2
    # The closing byline and editor lines the template prints just after the article.
    for line in lines[last + 1:last + 1 + 6]:
        if chrome.is_closing_byline(line) and line not in body:
            body.append(line)
        elif not (_NUMERIC.match(line) or chrome.is_interface_line(line)):
            break

    # Between the headline and the first line of the body: the dateline, source and byline.
    # (A post's header line "<headline> <date> 楼主" is the headline's line and its dateline.)
    if head and head.index == title_at:
        header_from = head.index if head.in_dateline else head.last + 1
    else:
        header_from = title_at + 1 if title_at >= 0 else max(0, first - HEADER_REACH)
    header = lines[header_from:body_from]
    # A dateline printed just above the headline ("ZAKER泰安 2023-10-12") is the article's too.
    above = lines[max(0, title_at - 2):title_at] if title_at > 0 else []
    header_dates = metadata.join_split_times(header)
    # Without a headline the header is a window of lines above the body: the nearest dateline.
    published = (metadata.published_from_lines(header_dates if title_at >= 0 else header_dates[::-1])
                 or metadata.published_from_lines(above[::-1]))
    if len(published) <= len("2023-06-08T09:15"):
        # Under the article: the template's dateline, or the time (or seconds) a dateline above left out.
        late = metadata.published_from_lines(metadata.join_split_times(trailer_datelines(lines, last, template)))
        published = metadata.more_precise(published, late) if published else late
    published = (published or metadata.published_from_lines(body[-2:] + post_datelines)
                 or metadata.published_from_note(body[-3:] + lines[last + 1:last + 4])
                 or metadata.date_from_url(url)
                 # A wiki shows only its last revision, in the page's footer.
                 or metadata.published_from_revision(lines[-30:]))
    source = metadata.source_from_lines(header) or metadata.source_from_lines(body[-3:])
    author = metadata.author_from_lines(header + body[-3:])
    return CleanedPage(title=title, body="\n".join(body), published_at=published, source=source,
                       author=author, url=url, extractor="pagetext")


def trailer_datelines(lines: list[str], last: int, template: TemplateLines, reach: int = TRAILER_REACH) -> list[str]:
    """Datelines the template prints right under the article (time, then the outlet), before
    anything else: only counters, pager and share lines, bylines and other datelines may stand
    between the body and them. A related list's timestamps come after its headlines, so the
    first headline-like line ends the search."""
    out = []
    for line in lines[last + 1:last + 1 + reach]:
        if chrome.is_dateline(line) or _TIME_ONLY.match(line):
            out.append(line)
        elif out:
            break  # the outlet's name after the date, or the next section
        elif not (_NUMERIC.match(line) or _is_chrome_line(line, template) or chrome.is_closing_byline(line)
                  or chrome.is_trailing_promo(line) or chrome.is_counter_line(line)):
            break
    return out
