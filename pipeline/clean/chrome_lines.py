"""Recognisers for page chrome lines, shared by the DOM extractor and the page-text cleaner.

Each pattern describes a *kind* of line that Chinese news templates print around an
article (share bars, related-link headings, "上一篇" pagers, copyright notices); none
names a particular site or article.
"""
from __future__ import annotations

import re

from pipeline.speedups.regex_cache import compile_regex

# Headings that open a list of links to other articles: everything after them is chrome.
RELATED_HEADING = compile_regex(
    r"^[【\[『「<《(（]?\s*(相关(推荐|阅读|新闻|文章|链接|报道|专题|资讯|稿件|内容)|热点推荐|热门(推荐|文章|新闻|阅读|资讯)?|"
    r"延伸阅读|推荐阅读|猜你喜欢|为你推荐|更多(精彩|阅读|新闻|推荐|相关)|精彩推荐|今日推荐|编辑推荐|热门排行|"
    r"热点新闻|热文推荐|大家都在看|看了本文的人还看了|点击排行|阅读排行|排行榜|往期回顾|24小时热文|最新文章|"
    r"热门评论|最新评论|网友评论|全部评论|我要评论|发表评论|评论列表|相关标签|作者最近文章|作者其他文章|本文作者更多文章|相关专题|热门视频|精彩图集|图片推荐|视频推荐|热门图集)\s*[】\]』」>》)）]?\s*[:：]?\s*$")

# Short interface lines: share bars, font-size switches, print/close, pagers, app promos.
INTERFACE_LINE = compile_regex(
    r"^(分享到?[:：]?.{0,20}|分享至|[0-9]+\s*分享至?|打印(本页|本文|此文)?|关闭(窗口|本页)?|收藏(本文)?|"
    r"字号[:：]?.{0,8}|【?\s*字体[:：]?\s*大\s*中\s*小\s*】?|[【\[]?\s*大\s*中\s*小\s*[】\]]?|"
    r"返回(顶部|首页|列表)?|上一篇[:：].*|下一篇[:：].*|上一页|下一页|扫一扫.{0,20}|"
    r"(举报|纠错|投稿|订阅|复制链接|一键分享|微信扫一扫|手机看新闻|用微信扫描二维码.{0,20})|"
    r"【?\s*(纠错|打印|关闭|收藏|举报)\s*】?(\s*【?\s*(纠错|打印|关闭|收藏|举报)\s*】?)*|"
    r"[(（].{0,30}(?:阅读|浏览|点击)\s*[:：]?\s*\d+\s*次[)）]|[^。，,]{0,24}[:：]\s*(?:https?://|/)\S+|"
    r"点击(进入|查看|阅读)(原文|全文|专题).{0,10}|点击(查看|看)大图|点击(阅读|查看)更多.{0,12}|阅读原文|展开全文|查看全文|加载更多|"
    r"(?:自动播放|视频加载中|正在加载|播放视频)(?:[\s:：….].{0,30})?|"
    r"(微信|微博|QQ空间|QQ|朋友圈|新浪微博|腾讯微博|人人网|豆瓣)"
    r"(\s*[、|/ ]?\s*(微信|微博|QQ空间|QQ|朋友圈|新浪微博|腾讯微博|人人网|豆瓣))+)\s*$",
    re.I)

# Where a comment box starts: "跟贴31", "网友评论仅供其表达个人看法", "已有12人参与".
COMMENTS_START = compile_regex(
    r"^(跟贴\s*\d*|跟帖\s*\d*|(?:热门|最新|全部|网友)?评论\s*[(（]?\s*\d*\s*[)）]?\s*条?|"
    r"[\d,]+\s*条评论(?:\s*[|｜/]?\s*[\d,]+\s*人参与(?:网友)?(?:评论|讨论)?)?|"
    r"已有\s*\d+\s*人参与.{0,10}|[\d,]+\s*人参与(?:网友)?(?:评论|讨论)|登录并发贴|.{0,30}已有\s*\d+\s*[件条个篇]?(?:评论|回复|留言)|"
    r"(?:反侵权|侵权|版权|免责|法律|郑重)(?:公告|声明|说明)\s*[:：]?|"
    r"网友评论仅供其表达个人看法.{0,20}|文明上网理性发言.{0,30}|发表评论.{0,10}|我要评论.{0,10})$")

# Disclaimers the template appends to every article.
DISCLAIMER_LINE = compile_regex(
    r"^[（(【\[]?\s*(?:(?:特别)?声明[:：].{0,120}|本文(?:仅|只)代表作者(?:个人)?观点.{0,40}|(?:本文|文章)系转载.{0,60}|"
    r"免责声明[:：]?.{0,160}|本站(?:部分)?(?:文章|内容)来源于网络.{0,80})$")

# Copyright / licensing footers. The lookahead holds the alternatives' first characters: without it
# sre tries every alternative at every position of this case-insensitive search.
COPYRIGHT_LINE = compile_regex(
    r"(?=[版刊邮主承网技联©京违未CIA(])(版权所有|刊号|邮发代号|主办单位[:：]|承办单位[:：]|网站标识码|技术支持[:：]|网站地图|联系我们|Copyright|©|\(c\)\s*\d{4}|ICP\s*备|ICP证|京公网安备|网安备|违法和不良信息举报|未经授权禁止转载|"
    r"All Rights Reserved)", re.I)

# A "published time / source" line that sits between the title and the body. Year first
# ("2023-06-08 09:15", "2023年6月8日"), or year last as templates abroad print it ("7/5/2005 9:23:57 PM",
# "06/02/2022 - 13:48"; metadata.iso_datetime decides which of the two numbers is the month).
DATE_TEXT = (r"(?:(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
             r"|(?<![\d/])\d{1,2}/\d{1,2}/(?:19|20)\d{2}(?:\s*-?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?"
             # the year apart from the day, as some portals print them: "2023 06/08 09:15:32"
             r"|(?:19|20)\d{2} +\d{1,2}/\d{1,2}(?![\d/])(?: +\d{1,2}:\d{2}(?::\d{2})?)?)")
# A date in Chinese numerals as notices and some templates print it: "二〇二三年六月八日".
CHINESE_DATE_TEXT = (r"[〇零○Ｏ一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月"
                     r"\s*[一二三四五六七八九十]{1,3}\s*[日号]")
# Full-width digits and marks ("２０２３－０６－０８　０９：１５") read as the ASCII ones for dates.
FULLWIDTH_DATE_MARKS = str.maketrans("０１２３４５６７８９：－／．　", "0123456789:-/. ")
_FULLWIDTH_DIGIT = compile_regex(r"[０-９]")
META_LINE = compile_regex(
    rf"^(?:.{{0,30}}?{DATE_TEXT}.{{0,60}}|(?:来源|来自|作者|编辑|发布时间|发布日期|发表时间|发稿时间|时间|日期|浏览|阅读|点击|主题|标题)\s*[:：].{{0,60}})$")
TITLE_LABEL = compile_regex(r"^(?:主题|标题)\s*[:：]")
META_WORDS = compile_regex(r"主题|标题|来源|作者|编辑|发布|发表|发稿|时间|日期|浏览|阅读|点击|次|评论|参与|字号"
                           r"|打印|更新|原创|记者|责编|稿源")

# "（原标题：…）": the outlet's original headline, printed above or below the body.
ORIGINAL_TITLE_LINE = compile_regex(r"^[（(【\[]?\s*原(标)?题\s*[:：].{1,80}$")
# Breadcrumbs: "您所在的位置：首页 > 快讯 > 正文", "网易首页 > 网易安徽 > 正文".
BREADCRUMB_LINE = compile_regex(r"^(?:(?:您的|您|当前)?(?:所在)?的?位置\s*[:：]?.*"
                                r"|.{0,40}(?:\s*[>＞»›/]\s*[^>＞»›/]{1,20}){2,}\s*[>＞»›]?\s*(?:正文|详情|内容|文章)?)$")
# Closing bylines that belong to the body even when the template prints them outside it.
CLOSING_BYLINE = compile_regex(r"^[（(【\[]?\s*(?:(?:本文来源|文章来源|来源|责任编辑|责编|编辑|校对|审核|记者|作者"
                               r"|文|稿源)\s*[:：/]"
                               r"|来源于|转自|摘自).{1,60}$"
                               r"|^[（(]\s*(?:本报|本台|本刊)?(?:记者|通讯员)\s*\S.{0,40}(?:报道|摄|采写)\s*[)）]$")

# Sentence punctuation: body text has it, navigation does not.
SENTENCE_PUNCT = compile_regex(r"[，。！？；：、“”,.!?;…]")
END_PUNCT = compile_regex(r"[。！？!?…”」』）)]$")
_SENTENCE_END = compile_regex(r"[。！？]$")
_PROSE_END = compile_regex(r"[。！？]”?$")
_CLAUSE_PUNCT = compile_regex(r"[，。；]")
_RUN_ON_PUNCT = compile_regex(r"[，。；！？、,;!?]")
# The day of the week after a date and a comma: "2023年06月08日，星期四".
_WEEKDAY_AFTER = compile_regex(r"^\s*[，,]\s*(?:星期|周|礼拜)[一二三四五六日天]")
_DATE = compile_regex(DATE_TEXT)
_DATE_AND_WEEKDAY = compile_regex(rf"{DATE_TEXT}\s*[，,]?\s*[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?")
_CHINESE_DATE = compile_regex(CHINESE_DATE_TEXT)
_BREADCRUMB_MARK = compile_regex(r"[>＞»›]|位置")


RELATED_LINK_LINE = compile_regex(r"^[【\[]?(?:延伸阅读|相关阅读|相关新闻|相关链接|推荐阅读|热点推荐|相关文章)"
                                  r"[】\]]?\s*[:：].{2,60}$")


def is_related_link_line(line: str) -> bool:
    """"延伸阅读：<another article's headline>": a link to another story, in or after the article."""
    s = line.strip()
    return len(s) <= 70 and not s.endswith("。") and bool(RELATED_LINK_LINE.match(s))


def is_related_heading(line: str) -> bool:
    return len(line) <= 16 and bool(RELATED_HEADING.match(line.strip()))


def is_interface_line(line: str) -> bool:
    return len(line) <= 40 and bool(INTERFACE_LINE.match(line.strip()))


def is_copyright_line(line: str) -> bool:
    # A sentence of prose that mentions copyright ("…版权所有者…，…。") is not a footer.
    return len(line) <= 200 and bool(COPYRIGHT_LINE.search(line)) and not is_prose(line)


def is_prose(line: str) -> bool:
    """A sentence of running text: several clauses, ending in sentence punctuation."""
    s = line.strip()
    return len(s) > 40 and s.count("，") + s.count(",") >= 2 and bool(_PROSE_END.search(s))


def is_meta_line(line: str) -> bool:
    """A dateline/source/author line printed by the template (not a sentence of the article)."""
    s = line.strip()
    if len(s) > 90:
        return False
    if not META_LINE.match(s):
        return bool(ENGLISH_DATELINE.match(s))   # "Thursday, June 8, 2023 9:15 AM"
    if TITLE_LABEL.match(s):
        return True  # "主题：…？" a forum post's subject line, whatever its punctuation
    # A sentence that happens to contain a date ends in sentence punctuation; template lines don't.
    if _SENTENCE_END.search(s):
        return False
    if META_WORDS.search(s) or _DATE.fullmatch(s) or _DATE_AND_WEEKDAY.fullmatch(s):
        return True
    # A full date with a clock time and no clause punctuation: "GameForce 2019-09-04 22:18:34".
    return len(s) <= 60 and bool(_DATE.search(s)) and ":" in s and not _CLAUSE_PUNCT.search(s)


_WORDLESS = compile_regex(r"^[\W\d_]*$")


def is_wordless(line: str) -> bool:
    """Only digits, bullets and punctuation ("·", "4", "1 / 4"): a counter or list marker, not text."""
    return bool(_WORDLESS.match(line))


# "September 10th, 2005 10:56 am", "Mar. 21, 2005", "21 March 2005 11:21" (metadata.iso_datetime reads them).
ENGLISH_DATE_TEXT = (
    r"\b(?:([A-Z][a-z]{2,8}|[A-Z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+([A-Z][a-z]{2,8}|[A-Z]{3,9})\.?)"
    r",?\s+((?:19|20)\d{2})\b(?:,?\s*(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\b)?)?")
_ENGLISH_DATE = compile_regex(ENGLISH_DATE_TEXT)
_MONTH_WORD = compile_regex(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
                            r"|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)")
# "Saturday, September 10th, 2005 10:56 am": an English dateline (blog templates).
ENGLISH_DATELINE = compile_regex(r"^(?:[A-Z][a-z]+,?\s+)?[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}\b"
                                 r"[\s\d:apmAPM.]{0,12}$")


# Dates a template prints that are not the article's: when a blog or account was opened, a
# member registered or last logged in, a birthday, a deadline, today's date in the site's banner.
NOT_PUBLISHED_CUE = compile_regex(r"建立|创建|注册|加入|出生|生日|截止|到期|登录|登陆|成立|开通|入驻|"
                                  r"今天是|今日是|当前时间|现在时间")
# A post's own line: "本贴由<name>于<date>在〖<board>〗发表", "<name> 发表于 <date>".
PUBLISH_VERB = compile_regex(r"发表|发布|发帖|发贴|刊发|posted|published", re.I)


# A labelled publication time: "发布时间：2023-06-08 09:15" keeps its meaning in a long row of
# other fields ("来源：… | 作者：… | 发布时间：… | 浏览次数：… | 字号：大 中 小 | 打印").
LABELLED_DATE = compile_regex(rf"(?:(?:发布|发表|发稿|出版|上传|录入|添加|更新)?(?:时间|日期)\s*[:：]"
                              rf"|(?:发表|发布|发帖|发贴)(?:于|在)|[Pp]osted\s+(?:on|at))\s*{DATE_TEXT}")


def is_dateline(line: str) -> bool:
    """A line stating a publication time as the template prints it: a meta line holding a date
    ("时间：2019-09-25 作者：…", "2022-12-02 15:58:57 来源：…"), a bare date, a short name and a
    date ("ZAKER泰安 2023-10-12"), or a post's "posted by … at …" line. A sentence that mentions
    a date is not one, nor a line dating something else (a blog's opening, a registration)."""
    s = line.strip()
    if ENGLISH_DATELINE.match(s):
        return True
    m = _DATE.search(s)
    if not m and _FULLWIDTH_DIGIT.search(s):
        s = s.translate(FULLWIDTH_DATE_MARKS)
        m = _DATE.search(s)
    if not m and len(s) <= 90 and "年" in s:
        m = _CHINESE_DATE.search(s)  # "二〇二三年六月八日"
    if not m and len(s) <= 90 and _MONTH_WORD.search(s):
        m = _ENGLISH_DATE.search(s)  # "Posted on Mar. 21, 2005 at 11:21 PM"
    if not m or len(s) > 200:
        return False
    if NOT_PUBLISHED_CUE.search(s[:m.start()]):
        return False
    if len(s) > 90:
        return bool(LABELLED_DATE.search(s)) and not _SENTENCE_END.search(s)
    if is_meta_line(s):
        return True
    rest = s[:m.start()] + _WEEKDAY_AFTER.sub("", s[m.end():], 1)
    if _RUN_ON_PUNCT.search(rest):
        return False
    return len(rest.replace(" ", "")) <= 16 or bool(PUBLISH_VERB.search(rest))


# Reporters' names printed on a line of their own above the body: "光明日报记者 王建宏 张文攀",
# "本报记者：李明", "文/张三", "通讯员 王五 摄".
BYLINE_LINE = compile_regex(
    r"^[（(【\[]?\s*(?:本报|本台|本刊|本网|\S{0,12}?(?:报|社|台|网|刊))?\s*(?:特约)?(?:记者|通讯员|实习生|作者|撰文|文|编辑|摄影)"
    r"(?:\s*[:：/]\s*|\s+)[\u4e00-\u9fff·]{2,4}(?:\s*[\s、,，]\s*(?:(?:记者|通讯员|实习生)\s*)?[\u4e00-\u9fff·]{2,4}){0,5}"
    r"\s*(?:报道|摄|采写|整理)?\s*[）)】\]]?$")
# Banners greeting the visitor: "Hi,欢迎来到…网", "游客 欢迎你！", "谢谢您访问…", "您好，请登录".
BANNER_LINE = compile_regex(r"欢迎(?:您|你)?(?:来到|访问|光临|进入|使用)|^\S{0,6}\s*欢迎(?:您|你)"
                            r"|谢谢(?:您|你)?(?:的)?(?:访问|光临)|"
                            r"请(?:先)?登录|免费注册|设为首页|加入收藏|^(?:Hi|Hello)\b", re.I)
# Counters and properties of the page: "文章分类:行业 访问量:1203次", "粉丝：23文章：11", "阅读 1.2万".
COUNTER_LINE = compile_regex(r"(?:访问|浏览|阅读|点击|播放)(?:量|数|次数)\s*[:：]?\s*\d|\d\s*次$"
                             r"|(?:[\u4e00-\u9fff]{2,4}\s*[:：]\s*[\d,.]+\s*[万千]?\s*){2,}")
# A web address in a line: site names printed with their address are not headlines.
WEB_ADDRESS = compile_regex(r"https?://|www\.|\b[\w-]+\.(?:com|cn|net|org)\b", re.I)


# Where the article comes from, on a line of its own: "本文转自:人民网", "来源：新华社".
SOURCE_LINE = compile_regex(r"^[（(【\[]?\s*(?:本文|文章|稿件|信息)?(?:来源|转自|转载自|出处|来自|摘自|稿源)\s*[:：]")


def is_source_line(line: str) -> bool:
    return len(line) <= 60 and bool(SOURCE_LINE.match(line.strip()))


def has_full_date(line: str) -> bool:
    """A year, month and day, in any of the forms of DATE_TEXT."""
    return bool(_DATE.search(line))


def is_byline(line: str) -> bool:
    s = line.strip()
    return len(s) <= 50 and bool(BYLINE_LINE.match(s))


# A site's name with its slogan, as a wiki or portal prints it under the page's heading:
# "维基百科，自由的百科全书", "某某网，网上的某某日报".
SITE_TAGLINE = compile_regex(r"^[\u4e00-\u9fffA-Za-z]{2,10}(?:百科|网|在线|论坛|社区)[，,]\s*"
                             r"[\u4e00-\u9fffA-Za-z]{2,16}$")


def is_site_tagline(line: str) -> bool:
    return len(line) <= 30 and bool(SITE_TAGLINE.match(line.strip()))


def is_banner_line(line: str) -> bool:
    return len(line) <= 60 and bool(BANNER_LINE.search(line))


def is_counter_line(line: str) -> bool:
    return len(line) <= 90 and bool(COUNTER_LINE.search(line))


def has_web_address(line: str) -> bool:
    return bool(WEB_ADDRESS.search(line))


def punctuation_count(text: str) -> int:
    return len(SENTENCE_PUNCT.findall(text))


def is_original_title_line(line: str) -> bool:
    return bool(ORIGINAL_TITLE_LINE.match(line.strip()))


def is_breadcrumb(line: str) -> bool:
    s = line.strip()
    # The cheap test for a separator or "位置" first: most lines have neither.
    return len(s) <= 80 and not END_PUNCT.search(s) and bool(_BREADCRUMB_MARK.search(s)) \
        and bool(BREADCRUMB_LINE.match(s))


def is_closing_byline(line: str) -> bool:
    return len(line.strip()) <= 70 and bool(CLOSING_BYLINE.match(line.strip()))


def is_section_end(line: str) -> bool:
    """A heading that opens a related-links list or the comment box: the article is over."""
    s = line.strip()
    if len(s) <= 24 and " " in s:
        s = s.replace(" ", "")  # a heading letter-spaced for looks: "郑 重 声 明", "相 关 新 闻"
    return is_related_heading(s) or (len(s) <= 40 and bool(COMMENTS_START.match(s)))


# What a template prints under an article: its keywords or tags, an invitation to follow the
# outlet's account or to scan its QR code, a feedback link. Only ever taken off the END of a
# body: a government notice may well ask readers, mid-article, to scan a code.
KEYWORDS_LINE = compile_regex(r"^(?:文章|本文)?(?:关键[字词]|标签|tags?)\s*[:：].{0,40}$", re.I)
FOLLOW_PROMO_LINE = compile_regex(r"(?:扫描|扫码|扫一扫|长按).{0,12}二维码.{0,20}关注"
                                  r"|关注.{0,20}(?:官方)?(?:微信|微博|公众号)"
                                  r"|^.{0,12}(?:公众号|客户端)$|^(?:我要)?(?:反馈|纠错|投诉)$")


# What labels a post's own time: "本贴由…于<date>在〖…〗发表", "标签：… 发布于：<date> 编辑：…".
_POSTED_LABEL = compile_regex(r"发表|发布于|发布时间|发布日期|发帖|发贴|posted|published", re.I)


def is_post_dateline(line: str) -> bool:
    """A template's line under the article that dates the post (see _POSTED_LABEL): page
    furniture, not the article's last paragraph."""
    s = line.strip()
    return len(s) <= 120 and bool(_POSTED_LABEL.search(s)) and is_dateline(s)


def is_trailing_promo(line: str) -> bool:
    """Keywords, follow-us and feedback lines that close a template (see KEYWORDS_LINE)."""
    s = line.strip()
    return len(s) <= 80 and bool(KEYWORDS_LINE.match(s) or FOLLOW_PROMO_LINE.search(s))


def is_disclaimer(line: str) -> bool:
    return len(line.strip()) <= 200 and bool(DISCLAIMER_LINE.match(line.strip()))
