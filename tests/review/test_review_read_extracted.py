"""pipeline.read_extracted: the record tables as typed pandas DataFrames for notebooks."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_on_articles

from pipeline import read_extracted
from pipeline.cli import main

ARTICLES = {
    "gz.example/auto-01.txt": (
        "广州智能网联汽车集群加速成长\n"
        "2022年，广州智能网联汽车集群实现产值6800亿元，企业超过400家。\n"
        "=广州市工信局负责人表示，集群将继续扩大规模。\n"),
    "bulletin.txt": ("园区简报：新增就业岗位持续增加\n"
                     "记者从园区管委会了解到，园区今年新增就业岗位1.5万个，新引进的制造业项目正在陆续投产，"
                     "管委会将继续为企业提供用工、融资和人才服务。\n"),
}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    return run_on_articles(tmp_path_factory.mktemp("tables"), ARTICLES)


def test_record_tables_have_proper_dtypes(extracted):
    t = read_extracted(extracted)
    assert str(t.figures.value.dtype) == "float64"
    for kind in ("clusters", "figures", "dates", "quotes"):
        assert str(t[kind].start.dtype) == "int64" and str(t[kind].end.dtype) == "int64", kind
    assert str(t.articles.n_chars.dtype) == "int64"
    assert t.dates.value.dtype == "string"        # ISO text (2022), not a number
    assert t.figures.unit.dtype == "string"
    assert t.figures.value[t.figures.text == "6800亿元"].tolist() == [680000000000.0]
    assert t.figures.value[t.figures.text == "1.5万个"].tolist() == [15000.0]


def test_offsets_index_the_body_and_article_metadata_is_joined(extracted):
    t = read_extracted(extracted)
    bodies = dict(zip(t.articles.article_id, t.articles.body))
    for row in t.figures.itertuples():
        assert bodies[row.article_id][row.start:row.end] == row.text
    titles = dict(zip(t.articles.article_id, t.articles.title))
    sites = dict(zip(t.articles.article_id, t.articles.site))
    assert set(t.figures.article_id) == {"gz.example/auto-01", "bulletin"}
    for row in t.figures.itertuples():
        assert row.article_title == titles[row.article_id] and row.site == sites[row.article_id]
    assert set(t.figures[t.figures.article_id == "gz.example/auto-01"].site) == {"gz.example"}
    assert list(t.quotes.columns[:10]) == ["article_id", "speaker", "title", "org", "quote", "kind", "cue", "start", "end", "rule"]


def test_spreadsheet_escaping_is_undone(extracted, tmp_path):
    """Text the writer escaped for Excel ('=…) reads back as the article wrote it; numbers stay numbers."""
    from pipeline.batch.output import write_csv

    folder = tmp_path / "escaped"
    folder.mkdir()
    (folder / "articles.jsonl").write_text((extracted / "articles.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    header = ["article_id", "text", "value", "unit", "approx", "metric", "subject", "start", "end", "sentence", "rule"]
    write_csv(folder / "figures.csv", header, [
        ["bulletin", "-3%", -3.0, "%", "", "=增速", "@园区", 0, 3, "-3%的降幅，+2的回升", "figures.percent"]])
    assert "'=增速" in (folder / "figures.csv").read_text(encoding="utf-8-sig")
    row = read_extracted(folder).figures.iloc[0]
    assert (row.text, row.metric, row.subject, row.sentence) == ("-3%", "=增速", "@园区", "-3%的降幅，+2的回升")
    assert row.value == -3.0


def test_empty_and_missing_tables_keep_columns_and_dtypes(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "none.txt").write_text("社区新闻\n今天天气很好，街上行人很多，大家都在公园里散步聊天。\n傍晚时分，孩子们在广场上放风筝，老人们坐在长椅上下棋。\n", encoding="utf-8")
    assert main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "out")]) == 0
    (tmp_path / "out" / "quotes.csv").unlink()
    t = read_extracted(tmp_path / "out")
    assert len(t.quotes) == 0 and "speaker" in t.quotes.columns and str(t.quotes.start.dtype) == "int64"
    assert str(t.figures.value.dtype) == "float64"


def test_not_a_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_extracted(tmp_path / "nope")
