#!/usr/bin/env python3
"""Which constructions the missed quotes of a set are in: counts only, never their text.

    python3 benchmarks/quote_misses.py --set heldout
    python3 benchmarks/quote_misses.py --set studied --set dev2

For every gold quote the pipeline misses (its words not found, or found with another speaker),
the body around it is classified by coarse, construction-level features: direct or indirect; in
quotation marks or not; a paragraph that is only the quotation; question-answer turns; a speech
verb just before it; where the gold speaker's name stands (before it in the sentence, earlier in
the paragraph, earlier in the article, after it, nowhere); a person or an organisation speaking.
What is printed is counts per feature, so it may be run on the unseen sets: it says which of the
issue's constructions the misses fall in, not what they say (label the set "summary consulted"
when a rule change follows from it).
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eval_gold import BLIND_SETS, body_of, gold_files, page_of  # noqa: E402

from pipeline.extractors.scoring import text_overlap as overlap  # noqa: E402  (the scorer's)

SPEECH_VERB = re.compile(r"(说|表示|认为|指出|介绍|称|说道|透露|强调|坦言|提到|告诉|"
                         r"解释|回忆|建议|呼吁|提醒|直言|感慨|分析)[：:，,]?\s*$")
QA_LABEL = re.compile(r"^\s*(问|答|记者|主持人|Q|A)\s*[：:]|^\s*\S{1,8}[：:]")
PRONOUN = re.compile(r"^(他|她|其|该|这位|此)")


def norm(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def features(body: str, gold: dict) -> list[str]:
    words = norm(gold["quote"])
    flat = norm(body)
    at = flat.find(words[:12]) if words else -1
    out = [f"kind={gold.get('kind', '?')}"]
    if at < 0:
        return out + ["quote not found verbatim in the body"]
    # positions in the flattened body: paragraphs are lost there, so find them in the real body
    real_at = _real_offset(body, at)
    para_start = body.rfind("\n", 0, real_at) + 1
    para_end = body.find("\n", real_at)
    para_end = len(body) if para_end < 0 else para_end
    paragraph = body[para_start:para_end]
    before = body[para_start:real_at]
    out.append("in quotation marks" if body[max(real_at - 1, 0):real_at] in "“「\"『" else "not in quotation marks")
    if paragraph.lstrip().startswith(("“", "「")) and len(before.strip()) <= 1:
        out.append("paragraph opens with the quotation")
    if QA_LABEL.match(paragraph):
        out.append("paragraph opens with a label and a colon (Q&A / name：)")
    if SPEECH_VERB.search(before[-12:].rstrip("“「\"")):
        out.append("speech verb just before")
    speaker, org = norm(gold.get("speaker")), norm(gold.get("org"))
    out.append("person speaking" if speaker else "organisation speaking" if org else "no speaker")
    name = speaker or org
    if name:
        sentence_start = max(before.rfind(c) for c in "。！？") + 1 if any(c in before for c in "。！？") else 0
        if name in norm(before[sentence_start:]):
            out.append("speaker: earlier in its sentence")
        elif name in norm(before):
            out.append("speaker: earlier in its paragraph")
        elif name in norm(body[:para_start]):
            gap = body[:para_start].count("\n") - body[:para_start][:norm_index(body[:para_start], name)].count("\n")
            out.append("speaker: an earlier paragraph" + (" (the one before)" if gap <= 1 else " (further back)"))
        elif name in norm(body[real_at:]):
            out.append("speaker: after the quotation")
        else:
            out.append("speaker: not written in the body (short form, pronoun or other)")
        if PRONOUN.match(before[-12:].lstrip()) or re.search(r"(他|她|其)(说|表示|认为|指出|坦言|介绍)", before[-10:]):
            out.append("pronoun before")
    return out


def field_mismatch(field: str, gold: dict, ours: dict, body: str) -> str | None:
    """How `field` (title or org) of a matched quote differs from the gold's, as a kind, or None."""
    g, o = norm(gold.get(field)), norm(ours.get(field))
    if g == o:
        return None
    other = "org" if field == "title" else "title"
    if not o:
        return f"{field}: ours empty"
    if not g:
        return f"{field}: gold empty" + (" (ours is gold's " + other + ")" if o == norm(gold.get(other)) else "")
    if o in g:
        return f"{field}: ours a part of gold's" + (" (the rest is our " + other + ")"
                                                    if norm(ours.get(other)) and norm(ours.get(other)) in g else "")
    if g in o:
        return f"{field}: gold's a part of ours" + (" (the rest is gold's " + other + ")"
                                                    if norm(gold.get(other)) and norm(gold.get(other)) in o else "")
    flat = norm(body)
    gi, oi = flat.find(g), flat.find(o)
    if gi >= 0 and oi >= 0:
        name = norm(gold.get("speaker"))
        listed = any(g in flat[max(0, m.start() - 40):m.start()] and o in flat[max(0, m.start() - 40):m.start()]
                     for m in re.finditer(re.escape(name), flat)) if name else False
        return (f"{field}: another one the text gives (gold's {'first' if gi < oi else 'later'}; "
                f"{'both in one list before the name' if listed else 'at different mentions'})")
    return f"{field}: different" + (" (gold's not in the body)" if gi < 0 else "")


def span_relation(body: str, gold_quote: str, ours: list[str]) -> str:
    """Where our quotes stand against a missed gold quote, by their places in the body."""
    flat = norm(body)
    g = norm(gold_quote)
    gs = flat.find(g[:12])
    if gs < 0:
        return "ours: (gold quote not placed)"
    ge = gs + len(g)
    best = ""
    for o in map(norm, ours):
        os_ = flat.find(o[:12])
        if os_ < 0:
            continue
        oe = os_ + len(o)
        inter = min(ge, oe) - max(gs, os_)
        if inter <= 0:
            continue
        if os_ <= gs and oe >= ge:
            kind = "ours: one of ours holds it and much more (ours longer)"
        elif os_ >= gs and oe <= ge:
            kind = "ours: one of ours is a small part of it (ours shorter)"
        else:
            kind = "ours: one of ours overlaps one end of it"
        best = best or kind
    if best:
        return best
    near = any(abs(flat.find(o[:12]) - gs) < 200 for o in map(norm, ours) if flat.find(o[:12]) >= 0)
    return "ours: none on it, one within 200 characters" if near else "ours: none near it"


def norm_index(text: str, name: str) -> int:
    """Where in `text` the (whitespace-free) `name` last starts, approximately."""
    i = text.rfind(name[:2])
    return max(i, 0)


def _real_offset(body: str, flat_at: int) -> int:
    count = 0
    for i, ch in enumerate(body):
        if not ch.isspace():
            if count == flat_at:
                return i
            count += 1
    return len(body)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", dest="sets", required=True,
                    choices=["studied", "heldout", "dev", "dev2"])
    a = ap.parse_args(argv)
    from pipeline.batch.run import run

    for set_name in a.sets:
        golds = [g for g in gold_files(set_name) if set_name not in BLIND_SETS]
        with tempfile.TemporaryDirectory() as tmp:
            inputs, out = Path(tmp) / "in", Path(tmp) / "out"
            inputs.mkdir()
            for g in golds:
                page = page_of(g, set_name, "page")
                (inputs / f"{g['id']}{page.suffix}").symlink_to(page)
            run(inputs, out, workers=1)
            found: dict[str, list[dict]] = {}
            with open(out / "quotes.csv", encoding="utf-8-sig") as f:
                for row in csv.DictReader(f):
                    found.setdefault(row["article_id"], []).append(row)
        missed, wrong_speaker, total = Counter(), Counter(), 0
        combos = Counter()
        fields = Counter()
        n_matched = 0
        n_missed = n_wrong = 0
        for g in golds:
            body = body_of(g)
            preds = found.get(g["id"], [])
            for q in g.get("quotes", []):
                total += 1
                texts = [p for p in preds if overlap(q["quote"], p["quote"]) >= 0.6]
                if not texts:
                    n_missed += 1
                    feats = features(body, q)
                    feats.append(span_relation(body, q["quote"], [p["quote"] for p in preds]))
                    missed.update(feats)
                    combos[" | ".join(feats)] += 1
                else:
                    same = [p for p in texts if norm(q.get("speaker")) == norm(p["speaker"])]
                    if same:
                        n_matched += 1
                        for field in ("title", "org"):
                            kind = field_mismatch(field, q, same[0], body)
                            if kind:
                                fields[kind + ("" if norm(q.get("speaker")) else "  [no name: a role speaking]")] += 1
                if not texts:
                    pass
                elif not any(norm(q.get("speaker")) and norm(q["speaker"]) in norm(p["speaker"] + p["title"] + p["org"])
                             or not norm(q.get("speaker")) for p in texts):
                    n_wrong += 1
                    feats = features(body, q)
                    p = texts[0]
                    feats.append("ours: no speaker, no org" if not (p["speaker"] or p["org"]) else
                                 "ours: an org only" if not p["speaker"] else "ours: another person")
                    wrong_speaker.update(feats)
        print(f"== {set_name}: {total} gold quotes; words missed {n_missed}, "
              f"words found with another speaker {n_wrong}")
        for title, counts, n in (("missed", missed, n_missed), ("another speaker", wrong_speaker, n_wrong)):
            print(f"  {title} ({n}):")
            for feature, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                print(f"    {k:4d}  {feature}")
        print(f"  title and org on the {n_matched} quotes found with the gold's speaker name:")
        for kind, k in sorted(fields.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"    {k:4d}  {kind}")
        print(f"  missed, by combination of features ({n_missed}):")
        for combo, k in combos.most_common():
            print(f"    {k:4d}  {combo}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
