"""extracted/ -> pandas DataFrames for notebooks.

    from pipeline import read_extracted
    t = read_extracted("extracted/")
    t.figures.groupby("unit").value.sum()
    t["quotes"][t.quotes.site == "www.163.com"]

Each record table has the contract columns with real dtypes (value float64,
start/end int64, text as pandas strings), the spreadsheet escaping of the CSV
files undone ('=x -> =x), and the article's metadata (url, site, article_title,
published_at, source, author, status) joined on article_id. `articles` comes from
articles.jsonl, so it has `body` too. `cluster_facts` and `clusters_summary` are the cluster
files (pipeline/batch/cluster_facts.py): value float64 (NaN for quotes), counts int64.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.extractors import record_types, spec
from pipeline.records import ARTICLE_COLUMNS, ClusterFact, ClusterSummary, columns

if TYPE_CHECKING:   # pandas is imported when a table is read: `newsx review`/`eval` do not need it
    import pandas as pd

FORMULA_PREFIXES = "=+-@\t\r"   # what pipeline.batch.output.csv_cell escapes with a leading apostrophe

INT_COLUMNS = {"start", "end", "n_chars"}
# Article columns joined onto every record row (body stays in `articles`: it is large).
JOINED_ARTICLE_COLUMNS = [c for c in ARTICLE_COLUMNS if c not in ("article_id", "n_chars", "error")]


def float_columns(kind: str) -> set[str]:
    """The record fields read as numbers besides the offsets (figures' value; dates.value is ISO text)."""
    view = spec(kind).review
    return set(view.numeric) if view else set()


def unescape_cell(text: str) -> str:
    """Undo the spreadsheet escaping of the CSV writers: '=SUM(A1) -> =SUM(A1), '-5% -> -5%."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def read_article_objects(extracted_dir: str | Path) -> list[dict]:
    """articles.jsonl as dicts (with `body`), in file order."""
    path = Path(extracted_dir) / "articles.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"{path} not found (is {extracted_dir} a `newsx run` output folder?)")
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def read_record_rows(extracted_dir: str | Path, kind: str) -> list[dict]:
    """One record CSV as dicts of text cells, spreadsheet escaping undone; [] when the file is absent."""
    path = Path(extracted_dir) / f"{kind}.csv"
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k: unescape_cell(v or "") for k, v in row.items() if k is not None} for row in csv.DictReader(f)]


@dataclass
class ExtractedTables:
    """`articles` and one DataFrame per record kind (`tables.figures`, `tables["figures"]`)."""
    articles: "pd.DataFrame"
    records: dict[str, "pd.DataFrame"]

    def __getattr__(self, kind: str) -> "pd.DataFrame":
        records = self.__dict__.get("records")
        if records is None or kind not in records:
            raise AttributeError(kind)
        return records[kind]

    def __getitem__(self, name: str) -> "pd.DataFrame":
        if name == "articles":
            return self.articles
        return self.records[name]

    def __iter__(self):
        return iter(("articles", *self.records))


def read_extracted(extracted_dir: str | Path = "extracted") -> ExtractedTables:
    """The articles and the record tables (one per extractor kind) of an extracted/ folder as typed DataFrames."""
    ex = Path(extracted_dir)
    if not ex.is_dir():
        raise FileNotFoundError(f"{ex} is not a folder (run `newsx run` first)")
    articles = _read_articles(ex)
    # `title` would clash with quotes.title (the speaker's job title), so the article's is article_title.
    meta = articles[["article_id", *JOINED_ARTICLE_COLUMNS]].rename(columns={"title": "article_title"})
    tables = {}
    for kind, record_type in record_types().items():
        record_columns = ["article_id", *columns(record_type)]
        frame = _read_csv(ex / f"{kind}.csv", record_columns, float_columns(kind))
        tables[kind] = frame.merge(meta, on="article_id", how="left", validate="many_to_one")
    # What the articles say about each cluster (written by `newsx run`; empty in an older folder).
    tables["cluster_facts"] = _read_csv(ex / "cluster_facts.csv", columns(ClusterFact), {"value"},
                                        int_columns={"start", "end"})
    tables["clusters_summary"] = _read_csv(ex / "clusters_summary.csv", columns(ClusterSummary), set(),
                                           int_columns={"articles", "mentions", "figures", "quotes", "conflicts"})
    return ExtractedTables(articles=articles, records=tables)


def _read_articles(ex: Path) -> "pd.DataFrame":
    """articles.jsonl (it has the body); articles.csv when an older folder has no JSONL."""
    import pandas as pd

    all_columns = [*ARTICLE_COLUMNS, "body"]
    if (ex / "articles.jsonl").exists():
        rows = read_article_objects(ex)
        extra = [k for k in dict.fromkeys(k for r in rows for k in r) if k not in all_columns]
        frame = pd.DataFrame(rows, columns=[*all_columns, *extra])
        for c in frame.columns:
            frame[c] = frame[c].fillna(0 if c in INT_COLUMNS else "")
        return _typed(frame, set())
    return _read_csv(ex / "articles.csv", ARTICLE_COLUMNS, set())


def _read_csv(path: Path, expected: list[str], float_columns: set[str],
              int_columns: set[str] = INT_COLUMNS) -> "pd.DataFrame":
    import pandas as pd

    if not path.exists():
        return _typed(pd.DataFrame(columns=expected), float_columns, int_columns)
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False, na_filter=False)
    for c in expected:
        if c not in frame.columns:
            frame[c] = ""
    for c in frame.columns:
        if c not in int_columns | float_columns:
            frame[c] = frame[c].map(unescape_cell)
    return _typed(frame, float_columns, int_columns)


def _typed(frame: "pd.DataFrame", float_columns: set[str], int_columns: set[str] = INT_COLUMNS) -> "pd.DataFrame":
    import pandas as pd

    for c in frame.columns:
        if c in int_columns:
            frame[c] = pd.to_numeric(frame[c], errors="raise").astype("int64")
        elif c in float_columns:
            # "" (no value) becomes NaN; anything else that is not a number is an error worth seeing.
            frame[c] = pd.to_numeric(frame[c].replace("", float("nan")), errors="raise").astype("float64")
        else:
            frame[c] = frame[c].astype("string")
    return frame


__all__ = ["read_extracted", "ExtractedTables"]
