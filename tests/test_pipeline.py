"""The pipeline end to end: library API, `newsx run` on inputs, broken inputs, the contract's files."""
from __future__ import annotations

import csv
import json

from pipeline import extract
from pipeline.cli import main
from pipeline.extractors import record_types
from pipeline.records import ARTICLE_COLUMNS, columns

BODY = ("2023年，合肥智能语音集群实现营收2087.3亿元，集聚企业1865家。\n"
        "“集群将继续扩大开放合作。”合肥市经信局局长王强表示，今年将新增企业100家以上。")


def test_extract_returns_records_of_each_type():
    result = extract(BODY, published="2024-01-05")
    assert [(f.text, f.value, f.unit) for f in result.figures][:2] == [("2087.3亿元", 208730000000, "元"),
                                                                       ("1865家", 1865, "家")]
    assert [d.value for d in result.dates][0] == "2023"
    assert any(c.canonical == "合肥智能语音集群" for c in result.clusters)
    quote = result.quotes[0]
    assert (quote.speaker, quote.title, quote.kind) == ("王强", "局长", "direct")
    assert quote.quote.startswith("集群将继续扩大开放合作")
    for f in result.figures:
        assert BODY[f.start:f.end] == f.text and f.sentence in BODY and f.rule.startswith("figures.")


def test_extract_completes_month_day_with_publication_year():
    assert [d.value for d in extract("6月30日，名单公布。", published="2022-07-02").dates] == ["2022-06-30"]
    assert [d.value for d in extract("6月30日，名单公布。").dates] == ["XXXX-06-30"]


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_run_writes_every_contract_file_with_its_columns(tmp_path):
    inputs = tmp_path / "in" / "site.example"
    inputs.mkdir(parents=True)
    (inputs / "a.txt").write_text(BODY, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(tmp_path / "in"), "-o", str(out)]) == 0

    raw = (out / "articles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw   # BOM for Excel, CRLF rows
    assert list(read_csv(out / "articles.csv")[0]) == ARTICLE_COLUMNS
    for kind, record_type in record_types().items():
        with open(out / f"{kind}.csv", encoding="utf-8-sig", newline="") as f:
            assert next(csv.reader(f)) == ["article_id", *columns(record_type)]
    article = json.loads((out / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert article["article_id"] == "site.example/a" and article["status"] == "ok"
    assert article["body"].startswith("2023年") and article["n_chars"] == len(article["body"])
    figures = read_csv(out / "figures.csv")
    assert figures[0]["value"] == "208730000000"          # a plain number, not 2.0873e+11
    body = article["body"]
    for row in figures:
        assert body[int(row["start"]):int(row["end"])] == row["text"]


def test_broken_inputs_become_error_rows_and_the_rest_is_written(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(BODY, encoding="utf-8")
    (inputs / "empty.html").write_bytes(b"")
    (inputs / "garbage.html").write_bytes(bytes(range(256)) * 40)
    (inputs / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(inputs), "-o", str(out)]) == 1      # some articles failed: listed in errors.csv
    rows = {r["article_id"]: r for r in read_csv(out / "articles.csv")}
    assert rows["good"]["status"] == "ok"
    for bad in ("empty", "garbage", "blank"):
        assert rows[bad]["status"] == "error", bad
        assert bad in rows[bad]["error"] and len(rows[bad]["error"]) > len(bad) + 10
    assert {r["article_id"] for r in read_csv(out / "figures.csv")} == {"good"}


def test_bundled_sample_runs(tmp_path):
    from pathlib import Path

    sample = Path(__file__).resolve().parent.parent / "raw_articles"
    out = tmp_path / "out"
    assert main(["run", str(sample), "-o", str(out)]) == 0
    rows = read_csv(out / "articles.csv")
    assert len(rows) >= 3 and all(r["status"] == "ok" for r in rows)
    assert all("相关推荐" not in json.loads(line)["body"]
               for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines())
    assert len(read_csv(out / "figures.csv")) >= 10
