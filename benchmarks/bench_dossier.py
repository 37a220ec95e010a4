#!/usr/bin/env python3
"""How long 1,000 articles take to give the cluster files and the dossier page.

    python3 benchmarks/bench_dossier.py            # N = 1000, best of 3
    python3 benchmarks/bench_dossier.py -n 5000 --repeat 1

The dev and dev2 pages are run once through `newsx run`; a store of N articles is then made
from their stored results (article i is page i mod 23 under a new id, published on a day of its
own from 2019 on, so timelines have many dates and the copies of one page conflict with nothing
but each other's identical values), in a temporary folder. Timed, as `newsx run` and
`newsx dossier` do them (the rules already loaded, as in a run):

  * files: cluster_facts.csv and clusters_summary.csv written from the store (links, facts,
    conflicts, summary);
  * page: `newsx dossier` on the folder (reading those files, writing dossiers.html).
"""
from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus"
BUDGET_SECONDS = 3.0


def make_store(tmp: Path, n: int) -> Path:
    from pipeline.batch.output import write_contract_files
    from pipeline.batch.run import run
    from pipeline.batch.store import ArticleTimings, Store

    seeds = []
    for name in ("dev", "dev2"):
        run(CORPUS / name, tmp / name, workers=1)
        store = Store(tmp / name, read_only=True)
        for a in store.articles():
            rows = store.db.execute("SELECT kind, seq, data FROM records WHERE article_id=? ORDER BY kind, seq",
                                    (a.article_id,)).fetchall()
            seeds.append((a, rows))
        store.close()
    out = tmp / "big"
    store = Store(out)
    run_id = store.start_run("bench", "bench", "inline", 1)
    first = datetime.date(2019, 1, 1)
    with store.batched_commits():
        for i in range(n):
            article, rows = seeds[i % len(seeds)]
            copy = replace(article, article_id=f"{article.article_id}-{i:05d}",
                           published_at=(first + datetime.timedelta(days=2 * i)).isoformat())
            store.save(copy, [tuple(r) for r in rows], path="", size=0, mtime_ns=0, input_hash=str(i),
                       rules_version="bench", stage="", traceback="", timings=ArticleTimings(), run_id=run_id)
    write_contract_files(out, articles=store.articles, records=store.records)
    store.close()
    return out


def time_round(out: Path, rules, clock=time.perf_counter):
    """(seconds for the cluster files, seconds for the page, the page's summary) on the store in
    `out`, as `newsx run` and `newsx dossier` make them."""
    from pipeline.batch.output import write_store_cluster_files
    from pipeline.batch.store import Store
    from pipeline.review.dossier import build_dossier

    store = Store(out, read_only=True)
    try:
        t0 = clock()
        write_store_cluster_files(out, store, rules)
        t1 = clock()
        summary = build_dossier(out, out / "dossiers.html")
        t2 = clock()
    finally:
        store.close()
    return t1 - t0, t2 - t1, summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=1000, help="articles (default 1000)")
    ap.add_argument("--repeat", type=int, default=3, help="rounds; the best is reported (default 3)")
    a = ap.parse_args(argv)
    from pipeline.extractors import load_rules
    from pipeline.extractors.clusters.links import linker_for

    rules = load_rules(checked=False)
    linker_for(rules)          # built once per run, before its files are written
    with tempfile.TemporaryDirectory() as tmp:
        out = make_store(Path(tmp), a.n)
        rounds = []
        for _ in range(a.repeat):
            files, page, summary = time_round(out, rules)
            rounds.append((files, page))
        files, page = min(rounds, key=sum)
        facts = sum(1 for _ in open(out / "cluster_facts.csv", encoding="utf-8-sig")) - 1
        size = (out / "dossiers.html").stat().st_size
    total = files + page
    print(f"{a.n} articles: {facts} facts, {summary.clusters} clusters, page {size / 1e6:.1f} MB")
    print(f"cluster files {files:.2f} s + dossier page {page:.2f} s = {total:.2f} s "
          f"(best of {a.repeat}; rounds {', '.join(f'{x + y:.2f}' for x, y in rounds)}); "
          f"budget {BUDGET_SECONDS:.0f} s: {'ok' if total < BUDGET_SECONDS else 'OVER'}")
    return 0 if total < BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
