"""Nothing heavy before it is needed: a run with nothing new, --help, review, eval and the
examples of a rule file that needs no NLP import neither spaCy nor the NER model; a run with
work still refuses bad rules before its first article; unchanged files are left alone."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from test_batch import article_text, make_inputs, read_csv

from pipeline.batch.run import run
from pipeline.batch.store import STORE_NAME
from pipeline.cli import main

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("spacy", "thinc", "onnxruntime", "rjieba", "jieba")


def heavy_modules_imported_by(argv: list[str]) -> tuple[int, list[str], str]:
    """Run `newsx ARGV` in a fresh interpreter; its exit code, the heavy packages it imported, its stderr."""
    code = ("import sys, json\n"
            "from pipeline.cli import main\n"
            f"code = main({argv!r})\n"
            f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
            "print(json.dumps([code, heavy]))\n")
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    exit_code, heavy = json.loads(done.stdout.strip().splitlines()[-1])
    return exit_code, heavy, done.stderr


def test_a_rerun_that_skips_every_article_imports_no_spacy_nor_the_ner_model(tmp_path):
    inputs, out = make_inputs(tmp_path / "in", 3), tmp_path / "out"
    assert run(inputs, out).processed == 3
    code, heavy, err = heavy_modules_imported_by(["run", str(inputs), "-o", str(out), "-q", "--workers", "1"])
    assert code == 0 and heavy == [], err
    # ... and the same run with one changed article does need them, and processes only that one.
    (inputs / "a0001.txt").write_text(article_text(9), encoding="utf-8")
    code, heavy, _ = heavy_modules_imported_by(["run", str(inputs), "-o", str(out), "-q", "--workers", "1"])
    assert code == 0 and "spacy" in heavy
    with sqlite3.connect(out / STORE_NAME) as db:
        assert db.execute("SELECT processed, skipped FROM runs ORDER BY run_id DESC LIMIT 1").fetchone() == (1, 2)


def test_help_review_eval_and_the_url_rules_examples_import_no_spacy(tmp_path):
    inputs, out = make_inputs(tmp_path / "in", 2), tmp_path / "out"
    run(inputs, out)
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a0000.gold.json").write_text(json.dumps({"id": "a0000", "body": "", "figures": [], "dates": [],
                                                      "quotes": [], "clusters": []}), encoding="utf-8")
    for argv in (["review", str(out), "-o", str(tmp_path / "review.html")],
                 ["eval", str(out), "--gold", str(gold)],
                 ["rules", "test", str(REPO / "rules" / "scrape.yaml")]):
        code, heavy, err = heavy_modules_imported_by(argv)
        assert code == 0 and heavy == [], (argv, err)
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    helped = subprocess.run([sys.executable, "-X", "importtime", "-m", "pipeline", "--help"], capture_output=True,
                            text=True, env=env, timeout=60)
    assert helped.returncode == 0 and "usage: newsx" in helped.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in helped.stderr.splitlines() if "|" in line}
    assert not imported & set(HEAVY) and "yaml" not in imported


def test_rules_test_on_one_file_runs_only_its_examples(capsys):
    assert main(["rules", "test", str(REPO / "rules" / "scrape.yaml")]) == 0
    out = capsys.readouterr().out
    assert "scrape.yaml" in out and "dates.yaml" not in out
    assert main(["rules", "test", str(REPO / "rules" / "dates.yaml")]) == 0
    out = capsys.readouterr().out
    assert "dates.yaml" in out and "scrape.yaml" not in out and "figures.yaml" not in out
    assert main(["rules", "test", "no/such/file.yaml"]) == 2


def test_a_rerun_with_a_broken_rule_file_stops_before_its_first_article(tmp_path, user_rules, capsys):
    inputs, out = make_inputs(tmp_path / "in", 2), tmp_path / "out"
    assert main(["run", str(inputs), "-o", str(out), "-q", "--rules", str(user_rules)]) == 0
    before = (out / "articles.csv").read_bytes(), (out / "figures.csv").read_bytes()
    # A mistake only building the extractor finds (the rules version changes: every article is to redo).
    (user_rules / "clusters_gazetteer.yaml").write_text(
        "clusters:\n  - canonical: 滨江光电集群\n    aliasez: [光电谷]\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["run", str(inputs), "-o", str(out), "-q", "--rules", str(user_rules)]) == 2
    assert "clusters_gazetteer.yaml:3: gazetteer entry 滨江光电集群: unknown key(s) aliasez" in capsys.readouterr().err
    with sqlite3.connect(out / STORE_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM articles WHERE run_id > 1").fetchone() == (0,)
        assert db.execute("SELECT outcome FROM runs ORDER BY run_id DESC LIMIT 1").fetchone() == ("failed",)
    assert ((out / "articles.csv").read_bytes(), (out / "figures.csv").read_bytes()) == before


def test_a_run_with_nothing_new_leaves_the_files_alone_unless_they_were_touched(tmp_path):
    inputs, out = make_inputs(tmp_path / "in", 3), tmp_path / "out"
    run(inputs, out)
    stamps = {p.name: p.stat().st_mtime_ns for p in out.glob("*.csv")}
    figures = (out / "figures.csv").read_bytes()
    assert run(inputs, out).skipped == 3
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.csv")} == stamps
    # A file deleted or edited by hand is written again from the store.
    (out / "figures.csv").unlink()
    (out / "dates.csv").write_text("edited", encoding="utf-8")
    run(inputs, out)
    assert (out / "figures.csv").read_bytes() == figures
    assert read_csv(out / "dates.csv") and "edited" not in (out / "dates.csv").read_text(encoding="utf-8-sig")
    # A removed input changes the files even though nothing was processed.
    (inputs / "a0002.txt").unlink()
    summary = run(inputs, out)
    assert (summary.processed, summary.removed) == (0, 1)
    assert {r["article_id"] for r in read_csv(out / "articles.csv")} == {"a0000", "a0001"}
