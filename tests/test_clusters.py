"""Cluster mentions on our own news-style sentences: written variants, context, apposition, generic phrases.

Each test runs the library API (`extract`) and checks the records an analyst would
aggregate by: the name as written, its canonical name, offsets and the rule.
"""
from __future__ import annotations

import pytest

from pipeline import extract
from pipeline.extractors.cluster_names import ClusterNamer
from pipeline.rules import RuleError, load_rules


def clusters(text: str):
    return extract(text).clusters


def canonicals(text: str) -> list[str]:
    return [c.canonical for c in clusters(text)]


def test_written_variants_of_one_cluster_share_the_canonical_name():
    text = ("杭州数字安防集群去年营收再创新高。浙江省杭州市数字安防产业集群拥有国家级创新载体数十个，"
            "杭州市数字安防集群的龙头企业加快出海。")
    found = clusters(text)
    assert [c.name for c in found] == ["杭州数字安防集群", "浙江省杭州市数字安防产业集群", "杭州市数字安防集群"]
    assert {c.canonical for c in found} == {"杭州数字安防集群"}


def test_records_carry_offsets_sentence_and_rule():
    text = "记者了解到，青岛市智能家电产业集群发展势头良好。另据统计，全市规上企业超过600家。"
    (c,) = clusters(text)
    assert text[c.start:c.end] == c.name == "青岛市智能家电产业集群"
    assert c.sentence == "记者了解到，青岛市智能家电产业集群发展势头良好。"
    assert c.rule == "clusters.gazetteer"


def test_a_name_after_a_preposition_starts_at_the_place():
    (c,) = clusters("在宁波磁性材料产业集群，龙头企业带动上下游协同。")
    assert (c.name, c.canonical) == ("宁波磁性材料产业集群", "宁波磁性材料集群")


def test_a_name_the_context_ties_to_a_place():
    text = "成都将聚焦软件名城建设，加快培育万亿级国家软件和信息服务集群；西安将做强航空产业。"
    (c,) = clusters(text)
    assert c.name == "国家软件和信息服务集群"
    assert c.canonical == "成都软件和信息服务集群"
    assert c.rule == "clusters.context_place"


@pytest.mark.parametrize("text", [
    "在中国声谷(合肥智能语音集群)展厅内，一款会说话的鼠标引人注目。",
    "在中国声谷（合肥市智能语音产业集群）展厅内，一款会说话的鼠标引人注目。",
])
def test_a_brand_in_apposition_maps_to_its_cluster(text):
    found = clusters(text)
    assert [c.name for c in found][0] == "中国声谷"
    assert {c.canonical for c in found} == {"合肥智能语音集群"}
    assert len(found) == 2


def test_a_brand_learned_from_apposition_marks_its_later_mentions():
    text = "嘉兴微电子产业集群（中国芯谷）近年来引进项目数十个。业内人士认为，中国芯谷的优势在于配套完整。"
    found = clusters(text)
    assert [c.name for c in found] == ["嘉兴微电子产业集群", "中国芯谷", "中国芯谷"]
    assert {c.canonical for c in found} == {"嘉兴微电子集群"}
    assert found[2].start == text.index("中国芯谷的")


def test_a_gazetteer_alias_alone_is_a_mention():
    (c,) = clusters("中国声谷将继续加大招商引资力度。")
    assert (c.name, c.canonical) == ("中国声谷", "合肥智能语音集群")


def test_an_unknown_cluster_gets_a_normalised_canonical_name():
    namer = ClusterNamer(load_rules())
    assert not any("动力电池" in e.canonical for e in namer.entries)  # not in the gazetteer
    text = "四川省宜宾市动力电池产业集群加速壮大，宜宾动力电池集群已集聚企业百余家。"
    found = clusters(text)
    assert [c.name for c in found] == ["四川省宜宾市动力电池产业集群", "宜宾动力电池集群"]
    assert {c.canonical for c in found} == {"宜宾动力电池集群"}


@pytest.mark.parametrize("text", [
    "我国一批具有国际竞争力的数字产业集群正加速成长。",
    "打造世界级数字产业集群，是下一步的重点任务。",
    "工信部公布的45个国家先进制造业集群名单中，新一代信息技术领域占比较高。",
    "全省新增18个省级产业集群，累计培育国家级产业集群6个。",
    "深圳省级中小企业特色产业集群已达16个。",
    "集群以智能语音为引领，产业集群依托协作网络不断壮大。",
    "当前，多地数字产业集群加快形成，安徽省内各产业集群协同发展。",
    "醴陵市陶瓷、浏阳市花炮等产业在各自赛道上闯出了名堂。",
])
def test_generic_phrases_are_not_clusters(text):
    assert clusters(text) == []


def test_district_and_county_clusters_and_names_before_a_count():
    text = ("其中，雨花区智能装备产业集群等8个集群获评省级先进制造业集群，"
            "浏阳市的生物医药产业集群等5个集群获评省级中小企业特色产业集群。")
    assert canonicals(text) == ["雨花区智能装备集群", "浏阳生物医药集群"]


def test_items_listed_before_deng_chanye_jiqun_are_clusters_without_the_word_jiqun():
    text = "全省遴选株洲市硬质合金产业、娄底市薄板深加工产业等产业集群，作为重点培育对象。"
    found = clusters(text)
    assert [c.name for c in found] == ["株洲市硬质合金产业", "娄底市薄板深加工产业"]
    assert [c.canonical for c in found] == ["株洲硬质合金集群", "娄底薄板深加工集群"]


def test_places_sharing_an_industry_are_one_cluster_each():
    found = clusters("长沙、徐州工程机械集群双双入围决赛。")
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
