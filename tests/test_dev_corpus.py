"""Evaluation on the shared dev corpus with the shared scorer (skipped when ../shared is absent).

The thresholds are the issues' acceptance levels; the per-type scores are printed so a run
shows where the product stands.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pipeline.cli import main

# record type -> minimal F1 on the whole dev corpus
# (issues 3, 4, 5 and 10: figures/dates ≥ 0.95, quotes ≥ 0.85, clusters ≥ 0.95, body ≥ 0.98)
DEV_THRESHOLDS = {"body": 0.98, "figures": 0.95, "dates": 0.95, "clusters": 0.95, "quotes": 0.85}
# on the seed article alone (issue 2's acceptance): body ≥ 0.98; clusters, figures, dates ≥ 0.9; quotes ≥ 0.7
SEED_BODY_F1 = 0.98
SEED_RECORD_F1 = {"clusters": 0.9, "figures": 0.9, "dates": 0.9, "quotes": 0.7}
# dev2 (8 pages in the genres dev lacks: question-answer interviews, multi-speaker features, press
# conferences, cluster lists): floors a little under today's scores, so a change that loses ground
# there fails. Quotes: issue 16's acceptance (F1 >= 0.85 with precision >= 0.90; 1.000 today).
DEV2_THRESHOLDS = {"body": 0.98, "figures": 0.90, "dates": 0.90, "clusters": 0.90, "quotes": 0.90}
DEV2_QUOTE_PRECISION = 0.90


def scores_on(corpus, tmp_path_factory) -> dict:
    from conftest import SCORER

    if not corpus.is_dir() or not SCORER.exists():
        pytest.skip(f"shared corpus not found beside the repo ({corpus})")
    out = tmp_path_factory.mktemp(corpus.name + "_out")
    assert main(["run", str(corpus), "-o", str(out)]) == 0
    report = out / "scores.json"
    subprocess.run([sys.executable, str(SCORER), "--gold", str(corpus), "--extracted", str(out),
                    "--json", str(report)], check=True, capture_output=True)
    return json.loads(report.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory):
    from conftest import DEV_CORPUS

    return scores_on(DEV_CORPUS, tmp_path_factory)


@pytest.fixture(scope="module")
def dev2_scores(tmp_path_factory):
    from conftest import DEV_CORPUS

    return scores_on(DEV_CORPUS.parent / "dev2", tmp_path_factory)


@pytest.mark.parametrize("kind", sorted(DEV_THRESHOLDS))
def test_dev_corpus_f1(dev_scores, kind):
    s = dev_scores["summary"][kind]
    print(f"{kind}: P={s['precision']} R={s['recall']} F1={s['f1']}")
    assert s["f1"] >= DEV_THRESHOLDS[kind]


def test_every_dev_article_found(dev_scores):
    assert dev_scores["summary"]["articles_found"] == dev_scores["summary"]["articles_with_gold"]


@pytest.mark.parametrize("kind", sorted(DEV2_THRESHOLDS))
def test_dev2_corpus_f1(dev2_scores, kind):
    s = dev2_scores["summary"][kind]
    print(f"dev2 {kind}: P={s['precision']} R={s['recall']} F1={s['f1']}")
    assert s["f1"] >= DEV2_THRESHOLDS[kind]


def test_dev2_quotes_precision(dev2_scores):
    assert dev2_scores["summary"]["quotes"]["precision"] >= DEV2_QUOTE_PRECISION
    assert dev2_scores["summary"]["articles_found"] == dev2_scores["summary"]["articles_with_gold"]


def f1(tp, n_pred, n_gold):
    return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 1.0


def test_seed_article(dev_scores):
    seed = dev_scores["articles"]["seed-netease"]
    assert seed["body_f1"] >= SEED_BODY_F1
    for kind, floor in SEED_RECORD_F1.items():
        assert f1(*seed[kind]) >= floor, (kind, seed[kind])


def test_approx_qualifier_right_on_matched_figures(dev_scores):
    assert dev_scores["summary"]["figures_approx_accuracy"] >= 0.95
