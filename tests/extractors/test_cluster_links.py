"""Figure -> cluster and quote -> cluster links (pipeline/extractors/clusters/links.py) on
sentences we wrote: each construction that links, and each that must not."""
from __future__ import annotations

import pytest

from pipeline import extract
from pipeline.extractors import load_rules
from pipeline.extractors.clusters.links import linker_for


@pytest.fixture(scope="module")
def linker():
    return linker_for(load_rules())


def links(linker, text: str) -> set[tuple[str, str, str]]:
    """(figure text or the quote's first 6 characters, cluster, how) of every link in the text."""
    ex = extract(text)
    out = set()
    for link in linker.link(text, ex.clusters, ex.figures, ex.quotes):
        record = (ex.figures if link.kind == "figures" else ex.quotes)[link.index]
        out.add((record.text if link.kind == "figures" else record.quote[:6], link.canonical, link.link))
    return out


def test_the_figures_subject_names_the_cluster(linker):
    assert links(linker, "2023年，苏州纳米新材料产业集群实现营业收入1500亿元，集聚企业1200家。") == {
        ("1500亿元", "苏州纳米新材料集群", "subject"), ("1200家", "苏州纳米新材料集群", "subject")}


def test_its_place_and_industry_name_the_cluster_without_the_word_cluster(linker):
    assert links(linker, "长沙工程机械集群入选国家级名单。目前，长沙市工程机械企业达到500家。") == {
        ("500家", "长沙工程机械集群", "same_sentence")}
    # the same place with another industry is not the cluster
    assert links(linker, "长沙工程机械集群入选国家级名单。长沙新能源汽车企业达到200家。") == set()


def test_its_place_acting_in_a_clause_after_its_industry(linker):
    # the industry frames the sentence, the place is the actor: 苏州 stands for 苏州纳米新材料
    text = "苏州纳米新材料产业集群发展提速。全国纳米新材料企业百强中，苏州拥有12家，5家进入全球前百强。"
    assert links(linker, text) == {("12家", "苏州纳米新材料集群", "anaphora"),
                                   ("5家", "苏州纳米新材料集群", "anaphora")}
    # another industry between the place and its figure: not the cluster's
    text = "苏州纳米新材料产业集群发展提速。纳米新材料研发加快推进，苏州生物医药企业达到3000家。"
    assert links(linker, text) == set()
    # the industry after the place, or the place not acting in its own clause: not the cluster's
    text = "苏州纳米新材料产业集群发展提速。苏州拥有上市公司200家，纳米新材料研发加快推进。"
    assert links(linker, text) == set()
    text = "苏州纳米新材料产业集群发展提速。纳米新材料研发加快推进，全省共有企业800家落户苏州。"
    assert links(linker, text) == set()


def test_the_cluster_its_city_leads(linker):
    # 全市 is the cluster's own city: the figure stays the cluster's
    assert links(linker, "长沙工程机械集群引领全市装备制造业发展，全市工程机械产业总产值达2900亿元。") == {
        ("2900亿元", "长沙工程机械集群", "same_sentence")}


def test_a_figure_before_the_cluster_it_describes(linker):
    assert links(linker, "拥有规上企业800家的佛山家电产业集群，正在加快数字化转型。") == {
        ("800家", "佛山家电集群", "same_sentence")}


def test_a_share_of_the_country_is_still_the_clusters(linker):
    assert links(linker, "长沙工程机械集群产品占全国市场份额的30%。") == {("30%", "长沙工程机械集群", "same_sentence")}


def test_anaphora_that_cluster_the_bare_cluster_and_its_industry(linker):
    assert links(linker, "宁波绿色石化产业集群是全省重点培育的集群之一。去年该集群实现产值3200亿元。") == {
        ("3200亿元", "宁波绿色石化集群", "anaphora")}
    assert links(linker, "成都软件和信息服务集群近年来发展迅速。目前，集群内共有软件企业5000余家。") == {
        ("5000余家", "成都软件和信息服务集群", "anaphora")}
    # the industry without its places (温州, 乐清) names the same cluster again (the article's place
    # makes it a mention of that cluster: the figure is its sentence's subject's)
    assert links(linker, "温州乐清电气产业集群入选国家级名单。近年来，电气产业集群不断壮大，规上企业达到900家。") == {
        ("900家", "温州乐清电气集群", "subject")}


def test_figures_that_count_clusters_belong_to_none(linker):
    assert links(linker, "工信部公布的名单中，东莞智能移动终端集群等10个集群入选。") == set()


def test_another_bodys_figure_is_not_the_clusters(linker):
    assert links(linker, "郑州电子信息产业集群龙头企业富士康科技集团去年出口额达到300亿美元。") == set()
    # the cluster's name inside an event's: the figures are the fair's
    assert links(linker, "第三届株洲轨道交通装备产业集群博览会昨日开幕，300余家企业参展。") == set()


def test_a_list_of_clusters_owns_its_figures_together(linker):
    assert links(linker, "青岛智能家电集群、合肥智能语音集群和杭州数字安防集群合计营收超过8000亿元。") == set()
    # an industry two of the article's clusters share points at neither
    assert links(linker, "长沙工程机械集群和徐州工程机械集群入围决赛。工程机械产业集群年产值均超过2000亿元。") == set()


def test_clusters_listed_after_their_count_take_the_figures_of_their_group(linker):
    text = ("南通市公布了重点产业集群名单，其中产值达到2000亿元的产业集群2个（船舶海工、高端纺织），"
            "产值达到1000亿元的产业集群1个（新材料）。")
    assert links(linker, text) == {("2000亿元", "南通船舶海工集群", "same_sentence"),
                                   ("2000亿元", "南通高端纺织集群", "same_sentence"),
                                   ("1000亿元", "南通新材料集群", "same_sentence")}


def test_a_sentence_about_clusters_in_general_resolves_no_anaphora(linker):
    text = "西安航空产业集群规模持续扩大。专家认为，先进制造业集群是产业升级的重要载体，集群企业平均研发投入占比达到4%。"
    assert links(linker, text) == set()


def test_quotes_naming_the_cluster_or_pointing_back_to_it(linker):
    text = "合肥智能语音集群去年营收1400亿元。“我们将把该集群打造成世界级产业高地。”合肥市经信局局长张明表示。"
    assert links(linker, text) == {("1400亿元", "合肥智能语音集群", "subject"),
                                   ("我们将把该集", "合肥智能语音集群", "anaphora")}
    # a quote about clusters in general is no cluster's
    text = "合肥智能语音集群去年营收1400亿元。“产业集群是区域经济的重要支撑。”专家李华说。"
    assert links(linker, text) == {("1400亿元", "合肥智能语音集群", "subject")}


def test_an_article_without_clusters_has_no_links(linker):
    ex = extract("全市规上工业企业达到1200家，实现产值3000亿元。")
    assert linker.link("全市规上工业企业达到1200家，实现产值3000亿元。", ex.clusters, ex.figures, ex.quotes) == []
