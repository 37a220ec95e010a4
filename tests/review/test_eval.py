"""`newsx eval`: scoring with score.py's semantics, and review marks -> gold JSON."""
from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from pipeline.cli import main
from pipeline.review.evaluate import EvalError, make_gold, score, speaker_fields_right

MARK_HEADER = ["article_id", "mark", "kind", "start", "end", "text", "value", "unit", "approx",
               "canonical", "speaker", "title", "org", "quote", "quote_kind", "rule", "note"]

BODY = "2022年，宁波磁性材料集群产值达到1180亿元，较上年增长8.5%。\n“集群已经形成完整的产业链。”宁波市经信局局长张伟说。"


def write_extracted(folder: Path, articles: list[dict], records: dict[str, list[dict]]) -> Path:
    """A small extracted/ folder in the contract's format, written by hand."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "articles.jsonl", "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    columns = {
        "clusters": ["article_id", "name", "canonical", "start", "end", "sentence", "rule"],
        "figures": ["article_id", "text", "value", "unit", "approx", "metric", "subject", "start", "end", "sentence", "rule"],
        "dates": ["article_id", "text", "value", "start", "end", "sentence", "rule"],
        "quotes": ["article_id", "speaker", "title", "org", "quote", "kind", "cue", "start", "end", "rule"],
    }
    for kind, cols in columns.items():
        with open(folder / f"{kind}.csv", "w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, fieldnames=cols, lineterminator="\r\n", restval="")
            w.writeheader()
            w.writerows(records.get(kind, []))
    return folder


def write_gold(folder: Path, gid: str, **fields) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    gold = {"id": gid, "body": fields.pop("body", ""), "clusters": [], "figures": [], "dates": [], "quotes": [], **fields}
    (folder / f"{gid}.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")


def span(text: str, body: str = BODY) -> dict:
    start = body.index(text)
    return {"start": start, "end": start + len(text)}


@pytest.fixture
def extracted(tmp_path) -> Path:
    aid = "ningbo.example/cl-01"
    return write_extracted(tmp_path / "extracted", [{"article_id": aid, "title": "宁波磁性材料集群", "body": BODY, "status": "ok",
                                                     "published_at": "2023-01-10"}], {
        "clusters": [{"article_id": aid, "name": "宁波磁性材料集群", "canonical": "宁波磁性材料产业集群", **span("宁波磁性材料集群"), "rule": "clusters.x"}],
        "figures": [{"article_id": aid, "text": "1180亿元", "value": "118000000000", "unit": "元", **span("1180亿元"), "rule": "figures.a"},
                    {"article_id": aid, "text": "8.5%", "value": "8.5", "unit": "%", **span("8.5%"), "rule": "figures.b"}],
        "dates": [{"article_id": aid, "text": "2022年", "value": "2022", **span("2022年"), "rule": "dates.year"}],
        "quotes": [{"article_id": aid, "speaker": "张伟", "title": "局长", "org": "宁波市经信局", "quote": "集群已经形成完整的产业链。",
                    "kind": "direct", "cue": "说", **span("集群已经形成完整的产业链。"), "rule": "quotes.q"}],
    })


def test_scores_match_by_value_unit_alias_and_overlap(tmp_path, extracted):
    gold = tmp_path / "gold"
    write_gold(gold, "cl-01", body=BODY,
               clusters=[{"canonical": "宁波市磁性材料集群", "aliases": []}, {"canonical": "杭州数字安防集群", "aliases": []}],
               figures=[{"text": "1180亿元", "value": 118100000000, "unit": "人民币", "approx": None},   # within 0.5%, unit alias
                        {"text": "8.5%", "value": 8.6, "unit": "%", "approx": None}],                   # off by more than 0.5%
               dates=[{"text": "2022年", "value": "2022"}],
               quotes=[{"speaker": "张伟", "title": "局长", "org": "宁波市经信局", "quote": "集群已经形成完整产业链", "kind": "direct"}])
    summary, per_article = score(gold, extracted, details=True)
    assert (summary["clusters"]["tp"], summary["clusters"]["pred"], summary["clusters"]["gold"]) == (1, 1, 2)  # 市/产业 ignored
    assert (summary["figures"]["tp"], summary["figures"]["pred"], summary["figures"]["gold"]) == (1, 2, 2)
    assert summary["figures"]["precision"] == 0.5 and summary["figures"]["f1"] == 0.5
    assert summary["dates"]["f1"] == 1.0 and summary["quotes"]["f1"] == 1.0
    assert summary["body"]["f1"] == 1.0 and summary["articles_found"] == 1
    assert per_article["cl-01"]["figures_missed"] == ["8.5%|8.6"]
    assert per_article["cl-01"]["clusters_missed"] == ["杭州数字安防集群"]


def test_quote_needs_the_right_speaker_and_most_of_the_words(tmp_path, extracted):
    gold = tmp_path / "gold"
    write_gold(gold, "cl-01", body=BODY, quotes=[
        {"speaker": "李强", "title": "局长", "org": "", "quote": "集群已经形成完整的产业链。", "kind": "direct"}])
    summary, _ = score(gold, extracted)
    assert summary["quotes"]["tp"] == 0 and summary["quote_texts"]["tp"] == 1
    write_gold(gold, "cl-01", body=BODY, quotes=[
        {"speaker": "张伟", "title": "", "org": "", "quote": "产业链", "kind": "direct"}])
    assert score(gold, extracted)[0]["quotes"]["tp"] == 1      # overlap is over the shorter text
    write_gold(gold, "cl-01", body=BODY, quotes=[
        {"speaker": "张伟", "title": "", "org": "", "quote": "我们明年还要继续投资扩大生产规模", "kind": "direct"}])
    assert score(gold, extracted)[0]["quotes"]["tp"] == 0


def test_speaker_fields_are_measured_on_matched_quotes(tmp_path, extracted):
    gold = tmp_path / "gold"
    # Matched (the name is there) with the organisation split off differently: name and title
    # right, org wrong; a gold quote nobody found does not count.
    write_gold(gold, "cl-01", body=BODY, quotes=[
        {"speaker": "张伟", "title": "局长", "org": "宁波市", "quote": "集群已经形成完整的产业链。", "kind": "direct"},
        {"speaker": "李强", "title": None, "org": None, "quote": "明年产值还会增长。", "kind": "direct"}])
    assert score(gold, extracted)[0]["quotes"]["tp"] == 1
    assert speaker_fields_right(gold, extracted) == {"matched": 1, "speaker": 1.0, "title": 1.0, "org": 0.0, "all": 0.0}
    write_gold(gold, "cl-01", body=BODY, quotes=[
        {"speaker": "张伟", "title": "局长", "org": "宁波市经信局", "quote": "集群已经形成完整的产业链。", "kind": "direct"}])
    assert speaker_fields_right(gold, extracted)["all"] == 1.0


def test_no_predictions_and_no_gold_score_as_score_py_does(tmp_path):
    empty = write_extracted(tmp_path / "ex", [{"article_id": "a", "body": "无数字的正文。"}], {})
    write_gold(tmp_path / "gold", "a", body="无数字的正文。", figures=[{"text": "3个", "value": 3, "unit": "个", "approx": None}])
    summary, _ = score(tmp_path / "gold", empty)
    assert summary["figures"]["precision"] == 0.0 and summary["figures"]["recall"] == 0.0
    assert summary["dates"]["precision"] == 1.0 and summary["dates"]["recall"] == 1.0   # nothing to find, nothing found


def _gold_and_inputs(set_name: str, root: Path) -> tuple[Path, Path]:
    """A set's gold files (bodies filled in) and its pages, as benchmarks/eval_gold.py lays them out."""
    spec = importlib.util.spec_from_file_location("eval_gold", REPO / "benchmarks" / "eval_gold.py")
    eval_gold = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(eval_gold)
    gold_dir, inputs = root / "gold", root / "in"
    gold_dir.mkdir()
    inputs.mkdir()
    for g in eval_gold.gold_files(set_name):
        (gold_dir / f"{g['id']}.gold.json").write_text(json.dumps(dict(g, body=eval_gold.body_of(g)), ensure_ascii=False),
                                                      encoding="utf-8")
        page = eval_gold.page_of(g, set_name, "page")
        (inputs / f"{g['id']}{page.suffix}").symlink_to(page)
    return gold_dir, inputs


@pytest.mark.parametrize("set_name", ["dev", "dev2", "studied"])
def test_eval_prints_exactly_what_score_py_prints(set_name, tmp_path, shared_corpus, capsys):
    """`newsx eval` and ../shared/tools/score.py: the same report and the same JSON, on the dev
    and dev2 corpora and on our own studied gold (benchmarks/gold/studied)."""
    gold, inputs = _gold_and_inputs(set_name, tmp_path)
    out = tmp_path / "extracted"
    assert main(["run", str(inputs), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["eval", "--gold", str(gold), str(out), "--details", "--json", str(tmp_path / "ours.json")]) == 0
    ours = capsys.readouterr().out
    theirs = subprocess.run([sys.executable, str(shared_corpus / "tools" / "score.py"), "--gold", str(gold),
                             "--extracted", str(out), "--details", "--json", str(tmp_path / "theirs.json")],
                            capture_output=True, text=True, check=True).stdout
    assert ours == theirs
    assert json.loads((tmp_path / "ours.json").read_text()) == json.loads((tmp_path / "theirs.json").read_text())
    n = len(list(gold.glob("*.gold.json")))
    assert n >= 8 and f"articles: {n}/{n} found" in ours and "figures" in ours


def write_marks(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=MARK_HEADER, lineterminator="\r\n", restval="")
        w.writeheader()
        w.writerows(rows)
    return path


def test_make_gold_applies_wrong_and_missing_marks(tmp_path, extracted):
    aid = "ningbo.example/cl-01"
    marks = write_marks(tmp_path / "marks.csv", [
        {"article_id": aid, "mark": "wrong", "kind": "figures", **span("8.5%"), "rule": "figures.b", "note": "增速"},
        {"article_id": aid, "mark": "missing", "kind": "figures", **span("1180亿元"), "text": "1180亿元", "value": "1180亿",
         "unit": "元", "approx": "more_than"},
        {"article_id": aid, "mark": "missing", "kind": "quotes", **span("集群已经形成完整的产业链。"), "text": "集群已经形成完整的产业链。",
         "speaker": "", "title": "局长", "org": "宁波市经信局", "quote_kind": "direct"},
    ])
    assert main(["eval", "--make-gold", str(marks), str(extracted), "-o", str(tmp_path / "gold")]) == 0
    gold = json.loads((tmp_path / "gold" / "cl-01.gold.json").read_text(encoding="utf-8"))
    assert gold["id"] == "cl-01" and gold["body"] == BODY and gold["published"] == "2023-01-10"
    assert gold["figures"] == [{"text": "1180亿元", "value": 118000000000, "unit": "元", "approx": None},
                               {"text": "1180亿元", "value": 118000000000, "unit": "元", "approx": "more_than"}]
    assert gold["clusters"] == [{"canonical": "宁波磁性材料产业集群", "aliases": ["宁波磁性材料集群"]}]
    assert gold["dates"] == [{"text": "2022年", "value": "2022"}]
    assert gold["quotes"][1] == {"speaker": None, "title": "局长", "org": "宁波市经信局", "quote": "集群已经形成完整的产业链。", "kind": "direct"}
    summary, _ = score(tmp_path / "gold", extracted)
    assert (summary["figures"]["tp"], summary["figures"]["pred"], summary["figures"]["gold"]) == (1, 2, 2)


def test_reviewed_article_becomes_gold_its_own_extraction_scores_perfectly(tmp_path, extracted):
    marks = write_marks(tmp_path / "marks.csv", [{"article_id": "ningbo.example/cl-01", "mark": "reviewed"}])
    make_gold(marks, extracted, tmp_path / "gold")
    summary, _ = score(tmp_path / "gold", extracted)
    for kind in ("clusters", "figures", "dates", "quotes", "body"):
        assert summary[kind]["f1"] == 1.0, kind


def test_missing_figure_value_is_read_from_the_selected_text(tmp_path, extracted):
    marks = write_marks(tmp_path / "marks.csv", [
        {"article_id": "ningbo.example/cl-01", "mark": "missing", "kind": "figures", "start": "0", "end": "6", "text": "36.6亿台"}])
    make_gold(marks, extracted, tmp_path / "gold")
    figures = json.loads((tmp_path / "gold" / "cl-01.gold.json").read_text(encoding="utf-8"))["figures"]
    assert {"text": "36.6亿台", "value": 3660000000, "unit": "台", "approx": None} in figures


@pytest.mark.parametrize("row, message", [
    ({"article_id": "ningbo.example/cl-01", "mark": "missing", "kind": "dates", "start": "0", "end": "5", "text": "2022年"}, "no ISO value"),
    ({"article_id": "nowhere/x", "mark": "reviewed"}, "'nowhere/x' is not in"),
    ({"article_id": "ningbo.example/cl-01", "mark": "wrong", "kind": "figures", "start": "1", "end": "3"}, "no figures record at 1-3"),
    ({"article_id": "ningbo.example/cl-01", "mark": "bad", "kind": "figures"}, "marks.csv:2: mark must be one of"),
    ({"article_id": "ningbo.example/cl-01", "mark": "wrong", "kind": "figure"}, "kind must be one of"),
])
def test_make_gold_explains_bad_marks(tmp_path, extracted, row, message, capsys):
    marks = write_marks(tmp_path / "marks.csv", [row])
    with pytest.raises(EvalError, match=message):
        make_gold(marks, extracted, tmp_path / "gold")
    assert main(["eval", "--make-gold", str(marks), str(extracted), "-o", str(tmp_path / "gold")]) == 2
    assert message.split(":")[-1].strip() in capsys.readouterr().err


def test_eval_command_needs_gold_or_marks(tmp_path, extracted, capsys):
    assert main(["eval", str(extracted)]) == 2
    assert "--gold" in capsys.readouterr().err
    (tmp_path / "nogold").mkdir()
    assert main(["eval", "--gold", str(tmp_path / "nogold"), str(extracted)]) == 2
    assert "no *.gold.json" in capsys.readouterr().err
