"""Cluster dossiers without a browser: cluster_facts.csv and clusters_summary.csv from `newsx run`,
read_extracted's tables, and `newsx dossier` (the data it embeds, --cluster, errors)."""
from __future__ import annotations

import csv
import json
import re

import pytest
from conftest import run_on_articles
from dossier_articles import ARTICLES, NANO

from pipeline.cli import main
from pipeline.records import ClusterFact, ClusterSummary, columns
from pipeline.review.dossier import dossier_data
from pipeline.review.tables import read_extracted

A2022, A2023, REPORT, WUXI = ("news.example.com/nano-2022", "news.example.com/nano-2023",
                              "stats.example.com/nano-report", "news.example.com/wuxi-iot")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    return run_on_articles(tmp_path_factory.mktemp("dossier"), ARTICLES, "extracted")


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_cluster_facts_csv_is_excel_ready_with_one_row_per_linked_record(extracted):
    raw = (extracted / "cluster_facts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    facts = rows(extracted / "cluster_facts.csv")
    assert list(facts[0]) == columns(ClusterFact)
    revenue = {(r["article_id"], r["period"]): r for r in facts if r["cluster"] == NANO and r["metric"] == "营业收入"}
    assert set(revenue) == {(A2022, "2022"), (A2023, "2023"), (REPORT, "2023")}
    assert revenue[(A2023, "2023")]["value"] == "168000000000"          # a plain decimal, as in figures.csv
    assert revenue[(A2023, "2023")]["published_at"].startswith("2024-02-20")
    assert revenue[(A2023, "2023")]["article_title"] == "苏州纳米新材料集群再上新台阶"
    # two articles disagree on 2023: both rows say so, naming the other; 2022 has no rival
    assert revenue[(A2023, "2023")]["conflict"] == f"1600亿元 ({REPORT})"
    assert revenue[(REPORT, "2023")]["conflict"] == f"1680亿元 ({A2023})"
    assert revenue[(A2022, "2022")]["conflict"] == ""
    quotes = {r["speaker"]: r for r in facts if r["kind"] == "quote"}
    assert set(quotes) == {"王华", "李强"}
    assert quotes["李强"]["cluster"] == NANO and quotes["李强"]["link"] == "anaphora"     # 该集群
    assert quotes["王华"]["speaker_title"] == "局长" and quotes["王华"]["text"].startswith("集群已经形成")
    assert not any(r["article_id"] == "news.example.com/no-cluster" for r in facts)
    wuxi = [r for r in facts if r["cluster"] == "无锡物联网集群"]
    assert {(r["text"], r["approx"]) for r in wuxi} == {("4000亿元", "more_than"), ("3000余家", "more_than")}


def test_clusters_summary_has_each_metrics_latest_value(extracted):
    summary = {r["cluster"]: r for r in rows(extracted / "clusters_summary.csv")}
    assert list(next(iter(summary.values()))) == columns(ClusterSummary)
    nano = summary[NANO]
    assert (nano["articles"], nano["mentions"], nano["quotes"], nano["conflicts"]) == ("3", "3", "2", "2")
    assert nano["first_published"].startswith("2023-03-15") and nano["last_published"].startswith("2024-03-01")
    latest = nano["latest_values"].split("\n")
    # the latest 2023 revenue comes with the other article's different value, never an average
    assert f"营业收入 1600亿元 (2023; {REPORT}) ≠ 1680亿元 ({A2023})" in latest
    assert f"企业 1250家 (2023; {A2023})" in latest
    assert set(summary) == {NANO, "无锡物联网集群"}


def test_read_extracted_has_the_cluster_tables(extracted):
    t = read_extracted(extracted)
    facts, summary = t.cluster_facts, t.clusters_summary
    assert str(facts.value.dtype) == "float64" and str(facts.start.dtype) == "int64"
    assert facts[(facts.kind == "quote")].value.isna().all()
    assert summary.set_index("cluster").loc[NANO, "articles"] == 3
    assert {"cluster_facts", "clusters_summary"} <= set(t)


def test_dossier_page_embeds_each_clusters_facts(extracted, tmp_path, capsys):
    out = tmp_path / "dossiers.html"
    assert main(["dossier", str(extracted), "-o", str(out)]) == 0
    assert "2 clusters" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert html.count("</script>") == 2
    data = json.loads(re.search(r'<script type="application/json" id="newsx-data">(.*?)</script>', html, re.S).group(1))
    assert data == dossier_data(extracted)
    nano = next(c for c in data["clusters"] if c["name"] == NANO)
    kinds = [f[data["fact_fields"].index("kind")] for f in nano["facts"]]
    assert kinds.count("quote") == 2 and kinds.count("figure") == 6
    ids = {data["articles"][i][0] for i in nano["article_ids"]}
    assert ids == {A2022, A2023, REPORT}


def test_dossier_of_one_cluster_and_of_none(extracted, tmp_path, capsys):
    out = tmp_path / "one.html"
    assert main(["dossier", str(extracted), "-o", str(out), "--cluster", "纳米"]) == 0
    assert "1 clusters" in capsys.readouterr().out
    assert main(["dossier", str(extracted), "-o", str(tmp_path / "none.html"), "--cluster", "火星集群"]) == 2
    assert "no cluster called '火星集群'" in capsys.readouterr().err
    assert not (tmp_path / "none.html").exists()
    assert main(["dossier", str(tmp_path / "nothing")]) == 2
    assert "articles.jsonl not found" in capsys.readouterr().err


def test_a_folder_without_the_cluster_files_is_linked_from_its_record_files(extracted, tmp_path):
    older = tmp_path / "older"
    older.mkdir()
    for f in extracted.iterdir():
        if f.suffix in (".csv", ".jsonl") and f.name not in ("cluster_facts.csv", "clusters_summary.csv"):
            (older / f.name).write_bytes(f.read_bytes())
    made, given = dossier_data(older), dossier_data(extracted)
    assert made["made_now"] and not given["made_now"]
    assert made["clusters"] == given["clusters"]


def test_a_rerun_restores_a_deleted_cluster_file(extracted, tmp_path):
    facts = (extracted / "cluster_facts.csv").read_bytes()
    (extracted / "cluster_facts.csv").unlink()
    assert main(["run", str(extracted.parent / "in"), "-o", str(extracted), "-q"]) == 0
    assert (extracted / "cluster_facts.csv").read_bytes() == facts
