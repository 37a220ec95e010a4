"""Page text (a browser's select-all copy): written fixtures in the NetEase and portal styles."""
from pathlib import Path

from pipeline.clean import clean_page
from pipeline.clean.from_pagetext import is_token_menu

FIXTURES = Path(__file__).parent / "fixtures"


def test_netease_style_page_text():
    page = clean_page((FIXTURES / "netease_style.txt").read_bytes(), "text")
    assert page.extractor == "pagetext"
    assert page.title == "县域特色产业集群加快成长"
    lines = page.body.split("\n")
    assert lines[0].startswith("近年来，我省县域经济发展势头强劲")
    assert "集群发展见成效" in lines                       # subheading inside the article stays
    assert lines[-1] == "(文/本报记者 张明 南京报道)"      # closing byline stays
    for chrome in ("网易首页", "分享至", "相关推荐", "热点推荐", "推荐新闻", "推荐号", "头条要闻", "关怀版"):
        assert chrome not in page.body
    assert page.published_at == ""                          # related-list times are not this article's
    assert page.author == "张明"


def test_portal_style_page_text():
    page = clean_page((FIXTURES / "portal_style.txt").read_bytes(), "text")
    assert page.title == "湖边步道改造完成 市民晨练有了好去处"
    assert page.published_at == "2023-05-06T18:57"
    assert page.source == "样例晚报"
    assert page.body.split("\n") == [
        "经过三个月施工，市中心湖边步道改造工程日前完工，新步道全长六公里。",
        "清晨六点，步道上已经有不少跑步和散步的市民。“路面软了，膝盖舒服多了。”跑步爱好者小周说。",
        "据介绍，步道沿线还新增了二十处休息座椅和四座公共卫生间。",
        "责任编辑：陈晨",
    ]


def test_date_split_over_two_lines_after_body():
    text = "\n".join(["首页", "资讯", "行业", "机床产业集群入选国家名单",
                      "本市机床产业集群日前跻身国家级集群培育目录，是全省第三个获此认定的集群。",
                      "入选集群将获得专项资金支持，用于公共服务平台建设。",
                      "2021-03-24", "09:51:34", "分享", "上一篇：某某新闻", "下一篇：另一条新闻"])
    page = clean_page(text.encode(), "text")
    assert page.published_at == "2021-03-24T09:51:34"
    assert page.title == "机床产业集群入选国家名单"
    assert "上一篇" not in page.body and "分享" not in page.body


def test_token_menu_lines():
    assert is_token_menu("缩小字体 放大字体 收藏 微博 微信 分享 106")
    assert not is_token_menu("清晨六点，步道上已经有不少跑步和散步的市民。")


def test_related_list_times_are_not_the_articles_even_without_a_heading():
    # The list after the body has no "相关推荐" heading: its timestamps must still not become the
    # article's time, and a date inside a sentence of the body is not a dateline either.
    page = clean_page((FIXTURES / "related_list_without_heading.txt").read_bytes(), "text")
    assert page.title == "河谷小镇建成首个共享农机站"
    assert page.published_at == ""
    assert page.body.endswith("(记者 王小河 报道)")
    for chrome in ("秋收时节", "田野观察", "老街改造", "2024-04-16", "分享至"):
        assert chrome not in page.body


def test_dateline_printed_above_the_headline():
    page = clean_page((FIXTURES / "dateline_above_headline.txt").read_bytes(), "text")
    assert page.title == "四家企业获评省级绿色工厂"
    assert page.published_at == "2023-10-12"
    assert page.body.startswith("日前，省生态环境部门发布")
    assert "样例资讯" not in page.body and "相关文章" not in page.body


def test_headline_as_first_line_of_the_page():
    text = "\n".join(["港区新建冷链仓库投入使用",
                      "港区新建的冷链仓库本周投入使用，库容三万吨，可同时存放冻品和果蔬。",
                      "仓库配有自动分拣线，进出库效率比原来提高一倍，港区物流公司负责人介绍说。",
                      "(来源于港区日报)", "责任编辑:林木"])
    page = clean_page(text.encode(), "text")
    assert page.title == "港区新建冷链仓库投入使用"
    assert page.body.split("\n") == [
        "港区新建的冷链仓库本周投入使用，库容三万吨，可同时存放冻品和果蔬。",
        "仓库配有自动分拣线，进出库效率比原来提高一倍，港区物流公司负责人介绍说。",
        "(来源于港区日报)", "责任编辑:林木"]
    assert page.published_at == ""


def test_template_lines_under_the_article_are_dropped_but_not_a_code_inside_it():
    text = "\n".join([
        "首页 | 新闻 | 财经 | 科技", "智能网联汽车测试道路再扩容", "2024年03月08日 09:30 某某日报",
        "记者从市交通运输局获悉，本市新开放测试道路一百二十公里，覆盖三个区。",
        "有意参与测试的企业，可扫描二维码关注“某市交通”公众号，在线提交申请材料。",
        "按照计划，年底前全市测试道路总里程将超过五百公里，测试场景也将增加夜间和雨天。",
        "文章关键词： 智能网联 测试道路",
        "更多资讯！欢迎扫描下方二维码关注某某日报官方微信（moumou-daily）",
        "我要反馈",
        "36条评论|2,045人参与网友评论",
        "热心网友：支持！",
    ])
    page = clean_page(text.encode("utf-8"), "text")
    lines = page.body.split("\n")
    assert lines[-1].startswith("按照计划，年底前全市测试道路")
    assert any(line.startswith("有意参与测试的企业，可扫描二维码") for line in lines)   # inside the article: kept
    for chrome in ("关键词", "官方微信", "我要反馈", "人参与", "热心网友"):
        assert chrome not in page.body


def test_table_announced_by_the_text_is_the_articles_body_cell_by_cell():
    # A notice whose list of winners is a table copied one cell per line: the short lines and bare row
    # numbers look like a link list, but the sentence above announces them and 序号 opens them.
    rows = ["序号", "企业名称", "所在县", "1", "青山机械有限公司", "甲县", "2", "绿水纺织有限公司", "乙县"]
    text = "\n".join(["首页 > 通知公告", "关于公布第二批专精特新中小企业名单的通知", "发布时间：2025-03-02",
                      "经企业申报、县级推荐和专家评审，现将第二批专精特新中小企业名单公布如下：",
                      *rows,
                      "请各县认真做好后续培育工作，推动企业持续提升创新能力和市场竞争力。",
                      "相关推荐", "春季招聘会本周六举行", "城区道路改造完工"])
    page = clean_page(text.encode("utf-8"), "text")
    lines = page.body.split("\n")
    assert lines[1:1 + len(rows)] == rows
    assert lines[-1].startswith("请各县认真做好后续培育工作")
    assert "春季招聘会本周六举行" not in page.body


def test_short_lines_without_an_announcing_sentence_stay_out():
    text = "\n".join(["首页 > 新闻", "湖边步道改造完成", "发布时间：2025-03-02",
                      "经过三个月施工，市中心湖边步道改造工程日前完工，新步道全长六公里，沿线新增休息座椅。",
                      "清晨六点，步道上已经有不少跑步和散步的市民，不少人说路面软了，膝盖舒服多了。",
                      "序号", "热门文章", "1", "春季招聘会本周六举行", "2", "城区道路改造完工"])
    page = clean_page(text.encode("utf-8"), "text")
    assert "热门文章" not in page.body and "春季招聘会" not in page.body


def test_table_whose_header_is_a_name_column_is_the_articles_body():
    rows = ["企业名称", "所在县", "青山机械有限公司", "甲县", "绿水纺织有限公司", "乙县"]
    text = "\n".join(["关于公布第二批专精特新中小企业名单的通知", "发布时间：2025-03-02",
                      "经企业申报、县级推荐和专家评审，现将第二批专精特新中小企业名单公布如下：",
                      *rows, "请各县认真做好后续培育工作，推动企业持续提升创新能力和市场竞争力。"])
    lines = clean_page(text.encode("utf-8"), "text").body.split("\n")
    assert lines[1:1 + len(rows)] == rows


def test_a_notices_signature_under_it_is_the_articles():
    text = "\n".join(["关于公布第二批专精特新中小企业名单的通知", "发布时间：2025-03-02",
                      "经企业申报、县级推荐和专家评审，现将第二批专精特新中小企业名单予以公布，请各县认真做好后续培育工作。",
                      "请各县推动企业持续提升创新能力和市场竞争力，加快成长为行业领军企业。",
                      "青山市工业和信息化局", "2025年3月2日", "相关推荐", "春季招聘会本周六举行"])
    lines = clean_page(text.encode("utf-8"), "text").body.split("\n")
    assert lines[-2:] == ["青山市工业和信息化局", "2025年3月2日"]


WIKI_TEXT = "\n".join(f"李明远（1970年5月{d}日－），某地人，工程师，曾主持第{n}项水利工程的设计与建设，获得多项国家级奖励，"
                      f"其设计的大坝在防洪、灌溉和发电方面发挥了重要作用。" for d, n in ((1, "一"), (2, "二"), (3, "三")))


def test_a_wikis_article_name_over_its_tagline_is_the_title():
    """A wiki copy opens with its window title or its heading over the site's tagline; the name,
    printed again over the infobox, is the title, not the tagline or the skip links."""
    tops = ["李明远 - 维基百科，自由的百科全书\n李明远\n维基百科，自由的百科全书\n跳到导航 跳到搜索\n",
            "李明远\n维基百科，自由的百科全书\n跳到导航 跳到搜索\n",
            "李明远 - 维基百科，自由的百科全书\n跳到导航 跳到搜索\n李明远\n"]
    for top in tops:
        page = clean_page((top + WIKI_TEXT + "\n李明远\n" + WIKI_TEXT + "\n").encode(), "text")
        assert page.title == "李明远", top
        assert "自由的百科全书" not in page.body


def test_a_tagline_line_does_not_replace_a_headline_naming_the_article():
    text = ("城南区新建三所小学\n某某网，网上的城南日报\n城南区新建三所小学\n2023-09-01 08:00 来源：城南日报\n"
            + "\n".join(f"今年秋季学期，城南区新建的第{n}所小学正式投入使用，新增学位两千余个，缓解了片区入学压力，"
                        f"家长们纷纷表示孩子上学更方便了。" for n in "一二三"))
    page = clean_page(text.encode(), "text")
    assert page.title == "城南区新建三所小学"
