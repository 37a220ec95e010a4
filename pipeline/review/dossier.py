"""extracted/ -> one self-contained dossier page (dossiers.html): what the articles say about each cluster.

For every canonical cluster: its names, how many articles mention it and when, a timeline of
each metric's reported values by publication date (inline SVG drawn by the page, no network),
conflicting values flagged side by side, the other figures, the quotes about it with speaker
and date, and links to its articles in the review page (`review.html#article=ID`).

The data comes from cluster_facts.csv and clusters_summary.csv (written by `newsx run`); a
folder from before those files existed is linked on the spot from its record CSVs. The page
(template: dossier_page.html) is built like the review page: plain HTML + CSS + JavaScript with
the data embedded as JSON and a Content-Security-Policy that forbids every fetch.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from pipeline.records import ClusterFact, ClusterSummary, columns
from pipeline.review.page import embed_data
from pipeline.review.tables import read_article_objects, read_record_rows, unescape_cell

TEMPLATE = Path(__file__).with_name("dossier_page.html")
DATA_PLACEHOLDER = "/*__NEWSX_DOSSIER_DATA__*/null"
FACTS_FILE, SUMMARY_FILE = "cluster_facts.csv", "clusters_summary.csv"
# The fact fields the page uses, in the order of each fact's array in the data.
FACT_FIELDS = ["kind", "article", "metric", "value", "unit", "approx", "text", "speaker", "speaker_title", "org",
               "link", "period", "conflict", "start"]
ARTICLE_FIELDS = ["article_id", "title", "published_at", "url", "site"]


class NoSuchCluster(LookupError):
    """--cluster named no cluster of the folder."""


@dataclass
class DossierSummary:
    clusters: int
    facts: int
    path: Path


def read_cluster_tables(extracted_dir: str | Path) -> tuple[list[dict], list[dict], bool]:
    """(facts, summaries) as dicts of the CSV columns, and whether they had to be made now (no
    cluster_facts.csv in the folder: made from the record CSVs with the built-in rules)."""
    ex = Path(extracted_dir)
    if (ex / FACTS_FILE).exists() and (ex / SUMMARY_FILE).exists():
        return _read_csv(ex / FACTS_FILE), _read_csv(ex / SUMMARY_FILE), False
    from pipeline.batch.cluster_facts import cluster_tables, linked_articles
    from pipeline.extractors import load_rules
    from pipeline.records import Article

    def articles():
        names = set(columns(Article))
        for a in read_article_objects(ex):
            yield Article(**{k: v for k, v in a.items() if k in names})

    def records(kind):
        for row in read_record_rows(ex, kind):
            yield row.pop("article_id", ""), row

    facts, summaries = cluster_tables(linked_articles(articles, records), load_rules(checked=False))
    as_text = lambda v: "" if v is None else v  # noqa: E731
    return ([{c: as_text(getattr(f, c)) for c in columns(ClusterFact)} for f in facts],
            [{c: as_text(getattr(s, c)) for c in columns(ClusterSummary)} for s in summaries], True)


def _read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k: unescape_cell(v or "") for k, v in row.items() if k is not None} for row in csv.DictReader(f)]


def dossier_data(extracted_dir: str | Path, cluster: str | None = None, review_href: str = "review.html") -> dict:
    """The page's data: articles (no bodies) and, per cluster, its summary and facts."""
    facts, summaries, made_now = read_cluster_tables(extracted_dir)
    if cluster:
        summaries = matching_clusters(summaries, cluster)
    wanted = {s["cluster"] for s in summaries}
    articles: list[list] = []
    index: dict[str, int] = {}
    meta = {a["article_id"]: a for a in read_article_objects(extracted_dir)}

    def article_index(article_id: str) -> int:
        if article_id not in index:
            a = meta.get(article_id, {"article_id": article_id})
            index[article_id] = len(articles)
            articles.append([a.get(c, "") or "" for c in ARTICLE_FIELDS])
        return index[article_id]

    by_cluster: dict[str, list] = {name: [] for name in wanted}
    for f in facts:
        if f["cluster"] in wanted:
            row = dict(f, article=article_index(f["article_id"]), value=_number(f.get("value")),
                       start=_number(f.get("start")))
            by_cluster[f["cluster"]].append([row.get(k, "") for k in FACT_FIELDS])
    mentioned = _articles_per_cluster(extracted_dir, wanted)
    clusters = []
    for s in summaries:
        name = s["cluster"]
        clusters.append({
            "name": name, "names": [n for n in s.get("names", "").split("；") if n and n != name],
            "articles": int(_number(s.get("articles")) or 0), "mentions": int(_number(s.get("mentions")) or 0),
            "first": s.get("first_published", ""), "last": s.get("last_published", ""),
            "latest": [line for line in s.get("latest_values", "").split("\n") if line],
            "article_ids": [article_index(a) for a in mentioned.get(name, [])],
            "facts": by_cluster.get(name, []),
        })
    clusters.sort(key=lambda c: (-c["articles"], -len(c["facts"]), c["name"]))
    return {"source": str(Path(extracted_dir)), "review_href": review_href, "made_now": made_now,
            "fact_fields": FACT_FIELDS, "article_fields": ARTICLE_FIELDS, "articles": articles, "clusters": clusters}


def matching_clusters(summaries: list[dict], name: str) -> list[dict]:
    """The clusters called `name` (canonical or any name written); else those whose names contain it."""
    def names(s):
        return [s["cluster"], *s.get("names", "").split("；")]
    exact = [s for s in summaries if name in names(s)]
    found = exact or [s for s in summaries if any(name in n for n in names(s))]
    if not found:
        raise NoSuchCluster(f"no cluster called {name!r} (clusters_summary.csv has {len(summaries)}; "
                            "`--cluster` takes a canonical name, a name as written, or part of one)")
    return found


def _articles_per_cluster(extracted_dir: str | Path, wanted: set[str]) -> dict[str, list[str]]:
    """cluster -> the articles that mention it, in file order."""
    out: dict[str, dict[str, None]] = {}
    for row in read_record_rows(extracted_dir, "clusters"):
        if row.get("canonical") in wanted:
            out.setdefault(row["canonical"], {})[row.get("article_id", "")] = None
    return {k: list(v) for k, v in out.items()}


def _number(text):
    if text in ("", None):
        return None
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value


def build_dossier(extracted_dir: str | Path = "extracted", out_path: str | Path = "dossiers.html",
                  cluster: str | None = None, review_href: str = "review.html") -> DossierSummary:
    """Write the dossier page for an extracted/ folder; returns what it holds."""
    data = dossier_data(extracted_dir, cluster, review_href)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(embed_data(TEMPLATE, DATA_PLACEHOLDER, data), encoding="utf-8")
    tmp.replace(out)
    return DossierSummary(clusters=len(data["clusters"]), facts=sum(len(c["facts"]) for c in data["clusters"]),
                          path=out)
