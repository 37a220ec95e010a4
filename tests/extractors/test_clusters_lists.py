"""Clusters named in lists and tables: numbered and lettered items, table rows as the cleaner gives
them (an HTML table's cells one per line; a table copied as page text one row per line), the place
taken from the row, the list's heading or the article. Paragraphs and pages written for these tests
(studied: the list rules were fitted with them in view), never taken from the corpus.
"""
from __future__ import annotations

import pytest

from pipeline import extract
from pipeline.clean import clean_page


def norm(name: str) -> str:
    return name.replace("（", "(").replace("）", ")").replace("市", "").replace("产业", "")


def canonicals(text: str, title: str | None = None) -> set[str]:
    return {norm(c.canonical) for c in extract(text, title=title).clusters}


INTRO = ("近日，有关部门公布了新一批重点培育产业集群名单。入选集群将在资金、人才、用地等方面获得支持，"
         "并接受年度评估，评估结果将作为后续政策支持的重要依据。")
OUTRO = ("有关负责人表示，将建立集群动态评估机制，对入选集群实行有进有出的管理，推动各集群不断提升"
         "发展能级，加快形成一批具有竞争力的产业集群。")


def page(title: str, table: str, before: str = "<p>名单如下：</p>") -> bytes:
    return (f"<html><head><title>{title}_新闻中心</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a> <a href='/news'>新闻</a></div>"
            f"<div class='article'><h1>{title}</h1><div class='info'>2024-03-05 10:20 来源：某某日报</div>"
            f"<div class='content'><p>{INTRO}</p>{before}<table>{table}</table><p>{OUTRO}</p></div></div>"
            f"</body></html>").encode("utf-8")


def rows(*cells: tuple[str, ...], header: tuple[str, ...] = ("序号", "集群名称", "所在地")) -> str:
    head = "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"
    return head + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in cells)


def page_canonicals(html: bytes) -> set[str]:
    cleaned = clean_page(html, "html")
    return canonicals(cleaned.body, cleaned.title)


# --- HTML tables: the cleaner gives each cell a line ---------------------------------------

def test_html_table_cells_become_lines_as_the_list_rules_expect():
    cleaned = clean_page(page("湖北公布首批重点产业集群", rows(("1", "精细化工产业集群", "宜昌市"))), "html")
    assert "\n1\n精细化工产业集群\n宜昌市\n" in cleaned.body


def test_html_table_place_cell_after_the_name():
    html = page("湖北公布首批重点产业集群", rows(("1", "精细化工产业集群", "宜昌市"),
                                              ("2", "汽车零部件产业集群", "十堰市"),
                                              ("3", "先进制造业集群", "襄阳市")))
    assert page_canonicals(html) == {"宜昌精细化工集群", "十堰汽车零部件集群"}


def test_html_table_place_cell_before_the_name():
    html = page("湖北公布首批重点产业集群", rows(("1", "荆门市", "再生资源产业集群"), ("2", "黄冈市", "新型建材产业集群"),
                                              header=("序号", "所在地", "集群名称")))
    assert page_canonicals(html) == {"荆门再生资源集群", "黄冈新型建材集群"}


def test_html_table_without_a_number_column_counts_its_rows_by_the_header():
    html = page("湖北公布首批重点产业集群", rows(("荆门市", "再生资源产业集群", "某协会"), ("黄冈市", "新型建材产业集群", "某联盟"),
                                              header=("所在地", "集群名称", "牵头单位")))
    assert page_canonicals(html) == {"荆门再生资源集群", "黄冈新型建材集群"}


def test_html_table_without_a_number_column_nor_a_header_names_nothing():
    html = page("湖北公布首批重点产业集群", rows(("荆门市", "再生资源产业集群"), ("黄冈市", "新型建材产业集群"), header=()))
    assert page_canonicals(html) == set()


def test_html_table_without_a_place_column_takes_its_caption():
    html = page("产业集群培育名单公布", rows(("1", "现代纺织产业集群", "某纺织协会"), ("2", "集成电路产业集群", "某产业联盟"),
                                          header=("序号", "集群名称", "牵头单位")),
                before="<p>表1 绍兴市首批重点培育产业集群</p>")
    assert page_canonicals(html) == {"绍兴现代纺织集群", "绍兴集成电路集群"}


def test_html_table_without_any_place_names_nothing():
    html = page("产业集群培育名单公布", rows(("1", "现代纺织产业集群", "某纺织协会"), ("2", "集成电路产业集群", "某产业联盟"),
                                          header=("序号", "集群名称", "牵头单位")))
    assert page_canonicals(html) == set()


def test_html_table_rows_naming_their_own_place_are_one_cluster_each():
    html = page("安徽公布重点产业集群", rows(("1", "芜湖市机器人产业集群", "芜湖市"), ("2", "蚌埠市硅基新材料产业集群", "蚌埠市")))
    text = clean_page(html, "html").body
    found = extract(text).clusters
    assert {norm(c.canonical) for c in found} == {"芜湖机器人集群", "蚌埠硅基新材料集群"}
    assert len(found) == 2                    # the name and its place cell are not two clusters


# --- lists in the text ---------------------------------------------------------------------

# (id, title, text, expected canonical names)
PARAGRAPHS = [
    ("lettered_items_inline_heading_place", None,
     "嘉兴市提出重点打造以下产业集群：（一）集成电路产业集群；（二）新能源汽车产业集群；（三）时尚服装产业集群。",
     {"嘉兴集成电路集群", "嘉兴新能源汽车集群", "嘉兴时尚服装集群"}),
    ("numbered_lines_under_a_heading_line", None,
     "会议透露了今年的工作重点。\n根据方案，温州市将重点培育三大产业集群：\n1. 电气产业集群\n2. 鞋服产业集群\n3. 泵阀产业集群",
     {"温州电气集群", "温州鞋服集群", "温州泵阀集群"}),
    ("numbered_items_apart_by_spaces", None,
     "衢州市明确了三个主攻方向：1.氟硅新材料产业集群 2.特种纸产业集群 3.空气动力机械产业集群",
     {"衢州氟硅新材料集群", "衢州特种纸集群", "衢州空气动力机械集群"}),
    ("numbered_items_inline", None,
     "方案明确，台州市将重点扶持：1.汽车零部件产业集群；2.智能马桶产业集群。",
     {"台州汽车零部件集群", "台州智能马桶集群"}),
    ("chinese_numbered_lines_take_the_article_place", "金华：三个集群加快成长",
     "今年以来，各地持续推进产业升级。\n一、五金工具产业集群\n龙头企业持续加大研发投入。\n二、保温杯产业集群\n出口订单稳步增长。",
     {"金华五金工具集群", "金华保温杯集群"}),
    ("rows_copied_as_text_place_after", None,
     "省里公布了首批名单。名单如下：\n序号 集群名称 所在地\n1 新能源汽车产业集群 襄阳市\n2 磷化工产业集群 宜昌市\n3 电子元器件产业集群 黄石市",
     {"襄阳新能源汽车集群", "宜昌磷化工集群", "黄石电子元器件集群"}),
    ("rows_copied_as_text_place_before", None,
     "省里公布了首批名单。\n序号 所在地 集群名称\n1 孝感市 光电子信息产业集群\n2 咸宁市 智能机电产业集群",
     {"孝感光电子信息集群", "咸宁智能机电集群"}),
    ("table_flattened_into_one_line", "衢州：两个集群入选省级名单",
     "入选名单如下。\n序号 集群名称 1 氟硅新材料产业集群 2 特种纸产业集群",
     {"衢州氟硅新材料集群", "衢州特种纸集群"}),
    ("place_in_brackets_after_the_name", None,
     "入选的集群包括：（一）轴承产业集群（新昌县）；（二）医疗器械产业集群（桐庐县）。",
     {"新昌县轴承集群", "桐庐县医疗器械集群"}),
    ("items_with_their_own_place_keep_it", "安徽省发布重点集群名单",
     "名单显示：（一）芜湖市机器人产业集群；（二）马鞍山市轨道交通装备产业集群。",
     {"芜湖机器人集群", "马鞍山轨道交通装备集群"}),
    ("generic_items_stay_out", "苏州：产业发展提速",
     "苏州市将着力打造以下集群：（一）先进制造业集群；（二）世界级产业集群；（三）数字产业集群。",
     set()),
    ("items_that_are_tasks_not_names", "苏州：产业发展提速",
     "苏州市今年的工作安排如下：（一）加快培育产业集群；（二）推动产业集群数字化转型。",
     set()),
    ("heading_naming_two_places_is_uncertain", "浙江：集群协同发展",
     "宁波市与舟山市联合培育以下集群：（一）绿色石化产业集群；（二）船舶修造产业集群。",
     set()),
    ("no_place_anywhere", None,
     "专家建议，重点培育以下集群：\n1. 氢能装备产业集群\n2. 生物制造产业集群",
     set()),
    ("spaced_numbers_in_prose_are_no_rows", "泰州：产业稳步增长",
     "泰州市全市 3 大产业集群 保持增长，其中 2 个集群 产值超千亿元。",
     set()),
    ("a_lone_name_line_is_no_table_cell", None,
     "绍兴市举行产业推介会。\n现代纺织产业集群\n会上，多家企业签约。",
     set()),
]


@pytest.mark.parametrize("title,text,expected", [p[1:] for p in PARAGRAPHS], ids=[p[0] for p in PARAGRAPHS])
def test_cluster_lists(title, text, expected):
    assert canonicals(text, title) == {norm(e) for e in expected}


def test_listed_names_are_mentioned_where_written():
    text = "嘉兴市提出重点打造以下产业集群：（一）集成电路产业集群；（二）新能源汽车产业集群。"
    found = extract(text).clusters
    assert [text[c.start:c.end] for c in found] == ["集成电路产业集群", "新能源汽车产业集群"]
    assert {c.rule for c in found} == {"clusters.list_item"}
