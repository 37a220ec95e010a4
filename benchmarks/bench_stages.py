#!/usr/bin/env python3
"""Where an article's time goes: CPU milliseconds per article for each stage of the pipeline.

Cleans the pages of a folder (the dev corpus by default) once as a warm-up, then times, in
process time (one core, so other load on the machine disturbs it little), the cleaner on the
raw pages and each spaCy component of the pipeline on the cleaned bodies, over several rounds.

    python3 benchmarks/bench_stages.py              # dev pages, 10 rounds
    python3 benchmarks/bench_stages.py --rounds 3 --dir ../shared/corpus/bodies/gne
"""
from __future__ import annotations

import argparse
import gc
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DEFAULT_DEV = REPO.parent / "shared" / "corpus" / "dev"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DEV, help="input pages (default: the dev corpus)")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    from pipeline.batch.inputs import discover_inputs
    from pipeline.clean import clean_page
    from pipeline.clean.site_profiles import site_profiles
    from pipeline.extractors import load_rules
    from pipeline.extractors.extract import get_nlp
    from pipeline.nlp.build import make_doc

    rules = load_rules()
    nlp, profiles = get_nlp(rules), site_profiles(rules)
    pages = [(item, item.path.read_bytes()) for item in discover_inputs(args.dir)]
    if not pages:
        sys.exit(f"no pages in {args.dir}")
    cleaned = [clean_page(data, item.kind, url="", site_profiles=profiles) for item, data in pages]
    for page in cleaned:                      # warm-up: the first Doc loads LAC
        nlp(page.body)
    gc.collect()
    gc.freeze()                               # as the workers do (pipeline/executors.py)

    spent: dict[str, float] = defaultdict(float)
    for _ in range(args.rounds):
        for item, data in pages:
            started = time.process_time()
            clean_page(data, item.kind, url="", site_profiles=profiles)
            spent["clean"] += time.process_time() - started
        for page in cleaned:
            started = time.process_time()
            doc = make_doc(nlp, page.body, page.published_at or None)
            spent["tokens (segmenter + Doc)"] += time.process_time() - started
            for name, component in nlp.pipeline:
                started = time.process_time()
                doc = component(doc)
                spent[name] += time.process_time() - started

    n = args.rounds * len(pages)
    print(f"{len(pages)} pages from {args.dir}, {args.rounds} rounds; CPU ms per article:")
    for name, seconds in spent.items():
        print(f"  {name:26} {1000 * seconds / n:6.2f}")
    print(f"  {'total':26} {1000 * sum(spent.values()) / n:6.2f}")


if __name__ == "__main__":
    main()
