"""Cluster constructions issue 17's unseen articles wrote and the rules missed: a region with the word
for its kind of area (北部湾经济区), short forms of a fuller name (顺德家电集群, 北部湾集群), a zone's
brand then its cluster through 其, a bare name in an article whose place is certain, an organisation
named after a cluster. Paragraphs written for these tests (never corpus text); each construction has
variants with other places, industries and word order than the rule examples.
"""
from __future__ import annotations

import pytest

from pipeline import extract


def norm(name: str) -> str:
    return name.replace("（", "(").replace("）", ")").replace("市", "").replace("产业", "")


def canonicals(text: str, title: str | None = None) -> set[str]:
    return {norm(c.canonical) for c in extract(text, title=title).clusters}


def names(text: str, title: str | None = None) -> set[tuple[str, str]]:
    return {(c.name, norm(c.canonical)) for c in extract(text, title=title).clusters}


# (id, title, paragraph, expected canonical names)
PARAGRAPHS = [
    ("region_with_its_kind_of_area", None,
     "自治区提出，推动北部湾经济区的电子信息产业集群和长江经济带的船舶产业集群协同发展。",
     {"北部湾经济区电子信息集群", "长江经济带船舶集群"}),
    ("city_group_keeps_its_market_word", None,
     "关中平原城市群的航空产业集群表现突出。",
     {"关中平原城市群航空集群"}),
    ("district_short_with_bare_cluster", "江门蓬江摩托车产业发展",
     "江门市蓬江区加快发展。蓬江摩托车集群去年产量增长。",
     {"蓬江摩托车集群"}),
    ("district_short_without_the_full_place_is_uncertain", None,
     "记者获悉，蓬江摩托车集群去年产量增长。",
     set()),
    ("county_short_form_of_a_fuller_name", "浙江慈溪：家电产业集群加速升级",
     "宁波市慈溪市智能家电产业集群促进中心近日成立，慈溪家电产业集群有企业万余家。",
     {"宁波慈溪智能家电集群"}),
    ("zone_brand_then_its_cluster_through_qi", None,
     "宿迁高新区被称为“中国酒都”，其白酒产业集群产值突破三百亿元。",
     {"宿迁高新区白酒集群"}),
    ("zone_brand_then_its_cluster_in_the_zone", None,
     "在合肥经开区，这里被誉为“中国家电之都”，区内家电产业集群规模突破两千亿元。",
     {"合肥经开区家电集群"}),
    ("work_report_names_without_a_place", "2024年株洲市政府工作报告",
     "2024年，我们将聚力打造现代产业体系：做大轨道交通装备产业集群，培育中小航空发动机产业集群。",
     {"株洲轨道交通装备集群", "株洲中小航空发动机集群"}),
    ("bare_names_after_plan_verbs_place_from_the_lead", "六安：以工业强市",
     "六安市召开工业大会。会议提出，壮大先进结构材料产业集群，加快培育绿色食品产业集群。",
     {"六安先进结构材料集群", "六安绿色食品集群"}),
    ("bare_name_place_from_the_dateline", None,
     "新华社西宁3月2日电 记者从当地获悉，盐湖化工产业集群今年计划投资百亿元。",
     {"西宁盐湖化工集群"}),
    ("bare_names_need_a_certain_place", None,
     "会议提出，壮大先进结构材料产业集群，加快培育绿色食品产业集群。",
     set()),
    ("bare_generic_names_stay_out", "2024年株洲市政府工作报告",
     "2024年，我们将做强先进制造业集群，培育数字产业集群，实施产业集群发展专项行动，壮大以下产业集群。",
     set()),
    ("this_city_in_the_sentence_needs_a_city", "湖南省政府工作报告",
     "报告指出，全市工业投资增长12%，新材料产业集群入选国家级名单。",
     set()),
    ("organisation_of_a_multi_city_cluster", None,
     "江苏省南通市、泰州市、扬州市海工装备和高技术船舶集群入选国家名单。南通市海工装备产业集群促进中心主任表示，将加强协同。",
     {"通泰扬海工装备和高技术船舶集群"}),
    ("organisation_says_which_cluster_it_serves", None,
     "作为长三角生物医药产业集群的促进机构，上海市生物医药产业集群促进中心今年将组织多场活动。",
     {"长三角生物医药集群"}),
    ("province_organisation_of_another_industry_stays_its_own", None,
     "湖北省襄阳市新能源汽车产业集群入选。湖北省汽车产业集群促进会会长表示，将推动协同。",
     {"襄阳新能源汽车集群", "湖北汽车集群"}),
]


@pytest.mark.parametrize("title,text,expected", [p[1:] for p in PARAGRAPHS], ids=[p[0] for p in PARAGRAPHS])
def test_short_forms_and_article_places(title, text, expected):
    assert canonicals(text, title) == {norm(e) for e in expected}


def test_short_form_is_a_mention_of_the_fuller_name():
    text = "佛山市南海区铝型材产业集群促进中心揭牌。南海铝材集群去年产值增长一成。"
    assert names(text) == {("佛山市南海区铝型材产业集群", "佛山南海区铝型材集群"),
                           ("南海铝材集群", "佛山南海区铝型材集群")}


def test_an_industry_ending_a_longer_one_is_another_cluster():
    # 汽车 ends 新能源汽车: 随州汽车集群 is not a short form of 随州新能源汽车集群 (a body of it is its own)
    text = "湖北省随州市新能源汽车产业集群加快发展。随州市汽车产业集群促进会同日成立。"
    assert canonicals(text) == {"随州新能源汽车集群", "随州汽车集群"}


def test_place_alone_is_the_one_cluster_named_with_that_place():
    text = "天津市滨海新区信创产业集群去年营收增长。滨海新区集群的企业数量已超千家。"
    assert names(text) == {("天津市滨海新区信创产业集群", "天津滨海新区信创集群"), ("滨海新区集群", "天津滨海新区信创集群")}
    # two clusters of the place: the place alone names neither
    text = "湖州市绿色家居产业集群和湖州市新能源汽车产业集群都在扩容，湖州集群的出口占比达四成。"
    assert {n for n, _ in names(text)} == {"湖州市绿色家居产业集群", "湖州市新能源汽车产业集群"}
    # a place alone inside a longer word is no mention
    text = "湖州市绿色家居产业集群去年营收增长，环湖州集群的配套企业也在增加。"
    assert {n for n, _ in names(text)} == {"湖州市绿色家居产业集群"}


# Tables and lists copied without numbers (rows of names): each row one cluster.
TABLES = [
    ("rows_name_then_place_no_numbers", "黄石市重点产业集群发展情况",
     "黄石市加快发展。\n集群名称\t所在地\n模具产业集群\t大冶市\n电子电路产业集群\t黄石市",
     {"大冶模具集群", "黄石电子电路集群"}),
    ("rows_name_then_place_no_header", None,
     "锂电产业集群 枣庄市\n机床产业集群 滕州市",
     {"枣庄锂电集群", "滕州机床集群"}),
    ("lines_of_names_under_a_heading", None,
     "宜春市提出重点培育以下集群：\n锂电新能源产业集群\n生物医药产业集群\n先进制造业集群",
     {"宜春锂电新能源集群", "宜春生物医药集群"}),
    ("lines_of_names_without_any_place", None,
     "专家建议重点培育以下集群：\n氢能装备产业集群\n生物制造产业集群",
     set()),
]


@pytest.mark.parametrize("title,text,expected", [p[1:] for p in TABLES], ids=[p[0] for p in TABLES])
def test_rows_without_numbers(title, text, expected):
    assert canonicals(text, title) == {norm(e) for e in expected}


# Whole names joined after a name with a place: they take that place.
JOINED = [
    ("later_names_take_the_first_place", None,
     "合肥市新型显示产业集群、集成电路产业集群和人工智能产业集群均入选国家级名单。",
     {"合肥新型显示集群", "合肥集成电路集群", "合肥人工智能集群"}),
    ("a_later_name_with_its_own_place_keeps_it", None,
     "嘉兴市集成电路产业集群和舟山市绿色石化产业集群同时入选。",
     {"嘉兴集成电路集群", "舟山绿色石化集群"}),
    ("abbreviations_are_places_of_their_own", None,
     "推动长株潭先进储能材料产业集群和呼包鄂稀土新材料产业集群协同发展。",
     {"长株潭先进储能材料集群", "呼包鄂稀土新材料集群"}),
    ("generic_later_names_stay_out", None,
     "泉州市鞋服产业集群和数字产业集群建设提速。",
     {"泉州鞋服集群"}),
    ("places_listed_as_some_of_them", None,
     "温州、台州等地的汽摩配产业集群加快转型。",
     {"温州汽摩配集群", "台州汽摩配集群"}),
]


@pytest.mark.parametrize("title,text,expected", [p[1:] for p in JOINED], ids=[p[0] for p in JOINED])
def test_names_joined_after_a_placed_name(title, text, expected):
    assert canonicals(text, title) == {norm(e) for e in expected}


def test_a_row_without_a_place_among_placed_rows_keeps_its_own_name():
    # 白沟 is a town the place data lacks: the row is no cluster of the article's lead place
    text = "1. 绍兴市现代纺织产业集群\n2. 湖州市绿色家居产业集群\n3. 白沟箱包产业集群"
    assert canonicals(text, "第二批名单") == {"绍兴现代纺织集群", "湖州绿色家居集群", "白沟箱包集群"}
    text = "南安石材产业集群\n德化陶瓷产业集群\n白沟箱包产业集群"
    assert canonicals(text, "名单") == {"南安石材集群", "德化陶瓷集群", "白沟箱包集群"}
    # a heading with one place still places the rows without one
    text = "绍兴市重点培育以下集群：\n1. 现代纺织产业集群\n2. 柯桥区印染产业集群"
    assert canonicals(text) == {"绍兴现代纺织集群", "柯桥区印染集群"}


def test_industries_counted_without_deng_take_the_articles_place():
    text = "宜宾市政府工作报告发布。报告提出，壮大动力电池、晶硅光伏、数字经济三大产业集群。"
    assert canonicals(text) == {"宜宾动力电池集群", "宜宾晶硅光伏集群", "宜宾数字经济集群"}
    # the count must agree, and the place must be certain
    assert canonicals("宜宾市政府工作报告发布。报告提出，壮大动力电池、晶硅光伏两大产业集群和数字经济。") == \
        {"宜宾动力电池集群", "宜宾晶硅光伏集群"}
    assert canonicals("报告提出，壮大动力电池、晶硅光伏、数字经济三大产业集群。") == set()
    assert canonicals("宜宾市政府工作报告发布。报告提出，壮大动力电池、晶硅光伏四大产业集群。") == set()


def test_a_count_of_districts_is_no_part_of_a_district():
    # 新北 is also a city of the place data: 新北|区两区 must not read as a district of it
    found = canonicals("武进区、新北区两区的新能源产业集群规模均超千亿元。")
    assert "武进区新能源集群" in found and not any("两区" in c for c in found)
