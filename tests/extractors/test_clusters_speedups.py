"""The cluster extractor's faster pieces find what they replace: candidate selection, and the
speedups (with them and under NEWSX_PLAIN=1: no gates, patterns as written, on random and real text).
"""
from __future__ import annotations

import random

import pytest

from pipeline.extractors import load_rules

# --- clusters: the non-overlapping best candidates -----------------------------------------

def reference_select(candidates):
    """clusters.select as it was: each candidate checked against every one chosen."""
    from pipeline.extractors.matching import overlaps

    chosen = []
    for c in sorted(candidates, key=lambda c: (-c.rule.priority, -(c.end - c.start), c.start, c.order)):
        if not overlaps(c.start, c.end, [(k.start, k.end) for k in chosen]):
            chosen.append(c)
    return chosen


def test_cluster_select_as_before_on_random_candidates():
    from types import SimpleNamespace

    from pipeline.extractors.clusters.extractor import Candidate, Mention, select

    rng = random.Random(19)
    rules = [SimpleNamespace(priority=p) for p in (5, 10, 10, 30, 40)]
    for _ in range(3000):
        candidates = []
        for order in range(rng.randint(0, 12)):
            mentions = []
            for _ in range(rng.randint(1, 3)):
                start = rng.randint(0, 40)
                mentions.append(Mention(start, start + rng.randint(1, 8), "x"))
            candidates.append(Candidate(rng.choice(rules), order, mentions))
        assert select(candidates) == reference_select(candidates)


# Our own sentences, cut into pieces and shuffled into random text below.
SENTENCES = [
    "宁波、舟山绿色石化产业集群规模持续扩大，中国视谷（杭州数字安防产业集群）展示中心开放。",
    "株洲轨道交通装备产业集群（以下简称“株洲轨交集群”）产值突破千亿，诸暨袜业、嵊州领带等3个产业集群入选。",
    "武汉还将依托东湖科学城，培育具有全球竞争力的国家光电子信息集群；山东省济南市、淄博市、德州市新材料产业集群名列其中。",
    "2022年6月3日至5日，展会举办；去年12月，项目开工，1-10月新签项目120个，同年11月25日投产。",
    "全年主营业务收入2471.3亿元，增长率超45%，百分之三十的企业新增装机10万千瓦，身高1米9。",
    "一台新型挖掘机相当于10台旧设备，单户补助两到三万元，日均访问量4000万左右。",
]


def pieces(rng: random.Random) -> list[str]:
    parts = []
    for sentence in SENTENCES:
        cuts = sorted(rng.sample(range(1, len(sentence)), 6))
        parts += [sentence[a:b] for a, b in zip([0, *cuts], [*cuts, len(sentence)])]
    return parts + list("（）()、和等年月日号%一二两集群之谷")


@pytest.fixture(scope="module")
def rules():
    return load_rules()


@pytest.fixture(scope="module")
def cluster_extractors(rules):
    """The cluster extractor, and one built under NEWSX_PLAIN=1 (every rule runs in every window at
    every position, patterns compiled as written)."""
    from pipeline.extractors.clusters.extractor import ClusterExtractor

    gated = ClusterExtractor(rules)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NEWSX_PLAIN", "1")
        plain = ClusterExtractor(load_rules())
    assert all(not r.groups for r in plain.required) and any(r.groups for r in gated.required)
    assert any(r.runs for r in gated.required)               # counted_list: 等N个 as written
    assert sum(gated.place_first) >= 5 and not any(plain.place_first)    # rules tried at places only
    assert plain.place_only.pattern != gated.place_only.pattern
    return gated, plain


def found(extractor, text):
    return [(rule.id, m.start, m.end, m.canonical) for rule, m in extractor.find(text)]


def test_clusters_found_alike_with_and_without_the_gates_on_random_text(cluster_extractors):
    gated, plain = cluster_extractors
    rng = random.Random(13)
    parts = pieces(rng)
    for _ in range(300):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 14)))
        assert found(gated, text) == found(plain, text), text


def test_clusters_found_alike_with_and_without_the_gates_on_real_articles(cluster_extractors, corpus_texts):
    gated, plain = cluster_extractors
    texts = corpus_texts
    assert sum(bool(found(plain, text)) for text in texts) > 3
    for text in texts:
        assert found(gated, text) == found(plain, text)
