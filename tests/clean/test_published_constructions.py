"""The publication time on pages written for these tests: each construction a template uses to
state it (meta tags, JSON-LD, <time>, bylines, labelled lines, English datelines, URL paths,
script variables and Unix times), as HTML and as copied page text."""
from __future__ import annotations

import pytest

from pipeline.clean import clean_page
from pipeline.clean.metadata import epoch_datetime, machine_datetime

BODY = ("<p>记者从市工信局获悉，今年以来全市规上工业增加值同比增长百分之六，新签约项目数量创下历史新高。</p>"
        "<p>业内人士认为，产业集群的带动作用正在持续显现，更多企业正在加快布局。</p>"
        "<p>下一步，该市将继续优化营商环境，推动重点项目尽快落地投产。</p>")


def html(head: str = "", header: str = "", after: str = "") -> bytes:
    return (f"<html><head><title>某市工业经济稳中向好_某某网</title>{head}</head><body>"
            f"<div class='nav'><a href='/'>首页</a></div><h1>某市工业经济稳中向好</h1>{header}"
            f"<div class='article'>{BODY}</div>{after}<div class='footer'>版权所有 某某网</div></body></html>").encode()


@pytest.mark.parametrize("head, header, iso", [
    ('<meta property="article:published_time" content="2023-06-08T09:15:32+08:00">', "", "2023-06-08T09:15:32"),
    ('<meta name="published" content="2023-06-08 09:15:32">', "", "2023-06-08T09:15:32"),
    ('<meta property="og:time" content="2023-06-08 09:15:32">', "", "2023-06-08T09:15:32"),
    ('<meta itemprop="datePublished" content="2023-06-08T09:15:32+08:00">', "", "2023-06-08T09:15:32"),
    ('<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle",'
     '"datePublished":"2023-06-08T09:15:32+08:00","dateModified":"2023-06-09T10:00:00+08:00"}]}</script>', "",
     "2023-06-08T09:15:32"),
    ("", '<time datetime="2023-06-08T09:15:32+08:00">6月8日 09:15</time>', "2023-06-08T09:15:32"),
    ("", '<div class="info">2023-06-08 09:15 来源：某某日报</div>', "2023-06-08T09:15"),
    ("", '<div class="info">发布时间：2023年06月08日 09:15:32</div>', "2023-06-08T09:15:32"),
    ("", '<div class="info">发稿时间：2023-06-08 09:15</div>', "2023-06-08T09:15"),
    ("", '<div class="info">时间：2023-06-08 09:15:32 作者：张三 来源：某某网</div>', "2023-06-08T09:15:32"),
    ("", '<div class="info">2023年6月8日 星期四 09:15</div>', "2023-06-08T09:15"),
    ("", '<div class="info">二〇二三年六月八日</div>', "2023-06-08"),
    # An English dateline is the template's, not the body's first paragraph.
    ("", '<div class="info">June 8, 2023 9:15 AM</div>', "2023-06-08T09:15"),
    ("", '<div class="info">Thursday, June 8, 2023</div>', "2023-06-08"),
    ('<link rel="canonical" href="https://news.example.cn/2023-06/08/c_123.htm">', "", "2023-06-08"),
    ('<link rel="canonical" href="https://www.example.gov.cn/art/t20230608_123.html">', "", "2023-06-08"),
    # Script variables, and Unix times read as Beijing time (WeChat's var ct, a JSON field in ms).
    ('<script>window.DATA = {"title":"x","pubtime":"2023-06-08 09:15:32"};</script>', "", "2023-06-08T09:15:32"),
    ("<script>var createTime = '2023-06-08 09:15';</script>", "", "2023-06-08T09:15"),
    ('<script>var ct = "1686186932";</script>', "", "2023-06-08T09:15:32"),
    ('<script>var data = {"publishTime": 1686186932000};</script>', "", "2023-06-08T09:15:32"),
    # The seconds a script states for the minute the page shows.
    ('<script>var pubtime = "2023-06-08 09:15:32";</script>', '<div class="info">2023-06-08 09:15 来源：某某网</div>',
     "2023-06-08T09:15:32"),
    # A day without a year states no publication date.
    ("", '<div class="info">发布时间：06-08 09:15</div>', ""),
])
def test_html_publication_time(head, header, iso):
    page = clean_page(html(head, header), "html")
    assert page.published_at == iso
    assert page.body.startswith("记者从市工信局获悉")


def test_a_script_time_of_another_minute_adds_nothing():
    page = clean_page(html('<script>var pubtime = "2023-06-08 11:40:05";</script>',
                           '<div class="info">2023-06-08 09:15 来源：某某网</div>'), "html")
    assert page.published_at == "2023-06-08T09:15"


def test_unix_times():
    assert epoch_datetime("1686186932") == "2023-06-08T09:15:32"
    assert epoch_datetime("1686186932000") == "2023-06-08T09:15:32"
    assert epoch_datetime("12345") == "" and epoch_datetime("9999999999") == ""
    assert machine_datetime("1686186932") == "2023-06-08T09:15:32"
    assert machine_datetime("2022-02-06T12:48:06+00:00") == "2022-02-06T12:48:06+00:00"


BODY_LINES = ["记者从市工信局获悉，今年以来全市规上工业增加值同比增长百分之六，新签约项目数量创下历史新高。",
              "业内人士认为，产业集群的带动作用正在持续显现，更多企业正在加快布局。",
              "下一步，该市将继续优化营商环境，推动重点项目尽快落地投产。"]


def text(header=(), after=(), above=()) -> bytes:
    lines = ["某某网", "首页 | 新闻 | 财经 | 科技", *above, "某市工业经济稳中向好", *header, *BODY_LINES, *after,
             "相关新闻", "版权所有 某某网 京ICP备12345678号"]
    return "\n".join(lines).encode()


@pytest.mark.parametrize("header, after, above, iso", [
    (["2023-06-08 09:15:32　来源: 某某日报"], [], [], "2023-06-08T09:15:32"),
    (["来源：某某日报　　2023-06-08 09:15"], [], [], "2023-06-08T09:15"),
    (["作者：张三　来源：某某网　时间：2023-06-08 09:15"], [], [], "2023-06-08T09:15"),
    (["2023-06-08", "09:15", "来源：某某网"], [], [], "2023-06-08T09:15"),
    (["2023年06月08日09时15分 来源：某某网"], [], [], "2023-06-08T09:15"),
    (["June 8, 2023 9:15 AM"], [], [], "2023-06-08T09:15"),
    (["2023-06-08T09:15:32+08:00"], [], [], "2023-06-08T09:15:32"),
    (["更新时间：2023-06-09 10:00 发布时间：2023-06-08 09:15"], [], [], "2023-06-08T09:15"),
    ([], ["发布日期：2023-06-08"], [], "2023-06-08"),
    ([], [], ["2023-06-08 09:15"], "2023-06-08T09:15"),
    (["发布时间：06-08 09:15"], [], [], ""),
])
def test_page_text_publication_time(header, after, above, iso):
    page = clean_page(text(header, after, above), "text")
    assert page.published_at == iso
    assert page.title == "某市工业经济稳中向好"


def test_seconds_from_the_markup_of_the_same_minute_only():
    from pipeline.clean.metadata import with_seconds_from_markup

    assert with_seconds_from_markup("2023-06-08T09:15", 'x <span data-t="2023-06-08T09:15:32">') == "2023-06-08T09:15:32"
    assert with_seconds_from_markup("2023-06-08T09:15", "var t='2023-06-08 09:15:07';") == "2023-06-08T09:15:07"
    assert with_seconds_from_markup("2023-06-08T09:15", "2023-06-08 09:16:32 2023-06-08 09:15:321") == "2023-06-08T09:15"


@pytest.mark.parametrize("header, iso", [
    # A blog's hAtom entry date, a Blogger footer (the time is in the title), a CMS's RDFa date.
    ('<div class="post-info">发表于 <abbr class="published" title="2023-06-08T09:15:32+08:00">6月8日</abbr></div>',
     "2023-06-08T09:15:32"),
    ('<div class="post-footer">posted by 张三 at <abbr class="published" itemprop="datePublished" '
     'title="2023-06-08T09:15:00+08:00">9:15 AM</abbr></div>', "2023-06-08T09:15:00"),
    ('<span property="dc:date dc:created" content="2023-06-08T09:15:32+08:00" datatype="xsd:dateTime">'
     '周四, 06/08/2023 - 09:15</span>', "2023-06-08T09:15:32"),
    # A weekday after a comma; the year printed apart from the day.
    ('<div class="info">2023年06月08日，星期四</div>', "2023-06-08"),
    ('<div class="header-time"><span class="year"><em> 2023</em></span><span class="day"><em> 06</em>/<em>08</em>'
     '</span><span class="time"> 09:15:32</span></div>', "2023-06-08T09:15:32"),
])
def test_html_publication_time_in_microformats_and_split_datelines(header, iso):
    page = clean_page(html("", header), "html")
    assert page.published_at == iso
    assert page.body.startswith("记者从市工信局获悉")


# --- the last resort: htmldate, for a page nothing of ours dates ------------------------------

@pytest.mark.parametrize("content, iso", [
    ("2023-06-08T09:15:32+08:00", "2023-06-08T09:15:32"),
    ("2023-06-08", "2023-06-08"),           # no time read: the day alone, not midnight
])
def test_a_page_only_its_updated_time_dates_is_dated_by_htmldate(content, iso):
    pytest.importorskip("htmldate")
    page = html(head=f'<meta property="og:updated_time" content="{content}">')
    assert clean_page(page, "html").published_at == iso


def test_a_page_nothing_dates_stays_undated():
    assert clean_page(html(), "html").published_at == ""


def test_htmldate_is_asked_only_when_our_readings_find_nothing(monkeypatch):
    import htmldate

    asked = []
    monkeypatch.setattr(htmldate, "find_date", lambda *a, **k: asked.append(1) or "1999-01-01T08:30:00")
    assert clean_page(html(header='<div class="info">发布时间：2023-06-08 09:15</div>'), "html").published_at \
        == "2023-06-08T09:15"
    assert asked == []
    assert clean_page(html(), "html").published_at == "1999-01-01T08:30:00" and asked == [1]


@pytest.mark.parametrize("failure", [ValueError("odd markup"), RecursionError()])
def test_an_htmldate_failure_costs_the_date_not_the_page(monkeypatch, failure):
    import htmldate

    def broken(*args, **kwargs):
        raise failure

    monkeypatch.setattr(htmldate, "find_date", broken)
    page = clean_page(html(), "html")
    assert page.published_at == "" and "产业集群的带动作用" in page.body


def test_without_htmldate_the_page_stays_undated(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "htmldate", None)      # import htmldate raises ImportError
    assert clean_page(html(head='<meta property="og:updated_time" content="2023-06-08">'), "html").published_at == ""
