"""The cleaner's speed-ups change nothing: each faster piece gives what the code it replaces gives.

pipeline/clean/css_xpath.py vs cssselect's own translation; dom.text_blocks vs the plain walk
that collected every text, whitespace included; the chrome regexes with a cheap first test vs
the regex alone; parsing a UTF-8 page from its bytes vs from the decoded text; the profiles'
CSS detect selectors vs their former XPaths; metadata.PageTags vs a walk of the tree per tag.
"""
from __future__ import annotations

import random
import re

import pytest
from cssselect import GenericTranslator
from lxml import etree

from pipeline.clean import chrome_lines as chrome
from pipeline.clean import dom
from pipeline.clean import from_pagetext as pagetext
from pipeline.clean.css_xpath import css_to_xpath
from pipeline.clean.dom import parse_html, strip_non_content

# Our own page: nested classes (several per element, odd spacing, tabs), ids, duplicates.
PAGE = """<html><head><title>样例</title></head><body>
<div class="post_main  box01" id="main"><h1 class="post_title">标题一</h1>
  <div class=" fl date-source\tdate " id="info"><span class="date">2023-05-06</span>
    <a class="source" href="#">样例日报</a></div>
  <div class="post_body"><div class="post_text" id="endText"><p class="otitle">原标题</p>
    <p>第一段。</p><p class="fl">第二段。</p><div class="post_info"><a id="src">来源</a></div></div></div>
</div>
<div class="box01"><div class="fl"><a>另一条</a></div><div class="fl-x">不是 fl</div></div>
<div class="post_info_more">不是 post_info</div><span class="post_info">时间</span>
<h1 class="title">第二个标题</h1><div id="endText">重复的 id</div>
<div class="main_content-Lc3 article-content" data-testid="article"><p data-x="">空属性</p>
  <div data-testid="article-x" class="article">不是 article</div></div>
</body></html>"""

TAGS = ["*", "div", "p", "a", "h1", "span"]
CLASSES = ["post_main", "box01", "fl", "date", "source", "post_body", "post_text", "otitle",
           "post_info", "title", "fl-x", "post_title", "date-source", "missing"]
IDS = ["main", "info", "endText", "src", "nothing"]
ATTRIBUTE_TESTS = ["[data-testid]", "[data-testid=article]", "[data-testid='article-x']", "[class*=post]",
              "[class*='article']", "[class^=main_content-]", "[class^=fl]", "[class=fl]", "[data-x]",
              "[data-x='']", "[id^=end]", "[id*=Text]", "[class*=missing]"]


def _random_compound(rng: random.Random) -> str:
    parts = [rng.choice(TAGS) if rng.random() < 0.6 else ""]
    for _ in range(rng.choice([0, 1, 1, 1, 2]) or (0 if parts[0] else 1)):
        kind = rng.random()
        parts.append(("." + rng.choice(CLASSES)) if kind < 0.5 else ("#" + rng.choice(IDS)) if kind < 0.7
                     else rng.choice(ATTRIBUTE_TESTS))
    return "".join(parts) or "*"


def random_selectors(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        compounds = [_random_compound(rng) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
        selector = compounds[0]
        for c in compounds[1:]:
            selector += rng.choice([" ", " > "]) + c
        if rng.random() < 0.1:
            selector += ", " + _random_compound(rng)
        out.append(selector)
    return out


def shipped_css_selectors() -> list[str]:
    from pipeline.clean.site_profiles import default_profiles

    return sorted({s for p in default_profiles() for sels in p.selectors.values() for s in sels
                   if not s.startswith(("/", "("))})


def assert_same_matches(root, selectors):
    for selector in selectors:
        ours = etree.XPath(css_to_xpath(selector))
        theirs = etree.XPath(GenericTranslator().css_to_xpath(selector))
        for context in [root, *root.iter("div")]:
            assert ours(context) == theirs(context), (selector, ours.path)


def test_css_xpath_matches_cssselect_on_our_page():
    root = parse_html(PAGE)
    assert_same_matches(root, shipped_css_selectors() + random_selectors(400))


def test_css_xpath_falls_back_to_cssselect_for_other_selectors():
    for selector in ["span:nth-of-type(2)", ".a:empty", "div[class$=x]", "div[class~=x]", "div[lang|=zh]",
                     "div[class*='']", "div[class^='']", "div[ns|class]", "a + b", "p ~ p",
                     "div:not(.x)", "ns|div", "::text"]:
        try:
            expected = GenericTranslator().css_to_xpath(selector)
        except Exception:
            with pytest.raises(ValueError):
                css_to_xpath(selector)
            continue
        assert css_to_xpath(selector) == expected
    with pytest.raises(ValueError):
        css_to_xpath("div..x")


def test_css_xpath_matches_cssselect_on_real_pages(shared_corpus):
    selectors = shipped_css_selectors()
    for path in sorted((shared_corpus / "corpus").glob("**/*.html"))[::4]:
        root = parse_html(path.read_bytes().decode("utf-8", "replace"))
        strip_non_content(root)
        for selector in selectors:
            ours = etree.XPath(css_to_xpath(selector))
            theirs = etree.XPath(GenericTranslator().css_to_xpath(selector))
            assert ours(root) == theirs(root), (path.name, selector)


# The site profiles' detect selectors as they were written in XPath, before CSS (whose
# attribute tests css_xpath writes as fast attribute steps) replaced them.
FORMER_DETECT_XPATHS = {
    "div#endText[class*=post_text]": "//div[@id='endText'][contains(@class,'post_text')]",
    "div[class*=article-source-bjh]": "//div[contains(@class,'article-source-bjh')]",
    "div[data-testid=article]": "//div[@data-testid='article']",
    "div[class^='main_content-']": "//div[starts-with(@class,'main_content-')]",
    "div#rwb_zw": "//div[@id='rwb_zw']",
    "div[class*=rm_txt_con]": "//div[contains(@class,'rm_txt_con')]",
    "div#Cnt-Main-Article-QQ": "//div[@id='Cnt-Main-Article-QQ']",
    "div[class*=content-article]": "//div[contains(@class,'content-article')]",
    "div#artibody": "//div[@id='artibody']",
    "div#article[class*=article] p": "//div[@id='article'][contains(@class,'article')]//p",
    "article#mp-editor": "//article[@id='mp-editor']",
    "article[class*=article][data-spm=content]": "//article[contains(@class,'article')][@data-spm='content']",
    "div[class*=news_txt]": "//div[contains(@class,'news_txt')]",
    "div[class^=index_cententWrap]": "//div[starts-with(@class,'index_cententWrap')]",
    "div[class=article-box] div[class*=article-content]":
        "//div[@class='article-box']//div[contains(@class,'article-content')]",
    "div#detail p": "//div[@id='detail']//p",
    "div#p-detail": "//div[@id='p-detail']",
}


def test_detect_selectors_match_their_former_xpaths(shared_corpus):
    from pipeline.clean.site_profiles import default_profiles

    shipped = {s for p in default_profiles() for s in p.selectors.get("detect", [])}
    assert shipped <= set(FORMER_DETECT_XPATHS), shipped - set(FORMER_DETECT_XPATHS)
    pairs = [(etree.XPath(css_to_xpath(css)), etree.XPath(xpath)) for css, xpath in FORMER_DETECT_XPATHS.items()]
    roots = [parse_html(PAGE)]
    for path in sorted((shared_corpus / "corpus").glob("**/*.html")):
        root = parse_html(path.read_bytes().decode("utf-8", "replace"))
        strip_non_content(root)
        roots.append(root)
    matched = 0
    for root in roots:
        for ours, former in pairs:
            assert ours(root) == former(root), ours.path
            matched += bool(ours(root))
    assert matched  # the corpus has pages of these templates


def plain_text_blocks(root) -> list[tuple]:
    """text_blocks as first written: every text and tail collected, each boundary flushed."""
    blocks, parts, link_parts, owners, link_depth = [], [], [], [root], 0

    def flush():
        text = dom._SPACES.sub(" ", "".join(parts)).strip()
        if text:
            n = len(text.replace(" ", ""))
            links = len(dom._SPACES.sub("", "".join(link_parts)))
            blocks.append((text, n, min(links, n), owners[-1], owners[-1].tag))
        parts.clear()
        link_parts.clear()

    def add(text):
        if text:
            parts.append(text)
            if link_depth:
                link_parts.append(text)

    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            if event == "end":
                add(el.tail)
            continue
        if event == "start":
            if el.tag in dom.BLOCK_TAGS or el.tag in ("br", "img"):
                flush()
            if el.tag in dom.BLOCK_TAGS:
                owners.append(el)
            link_depth += el.tag == "a"
            add(el.text)
        else:
            if el.tag in dom.BLOCK_TAGS:
                flush()
                owners.pop()
            link_depth -= el.tag == "a"
            add(el.tail)
    flush()
    return blocks


def block_tuples(root) -> list[tuple]:
    return [(b.text, b.chars, b.link_chars, b.owner, b.tag) for b in dom.text_blocks(root)]


# Texts between tags: the whitespace kinds the normaliser knows, others str.strip() knows
# (line separator, NEL), zero-width characters, and words.
TEXTS = ["", " ", "\n  ", "\t", "\u3000", "\u00a0", "\u2028", "\x85", "\u200b", "\ufeff", "文字", " 词 语 ",
         "链接\u00a0文字", "A b"]
TAGS_IN_PAGES = ["p", "div", "li", "span", "a", "b", "br", "img", "td", "h1"]


def random_page(rng: random.Random, depth: int = 0) -> str:
    out = [rng.choice(TEXTS)]
    for _ in range(rng.randint(0, 4 if depth < 4 else 0)):
        tag = rng.choice(TAGS_IN_PAGES)
        if tag in ("br", "img"):
            out.append(f"<{tag}>")
        elif rng.random() < 0.1:
            out.append("<!-- c -->")
        else:
            out.append(f"<{tag}>{random_page(rng, depth + 1)}</{tag}>")
        out.append(rng.choice(TEXTS))
    return "".join(out)


def test_text_blocks_match_the_plain_walk_on_random_pages():
    rng = random.Random(5)
    for _ in range(1500):
        root = parse_html(f"<html><body>{random_page(rng)}</body></html>")
        assert block_tuples(root) == plain_text_blocks(root)


def test_text_blocks_match_the_plain_walk_on_real_pages(shared_corpus):
    for path in sorted((shared_corpus / "corpus").glob("**/*.html"))[::3]:
        root = parse_html(path.read_bytes().decode("utf-8", "replace"))
        strip_non_content(root)
        assert block_tuples(root) == plain_text_blocks(root), path.name


UNGUARDED_COPYRIGHT = re.compile(chrome.COPYRIGHT_LINE.pattern.split(")", 1)[1], re.I)
# Pieces of footers and of ordinary text, in the cases the case-insensitive search folds.
FOOTER_PIECES = ["版权所有", "刊号：", "邮发代号", "主办单位：", "承办单位:", "网站标识码", "技术支持：", "网站地图",
                 "联系我们", "Copyright", "COPYRIGHT", "copy right", "©", "(c) 2023", "(C)2019", "(c)", "ICP备",
                 "icp 备", "\u0130CP证", "\u0131cp备", "京公网安备", "网安备", "违法和不良信息举报", "未经授权禁止转载",
                 "All Rights Reserved", "all rights reserved", "ALL RIGHTS", "版权", "网站", "主办", "2023", " ",
                 "，", "。", "样例文字", "a", "C", "I", "(", "京"]


def random_lines(pieces, n, seed):
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 6))) for _ in range(n)]


def test_copyright_lookahead_names_every_alternatives_first_character():
    guard, alternatives = re.fullmatch(r"\(\?=\[(.*?)\]\)\((.*)\)", chrome.COPYRIGHT_LINE.pattern, re.S).groups()
    for alternative in alternatives.split("|"):
        first = alternative[1] if alternative.startswith("\\") else alternative[0]
        assert re.fullmatch(f"[{guard}]", first, re.I), alternative


def test_copyright_search_as_without_the_lookahead():
    for line in random_lines(FOOTER_PIECES, 5000, 3):
        assert bool(chrome.COPYRIGHT_LINE.search(line)) == bool(UNGUARDED_COPYRIGHT.search(line)), line


TIME_PIECES = ["08-11 16:06", "2023-05-06 10:20:30", "（2023-5-6 来源）", "(2023-05-06)", "16:06", ":", ")", "）",
               "298字", "[4321/87]", "旅行中，谁忽悠了你？", "。", "【版主】", " ", "12", "-", "样例"]


def test_timestamped_item_as_the_search_alone():
    for line in random_lines(TIME_PIECES, 5000, 4):
        assert pagetext._is_timestamped_item(line) == bool(pagetext._TIMESTAMPED_ITEM.search(line)), line


def former_is_token_menu(line: str) -> bool:
    """pagetext.is_token_menu before its separator test ahead of the link-row split."""
    if line.count("【") >= 3 and not pagetext._FULL_STOP.search(line):
        return True
    segments = [t for t in pagetext._LINK_ROW_SEPARATOR.split(line) if t.strip()]
    if len(segments) >= 3 and all(len(t) <= 24 for t in segments) and not pagetext._STOP_OR_SEMICOLON.search(line):
        return True
    if chrome.SENTENCE_PUNCT.search(line):
        return False
    tokens = [t for t in pagetext._TOKEN_SEPARATORS.split(line) if t]
    if len(tokens) >= 12 and sum(map(len, tokens)) <= 8 * len(tokens):
        return True
    return (len(tokens) >= 4 and all(len(t) <= 6 for t in tokens)) or (len(tokens) >= 6 and all(len(t) <= 12 for t in tokens))


MENU_PIECES = [" | ", " ｜ ", "|", "｜", " 丨 ", " ", "  ", "首页", "新闻中心", "国际", "一条很长的栏目名称不止六个字",
               "【收藏本文】", "【", "。", "；", "，", "分享", "106", "外交部", "x" * 25]


def test_token_menu_as_the_former_on_random_lines():
    for line in random_lines(MENU_PIECES, 5000, 8):
        assert pagetext.is_token_menu(line) == former_is_token_menu(line), line


def test_template_lines_memo_answers_as_the_test():
    memo = pagetext.TemplateLines()
    for line in random_lines(MENU_PIECES + FOOTER_PIECES + TIME_PIECES, 3000, 9) * 2:
        assert memo[line] == pagetext._is_template_line(line), line


def test_cheap_first_tests_on_real_lines(shared_corpus):
    lines = []
    for path in sorted((shared_corpus / "corpus").glob("**/*.txt")):
        lines += pagetext.page_lines(path.read_text(encoding="utf-8", errors="replace"))
    for path in sorted((shared_corpus / "corpus").glob("**/*.html"))[::5]:
        root = parse_html(path.read_bytes().decode("utf-8", "replace"))
        strip_non_content(root)
        lines += [b.text for b in dom.text_blocks(root)]
    assert len(lines) > 5000
    for line in lines:
        assert bool(chrome.COPYRIGHT_LINE.search(line)) == bool(UNGUARDED_COPYRIGHT.search(line)), line
        assert pagetext._is_timestamped_item(line) == bool(pagetext._TIMESTAMPED_ITEM.search(line)), line
        assert pagetext.is_token_menu(line) == former_is_token_menu(line), line


CRAFTED_PAGES = [
    PAGE,
    '<html><head><meta charset="gbk"><title>声明 GBK 的 UTF-8 页面</title></head><body><p>正文。</p></body></html>',
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>带 XML 声明</p></body></html>',
    '<script>var a = 1;</script><!DOCTYPE html><html><body><p>脚本在 DOCTYPE 之前</p></body></html>',
    '<html><body><p>含\x00空字符</p></body></html>',
    '<p>没有 html 标签 &amp; 实体 &nbsp; &#x4e2d;</p>',
]


def same_tree(text: str, data: bytes) -> bool:
    return etree.tostring(parse_html(text, utf8=data)) == etree.tostring(parse_html(text))


def test_parse_from_utf8_bytes_gives_the_same_tree():
    for page in CRAFTED_PAGES:
        assert same_tree(page, page.encode("utf-8")), page


def test_parse_from_utf8_bytes_gives_the_same_tree_on_real_pages(shared_corpus):
    for path in sorted((shared_corpus / "corpus").glob("**/*.html")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        assert same_tree(text, data), path.name


def test_text_blocks_of_a_subtree_match_the_plain_walk():
    # Site profiles walk their body element only; its tail ends the last block, as iterwalk gave it.
    rng = random.Random(8)
    for _ in range(300):
        root = parse_html(f"<html><body>{random_page(rng)}</body></html>")
        for el in root.iter(etree.Element):
            assert block_tuples(el) == plain_text_blocks(el)


def test_odd_spaces_are_where_str_split_and_the_space_regex_disagree():
    unicode_spaces = {chr(i) for i in range(0x110000) if chr(i).isspace()}
    odd = {chr(i) for i in range(0x110000) if dom._ODD_SPACES.match(chr(i))}
    assert odd == unicode_spaces ^ set(dom._SPACE_CHARS)


def test_normalise_space_as_the_regex():
    pieces = TEXTS + ["\u2009", "\u2002", "\u202f", "\u1680", "\x1c", "\r\n", "a", "。"]
    for line in random_lines(pieces, 5000, 6):
        assert dom.normalise_space(line) == dom._SPACES.sub(" ", line).strip(), repr(line)
        assert dom.non_space_length(line) == len(dom._SPACES.sub("", line)), repr(line)


def test_a_utf8_page_with_nul_bytes_parses_as_its_text_without_them():
    page = '<html><body><p>含\x00空\x00字符</p></body></html>'
    text = page.replace("\x00", "")  # as decode_bytes gives it
    assert etree.tostring(parse_html(text, utf8=page.encode("utf-8"))) == etree.tostring(parse_html(text))


def test_decoded_pages_have_no_nul_with_or_without_nul_bytes():
    from pipeline.acquire.decode import _NUL_ONLY_FROM_NUL_BYTE, decode_bytes

    for encoding in sorted(_NUL_ONLY_FROM_NUL_BYTE):
        for page in ["<p>样例 text</p>", "<p>样例\x00 text</p>"]:
            data = (page + "<p>正文 body text.</p>" * 20).encode(encoding, errors="ignore")
            text, used = decode_bytes(data, f"text/html; charset={encoding}")
            assert "\x00" not in text and text == data.decode(used, errors="replace").replace("\x00", "")


def plain_hidden_elements(root) -> list:
    """The hidden-element scan as first written: each attribute read on every element."""
    hidden = []
    for el in root.iter(etree.Element):
        style, cls = el.get("style"), el.get("class")
        if style and ("none" in style or "hidden" in style) and dom._HIDDEN_STYLE.search(style):
            hidden.append(el)
        elif cls and ("hid" in cls or "collapsed" in cls or "d-none" in cls) \
                and any(dom._HIDDEN_CLASS.match(token) for token in cls.split()):
            hidden.append(el)
        elif el.get("hidden") is not None:
            hidden.append(el)
    return hidden


ATTRIBUTES = ['', ' style=""', ' style="display:none"', ' style="DISPLAY : None"', ' style="color:red"',
              ' style="visibility: hidden"', ' class=""', ' class="hidden"', ' class="box is-hidden x"',
              ' class="hide-me"', ' class="collapsed"', ' class="d-none"', ' class="hider"', ' hidden',
              ' hidden=""', ' id="a"', ' class="x" style="overflow:hidden"']


def test_strip_non_content_drops_what_the_plain_scan_finds():
    rng = random.Random(9)
    for _ in range(400):
        markup = re.sub(r"<(p|div|li|span|a|b|td|h1)>", lambda m: f"<{m[1]}{rng.choice(ATTRIBUTES)}>",
                        random_page(rng))
        page = f"<html><body>{markup}</body></html>"
        assert stripped(page, strip_non_content) == stripped(page, strip_by_plain_scan), page


def test_strip_non_content_drops_what_the_plain_scan_finds_on_real_pages(shared_corpus):
    for path in sorted((shared_corpus / "corpus").glob("**/*.html"))[::3]:
        text = path.read_bytes().decode("utf-8", "replace")
        assert stripped(text, strip_non_content) == stripped(text, strip_by_plain_scan), path.name


def strip_by_plain_scan(root) -> None:
    etree.strip_elements(root, *dom.DROP_TAGS, with_tail=False)
    for el in plain_hidden_elements(root):
        dom.drop_element(el)


def stripped(page: str, strip) -> bytes:
    root = parse_html(page)
    strip(root)
    return etree.tostring(root)


def plain_time_elements(root) -> list:
    """published_from_dom's last resort as first written: every element's tag and itemprop read."""
    return [el for el in root.iter(etree.Element)
            if (el.tag == "time" and el.get("datetime")) or el.get("itemprop") == "datePublished"]


TIME_MARKUP = ['<time datetime="2023-05-06">五月六日</time>', '<time datetime="">空</time>', '<time>没有属性</time>',
               '<span itemprop="datePublished">2023-05-06</span>', '<meta itemprop="datePublished" content="2023-05-07">',
               '<div itemprop="datepublished">大小写不同</div>', '<p itemprop="dateModified">2023-05-08</p>',
               '<TIME DATETIME="2023-05-09">大写</TIME>', '<p>正文</p>']


def test_time_elements_as_the_plain_loop():
    from pipeline.clean import metadata

    rng = random.Random(10)
    for _ in range(300):
        body = "".join(rng.choice(TIME_MARKUP) for _ in range(rng.randint(0, 6)))
        root = parse_html(f"<html><head><title>t</title></head><body><div>{body}</div></body></html>")
        found = [el for el in metadata._TIME_ELEMENTS(root)
                 if (el.tag == "time" and el.get("datetime")) or el.get("itemprop") == "datePublished"]
        assert found == plain_time_elements(root), body


def test_time_elements_as_the_plain_loop_on_real_pages(shared_corpus):
    from pipeline.clean import metadata

    for path in sorted((shared_corpus / "corpus").glob("**/*.html"))[::2]:
        root = parse_html(path.read_bytes().decode("utf-8", "replace"))
        found = [el for el in metadata._TIME_ELEMENTS(root)
                 if (el.tag == "time" and el.get("datetime")) or el.get("itemprop") == "datePublished"]
        assert found == plain_time_elements(root), path.name


def assert_page_tags_as_the_walks_per_tag(root):
    from pipeline.clean.metadata import PageTags

    tags = PageTags.of(root)
    assert tags.metas == list(root.iter("meta"))
    assert tags.links == list(root.iter("link"))
    assert tags.scripts == list(root.iter("script"))
    assert tags.headings == list(root.iter("h1", "h2", "h3", "h4"))
    assert [h for h in tags.headings if h.tag == "h1"] == list(root.iter("h1"))
    assert ((tags.titles[0].text or "") if tags.titles else "") == (root.findtext(".//title") or "")


def test_page_tags_as_the_walks_per_tag():
    assert_page_tags_as_the_walks_per_tag(parse_html(PAGE))
    rng = random.Random(5)
    for _ in range(200):
        extra = "".join(rng.choice(['<meta name="a" content="b">', '<link rel="canonical" href="/x">',
                                    "<title>T</title>", "<title></title>", "<script>1</script>", "<h2>二</h2>",
                                    "<h4>四</h4>", "<h1>一</h1>", "<svg><title>图</title></svg>", "<p>段</p>"])
                        for _ in range(rng.randint(0, 12)))
        head = "<head><title>页</title></head>" if rng.random() < 0.5 else ""
        assert_page_tags_as_the_walks_per_tag(parse_html(f"<html>{head}<body>{extra}</body></html>"))


def test_page_tags_as_the_walks_per_tag_on_real_pages(shared_corpus):
    for path in sorted((shared_corpus / "corpus").glob("**/*.html")):
        assert_page_tags_as_the_walks_per_tag(parse_html(path.read_bytes().decode("utf-8", "replace")))
