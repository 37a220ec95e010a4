#!/usr/bin/env python3
"""Benchmark figures and dates against the anchor (JioNLP 1.5.31) on the same texts.

Both sides read the gold bodies of the dev corpus (so the clean stage is out of
the comparison) with the gold publication date, and are scored with the
functions of the corpus's own `tools/score.py`, imported by path: figures match
on value (within 0.5%) and unit, dates on the ISO value, greedily in gold order,
micro over articles.

    python3 benchmarks/bench_records.py
    python3 benchmarks/bench_records.py --details          # misses and extras per article
    python3 benchmarks/bench_records.py --anchor-spans     # also give JioNLP its time spans

The anchor assembly, as BENCHMARKS.md describes it: `jionlp.ner.extract_money`
for figures (a range gives one figure per end; `case` is the unit) and
`jionlp.ner.extract_time` time points for dates (value truncated to the
granularity of the parsed interval: a whole year -> 2021, a whole month ->
2021-06, a day -> 2021-06-30). JioNLP is optional (`pip install jionlp`); when
it is not installed the anchor rows are skipped with a note.
"""
from __future__ import annotations

import argparse
import calendar
import importlib.util
import io
import json
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_SHARED = REPO.parent / "shared"
KINDS = ("figures", "dates")


def load_scorer(shared: Path):
    """Import the corpus's score.py by path, so the numbers are the scorer's."""
    spec = importlib.util.spec_from_file_location("newsx_corpus_score", shared / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_articles(folder: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.gold.json"))]


# --- our pipeline -----------------------------------------------------------------

def run_ours(articles: list[dict]) -> tuple[list[dict], float]:
    """Records per article (figures and dates as dicts with the CSV fields) and seconds taken."""
    from pipeline.extractors.extract import extract_many

    list(extract_many([("预热。", None)]))  # build the pipeline before timing
    t0 = time.perf_counter()
    out = []
    for ex in extract_many([(a["body"], a.get("published")) for a in articles]):
        out.append({kind: [asdict(r) for r in getattr(ex, kind)] for kind in KINDS})
    return out, time.perf_counter() - t0


# --- the anchor -----------------------------------------------------------------

def _iso_of_interval(start: str, end: str) -> str:
    """'2021-01-01 00:00:00', '2021-12-31 23:59:59' -> '2021'; a whole month -> '2021-06'; else days."""
    sy, sm, sd = (int(x) for x in start[:10].split("-"))
    ey, em, ed = (int(x) for x in end[:10].split("-"))
    if (sm, sd, em, ed) == (1, 1, 12, 31):
        return f"{sy:04d}" if sy == ey else f"{sy:04d}/{ey:04d}"
    if sd == 1 and ed == calendar.monthrange(ey, em)[1]:
        return f"{sy:04d}-{sm:02d}" if (sy, sm) == (ey, em) else f"{sy:04d}-{sm:02d}/{ey:04d}-{em:02d}"
    if (sy, sm, sd) == (ey, em, ed):
        return f"{sy:04d}-{sm:02d}-{sd:02d}"
    return f"{sy:04d}-{sm:02d}-{sd:02d}/{ey:04d}-{em:02d}-{ed:02d}"


def _time_base(published: str | None) -> float | None:
    if not published:
        return None
    parts = [int(x) for x in published[:10].split("-")] + [1, 1]
    return time.mktime((parts[0], parts[1], parts[2], 0, 0, 0, 0, 0, -1))


def run_anchor(articles: list[dict], with_spans: bool) -> tuple[list[dict] | None, float, str]:
    """JioNLP's records per article, seconds taken, and a note (why it was skipped, if it was)."""
    try:
        with redirect_stdout(io.StringIO()):   # jionlp prints a banner on import
            import jionlp as jio
    except ImportError:
        return None, 0.0, "jionlp is not installed (pip install jionlp): anchor skipped"
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        jio.ner.extract_money("预热1元。")
        jio.ner.extract_time("2021年6月预热。")
    kinds = {"time_point", "time_span"} if with_spans else {"time_point"}
    out = []
    t0 = time.perf_counter()
    for a in articles:
        body = a["body"]
        figures, dates = [], []
        # jionlp prints parser tracebacks it recovers from; keep them out of the table
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            money = jio.ner.extract_money(body, with_parsing=True)
            base = _time_base(a.get("published"))
            times = (jio.ner.extract_time(body, time_base=base, with_parsing=True) if base is not None
                     else jio.ner.extract_time(body, with_parsing=True))
        for m in money:
            detail = m.get("detail") or {}
            nums = detail.get("num")
            for num in (nums if isinstance(nums, list) else [nums]):
                if num is not None:
                    figures.append({"text": m["text"], "value": str(num), "unit": detail.get("case", ""),
                                    "approx": ""})
        for t in times:
            detail = t.get("detail") or {}
            span = detail.get("time")
            if t.get("type") in kinds and isinstance(span, list) and len(span) == 2 \
                    and all(isinstance(x, str) and x[:4].isdigit() for x in span):
                dates.append({"text": t["text"], "value": _iso_of_interval(*span)})
        out.append({"figures": figures, "dates": dates})
    return out, time.perf_counter() - t0, ""


# --- scoring --------------------------------------------------------------------

def score_records(score, articles, predictions, details: bool, label: str, with_approx: bool = True):
    """(precision, recall, F1, approx accuracy) per kind, with score.py's matching."""
    date_ok = lambda g, p: score.norm(p.get("value")) == score.norm(g["value"])  # noqa: E731
    totals = {k: [0, 0, 0] for k in KINDS}
    approx_right = approx_all = 0
    for a, pred in zip(articles, predictions):
        for kind, ok in (("figures", score.figure_ok), ("dates", date_ok)):
            gold, preds = a.get(kind, []), [dict(p, value=str(p["value"])) for p in pred[kind]]
            pairs = score.match_greedy(gold, preds, ok)
            t = totals[kind]
            t[0] += len(pairs)
            t[1] += len(preds)
            t[2] += len(gold)
            if kind == "figures":
                for gi, pi in pairs:
                    approx_all += 1
                    approx_right += (gold[gi].get("approx") or "") == (preds[pi].get("approx") or "")
            if details:
                hit_g = {gi for gi, _ in pairs}
                hit_p = {pi for _, pi in pairs}
                missed = [f"{g['text']}|{g['value']}" for i, g in enumerate(gold) if i not in hit_g]
                extra = [f"{p['text']}|{p['value']}" for i, p in enumerate(preds) if i not in hit_p]
                if missed or extra:
                    print(f"  [{label}] {a['id']} {kind}: missed {missed} extra {extra}")
    result = {}
    for kind, (tp, n_pred, n_gold) in totals.items():
        result[kind] = (*score.prf(tp, n_pred, n_gold), tp, n_pred, n_gold)
    result["approx"] = approx_right / approx_all if approx_all and with_approx else None
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (corpus/, tools/)")
    ap.add_argument("--details", action="store_true", help="print misses and extras per article")
    ap.add_argument("--anchor-spans", action="store_true", help="count JioNLP's time spans as dates too")
    a = ap.parse_args(argv)
    score = load_scorer(a.shared)
    articles = gold_articles(a.shared / "corpus" / "dev")
    n = len(articles)

    rows = []
    ours, secs = run_ours(articles)
    rows.append(("newsx", score_records(score, articles, ours, a.details, "newsx"), secs))
    anchor, anchor_secs, note = run_anchor(articles, a.anchor_spans)
    if anchor is not None:
        name = "jionlp 1.5.31" + (" (+spans)" if a.anchor_spans else "")
        # JioNLP has no qualifier field: its approx accuracy is not shown
        rows.append((name, score_records(score, articles, anchor, a.details, "jionlp", with_approx=False), anchor_secs))

    print(f"figures and dates on the gold bodies of {n} dev articles (scored as tools/score.py)")
    print(f"{'extractor':<24} {'kind':<8} {'P':>6} {'R':>6} {'F1':>6}   right/found/gold   approx   articles/s")
    for name, res, s in rows:
        for kind in KINDS:
            p, r, f, tp, n_pred, n_gold = res[kind]
            approx = f"{res['approx']:.3f}" if kind == "figures" and res["approx"] is not None else "  -  "
            speed = f"{n / s:.1f}" if s else "-"
            print(f"{name:<24} {kind:<8} {p:6.3f} {r:6.3f} {f:6.3f}   {tp:>4}/{n_pred:>4}/{n_gold:<4}     "
                  f"{approx:>6}   {speed:>6}")
    print("articles/s: newsx runs its whole NLP stage (all four extractors); jionlp only money and time")
    if note:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
