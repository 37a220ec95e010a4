"""Generic HTML path, metadata and bad input: pages written for these tests (tests/clean/fixtures)."""
from pathlib import Path

import pytest

from pipeline.clean import CleanError, clean_page

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_gbk_county_site_without_profile():
    page = clean_page(load("generic_county_gbk.html"), "html")
    assert page.extractor == "generic"
    assert page.encoding == "gb18030"
    assert page.title == "我县秋粮喜获丰收"
    assert page.published_at == "2023-09-26T10:30:00"
    assert page.source == "青禾日报"
    assert page.author == "陈一"
    lines = page.body.split("\n")
    assert lines[0].startswith("金秋九月，青禾县百万亩秋粮进入收获期")
    assert lines[-1] == "（编辑：王丽）"          # the closing editor line belongs to the body
    assert len(lines) == 5
    for chrome in ("栏目", "相关新闻", "农民丰收节", "分享到", "版权所有", "您的位置", "浏览次数"):
        assert chrome not in page.body


def test_article_of_many_short_lines_is_kept_whole():
    page = clean_page(load("generic_short_lines.html"), "html")
    lines = page.body.split("\n")
    assert lines[0] == "晚上八点，" and "大家心里都亮堂。”" in lines
    assert len(lines) == 12
    assert "热门" not in page.body and "Copyright" not in page.body
    assert page.title == "小区的夜晚"
    assert page.published_at == "2023-06-01T20:15:00"
    assert page.url == "https://essays.example.cn/2023/06/01/night.html"   # from <link rel=canonical>


def test_wechat_section_layout():
    page = clean_page(load("wechat_sections.html"), "html")
    assert page.body.split("\n") == [
        "近日，本地一家老字号糕点铺迎来了开业五十周年。",
        "店里的招牌桃酥仍然按照老配方手工制作，每天清晨五点开炉。",
        "第三代传人表示，会在保留传统工艺的同时，尝试推出低糖新品。",
        "不少老顾客专程赶来，排队买一份熟悉的味道。",
    ]
    assert page.published_at == "2023-04-12T08:00"


def test_declared_gb2312_but_utf8_with_script_before_doctype():
    page = clean_page(load("mislabelled_gb2312_script_first.html"), "html")
    assert page.encoding == "utf-8"
    assert page.title == "港口新航线开通"
    assert page.published_at == "2022-12-02T15:58:57"
    assert page.source == "港城晚报"
    assert page.body.split("\n") == [
        "本月起，港口新开通两条直达东南亚的集装箱航线，每周各有一个固定航班。",
        "港口集团负责人介绍，新航线将使出口货物的运输时间缩短三天左右。",
        "责任编辑：高山",
    ]


def test_related_reading_list_inside_article_is_dropped():
    html = """<html><body><div class="art"><h1>标题示例</h1>
    <p>第一段：城市更新项目启动，涉及老旧小区四十个。</p>
    <p>第二段：改造内容包括加装电梯、管网更新和绿化提升。</p>
    <p>延伸阅读</p>
    <p><a href="/a1">老旧小区改造如何让居民满意？</a></p>
    <p><a href="/a2">加装电梯费用怎么分摊</a></p>
    <p>责任编辑：刘洋</p></div>
    <div class="foot"><a href="/">首页</a> <a href="/about">关于</a></div></body></html>"""
    page = clean_page(html.encode(), "html")
    assert "延伸阅读" not in page.body and "分摊" not in page.body
    assert page.body.endswith("责任编辑：刘洋")


def test_published_from_json_ld_and_url():
    ld = """<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2021-07-08T09:10:11+08:00"}</script></head>
    <body><p>这是一篇用来测试结构化数据时间的新闻正文，内容足够长，句子完整。</p></body></html>"""
    assert clean_page(ld.encode(), "html").published_at == "2021-07-08T09:10:11"
    plain = "<html><body><p>这是一篇只在网址里写明日期的新闻正文，内容足够长，句子完整。</p></body></html>"
    page = clean_page(plain.encode(), "html", url="https://news.example.cn/2020/0315/a1.html")
    assert page.published_at == "2020-03-15"


@pytest.mark.parametrize("data, kind, message", [
    (b"", "html", "empty"),
    (b"   \n\t ", "text", "empty"),
    (bytes(range(256)) * 40, "html", "decode"),                       # binary garbage
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 200, "html", "decode"),
    (b"<html><body><div><a href='/'>\xca\xd7\xd2\xb3</a></div></body></html>", "html", "no article"),
    (b"<html><head><title>x</title></head><body></body></html>", "html", "no article"),
    (b"<<<<>>>><div <p <<", "html", ""),                               # broken markup: error, not a crash
])
def test_bad_input_raises_clean_error(data, kind, message):
    with pytest.raises(CleanError) as err:
        clean_page(data, kind)
    assert message in str(err.value)


def test_undecodable_bytes_raise_clean_error():
    # Not UTF-8, no charset declared, and too many invalid sequences for any Chinese encoding.
    data = bytes([0x81, 0x30, 0xC0, 0x80, 0xFF, 0xFE, 0xFD]) * 500
    with pytest.raises(CleanError, match="undecodable"):
        clean_page(data, "html")


def test_broken_but_recoverable_markup_still_extracts():
    html = ("<html><body><div><p>未闭合的段落，依然是正文的一部分，内容完整可读。"
            "<p>第二段同样没有闭合标签，但浏览器能显示。<div></body>").encode()
    page = clean_page(html, "html")
    assert "未闭合的段落" in page.body and "第二段同样没有闭合标签" in page.body


def test_unknown_kind_is_rejected():
    with pytest.raises(CleanError, match="kind"):
        clean_page(b"<p>x</p>", "pdf")


def test_headline_in_h4_with_glued_site_suffix_and_notice_above_it():
    page = clean_page(load("h4_headline_notice.html"), "html")
    assert page.title == "城区新增十二处口袋公园"               # not "…-样例城市网"
    assert page.published_at == "2023-08-09"                  # the dateline under the headline
    lines = page.body.split("\n")
    assert lines[0].startswith("今年以来，城区利用边角空地")   # the notice above the headline is not body
    assert lines[-1] == "责编：吴越"
    assert "本站声明" not in page.body and "时间：" not in page.body and "广告" not in page.body


def test_published_from_cms_property_comment():
    page = clean_page(load("cms_property_comment.html"), "html")
    assert page.published_at == "2022-02-13"
    assert page.title == "高原乡村通上光纤宽带"


def test_prose_mentioning_copyright_is_not_a_footer():
    html = """<html><body><div class="post"><h1>播客的版权难题</h1>
    <p>播客节目一年比一年多，听众随手就能下载喜欢的节目，口口相传成了常态。</p>
    <p>另一方面，节目被层层转发后，原本就说不清的授权链条更乱了，版权所有者很难追踪每一次转载，平台也难以审核。</p>
    <p>专家认为，行业需要尽快建立授权和分成的规则。</p></div>
    <div class="foot">Copyright 2005 样例博客 版权所有</div></body></html>"""
    page = clean_page(html.encode(), "html")
    assert "版权所有者很难追踪" in page.body
    assert "Copyright" not in page.body


def test_undeclared_gbk_and_big5_pages():
    body = "<html><body><p>县里新建的图书馆本周开放，馆内藏书十二万册，周末还有面向儿童的故事会和手工课。</p></body></html>"
    page = clean_page(body.encode("gbk"), "html")             # no charset declared anywhere
    assert page.encoding == "gb18030" and "图书馆本周开放" in page.body
    big5 = "<html><body><p>這是一段繁體中文的新聞內容，臺灣的網站經常使用這種編碼發佈文章，讀者應該看到正確的文字。</p></body></html>"
    page = clean_page(big5.encode("big5"), "html")
    assert page.encoding != "gb18030" and "繁體中文的新聞內容" in page.body


def test_prose_with_an_inline_link_ends_a_related_list():
    """A lead paragraph after an in-article "相关新闻：" list is text even when it carries a
    keyword link (a company name linked to its stock quote); only mostly-link blocks are the list."""
    from pipeline.clean import clean_page

    html = """<html><head><title>新能源车企发布三款新车</title></head><body><div class="article" id="artibody">
    <p><strong>相关新闻：</strong></p>
    <p><strong><a href="/live/1">直播：新车发布会全程回顾</a></strong></p>
    <p><strong><a href="/zt/2">专题：新能源汽车下乡活动</a></strong></p>
    <p>本报讯 记者昨日获悉，<a href="/stock/1">某汽车公司</a>在发布会上推出三款新车，起售价为15.98万元，预计下月上市。</p>
    <p>公司相关负责人介绍，三款新车均采用新一代电池平台，续航里程较上一代提升约两成。</p>
    <p>业内人士认为，新车的定价将对同级别燃油车形成一定竞争压力，市场反应有待观察。</p>
    </div></body></html>"""
    page = clean_page(html.encode("utf-8"), "html", url="https://finance.sina.com.cn/a/3.shtml")
    assert page.extractor == "profile:sina-article"     # the profile path filters its container's blocks
    assert page.body.startswith("本报讯 记者昨日获悉，某汽车公司在发布会上推出三款新车")
    assert "直播：新车发布会全程回顾" not in page.body and "相关新闻" not in page.body


@pytest.mark.parametrize("line, chrome_line", [
    ("自动播放 园区新品发布会精彩回顾", True),      # a video player's label above the article
    ("视频加载中...", True),
    ("自动播放功能是视频网站普遍采用的设计，引发不少用户投诉。", False),   # prose about it
])
def test_video_player_labels_are_interface_lines(line, chrome_line):
    from pipeline.clean.chrome_lines import is_interface_line

    assert is_interface_line(line) is chrome_line


def test_a_page_that_never_closes_its_tags_keeps_all_its_text():
    # Old CMS templates leave <p><font> open: 600 paragraphs nest 1,200 deep, past libxml2's default limit.
    paragraphs = [f"第{i}段：今年以来，全县五金企业新增订单{i}万元，同比增长百分之八。" for i in range(600)]
    html = "<html><body><h1>某县五金产业集群发展迅速</h1>" + "".join(f"<p><font>{p}" for p in paragraphs) + "</body></html>"
    page = clean_page(html.encode("utf-8"), "html")
    assert page.body.split("\n") == paragraphs


def test_a_few_stray_nul_bytes_do_not_make_a_page_binary():
    text = ("某市新闻网\n首页 | 新闻\n据统计\x00，今年前三季度全市新增规模以上工业企业达到3000家，同比增长百分之十二。\n"
            "全市工业投资保持较快增长，其中制造业投资增长百分之十五，高技术制造业投资增长百分之二十。\n")
    page = clean_page(text.encode("utf-8"), "text")
    assert page.body.startswith("据统计，今年前三季度")            # the NUL dropped, the page kept
    with pytest.raises(CleanError, match="binary"):
        clean_page(text.encode("utf-8") + b"\x00" * 40, "text")   # many NULs: still not a text page


# --- pathological markup: deep nesting, absurd tags ------------------------------------

DEEP_BODY = "<p>今年全市集成电路产业集群营业收入达到一千二百亿元，同比增长百分之十五，企业数量持续增加。</p>" * 4


@pytest.mark.parametrize("depth, tag", [(2500, "div"), (6000, "font")])
def test_text_nested_thousands_of_levels_deep_is_kept(depth, tag):
    page = ("<html><head><title>集群营收新高</title></head><body><div class=nav><a href='/'>首页</a></div>"
            + f"<{tag}>" * depth + DEEP_BODY + f"</{tag}>" * depth + "</body></html>").encode()
    cleaned = clean_page(page, "html")
    assert cleaned.title == "集群营收新高"
    assert cleaned.body.count("一千二百亿元") == 4 and "首页" not in cleaned.body


def test_a_tag_with_200000_attributes_parses_in_bounded_time():
    import time

    attributes = " ".join(f'data-x{i}="v"' for i in range(200_000))
    page = f"<html><body><div {attributes}>{DEEP_BODY}</div></body></html>".encode()
    started = time.perf_counter()
    cleaned = clean_page(page, "html")
    assert time.perf_counter() - started < 10       # was two minutes (libxml2 compares every pair)
    assert cleaned.body.count("一千二百亿元") == 4


def test_article_resumes_after_an_inset_reading_box():
    """A 推荐阅读 box set between two of the article's paragraphs (its own table of links) is
    dropped and the paragraphs after it stay; a related list closing the article is not crossed."""
    para = "<p>　　{}，记者走访了多家企业，了解到今年以来订单稳步增长，用工需求明显回升，企业普遍看好后市。</p>"
    html = ("<html><body><div class='nav'><a href='/'>首页</a></div><div id='art'><h1>园区企业订单回暖</h1>"
            + "".join(para.format(f"第{n}段") for n in "一二三")
            + "<table><tr><td><b>推荐阅读</b></td><td><a href='/x1'>2005年股市展望系列沙龙</a></td>"
              "<td><a href='/x2'>聚焦第一次经济普查</a></td></tr></table>"
            + "".join(para.format(f"第{n}段") for n in "四五")
            + "</div><div class='rel'><p>相关报道：</p><p><a href='/r1'>另一篇文章的标题</a></p>"
              "<p>网友留言：这是一条很长的评论，说的是别的事情，和这篇文章没有关系，不应进入正文。</p></div>"
              "</body></html>")
    page = clean_page(html.encode("utf-8"), "html")
    assert "第五段" in page.body and "第一段" in page.body
    assert "推荐阅读" not in page.body and "股市展望" not in page.body
    assert "网友留言" not in page.body and "相关报道" not in page.body
