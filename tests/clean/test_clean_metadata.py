"""Page metadata: publication dates in the forms templates print them, headlines among page
furniture, sources and authors that are names. Every page here is written for the test."""
import pytest

from pipeline.clean import chrome_lines as chrome
from pipeline.clean import clean_page
from pipeline.clean.metadata import clean_name, iso_datetime, published_from_note


def text_page(*lines: str):
    return clean_page("\n".join(lines).encode("utf-8"), "text")


def html_page(html: str):
    return clean_page(html.encode("utf-8"), "html")


BODY = ["入夏以来，县里的果园迎来丰收，果农们每天清晨就进园采摘，收购商的货车在村口排起长队。",
        "据县农业部门介绍，今年全县水果种植面积稳定在十二万亩，预计总产量比去年增长一成左右。",
        "为了让鲜果卖得更远，县里新建了三座冷库，并与两家物流企业签订了冷链运输协议。"]


# --- dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, iso", [
    ("发布日期： 7/5/2005 9:23:57 PM", "2005-07-05T21:23:57"),      # a 12-hour clock: month first
    ("发表时间： 06/02/2022 - 13:48", "2022-02-06T13:48"),          # a 24-hour clock: day first
    ("更新于 25/12/2019", "2019-12-25"),                            # 25 can only be the day
    ("12/25/2019 08:00 AM", "2019-12-25T08:00"),
    ("03/04/2021", "2021-04-03"),
    ("2023-06-08-09:15:00", "2023-06-08T09:15:00"),                # a meta tag gluing time with a dash
    ("2023年06月08日 09：15", "2023-06-08T09:15"),
    ("2005-04-03 17:19PM", "2005-04-03T17:19"),                    # a 24-hour time with a stray PM
    ("13/13/2020", ""),
    ("Saturday, September 10th, 2005 10:56 am", "2005-09-10T10:56"),    # blog templates in English
    ("Posted on Mar. 21, 2005 at 11:21 PM", "2005-03-21T23:21"),
    ("Mon, 21 Mar 2005 11:21:00 GMT", "2005-03-21T11:21:00"),
    ("you may 3 2005", ""),                                          # a verb, not a month
])
def test_iso_datetime_forms(text, iso):
    assert iso_datetime(text) == iso


@pytest.mark.parametrize("line, is_dateline", [
    ("本帖由小林于2006年3月2日10:11:12在〖读书沙龙〗发表.", True),     # a post's own line
    ("someone 发表于 2006-3-2 10:11:00", True),
    ("Posted by someone on March 21, 2005 at 11:21 PM", True),
    ("建立于:2004年10月6日", False),                                 # when the blog was opened
    ("今天是2023年6月9日 星期五", False),                             # the banner's date of today
    ("注册时间：2010-01-01", False),
    ("来源：样例日报 | 作者：王五 | 发布时间：2023-06-08 09:15 | 浏览次数：1234 | 字号：大 中 小 | 打印 | 关闭"
     " | 分享到微信朋友圈和微博 | 返回顶部 | 上一篇 | 下一篇", True),  # a long row of fields, labelled
    ("2023年6月8日，县里召开了果品产销对接会，来自全国各地的二十多家采购商到场，签下意向订单三千多吨，金额超过两千万元，"
     "会上还发布了今年的果品质量标准。", False),                     # a sentence that mentions a date
])
def test_datelines(line, is_dateline):
    assert chrome.is_dateline(line) == is_dateline


@pytest.mark.parametrize("lines, iso", [
    (["——《样例月刊》1998年3月号"], "1998-03"),
    (["样例县人民政府", "二〇二三年六月八日"], "2023-06-08"),          # a notice signed in Chinese numerals
    (["二〇二三年十二月三十一日"], "2023-12-31"),
    (["二〇二三年十三月八日"], ""),
    (["（原载《样例评论》2001年第4期）"], "2001"),
    (["摘自《样例周报》2010年5月7日"], "2010-05-07"),
    (["他在《样例月刊》1998年3月号上读到了这篇文章，从此改变了想法，决定回乡创业，这是后来的故事。"], ""),
])
def test_publication_note(lines, iso):
    assert published_from_note(lines) == iso


def test_day_only_dateline_above_takes_the_time_printed_under_the_article():
    page = text_page("首页 > 本地 > 正文", "县里水果丰收 冷链让鲜果走得更远", "2023-07-02 阅读：312 来源:样例日报",
                     *BODY, "标签： 果园 冷链 发布于：2023-07-02 08:45 编辑：小周", "相关阅读", "另一条新闻的标题在这里")
    assert page.published_at == "2023-07-02T08:45"


def test_post_line_under_the_body_dates_the_post():
    page = text_page("[ 回复本帖 ] [ 关闭窗口 ]", "关于果园冷库选址的几点想法", "[ 回复本帖 ] [ 关闭窗口 ]", *BODY,
                     "本帖由老周于2006年8月1日20:05:09在〖农家论坛〗发表.", "郑 重 声 明", "1. 言论纯属个人观点；")
    assert page.title == "关于果园冷库选址的几点想法"
    assert page.published_at == "2006-08-01T20:05:09"


def test_essay_dated_by_its_publication_note():
    page = text_page("果园里的四季", "老周", *BODY, "——《样例月刊》1998年3月号")
    assert page.title == "果园里的四季"
    assert page.published_at == "1998-03"


# --- headlines -----------------------------------------------------------------------------

def test_headline_among_banner_counters_column_tag_and_byline():
    page = text_page("Hi,欢迎来到样例资讯网", "登录 注册", "文章分类:农业 访问量:1203次",
                     "县里水果丰收 冷链让鲜果走得更远", "2023-07-02 09:57 样例资讯网", "分享到", "微信", "微博",
                     "官方微信平台", "【基层走访】", "样例日报记者 王小河 李大江", *BODY)
    assert page.title == "县里水果丰收 冷链让鲜果走得更远"
    assert page.published_at == "2023-07-02T09:57"
    assert page.body.startswith("入夏以来")


def test_headline_is_the_line_a_dateline_follows_not_the_nearest_teaser():
    page = text_page("首页 滚动 国内 国际", "鲜果出村记：一个果农的夏天", "2023-07-02 06:40更新 来源：样例晨报 发表评论",
                     "今", "日", "推", "荐", "老街改造后的第一个周末", "河边新开了一家书店", "十元钱能买到什么？",
                     "城郊公园的夜晚很热闹", *BODY)
    assert page.title == "鲜果出村记：一个果农的夏天"
    assert page.published_at == "2023-07-02T06:40"
    assert page.source == "样例晨报"


def test_labelled_forum_subject_is_the_headline():
    page = text_page("游客 欢迎你！", "首页 > 社区 > 乡村论坛", "主题： 冷库建在村口还是镇上好？",
                     "作者：老周 时间：2023-07-02 19:13:18", *BODY)
    assert page.title == "冷库建在村口还是镇上好？"
    assert page.published_at == "2023-07-02T19:13:18"
    assert page.author == "老周"


def test_post_header_line_holds_the_headline_and_the_date():
    page = text_page("社区首页 > 乡村生活", "某网友", "级别：入门", "积分：235", "我收藏的：图片 音乐",
                     "果园冷库的一次参观记录 2023-07-02 18:04:42 楼主", *BODY)
    assert page.title == "果园冷库的一次参观记录"
    assert page.published_at == "2023-07-02T18:04:42"
    assert page.source == ""                      # "楼主" (the original poster) is no source


def test_subtitle_under_the_headline_is_joined_and_a_crumb_tail_confirms_a_short_headline():
    page = text_page("首页>动态信息>政务动态", "让鲜果走得更远", "——写在全县冷链物流会议召开之际",
                     "样例县政府网站 www.example.gov.cn", "2023-07-02 09:52", "打印本页", *BODY)
    assert page.title == "让鲜果走得更远——写在全县冷链物流会议召开之际"
    assert page.published_at == "2023-07-02T09:52"

    page = text_page("您的位置：主页>专题>果业>第二编 冷链", "产销对接 共赢发展", "*第二编 冷链", "第一章│第二章", *BODY)
    assert page.title == "第二编 冷链"


def test_column_name_before_the_headline_goes_when_a_wire_line_restates_it():
    page = text_page("今日关注:县里水果丰收 冷链让鲜果走得更远", "时间:2023-07-02 06:50:27来源:样例新闻网",
                     "样例社某县7月1日电 题:县里水果丰收 冷链让鲜果走得更远", *BODY)
    assert page.title == "县里水果丰收 冷链让鲜果走得更远"
    assert page.published_at == "2023-07-02T06:50:27"
    assert page.source == "样例新闻网"


def test_author_name_before_the_headline_stays_when_only_the_body_restates_the_bare_title():
    page = text_page("首页", "专栏", "老周：我的果园十年", "作者：老周 来源：样例 发布日期：2023-07-02", "我的果园十年", *BODY)
    assert page.title == "老周：我的果园十年"
    assert page.published_at == "2023-07-02"


def test_tag_before_the_headline_goes_when_the_bare_headline_is_printed_too():
    page = text_page("博客信息", "日志:279", "建立于:2004年10月6日", "[乡土文化]果园里的四季",
                     "someone 发表于 2005-9-15 11:46:00", "果园里的四季", *BODY)
    assert page.title == "果园里的四季"
    assert page.published_at == "2005-09-15T11:46:00"


def test_site_name_glued_to_the_headline_is_dropped():
    page = text_page("县里水果丰收冷链让鲜果走得更远-样例资讯注册", "当前位置: 样例资讯网 >农业 >",
                     "县里水果丰收冷链让鲜果走得更远-样例资讯注册", "时间:2023-07-02 16:26 阅读量:16227", *BODY)
    assert page.title == "县里水果丰收冷链让鲜果走得更远"


def test_english_line_under_a_chinese_headline_is_not_the_headline():
    page = text_page("最新文章", "检索", "投稿须知", "果园冷链物流的问题与对策研究",
                     "Study on Problems and Countermeasures of Cold Chain Logistics in Orchards",
                     "DOI: 10.1234/abc.2018.82002, PDF, HTML, 下载: 1,038 浏览: 6,323", *BODY)
    assert page.title == "果园冷链物流的问题与对策研究"


# --- HTML: a <title> that names no article -------------------------------------------------

def test_html_greeting_title_gives_way_to_the_headline_over_its_dateline():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    page = html_page(f"""<html><head><title>谢谢您访问〖样例中心〗</title></head><body>
        <table><tr><td><a href="/">首页</a></td><td><a href="/a">栏目一</a></td><td><a href="/b">栏目二</a></td></tr></table>
        <div><p>果园里的四季</p><p>作者：老周 来源：样例 发布日期：7/2/2023 9:23:57 PM</p>{paragraphs}</div>
        </body></html>""")
    assert page.title == "果园里的四季"
    assert page.published_at == "2023-07-02T21:23:57"
    assert page.body.split("\n") == BODY


def test_html_labelled_subject_replaces_a_site_name_title():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    page = html_page(f"""<html><head><title>Example.com- 论坛 :: null</title></head><body>
        <table><tr><td>游客 欢迎你！</td></tr><tr><td>首页 &gt; 社区 &gt; 论坛</td></tr>
        <tr><td>主题： 冷库建在村口还是镇上好？</td></tr><tr><td>作者：老周 时间：2023-07-02 19:13:18</td></tr></table>
        <div>{paragraphs}</div></body></html>""")
    assert page.title == "冷库建在村口还是镇上好？"
    assert page.published_at == "2023-07-02T19:13:18"


def test_html_headline_with_double_dash_subtitle_keeps_it():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    page = html_page(f"""<html><head><title>让鲜果走得更远——写在全县冷链物流会议召开之际</title></head><body>
        <div>{paragraphs}</div></body></html>""")
    assert page.title == "让鲜果走得更远——写在全县冷链物流会议召开之际"


def test_html_time_with_seconds_from_meta_completes_the_visible_dateline():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    page = clean_page(f"""<html><head><title>县里水果丰收_样例</title>
        <meta property="article:published_time" content="2023-07-02T18:57:38+08:00"></head><body>
        <div class="post_main"><h1 class="post_title">县里水果丰收</h1>
        <div class="post_info">2023-07-02 18:57 来源: <a id="ne_article_source">样例日报</a></div>
        <div class="post_body"><div class="post_text" id="endText">{paragraphs}</div></div></div></body></html>""".encode(),
        "html", url="https://www.163.com/news/article/X.html")
    assert page.extractor.startswith("profile:")
    assert page.published_at == "2023-07-02T18:57:38"


# --- sources and authors -------------------------------------------------------------------

@pytest.mark.parametrize("value, name", [
    ("人民网2023-03-23", "人民网"), ("2021-05-06 1", ""), ("H", ""), ("转载文章", ""), ("楼主", ""),
    ("今年一季度", ""), ("21世纪经济报道", "21世纪经济报道"), ("《理财周刊》", "理财周刊"),
    ("样例网 编辑：王五", "样例网"), ("本报记者张三", "张三"), ("来源：新华社", "新华社"), ("甲乙、丙丁", "甲乙、丙丁"),
    ("“县里已形成了", ""), ("size=\"20\"", ""), ("http://www.example.com", ""),
    ("样例日报发布", "样例日报"), ("更新", ""), ("样例网 分享", "样例网"),
])
def test_clean_name(value, name):
    assert clean_name(value) == name


def test_interview_question_label_is_not_an_author():
    page = text_page("县长谈冷链：让鲜果走得更远", "时间:2023-07-02 16:26",
                     "记者:今年一季度,县里的冷链项目进展如何?下一步有什么打算?谢谢。", *BODY)
    assert page.author == ""


def test_source_with_a_date_glued_on_is_cut_to_the_name():
    page = text_page("县里水果丰收 冷链让鲜果走得更远", "来源:样例网2023-03-23 09:41", "浏览量:1|| | ||", *BODY)
    assert page.source == "样例网"
    assert page.published_at == "2023-03-23T09:41"


def test_html_site_logo_in_h1_is_not_the_headline():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    page = html_page(f"""<html><head><title>县里水果丰收_样例网</title></head><body><h1>样例网</h1>
        <div class="nav"><a href="/">首页</a><a href="/n">新闻</a></div><div class="title">县里水果丰收</div>
        <div class="info">2023-06-08 09:15 来源：样例日报</div><div>{paragraphs}</div></body></html>""")
    assert page.title == "县里水果丰收"
    assert page.published_at == "2023-06-08T09:15"
    assert page.body.split("\n") == BODY

    # A short headline (a person's name) is the <title>'s first part, and stays one.
    page = html_page(f"""<html><head><title>金锺国 - 样例百科</title></head><body><h1>金锺国</h1>
        <div>{paragraphs}</div></body></html>""")
    assert page.title == "金锺国"


def test_html_dateline_with_its_time_in_a_block_of_its_own_and_far_under_the_headline():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    share = "".join(f"<div><a href='/s{i}'>分享{i}</a></div>" for i in range(14))
    page = html_page(f"""<html><head><title>县里水果丰收 冷链让鲜果走得更远_样例网</title></head><body>
        <h1>县里水果丰收 冷链让鲜果走得更远 <a href="/print">[打印]</a></h1>{share}
        <div>2023-06-08</div><div>09:15</div><div>{paragraphs}</div></body></html>""")
    assert page.title == "县里水果丰收 冷链让鲜果走得更远"
    assert page.published_at == "2023-06-08T09:15"


def test_html_dateline_printed_above_the_headline():
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    page = html_page(f"""<html><head><title>县里水果丰收 冷链让鲜果走得更远_样例网</title></head><body>
        <div class="nav"><a href="/">首页</a> <a href="/n">新闻</a></div><div>样例资讯 2023-06-08</div>
        <h1>县里水果丰收 冷链让鲜果走得更远</h1><div>{paragraphs}</div></body></html>""")
    assert page.published_at == "2023-06-08"


def test_byline_labels_only_where_a_byline_starts():
    from pipeline.clean.metadata import author_from_lines

    assert author_from_lines(["全文/打印"]) == ""
    assert author_from_lines(["样例日报记者：王五"]) == "王五"
    assert author_from_lines(["(文/样例参考报记者 郭小倩 北京报道)"]) == "郭小倩"


def test_without_a_headline_the_nearest_dateline_above_the_body_is_the_articles():
    page = text_page("今天是2023年6月9日 星期五", "首页 新闻 体育 财经 娱乐", "旧闻一则 2019-01-01", "热门 推荐 排行",
                     "2023-06-08 09:15 样例日报", *BODY)
    assert page.title == ""                       # a menu of short words is no headline
    assert page.published_at == "2023-06-08T09:15"


def test_dateline_under_the_article_past_its_tags_and_counters():
    page = text_page("首页", "新闻", "县里水果丰收 冷链让鲜果走得更远", "分享到", *BODY, "标签： 果园 冷链", "阅读量：1203次",
                     "2023-06-08 09:15", "相关新闻", "另一条新闻的标题在这里")
    assert page.published_at == "2023-06-08T09:15"


# --- publication dates: more forms and which date is the article's ------------------------

@pytest.mark.parametrize("text, iso", [
    ("2023年6月8日 (星期四) 09:15", "2023-06-08T09:15"),          # a weekday between date and time
    ("2023年6月8日 星期四 09:15", "2023-06-08T09:15"),
    ("发布时间：２０２３年６月８日　０９：１５", "2023-06-08T09:15"),  # full-width digits
    ("二〇二三年六月八日", "2023-06-08"),                           # Chinese numerals
    ("二〇二三年十二月三十一日", "2023-12-31"),
    ("2023年6月8日 下午 03:15", "2023-06-08T15:15"),                # the half of the day before the time
    ("2023-06-08 PM 3:15", "2023-06-08T15:15"),
    ("2023年6月8日 上午 10:05", "2023-06-08T10:05"),
])
def test_iso_datetime_more_forms(text, iso):
    assert iso_datetime(text) == iso


@pytest.mark.parametrize("line, is_dateline", [
    ("二〇二三年六月八日", True),
    ("发布时间：２０２３－０６－０８　０９：１５", True),
    ("楼主 某某 发表于 2023-6-8 09:15:00 只看该作者 倒序浏览 阅读模式 回复 收藏 分享到朋友圈 复制链接 返回列表 上一主题 下一主题",
     True),                                                        # a long post header: "发表于" labels the date
    ("二〇二三年六月八日，县里召开了果品产销对接会。", False),
])
def test_more_datelines(line, is_dateline):
    assert chrome.is_dateline(line) == is_dateline


def test_line_with_update_and_publication_times_gives_the_publication_time():
    from pipeline.clean.metadata import published_from_lines

    assert published_from_lines(["更新时间：2023-06-09 10:00 发布时间：2023-06-08 09:15"]) == "2023-06-08T09:15"
    assert published_from_lines(["发布时间：2023-06-08 09:15 更新时间：2023-06-09 10:00"]) == "2023-06-08T09:15"


def article_html(head: str = "", header: str = "", footer: str = "", side: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    return (f"<html><head><title>县里果园迎来丰收季_样例新闻网</title>{head}</head><body>"
            f"<div class='nav'><a href='/'>首页</a> <a href='/n'>新闻</a></div>{side}<h1>县里果园迎来丰收季</h1>"
            f"{header}<div class='content'>{paragraphs}</div>{footer}</body></html>")


@pytest.mark.parametrize("head", [
    '<meta name="citation_publication_date" content="2023/06/08">',     # scholarly pages
    '<meta name="createtime" content="2023-06-08">',
    '<script>var publishTime = "2023-06-08";</script>',                  # a portal's script variable
    '<script>window.DATA = {"title": "x", "pubtime": "2023-06-08"};</script>',
])
def test_html_publication_date_from_head_tags_and_scripts(head):
    assert html_page(article_html(head=head)).published_at == "2023-06-08"


def test_html_meta_time_gives_way_to_the_time_the_dateline_shows_on_the_same_day():
    meta = '<meta name="publishdate" content="2023-06-08 11:40:00">'
    page = html_page(article_html(head=meta, header='<div class="info">2023-06-08 09:15 来源：样例日报</div>'))
    assert page.published_at == "2023-06-08T09:15"
    # The dateline's seconds complete the meta tag's minute; another day's dateline changes nothing.
    meta = '<meta name="publishdate" content="2023-06-08 09:15">'
    page = html_page(article_html(head=meta, header='<div class="info">2023-06-08 09:15:42 来源：样例日报</div>'))
    assert page.published_at == "2023-06-08T09:15:42"
    page = html_page(article_html(head=meta, header='<div class="info">2023-06-07 09:00 来源：样例日报</div>'))
    assert page.published_at == "2023-06-08T09:15"


def test_html_time_with_a_foreign_utc_offset_keeps_it_over_the_local_dateline():
    meta = '<meta property="article:published_time" content="2023-06-08T09:15:00+00:00">'
    page = html_page(article_html(head=meta, header='<div class="info">发表时间： 08/06/2023 - 11:15</div>'))
    assert page.published_at == "2023-06-08T09:15:00+00:00"
    meta = '<meta property="article:published_time" content="2023-06-08T09:15:00+08:00">'
    assert html_page(article_html(head=meta)).published_at == "2023-06-08T09:15:00"   # the local zone goes


def test_html_time_element_of_a_sidebar_list_is_not_the_articles():
    side = '<ul class="hot"><li><a href="/a">另一篇文章的标题</a> <time datetime="2023-01-02">01-02</time></li></ul>'
    header = '<div class="info"><time datetime="2023-06-08T09:15">2023-06-08 09:15</time></div>'
    assert html_page(article_html(side=side, header=header)).published_at == "2023-06-08T09:15"


def test_html_wiki_page_is_dated_by_its_last_revision_not_its_creation():
    ld = ('<script type="application/ld+json">{"@type": "Article", "datePublished": "2011-06-17T11:26:10Z",'
          ' "dateModified": "2023-06-08T09:15:00Z"}</script>')
    footer = ('<div id="footer"><ul><li>本页面最后修订于2023年6月8日 (星期四) 09:15。</li>'
              '<li>本站的全部文字在知识共享许可协议之条款下提供。</li></ul></div>')
    assert html_page(article_html(head=ld, footer=footer)).published_at == "2023-06-08T09:15"
    # A news page that shows its publication date keeps it.
    header = '<div class="info">2011-06-17 11:26 来源：样例日报</div>'
    assert html_page(article_html(head=ld, header=header, footer=footer)).published_at.startswith("2011-06-17T11:26")


def test_html_blog_day_heading_takes_the_clock_time_of_the_post_footer():
    side = '<div class="date">2023年6月8日</div>'
    footer = '<div class="post-footer">发表者 某人 于 15:15 | 评论 (0)</div>'
    assert html_page(article_html(side=side, footer=footer)).published_at == "2023-06-08T15:15"


def test_pagetext_wiki_footer_dates_the_page():
    footer = ["本页面最后修订于2023年6月8日 (星期四) 09:15。", "本站的全部文字在知识共享许可协议之条款下提供。",
              "隐私政策", "关于样例百科", "免责声明", "手机版视图", "开发者", "统计"]
    page = text_page("样例百科", "首页 分类 随机条目", "县里果园迎来丰收季", *BODY, "分类：果园", *footer)
    assert page.published_at == "2023-06-08T09:15"


def test_pagetext_dateline_with_weekday_and_full_width_digits():
    page = text_page("样例新闻网", "县里果园迎来丰收季", "2023年6月8日 (星期四) 09:15 来源：样例日报", *BODY)
    assert page.published_at == "2023-06-08T09:15"
    page = text_page("样例新闻网", "县里果园迎来丰收季", "发布时间：２０２３－０６－０８　０９：１５", *BODY)
    assert page.published_at == "2023-06-08T09:15"


def test_a_posts_dateline_under_the_article_leaves_the_body_and_still_dates_it():
    footer = "本贴由小林于2023年6月8日09:15:42在〖果园论坛〗发表."
    page = text_page("样例论坛", "县里果园迎来丰收季", *BODY, footer, "相关帖子", "另一篇帖子的标题在这里")
    assert page.body.splitlines()[-1] == BODY[-1]
    assert page.published_at == "2023-06-08T09:15:42"
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    page = html_page(f"""<html><head><title>县里果园迎来丰收季_样例论坛</title></head><body>
        <h1>县里果园迎来丰收季</h1><div class="post">{paragraphs}<p>{footer}</p></div></body></html>""")
    assert page.body.splitlines()[-1] == BODY[-1]
    assert page.published_at == "2023-06-08T09:15:42"
    # A closing sentence that mentions a date is the article's own.
    last = "2023年6月8日，县里召开了果品产销对接会，来自全国的采购商签下订单，并发表了合作倡议。"
    assert text_page("样例论坛", "县里果园迎来丰收季", *BODY, last).body.splitlines()[-1] == last


def test_seconds_printed_under_the_article_complete_the_minute_of_the_dateline_above():
    footer = '<div class="end">发布时间：2023-06-08 09:15:42</div>'
    page = html_page(article_html(header='<div class="info">2023-06-08 09:15 来源：样例日报</div>', footer=footer))
    assert page.published_at == "2023-06-08T09:15:42"
    page = text_page("样例新闻网", "县里果园迎来丰收季", "2023-06-08 09:15 来源：样例日报", *BODY, "发布时间：2023-06-08 09:15:42")
    assert page.published_at == "2023-06-08T09:15:42"
    # Another time under the article changes nothing.
    page = text_page("样例新闻网", "县里果园迎来丰收季", "2023-06-08 09:15 来源：样例日报", *BODY, "发布时间：2023-06-08 11:40:00")
    assert page.published_at == "2023-06-08T09:15"
