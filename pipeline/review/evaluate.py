"""Evaluation: score an extracted/ folder against gold, and turn review marks into gold.

`score()` has the semantics of the shared scorer (../shared/tools/score.py) exactly:
same matching (greedy, gold order), same normalisation, same numbers. It is
reimplemented here because users do not have ../shared; a test compares the two
on the dev corpus whenever ../shared is present. Change them together.

`make_gold()` turns a reviewer's marks CSV (exported from the `newsx review` page)
plus the extracted/ folder into `<id>.gold.json` files in the corpus SCHEMA.md
format: the reviewed article's records, minus those marked wrong, plus those
marked missing.
"""
from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.extractors import kinds, specs
from pipeline.extractors.scoring import match_greedy, norm
from pipeline.extractors.spec import GoldError, GoldForm
from pipeline.records import columns
from pipeline.review.tables import read_article_objects, read_record_rows, unescape_cell

# ---------------------------------------------------------------- scoring (as score.py)


def gold_key(article_id: str) -> str:
    """The gold id an article_id answers to: its last path part without extension."""
    last = article_id.replace("\\", "/").rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[0] if "." in last else last


def read_csv_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _shingles(text: str, k: int = 4) -> Counter:
    t = norm(text)
    return Counter(t[i:i + k] for i in range(max(len(t) - k + 1, 0)))


def _body_counts(gold: str, pred: str) -> tuple[int, int, int]:
    g, p = _shingles(gold), _shingles(pred)
    return sum((g & p).values()), sum(p.values()), sum(g.values())


def load_gold(gold_dir: str | Path) -> dict[str, dict]:
    golds = {}
    for path in sorted(Path(gold_dir).glob("*.gold.json")):
        g = json.loads(path.read_text(encoding="utf-8"))
        golds[g["id"]] = g
    return golds


def score(gold_dir: str | Path, extracted_dir: str | Path, details: bool = False) -> tuple[dict, dict]:
    """(summary, per_article): P/R/F1 per record type, micro over the articles that have gold."""
    golds = load_gold(gold_dir)
    ex = Path(extracted_dir)
    bodies = {}
    if (ex / "articles.jsonl").exists():
        for line in (ex / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                a = json.loads(line)
                bodies[gold_key(str(a.get("article_id", "")))] = a
    preds = {}
    for extractor in specs():
        by = defaultdict(list)
        for row in read_csv_rows(ex / f"{extractor.kind}.csv"):
            by[gold_key(row.get("article_id", ""))].append(row)
        preds[extractor.kind] = by

    totals = defaultdict(lambda: [0, 0, 0])
    agreements: dict[tuple[str, str], list[int]] = {}          # (scorer, label) -> [agreeing, matched]
    per_article = {}
    for gid, g in golds.items():
        row = {}
        a = bodies.get(gid)
        tp, n_p, n_g = _body_counts(g.get("body", ""), (a or {}).get("body", ""))
        totals["body"][0] += tp
        totals["body"][1] += n_p
        totals["body"][2] += n_g
        row["body_f1"] = round(prf(tp, n_p, n_g)[2], 3)
        row["found"] = a is not None
        for extractor in specs():
            for scorer in extractor.scorers:
                gl = g.get(extractor.kind, [])
                pl = scorer.items(preds[extractor.kind].get(gid, []))
                pairs = match_greedy(gl, pl, scorer.ok)
                totals[scorer.name][0] += len(pairs)
                totals[scorer.name][1] += len(pl)
                totals[scorer.name][2] += len(gl)
                row[scorer.name] = (len(pairs), len(pl), len(gl))
                if scorer.agreement:
                    label, agree = scorer.agreement
                    counts = agreements.setdefault((scorer.name, label), [0, 0])
                    for gi, pi in pairs:
                        counts[1] += 1
                        counts[0] += agree(gl[gi], pl[pi])
                if details and scorer.detail:
                    mg = {gi for gi, _ in pairs}
                    mp = {pi for _, pi in pairs}
                    shown = scorer.detail_of_item or scorer.detail
                    row[scorer.name + "_missed"] = [scorer.detail(gl[i]) for i in range(len(gl)) if i not in mg]
                    row[scorer.name + "_extra"] = [shown(pl[i]) for i in range(len(pl)) if i not in mp]
        per_article[gid] = row

    summary = {}
    for kind, (tp, n_p, n_g) in totals.items():
        p, r, f = prf(tp, n_p, n_g)
        summary[kind] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                         "tp": tp, "pred": n_p, "gold": n_g}
    for (name, label), (right, matched) in agreements.items():       # figures_approx_accuracy, as score.py
        summary[f"{name}_{label.split()[0]}_accuracy"] = round(right / matched, 3) if matched else None
    summary["articles_with_gold"] = len(golds)
    summary["articles_found"] = sum(1 for r in per_article.values() if r["found"])
    return summary, per_article


SPEAKER_FIELDS = ("speaker", "title", "org")


def speaker_fields_right(gold_dir: str | Path, extracted_dir: str | Path) -> dict:
    """On the quotes the scorer matches, how often the extracted speaker, title and org are each
    the gold's (normalised, null as empty), and all three at once. The match itself is lenient
    (the gold name found anywhere in speaker+title+org); this says whether the fields are right."""
    from pipeline.extractors.quotes import quote_ok

    golds = load_gold(gold_dir)
    preds = defaultdict(list)
    for row in read_csv_rows(Path(extracted_dir) / "quotes.csv"):
        preds[gold_key(row.get("article_id", ""))].append(row)
    right, matched = Counter(), 0
    for gid, g in golds.items():
        gl, pl = g.get("quotes", []), preds.get(gid, [])
        for gi, pi in match_greedy(gl, pl, quote_ok):
            matched += 1
            same = [norm(gl[gi].get(k)) == norm(pl[pi].get(k)) for k in SPEAKER_FIELDS]
            right.update(k for k, ok in zip(SPEAKER_FIELDS, same) if ok)
            right["all"] += all(same)
    return {"matched": matched, **{k: round(right[k] / matched, 3) if matched else None
                                   for k in (*SPEAKER_FIELDS, "all")}}


def format_report(summary: dict, per_article: dict, details: bool = False) -> str:
    """The scores as text, line for line what score.py prints."""
    lines = []
    if details:
        for gid, row in per_article.items():
            lines.append(f"== {gid}")
            lines.extend(f"   {k}: {v}" for k, v in row.items())
    lines.append(f"articles: {summary['articles_found']}/{summary['articles_with_gold']} found")
    for kind in ["body", *(scorer.name for extractor in specs() for scorer in extractor.scorers)]:
        s = summary.get(kind)
        if s:
            lines.append(f"{kind:12s} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}  "
                         f"({s['tp']} right, {s['pred']} found, {s['gold']} in gold)")
    for extractor in specs():
        for scorer in extractor.scorers:
            if scorer.agreement:
                label = scorer.agreement[0]
                lines.append(f"{scorer.name} {label} accuracy on matched: "
                             f"{summary.get(f'{scorer.name}_{label.split()[0]}_accuracy')}")
    return "\n".join(lines)


def evaluate(gold_dir: str | Path, extracted_dir: str | Path, details: bool = False,
             json_out: str | Path | None = None) -> str:
    """Score and return the printable report; optionally write the scores as JSON too."""
    if not any(Path(gold_dir).glob("*.gold.json")):
        raise EvalError(f"no *.gold.json files in {gold_dir}")
    summary, per_article = score(gold_dir, extracted_dir, details)
    if json_out:
        Path(json_out).write_text(json.dumps({"summary": summary, "articles": per_article},
                                             ensure_ascii=False, indent=1), encoding="utf-8")
    return format_report(summary, per_article, details)


class EvalError(Exception):
    """A problem with the gold folder or the marks file, worded for the user."""


# ---------------------------------------------------------------- marks -> gold

MARKS = ("reviewed", "wrong", "missing")


def mark_columns() -> list[str]:
    """The marks CSV's columns (the review page writes them, read_marks reads them): where the mark
    is, the record's text, every kind's mark fields (its spec's ReviewView), the rule and a note."""
    fields = [f.name for s in specs() if s.review for f in s.review.mark_field_list()]
    return ["article_id", "mark", "kind", "start", "end", "text", *dict.fromkeys(fields), "rule", "note"]


@dataclass
class Mark:
    article_id: str
    mark: str                     # reviewed | wrong | missing
    kind: str = ""                # clusters | figures | dates | quotes ("" for reviewed)
    start: int | None = None
    end: int | None = None
    fields: dict = field(default_factory=dict)   # text, value, unit, approx, canonical, speaker, ...
    line: int = 0


def read_marks(path: str | Path) -> list[Mark]:
    """The marks CSV the review page exports; errors name the line."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing_cols = {"article_id", "mark", "kind", "start", "end"} - set(reader.fieldnames or [])
            if missing_cols:
                raise EvalError(f"{path}: not a review marks file (missing columns: {', '.join(sorted(missing_cols))})")
            marks = []
            for line, row in enumerate(reader, start=2):
                row = {k: unescape_cell(v or "") for k, v in row.items() if k}
                mark = row.get("mark", "").strip()
                kind = row.get("kind", "").strip()
                if mark not in MARKS:
                    raise EvalError(f"{path}:{line}: mark must be one of {', '.join(MARKS)}, not {mark!r}")
                if mark != "reviewed" and kind not in kinds():
                    raise EvalError(f"{path}:{line}: kind must be one of {', '.join(kinds())}, not {kind!r}")
                marks.append(Mark(article_id=row["article_id"], mark=mark, kind=kind,
                                  start=_int_or_none(row.get("start")), end=_int_or_none(row.get("end")),
                                  fields=row, line=line))
            return marks
    except OSError as e:
        raise EvalError(f"cannot read {path}: {e}") from e


def _int_or_none(text) -> int | None:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return None


def _same_record(row: dict, m: Mark) -> bool:
    return _int_or_none(row.get("start")) == m.start and _int_or_none(row.get("end")) == m.end and (
        not m.fields.get("rule") or row.get("rule") == m.fields["rule"])


def make_gold(marks_path: str | Path, extracted_dir: str | Path, out_dir: str | Path) -> list[Path]:
    """Write `<id>.gold.json` for every article the marks touch; returns the files written.

    Gold = the extracted records of the article, minus those marked `wrong`, plus
    those marked `missing`. An article marked only `reviewed` keeps all its records.
    """
    marks = read_marks(marks_path)
    ex = Path(extracted_dir)
    try:
        articles = {a["article_id"]: a for a in read_article_objects(ex)}
    except FileNotFoundError as e:
        raise EvalError(f"{e}: give the extracted/ folder the marks were made on") from e
    rows = {kind: defaultdict(list) for kind in kinds()}
    for kind in kinds():
        for row in read_record_rows(ex, kind):
            rows[kind][row["article_id"]].append(row)

    by_article: dict[str, list[Mark]] = defaultdict(list)
    for m in marks:
        if m.article_id not in articles:
            raise EvalError(f"{marks_path}:{m.line}: article {m.article_id!r} is not in {ex}")
        by_article[m.article_id].append(m)

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written, ids_seen = [], {}
    for article_id, article_marks in by_article.items():
        gid = gold_key(article_id)
        if gid in ids_seen:
            raise EvalError(f"articles {ids_seen[gid]!r} and {article_id!r} would share the gold id {gid!r}")
        ids_seen[gid] = article_id
        gold = _article_gold(articles[article_id], {k: rows[k][article_id] for k in kinds()},
                             article_marks, marks_path)
        path = out / f"{gid}.gold.json"
        path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written


def _article_gold(article: dict, records: dict[str, list[dict]], marks: list[Mark], marks_path) -> dict:
    gold = {
        "id": gold_key(article["article_id"]),
        "input": article["article_id"],
        "title": article.get("title", ""),
        "published": article.get("published_at") or None,
        "body": article.get("body", ""),
    }
    for extractor in specs():
        kind = extractor.kind
        wrong = [m for m in marks if m.mark == "wrong" and m.kind == kind]
        for m in wrong:
            if not any(_same_record(r, m) for r in records[kind]):
                raise EvalError(f"{marks_path}:{m.line}: no {kind} record at {m.start}-{m.end} in "
                                f"{article['article_id']} (was extracted/ rerun after the review?)")
        form = extractor.gold or _own_fields(extractor)
        items = [(_int_or_none(r.get("start")), form.from_row(r))
                 for r in records[kind] if not any(_same_record(r, m) for m in wrong)]
        for m in marks:
            if m.mark == "missing" and m.kind == kind:
                try:
                    items.append((m.start, form.from_mark(m.fields)))
                except GoldError as e:
                    raise EvalError(f"{marks_path}:{m.line}: the missing {kind} record {m.fields.get('text')!r} "
                                    f"in {m.article_id} {e}") from None
        gold[kind] = form.combine(items)
    return gold


def _own_fields(extractor) -> GoldForm:
    """The gold of a kind that says nothing of its own: its records' fields but offsets, sentence
    and rule; a missing one from the selected text (as the kind's head field) and its mark fields."""
    left_out = {"article_id", "start", "end", "sentence", "rule"}
    fields = [c for c in columns(extractor.record_type) if c not in left_out]
    view = extractor.review
    head = view.head if view else "text"
    mark_fields = [f.name for f in view.mark_field_list()] if view else []
    return GoldForm(from_row=lambda r: {c: r.get(c, "") for c in fields},
                    from_mark=lambda f: {head: f.get("text", ""), **{c: f.get(c, "") for c in mark_fields}})
