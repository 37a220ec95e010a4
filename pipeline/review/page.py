"""extracted/ -> one self-contained review page (review.html).

The page (template: pipeline/review/review_page.html) is plain HTML + CSS + JavaScript
with the data embedded as JSON: no network, no external scripts, so it opens from
a file on a laptop without internet and can be mailed around. A Content-Security-
Policy in the page forbids every fetch. Reviewers read each article with its
records highlighted, check the record tables, mark records wrong or missing, and
export the marks as CSV for `newsx eval --make-gold`.

Only what is on screen is rendered (paged article list, one article, paged
tables), so 1,000 articles stay responsive.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.extractors import record_types, spec
from pipeline.extractors.spec import ReviewView
from pipeline.records import ARTICLE_COLUMNS, columns
from pipeline.review.evaluate import mark_columns
from pipeline.review.tables import float_columns, read_article_objects, read_record_rows

TEMPLATE = Path(__file__).with_name("review_page.html")
DATA_PLACEHOLDER = "/*__NEWSX_REVIEW_DATA__*/null"


@dataclass
class ReviewSummary:
    articles: int
    errors: int
    records: dict[str, int]
    path: Path


def review_data(extracted_dir: str | Path) -> dict:
    """The page's data: articles (with body), per record type its columns, rows and view (every
    kind the page shows comes from here: the template names none), and the marks CSV's columns."""
    articles = read_article_objects(extracted_dir)
    article_columns = [*ARTICLE_COLUMNS, "body"]
    index = {a["article_id"]: i for i, a in enumerate(articles)}
    kinds = {}
    for kind, record_type in record_types().items():
        cols = columns(record_type)
        rows = []
        for row in read_record_rows(extracted_dir, kind):
            i = index.get(row.get("article_id", ""))
            if i is None:   # a record whose article is not in articles.jsonl cannot be shown in context
                continue
            rows.append([i, *(_typed_cell(kind, c, row.get(c, "")) for c in cols)])
        kinds[kind] = {"columns": cols, "rows": rows, "view": _view(kind)}
    data = {
        "source": str(Path(extracted_dir)),
        "article_columns": article_columns,
        "articles": [[a.get(c, "") for c in article_columns] for a in articles],
        "kinds": kinds,
        "mark_columns": mark_columns(),
    }
    # Marks are kept in the browser under this key, so a regenerated page over the same data keeps them.
    data["signature"] = hashlib.sha1(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
    return data


def _view(kind: str) -> dict:
    """How the page shows the kind: its ExtractorSpec's ReviewView (a plain grey one when it has none)."""
    view = spec(kind).review or ReviewView(head="text", color="#e0e0e0", edge="#888888")
    return {"head": view.head, "color": view.color, "edge": view.edge, "summary": list(view.summary),
            "numeric": list(view.numeric), "long": list(view.long), "encloses": view.encloses,
            "head_at_offsets": view.head_at_offsets, "suggest": view.suggest, "order": spec(kind).order,
            "mark_fields": [{"name": f.name, "label": f.label or f.name, "placeholder": f.placeholder,
                             "choices": list(f.choices), "column": f.column or f.name}
                            for f in view.mark_field_list()]}


def _typed_cell(kind: str, column: str, text: str):
    """Offsets and numeric fields (figure values) as JSON numbers (the page sorts and filters them numerically)."""
    if column in ("start", "end") or column in float_columns(kind):
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if column in ("start", "end") else number
    return text


def render_page(data: dict) -> str:
    """The HTML page with `data` embedded; safe for any article text (no `</script>` can escape)."""
    return embed_data(TEMPLATE, DATA_PLACEHOLDER, data)


def embed_data(template_path: Path, placeholder: str, data) -> str:
    """A page template with `data` as JSON in place of its placeholder (inside a <script> element)."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>, "<" is the only character that can end the element early; \u003c is the same string to JSON.
    payload = payload.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    template = template_path.read_text(encoding="utf-8")
    if placeholder not in template:
        raise RuntimeError(f"{template_path} has lost its data placeholder {placeholder!r}")
    return template.replace(placeholder, payload, 1)


def build_review(extracted_dir: str | Path = "extracted", out_path: str | Path = "review.html") -> ReviewSummary:
    """Write the review page for an extracted/ folder; returns what it contains."""
    data = review_data(extracted_dir)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(render_page(data), encoding="utf-8")
    tmp.replace(out)
    status = data["article_columns"].index("status")
    return ReviewSummary(
        articles=len(data["articles"]),
        errors=sum(1 for a in data["articles"] if a[status] == "error"),
        records={kind: len(k["rows"]) for kind, k in data["kinds"].items()},
        path=out,
    )
