"""benchmarks/eval_gold.py --set clusters_blind / clusters_blind2 / clusters_blind3: written cluster
articles (three independent sets of 30; the first is studied now, the other two unseen), scored on
clusters only.

No test here asserts a cluster score: the sets measure rules, nobody fits them to them."""
from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import REPO

GOLD = REPO / "benchmarks" / "gold"


@pytest.fixture(scope="module")
def eval_gold():
    spec = importlib.util.spec_from_file_location("eval_gold", REPO / "benchmarks" / "eval_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(params=["clusters_blind", "clusters_blind2", "clusters_blind3"])
def blind_set(request):
    return request.param


def test_each_gold_body_is_its_page_text_after_the_title_and_date_lines(eval_gold, blind_set):
    golds = eval_gold.gold_files(blind_set)
    assert len(golds) == 30
    for g in golds:
        page = eval_gold.page_of(g, blind_set, "page")
        assert page.parent == GOLD / blind_set and page.suffix == ".txt"
        lines = [line for line in page.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert lines[0] == g["title"]
        assert lines[2:] == g["body"].split("\n"), g["id"]
        assert g["figures"] == g["dates"] == g["quotes"] == []       # clusters only were annotated
        for cluster in g["clusters"]:
            for alias in cluster["aliases"]:                         # an alias is a name the text writes
                assert alias in g["body"] or alias in g["title"], (g["id"], alias)


def test_only_the_annotated_kinds_are_scored(eval_gold, blind_set):
    summary, per_article, n, _ = eval_gold.evaluate_set(blind_set, "body", details=True)
    assert n == 30
    scored = {k for k, v in summary.items() if isinstance(v, dict) and "f1" in v}
    assert scored == {"body", "clusters"}
    assert summary["clusters"]["gold"] == sum(len(g["clusters"]) for g in eval_gold.gold_files(blind_set))
    assert summary["body"]["f1"] == 1.0                                # read from the gold bodies
    assert not any(k.endswith("_accuracy") for k in summary)
    for row in per_article.values():
        assert {k.split("_")[0] for k in row} <= {"body", "found", "clusters"}


def test_clusters_blind_pages_are_read_as_they_are(eval_gold, blind_set, capsys):
    with pytest.raises(SystemExit):
        eval_gold.main(["--set", blind_set, "--from", "pagetext"])
    assert blind_set in capsys.readouterr().err


def test_the_set_written_to_json_keeps_clusters(eval_gold, blind_set, tmp_path, monkeypatch):
    """--json: what the README figures are copied from; figures, dates and quotes are absent."""
    monkeypatch.setattr(eval_gold, "evaluate_set", lambda name, source, details: (
        eval_gold.only_kinds({"clusters": {"precision": 1.0, "recall": 0.5, "f1": 0.667, "tp": 1, "pred": 1, "gold": 2},
                              "figures": {"precision": 0.0, "recall": 1.0, "f1": 0.0, "tp": 0, "pred": 9, "gold": 0},
                              "figures_approx_accuracy": None,
                              "quote_speakers": {"matched": 3, "speaker": 1.0, "title": 1.0, "org": 1.0, "all": 1.0}},
                             ("body", "clusters")), {}, 30, 0.0))
    out = tmp_path / "scores.json"
    assert eval_gold.main(["--set", blind_set, "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))[blind_set]
    assert set(report) == {"clusters", "quote_speakers"} and report["quote_speakers"] == {"matched": 0}


@pytest.mark.parametrize("unseen", ["heldout", "clusters_blind2", "clusters_blind3"])
def test_details_of_an_unseen_set_are_refused_before_anything_runs(eval_gold, unseen, capsys):
    with pytest.raises(SystemExit):
        eval_gold.main(["--set", unseen, "--details"])
    assert "refused" in capsys.readouterr().err


def test_details_of_a_studied_set_are_allowed(eval_gold):
    assert "clusters_blind" not in eval_gold.UNSEEN_SETS and "studied" not in eval_gold.UNSEEN_SETS
