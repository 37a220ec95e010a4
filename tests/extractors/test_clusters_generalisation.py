"""Clusters on news paragraphs written for this test (not taken from the corpus): a studied set.

The paragraphs were written, and the cluster rules changed, at the same time: a paragraph that
failed led to a rule change until it passed. So this is a studied set, a regression test of
what the rules handle, not a measure of how they generalise to text nobody has looked at.

Each paragraph lists the clusters a careful reader would record (SCHEMA.md: a place and an
industry, a brand, or a name the context ties to one place; category phrases are not
clusters). Names compare as the scorer compares them: without 市 and 产业, brackets of
either width. A paragraph passes when the pipeline finds exactly these clusters (by their
canonical names) and every listed alias is a mention of its cluster.
"""
from __future__ import annotations

import pytest

from pipeline import extract


def norm(name: str) -> str:
    return name.replace("（", "(").replace("）", ")").replace("市", "").replace("产业", "")


# (id, paragraph, {canonical: [aliases the text uses]})
PARAGRAPHS = [
    ("national_list_brand_alias",
     "工业和信息化部近日公布新一批国家先进制造业集群，湖北省武汉市光电子信息产业集群榜上有名。"
     "作为“中国光谷”的当家产业，武汉光电子信息集群去年实现营收超过五千亿元，光纤光缆产能稳居全球前列。"
     "业内人士表示，这将进一步推动我国世界级先进制造业集群建设。",
     {"武汉光电子信息集群": ["中国光谷"]}),
    ("quoted_brand_in_apposition",
     "保定素有“中国电谷”之称。记者在“中国电谷”（保定电力及新能源高端装备产业集群）采访时看到，"
     "一批光伏组件和变压器企业正在扩产。",
     {"保定电力及新能源高端装备集群": ["中国电谷"]}),
    ("short_name_introduced",
     "辽宁省沈阳市机器人及智能制造产业集群（以下简称“沈阳机器人集群”）已集聚上下游企业三百余家。"
     "今年前三季度，沈阳机器人集群完成产值同比增长一成以上，工业机器人产量位居全国前列。",
     {"沈阳机器人及智能制造集群": ["沈阳机器人集群"]}),
    ("full_names_listed_before_a_count",
     "此次获评的省级先进制造业集群包括蚌埠市硅基新材料产业集群、滁州市智能家电产业集群、"
     "阜阳市现代医药产业集群等6个集群，数量创历年新高。",
     {"蚌埠硅基新材料集群": [], "滁州智能家电集群": [], "阜阳现代医药集群": []}),
    ("county_level_cities_without_suffix",
     "泉州是全国民营经济重镇。晋江鞋服产业集群年产值超过三千亿元，石狮服装产业集群、"
     "南安水暖厨卫产业集群也都跻身千亿级行列。",
     {"晋江鞋服集群": [], "石狮服装集群": [], "南安水暖厨卫集群": []}),
    ("category_phrases_only",
     "专家指出，培育战略性新兴产业集群要坚持市场主导。当前各地数字产业集群竞相发展，"
     "但一些地方存在同质化倾向，打造世界级先进制造业集群仍需久久为功。",
     {}),
    ("districts_starting_with_a_function_character",
     "在南通市如东县海上风电装备产业集群，一台台风机叶片正在装船。与此同时，广州市从化区美丽健康产业集群"
     "吸引了数十家化妆品企业入驻，天津市和平区数字创意产业集群也在加快成长。",
     {"南通如东县海上风电装备集群": [], "广州从化区美丽健康集群": [], "天津和平区数字创意集群": []}),
    ("joint_cities_cluster",
     "河南省郑州市、开封市汽车产业集群近年来引进整车项目多个，两地已形成从零部件到整车的完整链条。",
     {"郑州、开封汽车集群": []}),
    ("latin_letters_and_de",
     "近日，南昌市VR产业集群迎来一批新项目签约。在贵阳市的大数据电子信息产业集群，"
     "数据标注、算力服务等新业态不断涌现。",
     {"南昌VR集群": [], "贵阳大数据电子信息集群": []}),
    ("places_with_generic_industries",
     "今年以来，浙江省数字产业集群营收保持两位数增长，合肥市战略性新兴产业集群加快壮大，"
     "山东省级特色产业集群数量增至150个，全市先进制造业集群建设取得积极进展。",
     {}),
    ("clustering_as_a_process_and_a_cluster_body",
     "湖州绿色家居产业集群化、品牌化发展步伐加快。另据了解，徐州工程机械产业集群促进中心日前发布了年度发展报告。",
     {"徐州工程机械集群": []}),
    ("two_cities_sharing_an_industry",
     "统计显示，苏州和无锡生物医药产业集群合计贡献了全省近一半的医药产值。",
     {"苏州生物医药集群": [], "无锡生物医药集群": []}),
    ("finalists_listed_with_he",
     "入围总决赛的三个集群分别是宁波市磁性材料产业集群、成都市软件和信息服务产业集群和西安市航空产业集群。",
     {"宁波磁性材料集群": [], "成都软件和信息服务集群": [], "西安航空集群": []}),
    ("short_national_names_in_a_list",
     "目前，自治区已拥有包头稀土新材料集群、鄂尔多斯现代煤化工产业集群等一批重点集群。",
     {"包头稀土新材料集群": [], "鄂尔多斯现代煤化工集群": []}),
    ("counties_of_one_character",
     "在县域经济板块，曹县汉服产业集群线上销售额快速增长，安吉县椅业产业集群、寿光市蔬菜种业集群也表现亮眼。",
     {"曹县汉服集群": [], "安吉县椅业集群": [], "寿光蔬菜种业集群": []}),
    ("district_of_a_city_with_a_national_cluster",
     "苏州工业园区纳米新材料产业集群去年产值突破千亿元，武汉东湖高新区光电子信息产业集群的企业数量也在快速增长。",
     {"苏州纳米新材料集群": [], "武汉光电子信息集群": []}),
    ("industry_phrases_without_a_place",
     "近年来，该市培育了一批生物医药产业集群和纳米新材料产业集群，海洋装备产业集群也在加快布局。",
     {}),
    ("short_places_listed_before_a_count",
     "经过层层评审，晋江运动鞋服、德化陶瓷、安溪茶叶等3个产业集群被列入省级重点培育名单，县城服装产业集群则未能入围。",
     {"晋江运动鞋服集群": [], "德化陶瓷集群": [], "安溪茶叶集群": []}),
    ("county_starting_with_a_function_character_at_clause_start",
     "如东县海上风电装备产业集群今年新增投资过百亿元，将乐县竹木产业集群也加快了数字化改造。",
     {"如东县海上风电装备集群": [], "将乐县竹木集群": []}),
]


@pytest.mark.parametrize("text,expected", [(t, e) for _, t, e in PARAGRAPHS], ids=[i for i, _, _ in PARAGRAPHS])
def test_clusters_on_unseen_paragraphs(text, expected):
    found = extract(text).clusters
    assert {norm(c.canonical) for c in found} == {norm(k) for k in expected}
    for canonical, aliases in expected.items():
        for alias in aliases:
            assert any(c.name == alias and norm(c.canonical) == norm(canonical) for c in found), alias
