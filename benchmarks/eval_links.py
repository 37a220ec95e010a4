#!/usr/bin/env python3
"""Precision and recall of the figure->cluster and quote->cluster links against hand annotations.

    python3 benchmarks/eval_links.py               # runs the pipeline on the annotated corpus pages
    python3 benchmarks/eval_links.py --details     # and lists every wrong and missed link
    python3 benchmarks/eval_links.py --extracted dev=/tmp/out-dev --extracted dev2=/tmp/out-dev2

The annotations are benchmarks/gold/links/*.links.json (conventions: benchmarks/gold/links/README.md).
Each names its corpus page (`article`: dev/<id> or dev2/<id>) and lists every figure of the
article and the quotes, each by `at`, a piece of the body that occurs once and holds it, with
the clusters it is about (by any name the article uses; [] for none).

A predicted link is right when its record covers the annotated place and its cluster is one the
annotation names (names compared as the cluster scorer compares them: without 市 and 产业).
A link from a record no annotation covers is counted wrong and listed as unannotated.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SHARED = REPO.parent / "shared"
LINKS = REPO / "benchmarks" / "gold" / "links"
KINDS = ("figures", "quotes")


@dataclass
class Tally:
    right: int = 0
    predicted: int = 0
    gold: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.right += other.right
        self.predicted += other.predicted
        self.gold += other.gold
        self.wrong += other.wrong
        self.missed += other.missed

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0


def annotations() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(LINKS.glob("*.links.json"))]


def run_sets(sets: set[str], tmp: Path) -> dict[str, Path]:
    """The pipeline's output folder for each corpus set (the whole set: a few seconds each)."""
    from pipeline.batch.run import run

    out = {}
    for name in sorted(sets):
        out[name] = tmp / name
        run(SHARED / "corpus" / name, out[name], workers=1)
    return out


def predicted_links(extracted: Path, article_id: str, rules) -> tuple[str, dict[str, list], list, dict[str, set[str]]]:
    """(body, records by kind, links, cluster canonical -> every name written for it) of one article."""
    from pipeline.batch.cluster_facts import record_of
    from pipeline.extractors.clusters.links import linker_for
    from pipeline.records import ClusterRecord, FigureRecord, QuoteRecord
    from pipeline.review.tables import read_article_objects, read_record_rows

    body = next((a.get("body") or "" for a in read_article_objects(extracted) if a["article_id"] == article_id), None)
    if body is None:
        raise SystemExit(f"{article_id} is not in {extracted}/articles.jsonl")
    types = {"clusters": ClusterRecord, "figures": FigureRecord, "quotes": QuoteRecord}
    records = {kind: [record_of(t, r) for r in read_record_rows(extracted, kind) if r.get("article_id") == article_id]
               for kind, t in types.items()}
    for kind in ("figures",):
        for r in records[kind]:
            r.value = float(r.value) if r.value not in ("", None) else None
    links = linker_for(rules).link(body, records["clusters"], records["figures"], records["quotes"])
    names: dict[str, set[str]] = {}
    for c in records["clusters"]:
        names.setdefault(c.canonical, {c.canonical}).add(c.name)
    return body, records, links, names


def score_article(ann: dict, extracted: Path, rules) -> dict[str, Tally]:
    from pipeline.extractors.clusters import cluster_norm

    article_id = ann["article"].split("/", 1)[1]
    body, records, links, names = predicted_links(extracted, article_id, rules)
    tallies = {kind: Tally() for kind in KINDS}
    for kind in KINDS:
        gold = []          # (start, end, label, {normalised names})
        for item in ann.get(kind, []):
            at = item["at"]
            if body.count(at) != 1:
                raise SystemExit(f"{ann['article']}: `at` {at!r} occurs {body.count(at)} times in the body "
                                 "(it must occur once)")
            start = body.index(at)
            if kind == "figures":
                start += at.index(item["text"])
                end = start + len(item["text"])
            else:
                end = start + len(at)
            for cluster in item["clusters"]:
                gold.append((start, end, f"{item.get('text', at)} -> {cluster}", cluster_norm(cluster)))
        covered = [(s, e) for s, e, *_ in gold] + [
            (body.index(item["at"]), body.index(item["at"]) + len(item["at"])) for item in ann.get(kind, [])]
        t = tallies[kind]
        t.gold = len(gold)
        found = set()
        for link in links:
            if link.kind != kind:
                continue
            r = records[kind][link.index]
            t.predicted += 1
            written = {cluster_norm(n) for n in names.get(link.canonical, {link.canonical})}
            hit = next((i for i, (s, e, _, norm) in enumerate(gold)
                        if i not in found and r.start < e and s < r.end and norm in written), None)
            label = f"{getattr(r, 'text', '') or r.quote[:20]} -> {link.canonical} ({link.link})"
            if hit is not None:
                found.add(hit)
                t.right += 1
            elif not any(r.start < e and s < r.end for s, e in covered):
                t.wrong.append(f"{article_id}: {label}  [unannotated record]")
            else:
                t.wrong.append(f"{article_id}: {label}")
        t.missed = [f"{article_id}: {g[2]}" for i, g in enumerate(gold) if i not in found]
    return tallies


def evaluate(outputs: dict[str, Path], rules=None) -> tuple[dict[str, dict[str, Tally]], dict[str, Tally]]:
    """Per annotated article and in total, the tallies of each link kind; `outputs`: corpus set ->
    the pipeline's output folder for it."""
    from pipeline.extractors import load_rules

    rules = rules or load_rules(checked=False)
    per_article, totals = {}, {kind: Tally() for kind in KINDS}
    for ann in annotations():
        tallies = score_article(ann, outputs[ann["article"].split("/", 1)[0]], rules)
        per_article[ann["article"]] = tallies
        for kind in KINDS:
            totals[kind].add(tallies[kind])
    return per_article, totals


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--extracted", action="append", default=[], metavar="SET=DIR",
                    help="use this output folder for a corpus set instead of running the pipeline")
    ap.add_argument("--details", action="store_true", help="list wrong and missed links")
    a = ap.parse_args(argv)
    given = dict(x.split("=", 1) for x in a.extracted)
    with tempfile.TemporaryDirectory() as tmp:
        needed = {ann["article"].split("/", 1)[0] for ann in annotations()} - set(given)
        outputs = {**run_sets(needed, Path(tmp)), **{k: Path(v) for k, v in given.items()}}
        per_article, totals = evaluate(outputs)
    print(f"{'article':<45} {'figure links P/R':>18} {'quote links P/R':>18}")
    for article, tallies in per_article.items():
        cells = [f"{t.right}/{t.predicted} {t.right}/{t.gold}" for t in tallies.values()]
        print(f"{article:<45} {cells[0]:>18} {cells[1]:>18}")
    print(f"\n{len(per_article)} articles")
    for kind, t in totals.items():
        print(f"{kind[:-1]} links: precision {t.precision:.3f} ({t.right}/{t.predicted}), "
              f"recall {t.recall:.3f} ({t.right}/{t.gold})")
        if a.details:
            for w in t.wrong:
                print(f"   wrong   {w}")
            for m in t.missed:
                print(f"   missed  {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
