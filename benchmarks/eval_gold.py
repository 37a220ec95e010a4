#!/usr/bin/env python3
"""Precision, recall and F1 per record type on an annotated set, end to end or from the gold bodies.

    python3 benchmarks/eval_gold.py                      # benchmarks/gold/studied, dev and dev2, from the pages
    python3 benchmarks/eval_gold.py --set heldout        # the held-out pages: scores only, no details
    python3 benchmarks/eval_gold.py --set studied --details
    python3 benchmarks/eval_gold.py --set studied --from body       # the gold bodies (clean stage left out)
    python3 benchmarks/eval_gold.py --set studied --from pagetext   # the pages as copied text
    python3 benchmarks/eval_gold.py --set clusters_blind           # unseen cluster articles: clusters only
    python3 benchmarks/eval_gold.py --set clusters_blind2          # a second, independent unseen cluster set
    python3 benchmarks/eval_gold.py --set clusters_blind3          # a third one: summary scores only

Sets: `studied` and `heldout` (benchmarks/gold/<set>/*.gold.json: each names its page under
../shared/corpus by `input`, `pagetext` and `body_from`, the corpus gold file holding the body),
`dev` and `dev2` (../shared/corpus/<set>, gold beside the pages), and `clusters_blind`,
`clusters_blind2` and `clusters_blind3` (benchmarks/gold/<set>: written articles as .txt beside gold that annotates
clusters only, so only body and clusters are scored and shown; see their READMEs). Scoring is
`pipeline.review.evaluate.score`, which gives what ../shared/tools/score.py gives (a test holds
them equal), plus how often the speaker, title and org of the matched quotes are exactly the gold's
(`speaker_fields_right`: the match itself only asks that the gold name appear somewhere).
`--details` is refused on the unseen sets (heldout, clusters_blind2, clusters_blind3): nobody
changing rules looks inside them.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SHARED = REPO.parent / "shared"
GOLD = REPO / "benchmarks" / "gold"
KINDS_SHOWN = ("body", "clusters", "figures", "dates", "quotes", "quote_texts")
BLIND_SETS = ("clusters_blind", "clusters_blind2", "clusters_blind3")  # written .txt articles beside their gold
OWN_SETS = ("studied", "heldout") + BLIND_SETS                # gold kept in this repository
# Sets nobody changing rules may look inside: scores only, never their misses and extras.
UNSEEN_SETS = ("heldout", "clusters_blind2", "clusters_blind3")
# Sets whose gold annotates only some record types: the others are neither scored nor shown.
KINDS_ANNOTATED = {name: ("body", "clusters") for name in BLIND_SETS}


def gold_files(name: str) -> list[dict]:
    folder = GOLD / name if name in OWN_SETS else SHARED / "corpus" / name
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.gold.json"))]


def page_of(gold: dict, set_name: str, source: str) -> Path:
    """The file the pipeline reads for this gold article."""
    if set_name in BLIND_SETS:
        return GOLD / set_name / gold["input"]
    if set_name in ("studied", "heldout"):
        key = "pagetext" if source == "pagetext" else "input"
        return SHARED / "corpus" / gold[key]
    return SHARED / "corpus" / set_name / gold["input"]


def body_of(gold: dict) -> str:
    if "body" in gold:
        return gold["body"]
    return json.loads((SHARED / "corpus" / gold["body_from"]).read_text(encoding="utf-8"))["body"]


def evaluate_set(set_name: str, source: str, details: bool) -> tuple[dict, dict, int, float]:
    from pipeline.batch.output import write_outputs
    from pipeline.batch.run import run
    from pipeline.extractors.extract import extract_many
    from pipeline.records import Article
    from pipeline.review.evaluate import score, speaker_fields_right

    golds = gold_files(set_name)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        gold_dir, inputs, out = tmp / "gold", tmp / "in", tmp / "out"
        gold_dir.mkdir()
        inputs.mkdir()
        for g in golds:
            (gold_dir / f"{g['id']}.gold.json").write_text(json.dumps(dict(g, body=body_of(g)), ensure_ascii=False),
                                                          encoding="utf-8")
        t0 = time.perf_counter()
        if source == "body":
            bodies = [(body_of(g), g.get("published"), g.get("title")) for g in golds]
            results = [(Article(article_id=g["id"], title=g.get("title") or "", body=body, n_chars=len(body),
                                published_at=g.get("published") or ""), extraction)
                       for g, (body, _, _), extraction in zip(golds, bodies, extract_many(bodies))]
            write_outputs(out, results)
        else:
            for g in golds:
                page = page_of(g, set_name, source)
                (inputs / f"{g['id']}{page.suffix}").symlink_to(page)
            run(inputs, out, workers=1)
        seconds = time.perf_counter() - t0
        summary, per_article = score(gold_dir, out, details=details)
        summary["quote_speakers"] = speaker_fields_right(gold_dir, out)
    kinds = KINDS_ANNOTATED.get(set_name)
    if kinds:
        summary = only_kinds(summary, kinds)
        per_article = {gid: {k: v for k, v in row.items() if k in ("body_f1", "found") or k.split("_")[0] in kinds}
                       for gid, row in per_article.items()}
    return summary, per_article, len(golds), seconds


def only_kinds(summary: dict, kinds: tuple[str, ...]) -> dict:
    """The summary without the record types a set does not annotate (their empty gold would score
    every found record as an extra)."""
    scored = {k for k, v in summary.items() if isinstance(v, dict) and "f1" in v}
    kept = {k: v for k, v in summary.items() if k not in scored or k in kinds}
    kept = {k: v for k, v in kept.items() if not k.endswith("_accuracy")}
    kept["quote_speakers"] = {"matched": 0}
    return kept


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", dest="sets",
                    choices=["studied", "heldout", "dev", "dev2", *BLIND_SETS],
                    help="which annotated set (repeatable; default: studied, dev, dev2)")
    ap.add_argument("--from", dest="source", choices=["page", "pagetext", "body"], default="page",
                    help="what the pipeline reads: the saved page (default), its copied text, or the gold body")
    ap.add_argument("--details", action="store_true", help="misses and extras per article (not for the unseen sets: "
                         + ", ".join(UNSEEN_SETS) + ")")
    ap.add_argument("--json", type=Path, help="write the scores as JSON here")
    a = ap.parse_args(argv)
    sets = a.sets or ["studied", "dev", "dev2"]
    unseen = [s for s in sets if s in UNSEEN_SETS]
    if a.details and unseen:
        ap.error(f"--details on {', '.join(unseen)} is refused: unseen sets are measured, never studied")
    if a.source == "pagetext" and any(s in ("dev", "dev2", *BLIND_SETS) for s in sets):
        ap.error("--from pagetext is for studied and heldout "
                 "(dev, dev2 and the clusters_blind sets' pages are read as they are)")
    report = {}
    for set_name in sets:
        summary, per_article, n, seconds = evaluate_set(set_name, a.source, a.details)
        report[set_name] = summary
        if a.details:
            for gid, row in per_article.items():
                shown = {k: v for k, v in row.items() if (k.endswith("_missed") or k.endswith("_extra")) and v}
                if shown:
                    print(f"== {set_name}/{gid}")
                    for k, v in shown.items():
                        print(f"   {k}: {v}")
        print(f"{set_name} ({n} articles, from {a.source}, {seconds:.1f} s)")
        for kind in KINDS_SHOWN:
            s = summary.get(kind)
            if s:
                print(f"  {kind:12s} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}  "
                      f"({s['tp']} right, {s['pred']} found, {s['gold']} in gold)")
        sp = summary["quote_speakers"]
        if sp["matched"]:
            print(f"  quote speakers on the {sp['matched']} matched: "
                  f"name {sp['speaker']:.3f}, title {sp['title']:.3f}, "
                  f"org {sp['org']:.3f}, all three {sp['all']:.3f}")
    if a.json:
        a.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
