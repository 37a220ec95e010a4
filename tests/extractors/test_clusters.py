"""Cluster mentions on our own news-style sentences: written variants, context, apposition, generic phrases.

Each test runs the library API (`extract`) and checks the records an analyst would
aggregate by: the name as written, its canonical name, offsets and the rule.
"""
from __future__ import annotations

import pytest

from pipeline import extract
from pipeline.extractors import load_rules
from pipeline.extractors.clusters.names import ClusterNamer
from pipeline.rules import RuleError


def clusters(text: str):
    return extract(text).clusters


def canonicals(text: str) -> list[str]:
    return [c.canonical for c in clusters(text)]


def test_written_variants_of_one_cluster_share_the_canonical_name():
    text = ("潍坊动力装备集群上半年产值同比增长一成。山东省潍坊市动力装备产业集群现有规上企业数百家，"
            "潍坊市动力装备集群的龙头企业正加快布局海外市场。")
    found = clusters(text)
    assert [c.name for c in found] == ["潍坊动力装备集群", "山东省潍坊市动力装备产业集群", "潍坊市动力装备集群"]
    assert {c.canonical for c in found} == {"潍坊动力装备集群"}


def test_records_carry_offsets_sentence_and_rule():
    text = "记者从园区获悉，苏州市纳米新材料产业集群今年新签约项目27个。另据统计，全市相关企业超过600家。"
    (c,) = clusters(text)
    assert text[c.start:c.end] == c.name == "苏州市纳米新材料产业集群"
    assert c.sentence == "记者从园区获悉，苏州市纳米新材料产业集群今年新签约项目27个。"
    assert c.rule == "clusters.gazetteer"


def test_a_name_after_a_preposition_starts_at_the_place():
    (c,) = clusters("在宁波磁性材料产业集群，龙头企业带动上下游协同。")
    assert (c.name, c.canonical) == ("宁波磁性材料产业集群", "宁波磁性材料集群")


def test_a_name_the_context_ties_to_a_place():
    text = "武汉还将依托东湖科学城，着力打造具有全球竞争力的国家光电子信息集群；襄阳将做强汽车产业。"
    (c,) = clusters(text)
    assert c.name == "国家光电子信息集群"
    assert c.canonical == "武汉光电子信息集群"
    assert c.rule == "clusters.context_place"


@pytest.mark.parametrize("text", [
    "记者走进中国光谷(武汉光电子信息集群)的一家激光企业，几条生产线正满负荷运转。",
    "记者走进中国光谷（武汉市光电子信息产业集群）的一家激光企业，几条生产线正满负荷运转。",
])
def test_a_brand_in_apposition_maps_to_its_cluster(text):
    found = clusters(text)
    assert [c.name for c in found][0] == "中国光谷"
    assert {c.canonical for c in found} == {"武汉光电子信息集群"}
    assert len(found) == 2


def test_a_brand_learned_from_apposition_marks_its_later_mentions():
    text = "嘉兴微电子产业集群（中国芯谷）近年来引进项目数十个。业内人士认为，中国芯谷的优势在于配套完整。"
    found = clusters(text)
    assert [c.name for c in found] == ["嘉兴微电子产业集群", "中国芯谷", "中国芯谷"]
    assert {c.canonical for c in found} == {"嘉兴微电子集群"}
    assert found[2].start == text.index("中国芯谷的")


def test_a_gazetteer_alias_alone_is_a_mention():
    (c,) = clusters("今年以来，中国光谷新增光通信企业二百余家。")
    assert (c.name, c.canonical) == ("中国光谷", "武汉光电子信息集群")


def test_an_unknown_cluster_gets_a_normalised_canonical_name():
    namer = ClusterNamer(load_rules())
    assert not any("动力电池" in e.canonical for e in namer.entries)  # not in the gazetteer
    text = "四川省宜宾市动力电池产业集群加速壮大，宜宾动力电池集群已集聚企业百余家。"
    found = clusters(text)
    assert [c.name for c in found] == ["四川省宜宾市动力电池产业集群", "宜宾动力电池集群"]
    assert {c.canonical for c in found} == {"宜宾动力电池集群"}


@pytest.mark.parametrize("text", [
    "东部沿海正崛起一批颇具规模的数字产业集群。",
    "培育世界级先进制造业集群，是制造强国建设的一项长期任务。",
    "在工信部先后公布的几批国家先进制造业集群中，高端装备领域的集群数量最多。",
    "今年全省新认定省级产业集群14家，国家级产业集群累计达到7家。",
    "宁波市级中小企业特色产业集群已有23个。",
    "该集群以新能源汽车为龙头，产业集群内部的协作网络不断完善。",
    "眼下，各地战略性新兴产业集群竞相发力，江西省内各产业集群错位发展。",
    "晋江市运动鞋、德化县陶瓷等产业在各自领域闯出了名堂。",
])
def test_generic_phrases_are_not_clusters(text):
    assert clusters(text) == []


def test_district_and_county_clusters_and_names_before_a_count():
    text = ("名单中，江宁区智能电网产业集群等6个集群被认定为省级先进制造业集群，"
            "昆山市的光电显示产业集群等4个集群入选省级中小企业特色产业集群。")
    assert canonicals(text) == ["江宁区智能电网集群", "昆山光电显示集群"]


def test_items_listed_before_deng_chanye_jiqun_are_clusters_without_the_word_jiqun():
    text = "今年该省把宜昌市磷化工产业、荆门市再生资源产业等产业集群列为重点扶持方向。"
    found = clusters(text)
    assert [c.name for c in found] == ["宜昌市磷化工产业", "荆门市再生资源产业"]
    assert [c.canonical for c in found] == ["宜昌磷化工集群", "荆门再生资源集群"]


def test_places_sharing_an_industry_are_one_cluster_each():
    found = clusters("泉州、莆田鞋服产业集群携手亮相本届国际展会。")
    assert [c.canonical for c in found] == ["泉州鞋服集群", "莆田鞋服集群"]
    # the whole list wins over the known cluster at its end (徐州…集群 alone is in the gazetteer)
    found = clusters("长沙和徐州工程机械集群同台竞技。")
    assert [c.canonical for c in found] == ["长沙工程机械集群", "徐州工程机械集群"]


def test_a_multi_city_cluster_of_the_national_list_is_one_cluster():
    text = "广东省广州市、佛山市、惠州市超高清视频和智能家电集群位列其中。"
    assert canonicals(text) == ["广佛惠超高清视频和智能家电集群"]


def test_a_user_gazetteer_layer_adds_a_cluster_and_its_brand(user_rules):
    (user_rules / "clusters_gazetteer.yaml").write_text(
        "clusters:\n"
        "  - {canonical: 嘉兴微电子集群, province: 浙江, places: [嘉兴], industry: 微电子, aliases: [江南芯城]}\n",
        encoding="utf-8")
    rules = load_rules([user_rules])
    found = extract("江南芯城与浙江省嘉兴市微电子产业集群同步扩容。", rules=rules).clusters
    assert [(c.name, c.canonical, c.rule) for c in found] == [
        ("江南芯城", "嘉兴微电子集群", "clusters.gazetteer"),
        ("浙江省嘉兴市微电子产业集群", "嘉兴微电子集群", "clusters.gazetteer")]
    # the built-in entries are still there
    assert extract("中国声谷", rules=rules).clusters[0].canonical == "合肥智能语音集群"


def test_a_malformed_gazetteer_entry_is_reported_with_its_file_and_line(user_rules):
    (user_rules / "clusters_gazetteer.yaml").write_text(
        "clusters:\n  - {canonical: 某地集群, places: [某地]}\n", encoding="utf-8")
    with pytest.raises(RuleError) as err:
        extract("某地集群", rules=load_rules([user_rules]))
    assert "clusters_gazetteer.yaml:2" in str(err.value) and "industry" in str(err.value)


def test_a_malformed_gazetteer_line_is_reported_with_its_file_and_line(user_rules):
    (user_rules / "clusters_gazetteer.jsonl").write_text(
        '{"canonical": "某地光伏集群", "places": ["某地"], "industry": "光伏"}\n{"canonical": 某地}\n',
        encoding="utf-8")
    with pytest.raises(RuleError) as err:
        extract("某地光伏集群", rules=load_rules([user_rules]))
    assert "clusters_gazetteer.jsonl:2" in str(err.value)


def test_a_gazetteer_lines_file_adds_clusters(user_rules):
    (user_rules / "clusters_gazetteer.jsonl").write_text(
        '{"canonical": "嘉兴微电子集群", "places": ["嘉兴"], "industry": "微电子", "aliases": ["江南芯城"]}\n',
        encoding="utf-8")
    found = extract("江南芯城与浙江省嘉兴市的微电子产业集群同步扩容。", rules=load_rules([user_rules])).clusters
    assert [(c.name, c.canonical, c.rule) for c in found] == [
        ("江南芯城", "嘉兴微电子集群", "clusters.gazetteer"),
        ("浙江省嘉兴市的微电子产业集群", "嘉兴微电子集群", "clusters.gazetteer")]
