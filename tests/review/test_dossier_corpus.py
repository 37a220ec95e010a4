"""Dossiers on the shared dev and dev2 corpus (skipped without ../shared): every gold cluster has a
dossier, it lists the figures and quotes annotated as its own (benchmarks/gold/links/), the
links' precision holds (benchmarks/eval_links.py), and 1,000 articles give the cluster files and
the page within the budget (benchmarks/bench_dossier.py)."""
from __future__ import annotations

import importlib.util
import json
import sys
import time

import pytest
from conftest import REPO

from pipeline.batch.run import run
from pipeline.extractors.clusters import cluster_norm
from pipeline.review.dossier import dossier_data

SETS = ("dev", "dev2")


def benchmark(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)    # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def eval_links():
    return benchmark("eval_links")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    from conftest import DEV_CORPUS, SCORER

    if not DEV_CORPUS.is_dir() or not SCORER.exists():
        pytest.skip("shared corpus not found")
    tmp = tmp_path_factory.mktemp("corpus-dossiers")
    out = {}
    for name in SETS:
        out[name] = tmp / name
        run(DEV_CORPUS.parent / name, out[name], workers=1)
    return out


def dossier_of(data: dict, names: list[str]) -> dict | None:
    wanted = {cluster_norm(n) for n in names}
    for c in data["clusters"]:
        if wanted & {cluster_norm(n) for n in [c["name"], *c["names"]]}:
            return c
    return None


def test_every_gold_cluster_has_a_dossier_with_its_annotated_figures_and_quotes(outputs):
    module = eval_links()
    annotated = {ann["article"]: ann for ann in module.annotations()}
    missing, checked = [], 0
    for name in SETS:
        data = dossier_data(outputs[name])
        bodies = {a["article_id"]: a["body"] for a in map(json.loads, (outputs[name] / "articles.jsonl").open(encoding="utf-8"))}
        for gold_path in sorted((REPO.parent / "shared" / "corpus" / name).glob("*.gold.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            for cluster in gold["clusters"]:
                dossier = dossier_of(data, [cluster["canonical"], *cluster.get("aliases", [])])
                assert dossier is not None, f"{name}/{gold['id']}: no dossier for {cluster['canonical']}"
                ann = annotated.get(f"{name}/{gold['id']}", {})
                starts = {f[data["fact_fields"].index("start")] for f in dossier["facts"]
                          if data["articles"][f[data["fact_fields"].index("article")]][0] == gold["id"]}
                body = bodies[gold["id"]]
                for kind in ("figures", "quotes"):
                    for item in ann.get(kind, []):
                        if cluster_norm(cluster["canonical"]) not in {cluster_norm(c) for c in item["clusters"]} and \
                                not {cluster_norm(a) for a in cluster.get("aliases", [])} & {cluster_norm(c) for c in item["clusters"]}:
                            continue
                        checked += 1
                        at = body.index(item["at"]) + (body[body.index(item["at"]):].index(item["text"]) if kind == "figures" else 0)
                        # a quote's record starts at or before its annotated words
                        if not any(s == at or (kind == "quotes" and s <= at < s + 400) for s in starts):
                            missing.append(f"{gold['id']}: {item.get('text', item['at'])} -> {cluster['canonical']}")
    assert checked >= 25
    assert missing == []


def test_link_precision_on_the_annotated_articles(outputs):
    _, totals = eval_links().evaluate(outputs)
    figures, quotes = totals["figures"], totals["quotes"]
    assert figures.gold >= 20 and quotes.gold >= 5
    assert figures.precision >= 0.9 and quotes.precision >= 0.9
    assert figures.recall >= 0.95 and quotes.recall >= 0.9


def test_a_thousand_articles_give_the_cluster_files_and_the_page_within_the_budget(outputs, tmp_path):
    from pipeline.extractors import load_rules

    bench = benchmark("bench_dossier")
    out = bench.make_store(tmp_path, 1000)
    rules = load_rules(checked=False)
    # CPU time, so other work on the shared machine does not count (wall time: benchmarks/README.md)
    files, page, summary = bench.time_round(out, rules, clock=time.process_time)
    assert summary.clusters >= 40
    assert files + page < bench.BUDGET_SECONDS, f"cluster files {files:.2f} s + page {page:.2f} s"
