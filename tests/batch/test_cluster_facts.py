"""Conflicting values (pipeline/batch/cluster_facts.py): what counts as the same value, and which
rows are flagged."""
from __future__ import annotations

from pipeline.batch.cluster_facts import agree, flag_conflicts
from pipeline.records import ClusterFact


def fact(article: str, value: float, approx: str = "", metric: str = "营业收入", unit: str = "元",
         period: str = "2023", published: str = "") -> ClusterFact:
    return ClusterFact(cluster="甲集群", article_id=article, published_at=published, kind="figure", metric=metric,
                       value=value, unit=unit, approx=approx, text=f"{value:g}", speaker="", link="subject",
                       article_title="", url="", period=period)


def test_values_agree_when_equal_or_inside_a_bound():
    assert agree(fact("a", 1.378e11), fact("b", 1.3786e11))            # rounding of the same number
    assert agree(fact("a", 1.3e11, "more_than"), fact("b", 1.3786e11))   # 超1300亿 holds 1378.6亿
    assert agree(fact("a", 1.4e11, "about"), fact("b", 1.3786e11))       # 约1400亿
    assert not agree(fact("a", 1.4e11, "more_than"), fact("b", 1.3786e11))
    assert not agree(fact("a", 1.68e11), fact("b", 1.6e11))


def test_conflicts_are_between_articles_for_one_metric_unit_and_date():
    facts = [fact("a", 1.68e11), fact("b", 1.6e11), fact("c", 1.6e11, period="2022"),
             fact("d", 1.5e11, metric="产值"), fact("a", 1.2e11, unit="美元"), fact("a", 1.1e11)]
    flag_conflicts(facts)
    assert facts[0].conflict == "1.6e+11 (b)" and facts[1].conflict == "1.68e+11 (a); 1.1e+11 (a)"
    assert [f.conflict for f in facts[2:5]] == ["", "", ""]
    # two values in one article are not a conflict between them (only with article b)
    assert facts[5].conflict == "1.6e+11 (b)"


def test_undated_figures_compare_on_the_day_they_were_published():
    facts = [fact("a", 800, unit="家", period="", published="2024-01-05T08:00"),
             fact("b", 900, unit="家", period="", published="2024-01-05"),
             fact("c", 950, unit="家", period="", published="2024-02-01"),
             fact("d", 990, unit="家", period="", published="")]
    flag_conflicts(facts)
    assert [bool(f.conflict) for f in facts] == [True, True, False, False]
