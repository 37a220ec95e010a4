#!/usr/bin/env python3
"""Benchmark the clean stage against the anchors (trafilatura, GNE, readability-lxml).

Runs every extractor over the corpus sets in one run and prints body precision,
recall and F1 (character 4-grams, micro over pages, computed with the functions of
the corpus's own `tools/score.py`, imported by path so the numbers are the scorer's)
and pages per CPU-second (process time, one core).

    python3 benchmarks/bench_clean.py                 # ours + every installed anchor
    python3 benchmarks/bench_clean.py --ours-only --per-page --sets dev pagetext/gne

Anchors are an optional extra (`pip install trafilatura gne readability-lxml`);
a missing one is skipped with a note. Anchors get only the HTML sets (none of them
cleans page text; on dev the page texts are passed through unchanged, as
BENCHMARKS.md does).

None of these sets is unseen by our cleaner: the site profiles (rules/sites/*.yaml) and the
generic extractor were written while looking at these very pages, so our figures are studied
ones (the anchors' are not). Five pages of bodies/ are byte-identical to dev pages (and their
copied text is in pagetext/): each bodies/ and pagetext/ set is also scored without them, on
the line marked "without dev copies".
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_SHARED = REPO.parent / "shared"
SETS = ["dev", "bodies/gne", "bodies/cwced", "pagetext/gne", "pagetext/cwced"]
INPUT_SUFFIXES = {".html", ".htm", ".txt"}
# Pages of bodies/ that are the same files as dev pages (dev/gne-163-1.html, ...; dev/cwced-aefcf136.html).
DEV_COPIES = {"tests-163-1", "tests-163-8", "tests-qq-2", "tests-sina-sina",
              "original-aefcf136-f592-4e95-b376-81cbd144684b"}


def load_scorer(shared: Path):
    """Import the corpus's score.py by path, so F1 here is computed exactly as the scorer does."""
    path = shared / "tools" / "score.py"
    spec = importlib.util.spec_from_file_location("newsx_corpus_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_pages(folder: Path):
    """(id, input path, gold dict) for every input page in `folder` that has gold beside it."""
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in INPUT_SUFFIXES:
            continue
        gold_path = path.with_name(path.stem + ".gold.json")
        if gold_path.exists():
            yield path.stem, path, json.loads(gold_path.read_text(encoding="utf-8"))


# --- extractors: each takes (bytes, kind) and returns the body text -------------------

def ours(data: bytes, kind: str) -> str:
    from pipeline.clean import CleanError, clean_page

    try:
        return clean_page(data, kind).body
    except CleanError:
        return ""


def make_ours():
    """Import the clean stage and load its site profiles before timing, as the anchors'
    constructors do for theirs: pages/s measures pages, not start-up."""
    import pipeline.clean.from_html  # noqa: F401
    import pipeline.clean.from_pagetext  # noqa: F401
    from pipeline.clean import site_profiles as profiles

    profiles.default_profiles()
    return ours


def _html_text(data: bytes) -> str:
    from pipeline.acquire.decode import decode_bytes

    return decode_bytes(data)[0]


def make_trafilatura():
    import trafilatura

    def run(data: bytes, kind: str) -> str:
        if kind == "text":
            return _html_text(data)
        return trafilatura.extract(_html_text(data)) or ""
    return run


def make_gne():
    from gne import GeneralNewsExtractor

    extractor = GeneralNewsExtractor()

    def run(data: bytes, kind: str) -> str:
        if kind == "text":
            return _html_text(data)
        try:
            return extractor.extract(_html_text(data)).get("content", "") or ""
        except Exception:  # GNE raises on pages without <body>; count it as an empty body
            return ""
    return run


def make_readability():
    from lxml import html as lxml_html
    from readability import Document

    def run(data: bytes, kind: str) -> str:
        if kind == "text":
            return _html_text(data)
        try:
            summary = Document(_html_text(data)).summary(html_partial=True)
            return lxml_html.fromstring(summary).text_content()
        except Exception:  # readability raises on some broken pages; count it as empty
            return ""
    return run


ANCHORS = {"trafilatura": make_trafilatura, "gne": make_gne, "readability": make_readability}


def evaluate(extract, folder: Path, scorer, text_inputs: bool = True, leave_out: frozenset = frozenset()):
    """Run `extract` over a corpus folder (but the pages in `leave_out`). Returns (summary dict, per-page rows)."""
    tp = n_pred = n_gold = 0
    rows = []
    elapsed = 0.0
    pages = 0
    for page_id, path, gold in corpus_pages(folder):
        if page_id in leave_out:
            continue
        kind = "text" if path.suffix.lower() == ".txt" else "html"
        if kind == "text" and not text_inputs:
            continue
        data = path.read_bytes()
        # CPU time of this process: on a shared machine wall time measures the neighbours' load,
        # and every extractor here runs single-threaded in this process (BENCHMARKS.md: one core).
        start = time.process_time()
        body = extract(data, kind)
        elapsed += time.process_time() - start
        pages += 1
        t, p, g = scorer.body_scores(gold.get("body", ""), body)
        tp, n_pred, n_gold = tp + t, n_pred + p, n_gold + g
        rows.append((page_id, scorer.prf(t, p, g), len(body)))
    precision, recall, f1 = scorer.prf(tp, n_pred, n_gold)
    return {"pages": pages, "precision": precision, "recall": recall, "f1": f1,
            "pages_per_s": pages / elapsed if elapsed else 0.0}, rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder holding corpus/ and tools/")
    ap.add_argument("--sets", nargs="*", default=SETS, help="corpus sets, relative to corpus/")
    ap.add_argument("--ours-only", action="store_true", help="skip the anchors")
    ap.add_argument("--per-page", action="store_true", help="print our per-page scores, worst first")
    ap.add_argument("--repeat", type=int, default=1, help="run ours this many times per set (steadier speed)")
    a = ap.parse_args(argv)

    corpus = a.shared / "corpus"
    if not corpus.is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    scorer = load_scorer(a.shared)

    extractors = {"ours": make_ours()}
    if not a.ours_only:
        for name, make in ANCHORS.items():
            try:
                extractors[name] = make()
            except ImportError as exc:
                print(f"(skipping {name}: not installed: {exc})")

    print(f"{'set':16s} {'extractor':12s} {'pages':>5s} {'P':>6s} {'R':>6s} {'F1':>6s} {'pages/s':>8s}")
    for set_name in a.sets:
        folder = corpus / set_name
        if not folder.is_dir():
            print(f"(no set {set_name})")
            continue
        for name, extract in extractors.items():
            # Anchors do not clean page text: only dev keeps its .txt pages, passed through.
            if name != "ours" and set_name.startswith("pagetext"):
                continue
            runs = a.repeat if name == "ours" else 1
            for _ in range(runs):
                summary, rows = evaluate(extract, folder, scorer)
            print(f"{set_name:16s} {name:12s} {summary['pages']:5d} {summary['precision']:6.3f} "
                  f"{summary['recall']:6.3f} {summary['f1']:6.3f} {summary['pages_per_s']:8.1f}")
            if set_name != "dev" and DEV_COPIES & {page_id for page_id, _, _ in rows}:
                apart, _ = evaluate(extract, folder, scorer, leave_out=frozenset(DEV_COPIES))
                print(f"{'  without dev copies':28s} {apart['pages']:6d} {apart['precision']:6.3f} "
                      f"{apart['recall']:6.3f} {apart['f1']:6.3f}")
            if a.per_page and name == "ours":
                for page_id, (p, r, f), n in sorted(rows, key=lambda row: row[1][2]):
                    if f < 0.995:
                        print(f"    {f:.3f}  P={p:.3f} R={r:.3f}  {n:6d} chars  {page_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
